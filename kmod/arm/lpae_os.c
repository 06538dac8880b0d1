// SPDX-License-Identifier: BSD-2-Clause
/* lpae_mm_ops over vmm/os.h: table pages from the host kernel. */
#include "vmm/os.h"
#include "lpae_os.h"

static void *os_alloc_pages(void *ctx, unsigned int order, uint64_t *pa)
{
	(void)ctx;
	return vmm_os_alloc_pages(order, pa);
}

static void os_free_pages(void *ctx, void *va, unsigned int order)
{
	(void)ctx;
	vmm_os_free_pages(va, order);
}

static void *os_phys_to_virt(void *ctx, uint64_t pa)
{
	(void)ctx;
	return vmm_os_phys_to_virt(pa);
}

static void os_clean(void *ctx, void *va, size_t len)
{
	(void)ctx;
	vmm_os_dcache_clean(va, len);
}

const struct lpae_mm_ops lpae_os_mm = {
	.alloc_pages = os_alloc_pages,
	.free_pages = os_free_pages,
	.phys_to_virt = os_phys_to_virt,
	.clean = os_clean,
};
