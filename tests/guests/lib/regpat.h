/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Assembly helpers for guests that check a call preserved registers:
 * SETPAT puts a pattern naming register n in reg; CHKPAT sets bit n of r1
 * if reg no longer holds it (uses r2). Each file picks its PAT_BASE.
 */
#ifndef GUEST_REGPAT_H
#define GUEST_REGPAT_H

#define PAT(n)	(PAT_BASE | ((n) << 16) | ((n) << 8) | (n))

.macro	SETPAT reg, n
	movw	\reg, #:lower16:PAT(\n)
	movt	\reg, #:upper16:PAT(\n)
.endm

.macro	CHKPAT reg, n
	SETPAT	r2, \n
	cmp	\reg, r2
	orrne	r1, r1, #(1 << \n)
.endm

/* Patterns in r4-r12 and lr, the registers a call must preserve. */
.macro	SETPAT_ALL
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
.endm

/*
 * Entry of a checked call: saves the callee-saved registers, sp (in
 * saved_sp) and the result pointer outreg (in saved_out); the file
 * defines both words. Uses r12.
 */
.macro	CHECKED_ENTER outreg
	push	{r4-r12, lr}
	ldr	r12, =saved_sp
	str	sp, [r12]
	ldr	r12, =saved_out
	str	\outreg, [r12]
.endm

/*
 * After the call: *saved_out = a bit per register (4-12, 13 = sp,
 * 14 = lr) that changed; restores sp and returns to the caller.
 */
.macro	CHECKED_LEAVE
	mov	r1, #0
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
.endm

#endif
