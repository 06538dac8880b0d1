/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * An SPI raised by the userspace device model arrives and is
 * acknowledged: testdev's IRQ_ASSERT/IRQ_DEASSERT drive INTID 40
 * (bhyve -o testdev=true). GIC state machine of IHI 0048B 3.2.4:
 * - edge (GICD_ICFGR, 4.3.13): a pulse makes it pending (GICD_ISPENDR),
 *   GICC_IAR hands it out once, active and no longer pending; two pulses
 *   before it is taken are one interrupt; a pulse while it is active
 *   makes it active and pending, so it comes again after EOI; a pulse
 *   while it is disabled leaves it pending, delivered once enabled;
 * - level: taken while the line is up; lowered by the handler before
 *   EOI, it does not come again.
 * Without testdev (plain QEMU) the edge checks run with GICD_ISPENDR
 * standing in for a pulse, then the guest fails: the level checks need
 * the device.
 */
#include "gic.h"

#define SPI		IRQ_TESTDEV

static int have_testdev;
static volatile uint32_t taken;
static volatile int repulse;	/* edge: pulse again from the handler */
static volatile int lower;	/* level: lower the line in the handler */

static void pulse(void)
{
	if (have_testdev) {
		testdev_irq_assert(SPI);
		testdev_irq_deassert(SPI);
	} else {
		gic_set_pending(SPI);
	}
}

static void on_spi(uint32_t iar, unsigned cpu)
{
	if (GIC_INTID(iar) != SPI || cpu != 0)
		guest_failf("interrupt %u on cpu %u", GIC_INTID(iar), cpu);
	if (!gic_is_active(SPI))
		guest_fail("SPI acknowledged but not active (GICD_ISACTIVER)");
	taken++;
	if (repulse) {
		repulse = 0;
		pulse();
		if (!gic_is_pending(SPI))
			guest_fail("edge pulse while active: not pending");
	}
	if (lower) {
		lower = 0;
		testdev_irq_deassert(SPI);
	}
}

/* Unmask until want deliveries came (and a while more): how many came. */
static uint32_t window(uint32_t want)
{
	return irq_window(&taken, taken, want);
}

static void expect_idle(const char *when)
{
	if (gic_is_pending(SPI) || gic_is_active(SPI))
		guest_failf("%s: SPI still %s%s", when,
			    gic_is_pending(SPI) ? "pending " : "",
			    gic_is_active(SPI) ? "active" : "");
}

static void edge(void)
{
	uint32_t n;

	gic_set_level(SPI, 0);
	pulse();
	if (!gic_is_pending(SPI))
		guest_fail("edge: not pending after a pulse");
	if ((n = window(1)) != 1)
		guest_failf("edge: one pulse, %u interrupts", n);
	expect_idle("edge");

	pulse();
	pulse();
	if ((n = window(1)) != 1)
		guest_failf("edge: two pulses while masked, %u interrupts", n);

	/* Delivered while running, not only at unmask. */
	irq_enable();
	n = taken;
	pulse();
	if ((n = irq_window(&taken, n, 1)) != 1)
		guest_failf("edge: pulse with IRQs on, %u interrupts", n);

	repulse = 1;
	pulse();
	if ((n = window(2)) != 2)
		guest_failf("edge: pulse while active, %u interrupts, not 2", n);
	expect_idle("edge, pulsed while active");

	gic_disable(SPI);
	pulse();
	if ((n = window(0)) != 0)
		guest_failf("edge: disabled, %u interrupts", n);
	if (!gic_is_pending(SPI))
		guest_fail("edge: disabled SPI not pending after a pulse");
	gic_enable(SPI);
	if ((n = window(1)) != 1)
		guest_failf("edge: enabled after a pulse, %u interrupts", n);
	expect_idle("edge, enabled late");
	printf("spi: edge ok\n");
}

static void level(void)
{
	uint32_t n, i;

	gic_set_level(SPI, 1);
	for (i = 0; i < 3; i++) {
		testdev_irq_assert(SPI);
		if (!gic_is_pending(SPI))
			guest_fail("level: not pending while asserted");
		lower = 1;
		if ((n = window(1)) != 1)
			guest_failf("level: lowered by its handler, %u "
				    "interrupts", n);
		expect_idle("level");
	}
	/* While running. */
	lower = 1;
	irq_enable();
	n = taken;
	testdev_irq_assert(SPI);
	if ((n = irq_window(&taken, n, 1)) != 1)
		guest_failf("level: asserted with IRQs on, %u interrupts", n);
	expect_idle("level, running");
	printf("spi: level ok\n");
}

int main(void)
{
	have_testdev = testdev_present();
	gic_dist_init();
	gic_cpu_init();
	gic_irq_install();
	gic_set_handler(SPI, on_spi);
	gic_set_priority(SPI, 0x80);
	gic_set_target(SPI, 1u << 0);
	gic_enable(SPI);
	irq_disable();
	if (!have_testdev)
		printf("spi: no testdev: edge checks with GICD_ISPENDR\n");
	edge();
	if (!have_testdev)
		guest_fail("no testdev (bhyve -o testdev=true): level checks "
			   "not run");
	level();
	guest_pass();
}
