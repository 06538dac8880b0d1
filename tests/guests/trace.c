/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Long runs of the benchmark's round trips for scripts/bench-trace.sh,
 * which logs every instruction of a slice of each run from QEMU and
 * splits them between the guest, the lowvisor, vmm.ko, the host kernel
 * and bhyve. A marker line before each run tells it which one follows;
 * each run lasts long enough (at full speed, a fraction of a second) for
 * the logging to start inside it. The wake-ups: the virtual timer with
 * the vCPU in WFI (the deadline just past the WFI's trap, so the trace
 * is the path and a short halt poll, not a wait) and an SGI ping-pong between two vCPUs
 * asleep in WFI (bhyve -c 2), as in tests/guests/bench.c.
 */
#include "gic.h"

#define RUN_HVC	 300000u
#define RUN_MMIO 100000u
#define RUN_WAKE  20000u
#define SGI_TRACE 5

uint64_t bench_hvc(uint32_t n);
uint64_t bench_mmio(uint32_t n);

static volatile uint32_t irqs, sgis, cpu1_ready;

static void on_timer(uint32_t iar, unsigned cpu)
{
	(void)iar;
	(void)cpu;
	timer_stop();
	irqs++;
}

static void timer_wfi(uint32_t n)
{
	uint32_t before;

	while (n--) {
		before = irqs;
		/* about 1,000 instructions: past the WFI's trap, so the
		 * halt poll catches it */
		timer_arm_at(read_cntvct() + 64);
		while (irqs == before)
			wfi_take_irq();
	}
}

static void on_sgi(uint32_t iar, unsigned cpu)
{
	(void)iar;
	if (cpu == 1) {
		sgis++;
		gic_send_sgi(SGI_TRACE, SGIR_TO_LIST, 1u << 0);
	}
}

static void cpu1(unsigned cpu)
{
	(void)cpu;
	gic_cpu_init();
	gic_enable(SGI_TRACE);
	irq_disable();
	smp_store(&cpu1_ready, 1);
	for (;;)
		wfi_take_irq();
}

static void ipi(uint32_t n)
{
	uint32_t before;

	if (smp_cpu_on(1, cpu1) != PSCI_SUCCESS)
		guest_fail("CPU_ON(1) failed: run with bhyve -c 2");
	while (!smp_load(&cpu1_ready))
		;
	while (n--) {
		before = sgis;
		gic_send_sgi(SGI_TRACE, SGIR_TO_LIST, 1u << 1);
		while (sgis == before)
			wfi_take_irq();
	}
}

int main(void)
{
	puts("TRACE-RUN hvc");
	bench_hvc(RUN_HVC);
	puts("TRACE-RUN mmio");
	bench_mmio(RUN_MMIO);
	gic_dist_init();
	gic_cpu_init();
	gic_irq_install();
	gic_set_handler(IRQ_VTIMER, on_timer);
	gic_enable(IRQ_VTIMER);
	gic_set_handler(SGI_TRACE, on_sgi);
	gic_enable(SGI_TRACE);
	irq_disable();
	puts("TRACE-RUN timerwfi");
	timer_wfi(RUN_WAKE);
	puts("TRACE-RUN ipi");
	ipi(RUN_WAKE / 2);
	puts("TRACE-END");
	guest_pass();
}
