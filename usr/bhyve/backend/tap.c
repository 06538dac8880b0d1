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

static int set_iff(int fd, const char *name, short flags)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = flags;
	memcpy(ifr.ifr_name, name, strlen(name));
	return ioctl(fd, TUNSETIFF, &ifr);
}

int tap_set_offload(int fd, bool csum, bool tso4, bool tso6)
{
	unsigned int f = 0;

	/* segments need checksum offload too (tun refuses them alone) */
	if (csum) {
		f |= TUN_F_CSUM;
		if (tso4)
			f |= TUN_F_TSO4;
		if (tso6)
			f |= TUN_F_TSO6;
	}
	return ioctl(fd, TUNSETOFFLOAD, f);
}

int tap_open(const char *name, bool *vnet_hdr, const char **what)
{
	int fd, e, hdr = TAP_VNET_HDR_LEN;

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
	if (*vnet_hdr &&
	    (set_iff(fd, name, IFF_TAP | IFF_NO_PI | IFF_VNET_HDR) < 0 ||
	     ioctl(fd, TUNSETVNETHDRSZ, &hdr) < 0 ||
	     tap_set_offload(fd, false, false, false) < 0)) {
		/* no headers after all: a fresh fd, plain frames */
		close(fd);
		fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0) {
			*what = "cannot open /dev/net/tun";
			return -1;
		}
		*vnet_hdr = false;
	}
	if (!*vnet_hdr && set_iff(fd, name, IFF_TAP | IFF_NO_PI) < 0) {
		e = errno;
		close(fd);
		errno = e;
		*what = "TUNSETIFF";
		return -1;
	}
	return fd;
}
