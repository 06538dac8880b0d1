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
CPU_REG_RD(id_pfr1, 0, c0, c1, 1)
CPU_REG_RD(actlr, 0, c1, c0, 1)

#endif
