/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The lowvisor's exception vectors (HVBAR). ARM ARM B1.8.1: the HYP vector
 * table has eight word entries; HYP mode banks only SP, SPSR and ELR, so LR
 * is the interrupted context's usr/sys LR and must be saved before a call.
 *
 * A Hyp Trap comes either from the host (hvc #0: a host call) or from a
 * running guest; HCR.VM tells them apart, since it is set only while a
 * guest's context is loaded.
 */
#include "arm/arm_arch.h"
#include "arm/hyp_abi.h"

	.arch	armv7-a
	.arch_extension virt
	.arm
	HYP_TEXT
	.align	5
	.global	hyp_vectors
hyp_vectors:
	b	hyp_bad_exception	@ 0x00 reset: unused
	b	hyp_bad_exception	@ 0x04 undefined instruction in HYP
	b	hyp_bad_exception	@ 0x08 hvc executed in HYP
	b	hyp_bad_exception	@ 0x0c prefetch abort in HYP
	b	hyp_hyp_dabt		@ 0x10 data abort in HYP
	b	hyp_trap		@ 0x14 hyp trap: hvc or trap from PL0/PL1
	b	hyp_guest_irq		@ 0x18 IRQ (routed here only in a guest)
	b	hyp_guest_fiq		@ 0x1c FIQ (likewise)

hyp_trap:
	push	{r0}
	mrc	p15, 4, r0, c1, c1, 0	@ HCR
	tst	r0, #HCR_VM		@ a guest was running
	pop	{r0}
	bne	hyp_guest_trap

	/* A host call. HSR.EC (B3.13.6): only hvc is expected. */
	push	{r0-r3, r12, lr}
	mrc	p15, 4, r12, c5, c2, 0	@ HSR
	lsr	r12, r12, #HSR_EC_SHIFT
	cmp	r12, #HSR_EC_HVC
	bne	1f
	cmp	r0, #HYP_FN_VCPU_RUN
	beq	hyp_vcpu_run		@ returns to the host itself
	cmp	r0, #HYP_FN_VCPU_PUT
	beq	hyp_vcpu_put		@ likewise
	cmp	r0, #HYP_FN_TEARDOWN
	beq	2f
	mov	r0, sp			@ struct hyp_host_regs *
	bl	hyp_host_call
	pop	{r0-r3, r12, lr}
	eret
1:	pop	{r0-r3, r12, lr}
	ldr	r0, =HYP_ERR_NOFN
	eret
2:	/* Leave through the identity map: the MMU goes off under our feet. */
	pop	{r0-r3, r12, lr}
	ldr	r12, =hyp_teardown_pa
	ldr	r12, [r12]
	bx	r12

/*
 * The one data abort HYP expects: the guest's stage-1 walk for ATS1CPR
 * (hyp_guest_ats) may reach a table the guest placed outside its RAM, a
 * stage-2 fault. Report it as a failed translation (PAR.F = 1) and go
 * on; the highvisor then injects an abort into the guest. Anything else
 * is a lowvisor bug.
 */
hyp_hyp_dabt:
	push	{r0, r1}
	mrs	r0, elr_hyp
	ldr	r1, =hyp_guest_ats
	cmp	r0, r1
	pop	{r0, r1}
	bne	hyp_bad_exception
	mov	r2, #1
	mov	r3, #0
	push	{r0}
	ldr	r0, =hyp_guest_ats_done
	msr	elr_hyp, r0
	pop	{r0}
	eret

/*
 * An exception taken in HYP mode itself is a lowvisor bug: record it for
 * the host (hyp_last_fault) and stop this CPU; there is no state to go
 * back to.
 */
hyp_bad_exception:
	ldr	r12, =hyp_last_fault
	mrc	p15, 4, r0, c5, c2, 0	@ HSR
	str	r0, [r12, #0]
	mrs	r0, elr_hyp
	str	r0, [r12, #4]
	mrc	p15, 4, r0, c6, c0, 0	@ HDFAR
	str	r0, [r12, #8]
	b	.
	.ltorg
