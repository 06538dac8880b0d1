/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Garbage in every distributor register: all-ones, zeros and patterns,
 * written as words, halfwords and bytes to every offset 0x000-0xffc
 * (reserved, read-only and write-only ones included; GICD_SGIR sends
 * whatever SGIs the pattern says). Afterwards what the architecture fixes
 * must still hold (IHI 0048B 4.3):
 * - GICD_TYPER and GICD_IIDR are read-only (4.3.2, 4.3.3);
 * - SGIs stay enabled: GICD_ISENABLER0[15:0] read as ones (4.3.5; the
 *   VM's GIC, like most, implements them as always enabled);
 * - GICD_ITARGETSR0-7, the SGI/PPI targets, are read-only (4.3.12);
 * - GICD_ICFGR0, the SGIs' configuration, is read-only (4.3.13);
 * - no word access aborts; a halfword or byte access to a register that
 *   only takes words (4.1.4) may abort, and is counted;
 * and after a sane set-up the GIC still delivers an SGI.
 */
#include "gic.h"

static const uint32_t patterns[] = {
	0xffffffffu, 0x00000000u, 0xa5a5a5a5u, 0x5a5a5a5au, 0x12345678u,
	0xfedcba98u,
};

static volatile uint32_t aborts;
static volatile uint32_t sgis;

static void on_abort(int vec, struct exc_frame *f)
{
	aborts++;
	exc_skip_insn(vec, f);
}

static void on_sgi(uint32_t iar, unsigned cpu)
{
	(void)iar;
	(void)cpu;
	sgis++;
}

struct fixed {
	uint32_t typer, iidr, targets[8], icfgr0;
};

static void snapshot(struct fixed *s)
{
	unsigned i;

	s->typer = gicd_read(GICD_TYPER);
	s->iidr = gicd_read(GICD_IIDR);
	for (i = 0; i < 8; i++)
		s->targets[i] = gicd_read(GICD_ITARGETSR + 4 * i);
	s->icfgr0 = gicd_read(GICD_ICFGR);
}

static void check(const char *after, const struct fixed *want)
{
	struct fixed got;
	uint32_t en;
	unsigned i;

	snapshot(&got);
	if (got.typer != want->typer)
		guest_failf("%s: GICD_TYPER 0x%08x, was 0x%08x", after,
			    got.typer, want->typer);
	if (got.iidr != want->iidr)
		guest_failf("%s: GICD_IIDR 0x%08x, was 0x%08x", after,
			    got.iidr, want->iidr);
	for (i = 0; i < 8; i++)
		if (got.targets[i] != want->targets[i])
			guest_failf("%s: GICD_ITARGETSR%u 0x%08x, was 0x%08x",
				    after, i, got.targets[i], want->targets[i]);
	if (got.icfgr0 != want->icfgr0)
		guest_failf("%s: GICD_ICFGR0 0x%08x, was 0x%08x", after,
			    got.icfgr0, want->icfgr0);
	en = gicd_read(GICD_ISENABLER);
	if ((en & 0xffffu) != 0xffffu)
		guest_failf("%s: GICD_ISENABLER0 0x%08x: SGIs disabled", after,
			    en);
}

static void garbage(uint32_t pat, int size)
{
	uint32_t off, i;

	for (off = 0; off < 0x1000; off += 4) {
		/* Patterns other than all-zeros/ones vary with the offset. */
		uint32_t v = pat == 0 || pat == ~0u ? pat : pat ^ (off << 2);

		switch (size) {
		case 4:
			*(volatile uint32_t *)(GICD_BASE + off) = v;
			break;
		case 2:
			for (i = 0; i < 4; i += 2)
				*(volatile uint16_t *)(GICD_BASE + off + i) =
					(uint16_t)(v >> (8 * i));
			break;
		default:
			for (i = 0; i < 4; i++)
				*(volatile uint8_t *)(GICD_BASE + off + i) =
					(uint8_t)(v >> (8 * i));
			break;
		}
	}
	dsb();
}

static void read_all(void)
{
	uint32_t off;

	for (off = 0; off < 0x1000; off += 4)
		(void)gicd_read(off);
}

int main(void)
{
	static const int sizes[] = { 4, 2, 1 };
	struct fixed want;
	char after[48];
	uint32_t p, s, n, iar;

	gic_dist_init();
	gic_cpu_init();
	gic_irq_install();
	irq_disable();
	snapshot(&want);
	printf("gic_garbage: TYPER 0x%08x IIDR 0x%08x ITARGETSR0 0x%08x "
	       "ICFGR0 0x%08x\n", want.typer, want.iidr, want.targets[0],
	       want.icfgr0);
	exc_set_hook(EXC_DABT, on_abort);
	read_all();
	if (aborts)
		guest_failf("%u aborts reading the distributor", aborts);

	for (s = 0; s < 3; s++) {
		for (p = 0; p < sizeof(patterns) / sizeof(patterns[0]); p++) {
			n = aborts;
			garbage(patterns[p], sizes[s]);
			if (sizes[s] == 4 && aborts != n)
				guest_failf("%u aborts writing 0x%08x as words",
					    aborts - n, patterns[p]);
			snprintf(after, sizeof(after), "after %d-byte 0x%08x",
				 sizes[s], patterns[p]);
			check(after, &want);
		}
		n = aborts;
		read_all();
		if (aborts != n)
			guest_failf("%u aborts reading after garbage",
				    aborts - n);
	}
	exc_set_hook(EXC_DABT, NULL);
	printf("gic_garbage: %u aborts for halfword/byte writes\n", aborts);

	/* Sane again: everything off and clear, then one SGI. */
	gic_dist_init();
	gic_cpu_init();
	gic_clear_all();
	for (n = 0; n < 2000; n++) {
		iar = gic_ack();
		if (GIC_INTID(iar) >= GIC_MAX_INTID)
			break;
		gic_eoi(iar);
	}
	if (n == 2000)
		guest_fail("GICC_IAR keeps handing out interrupts");
	if (gicc_read(GICC_RPR) != GIC_IDLE_PRIORITY) {
		/* Acknowledged-but-never-EOIed garbage is not possible: only
		 * this code reads GICC_IAR. */
		guest_failf("GICC_RPR 0x%x after clean-up", gicc_read(GICC_RPR));
	}
	check("after clean-up", &want);
	gic_set_handler(1, on_sgi);
	gic_enable(1);
	gic_send_sgi(1, SGIR_TO_SELF, 0);
	irq_enable();
	udelay(5000);
	irq_disable();
	if (sgis != 1)
		guest_failf("%u SGIs delivered after the garbage, not 1", sgis);
	guest_pass();
}
