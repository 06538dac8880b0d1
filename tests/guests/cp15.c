/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Trapped CP15 operations: the ones the hypervisor emulates must just
 * work (ACTLR, set/way cache maintenance, the A7/A15 L2 control
 * registers); the ones a guest may not use must come back as an
 * undefined instruction in the guest's own handler (implementation
 * defined c15 registers). The physical timer is the host's: it reads as
 * zero and ignores writes. ID_DFR0 advertises a PMUv2, and its registers
 * work: the cycle counter counts while enabled, there are no event
 * counters. MVFR0 (VMRS, trapped by HCR.TID3) shows the host's VFP.
 */
#include "guest.h"

static volatile unsigned undefs;

static void on_undef(int vec, struct exc_frame *f)
{
	undefs++;
	exc_skip_insn(vec, f);
}

static void expect_undefs(const char *what, unsigned before, unsigned want)
{
	unsigned got = undefs - before;

	printf("cp15: %s: %s\n", what, got == want ? "ok" : "FAIL");
	if (got != want)
		guest_failf("%s: %u undefined-instruction exceptions, want %u",
			    what, got, want);
}

/* The PMU ID_DFR0 advertises (PMUv2, B4.1.117 on): a cycle counter. */
static void pmu(void)
{
	unsigned before = undefs;
	uint32_t pmcr, c1, c2, c3;
	int i;

	__asm__ volatile("mrc p15, 0, %0, c9, c12, 0" : "=r"(pmcr));
	if ((pmcr >> 11) & 0x1f)
		guest_failf("PMCR 0x%08x: %u event counters, expected none",
			    pmcr, (pmcr >> 11) & 0x1f);
	/* E and C (reset), then the cycle counter's enable bit */
	__asm__ volatile("mcr p15, 0, %0, c9, c12, 0" ::"r"(5u));
	__asm__ volatile("mcr p15, 0, %0, c9, c12, 1" ::"r"(1u << 31));
	__asm__ volatile("mrc p15, 0, %0, c9, c13, 0" : "=r"(c1));
	for (i = 0; i < 100000; i++)
		__asm__ volatile("" ::: "memory");
	__asm__ volatile("mrc p15, 0, %0, c9, c13, 0" : "=r"(c2));
	if (c2 <= c1)
		guest_failf("PMCCNTR does not count: %u then %u", c1, c2);
	__asm__ volatile("mcr p15, 0, %0, c9, c12, 2" ::"r"(1u << 31));
	__asm__ volatile("mrc p15, 0, %0, c9, c13, 0" : "=r"(c2));
	for (i = 0; i < 100000; i++)
		__asm__ volatile("" ::: "memory");
	__asm__ volatile("mrc p15, 0, %0, c9, c13, 0" : "=r"(c3));
	if (c3 != c2)
		guest_failf("PMCCNTR counts while disabled: %u then %u", c2,
			    c3);
	expect_undefs("PMU cycle counter", before, 0);
}

int main(void)
{
	uint32_t v, v2;
	unsigned before;

	exc_set_hook(EXC_UNDEF, on_undef);

	before = undefs;
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 1" : "=r"(v));
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 1" ::"r"(v ^ 0x40));
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 1" : "=r"(v2));
	expect_undefs("ACTLR read and write (emulated)", before, 0);
	if (v != v2)
		guest_fail("the guest changed the host's ACTLR");

	before = undefs;
	/* DCISW, DCCSW, DCCISW of level 0, set 0, way 0 */
	__asm__ volatile("mcr p15, 0, %0, c7, c6, 2\n\t"
			 "mcr p15, 0, %0, c7, c10, 2\n\t"
			 "mcr p15, 0, %0, c7, c14, 2" ::"r"(0)
			 : "memory");
	expect_undefs("data cache maintenance by set/way (emulated)", before, 0);

	before = undefs;
	__asm__ volatile("mrc p15, 1, %0, c9, c0, 2" : "=r"(v)); /* L2CTLR */
	expect_undefs("L2CTLR read (emulated)", before, 0);

	before = undefs;
	__asm__ volatile("mrc p15, 0, %0, c15, c0, 0" : "=r"(v));
	expect_undefs("implementation-defined c15 register", before, 1);

	/* the physical timer is emulated (timer_phys tests it in full) */
	before = undefs;
	__asm__ volatile("mrc p15, 0, %0, c14, c2, 1" : "=r"(v)); /* CNTP_CTL */
	if (v != 0)
		guest_failf("CNTP_CTL reads 0x%08x out of reset, not 0", v);
	__asm__ volatile("mcr p15, 0, %0, c14, c2, 1" ::"r"(0xfffffffa));
	__asm__ volatile("mrc p15, 0, %0, c14, c2, 1" : "=r"(v));
	if (v != 2)
		guest_failf("CNTP_CTL reads 0x%08x after IMASK and reserved "
			    "bits were written, not 0x2", v);
	__asm__ volatile("mcr p15, 0, %0, c14, c2, 1" ::"r"(0));
	expect_undefs("physical timer (emulated)", before, 0);

	before = undefs;
	__asm__ volatile("mrc p15, 0, %0, c0, c1, 2" : "=r"(v)); /* ID_DFR0 */
	if (((v >> 24) & 0xf) != 2)
		guest_failf("ID_DFR0 0x%08x: PerfMon is not PMUv2", v);
	__asm__ volatile("mrc p15, 0, %0, c0, c1, 1" : "=r"(v)); /* ID_PFR1 */
	if (((v >> 16) & 0xf) != 1)
		guest_failf("ID_PFR1 0x%08x hides the generic timer", v);
	__asm__ volatile("mrc p15, 0, %0, c0, c1, 4" : "=r"(v)); /* ID_MMFR0 */
	if (v == 0)
		guest_fail("ID_MMFR0 reads 0");
	__asm__ volatile("mrc p15, 0, %0, c0, c3, 0" : "=r"(v)); /* reserved */
	if (v != 0)
		guest_failf("reserved ID register c0,c3,0 reads 0x%08x", v);
	expect_undefs("ID registers", before, 0);

	pmu();

	/* MVFR0 through VMRS (trapped by HCR.TID3): the host's VFP. */
	before = undefs;
	write_cpacr(read_cpacr() | (0xfu << 20));
	isb();
	__asm__ volatile(".fpu vfpv3\n\tvmrs %0, mvfr0" : "=r"(v));
	expect_undefs("MVFR0", before, 0);
	if ((v & 0xf) == 0)
		guest_failf("MVFR0 0x%08x: no Advanced SIMD registers", v);

	before = undefs;
	/* the virtual timer is the guest's own: no trap */
	__asm__ volatile("mrc p15, 0, %0, c14, c3, 1" : "=r"(v)); /* CNTV_CTL */
	__asm__ volatile("mrrc p15, 1, %0, %1, c14" : "=r"(v), "=r"(v2));
	expect_undefs("virtual timer and counter", before, 0);
	guest_pass();
}
