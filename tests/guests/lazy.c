/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guest's state the world switch leaves in the hardware between two
 * hvcs or smcs answered by the highvisor (the lazy state: SP_usr, the FIQ
 * bank, CP15's TPIDRURW, CNTKCTL, CPACR, AMAIR, CSSELR and PAR) and the
 * state it switches on every exit (the other banked registers, the fault
 * registers, the thread ID registers) survive any mix of exits.
 * Each round writes a new pattern to all of them (banked ones with MSR
 * banked, B9.3.9), reads back what the CPU kept, then makes hvc and smc
 * calls, with an MMIO read answered by bhyve, a trapped PMU register
 * read and distributor accesses answered in the kernel in between on
 * some rounds, and finds every register as it left it. The distributor
 * is also a lazy case of the lowvisor's, but only for a transfer register
 * that is not banked: some of those accesses transfer a banked one (r8 of
 * FIQ mode, LR of Abort mode, SP of Undefined mode), which must come from
 * the guest's hardware state, not from a stale copy.
 */
#include "guest.h"
#include "gic.h"

__asm__(".arch_extension virt");

#define ROUNDS 300u

#define BANKED(X)                                                           \
	X(sp_usr) X(lr_usr) X(sp_abt) X(lr_abt) X(spsr_abt) X(sp_und)       \
	X(lr_und) X(spsr_und) X(sp_irq) X(lr_irq) X(spsr_irq) X(r8_fiq)     \
	X(r9_fiq) X(r10_fiq) X(r11_fiq) X(r12_fiq) X(sp_fiq) X(lr_fiq)      \
	X(spsr_fiq)

/* name, opc1, CRn, CRm, opc2, the bits a round may set */
#define CP15(X)                                                             \
	X(tpidrurw, 0, c13, c0, 2, 0xffffffffu)                             \
	X(tpidruro, 0, c13, c0, 3, 0xffffffffu)                             \
	X(tpidrprw, 0, c13, c0, 4, 0xffffffffu)                             \
	X(contextidr, 0, c13, c0, 1, 0xffffffffu)                           \
	X(dfsr, 0, c5, c0, 0, 0x0000140fu)                                  \
	X(ifsr, 0, c5, c0, 1, 0x0000040fu)                                  \
	X(adfsr, 0, c5, c1, 0, 0xffffffffu)                                 \
	X(aifsr, 0, c5, c1, 1, 0xffffffffu)                                 \
	X(dfar, 0, c6, c0, 0, 0xffffffffu)                                  \
	X(ifar, 0, c6, c0, 2, 0xffffffffu)                                  \
	X(par, 0, c7, c4, 0, 0xfffff000u)                                   \
	X(csselr, 2, c0, c0, 0, 0x00000001u)                                \
	X(cpacr, 0, c1, c0, 2, 0x00f00000u)                                 \
	X(amair0, 0, c10, c3, 0, 0xffffffffu)                               \
	X(amair1, 0, c10, c3, 1, 0xffffffffu)                               \
	X(cntkctl, 0, c14, c1, 0, 0x00000303u)

#include "regfile.h"


/*
 * GICD_TYPER loaded into r8_fiq (answered; r8_fiq then restored), LR_abt
 * and SP_und stored into GICD_IPRIORITYR10 and IPRIORITYR11 (SPIs 40-47,
 * no interrupt is enabled here). The asm uses r0-r3 only: no stack.
 */
static uint32_t gicd_banked(void)
{
	register uint32_t r0 __asm__("r0");
	register uint32_t r1 __asm__("r1") = GICD_BASE;

	__asm__ volatile("mrs	r3, cpsr\n\t"
			 "cps	#0x11\n\t"	/* FIQ: r8 is r8_fiq */
			 "mov	r2, r8\n\t"
			 "ldr	r8, [r1, #0x004]\n\t"
			 "mov	r0, r8\n\t"
			 "mov	r8, r2\n\t"
			 "cps	#0x17\n\t"	/* Abort: lr is lr_abt */
			 "str	lr, [r1, #0x428]\n\t"
			 "cps	#0x1b\n\t"	/* Undefined: sp is sp_und */
			 "str	sp, [r1, #0x42c]\n\t"
			 "msr	cpsr_c, r3"
			 : "=r"(r0)
			 : "r"(r1)
			 : "r2", "r3", "memory");
	return r0;
}

/* What the distributor keeps of a priority byte: its implemented bits. */
static uint32_t prio_bits(void)
{
	uint32_t v;

	gicd_write(GICD_IPRIORITYR + 40, 0xffffffffu);
	v = gicd_read(GICD_IPRIORITYR + 40);
	gicd_write(GICD_IPRIORITYR + 40, 0);
	return v;
}

static void check_gicd(uint32_t round, uint32_t mask)
{
	uint32_t typer = gicd_read(GICD_TYPER), lr_abt, sp_und, v;

	__asm__ volatile("mrs %0, lr_abt" : "=r"(lr_abt));
	__asm__ volatile("mrs %0, sp_und" : "=r"(sp_und));
	v = gicd_banked();
	if (v != typer)
		guest_failf("round %u: GICD_TYPER into r8_fiq read 0x%08x, "
			    "not 0x%08x", round, v, typer);
	v = gicd_read(GICD_IPRIORITYR + 40);
	if (v != (lr_abt & mask))
		guest_failf("round %u: LR_abt stored as 0x%08x, not 0x%08x",
			    round, v, lr_abt & mask);
	v = gicd_read(GICD_IPRIORITYR + 44);
	if (v != (sp_und & mask))
		guest_failf("round %u: SP_und stored as 0x%08x, not 0x%08x",
			    round, v, sp_und & mask);
}

static void exits(uint32_t round, uint32_t mask)
{
	uint32_t v;
	int i;

	for (i = 0; i < 3; i++) /* hvc, smc, hvc: both keep the state */
		if ((i == 1 ? psci_smc : psci_hvc)(PSCI_VERSION, 0, 0, 0) <
		    0x10000u)
			guest_failf("round %u: PSCI_VERSION too old", round);
	if (round & 1) /* to bhyve and back */
		v = *(volatile uint32_t *)TESTDEV_BASE;
	if (round % 3 == 0) /* PMCR: trapped, answered in the kernel */
		__asm__ volatile("mrc p15, 0, %0, c9, c12, 0" : "=r"(v));
	if (round % 4 != 0) /* the distributor: in the kernel, lazily */
		check_gicd(round, mask);
	(void)v;
	(void)psci_hvc(PSCI_VERSION, 0, 0, 0);
}

int main(void)
{
	uint32_t want[NREGS], got[NREGS], round, mask = prio_bits();

	if (!mask)
		guest_failf("GICD_IPRIORITYR keeps no bits");
	for (round = 1; round <= ROUNDS; round++) {
		regs_write(0xa5c30000u ^ (round * 0x9e3779b9u));
		regs_read(want);
		exits(round, mask);
		regs_read(got);
		regs_check(round, want, got);
		if (round == 1 || round == ROUNDS)
			printf("lazy: round %u: %u registers kept\n", round,
			       (unsigned)NREGS);
	}
	guest_pass();
}
