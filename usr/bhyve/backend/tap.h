/* SPDX-License-Identifier: BSD-2-Clause */
/* A Linux tap interface as a network backend (TUNSETIFF, IFF_TAP). */
#ifndef BHYVE_TAP_H
#define BHYVE_TAP_H

#include <stdbool.h>

/*
 * Opens /dev/net/tun as the tap interface name (created if missing and
 * allowed), non-blocking, frames without packet information (IFF_NO_PI).
 * The fd, or -1 and errno; *what says which step failed.
 *
 * With vnet_hdr, every frame read or written starts with a virtio-net
 * header of TAP_VNET_HDR_LEN bytes (IFF_VNET_HDR, TUNSETVNETHDRSZ), which
 * carries checksum and segmentation offloads (none offered to the reader
 * until tap_set_offload); *vnet_hdr says false if the kernel refused it.
 */
#define TAP_VNET_HDR_LEN 12
int tap_open(const char *name, bool *vnet_hdr, const char **what);
/*
 * What the reader of fd takes (TUNSETOFFLOAD): partial checksums
 * (csum), TCP segments up to 64 KiB over IPv4 (tso4) and IPv6 (tso6).
 */
int tap_set_offload(int fd, bool csum, bool tso4, bool tso6);

#endif
