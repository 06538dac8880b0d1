/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Four vCPUs (bhyve -c 4): CPUs 1-3 are OFF at boot, start through PSCI
 * CPU_ON (DEN0022 5.6) and each counts to COUNT in its own slot (caches
 * are off: no exclusives, no shared counter), as CPU 0 does.
 * AFFINITY_INFO (5.8) reports them ON while they wait, OFF after they
 * call CPU_OFF (5.5).
 */
#include "gic.h"

#define NCPUS		4u
#define COUNT		200000u
#define TIMEOUT_US	20000000u	/* 4 vCPUs may share 2 host CPUs */

static volatile uint32_t count[MAX_CPUS];
static volatile uint32_t done[MAX_CPUS];
static volatile uint32_t go_off;

static void work(unsigned cpu)
{
	uint32_t i;

	for (i = 0; i < COUNT; i++)
		count[cpu]++;
	smp_store(&done[cpu], 1);
}

static void secondary(unsigned cpu)
{
	work(cpu);
	while (!smp_load(&go_off))
		__asm__ volatile("wfe");
}

static void wait_done(unsigned cpu)
{
	uint64_t end = read_cntvct() + us_to_ticks(TIMEOUT_US);

	while (!smp_load(&done[cpu]))
		if (read_cntvct() > end)
			guest_failf("cpu %u did not finish counting (at %u)",
				    cpu, count[cpu]);
}

int main(void)
{
	unsigned cpu, n = gic_nr_cpus();
	uint32_t rc;

	if (smp_cpu() != 0)
		guest_failf("booted on cpu %u", smp_cpu());
	if (n < NCPUS)
		guest_failf("GICD_TYPER reports %u CPUs: run with 4 vCPUs", n);
	for (cpu = 1; cpu < NCPUS; cpu++) {
		rc = smp_affinity_info(cpu);
		if (rc != PSCI_AFF_OFF)
			guest_failf("cpu %u: AFFINITY_INFO %d before CPU_ON",
				    cpu, (int)rc);
	}
	for (cpu = 1; cpu < NCPUS; cpu++) {
		rc = smp_cpu_on(cpu, secondary);
		if (rc != PSCI_SUCCESS)
			guest_failf("cpu %u: CPU_ON answered %d", cpu, (int)rc);
	}
	work(0);
	for (cpu = 0; cpu < NCPUS; cpu++) {
		wait_done(cpu);
		if (count[cpu] != COUNT)
			guest_failf("cpu %u counted %u, not %u", cpu,
				    count[cpu], COUNT);
		rc = smp_affinity_info(cpu);
		if (rc != PSCI_AFF_ON)
			guest_failf("cpu %u: AFFINITY_INFO %d while running",
				    cpu, (int)rc);
	}
	printf("smp4: %u CPUs counted to %u\n", NCPUS, COUNT);
	smp_store(&go_off, 1);
	for (cpu = 1; cpu < NCPUS; cpu++)
		if (smp_wait_affinity(cpu, PSCI_AFF_OFF, TIMEOUT_US) < 0)
			guest_failf("cpu %u: AFFINITY_INFO %d after CPU_OFF",
				    cpu, (int)smp_affinity_info(cpu));
	printf("smp4: CPUs 1-%u are OFF again\n", NCPUS - 1);
	guest_pass();
}
