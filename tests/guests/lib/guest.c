/* SPDX-License-Identifier: BSD-2-Clause */
/* Result reporting, the call to main() and exception dispatch. */
#include "guest.h"

static volatile int result_printed;
static volatile int in_default_handler;

void guest_poweroff(void)
{
	psci_hvc(PSCI_SYSTEM_OFF, 0, 0, 0);
	/* Only a broken VMM gets here; never spin without a chance to be
	 * stopped by a harness timeout. */
	printf("guest: SYSTEM_OFF returned\n");
	for (;;)
		__asm__ volatile("wfi");
}

void guest_pass(void)
{
	if (!result_printed) {
		result_printed = 1;
		printf("GUEST-RESULT: PASS %s\n", guest_name);
	}
	guest_poweroff();
}

void guest_fail(const char *why)
{
	/* One result line only, even if the failure path faults again. */
	if (!result_printed) {
		result_printed = 1;
		printf("GUEST-RESULT: FAIL %s: %s\n", guest_name, why);
	}
	guest_poweroff();
}

void guest_failf(const char *fmt, ...)
{
	static char why[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	guest_fail(why);
}

void guest_start(void);
void guest_start(void)
{
	int rc = main();

	if (rc == 0)
		guest_pass();
	guest_failf("main returned %d", rc);
}

/* ---- exceptions ------------------------------------------------------ */

static exc_hook_t hooks[EXC_NVEC];

static const char *const names[EXC_NVEC] = {
	"reset", "undefined instruction", "supervisor call", "prefetch abort",
	"data abort", "hyp trap", "IRQ", "FIQ",
};

const char *exc_name(int vec)
{
	return vec >= 0 && vec < EXC_NVEC ? names[vec] : "?";
}

exc_hook_t exc_set_hook(int vec, exc_hook_t hook)
{
	exc_hook_t old = hooks[vec];

	hooks[vec] = hook;
	return old;
}

uint32_t exc_fault_pc(int vec, const struct exc_frame *f)
{
	int thumb = (f->spsr & PSR_T) != 0;

	/* LR offsets for exceptions taken to PL1 modes, ARM ARM B1.8.3. */
	switch (vec) {
	case EXC_UNDEF:
		return f->lr - (thumb ? 2 : 4);
	case EXC_SVC:
		return f->lr - (thumb ? 2 : 4);
	case EXC_PABT:
		return f->lr - 4;
	case EXC_DABT:
		return f->lr - 8;
	default:	/* IRQ/FIQ: the interrupted instruction */
		return f->lr - 4;
	}
}

static uint32_t insn_size(uint32_t pc, int thumb)
{
	uint16_t hw;

	if (!thumb)
		return 4;
	hw = *(const volatile uint16_t *)pc;
	/* 0b11101, 0b11110, 0b11111 in bits 15:11 start a 32-bit T32. */
	return (hw >> 11) >= 0x1d ? 4 : 2;
}

void exc_skip_insn(int vec, struct exc_frame *f)
{
	uint32_t pc = exc_fault_pc(vec, f);

	f->lr = pc + insn_size(pc, (f->spsr & PSR_T) != 0);
}

static void __noreturn default_handler(int vec, struct exc_frame *f)
{
	uint32_t pc = exc_fault_pc(vec, f);
	int i;

	if (in_default_handler)
		guest_poweroff();	/* faulted while reporting a fault */
	in_default_handler = 1;

	printf("*** unexpected %s exception at pc 0x%08x\n", exc_name(vec), pc);
	printf("    lr 0x%08x spsr 0x%08x cpsr 0x%08x\n", f->lr, f->spsr,
	       read_cpsr());
	if (vec == EXC_DABT)
		printf("    DFAR 0x%08x DFSR 0x%08x\n", read_dfar(), read_dfsr());
	if (vec == EXC_PABT)
		printf("    IFAR 0x%08x IFSR 0x%08x\n", read_ifar(), read_ifsr());
	for (i = 0; i < 13; i++)
		printf("    r%-2d 0x%08x%s", i, f->r[i], (i & 3) == 3 ? "\n" : "");
	printf("\n");

	if (vec == EXC_DABT)
		guest_failf("unexpected data abort at pc 0x%08x, address 0x%08x",
			    pc, read_dfar());
	if (vec == EXC_PABT)
		guest_failf("unexpected prefetch abort at pc 0x%08x, address 0x%08x",
			    pc, read_ifar());
	guest_failf("unexpected %s exception at pc 0x%08x", exc_name(vec), pc);
}

void exc_dispatch(int vec, struct exc_frame *f);
void exc_dispatch(int vec, struct exc_frame *f)
{
	exc_hook_t hook = vec >= 0 && vec < EXC_NVEC ? hooks[vec] : NULL;

	if (hook)
		hook(vec, f);
	else
		default_handler(vec, f);
}
