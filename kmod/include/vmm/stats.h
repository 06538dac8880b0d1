/* SPDX-License-Identifier: BSD-2-Clause */
/* Per-vCPU counters (VM_STATS / bhyvectl --get-stats). */
#ifndef VMM_STATS_H
#define VMM_STATS_H

enum vmm_stat {
	VMEXIT_COUNT,
	VMEXIT_IRQ,
	VMEXIT_HVC,
	VMEXIT_SMC,
	VMEXIT_WFI,
	VMEXIT_MMIO,
	VMEXIT_MMIO_INSN_DECODED,
	VMEXIT_MMIO_KERNEL,
	VMEXIT_CP15,
	VMEXIT_CP14,
	VMEXIT_UNDEF_INJECTED,
	VMEXIT_PABT_INJECTED,
	VMEXIT_DABT_INJECTED,
	VMEXIT_USERSPACE,
	VMM_STAT_NR
};

extern const char *const vmm_stat_desc[VMM_STAT_NR];

#endif
