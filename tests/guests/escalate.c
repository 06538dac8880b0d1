/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest that tries to climb out of PL1: cps and msr to Hyp (0x1a) and
 * Monitor (0x16) mode from SVC, hvc and smc from User mode, writes and
 * reads of Hyp registers (HSCTLR, HVBAR, HCR, HTTBR, VTTBR) and writes to
 * debug registers. None may take effect: mode changes are ignored or
 * undefined (read back from CPSR), PL0 hvc/smc and every Hyp register
 * access is an undefined instruction. CP14 writes may be ignored or
 * undefined, but the guest must survive them.
 */
#include "guest.h"

void user_hvc_smc(int smc);
void cps_hyp(void);
void cps_mon(void);
void msr_mode(uint32_t mode);
void w_hsctlr(uint32_t v);
void w_hvbar(uint32_t v);
void w_hcr(uint32_t v);
void w_httbr(uint32_t v);
void w_vttbr(uint32_t v);
uint32_t r_hsctlr(void);
void w_dbgdscr(uint32_t v);
void w_dbgbvr0(uint32_t v);
void w_dbgbcr0(uint32_t v);

static volatile unsigned undefs;
static volatile uint32_t undef_mode;

static void undef_hook(int vec, struct exc_frame *f)
{
	undefs++;
	undef_mode = f->spsr & PSR_MODE_MASK;
	exc_skip_insn(vec, f);
	/* hvc/smc from User mode: come back in SVC (see user_hvc_smc). */
	if (undef_mode == PSR_MODE_USR)
		f->spsr = (f->spsr & ~PSR_MODE_MASK) | PSR_MODE_SVC;
}

static void check_svc(const char *what)
{
	uint32_t mode = read_cpsr() & PSR_MODE_MASK;

	printf("escalate: %s: mode 0x%02x, %u undef\n", what, mode, undefs);
	if (mode != PSR_MODE_SVC)
		guest_failf("%s: CPSR mode is 0x%02x", what, mode);
}

/* Exactly one undefined instruction for what was just tried. */
static void check_undef(const char *what, unsigned before)
{
	check_svc(what);
	if (undefs != before + 1)
		guest_failf("%s: %u undefined-instruction exceptions, want 1",
			    what, undefs - before);
}

#define UNDEF(what, call)                     \
	do {                                  \
		unsigned b_ = undefs;         \
		call;                         \
		check_undef(what, b_);        \
	} while (0)

int main(void)
{
	unsigned b;

	exc_set_hook(EXC_UNDEF, undef_hook);
	/* Mode changes: either ignored or undefined, never taken. */
	cps_hyp();
	check_svc("cps #0x1a");
	cps_mon();
	check_svc("cps #0x16");
	msr_mode(0x1a);
	check_svc("msr cpsr_c, Hyp");
	msr_mode(0x16);
	check_svc("msr cpsr_c, Monitor");

	b = undefs;
	user_hvc_smc(0);
	check_undef("hvc from User mode", b);
	if (undef_mode != PSR_MODE_USR)
		guest_fail("hvc from User mode: undefined not taken from User");
	UNDEF("smc from User mode", user_hvc_smc(1));

	UNDEF("write HSCTLR", w_hsctlr(0));
	UNDEF("write HVBAR", w_hvbar(RAM_BASE));
	UNDEF("write HCR", w_hcr(0));
	UNDEF("write HTTBR", w_httbr(0));
	UNDEF("write VTTBR", w_vttbr(0));
	UNDEF("read HSCTLR", (void)r_hsctlr());

	/* Debug registers: the guest survives, whatever the answer. */
	b = undefs;
	w_dbgdscr(0xffffffffu);
	w_dbgbvr0(0x40000000u);
	w_dbgbcr0(0x1e7u);
	printf("escalate: 3 debug register writes: %u undefined\n",
	       undefs - b);
	check_svc("after debug register writes");
	guest_pass();
}
