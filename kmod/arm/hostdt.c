/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host platform discovery from the flattened device tree.
 *
 * Everything read from the tree is treated as untrusted input: each
 * property is bounded by its length before a cell is touched, and any
 * layout we do not fully understand is refused with a reason rather than
 * guessed at, since the result is used to map hardware into guests.
 *
 * Only 64-bit additions and comparisons are used on addresses: a 64-bit
 * division would need libgcc helpers that a 32-bit ARM kernel lacks.
 */
#include "hostdt.h"

/* DT spec defaults when a node lacks #address-cells / #size-cells */
#define DT_DEFAULT_ADDR_CELLS	2
#define DT_DEFAULT_SIZE_CELLS	1

/* addresses and sizes are kept in 64 bits, so at most two cells each */
#define DT_MAX_CELLS		2

/* UINT64_MAX is not available in the kernel */
#define ADDR_MAX		(~(uint64_t)0)

/* guards against a cycle in a broken parent() implementation */
#define DT_MAX_DEPTH		64

#define GIC_SPEC_CELLS		3
#define GIC_SPEC_BYTES		(GIC_SPEC_CELLS * 4)
#define GIC_SPEC_SPI		0
#define GIC_SPEC_PPI		1
#define GIC_PPI_BASE		16
#define GIC_NR_PPIS		16
#define GIC_SPI_BASE		32
#define GIC_MAX_INTID		1019	/* 1020..1023 are special */

/* the four reg regions of a GICv2 with virtualization extensions */
#define GIC_NR_REGIONS		4

/* timer interrupts in binding order */
#define TIMER_SEC_PHYS		0
#define TIMER_PHYS		1
#define TIMER_VIRT		2
#define TIMER_HYP		3
#define TIMER_NR_IRQS		4

/* in preference order; all are GICv2s that may have the virt extensions */
static const char *const gic_compats[] = {
	"arm,gic-400",
	"arm,cortex-a15-gic",
	"arm,cortex-a7-gic",
};

static const char *const timer_compats[] = {
	"arm,armv7-timer",
	"arm,armv8-timer",
};

struct probe {
	const struct hostdt_ops *ops;
	void *ctx;
	const char *why;
};

static int fail(struct probe *p, int err, const char *why)
{
	p->why = why;
	return err;
}

static void put_node(struct probe *p, dt_node node)
{
	if (node && p->ops->put)
		p->ops->put(p->ctx, node);
}

/* cell idx of a property; the caller has checked it lies inside */
static uint32_t cell_at(const void *prop, unsigned int idx)
{
	const uint8_t *b = (const uint8_t *)prop + idx * 4;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | (uint32_t)b[3];
}

/* n (0..DT_MAX_CELLS) cells starting at idx, as one number */
static uint64_t cells_at(const void *prop, unsigned int idx, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 32 | cell_at(prop, idx++);
	return v;
}

/* 1 and *val if present, 0 if absent, -EINVAL if not exactly one cell */
static int get_u32(struct probe *p, dt_node node, const char *name,
		   uint32_t *val)
{
	const void *prop;
	int len = 0;

	prop = p->ops->getprop(p->ctx, node, name, &len);
	if (!prop)
		return 0;
	if (len != 4)
		return -EINVAL;
	*val = cell_at(prop, 0);
	return 1;
}

/* how a node lays out the reg/ranges of its children */
static int node_cells(struct probe *p, dt_node node, unsigned int *ac,
		      unsigned int *sc)
{
	uint32_t v;
	int ret;

	*ac = DT_DEFAULT_ADDR_CELLS;
	*sc = DT_DEFAULT_SIZE_CELLS;

	ret = get_u32(p, node, "#address-cells", &v);
	if (ret < 0)
		return fail(p, -EINVAL,
			    "a bus above the GIC has a malformed #address-cells");
	if (ret) {
		if (v < 1 || v > DT_MAX_CELLS)
			return fail(p, -EINVAL,
				    "a bus above the GIC has addresses wider than 64 bits");
		*ac = v;
	}

	ret = get_u32(p, node, "#size-cells", &v);
	if (ret < 0)
		return fail(p, -EINVAL,
			    "a bus above the GIC has a malformed #size-cells");
	if (ret) {
		if (v > DT_MAX_CELLS)
			return fail(p, -EINVAL,
				    "a bus above the GIC has sizes wider than 64 bits");
		*sc = v;
	}
	return 0;
}

/*
 * Move [*addr, *addr + size) from the address space of bus's children to
 * that of bus's parent (up) through bus's ranges.
 */
static int apply_ranges(struct probe *p, dt_node bus, dt_node up,
			uint64_t *addr, uint64_t size)
{
	unsigned int cac, csc, pac, psc, entry, n, i;
	uint64_t cbase, pbase, rsize, off;
	const void *ranges;
	int len = 0;
	int ret;

	ranges = p->ops->getprop(p->ctx, bus, "ranges", &len);
	if (!ranges)
		return fail(p, -EINVAL,
			    "a bus above the GIC has no ranges, so the GIC has no CPU address");
	if (len == 0)
		return 0;	/* empty ranges: identity mapping */

	ret = node_cells(p, bus, &cac, &csc);
	if (ret)
		return ret;
	ret = node_cells(p, up, &pac, &psc);
	if (ret)
		return ret;

	entry = cac + pac + csc;
	if (len < 0 || (unsigned int)len % (entry * 4))
		return fail(p, -EINVAL,
			    "a bus above the GIC has a malformed ranges property");
	n = (unsigned int)len / (entry * 4);

	for (i = 0; i < n; i++) {
		cbase = cells_at(ranges, i * entry, cac);
		pbase = cells_at(ranges, i * entry + cac, pac);
		rsize = cells_at(ranges, i * entry + cac + pac, csc);

		/* the whole region must sit inside one window */
		if (*addr < cbase)
			continue;
		off = *addr - cbase;
		if (off >= rsize || size > rsize - off)
			continue;
		if (pbase + off < pbase || size - 1 > ADDR_MAX - (pbase + off))
			return fail(p, -EINVAL,
				    "a ranges window above the GIC runs past 2^64");
		*addr = pbase + off;
		return 0;
	}
	return fail(p, -EINVAL,
		    "the GIC lies outside the ranges of a bus above it");
}

/*
 * Translate a region given in bus's child address space to a CPU physical
 * address.  bus stays owned by the caller; ancestors we fetch are put.
 */
static int translate(struct probe *p, dt_node bus, uint64_t *addr,
		     uint64_t size)
{
	dt_node cur = bus, up;
	int depth, ret = 0;

	for (depth = 0; ; depth++) {
		if (depth >= DT_MAX_DEPTH) {
			ret = fail(p, -EINVAL,
				   "the host device tree is nested too deeply");
			break;
		}
		up = p->ops->parent(p->ctx, cur);
		if (!up)
			break;	/* cur is the root: CPU address space */
		ret = apply_ranges(p, cur, up, addr, size);
		if (cur != bus)
			put_node(p, cur);
		cur = up;
		if (ret)
			break;
	}
	if (cur != bus)
		put_node(p, cur);
	return ret;
}

/* the phandle other nodes use to name this one as interrupt-parent */
static int node_phandle(struct probe *p, dt_node node, bool *has,
			uint32_t *ph)
{
	int ret;

	ret = get_u32(p, node, "phandle", ph);
	if (!ret)
		ret = get_u32(p, node, "linux,phandle", ph);
	if (ret < 0)
		return fail(p, -EINVAL, "the GIC has a malformed phandle");
	*has = ret > 0;
	return 0;
}

/*
 * The ops cannot resolve phandles, so all we can check is that an explicit
 * interrupt-parent (on the node or inherited from an ancestor) names the
 * GIC; with none at all the GIC is the only candidate.
 */
static int check_irq_parent(struct probe *p, dt_node node, bool gic_has_ph,
			    uint32_t gic_ph, const char *bad_parent,
			    const char *malformed)
{
	dt_node cur = node, up;
	uint32_t ph = 0;
	int depth = 0, found = 0;
	int len = 0;

	if (p->ops->getprop(p->ctx, node, "interrupts-extended", &len))
		return fail(p, -EINVAL, bad_parent);

	while (cur) {
		found = get_u32(p, cur, "interrupt-parent", &ph);
		if (found || ++depth >= DT_MAX_DEPTH)
			break;
		up = p->ops->parent(p->ctx, cur);
		if (cur != node)
			put_node(p, cur);
		cur = up;
	}
	if (cur != node)
		put_node(p, cur);

	if (found < 0)
		return fail(p, -EINVAL, malformed);
	if (!found && cur)
		return fail(p, -EINVAL,
			    "the host device tree is nested too deeply");
	if (found && gic_has_ph && ph != gic_ph)
		return fail(p, -EINVAL, bad_parent);
	return 0;
}

/* INTID of the GIC specifier at byte offset spec*12 of an interrupts prop */
static int gic_spec_intid(const void *irqs, unsigned int spec, bool ppi_only,
			  uint32_t *intid)
{
	uint32_t type = cell_at(irqs, spec * GIC_SPEC_CELLS);
	uint32_t num = cell_at(irqs, spec * GIC_SPEC_CELLS + 1);

	if (type == GIC_SPEC_PPI && num < GIC_NR_PPIS) {
		*intid = GIC_PPI_BASE + num;
		return 0;
	}
	if (type == GIC_SPEC_SPI && !ppi_only &&
	    num <= GIC_MAX_INTID - GIC_SPI_BASE) {
		*intid = GIC_SPI_BASE + num;
		return 0;
	}
	return -EINVAL;
}

/* a node's interrupts property: whole 3-cell GIC specifiers, min or more */
static int get_irqs(struct probe *p, dt_node node, unsigned int min,
		    const void **irqs, const char *missing,
		    const char *malformed)
{
	int len = 0;

	*irqs = p->ops->getprop(p->ctx, node, "interrupts", &len);
	if (!*irqs)
		return fail(p, -ENODEV, missing);
	if (len <= 0 || len % GIC_SPEC_BYTES ||
	    (unsigned int)len / GIC_SPEC_BYTES < min)
		return fail(p, -EINVAL, malformed);
	return 0;
}

static int probe_gic_regs(struct probe *p, dt_node gic,
			  struct vmm_host_platform *plat)
{
	uint64_t base[GIC_NR_REGIONS], size[GIC_NR_REGIONS];
	unsigned int ac, sc, entry, i;
	const void *reg;
	dt_node bus;
	int len = 0;
	int ret;

	bus = p->ops->parent(p->ctx, gic);
	if (!bus)
		return fail(p, -EINVAL,
			    "the GIC is the root of the host device tree");

	ret = node_cells(p, bus, &ac, &sc);
	if (ret)
		goto out;

	reg = p->ops->getprop(p->ctx, gic, "reg", &len);
	if (!reg) {
		ret = fail(p, -EINVAL, "the host GIC node has no reg property");
		goto out;
	}
	if (sc == 0) {
		ret = fail(p, -EINVAL,
			   "the GIC's parent has #size-cells = 0");
		goto out;
	}
	entry = ac + sc;
	if (len <= 0 || (unsigned int)len % (entry * 4)) {
		ret = fail(p, -EINVAL,
			   "the host GIC's reg property is truncated");
		goto out;
	}
	if ((unsigned int)len / (entry * 4) < GIC_NR_REGIONS) {
		ret = fail(p, -ENODEV,
			   "no GICv2 with virtualization extensions (GICH/GICV regions) in the host device tree");
		goto out;
	}

	for (i = 0; i < GIC_NR_REGIONS; i++) {
		base[i] = cells_at(reg, i * entry, ac);
		size[i] = cells_at(reg, i * entry + ac, sc);
		if (!size[i] || size[i] - 1 > ADDR_MAX - base[i]) {
			ret = fail(p, -EINVAL,
				   "the host GIC has an empty or wrapping region");
			goto out;
		}
		ret = translate(p, bus, &base[i], size[i]);
		if (ret)
			goto out;
	}

	plat->gicd_base = base[0];
	plat->gicd_size = size[0];
	plat->gicc_base = base[1];
	plat->gicc_size = size[1];
	plat->gich_base = base[2];
	plat->gich_size = size[2];
	plat->gicv_base = base[3];
	plat->gicv_size = size[3];
out:
	put_node(p, bus);
	return ret;
}

static int probe_gic_maint(struct probe *p, dt_node gic, bool has_ph,
			   uint32_t ph, struct vmm_host_platform *plat)
{
	const void *irqs;
	uint32_t icells;
	int ret;

	ret = get_u32(p, gic, "#interrupt-cells", &icells);
	if (ret < 0)
		return fail(p, -EINVAL,
			    "the host GIC has a malformed #interrupt-cells");
	if (!ret || icells != GIC_SPEC_CELLS)
		return fail(p, -EINVAL,
			    "the host GIC does not use 3-cell interrupt specifiers");

	ret = check_irq_parent(p, gic, has_ph, ph,
			       "the GIC maintenance interrupt is not routed to the GIC itself",
			       "the GIC node has a malformed interrupt-parent");
	if (ret)
		return ret;

	ret = get_irqs(p, gic, 1, &irqs,
		       "the host GIC has no maintenance interrupt (no interrupts property)",
		       "the host GIC's interrupts property is not a list of 3-cell specifiers");
	if (ret)
		return ret;
	if (gic_spec_intid(irqs, 0, false, &plat->maint_intid))
		return fail(p, -EINVAL,
			    "the GIC maintenance interrupt is not a valid PPI or SPI");
	return 0;
}

static int probe_timer(struct probe *p, dt_node timer, bool gic_has_ph,
		       uint32_t gic_ph, struct vmm_host_platform *plat)
{
	uint32_t intid[TIMER_NR_IRQS];
	const void *irqs;
	unsigned int i;
	int ret;

	ret = check_irq_parent(p, timer, gic_has_ph, gic_ph,
			       "the generic timer's interrupts are not routed to the GIC",
			       "the generic timer node has a malformed interrupt-parent");
	if (ret)
		return ret;

	ret = get_irqs(p, timer, TIMER_NR_IRQS, &irqs,
		       "the generic timer node has no interrupts property",
		       "the generic timer's interrupts property does not hold four 3-cell GIC specifiers");
	if (ret)
		return ret;

	for (i = 0; i < TIMER_NR_IRQS; i++)
		if (gic_spec_intid(irqs, i, true, &intid[i]))
			return fail(p, -EINVAL,
				    "a generic timer interrupt is not a valid GIC PPI");

	plat->ptimer_intid = intid[TIMER_PHYS];
	plat->vtimer_intid = intid[TIMER_VIRT];
	plat->htimer_intid = intid[TIMER_HYP];
	return 0;
}

static void copy_str(char *dst, size_t size, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < size && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}

int hostdt_probe(const struct hostdt_ops *ops, void *ctx,
		 struct vmm_host_platform *out, const char **why)
{
	struct probe p = { .ops = ops, .ctx = ctx, .why = NULL };
	struct vmm_host_platform plat;
	dt_node gic = 0, timer = 0;
	bool has_ph = false;
	uint32_t ph = 0;
	unsigned int i;
	int ret;

	memset(&plat, 0, sizeof(plat));

	if (!ops || !ops->find_compatible || !ops->parent || !ops->getprop ||
	    !out) {
		ret = fail(&p, -EINVAL,
			   "no host device tree accessors were given");
		goto out;
	}

	for (i = 0; i < ARRAY_SIZE(gic_compats) && !gic; i++) {
		gic = ops->find_compatible(ctx, gic_compats[i]);
		if (gic)
			copy_str(plat.gic_compatible,
				 sizeof(plat.gic_compatible), gic_compats[i]);
	}
	if (!gic) {
		ret = fail(&p, -ENODEV,
			   "no GICv2 (arm,gic-400, arm,cortex-a15-gic or arm,cortex-a7-gic) in the host device tree");
		goto out;
	}

	ret = probe_gic_regs(&p, gic, &plat);
	if (ret)
		goto out;
	ret = node_phandle(&p, gic, &has_ph, &ph);
	if (ret)
		goto out;
	ret = probe_gic_maint(&p, gic, has_ph, ph, &plat);
	if (ret)
		goto out;

	for (i = 0; i < ARRAY_SIZE(timer_compats) && !timer; i++)
		timer = ops->find_compatible(ctx, timer_compats[i]);
	if (!timer) {
		ret = fail(&p, -ENODEV,
			   "no ARM generic timer (arm,armv7-timer) in the host device tree");
		goto out;
	}
	ret = probe_timer(&p, timer, has_ph, ph, &plat);

out:
	if (ops) {
		put_node(&p, timer);
		put_node(&p, gic);
	}
	if (!ret)
		*out = plat;
	else if (!p.why)
		p.why = "the host device tree could not be parsed";
	if (why)
		*why = ret ? p.why : NULL;
	return ret;
}
