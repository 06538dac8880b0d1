// SPDX-License-Identifier: BSD-2-Clause
/*
 * The ARM backend's own ioctls on /dev/vmm/NAME (uapi/vmm_dev_arch.h):
 * what the machine-independent table (core/vm.c) does not know, under
 * the VM lock like its commands.
 */
#include "vmm/types.h"
#include "vmm/arch.h"
#include "vmm/vm.h"
#include "arm_vm.h"
#include "uapi/vmm_dev.h"

static int attach_vgic(struct vm *vm, void *arg)
{
	return arm_vgic_attach(vm, arg);
}

static const struct {
	unsigned int cmd;
	int (*fn)(struct vm *vm, void *arg);
} arm_ioctls[] = {
	{ VM_ATTACH_VGIC, attach_vgic },
};

int vmm_arch_ioctl(struct vm *vm, unsigned int cmd, void *arg)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(arm_ioctls); i++)
		if (arm_ioctls[i].cmd == cmd)
			return arm_ioctls[i].fn(vm, arg);
	return -ENOTTY;
}
