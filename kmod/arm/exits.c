// SPDX-License-Identifier: BSD-2-Clause
/*
 * Hyp Trap exits, dispatched on HSR.EC (ARM ARM B3.13.6, table B3-27).
 * Whatever the guest did, it gets an architectural answer: emulation, an
 * exit to userspace, or an exception injected into it. Nothing here trusts
 * a value the guest controls.
 */
#include "vmm/types.h"
#include "vmm/os.h"
#include "vmm/vm.h"
#include "vmm/arch.h"
#include "arm_vm.h"
#include "arm_stats.h"
#include "cpu_regs.h"
#include "psci.h"

typedef int exit_fn(struct vcpu *vcpu, uint32_t hsr);

static struct arm_guest_regs *guest(struct vcpu *vcpu)
{
	return &((struct arm_vcpu *)vcpu->arch)->ctx->guest;
}

static const struct arm_fault *fault(struct vcpu *vcpu)
{
	return &((struct arm_vcpu *)vcpu->arch)->ctx->fault;
}

int arm_trap_undef(struct vcpu *vcpu)
{
	vcpu->stats[ARM_STAT_UNDEF_INJECTED]++;
	arm_inject_undef(guest(vcpu));
	return 1;
}

static int inject_undef(struct vcpu *vcpu, uint32_t hsr)
{
	(void)hsr;
	return arm_trap_undef(vcpu);
}

/* Trapped instructions that failed their condition just retire (B3.13.6). */
bool arm_trap_cond_failed(struct vcpu *vcpu, uint32_t hsr)
{
	if (!(hsr & HSR_ISS_CV))
		return false;
	return !arm_cond_passed(guest(vcpu)->cpsr,
				(hsr >> HSR_ISS_COND_SHIFT) & HSR_ISS_COND_MASK);
}

/*
 * WFI sleeps until the vCPU has an interrupt to take (B1.8.13 wake-up
 * events), its timer's deadline, a signal or the VM's end. WFE (HSR bit 0)
 * waits for an event another vCPU sends with SEV, which does not trap:
 * give the CPU away once and resume, a legal spurious wake-up.
 */
static int handle_wfx(struct vcpu *vcpu, uint32_t hsr)
{
	vcpu->stats[ARM_STAT_WFI]++;
	arm_skip_insn(guest(vcpu), hsr);
	if (arm_trap_cond_failed(vcpu, hsr))
		return 1;
	if (hsr & HSR_ISS_WFE) {
		vmm_os_yield();
		return 1;
	}
	return arm_vcpu_wait(vcpu);
}

/*
 * Sleep until an interrupt for the vCPU (WFI, PSCI CPU_SUSPEND's standby
 * state); same convention as vmm_arch_vcpu_run_once.
 */
int arm_vcpu_wait(struct vcpu *vcpu)
{
	arm_vtimer_sync(vcpu);
	if (vmm_arch_vcpu_has_work(vcpu))
		return 1;
	if (vcpu_coalesced_pending(vcpu)) {
		/*
		 * Posted writes must not wait for the sleep's end: to
		 * userspace first. The wait may end early (B1.8.13: a
		 * spurious wake-up), so the guest just goes on.
		 */
		vcpu->exit->exitcode = VM_EXITCODE_BOGUS;
		return 0;
	}
	vcpu_halt(vcpu);
	return 1;
}

static int handle_hvc(struct vcpu *vcpu, uint32_t hsr)
{
	(void)hsr;
	vcpu->stats[ARM_STAT_HVC]++;
	/* ELR already points past the hvc. */
	return arm_psci_call(vcpu);
}

static int handle_smc(struct vcpu *vcpu, uint32_t hsr)
{
	vcpu->stats[ARM_STAT_SMC]++;
	/* A trapped smc returns to itself: step over it (B1.14.6). */
	arm_skip_insn(guest(vcpu), hsr);
	if (arm_trap_cond_failed(vcpu, hsr))
		return 1;
	return arm_psci_call(vcpu);
}

/* Debug registers: none exist for the guest; reads as zero (DBGDIDR 0). */
static int handle_cp14(struct vcpu *vcpu, uint32_t hsr)
{
	struct arm_guest_regs *g = guest(vcpu);
	uint32_t iss = HSR_ISS(hsr);

	vcpu->stats[ARM_STAT_CP14]++;
	if (HSR_EC(hsr) == HSR_EC_CP14_32 && (iss & 1) &&
	    !arm_trap_cond_failed(vcpu, hsr))
		arm_reg_set(g, (iss >> 5) & 0xf, 0);
	else if (HSR_EC(hsr) != HSR_EC_CP14_32)
		return inject_undef(vcpu, hsr);
	arm_skip_insn(g, hsr);
	return 1;
}

static uint64_t fault_ipa(const struct arm_fault *f, uint32_t far)
{
	/* HPFAR holds IPA[39:12] in bits [31:4] (B4.1.70). */
	return ((uint64_t)(f->hpfar >> HPFAR_FIPA_SHIFT) << 12) | (far & 0xfff);
}

static int fetch_insn(struct vcpu *vcpu, uint32_t *insn)
{
	struct arm_guest_regs *g = guest(vcpu);
	uint64_t par = fault(vcpu)->par_pc, ipa;
	uint16_t hw[2];

	if (par & 1) /* PAR.F: the guest's own translation of its PC failed */
		return -EFAULT;
	if (par & (1u << 11)) /* LPAE format: PA[39:12] */
		ipa = (par & 0xfffffff000ull) | (g->pc & 0xfff);
	else
		ipa = (par & 0xfffff000u) | (g->pc & 0xfff);
	if (!(g->cpsr & PSR_T))
		return vm_gpa_read(vcpu->vm, ipa, insn, 4);
	if (vm_gpa_read(vcpu->vm, ipa, &hw[0], 2))
		return -EFAULT;
	*insn = hw[0];
	/* 32-bit Thumb encodings start with 0b11101, 0b11110 or 0b11111. */
	if ((hw[0] >> 11) >= 0x1d) {
		if ((ipa & 0xfff) == 0xffe) /* crosses a page: not supported */
			return -EFAULT;
		if (vm_gpa_read(vcpu->vm, ipa + 2, &hw[1], 2))
			return -EFAULT;
		*insn |= (uint32_t)hw[1] << 16;
	}
	return 0;
}

/*
 * A data abort without a syndrome: the access comes from the guest's
 * instruction, which may address through any register. Out of line, so
 * that its locals do not give the common path a stack canary.
 */
static __attribute__((__noinline__)) int
decode_mmio_insn(struct vcpu *vcpu, uint32_t regs[16], struct mmio_access *a)
{
	struct arm_guest_regs *g = guest(vcpu);
	unsigned int i;
	uint32_t insn;

	vcpu->stats[ARM_STAT_MMIO_DECODED]++;
	if (fetch_insn(vcpu, &insn))
		return -EFAULT;
	for (i = 0; i < 16; i++)
		regs[i] = arm_reg_get(g, i);
	return mmio_decode_insn(insn, g->cpsr & PSR_T, regs, a);
}

/*
 * The access behind a data abort, and in regs what it needs of the
 * guest's registers: with a valid syndrome only a store's source
 * register(s).
 */
static inline int decode_mmio(struct vcpu *vcpu, uint32_t hsr,
			      uint32_t regs[16], struct mmio_access *a)
{
	struct arm_guest_regs *g = guest(vcpu);

	if (!(hsr & DABT_ISS_ISV))
		return decode_mmio_insn(vcpu, regs, a);
	if (mmio_decode_hsr(hsr, a))
		return -EINVAL;
	if (a->write) {
		regs[a->rt & 0xf] = arm_reg_get(g, a->rt & 0xf);
		regs[a->rt2 & 0xf] = arm_reg_get(g, a->rt2 & 0xf);
	}
	return 0;
}

static int handle_dabt(struct vcpu *vcpu, uint32_t hsr)
{
	const struct arm_fault *f = fault(vcpu);
	struct arm_guest_regs *g = guest(vcpu);
	bool write = hsr & DABT_ISS_WNR;
	uint64_t ipa = fault_ipa(f, f->hdfar);
	struct arm_vcpu *av = vcpu->arch;
	struct mmio_access *a = &av->mmio;
	const struct vm_mmio_region *region;
	uint32_t *regs = av->mmio_regs; /* decode_mmio sets what is read */

	/*
	 * A fault on the guest's own table walk (S1PTW), an access to RAM the
	 * mapping forbids, or something we cannot decode: the guest gets the
	 * external abort a real bus would give it. In-kernel regions never
	 * overlap RAM (vm_mmap_memseg refuses it), so they are looked up
	 * before the RAM check.
	 */
	if ((hsr & DABT_ISS_S1PTW) || decode_mmio(vcpu, hsr, regs, a))
		goto inject;
	region = vm_find_mmio(vcpu->vm, ipa, a->size);
	if (region) {
		vcpu->stats[VMEXIT_MMIO_KERNEL]++;
		if (a->write)
			region->write(vcpu, ipa - region->gpa, a->size,
				      mmio_store_value(a, regs), region->arg);
		vmm_arch_mmio_complete(vcpu, a->write ? 0 :
					region->read(vcpu, ipa - region->gpa,
						     a->size, region->arg));
		return 1;
	}
	/*
	 * RAM is mapped at stage 2 before the VMM can see it (vm.c), so
	 * only a permission or access-flag fault can be on RAM; a
	 * translation fault (DFSC 0b0001LL, long-descriptor format)
	 * never is, and needs no memory-map search.
	 */
	if ((hsr & DABT_ISS_FSC_TYPE_MASK) != DABT_ISS_FSC_TRANS &&
	    vm_gpa_is_ram(vcpu->vm, ipa, false))
		goto inject;
	if (a->write &&
	    vm_coalesce_write(vcpu, ipa, a->size, mmio_store_value(a, regs))) {
		vmm_arch_mmio_complete(vcpu, 0);
		return 1;
	}
	vcpu->stats[VMEXIT_MMIO]++;
	/* The access only, in the run page (the VMM reads it there). */
	vcpu->exit->exitcode = VM_EXITCODE_INST_EMUL;
	vcpu->exit->u.mmio.gpa = ipa;
	vcpu->exit->u.mmio.size = a->size;
	vcpu->exit->u.mmio.write = a->write;
	if (a->write) {
		vcpu->exit->u.mmio.data = mmio_store_value(a, regs);
		/* Nothing to wait for: retire the store now. */
		vmm_arch_mmio_complete(vcpu, 0);
	} else {
		/* the next run loads the VMM's answer into the register */
		vcpu->mmio_pending = true;
	}
	return 0;
inject:
	/* after a distributor access (a stage-1 walk there): the abort
	 * mode's registers and DFSR/DFAR are in the lazy state */
	arm_vcpu_put_lazy(vcpu);
	vcpu->stats[ARM_STAT_DABT_INJECTED]++;
	arm_inject_dabt(g, f->hdfar, write);
	return 1;
}

static int handle_pabt(struct vcpu *vcpu, uint32_t hsr)
{
	(void)hsr;
	/* Only fetches from outside RAM fault in stage 2: no memory there. */
	vcpu->stats[ARM_STAT_PABT_INJECTED]++;
	arm_inject_pabt(guest(vcpu), fault(vcpu)->hifar);
	return 1;
}

static exit_fn *const exit_handlers[HSR_EC_NR] = {
	[HSR_EC_UNKNOWN] = inject_undef,
	[HSR_EC_WFX] = handle_wfx,
	[HSR_EC_CP15_32] = arm_cp15_32,
	[HSR_EC_CP15_64] = arm_cp15_64,
	[HSR_EC_VMRS_ID] = arm_vmrs_id,
	[HSR_EC_CP14_32] = handle_cp14,
	[HSR_EC_CP14_LS] = handle_cp14,
	[HSR_EC_CP14_64] = handle_cp14,
	[HSR_EC_HVC] = handle_hvc,
	[HSR_EC_SMC] = handle_smc,
	[HSR_EC_PABT_LOWER] = handle_pabt,
	[HSR_EC_DABT_LOWER] = handle_dabt,
};

static inline int dispatch(struct vcpu *vcpu, uint32_t hsr)
{
	exit_fn *fn = exit_handlers[HSR_EC(hsr)];

	return fn ? fn(vcpu, hsr) : inject_undef(vcpu, hsr);
}

int arm_handle_trap(struct vcpu *vcpu)
{
	return dispatch(vcpu, fault(vcpu)->hsr);
}

int arm_handle_trap_nosleep(struct vcpu *vcpu)
{
	uint32_t hsr = fault(vcpu)->hsr;
	uint32_t ec = HSR_EC(hsr);

	/* PSCI CPU_SUSPEND waits as WFI does */
	if (ec == HSR_EC_WFX || ((ec == HSR_EC_HVC || ec == HSR_EC_SMC) &&
			     guest(vcpu)->r[0] == PSCI_CPU_SUSPEND))
		return ARM_TRAP_MAY_SLEEP;
	return dispatch(vcpu, hsr);
}

/* r0-r7 are the same registers in every mode (B1.3.2): no lookup */
static inline void set_reg(struct arm_guest_regs *g, unsigned int n,
			   uint32_t v)
{
	if (n < 8)
		g->r[n] = v;
	else
		arm_reg_set(g, n, v);
}

void vmm_arch_mmio_complete(struct vcpu *vcpu, uint64_t data)
{
	struct arm_vcpu *av = vcpu->arch;
	struct arm_guest_regs *g = &av->ctx->guest;
	const struct mmio_access *a = &av->mmio;

	if (!a->write) {
		set_reg(g, a->rt, mmio_load_value(a, data));
		if (a->size == 8)
			set_reg(g, a->rt2, mmio_load_value2(a, data));
	}
	if (a->writeback)
		set_reg(g, a->rn, a->rn_value);
	/* no IT block to advance in ARM state */
	if (g->cpsr & PSR_T)
		arm_advance_pc(g, a->insn_len);
	else
		g->pc += a->insn_len;
}
