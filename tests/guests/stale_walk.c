/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest that breaks its own page tables under a still-cached
 * translation: code runs from an alias whose first-level entry is then
 * pointed at a second-level table outside RAM, without TLB maintenance.
 * An MMIO load without a valid syndrome from there makes the hypervisor
 * translate the guest's PC itself, and that walk reaches outside guest
 * RAM (a stage-2 fault on the walk). The host must survive and the guest
 * must get an abort it can handle; never a hang.
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

int main(void)
{
	uint32_t fn = (uint32_t)stale_walk_load, a, v, first;
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

	/*
	 * No exit between the two calls but the MMIO load itself: returning
	 * from it refills the alias's translation, which then goes stale.
	 */
	exc_set_hook(EXC_DABT, on_dabt);
	exc_set_hook(EXC_PABT, on_pabt);
	first = alias(TESTDEV_BASE);
	l1[ALIAS_VA >> 20] = BAD_L2 | COARSE; /* no TLB maintenance: stale */
	dsb();
	v = alias(TESTDEV_BASE);
	(void)v;
	printf("stale_walk: through the alias: 0x%08x\n", first);
	if (first != 0x5157a1e5u)
		guest_fail("MMIO load through the alias gave the wrong value");
	printf("stale_walk: data aborts %u (DFAR 0x%08x), prefetch aborts %u\n",
	       dabts, dfar_seen, pabts);
	/*
	 * The stale entry let the fetch through and the load trapped: the
	 * hypervisor's own walk of the PC failed, so the guest gets a data
	 * abort for the load (then a prefetch abort once the stale entry is
	 * gone, which its handler mends).
	 */
	if (dabts != 1)
		guest_fail("the load through a broken walk was not aborted");
	if (dfar_seen != TESTDEV_BASE + 4)
		guest_fail("data abort with the wrong DFAR");
	guest_pass();
}
