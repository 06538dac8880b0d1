/* SPDX-License-Identifier: BSD-2-Clause */
/* GICv2 virtual interface control registers (GIC arch spec v2, 5.3). */
#ifndef VMM_ARM_GIC_HW_H
#define VMM_ARM_GIC_HW_H

#include "vmm/types.h"

#define GICH_HCR  0x000
#define GICH_VTR  0x004
#define GICH_VMCR 0x008
#define GICH_MISR 0x010
#define GICH_ELRSR0 0x030
#define GICH_APR  0x0f0
#define GICH_LR0  0x100

/* GICH_VTR: ListRegs [5:0] = LRs - 1, PRIbits [31:29] = bits - 1 */
static inline unsigned int gich_vtr_list_regs(uint32_t vtr)
{
	return (vtr & 0x3f) + 1;
}

static inline unsigned int gich_vtr_pri_bits(uint32_t vtr)
{
	return (vtr >> 29) + 1;
}

#endif
