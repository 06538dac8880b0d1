// SPDX-License-Identifier: BSD-2-Clause
/*
 * The per-VM registry of in-kernel emulated MMIO regions. It is filled
 * while the VM is built and never changes afterwards, so the exit path
 * reads it without a lock; a sorted array keeps the lookup O(log n).
 */
#include "vmm/types.h"
#include "vmm/vm.h"

int vm_register_mmio(struct vm *vm, const struct vm_mmio_region *r)
{
	unsigned int i, pos;

	if (!r->len || r->gpa + r->len < r->gpa || !r->read || !r->write)
		return -EINVAL;
	if (vm->nmmio == VM_MAX_MMIO_REGIONS)
		return -ENOSPC;
	for (pos = 0; pos < vm->nmmio && vm->mmio[pos].gpa < r->gpa; pos++)
		;
	if ((pos > 0 && vm->mmio[pos - 1].gpa + vm->mmio[pos - 1].len >
				r->gpa) ||
	    (pos < vm->nmmio && r->gpa + r->len > vm->mmio[pos].gpa))
		return -EEXIST;
	for (i = vm->nmmio; i > pos; i--)
		vm->mmio[i] = vm->mmio[i - 1];
	vm->mmio[pos] = *r;
	vm->nmmio++;
	return 0;
}

const struct vm_mmio_region *vm_find_mmio(const struct vm *vm, uint64_t gpa,
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
