/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The GICv2 register map (ARM IHI 0048B 4.1.2 Table 4-1, 4.1.3 Table 4-2),
 * one copy for everything that speaks to a GIC: the module's emulated
 * distributor and the bare-metal test guests.
 */
#ifndef HW_GICV2_H
#define HW_GICV2_H

/* Distributor */
#define GICD_CTLR	0x000
#define GICD_TYPER	0x004
#define GICD_IIDR	0x008
#define GICD_IGROUPR	0x080
#define GICD_ISENABLER	0x100
#define GICD_ICENABLER	0x180
#define GICD_ISPENDR	0x200
#define GICD_ICPENDR	0x280
#define GICD_ISACTIVER	0x300
#define GICD_ICACTIVER	0x380
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR	0x800
#define GICD_ICFGR	0xc00
#define GICD_SGIR	0xf00
#define GICD_CPENDSGIR	0xf10
#define GICD_SPENDSGIR	0xf20
#define GICD_PIDR4	0xfd0

/* GICD_SGIR (4.3.15): TargetListFilter */
#define GICD_SGIR_FILTER_SHIFT 24

/* CPU interface (also the layout of the virtual one, GICV) */
#define GICC_CTLR	0x000
#define GICC_PMR	0x004
#define GICC_BPR	0x008
#define GICC_IAR	0x00c
#define GICC_EOIR	0x010
#define GICC_RPR	0x014
#define GICC_HPPIR	0x018
#define GICC_APR	0x0d0
#define GICC_IIDR	0x0fc
#define GICC_DIR	0x1000

#endif /* HW_GICV2_H */
