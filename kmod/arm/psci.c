// SPDX-License-Identifier: BSD-2-Clause
/*
 * PSCI 1.0 for the guest (Arm DEN 0022), over hvc or smc. SMP calls
 * (CPU_ON/CPU_OFF) are answered NOT_SUPPORTED until vCPUs can be started.
 */
#include "vmm/types.h"
#include "vmm/vm.h"
#include "arm_vm.h"

#define PSCI_VERSION		0x84000000u
#define PSCI_CPU_OFF		0x84000002u
#define PSCI_CPU_ON		0x84000003u
#define PSCI_MIGRATE_INFO_TYPE	0x84000006u
#define PSCI_SYSTEM_OFF		0x84000008u
#define PSCI_SYSTEM_RESET	0x84000009u
#define PSCI_FEATURES		0x8400000au

#define PSCI_RET_SUCCESS	0u
#define PSCI_RET_NOT_SUPPORTED	0xffffffffu /* -1 */
#define PSCI_TOS_NOT_PRESENT	2u

static bool psci_implemented(uint32_t fn)
{
	switch (fn) {
	case PSCI_VERSION:
	case PSCI_FEATURES:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		return true;
	default:
		return false;
	}
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
		g->r[0] = psci_implemented(g->r[1]) ? PSCI_RET_SUCCESS :
						      PSCI_RET_NOT_SUPPORTED;
		return 1;
	case PSCI_MIGRATE_INFO_TYPE:
		g->r[0] = PSCI_TOS_NOT_PRESENT;
		return 1;
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		vm_suspend(vcpu->vm, fn == PSCI_SYSTEM_OFF ?
					     VM_SUSPEND_POWEROFF :
					     VM_SUSPEND_RESET);
		vcpu->exit.exitcode = VM_EXITCODE_SUSPENDED;
		vcpu->exit.u.suspended.how = vcpu->vm->suspend;
		return 0;
	default:
		g->r[0] = PSCI_RET_NOT_SUPPORTED;
		return 1;
	}
}
