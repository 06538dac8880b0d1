/* SPDX-License-Identifier: BSD-2-Clause */
/* What the in-host test programs share. */
#ifndef E2E_PROGS_H
#define E2E_PROGS_H

#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "uapi/vmm_dev.h"

/* VMMCTL_VM_CREATE or VMMCTL_VM_DESTROY of name through the raw ABI. */
static inline int ctl(unsigned long cmd, const char *name)
{
	struct vmmctl_vm v;
	int fd = open("/dev/vmmctl", O_RDWR), rc;

	memset(&v, 0, sizeof(v));
	strncpy(v.name, name, sizeof(v.name) - 1);
	rc = ioctl(fd, cmd, &v);
	close(fd);
	return rc;
}

#endif
