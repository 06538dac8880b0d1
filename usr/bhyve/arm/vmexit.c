// SPDX-License-Identifier: BSD-2-Clause
/*
 * The exits vmm.ko hands to bhyve on ARM, one handler each by exit code
 * (bhyverun.h): an MMIO access to the bus (mem.h), the guest's PSCI
 * SYSTEM_OFF/RESET, and a trap the module could not decode (its HSR and
 * fault registers reported).
 */
#include <inttypes.h>
#include <stdio.h>

#include "vmmapi.h"

#include "bhyverun.h"
#include "errmsg.h"
#include "mem.h"

static int vmexit_bogus(struct vcpu *vcpu, struct vm_exit *vme)
{
	(void)vcpu;
	(void)vme;
	return VMEXIT_CONTINUE;
}

static int vmexit_inst_emul(struct vcpu *vcpu, struct vm_exit *vme)
{
	uint64_t val = vme->u.mmio.data;
	int err;

	/* no global lock: the bus is sealed, each device locks itself */
	err = emulate_mem(vcpu_id(vcpu), vme->u.mmio.gpa,
			  (int)vme->u.mmio.size, vme->u.mmio.write != 0, &val);
	if (err < 0) {
		errmsg("vm %s: vcpu %d: MMIO access of invalid size %u at "
		       "%#" PRIx64 " (pc %#" PRIx64 ")",
		       vmname, vcpu_id(vcpu), vme->u.mmio.size,
		       (uint64_t)vme->u.mmio.gpa, (uint64_t)vme->pc);
		return BHYVE_EXIT_ERROR;
	}
	/* the module loads this into the register on the next VM_RUN */
	if (!vme->u.mmio.write)
		vme->u.mmio.data = val;
	return VMEXIT_CONTINUE;
}

static int vmexit_suspend(struct vcpu *vcpu, struct vm_exit *vme)
{
	uint32_t how = vme->u.suspended.how;

	switch (how) {
	case VM_SUSPEND_RESET:
		return BHYVE_EXIT_RESET;
	case VM_SUSPEND_POWEROFF:
		return BHYVE_EXIT_POWEROFF;
	case VM_SUSPEND_HALT:
		return BHYVE_EXIT_HALT;
	}
	errmsg("vm %s: vcpu %d: suspended for an unknown reason %u", vmname,
	       vcpu_id(vcpu), how);
	return BHYVE_EXIT_ERROR;
}

static int vmexit_hyp(struct vcpu *vcpu, struct vm_exit *vme)
{

	errmsg("vm %s: vcpu %d: unhandled trap: hsr 0x%08x (EC 0x%02x) "
	       "pc 0x%08" PRIx64 " hdfar 0x%08x hifar 0x%08x hpfar 0x%08x",
	       vmname, vcpu_id(vcpu), vme->u.hyp.hsr, vme->u.hyp.hsr >> 26,
	       (uint64_t)vme->pc, vme->u.hyp.hdfar, vme->u.hyp.hifar,
	       vme->u.hyp.hpfar);
	return BHYVE_EXIT_ERROR;
}

static const vmexit_handler_t handlers[VM_EXITCODE_MAX] = {
	[VM_EXITCODE_BOGUS] = vmexit_bogus,
	[VM_EXITCODE_INST_EMUL] = vmexit_inst_emul,
	[VM_EXITCODE_SUSPENDED] = vmexit_suspend,
	[VM_EXITCODE_HYP] = vmexit_hyp,
};

vmexit_handler_t vmexit_handler(unsigned int code)
{
	return code < VM_EXITCODE_MAX ? handlers[code] : NULL;
}
