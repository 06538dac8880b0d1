// SPDX-License-Identifier: BSD-2-Clause
/* The files a VM boots from: see boot_file.h. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boot_file.h"
#include "errmsg.h"

#define MIB ((uint64_t)1 << 20)

/*
 * A regular file of 1..max bytes, opened. stat before open: open() of a
 * FIFO blocks until a writer comes; O_NONBLOCK and fstat cover a FIFO
 * put there in between.
 */
int boot_file_open(const char *what, const char *path, uint64_t max,
		   int *fdp, size_t *sizep)
{
	struct stat st;
	int fd;

	if (stat(path, &st) < 0) {
		errmsg("%s %s: %s", what, path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		errmsg("%s %s: not a regular file", what, path);
		return -1;
	}
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		errmsg("%s %s: %s", what, path, strerror(errno));
		return -1;
	}
	*fdp = fd;
	if (fstat(fd, &st) < 0) {
		errmsg("%s %s: %s", what, path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		errmsg("%s %s: not a regular file", what, path);
		return -1;
	}
	if (st.st_size == 0) {
		errmsg("%s %s: empty file", what, path);
		return -1;
	}
	if ((uint64_t)st.st_size > max) {
		errmsg("%s %s: %jd bytes, more than the %" PRIu64
		       " MiB that can fit",
		       what, path, (intmax_t)st.st_size, max / MIB);
		return -1;
	}
	*sizep = (size_t)st.st_size;
	return 0;
}

int boot_file_read(int fd, uint8_t *p, size_t len, const char *what,
		   const char *path)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = pread(fd, p + done, len - done, (off_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			errmsg("%s %s: %s", what, path,
			       n < 0 ? strerror(errno) :
				       "file shrank while loading");
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}
