/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A level-sensitive SPI (GICD_ICFGR, IHI 0048B 4.3.13) driven by testdev
 * (INTID 40, bhyve -o testdev=true) follows its line (3.2.4):
 * - a line that stays up is delivered again after each EOI; once lowered
 *   before EOI, it is not delivered again;
 * - raised and lowered again while the CPU has IRQs masked, it is no
 *   longer pending and never delivered;
 * - acknowledged while up, it is active and pending; lowered then, it is
 *   only active, and nothing follows its EOI.
 * Needs testdev: on plain QEMU it fails at once.
 */
#include "gic.h"

#define SPI		IRQ_TESTDEV
#define REPEATS		5u

static volatile uint32_t taken;

static void on_spi(uint32_t iar, unsigned cpu)
{
	if (GIC_INTID(iar) != SPI || cpu != 0)
		guest_failf("interrupt %u on cpu %u", GIC_INTID(iar), cpu);
	/* The line is still up: EOI leaves it pending, so it comes back
	 * until the REPEATS-th delivery lowers it. */
	if (++taken == REPEATS)
		testdev_irq_deassert(SPI);
}

/* Unmask until want deliveries came (and a while more): how many came. */
static uint32_t window(uint32_t want)
{
	return irq_window(&taken, taken, want);
}

int main(void)
{
	uint32_t n, iar;

	if (!testdev_present())
		guest_fail("no testdev (bhyve -o testdev=true)");
	gic_dist_init();
	gic_cpu_init();
	gic_irq_install();
	gic_set_handler(SPI, on_spi);
	gic_set_priority(SPI, 0x80);
	gic_set_target(SPI, 1u << 0);
	gic_set_level(SPI, 1);
	gic_enable(SPI);
	irq_disable();

	testdev_irq_assert(SPI);
	if ((n = window(REPEATS)) != REPEATS)
		guest_failf("held up for %u deliveries: %u interrupts",
			    REPEATS, n);
	if (gic_is_pending(SPI) || gic_is_active(SPI))
		guest_fail("lowered and EOIed, still pending or active");
	printf("level: held line delivered %u times, none after lowering\n",
	       REPEATS);

	taken = REPEATS;	/* the handler lowers nothing from now on */
	testdev_irq_assert(SPI);
	if (!gic_is_pending(SPI))
		guest_fail("not pending while asserted");
	testdev_irq_deassert(SPI);
	if (gic_is_pending(SPI))
		guest_fail("still pending after lowering, never taken");
	if ((n = window(0)) != 0)
		guest_failf("raised and lowered while masked: %u interrupts", n);
	printf("level: raised and lowered while masked: not delivered\n");

	testdev_irq_assert(SPI);
	iar = gic_ack();
	if (GIC_INTID(iar) != SPI)
		guest_failf("GICC_IAR %u while asserted", GIC_INTID(iar));
	if (!gic_is_active(SPI) || !gic_is_pending(SPI))
		guest_failf("acknowledged while up: %spending, %sactive",
			    gic_is_pending(SPI) ? "" : "not ",
			    gic_is_active(SPI) ? "" : "not ");
	testdev_irq_deassert(SPI);
	if (gic_is_pending(SPI) || !gic_is_active(SPI))
		guest_fail("lowered while active: not just active");
	gic_eoi(iar);
	if (GIC_INTID(gic_ack()) != GIC_SPURIOUS)
		guest_fail("something to acknowledge after EOI of a lowered line");
	if ((n = window(0)) != 0)
		guest_failf("lowered while active: %u interrupts after EOI", n);
	printf("level: acknowledged while up, lowered, EOIed: done\n");
	guest_pass();
}
