/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the machine-independent part of bhyve asks the board (arm/
 * implements it, from include/uapi/vmm_virt.h): where the board's own
 * devices go. Device models never name a board address themselves.
 */
#ifndef BHYVE_MACHINE_H
#define BHYVE_MACHINE_H

#include <stdint.h>

/* One of the board's fixed devices: a DEVEMU_FIXED model by name. */
struct machine_dev {
	const char *name;
	uint64_t base;
	int intid;		/* GIC INTID, or -1 */
};

/* The board's fixed devices in creation (and device-tree) order. */
const struct machine_dev *machine_fixed_dev(unsigned int i);

#endif
