// SPDX-License-Identifier: BSD-2-Clause
/*
 * The guest's register file seen through its current mode, and exceptions
 * injected into it (ARM ARM B1.8: exception entry, B1.9: the modes' banked
 * LR/SPSR, B4.1.52/B3.13.3: fault status encodings). Plain C: unit tested.
 */
#include "vmm/types.h"
#include "arm_vm.h"

static uint32_t *banked_sp_lr(struct arm_guest_regs *g, unsigned int n)
{
	struct arm_banked *b = &g->banked;
	bool sp = n == 13;

	switch (g->cpsr & PSR_MODE_MASK) {
	case PSR_MODE_SVC:
		return sp ? &b->sp_svc : &b->lr_svc;
	case PSR_MODE_ABT:
		return sp ? &b->sp_abt : &b->lr_abt;
	case PSR_MODE_UND:
		return sp ? &b->sp_und : &b->lr_und;
	case PSR_MODE_IRQ:
		return sp ? &b->sp_irq : &b->lr_irq;
	case PSR_MODE_FIQ:
		return sp ? &b->sp_fiq : &b->lr_fiq;
	default: /* usr, sys */
		return sp ? &b->sp_usr : &g->lr_usr;
	}
}

static uint32_t *reg_slot(struct arm_guest_regs *g, unsigned int n)
{
	static const unsigned int fiq_off[5] = {
		offsetof(struct arm_banked, r8_fiq),
		offsetof(struct arm_banked, r9_fiq),
		offsetof(struct arm_banked, r10_fiq),
		offsetof(struct arm_banked, r11_fiq),
		offsetof(struct arm_banked, r12_fiq),
	};

	if (n >= 8 && n <= 12 && (g->cpsr & PSR_MODE_MASK) == PSR_MODE_FIQ)
		return (uint32_t *)((char *)&g->banked + fiq_off[n - 8]);
	if (n <= 12)
		return &g->r[n];
	if (n == 15)
		return &g->pc;
	return banked_sp_lr(g, n);
}

uint32_t arm_reg_get(const struct arm_guest_regs *g, unsigned int n)
{
	if (n > 15)
		return 0;
	return *reg_slot((struct arm_guest_regs *)g, n);
}

void arm_reg_set(struct arm_guest_regs *g, unsigned int n, uint32_t v)
{
	if (n <= 15)
		*reg_slot(g, n) = v;
}

void arm_skip_insn(struct arm_guest_regs *g, uint32_t hsr)
{
	arm_advance_pc(g, (hsr & HSR_IL) ? 4 : 2);
}

void arm_advance_pc(struct arm_guest_regs *g, unsigned int len)
{
	uint32_t it, cond_base;

	g->pc += len;
	/* In an IT block, advance ITSTATE as the CPU would (A2.5.2). */
	it = ((g->cpsr >> 25) & 0x3) | ((g->cpsr >> 8) & 0xfc);
	if (!(g->cpsr & PSR_T) || !it)
		return;
	cond_base = it & 0xe0;
	it = (it & 0x7) ? (cond_base | ((it << 1) & 0x1f)) : 0;
	g->cpsr &= ~PSR_IT_MASK;
	g->cpsr |= ((it & 0x3) << 25) | ((it & 0xfc) << 8);
}

bool arm_cond_passed(uint32_t cpsr, uint32_t cond)
{
	bool n = cpsr >> 31, z = (cpsr >> 30) & 1, c = (cpsr >> 29) & 1,
	     v = (cpsr >> 28) & 1;
	bool r;

	switch (cond >> 1) {
	case 0: r = z; break;
	case 1: r = c; break;
	case 2: r = n; break;
	case 3: r = v; break;
	case 4: r = c && !z; break;
	case 5: r = n == v; break;
	case 6: r = !z && n == v; break;
	default: return true; /* AL, and 0b1111 */
	}
	return (cond & 1) ? !r : r;
}

/* B1.8.3: take an exception to mode at the vector offset with lr. */
static void take_exception(struct arm_guest_regs *g, uint32_t mode,
			   uint32_t offset, uint32_t lr)
{
	uint32_t sctlr = g->cp15[CP15_SCTLR];
	uint32_t old = g->cpsr;
	uint32_t cpsr;

	cpsr = old & ~(PSR_MODE_MASK | PSR_T | PSR_J | PSR_IT_MASK | PSR_E);
	cpsr |= mode | PSR_I;
	if (mode == PSR_MODE_ABT)
		cpsr |= PSR_A;
	if (sctlr & SCTLR_TE)
		cpsr |= PSR_T;
	if (sctlr & SCTLR_EE)
		cpsr |= PSR_E;
	g->cpsr = cpsr;
	switch (mode) {
	case PSR_MODE_UND:
		g->banked.spsr_und = old;
		g->banked.lr_und = lr;
		break;
	case PSR_MODE_ABT:
		g->banked.spsr_abt = old;
		g->banked.lr_abt = lr;
		break;
	}
	g->pc = ((sctlr & SCTLR_V) ? 0xffff0000u : g->cp15[CP15_VBAR]) +
		offset;
}

void arm_inject_undef(struct arm_guest_regs *g)
{
	take_exception(g, PSR_MODE_UND, 0x04,
		       g->pc + ((g->cpsr & PSR_T) ? 2 : 4));
}

/* A synchronous external abort, in the FSR format the guest uses. */
static uint32_t external_abort_fsr(const struct arm_guest_regs *g)
{
	if (g->cp15[CP15_TTBCR] & TTBCR_EAE)
		return (1u << 9) | 0x10; /* LPAE, STATUS 0b010000 */
	return 0x8; /* FS 0b01000 */
}

void arm_inject_pabt(struct arm_guest_regs *g, uint32_t ifar)
{
	g->cp15[CP15_IFSR] = external_abort_fsr(g);
	g->cp15[CP15_IFAR] = ifar;
	take_exception(g, PSR_MODE_ABT, 0x0c, g->pc + 4);
}

void arm_inject_dabt(struct arm_guest_regs *g, uint32_t dfar, bool write)
{
	g->cp15[CP15_DFSR] = external_abort_fsr(g) | (write ? 1u << 11 : 0);
	g->cp15[CP15_DFAR] = dfar;
	take_exception(g, PSR_MODE_ABT, 0x10, g->pc + 8);
}
