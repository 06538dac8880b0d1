/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A virtio-mmio transport attached in slot where the machine puts it, as
 * bhyve's -s does (slots.c), for tests that build transports themselves.
 */
#ifndef TEST_ATTACH_SLOT_H
#define TEST_ATTACH_SLOT_H

#include "usr/bhyve/machine.h"
#include "usr/bhyve/virtio/virtio_mmio.h"

static inline int attach_slot(struct vmmio *v, unsigned int slot)
{
	uint64_t base;
	int intid;

	if (machine_virtio_slot(slot, &base, &intid) < 0)
		return -1;
	return vmmio_attach(v, slot, base, intid);
}

#endif
