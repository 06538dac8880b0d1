/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uint32_t psci_call_checked(uint32_t fn, uint32_t arg, int use_smc,
 *                            uint32_t *clobbered);
 * Makes one PSCI call with r4-r12 and lr holding known patterns and
 * reports in *clobbered a bit per register (4-12, 13 = sp, 14 = lr) that
 * was not the same afterwards. SMCCC: only r0-r3 may change.
 */
	.syntax unified
	.arch	armv7-a
	.arch_extension virt
	.arch_extension sec
	.arm
	.text

#define PAT_BASE 0xa5000000
#include "regpat.h"

	.global	psci_call_checked
	.type	psci_call_checked, %function
psci_call_checked:
	CHECKED_ENTER r3
	mov	r3, #0
	cmp	r2, #0
	SETPAT_ALL
	mov	r2, #0
	bne	1f
	hvc	#0
	b	2f
1:	smc	#0
2:	CHECKED_LEAVE
	.ltorg
	.size	psci_call_checked, . - psci_call_checked

	.bss
	.balign	4
saved_sp:
	.space	4
saved_out:
	.space	4

	.section .note.GNU-stack, "", %progbits
