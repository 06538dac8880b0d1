/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the machine-independent part of bhyve asks the board (arm/
 * implements it, from include/board/virt.h): where the board's own
 * devices go, and how its interrupt controller's device-tree binding
 * spells a device's interrupt. Device models never name a board address
 * or an interrupt controller's encoding themselves.
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

/* The line of the board's GPIO controller (PL061) the power key is on. */
int machine_power_key(void);

/*
 * Where virtio-mmio slot slot goes (VMMIO_SIZE bytes at *base) and its
 * interrupt: 0, or -1 for a slot the board has no room for.
 */
int machine_virtio_slot(unsigned int slot, uint64_t *base, int *intid);

/*
 * The cells of a device's "interrupts" property for its interrupt intid,
 * in the encoding of the root's interrupt-parent (#interrupt-cells): the
 * number of cells written to cells, or -1 for a line a device cannot
 * have there or max too small.
 */
#define MACHINE_IRQ_CELLS_MAX 4
int machine_irq_cells(int intid, uint32_t *cells, unsigned int max);

#endif
