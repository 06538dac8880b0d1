// SPDX-License-Identifier: BSD-2-Clause
/* /dev/vmmctl wrappers: see vmmapi.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "vmmapi.h"

static int vmmctl_call(unsigned long cmd, void *arg)
{
	int fd, err, saved;

	fd = open(VMMCTL_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	err = ioctl(fd, cmd, arg);
	saved = errno;
	close(fd);
	errno = saved;
	return err;
}

int vmmctl_get_caps(struct vmm_caps *caps)
{
	memset(caps, 0, sizeof(*caps));
	return vmmctl_call(VMMCTL_GET_CAPS, caps);
}

int vmmctl_hyp_ping(uint32_t cookie, struct vmm_hyp_ping *ping)
{
	memset(ping, 0, sizeof(*ping));
	ping->cookie = cookie;
	return vmmctl_call(VMMCTL_HYP_PING, ping);
}

int vmmctl_vm_count(uint32_t *nvms, uint32_t *max_vms)
{
	struct vmmctl_vm_count c;

	memset(&c, 0, sizeof(c));
	if (vmmctl_call(VMMCTL_VM_COUNT, &c) < 0)
		return -1;
	*nvms = c.nvms;
	*max_vms = c.max_vms;
	return 0;
}

/* Lets tools tell "no such VM" from "no module" after an ENOENT. */
bool vmm_is_loaded(void)
{
	return access(VMMCTL_PATH, F_OK) == 0;
}

const char *vmm_errno_hint(int err)
{
	if ((err == ENOENT || err == ENODEV || err == ENXIO) && !vmm_is_loaded())
		return " (is vmm.ko loaded?)";
	return "";
}

const char *vm_create_strerror(int err, char *buf, size_t len)
{
	uint32_t n, max;
	int saved = errno;

	if (err != ENOSPC)
		snprintf(buf, len, "%s%s", strerror(err), vmm_errno_hint(err));
	else if (vmmctl_vm_count(&n, &max) == 0)
		snprintf(buf, len, "too many VMs: %u exist, the limit is %u (%s)",
			 (unsigned int)n, (unsigned int)max, strerror(err));
	else /* a module without VMMCTL_VM_COUNT */
		snprintf(buf, len, "too many VMs: the host's limit (%s)",
			 strerror(err));
	errno = saved;
	return buf;
}

static int vmmctl_vm_call(unsigned long cmd, const char *name)
{
	struct vmmctl_vm vm;

	if (!vm_name_valid(name)) {
		errno = EINVAL;
		return -1;
	}
	memset(&vm, 0, sizeof(vm));
	strcpy(vm.name, name); /* length checked by vm_name_valid */
	return vmmctl_call(cmd, &vm);
}

int vm_create(const char *name)
{
	return vmmctl_vm_call(VMMCTL_VM_CREATE, name);
}

int vmmctl_vm_destroy(const char *name)
{
	return vmmctl_vm_call(VMMCTL_VM_DESTROY, name);
}
