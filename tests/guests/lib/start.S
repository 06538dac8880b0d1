/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Entry point and exception vectors. The VMM loads the raw image at
 * 0x40000000 and starts there in SVC mode, ARM state, IRQ/FIQ/aborts
 * masked, MMU and caches off.
 */
	.syntax unified
	.arch	armv7-a
	.arm

#define MODE_FIQ	0x11
#define MODE_IRQ	0x12
#define MODE_SVC	0x13
#define MODE_ABT	0x17
#define MODE_UND	0x1b

	.section .text.boot, "ax"
	.global	_start
_start:
	cpsid	aif
	/* Exceptions in ARM state, through VBAR (low vectors). */
	mrc	p15, 0, r0, c1, c0, 0
	bic	r0, r0, #(1 << 13)		/* V */
	bic	r0, r0, #(1 << 30)		/* TE */
	bic	r0, r0, #(1 << 1)		/* A: no alignment faults */
	mcr	p15, 0, r0, c1, c0, 0
	ldr	r0, =exc_vectors
	mcr	p15, 0, r0, c12, c0, 0
	isb

	/* A stack for every mode an exception can land in. */
	cps	#MODE_UND
	ldr	sp, =__und_stack_top
	cps	#MODE_ABT
	ldr	sp, =__abt_stack_top
	cps	#MODE_IRQ
	ldr	sp, =__irq_stack_top
	cps	#MODE_FIQ
	ldr	sp, =__fiq_stack_top
	cps	#MODE_SVC
	ldr	sp, =__svc_stack_top

	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
	mov	r3, #0
1:	cmp	r0, r1
	strdlo	r2, r3, [r0], #8
	blo	1b

	mov	fp, #0
	mov	lr, #0
	bl	guest_start
2:	wfi
	b	2b
	.ltorg

/*
 * Secondary CPUs, started by PSCI CPU_ON (DEN0022 5.6) with r0 = context
 * id = CPU index (smp.c): same SCTLR/VBAR set-up as CPU 0, then stacks
 * from this CPU's SMP_STACK block of __smp_stacks (guest.ld). Block
 * layout, low to high: UND 2K, ABT 2K, FIQ 2K, IRQ 4K, SVC 8K.
 */
	.text
	.global	smp_secondary_entry
	.type	smp_secondary_entry, %function
smp_secondary_entry:
	cpsid	aif
	mov	r4, r0
	mrc	p15, 0, r0, c1, c0, 0
	bic	r0, r0, #(1 << 13)		/* V */
	bic	r0, r0, #(1 << 30)		/* TE */
	bic	r0, r0, #(1 << 1)		/* A */
	mcr	p15, 0, r0, c1, c0, 0
	ldr	r0, =exc_vectors
	mcr	p15, 0, r0, c12, c0, 0
	isb
	cmp	r4, #8				/* MAX_CPUS */
	bhs	3f
	ldr	r1, =__smp_stack_size
	ldr	r2, =__smp_stacks
	mla	r2, r4, r1, r2
	cps	#MODE_UND
	add	sp, r2, #0x0800
	cps	#MODE_ABT
	add	sp, r2, #0x1000
	cps	#MODE_FIQ
	add	sp, r2, #0x1800
	cps	#MODE_IRQ
	add	sp, r2, #0x2800
	cps	#MODE_SVC
	add	sp, r2, #0x4800
	mov	r0, r4
	mov	fp, #0
	mov	lr, #0
	bl	smp_secondary_main
	/* A context id out of range: no stack to report it with. */
3:	wfi
	b	3b
	.size	smp_secondary_entry, . - smp_secondary_entry
	.ltorg

/*
 * Vector table: each entry saves r0-r12 in a struct exc_frame on the
 * current mode's stack and calls exc_dispatch(vec, frame).
 */
	.section .vectors, "ax"
	.balign	32
	.global	exc_vectors
exc_vectors:
	b	vec_reset
	b	vec_undef
	b	vec_svc
	b	vec_pabt
	b	vec_dabt
	b	vec_hyp
	b	vec_irq
	b	vec_fiq

.macro	VECTOR name, num
\name:
	sub	sp, sp, #64
	stmia	sp, {r0-r12}
	mov	r0, #\num
	b	exc_common
.endm

	VECTOR	vec_reset, 0
	VECTOR	vec_undef, 1
	VECTOR	vec_svc, 2
	VECTOR	vec_pabt, 3
	VECTOR	vec_dabt, 4
	VECTOR	vec_hyp, 5
	VECTOR	vec_irq, 6
	VECTOR	vec_fiq, 7

exc_common:
	str	lr, [sp, #52]
	mrs	r1, spsr
	str	r1, [sp, #56]
	mov	r1, sp
	bl	exc_dispatch
	/* The hook may have changed lr/spsr: return the way it asked. */
	ldr	r0, [sp, #56]
	msr	spsr_fsxc, r0
	ldr	lr, [sp, #52]
	ldmia	sp, {r0-r12}
	add	sp, sp, #64
	movs	pc, lr

	.section .note.GNU-stack, "", %progbits
