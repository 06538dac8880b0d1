/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Posted (coalesced) MMIO stores may wait in their vCPU's ring only while
 * that vCPU keeps running: they reach the device before it sleeps in WFI,
 * and at the latest after the next host interrupt while it spins without
 * exiting. vCPU 1 stores a round's number to the test device's scratch (a
 * coalesced zone: no exit) and then either sleeps in WFI until an SGI or
 * spins on a flag in RAM; vCPU 0 reads the scratch through MMIO (exits to
 * bhyve, which asks the device) until the number shows, then lets vCPU 1
 * go on. A store held back in vCPU 1's ring would never show: vCPU 0
 * gives up after TIMEOUT_US.
 */
#include "gic.h"

#define ROUNDS	   20u /* each way */
#define WAKE	   1u  /* SGI: vCPU 1 out of WFI */
#define TIMEOUT_US 5000000u

static volatile uint32_t *const scratch = (volatile uint32_t *)TESTDEV_BASE;
static volatile uint32_t round, go, done;

static void on_wake(uint32_t iar, unsigned cpu)
{
	(void)iar;
	(void)cpu;
}

static void secondary(unsigned cpu)
{
	uint32_t r;

	(void)cpu;
	gic_cpu_init();
	gic_enable(WAKE);
	irq_disable();
	for (r = 1; r <= 2 * ROUNDS; r++) {
		while (smp_load(&round) != r)
			;
		*scratch = r; /* posted: no exit */
		if (r <= ROUNDS) {
			while (smp_load(&go) != r)
				wfi_take_irq();
		} else {
			while (smp_load(&go) != r)
				;
		}
	}
	smp_store(&done, 1);
}

int main(void)
{
	uint64_t end;
	uint32_t r, rc;

	if (gic_nr_cpus() < 2)
		guest_fail("GICD_TYPER reports 1 CPU: run with 2 vCPUs");
	gic_dist_init();
	gic_cpu_init();
	gic_irq_install();
	gic_set_handler(WAKE, on_wake);
	*scratch = 0;
	rc = smp_cpu_on(1, secondary);
	if (rc != PSCI_SUCCESS)
		guest_failf("CPU_ON(1) answered %d", (int)rc);
	for (r = 1; r <= 2 * ROUNDS; r++) {
		smp_store(&round, r);
		end = read_cntvct() + us_to_ticks(TIMEOUT_US);
		while (*scratch != r)
			if (read_cntvct() > end)
				guest_failf("round %u: vCPU 1's store, posted "
					    "before it %s, never reached the "
					    "device (scratch %u)",
					    r, r <= ROUNDS ? "slept in WFI" :
							     "spun",
					    *scratch);
		smp_store(&go, r);
		if (r <= ROUNDS)
			gic_send_sgi(WAKE, SGIR_TO_LIST, 1u << 1);
		if (r == ROUNDS || r == 2 * ROUNDS)
			printf("posted: %u stores seen while vCPU 1 %s\n",
			       ROUNDS, r == ROUNDS ? "slept" : "spun");
	}
	end = read_cntvct() + us_to_ticks(TIMEOUT_US);
	while (!smp_load(&done))
		if (read_cntvct() > end)
			guest_fail("vCPU 1 did not finish");
	if (smp_wait_affinity(1, PSCI_AFF_OFF, TIMEOUT_US) < 0)
		guest_fail("vCPU 1 did not turn off");
	guest_pass();
}
