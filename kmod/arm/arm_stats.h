/* SPDX-License-Identifier: BSD-2-Clause */
/* The ARM backend's per-vCPU counters, after the core's (vmm/stats.h). */
#ifndef VMM_ARM_STATS_H
#define VMM_ARM_STATS_H

#include "vmm/stats.h"

enum arm_stat {
	ARM_STAT_EXIT_IRQ = VMM_STAT_ARCH_BASE,
	ARM_STAT_HVC,
	ARM_STAT_SMC,
	ARM_STAT_WFI,
	ARM_STAT_MMIO_DECODED,
	ARM_STAT_CP15,
	ARM_STAT_CP14,
	ARM_STAT_UNDEF_INJECTED,
	ARM_STAT_PABT_INJECTED,
	ARM_STAT_DABT_INJECTED,
	ARM_STAT_HOST_SAVED,
	ARM_STAT_END
};

#endif
