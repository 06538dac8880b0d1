/* SPDX-License-Identifier: BSD-2-Clause */
/* One line "bhyve: ..." on stderr: how bhyve reports every error. */
#ifndef BHYVE_ERRMSG_H
#define BHYVE_ERRMSG_H

void errmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The same, after "ORIGIN: " when origin is not NULL (config_origin). */
void errmsg_at(const char *origin, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
