/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The polite power-off request (an ACPI power button's job on a PC):
 * SIGTERM, the way systemd and init scripts stop a service, presses the
 * machine's power button (the board's PL061 key, gpio-keys in the
 * guest's device tree) and gives the guest poweroff.timeout seconds to
 * power off by itself. If it has not by then, bhyve stops the vCPUs,
 * destroys the VM and exits with BHYVE_EXIT_FORCED. A second SIGTERM
 * does not wait: it stops the VM at once, as SIGINT and SIGHUP always
 * do. poweroff.timeout=0 restores that for SIGTERM too.
 *
 *	poweroff.timeout	seconds, 0 to 86400; default 30
 */
#ifndef BHYVE_POWEROFF_H
#define BHYVE_POWEROFF_H

#include <stdbool.h>

#define POWEROFF_TIMEOUT_DEFAULT 30
#define POWEROFF_TIMEOUT_MAX	 86400

/* This file's i-th variable (poweroff.timeout), NULL past the last. */
const char *poweroff_var(unsigned int i);

/* Reads poweroff.timeout before the VM exists: 0, or -1 after one line. */
int poweroff_check(void);

/*
 * Before the event loop starts: the request's pipe and its event.
 * expired runs on the event thread when the guest let the timeout pass
 * (or no device could take the request): it stops the VM. 0, or -1 and
 * errno.
 */
int poweroff_init(void (*expired)(void));

/*
 * From the SIGTERM handler (async-signal-safe): 0 if that made the
 * polite request, -1 if the caller is to stop the VM at once (a second
 * SIGTERM, poweroff.timeout=0, or before poweroff_init).
 */
int poweroff_request(void);

/* Whether the timeout ran out (the status is then BHYVE_EXIT_FORCED). */
bool poweroff_expired(void);

/* After the event loop stopped. */
void poweroff_fini(void);

#endif
