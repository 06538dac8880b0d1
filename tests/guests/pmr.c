/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Priority masking and preemption of the CPU interface (IHI 0048B 3.3),
 * with SGIs to self:
 * - GICC_PMR (4.4.2): a pending interrupt whose priority value is equal
 *   to or higher than PMR is not taken; raising PMR above it delivers it.
 * - Running priority (3.3.3, 4.4.6): with IRQs masked at the CPU, while
 *   an interrupt of priority 0xa0 is active, GICC_IAR hands out a 0x40
 *   one but answers 1023 while only 0xa0 and 0xc0 ones are pending;
 *   GICC_RPR follows acknowledge and EOI. Priorities differ in their top
 *   three bits, so every implemented priority width and binary point
 *   (BPR at its minimum) keeps them in different groups.
 */
#include "gic.h"

#define SGI_MASKED	5u
#define SGI_LOW		6u	/* 0xa0 */
#define SGI_HIGH	7u	/* 0x40 */
#define SGI_EQUAL	8u	/* 0xa0 */
#define SGI_LOWER	9u	/* 0xc0 */

static volatile uint32_t taken;

static void on_sgi(uint32_t iar, unsigned cpu)
{
	(void)cpu;
	if (GIC_INTID(iar) != SGI_MASKED)
		guest_failf("took SGI %u with IRQs unmasked", GIC_INTID(iar));
	taken++;
}

/* Unmask until want deliveries came (and a while more): how many came. */
static uint32_t window(uint32_t want)
{
	return irq_window(&taken, taken, want);
}

/*
 * The priority bits the CPU interface implements: at least the top 4 of
 * 8 (IHI 0048B 3.3), the rest read as zero. A GIC virtual interface may
 * keep only 5 (GICH_VTR.PRIbits).
 */
static uint32_t pmr_mask;

static void find_pmr_mask(void)
{
	gicc_write(GICC_PMR, 0xff);
	pmr_mask = gicc_read(GICC_PMR);
	if (pmr_mask != 0xf0 && pmr_mask != 0xf8 && pmr_mask != 0xfc &&
	    pmr_mask != 0xfe && pmr_mask != 0xff)
		guest_failf("GICC_PMR reads 0x%x after writing 0xff", pmr_mask);
	printf("pmr: GICC_PMR keeps 0x%02x\n", pmr_mask);
}

static void set_pmr(uint32_t v)
{
	gicc_write(GICC_PMR, v);
	if (gicc_read(GICC_PMR) != (v & pmr_mask))
		guest_failf("GICC_PMR reads 0x%x after writing 0x%x",
			    gicc_read(GICC_PMR), v);
}

static void masking(void)
{
	gic_set_priority(SGI_MASKED, 0x80);
	gic_enable(SGI_MASKED);
	set_pmr(0x80);
	gic_send_sgi(SGI_MASKED, SGIR_TO_SELF, 0);
	if (window(0) != 0)
		guest_fail("priority 0x80 taken with PMR 0x80");
	if (!gic_is_pending(SGI_MASKED))
		guest_fail("masked SGI not pending in GICD_ISPENDR0");
	set_pmr(0x60);
	if (window(0) != 0)
		guest_fail("priority 0x80 taken with PMR 0x60");
	set_pmr(0x90);
	if (window(1) != 1)
		guest_fail("priority 0x80 not taken (once) after PMR 0x90");
	if (gic_is_pending(SGI_MASKED) || gic_is_active(SGI_MASKED))
		guest_fail("SGI still pending/active after its handler");
	set_pmr(0xf0);
	gic_send_sgi(SGI_MASKED, SGIR_TO_SELF, 0);
	if (window(1) != 1)
		guest_fail("priority 0x80 not taken (once) with PMR 0xf0");
	printf("pmr: masking by PMR ok\n");
}

static void expect_iar(const char *when, uint32_t want)
{
	uint32_t iar = gic_ack(), id = GIC_INTID(iar);

	if (id != want)
		guest_failf("%s: GICC_IAR %u, expected %u", when, id, want);
	if (want == GIC_SPURIOUS)
		return;
	if (!gic_is_active(id))
		guest_failf("%s: SGI %u acknowledged but not active", when, id);
	if (GIC_SGI_SRC(iar) != 0)
		guest_failf("%s: SGI %u from cpu %u", when, id,
			    GIC_SGI_SRC(iar));
}

static void expect_rpr(const char *when, uint32_t want)
{
	uint32_t rpr = gicc_read(GICC_RPR) & 0xff;

	if (rpr != want)
		guest_failf("%s: GICC_RPR 0x%x, expected 0x%x", when, rpr, want);
}

static void preemption(void)
{
	uint32_t hppir;

	set_pmr(0xff);
	gic_set_priority(SGI_LOW, 0xa0);
	gic_set_priority(SGI_HIGH, 0x40);
	gic_set_priority(SGI_EQUAL, 0xa0);
	gic_set_priority(SGI_LOWER, 0xc0);
	gic_enable(SGI_LOW);
	gic_enable(SGI_HIGH);
	gic_enable(SGI_EQUAL);
	gic_enable(SGI_LOWER);
	expect_rpr("idle", GIC_IDLE_PRIORITY);

	gic_send_sgi(SGI_LOW, SGIR_TO_SELF, 0);
	expect_iar("first", SGI_LOW);
	expect_rpr("0xa0 active", 0xa0);

	gic_send_sgi(SGI_EQUAL, SGIR_TO_SELF, 0);
	gic_send_sgi(SGI_LOWER, SGIR_TO_SELF, 0);
	if (!gic_is_pending(SGI_EQUAL) || !gic_is_pending(SGI_LOWER))
		guest_fail("SGIs 8/9 not pending in GICD_ISPENDR0");
	expect_iar("equal and lower pending under 0xa0", GIC_SPURIOUS);
	hppir = GIC_INTID(gicc_read(GICC_HPPIR));
	if (hppir != SGI_EQUAL && hppir != GIC_SPURIOUS)
		guest_failf("GICC_HPPIR %u with SGIs 8 (0xa0) and 9 (0xc0) "
			    "pending", hppir);

	gic_send_sgi(SGI_HIGH, SGIR_TO_SELF, 0);
	expect_iar("higher pending under 0xa0", SGI_HIGH);
	expect_rpr("0x40 preempting 0xa0", 0x40);
	expect_iar("equal and lower pending under 0x40", GIC_SPURIOUS);
	gic_eoi(SGI_HIGH);
	expect_rpr("0x40 EOIed", 0xa0);
	expect_iar("still under 0xa0", GIC_SPURIOUS);
	gic_eoi(SGI_LOW);
	expect_rpr("all EOIed", GIC_IDLE_PRIORITY);

	expect_iar("idle, 0xa0 and 0xc0 pending", SGI_EQUAL);
	gic_eoi(SGI_EQUAL);
	expect_iar("idle, 0xc0 pending", SGI_LOWER);
	expect_rpr("0xc0 active", 0xc0);
	gic_eoi(SGI_LOWER);
	expect_iar("nothing pending", GIC_SPURIOUS);
	expect_rpr("done", GIC_IDLE_PRIORITY);
	printf("pmr: preemption by running priority ok (BPR %u)\n",
	       gicc_read(GICC_BPR));
}

int main(void)
{
	gic_dist_init();
	gic_cpu_init();
	gic_irq_install();
	gic_set_handler(SGI_MASKED, on_sgi);
	irq_disable();
	find_pmr_mask();
	masking();
	preemption();
	guest_pass();
}
