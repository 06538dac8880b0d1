/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * More pending interrupts than a GICv2 has list registers (a GIC-400 has
 * 4; GICH_VTR.ListRegs is at most 64): all 16 SGIs to self (GICD_SGIR)
 * and NSPI SPIs pulsed through testdev, all made pending with IRQs
 * masked, then unmasked. Each arrives exactly once, and nothing is left
 * pending or active. A second pass gives them distinct priorities: the
 * CPU interface must hand them out highest priority first (IHI 0048B
 * 3.2.1, 4.4.4), whatever the hypervisor keeps in its list registers.
 * Without testdev (plain QEMU) the SPIs are made pending through
 * GICD_ISPENDR instead, and the guest says so.
 */
#include "gic.h"

#define NSPI		16u
#define SPI0		IRQ_TESTDEV
#define NIRQ		(GIC_NR_SGI + NSPI)

static int have_testdev;
static volatile uint32_t count[NIRQ];
static volatile uint32_t order[NIRQ];
static volatile uint32_t arrivals;

static uint32_t intid(unsigned k)
{
	return k < GIC_NR_SGI ? k : SPI0 + (k - GIC_NR_SGI);
}

static unsigned slot(uint32_t id)
{
	return id < GIC_NR_SGI ? id : GIC_NR_SGI + (id - SPI0);
}

static void on_irq(uint32_t iar, unsigned cpu)
{
	uint32_t id = GIC_INTID(iar);

	(void)cpu;
	if (id < GIC_NR_SGI && GIC_SGI_SRC(iar) != 0)
		guest_failf("SGI %u from cpu %u", id, GIC_SGI_SRC(iar));
	count[slot(id)]++;
	if (arrivals < NIRQ)
		order[arrivals] = id;
	arrivals++;
}

static void make_pending(void)
{
	unsigned k;

	for (k = 0; k < GIC_NR_SGI; k++)
		gic_send_sgi(k, SGIR_TO_SELF, 0);
	for (k = 0; k < NSPI; k++) {
		if (have_testdev) {
			testdev_irq_assert(SPI0 + k);
			testdev_irq_deassert(SPI0 + k);
		} else {
			gic_set_pending(SPI0 + k);
		}
	}
	for (k = 0; k < NIRQ; k++)
		if (!gic_is_pending(intid(k)))
			guest_failf("INTID %u not pending before unmasking",
				    intid(k));
}

static void run(const char *pass)
{
	unsigned k;

	for (k = 0; k < NIRQ; k++)
		count[k] = 0;
	arrivals = 0;
	make_pending();
	(void)irq_window(&arrivals, 0, NIRQ);
	for (k = 0; k < NIRQ; k++)
		if (count[k] != 1)
			guest_failf("%s: INTID %u arrived %u times", pass,
				    intid(k), count[k]);
	if (arrivals != NIRQ)
		guest_failf("%s: %u arrivals, not %u", pass, arrivals, NIRQ);
	for (k = 0; k < NIRQ; k++)
		if (gic_is_pending(intid(k)) || gic_is_active(intid(k)))
			guest_failf("%s: INTID %u still pending/active", pass,
				    intid(k));
	printf("many_irqs: %s: %u interrupts, each once\n", pass, NIRQ);
}

static uint8_t priority(uint32_t id)
{
	return (uint8_t)(gicd_read(GICD_IPRIORITYR + (id & ~3u)) >>
			 (8 * (id & 3u)));
}

int main(void)
{
	unsigned k;

	have_testdev = testdev_present();
	if (!have_testdev)
		printf("many_irqs: no testdev: SPIs through GICD_ISPENDR\n");
	gic_dist_init();
	gic_cpu_init();
	gic_irq_install();
	for (k = 0; k < NIRQ; k++) {
		gic_set_handler(intid(k), on_irq);
		gic_set_priority(intid(k), 0xa0);
		if (k >= GIC_NR_SGI) {
			gic_set_level(intid(k), 0);	/* edge: pulses */
			gic_set_target(intid(k), 1u << 0);
		}
		gic_enable(intid(k));
	}
	irq_disable();
	run("same priority");

	/* Latest made pending = highest priority: SPIs before SGIs, and
	 * the last SPI first. Pairs share a level 8 apart (0x00-0x78), so
	 * 5 implemented bits keep the levels apart and all stay above a
	 * PMR of 0xf8; the check uses what IPRIORITYR kept. */
	for (k = 0; k < NIRQ; k++)
		gic_set_priority(intid(k),
				 (uint8_t)(8u * ((NIRQ - 1u - k) / 2u)));
	run("distinct priorities");
	for (k = 1; k < NIRQ; k++)
		if (priority(order[k]) < priority(order[k - 1]))
			guest_failf("INTID %u (priority 0x%02x) came after "
				    "INTID %u (0x%02x)", order[k],
				    priority(order[k]), order[k - 1],
				    priority(order[k - 1]));
	printf("many_irqs: highest priority first\n");
	guest_pass();
}
