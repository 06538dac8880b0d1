/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host side of a call into HYP mode: r0-r3 from *regs go down with hvc #0
 * and r0-r3 as HYP left them come back into *regs. Serves both the kernel's
 * stub (before our vectors exist) and the lowvisor's own host calls.
 */
	.arch	armv7-a
	.arch_extension virt
	.arm
	.text
	.global	hyp_call
	@ void hyp_call(struct hyp_host_regs *regs)
hyp_call:
	push	{r4, lr}
	mov	r4, r0
	ldm	r4, {r0-r3}
	hvc	#0
	stm	r4, {r0-r3}
	pop	{r4, pc}

	.global	hyp_call_fn
	@ uint32_t hyp_call_fn(uint32_t fn, uint32_t a1, uint32_t a2)
hyp_call_fn:
	hvc	#0
	bx	lr
