// SPDX-License-Identifier: BSD-2-Clause
/* The in-kernel MMIO region registry (kmod/core/vm_mmio.c). */
#include <stdlib.h>

#include "unit.h"
#include "vmm/vm.h"

static uint64_t rd(struct vcpu *v, uint64_t off, unsigned int size, void *arg)
{
	(void)v;
	(void)size;
	return off + (uintptr_t)arg;
}

static void wr(struct vcpu *v, uint64_t off, unsigned int size, uint64_t val,
	       void *arg)
{
	(void)v;
	(void)off;
	(void)size;
	(void)val;
	(void)arg;
}

static int add(struct vm *vm, uint64_t gpa, uint64_t len)
{
	struct vm_mmio_region r = {
		.gpa = gpa, .len = len, .read = rd, .write = wr,
		.arg = (void *)(uintptr_t)gpa,
	};

	return vm_register_mmio(vm, &r);
}

TEST(regions_sorted_and_found)
{
	struct vm *vm = calloc(1, sizeof(*vm));

	ASSERT_TRUE(vm != NULL);
	EXPECT_EQ(add(vm, 0x08000000, 0x10000), 0);
	EXPECT_EQ(add(vm, 0x0a000000, 0x200), 0);
	EXPECT_EQ(add(vm, 0x04000000, 0x1000), 0);
	EXPECT_EQ(vm->nmmio, 3);
	EXPECT_EQ(vm->mmio[0].gpa, 0x04000000);
	EXPECT_EQ(vm->mmio[1].gpa, 0x08000000);
	EXPECT_EQ(vm->mmio[2].gpa, 0x0a000000);
	EXPECT_TRUE(vm_find_mmio(vm, 0x08000000, 4) == &vm->mmio[1]);
	EXPECT_TRUE(vm_find_mmio(vm, 0x0800fffc, 4) == &vm->mmio[1]);
	EXPECT_TRUE(vm_find_mmio(vm, 0x0a0001ff, 1) == &vm->mmio[2]);
	EXPECT_TRUE(vm_find_mmio(vm, 0x04000000, 8) == &vm->mmio[0]);
	free(vm);
}

TEST(misses_and_straddles)
{
	struct vm *vm = calloc(1, sizeof(*vm));

	ASSERT_TRUE(vm != NULL);
	EXPECT_TRUE(vm_find_mmio(vm, 0, 4) == NULL); /* empty */
	EXPECT_EQ(add(vm, 0x08000000, 0x10000), 0);
	EXPECT_TRUE(vm_find_mmio(vm, 0x07fffffc, 4) == NULL);
	EXPECT_TRUE(vm_find_mmio(vm, 0x08010000, 4) == NULL);
	/* an access running past the end is not the region's */
	EXPECT_TRUE(vm_find_mmio(vm, 0x0800fffe, 4) == NULL);
	EXPECT_TRUE(vm_find_mmio(vm, 0x0800fffc, 8) == NULL);
	EXPECT_TRUE(vm_find_mmio(vm, 0xfffffffffffffff0ull, 8) == NULL);
	free(vm);
}

TEST(overlaps_and_bad_regions_refused)
{
	struct vm *vm = calloc(1, sizeof(*vm));
	struct vm_mmio_region r = { .gpa = 0x1000, .len = 0x1000 };
	unsigned int i;

	ASSERT_TRUE(vm != NULL);
	EXPECT_EQ(add(vm, 0x08000000, 0x10000), 0);
	EXPECT_EQ(add(vm, 0x0800f000, 0x2000), -EEXIST);
	EXPECT_EQ(add(vm, 0x07fff000, 0x2000), -EEXIST);
	EXPECT_EQ(add(vm, 0x07ff0000, 0x30000), -EEXIST);
	EXPECT_EQ(add(vm, 0x08001000, 0x10), -EEXIST);
	EXPECT_EQ(add(vm, 0x1000, 0), -EINVAL);
	EXPECT_EQ(add(vm, 0xfffffffffffff000ull, 0x2000), -EINVAL);
	EXPECT_EQ(vm_register_mmio(vm, &r), -EINVAL); /* no handlers */
	/* touching ends are fine */
	EXPECT_EQ(add(vm, 0x07ff0000, 0x10000), 0);
	EXPECT_EQ(add(vm, 0x08010000, 0x10000), 0);
	for (i = vm->nmmio; i < VM_MAX_MMIO_REGIONS; i++)
		EXPECT_EQ(add(vm, 0x10000000 + 0x1000ull * i, 0x1000), 0);
	EXPECT_EQ(add(vm, 0x20000000, 0x1000), -ENOSPC);
	for (i = 1; i < vm->nmmio; i++)
		EXPECT_TRUE(vm->mmio[i - 1].gpa + vm->mmio[i - 1].len <=
			    vm->mmio[i].gpa);
	free(vm);
}

static int zone(struct vm *vm, uint64_t gpa, uint64_t len)
{
	struct vm_coalesced_zone z = { .gpa = gpa, .len = len };

	return vm_register_coalesced(vm, &z);
}

/*
 * A device placed after guest RAM (the vGIC, by VM_ATTACH_VGIC) may not
 * land on RAM or on a zone whose stores are posted: the exit path relies
 * on the three never overlapping.
 */
TEST(regions_never_on_ram_or_zones)
{
	struct vm *vm = calloc(1, sizeof(*vm));

	ASSERT_TRUE(vm != NULL);
	vm->memmaps[3].gpa = 0x40000000;
	vm->memmaps[3].len = 0x100000;
	EXPECT_EQ(zone(vm, 0x0b000000, 0x100), 0);
	EXPECT_TRUE(vm_gpa_busy(vm, 0x400ff000, 0x1000));
	EXPECT_TRUE(vm_gpa_busy(vm, 0x0b0000ff, 1));
	EXPECT_FALSE(vm_gpa_busy(vm, 0x40100000, 0x1000));
	EXPECT_FALSE(vm_gpa_busy(vm, 0x0b000100, 0x1000));
	EXPECT_EQ(add(vm, 0x3ffff000, 0x2000), -EEXIST);
	EXPECT_EQ(add(vm, 0x0b000000, 0x1000), -EEXIST);
	EXPECT_EQ(add(vm, 0x08000000, 0x10000), 0);
	EXPECT_TRUE(vm_gpa_busy(vm, 0x0800f000, 0x4000));
	EXPECT_EQ(vm->nmmio, 1);
	free(vm);
}

/* Coalesced MMIO: zones, whole-access matching, the ring, its limit. */
TEST(coalesced_writes_posted_in_order)
{
	struct vm *vm = calloc(1, sizeof(*vm));
	struct vm_run_page *page = calloc(1, sizeof(*page));
	struct vcpu *v;
	unsigned int i;

	ASSERT_TRUE(vm != NULL && page != NULL);
	v = &vm->vcpu[0];
	v->vm = vm;
	v->run = page;
	v->ncoalesced = &v->ncoalesced_own;
	EXPECT_EQ(add(vm, 0x08000000, 0x10000), 0);
	EXPECT_EQ(zone(vm, 0x0b000000, 0x100), 0);
	EXPECT_EQ(zone(vm, 0x08000000, 0x4), -EEXIST); /* the vGIC's */
	EXPECT_EQ(zone(vm, 0x0c000000, 0), -EINVAL);
	EXPECT_EQ(zone(vm, 0xfffffffffffffff0ull, 0x20), -EINVAL);
	EXPECT_FALSE(vm_coalesce_write(v, 0x0b000100, 4, 1)); /* past it */
	EXPECT_FALSE(vm_coalesce_write(v, 0x0b0000fe, 4, 1)); /* straddles */
	EXPECT_FALSE(vm_coalesce_write(v, 0x0affffff, 1, 1));
	EXPECT_TRUE(vm_coalesce_write(v, 0x0b0000fc, 4, 0xaabbccdd));
	EXPECT_TRUE(vm_coalesce_write(v, 0x0b000000, 1, 0x11));
	EXPECT_EQ(page->ncoalesced, 2u);
	EXPECT_EQ(page->coalesced[0].gpa, 0x0b0000fcull);
	EXPECT_EQ(page->coalesced[0].data, 0xaabbccddull);
	EXPECT_EQ(page->coalesced[0].size, 4u);
	EXPECT_EQ(page->coalesced[1].gpa, 0x0b000000ull);
	EXPECT_TRUE(vcpu_coalesced_pending(v));
	for (i = 2; i < VM_COALESCED_RING; i++)
		EXPECT_TRUE(vm_coalesce_write(v, 0x0b000000 + i % 0x100, 1, i));
	/* full: the next store is an ordinary exit */
	EXPECT_FALSE(vm_coalesce_write(v, 0x0b000000, 1, 0));
	EXPECT_EQ(page->ncoalesced, (uint32_t)VM_COALESCED_RING);
	for (i = vm->ncoalesced_zones; i < VM_COALESCED_ZONES_MAX; i++)
		EXPECT_EQ(zone(vm, 0x10000000 + 0x1000ull * i, 0x10), 0);
	EXPECT_EQ(zone(vm, 0x20000000, 0x10), -ENOSPC);
	free(page);
	free(vm);
}
UNIT_MAIN();
