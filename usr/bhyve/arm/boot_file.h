/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The files a VM boots from (firmware, kernel, initrd, a raw image),
 * opened and checked before the VM is made so that a bad one never
 * creates it, and read without ever blocking on a FIFO.
 */
#ifndef BHYVE_ARM_BOOT_FILE_H
#define BHYVE_ARM_BOOT_FILE_H

#include <stddef.h>
#include <stdint.h>

/*
 * A regular file of 1..max bytes, opened: *fdp (set as soon as it is
 * open, for the caller to close) and *sizep. An error is one line on
 * stderr naming what ("kernel", "bootrom"...) and path; then -1.
 */
int boot_file_open(const char *what, const char *path, uint64_t max,
		   int *fdp, size_t *sizep);

/* Its first len bytes into p. 0, or -1 after one line. */
int boot_file_read(int fd, uint8_t *p, size_t len, const char *what,
		   const char *path);

#endif
