/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Stand-ins for device.c and mevent.c (built in another branch) and a
 * fake guest for the virtio tests: a heap block as guest RAM (ASan puts
 * red zones around it) and a driver side that builds split rings in it.
 */
#ifndef VIRTIO_STUBS_H
#define VIRTIO_STUBS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "usr/bhyve/device.h"
#include "usr/bhyve/mevent.h"
#include "usr/bhyve/virtio/virtqueue.h"

/* what the device.c stub saw */
#define STUB_MAX_DEVS 40
extern struct device stub_devs[STUB_MAX_DEVS];
extern unsigned int stub_ndevs;
extern bool stub_irq[1024];	/* level of each INTID */
extern unsigned int stub_irq_calls;

/* what the mevent.c stub holds: the test fires callbacks itself */
struct mevent {
	int fd;
	enum mevent_type type;
	mevent_cb cb;
	void *arg;
	bool live;
	bool disabled; /* mevent_disable, until mevent_enable */
};
#define STUB_MAX_EVS 16
extern struct mevent stub_evs[STUB_MAX_EVS];
/* the live event on fd, or NULL */
struct mevent *stub_mevent_find(int fd);
void stub_reset(void);

/* ---- fake guest ------------------------------------------------------ */

#define TG_RAM_BASE 0x40000000ULL
#define TG_RAM_SIZE (1u << 20)
#define TG_DESC	    (TG_RAM_BASE + 0x1000)
#define TG_AVAIL    (TG_RAM_BASE + 0x5000)
#define TG_USED	    (TG_RAM_BASE + 0x6000)
#define TG_DATA	    (TG_RAM_BASE + 0x10000)

struct tguest {
	struct vq_mem mem;
	uint16_t size;
	uint16_t avail_idx;
	uint64_t desc, avail, used;
};

void tg_init(struct tguest *g, uint16_t size);
void tg_fini(struct tguest *g);
/* host pointer of a guest address inside RAM */
void *tg_ptr(struct tguest *g, uint64_t gpa);
void tg_desc(struct tguest *g, uint16_t i, uint64_t addr, uint32_t len,
	     uint16_t flags, uint16_t next);
/* an entry of a descriptor table anywhere in RAM (indirect tables) */
void tg_desc_at(struct tguest *g, uint64_t table, uint16_t i, uint64_t addr,
		uint32_t len, uint16_t flags, uint16_t next);
/* publish head in the available ring (release, as a driver must) */
void tg_avail(struct tguest *g, uint16_t head);
void tg_set_avail_idx(struct tguest *g, uint16_t idx);
void tg_set_avail_flags(struct tguest *g, uint16_t flags);
void tg_set_used_event(struct tguest *g, uint16_t ev);
uint16_t tg_used_idx(struct tguest *g);
uint16_t tg_used_flags(struct tguest *g);
uint16_t tg_avail_event(struct tguest *g);
void tg_used_elem(struct tguest *g, uint16_t i, uint32_t *id, uint32_t *len);

#endif
