/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * WFI with IRQ and FIQ masked and nothing ever pending: the VMM must let
 * each one return (a spurious wake-up is allowed, a hang is not).
 */
#include "guest.h"

#define COUNT	100

int main(void)
{
	uint32_t cpsr = read_cpsr();
	unsigned i;

	if ((cpsr & (PSR_I | PSR_F)) != (PSR_I | PSR_F))
		guest_failf("IRQ/FIQ not masked at entry: cpsr 0x%08x", cpsr);
	printf("wfi: %u x WFI with IRQ/FIQ masked\n", COUNT);
	for (i = 1; i <= COUNT; i++) {
		__asm__ volatile("dsb\n\twfi" ::: "memory");
		/* Progress in steps so a hang shows where it stopped. */
		if (i == 1 || i == 10 || i == 50 || i == COUNT)
			printf("wfi: %u returned\n", i);
	}
	cpsr = read_cpsr();
	if ((cpsr & (PSR_I | PSR_F)) != (PSR_I | PSR_F) ||
	    (cpsr & PSR_MODE_MASK) != PSR_MODE_SVC)
		guest_failf("cpsr changed across WFI: 0x%08x", cpsr);
	guest_pass();
}
