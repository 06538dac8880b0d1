/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Secondary CPUs: PSCI CPU_ON (DEN0022 5.6) at smp_secondary_entry
 * (start.S), which gives each CPU its own stacks and calls
 * smp_secondary_main() with the context id, here the CPU index.
 */
#include "gic.h"

static smp_fn_t fns[MAX_CPUS];

void smp_secondary_entry(void);
void smp_secondary_main(uint32_t context) __noreturn;

void smp_secondary_main(uint32_t context)
{
	unsigned cpu = smp_cpu();
	uint32_t cpsr = read_cpsr();
	smp_fn_t fn;

	/* DEN0022 5.6: the context id arrives in r0; SVC mode, IRQ/FIQ
	 * masked on entry (we masked them again in start.S, so only the
	 * mode can be checked here). */
	if (context != cpu)
		guest_failf("cpu %u: CPU_ON context id %u in r0", cpu, context);
	if ((cpsr & PSR_MODE_MASK) != PSR_MODE_SVC)
		guest_failf("cpu %u: started in mode 0x%x, not SVC", cpu,
			    cpsr & PSR_MODE_MASK);
	fn = fns[cpu];
	if (!fn)
		guest_failf("cpu %u: started without a function", cpu);
	fn(cpu);
	smp_cpu_off();
}

uint32_t smp_cpu_on(unsigned cpu, smp_fn_t fn)
{
	if (cpu < MAX_CPUS)
		fns[cpu] = fn;
	dsb();
	/* target_cpu holds only the MPIDR affinity fields (DEN0022 5.1.4). */
	return psci_call(PSCI_CPU_ON, cpu, (uint32_t)smp_secondary_entry, cpu);
}

uint32_t smp_affinity_info(unsigned cpu)
{
	return psci_call(PSCI_AFFINITY_INFO, cpu, 0, 0);
}

int smp_wait_affinity(unsigned cpu, uint32_t want, uint32_t timeout_us)
{
	uint64_t end = read_cntvct() + us_to_ticks(timeout_us);

	do {
		if (smp_affinity_info(cpu) == want)
			return 0;
	} while (read_cntvct() < end);
	return -1;
}

void smp_cpu_off(void)
{
	uint32_t rc;

	irq_disable();
	rc = psci_call(PSCI_CPU_OFF, 0, 0, 0);
	guest_failf("cpu %u: CPU_OFF returned %d", smp_cpu(), (int)rc);
}
