/* SPDX-License-Identifier: BSD-2-Clause */
/* libvmmapi's ARM calls: the ioctls of uapi/vmm_dev_arch.h. */
#include <string.h>
#include <sys/ioctl.h>

#include "vmmapi.h"

int vm_attach_vgic(struct vmctx *ctx, uint64_t dist_start, size_t dist_size,
		   uint64_t cpu_start, size_t cpu_size)
{
	struct vm_vgic_desc d;

	memset(&d, 0, sizeof(d));
	d.dist_gpa = dist_start;
	d.dist_size = dist_size;
	d.cpu_gpa = cpu_start;
	d.cpu_size = cpu_size;
	return ioctl(vm_get_device_fd(ctx), VM_ATTACH_VGIC, &d);
}
