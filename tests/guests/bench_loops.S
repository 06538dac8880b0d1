/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tight loops for the benchmark guest: each runs its operation n times
 * (r0 = n) between two reads of the virtual counter and returns the
 * elapsed ticks. Nothing else happens inside the timed region.
 */
	.syntax	unified
	.arch	armv7-a
	.arch_extension virt
	.arm
	.text

.macro timed name, body
	.global	\name
\name:
	push	{r4-r7, lr}
	mov	r4, r0
	isb
	mrrc	p15, 1, r6, r7, c14	@ CNTVCT
	\body
	isb
	mrrc	p15, 1, r0, r1, c14
	subs	r0, r0, r6
	sbc	r1, r1, r7
	pop	{r4-r7, pc}
.endm

.macro body_empty
1:	subs	r4, r4, #1
	bne	1b
.endm

.macro body_hvc
1:	ldr	r0, =0x84000000		@ PSCI_VERSION: answered by vmm.ko
	hvc	#0
	subs	r4, r4, #1
	bne	1b
.endm

.macro body_mmio
	ldr	r5, =0x0b000000		@ testdev: answered by bhyve
1:	ldr	r0, [r5]
	subs	r4, r4, #1
	bne	1b
.endm

.macro body_mmiow
	ldr	r5, =0x0b000000		@ testdev scratch: posted, no exit
1:	str	r4, [r5]
	subs	r4, r4, #1
	bne	1b
.endm

.macro body_gicd
	ldr	r5, =0x08000004		@ GICD_TYPER: answered by vmm.ko
1:	ldr	r0, [r5]
	subs	r4, r4, #1
	bne	1b
.endm

	timed	bench_empty, body_empty
	timed	bench_gicd, body_gicd
	timed	bench_hvc, body_hvc
	timed	bench_mmio, body_mmio
	timed	bench_mmiow, body_mmiow
	.ltorg
