/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ARMv7 architectural constants the highvisor and the lowvisor share: the
 * Hyp Syndrome Register (exception classes and the data abort's ISS), the
 * HYP trap and configuration registers, PSR modes and bits. Included by C
 * and by assembly (hyp-*.S), so only plain constants outside the C-only
 * part: ARM_BIT() and ARM_U() give unsigned constants in C, plain ones in
 * assembly, where a 'u' suffix does not parse.
 */
#ifndef VMM_ARM_ARCH_H
#define VMM_ARM_ARCH_H

#ifdef __ASSEMBLER__
#define ARM_U(x) x
#else
#define ARM_U(x) x##u
#endif
#define ARM_BIT(n) (ARM_U(1) << (n))

/* ---- HSR, B3.13.6 ------------------------------------------------------- */
#define HSR_EC_SHIFT	26
#define HSR_IL		ARM_BIT(25) /* a 32-bit instruction */
#define HSR_ISS_MASK	ARM_U(0x1ffffff)

/* Exception classes (HSR.EC, table B3-27) */
#define HSR_EC_UNKNOWN	  0x00
#define HSR_EC_WFX	  0x01 /* WFI or WFE (ISS bit 0: WFE) */
#define HSR_EC_CP15_32	  0x03 /* MCR/MRC */
#define HSR_EC_CP15_64	  0x04 /* MCRR/MRRC */
#define HSR_EC_CP14_32	  0x05
#define HSR_EC_CP14_LS	  0x06 /* LDC/STC */
#define HSR_EC_HCPTR	  0x07 /* VFP/SIMD access trapped by HCPTR */
#define HSR_EC_VMRS_ID	  0x08 /* VMRS of an ID register (HCR.TID3) */
#define HSR_EC_CP14_64	  0x0c
#define HSR_EC_HVC	  0x12
#define HSR_EC_SMC	  0x13
#define HSR_EC_PABT_LOWER 0x20 /* prefetch abort from a lower mode */
#define HSR_EC_DABT_LOWER 0x24 /* data abort from a lower mode */
#define HSR_EC_NR	  0x40

/* ISS of a trapped conditional instruction (B3.13.6) */
#define HSR_ISS_CV	   ARM_BIT(24) /* COND is valid */
#define HSR_ISS_COND_SHIFT 20
#define HSR_ISS_COND_MASK  0xf
#define HSR_ISS_WFE	   ARM_BIT(0)

/* ISS of a data abort (B3.13.6) */
#define DABT_ISS_ISV	      ARM_BIT(24) /* the rest of the syndrome is valid */
#define DABT_ISS_SAS_SHIFT    22	    /* access size: 1 << SAS bytes */
#define DABT_ISS_SAS_MASK     ARM_U(3)
#define DABT_ISS_SAS_RESERVED ARM_U(3)
#define DABT_ISS_SSE	      ARM_BIT(21) /* sign-extending load */
#define DABT_ISS_SRT_SHIFT    16	    /* transfer register */
#define DABT_ISS_SRT_MASK     ARM_U(0xf)
#define DABT_ISS_EA	      ARM_BIT(9)
#define DABT_ISS_CM	      ARM_BIT(8) /* cache maintenance, address translation */
#define DABT_ISS_S1PTW	      ARM_BIT(7) /* on the guest's stage-1 walk */
#define DABT_ISS_WNR	      ARM_BIT(6) /* a write */
#define DABT_ISS_DFSC_MASK    ARM_U(0x3f)
/* DFSC without its level: a translation fault (long-descriptor, B3.13.5) */
#define DABT_ISS_FSC_TYPE_MASK ARM_U(0x3c)
#define DABT_ISS_FSC_TRANS     ARM_U(0x04)

/* HPFAR: IPA[39:12] in bits [31:4] */
#define HPFAR_FIPA_SHIFT 4

/* ---- HYP trap and configuration registers -------------------------------- */
/* HCR, B4.1.65 */
#define HCR_VM	   ARM_BIT(0)  /* stage 2 on: a guest runs */
#define HCR_SWIO   ARM_BIT(1)  /* set/way invalidate is clean+invalidate */
#define HCR_FMO	   ARM_BIT(3)  /* physical FIQ to HYP */
#define HCR_IMO	   ARM_BIT(4)  /* physical IRQ to HYP */
#define HCR_FB	   ARM_BIT(9)  /* broadcast TLB/branch predictor maintenance */
#define HCR_BSU_IS ARM_BIT(10) /* barriers: inner shareable */
#define HCR_TWI	   ARM_BIT(13)
#define HCR_TWE	   ARM_BIT(14)
#define HCR_TID3   ARM_BIT(18) /* ID group 3 */
#define HCR_TSC	   ARM_BIT(19) /* smc */
#define HCR_TIDCP  ARM_BIT(20) /* implementation-defined CP15 */
#define HCR_TAC	   ARM_BIT(21) /* ACTLR */
#define HCR_TSW	   ARM_BIT(22) /* set/way cache maintenance */

/* HCPTR */
#define HCPTR_TCP10 ARM_BIT(10)
#define HCPTR_TCP11 ARM_BIT(11)
#define HCPTR_TASE  ARM_BIT(15)
/* what the lazy VFP/SIMD switch traps (hyp_guest_vfp) */
#define HCPTR_VFP_TRAPS (HCPTR_TCP10 | HCPTR_TCP11 | HCPTR_TASE)

/* HSTR: one bit per primary CP15 register c<n> */
#define HSTR_T(n) ARM_BIT(n)

/* HDCR */
#define HDCR_TPMCR ARM_BIT(5)
#define HDCR_TPM   ARM_BIT(6)
#define HDCR_TDA   ARM_BIT(9)
#define HDCR_TDOSA ARM_BIT(10)
#define HDCR_TDRA  ARM_BIT(11)

/* VTCR */
#define VTCR_RES1	 ARM_BIT(31)
#define VTCR_T0SZ(n)	 ((n) & 0xf) /* signed 4-bit, S repeats bit 3 */
#define VTCR_S		 ARM_BIT(4)
#define VTCR_SL0(n)	 ((n) << 6)
#define VTCR_IRGN0_WBWA	 (ARM_U(1) << 8)
#define VTCR_ORGN0_WBWA	 (ARM_U(1) << 10)
#define VTCR_SH0_INNER	 (ARM_U(3) << 12)

/* CNTHCTL */
#define CNTHCTL_PL1PCTEN ARM_BIT(0)
#define CNTHCTL_PL1PCEN	 ARM_BIT(1)

/* FPEXC */
#define FPEXC_EN ARM_BIT(30)

/* ---- PSR, B1.3.3 ------------------------------------------------------- */
#define PSR_MODE_MASK 0x1f
#define PSR_MODE_USR  0x10
#define PSR_MODE_FIQ  0x11
#define PSR_MODE_IRQ  0x12
#define PSR_MODE_SVC  0x13
#define PSR_MODE_ABT  0x17
#define PSR_MODE_HYP  0x1a
#define PSR_MODE_UND  0x1b
#define PSR_MODE_SYS  0x1f
#define PSR_T	      ARM_BIT(5)
#define PSR_F	      ARM_BIT(6)
#define PSR_I	      ARM_BIT(7)
#define PSR_A	      ARM_BIT(8)
#define PSR_E	      ARM_BIT(9)
#define PSR_IT_HI     ARM_U(0xfc00)	/* IT[7:2] */
#define PSR_IT_LO     ARM_U(0x06000000) /* IT[1:0] */
#define PSR_IT_MASK   (PSR_IT_HI | PSR_IT_LO)
#define PSR_J	      ARM_BIT(24)

#ifndef __ASSEMBLER__
#define HSR_EC(hsr)  ((hsr) >> HSR_EC_SHIFT)
#define HSR_ISS(hsr) ((hsr) & HSR_ISS_MASK)
#define DABT_ISS_SRT(hsr) (((hsr) >> DABT_ISS_SRT_SHIFT) & DABT_ISS_SRT_MASK)
#define DABT_ISS_SAS(hsr) (((hsr) >> DABT_ISS_SAS_SHIFT) & DABT_ISS_SAS_MASK)

_Static_assert(PSR_IT_MASK == 0x0600fc00u, "IT[7:0] in CPSR");
_Static_assert(HCPTR_VFP_TRAPS == 0x8c00u, "TCP10, TCP11, TASE");
#endif

#endif /* VMM_ARM_ARCH_H */
