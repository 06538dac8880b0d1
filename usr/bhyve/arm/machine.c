// SPDX-License-Identifier: BSD-2-Clause
/*
 * The board's side of machine.h: QEMU virt's layout (vmm_virt.h).
 */
#include <stddef.h>

#include "../../../include/uapi/vmm_virt.h"

#include "../machine.h"

/* created in this order, so their device-tree nodes come in it too */
static const struct machine_dev fixed_devs[] = {
	{ .name = "pl011", .base = VIRT_UART_BASE, .intid = VIRT_UART_INTID },
	{ .name = "pl031", .base = VIRT_RTC_BASE, .intid = VIRT_RTC_INTID },
	{ .name = "testdev", .base = VIRT_TESTDEV_BASE, .intid = -1 },
};

const struct machine_dev *machine_fixed_dev(unsigned int i)
{
	return i < sizeof(fixed_devs) / sizeof(fixed_devs[0]) ?
		       &fixed_devs[i] : NULL;
}
