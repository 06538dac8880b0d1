/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Indices of the CP15 registers the world switch saves and loads (one
 * 32-bit slot each; 64-bit registers take two, low word first). Shared by
 * C and assembly.
 */
#ifndef VMM_ARM_HYP_CP15_H
#define VMM_ARM_HYP_CP15_H

#define CP15_CSSELR	0
#define CP15_SCTLR	1
#define CP15_CPACR	2
#define CP15_TTBR0	3 /* 64-bit: 3, 4 */
#define CP15_TTBR1	5 /* 64-bit: 5, 6 */
#define CP15_TTBCR	7
#define CP15_DACR	8
#define CP15_DFSR	9
#define CP15_IFSR	10
#define CP15_ADFSR	11
#define CP15_AIFSR	12
#define CP15_DFAR	13
#define CP15_IFAR	14
#define CP15_PAR	15 /* 64-bit: 15, 16 */
#define CP15_PRRR	17 /* MAIR0 */
#define CP15_NMRR	18 /* MAIR1 */
#define CP15_AMAIR0	19
#define CP15_AMAIR1	20
#define CP15_VBAR	21
#define CP15_CONTEXTIDR 22
#define CP15_TPIDRURW	23
#define CP15_TPIDRURO	24
#define CP15_TPIDRPRW	25
#define CP15_CNTKCTL	26
#define CP15_NR		27

#endif
