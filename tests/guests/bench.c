/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Round-trip costs, timed with the guest's virtual counter: a hypercall
 * answered by the highvisor, an MMIO read answered by userspace, and a
 * distributor register read answered by the in-kernel vGIC, a store
 * posted to a coalesced MMIO zone (no exit), and a console byte (a PL011
 * FR read, then a posted store to DR): 1000
 * operations per kind in 20 chunks of 50. Then interrupt latencies, 20
 * samples each: the virtual timer's deadline to its handler with the vCPU
 * spinning and sleeping in WFI, and an SGI from vCPU 0 (which then sleeps
 * in WFI) to the handler on vCPU 1. Prints the minimum, median and
 * maximum ticks
 * and the counter frequency, for scripts/bench.sh to turn into
 * instructions (under QEMU -icount shift=0, 1 ns = 1 instruction).
 * Needs 2 vCPUs (bhyve -c 2).
 */
#include "gic.h"

#define CHUNKS 20
#define CHUNK  50

uint64_t bench_empty(uint32_t n);
uint64_t bench_hvc(uint32_t n);
uint64_t bench_mmio(uint32_t n);
uint64_t bench_mmiow(uint32_t n);
uint64_t bench_gicd(uint32_t n);

#define SAMPLES 20
#define SGI_BENCH 5
#define TIMER_DELAY_US 200

static void sort(uint32_t *v, int n)
{
	int i, j;
	uint32_t x;

	for (i = 1; i < n; i++) {
		x = v[i];
		for (j = i - 1; j >= 0 && v[j] > x; j--)
			v[j + 1] = v[j];
		v[j + 1] = x;
	}
}

static void report(const char *name, uint32_t ops, uint32_t *t, int n)
{
	sort(t, n);
	printf("BENCH %s ops=%u min=%u median=%u max=%u\n", name, ops, t[0],
	       t[n / 2], t[n - 1]);
}

static void run(const char *name, uint64_t (*fn)(uint32_t))
{
	uint32_t t[CHUNKS];
	int i;

	fn(CHUNK); /* warm up */
	for (i = 0; i < CHUNKS; i++)
		t[i] = (uint32_t)fn(CHUNK);
	report(name, CHUNK, t, CHUNKS);
}

/*
 * Posted (coalesced) stores to the test device's scratch: a read of it
 * before each chunk exits to bhyve, which empties the vCPU's ring, so
 * the 50 stores of a chunk all fit (a full ring's store is an ordinary
 * exit, the mmio figure).
 */
static void run_drained(const char *name, uint64_t (*fn)(uint32_t))
{
	volatile uint32_t *scratch = (volatile uint32_t *)0x0b000000;
	uint32_t t[CHUNKS];
	int i;

	for (i = 0; i < CHUNKS; i++) {
		(void)*scratch;
		t[i] = (uint32_t)fn(CHUNK);
	}
	if (*scratch != 1) /* the last store of a chunk writes 1 */
		guest_fail("posted stores lost");
	report(name, CHUNK, t, CHUNKS);
}

/*
 * Console output: a line of n bytes through putchar (lib/console.c),
 * which polls FR (an exit to bhyve) before each store to DR.
 */
static uint64_t bench_uart(uint32_t n)
{
	uint64_t t0 = read_cntvct();
	uint32_t i;

	for (i = 1; i < n; i++)
		putchar('.');
	putchar('\n');
	return read_cntvct() - t0;
}

static volatile uint64_t irq_at;
static volatile uint32_t irqs;

static void on_timer(uint32_t iar, unsigned cpu)
{
	(void)iar;
	(void)cpu;
	irq_at = read_cntvct();
	timer_stop();
	irqs++;
}

/* Deadline to handler entry, spinning with IRQs on or asleep in WFI. */
static void timer_latency(const char *name, int wfi)
{
	uint32_t t[SAMPLES], before;
	uint64_t deadline;
	int i;

	for (i = 0; i < SAMPLES; i++) {
		irq_disable();
		before = irqs;
		deadline = read_cntvct() + us_to_ticks(TIMER_DELAY_US);
		timer_arm_at(deadline);
		if (wfi) {
			while (irqs == before)
				wfi_take_irq();
		} else {
			irq_enable();
			while (irqs == before)
				;
			irq_disable();
		}
		t[i] = (uint32_t)(irq_at - deadline);
	}
	report(name, 1, t, SAMPLES);
}

static volatile uint64_t sgi_at;
static volatile uint32_t sgis, cpu1_ready;

static void on_sgi(uint32_t iar, unsigned cpu)
{
	(void)iar;
	if (cpu == 1) {
		sgi_at = read_cntvct();
		sgis++;
		/* wake vCPU 0 from its WFI */
		gic_send_sgi(SGI_BENCH, SGIR_TO_LIST, 1u << 0);
	}
}

static void cpu1(unsigned cpu)
{
	(void)cpu;
	gic_cpu_init();
	gic_enable(SGI_BENCH);
	irq_disable();
	smp_store(&cpu1_ready, 1);
	for (;;)
		wfi_take_irq();
}

/* SGIR write on vCPU 0 to handler entry on vCPU 1 (asleep in WFI). */
static void ipi_latency(void)
{
	uint32_t t[SAMPLES], before;
	uint64_t sent;
	int i;

	if (smp_cpu_on(1, cpu1) != PSCI_SUCCESS)
		guest_fail("CPU_ON(1) failed: run with bhyve -c 2");
	while (!smp_load(&cpu1_ready))
		;
	for (i = 0; i < SAMPLES; i++) {
		irq_disable();
		before = sgis;
		sent = read_cntvct();
		gic_send_sgi(SGI_BENCH, SGIR_TO_LIST, 1u << 1);
		while (sgis == before)
			wfi_take_irq();
		t[i] = (uint32_t)(sgi_at - sent);
	}
	report("ipi", 1, t, SAMPLES);
}

int main(void)
{
	uint32_t freq;

	asm volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(freq)); /* CNTFRQ */
	printf("BENCH freq=%u\n", freq);
	run("empty", bench_empty);
	run("hvc", bench_hvc);
	run("mmio", bench_mmio);
	run_drained("mmiow", bench_mmiow);
	run("uart", bench_uart);
	gic_dist_init();
	gic_cpu_init();
	gic_irq_install();
	run("gicd", bench_gicd);
	gic_set_handler(IRQ_VTIMER, on_timer);
	gic_enable(IRQ_VTIMER);
	gic_set_handler(SGI_BENCH, on_sgi);
	gic_enable(SGI_BENCH);
	timer_latency("timer", 0);
	timer_latency("timerwfi", 1);
	ipi_latency();
	guest_pass();
}
