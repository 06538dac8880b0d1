/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A load with base writeback (no valid syndrome: the hypervisor must
 * fetch and decode it), reached through an alias mapping. r0 = address
 * - 4; returns the loaded word.
 */
	.syntax	unified
	.arch	armv7-a
	.arm
	.text
	.balign	4096
	.global	stale_walk_load
stale_walk_load:
	ldr	r1, [r0, #4]!
	mov	r0, r1
	bx	lr
