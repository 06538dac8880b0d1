/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PSCI CPU power management with two vCPUs (bhyve -c 2), DEN0022 5.5-5.8
 * and 5.15: PSCI_FEATURES reports CPU_ON, CPU_OFF and AFFINITY_INFO; CPU_ON
 * of the caller or of a running CPU answers ALREADY_ON; CPU_ON and
 * AFFINITY_INFO of an MPIDR that does not exist answer
 * INVALID_PARAMETERS; a CPU that called CPU_OFF is OFF and can be started
 * again, with the new context id.
 */
#include "gic.h"

#define TIMEOUT_US	10000000u

static volatile uint32_t runs;		/* times cpu 1 started */
static volatile uint32_t running;	/* cpu 1 is in secondary() */
static volatile uint32_t go_off;

static void secondary(unsigned cpu)
{
	(void)cpu;
	smp_store(&runs, runs + 1);
	smp_store(&running, 1);
	while (!smp_load(&go_off))
		__asm__ volatile("wfe");
	smp_store(&running, 0);
}

static void expect(const char *what, uint32_t got, uint32_t want)
{
	if (got != want)
		guest_failf("%s answered %d, not %d", what, (int)got, (int)want);
}

static void start_cpu1(uint32_t generation)
{
	uint64_t end;

	go_off = 0;
	expect("CPU_ON(1)", smp_cpu_on(1, secondary), PSCI_SUCCESS);
	end = read_cntvct() + us_to_ticks(TIMEOUT_US);
	while (!smp_load(&running))
		if (read_cntvct() > end)
			guest_failf("cpu 1 did not start (run %u)", generation);
	if (runs != generation)
		guest_failf("cpu 1 ran %u times, not %u", runs, generation);
	expect("AFFINITY_INFO(1) while on", smp_affinity_info(1), PSCI_AFF_ON);
}

static void stop_cpu1(void)
{
	smp_store(&go_off, 1);
	if (smp_wait_affinity(1, PSCI_AFF_OFF, TIMEOUT_US) < 0)
		guest_failf("cpu 1: AFFINITY_INFO %d after CPU_OFF",
			    (int)smp_affinity_info(1));
}

int main(void)
{
	unsigned n = gic_nr_cpus();
	static const uint32_t fns[] = {
		PSCI_CPU_ON, PSCI_CPU_OFF, PSCI_AFFINITY_INFO,
	};
	/* Affinity values with no CPU: past the last one, Aff0 255, and
	 * Aff1 = 1 (all our vCPUs are in cluster 0). */
	const uint32_t absent[] = { n, 0xff, 0x100 };
	unsigned i;
	char what[48];

	if (n < 2)
		guest_failf("GICD_TYPER reports %u CPU: run with 2 vCPUs", n);
	for (i = 0; i < 3; i++) {
		snprintf(what, sizeof(what), "PSCI_FEATURES(0x%08x)", fns[i]);
		expect(what, psci_call(PSCI_FEATURES, fns[i], 0, 0), 0);
	}
	expect("AFFINITY_INFO(1) at boot", smp_affinity_info(1), PSCI_AFF_OFF);
	expect("AFFINITY_INFO(0)", smp_affinity_info(0), PSCI_AFF_ON);
	expect("CPU_ON(self)", smp_cpu_on(0, secondary), PSCI_ALREADY_ON);
	for (i = 0; i < 3; i++) {
		snprintf(what, sizeof(what), "CPU_ON(0x%x)", absent[i]);
		expect(what, smp_cpu_on(absent[i], secondary),
		       PSCI_INVALID_PARAMS);
		snprintf(what, sizeof(what), "AFFINITY_INFO(0x%x)", absent[i]);
		expect(what, smp_affinity_info(absent[i]), PSCI_INVALID_PARAMS);
	}

	start_cpu1(1);
	expect("CPU_ON(1) while running", smp_cpu_on(1, secondary),
	       PSCI_ALREADY_ON);
	stop_cpu1();
	printf("psci_smp: cpu 1 on, ALREADY_ON, off\n");
	start_cpu1(2);
	stop_cpu1();
	printf("psci_smp: cpu 1 on and off again\n");
	guest_pass();
}
