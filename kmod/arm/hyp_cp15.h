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

#ifndef __ASSEMBLER__
/*
 * hyp-switch.S moves each set with ldm/stm of consecutive registers, in
 * the order of these slots: a slot that moves breaks the switch. One
 * block per line, as the macros have them.
 */
/* cp15_eager: SCTLR TTBR0 TTBR1 TTBCR DACR PRRR NMRR VBAR (r2-r11) */
_Static_assert(CP15_SCTLR == 0 && CP15_TTBR0 == 1 && CP15_TTBR1 == 3 &&
		       CP15_TTBCR == 5 && CP15_DACR == 6 && CP15_PRRR == 7 &&
		       CP15_NMRR == 8 && CP15_VBAR == 9,
	       "cp15_eager, first block");
/* then CONTEXTIDR TPIDRURO TPIDRPRW (r2-r4) */
_Static_assert(CP15_CONTEXTIDR == 10 && CP15_TPIDRURO == 11 &&
		       CP15_TPIDRPRW == 12 && CP15_FAULT == 13,
	       "cp15_eager, second block");
/* cp15_fault: DFSR IFSR ADFSR AIFSR DFAR IFAR (r2-r7) */
_Static_assert(CP15_DFSR == CP15_FAULT && CP15_IFSR == 14 &&
		       CP15_ADFSR == 15 && CP15_AIFSR == 16 &&
		       CP15_DFAR == 17 && CP15_IFAR == 18 && CP15_LAZY == 19,
	       "cp15_fault");
/* cp15_hostlazy: CPACR AMAIR0 AMAIR1 TPIDRURW CNTKCTL (r2-r6) */
_Static_assert(CP15_CPACR == CP15_LAZY && CP15_AMAIR0 == 20 &&
		       CP15_AMAIR1 == 21 && CP15_TPIDRURW == 22 &&
		       CP15_CNTKCTL == 23 && CP15_NR_HOST == 24,
	       "cp15_hostlazy");
/* cp15_scratch: CSSELR PAR (r2-r4), right after cp15_hostlazy */
_Static_assert(CP15_CSSELR == CP15_NR_HOST && CP15_PAR == 25 &&
		       CP15_NR == CP15_PAR + 2,
	       "cp15_scratch");
#endif

#endif
