// SPDX-License-Identifier: BSD-2-Clause
/*
 * The per-VM registry of in-kernel emulated MMIO regions. It is filled
 * while the VM is built and never changes afterwards, so the exit path
 * reads it without a lock; a sorted array keeps the lookup O(log n).
 * Also the coalesced MMIO zones and the per-vCPU ring of posted writes
 * (include/uapi/vmm_dev.h).
 */
#include "vmm/types.h"
#include "vmm/vm.h"

static bool overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

bool vm_gpa_busy(const struct vm *vm, uint64_t gpa, uint64_t len)
{
	unsigned int i;

	for (i = 0; i < VM_MAX_MEMMAPS; i++)
		if (vm->memmaps[i].len && overlap(vm->memmaps[i].gpa,
						  vm->memmaps[i].len, gpa, len))
			return true;
	for (i = 0; i < vm->nmmio; i++)
		if (overlap(vm->mmio[i].gpa, vm->mmio[i].len, gpa, len))
			return true;
	for (i = 0; i < vm->ncoalesced_zones; i++)
		if (overlap(vm->coalesced[i].gpa, vm->coalesced[i].len, gpa,
			    len))
			return true;
	return false;
}

int vm_register_mmio(struct vm *vm, const struct vm_mmio_region *r)
{
	unsigned int i, pos;

	if (!r->len || r->gpa + r->len < r->gpa || !r->read || !r->write)
		return -EINVAL;
	if (vm->nmmio == VM_MAX_MMIO_REGIONS)
		return -ENOSPC;
	/* not RAM, not another device, not a zone whose stores are posted */
	if (vm_gpa_busy(vm, r->gpa, r->len))
		return -EEXIST;
	for (pos = 0; pos < vm->nmmio && vm->mmio[pos].gpa < r->gpa; pos++)
		;
	for (i = vm->nmmio; i > pos; i--)
		vm->mmio[i] = vm->mmio[i - 1];
	vm->mmio[pos] = *r;
	vm->nmmio++;
	return 0;
}

const struct vm_mmio_region *vm_mmio_search(const struct vm *vm, uint64_t gpa,
					    unsigned int size)
{
	unsigned int lo = 0, hi = vm->nmmio, mid;
	const struct vm_mmio_region *r;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		r = &vm->mmio[mid];
		if (gpa < r->gpa) {
			hi = mid;
		} else if (gpa - r->gpa >= r->len) {
			lo = mid + 1;
		} else {
			/* an access straddling the end is not the device's */
			return size <= r->len - (gpa - r->gpa) ? r : NULL;
		}
	}
	return NULL;
}

int vm_register_coalesced(struct vm *vm, struct vm_coalesced_zone *z)
{
	uint32_t n = vm->ncoalesced_zones, i;

	if (!z->len || z->gpa + z->len < z->gpa)
		return -EINVAL;
	/* the in-kernel devices keep their registers (the vGIC's) */
	for (i = 0; i < vm->nmmio; i++)
		if (overlap(vm->mmio[i].gpa, vm->mmio[i].len, z->gpa, z->len))
			return -EEXIST;
	if (n == VM_COALESCED_ZONES_MAX)
		return -ENOSPC;
	vm->coalesced[n] = *z;
	/* the exit path reads the zone only once it is counted */
	__atomic_store_n(&vm->ncoalesced_zones, n + 1, __ATOMIC_RELEASE);
	return 0;
}

bool vm_coalesce_write(struct vcpu *vcpu, uint64_t gpa, unsigned int size,
		       uint64_t data)
{
	const struct vm *vm = vcpu->vm;
	uint32_t i, n = __atomic_load_n(&vm->ncoalesced_zones,
					__ATOMIC_ACQUIRE);
	struct vm_coalesced_write *w;

	for (i = 0; i < n; i++)
		if (gpa >= vm->coalesced[i].gpa &&
		    gpa - vm->coalesced[i].gpa < vm->coalesced[i].len &&
		    size <= vm->coalesced[i].len - (gpa - vm->coalesced[i].gpa))
			break;
	if (i == n || *vcpu->ncoalesced >= VM_COALESCED_RING)
		return false;
	/* the count is the module's own; the page only mirrors it */
	w = &vcpu->run->coalesced[*vcpu->ncoalesced];
	w->gpa = gpa;
	w->data = data;
	w->size = size;
	w->pad = 0;
	vcpu->run->ncoalesced = ++*vcpu->ncoalesced;
	return true;
}
