// SPDX-License-Identifier: BSD-2-Clause
/* LPAE tables (kmod/arm/lpae.c) over a fake physical memory. */
#include <stdlib.h>

#include "unit.h"
#include "arm/lpae.h"

/* Fake physical pages: PA = 0x80000000 + 4 KiB * index, so tables can be
 * walked back from descriptors like the hardware does. */
#define FAKE_PAGES 4096
#define FAKE_BASE  0x80000000ull

struct fake {
	void *page[FAKE_PAGES];
	unsigned int used, live, cleans;
};

static void *fake_alloc(void *ctx, unsigned int order, uint64_t *pa)
{
	struct fake *f = ctx;
	unsigned int n = 1u << order, i;
	char *mem;

	/* Keep the index aligned like the real allocator keeps addresses. */
	f->used = (f->used + n - 1) & ~(n - 1);
	if (f->used + n > FAKE_PAGES)
		return NULL;
	mem = aligned_alloc(4096u << order, 4096u << order);
	memset(mem, 0, 4096u << order);
	for (i = 0; i < n; i++)
		f->page[f->used + i] = mem + 4096 * i;
	*pa = FAKE_BASE + 4096ull * f->used;
	f->used += n;
	f->live += n;
	return mem;
}

static void fake_free(void *ctx, void *va, unsigned int order)
{
	struct fake *f = ctx;

	f->live -= 1u << order;
	free(va);
}

static void *fake_p2v(void *ctx, uint64_t pa)
{
	struct fake *f = ctx;

	return f->page[(pa - FAKE_BASE) / 4096];
}

static void fake_clean(void *ctx, void *va, size_t len)
{
	(void)va;
	(void)len;
	((struct fake *)ctx)->cleans++;
}

static const struct lpae_mm_ops fake_mm = {
	.alloc_pages = fake_alloc,
	.free_pages = fake_free,
	.phys_to_virt = fake_p2v,
	.clean = fake_clean,
};

#define ATTRS (LPAE_AF | LPAE_SH_INNER | (0xfull << 2) | (1ull << 6))

TEST(stage2_root_is_two_concatenated_pages)
{
	struct fake f = { 0 };
	struct lpae_table t;

	ASSERT_EQ(lpae_init(&t, &fake_mm, &f, 1024), 0);
	EXPECT_EQ(t.root_order, 1);
	EXPECT_EQ(t.root_pa & 0x1fff, 0); /* 8 KiB aligned for VTTBR */
	lpae_destroy(&t);
	EXPECT_EQ(f.live, 0);
	EXPECT_EQ(lpae_init(&t, &fake_mm, &f, 1025), -EINVAL);
	EXPECT_EQ(lpae_init(&t, &fake_mm, &f, 0), -EINVAL);
}

TEST(pages_map_and_look_up)
{
	struct fake f = { 0 };
	struct lpae_table t;
	int level;
	uint64_t d;

	ASSERT_EQ(lpae_init(&t, &fake_mm, &f, 4), 0);
	ASSERT_EQ(lpae_map(&t, 0x40000000, 0x123456000ull, 0x3000, ATTRS,
			   false), 0);
	d = lpae_lookup(&t, 0x40001000, &level);
	EXPECT_EQ(level, 3);
	EXPECT_EQ(d & LPAE_OA_MASK, 0x123457000ull);
	EXPECT_EQ(d & 3, 3); /* page descriptor */
	EXPECT_EQ(d & ~LPAE_OA_MASK & ~3ull, ATTRS);
	EXPECT_EQ(lpae_lookup(&t, 0x40003000, NULL), 0);
	EXPECT_TRUE(f.cleans > 0); /* every write is made visible */
	/* remapping the same is fine, a different target is not */
	EXPECT_EQ(lpae_map(&t, 0x40000000, 0x123456000ull, 0x1000, ATTRS,
			   false), 0);
	EXPECT_EQ(lpae_map(&t, 0x40000000, 0x200000000ull, 0x1000, ATTRS,
			   false), -EEXIST);
	lpae_unmap(&t, 0x40001000, 0x1000);
	EXPECT_EQ(lpae_lookup(&t, 0x40001000, NULL), 0);
	EXPECT_TRUE(lpae_lookup(&t, 0x40002000, NULL) != 0);
	lpae_destroy(&t);
	EXPECT_EQ(f.live, 0);
}

TEST(blocks_where_aligned_pages_elsewhere)
{
	struct fake f = { 0 };
	struct lpae_table t;
	int level;
	uint64_t d;

	ASSERT_EQ(lpae_init(&t, &fake_mm, &f, 1024), 0);
	/* 1 page, then two 2 MiB blocks, then 1 page: pa offset equal */
	ASSERT_EQ(lpae_map(&t, 0x401ff000, 0x801ff000ull, 0x402000, ATTRS,
			   true), 0);
	d = lpae_lookup(&t, 0x401ff000, &level);
	EXPECT_EQ(level, 3);
	d = lpae_lookup(&t, 0x40200000, &level);
	EXPECT_EQ(level, 2);
	EXPECT_EQ(d & 3, 1); /* block descriptor */
	EXPECT_EQ(d & LPAE_OA_MASK, 0x80200000ull);
	d = lpae_lookup(&t, 0x40412345, &level);
	EXPECT_EQ(level, 2);
	EXPECT_EQ(d & LPAE_OA_MASK, 0x80400000ull);
	d = lpae_lookup(&t, 0x40600000, &level);
	EXPECT_EQ(level, 3);
	EXPECT_EQ(d & LPAE_OA_MASK, 0x80600000ull);
	/* a page inside a block is a conflict, not a silent split */
	EXPECT_EQ(lpae_map(&t, 0x40300000, 0x90000000ull, 0x1000, ATTRS,
			   false), -EEXIST);
	lpae_unmap(&t, 0x401ff000, 0x402000);
	EXPECT_EQ(lpae_lookup(&t, 0x40200000, NULL), 0);
	EXPECT_EQ(lpae_lookup(&t, 0x40600000, NULL), 0);
	lpae_destroy(&t);
	EXPECT_EQ(f.live, 0);
}

TEST(unaligned_blocks_fall_back_to_pages)
{
	struct fake f = { 0 };
	struct lpae_table t;
	int level;

	ASSERT_EQ(lpae_init(&t, &fake_mm, &f, 1024), 0);
	/* IPA aligned, PA not: pages only */
	ASSERT_EQ(lpae_map(&t, 0x40000000, 0x80001000ull, 0x200000, ATTRS,
			   true), 0);
	lpae_lookup(&t, 0x40000000, &level);
	EXPECT_EQ(level, 3);
	lpae_destroy(&t);
}

TEST(bad_ranges_are_refused)
{
	struct fake f = { 0 };
	struct lpae_table t;

	ASSERT_EQ(lpae_init(&t, &fake_mm, &f, 4), 0);
	EXPECT_EQ(lpae_map(&t, 0x1001, 0, 0x1000, ATTRS, false), -EINVAL);
	EXPECT_EQ(lpae_map(&t, 0x1000, 0x10, 0x1000, ATTRS, false), -EINVAL);
	EXPECT_EQ(lpae_map(&t, 0x1000, 0, 0, ATTRS, false), -EINVAL);
	/* beyond the 4 GiB the 4-entry root covers */
	EXPECT_EQ(lpae_map(&t, 0xfffff000ull, 0, 0x2000, ATTRS, false),
		  -EINVAL);
	EXPECT_EQ(lpae_map(&t, 0x100000000ull, 0, 0x1000, ATTRS, false),
		  -EINVAL);
	/* output beyond 40 bits */
	EXPECT_EQ(lpae_map(&t, 0, 0xfffffff000ull, 0x2000, ATTRS, false),
		  -EINVAL);
	lpae_destroy(&t);
	EXPECT_EQ(f.live, 0);
}

TEST(out_of_table_memory_is_an_error)
{
	struct fake f = { 0 };
	struct lpae_table t;

	ASSERT_EQ(lpae_init(&t, &fake_mm, &f, 4), 0);
	f.used = FAKE_PAGES; /* allocator exhausted */
	EXPECT_EQ(lpae_map(&t, 0, 0, 0x1000, ATTRS, false), -ENOMEM);
	lpae_destroy(&t);
}
UNIT_MAIN();
