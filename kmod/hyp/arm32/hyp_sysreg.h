/* SPDX-License-Identifier: BSD-2-Clause */
/* HYP-mode system register accessors (ARM ARM B4.1, B8.2). */
#ifndef VMM_HYP_ARM32_SYSREG_H
#define VMM_HYP_ARM32_SYSREG_H

#include "arm/cpu_regs.h"

CPU_REG_RD(hsctlr, 4, c1, c0, 0)
CPU_REG_RD(hvbar, 4, c12, c0, 0)

/*
 * The fault registers of an exit (B3.13.6, B4.1.60..62). A native build
 * (tests/unit/test_hyp_exit.c) reads variables the test sets instead.
 */
#ifdef __arm__
#define HYP_FAULT_REG_RD CPU_REG_RD
#else
#define HYP_FAULT_REG_RD(name, op1, crn, crm, op2)                             \
	extern uint32_t hyp_test_##name;                                       \
	static inline uint32_t read_##name(void)                              \
	{                                                                      \
		return hyp_test_##name;                                        \
	}
#endif
HYP_FAULT_REG_RD(hsr, 4, c5, c2, 0)
HYP_FAULT_REG_RD(hdfar, 4, c6, c0, 0)
HYP_FAULT_REG_RD(hifar, 4, c6, c0, 2)
HYP_FAULT_REG_RD(hpfar, 4, c6, c0, 4)

static inline uint64_t read_vttbr(void)
{
	uint32_t lo, hi;

	asm volatile("mrrc p15, 6, %0, %1, c2" : "=r"(lo), "=r"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void write_vttbr(uint64_t v)
{
	asm volatile("mcrr p15, 6, %0, %1, c2"
		     :
		     : "r"((uint32_t)v), "r"((uint32_t)(v >> 32)));
}

static inline void isb(void)
{
	asm volatile("isb" : : : "memory");
}

static inline void dsb_ish(void)
{
	asm volatile("dsb ish" : : : "memory");
}

static inline uint32_t read_cpsr(void)
{
	uint32_t v;

	asm volatile("mrs %0, cpsr" : "=r"(v));
	return v;
}

#endif
