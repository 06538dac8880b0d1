/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ARMv7 half of the ioctl ABI (uapi/vmm_dev.h includes it): what the
 * host's GIC and HYP mode offer, the guest's registers, the syndrome of a
 * trap the module hands to userspace, and where the board puts its GIC.
 * Only vmm_u32/vmm_u64 (defined by vmm_dev.h before it includes this).
 */
#ifndef VMM_UAPI_ARM_VMM_DEV_ARCH_H
#define VMM_UAPI_ARM_VMM_DEV_ARCH_H

/* The host's GICv2 virtualization support, from its device tree. */
struct vmm_arch_caps {
	vmm_u32 gic_version; /* 2 */
	vmm_u32 gic_lrs; /* list registers (GICH_VTR.ListRegs + 1) */
	vmm_u32 gic_pri_bits; /* GICH_VTR.PRIbits + 1 */
	vmm_u32 maint_intid; /* maintenance interrupt (GIC INTID) */
	vmm_u32 vtimer_intid; /* the host's virtual timer PPI (GIC INTID) */
	vmm_u32 vmid_bits;
	vmm_u64 gich_base, gich_size;
	vmm_u64 gicv_base, gicv_size;
	char gic_compatible[32];
};

/* What HYP mode answers a ping with (VMMCTL_HYP_PING). */
struct vmm_arch_hyp_cpu {
	vmm_u32 mode; /* CPSR.M seen in HYP (0x1a) */
	vmm_u32 hsctlr;
	vmm_u32 hvbar;
};

/* Register ids for VM_GET_REGISTER / VM_SET_REGISTER. */
enum vm_reg_name {
	VM_REG_GUEST_R0 = 0, /* .. R12 = 12 */
	VM_REG_GUEST_SP = 13, /* the current mode's SP */
	VM_REG_GUEST_LR = 14, /* the current mode's LR */
	VM_REG_GUEST_PC = 15,
	VM_REG_GUEST_CPSR = 16,
	VM_REG_GUEST_SP_USR, VM_REG_GUEST_LR_USR,
	VM_REG_GUEST_SP_SVC, VM_REG_GUEST_LR_SVC, VM_REG_GUEST_SPSR_SVC,
	VM_REG_GUEST_SP_ABT, VM_REG_GUEST_LR_ABT, VM_REG_GUEST_SPSR_ABT,
	VM_REG_GUEST_SP_UND, VM_REG_GUEST_LR_UND, VM_REG_GUEST_SPSR_UND,
	VM_REG_GUEST_SP_IRQ, VM_REG_GUEST_LR_IRQ, VM_REG_GUEST_SPSR_IRQ,
	VM_REG_GUEST_SP_FIQ, VM_REG_GUEST_LR_FIQ, VM_REG_GUEST_SPSR_FIQ,
	VM_REG_GUEST_R8_FIQ, VM_REG_GUEST_R9_FIQ, VM_REG_GUEST_R10_FIQ,
	VM_REG_GUEST_R11_FIQ, VM_REG_GUEST_R12_FIQ,
	VM_REG_GUEST_SCTLR, VM_REG_GUEST_TTBR0, VM_REG_GUEST_TTBR1,
	VM_REG_GUEST_TTBCR, VM_REG_GUEST_DACR, VM_REG_GUEST_VBAR,
	VM_REG_GUEST_DFSR, VM_REG_GUEST_IFSR, VM_REG_GUEST_DFAR,
	VM_REG_GUEST_IFAR, VM_REG_GUEST_CONTEXTIDR,
	VM_REG_LAST
};

/* VM_EXITCODE_HYP: the trap as HYP mode saw it (ARM ARM B3.13.6). */
struct vm_exit_hyp {
	vmm_u32 hsr;
	vmm_u32 hdfar;
	vmm_u32 hifar;
	vmm_u32 hpfar;
};

/*
 * Interrupt lines (struct vm_irq.irq) are GIC INTIDs: userspace drives
 * SPIs (32 + SPI number) only. The module's timers raise these PPIs, the
 * numbers QEMU's virt board and SBSA give them; the board's device tree
 * must say the same.
 */
#define VMM_ARM_VTIMER_INTID 27 /* PPI 11 */
#define VMM_ARM_PTIMER_INTID 30 /* PPI 14 */

/*
 * VM_ATTACH_VGIC: where the board puts the GICv2 distributor (emulated by
 * the module) and CPU interface (the host's GICV, mapped through Stage-2).
 * Once per VM, before any VM_ACTIVATE_CPU (which is ENODEV until then):
 * EEXIST the second time. Both ranges page-aligned, below the IPA limit,
 * apart from each other and from guest memory (EINVAL otherwise); the
 * distributor at least VMM_ARM_GICD_MIN bytes (registers past the first
 * page read as zero), the CPU interface at least VMM_ARM_GICC_MIN (its
 * GICC_DIR is at 0x1000; past 8 KiB a larger range reads as zero and
 * ignores writes, in the module).
 */
#define VMM_ARM_GICD_MIN 0x1000u
#define VMM_ARM_GICC_MIN 0x2000u
struct vm_vgic_desc {
	vmm_u64 dist_gpa;
	vmm_u64 dist_size;
	vmm_u64 cpu_gpa;
	vmm_u64 cpu_size;
};

/* The arguments of the architecture's ioctls, for a glue that copies. */
union vm_arch_ioctl_arg {
	struct vm_vgic_desc vgic;
};

#define VM_ATTACH_VGIC _IOW(VMM_IOC_MAGIC, 0x80, struct vm_vgic_desc)

#endif /* VMM_UAPI_ARM_VMM_DEV_ARCH_H */
