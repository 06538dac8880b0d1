// SPDX-License-Identifier: BSD-2-Clause
/*
 * The virtual GICv2 (kmod/arm/vgic.c, vgic_dist.c): distributor registers
 * as a guest sees them, and list registers filled, taken by a simulated
 * guest (what the virtual CPU interface does on GICV_IAR and GICV_EOIR)
 * and synced back.
 */
#include "unit.h"
#include "arm/vgic.h"

#define CTLR	   0x000
#define TYPER	   0x004
#define IIDR	   0x008
#define IGROUPR	   0x080
#define ISENABLER  0x100
#define ICENABLER  0x180
#define ISPENDR	   0x200
#define ICPENDR	   0x280
#define ISACTIVER  0x300
#define ICACTIVER  0x380
#define IPRIORITYR 0x400
#define ITARGETSR  0x800
#define ICFGR	   0xc00
#define SGIR	   0xf00
#define CPENDSGIR  0xf10
#define SPENDSGIR  0xf20

#define LR_STATE   (GICH_LR_PENDING | GICH_LR_ACTIVE)
#define VMCR_ALL   (0x1fu << GICH_VMCR_PMR_SHIFT | 3u) /* both groups, no mask */

static struct vgic g;

static uint32_t rd(unsigned int v, uint32_t off)
{
	return vgic_dist_read(&g, v, off, 4);
}

static uint32_t wr(unsigned int v, uint32_t off, uint32_t val)
{
	return vgic_dist_write(&g, v, off, 4, val);
}

static uint32_t rd8(unsigned int v, uint32_t off)
{
	return vgic_dist_read(&g, v, off, 1);
}

static uint32_t wr8(unsigned int v, uint32_t off, uint32_t val)
{
	return vgic_dist_write(&g, v, off, 1, val);
}

static uint32_t bit(unsigned int intid)
{
	return 1u << (intid % 32);
}

static uint32_t word(uint32_t base, unsigned int intid)
{
	return base + 4 * (intid / 32);
}

static void setup(unsigned int ncpus, unsigned int nr_lrs)
{
	unsigned int v;

	memset(&g, 0xa5, sizeof(g)); /* init must not rely on zeroed memory */
	if (vgic_init(&g, ncpus, nr_lrs))
		FAIL("vgic_init");
	for (v = 0; v < ncpus; v++)
		g.cpu[v].hw.vmcr = VMCR_ALL;
}

/* An enabled SPI for vCPU target, with a priority and a trigger mode. */
static void spi(unsigned int intid, unsigned int prio, unsigned int target,
		bool edge)
{
	uint32_t cfg;

	wr8(0, IPRIORITYR + intid, prio);
	wr8(0, ITARGETSR + intid, 1u << target);
	cfg = rd(0, ICFGR + 4 * (intid / 16));
	cfg &= ~(3u << (2 * (intid % 16)));
	if (edge)
		cfg |= 2u << (2 * (intid % 16));
	wr(0, ICFGR + 4 * (intid / 16), cfg);
	wr(0, word(ISENABLER, intid), bit(intid));
}

static uint32_t lr(unsigned int v, unsigned int i)
{
	return g.cpu[v].hw.lr[i];
}

/* The list register of vCPU v holding intid (and SGI source src), or -1. */
static int lr_of(unsigned int v, unsigned int intid, unsigned int src)
{
	unsigned int i;

	for (i = 0; i < g.nr_lrs; i++)
		if ((lr(v, i) & LR_STATE) && GICH_LR_VID(lr(v, i)) == intid &&
		    (intid >= 16 || ((lr(v, i) >> 10) & 7) == src))
			return (int)i;
	return -1;
}

static unsigned int lrs_in_use(unsigned int v)
{
	unsigned int i, n = 0;

	for (i = 0; i < g.nr_lrs; i++)
		n += (lr(v, i) & LR_STATE) != 0;
	return n;
}

/* GICV_IAR: the highest-priority pending entry becomes active. */
static int guest_ack(unsigned int v)
{
	struct vgic_lr_state *hw = &g.cpu[v].hw;
	unsigned int i, prio, best_prio = 99;
	int best = -1;

	for (i = 0; i < g.nr_lrs; i++) {
		if ((hw->lr[i] & LR_STATE) != GICH_LR_PENDING)
			continue;
		prio = (hw->lr[i] >> GICH_LR_PRIO_SHIFT) & 0x1f;
		if (prio < best_prio) {
			best_prio = prio;
			best = (int)i;
		}
	}
	if (best >= 0)
		hw->lr[best] = (hw->lr[best] & ~LR_STATE) | GICH_LR_ACTIVE;
	return best;
}

/* GICV_EOIR of list register i: no longer active; EOI maintenance. */
static void guest_eoi(unsigned int v, int i)
{
	struct vgic_lr_state *hw = &g.cpu[v].hw;

	if (i < 0)
		return;
	hw->lr[i] &= ~GICH_LR_ACTIVE;
	if (!(hw->lr[i] & LR_STATE) && (hw->lr[i] & GICH_LR_EOI))
		hw->eisr[0] |= 1u << i;
}

/*
 * GICH_MISR as the hardware computes it from the list registers and
 * GICH_HCR (IHI 0048B 5.3.4): EOI (an invalid entry with its EOI bit and
 * no HW bit), U (UIE and at most one valid entry) and NP (NPIE and no
 * entry in the pending state: active and pending is not pending).
 * Non-zero right after vgic_flush() means a maintenance interrupt taken at
 * the guest's entry, before it runs an instruction: a livelock.
 */
#define MISR_EOI (1u << 0)
#define MISR_U	 (1u << 1)
#define MISR_NP	 (1u << 3)

static uint32_t misr(unsigned int v)
{
	const struct vgic_lr_state *hw = &g.cpu[v].hw;
	unsigned int i, valid = 0, pending = 0;
	uint32_t m = 0, st;

	for (i = 0; i < g.nr_lrs; i++) {
		st = hw->lr[i] & LR_STATE;
		valid += st != 0;
		pending += st == GICH_LR_PENDING;
		if (!st && (hw->lr[i] & GICH_LR_EOI) &&
		    !(hw->lr[i] & GICH_LR_HW))
			m |= MISR_EOI;
	}
	if ((hw->hcr & GICH_HCR_UIE) && valid < 2)
		m |= MISR_U;
	if ((hw->hcr & GICH_HCR_NPIE) && !pending)
		m |= MISR_NP;
	return (hw->hcr & GICH_HCR_EN) ? m : 0;
}

TEST(reset_values_and_identification)
{
	unsigned int off;

	setup(2, 4);
	EXPECT_EQ(rd(0, CTLR), 0);
	EXPECT_EQ(rd(0, TYPER), (1u << 5) | 3); /* 2 CPUs, 128 INTIDs */
	EXPECT_EQ(rd(1, IIDR), 0x43b);
	EXPECT_EQ(rd(0, 0xfe8), 0x2b); /* ICPIDR2: ArchRev 2 */
	EXPECT_EQ(rd(0, 0xff0), 0x0d);
	EXPECT_EQ(rd(0, 0xff4), 0xf0);
	EXPECT_EQ(rd(0, 0xff8), 0x05);
	EXPECT_EQ(rd(0, 0xffc), 0xb1);
	EXPECT_EQ(rd(0, 0xfe0), 0x90);
	EXPECT_EQ(rd(0, 0xfe4), 0xb4);
	EXPECT_EQ(rd(0, 0xfd0), 0x04);
	EXPECT_EQ(rd(0, ISENABLER), 0xffff); /* SGIs only */
	for (off = 4; off < 16; off += 4) {
		EXPECT_EQ(rd(0, ISENABLER + off), 0);
		EXPECT_EQ(rd(0, ISPENDR + off), 0);
		EXPECT_EQ(rd(0, ISACTIVER + off), 0);
		EXPECT_EQ(rd(0, IGROUPR + off), 0);
	}
	EXPECT_EQ(rd(0, IGROUPR), 0);
	for (off = 0; off < 128; off += 4)
		EXPECT_EQ(rd(0, IPRIORITYR + off), 0);
	for (off = 32; off < 128; off += 4)
		EXPECT_EQ(rd(0, ITARGETSR + off), 0);
	EXPECT_EQ(rd(0, ICFGR), 0xaaaaaaaa); /* SGIs edge */
	EXPECT_EQ(rd(0, ICFGR + 4), 0); /* PPIs level */
	for (off = 8; off < 32; off += 4)
		EXPECT_EQ(rd(0, ICFGR + off), 0); /* SPIs level */
	EXPECT_EQ(rd(0, SPENDSGIR), 0);
	EXPECT_EQ(g.cpu[0].priv[27].lr, -1);
	EXPECT_EQ(g.spi[5].lr, -1);
}

TEST(init_validates_and_ncpus_only_grows)
{
	EXPECT_EQ(vgic_init(&g, 0, 4), -EINVAL);
	EXPECT_EQ(vgic_init(&g, VGIC_MAX_CPUS + 1, 4), -EINVAL);
	EXPECT_EQ(vgic_init(&g, 1, 0), -EINVAL);
	EXPECT_EQ(vgic_init(&g, 1, VGIC_MAX_LRS + 1), -EINVAL);
	EXPECT_EQ(vgic_init(&g, VGIC_MAX_CPUS, VGIC_MAX_LRS), 0);
	EXPECT_EQ(rd(7, TYPER) >> 5, 7);
	setup(2, 4);
	vgic_set_ncpus(&g, 1);
	EXPECT_EQ(g.ncpus, 2);
	vgic_set_ncpus(&g, VGIC_MAX_CPUS + 1);
	EXPECT_EQ(g.ncpus, 2);
	vgic_set_ncpus(&g, 4);
	EXPECT_EQ(rd(0, TYPER), (3u << 5) | 3);
	EXPECT_EQ(rd(3, ITARGETSR), 0x08080808); /* the new vCPU's bank */
}

TEST(enable_set_clear_and_sgis_always_enabled)
{
	setup(2, 4);
	wr(0, ICENABLER, 0xffffffff);
	EXPECT_EQ(rd(0, ISENABLER), 0xffff);
	wr(0, ISENABLER, 0x00030000 | 0xffff);
	EXPECT_EQ(rd(0, ISENABLER), 0x0003ffff);
	EXPECT_EQ(rd(1, ISENABLER), 0xffff); /* PPIs banked */
	EXPECT_EQ(rd(0, ICENABLER), 0x0003ffff);
	wr(0, ICENABLER, 0x00010000);
	EXPECT_EQ(rd(0, ISENABLER), 0x0002ffff);
	wr(0, ISENABLER + 4, 0x80000001); /* SPIs 32 and 63 */
	EXPECT_EQ(rd(1, ISENABLER + 4), 0x80000001); /* shared */
	wr(1, ISENABLER + 4, 0); /* zeros: no effect */
	wr(1, ICENABLER + 4, 0);
	EXPECT_EQ(rd(0, ICENABLER + 4), 0x80000001);
	wr(1, ICENABLER + 4, 0x1);
	EXPECT_EQ(rd(0, ISENABLER + 4), 0x80000000);
	EXPECT_EQ(rd(0, ISENABLER + 16), 0); /* beyond 128 INTIDs */
	wr(0, ISENABLER + 16, 0xffffffff);
	EXPECT_EQ(rd(0, ISENABLER + 16), 0);
}

TEST(priority_and_targets_byte_and_word_access)
{
	setup(3, 4);
	wr(0, IPRIORITYR + 40, 0x44332211);
	EXPECT_EQ(rd8(1, IPRIORITYR + 41), 0x22);
	EXPECT_EQ(rd8(1, IPRIORITYR + 43), 0x44);
	wr8(1, IPRIORITYR + 42, 0xf7); /* all 8 bits kept */
	EXPECT_EQ(rd(0, IPRIORITYR + 40), 0x44f72211);
	wr8(0, IPRIORITYR + 5, 0x80); /* SGI 5, banked */
	EXPECT_EQ(rd(0, IPRIORITYR + 4), 0x00800000 >> 16 << 8);
	EXPECT_EQ(rd(1, IPRIORITYR + 4), 0);
	EXPECT_EQ(rd8(0, IPRIORITYR + 0x7fc), 0); /* reserved */

	wr(0, ITARGETSR + 32, 0x04030201);
	EXPECT_EQ(rd8(2, ITARGETSR + 33), 0x02);
	EXPECT_EQ(rd(2, ITARGETSR + 32), 0x04030201);
	wr8(0, ITARGETSR + 34, 0xff); /* only vCPUs 0-2 exist */
	EXPECT_EQ(rd8(0, ITARGETSR + 34), 0x07);
	wr(1, ITARGETSR + 36, 0xf8f8f8f8);
	EXPECT_EQ(rd(1, ITARGETSR + 36), 0);
	EXPECT_EQ(g.spi[4].targets, 0);
	EXPECT_EQ(rd8(0, ITARGETSR + 127), 0);
	wr8(0, ITARGETSR + 128, 1); /* no INTID 128 */
	EXPECT_EQ(rd8(0, ITARGETSR + 128), 0);
}

TEST(halfword_and_misaligned_accesses_read_zero_and_ignore_writes)
{
	setup(2, 4);
	wr(0, IPRIORITYR + 32, 0x12345678);
	EXPECT_EQ(vgic_dist_read(&g, 0, IPRIORITYR + 32, 2), 0);
	EXPECT_EQ(vgic_dist_write(&g, 0, IPRIORITYR + 32, 2, 0xffff), 0);
	EXPECT_EQ(vgic_dist_read(&g, 0, IPRIORITYR + 33, 4), 0);
	vgic_dist_write(&g, 0, IPRIORITYR + 33, 4, 0xffffffff);
	vgic_dist_write(&g, 0, IPRIORITYR + 34, 2, 0xffff);
	EXPECT_EQ(rd(0, IPRIORITYR + 32), 0x12345678);
	/* bytes only where the architecture allows them */
	wr(0, ISENABLER + 4, 1);
	EXPECT_EQ(rd8(0, ISENABLER + 4), 0);
	wr8(0, ICENABLER + 4, 1);
	EXPECT_EQ(rd(0, ISENABLER + 4), 1);
	wr8(0, CTLR, 1);
	EXPECT_EQ(rd(0, CTLR), 0);
	EXPECT_EQ(rd8(0, TYPER), 0);
	EXPECT_EQ(vgic_dist_read(&g, 0, CTLR, 3), 0);
	EXPECT_EQ(vgic_dist_read(&g, 0, CTLR, 8), 0);
	EXPECT_EQ(vgic_dist_read(&g, 0, CTLR, 0), 0);
	/* outside the register page, an absent vCPU */
	EXPECT_EQ(vgic_dist_read(&g, 0, VGIC_DIST_SIZE, 4), 0);
	EXPECT_EQ(vgic_dist_read(&g, 0, 0xfffffffc, 4), 0);
	EXPECT_EQ(vgic_dist_read(&g, 2, TYPER, 4), 0);
	EXPECT_EQ(vgic_dist_write(&g, 2, CTLR, 4, 1), 0);
	EXPECT_EQ(rd(0, CTLR), 0);
	/* reserved and IMPLEMENTATION DEFINED space */
	EXPECT_EQ(rd(0, 0x00c), 0);
	EXPECT_EQ(rd(0, 0xd00), 0);
	EXPECT_EQ(rd(0, 0xe00), 0);
	EXPECT_EQ(rd(0, SGIR), 0); /* write-only */
	EXPECT_EQ(rd(0, 0xf30), 0);
}

TEST(private_targets_are_banked_and_read_only)
{
	unsigned int off;

	setup(4, 4);
	for (off = 0; off < 32; off += 4) {
		EXPECT_EQ(rd(0, ITARGETSR + off), 0x01010101);
		EXPECT_EQ(rd(3, ITARGETSR + off), 0x08080808);
	}
	EXPECT_EQ(rd8(2, ITARGETSR + 27), 0x04);
	wr(1, ITARGETSR + 28, 0xffffffff);
	wr8(1, ITARGETSR + 3, 0x0f);
	EXPECT_EQ(rd(1, ITARGETSR + 28), 0x02020202);
	EXPECT_EQ(rd8(1, ITARGETSR + 3), 0x02);
	EXPECT_EQ(g.cpu[1].priv[28].targets, 0);
}

TEST(icfgr_sgis_read_only_ppis_and_spis_writable)
{
	setup(2, 4);
	wr(0, ICFGR, 0);
	EXPECT_EQ(rd(0, ICFGR), 0xaaaaaaaa);
	wr(0, ICFGR + 4, 0xffffffff); /* bit 0 of each field reserved */
	EXPECT_EQ(rd(0, ICFGR + 4), 0xaaaaaaaa);
	EXPECT_EQ(rd(1, ICFGR + 4), 0); /* banked */
	EXPECT_TRUE(g.cpu[0].priv[27].edge);
	wr(0, ICFGR + 4, 0x00800000); /* only PPI 27 edge */
	EXPECT_EQ(rd(0, ICFGR + 4), 0x00800000);
	wr(1, ICFGR + 8, 0x8); /* SPI 33 edge */
	EXPECT_EQ(rd(0, ICFGR + 8), 0x8);
	EXPECT_TRUE(g.spi[1].edge);
	EXPECT_EQ(rd(0, ICFGR + 0x20), 0); /* INTID 128+ */
}

TEST(sgir_filters_and_notify_masks)
{
	setup(4, 4);
	/* list: CPUTargetList [23:16], SGIINTID [3:0] */
	EXPECT_EQ(wr(1, SGIR, (0x05u << 16) | 3), 0x5);
	EXPECT_EQ(g.cpu[0].priv[3].sgi_sources, 0x2);
	EXPECT_EQ(g.cpu[2].priv[3].sgi_sources, 0x2);
	EXPECT_EQ(g.cpu[1].priv[3].sgi_sources, 0);
	/* list bits of vCPUs that do not exist are dropped */
	EXPECT_EQ(wr(0, SGIR, (0xf0u << 16) | 4), 0);
	EXPECT_EQ(wr(0, SGIR, (0xffu << 16) | 4), 0xf);
	/* all but self */
	EXPECT_EQ(wr(2, SGIR, (1u << 24) | (0x04u << 16) | 7), 0xb);
	EXPECT_EQ(g.cpu[2].priv[7].sgi_sources, 0);
	EXPECT_EQ(g.cpu[3].priv[7].sgi_sources, 0x4);
	/* self, the target list ignored */
	EXPECT_EQ(wr(3, SGIR, (2u << 24) | (0x01u << 16) | 15), 0x8);
	EXPECT_EQ(g.cpu[3].priv[15].sgi_sources, 0x8);
	EXPECT_EQ(g.cpu[0].priv[15].sgi_sources, 0);
	/* reserved filter: nothing */
	EXPECT_EQ(wr(0, SGIR, (3u << 24) | (0x0fu << 16) | 9), 0);
	EXPECT_EQ(g.cpu[1].priv[9].sgi_sources, 0);
	/* ISPENDR reads SGI pending state, ignores writes to SGI bits */
	EXPECT_EQ(rd(0, ISPENDR) & 0xffff, (1u << 3) | (1u << 4) | (1u << 7));
	wr(0, ISPENDR, 1u << 1);
	wr(0, ICPENDR, 1u << 3);
	EXPECT_EQ(rd(0, ISPENDR) & 0xffff, (1u << 3) | (1u << 4) | (1u << 7));
	EXPECT_EQ(vgic_dist_write(&g, 0, SGIR, 1, 0x00010001), 0);
}

TEST(spendsgir_and_cpendsgir)
{
	setup(3, 4);
	wr(0, CTLR, 1);
	wr(1, SGIR, (0x01u << 16) | 2);
	wr(2, SGIR, (0x01u << 16) | 2);
	EXPECT_EQ(rd(0, SPENDSGIR), 0x00060000);
	EXPECT_EQ(rd8(0, CPENDSGIR + 2), 0x06);
	EXPECT_EQ(rd(1, SPENDSGIR), 0); /* banked */
	EXPECT_EQ(wr8(0, SPENDSGIR + 5, 0xff), 0x1);
	EXPECT_EQ(rd8(0, SPENDSGIR + 5), 0x07); /* 3 vCPUs */
	EXPECT_EQ(rd(0, SPENDSGIR + 4), 0x0700);
	EXPECT_EQ(wr8(0, SPENDSGIR + 5, 0x01), 0); /* no change */
	wr8(0, CPENDSGIR + 2, 0x02);
	EXPECT_EQ(rd8(0, SPENDSGIR + 2), 0x04);
	wr(0, CPENDSGIR, 0xffffffff);
	wr(0, CPENDSGIR + 4, 0xffffffff);
	EXPECT_EQ(rd(0, SPENDSGIR), 0);
	EXPECT_EQ(rd(0, SPENDSGIR + 4), 0);
	EXPECT_EQ(rd(0, ISPENDR) & 0xffff, 0);
}

TEST(flush_fills_lrs_by_priority)
{
	static const unsigned int prio[6] = { 0xa0, 0x10, 0x80, 0x10, 0x08,
					      0xf0 };
	unsigned int i;

	setup(1, 4);
	wr(0, CTLR, 1);
	for (i = 0; i < 6; i++) {
		spi(40 + i, prio[i], 0, true);
		vgic_set_line(&g, 0, 40 + i, true);
	}
	wr(0, IGROUPR + 4, bit(43));
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 4);
	EXPECT_EQ(g.cpu[0].hw.hcr, GICH_HCR_EN | GICH_HCR_NPIE);
	/* 44 (0x08), 41 and 43 (0x10, INTID order), 42 (0x80) */
	EXPECT_EQ(lr(0, 0), GICH_LR_VID(44) | GICH_LR_PENDING |
		  (0x08u >> 3) << GICH_LR_PRIO_SHIFT);
	EXPECT_EQ(lr(0, 1), GICH_LR_VID(41) | GICH_LR_PENDING |
		  (0x10u >> 3) << GICH_LR_PRIO_SHIFT);
	EXPECT_EQ(lr(0, 2), GICH_LR_VID(43) | GICH_LR_PENDING |
		  GICH_LR_GRP1 | (0x10u >> 3) << GICH_LR_PRIO_SHIFT);
	EXPECT_EQ(GICH_LR_VID(lr(0, 3)), 42);
	EXPECT_EQ(g.cpu[0].lr_intid[3], 42);
	EXPECT_EQ(g.spi[42 - 32].lr, 3);
	EXPECT_EQ(g.spi[40 - 32].lr, -1);
	EXPECT_FALSE(g.spi[44 - 32].latch); /* consumed by the LR */
	EXPECT_TRUE(g.spi[40 - 32].latch);
	/* still reads as pending */
	EXPECT_EQ(rd(0, ISPENDR + 4), 0x3f << 8);
	/* nothing for the guest: the same again */
	vgic_sync(&g, 0);
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 4);
	EXPECT_EQ(lr_of(0, 40, 0), -1);
	EXPECT_EQ(lr_of(0, 45, 0), -1);
	EXPECT_EQ(g.cpu[0].lr_used, 0xf);
	for (i = 4; i < VGIC_MAX_LRS; i++)
		EXPECT_EQ(lr(0, i), 0);
	/* a waiting entry follows a priority change */
	wr8(0, IPRIORITYR + 42, 0x18);
	vgic_flush(&g, 0);
	EXPECT_EQ(lr(0, 3), GICH_LR_VID(42) | GICH_LR_PENDING |
		  (0x18u >> 3) << GICH_LR_PRIO_SHIFT);
}

TEST(more_pending_than_lrs_all_delivered_exactly_once)
{
	unsigned int seen[VGIC_NR_IRQS] = { 0 }, order[20], n = 0;
	unsigned int i, round, intid;
	int l;

	setup(2, 4);
	wr(0, CTLR, 1);
	for (i = 0; i < 20; i++) {
		/* priorities from 0xe0 down, in pairs that tie */
		spi(32 + i, 0xe0 - 16 * (i / 2), 1, true);
		wr(0, word(ISPENDR, 32 + i), bit(32 + i));
	}
	for (round = 0; round < 20 && n < 20; round++) {
		vgic_flush(&g, 1);
		EXPECT_EQ(lrs_in_use(0), 0);
		EXPECT_EQ(!!(g.cpu[1].hw.hcr & GICH_HCR_NPIE), n + 4 < 20);
		EXPECT_TRUE(g.cpu[1].hw.hcr & GICH_HCR_EN);
		while ((l = guest_ack(1)) >= 0) {
			intid = GICH_LR_VID(lr(1, l));
			EXPECT_EQ(lr(1, l) & GICH_LR_EOI, 0); /* edge */
			seen[intid]++;
			order[n++] = intid;
			guest_eoi(1, l);
		}
		vgic_sync(&g, 1);
	}
	EXPECT_EQ(n, 20);
	for (i = 0; i < 20; i++)
		EXPECT_EQ(seen[32 + i], 1);
	for (i = 1; i < n; i++) /* priority order, INTID on ties */
		EXPECT_TRUE(g.spi[order[i - 1] - 32].priority <
				    g.spi[order[i] - 32].priority ||
			    (g.spi[order[i - 1] - 32].priority ==
				     g.spi[order[i] - 32].priority &&
			     order[i - 1] < order[i]));
	vgic_flush(&g, 1);
	EXPECT_EQ(lrs_in_use(1), 0);
	EXPECT_EQ(g.cpu[1].hw.hcr, GICH_HCR_EN);
	EXPECT_EQ(rd(0, ISPENDR + 4), 0);
	EXPECT_EQ(rd(0, ISACTIVER + 4), 0);
	EXPECT_FALSE(vgic_pending(&g, 1));
}

/*
 * Nested handlers hold every list register active while more wait: NPIE
 * would fire at once and keep firing, so the guest's next EOI must bring
 * the vCPU back instead (EOI bit on the active entries).
 */
TEST(all_lrs_active_with_more_waiting_asks_for_eoi_not_npie)
{
	unsigned int i, n = 0;
	int l;

	setup(1, 4);
	wr(0, CTLR, 1);
	/* rising priority (lower value) each time: each one preempts */
	for (i = 0; i < 6; i++) {
		spi(32 + i, 0xa0 - 8 * i, 0, true);
		wr(0, word(ISPENDR, 32 + i), bit(32 + i));
	}
	vgic_flush(&g, 0);
	EXPECT_TRUE(g.cpu[0].hw.hcr & GICH_HCR_NPIE);
	while (guest_ack(0) >= 0)
		n++;
	EXPECT_EQ(n, 4);
	vgic_sync(&g, 0);
	vgic_flush(&g, 0);
	EXPECT_FALSE(g.cpu[0].hw.hcr & GICH_HCR_NPIE);
	for (i = 0; i < 4; i++)
		EXPECT_TRUE(lr(0, i) & GICH_LR_EOI);
	/* one EOI frees a register: the next flush refills it */
	for (l = 0; l < 4; l++)
		if ((lr(0, l) & GICH_LR_ACTIVE))
			break;
	guest_eoi(0, l);
	vgic_sync(&g, 0);
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 4);
	EXPECT_TRUE(g.cpu[0].hw.hcr & GICH_HCR_NPIE);
}

/*
 * Nested handlers whose interrupts came again hold every list register
 * active and pending while more wait. No entry is in the pending state,
 * so NPIE would fire at once and at every entry (IHI 0048B 5.3.4: active
 * and pending is a state of its own): the vCPU would never run. The EOI
 * bit brings it back instead: the innermost handler's EOI leaves its
 * entry pending, the guest takes it again, and its second EOI frees it.
 */
TEST(active_and_pending_entries_do_not_arm_npie)
{
	int l40, l41, l;

	setup(1, 2);
	wr(0, CTLR, 1);
	spi(40, 0x40, 0, true);
	spi(41, 0x20, 0, true); /* preempts 40 */
	spi(42, 0x80, 0, true);
	spi(43, 0x80, 0, true);
	wr(0, word(ISPENDR, 40), bit(40));
	vgic_flush(&g, 0);
	l40 = guest_ack(0);
	vgic_sync(&g, 0);
	wr(0, word(ISPENDR, 41), bit(41));
	vgic_flush(&g, 0);
	l41 = guest_ack(0);
	ASSERT_TRUE(l40 >= 0 && l41 >= 0 && l40 != l41);
	vgic_sync(&g, 0);
	/* both come again, and two more that find no free register */
	wr(0, word(ISPENDR, 40), bit(40) | bit(41) | bit(42) | bit(43));
	vgic_flush(&g, 0);
	EXPECT_EQ(lr(0, l40) & LR_STATE, LR_STATE);
	EXPECT_EQ(lr(0, l41) & LR_STATE, LR_STATE);
	EXPECT_EQ(lr_of(0, 42, 0), -1);
	EXPECT_FALSE(g.cpu[0].hw.hcr & GICH_HCR_NPIE);
	EXPECT_EQ(misr(0), 0);
	EXPECT_TRUE(lr(0, l40) & GICH_LR_EOI);
	EXPECT_TRUE(lr(0, l41) & GICH_LR_EOI);
	/* 41's EOI: pending again, no maintenance yet; taken again */
	guest_eoi(0, l41);
	EXPECT_EQ(lr(0, l41) & LR_STATE, GICH_LR_PENDING);
	EXPECT_EQ(misr(0), 0);
	EXPECT_EQ(guest_ack(0), l41);
	guest_eoi(0, l41);
	EXPECT_EQ(misr(0), MISR_EOI);
	/* the exit refills the free register: 42 before 43 (INTID) */
	vgic_sync(&g, 0);
	vgic_flush(&g, 0);
	EXPECT_EQ(misr(0), 0);
	l = lr_of(0, 42, 0);
	EXPECT_EQ(l, l41);
	EXPECT_EQ(lr(0, l40) & LR_STATE, LR_STATE);
	/* 42 pending: NPIE comes back when the guest takes it */
	EXPECT_TRUE(g.cpu[0].hw.hcr & GICH_HCR_NPIE);
	EXPECT_EQ(guest_ack(0), l);
	EXPECT_EQ(misr(0), MISR_NP);
}

TEST(higher_priority_evicts_pending_entry_but_never_active)
{
	int l;

	setup(1, 2);
	wr(0, CTLR, 1);
	spi(40, 0x80, 0, true);
	spi(41, 0x90, 0, true);
	spi(42, 0x10, 0, true);
	spi(43, 0x08, 0, true);
	spi(44, 0x90, 0, true);
	vgic_set_line(&g, 0, 40, true);
	vgic_set_line(&g, 0, 41, true);
	vgic_flush(&g, 0);
	EXPECT_EQ(g.cpu[0].hw.hcr, GICH_HCR_EN);
	/* equal priority never evicts */
	vgic_set_line(&g, 0, 44, true);
	vgic_flush(&g, 0);
	EXPECT_EQ(lr_of(0, 44, 0), -1);
	EXPECT_EQ(g.cpu[0].hw.hcr, GICH_HCR_EN | GICH_HCR_NPIE);
	/* the guest takes 40; 42 arrives and evicts 41, the pending one */
	l = guest_ack(0);
	EXPECT_EQ(GICH_LR_VID(lr(0, l)), 40);
	vgic_sync(&g, 0);
	vgic_set_line(&g, 0, 42, true);
	vgic_flush(&g, 0);
	EXPECT_EQ(lr_of(0, 40, 0), l);
	EXPECT_EQ(lr(0, l) & LR_STATE, GICH_LR_ACTIVE);
	EXPECT_GE(lr_of(0, 42, 0), 0);
	EXPECT_EQ(lr_of(0, 41, 0), -1);
	EXPECT_TRUE(g.spi[41 - 32].latch); /* back in software */
	EXPECT_EQ(g.spi[41 - 32].lr, -1);
	EXPECT_EQ(g.cpu[0].hw.hcr, GICH_HCR_EN | GICH_HCR_NPIE);
	/* the guest takes 42 too: 43 finds only active entries */
	guest_ack(0);
	vgic_sync(&g, 0);
	vgic_set_line(&g, 0, 43, true);
	vgic_flush(&g, 0);
	EXPECT_EQ(lr_of(0, 43, 0), -1);
	EXPECT_EQ(lr(0, 0) & LR_STATE, GICH_LR_ACTIVE);
	EXPECT_EQ(lr(0, 1) & LR_STATE, GICH_LR_ACTIVE);
	EXPECT_EQ(rd(0, ISACTIVER + 4), bit(40) | bit(42));
	/* nothing pending to wait for: come back at an EOI instead */
	EXPECT_EQ(g.cpu[0].hw.hcr, GICH_HCR_EN);
	EXPECT_TRUE(lr(0, 0) & GICH_LR_EOI);
	EXPECT_TRUE(lr(0, 1) & GICH_LR_EOI);
	/* EOI both: 43, then 41 before 44 (same priority, lower INTID) */
	guest_eoi(0, 0);
	guest_eoi(0, 1);
	vgic_sync(&g, 0);
	vgic_flush(&g, 0);
	EXPECT_GE(lr_of(0, 43, 0), 0);
	EXPECT_GE(lr_of(0, 41, 0), 0);
	EXPECT_EQ(lr_of(0, 44, 0), -1);
	EXPECT_EQ(g.cpu[0].hw.hcr, GICH_HCR_EN | GICH_HCR_NPIE);
}

TEST(level_line_high_redelivered_after_eoi_not_after_drop)
{
	int l;

	setup(1, 4);
	wr(0, CTLR, 1);
	spi(50, 0x40, 0, false);
	EXPECT_EQ(vgic_set_line(&g, 0, 50, true), 0x1);
	EXPECT_EQ(vgic_set_line(&g, 0, 50, true), 0); /* no change */
	vgic_flush(&g, 0);
	l = lr_of(0, 50, 0);
	ASSERT_TRUE(l >= 0);
	EXPECT_TRUE(lr(0, l) & GICH_LR_EOI);
	EXPECT_TRUE(g.spi[50 - 32].line);
	EXPECT_EQ(guest_ack(0), l);
	guest_eoi(0, l);
	EXPECT_EQ(g.cpu[0].hw.eisr[0], 1u << l); /* maintenance */
	vgic_sync(&g, 0);
	EXPECT_EQ(g.spi[50 - 32].lr, -1);
	vgic_flush(&g, 0); /* the line is still high: again */
	l = lr_of(0, 50, 0);
	ASSERT_TRUE(l >= 0);
	EXPECT_EQ(lr(0, l) & LR_STATE, GICH_LR_PENDING);
	EXPECT_EQ(guest_ack(0), l);
	/* the device drops its line while the guest handles it */
	vgic_set_line(&g, 0, 50, false);
	guest_eoi(0, l);
	vgic_sync(&g, 0);
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 0);
	EXPECT_EQ(rd(0, ISPENDR + 4), 0);
	/* pending in an LR, then dropped before the guest took it */
	vgic_set_line(&g, 0, 50, true);
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 1);
	EXPECT_EQ(vgic_set_line(&g, 0, 50, false), 0x1);
	vgic_sync(&g, 0);
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 0);
	EXPECT_FALSE(vgic_pending(&g, 0));
}

TEST(eoi_bit_for_level_only)
{
	setup(2, 8);
	wr(0, CTLR, 1);
	spi(33, 0, 0, false);
	spi(34, 0, 0, true);
	vgic_set_line(&g, 0, 33, true);
	vgic_set_line(&g, 0, 34, true);
	wr(0, ISENABLER, bit(27)); /* PPI 27: level by default */
	vgic_set_line(&g, 0, 27, true);
	wr(1, SGIR, (1u << 16) | 1);
	vgic_flush(&g, 0);
	EXPECT_TRUE(lr(0, lr_of(0, 33, 0)) & GICH_LR_EOI);
	EXPECT_FALSE(lr(0, lr_of(0, 34, 0)) & GICH_LR_EOI);
	EXPECT_TRUE(lr(0, lr_of(0, 27, 0)) & GICH_LR_EOI);
	EXPECT_FALSE(lr(0, lr_of(0, 1, 1)) & GICH_LR_EOI);
	EXPECT_FALSE(lr(0, lr_of(0, 33, 0)) & GICH_LR_HW);
}

TEST(edge_retrigger_while_active_is_pending_and_active_in_place)
{
	int l;

	setup(1, 4);
	wr(0, CTLR, 1);
	spi(60, 0x20, 0, true);
	vgic_set_line(&g, 0, 60, true);
	vgic_flush(&g, 0);
	l = guest_ack(0);
	ASSERT_TRUE(l >= 0);
	vgic_sync(&g, 0);
	EXPECT_EQ(rd(0, ISACTIVER + 4), bit(60));
	EXPECT_EQ(rd(0, ISPENDR + 4), 0);
	vgic_set_line(&g, 0, 60, false);
	EXPECT_EQ(vgic_set_line(&g, 0, 60, true), 0x1); /* holder kicked */
	EXPECT_EQ(rd(0, ISPENDR + 4), bit(60));
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 1);
	EXPECT_EQ(lr(0, l) & LR_STATE, LR_STATE);
	EXPECT_EQ(GICH_LR_VID(lr(0, l)), 60);
	EXPECT_EQ(guest_ack(0), -1); /* active and pending: not taken */
	guest_eoi(0, l);
	EXPECT_EQ(lr(0, l) & LR_STATE, GICH_LR_PENDING);
	vgic_sync(&g, 0); /* exited before taking it: back to software */
	EXPECT_FALSE(g.spi[60 - 32].active);
	EXPECT_TRUE(g.spi[60 - 32].latch);
	vgic_flush(&g, 0);
	l = guest_ack(0);
	EXPECT_EQ(GICH_LR_VID(lr(0, l)), 60);
	guest_eoi(0, l);
	vgic_sync(&g, 0);
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 0);

	/* an SGI sent again by the same source while active */
	wr(0, SGIR, (2u << 24) | 5);
	vgic_flush(&g, 0);
	l = guest_ack(0);
	vgic_sync(&g, 0);
	EXPECT_EQ(wr(0, SGIR, (2u << 24) | 5), 0x1);
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 1);
	EXPECT_EQ(lr(0, l) & LR_STATE, LR_STATE);
}

/*
 * The VirtualIDs in the list registers are unique (IHI 0048B 5.3,
 * GICH_LRn): an SGI pending from several sources goes into one list
 * register for one source, with the EOI bit while others wait; each of
 * the others follows, in turn, once the guest's EOI has freed it.
 */
TEST(sgi_from_several_sources_one_source_at_a_time)
{
	int l;

	setup(4, 4);
	wr(0, CTLR, 1);
	wr(1, SGIR, (0x1u << 16) | 9);
	wr(2, SGIR, (0x1u << 16) | 9);
	wr(3, SGIR, (0x1u << 16) | 9);
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 1);
	l = lr_of(0, 9, 1);
	ASSERT_TRUE(l >= 0);
	EXPECT_EQ((lr(0, l) >> GICH_LR_CPUID_SHIFT) & 7, 1);
	EXPECT_TRUE(lr(0, l) & GICH_LR_EOI);
	EXPECT_EQ(g.cpu[0].priv[9].sgi_sources, 0xc);
	EXPECT_EQ(rd8(0, SPENDSGIR + 9), 0xe); /* in the LR and waiting */
	/* CPENDSGIR withdraws source 2, which waits in software */
	wr8(0, CPENDSGIR + 9, 0x4);
	EXPECT_EQ(rd8(0, SPENDSGIR + 9), 0xa);
	vgic_sync(&g, 0);
	vgic_flush(&g, 0);
	EXPECT_EQ(lr_of(0, 9, 1), l);
	EXPECT_TRUE(g.cpu[0].hw.hcr & GICH_HCR_NPIE);
	EXPECT_EQ(misr(0), 0);
	/* taken: NP brings the vCPU back, but the register is still busy */
	EXPECT_EQ(guest_ack(0), l);
	EXPECT_EQ(misr(0), MISR_NP);
	vgic_sync(&g, 0);
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 1);
	EXPECT_EQ(lr(0, l) & LR_STATE, GICH_LR_ACTIVE);
	EXPECT_TRUE(lr(0, l) & GICH_LR_EOI);
	EXPECT_EQ(misr(0), 0);
	/* source 1 sends again: not active and pending, 3 goes first */
	EXPECT_EQ(wr(1, SGIR, (0x1u << 16) | 9), 0x1);
	vgic_sync(&g, 0);
	vgic_flush(&g, 0);
	EXPECT_EQ(lr(0, l) & LR_STATE, GICH_LR_ACTIVE);
	EXPECT_EQ(g.cpu[0].priv[9].sgi_sources, 0xa);
	EXPECT_EQ(rd8(0, SPENDSGIR + 9), 0xa);
	guest_eoi(0, l);
	EXPECT_EQ(misr(0), MISR_EOI);
	vgic_sync(&g, 0);
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 1);
	l = lr_of(0, 9, 3);
	ASSERT_TRUE(l >= 0);
	EXPECT_TRUE(lr(0, l) & GICH_LR_EOI); /* 1 still waits */
	EXPECT_EQ(guest_ack(0), l);
	guest_eoi(0, l);
	vgic_sync(&g, 0);
	vgic_flush(&g, 0);
	l = lr_of(0, 9, 1);
	ASSERT_TRUE(l >= 0);
	EXPECT_FALSE(lr(0, l) & GICH_LR_EOI); /* nobody waits */
	EXPECT_EQ(g.cpu[0].hw.hcr, GICH_HCR_EN);
	EXPECT_EQ(guest_ack(0), l);
	guest_eoi(0, l);
	vgic_sync(&g, 0);
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 0);
	EXPECT_EQ(rd(0, ISPENDR), 0);
	EXPECT_EQ(rd(0, SPENDSGIR + 8), 0);
}

/* Another source of an SGI that a list register holds wakes a WFI. */
TEST(sgi_waiting_for_its_register_still_wakes_wfi)
{
	int l;

	setup(3, 4);
	wr(0, CTLR, 1);
	wr(1, SGIR, (0x1u << 16) | 4);
	vgic_flush(&g, 0);
	l = guest_ack(0);
	ASSERT_TRUE(l >= 0);
	vgic_sync(&g, 0);
	EXPECT_FALSE(vgic_pending(&g, 0));
	wr(2, SGIR, (0x1u << 16) | 4);
	EXPECT_TRUE(vgic_pending(&g, 0));
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 1);
	EXPECT_EQ(lr_of(0, 4, 2), -1);
}

TEST(icpendr_clears_latch_only)
{
	int l;

	setup(1, 4);
	wr(0, CTLR, 1);
	spi(70, 0x30, 0, false);
	vgic_set_line(&g, 0, 70, true);
	wr(0, word(ISPENDR, 70), bit(70));
	EXPECT_TRUE(g.spi[70 - 32].latch);
	wr(0, word(ICPENDR, 70), bit(70));
	EXPECT_FALSE(g.spi[70 - 32].latch);
	EXPECT_EQ(rd(0, word(ISPENDR, 70)), bit(70)); /* line still high */
	vgic_flush(&g, 0);
	l = lr_of(0, 70, 0);
	EXPECT_GE(l, 0);
	wr(0, word(ICPENDR, 70), bit(70)); /* in the LR, line high */
	vgic_sync(&g, 0);
	vgic_flush(&g, 0);
	EXPECT_EQ(lr_of(0, 70, 0), l);
	vgic_set_line(&g, 0, 70, false);
	EXPECT_EQ(rd(0, word(ISPENDR, 70)), 0);

	/* level by GICD_ISPENDR, line low: pending until ICPENDR */
	vgic_sync(&g, 0);
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 0);
	wr(0, word(ISPENDR, 70), bit(70));
	vgic_flush(&g, 0);
	EXPECT_GE(lr_of(0, 70, 0), 0);
	vgic_sync(&g, 0); /* not taken: the latch comes back */
	EXPECT_TRUE(g.spi[70 - 32].latch);
	vgic_flush(&g, 0);
	EXPECT_EQ(wr(0, word(ICPENDR, 70), bit(70)), 0x1);
	vgic_sync(&g, 0);
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 0);
	EXPECT_EQ(rd(0, word(ISPENDR, 70)), 0);

	/* an edge one pending in an LR goes away */
	spi(71, 0x30, 0, true);
	vgic_set_line(&g, 0, 71, true);
	vgic_flush(&g, 0);
	EXPECT_GE(lr_of(0, 71, 0), 0);
	EXPECT_EQ(rd(0, word(ISPENDR, 71)), bit(71));
	wr(0, word(ICPENDR, 71), bit(71));
	EXPECT_EQ(rd(0, word(ISPENDR, 71)), 0);
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 0);
}

TEST(pending_follows_priority_mask_and_group_enables)
{
	struct vgic_lr_state *hw;

	setup(2, 4);
	hw = &g.cpu[1].hw;
	wr(0, CTLR, 1);
	spi(80, 0x48, 1, true);
	EXPECT_FALSE(vgic_pending(&g, 1));
	vgic_set_line(&g, 0, 80, true);
	EXPECT_TRUE(vgic_pending(&g, 1));
	EXPECT_FALSE(vgic_pending(&g, 0));
	hw->vmcr = (0x09u << GICH_VMCR_PMR_SHIFT) | 3; /* mask 0x48 */
	EXPECT_FALSE(vgic_pending(&g, 1));
	hw->vmcr = (0x0au << GICH_VMCR_PMR_SHIFT) | 3; /* mask 0x50 */
	EXPECT_TRUE(vgic_pending(&g, 1));
	hw->vmcr = (0x0au << GICH_VMCR_PMR_SHIFT) | 2; /* group 0 off */
	EXPECT_FALSE(vgic_pending(&g, 1));
	wr(0, word(IGROUPR, 80), bit(80));
	EXPECT_TRUE(vgic_pending(&g, 1));
	hw->vmcr = (0x0au << GICH_VMCR_PMR_SHIFT) | 1; /* group 1 off */
	EXPECT_FALSE(vgic_pending(&g, 1));
	/* the same while it sits pending in a list register */
	hw->vmcr = VMCR_ALL;
	vgic_flush(&g, 1);
	EXPECT_EQ(lrs_in_use(1), 1);
	EXPECT_TRUE(vgic_pending(&g, 1));
	hw->vmcr = (0x0au << GICH_VMCR_PMR_SHIFT) | 1;
	EXPECT_FALSE(vgic_pending(&g, 1));
	hw->vmcr = VMCR_ALL;
	/* taken (active): nothing left to signal */
	guest_ack(1);
	EXPECT_FALSE(vgic_pending(&g, 1));
	vgic_sync(&g, 1);
	EXPECT_FALSE(vgic_pending(&g, 1));
	/* disabled interrupt, disabled distributor */
	wr(0, word(ICENABLER, 81), 0);
	spi(81, 0, 1, false);
	vgic_set_line(&g, 0, 81, true);
	EXPECT_TRUE(vgic_pending(&g, 1));
	wr(0, word(ICENABLER, 81), bit(81));
	EXPECT_FALSE(vgic_pending(&g, 1));
	wr(0, word(ISENABLER, 81), bit(81));
	wr(0, CTLR, 0);
	EXPECT_FALSE(vgic_pending(&g, 1));
	EXPECT_FALSE(vgic_pending(&g, 5));
}

TEST(distributor_disabled_delivers_nothing)
{
	setup(2, 4);
	spi(90, 0, 0, true);
	EXPECT_EQ(vgic_set_line(&g, 0, 90, true), 0);
	EXPECT_EQ(wr(1, SGIR, (1u << 16) | 2), 0x1); /* still the targets */
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 0);
	EXPECT_EQ(g.cpu[0].hw.hcr, GICH_HCR_EN);
	EXPECT_EQ(wr(0, CTLR, 1), 0x1);
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 2);
	/* disabling takes back what is only pending */
	EXPECT_EQ(wr(1, CTLR, 0), 0x1);
	vgic_sync(&g, 0);
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 0);
	EXPECT_TRUE(g.spi[90 - 32].latch);
	EXPECT_EQ(g.cpu[0].priv[2].sgi_sources, 0x2);
}

TEST(disable_or_retarget_while_in_lr)
{
	setup(2, 4);
	wr(0, CTLR, 1);
	spi(100, 0, 0, true);
	vgic_set_line(&g, 0, 100, true);
	vgic_flush(&g, 0);
	EXPECT_GE(lr_of(0, 100, 0), 0);
	/* 1-of-N: one LR of one vCPU, even when both are targets */
	EXPECT_EQ(wr8(1, ITARGETSR + 100, 0x3), 0x1);
	vgic_flush(&g, 1);
	EXPECT_EQ(lrs_in_use(1), 0);
	EXPECT_FALSE(vgic_pending(&g, 1));
	/* disabled: taken back on the holder's next flush */
	EXPECT_EQ(wr(1, word(ICENABLER, 100), bit(100)), 0x1);
	vgic_sync(&g, 0);
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 0);
	EXPECT_EQ(rd(1, word(ISPENDR, 100)), bit(100));
	/* re-enabled, now for vCPU 1 only */
	wr8(0, ITARGETSR + 100, 0x2);
	EXPECT_EQ(wr(0, word(ISENABLER, 100), bit(100)), 0x2);
	vgic_flush(&g, 1);
	EXPECT_GE(lr_of(1, 100, 0), 0);
	/* targets 0: never delivered */
	wr8(0, ITARGETSR + 100, 0);
	vgic_sync(&g, 1);
	vgic_flush(&g, 1);
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0) + lrs_in_use(1), 0);
	EXPECT_EQ(rd(1, word(ISPENDR, 100)), bit(100));
}

TEST(spi_goes_to_lowest_existing_target)
{
	setup(2, 4);
	wr(0, CTLR, 1);
	spi(101, 0, 1, true);
	wr8(0, ITARGETSR + 101, 0x06); /* vCPU 2 does not exist */
	EXPECT_EQ(rd8(0, ITARGETSR + 101), 0x02);
	EXPECT_EQ(vgic_set_line(&g, 0, 101, true), 0x2);
	vgic_set_ncpus(&g, 4);
	wr8(0, ITARGETSR + 101, 0x0c);
	vgic_flush(&g, 1);
	EXPECT_EQ(lrs_in_use(1), 0);
	vgic_flush(&g, 2);
	EXPECT_EQ(lrs_in_use(2), 1);
}

TEST(set_line_ignores_sgis_and_selects_ppi_bank)
{
	setup(2, 4);
	wr(0, CTLR, 1);
	EXPECT_EQ(vgic_set_line(&g, 0, 3, true), 0);
	EXPECT_EQ(g.cpu[0].priv[3].sgi_sources, 0);
	EXPECT_FALSE(g.cpu[0].priv[3].line);
	EXPECT_EQ(vgic_set_line(&g, 0, VGIC_NR_IRQS, true), 0);
	EXPECT_EQ(vgic_set_line(&g, 0, 0xffffffffu, true), 0);
	EXPECT_EQ(vgic_set_line(&g, 2, 27, true), 0);
	wr(1, ISENABLER, bit(27));
	EXPECT_EQ(vgic_set_line(&g, 0, 27, true), 0); /* disabled on 0 */
	EXPECT_EQ(vgic_set_line(&g, 1, 27, true), 0x2);
	EXPECT_EQ(rd(1, ISPENDR), bit(27));
	EXPECT_EQ(rd(0, ISPENDR), bit(27)); /* vCPU 0's own line */
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 0);
	vgic_flush(&g, 1);
	EXPECT_GE(lr_of(1, 27, 0), 0);
	/* an SPI: vcpu ignored */
	spi(33, 0, 0, true);
	EXPECT_EQ(vgic_set_line(&g, 7, 33, true), 0x1);
}

/*
 * The scans for candidates visit only hinted interrupts: a flush drops
 * the hints of what is not pending, a line or an SGI sets its own (an
 * SGIR write only the targets'), any other distributor write all.
 */
TEST(candidate_hints_follow_what_may_be_pending)
{
	setup(2, 4);
	wr(0, CTLR, 1);
	wr(0, ISENABLER, bit(27));
	wr(1, ISENABLER, bit(27));
	vgic_flush(&g, 0);
	vgic_flush(&g, 1);
	EXPECT_EQ(g.cpu[0].hint, 0u);
	EXPECT_EQ(g.cpu[1].hint, 0u);
	EXPECT_EQ(g.spi_hint[0] | g.spi_hint[1] | g.spi_hint[2], 0u);
	EXPECT_FALSE(vgic_pending(&g, 0));
	/* a PPI line: its bank's bit only */
	vgic_set_line(&g, 1, 27, true);
	EXPECT_EQ(g.cpu[1].hint, bit(27));
	EXPECT_EQ(g.cpu[0].hint, 0u);
	EXPECT_TRUE(vgic_pending(&g, 1));
	vgic_flush(&g, 1);
	EXPECT_GE(lr_of(1, 27, 0), 0);
	/* in a list register, but a high level line still counts */
	EXPECT_EQ(g.cpu[1].hint, bit(27));
	vgic_set_line(&g, 1, 27, false);
	vgic_flush(&g, 1);
	EXPECT_EQ(g.cpu[1].hint, 0u);
	/* an SGI: the target's bit, nobody else's */
	wr(0, SGIR, (2u << 16) | 5);
	EXPECT_EQ(g.cpu[1].hint, bit(5));
	EXPECT_EQ(g.cpu[0].hint, 0u);
	EXPECT_EQ(g.spi_hint[0], 0u);
	/* any other write: everything */
	wr(0, IPRIORITYR, 0);
	EXPECT_EQ(g.cpu[0].hint, ~0u);
	EXPECT_EQ(g.spi_hint[2], ~0u);
	vgic_flush(&g, 0);
	EXPECT_EQ(g.cpu[0].hint, 0u);
	EXPECT_EQ(g.spi_hint[0] | g.spi_hint[1] | g.spi_hint[2], 0u);
	/* an SPI line: its word's bit */
	spi(40, 0, 0, true);
	vgic_flush(&g, 0);
	vgic_set_line(&g, 0, 40, true);
	EXPECT_EQ(g.spi_hint[0], 1u << (40 - 32));
	EXPECT_TRUE(vgic_pending(&g, 0));
}

TEST(isactiver_icactiver_update_software_and_lr)
{
	int l;

	setup(1, 4);
	wr(0, CTLR, 1);
	spi(40, 0, 0, true);
	vgic_set_line(&g, 0, 40, true);
	vgic_flush(&g, 0);
	l = guest_ack(0);
	vgic_sync(&g, 0);
	EXPECT_EQ(rd(0, ISACTIVER + 4), bit(40));
	/* the guest deactivates it through the distributor */
	wr(0, ICACTIVER + 4, bit(40));
	EXPECT_EQ(rd(0, ISACTIVER + 4), 0);
	EXPECT_EQ(lr(0, l), 0);
	EXPECT_EQ(g.spi[40 - 32].lr, -1);
	vgic_flush(&g, 0);
	EXPECT_EQ(lrs_in_use(0), 0);
	/* set active in software, then pending: loaded active+pending */
	wr(0, ISACTIVER + 4, bit(41));
	spi(41, 0, 0, true);
	EXPECT_EQ(rd(0, ISACTIVER + 4), bit(41));
	vgic_set_line(&g, 0, 41, true);
	EXPECT_FALSE(vgic_pending(&g, 0));
	vgic_flush(&g, 0);
	EXPECT_EQ(lr(0, lr_of(0, 41, 0)) & LR_STATE, LR_STATE);
	wr(0, ISACTIVER, 1u << 2); /* SGI 2 of vCPU 0: software only */
	EXPECT_EQ(rd(0, ISACTIVER), 1u << 2);
}

TEST(sync_handles_every_lr_state)
{
	setup(1, 4);
	wr(0, CTLR, 1);
	spi(40, 0x10, 0, true);
	spi(41, 0x10, 0, true);
	spi(42, 0x10, 0, true);
	spi(43, 0x10, 0, false);
	vgic_set_line(&g, 0, 40, true);
	vgic_set_line(&g, 0, 41, true);
	vgic_set_line(&g, 0, 42, true);
	vgic_set_line(&g, 0, 43, true);
	vgic_flush(&g, 0);
	ASSERT_EQ(lrs_in_use(0), 4);
	/* 40 done, 41 untouched, 42 active, 43 active+pending */
	g.cpu[0].hw.lr[lr_of(0, 40, 0)] &= ~LR_STATE;
	g.cpu[0].hw.lr[lr_of(0, 42, 0)] ^= LR_STATE;
	g.cpu[0].hw.lr[lr_of(0, 43, 0)] |= LR_STATE;
	vgic_sync(&g, 0);
	EXPECT_EQ(g.cpu[0].lr_used, (1u << 2) | (1u << 3));
	EXPECT_EQ(g.spi[40 - 32].lr, -1);
	EXPECT_FALSE(g.spi[40 - 32].latch);
	EXPECT_EQ(g.spi[41 - 32].lr, -1);
	EXPECT_TRUE(g.spi[41 - 32].latch);
	EXPECT_TRUE(g.spi[42 - 32].active);
	EXPECT_TRUE(g.spi[43 - 32].active);
	EXPECT_EQ(g.cpu[0].lr_intid[2], 42);
	EXPECT_EQ(g.cpu[0].lr_intid[0], 0);
	EXPECT_EQ(rd(0, ISACTIVER + 4), bit(42) | bit(43));
	EXPECT_EQ(rd(0, ISPENDR + 4), bit(41) | bit(43));
}

/*
 * A model of vCPU 0's virtual CPU interface for the storm below, with
 * EOImode 0: GICV_IAR takes the highest-priority entry in the pending
 * state if it is above the running priority (that of the innermost active
 * one, which a stack of list register numbers keeps), GICV_EOIR drops
 * and deactivates the innermost.
 */
struct storm_guest {
	int stack[VGIC_MAX_LRS];
	unsigned int depth;
	uint32_t taken[VGIC_MAX_CPUS][VGIC_NR_SGIS];
	unsigned int entries;
};

static bool storm_take(struct storm_guest *sg)
{
	unsigned int running = 0x20, prio;
	int l;

	if (sg->depth)
		running = (lr(0, sg->stack[sg->depth - 1]) >>
			   GICH_LR_PRIO_SHIFT) & 0x1f;
	l = guest_ack(0);
	if (l < 0)
		return false;
	prio = (lr(0, l) >> GICH_LR_PRIO_SHIFT) & 0x1f;
	if (prio >= running) { /* not above the running priority: undo */
		g.cpu[0].hw.lr[l] ^= LR_STATE;
		return false;
	}
	sg->taken[(lr(0, l) >> GICH_LR_CPUID_SHIFT) & 7][GICH_LR_VID(lr(0, l))]++;
	sg->stack[sg->depth++] = l;
	return true;
}

static void storm_eoi(struct storm_guest *sg)
{
	int l = sg->stack[--sg->depth];

	EXPECT_TRUE(lr(0, l) & GICH_LR_ACTIVE);
	guest_eoi(0, l);
}

/* An entry, and what must hold at every entry. */
static void storm_entry(struct storm_guest *sg)
{
	unsigned int i, j;

	vgic_flush(&g, 0);
	sg->entries++;
	EXPECT_EQ(misr(0), 0);
	for (i = 0; i < g.nr_lrs; i++)
		for (j = i + 1; j < g.nr_lrs; j++)
			if ((lr(0, i) & LR_STATE) && (lr(0, j) & LR_STATE))
				EXPECT_NE(GICH_LR_VID(lr(0, i)),
					  GICH_LR_VID(lr(0, j)));
}

static void storm_exit(struct storm_guest *sg)
{
	vgic_sync(&g, 0);
	storm_entry(sg);
}

/*
 * vCPUs 1-3 send SGIs 0-7 (four priorities) to vCPU 0, whose 4 list
 * registers cannot hold them all, while vCPU 0 takes, nests and EOIs
 * them and exits at random (a kick after a send comes later or sooner),
 * at every maintenance interrupt and when it has nothing to do (WFI).
 * At every entry no maintenance interrupt is asserted and no VirtualID is
 * in two list registers. When the senders stop, maintenance interrupts
 * and WFI alone bring every SGI in: each (source, SGI) sent is taken at
 * least once and at most as often as it was sent.
 */
TEST(sgi_storm_from_three_sources_no_livelock_no_loss)
{
	static struct storm_guest sg;
	uint32_t sent[VGIC_MAX_CPUS][VGIC_NR_SGIS];
	uint32_t rnd = 12345;
	unsigned int seed, step, s, id;
	bool kicked;

	for (seed = 0; seed < 20; seed++) {
		setup(4, 4);
		memset(&sg, 0, sizeof(sg));
		memset(sent, 0, sizeof(sent));
		wr(0, CTLR, 1);
		for (id = 0; id < 8; id++)
			wr8(0, IPRIORITYR + id, (id & 3) << 5);
		vgic_flush(&g, 0);
		kicked = false;
		for (step = 0; step < 3000; step++) {
			rnd = rnd * 1103515245u + 12345u + seed;
			if ((rnd >> 8) % 3 == 0) {
				s = 1 + (rnd >> 12) % 3;
				id = (rnd >> 16) % 8;
				wr(s, SGIR, (0x1u << 16) | id);
				sent[s][id]++;
				kicked = true;
			}
			switch ((rnd >> 20) % 4) {
			case 0: /* take the next one, or else EOI */
			case 1:
				if (storm_take(&sg))
					break;
				/* fall through */
			case 2: /* EOI the innermost, or else take */
				if (sg.depth)
					storm_eoi(&sg);
				else if (!storm_take(&sg))
					kicked = true; /* nothing: WFI */
				break;
			default: /* other work */
				break;
			}
			if (misr(0) || (kicked && (rnd >> 24) % 4 == 0)) {
				storm_exit(&sg);
				kicked = false;
			}
		}
		/* the senders stop: no exit but maintenance and WFI */
		for (step = 0; step < 10000; step++) {
			if (!storm_take(&sg)) {
				if (sg.depth) {
					storm_eoi(&sg);
				} else { /* WFI: exit, sleep or enter */
					vgic_sync(&g, 0);
					if (!vgic_pending(&g, 0))
						break;
					storm_entry(&sg);
					continue;
				}
			}
			if (misr(0))
				storm_exit(&sg);
		}
		EXPECT_LT(step, 10000);
		storm_entry(&sg);
		EXPECT_EQ(lrs_in_use(0), 0);
		EXPECT_EQ(rd(0, ISPENDR) & 0xffff, 0);
		EXPECT_EQ(rd(0, ISACTIVER) & 0xffff, 0);
		for (s = 1; s < 4; s++)
			for (id = 0; id < 8; id++) {
				EXPECT_LE(sg.taken[s][id], sent[s][id]);
				EXPECT_EQ(!sg.taken[s][id], !sent[s][id]);
			}
		for (id = 0; id < VGIC_NR_SGIS; id++)
			EXPECT_EQ(sg.taken[0][id], 0);
		if (unit_check_failures) {
			printf("seed %u: failed after %u entries\n", seed,
			       sg.entries);
			return;
		}
	}
}

/* A fresh bank of a vCPU that does not exist, for comparison. */
static void check_sweep_result(unsigned int ncpus, const struct vgic *ref)
{
	unsigned int v, off, i;

	EXPECT_EQ(rd(0, TYPER), ((ncpus - 1) << 5) | 3);
	EXPECT_EQ(rd(1, IIDR), 0x43b);
	EXPECT_EQ(rd(0, 0xfe8), 0x2b);
	for (v = 0; v < ncpus; v++) {
		EXPECT_EQ(rd(v, ISENABLER) & 0xffff, 0xffff);
		EXPECT_EQ(rd(v, ICFGR), 0xaaaaaaaa);
		for (off = 0; off < 32; off += 4)
			EXPECT_EQ(rd(v, ITARGETSR + off), 0x01010101u << v);
		for (i = 0; i < VGIC_NR_SGIS; i++)
			EXPECT_EQ(g.cpu[v].priv[i].sgi_sources &
				  ~((1u << ncpus) - 1), 0);
	}
	for (i = 0; i < VGIC_NR_SPIS; i++)
		EXPECT_EQ(g.spi[i].targets & ~((1u << ncpus) - 1), 0);
	for (v = ncpus; v < VGIC_MAX_CPUS; v++)
		EXPECT_EQ(memcmp(&g.cpu[v], &ref->cpu[v], sizeof(g.cpu[v])),
			  0);
}

TEST(garbage_write_sweep_keeps_architectural_state)
{
	static struct vgic ref;
	static const uint32_t vals[2] = { 0xffffffff, 0 };
	const unsigned int ncpus = 3;
	unsigned int k, v, size, off, i;
	uint32_t notify;

	setup(ncpus, 4);
	memcpy(&ref, &g, sizeof(ref));
	for (k = 0; k < 2; k++) {
		for (v = 0; v < ncpus + 1; v++)
			for (size = 1; size <= 4; size *= 2)
				for (off = 0; off <= 0xffc + 3; off++) {
					vgic_dist_read(&g, v, off, size);
					notify = vgic_dist_write(&g, v, off,
								 size, vals[k]);
					EXPECT_EQ(notify & ~7u, 0);
				}
		check_sweep_result(ncpus, &ref);
		/* and the list register machinery still holds together */
		for (v = 0; v < ncpus; v++) {
			vgic_flush(&g, v);
			for (i = 0; i < g.nr_lrs; i++)
				g.cpu[v].hw.lr[i] ^= 0xffffffff;
			vgic_pending(&g, v);
			vgic_sync(&g, v);
			vgic_flush(&g, v);
			EXPECT_EQ(g.cpu[v].hw.lr[0] & GICH_LR_HW, 0);
		}
		check_sweep_result(ncpus, &ref);
	}
	/* the lines too */
	for (i = 0; i < 300; i++)
		for (v = 0; v < 10; v++)
			EXPECT_EQ(vgic_set_line(&g, v, i, i & 1) & ~7u, 0);
	vgic_flush(&g, 9);
	vgic_sync(&g, 9);
	EXPECT_FALSE(vgic_pending(&g, 9));
}

UNIT_MAIN();
