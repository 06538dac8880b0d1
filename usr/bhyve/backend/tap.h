/* SPDX-License-Identifier: BSD-2-Clause */
/* A Linux tap interface as a network backend (TUNSETIFF, IFF_TAP). */
#ifndef BHYVE_TAP_H
#define BHYVE_TAP_H

/*
 * Opens /dev/net/tun as the tap interface name (created if missing and
 * allowed), non-blocking, frames without packet information (IFF_NO_PI).
 * The fd, or -1 and errno; *what says which step failed.
 */
int tap_open(const char *name, const char **what);

#endif
