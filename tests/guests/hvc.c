/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PSCI through hvc #0 and smc #0: PSCI_VERSION (same answer both ways,
 * at least 0.2), PSCI_FEATURES of implemented and unknown functions,
 * unknown function ids, and r4-r12/sp/lr preserved across every call.
 */
#include "guest.h"

uint32_t psci_call_checked(uint32_t fn, uint32_t arg, int use_smc,
			   uint32_t *clobbered);

#define UNKNOWN_FN	0x8400001fu	/* in the PSCI range, not assigned */
#define UNKNOWN_FN2	0x8400abcdu	/* far outside any PSCI version */
#define UNDEF_MAGIC	0xdeadd00du

static volatile int undef_taken;
static unsigned failures;

/* Plain QEMU may not route smc: turn its UNDEF into a failed check. */
static void undef_hook(int vec, struct exc_frame *f)
{
	undef_taken = 1;
	f->r[0] = UNDEF_MAGIC;
	exc_skip_insn(vec, f);
}

static uint32_t call(const char *what, uint32_t fn, uint32_t arg, int smc,
		     uint32_t want, int exact)
{
	const char *conduit = smc ? "smc" : "hvc";
	uint32_t bad = 0, r;
	int ok = 1;

	undef_taken = 0;
	r = psci_call_checked(fn, arg, smc, &bad);
	printf("hvc: %-28s via %s: r0 = 0x%08x", what, conduit, r);
	if (undef_taken) {
		printf(" (undefined instruction: %s not handled)", conduit);
		ok = 0;
	} else if (exact && r != want) {
		printf(" (want 0x%08x)", want);
		ok = 0;
	}
	if (bad) {
		int i;

		printf(" clobbered:");
		for (i = 4; i <= 12; i++)
			if (bad & (1u << i))
				printf(" r%d", i);
		if (bad & (1u << 13))
			printf(" sp");
		if (bad & (1u << 14))
			printf(" lr");
		ok = 0;
	}
	printf(": %s\n", ok ? "ok" : "FAIL");
	if (!ok)
		failures++;
	return r;
}

int main(void)
{
	uint32_t vh;

	exc_set_hook(EXC_UNDEF, undef_hook);

	vh = call("PSCI_VERSION", PSCI_VERSION, 0, 0, 0, 0);
	printf("hvc: PSCI version %u.%u\n", vh >> 16, vh & 0xffff);
	if ((int32_t)vh < 0 || vh < 0x00000002u) {
		printf("hvc: PSCI_VERSION 0x%08x is below 0.2: FAIL\n", vh);
		failures++;
	}
	call("PSCI_VERSION", PSCI_VERSION, 0, 1, vh, 1);

	call("PSCI_FEATURES(SYSTEM_OFF)", PSCI_FEATURES, PSCI_SYSTEM_OFF, 0, 0, 1);
	call("PSCI_FEATURES(SYSTEM_OFF)", PSCI_FEATURES, PSCI_SYSTEM_OFF, 1, 0, 1);
	call("PSCI_FEATURES(SYSTEM_RESET)", PSCI_FEATURES, PSCI_SYSTEM_RESET, 0, 0, 1);
	call("PSCI_FEATURES(0x8400001f)", PSCI_FEATURES, UNKNOWN_FN, 0,
	     PSCI_NOT_SUPPORTED, 1);
	call("PSCI_FEATURES(0x8400001f)", PSCI_FEATURES, UNKNOWN_FN, 1,
	     PSCI_NOT_SUPPORTED, 1);
	call("function 0x8400001f", UNKNOWN_FN, 0, 0, PSCI_NOT_SUPPORTED, 1);
	call("function 0x8400001f", UNKNOWN_FN, 0, 1, PSCI_NOT_SUPPORTED, 1);
	call("function 0x8400abcd", UNKNOWN_FN2, 0, 0, PSCI_NOT_SUPPORTED, 1);

	exc_set_hook(EXC_UNDEF, NULL);
	if (failures)
		guest_failf("%u PSCI check(s) failed", failures);
	guest_pass();
}
