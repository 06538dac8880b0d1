/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Runs until stopped: its virtual timer 200 us ahead, in turn with the
 * vCPU asleep in WFI (halt polling catches such wake-ups) and spinning
 * with IRQs on. Each deadline's interrupt must come, once. The e2e test
 * (vm_control) reads the vCPU's counters meanwhile.
 */
#include "gic.h"

#define DELAY_US 200

static volatile uint32_t irqs;

static void on_timer(uint32_t iar, unsigned cpu)
{
	(void)iar;
	(void)cpu;
	timer_stop();
	irqs++;
}

int main(void)
{
	uint32_t before, n;

	gic_dist_init();
	gic_cpu_init();
	gic_irq_install();
	gic_set_handler(IRQ_VTIMER, on_timer);
	gic_enable(IRQ_VTIMER);
	puts("wakeups: running");
	for (n = 0;; n++) {
		irq_disable();
		before = irqs;
		timer_arm_at(read_cntvct() + us_to_ticks(DELAY_US));
		if (n & 1) {
			irq_enable();
			while (irqs == before)
				;
			irq_disable();
		} else {
			while (irqs == before)
				wfi_take_irq();
		}
		if (irqs != before + 1)
			guest_fail("one interrupt per deadline");
	}
}
