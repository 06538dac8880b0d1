/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio device models (one file each) as slots.c creates them: each
 * reads its own variables virtio.<slot>.* from the configuration tree
 * (the keys its descriptor lists, devemu.h), sets up its backend and
 * returns its transport, not yet attached. On failure it returns NULL with one line
 * (no newline) in a->err saying what is wrong.
 */
#ifndef BHYVE_VIRTIO_DEVS_H
#define BHYVE_VIRTIO_DEVS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "virtio/virtio_mmio.h"

struct virtio_slot_args {
	unsigned int slot;
	const char *vmname;		/* for the default MAC */
	const struct vq_mem *mem;	/* guest RAM */
	char *err;
	size_t errlen;
};

typedef struct vmmio *(*virtio_create_fn)(const struct virtio_slot_args *a);

struct vmmio *virtio_blk_create(const struct virtio_slot_args *a);
struct vmmio *virtio_net_create(const struct virtio_slot_args *a);
struct vmmio *virtio_console_create(const struct virtio_slot_args *a);
struct vmmio *virtio_rng_create(const struct virtio_slot_args *a);

/* virtio-net's MAC: parse (0, or -1 if not a unicast address), default */
int virtio_net_parse_mac(const char *s, uint8_t mac[6]);
void virtio_net_default_mac(const char *vmname, unsigned int slot,
			    uint8_t mac[6]);
/*
 * virtio-net on an open, non-blocking frame fd (taken over; tests), whose
 * frames start with a virtio-net header if vnet_hdr (a tap, tap.h)
 */
struct vmmio *virtio_net_create_fd(const struct virtio_slot_args *a, int fd,
				   const uint8_t mac[6], bool vnet_hdr);

/* virtio.<slot>.<key>, or NULL */
static inline const char *virtio_slot_get(unsigned int slot, const char *key)
{
	char path[64];

	snprintf(path, sizeof(path), "virtio.%u.%s", slot, key);
	return get_config_value(path);
}

#endif
