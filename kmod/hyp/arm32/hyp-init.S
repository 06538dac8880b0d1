/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The lowvisor's identity-mapped code. The module copies everything between
 * hyp_idmap_start and hyp_idmap_end into one page and runs it at that page's
 * physical address, so it must be position independent and must not touch
 * anything but its registers and the parameter block.
 *
 * hyp_init is entered from the kernel's HYP stub (hvc #0, r0 = 1 =
 * HVC_SOFT_RESTART, r1 = our physical address) with the HYP MMU off and
 * ELR_hyp/SPSR_hyp still describing the caller. It installs our page
 * tables and vectors, turns the MMU and caches on and returns with eret.
 *
 * hyp_teardown is reached from our own vectors through the identity map;
 * it turns the MMU off again and gives the stub its vectors back.
 */
#include "arm/hyp_abi.h"

	.arch	armv7-a
	.arch_extension virt
	.arm
	.text
	.align	5
	.global	hyp_idmap_start
	.global	hyp_idmap_end
	.global	hyp_init
	.global	hyp_teardown

hyp_idmap_start:
/*
 * r2 = physical address of struct hyp_init_params (cleaned to PoC by the
 * host: with the MMU off these loads bypass the caches)
 * r3 = top of this CPU's HYP stack (HYP virtual address)
 * Returns r0 = the HVBAR found on entry (the stub's vectors).
 */
hyp_init:
	ldr	r0, [r2, #HYP_INIT_HTTBR_LO]
	ldr	r1, [r2, #HYP_INIT_HTTBR_HI]
	mcrr	p15, 4, r0, r1, c2		@ HTTBR
	ldr	r0, [r2, #HYP_INIT_HTCR]
	mcr	p15, 4, r0, c2, c0, 2		@ HTCR
	ldr	r0, [r2, #HYP_INIT_HMAIR0]
	mcr	p15, 4, r0, c10, c2, 0		@ HMAIR0
	ldr	r0, [r2, #HYP_INIT_HMAIR1]
	mcr	p15, 4, r0, c10, c2, 1		@ HMAIR1
	mrc	p15, 4, r1, c12, c0, 0		@ old HVBAR, returned below
	ldr	r0, [r2, #HYP_INIT_HVBAR]
	mcr	p15, 4, r0, c12, c0, 0		@ HVBAR
	mov	sp, r3
	/* Nothing cached from before may survive: B4.2.2, TLB maintenance */
	mcr	p15, 4, r0, c8, c7, 0		@ TLBIALLH
	mcr	p15, 0, r0, c7, c5, 0		@ ICIALLU
	dsb	ish
	isb
	mrc	p15, 4, r0, c1, c0, 0		@ HSCTLR
	ldr	r3, [r2, #HYP_INIT_HSCTLR]
	orr	r0, r0, r3
	mcr	p15, 4, r0, c1, c0, 0
	isb
	mov	r0, r1
	eret

/*
 * r1 = vectors to restore (physical address). Entered at its physical
 * address, which the HYP tables map to itself, so turning the MMU off does
 * not change where the next instruction comes from.
 */
hyp_teardown:
	mrc	p15, 4, r0, c1, c0, 0		@ HSCTLR
	bic	r0, r0, #(HSCTLR_M | HSCTLR_C)
	bic	r0, r0, #HSCTLR_I
	mcr	p15, 4, r0, c1, c0, 0
	isb
	mcr	p15, 4, r1, c12, c0, 0		@ HVBAR
	mcr	p15, 4, r0, c8, c7, 0		@ TLBIALLH
	mcr	p15, 0, r0, c7, c5, 0		@ ICIALLU
	dsb	ish
	isb
	mov	r0, #0
	eret
	.ltorg
hyp_idmap_end:
