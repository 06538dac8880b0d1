// SPDX-License-Identifier: BSD-2-Clause
/*
 * VMIDs (8 bits, B4.1.160 VTTBR) handed out round-robin: the allocator
 * rolls over past 255 and reuses a freed VMID as late as possible. A VM's
 * TLB entries are flushed when it is destroyed (arm_s2_destroy), so a
 * reused VMID never finds stale translations. VMID 0 tags the host.
 */
#include "vmm/types.h"
#include "arm_vm.h"

#define VMID_COUNT 256 /* VMID 0 is the host's */

static uint32_t vmid_map[VMID_COUNT / 32];
static uint32_t vmid_next = 1;

int vmid_alloc(uint32_t *vmid)
{
	unsigned int i, v;

	for (i = 0; i < VMID_COUNT - 1; i++) {
		v = vmid_next;
		vmid_next = vmid_next == VMID_COUNT - 1 ? 1 : vmid_next + 1;
		if (!(vmid_map[v / 32] & (1u << (v % 32)))) {
			vmid_map[v / 32] |= 1u << (v % 32);
			*vmid = v;
			return 0;
		}
	}
	return -ENOSPC;
}

void vmid_free(uint32_t vmid)
{
	if (vmid && vmid < VMID_COUNT)
		vmid_map[vmid / 32] &= ~(1u << (vmid % 32));
}

