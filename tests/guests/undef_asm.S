/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The faulting sites of the undef guest. Each udf_* function loads
 * r4-r11 with patterns, executes one permanently undefined instruction,
 * and after the handler returned checks r4-r11 again: it returns r0 as
 * the handler left it and stores a mask of changed registers (bit n =
 * rn) in udf_regs_bad.
 */
	.syntax unified
	.arch	armv7-a
	.text

#define PAT(n)	(0xc0de0000 | ((n) << 8) | (n))

.macro	SETPATS
	.irp	n, 4, 5, 6, 7, 8, 9, 10, 11
	movw	r\n, #:lower16:PAT(\n)
	movt	r\n, #:upper16:PAT(\n)
	.endr
.endm

.macro	CHKPATS
	mov	r1, #0
	.irp	n, 4, 5, 6, 7, 8, 9, 10, 11
	movw	r2, #:lower16:PAT(\n)
	movt	r2, #:upper16:PAT(\n)
	cmp	r\n, r2
	it	ne
	orrne	r1, r1, #(1 << \n)
	.endr
	ldr	r2, =udf_regs_bad
	str	r1, [r2]
.endm

	.arm
	.global	udf_arm
	.type	udf_arm, %function
udf_arm:
	push	{r4-r11, lr}
	SETPATS
	.global	udf_arm_site
udf_arm_site:
	.inst	0xe7f000f0		/* udf #0 (A1) */
	CHKPATS
	pop	{r4-r11, pc}
	.ltorg
	.size	udf_arm, . - udf_arm

	.thumb
	.global	udf_thumb16
	.type	udf_thumb16, %function
	.thumb_func
udf_thumb16:
	push	{r4-r11, lr}
	SETPATS
	.global	udf_thumb16_site
udf_thumb16_site:
	.inst.n	0xde00			/* udf #0 (T1) */
	CHKPATS
	pop	{r4-r11, pc}
	.ltorg
	.size	udf_thumb16, . - udf_thumb16

	.global	udf_thumb32
	.type	udf_thumb32, %function
	.thumb_func
udf_thumb32:
	push	{r4-r11, lr}
	SETPATS
	.global	udf_thumb32_site
udf_thumb32_site:
	.inst.w	0xf7f0a000		/* udf.w #0 (T2) */
	CHKPATS
	pop	{r4-r11, pc}
	.ltorg
	.size	udf_thumb32, . - udf_thumb32

/*
 * uint32_t jump_away(uint32_t addr): branch to addr (ARM state). The
 * prefetch-abort hook returns to jump_away_resume with r0 of its choice.
 */
	.arm
	.global	jump_away
	.type	jump_away, %function
jump_away:
	push	{r4, lr}
	blx	r0
	.global	jump_away_resume
jump_away_resume:
	pop	{r4, pc}
	.size	jump_away, . - jump_away

	.bss
	.balign	4
	.global	udf_regs_bad
udf_regs_bad:
	.space	4

	.section .note.GNU-stack, "", %progbits
