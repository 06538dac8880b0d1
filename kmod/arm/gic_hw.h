/* SPDX-License-Identifier: BSD-2-Clause */
/* GICv2 virtual interface control registers (GIC arch spec v2, 5.3). */
#ifndef VMM_ARM_GIC_HW_H
#define VMM_ARM_GIC_HW_H

#include "vmm/types.h"

#define GICH_HCR  0x000
#define GICH_VTR  0x004
#define GICH_VMCR 0x008
#define GICH_MISR 0x010
#define GICH_EISR0 0x020
#define GICH_EISR1 0x024
#define GICH_ELRSR0 0x030
#define GICH_ELRSR1 0x034
#define GICH_APR  0x0f0
#define GICH_LR0  0x100
#define GICH_MAP_SIZE 0x200 /* through GICH_LR63 */

/* Registers of the hardware GIC; the compiler may not merge or reorder. */
static inline uint32_t gic_read(const void *base, uint32_t off)
{
	return *(const volatile uint32_t *)((const char *)base + off);
}

static inline void gic_write(void *base, uint32_t off, uint32_t val)
{
	*(volatile uint32_t *)((char *)base + off) = val;
}

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
