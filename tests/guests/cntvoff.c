/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtual counter of a fresh VM starts near 0 (the VMM sets CNTVOFF
 * when it creates the VM, ARM ARM B8.1.3) and never goes backwards: over
 * plain reads, WFIs woken by the virtual timer, hypercalls answered by
 * the kernel and MMIO answered by userspace. Prints its first reading as
 * "CNTVCT-FIRST=0x... CNTFRQ=..." for a scenario to compare two VMs.
 */
#include "gic.h"

/* first reading below 8 s of ticks: far above bhyve's start, even on a
 * loaded machine, and below the 10 s between two VMs of the irq scenario */
#define START_S		8u
#define READS		20000u
#define ROUNDS		50u

static uint64_t last;
static volatile uint32_t fired;

static void check(const char *after)
{
	uint64_t now = read_cntvct();

	if (now < last)
		guest_failf("CNTVCT went back after %s: 0x%08x%08x -> "
			    "0x%08x%08x", after, (uint32_t)(last >> 32),
			    (uint32_t)last, (uint32_t)(now >> 32),
			    (uint32_t)now);
	last = now;
}

static void timer_irq(uint32_t iar, unsigned cpu)
{
	(void)iar;
	(void)cpu;
	timer_stop();
	fired++;
}

int main(void)
{
	uint64_t first = read_cntvct();
	uint32_t freq = read_cntfrq(), i, n;

	printf("CNTVCT-FIRST=0x%08x%08x CNTFRQ=%u\n", (uint32_t)(first >> 32),
	       (uint32_t)first, freq);
	if (freq < 1000000u)
		guest_failf("CNTFRQ %u Hz: not programmed?", freq);
	if (first >= (uint64_t)START_S * freq)
		guest_failf("first CNTVCT reading is %u ms: CNTVOFF not set "
			    "for this VM?", ticks_to_us(first) / 1000u);
	last = first;

	for (i = 0; i < READS; i++)
		check("a read");

	gic_dist_init();
	gic_cpu_init();
	gic_irq_install();
	gic_set_handler(IRQ_VTIMER, timer_irq);
	gic_enable(IRQ_VTIMER);
	irq_disable();
	for (i = 0; i < ROUNDS; i++) {
		uint64_t give_up = read_cntvct() + us_to_ticks(IRQ_WAIT_US);

		n = fired;
		timer_arm_at(read_cntvct() + us_to_ticks(200));
		/* A WFI that returns without the interrupt: try again, for a
		 * while (WFI may wake spuriously: ARM ARM B1.8, "Wait For
		 * Interrupt"). */
		while (fired == n && read_cntvct() < give_up)
			wfi_take_irq();
		if (fired == n)
			guest_failf("round %u: no timer interrupt in %u ms", i,
				    IRQ_WAIT_US / 1000u);
		check("a WFI");
		(void)psci_call(PSCI_VERSION, 0, 0, 0);
		check("an hvc");
		(void)*(volatile uint32_t *)(UART_BASE + 0x18);	/* UARTFR */
		check("an MMIO read");
	}
	if (last <= first)
		guest_fail("CNTVCT does not advance");
	printf("cntvoff: %u reads, %u WFI/hvc/MMIO rounds, %u ms elapsed\n",
	       READS, ROUNDS, ticks_to_us(last - first) / 1000u);
	guest_pass();
}
