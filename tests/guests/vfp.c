/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The VFP/NEON state survives exits: d0-d31 and FPSCR hold distinct
 * patterns while the guest makes many exits of each kind (UART output,
 * testdev MMIO, PSCI hvc), and are checked after each kind.
 */
#include "guest.h"

void vfp_load_lo(const uint64_t *src);
void vfp_load_hi(const uint64_t *src);
void vfp_store_lo(uint64_t *dst);
void vfp_store_hi(uint64_t *dst);
uint32_t vfp_read_fpscr(void);
void vfp_write_fpscr(uint32_t v);
uint32_t vfp_read_fpexc(void);
void vfp_write_fpexc(uint32_t v);
uint32_t vfp_read_fpsid(void);
uint32_t vfp_read_mvfr0(void);
uint32_t vfp_read_mvfr1(void);

#define CPACR_CP10_CP11_FULL	(0xfu << 20)
#define FPEXC_EN		(1u << 30)
/* N C, QC, DN, FZ, RMode = round towards minus infinity, IDC IXC DZC. */
#define FPSCR_PATTERN		0xab800092u

static uint64_t want[32], got[32];
static unsigned nregs;		/* 16 or 32 D registers */
static uint32_t fpscr_want;
static unsigned failures;
static int testdev_missing;

static void load_all(void)
{
	vfp_load_lo(want);
	if (nregs == 32)
		vfp_load_hi(want + 16);
	vfp_write_fpscr(FPSCR_PATTERN);
}

static void check_all(const char *after)
{
	unsigned i, bad = 0;
	uint32_t fpscr = vfp_read_fpscr(), fpexc = vfp_read_fpexc();

	vfp_store_lo(got);
	if (nregs == 32)
		vfp_store_hi(got + 16);
	for (i = 0; i < nregs; i++) {
		if (got[i] == want[i])
			continue;
		printf("vfp:   d%u = 0x%08x%08x, want 0x%08x%08x\n", i,
		       (uint32_t)(got[i] >> 32), (uint32_t)got[i],
		       (uint32_t)(want[i] >> 32), (uint32_t)want[i]);
		bad++;
	}
	if (fpscr != fpscr_want) {
		printf("vfp:   FPSCR = 0x%08x, want 0x%08x\n", fpscr, fpscr_want);
		bad++;
	}
	if (!(fpexc & FPEXC_EN)) {
		printf("vfp:   FPEXC = 0x%08x, EN clear\n", fpexc);
		bad++;
	}
	printf("vfp: d0-d%u, FPSCR after %s: %s\n", nregs - 1, after,
	       bad ? "FAIL" : "ok");
	if (bad)
		failures++;
	/* Start the next round from a known state even after a failure. */
	load_all();
}

static void dabt_hook(int vec, struct exc_frame *f)
{
	testdev_missing = 1;
	exc_skip_insn(vec, f);
}

static void testdev_exits(void)
{
	uint32_t off, v;

	/* Plain QEMU has no testdev: go on without these exits there. */
	exc_set_hook(EXC_DABT, dabt_hook);
	for (off = 0; off < TESTDEV_SCRATCH_SIZE && !testdev_missing; off += 4) {
		__asm__ volatile("str %0, [%1]" :: "r"(~off), "r"(TESTDEV_BASE + off)
				 : "memory");
		__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(TESTDEV_BASE + off)
				 : "memory");
		if (!testdev_missing && v != ~off) {
			printf("vfp: testdev +0x%02x read 0x%08x, want 0x%08x\n",
			       off, v, ~off);
			failures++;
		}
	}
	exc_set_hook(EXC_DABT, NULL);
	if (testdev_missing)
		printf("vfp: testdev absent (data abort): its exits skipped\n");
}

int main(void)
{
	uint32_t fpsid, mvfr0, mvfr1, i, round;

	write_cpacr(read_cpacr() | CPACR_CP10_CP11_FULL);
	isb();
	vfp_write_fpexc(FPEXC_EN);
	isb();

	fpsid = vfp_read_fpsid();
	mvfr0 = vfp_read_mvfr0();
	mvfr1 = vfp_read_mvfr1();
	printf("vfp: FPSID 0x%08x MVFR0 0x%08x MVFR1 0x%08x CPACR 0x%08x "
	       "FPEXC 0x%08x\n", fpsid, mvfr0, mvfr1, read_cpacr(),
	       vfp_read_fpexc());
	/* MVFR0[3:0]: 2 = 32 D registers, 1 = 16. */
	nregs = (mvfr0 & 0xf) == 2 ? 32 : 16;
	if ((mvfr0 & 0xf) == 0)
		guest_failf("MVFR0 0x%08x: no VFP registers", mvfr0);

	for (i = 0; i < 32; i++)
		want[i] = ((uint64_t)(0xa5000000u | (i << 16) | (i << 8) | 0x11) << 32) |
			  (0x5a000000u | (i << 16) | (i << 8) | 0x22);
	/* Some FPSCR bits may be RAZ: what reads back is the reference. */
	vfp_write_fpscr(FPSCR_PATTERN);
	fpscr_want = vfp_read_fpscr();
	printf("vfp: FPSCR wrote 0x%08x, reads 0x%08x\n", FPSCR_PATTERN,
	       fpscr_want);
	load_all();
	check_all("loading");

	for (round = 1; round <= 3; round++) {
		printf("vfp: round %u: UART exits, one per character of this "
		       "line, and some more padding here\n", round);
		check_all("UART exits");

		testdev_exits();
		check_all("testdev exits");

		for (i = 0; i < 100; i++)
			if (psci_hvc(PSCI_VERSION, 0, 0, 0) & 0x80000000u) {
				printf("vfp: PSCI_VERSION failed\n");
				failures++;
				break;
			}
		check_all("100 PSCI_VERSION hvcs");
	}

	if (failures)
		guest_failf("%u check(s) failed", failures);
	guest_pass();
}
