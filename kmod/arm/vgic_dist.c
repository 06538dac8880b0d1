// SPDX-License-Identifier: BSD-2-Clause
/*
 * The virtual GICv2 distributor's registers (ARM IHI 0048B 4.1.2 Table 4-1,
 * descriptions in 4.3), as a guest without the Security Extensions sees
 * them.
 *
 * One table entry per register block. Most blocks hold one field of 1, 2
 * or 8 bits per interrupt; those are decoded once, here, into calls of the
 * block's get/set on each interrupt the access covers, with the banked
 * copy of the accessing vCPU for INTIDs 0-31. INTIDs beyond VGIC_NR_IRQS
 * read as zero and ignore writes (4.3.2: ITLinesNumber bounds them).
 */
#include "vgic_priv.h"
#include "hw/gicv2.h"

#define GICD_ID_END	 0x1000

/* GICD_IIDR (4.3.3): implementer ARM (JEP106 0x43B), product 0, rev 0. */
#define VGIC_IIDR	 0x0000043bu

#define SGIR_FILTER_SHIFT 24
#define SGIR_LIST	  0
#define SGIR_OTHERS	  1
#define SGIR_SELF	  2
#define SGIR_TARGETS_SHIFT 16

/*
 * Identification registers, 0xFD0-0xFFC (4.3.18): PIDR4-7, PIDR0-3,
 * CIDR0-3. ICPIDR2 gives ArchRev 2 (GICv2) with ARM's JEP106 code; the
 * part number 0x490 in PIDR0/1 is made up for an ARM-like value, it is
 * not a real product's.
 */
static const uint8_t id_regs[12] = {
	0x04, 0x00, 0x00, 0x00, /* PIDR4: JEP106 continuation code 4 */
	0x90, 0xb4, 0x2b, 0x00, /* PIDR0-3: part 0x490, ARM, ArchRev 2 */
	0x0d, 0xf0, 0x05, 0xb1, /* CIDR0-3: the PrimeCell preamble */
};

typedef uint32_t (*field_get_fn)(struct vgic *d, unsigned int vcpu,
				 unsigned int intid, struct vgic_irq *irq);
/* Returns the vCPUs to notify. */
typedef uint32_t (*field_set_fn)(struct vgic *d, unsigned int vcpu,
				 unsigned int intid, struct vgic_irq *irq,
				 uint32_t field);
typedef uint32_t (*reg_read_fn)(struct vgic *d, unsigned int vcpu,
				uint32_t off);
typedef uint32_t (*reg_write_fn)(struct vgic *d, unsigned int vcpu,
				 uint32_t off, uint32_t val);

struct dist_block {
	uint32_t base, end; /* [base, end) */
	unsigned int bits; /* per-interrupt field width; 0: whole register */
	bool bytes; /* byte-accessible (as its 4.3 description says) */
	field_get_fn get;
	field_set_fn set; /* NULL: read-only */
	reg_read_fn read;
	reg_write_fn write; /* NULL: read-only */
};

/* --- Whole registers ---------------------------------------------------- */

/*
 * GICD_CTLR (4.3.1): bit 0 forwards both groups. There is no separate
 * group 1 enable: bit 1 reads as zero and ignores writes.
 */
static uint32_t ctlr_read(struct vgic *d, unsigned int vcpu, uint32_t off)
{
	(void)vcpu, (void)off;
	return d->enabled;
}

static uint32_t ctlr_write(struct vgic *d, unsigned int vcpu, uint32_t off,
			   uint32_t val)
{
	bool en = val & 1;
	uint32_t mask;

	(void)vcpu, (void)off;
	if (en == d->enabled)
		return 0;
	/*
	 * Enabling forwards what is pending; disabling takes back what
	 * waits in list registers (4.3.1): both at the vCPUs' next flush.
	 */
	mask = vgic_work_mask(d);
	d->enabled = en;
	return mask | vgic_work_mask(d);
}

static uint32_t typer_read(struct vgic *d, unsigned int vcpu, uint32_t off)
{
	(void)vcpu, (void)off;
	/* 4.3.2: CPUNumber [7:5], ITLinesNumber [4:0]; SecurityExtn 0 */
	return ((d->ncpus - 1) << 5) | (VGIC_NR_IRQS / 32 - 1);
}

static uint32_t iidr_read(struct vgic *d, unsigned int vcpu, uint32_t off)
{
	(void)d, (void)vcpu, (void)off;
	return VGIC_IIDR;
}

static uint32_t id_read(struct vgic *d, unsigned int vcpu, uint32_t off)
{
	(void)d, (void)vcpu;
	return id_regs[(off - GICD_PIDR4) / 4];
}

/*
 * GICD_SGIR (4.3.15): SGI SGIINTID to the vCPUs the filter names; each
 * target records the sender as a source. The reserved filter does
 * nothing. Returns the targets, so that they are kicked.
 */
static uint32_t sgir_write(struct vgic *d, unsigned int vcpu, uint32_t off,
			   uint32_t val)
{
	unsigned int id = val & 0xf, t;
	uint32_t targets;

	(void)off;
	switch ((val >> SGIR_FILTER_SHIFT) & 3) {
	case SGIR_LIST:
		targets = (val >> SGIR_TARGETS_SHIFT) & 0xff;
		break;
	case SGIR_OTHERS:
		targets = ~(1u << vcpu);
		break;
	case SGIR_SELF:
		targets = 1u << vcpu;
		break;
	default:
		return 0;
	}
	targets &= vgic_cpus_mask(d);
	for (t = 0; t < d->ncpus; t++)
		if (targets & (1u << t)) {
			d->cpu[t].priv[id].sgi_sources |= 1u << vcpu;
			vgic_hint(d, t, id);
		}
	return targets;
}

/* --- One bit per interrupt ---------------------------------------------- */

static uint32_t group_get(struct vgic *d, unsigned int vcpu,
			  unsigned int intid, struct vgic_irq *irq)
{
	(void)d, (void)vcpu, (void)intid;
	return irq->group1;
}

static uint32_t group_set(struct vgic *d, unsigned int vcpu,
			  unsigned int intid, struct vgic_irq *irq, uint32_t v)
{
	if (irq->group1 == (bool)v)
		return 0;
	irq->group1 = v;
	return vgic_notify_mask(d, vcpu, intid, irq);
}

static uint32_t enable_get(struct vgic *d, unsigned int vcpu,
			   unsigned int intid, struct vgic_irq *irq)
{
	(void)d, (void)vcpu, (void)intid;
	return irq->enabled;
}

/* SGIs are always enabled: their bits read 1 and ignore writes (4.3.5). */
static uint32_t enable_set(struct vgic *d, unsigned int vcpu,
			   unsigned int intid, struct vgic_irq *irq, uint32_t v)
{
	if (!v || vgic_is_sgi(intid) || irq->enabled)
		return 0;
	irq->enabled = true;
	return vgic_notify_mask(d, vcpu, intid, irq);
}

static uint32_t enable_clear(struct vgic *d, unsigned int vcpu,
			     unsigned int intid, struct vgic_irq *irq,
			     uint32_t v)
{
	uint32_t mask;

	if (!v || vgic_is_sgi(intid) || !irq->enabled)
		return 0;
	mask = vgic_notify_mask(d, vcpu, intid, irq);
	irq->enabled = false;
	return mask;
}

static uint32_t pending_get(struct vgic *d, unsigned int vcpu,
			    unsigned int intid, struct vgic_irq *irq)
{
	return vgic_sw_pending(irq, intid) ||
	       vgic_lr_pending(d, vcpu, intid, irq);
}

/*
 * GICD_ISPENDR (4.3.7) sets the latch: an edge-triggered interrupt is
 * pending, a level-sensitive one stays pending whatever its line does
 * until GICD_ICPENDR or the guest takes it. SGI bits ignore writes (use
 * GICD_SPENDSGIR).
 */
static uint32_t pending_set(struct vgic *d, unsigned int vcpu,
			    unsigned int intid, struct vgic_irq *irq, uint32_t v)
{
	if (!v || vgic_is_sgi(intid) || irq->latch)
		return 0;
	irq->latch = true;
	return vgic_notify_mask(d, vcpu, intid, irq);
}

/*
 * GICD_ICPENDR (4.3.8) clears the latch only: a level-sensitive interrupt
 * whose line is high stays pending. SGI bits ignore writes (use
 * GICD_CPENDSGIR).
 */
static uint32_t pending_clear(struct vgic *d, unsigned int vcpu,
			      unsigned int intid, struct vgic_irq *irq,
			      uint32_t v)
{
	if (!v || vgic_is_sgi(intid) || !vgic_unpend(d, vcpu, intid, irq, 0))
		return 0;
	return vgic_notify_mask(d, vcpu, intid, irq);
}

static uint32_t active_get(struct vgic *d, unsigned int vcpu,
			   unsigned int intid, struct vgic_irq *irq)
{
	(void)d, (void)vcpu, (void)intid;
	return irq->active;
}

/* GICD_ISACTIVER, GICD_ICACTIVER (4.3.9, 4.3.10); see vgic_set_active(). */
static uint32_t active_set(struct vgic *d, unsigned int vcpu,
			   unsigned int intid, struct vgic_irq *irq, uint32_t v)
{
	uint32_t mask;

	if (!v || irq->active)
		return 0;
	mask = vgic_notify_mask(d, vcpu, intid, irq);
	vgic_set_active(d, vcpu, intid, irq, true);
	return mask | vgic_notify_mask(d, vcpu, intid, irq);
}

static uint32_t active_clear(struct vgic *d, unsigned int vcpu,
			     unsigned int intid, struct vgic_irq *irq,
			     uint32_t v)
{
	uint32_t mask;

	if (!v || !irq->active)
		return 0;
	mask = vgic_notify_mask(d, vcpu, intid, irq);
	vgic_set_active(d, vcpu, intid, irq, false);
	return mask | vgic_notify_mask(d, vcpu, intid, irq);
}

/* --- Two bits per interrupt: GICD_ICFGR (4.3.13) ------------------------ */

#define ICFGR_EDGE 2u /* Int_config[1]; [0] is reserved in GICv2 */

static uint32_t config_get(struct vgic *d, unsigned int vcpu,
			   unsigned int intid, struct vgic_irq *irq)
{
	(void)d, (void)vcpu, (void)intid;
	return irq->edge ? ICFGR_EDGE : 0;
}

/* SGIs are edge-triggered and read-only; PPIs and SPIs are writable. */
static uint32_t config_set(struct vgic *d, unsigned int vcpu,
			   unsigned int intid, struct vgic_irq *irq, uint32_t v)
{
	bool edge = v & ICFGR_EDGE;

	if (vgic_is_sgi(intid) || irq->edge == edge)
		return 0;
	irq->edge = edge;
	return vgic_notify_mask(d, vcpu, intid, irq);
}

/* --- Eight bits per interrupt ------------------------------------------- */

/*
 * GICD_IPRIORITYR (4.3.11): all eight bits are kept; list registers take
 * only priority[7:3].
 */
static uint32_t priority_get(struct vgic *d, unsigned int vcpu,
			     unsigned int intid, struct vgic_irq *irq)
{
	(void)d, (void)vcpu, (void)intid;
	return irq->priority;
}

static uint32_t priority_set(struct vgic *d, unsigned int vcpu,
			     unsigned int intid, struct vgic_irq *irq,
			     uint32_t v)
{
	if (irq->priority == v)
		return 0;
	irq->priority = (uint8_t)v;
	return vgic_notify_mask(d, vcpu, intid, irq);
}

/*
 * GICD_ITARGETSR (4.3.12): for SGIs and PPIs read-only, each byte reads as
 * the accessing vCPU's own bit. SPI bytes keep only bits of vCPUs that
 * exist.
 */
static uint32_t targets_get(struct vgic *d, unsigned int vcpu,
			    unsigned int intid, struct vgic_irq *irq)
{
	if (intid < VGIC_NR_PRIVATE)
		return 1u << vcpu;
	return irq->targets & vgic_cpus_mask(d);
}

static uint32_t targets_set(struct vgic *d, unsigned int vcpu,
			    unsigned int intid, struct vgic_irq *irq,
			    uint32_t v)
{
	uint32_t mask;

	v &= vgic_cpus_mask(d);
	if (intid < VGIC_NR_PRIVATE || irq->targets == v)
		return 0;
	mask = vgic_notify_mask(d, vcpu, intid, irq);
	irq->targets = (uint8_t)v;
	return mask | vgic_notify_mask(d, vcpu, intid, irq);
}

/*
 * GICD_CPENDSGIR / GICD_SPENDSGIR (4.3.16, 4.3.17): byte n is SGI n of the
 * accessing vCPU, bit m its pending state from source vCPU m.
 */
static uint32_t sgi_pending_get(struct vgic *d, unsigned int vcpu,
				unsigned int intid, struct vgic_irq *irq)
{
	return irq->sgi_sources | vgic_lr_pending(d, vcpu, intid, irq);
}

static uint32_t sgi_pending_set(struct vgic *d, unsigned int vcpu,
				unsigned int intid, struct vgic_irq *irq,
				uint32_t v)
{
	v &= vgic_cpus_mask(d) & ~irq->sgi_sources;
	if (!v)
		return 0;
	irq->sgi_sources |= (uint8_t)v;
	return vgic_notify_mask(d, vcpu, intid, irq);
}

static uint32_t sgi_pending_clear(struct vgic *d, unsigned int vcpu,
				  unsigned int intid, struct vgic_irq *irq,
				  uint32_t v)
{
	if (!vgic_unpend(d, vcpu, intid, irq, (uint8_t)v))
		return 0;
	return vgic_notify_mask(d, vcpu, intid, irq);
}

/* --- The map ------------------------------------------------------------ */

#define BITS_BLOCK(b, g, s)						\
	{ .base = (b), .end = (b) + 0x80, .bits = 1, .get = (g), .set = (s) }

static const struct dist_block dist_map[] = {
	{ .base = GICD_CTLR,
	  .end = GICD_CTLR + 4,
	  .read = ctlr_read,
	  .write = ctlr_write },
	{ .base = GICD_TYPER, .end = GICD_TYPER + 4, .read = typer_read },
	/* early: an SGI's send is the one frequent write (a linear search) */
	{ .base = GICD_SGIR, .end = GICD_SGIR + 4, .write = sgir_write },
	{ .base = GICD_IIDR, .end = GICD_IIDR + 4, .read = iidr_read },
	BITS_BLOCK(GICD_IGROUPR, group_get, group_set),
	BITS_BLOCK(GICD_ISENABLER, enable_get, enable_set),
	BITS_BLOCK(GICD_ICENABLER, enable_get, enable_clear),
	BITS_BLOCK(GICD_ISPENDR, pending_get, pending_set),
	BITS_BLOCK(GICD_ICPENDR, pending_get, pending_clear),
	BITS_BLOCK(GICD_ISACTIVER, active_get, active_set),
	BITS_BLOCK(GICD_ICACTIVER, active_get, active_clear),
	/* 0x7FC and 0xBFC are reserved: 1020 INTIDs at most */
	{ .base = GICD_IPRIORITYR,
	  .end = GICD_IPRIORITYR + 0x3fc,
	  .bits = 8,
	  .bytes = true,
	  .get = priority_get,
	  .set = priority_set },
	{ .base = GICD_ITARGETSR,
	  .end = GICD_ITARGETSR + 0x3fc,
	  .bits = 8,
	  .bytes = true,
	  .get = targets_get,
	  .set = targets_set },
	{ .base = GICD_ICFGR,
	  .end = GICD_ICFGR + 0x100,
	  .bits = 2,
	  .get = config_get,
	  .set = config_set },
	{ .base = GICD_CPENDSGIR,
	  .end = GICD_CPENDSGIR + 16,
	  .bits = 8,
	  .bytes = true,
	  .get = sgi_pending_get,
	  .set = sgi_pending_clear },
	{ .base = GICD_SPENDSGIR,
	  .end = GICD_SPENDSGIR + 16,
	  .bits = 8,
	  .bytes = true,
	  .get = sgi_pending_get,
	  .set = sgi_pending_set },
	{ .base = GICD_PIDR4, .end = GICD_ID_END, .read = id_read },
};

/*
 * The block an access falls in, or NULL for what reads as zero and
 * ignores writes: reserved offsets, accesses not naturally aligned,
 * halfwords (no distributor register takes them) and bytes to word-only
 * registers (each register description in 4.3 gives its access sizes).
 */
static const struct dist_block *dist_block(const struct vgic *d,
					   unsigned int vcpu, uint32_t off,
					   unsigned int size)
{
	const struct dist_block *b;
	unsigned int i;

	if (vcpu >= d->ncpus || off >= VGIC_DIST_SIZE ||
	    (size != 1 && size != 4) || (off & (size - 1)))
		return NULL;
	for (i = 0; i < ARRAY_SIZE(dist_map); i++) {
		b = &dist_map[i];
		if (off >= b->base && off + size <= b->end)
			return size == 4 || b->bytes ? b : NULL;
	}
	return NULL;
}

/* log2 of a field width of 1, 2 or 8 bits: shifts, not divisions */
static unsigned int field_shift(const struct dist_block *b)
{
	return b->bits == 8 ? 3 : b->bits - 1;
}

/* The interrupt of the first field at off, SGIs counted from 0xF10/0xF20. */
static unsigned int first_intid(const struct dist_block *b, uint32_t off)
{
	return ((off - b->base) * 8) >> field_shift(b);
}

uint32_t vgic_dist_read(struct vgic *d, unsigned int vcpu, uint32_t off,
			unsigned int size)
{
	const struct dist_block *b = dist_block(d, vcpu, off, size);
	unsigned int n, k, intid;
	struct vgic_irq *irq;
	uint32_t val = 0;

	if (!b)
		return 0;
	if (!b->bits)
		return b->read ? b->read(d, vcpu, off) : 0;
	n = (size * 8) >> field_shift(b);
	intid = first_intid(b, off);
	for (k = 0; k < n; k++) {
		irq = vgic_irq(d, vcpu, intid + k);
		if (irq)
			val |= b->get(d, vcpu, intid + k, irq) << (k * b->bits);
	}
	return val;
}

uint32_t vgic_dist_write(struct vgic *d, unsigned int vcpu, uint32_t off,
			 unsigned int size, uint32_t val)
{
	const struct dist_block *b = dist_block(d, vcpu, off, size);
	uint32_t field_mask, notify = 0;
	unsigned int n, k, intid;
	struct vgic_irq *irq;

	if (!b)
		return 0;
	d->gen++; /* whatever it was, the vCPUs look again */
	/* an SGIR write makes its own hints; anything else: all of them */
	if (b->write != sgir_write)
		vgic_hint_all(d);
	if (!b->bits)
		return b->write ? b->write(d, vcpu, off, val) : 0;
	if (!b->set)
		return 0;
	n = (size * 8) >> field_shift(b);
	field_mask = (1u << b->bits) - 1;
	intid = first_intid(b, off);
	for (k = 0; k < n; k++) {
		irq = vgic_irq(d, vcpu, intid + k);
		if (irq)
			notify |= b->set(d, vcpu, intid + k, irq,
					 (val >> (k * b->bits)) & field_mask);
	}
	return notify & vgic_cpus_mask(d);
}
