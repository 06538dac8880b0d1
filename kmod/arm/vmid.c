// SPDX-License-Identifier: BSD-2-Clause
/*
 * VMIDs (8 bits, B4.1.160 VTTBR) handed out round-robin: the allocator
 * rolls over past 255 and reuses a freed VMID as late as possible. A VM's
 * TLB entries are flushed when it is destroyed (arm_s2_destroy), so a
 * reused VMID never finds stale translations. VMID 0 tags the host.
 *
 * A VM holds its VMID from creation until its last user is gone, so the
 * VMIDs bound how many VMs exist at once: vmm_arch_max_vms(), 255.
 *
 * Creations are serialized by the glue, but a VM's last user may go (and
 * free its VMID) at any time: the map's words change by atomic
 * read-modify-writes, or a free racing an allocation in the same word
 * could lose either bit (a leaked VMID, or one handed out twice).
 */
#include "vmm/types.h"
#include "vmm/arch.h"
#include "arm_vm.h"

#define VMID_COUNT 256 /* VMID 0 is the host's */

static uint32_t vmid_map[VMID_COUNT / 32];
static uint32_t vmid_next = 1; /* a hint: a race only changes the order */

unsigned int vmm_arch_max_vms(void)
{
	return VMID_COUNT - 1;
}

int vmid_alloc(uint32_t *vmid)
{
	unsigned int i, v;
	uint32_t bit, old;

	for (i = 0; i < VMID_COUNT - 1; i++) {
		v = __atomic_load_n(&vmid_next, __ATOMIC_RELAXED);
		__atomic_store_n(&vmid_next, v == VMID_COUNT - 1 ? 1 : v + 1,
				 __ATOMIC_RELAXED);
		bit = 1u << (v % 32);
		old = __atomic_fetch_or(&vmid_map[v / 32], bit,
					__ATOMIC_ACQ_REL);
		if (!(old & bit)) {
			*vmid = v;
			return 0;
		}
	}
	return -ENOSPC;
}

void vmid_free(uint32_t vmid)
{
	if (vmid && vmid < VMID_COUNT)
		__atomic_fetch_and(&vmid_map[vmid / 32], ~(1u << (vmid % 32)),
				   __ATOMIC_RELEASE);
}
