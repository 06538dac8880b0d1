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

#endif
