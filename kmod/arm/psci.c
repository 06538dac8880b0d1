// SPDX-License-Identifier: BSD-2-Clause
/*
 * PSCI 1.0 for the guest (Arm DEN 0022D), over hvc or smc: the mandatory
 * functions, with CPU_SUSPEND as a standby (WFI) state, CPU_ON/CPU_OFF
 * and AFFINITY_INFO for the VM's vCPUs. A vCPU's MPIDR has its id in
 * Aff0 and zero above it.
 */
#include "vmm/types.h"
#include "vmm/os.h"
#include "vmm/vm.h"
#include "vmm/arch.h"
#include "arm_vm.h"
#include "psci.h"

/* MPIDR affinity fields the guest can name (Aff2..Aff0). */
#define MPIDR_AFF_MASK 0x00ffffffu

static bool psci_implemented(uint32_t fn)
{
	switch (fn) {
	case PSCI_VERSION:
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON:
	case PSCI_AFFINITY_INFO:
	case PSCI_FEATURES:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		return true;
	default:
		return false;
	}
}

/* The vCPU whose MPIDR is mpidr, or NULL. */
static struct vcpu *psci_target(struct vm *vm, uint32_t mpidr)
{
	uint32_t aff = mpidr & MPIDR_AFF_MASK;

	if (mpidr & ~MPIDR_AFF_MASK || aff >= VM_MAXCPU ||
	    !vm->vcpu[aff].active)
		return NULL;
	return &vm->vcpu[aff];
}

static uint32_t psci_cpu_on(struct vcpu *caller, uint32_t mpidr,
			    uint32_t entry, uint32_t context)
{
	struct arm_guest_regs *g = &((struct arm_vcpu *)caller->arch)->ctx->guest;
	struct vcpu *t = psci_target(caller->vm, mpidr);
	struct arm_vcpu *av;
	unsigned long flags;
	uint32_t ret = PSCI_RET_SUCCESS;

	if (!t)
		return PSCI_RET_INVALID_PARAMETERS;
	av = t->arch;
	flags = vmm_os_spin_lock(t->lock);
	if (av->power == ARM_POWER_ON) {
		ret = PSCI_RET_ALREADY_ON;
	} else if (av->power == ARM_POWER_ON_PENDING) {
		ret = PSCI_RET_ON_PENDING;
	} else {
		/* Bit 0 of the entry selects Thumb; endianness is the caller's. */
		av->on.pc = entry & ~1u;
		av->on.thumb = entry & 1;
		av->on.r0 = context;
		av->on.big_endian = g->cp15[CP15_SCTLR] & SCTLR_EE;
		av->power = ARM_POWER_ON_PENDING;
	}
	vmm_os_spin_unlock(t->lock, flags);
	if (ret == PSCI_RET_SUCCESS)
		vcpu_notify(t);
	return ret;
}

/*
 * AFFINITY_INFO (DEN0022D 5.7): ON if any vCPU in the named affinity
 * instance is on. Every vCPU is in cluster 0 of level 1 and above.
 */
static uint32_t psci_affinity_info(struct vm *vm, uint32_t mpidr,
				   uint32_t level)
{
	uint32_t mask, state = ARM_POWER_OFF;
	unsigned int i;
	bool any = false;

	if (level > 3 || (mpidr & ~MPIDR_AFF_MASK))
		return PSCI_RET_INVALID_PARAMETERS;
	mask = level == 0 ? MPIDR_AFF_MASK : MPIDR_AFF_MASK << (8 * level);
	mask &= MPIDR_AFF_MASK;
	for (i = 0; i < VM_MAXCPU; i++) {
		struct arm_vcpu *av = vm->vcpu[i].arch;

		if (!vm->vcpu[i].active || ((i ^ mpidr) & mask))
			continue;
		any = true;
		if (av->power == ARM_POWER_ON)
			return ARM_POWER_ON;
		if (av->power == ARM_POWER_ON_PENDING)
			state = ARM_POWER_ON_PENDING;
	}
	return any ? state : PSCI_RET_INVALID_PARAMETERS;
}

static void psci_cpu_off(struct vcpu *vcpu)
{
	struct arm_vcpu *av = vcpu->arch;
	unsigned long flags = vmm_os_spin_lock(vcpu->lock);

	av->power = ARM_POWER_OFF;
	vmm_os_spin_unlock(vcpu->lock, flags);
}

int arm_psci_call(struct vcpu *vcpu)
{
	struct arm_vcpu *av = vcpu->arch;
	struct arm_guest_regs *g = &av->ctx->guest;
	uint32_t fn = g->r[0];

	switch (fn) {
	case PSCI_VERSION:
		g->r[0] = 0x00010000; /* 1.0 */
		return 1;
	case PSCI_FEATURES:
		/* No feature flags: CPU_SUSPEND takes the original format. */
		g->r[0] = psci_implemented(g->r[1]) ? PSCI_RET_SUCCESS :
						      PSCI_RET_NOT_SUPPORTED;
		return 1;
	case PSCI_CPU_SUSPEND:
		/* Every power state is a standby state here (5.4.2). */
		g->r[0] = PSCI_RET_SUCCESS;
		return arm_vcpu_wait(vcpu);
	case PSCI_CPU_OFF:
		psci_cpu_off(vcpu);
		return 1; /* the run loop now waits for a CPU_ON */
	case PSCI_CPU_ON:
		g->r[0] = psci_cpu_on(vcpu, g->r[1], g->r[2], g->r[3]);
		return 1;
	case PSCI_AFFINITY_INFO:
		g->r[0] = psci_affinity_info(vcpu->vm, g->r[1], g->r[2]);
		return 1;
	case PSCI_MIGRATE_INFO_TYPE:
		g->r[0] = PSCI_TOS_NOT_PRESENT;
		return 1;
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		vm_suspend(vcpu->vm, fn == PSCI_SYSTEM_OFF ?
					     VM_SUSPEND_POWEROFF :
					     VM_SUSPEND_RESET);
		vcpu->exit->exitcode = VM_EXITCODE_SUSPENDED;
		vcpu->exit->u.suspended.how = vcpu->vm->suspend;
		return 0;
	default:
		g->r[0] = PSCI_RET_NOT_SUPPORTED;
		return 1;
	}
}
