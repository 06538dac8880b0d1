/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Indices of the CP15 registers the world switch saves and loads (one
 * 32-bit slot each; 64-bit registers take two, low word first). Shared by
 * C and assembly.
 */
#ifndef VMM_ARM_HYP_CP15_H
#define VMM_ARM_HYP_CP15_H

/*
 * In the order the world switch moves them, ten words at a time (ldm/stm):
 *   - [0, CP15_FAULT): what the host kernel itself runs on (translation,
 *     vectors, its per-CPU and current-task pointers), switched on every
 *     entry and exit;
 *   - [CP15_FAULT, CP15_LAZY): the guest's fault registers, also saved
 *     and loaded on every exit and entry: any abort the host takes writes
 *     them (B3.13.3), and the host may take one (a watchpoint, a fixup)
 *     while the lazy state below is still the guest's. The host's own
 *     are scratch: its abort handlers read them right after the abort;
 *   - [CP15_LAZY, CP15_NR_HOST): the host's too, but only its user space
 *     and its VFP code read them (CPACR, AMAIR, TPIDRURW, CNTKCTL);
 *   - [CP15_NR_HOST, CP15_NR): the guest's only: Linux sets CSSELR right
 *     before the CCSIDR read it selects and reads PAR right after its own
 *     address translation, never in an exception handler.
 * The last two stay the guest's between traps answered without leaving
 * the host's interrupts-off window (hyp-switch.S: the lazy state): no
 * exception the host can take writes them.
 */
#define CP15_SCTLR	0
#define CP15_TTBR0	1 /* 64-bit: 1, 2 */
#define CP15_TTBR1	3 /* 64-bit: 3, 4 */
#define CP15_TTBCR	5
#define CP15_DACR	6
#define CP15_PRRR	7 /* MAIR0 */
#define CP15_NMRR	8 /* MAIR1 */
#define CP15_VBAR	9
#define CP15_CONTEXTIDR 10
#define CP15_TPIDRURO	11
#define CP15_TPIDRPRW	12
#define CP15_FAULT	13
#define CP15_DFSR	13
#define CP15_IFSR	14
#define CP15_ADFSR	15
#define CP15_AIFSR	16
#define CP15_DFAR	17
#define CP15_IFAR	18
#define CP15_LAZY	19
#define CP15_CPACR	19
#define CP15_AMAIR0	20
#define CP15_AMAIR1	21
#define CP15_TPIDRURW	22
#define CP15_CNTKCTL	23
#define CP15_NR_HOST	24 /* the host's [CP15_FAULT, CP15_LAZY) unused */
#define CP15_CSSELR	24
#define CP15_PAR	25 /* 64-bit: 25, 26 */
#define CP15_NR		27

#endif
