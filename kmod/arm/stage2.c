// SPDX-License-Identifier: BSD-2-Clause
/*
 * Stage-2 translation (ARM ARM B3.6.5, B4.1.159 VTCR): a 40-bit IPA space
 * starting at level 1 (1024 entries, two concatenated pages), 4 KiB pages
 * and 2 MiB blocks where guest memory is aligned and contiguous.
 */
#include "vmm/types.h"
#include "vmm/os.h"
#include "vmm/vm.h"
#include "vmm/arch.h"
#include "arm_vm.h"
#include "lpae_os.h"

#define S2_IPA_BITS	40
#define S2_ROOT_ENTRIES (1u << (S2_IPA_BITS - 30))

/* Stage-2 descriptor attributes, B3.6.2 */
#define S2_MEMATTR_NORMAL_WB (0xfull << 2) /* outer WB, inner WB */
#define S2_MEMATTR_DEVICE    (0x1ull << 2) /* Device (B3.6.2 MemAttr) */
#define S2_HAP_R	     (1ull << 6)
#define S2_HAP_W	     (1ull << 7)

uint64_t arm_s2_attrs(uint32_t flags)
{
	uint64_t a = LPAE_AF | LPAE_SH_INNER | S2_MEMATTR_NORMAL_WB | S2_HAP_R;

	if (flags & VM_MEMMAP_F_WRITE)
		a |= S2_HAP_W;
	if (!(flags & VM_MEMMAP_F_EXEC))
		a |= LPAE_XN;
	return a;
}

uint64_t vmm_arch_ipa_limit(void)
{
	return 1ull << S2_IPA_BITS;
}

int arm_s2_init(struct arm_vm *avm)
{
	int err = vmid_alloc(&avm->vmid);

	if (err)
		return err;
	err = lpae_init(&avm->s2, &lpae_os_mm, NULL, S2_ROOT_ENTRIES);
	if (err) {
		vmid_free(avm->vmid);
		return err;
	}
	avm->vttbr = avm->s2.root_pa | ((uint64_t)avm->vmid << 48);
	return 0;
}

void arm_s2_destroy(struct arm_vm *avm)
{
	/* No CPU may keep a translation to pages about to be freed. */
	arm_tlb_flush_vmid(avm->vttbr);
	lpae_destroy(&avm->s2);
	vmid_free(avm->vmid);
}

int vmm_arch_map(struct vm *vm, uint64_t gpa, struct vmm_os_mem *mem,
		 uint64_t off, uint64_t len, uint32_t flags)
{
	struct arm_vm *avm = vm->arch;
	uint64_t attrs = arm_s2_attrs(flags), done = 0, contig, pa, n;
	int err;

	while (done < len) {
		pa = vmm_os_mem_pa(mem, off + done, &contig);
		n = contig < len - done ? contig : len - done;
		err = lpae_map(&avm->s2, gpa + done, pa, n, attrs, true);
		if (err)
			return err;
		done += n;
	}
	return 0;
}

/* A host device's registers in the guest: device memory, never executed. */
int arm_s2_map_device(struct arm_vm *avm, uint64_t gpa, uint64_t pa,
		      uint64_t len)
{
	return lpae_map(&avm->s2, gpa, pa, len,
			LPAE_AF | S2_MEMATTR_DEVICE | S2_HAP_R | S2_HAP_W |
				LPAE_XN,
			false);
}

void vmm_arch_unmap(struct vm *vm, uint64_t gpa, uint64_t len)
{
	struct arm_vm *avm = vm->arch;

	lpae_unmap(&avm->s2, gpa, len);
	arm_tlb_flush_vmid(avm->vttbr);
}
