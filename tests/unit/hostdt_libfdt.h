/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * struct hostdt_ops over libfdt, for running hostdt_probe() natively on a
 * device tree blob held in memory.  A node handle is its fdt offset + 1 so
 * that the root (offset 0) is not mistaken for "no node".
 */
#ifndef HOSTDT_LIBFDT_H
#define HOSTDT_LIBFDT_H

#include <stddef.h>

#include "arm/hostdt.h"

struct hostdt_fdt {
	const void *fdt;
	int refs;	/* node references handed out and not yet put */
	int bad_puts;	/* put() of 0, or more puts than references */
};

extern const struct hostdt_ops hostdt_libfdt_ops;

/* 0 if blob (size bytes) is a sane FDT; -EINVAL otherwise */
int hostdt_fdt_init(struct hostdt_fdt *h, const void *blob, size_t size);

/* read a whole file into a malloc()ed buffer; NULL on error */
void *hostdt_fdt_load(const char *path, size_t *sizep);

#endif /* HOSTDT_LIBFDT_H */
