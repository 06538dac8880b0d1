// SPDX-License-Identifier: BSD-2-Clause
/*
 * The board's side of machine.h: QEMU virt's layout (board/virt.h) and
 * its GICv2.
 */
#include <stddef.h>
#include <stdint.h>

#include "board/virt.h"

#include "machine.h"

/* created in this order, so their device-tree nodes come in it too */
static const struct machine_dev fixed_devs[] = {
	{ .name = "pl011", .base = VIRT_UART_BASE, .intid = VIRT_UART_INTID },
	{ .name = "pl031", .base = VIRT_RTC_BASE, .intid = VIRT_RTC_INTID },
	{ .name = "pl061", .base = VIRT_GPIO_BASE, .intid = VIRT_GPIO_INTID },
	{ .name = "testdev", .base = VIRT_TESTDEV_BASE, .intid = -1 },
};

int machine_power_key(void)
{
	return VIRT_GPIO_POWER_KEY;
}

/* 32 slots of 0x200 bytes from 0x0a000000, SPIs 16-47, as QEMU virt */
#define VIRT_MMIO_SLOTS 32

int machine_virtio_slot(unsigned int slot, uint64_t *base, int *intid)
{
	if (slot >= VIRT_MMIO_SLOTS)
		return -1;
	*base = VIRT_MMIO_BASE + slot * VIRT_MMIO_STRIDE;
	*intid = VIRT_MMIO_INTID(slot);
	return 0;
}

const struct machine_dev *machine_fixed_dev(unsigned int i)
{
	return i < sizeof(fixed_devs) / sizeof(fixed_devs[0]) ?
		       &fixed_devs[i] : NULL;
}

/*
 * The arm,gic binding's three cells: the type (0 = SPI), the SPI's
 * number (INTID - 32), and the trigger in bits 3:0 (4 = level high: a
 * device's line is level-sensitive, the vGIC samples it). GICv2 SPIs are
 * INTIDs 32..1019 (GIC architecture spec, 2.2.1); devices have no PPIs.
 */
#define GIC_SPI		0
#define IRQ_LEVEL_HIGH	4
#define SPI_LIMIT	1020

int machine_irq_cells(int intid, uint32_t *cells, unsigned int max)
{
	if (intid < VIRT_INTID_SPI(0) || intid >= SPI_LIMIT || max < 3)
		return -1;
	cells[0] = GIC_SPI;
	cells[1] = (uint32_t)(intid - VIRT_INTID_SPI(0));
	cells[2] = IRQ_LEVEL_HIGH;
	return 3;
}
