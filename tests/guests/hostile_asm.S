/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Instructions the hostile guests aim at the hypervisor, each in a small
 * function so a C hook can step over whatever it raises.
 */
	.syntax	unified
	.arch	armv7-a
	.arch_extension virt
	.arch_extension sec
	.arch_extension mp
	.fpu	vfpv3
	.arm
	.text

#define PAT_BASE 0x5a000000
#include "regpat.h"

/*
 * uint32_t slot_call_checked(uint32_t fn, uint32_t *clobbered);
 * Runs the instruction at patch_slot (an hvc or smc the C code writes
 * there, with any immediate) with r0 = fn and known patterns in r4-r12
 * and lr; *clobbered gets a bit per register (4-12, 13 = sp, 14 = lr)
 * that changed. SMCCC: only r0-r3 may.
 */
	.global	slot_call_checked
	.type	slot_call_checked, %function
slot_call_checked:
	CHECKED_ENTER r1
	mov	r1, #0
	mov	r2, #0
	mov	r3, #0
	SETPAT_ALL
	.global	patch_slot
patch_slot:
	hvc	#0
	CHECKED_LEAVE
	.ltorg
	.size	slot_call_checked, . - slot_call_checked

/*
 * From SVC to User mode, then hvc (which = 0) or smc (1): both are
 * UNDEFINED at PL0. The undefined-instruction hook returns to the next
 * instruction in SVC mode, so lr below is SVC's again.
 */
	.global	user_hvc_smc
	.type	user_hvc_smc, %function
user_hvc_smc:
	cmp	r0, #0
	cps	#0x10
	bne	1f
	hvc	#0
	bx	lr
1:	smc	#0
	bx	lr
	.size	user_hvc_smc, . - user_hvc_smc

/* Attempts to enter HYP (0x1a) or Monitor (0x16) mode from SVC. */
	.global	cps_hyp
cps_hyp:
	cps	#0x1a
	bx	lr
	.global	cps_mon
cps_mon:
	cps	#0x16
	bx	lr
	.global	msr_mode	/* r0 = mode */
msr_mode:
	mrs	r1, cpsr
	bic	r1, r1, #0x1f
	orr	r1, r1, r0
	msr	cpsr_c, r1
	bx	lr

/* PL2 (Hyp) registers from PL1: UNDEFINED, whatever the value. */
	.global	w_hsctlr, w_hvbar, w_hcr, w_httbr, w_vttbr, r_hsctlr
w_hsctlr:
	mcr	p15, 4, r0, c1, c0, 0
	bx	lr
w_hvbar:
	mcr	p15, 4, r0, c12, c0, 0
	bx	lr
w_hcr:
	mcr	p15, 4, r0, c1, c1, 0
	bx	lr
w_httbr:
	mcrr	p15, 4, r0, r0, c2
	bx	lr
w_vttbr:
	mcrr	p15, 6, r0, r0, c2
	bx	lr
r_hsctlr:
	mrc	p15, 4, r0, c1, c0, 0
	bx	lr
/* Debug registers (CP14) the hypervisor traps: never reach hardware. */
	.global	w_dbgdscr, w_dbgbvr0, w_dbgbcr0
w_dbgdscr:
	mcr	p14, 0, r0, c0, c2, 2
	bx	lr
w_dbgbvr0:
	mcr	p14, 0, r0, c0, c0, 4
	bx	lr
w_dbgbcr0:
	mcr	p14, 0, r0, c0, c0, 5
	bx	lr

/* Turns VFP on: r0 = FPEXC (EN = bit 30); CPACR is set from C. */
	.global	fpexc_write
fpexc_write:
	vmsr	fpexc, r0
	isb
	bx	lr

/* Accesses with no instruction syndrome: r0 = MMIO address. */
	.global	do_ldm, do_stm, do_ldrex, do_strex, do_vldr, do_vstr
do_ldm:
	push	{r4, r5}
	ldm	r0, {r4, r5}
	pop	{r4, r5}
	bx	lr
do_stm:
	push	{r4, r5}
	stm	r0, {r4, r5}
	pop	{r4, r5}
	bx	lr
do_ldrex:
	ldrex	r1, [r0]
	bx	lr
do_strex:			/* r1 = value; returns the status, 2 if skipped */
	mov	r3, #2
	strex	r3, r1, [r0]
	mov	r0, r3
	bx	lr
do_vldr:
	vldr	d0, [r0]
	bx	lr
do_vstr:
	vstr	d0, [r0]
	bx	lr

	.bss
	.balign	4
saved_sp:
	.space	4
saved_out:
	.space	4

	.section .note.GNU-stack, "", %progbits
