/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libvmmapi: the userspace face of vmm.ko, one thin function per ioctl,
 * with FreeBSD libvmmapi's names and conventions (-1 and errno on error).
 */
#ifndef VMMAPI_H
#define VMMAPI_H

#include <stdint.h>
#include "uapi/vmm_dev.h"

#define VMMCTL_PATH "/dev/" VMMCTL_DEV_NAME

/* Host-wide queries through /dev/vmmctl. */
int vmmctl_get_caps(struct vmm_caps *caps);
int vmmctl_hyp_ping(uint32_t cookie, struct vmm_hyp_ping *ping);

#endif
