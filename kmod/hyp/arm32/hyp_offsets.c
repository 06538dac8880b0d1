// SPDX-License-Identifier: BSD-2-Clause
/*
 * Compiled to assembly only: each OFFSET() becomes a "->NAME value" line
 * that kmod/Kbuild turns into hyp_offsets.h for the world switch.
 */
#include "vmm/types.h"
#include "arm/hyp_ctx.h"
#include "uapi/vmm_dev.h"

#define DEFINE(sym, val) asm volatile("\n->" #sym " %0" : : "i"(val))
#define OFFSET(sym, str, mem) DEFINE(sym, offsetof(struct str, mem))

void hyp_offsets(void);
void hyp_offsets(void)
{
	OFFSET(CTX_GUEST_R0, hyp_vcpu_ctx, guest.r);
	OFFSET(CTX_GUEST_LR_USR, hyp_vcpu_ctx, guest.lr_usr);
	OFFSET(CTX_GUEST_PC, hyp_vcpu_ctx, guest.pc);
	OFFSET(CTX_GUEST_CPSR, hyp_vcpu_ctx, guest.cpsr);
	OFFSET(CTX_GUEST_BANKED, hyp_vcpu_ctx, guest.banked);
	OFFSET(CTX_GUEST_BANKED_LAZY, hyp_vcpu_ctx, guest.banked.sp_irq);
	OFFSET(CTX_GUEST_CP15, hyp_vcpu_ctx, guest.cp15);
	OFFSET(CTX_GUEST_VFP, hyp_vcpu_ctx, guest.vfp);
	OFFSET(CTX_HSR, hyp_vcpu_ctx, fault.hsr);
	OFFSET(CTX_HDFAR, hyp_vcpu_ctx, fault.hdfar);
	OFFSET(CTX_HIFAR, hyp_vcpu_ctx, fault.hifar);
	OFFSET(CTX_HPFAR, hyp_vcpu_ctx, fault.hpfar);
	OFFSET(CTX_PAR_PC, hyp_vcpu_ctx, fault.par_pc);
	OFFSET(CTX_EXIT_CODE, hyp_vcpu_ctx, exit_code);
	OFFSET(CTX_VFP_LOADED, hyp_vcpu_ctx, vfp_guest_loaded);
	OFFSET(CTX_LAZY, hyp_vcpu_ctx, lazy);
	OFFSET(CTX_LAZY_HPFAR, hyp_vcpu_ctx, lazy_hpfar);
	OFFSET(CTX_HCR, hyp_vcpu_ctx, hcr);
	OFFSET(CTX_HCPTR, hyp_vcpu_ctx, hcptr);
	OFFSET(CTX_HSTR, hyp_vcpu_ctx, hstr);
	OFFSET(CTX_HDCR, hyp_vcpu_ctx, hdcr);
	OFFSET(CTX_VTCR, hyp_vcpu_ctx, vtcr);
	OFFSET(CTX_VPIDR, hyp_vcpu_ctx, vpidr);
	OFFSET(CTX_VMPIDR, hyp_vcpu_ctx, vmpidr);
	OFFSET(CTX_VTTBR, hyp_vcpu_ctx, vttbr);
	OFFSET(CTX_CNTV_CTL, hyp_vcpu_ctx, cntv_ctl);
	OFFSET(CTX_CNTV_CVAL, hyp_vcpu_ctx, cntv_cval);
	OFFSET(CTX_CNTVOFF, hyp_vcpu_ctx, cntvoff);
	OFFSET(CTX_HOST_ELR, hyp_vcpu_ctx, host_elr);
	OFFSET(CTX_HOST_SPSR, hyp_vcpu_ctx, host_spsr);
	OFFSET(CTX_HOST_HCPTR, hyp_vcpu_ctx, host_hcptr);
	OFFSET(CTX_HOST_HDCR, hyp_vcpu_ctx, host_hdcr);
	OFFSET(CTX_HOST_CNTHCTL, hyp_vcpu_ctx, host_cnthctl);
	OFFSET(CTX_LD_HCPTR, hyp_vcpu_ctx, ld_hcptr);
	OFFSET(CTX_LD_HDCR, hyp_vcpu_ctx, ld_hdcr);
	OFFSET(CTX_LD_CNTHCTL, hyp_vcpu_ctx, ld_cnthctl);
	OFFSET(CTX_HOST_SP_SVC, hyp_vcpu_ctx, host_banked.sp_svc);
	OFFSET(CTX_HOST_SP_ABT, hyp_vcpu_ctx, host_banked.sp_abt);
	OFFSET(CTX_HOST_SP_IRQ, hyp_vcpu_ctx, host_banked.sp_irq);
	OFFSET(CTX_HOST_CP15, hyp_vcpu_ctx, host_cp15);
	OFFSET(CTX_HOST_VFP, hyp_vcpu_ctx, host_vfp);
	OFFSET(CTX_CZ_N, hyp_vcpu_ctx, cz.n);
	OFFSET(CTX_CZ_COUNT, hyp_vcpu_ctx, cz.count);
	OFFSET(CTX_CZ_PAGE, hyp_vcpu_ctx, cz.page);
	OFFSET(CTX_CZ_ZONE, hyp_vcpu_ctx, cz.zone);
	OFFSET(RUNPAGE_NCOALESCED, vm_run_page, ncoalesced);
	OFFSET(RUNPAGE_RING, vm_run_page, coalesced);
	DEFINE(RUNPAGE_RING_MAX, VM_COALESCED_RING);
	DEFINE(RUNPAGE_ENTRY_SIZE, sizeof(struct vm_coalesced_write));
	OFFSET(RING_GPA, vm_coalesced_write, gpa);
	OFFSET(RING_DATA, vm_coalesced_write, data);
	OFFSET(RING_SIZE, vm_coalesced_write, size);
	OFFSET(RING_PAD, vm_coalesced_write, pad);
	OFFSET(VFP_FPSCR, arm_vfp, fpscr);
	OFFSET(VFP_FPEXC, arm_vfp, fpexc);
}
