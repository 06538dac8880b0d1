/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guest's own exception handlers, entered the architectural way
 * (ARM ARM B1.8): an undefined instruction in ARM state (LR_und = +4),
 * in Thumb state 16-bit and 32-bit (LR_und = +2 for both), and a
 * prefetch abort on a branch outside RAM (IFAR = target, LR_abt = +4).
 * Each handler checks the state it got and returns into the test.
 */
#include "guest.h"

uint32_t udf_arm(void);
uint32_t udf_thumb16(void);
uint32_t udf_thumb32(void);
uint32_t jump_away(uint32_t addr);
extern char udf_arm_site[], udf_thumb16_site[], udf_thumb32_site[];
extern char jump_away_resume[];
extern uint32_t udf_regs_bad;

/*
 * Branch targets with no RAM and no device. 0x08ff0000 is unclaimed in
 * plain QEMU's virt board too (0x20000000 is its PCIe window there).
 */
static const uint32_t pabt_addrs[] = { 0x20000000u, 0x08ff0000u };
#define RESUMED		0x600dc0deu	/* r0 the handlers hand back */
#define PAT(n)		(0xc0de0000u | ((n) << 8) | (n))

/* What a hook saw. */
static struct {
	unsigned count;
	int vec;
	uint32_t lr, spsr, cpsr, far, fsr;
	uint32_t r[13];
} seen;

static void record(int vec, struct exc_frame *f)
{
	unsigned i;

	seen.count++;
	seen.vec = vec;
	seen.lr = f->lr;
	seen.spsr = f->spsr;
	seen.cpsr = read_cpsr();
	for (i = 0; i < 13; i++)
		seen.r[i] = f->r[i];
}

static void undef_hook(int vec, struct exc_frame *f)
{
	record(vec, f);
	f->r[0] = RESUMED;
	exc_skip_insn(vec, f);	/* +4 ARM, the instruction's size in Thumb */
}

/* Also catches an undefined instruction: something answered the fetch. */
static void pabt_hook(int vec, struct exc_frame *f)
{
	record(vec, f);
	seen.far = vec == EXC_PABT ? read_ifar() : 0;
	seen.fsr = vec == EXC_PABT ? read_ifsr() : 0;
	f->r[0] = RESUMED;
	/* Back to jump_away in ARM state; lr_svc still holds its return. */
	f->lr = (uint32_t)jump_away_resume;
	f->spsr &= ~(PSR_T | PSR_IT_MASK);
}

static unsigned failures;

static void check(const char *test, const char *what, int ok, uint32_t got,
		  uint32_t want)
{
	if (ok)
		return;
	printf("undef: %s: %s: got 0x%08x, want 0x%08x\n", test, what, got,
	       want);
	failures++;
}

static void check_common(const char *test, uint32_t mode, uint32_t ret,
			 int thumb)
{
	uint32_t want_spsr = PSR_MODE_SVC | (thumb ? PSR_T : 0);
	unsigned n;

	check(test, "handler runs", seen.count == 1, seen.count, 1);
	check(test, "SPSR mode and T bit", (seen.spsr & 0x3f) == want_spsr,
	      seen.spsr & 0x3f, want_spsr);
	check(test, "SPSR A/I/F as before", (seen.spsr & 0x1c0) == 0x1c0,
	      seen.spsr & 0x1c0, 0x1c0);
	check(test, "SPSR IT bits", (seen.spsr & PSR_IT_MASK) == 0,
	      seen.spsr & PSR_IT_MASK, 0);
	check(test, "CPSR mode in handler", (seen.cpsr & PSR_MODE_MASK) == mode,
	      seen.cpsr & PSR_MODE_MASK, mode);
	check(test, "CPSR.I in handler", (seen.cpsr & PSR_I) != 0, seen.cpsr,
	      seen.cpsr | PSR_I);
	check(test, "returned through the handler", ret == RESUMED, ret,
	      RESUMED);
	for (n = 4; n <= 11 && mode == PSR_MODE_UND; n++)
		check(test, "rN in the frame", seen.r[n] == PAT(n), seen.r[n],
		      PAT(n));
}

static void run_udf(const char *test, uint32_t (*fn)(void), const char *site,
		    uint32_t lr_off, int thumb)
{
	uint32_t ret, want_lr = ((uint32_t)site & ~1u) + lr_off;
	unsigned before = failures;

	seen.count = 0;
	udf_regs_bad = 0;
	ret = fn();
	printf("undef: %s: LR_und 0x%08x (site 0x%08x) SPSR_und 0x%08x\n",
	       test, seen.lr, (uint32_t)site, seen.spsr);
	check(test, "LR_und", seen.lr == want_lr, seen.lr, want_lr);
	check_common(test, PSR_MODE_UND, ret, thumb);
	check(test, "r4-r11 after return (mask)", udf_regs_bad == 0,
	      udf_regs_bad, 0);
	printf("undef: %s: %s\n", test, failures == before ? "ok" : "FAIL");
}

static void run_pabt(uint32_t addr)
{
	unsigned before = failures;
	uint32_t ret;

	exc_set_hook(EXC_PABT, pabt_hook);
	exc_set_hook(EXC_UNDEF, pabt_hook);
	seen.count = 0;
	seen.vec = -1;
	ret = jump_away(addr);
	exc_set_hook(EXC_PABT, NULL);
	exc_set_hook(EXC_UNDEF, NULL);
	if (seen.count != 1 || seen.vec != EXC_PABT) {
		printf("undef: prefetch abort at 0x%08x: got %s at pc 0x%08x "
		       "instead: FAIL\n", addr, seen.count ?
		       exc_name(seen.vec) : "no exception", seen.lr - 4);
		failures++;
		return;
	}
	printf("undef: prefetch abort: IFAR 0x%08x IFSR 0x%08x LR_abt 0x%08x "
	       "SPSR_abt 0x%08x\n", seen.far, seen.fsr, seen.lr, seen.spsr);
	check("prefetch abort", "IFAR", seen.far == addr, seen.far, addr);
	check("prefetch abort", "LR_abt", seen.lr == addr + 4, seen.lr,
	      addr + 4);
	check_common("prefetch abort", PSR_MODE_ABT, ret, 0);
	printf("undef: prefetch abort at 0x%08x: %s\n", addr,
	       failures == before ? "ok" : "FAIL");
}

int main(void)
{
	unsigned i;

	exc_set_hook(EXC_UNDEF, undef_hook);
	run_udf("ARM udf #0 (0xe7f000f0)", udf_arm, udf_arm_site, 4, 0);
	run_udf("Thumb udf #0 (0xde00)", udf_thumb16, udf_thumb16_site, 2, 1);
	run_udf("Thumb udf.w #0 (0xf7f0a000)", udf_thumb32, udf_thumb32_site,
		2, 1);
	exc_set_hook(EXC_UNDEF, NULL);

	for (i = 0; i < sizeof(pabt_addrs) / sizeof(pabt_addrs[0]); i++)
		run_pabt(pabt_addrs[i]);

	if (failures)
		guest_failf("%u check(s) failed", failures);
	guest_pass();
}
