/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Indices of the CP15 registers the world switch saves and loads (one
 * 32-bit slot each; 64-bit registers take two, low word first). Shared by
 * C and assembly.
 */
#ifndef VMM_ARM_HYP_CP15_H
#define VMM_ARM_HYP_CP15_H

/*
 * The host's set first, then what is switched for the guest only, each in
 * the order the world switch moves them: its loads and stores go ten
 * words at a time (ldm/stm), so the order here is the order there.
 */
#define CP15_SCTLR	0
#define CP15_CPACR	1
#define CP15_TTBR0	2 /* 64-bit: 2, 3 */
#define CP15_TTBR1	4 /* 64-bit: 4, 5 */
#define CP15_TTBCR	6
#define CP15_DACR	7
#define CP15_PRRR	8 /* MAIR0 */
#define CP15_NMRR	9 /* MAIR1 */
#define CP15_AMAIR0	10
#define CP15_AMAIR1	11
#define CP15_VBAR	12
#define CP15_CONTEXTIDR 13
#define CP15_TPIDRURW	14
#define CP15_TPIDRURO	15 /* right after TPIDRURW: one stm */
#define CP15_TPIDRPRW	16
#define CP15_CNTKCTL	17
#define CP15_NR_HOST	18
#define CP15_CSSELR	18
#define CP15_DFSR	19
#define CP15_IFSR	20
#define CP15_ADFSR	21
#define CP15_AIFSR	22
#define CP15_DFAR	23
#define CP15_IFAR	24
#define CP15_PAR	25 /* 64-bit: 25, 26 */
#define CP15_NR		27

#endif
