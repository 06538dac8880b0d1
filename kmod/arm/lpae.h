/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ARMv7 Long-descriptor (LPAE) translation tables, 4 KiB granule: used for
 * the lowvisor's own HYP tables (stage 1) and, later, guests' Stage-2 tables.
 * Plain C over an allocator interface, so it also runs in native unit tests.
 * ARM ARM B3.6 (Long-descriptor translation table format).
 */
#ifndef VMM_ARM_LPAE_H
#define VMM_ARM_LPAE_H

#include "vmm/types.h"

#define LPAE_PAGE_SHIFT 12
#define LPAE_PAGE_SIZE	(1u << LPAE_PAGE_SHIFT)
#define LPAE_ENTRIES	512

/* Descriptor bits, B3.6.1-B3.6.2 */
#define LPAE_VALID	   (1ull << 0)
#define LPAE_TABLE	   (1ull << 1) /* at levels 1-2; "page" at level 3 */
#define LPAE_ATTRIDX(n)	   ((uint64_t)(n) << 2) /* stage 1: (H)MAIR index */
#define LPAE_AP_RO	   (1ull << 7) /* AP[2] */
#define LPAE_AP_SBO	   (1ull << 6) /* AP[1]: should-be-one in HYP */
#define LPAE_SH_INNER	   (3ull << 8)
#define LPAE_AF		   (1ull << 10)
#define LPAE_XN		   (1ull << 54)
#define LPAE_OA_MASK	   0x000000fffffff000ull /* bits 39:12 */

/* Memory the table code needs; pa is a physical (output) address. */
struct lpae_mm_ops {
	/* 2^order zeroed pages aligned to their size, or NULL; *pa = address */
	void *(*alloc_pages)(void *ctx, unsigned int order, uint64_t *pa);
	void (*free_pages)(void *ctx, void *va, unsigned int order);
	void *(*phys_to_virt)(void *ctx, uint64_t pa);
	/* make table writes visible to a walker that may not snoop caches */
	void (*clean)(void *ctx, void *va, size_t len);
};

struct lpae_table {
	const struct lpae_mm_ops *mm;
	void *ctx;
	uint64_t *root; /* first-level table */
	uint64_t root_pa;
	unsigned int root_entries; /* 4 for a 32-bit input range */
	unsigned int root_order; /* pages of the root table, log2 */
};

#define LPAE_BLOCK_SIZE (1ull << 21) /* a level-2 block */

int lpae_init(struct lpae_table *t, const struct lpae_mm_ops *mm, void *ctx,
	      unsigned int root_entries);
/* Frees every table page (not the mapped memory). */
void lpae_destroy(struct lpae_table *t);
/*
 * Maps [va, va + size) to the physically contiguous [pa, pa + size) with
 * attrs (the attribute bits of a page/block descriptor). All three must be
 * page aligned. With blocks, 2 MiB-aligned stretches become level-2 block
 * entries (fewer TLB entries). A valid entry is -EEXIST unless it already
 * holds exactly the same mapping.
 */
int lpae_map(struct lpae_table *t, uint64_t va, uint64_t pa, uint64_t size,
	     uint64_t attrs, bool blocks);
/* Clears pages and whole blocks in the range; the caller flushes TLBs. */
void lpae_unmap(struct lpae_table *t, uint64_t va, uint64_t size);
/* The page or block descriptor that maps va, or 0; *level = its level. */
uint64_t lpae_lookup(const struct lpae_table *t, uint64_t va, int *level);

#endif /* VMM_ARM_LPAE_H */
