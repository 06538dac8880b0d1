/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The lowvisor's exit decisions (hyp_exit.c), between hyp_guest_exit's
 * register moves: what an exit from the guest needs, by exception class.
 * The actions are shared with hyp-switch.S; the rules are plain C that
 * also compiles natively (tests/unit/test_hyp_exit.c).
 */
#ifndef VMM_HYP_ARM32_EXIT_H
#define VMM_HYP_ARM32_EXIT_H

#include "arm/arm_arch.h"

/*
 * What hyp_guest_exit does after hyp_exit_guest() (a bit set):
 *   HYP_EXIT_LAZY	leave the guest's lazy state in the hardware (the
 *			highvisor answers in its interrupts-off window);
 *			without it the host gets its own back;
 *   HYP_EXIT_ATS	translate the guest's PC (a data abort without a
 *			syndrome: the highvisor decodes the instruction);
 *   HYP_EXIT_VFP	switch the VFP/SIMD registers to the guest's and
 *			enter it again (its first use since it was entered);
 *   HYP_EXIT_RESUME	enter the guest again at its saved PC, no world
 *			switch (a store the lowvisor posted itself).
 * 0: an ordinary exit to the host.
 */
#define HYP_EXIT_LAZY	1
#define HYP_EXIT_ATS	2
#define HYP_EXIT_VFP	4
#define HYP_EXIT_RESUME 8

#ifndef __ASSEMBLER__
#include "vmm/types.h"

struct hyp_vcpu_ctx;

/*
 * Called by hyp_guest_exit with the guest's r0-r12, lr_usr, pc and cpsr
 * stored in ctx and its exit code: reads the fault registers this exit
 * needs into ctx->fault, sets ctx->lazy, returns HYP_EXIT_* bits.
 */
uint32_t hyp_exit_guest(struct hyp_vcpu_ctx *ctx, uint32_t exit_code);

/*
 * The lazy state stays the guest's only after an exit the highvisor
 * answers in its interrupts-off window without touching it: an hvc or
 * smc (PSCI reads and writes r0-r3 only), or a data abort with a valid
 * syndrome on the in-kernel distributor's page (lazy_hpfar) whose
 * transfer register is not banked: r0-r12, but only r0-r7 in FIQ mode,
 * whose r8-r12 are in the lazy FIQ bank. hpfar is only looked at for a
 * data abort (it is stale otherwise).
 */
static inline bool hyp_exit_keeps_lazy(uint32_t hsr, uint32_t hpfar,
				       uint32_t lazy_hpfar, uint32_t cpsr)
{
	uint32_t ec = HSR_EC(hsr), srt;

	if (ec == HSR_EC_HVC || ec == HSR_EC_SMC)
		return true;
	if (ec != HSR_EC_DABT_LOWER || hpfar != lazy_hpfar ||
	    !(hsr & DABT_ISS_ISV))
		return false;
	srt = DABT_ISS_SRT(hsr);
	if ((cpsr & PSR_MODE_MASK) == PSR_MODE_FIQ)
		return srt <= 7;
	return srt <= 12;
}
#endif

#endif
