// SPDX-License-Identifier: BSD-2-Clause
/* LPAE translation tables: see lpae.h. */
#include "lpae.h"

#define L1_SHIFT 30
#define L2_SHIFT 21
#define L3_SHIFT 12
#define IDX(va, shift) ((unsigned int)(((va) >> (shift)) & (LPAE_ENTRIES - 1)))

int lpae_init(struct lpae_table *t, const struct lpae_mm_ops *mm, void *ctx,
	      unsigned int root_entries)
{
	if (root_entries == 0 || root_entries > LPAE_ENTRIES)
		return -EINVAL;
	t->mm = mm;
	t->ctx = ctx;
	t->root_entries = root_entries;
	t->root = mm->alloc_page(ctx, &t->root_pa);
	if (!t->root)
		return -ENOMEM;
	mm->clean(ctx, t->root, LPAE_PAGE_SIZE);
	return 0;
}

static uint64_t *next_table(struct lpae_table *t, uint64_t *entry, bool alloc)
{
	uint64_t pa;
	uint64_t *tbl;

	if (*entry & LPAE_VALID)
		return t->mm->phys_to_virt(t->ctx, *entry & LPAE_OA_MASK);
	if (!alloc)
		return NULL;
	tbl = t->mm->alloc_page(t->ctx, &pa);
	if (!tbl)
		return NULL;
	t->mm->clean(t->ctx, tbl, LPAE_PAGE_SIZE);
	/* The new table must be visible before the entry pointing at it. */
	*entry = (pa & LPAE_OA_MASK) | LPAE_TABLE | LPAE_VALID;
	t->mm->clean(t->ctx, entry, sizeof(*entry));
	return tbl;
}

static uint64_t *pte_of(struct lpae_table *t, uint64_t va, bool alloc)
{
	unsigned int i1 = (unsigned int)(va >> L1_SHIFT);
	uint64_t *l2, *l3;

	if (i1 >= t->root_entries)
		return NULL;
	l2 = next_table(t, &t->root[i1], alloc);
	if (!l2)
		return NULL;
	l3 = next_table(t, &l2[IDX(va, L2_SHIFT)], alloc);
	if (!l3)
		return NULL;
	return &l3[IDX(va, L3_SHIFT)];
}

static bool range_ok(const struct lpae_table *t, uint64_t va, uint64_t size)
{
	uint64_t limit = (uint64_t)t->root_entries << L1_SHIFT;

	return size && !((va | size) & (LPAE_PAGE_SIZE - 1)) && va < limit &&
	       size <= limit - va;
}

int lpae_map(struct lpae_table *t, uint64_t va, uint64_t pa, uint64_t size,
	     uint64_t attrs)
{
	uint64_t off, desc;
	uint64_t *pte;

	if (!range_ok(t, va, size) || (pa & (LPAE_PAGE_SIZE - 1)) ||
	    ((pa + size - 1) & ~(LPAE_OA_MASK | (LPAE_PAGE_SIZE - 1))))
		return -EINVAL;
	for (off = 0; off < size; off += LPAE_PAGE_SIZE) {
		pte = pte_of(t, va + off, true);
		if (!pte)
			return -ENOMEM;
		desc = ((pa + off) & LPAE_OA_MASK) | attrs | LPAE_TABLE |
		       LPAE_VALID;
		if (*pte & LPAE_VALID) {
			if (*pte != desc)
				return -EEXIST;
			continue;
		}
		*pte = desc;
		t->mm->clean(t->ctx, pte, sizeof(*pte));
	}
	return 0;
}

void lpae_unmap(struct lpae_table *t, uint64_t va, uint64_t size)
{
	uint64_t off;
	uint64_t *pte;

	if (!range_ok(t, va, size))
		return;
	for (off = 0; off < size; off += LPAE_PAGE_SIZE) {
		pte = pte_of(t, va + off, false);
		if (pte && (*pte & LPAE_VALID)) {
			*pte = 0;
			t->mm->clean(t->ctx, pte, sizeof(*pte));
		}
	}
}

uint64_t lpae_lookup(const struct lpae_table *t, uint64_t va)
{
	uint64_t *pte = pte_of((struct lpae_table *)t, va, false);

	return pte ? *pte : 0;
}

static void free_level(struct lpae_table *t, uint64_t *tbl, int level,
		       unsigned int n)
{
	unsigned int i;

	if (level < 3) {
		for (i = 0; i < n; i++)
			if ((tbl[i] & (LPAE_VALID | LPAE_TABLE)) ==
			    (LPAE_VALID | LPAE_TABLE))
				free_level(t,
					   t->mm->phys_to_virt(
						   t->ctx, tbl[i] & LPAE_OA_MASK),
					   level + 1, LPAE_ENTRIES);
	}
	t->mm->free_page(t->ctx, tbl);
}

void lpae_destroy(struct lpae_table *t)
{
	if (!t->root)
		return;
	free_level(t, t->root, 1, t->root_entries);
	t->root = NULL;
}
