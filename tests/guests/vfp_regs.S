/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Bulk access to the VFP/NEON register file for the vfp guest (the C
 * code is built soft-float and never touches these registers).
 */
	.syntax unified
	.arch	armv7-a
	.fpu	neon
	.arm
	.text

.macro	FUNC name
	.global	\name
	.type	\name, %function
\name:
.endm

/* void vfp_load_lo(const uint64_t src[16]): d0-d15 */
FUNC vfp_load_lo
	vldmia	r0, {d0-d15}
	bx	lr

/* void vfp_load_hi(const uint64_t src[16]): d16-d31 */
FUNC vfp_load_hi
	vldmia	r0, {d16-d31}
	bx	lr

/* void vfp_store_lo(uint64_t dst[16]) */
FUNC vfp_store_lo
	vstmia	r0, {d0-d15}
	bx	lr

/* void vfp_store_hi(uint64_t dst[16]) */
FUNC vfp_store_hi
	vstmia	r0, {d16-d31}
	bx	lr

FUNC vfp_read_fpscr
	vmrs	r0, fpscr
	bx	lr

FUNC vfp_write_fpscr
	vmsr	fpscr, r0
	bx	lr

FUNC vfp_read_fpexc
	vmrs	r0, fpexc
	bx	lr

FUNC vfp_write_fpexc
	vmsr	fpexc, r0
	bx	lr

FUNC vfp_read_fpsid
	vmrs	r0, fpsid
	bx	lr

FUNC vfp_read_mvfr0
	vmrs	r0, mvfr0
	bx	lr

FUNC vfp_read_mvfr1
	vmrs	r0, mvfr1
	bx	lr

	.section .note.GNU-stack, "", %progbits
