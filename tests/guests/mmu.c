/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Stage-1 MMU and caches in the guest: a first-level table of 1 MiB
 * sections maps RAM as Normal write-back (identity), the UART and testdev
 * as Device, plus two aliases at other virtual addresses: RAM as Normal
 * non-cacheable and testdev as Device. Then UART output, RAM written
 * before and after enabling, and testdev MMIO of each width, also
 * through the alias (the VMM must take the IPA from HPFAR, not the VA).
 */
#include "guest.h"

#define SECTION		2u
#define S_B		(1u << 2)
#define S_C		(1u << 3)
#define S_XN		(1u << 4)
#define S_AP_RW		(3u << 10)	/* PL0 and PL1 read/write */
#define S_TEX(x)	((uint32_t)(x) << 12)
/* TEX/C/B with SCTLR.TRE = 0 (ARM ARM B3.8.2). */
#define S_NORMAL_WB	(S_TEX(1) | S_C | S_B)	/* write-back, write-allocate */
#define S_NORMAL_NC	S_TEX(1)		/* non-cacheable */
#define S_DEVICE	S_B			/* shareable Device */

#define SCTLR_M		(1u << 0)
#define SCTLR_A		(1u << 1)
#define SCTLR_C		(1u << 2)
#define SCTLR_Z		(1u << 11)
#define SCTLR_I		(1u << 12)
#define SCTLR_TRE	(1u << 28)
#define SCTLR_AFE	(1u << 29)

#define RAM_NC_VA	0x50000000u	/* RAM again, non-cacheable */
#define TESTDEV_VA	0x60000000u	/* testdev again */

#define BUF_WORDS	1024

static uint32_t l1[4096] __attribute__((aligned(16384)));
static uint32_t buf[BUF_WORDS] __attribute__((aligned(64)));
extern char __image_start[], __end[];
static unsigned failures;

static void map(uint32_t va, uint32_t pa, uint32_t mib, uint32_t attrs)
{
	uint32_t i;

	for (i = 0; i < mib; i++)
		l1[(va >> 20) + i] = ((pa & 0xfff00000u) + (i << 20)) | attrs |
				     S_AP_RW | SECTION;
}

static uint32_t dcache_line(void)
{
	return 4u << ((read_ctr() >> 16) & 0xf);	/* CTR.DminLine */
}

/* DCIMVAC / DCCMVAC over [start, end), to the point of coherency. */
static void dcache_inval(uint32_t start, uint32_t end)
{
	uint32_t line = dcache_line(), a;

	for (a = start & ~(line - 1); a < end; a += line)
		__asm__ volatile("mcr p15, 0, %0, c7, c6, 1" :: "r"(a) : "memory");
	dsb();
}

static void dcache_clean(uint32_t start, uint32_t end)
{
	uint32_t line = dcache_line(), a;

	for (a = start & ~(line - 1); a < end; a += line)
		__asm__ volatile("mcr p15, 0, %0, c7, c10, 1" :: "r"(a) : "memory");
	dsb();
}

static void mmu_enable(void)
{
	uint32_t sctlr;

	/* Lines of our image may linger from before we ran (caches were
	 * never on in here): drop them so cached reads see memory. */
	dcache_inval((uint32_t)__image_start, (uint32_t)__end);
	write_ttbcr(0);			/* short descriptors, TTBR0 only */
	write_ttbr0((uint32_t)l1);	/* non-cacheable table walks */
	write_dacr(0x55555555u);	/* every domain: client */
	__asm__ volatile(
		"mcr p15, 0, %0, c8, c7, 0\n\t"	/* TLBIALL */
		"mcr p15, 0, %0, c7, c5, 0\n\t"	/* ICIALLU */
		"mcr p15, 0, %0, c7, c5, 6\n\t"	/* BPIALL */
		"dsb\n\tisb" :: "r"(0) : "memory");
	sctlr = read_sctlr();
	sctlr &= ~(SCTLR_TRE | SCTLR_AFE | SCTLR_A);
	sctlr |= SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_Z;
	write_sctlr(sctlr);
	isb();
}

static void expect(const char *what, uint32_t got, uint32_t want)
{
	if (got == want)
		return;
	printf("mmu:   %s: got 0x%08x, want 0x%08x\n", what, got, want);
	failures++;
}

static void step(const char *name, unsigned before)
{
	printf("mmu: %s: %s\n", name, failures == before ? "ok" : "FAIL");
}

static uint32_t nc(const volatile uint32_t *p)
{
	return (uint32_t)p - RAM_BASE + RAM_NC_VA;
}

static void ram_checks(void)
{
	volatile uint32_t *b = buf, *alias = (volatile uint32_t *)nc(buf);
	unsigned i, before = failures;

	for (i = 0; i < BUF_WORDS; i++)
		if (b[i] != (0x11110000u | i)) {
			expect("word written with the MMU off, read cached", b[i],
			       0x11110000u | i);
			break;
		}
	for (i = 0; i < BUF_WORDS; i++)
		if (alias[i] != (0x11110000u | i)) {
			expect("same, read non-cacheable", alias[i],
			       0x11110000u | i);
			break;
		}
	step("RAM written before the MMU, read after", before);

	before = failures;
	for (i = 0; i < BUF_WORDS; i++)
		b[i] = 0x22220000u | i;
	for (i = 0; i < BUF_WORDS; i++)
		if (b[i] != (0x22220000u | i)) {
			expect("word written cached, read cached", b[i],
			       0x22220000u | i);
			break;
		}
	dcache_clean((uint32_t)buf, (uint32_t)(buf + BUF_WORDS));
	for (i = 0; i < BUF_WORDS; i++)
		if (alias[i] != (0x22220000u | i)) {
			expect("word written cached, cleaned, read non-cacheable",
			       alias[i], 0x22220000u | i);
			break;
		}
	step("RAM written cached, cleaned to memory", before);

	before = failures;
	for (i = 0; i < BUF_WORDS; i++)
		alias[i] = 0x33330000u | i;
	dsb();
	dcache_inval((uint32_t)buf, (uint32_t)(buf + BUF_WORDS));
	for (i = 0; i < BUF_WORDS; i++)
		if (b[i] != (0x33330000u | i)) {
			expect("word written non-cacheable, read cached", b[i],
			       0x33330000u | i);
			break;
		}
	step("RAM written non-cacheable, read cached", before);
}

static void testdev_checks(uint32_t base, uint32_t other, const char *name)
{
	uint32_t v, p;
	unsigned before = failures;
	register uint32_t lo __asm__("r2"), hi __asm__("r3");

	__asm__ volatile("str %0, [%1]" :: "r"(0x89abcdefu), "r"(base) : "memory");
	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(other) : "memory");
	expect("str/ldr", v, 0x89abcdefu);
	__asm__ volatile("strb %0, [%1, #1]" :: "r"(0x80u), "r"(base) : "memory");
	__asm__ volatile("ldrb %0, [%1, #1]" : "=r"(v) : "r"(other) : "memory");
	expect("strb/ldrb", v, 0x80);
	__asm__ volatile("ldrsb %0, [%1, #1]" : "=r"(v) : "r"(other) : "memory");
	expect("ldrsb", v, 0xffffff80u);
	__asm__ volatile("strh %0, [%1, #2]" :: "r"(0x8001u), "r"(base) : "memory");
	__asm__ volatile("ldrh %0, [%1, #2]" : "=r"(v) : "r"(other) : "memory");
	expect("strh/ldrh", v, 0x8001);
	__asm__ volatile("ldrsh %0, [%1, #2]" : "=r"(v) : "r"(other) : "memory");
	expect("ldrsh", v, 0xffff8001u);
	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(other) : "memory");
	expect("word after byte/half stores", v, 0x800180efu);

	lo = 0x01234567u;
	hi = 0x76543210u;
	__asm__ volatile("strd %0, %1, [%2, #8]" :: "r"(lo), "r"(hi), "r"(base)
			 : "memory");
	__asm__ volatile("ldrd %0, %1, [%2, #8]" : "=&r"(lo), "=&r"(hi)
			 : "r"(other) : "memory");
	expect("strd/ldrd low", lo, 0x01234567u);
	expect("strd/ldrd high", hi, 0x76543210u);

	p = base + 0x10;
	__asm__ volatile("str %1, [%0, #4]!" : "+&r"(p) : "r"(0x5a5a1234u)
			 : "memory");
	expect("str [b, #4]! base", p, base + 0x14);
	p = other + 0x14;
	__asm__ volatile("ldr %0, [%1], #-4" : "=&r"(v), "+&r"(p) :: "memory");
	expect("ldr [b], #-4 value", v, 0x5a5a1234u);
	expect("ldr [b], #-4 base", p, other + 0x10);
	step(name, before);
}

int main(void)
{
	unsigned i;

	for (i = 0; i < BUF_WORDS; i++)
		buf[i] = 0x11110000u | i;

	map(RAM_BASE, RAM_BASE, RAM_SIZE >> 20, S_NORMAL_WB);
	map(RAM_NC_VA, RAM_BASE, RAM_SIZE >> 20, S_NORMAL_NC | S_XN);
	map(UART_BASE, UART_BASE, 1, S_DEVICE | S_XN);
	map(TESTDEV_BASE, TESTDEV_BASE, 1, S_DEVICE | S_XN);
	map(TESTDEV_VA, TESTDEV_BASE, 1, S_DEVICE | S_XN);
	/* Everything else faults. */

	printf("mmu: table at 0x%08x, enabling MMU, D- and I-caches\n",
	       (uint32_t)l1);
	mmu_enable();
	printf("mmu: UART output with the MMU on: SCTLR 0x%08x TTBR0 0x%08x "
	       "TTBCR 0x%08x DACR 0x%08x\n", read_sctlr(), read_ttbr0(),
	       read_ttbcr(), read_dacr());
	if ((read_sctlr() & (SCTLR_M | SCTLR_C | SCTLR_I)) !=
	    (SCTLR_M | SCTLR_C | SCTLR_I))
		guest_failf("SCTLR 0x%08x: M, C or I did not stick", read_sctlr());

	ram_checks();
	testdev_checks(TESTDEV_BASE, TESTDEV_BASE, "testdev MMIO (identity)");
	testdev_checks(TESTDEV_VA + 0x40, TESTDEV_BASE + 0x40,
		       "testdev MMIO (write at VA 0x60000040, read identity)");
	testdev_checks(TESTDEV_BASE + 0x80, TESTDEV_VA + 0x80,
		       "testdev MMIO (write identity, read at VA 0x60000080)");

	if (failures)
		guest_failf("%u check(s) failed", failures);
	guest_pass();
}
