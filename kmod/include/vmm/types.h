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

/*
 * A hot-path local that is written before it is read: spared the zeroing
 * a hardened host kernel gives every stack variable
 * (CONFIG_INIT_STACK_ALL_ZERO, -ftrivial-auto-var-init=zero).
 */
#if defined(__has_attribute)
#if __has_attribute(__uninitialized__)
#define VMM_NOINIT __attribute__((__uninitialized__))
#endif
#endif
#ifndef VMM_NOINIT
#define VMM_NOINIT
#endif

#endif /* VMM_TYPES_H */
