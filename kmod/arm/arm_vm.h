/* SPDX-License-Identifier: BSD-2-Clause */
/* ARMv7 backend state hung off struct vm / struct vcpu. */
#ifndef VMM_ARM_ARM_VM_H
#define VMM_ARM_ARM_VM_H

#include "vmm/types.h"
#include "lpae.h"
#include "hyp_ctx.h"
#include "mmio_decode.h"

struct vm;
struct vcpu;

struct arm_vm {
	struct lpae_table s2;
	uint32_t vmid;
	uint64_t vttbr;
};

struct arm_vcpu {
	struct hyp_vcpu_ctx *ctx; /* shared with HYP */
	struct mmio_access mmio; /* the access behind the last MMIO exit */
};

/* CPSR fields, B1.3.3 */
#define PSR_MODE_MASK 0x1f
#define PSR_MODE_USR  0x10
#define PSR_MODE_FIQ  0x11
#define PSR_MODE_IRQ  0x12
#define PSR_MODE_SVC  0x13
#define PSR_MODE_ABT  0x17
#define PSR_MODE_HYP  0x1a
#define PSR_MODE_UND  0x1b
#define PSR_MODE_SYS  0x1f
#define PSR_T	      (1u << 5)
#define PSR_F	      (1u << 6)
#define PSR_I	      (1u << 7)
#define PSR_A	      (1u << 8)
#define PSR_E	      (1u << 9)
#define PSR_IT_MASK   0x0600fc00u
#define PSR_J	      (1u << 24)

#define SCTLR_V	 (1u << 13)
#define SCTLR_EE (1u << 25)
#define SCTLR_TE (1u << 30)
#define TTBCR_EAE (1u << 31)

/* HSR, B3.13.6 */
#define HSR_EC(hsr)  ((hsr) >> 26)
#define HSR_IL	     (1u << 25)
#define HSR_ISS(hsr) ((hsr) & 0x1ffffff)

/* Guest registers as the current mode sees them (n = 0..15). */
uint32_t arm_reg_get(const struct arm_guest_regs *g, unsigned int n);
void arm_reg_set(struct arm_guest_regs *g, unsigned int n, uint32_t v);
/* Steps past the trapped instruction (HSR.IL tells its size). */
void arm_skip_insn(struct arm_guest_regs *g, uint32_t hsr);
void arm_advance_pc(struct arm_guest_regs *g, unsigned int len);
bool arm_cond_passed(uint32_t cpsr, uint32_t cond);

/* Exceptions injected into the guest as the hardware would take them. */
void arm_inject_undef(struct arm_guest_regs *g);
void arm_inject_pabt(struct arm_guest_regs *g, uint32_t ifar);
void arm_inject_dabt(struct arm_guest_regs *g, uint32_t dfar, bool write);

/* PSCI over hvc/smc: 1 = resume the guest, 0 = exit to userspace. */
int arm_psci_call(struct vcpu *vcpu);
/* A Hyp Trap exit: same convention as vmm_arch_vcpu_run_once. */
int arm_handle_trap(struct vcpu *vcpu);

/* Stage 2 */
int arm_s2_init(struct arm_vm *avm);
void arm_s2_destroy(struct arm_vm *avm);
uint64_t arm_s2_attrs(uint32_t flags);
int vmid_alloc(uint32_t *vmid);
void vmid_free(uint32_t vmid);
/* Drops the VM's TLB entries on every CPU. */
void arm_tlb_flush_vmid(uint64_t vttbr);

#endif
