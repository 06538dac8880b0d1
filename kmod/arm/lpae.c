// SPDX-License-Identifier: BSD-2-Clause
/* LPAE translation tables: see lpae.h. */
#include "lpae.h"

#define L1_SHIFT 30
#define L2_SHIFT 21
#define L3_SHIFT 12
#define IDX(va, shift) ((unsigned int)(((va) >> (shift)) & (LPAE_ENTRIES - 1)))
#define DESC_TYPE(d)   ((d) & (LPAE_VALID | LPAE_TABLE))
#define TYPE_TABLE     (LPAE_VALID | LPAE_TABLE) /* levels 1-2 */
#define TYPE_BLOCK     LPAE_VALID /* levels 1-2 */

int lpae_init(struct lpae_table *t, const struct lpae_mm_ops *mm, void *ctx,
	      unsigned int root_entries)
{
	/* A root larger than a page is concatenated pages (B3.6.6). */
	if (root_entries == 0 || root_entries > 2 * LPAE_ENTRIES)
		return -EINVAL;
	t->mm = mm;
	t->ctx = ctx;
	t->root_entries = root_entries;
	t->root_order = root_entries > LPAE_ENTRIES ? 1 : 0;
	t->root = mm->alloc_pages(ctx, t->root_order, &t->root_pa);
	if (!t->root)
		return -ENOMEM;
	mm->clean(ctx, t->root, LPAE_PAGE_SIZE << t->root_order);
	return 0;
}

static uint64_t *next_table(struct lpae_table *t, uint64_t *entry, bool alloc)
{
	uint64_t pa;
	uint64_t *tbl;

	if (DESC_TYPE(*entry) == TYPE_TABLE)
		return t->mm->phys_to_virt(t->ctx, *entry & LPAE_OA_MASK);
	if (*entry & LPAE_VALID) /* a block is in the way */
		return NULL;
	if (!alloc)
		return NULL;
	tbl = t->mm->alloc_pages(t->ctx, 0, &pa);
	if (!tbl)
		return NULL;
	t->mm->clean(t->ctx, tbl, LPAE_PAGE_SIZE);
	/* The new table must be visible before the entry pointing at it. */
	*entry = (pa & LPAE_OA_MASK) | TYPE_TABLE;
	t->mm->clean(t->ctx, entry, sizeof(*entry));
	return tbl;
}

static uint64_t *l2_entry(struct lpae_table *t, uint64_t va, bool alloc)
{
	unsigned int i1 = (unsigned int)(va >> L1_SHIFT);
	uint64_t *l2;

	if (i1 >= t->root_entries)
		return NULL;
	l2 = next_table(t, &t->root[i1], alloc);
	return l2 ? &l2[IDX(va, L2_SHIFT)] : NULL;
}

static uint64_t *l3_entry(struct lpae_table *t, uint64_t va, bool alloc)
{
	uint64_t *l2e = l2_entry(t, va, alloc);
	uint64_t *l3;

	if (!l2e)
		return NULL;
	l3 = next_table(t, l2e, alloc);
	return l3 ? &l3[IDX(va, L3_SHIFT)] : NULL;
}

static bool range_ok(const struct lpae_table *t, uint64_t va, uint64_t size)
{
	uint64_t limit = (uint64_t)t->root_entries << L1_SHIFT;

	return size && !((va | size) & (LPAE_PAGE_SIZE - 1)) && va < limit &&
	       size <= limit - va;
}

static int set_entry(struct lpae_table *t, uint64_t *e, uint64_t desc)
{
	if (*e & LPAE_VALID)
		return *e == desc ? 0 : -EEXIST;
	*e = desc;
	t->mm->clean(t->ctx, e, sizeof(*e));
	return 0;
}

int lpae_map(struct lpae_table *t, uint64_t va, uint64_t pa, uint64_t size,
	     uint64_t attrs, bool blocks)
{
	uint64_t off = 0, left;
	uint64_t *e;
	int err;

	if (!range_ok(t, va, size) || (pa & (LPAE_PAGE_SIZE - 1)) ||
	    ((pa + size - 1) & ~(LPAE_OA_MASK | (LPAE_PAGE_SIZE - 1))))
		return -EINVAL;
	while (off < size) {
		left = size - off;
		if (blocks && left >= LPAE_BLOCK_SIZE &&
		    !((va + off) & (LPAE_BLOCK_SIZE - 1)) &&
		    !((pa + off) & (LPAE_BLOCK_SIZE - 1))) {
			e = l2_entry(t, va + off, true);
			if (!e)
				return -ENOMEM;
			err = set_entry(t, e,
					((pa + off) & LPAE_OA_MASK) | attrs |
						TYPE_BLOCK);
			if (err)
				return err;
			off += LPAE_BLOCK_SIZE;
			continue;
		}
		e = l3_entry(t, va + off, true);
		if (!e) {
			uint64_t *l2e = l2_entry(t, va + off, false);

			return (l2e && (*l2e & LPAE_VALID)) ? -EEXIST :
							      -ENOMEM;
		}
		err = set_entry(t, e,
				((pa + off) & LPAE_OA_MASK) | attrs |
					LPAE_TABLE | LPAE_VALID);
		if (err)
			return err;
		off += LPAE_PAGE_SIZE;
	}
	return 0;
}

void lpae_unmap(struct lpae_table *t, uint64_t va, uint64_t size)
{
	uint64_t off = 0;
	uint64_t *e;

	if (!range_ok(t, va, size))
		return;
	while (off < size) {
		e = l2_entry(t, va + off, false);
		if (e && DESC_TYPE(*e) == TYPE_BLOCK) {
			*e = 0;
			t->mm->clean(t->ctx, e, sizeof(*e));
			off = ((va + off) | (LPAE_BLOCK_SIZE - 1)) + 1 - va;
			continue;
		}
		e = l3_entry(t, va + off, false);
		if (e && (*e & LPAE_VALID)) {
			*e = 0;
			t->mm->clean(t->ctx, e, sizeof(*e));
		}
		off += LPAE_PAGE_SIZE;
	}
}

uint64_t lpae_lookup(const struct lpae_table *t, uint64_t va, int *level)
{
	struct lpae_table *tt = (struct lpae_table *)t;
	uint64_t *e = l2_entry(tt, va, false);

	if (e && DESC_TYPE(*e) == TYPE_BLOCK) {
		if (level)
			*level = 2;
		return *e;
	}
	e = l3_entry(tt, va, false);
	if (level)
		*level = 3;
	return (e && (*e & LPAE_VALID)) ? *e : 0;
}

static void free_level(struct lpae_table *t, uint64_t *tbl, int level,
		       unsigned int n, unsigned int order)
{
	unsigned int i;

	if (level < 3)
		for (i = 0; i < n; i++)
			if (DESC_TYPE(tbl[i]) == TYPE_TABLE)
				free_level(t,
					   t->mm->phys_to_virt(
						   t->ctx, tbl[i] & LPAE_OA_MASK),
					   level + 1, LPAE_ENTRIES, 0);
	t->mm->free_pages(t->ctx, tbl, order);
}

void lpae_destroy(struct lpae_table *t)
{
	if (!t->root)
		return;
	free_level(t, t->root, 1, t->root_entries, t->root_order);
	t->root = NULL;
}
