/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's set of banked and CP15 registers to fill with patterns and
 * check later (guests that test what the world switch keeps). Define
 * BANKED(X) (X(name) per banked register, as MRS/MSR banked names it,
 * B9.3.9) and CP15(X) (X(name, opc1, CRn, CRm, opc2, writable bits)),
 * then include this: it gives R_name indices, NREGS (SPSR_svc last),
 * regs_write(seed), regs_read(r) and regs_check(round, want, got).
 */
#ifndef GUEST_REGFILE_H
#define GUEST_REGFILE_H

#include "guest.h"

enum {
#define ID(n, ...) R_##n,
	BANKED(ID) CP15(ID) R_spsr_svc, NREGS
#undef ID
};

static const char *const reg_names[NREGS] = {
#define NAME(n, ...) [R_##n] = #n,
	BANKED(NAME) CP15(NAME)[R_spsr_svc] = "spsr_svc",
#undef NAME
};

/* A pattern per register from seed, within its writable bits. */
static inline void regs_write(uint32_t seed)
{
	uint32_t v;

#define WB(n)                                                               \
	v = seed ^ ((uint32_t)R_##n * 0x01010101u);                         \
	__asm__ volatile("msr " #n ", %0" : : "r"(v));
	BANKED(WB)
#undef WB
#define WC(n, o1, crn, crm, o2, mask)                                       \
	v = (seed ^ ((uint32_t)R_##n * 0x01010101u)) & (mask);              \
	__asm__ volatile("mcr p15, " #o1 ", %0, " #crn ", " #crm ", " #o2   \
			 : : "r"(v));
	CP15(WC)
#undef WC
	/* SVC mode's own SPSR: an ordinary MSR (mode bits kept valid) */
	v = (seed & 0xf8000000u) | 0x1d3u;
	__asm__ volatile("msr spsr_fsxc, %0" : : "r"(v));
	isb();
}

static inline void regs_read(uint32_t *r)
{
#define RB(n) __asm__ volatile("mrs %0, " #n : "=r"(r[R_##n]));
	BANKED(RB)
#undef RB
#define RC(n, o1, crn, crm, o2, mask)                                       \
	__asm__ volatile("mrc p15, " #o1 ", %0, " #crn ", " #crm ", " #o2   \
			 : "=r"(r[R_##n]));
	CP15(RC)
#undef RC
	__asm__ volatile("mrs %0, spsr" : "=r"(r[R_spsr_svc]));
}

static inline void regs_check(uint32_t round, const uint32_t *want,
			      const uint32_t *got)
{
	uint32_t i;

	for (i = 0; i < NREGS; i++)
		if (got[i] != want[i])
			guest_failf("round %u: %s is 0x%08x after the exits, "
				    "was 0x%08x",
				    round, reg_names[i], got[i], want[i]);
}

#endif
