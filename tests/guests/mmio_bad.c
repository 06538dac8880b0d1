/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Accesses to MMIO (the test device) that the hypervisor cannot emulate:
 * LDM, STM, LDREX, STREX, VLDR, VSTR. None has a valid instruction
 * syndrome and none is a single load or store, so the guest must get a
 * data abort at the device's address, and nothing else. A STREX with no
 * exclusive reservation may instead fail without any access (Arm ARM
 * A3.4, exclusive monitors), so it follows a LDREX on RAM, and if it is
 * not aborted it must have failed and left the device alone. The same
 * instructions on RAM first check that the helpers work.
 */
#include "guest.h"

#define CPACR_CP10_CP11_FULL (0xfu << 20)
#define FPEXC_EN	     (1u << 30)

void fpexc_write(uint32_t v);
void do_ldm(uint32_t a);
void do_stm(uint32_t a);
void do_ldrex(uint32_t a);
uint32_t do_strex(uint32_t a, uint32_t v);
void do_vldr(uint32_t a);
void do_vstr(uint32_t a);

static const struct {
	const char *name;
	void (*fn)(uint32_t a);
	int ram_ok; /* exclusives on RAM with the MMU off: not tried */
} accesses[] = {
	{ "ldm", do_ldm, 1 },	  { "stm", do_stm, 1 },
	{ "ldrex", do_ldrex, 0 }, { "vldr", do_vldr, 1 },
	{ "vstr", do_vstr, 1 },
};

static volatile unsigned dabts;
static volatile uint32_t dfar;
static uint32_t ram[4] __attribute__((aligned(16)));

static void dabt_hook(int vec, struct exc_frame *f)
{
	dabts++;
	dfar = read_dfar();
	exc_skip_insn(vec, f);
}

int main(void)
{
	volatile uint32_t *scratch = (volatile uint32_t *)TESTDEV_BASE;
	unsigned i;
	uint32_t st;

	write_cpacr(read_cpacr() | CPACR_CP10_CP11_FULL);
	isb();
	fpexc_write(FPEXC_EN);
	exc_set_hook(EXC_DABT, dabt_hook);
	for (i = 0; i < sizeof(accesses) / sizeof(accesses[0]); i++) {
		if (accesses[i].ram_ok) {
			dabts = 0;
			accesses[i].fn((uint32_t)ram);
			if (dabts)
				guest_failf("%s on RAM aborted", accesses[i].name);
		}
		dabts = 0;
		dfar = 0;
		accesses[i].fn(TESTDEV_BASE + 8);
		printf("mmio_bad: %s to MMIO: %u data abort(s), DFAR 0x%08x\n",
		       accesses[i].name, dabts, dfar);
		if (dabts != 1)
			guest_failf("%s to MMIO: %u data aborts, want 1",
				    accesses[i].name, dabts);
		if ((dfar & ~0xfffu) != TESTDEV_BASE)
			guest_failf("%s to MMIO: DFAR 0x%08x", accesses[i].name,
				    dfar);
	}

	/* STREX, with the local monitor open on a RAM address. */
	scratch[2] = 0x600dfeedu;
	dabts = 0;
	dfar = 0;
	do_ldrex((uint32_t)ram);
	st = do_strex(TESTDEV_BASE + 8, 0xbadbad00u);
	printf("mmio_bad: strex to MMIO: %u data abort(s), DFAR 0x%08x, "
	       "status %u, device 0x%08x\n", dabts, dfar, st, scratch[2]);
	if (dabts > 1 || (dabts == 1 && (dfar & ~0xfffu) != TESTDEV_BASE))
		guest_failf("strex to MMIO: %u data aborts, DFAR 0x%08x", dabts,
			    dfar);
	if (dabts == 0 && st != 1)
		guest_failf("strex to MMIO neither aborted nor failed (%u)", st);
	if (scratch[2] != 0x600dfeedu)
		guest_fail("strex to MMIO wrote the device");
	guest_pass();
}
