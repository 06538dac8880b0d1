/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SGI ping-pong between vCPU 0 and vCPU 1 (bhyve -c 2): CPU 0 sends SGI
 * PING to CPU 1 through GICD_SGIR (IHI 0048B 4.3.15), whose handler
 * answers SGI PONG; ROUNDS round trips, each PING and PONG delivered
 * exactly once to the right CPU with the sender's CPU ID in GICC_IAR
 * (4.4.4). CPU 1 always sleeps in WFI between pings; CPU 0 spins for the
 * first half of the rounds and sleeps in WFI for the second.
 */
#include "gic.h"

#define ROUNDS		1000u
#define PING		1u
#define PONG		2u
#define WAKE		3u	/* gets cpu 1 out of WFI to see stop */
#define TIMEOUT_US	10000000u

static volatile uint32_t pings, pongs, ready, stop;

static void on_ping(uint32_t iar, unsigned cpu)
{
	if (cpu != 1 || GIC_SGI_SRC(iar) != 0)
		guest_failf("PING on cpu %u from cpu %u", cpu, GIC_SGI_SRC(iar));
	pings++;
	gic_send_sgi(PONG, SGIR_TO_LIST, 1u << 0);
}

static void on_pong(uint32_t iar, unsigned cpu)
{
	if (cpu != 0 || GIC_SGI_SRC(iar) != 1)
		guest_failf("PONG on cpu %u from cpu %u", cpu, GIC_SGI_SRC(iar));
	pongs++;
}

static void on_wake(uint32_t iar, unsigned cpu)
{
	(void)iar;
	(void)cpu;
}

static void secondary(unsigned cpu)
{
	(void)cpu;
	gic_cpu_init();
	gic_enable(PING);
	gic_enable(WAKE);
	irq_disable();
	smp_store(&ready, 1);
	/* CPU 0 watches the time: a missing PING fails there. */
	while (!smp_load(&stop))
		wfi_take_irq();
}

int main(void)
{
	uint64_t end;
	uint32_t i, rc;
	int wfi;

	if (gic_nr_cpus() < 2)
		guest_fail("GICD_TYPER reports 1 CPU: run with 2 vCPUs");
	gic_dist_init();
	gic_cpu_init();
	gic_irq_install();
	gic_set_handler(PING, on_ping);
	gic_set_handler(PONG, on_pong);
	gic_set_handler(WAKE, on_wake);
	gic_enable(PONG);

	rc = smp_cpu_on(1, secondary);
	if (rc != PSCI_SUCCESS)
		guest_failf("CPU_ON(1) answered %d", (int)rc);
	end = read_cntvct() + us_to_ticks(TIMEOUT_US);
	while (!smp_load(&ready))
		if (read_cntvct() > end)
			guest_fail("cpu 1 did not start");

	irq_disable();
	for (i = 0; i < ROUNDS; i++) {
		wfi = i >= ROUNDS / 2;
		gic_send_sgi(PING, SGIR_TO_LIST, 1u << 1);
		end = read_cntvct() + us_to_ticks(TIMEOUT_US);
		while (pongs == i) {
			if (wfi) {
				wfi_take_irq();
			} else {
				irq_enable();
				irq_disable();
			}
			if (read_cntvct() > end)
				guest_failf("round %u: no PONG (pings seen %u)",
					    i, pings);
		}
		if (pongs != i + 1 || pings != i + 1)
			guest_failf("round %u: %u pings, %u pongs", i, pings,
				    pongs);
		if (i + 1 == ROUNDS / 2 || i + 1 == ROUNDS)
			printf("ipi: %u round trips (cpu 0 %s)\n", i + 1,
			       wfi ? "in WFI" : "spinning");
	}
	smp_store(&stop, 1);
	gic_send_sgi(WAKE, SGIR_TO_LIST, 1u << 1);
	if (smp_wait_affinity(1, PSCI_AFF_OFF, TIMEOUT_US) < 0)
		guest_fail("cpu 1 did not turn off");
	guest_pass();
}
