/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host CPU identification registers read at PL1 (ARM ARM B4.1). Native
 * unit-test builds read zeros.
 */
#ifndef VMM_ARM_CPU_REGS_H
#define VMM_ARM_CPU_REGS_H

#include "vmm/types.h"

#ifdef __arm__
#define CPU_REG_RD(name, op1, crn, crm, op2)                                   \
	static inline uint32_t read_##name(void)                              \
	{                                                                      \
		uint32_t v;                                                    \
		asm volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 \
			     : "=r"(v));                                       \
		return v;                                                      \
	}
#else
#define CPU_REG_RD(name, op1, crn, crm, op2)                                   \
	static inline uint32_t read_##name(void)                              \
	{                                                                      \
		return 0;                                                      \
	}
#endif

CPU_REG_RD(midr, 0, c0, c0, 0)
CPU_REG_RD(id_pfr0, 0, c0, c1, 0)
CPU_REG_RD(id_pfr1, 0, c0, c1, 1)
CPU_REG_RD(id_dfr0, 0, c0, c1, 2)
CPU_REG_RD(id_afr0, 0, c0, c1, 3)
CPU_REG_RD(id_mmfr0, 0, c0, c1, 4)
CPU_REG_RD(id_mmfr1, 0, c0, c1, 5)
CPU_REG_RD(id_mmfr2, 0, c0, c1, 6)
CPU_REG_RD(id_mmfr3, 0, c0, c1, 7)
CPU_REG_RD(id_isar0, 0, c0, c2, 0)
CPU_REG_RD(id_isar1, 0, c0, c2, 1)
CPU_REG_RD(id_isar2, 0, c0, c2, 2)
CPU_REG_RD(id_isar3, 0, c0, c2, 3)
CPU_REG_RD(id_isar4, 0, c0, c2, 4)
CPU_REG_RD(id_isar5, 0, c0, c2, 5)
CPU_REG_RD(actlr, 0, c1, c0, 1)
CPU_REG_RD(cntfrq, 0, c14, c0, 0)

/* The physical count (CNTPCT, B8.1.2); the host may read it at PL1. */
static inline uint64_t read_cntpct(void)
{
#ifdef __arm__
	uint32_t lo, hi;

	asm volatile("isb\n\tmrrc p15, 0, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return ((uint64_t)hi << 32) | lo;
#else
	return 0;
#endif
}

/* MVFR0/1 (B6.1.1x), readable whatever FPEXC.EN says. */
static inline void read_mvfr(uint32_t *mvfr0, uint32_t *mvfr1)
{
#ifdef __arm__
	asm volatile(".fpu vfpv3\n\tvmrs %0, mvfr0\n\tvmrs %1, mvfr1"
		     : "=r"(*mvfr0), "=r"(*mvfr1));
#else
	*mvfr0 = *mvfr1 = 0;
#endif
}

#endif
