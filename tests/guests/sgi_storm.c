/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SGI storm between every pair of vCPUs (bhyve -c 2 and more): each vCPU
 * sends SENDS SGIs to all the others (GICD_SGIR, "all but self", IHI 0048B
 * 4.3.15) with IRQs masked, and opens its IRQ window after every WINDOW
 * sends. With 3 or more vCPUs one vCPU gets the same SGI from several
 * sources at once, and with 8 SGIs in use more interrupts wait than a GIC
 * has list registers: the hypervisor refills them while the guest
 * acknowledges, so its maintenance interrupts must neither stop (a lost
 * interrupt) nor fire without end (a livelock).
 *
 * The last send of each window is the MARK SGI, and the window lasts until
 * every other vCPU has taken that mark: a lock-step, so no mark collapses
 * into an earlier one and each must arrive exactly once. The other sends
 * are the storm SGIs 0-6 in turn, which may collapse into one still
 * pending from the same source (4.3.15): a vCPU takes each at least once
 * and at most as many times as it was sent. When all are done, each vCPU
 * waits until GICD_SPENDSGIR shows nothing pending for it. No time bound:
 * a lost or stuck SGI hangs the guest, which the scenario's timeout
 * catches.
 */
#include "gic.h"

#define SENDS		5000u
#define WINDOW		64u
#define NR_STORM	7u		/* storm SGIs 0-6 */
#define MARK		7u		/* each window's last send */
#define NR_IDS		(MARK + 1u)
#define WINDOWS		((SENDS + WINDOW - 1u) / WINDOW)

static unsigned ncpus;
/* sent[s][id]: SGIs id vCPU s has sent */
static volatile uint32_t sent[MAX_CPUS][NR_IDS];
/* taken[r][s][id]: SGIs id vCPU r has taken from vCPU s */
static volatile uint32_t taken[MAX_CPUS][MAX_CPUS][NR_IDS];
static volatile uint32_t ready[MAX_CPUS], done[MAX_CPUS], drained[MAX_CPUS];

/*
 * Waits give the CPU away (WFE traps; vCPUs may outnumber host CPUs):
 * every store a waiter looks for is followed by SEV, and an interrupt
 * ends a WFE too.
 */
static inline void wfe(void)
{
	__asm__ volatile("wfe" ::: "memory");
}

static void on_sgi(uint32_t iar, unsigned cpu)
{
	unsigned s = GIC_SGI_SRC(iar);

	if (s >= ncpus || s == cpu)
		guest_failf("cpu %u: SGI %u from cpu %u", cpu, GIC_INTID(iar),
			    s);
	taken[cpu][s][GIC_INTID(iar)]++;
	dsb();
	__asm__ volatile("sev" ::: "memory");	/* for a sender in WFE */
}

static void send(unsigned me, uint32_t id)
{
	smp_store(&sent[me][id], sent[me][id] + 1);
	gic_send_sgi(id, SGIR_TO_OTHERS, 0);
}

/* Every other vCPU took mark w from me. */
static int marks_taken(unsigned me, uint32_t w)
{
	unsigned r;

	for (r = 0; r < ncpus; r++)
		if (r != me && smp_load(&taken[r][me][MARK]) < w)
			return 0;
	return 1;
}

static int all_set(volatile uint32_t *flags)
{
	unsigned c;

	for (c = 0; c < ncpus; c++)
		if (!smp_load(&flags[c]))
			return 0;
	return 1;
}

/* Some SGI in use pending for me, from any source (4.3.17). */
static int sgi_pending(void)
{
	unsigned off;

	for (off = 0; off < NR_IDS; off += 4)
		if (gicd_read(GICD_SPENDSGIR + off))
			return 1;
	return 0;
}

static void storm(unsigned me)
{
	uint32_t k, w = 0;

	gic_cpu_init();
	for (k = 0; k < NR_IDS; k++) {
		/* two priorities among the storm, the mark below both */
		gic_set_priority(k, k == MARK ? 0xb0 : k & 1 ? 0xa0 : 0x90);
		gic_enable(k);
	}
	irq_disable();
	/* gic_cpu_init() drops what is pending: nobody sends before */
	smp_store(&ready[me], 1);
	while (!all_set(ready))
		wfe();
	for (k = 1; k <= SENDS; k++) {
		if (k % WINDOW && k != SENDS) {
			send(me, k % NR_STORM);
			continue;
		}
		send(me, MARK);
		w++;
		irq_enable();
		while (!marks_taken(me, w))
			wfe();
		irq_disable();
	}
	smp_store(&done[me], 1);
	irq_enable();
	while (!all_set(done))
		wfe();
	while (sgi_pending())
		;
	irq_disable();
	smp_store(&drained[me], 1);
}

static void secondary(unsigned cpu)
{
	storm(cpu);	/* then CPU_OFF: nothing is left for me */
}

int main(void)
{
	unsigned c, r, s, id;
	uint32_t rc, total = 0, t;

	ncpus = gic_nr_cpus();
	if (ncpus < 2)
		guest_fail("GICD_TYPER reports 1 CPU: run with 2 or more vCPUs");
	gic_dist_init();
	gic_irq_install();
	for (id = 0; id < NR_IDS; id++)
		gic_set_handler(id, on_sgi);
	for (c = 1; c < ncpus; c++) {
		rc = smp_cpu_on(c, secondary);
		if (rc != PSCI_SUCCESS)
			guest_failf("CPU_ON(%u) answered %d", c, (int)rc);
	}
	storm(0);
	while (!all_set(drained))
		wfe();
	for (r = 0; r < ncpus; r++) {
		for (s = 0; s < ncpus; s++) {
			if (r == s)
				continue;
			for (id = 0; id < NR_IDS; id++) {
				t = taken[r][s][id];
				total += t;
				if (t < 1 || t > sent[s][id] ||
				    (id == MARK && t != WINDOWS))
					guest_failf("cpu %u took %u SGI %u from "
						    "cpu %u, which sent %u",
						    r, t, id, s, sent[s][id]);
			}
		}
	}
	printf("sgi_storm: %u vCPUs, each sent %u SGIs to all the others in "
	       "%u windows; %u taken in all\n", ncpus, SENDS, WINDOWS, total);
	guest_pass();
}
