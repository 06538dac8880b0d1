/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The one place machine-independent kernel code gets its basic types, errno
 * values and string functions from. Everything under kmod/core and kmod/arm
 * includes this instead of an OS header, so the same files build into the
 * Linux module, a future FreeBSD module and the native unit tests.
 */
#ifndef VMM_TYPES_H
#define VMM_TYPES_H

#if defined(__KERNEL__) && defined(__linux__)
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/stddef.h>
#else /* native build: unit tests on the build machine */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <string.h>
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#endif /* VMM_TYPES_H */
