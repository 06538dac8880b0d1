/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Trapped CP15 operations: the ones the hypervisor emulates must just
 * work (ACTLR, set/way cache maintenance, the A7/A15 L2 control
 * registers); the ones a guest may not use must come back as an
 * undefined instruction in the guest's own handler (implementation
 * defined c15 registers, the host's physical timer).
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

	before = undefs;
	__asm__ volatile("mrc p15, 0, %0, c14, c2, 1" : "=r"(v)); /* CNTP_CTL */
	__asm__ volatile("mcr p15, 0, %0, c14, c2, 1" ::"r"(1));
	expect_undefs("physical timer (the host's)", before, 2);

	before = undefs;
	/* the virtual timer is the guest's own: no trap */
	__asm__ volatile("mrc p15, 0, %0, c14, c3, 1" : "=r"(v)); /* CNTV_CTL */
	__asm__ volatile("mrrc p15, 1, %0, %1, c14" : "=r"(v), "=r"(v2));
	expect_undefs("virtual timer and counter", before, 0);
	guest_pass();
}
