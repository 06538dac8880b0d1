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
#include "cpu_regs.h"

#define EC_UNKNOWN    0x00
#define EC_WFX	      0x01
#define EC_CP15_32    0x03
#define EC_CP15_64    0x04
#define EC_CP14_32    0x05
#define EC_CP14_LS    0x06
#define EC_CP14_64    0x0c
#define EC_HVC	      0x12
#define EC_SMC	      0x13
#define EC_PABT_LOWER 0x20
#define EC_DABT_LOWER 0x24
#define EC_MAX	      0x40

typedef int exit_fn(struct vcpu *vcpu, uint32_t hsr);

static struct arm_guest_regs *guest(struct vcpu *vcpu)
{
	return &((struct arm_vcpu *)vcpu->arch)->ctx->guest;
}

static const struct arm_fault *fault(struct vcpu *vcpu)
{
	return &((struct arm_vcpu *)vcpu->arch)->ctx->fault;
}

static int inject_undef(struct vcpu *vcpu, uint32_t hsr)
{
	(void)hsr;
	vcpu->stats[VMEXIT_UNDEF_INJECTED]++;
	arm_inject_undef(guest(vcpu));
	return 1;
}

/* Trapped instructions that failed their condition just retire (B3.13.6). */
static bool cond_failed(struct vcpu *vcpu, uint32_t hsr)
{
	if (!(hsr & (1u << 24))) /* CV */
		return false;
	return !arm_cond_passed(guest(vcpu)->cpsr, (hsr >> 20) & 0xf);
}

static int handle_wfx(struct vcpu *vcpu, uint32_t hsr)
{
	vcpu->stats[VMEXIT_WFI]++;
	arm_skip_insn(guest(vcpu), hsr);
	/* No interrupt can be pending yet: give the CPU away and resume. */
	vmm_os_yield();
	return 1;
}

static int handle_hvc(struct vcpu *vcpu, uint32_t hsr)
{
	(void)hsr;
	vcpu->stats[VMEXIT_HVC]++;
	/* ELR already points past the hvc. */
	return arm_psci_call(vcpu);
}

static int handle_smc(struct vcpu *vcpu, uint32_t hsr)
{
	vcpu->stats[VMEXIT_SMC]++;
	/* A trapped smc returns to itself: step over it (B1.14.6). */
	arm_skip_insn(guest(vcpu), hsr);
	if (cond_failed(vcpu, hsr))
		return 1;
	return arm_psci_call(vcpu);
}

/* ISS of MCR/MRC traps: Opc2, Opc1, CRn, Rt, CRm, Direction. */
#define CP_ISS(opc1, crn, crm, opc2)                                           \
	(((opc2) << 17) | ((opc1) << 14) | ((crn) << 10) | ((crm) << 1))
#define CP_ISS_MASK (CP_ISS(7, 15, 15, 7))

/*
 * Data cache maintenance by set/way cannot be passed through: the guest
 * does not own the CPU's caches and may have moved CPUs mid-loop. The
 * guest's intent is "everything I wrote is in memory"; cleaning all of its
 * RAM when it reaches set 0 / way 0 (the last step of a full clean of a
 * cache level) gives exactly that.
 */
static void emulate_setway(struct vcpu *vcpu, uint32_t val)
{
	if (!(val & ~0xeu)) /* set 0, way 0 of this level */
		vm_clean_ram(vcpu->vm);
}

static int handle_cp15_32(struct vcpu *vcpu, uint32_t hsr)
{
	struct arm_guest_regs *g = guest(vcpu);
	uint32_t iss = HSR_ISS(hsr);
	unsigned int rt = (iss >> 5) & 0xf;
	bool read = iss & 1;
	uint32_t val = read ? 0 : arm_reg_get(g, rt);

	vcpu->stats[VMEXIT_CP15]++;
	if (cond_failed(vcpu, hsr)) {
		arm_skip_insn(g, hsr);
		return 1;
	}
	switch (iss & CP_ISS_MASK) {
	case CP_ISS(0, 7, 6, 2): /* DCISW */
	case CP_ISS(0, 7, 10, 2): /* DCCSW */
	case CP_ISS(0, 7, 14, 2): /* DCCISW */
		if (read)
			return inject_undef(vcpu, hsr);
		emulate_setway(vcpu, val);
		break;
	case CP_ISS(0, 1, 0, 1): /* ACTLR: the guest sees the host's, RO */
		val = read_actlr();
		break;
	case CP_ISS(1, 9, 0, 2): /* L2CTLR (A7/A15): number of CPUs - 1 */
		val = 0;
		break;
	case CP_ISS(1, 9, 0, 3): /* L2ECTLR */
		val = 0;
		break;
	default:
		return inject_undef(vcpu, hsr);
	}
	if (read)
		arm_reg_set(g, rt, val);
	arm_skip_insn(g, hsr);
	return 1;
}

/* Debug registers: none exist for the guest; reads as zero (DBGDIDR 0). */
static int handle_cp14(struct vcpu *vcpu, uint32_t hsr)
{
	struct arm_guest_regs *g = guest(vcpu);
	uint32_t iss = HSR_ISS(hsr);

	vcpu->stats[VMEXIT_CP14]++;
	if (HSR_EC(hsr) == EC_CP14_32 && (iss & 1) && !cond_failed(vcpu, hsr))
		arm_reg_set(g, (iss >> 5) & 0xf, 0);
	else if (HSR_EC(hsr) != EC_CP14_32)
		return inject_undef(vcpu, hsr);
	arm_skip_insn(g, hsr);
	return 1;
}

static uint64_t fault_ipa(const struct arm_fault *f, uint32_t far)
{
	/* HPFAR holds IPA[39:12] in bits [31:4] (B4.1.70). */
	return ((uint64_t)(f->hpfar >> 4) << 12) | (far & 0xfff);
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

static int decode_mmio(struct vcpu *vcpu, uint32_t hsr, const uint32_t *regs,
		       struct mmio_access *a)
{
	struct arm_guest_regs *g = guest(vcpu);
	uint32_t insn;

	if (hsr & (1u << 24)) /* ISV */
		return mmio_decode_hsr(hsr, a);
	vcpu->stats[VMEXIT_MMIO_INSN_DECODED]++;
	if (fetch_insn(vcpu, &insn))
		return -EFAULT;
	return mmio_decode_insn(insn, g->cpsr & PSR_T, regs, a);
}

static int handle_dabt(struct vcpu *vcpu, uint32_t hsr)
{
	const struct arm_fault *f = fault(vcpu);
	struct arm_guest_regs *g = guest(vcpu);
	bool write = hsr & (1u << 6); /* WnR */
	uint64_t ipa = fault_ipa(f, f->hdfar);
	struct mmio_access *a = &((struct arm_vcpu *)vcpu->arch)->mmio;
	uint32_t regs[16];
	unsigned int i;

	for (i = 0; i < 16; i++)
		regs[i] = arm_reg_get(g, i);

	/*
	 * A fault on the guest's own table walk (S1PTW), an access to RAM the
	 * mapping forbids, or something we cannot decode: the guest gets the
	 * external abort a real bus would give it.
	 */
	if ((hsr & (1u << 7)) || vm_gpa_is_ram(vcpu->vm, ipa, false) ||
	    decode_mmio(vcpu, hsr, regs, a)) {
		vcpu->stats[VMEXIT_DABT_INJECTED]++;
		arm_inject_dabt(g, f->hdfar, write);
		return 1;
	}
	vcpu->stats[VMEXIT_MMIO]++;
	vcpu->exit.exitcode = VM_EXITCODE_INST_EMUL;
	vcpu->exit.u.mmio.gpa = ipa;
	vcpu->exit.u.mmio.size = a->size;
	vcpu->exit.u.mmio.write = a->write;
	if (a->write) {
		vcpu->exit.u.mmio.data = mmio_store_value(a, regs);
		/* Nothing to wait for: retire the store now. */
		vmm_arch_mmio_complete(vcpu, 0);
	}
	return 0;
}

static int handle_pabt(struct vcpu *vcpu, uint32_t hsr)
{
	(void)hsr;
	/* Only fetches from outside RAM fault in stage 2: no memory there. */
	vcpu->stats[VMEXIT_PABT_INJECTED]++;
	arm_inject_pabt(guest(vcpu), fault(vcpu)->hifar);
	return 1;
}

static exit_fn *const exit_handlers[EC_MAX] = {
	[EC_UNKNOWN] = inject_undef,
	[EC_WFX] = handle_wfx,
	[EC_CP15_32] = handle_cp15_32,
	[EC_CP15_64] = inject_undef,
	[EC_CP14_32] = handle_cp14,
	[EC_CP14_LS] = handle_cp14,
	[EC_CP14_64] = handle_cp14,
	[EC_HVC] = handle_hvc,
	[EC_SMC] = handle_smc,
	[EC_PABT_LOWER] = handle_pabt,
	[EC_DABT_LOWER] = handle_dabt,
};

int arm_handle_trap(struct vcpu *vcpu)
{
	uint32_t hsr = fault(vcpu)->hsr;
	exit_fn *fn = exit_handlers[HSR_EC(hsr)];

	return fn ? fn(vcpu, hsr) : inject_undef(vcpu, hsr);
}

void vmm_arch_mmio_complete(struct vcpu *vcpu, uint64_t data)
{
	struct arm_vcpu *av = vcpu->arch;
	struct arm_guest_regs *g = &av->ctx->guest;
	const struct mmio_access *a = &av->mmio;

	if (!a->write) {
		arm_reg_set(g, a->rt, mmio_load_value(a, data));
		if (a->size == 8)
			arm_reg_set(g, a->rt2, mmio_load_value2(a, data));
	}
	if (a->writeback)
		arm_reg_set(g, a->rn, a->rn_value);
	arm_advance_pc(g, a->insn_len);
}
