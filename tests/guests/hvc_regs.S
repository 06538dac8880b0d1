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
	push	{r4-r12, lr}
	ldr	r12, =saved_sp
	str	sp, [r12]
	ldr	r12, =saved_out
	str	r3, [r12]
	mov	r3, #0
	cmp	r2, #0
	SETPAT	r4, 4
	SETPAT	r5, 5
	SETPAT	r6, 6
	SETPAT	r7, 7
	SETPAT	r8, 8
	SETPAT	r9, 9
	SETPAT	r10, 10
	SETPAT	r11, 11
	SETPAT	r12, 12
	SETPAT	lr, 14
	mov	r2, #0
	bne	1f
	hvc	#0
	b	2f
1:	smc	#0
2:	mov	r1, #0
	CHKPAT	r4, 4
	CHKPAT	r5, 5
	CHKPAT	r6, 6
	CHKPAT	r7, 7
	CHKPAT	r8, 8
	CHKPAT	r9, 9
	CHKPAT	r10, 10
	CHKPAT	r11, 11
	CHKPAT	r12, 12
	CHKPAT	lr, 14
	ldr	r2, =saved_sp
	ldr	r2, [r2]
	cmp	sp, r2
	orrne	r1, r1, #(1 << 13)
	mov	sp, r2			/* so the pop below works regardless */
	ldr	r2, =saved_out
	ldr	r2, [r2]
	str	r1, [r2]
	pop	{r4-r12, pc}
	.ltorg
	.size	psci_call_checked, . - psci_call_checked

	.bss
	.balign	4
saved_sp:
	.space	4
saved_out:
	.space	4

	.section .note.GNU-stack, "", %progbits
