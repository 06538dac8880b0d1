// SPDX-License-Identifier: BSD-2-Clause
/*
 * Virtual GICv2 (ARM IHI 0048B): interrupt state, lines from device models
 * and the list register allocator. The distributor's register interface is
 * in vgic_dist.c.
 *
 * An interrupt is in exactly one of two places: in software (struct
 * vgic_irq: latch, line, sgi_sources, active) or in one list register of
 * one vCPU. The VirtualIDs in a vCPU's list registers are unique (IHI
 * 0048B 5.3, GICH_LRn), so an SGI pending from several sources goes in for
 * one source at a time, in turn. Loading a list register moves the latch
 * into it; vgic_sync() moves back what the guest did not take. List
 * register images are only rewritten by vgic_flush() and vgic_sync(),
 * which run while that vCPU is out of the guest, except by
 * GICD_I{S,C}ACTIVER (see vgic_set_active()). Changes made elsewhere mark
 * the software state and return the vCPUs to kick so that their next
 * vgic_flush() applies them.
 */
#include "vgic_priv.h"

static inline uint64_t lr_bit(unsigned int i)
{
	return (uint64_t)1 << i;
}

/* Bit i of a list register mask, in 32-bit operations (cheaper on ARM). */
static inline bool lr_test(uint64_t mask, unsigned int i)
{
	uint32_t w = i < 32 ? (uint32_t)mask : (uint32_t)(mask >> 32);

	return (w >> (i & 31)) & 1;
}

/* The list register of vCPU c holding (intid, SGI source src), or -1. */
static int lr_find(const struct vgic *d, const struct vgic_cpu *c,
		   unsigned int intid, unsigned int src)
{
	unsigned int i;

	for (i = 0; i < d->nr_lrs; i++)
		if (lr_test(c->lr_used, i) && c->lr_intid[i] == intid &&
		    (!vgic_is_sgi(intid) || c->lr_source[i] == src))
			return (int)i;
	return -1;
}

/* Whether some list register of vCPU c holds intid (any SGI source). */
static bool lr_holds(const struct vgic *d, const struct vgic_cpu *c,
		     unsigned int intid)
{
	unsigned int i;

	for (i = 0; i < d->nr_lrs; i++)
		if (lr_test(c->lr_used, i) && c->lr_intid[i] == intid)
			return true;
	return false;
}

/*
 * Where an SPI goes: 1-of-N reduced to the lowest-numbered vCPU named in
 * GICD_ITARGETSR that exists (the 1-N model lets the implementation
 * choose any one of them); no such vCPU: never forwarded (4.3.12).
 */
int vgic_target(const struct vgic *d, unsigned int bank, unsigned int intid,
		const struct vgic_irq *irq)
{
	uint32_t t;

	if (intid < VGIC_NR_PRIVATE)
		return bank < d->ncpus ? (int)bank : -1;
	t = irq->targets & vgic_cpus_mask(d);
	return t ? __builtin_ctz(t) : -1;
}

/* Forwarded to a CPU interface, were it not already in a list register. */
static bool deliverable(const struct vgic *d, unsigned int bank,
			unsigned int intid, const struct vgic_irq *irq)
{
	return d->enabled && irq->enabled && vgic_sw_pending(irq, intid) &&
	       vgic_target(d, bank, intid, irq) >= 0;
}

/*
 * The vCPUs to notify after the state of an interrupt changed: the one
 * holding it in a list register (its image may have to change) and, if it
 * is deliverable, the one it is delivered to.
 */
uint32_t vgic_notify_mask(const struct vgic *d, unsigned int bank,
			  unsigned int intid, const struct vgic_irq *irq)
{
	uint32_t mask = 0;

	if (vgic_is_sgi(intid)) {
		if (bank < d->ncpus && lr_holds(d, &d->cpu[bank], intid))
			mask |= 1u << bank;
	} else if (irq->lr >= 0) {
		mask |= 1u << irq->lr_cpu;
	}
	if (deliverable(d, bank, intid, irq))
		mask |= 1u << vgic_target(d, bank, intid, irq);
	return mask & vgic_cpus_mask(d);
}

/*
 * Calls fn for each interrupt vCPU vcpu would take into a list register:
 * deliverable to it and not in a list register yet; SGIs once per source,
 * from the source whose turn it is (vgic_irq.sgi_next). Stops when fn
 * returns false.
 */
typedef bool (*candidate_fn)(const struct vgic *d, unsigned int vcpu,
			     unsigned int intid, unsigned int src,
			     const struct vgic_irq *irq, void *ctx);

static void for_each_candidate(const struct vgic *d, unsigned int vcpu,
			       candidate_fn fn, void *ctx)
{
	const struct vgic_cpu *c = &d->cpu[vcpu];
	const struct vgic_irq *irq;
	unsigned int intid, src, start, k, w;
	uint32_t bits;

	if (!d->enabled)
		return;
	/* only what may be pending (the hints), in INTID order */
	for (w = 0; w <= VGIC_NR_SPIS / 32; w++) {
		bits = w ? d->spi_hint[w - 1] : c->hint;
		while (bits) {
			intid = 32 * w + (unsigned int)__builtin_ctz(bits);
			bits &= bits - 1;
			irq = vgic_irq_c(d, vcpu, intid);
			if (!irq->enabled || !vgic_sw_pending(irq, intid) ||
			    vgic_target(d, vcpu, intid, irq) != (int)vcpu)
				continue;
			if (!vgic_is_sgi(intid)) {
				if (irq->lr < 0 &&
				    !fn(d, vcpu, intid, 0, irq, ctx))
					return;
				continue;
			}
			start = irq->sgi_next < d->ncpus ? irq->sgi_next : 0;
			for (k = 0; k < d->ncpus; k++) {
				src = start + k;
				if (src >= d->ncpus)
					src -= d->ncpus;
				if ((irq->sgi_sources & (1u << src)) &&
				    lr_find(d, c, intid, src) < 0 &&
				    !fn(d, vcpu, intid, src, irq, ctx))
					return;
			}
		}
	}
}

/*
 * Drops the hints of vCPU vcpu's private interrupts and of the SPIs that
 * are not pending in software (before a flush's scan).
 */
static void hints_prune(struct vgic *d, unsigned int vcpu)
{
	struct vgic_cpu *c = &d->cpu[vcpu];
	uint32_t *word, bits;
	unsigned int intid, w;

	for (w = 0; w <= VGIC_NR_SPIS / 32; w++) {
		word = w ? &d->spi_hint[w - 1] : &c->hint;
		bits = *word;
		while (bits) {
			intid = 32 * w + (unsigned int)__builtin_ctz(bits);
			if (!vgic_sw_pending(vgic_irq(d, vcpu, intid), intid))
				*word &= ~(bits & -bits);
			bits &= bits - 1;
		}
	}
}

static bool found_one(const struct vgic *d, unsigned int vcpu,
		      unsigned int intid, unsigned int src,
		      const struct vgic_irq *irq, void *ctx)
{
	(void)d, (void)vcpu, (void)intid, (void)src, (void)irq;
	*(bool *)ctx = true;
	return false;
}

/* The vCPUs with list registers in use or something to load into them. */
uint32_t vgic_work_mask(const struct vgic *d)
{
	uint32_t mask = 0;
	unsigned int v;
	bool any;

	for (v = 0; v < d->ncpus; v++) {
		any = d->cpu[v].lr_used != 0;
		if (!any)
			for_each_candidate(d, v, found_one, &any);
		if (any)
			mask |= 1u << v;
	}
	return mask;
}

/*
 * A list register image (GICH_LR, IHI 0048B 5.3): the virtual INTID, the
 * SGI source, the top five priority bits, the group, and for a level-
 * sensitive interrupt the EOI bit, so that the guest's EOI exits and the
 * line is sampled again. HW stays 0: no physical interrupt is linked.
 */
static uint32_t lr_make(const struct vgic_irq *irq, unsigned int intid,
			unsigned int src, uint32_t state)
{
	uint32_t lr = GICH_LR_VID(intid) | (state & GICH_LR_STATE);

	if (vgic_is_sgi(intid))
		lr |= (src & 7u) << GICH_LR_CPUID_SHIFT;
	lr |= (uint32_t)(irq->priority >> 3) << GICH_LR_PRIO_SHIFT;
	if (irq->group1)
		lr |= GICH_LR_GRP1;
	if (!irq->edge)
		lr |= GICH_LR_EOI;
	return lr;
}

/* Whether the software latch of (irq, src) is set. */
static bool latch_set(const struct vgic_irq *irq, unsigned int intid,
		      unsigned int src)
{
	if (vgic_is_sgi(intid))
		return irq->sgi_sources & (1u << src);
	return irq->latch;
}

/* Moves the software latch of (irq, src), if set, into list register i. */
static void lr_take_latch(struct vgic_cpu *c, unsigned int i,
			  struct vgic_irq *irq, unsigned int intid,
			  unsigned int src)
{
	if (!latch_set(irq, intid, src))
		return;
	if (vgic_is_sgi(intid))
		irq->sgi_sources &= ~(1u << src);
	else
		irq->latch = false;
	c->lr_latched |= lr_bit(i);
}

/* Gives the latch list register i of vCPU vcpu holds back to software. */
static void lr_give_latch(struct vgic *d, unsigned int vcpu, unsigned int i,
			  struct vgic_irq *irq)
{
	struct vgic_cpu *c = &d->cpu[vcpu];

	if (!lr_test(c->lr_latched, i))
		return;
	vgic_hint(d, vcpu, c->lr_intid[i]);
	if (vgic_is_sgi(c->lr_intid[i]))
		irq->sgi_sources |= 1u << c->lr_source[i];
	else
		irq->latch = true;
	c->lr_latched &= ~lr_bit(i);
}

/* The list register's pending state still stands in software terms. */
static bool lr_pending_stands(const struct vgic_cpu *c, unsigned int i,
			      const struct vgic_irq *irq)
{
	if (!(c->hw.lr[i] & GICH_LR_PENDING))
		return false;
	return lr_test(c->lr_latched, i) || (!irq->edge && irq->line);
}

static void lr_load(struct vgic_cpu *c, unsigned int vcpu, unsigned int i,
		    struct vgic_irq *irq, unsigned int intid, unsigned int src,
		    uint32_t state)
{
	c->lr_used |= lr_bit(i);
	c->lr_latched &= ~lr_bit(i);
	c->lr_intid[i] = (uint16_t)intid;
	c->lr_source[i] = vgic_is_sgi(intid) ? (uint8_t)src : 0;
	if (!vgic_is_sgi(intid)) {
		irq->lr = (int8_t)i;
		irq->lr_cpu = (uint8_t)vcpu;
	}
	lr_take_latch(c, i, irq, intid, src);
	c->hw.lr[i] = lr_make(irq, intid, src, state);
	c->injected++;
}

static void lr_free(struct vgic_cpu *c, unsigned int i, struct vgic_irq *irq)
{
	if (!vgic_is_sgi(c->lr_intid[i]))
		irq->lr = -1;
	c->lr_used &= ~lr_bit(i);
	c->lr_latched &= ~lr_bit(i);
	c->lr_intid[i] = 0;
	c->lr_source[i] = 0;
	c->hw.lr[i] = 0;
}

/*
 * Pending state held in list registers, read back for GICD_ISPENDR and
 * GICD_SPENDSGIR: for an SGI the sources, otherwise bit 0. The images are
 * the ones saved at the holder's last exit.
 */
uint32_t vgic_lr_pending(const struct vgic *d, unsigned int bank,
			 unsigned int intid, const struct vgic_irq *irq)
{
	const struct vgic_cpu *c;
	uint32_t mask = 0;
	unsigned int i;

	if (vgic_is_sgi(intid)) {
		if (bank >= d->ncpus)
			return 0;
		c = &d->cpu[bank];
		for (i = 0; i < d->nr_lrs; i++)
			if (lr_test(c->lr_used, i) && c->lr_intid[i] == intid &&
			    lr_pending_stands(c, i, irq))
				mask |= 1u << c->lr_source[i];
		return mask;
	}
	if (irq->lr < 0)
		return 0;
	return lr_pending_stands(&d->cpu[irq->lr_cpu], (unsigned int)irq->lr,
				 irq);
}

/*
 * GICD_ICPENDR / GICD_CPENDSGIR: clears the latch (an SGI: of the given
 * sources), also the one a list register took. The list register keeps
 * its pending bit until its vCPU's next vgic_flush() (or vgic_sync()),
 * which drops it; a level line that is high keeps the interrupt pending.
 * Returns whether anything changed.
 */
bool vgic_unpend(struct vgic *d, unsigned int bank, unsigned int intid,
		 struct vgic_irq *irq, uint8_t sources)
{
	struct vgic_cpu *c;
	bool changed = false;
	unsigned int i;

	if (vgic_is_sgi(intid)) {
		if (bank >= d->ncpus)
			return false;
		changed = irq->sgi_sources & sources;
		irq->sgi_sources &= ~sources;
		c = &d->cpu[bank];
		for (i = 0; i < d->nr_lrs; i++)
			if (lr_test(c->lr_used, i) && c->lr_intid[i] == intid &&
			    (sources & (1u << c->lr_source[i])) &&
			    lr_test(c->lr_latched, i)) {
				c->lr_latched &= ~lr_bit(i);
				changed = true;
			}
		return changed;
	}
	changed = irq->latch;
	irq->latch = false;
	if (irq->lr >= 0) {
		c = &d->cpu[irq->lr_cpu];
		if (lr_test(c->lr_latched, (unsigned int)irq->lr))
			changed = true;
		c->lr_latched &= ~lr_bit((unsigned int)irq->lr);
	}
	return changed;
}

/* Sets or clears the active bit of list register i, freeing it if empty. */
static void lr_set_active(struct vgic_cpu *c, unsigned int i,
			  struct vgic_irq *irq, bool active)
{
	if (active)
		c->hw.lr[i] |= GICH_LR_ACTIVE;
	else
		c->hw.lr[i] &= ~GICH_LR_ACTIVE;
	if (!(c->hw.lr[i] & GICH_LR_STATE))
		lr_free(c, i, irq);
}

/*
 * GICD_ISACTIVER / GICD_ICACTIVER (4.3.9, 4.3.10): the software active bit,
 * and the image of the list register holding the interrupt (for an SGI,
 * every one holding it). Only right while the holder is out of the guest:
 * a vCPU running elsewhere overwrites the image with its own at its next
 * exit, so the change is lost there.
 */
void vgic_set_active(struct vgic *d, unsigned int bank, unsigned int intid,
		     struct vgic_irq *irq, bool active)
{
	struct vgic_cpu *c;
	unsigned int i;

	irq->active = active;
	if (!vgic_is_sgi(intid)) {
		if (irq->lr >= 0)
			lr_set_active(&d->cpu[irq->lr_cpu],
				      (unsigned int)irq->lr, irq, active);
		return;
	}
	if (bank >= d->ncpus)
		return;
	c = &d->cpu[bank];
	for (i = 0; i < d->nr_lrs; i++)
		if (lr_test(c->lr_used, i) && c->lr_intid[i] == intid)
			lr_set_active(c, i, irq, active);
}

int vgic_init(struct vgic *d, unsigned int ncpus, unsigned int nr_lrs)
{
	struct vgic_irq *irq;
	unsigned int v, i;

	if (ncpus < 1 || ncpus > VGIC_MAX_CPUS || nr_lrs < 1 ||
	    nr_lrs > VGIC_MAX_LRS)
		return -EINVAL;
	memset(d, 0, sizeof(*d));
	d->ncpus = ncpus;
	d->nr_lrs = nr_lrs;
	/*
	 * Everything disabled, group 0, priority 0, level-sensitive, SPIs
	 * targeted nowhere. SGIs are edge-triggered and always enabled
	 * (4.3.5, 4.3.13). Every bank is set up so that vgic_set_ncpus() has
	 * nothing to do.
	 */
	for (v = 0; v < VGIC_MAX_CPUS; v++) {
		for (i = 0; i < VGIC_NR_PRIVATE; i++) {
			irq = &d->cpu[v].priv[i];
			irq->lr = -1;
			irq->edge = vgic_is_sgi(i);
			irq->enabled = vgic_is_sgi(i);
		}
	}
	for (i = 0; i < VGIC_NR_SPIS; i++)
		d->spi[i].lr = -1;
	vgic_hint_all(d);
	return 0;
}

void vgic_set_ncpus(struct vgic *d, unsigned int ncpus)
{
	if (ncpus > d->ncpus && ncpus <= VGIC_MAX_CPUS) {
		d->ncpus = ncpus;
		d->gen++;
		vgic_hint_all(d);
	}
}

uint32_t vgic_set_line(struct vgic *d, unsigned int vcpu, unsigned int intid,
		       bool level)
{
	struct vgic_irq *irq;
	bool old;

	if (vgic_is_sgi(intid) || intid >= VGIC_NR_IRQS)
		return 0;
	if (intid >= VGIC_NR_PRIVATE)
		vcpu = 0;
	irq = vgic_irq(d, vcpu, intid);
	if (!irq)
		return 0;
	old = irq->line;
	irq->line = level;
	if (old == level)
		return 0;
	d->gen++;
	vgic_hint(d, vcpu, intid);
	if (irq->edge) {
		/* Only a rising edge makes an edge-triggered one pending. */
		if (!level)
			return 0;
		irq->latch = true;
	}
	return vgic_notify_mask(d, vcpu, intid, irq);
}

/*
 * Whether list register i still belongs on its vCPU: the distributor and
 * the interrupt are enabled and it has a target. An SPI retargeted while
 * in a list register stays with the vCPU it was forwarded to.
 */
static bool lr_keep(const struct vgic *d, unsigned int vcpu,
		    const struct vgic_irq *irq, unsigned int intid)
{
	return d->enabled && irq->enabled &&
	       vgic_target(d, vcpu, intid, irq) >= 0;
}

/*
 * First step of vgic_flush(): what the list registers already hold stays,
 * with its state brought up to date. A pending entry takes a new latch
 * (an edge while pending is one interrupt) or loses its pending state when
 * that was withdrawn (GICD_ICPENDR, the level line dropped, the interrupt
 * or the distributor disabled). An active entry whose latch was set again
 * becomes active and pending in place, as the interrupt handling state
 * machine of IHI 0048B chapter 3 has it, unless other sources of the SGI
 * wait for the register: then the latch stays in software and takes its
 * turn with theirs. A level line that is still high is not made pending
 * here: the EOI maintenance interrupt samples it.
 */
static void flush_update(struct vgic *d, unsigned int vcpu)
{
	struct vgic_cpu *c = &d->cpu[vcpu];
	struct vgic_irq *irq;
	unsigned int i, intid, src;
	uint32_t state;
	bool keep;

	if (!c->lr_used)
		return;
	for (i = 0; i < d->nr_lrs; i++) {
		if (!lr_test(c->lr_used, i))
			continue;
		intid = c->lr_intid[i];
		src = c->lr_source[i];
		irq = vgic_irq(d, vcpu, intid);
		keep = lr_keep(d, vcpu, irq, intid);
		state = c->hw.lr[i] & GICH_LR_STATE;
		if (state & GICH_LR_PENDING) {
			if (keep)
				lr_take_latch(c, i, irq, intid, src);
			if (!keep || !lr_pending_stands(c, i, irq)) {
				lr_give_latch(d, vcpu, i, irq);
				state &= ~GICH_LR_PENDING;
			}
		} else if (state == GICH_LR_ACTIVE && keep &&
			   latch_set(irq, intid, src) &&
			   !(vgic_is_sgi(intid) &&
			     (irq->sgi_sources & ~(1u << src)))) {
			lr_take_latch(c, i, irq, intid, src);
			state |= GICH_LR_PENDING;
		}
		if (!state) {
			lr_free(c, i, irq);
			continue;
		}
		/*
		 * Rebuilt from what we know, never from the saved image,
		 * whose state bits are all the hardware may change: priority
		 * and group changes show up in entries still waiting.
		 */
		c->hw.lr[i] = lr_make(irq, intid, src, state);
	}
}

/* Sort key: priority, then INTID, then SGI source; lower goes first. */
static uint32_t cand_key(unsigned int prio, unsigned int intid,
			 unsigned int src)
{
	return (prio << 16) | (intid << 3) | src;
}

#define KEY_PRIO(k)  ((k) >> 16)
#define KEY_INTID(k) (((k) >> 3) & 0x1fffu)
#define KEY_SRC(k)   ((k) & 7u)

/*
 * The best candidates of one flush, sorted; at most one per LR is needed.
 * total counts every candidate, placeable or not; sgis, the SGIs seen.
 */
struct cand_list {
	unsigned int max, n, total;
	uint32_t sgis;
	uint32_t key[VGIC_MAX_LRS];
};

static bool cand_add(const struct vgic *d, unsigned int vcpu,
		     unsigned int intid, unsigned int src,
		     const struct vgic_irq *irq, void *ctx)
{
	struct cand_list *l = ctx;
	uint32_t k = cand_key(irq->priority, intid, src);
	unsigned int j;

	l->total++;
	/*
	 * A VirtualID may be in one list register only: an SGI goes in for
	 * the first source in its turn, and not at all while a register
	 * holds it for another source (vgic_flush gives that one the EOI
	 * bit, to come back when it is free).
	 */
	if (vgic_is_sgi(intid)) {
		if (l->sgis & (1u << intid))
			return true;
		l->sgis |= 1u << intid;
		if (d->cpu[vcpu].lr_used && lr_holds(d, &d->cpu[vcpu], intid))
			return true;
	}
	if (l->n == l->max && k >= l->key[l->n - 1])
		return true;
	j = l->n < l->max ? l->n++ : l->n - 1;
	for (; j > 0 && l->key[j - 1] > k; j--)
		l->key[j] = l->key[j - 1];
	l->key[j] = k;
	return true;
}

static int lr_free_slot(const struct vgic *d, const struct vgic_cpu *c)
{
	unsigned int i;

	for (i = 0; i < d->nr_lrs; i++)
		if (!lr_test(c->lr_used, i))
			return (int)i;
	return -1;
}

/* The pending-only entry of lowest priority (ties: highest INTID). */
static int lr_victim(struct vgic *d, unsigned int vcpu, uint32_t *key)
{
	struct vgic_cpu *c = &d->cpu[vcpu];
	const struct vgic_irq *irq;
	unsigned int i;
	uint32_t k;
	int best = -1;

	for (i = 0; i < d->nr_lrs; i++) {
		if (!lr_test(c->lr_used, i) ||
		    (c->hw.lr[i] & GICH_LR_STATE) != GICH_LR_PENDING)
			continue;
		irq = vgic_irq_c(d, vcpu, c->lr_intid[i]);
		k = cand_key(irq->priority, c->lr_intid[i], c->lr_source[i]);
		if (best < 0 || k > *key) {
			best = (int)i;
			*key = k;
		}
	}
	return best;
}

/*
 * The list register state a new entry starts in: pending, and active too
 * if the interrupt is active in software only (set through GICD_ISACTIVER),
 * so that the guest does not take it a second time before deactivating
 * it. An SGI that a list register holds for another source is not active
 * for this source (each source has its own state; vgic_flush never loads
 * it then, vgic_pending asks).
 */
static uint32_t load_state(const struct vgic *d, unsigned int vcpu,
			   unsigned int intid, const struct vgic_irq *irq)
{
	const struct vgic_cpu *c = &d->cpu[vcpu];

	if (!irq->active || (vgic_is_sgi(intid) && lr_holds(d, c, intid)))
		return GICH_LR_PENDING;
	return GICH_LR_PENDING | GICH_LR_ACTIVE;
}

void vgic_flush(struct vgic *d, unsigned int vcpu)
{
	struct vgic_cpu *c;
	struct cand_list cands VMM_NOINIT; /* set below, keys as added */
	struct vgic_irq *irq;
	unsigned int j, intid, src, placed = 0, waiting = 0;
	uint32_t vkey = 0;
	int i;

	if (vcpu >= d->ncpus)
		return;
	c = &d->cpu[vcpu];
	if (!vgic_flush_needed(d, vcpu)) {
		/* nothing changed since a flush that found nothing */
		c->hw.hcr = GICH_HCR_EN;
		return;
	}
	c->gen = d->gen;
	flush_update(d, vcpu);
	hints_prune(d, vcpu);

	cands.max = d->nr_lrs;
	cands.n = 0;
	cands.total = 0;
	cands.sgis = 0;
	for_each_candidate(d, vcpu, cand_add, &cands);
	for (j = 0; j < cands.n; j++) {
		intid = KEY_INTID(cands.key[j]);
		src = KEY_SRC(cands.key[j]);
		irq = vgic_irq(d, vcpu, intid);
		i = lr_free_slot(d, c);
		if (i < 0) {
			/* Only a strictly higher priority evicts. */
			i = lr_victim(d, vcpu, &vkey);
			if (i < 0 || KEY_PRIO(cands.key[j]) >= KEY_PRIO(vkey))
				break;
			lr_give_latch(d, vcpu, (unsigned int)i,
				      vgic_irq(d, vcpu, c->lr_intid[i]));
			lr_free(c, (unsigned int)i,
				vgic_irq(d, vcpu, c->lr_intid[i]));
			waiting++;
		}
		lr_load(c, vcpu, (unsigned int)i, irq, intid, src,
			load_state(d, vcpu, intid, irq));
		placed++;
	}
	waiting += cands.total - placed;

	for (j = 0; j < d->nr_lrs; j++)
		if (!lr_test(c->lr_used, j))
			c->hw.lr[j] = 0;
	/*
	 * With interrupts left over, ask for a maintenance interrupt as soon
	 * as no list register is pending any more (GICH_HCR.NPIE, 5.3), to
	 * come back and refill. "Pending" is the pending state alone: an
	 * entry that is active and pending does not hold NP off (5.3.4). If
	 * no entry is pending now (all active, or active and pending: nested
	 * handlers, interrupts that came again), NPIE would fire at once and
	 * at every entry; ask instead for one at the guest's next EOI (the
	 * LR EOI bit). An active entry's EOI frees its register; an active
	 * and pending one's leaves it pending, and the guest takes it again
	 * before its next EOI frees it. An SGI whose other sources wait
	 * (counted in waiting) gets the EOI bit in any case: they can only
	 * have its register once the guest's EOI has freed it.
	 */
	c->hw.hcr = GICH_HCR_EN;
	if (waiting) {
		bool pending = false;

		for (j = 0; j < d->nr_lrs; j++) {
			if (!lr_test(c->lr_used, j))
				continue;
			if ((c->hw.lr[j] & GICH_LR_STATE) == GICH_LR_PENDING)
				pending = true;
			if (vgic_is_sgi(c->lr_intid[j]) &&
			    c->priv[c->lr_intid[j]].sgi_sources)
				c->hw.lr[j] |= GICH_LR_EOI;
		}
		if (pending) {
			c->hw.hcr |= GICH_HCR_NPIE;
		} else {
			for (j = 0; j < d->nr_lrs; j++)
				if (lr_test(c->lr_used, j))
					c->hw.lr[j] |= GICH_LR_EOI;
		}
	}
}

void vgic_sync(struct vgic *d, unsigned int vcpu)
{
	struct vgic_cpu *c;
	struct vgic_irq *irq;
	unsigned int i;
	uint32_t state;

	if (vcpu >= d->ncpus)
		return;
	c = &d->cpu[vcpu];
	if (!c->lr_used)
		return;
	/* An EOI may leave a level line to sample: flush again, fully. */
	c->gen = d->gen - 1;
	/* What is active follows the list registers that hold it. */
	for (i = 0; i < d->nr_lrs; i++)
		if (lr_test(c->lr_used, i))
			vgic_irq(d, vcpu, c->lr_intid[i])->active = false;
	for (i = 0; i < d->nr_lrs; i++) {
		if (!lr_test(c->lr_used, i))
			continue;
		irq = vgic_irq(d, vcpu, c->lr_intid[i]);
		state = c->hw.lr[i] & GICH_LR_STATE;
		/* Taken: the SGI's next source gets the next turn. */
		if (state != GICH_LR_PENDING && vgic_is_sgi(c->lr_intid[i]))
			irq->sgi_next = (uint8_t)(c->lr_source[i] + 1);
		switch (state) {
		case 0:
			/* Taken and deactivated: the latch is used up. */
			lr_free(c, i, irq);
			break;
		case GICH_LR_PENDING:
			/* Not taken: back to software, latch and all. */
			lr_give_latch(d, vcpu, i, irq);
			lr_free(c, i, irq);
			break;
		case GICH_LR_ACTIVE:
			/* Taken (acknowledged): the latch is used up. */
			c->lr_latched &= ~lr_bit(i);
			irq->active = true;
			break;
		default:
			irq->active = true;
			break;
		}
	}
}

/*
 * Whether the virtual CPU interface would signal an interrupt of this
 * priority and group (it follows the CPU interface's rules, chapter 5):
 * its group enabled in GICH_VMCR (VMGrp0En, VMGrp1En) and its priority
 * strictly above the priority mask. The running priority (GICH_APR) is
 * not looked at: a WFI inside a handler wakes for any unmasked interrupt.
 */
static bool would_signal(uint32_t vmcr, const struct vgic_irq *irq)
{
	unsigned int mask = (vmcr >> GICH_VMCR_PMR_SHIFT) << 3;

	if (!(vmcr & (irq->group1 ? 2u : 1u)))
		return false;
	return irq->priority < mask;
}

struct pending_ctx {
	uint32_t vmcr;
	bool found;
};

static bool cand_signals(const struct vgic *d, unsigned int vcpu,
			 unsigned int intid, unsigned int src,
			 const struct vgic_irq *irq, void *ctx)
{
	struct pending_ctx *p = ctx;

	(void)src;
	if (load_state(d, vcpu, intid, irq) != GICH_LR_PENDING)
		return true;
	p->found = would_signal(p->vmcr, irq);
	return !p->found;
}

bool vgic_pending(const struct vgic *d, unsigned int vcpu)
{
	const struct vgic_cpu *c;
	const struct vgic_irq *irq;
	struct pending_ctx p;
	unsigned int i;

	if (vcpu >= d->ncpus || !d->enabled)
		return false;
	c = &d->cpu[vcpu];
	for (i = 0; i < d->nr_lrs; i++) {
		if (!lr_test(c->lr_used, i) ||
		    (c->hw.lr[i] & GICH_LR_STATE) != GICH_LR_PENDING)
			continue;
		irq = vgic_irq_c(d, vcpu, c->lr_intid[i]);
		if (lr_keep(d, vcpu, irq, c->lr_intid[i]) &&
		    (lr_pending_stands(c, i, irq) ||
		     latch_set(irq, c->lr_intid[i], c->lr_source[i])) &&
		    would_signal(c->hw.vmcr, irq))
			return true;
	}
	p.vmcr = c->hw.vmcr;
	p.found = false;
	for_each_candidate(d, vcpu, cand_signals, &p);
	return p.found;
}
