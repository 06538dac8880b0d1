/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest that breaks its own page tables under a possibly still-cached
 * translation: code runs from an alias whose first-level entry is then
 * pointed at a second-level table outside RAM, without TLB maintenance.
 *
 * What happens next depends on whether the old translation is still in
 * the TLB, and the architecture lets the CPU evict it at any time (Arm
 * ARM DDI 0406C B3.10, TLB maintenance: without it, either the old or the
 * new entry may be used). So each round accepts every outcome the architecture allows:
 *  - stale entry used: the fetch works, the MMIO load (no valid syndrome)
 *    makes the hypervisor translate the guest's PC itself; if that walk
 *    reaches outside guest RAM the guest gets a data abort for the load
 *    (DFAR = the load's address); if it is answered from the TLB the
 *    load completes;
 *  - new entry used: the fetch itself faults (a prefetch abort, which the
 *    handler mends), then the load completes.
 * Never allowed: a hang, a dead host, a wrong value from a completed
 * load, a data abort with another address, more than one data abort.
 * Every other round evicts the entry itself (TLBIALL after the break), so
 * the second path is always taken at least once and checked exactly.
 */
#include "guest.h"

#define SECTION	 2u
#define COARSE	 1u
#define S_AP_RW	 (3u << 10)
#define S_DEVICE (1u << 2)
#define ALIAS_VA 0x70000000u
#define BAD_L2	 0x30000000u /* not guest RAM */

uint32_t stale_walk_load(uint32_t addr);

static uint32_t l1[4096] __attribute__((aligned(16384)));
static uint32_t alias_entry;
static volatile uint32_t dabts, pabts, dfar_seen;

static void section(uint32_t va, uint32_t pa, uint32_t attrs)
{
	l1[va >> 20] = (pa & 0xfff00000u) | attrs | S_AP_RW | SECTION;
}

static void tlb_flush(void)
{
	__asm__ volatile("mcr p15, 0, %0, c8, c7, 0\n\tdsb\n\tisb" ::"r"(0)
			 : "memory");
}

static void on_dabt(int vec, struct exc_frame *f)
{
	dabts++;
	dfar_seen = read_dfar();
	exc_skip_insn(vec, f);
}

/* Fetching from the broken alias faults too: mend it and retry. */
static void on_pabt(int vec, struct exc_frame *f)
{
	pabts++;
	l1[ALIAS_VA >> 20] = alias_entry;
	dsb();
	tlb_flush();
	f->lr = exc_fault_pc(vec, f);
}

#define ROUNDS 8

int main(void)
{
	uint32_t fn = (uint32_t)stale_walk_load, a, v, first, r, p0;
	uint32_t aborted = 0;
	uint32_t (*alias)(uint32_t);
	volatile uint32_t *scratch = (volatile uint32_t *)TESTDEV_BASE;

	for (a = RAM_BASE; a < RAM_BASE + RAM_SIZE; a += 1u << 20)
		section(a, a, 0);
	section(UART_BASE, UART_BASE, S_DEVICE);
	section(TESTDEV_BASE, TESTDEV_BASE, S_DEVICE);
	section(ALIAS_VA, fn, 0);
	alias_entry = l1[ALIAS_VA >> 20];
	alias = (uint32_t (*)(uint32_t))(ALIAS_VA + (fn & 0xfffffu));
	scratch[1] = 0x5157a1e5u;

	write_ttbcr(0);
	write_ttbr0((uint32_t)l1);
	write_dacr(0x55555555u);
	tlb_flush();
	write_sctlr(read_sctlr() | 1u); /* M only: no cache maintenance */
	isb();

	exc_set_hook(EXC_DABT, on_dabt);
	exc_set_hook(EXC_PABT, on_pabt);
	for (r = 0; r < ROUNDS; r++) {
		l1[ALIAS_VA >> 20] = alias_entry;
		dsb();
		tlb_flush();
		dabts = 0;
		dfar_seen = 0;
		/*
		 * No exit between the two calls but the MMIO load itself:
		 * returning from it refills the alias's translation, which
		 * then may go stale.
		 */
		first = alias(TESTDEV_BASE);
		l1[ALIAS_VA >> 20] = BAD_L2 | COARSE; /* no TLB maintenance */
		dsb();
		p0 = pabts;
		if (r & 1)
			tlb_flush(); /* what an eviction may do at any time */
		v = alias(TESTDEV_BASE);
		if ((r & 1) && (dabts || pabts == p0 || v != 0x5157a1e5u))
			guest_failf("round %u, entry evicted: %u data aborts, "
				    "%u prefetch aborts, load 0x%08x", r, dabts,
				    pabts - p0, v);
		if (first != 0x5157a1e5u)
			guest_failf("round %u: MMIO load through the alias gave "
				    "0x%08x", r, first);
		if (dabts > 1)
			guest_failf("round %u: %u data aborts for one load", r,
				    dabts);
		if (dabts == 1 && dfar_seen != TESTDEV_BASE + 4)
			guest_failf("round %u: data abort with DFAR 0x%08x", r,
				    dfar_seen);
		if (dabts == 0 && v != 0x5157a1e5u)
			guest_failf("round %u: the load completed with 0x%08x",
				    r, v);
		aborted += dabts;
	}
	/* Which path each round took is up to the TLB: report, not check. */
	printf("stale_walk: %u rounds, %u loads aborted after a stale fetch, "
	       "%u prefetch aborts\n", ROUNDS, aborted, pabts);
	guest_pass();
}
