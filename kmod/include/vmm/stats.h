/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Per-vCPU counters (VM_STATS / bhyvectl --get-stats): the core's, which
 * every architecture has, then the backend's own from VMM_STAT_ARCH_BASE
 * (vmm/arch.h: vmm_arch_nstats, vmm_arch_stat_desc).
 */
#ifndef VMM_STATS_H
#define VMM_STATS_H

enum vmm_stat {
	VMEXIT_COUNT,
	VMEXIT_USERSPACE,
	VMEXIT_MMIO, /* to userspace */
	VMEXIT_MMIO_KERNEL,
	VMEXIT_MMIO_COALESCED,
	VMM_STAT_IRQ_INJECTED,
	VMM_STAT_WFI_SLEPT,
	VMM_STAT_HALT_POLL_SUCCESS, /* vmm/halt_poll.h */
	VMM_STAT_HALT_POLL_FAIL,
	VMM_STAT_HALT_POLL_NS,
	VMM_STAT_ARCH_BASE
};

/* Room for both parts in a vCPU and in struct vm_stats. */
#define VMM_STAT_MAX VM_STATS_MAX

extern const char *const vmm_stat_desc[VMM_STAT_ARCH_BASE];

#endif
