// SPDX-License-Identifier: BSD-2-Clause
/* A VM's run directory: see rundir.h. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rundir.h"

const char *rundir_base = RUNDIR_BASE;

static int make_dir(const char *path)
{
	struct stat st;

	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		return -1;
	if (lstat(path, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	/* someone else's, or writable by others: links there are not ours */
	if (st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH))) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

int rundir_path(const char *vmname, const char *leaf, char *buf, size_t len)
{
	int n;

	if (vmname == NULL || *vmname == '\0' || strchr(vmname, '/') ||
	    vmname[0] == '.') {
		errno = EINVAL;
		return -1;
	}
	n = snprintf(buf, len, "%s/%s", rundir_base, vmname);
	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (make_dir(rundir_base) < 0 || make_dir(buf) < 0)
		return -1;
	n = snprintf(buf, len, "%s/%s/%s", rundir_base, vmname, leaf);
	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int rundir_write_pid(const char *vmname, char *path, size_t len)
{
	char tmp[512], buf[32];
	int fd, n, e;

	if (rundir_path(vmname, "pid", path, len) < 0)
		return -1;
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	(void)unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		  0644);
	if (fd < 0)
		return -1;
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (write(fd, buf, (size_t)n) != n || close(fd) < 0) {
		e = errno ? errno : EIO;
		(void)unlink(tmp);
		errno = e;
		return -1;
	}
	if (rename(tmp, path) < 0) {
		e = errno;
		(void)unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

void rundir_remove(const char *path)
{
	char dir[512];

	(void)unlink(path);
	if (snprintf(dir, sizeof(dir), "%s", path) < (int)sizeof(dir))
		(void)rmdir(dirname(dir));
}
