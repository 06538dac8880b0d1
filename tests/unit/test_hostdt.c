/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for host platform discovery (kmod/arm/hostdt.c).
 *
 * usage: test_hostdt VIRT.dtb VIRT-NOVIRT.dtb CUBIEBOARD2.dtb
 *   VIRT.dtb        qemu-system-arm -M virt,virtualization=on -cpu cortex-a15
 *   VIRT-NOVIRT.dtb the same without virtualization=on (GIC without GICH/V)
 *   CUBIEBOARD2.dtb sun7i-a20-cubieboard2.dtb from Debian's armmp-lpae kernel
 *
 * Real boards check every field against the values in the blobs; small
 * synthetic trees cover the translation and error paths.
 */
#include <stdlib.h>

#include <libfdt.h>

#include "unit.h"
#include "hostdt_libfdt.h"

/*
 * Every probe goes through these ops: they hand out an exact-size heap copy
 * of each property so that AddressSanitizer catches any read past a
 * property's length, and can shorten one named property by cut bytes.
 */
#define MAX_COPIES 1024

struct strict {
	struct hostdt_fdt fdt;
	const char *cut_name;
	int cut;
	void *copies[MAX_COPIES];
	int ncopies;
	bool overflow;
};

static dt_node strict_find_compatible(void *ctx, const char *compat)
{
	struct strict *s = ctx;

	return hostdt_libfdt_ops.find_compatible(&s->fdt, compat);
}

static dt_node strict_parent(void *ctx, dt_node node)
{
	struct strict *s = ctx;

	return hostdt_libfdt_ops.parent(&s->fdt, node);
}

static const void *strict_getprop(void *ctx, dt_node node, const char *name,
				  int *lenp)
{
	static const char empty;
	struct strict *s = ctx;
	const void *prop;
	void *copy;
	int len = 0;

	prop = hostdt_libfdt_ops.getprop(&s->fdt, node, name, &len);
	*lenp = 0;
	if (!prop)
		return NULL;
	if (s->cut_name && !strcmp(name, s->cut_name))
		len = len > s->cut ? len - s->cut : 0;
	if (s->ncopies == MAX_COPIES) {
		s->overflow = true;
		return NULL;
	}
	copy = malloc((size_t)len);
	if (!copy)
		return len ? NULL : &empty;
	memcpy(copy, prop, (size_t)len);
	s->copies[s->ncopies++] = copy;
	*lenp = len;
	return copy;
}

static void strict_put(void *ctx, dt_node node)
{
	struct strict *s = ctx;

	hostdt_libfdt_ops.put(&s->fdt, node);
}

static const struct hostdt_ops strict_ops = {
	.find_compatible = strict_find_compatible,
	.parent = strict_parent,
	.getprop = strict_getprop,
	.put = strict_put,
};

/*
 * Probe a blob and check the contract that holds for every outcome: all
 * node references put, *why set exactly on failure, *out untouched on
 * failure.
 */
static int probe_cut(const void *blob, size_t size,
		     struct vmm_host_platform *out, const char **why,
		     const char *cut_name, int cut)
{
	struct vmm_host_platform before;
	struct strict *s;
	int ret, i;

	*why = "not set";
	memset(out, 0x5a, sizeof(*out));
	before = *out;

	s = calloc(1, sizeof(*s));
	if (!s) {
		FAIL("out of memory");
		return -ENOMEM;
	}
	if (hostdt_fdt_init(&s->fdt, blob, size)) {
		FAIL("not a valid device tree blob");
		free(s);
		return -EINVAL;
	}
	s->cut_name = cut_name;
	s->cut = cut;

	ret = hostdt_probe(&strict_ops, s, out, why);

	EXPECT_EQ(s->fdt.refs, 0);
	EXPECT_EQ(s->fdt.bad_puts, 0);
	EXPECT_FALSE(s->overflow);
	if (ret) {
		EXPECT_TRUE(*why != NULL && strlen(*why) > 10);
		EXPECT_TRUE(memcmp(out, &before, sizeof(*out)) == 0);
	} else {
		EXPECT_TRUE(*why == NULL);
	}
	for (i = 0; i < s->ncopies; i++)
		free(s->copies[i]);
	free(s);
	return ret;
}

static int probe(const void *blob, size_t size,
		 struct vmm_host_platform *out, const char **why)
{
	return probe_cut(blob, size, out, why, NULL, 0);
}

/* the dtb named by argv[idx], or NULL after recording a failure */
static void *load_arg(int idx, size_t *size)
{
	char msg[512];
	void *blob;

	if (unit_argc <= idx) {
		FAIL("missing dtb path argument (see usage in test_hostdt.c)");
		return NULL;
	}
	blob = hostdt_fdt_load(unit_argv[idx], size);
	if (!blob) {
		snprintf(msg, sizeof(msg), "cannot read %s", unit_argv[idx]);
		FAIL(msg);
	}
	return blob;
}

/* the timer PPIs are the same on both boards and in the synthetic trees */
static void expect_timers(const struct vmm_host_platform *p)
{
	EXPECT_EQ(p->ptimer_intid, 30);		/* PPI 14 */
	EXPECT_EQ(p->vtimer_intid, 27);		/* PPI 11 */
	EXPECT_EQ(p->htimer_intid, 26);		/* PPI 10 */
}

TEST(qemu_virt)
{
	struct vmm_host_platform p;
	const char *why;
	size_t size;
	void *blob;

	blob = load_arg(1, &size);
	if (!blob)
		return;
	EXPECT_EQ(probe(blob, size, &p, &why), 0);
	EXPECT_EQ(p.gicd_base, 0x08000000);
	EXPECT_EQ(p.gicd_size, 0x10000);
	EXPECT_EQ(p.gicc_base, 0x08010000);
	EXPECT_EQ(p.gicc_size, 0x10000);
	EXPECT_EQ(p.gich_base, 0x08030000);
	EXPECT_EQ(p.gich_size, 0x10000);
	EXPECT_EQ(p.gicv_base, 0x08040000);
	EXPECT_EQ(p.gicv_size, 0x10000);
	EXPECT_EQ(p.maint_intid, 25);		/* PPI 9 */
	expect_timers(&p);
	EXPECT_STREQ(p.gic_compatible, "arm,cortex-a15-gic");
	free(blob);
}

TEST(qemu_virt_put_is_optional)
{
	struct vmm_host_platform p;
	struct hostdt_ops ops = hostdt_libfdt_ops;
	struct hostdt_fdt h;
	const char *why;
	size_t size;
	void *blob;

	blob = load_arg(1, &size);
	if (!blob)
		return;
	ops.put = NULL;
	EXPECT_EQ(hostdt_fdt_init(&h, blob, size), 0);
	EXPECT_EQ(hostdt_probe(&ops, &h, &p, &why), 0);
	EXPECT_EQ(p.gicv_base, 0x08040000);
	EXPECT_EQ(hostdt_probe(&ops, &h, &p, NULL), 0);
	free(blob);
}

TEST(qemu_virt_without_virtualization)
{
	struct vmm_host_platform p;
	const char *why;
	size_t size;
	void *blob;

	blob = load_arg(2, &size);
	if (!blob)
		return;
	EXPECT_EQ(probe(blob, size, &p, &why), -ENODEV);
	EXPECT_TRUE(why && strstr(why, "GICH"));
	free(blob);
}

TEST(cubieboard2)
{
	struct vmm_host_platform p;
	const char *why;
	size_t size;
	void *blob;

	blob = load_arg(3, &size);
	if (!blob)
		return;
	EXPECT_EQ(probe(blob, size, &p, &why), 0);
	/* /soc/interrupt-controller@1c81000, reached through /soc's ranges */
	EXPECT_EQ(p.gicd_base, 0x01c81000);
	EXPECT_EQ(p.gicd_size, 0x1000);
	EXPECT_EQ(p.gicc_base, 0x01c82000);
	EXPECT_EQ(p.gicc_size, 0x2000);
	EXPECT_EQ(p.gich_base, 0x01c84000);
	EXPECT_EQ(p.gich_size, 0x2000);
	EXPECT_EQ(p.gicv_base, 0x01c86000);
	EXPECT_EQ(p.gicv_size, 0x2000);
	EXPECT_EQ(p.maint_intid, 25);		/* PPI 9 */
	expect_timers(&p);
	EXPECT_STREQ(p.gic_compatible, "arm,gic-400");
	free(blob);
}

/*
 * Shorten each property the probe reads, by every amount up to its whole
 * length: the probe must fail cleanly (ranges is empty on both boards, so
 * shortening it changes nothing).
 */
static void truncate_all(int idx)
{
	static const char *const props[] = {
		"reg", "interrupts", "#address-cells", "#size-cells",
		"#interrupt-cells", "interrupt-parent", "phandle",
	};
	struct vmm_host_platform p;
	const char *why;
	unsigned int i;
	char msg[128];
	size_t size;
	void *blob;
	int cut;

	blob = load_arg(idx, &size);
	if (!blob)
		return;
	for (i = 0; i < ARRAY_SIZE(props); i++) {
		for (cut = 1; cut <= 64; cut++) {
			if (probe_cut(blob, size, &p, &why, props[i], cut) < 0)
				continue;
			snprintf(msg, sizeof(msg),
				 "shortening %s by %d bytes was accepted",
				 props[i], cut);
			FAIL(msg);
		}
	}
	EXPECT_EQ(probe_cut(blob, size, &p, &why, "ranges", 4), 0);
	free(blob);
}

TEST(qemu_virt_truncated_properties)
{
	truncate_all(1);
}

TEST(cubieboard2_truncated_properties)
{
	truncate_all(3);
}

/* ---- synthetic trees built with libfdt's sequential-write API ---- */

#define SYN_SIZE 8192

struct syn {
	void *fdt;
	int err;
};

static void syn_check(struct syn *b, int err)
{
	if (err && !b->err)
		b->err = err;
}

/* root node, with #address-cells/#size-cells unless ac < 0 */
static void syn_begin(struct syn *b, int ac, int sc)
{
	b->err = 0;
	b->fdt = calloc(1, SYN_SIZE);
	if (!b->fdt) {
		b->err = -FDT_ERR_NOSPACE;
		return;
	}
	syn_check(b, fdt_create(b->fdt, SYN_SIZE));
	syn_check(b, fdt_finish_reservemap(b->fdt));
	syn_check(b, fdt_begin_node(b->fdt, ""));
	syn_check(b, fdt_property_string(b->fdt, "compatible", "test,board"));
	if (ac >= 0) {
		syn_check(b, fdt_property_u32(b->fdt, "#address-cells", ac));
		syn_check(b, fdt_property_u32(b->fdt, "#size-cells", sc));
	}
	syn_check(b, fdt_property_u32(b->fdt, "interrupt-parent", 1));
}

static void syn_node(struct syn *b, const char *name)
{
	syn_check(b, fdt_begin_node(b->fdt, name));
}

static void syn_end(struct syn *b)
{
	syn_check(b, fdt_end_node(b->fdt));
}

static void syn_bytes(struct syn *b, const char *name, const void *val,
		      int len)
{
	syn_check(b, fdt_property(b->fdt, name, val, len));
}

static void syn_cells_arr(struct syn *b, const char *name,
			  const uint32_t *cells, int n)
{
	fdt32_t be[64];
	int i;

	if (n > (int)ARRAY_SIZE(be)) {
		syn_check(b, -FDT_ERR_NOSPACE);
		return;
	}
	for (i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(cells[i]);
	syn_bytes(b, name, be, n * 4);
}

#define SYN_CELLS(b, name, ...)						\
	syn_cells_arr(b, name, (const uint32_t[]){ __VA_ARGS__ },	\
		      (int)(sizeof((const uint32_t[]){ __VA_ARGS__ }) / 4))

static void syn_str(struct syn *b, const char *name, const char *val)
{
	syn_check(b, fdt_property_string(b->fdt, name, val));
}

/* a bus node's cell sizes */
static void syn_bus(struct syn *b, const char *name, int ac, int sc)
{
	syn_node(b, name);
	syn_str(b, "compatible", "simple-bus");
	SYN_CELLS(b, "#address-cells", ac);
	SYN_CELLS(b, "#size-cells", sc);
}

/* everything in a GIC node but reg, with phandle 1 */
static void syn_gic_props(struct syn *b, const char *compat)
{
	syn_str(b, "compatible", compat);
	syn_bytes(b, "interrupt-controller", NULL, 0);
	SYN_CELLS(b, "#interrupt-cells", 3);
	SYN_CELLS(b, "interrupts", 1, 9, 0xf04);
	SYN_CELLS(b, "phandle", 1);
}

/* the usual GIC: 1-cell addresses and sizes, rebased to base */
static void syn_gic(struct syn *b, uint32_t base)
{
	syn_node(b, "interrupt-controller");
	syn_gic_props(b, "arm,gic-400");
	SYN_CELLS(b, "reg", base + 0x1000, 0x1000, base + 0x2000, 0x2000,
		  base + 0x4000, 0x2000, base + 0x6000, 0x2000);
	syn_end(b);
}

static void syn_timer(struct syn *b, const char *compat)
{
	syn_node(b, "timer");
	syn_str(b, "compatible", compat);
	SYN_CELLS(b, "interrupts", 1, 13, 0xf08, 1, 14, 0xf08,
		  1, 11, 0xf08, 1, 10, 0xf08);
	syn_end(b);
}

/* close the root; the blob on success, NULL after recording a failure */
static void *syn_finish(struct syn *b)
{
	char msg[128];

	if (b->fdt) {
		syn_end(b);
		syn_check(b, fdt_finish(b->fdt));
	}
	if (b->err) {
		snprintf(msg, sizeof(msg), "building the tree failed: %s",
			 fdt_strerror(b->err));
		FAIL(msg);
		free(b->fdt);
		return NULL;
	}
	return b->fdt;
}

static int syn_probe(struct syn *b, struct vmm_host_platform *p,
		     const char **why)
{
	void *blob = syn_finish(b);
	int ret;

	if (!blob)
		return -ENOEXEC;
	ret = probe(blob, SYN_SIZE, p, why);
	free(blob);
	return ret;
}

TEST(synthetic_ranges_offset)
{
	struct vmm_host_platform p;
	struct syn b;
	const char *why;

	syn_begin(&b, 1, 1);
	syn_bus(&b, "soc", 1, 1);
	/* child 0x0.. is CPU 0x40000000.., 256 MiB */
	SYN_CELLS(&b, "ranges", 0x0, 0x40000000, 0x10000000);
	syn_gic(&b, 0x100000);
	syn_end(&b);
	syn_timer(&b, "arm,armv7-timer");
	ASSERT_EQ(syn_probe(&b, &p, &why), 0);
	EXPECT_EQ(p.gicd_base, 0x40101000);
	EXPECT_EQ(p.gicd_size, 0x1000);
	EXPECT_EQ(p.gicc_base, 0x40102000);
	EXPECT_EQ(p.gicc_size, 0x2000);
	EXPECT_EQ(p.gich_base, 0x40104000);
	EXPECT_EQ(p.gich_size, 0x2000);
	EXPECT_EQ(p.gicv_base, 0x40106000);
	EXPECT_EQ(p.gicv_size, 0x2000);
	EXPECT_EQ(p.maint_intid, 25);
	expect_timers(&p);
	EXPECT_STREQ(p.gic_compatible, "arm,gic-400");
}

TEST(synthetic_ranges_second_window)
{
	struct vmm_host_platform p;
	struct syn b;
	const char *why;

	syn_begin(&b, 1, 1);
	syn_bus(&b, "soc", 1, 1);
	/* three windows; the GIC is in the middle one */
	SYN_CELLS(&b, "ranges", 0x200000, 0x20000000, 0x100000,
		  0x100000, 0x30000000, 0x10000,
		  0x0, 0x40000000, 0x100000);
	syn_gic(&b, 0x100000);
	syn_end(&b);
	syn_timer(&b, "arm,armv7-timer");
	ASSERT_EQ(syn_probe(&b, &p, &why), 0);
	EXPECT_EQ(p.gicd_base, 0x30001000);
	EXPECT_EQ(p.gicv_base, 0x30006000);
}

TEST(synthetic_two_cell_parents)
{
	struct vmm_host_platform p;
	struct syn b;
	const char *why;

	/* GIC regions above 4 GiB straight under a 2-cell root */
	syn_begin(&b, 2, 2);
	syn_node(&b, "interrupt-controller");
	syn_gic_props(&b, "arm,cortex-a7-gic");
	SYN_CELLS(&b, "reg", 0x1, 0x00001000, 0x0, 0x1000,
		  0x1, 0x00002000, 0x0, 0x2000,
		  0x1, 0x00004000, 0x0, 0x2000,
		  0x1, 0x00006000, 0x1, 0x0);
	syn_end(&b);
	syn_timer(&b, "arm,armv7-timer");
	ASSERT_EQ(syn_probe(&b, &p, &why), 0);
	EXPECT_EQ(p.gicd_base, 0x100001000ULL);
	EXPECT_EQ(p.gicd_size, 0x1000);
	EXPECT_EQ(p.gicc_base, 0x100002000ULL);
	EXPECT_EQ(p.gich_base, 0x100004000ULL);
	EXPECT_EQ(p.gicv_base, 0x100006000ULL);
	EXPECT_EQ(p.gicv_size, 0x100000000ULL);
	EXPECT_STREQ(p.gic_compatible, "arm,cortex-a7-gic");
}

TEST(synthetic_nested_two_cell_ranges)
{
	struct vmm_host_platform p;
	struct syn b;
	const char *why;

	/*
	 * /bus (2+2 cells) maps child 0 to 0x1_00000000, 1 GiB;
	 * /bus/soc (1+1 cells) maps child 0 to bus address 0x10000000.
	 */
	syn_begin(&b, 2, 2);
	syn_bus(&b, "bus", 2, 2);
	SYN_CELLS(&b, "ranges", 0x0, 0x0, 0x1, 0x0, 0x0, 0x40000000);
	syn_bus(&b, "soc", 1, 1);
	SYN_CELLS(&b, "ranges", 0x0, 0x0, 0x10000000, 0x01000000);
	syn_gic(&b, 0x0);
	syn_end(&b);
	syn_end(&b);
	syn_timer(&b, "arm,armv7-timer");
	ASSERT_EQ(syn_probe(&b, &p, &why), 0);
	EXPECT_EQ(p.gicd_base, 0x110001000ULL);
	EXPECT_EQ(p.gicc_base, 0x110002000ULL);
	EXPECT_EQ(p.gich_base, 0x110004000ULL);
	EXPECT_EQ(p.gicv_base, 0x110006000ULL);
	EXPECT_EQ(p.gicv_size, 0x2000);
}

TEST(synthetic_default_cells)
{
	struct vmm_host_platform p;
	struct syn b;
	const char *why;

	/* no #address-cells/#size-cells on the root: 2 and 1 */
	syn_begin(&b, -1, -1);
	syn_node(&b, "interrupt-controller");
	syn_gic_props(&b, "arm,gic-400");
	SYN_CELLS(&b, "reg", 0x0, 0x2c001000, 0x1000,
		  0x0, 0x2c002000, 0x2000,
		  0x0, 0x2c004000, 0x2000,
		  0x0, 0x2c006000, 0x2000);
	syn_end(&b);
	syn_timer(&b, "arm,armv7-timer");
	ASSERT_EQ(syn_probe(&b, &p, &why), 0);
	EXPECT_EQ(p.gicd_base, 0x2c001000);
	EXPECT_EQ(p.gicc_size, 0x2000);
	EXPECT_EQ(p.gicv_base, 0x2c006000);
}

TEST(synthetic_absent_ranges)
{
	struct vmm_host_platform p;
	struct syn b;
	const char *why;

	syn_begin(&b, 1, 1);
	syn_bus(&b, "soc", 1, 1);	/* no ranges: not memory mapped */
	syn_gic(&b, 0);
	syn_end(&b);
	syn_timer(&b, "arm,armv7-timer");
	EXPECT_EQ(syn_probe(&b, &p, &why), -EINVAL);
	EXPECT_TRUE(why && strstr(why, "ranges"));
}

TEST(synthetic_outside_ranges)
{
	struct vmm_host_platform p;
	struct syn b;
	const char *why;

	/* the window ends in the middle of the GICV region */
	syn_begin(&b, 1, 1);
	syn_bus(&b, "soc", 1, 1);
	SYN_CELLS(&b, "ranges", 0x0, 0x40000000, 0x7000);
	syn_gic(&b, 0);
	syn_end(&b);
	syn_timer(&b, "arm,armv7-timer");
	EXPECT_EQ(syn_probe(&b, &p, &why), -EINVAL);
}

TEST(synthetic_malformed_ranges)
{
	struct vmm_host_platform p;
	struct syn b;
	const char *why;

	syn_begin(&b, 1, 1);
	syn_bus(&b, "soc", 1, 1);
	SYN_CELLS(&b, "ranges", 0x0, 0x40000000);	/* size missing */
	syn_gic(&b, 0);
	syn_end(&b);
	syn_timer(&b, "arm,armv7-timer");
	EXPECT_EQ(syn_probe(&b, &p, &why), -EINVAL);
}

TEST(synthetic_unsupported_layouts)
{
	struct vmm_host_platform p;
	struct syn b;
	const char *why;

	/* 3-cell (e.g. PCI-style) addresses do not fit our 64 bits */
	syn_begin(&b, 1, 1);
	syn_bus(&b, "soc", 3, 1);
	SYN_CELLS(&b, "ranges", 0, 0, 0, 0, 0x100000);
	syn_gic(&b, 0);
	syn_end(&b);
	syn_timer(&b, "arm,armv7-timer");
	EXPECT_EQ(syn_probe(&b, &p, &why), -EINVAL);

	/* regions without sizes */
	syn_begin(&b, 1, 0);
	syn_node(&b, "interrupt-controller");
	syn_gic_props(&b, "arm,gic-400");
	SYN_CELLS(&b, "reg", 0x1000, 0x2000, 0x4000, 0x6000);
	syn_end(&b);
	syn_timer(&b, "arm,armv7-timer");
	EXPECT_EQ(syn_probe(&b, &p, &why), -EINVAL);

	/* an empty region */
	syn_begin(&b, 1, 1);
	syn_node(&b, "interrupt-controller");
	syn_gic_props(&b, "arm,gic-400");
	SYN_CELLS(&b, "reg", 0x1000, 0x1000, 0x2000, 0x2000,
		  0x4000, 0, 0x6000, 0x2000);
	syn_end(&b);
	syn_timer(&b, "arm,armv7-timer");
	EXPECT_EQ(syn_probe(&b, &p, &why), -EINVAL);

	/* a window that would carry the GIC past the top of memory */
	syn_begin(&b, 2, 2);
	syn_bus(&b, "soc", 1, 1);
	SYN_CELLS(&b, "ranges", 0x0, 0xffffffff, 0xffffc000, 0x10000);
	syn_gic(&b, 0);
	syn_end(&b);
	syn_timer(&b, "arm,armv7-timer");
	EXPECT_EQ(syn_probe(&b, &p, &why), -EINVAL);

	/* interrupts-extended names its parent in a way we cannot check */
	syn_begin(&b, 1, 1);
	syn_gic(&b, 0);
	syn_node(&b, "timer");
	syn_str(&b, "compatible", "arm,armv7-timer");
	SYN_CELLS(&b, "interrupts-extended", 1, 1, 13, 0xf08, 1, 1, 14, 0xf08,
		  1, 1, 11, 0xf08, 1, 1, 10, 0xf08);
	syn_end(&b);
	EXPECT_EQ(syn_probe(&b, &p, &why), -EINVAL);
}

TEST(synthetic_truncated_reg)
{
	static const uint32_t reg[] = {
		0x1000, 0x1000, 0x2000, 0x2000, 0x4000, 0x2000, 0x6000, 0x2000,
	};
	fdt32_t be[ARRAY_SIZE(reg)];
	struct vmm_host_platform p;
	struct syn b;
	const char *why;
	unsigned int i;
	int len;

	for (i = 0; i < ARRAY_SIZE(reg); i++)
		be[i] = cpu_to_fdt32(reg[i]);

	/* every length short of four whole regions */
	for (len = 0; len < (int)sizeof(be); len++) {
		syn_begin(&b, 1, 1);
		syn_node(&b, "interrupt-controller");
		syn_gic_props(&b, "arm,gic-400");
		syn_bytes(&b, "reg", be, len);
		syn_end(&b);
		syn_timer(&b, "arm,armv7-timer");
		if (len && len % 8 == 0) {
			/* whole regions, just too few of them */
			EXPECT_EQ(syn_probe(&b, &p, &why), -ENODEV);
		} else {
			EXPECT_EQ(syn_probe(&b, &p, &why), -EINVAL);
		}
	}
}

TEST(synthetic_missing_reg)
{
	struct vmm_host_platform p;
	struct syn b;
	const char *why;

	syn_begin(&b, 1, 1);
	syn_node(&b, "interrupt-controller");
	syn_gic_props(&b, "arm,gic-400");
	syn_end(&b);
	syn_timer(&b, "arm,armv7-timer");
	EXPECT_EQ(syn_probe(&b, &p, &why), -EINVAL);
}

TEST(synthetic_missing_timer)
{
	struct vmm_host_platform p;
	struct syn b;
	const char *why;

	syn_begin(&b, 1, 1);
	syn_gic(&b, 0);
	EXPECT_EQ(syn_probe(&b, &p, &why), -ENODEV);
	EXPECT_TRUE(why && strstr(why, "timer"));
}

TEST(synthetic_armv8_timer)
{
	struct vmm_host_platform p;
	struct syn b;
	const char *why;

	syn_begin(&b, 1, 1);
	syn_gic(&b, 0);
	syn_timer(&b, "arm,armv8-timer");
	ASSERT_EQ(syn_probe(&b, &p, &why), 0);
	expect_timers(&p);
}

TEST(synthetic_timer_interrupts)
{
	struct vmm_host_platform p;
	struct syn b;
	const char *why;

	/* three specifiers only */
	syn_begin(&b, 1, 1);
	syn_gic(&b, 0);
	syn_node(&b, "timer");
	syn_str(&b, "compatible", "arm,armv7-timer");
	SYN_CELLS(&b, "interrupts", 1, 13, 0xf08, 1, 14, 0xf08,
		  1, 11, 0xf08);
	syn_end(&b);
	EXPECT_EQ(syn_probe(&b, &p, &why), -EINVAL);

	/* an SPI is not a timer interrupt */
	syn_begin(&b, 1, 1);
	syn_gic(&b, 0);
	syn_node(&b, "timer");
	syn_str(&b, "compatible", "arm,armv7-timer");
	SYN_CELLS(&b, "interrupts", 1, 13, 0xf08, 0, 14, 4,
		  1, 11, 0xf08, 1, 10, 0xf08);
	syn_end(&b);
	EXPECT_EQ(syn_probe(&b, &p, &why), -EINVAL);

	/* PPI numbers stop at 15 */
	syn_begin(&b, 1, 1);
	syn_gic(&b, 0);
	syn_node(&b, "timer");
	syn_str(&b, "compatible", "arm,armv7-timer");
	SYN_CELLS(&b, "interrupts", 1, 13, 0xf08, 1, 14, 0xf08,
		  1, 16, 0xf08, 1, 10, 0xf08);
	syn_end(&b);
	EXPECT_EQ(syn_probe(&b, &p, &why), -EINVAL);

	/* a fifth specifier (hyp virtual timer on ARMv8.1) is ignored */
	syn_begin(&b, 1, 1);
	syn_gic(&b, 0);
	syn_node(&b, "timer");
	syn_str(&b, "compatible", "arm,armv7-timer");
	SYN_CELLS(&b, "interrupts", 1, 13, 0xf08, 1, 14, 0xf08,
		  1, 11, 0xf08, 1, 10, 0xf08, 1, 12, 0xf08);
	syn_end(&b);
	ASSERT_EQ(syn_probe(&b, &p, &why), 0);
	expect_timers(&p);
}

TEST(synthetic_foreign_interrupt_parent)
{
	struct vmm_host_platform p;
	struct syn b;
	const char *why;

	syn_begin(&b, 1, 1);
	syn_gic(&b, 0);
	syn_node(&b, "timer");
	syn_str(&b, "compatible", "arm,armv7-timer");
	SYN_CELLS(&b, "interrupt-parent", 2);	/* not the GIC */
	SYN_CELLS(&b, "interrupts", 1, 13, 0xf08, 1, 14, 0xf08,
		  1, 11, 0xf08, 1, 10, 0xf08);
	syn_end(&b);
	EXPECT_EQ(syn_probe(&b, &p, &why), -EINVAL);
}

TEST(synthetic_spi_maintenance)
{
	struct vmm_host_platform p;
	struct syn b;
	const char *why;

	syn_begin(&b, 1, 1);
	syn_node(&b, "interrupt-controller");
	syn_str(&b, "compatible", "arm,gic-400");
	SYN_CELLS(&b, "#interrupt-cells", 3);
	SYN_CELLS(&b, "interrupts", 0, 5, 4);	/* SPI 5 */
	SYN_CELLS(&b, "reg", 0x1000, 0x1000, 0x2000, 0x2000,
		  0x4000, 0x2000, 0x6000, 0x2000);
	syn_end(&b);
	syn_timer(&b, "arm,armv7-timer");
	ASSERT_EQ(syn_probe(&b, &p, &why), 0);
	EXPECT_EQ(p.maint_intid, 37);
}

TEST(synthetic_bad_gic_interrupts)
{
	struct vmm_host_platform p;
	struct syn b;
	const char *why;

	/* 2-cell specifiers are not the GIC binding we understand */
	syn_begin(&b, 1, 1);
	syn_node(&b, "interrupt-controller");
	syn_str(&b, "compatible", "arm,gic-400");
	SYN_CELLS(&b, "#interrupt-cells", 2);
	SYN_CELLS(&b, "interrupts", 9, 4);
	SYN_CELLS(&b, "reg", 0x1000, 0x1000, 0x2000, 0x2000,
		  0x4000, 0x2000, 0x6000, 0x2000);
	syn_end(&b);
	syn_timer(&b, "arm,armv7-timer");
	EXPECT_EQ(syn_probe(&b, &p, &why), -EINVAL);

	/* no maintenance interrupt at all */
	syn_begin(&b, 1, 1);
	syn_node(&b, "interrupt-controller");
	syn_str(&b, "compatible", "arm,gic-400");
	SYN_CELLS(&b, "#interrupt-cells", 3);
	SYN_CELLS(&b, "reg", 0x1000, 0x1000, 0x2000, 0x2000,
		  0x4000, 0x2000, 0x6000, 0x2000);
	syn_end(&b);
	syn_timer(&b, "arm,armv7-timer");
	EXPECT_EQ(syn_probe(&b, &p, &why), -ENODEV);

	/* an unknown specifier type */
	syn_begin(&b, 1, 1);
	syn_node(&b, "interrupt-controller");
	syn_str(&b, "compatible", "arm,gic-400");
	SYN_CELLS(&b, "#interrupt-cells", 3);
	SYN_CELLS(&b, "interrupts", 2, 9, 4);
	SYN_CELLS(&b, "reg", 0x1000, 0x1000, 0x2000, 0x2000,
		  0x4000, 0x2000, 0x6000, 0x2000);
	syn_end(&b);
	syn_timer(&b, "arm,armv7-timer");
	EXPECT_EQ(syn_probe(&b, &p, &why), -EINVAL);
}

TEST(synthetic_gic_preference)
{
	struct vmm_host_platform p;
	struct syn b;
	const char *why;

	/* earlier in the tree but later in our list: not chosen */
	syn_begin(&b, 1, 1);
	syn_node(&b, "interrupt-controller@1000");
	syn_gic_props(&b, "arm,cortex-a7-gic");
	SYN_CELLS(&b, "reg", 0x1000, 0x1000, 0x2000, 0x2000);
	syn_end(&b);
	syn_gic(&b, 0x100000);
	syn_timer(&b, "arm,armv7-timer");
	ASSERT_EQ(syn_probe(&b, &p, &why), 0);
	EXPECT_STREQ(p.gic_compatible, "arm,gic-400");
	EXPECT_EQ(p.gicd_base, 0x101000);
}

TEST(synthetic_no_gic)
{
	struct vmm_host_platform p;
	struct syn b;
	const char *why;

	syn_begin(&b, 1, 1);
	syn_node(&b, "interrupt-controller");
	syn_gic_props(&b, "arm,cortex-a9-gic");	/* GICv1: no virt */
	SYN_CELLS(&b, "reg", 0x1000, 0x1000, 0x2000, 0x2000);
	syn_end(&b);
	syn_timer(&b, "arm,armv7-timer");
	EXPECT_EQ(syn_probe(&b, &p, &why), -ENODEV);
	EXPECT_TRUE(why && strstr(why, "GIC"));
}

TEST(no_ops)
{
	struct vmm_host_platform p;
	const char *why = NULL;

	EXPECT_EQ(hostdt_probe(NULL, NULL, &p, &why), -EINVAL);
	EXPECT_TRUE(why != NULL);
	EXPECT_EQ(hostdt_probe(NULL, NULL, &p, NULL), -EINVAL);
}

UNIT_MAIN();
