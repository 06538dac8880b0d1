/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * WFI with IRQ and FIQ masked (ARM ARM B1.8.13): the vCPU sleeps, and a
 * pending interrupt wakes it although CPSR.I keeps it from being taken.
 * 100 times: arm the virtual timer a little ahead, WFI until its PPI is
 * pending (a spurious early return is allowed, a hang is not), then
 * acknowledge it through the CPU interface. Also checks that the sleep
 * lasted until the deadline, not a busy return.
 */
#include "gic.h"

#define COUNT	 100
#define DELAY_US 500

int main(void)
{
	uint32_t cpsr = read_cpsr(), iar, early = 0;
	uint64_t deadline;
	unsigned i;

	if ((cpsr & (PSR_I | PSR_F)) != (PSR_I | PSR_F))
		guest_failf("IRQ/FIQ not masked at entry: cpsr 0x%08x", cpsr);
	gic_dist_init();
	gic_cpu_init();
	gic_enable(IRQ_VTIMER);
	printf("wfi: %u x WFI with IRQ/FIQ masked, woken by the timer\n",
	       COUNT);
	for (i = 1; i <= COUNT; i++) {
		deadline = read_cntvct() + us_to_ticks(DELAY_US);
		timer_arm_at(deadline);
		while (!(gicc_read(GICC_HPPIR) == IRQ_VTIMER)) {
			__asm__ volatile("dsb\n\twfi" ::: "memory");
			if (read_cntvct() < deadline)
				early++;
		}
		iar = gic_ack();
		if (GIC_INTID(iar) != IRQ_VTIMER)
			guest_failf("wfi %u: acknowledged %u, not the timer",
				    i, GIC_INTID(iar));
		write_cntv_ctl(0);
		gic_eoi(iar);
		if (i == 1 || i == 10 || i == 50 || i == COUNT)
			printf("wfi: %u returned\n", i);
	}
	cpsr = read_cpsr();
	if ((cpsr & (PSR_I | PSR_F)) != (PSR_I | PSR_F) ||
	    (cpsr & PSR_MODE_MASK) != PSR_MODE_SVC)
		guest_failf("cpsr changed across WFI: 0x%08x", cpsr);
	/* Some early returns are legal; one per WFI would be a busy loop. */
	if (early > COUNT)
		guest_failf("%u early returns from WFI in %u sleeps", early,
			    COUNT);
	printf("wfi: %u early returns\n", early);
	guest_pass();
}
