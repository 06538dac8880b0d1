// SPDX-License-Identifier: BSD-2-Clause
/* The tap backend: see tap.h. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/if.h>
#include <linux/if_tun.h>

#include "tap.h"

int tap_open(const char *name, const char **what)
{
	struct ifreq ifr;
	int fd, e;

	if (name == NULL || *name == '\0' || strlen(name) >= IFNAMSIZ) {
		*what = "bad interface name";
		errno = EINVAL;
		return -1;
	}
	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		*what = "cannot open /dev/net/tun";
		return -1;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	memcpy(ifr.ifr_name, name, strlen(name));
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		e = errno;
		close(fd);
		errno = e;
		*what = "TUNSETIFF";
		return -1;
	}
	return fd;
}
