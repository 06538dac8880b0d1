/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The vCPU context the lowvisor switches: everything HYP saves and loads on
 * a world switch, in one structure the host maps into HYP at its own
 * address. Its field offsets reach the assembly through a header generated
 * from this file at build time (hyp_offsets.c), never by hand.
 */
#ifndef VMM_ARM_HYP_CTX_H
#define VMM_ARM_HYP_CTX_H

#include "vmm/types.h"
#include "hyp_cp15.h"
#include "hyp_abi.h"

struct vm_run_page;
#define HYP_CZ_MAX 8 /* VM_COALESCED_ZONES_MAX */

/*
 * Banked registers of the PL1 modes (ARM ARM B1.3.2), in the world
 * switch's order. First what an exception the host takes can write or
 * use: SVC's SP, LR and SPSR and the SP/LR/SPSR of Abort and Undefined
 * mode (B1.8.3: exception entry writes LR and SPSR of the mode it
 * enters; Linux's vector stubs store into that mode's SP), switched on
 * every entry and exit so that the host's stacks are in place whenever
 * host code runs. Then the lazy rest: IRQ mode's (the highvisor's
 * window keeps interrupts masked), SP_usr and the FIQ bank, which no
 * exception the host takes there touches (hyp-switch.S: the lazy state).
 */
struct arm_banked {
	uint32_t sp_svc, lr_svc, spsr_svc;
	uint32_t sp_abt, lr_abt, spsr_abt;
	uint32_t sp_und, lr_und, spsr_und;
	uint32_t sp_irq, lr_irq, spsr_irq;
	uint32_t sp_usr;
	uint32_t r8_fiq, r9_fiq, r10_fiq, r11_fiq, r12_fiq;
	uint32_t sp_fiq, lr_fiq, spsr_fiq;
};

/* hyp-switch.S moves these blocks with ldm/stm in this order */
_Static_assert(offsetof(struct arm_banked, spsr_und) == 8 * 4, "banked_eager");
_Static_assert(offsetof(struct arm_banked, sp_irq) == 9 * 4, "banked_lazy");
_Static_assert(offsetof(struct arm_banked, spsr_fiq) == 20 * 4, "banked_lazy");

struct arm_vfp {
	uint64_t d[32];
	uint32_t fpscr;
	uint32_t fpexc;
};

struct arm_guest_regs {
	uint32_t r[13]; /* r0-r12 as the current mode sees them */
	uint32_t lr_usr; /* r14 of usr/sys mode */
	uint32_t pc;
	uint32_t cpsr;
	struct arm_banked banked;
	uint32_t cp15[CP15_NR];
	struct arm_vfp vfp;
};

/*
 * The exit path stores r2-r12 with one stm (the guest's r0 and r1 came
 * from the HYP stack) and the entry loads r0-r12 with one ldm; lr_usr,
 * pc and cpsr follow, each at its generated offset. The VFP switch
 * stores FPSCR right after d0-d31 (vfp_save/vfp_load).
 */
_Static_assert(offsetof(struct arm_guest_regs, r) == 0, "guest r[]");
_Static_assert(offsetof(struct arm_guest_regs, lr_usr) == 13 * 4,
	       "guest lr_usr after r12");
_Static_assert(offsetof(struct arm_guest_regs, pc) ==
		       offsetof(struct arm_guest_regs, lr_usr) + 4,
	       "guest pc after lr_usr");
_Static_assert(offsetof(struct arm_guest_regs, cpsr) ==
		       offsetof(struct arm_guest_regs, pc) + 4,
	       "guest cpsr after pc");
_Static_assert(offsetof(struct arm_vfp, fpscr) == 32 * 8, "vfp_save");
_Static_assert(sizeof(((struct arm_guest_regs *)0)->cp15) == CP15_NR * 4,
	       "one word per cp15 slot");

/* What a guest exit leaves for the highvisor (B3.13.6, B4.1.60..62). */
struct arm_fault {
	uint32_t hsr;
	uint32_t hdfar;
	uint32_t hifar;
	uint32_t hpfar;
	uint64_t par_pc; /* PAR after ATS1CPR of the guest PC (data aborts) */
};

/* the exit path's stores: one word each, par_pc as PAR's two words */
_Static_assert(offsetof(struct arm_fault, hdfar) == 4 &&
		       offsetof(struct arm_fault, hifar) == 8 &&
		       offsetof(struct arm_fault, hpfar) == 12 &&
		       offsetof(struct arm_fault, par_pc) == 16,
	       "struct arm_fault");

struct hyp_vcpu_ctx {
	struct arm_guest_regs guest;
	struct arm_fault fault;
	uint32_t exit_code;
	uint32_t vfp_guest_loaded;
	/*
	 * The guest's lazy state (hyp-switch.S) is in the hardware, not
	 * here: only between an exit the lowvisor left it for (hvc, smc, a
	 * data abort with a syndrome on the lazy_hpfar page) and
	 * HYP_FN_VCPU_PUT, inside the highvisor's interrupts-off window.
	 */
	uint32_t lazy;
	/* HPFAR of the in-kernel distributor's page (vcpu_reset sets it) */
	uint32_t lazy_hpfar;
	/*
	 * Coalesced MMIO (vmm_dev.h): the VM's zones below 4 GiB, where the
	 * lowvisor posts a store with a valid syndrome into the run page's
	 * ring itself, without a world switch. count is the ring's (the
	 * highvisor loads and takes it back around each entry).
	 */
	struct {
		uint32_t n, count;
		struct vm_run_page *page; /* HYP-mapped; NULL: no fast path */
		uint32_t zone[HYP_CZ_MAX][2]; /* gpa, len */
	} cz;
	/* trap and VM configuration loaded for the guest */
	uint32_t hcr, hcptr, hstr, hdcr;
	uint32_t vtcr, vpidr, vmpidr, pad0;
	uint64_t vttbr;
	/* the guest's virtual timer, parked while the host runs */
	uint32_t cntv_ctl, pad2;
	uint64_t cntv_cval;
	uint64_t cntvoff; /* the VM's; the host runs with 0 */
	/*
	 * HYP trap registers: the host's and the guest's values (host |
	 * the trap bits above), computed by the lowvisor at each load.
	 */
	uint32_t host_hcptr, host_hdcr, host_cnthctl;
	uint32_t ld_hcptr, ld_hdcr, ld_cnthctl;
	/*
	 * Host state while the guest runs. host_cp15 and host_banked from
	 * sp_abt on are saved once per load (hyp_vcpu_run with r2 != 0),
	 * the rest on every entry. Only what the host reads after an exit is
	 * kept (hyp-switch.S, host_svc_save): SP/LR of SVC mode, the exception
	 * modes' stack pointers (Abort's and Undefined's put back on every
	 * exit, IRQ's with the FIQ mode's own registers at the end of the
	 * lazy window).
	 */
	uint32_t host_elr, host_spsr;
	struct {
		uint32_t sp_svc, lr_svc; /* in this order: one ldm */
		uint32_t sp_abt, sp_und, sp_irq;
		uint32_t r8_fiq, r9_fiq, r10_fiq, r11_fiq, r12_fiq, sp_fiq;
	} host_banked;
	uint32_t host_cp15[CP15_NR_HOST];
	struct arm_vfp host_vfp;
};

/* the lowvisor's zone walk loads (gpa, len) pairs with one ldm */
_Static_assert(sizeof(((struct hyp_vcpu_ctx *)0)->cz.zone[0]) == 8,
	       "cz.zone pairs");
/*
 * 64-bit fields the switch moves as two words, low word first (mcrr).
 * Not for sparse: it aligns a 64-bit integer on 4 bytes on ARM, unlike
 * the EABI, and so computes other offsets than the compiler.
 */
#ifndef __CHECKER__
_Static_assert(offsetof(struct hyp_vcpu_ctx, vttbr) % 8 == 0 &&
		       offsetof(struct hyp_vcpu_ctx, cntv_cval) % 8 == 0 &&
		       offsetof(struct hyp_vcpu_ctx, cntvoff) % 8 == 0,
	       "64-bit fields aligned");
#endif
/* host_svc_save stores SP_svc and LR_svc with one stm */
_Static_assert(offsetof(struct hyp_vcpu_ctx, host_banked.lr_svc) ==
		       offsetof(struct hyp_vcpu_ctx, host_banked.sp_svc) + 4,
	       "host_svc_save");
_Static_assert(sizeof(((struct hyp_vcpu_ctx *)0)->host_cp15) ==
		       CP15_NR_HOST * 4,
	       "host cp15 slots");
/* host_svc_load, host_irq_fiq and host_cpu: one ldm/stm each */
_Static_assert(offsetof(struct hyp_vcpu_ctx, host_banked.sp_und) ==
		       offsetof(struct hyp_vcpu_ctx, host_banked.sp_svc) + 12,
	       "host_svc_load");
_Static_assert(offsetof(struct hyp_vcpu_ctx, host_banked.sp_fiq) ==
		       offsetof(struct hyp_vcpu_ctx, host_banked.sp_irq) + 24,
	       "host_irq_fiq");
_Static_assert(offsetof(struct hyp_vcpu_ctx, host_banked.sp_fiq) ==
		       offsetof(struct hyp_vcpu_ctx, host_banked.sp_abt) + 32,
	       "host_cpu");

#endif
