/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * 32-bit reads and writes outside RAM where no device is: every read must
 * be 0 (never host memory), writes are ignored, nothing faults. Assumes
 * the VM has exactly 16 MiB of RAM.
 */
#include "guest.h"

static const uint32_t addrs[] = {
	0x00000000u,			/* bottom of the address space */
	0x08ff0000u,			/* just below the UART */
	0x3ffff000u,			/* the page below RAM */
	0x3ffffffcu,			/* the last word below RAM */
	RAM_BASE + RAM_SIZE,		/* RAM end */
	RAM_BASE + RAM_SIZE + 0x1000u,
	0x50000000u,
	0x80000000u,
	0xfffff000u,
	0xfffffffcu,			/* the last word */
};

static volatile int aborted;
static volatile uint32_t abort_dfsr;

static void dabt_hook(int vec, struct exc_frame *f)
{
	aborted = 1;
	abort_dfsr = read_dfsr();
	f->r[0] = 0xbadbad00u;	/* what the load "returns" */
	exc_skip_insn(vec, f);
}

int main(void)
{
	unsigned i, failures = 0;

	exc_set_hook(EXC_DABT, dabt_hook);
	for (i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		uint32_t a = addrs[i], before, after;
		int bad;

		aborted = 0;
		before = probe_read(a);
		probe_write(a, 0xdeadbeefu ^ a);
		after = probe_read(a);
		bad = aborted || before != 0 || after != 0;
		printf("probe: 0x%08x read 0x%08x, wrote 0x%08x, read 0x%08x",
		       a, before, 0xdeadbeefu ^ a, after);
		if (aborted)
			printf(" (data abort, DFSR 0x%08x)", abort_dfsr);
		printf(": %s\n", bad ? "FAIL" : "ok");
		failures += bad;
	}
	exc_set_hook(EXC_DABT, NULL);
	if (failures)
		guest_failf("%u address(es) did not read as 0 or faulted", failures);
	guest_pass();
}
