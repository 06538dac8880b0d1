/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GICv2 set-up and interrupt dispatch, counter helpers and the testdev
 * probe. Everything is group 0: the VM's GIC has no Security Extensions
 * (IHI 0048B 1.4.3), so GICD_CTLR/GICC_CTLR bit 0 enable it all.
 */
#include "gic.h"

static irq_handler_t handlers[GIC_MAX_INTID];

uint64_t udiv64(uint64_t n, uint32_t d)
{
	uint64_t q = 0, r = 0;
	int i;

	for (i = 63; i >= 0; i--) {
		r = (r << 1) | ((n >> i) & 1u);
		if (r >= d) {
			r -= d;
			q |= 1ull << i;
		}
	}
	return q;
}

uint64_t us_to_ticks(uint32_t us)
{
	return udiv64((uint64_t)read_cntfrq() * us, 1000000u);
}

uint32_t ticks_to_us(uint64_t ticks)
{
	uint64_t us = udiv64(ticks * 1000000u, read_cntfrq());

	return us > 0xffffffffu ? 0xffffffffu : (uint32_t)us;
}

void udelay(uint32_t us)
{
	uint64_t end = read_cntvct() + us_to_ticks(us);

	while (read_cntvct() < end)
		;
}

uint32_t gic_nr_irqs(void)
{
	/* ITLinesNumber N: 32 * (N + 1) IDs, at most 1020 (4.3.2). */
	uint32_t n = 32u * ((gicd_read(GICD_TYPER) & 0x1fu) + 1u);

	return n > GIC_MAX_INTID ? GIC_MAX_INTID : n;
}

unsigned gic_nr_cpus(void)
{
	return ((gicd_read(GICD_TYPER) >> 5) & 7u) + 1u;
}

void gic_dist_init(void)
{
	uint32_t n = gic_nr_irqs(), i;

	gicd_write(GICD_CTLR, 0);
	for (i = 32; i < n; i += 32) {
		gicd_write(GICD_ICENABLER + i / 8, 0xffffffffu);
		gicd_write(GICD_ICPENDR + i / 8, 0xffffffffu);
		gicd_write(GICD_ICACTIVER + i / 8, 0xffffffffu);
		gicd_write(GICD_IGROUPR + i / 8, 0);
	}
	for (i = 32; i < n; i += 4) {
		gicd_write(GICD_IPRIORITYR + i, 0xa0a0a0a0u);
		/* RAZ/WI on a uniprocessor GIC (4.3.12): harmless there. */
		gicd_write(GICD_ITARGETSR + i, 0x01010101u);
	}
	for (i = 32; i < n; i += 16)
		gicd_write(GICD_ICFGR + i / 4, 0);	/* level */
	gicd_write(GICD_CTLR, 1);
}

void gic_cpu_init(void)
{
	uint32_t i;

	/* Banked per CPU: the SGIs and PPIs of GICD_*R0 (4.3.5 ...). */
	gicd_write(GICD_ICENABLER, 0xffffffffu);
	gicd_write(GICD_ICPENDR, 0xffffffffu);
	gicd_write(GICD_ICACTIVER, 0xffffffffu);
	gicd_write(GICD_IGROUPR, 0);
	for (i = 0; i < 4; i++)
		gicd_write(GICD_CPENDSGIR + 4 * i, 0xffffffffu);
	for (i = 0; i < 32; i += 4)
		gicd_write(GICD_IPRIORITYR + i, 0xa0a0a0a0u);
	gicc_write(GICC_PMR, 0xff);
	/* Below the minimum the interface uses its minimum (4.4.3): the
	 * most preemption levels there are. */
	gicc_write(GICC_BPR, 0);
	gicc_write(GICC_CTLR, 1);
}

void gic_enable(uint32_t intid)
{
	gicd_write(GICD_ISENABLER + intid / 32 * 4, 1u << (intid % 32));
}

void gic_disable(uint32_t intid)
{
	gicd_write(GICD_ICENABLER + intid / 32 * 4, 1u << (intid % 32));
}

void gic_set_pending(uint32_t intid)
{
	gicd_write(GICD_ISPENDR + intid / 32 * 4, 1u << (intid % 32));
}

void gic_clear_pending(uint32_t intid)
{
	gicd_write(GICD_ICPENDR + intid / 32 * 4, 1u << (intid % 32));
}

int gic_is_pending(uint32_t intid)
{
	return (gicd_read(GICD_ISPENDR + intid / 32 * 4) >> (intid % 32)) & 1;
}

int gic_is_active(uint32_t intid)
{
	return (gicd_read(GICD_ISACTIVER + intid / 32 * 4) >> (intid % 32)) & 1;
}

/* Read-modify-write of one field of a word register: only IPRIORITYR
 * and ITARGETSR must take byte accesses (4.1.4), so use words. */
static void gicd_rmw(uint32_t off, uint32_t shift, uint32_t mask, uint32_t v)
{
	uint32_t w = gicd_read(off);

	gicd_write(off, (w & ~(mask << shift)) | ((v & mask) << shift));
}

void gic_set_priority(uint32_t intid, uint8_t prio)
{
	gicd_rmw(GICD_IPRIORITYR + (intid & ~3u), 8 * (intid & 3u), 0xff, prio);
}

void gic_set_target(uint32_t intid, uint8_t cpumask)
{
	gicd_rmw(GICD_ITARGETSR + (intid & ~3u), 8 * (intid & 3u), 0xff,
		 cpumask);
}

void gic_set_level(uint32_t intid, int level)
{
	/* Int_config bit 1 of each 2-bit field: 1 edge, 0 level (4.3.13). */
	gicd_rmw(GICD_ICFGR + intid / 16 * 4, 2 * (intid % 16) + 1, 1,
		 level ? 0 : 1);
}

void gic_clear_all(void)
{
	uint32_t n = gic_nr_irqs(), i;

	for (i = 0; i < n; i += 32) {
		gicd_write(GICD_ICPENDR + i / 8, 0xffffffffu);
		gicd_write(GICD_ICACTIVER + i / 8, 0xffffffffu);
	}
	for (i = 0; i < 4; i++)
		gicd_write(GICD_CPENDSGIR + 4 * i, 0xffffffffu);
}

void gic_send_sgi(uint32_t sgi, uint32_t filter, uint8_t cpumask)
{
	gicd_write(GICD_SGIR, filter | ((uint32_t)cpumask << 16) | (sgi & 15u));
}

void gic_set_handler(uint32_t intid, irq_handler_t fn)
{
	if (intid < GIC_MAX_INTID)
		handlers[intid] = fn;
}

void gic_irq_dispatch(int vec, struct exc_frame *f)
{
	unsigned cpu = smp_cpu();
	uint32_t iar, id;

	(void)vec;
	/* Everything pending now, in the order the GIC hands it out. */
	for (;;) {
		iar = gic_ack();
		id = GIC_INTID(iar);
		if (id >= GIC_MAX_INTID)
			break;		/* 1023: nothing (more) pending */
		if (!handlers[id])
			guest_failf("cpu %u: interrupt %u without a handler",
				    cpu, id);
		handlers[id](iar, cpu);
		gic_eoi(iar);
	}
	/* Back to the interrupted instruction: LR_irq - 4 (B1.8.3). */
	f->lr -= 4;
}

uint32_t irq_window(volatile uint32_t *count, uint32_t base, uint32_t want)
{
	uint64_t end = read_cntvct() + us_to_ticks(IRQ_WAIT_US);

	irq_enable();
	while (*count - base < want && read_cntvct() < end)
		;
	udelay(IRQ_QUIET_US);
	irq_disable();
	return *count - base;
}

void gic_irq_install(void)
{
	exc_set_hook(EXC_IRQ, gic_irq_dispatch);
}

/* ---- testdev probe ------------------------------------------------------- */

static volatile int probe_aborted;

static void probe_abort(int vec, struct exc_frame *f)
{
	probe_aborted = 1;
	exc_skip_insn(vec, f);
}

int testdev_present(void)
{
	volatile uint32_t *p = (volatile uint32_t *)(TESTDEV_BASE + 0xf8);
	exc_hook_t old = exc_set_hook(EXC_DABT, probe_abort);
	uint32_t v;

	probe_aborted = 0;
	*p = 0x5aa5c33cu;
	dsb();
	v = *p;
	exc_set_hook(EXC_DABT, old);
	return !probe_aborted && v == 0x5aa5c33cu;
}
