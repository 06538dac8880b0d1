// SPDX-License-Identifier: BSD-2-Clause
/*
 * virtio-blk (virtio 1.2, 5.2) on a raw image: a regular file or a block
 * device, served on the vCPU thread that notified. Writes go with
 * pwritev straight from the guest's buffers; a flush is fdatasync, and
 * requests are served one after the other in ring order, so a flush
 * completes after every write before it is on stable storage.
 *
 * Reads from an image file copy from a read-only shared mapping of the
 * whole file into the guest's buffers (the same page cache pwritev writes
 * to, so they see every write): for what is in the page cache, a
 * user-space copy costs far less than preadv's path through the kernel
 * per page (make bench, docs/performance.md). A block device, mostly read
 * cold, where the mapping's page faults only add to the I/O, and a file
 * that does not map (too large for a 32-bit address space, VBLK_MAP_MAX)
 * are read with preadv. A page of the mapping that cannot be
 * read (the image shrank, a device's read error) raises SIGBUS: the
 * handler sends the copy back to its start, and the request fails with
 * VIRTIO_BLK_S_IOERR.
 *
 * Variables: virtio.<slot>.path (the image, required), .ro (bool: offer
 * VIRTIO_BLK_F_RO and open read-only), .serial (GET_ID, up to 20 bytes;
 * default "BHYV" and 16 hex digits of a hash of the path).
 */
#define _FILE_OFFSET_BITS 64 /* images past 2 GiB on 32-bit ARM */
#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/fs.h> /* BLKGETSIZE64 */

#include "virtio_devs.h"
#include "devemu.h"
#include "virtio/virtio.h"

/* Feature bits (5.2.3) */
#define VIRTIO_BLK_F_SEG_MAX  2
#define VIRTIO_BLK_F_RO	      5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH    9

/* Request types and status (5.2.6) */
#define VIRTIO_BLK_T_IN	    0
#define VIRTIO_BLK_T_OUT    1
#define VIRTIO_BLK_T_FLUSH  4
#define VIRTIO_BLK_T_GET_ID 8
#define VIRTIO_BLK_S_OK	    0
#define VIRTIO_BLK_S_IOERR  1
#define VIRTIO_BLK_S_UNSUPP 2

#define VBLK_SECTOR    512u
#define VBLK_ID_BYTES  20
#define VBLK_QUEUE_MAX 256
#define VBLK_SEG_MAX   256 /* data segments (1 MiB of pages); header and status on top */
#define VBLK_IOV       (VBLK_SEG_MAX + 2)
#define VBLK_CFG_SIZE  24  /* up to blk_size (5.2.4) */
#define VBLK_MAX_XFER  (1u << 30)
#define VBLK_MAP_MAX   (1ULL << 30) /* larger images: preadv */

struct vblk {
	int fd;
	bool ro;
	uint64_t sectors;
	const uint8_t *map; /* the image, read-only, or NULL: preadv */
	size_t map_len;
	char serial[VBLK_ID_BYTES + 1];
	uint8_t cfg[VBLK_CFG_SIZE];
	struct iovec iov[VBLK_IOV];
	struct iovec data[VBLK_IOV];
};

struct vblk_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

/* All of iov, at off, despite short transfers; -1 and errno. */
static int rw_all(int fd, bool write, struct iovec *iov, unsigned int n,
		  off_t off)
{
	ssize_t r;

	while (n > 0) {
		r = write ? pwritev(fd, iov, (int)n, off)
			  : preadv(fd, iov, (int)n, off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0) {
			errno = EIO; /* the image shrank under us */
			return -1;
		}
		off += r;
		while (n > 0 && (size_t)r >= iov->iov_len) {
			r -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (uint8_t *)iov->iov_base + r;
			iov->iov_len -= (size_t)r;
		}
	}
	return 0;
}

/*
 * The mapped reads' SIGBUS: a thread copying from the image has copy_jmp
 * set; any other SIGBUS is not ours and gets the default action (the
 * handler returns, the access faults again, the process ends). Volatile:
 * memcpy cannot read it, so the compiler would drop the store before it.
 */
static __thread sigjmp_buf *volatile copy_jmp;
static pthread_once_t sigbus_once = PTHREAD_ONCE_INIT;

static void sigbus_handler(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	if (copy_jmp != NULL)
		siglongjmp(*copy_jmp, 1);
	signal(sig, SIG_DFL);
}

static void sigbus_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = sigbus_handler;
	/* not blocked in the handler: siglongjmp need not restore a mask */
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
}

/* iov[0, n) from the mapped image at off (checked in range); -1: EIO */
static int read_mapped(const struct vblk *b, const struct iovec *iov,
		       unsigned int n, uint64_t off)
{
	sigjmp_buf jb;
	const uint8_t *volatile src = b->map + off;
	volatile unsigned int i;

	if (sigsetjmp(jb, 0) != 0) {
		copy_jmp = NULL;
		errno = EIO;
		return -1;
	}
	copy_jmp = &jb;
	for (i = 0; i < n; i++) {
		memcpy(iov[i].iov_base, src, iov[i].iov_len);
		src += iov[i].iov_len;
	}
	copy_jmp = NULL;
	return 0;
}

/*
 * 5.2.6.1: whole sectors, all of them inside the image; and no more than
 * one transfer can carry on a 32-bit host (ssize_t).
 */
static bool in_range(const struct vblk *b, uint64_t sector, uint64_t len)
{
	return len % VBLK_SECTOR == 0 && len <= VBLK_MAX_XFER &&
	       sector <= b->sectors &&
	       len / VBLK_SECTOR <= b->sectors - sector;
}

/* One request; returns the bytes written into the chain (5.2.6). */
static uint32_t vblk_chain(void *arg, struct iovec *iov,
			   const struct vq_chain *ch)
{
	struct vblk *b = arg;
	struct vblk_hdr h;
	struct iovec *last;
	uint64_t dlen;
	unsigned int nd;
	uint8_t status = VIRTIO_BLK_S_OK;
	uint32_t done = 0;
	char id[VBLK_ID_BYTES];

	/* a header to read and a status byte to write, or nothing to say */
	if (ch->read_len < sizeof(h) || ch->nwrite == 0)
		return 0;
	iov_to_buf(iov, ch->nread, &h, sizeof(h));
	h.type = le32toh(h.type);
	h.sector = le64toh(h.sector);
	last = &iov[ch->nread + ch->nwrite - 1];

	switch (h.type) {
	case VIRTIO_BLK_T_IN:
		dlen = ch->write_len - 1;
		nd = iov_slice(iov + ch->nread, ch->nwrite, 0, dlen, b->data,
			       VBLK_IOV);
		if (!in_range(b, h.sector, dlen))
			status = VIRTIO_BLK_S_IOERR;
		else if (b->map != NULL ?
				 read_mapped(b, b->data, nd,
					     h.sector * VBLK_SECTOR) < 0 :
				 rw_all(b->fd, false, b->data, nd,
					(off_t)(h.sector * VBLK_SECTOR)) < 0)
			status = VIRTIO_BLK_S_IOERR;
		else
			done = (uint32_t)dlen;
		break;
	case VIRTIO_BLK_T_OUT:
		dlen = ch->read_len - sizeof(h);
		nd = iov_slice(iov, ch->nread, sizeof(h), dlen, b->data,
			       VBLK_IOV);
		/* 5.2.6.2: a read-only device fails writes it is sent */
		if (b->ro || !in_range(b, h.sector, dlen) ||
		    rw_all(b->fd, true, b->data, nd,
			   (off_t)(h.sector * VBLK_SECTOR)) < 0)
			status = VIRTIO_BLK_S_IOERR;
		break;
	case VIRTIO_BLK_T_FLUSH:
		if (fdatasync(b->fd) < 0)
			status = VIRTIO_BLK_S_IOERR;
		break;
	case VIRTIO_BLK_T_GET_ID:
		/* 20 bytes, NUL-padded when shorter (5.2.6) */
		memset(id, 0, sizeof(id));
		memcpy(id, b->serial, strlen(b->serial));
		done = (uint32_t)iov_from_buf(iov + ch->nread, ch->nwrite, id,
					      ch->write_len - 1 < sizeof(id) ?
						      ch->write_len - 1 :
						      sizeof(id));
		break;
	default:
		status = VIRTIO_BLK_S_UNSUPP;
		break;
	}
	((uint8_t *)last->iov_base)[last->iov_len - 1] = status;
	return done + 1;
}

static void vblk_notify(void *sc, struct vmmio *vm, unsigned int q)
{
	struct vblk *b = sc;

	vmmio_drain(vm, q, b->iov, VBLK_IOV, vblk_chain, b);
}

static void vblk_cfg_read(void *sc, uint32_t off, void *buf, unsigned int len)
{
	memcpy(buf, ((struct vblk *)sc)->cfg + off, len);
}

static void vblk_destroy(void *sc)
{
	struct vblk *b = sc;

	if (b->map != NULL)
		munmap((void *)b->map, b->map_len);
	close(b->fd);
	free(b);
}

static const struct virtio_dev_ops vblk_ops = {
	.name = "virtio-blk",
	.device_id = VIRTIO_ID_BLOCK,
	.nqueues = 1,
	.queue_max = VBLK_QUEUE_MAX,
	.config_size = VBLK_CFG_SIZE,
	.cfg_read = vblk_cfg_read,
	.notify = vblk_notify,
	.destroy = vblk_destroy,
};

static void put_le32(uint8_t *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, 4);
}

static void put_le64(uint8_t *p, uint64_t v)
{
	v = htole64(v);
	memcpy(p, &v, 8);
}

/* FNV-1a: a stable serial per image path */
static void default_serial(char *out, const char *path)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *path != '\0'; path++)
		h = (h ^ (uint8_t)*path) * 0x100000001b3ULL;
	snprintf(out, VBLK_ID_BYTES + 1, "BHYV%016llx", (unsigned long long)h);
}

/* Reads from a mapping when the image maps (see the top of the file). */
static void map_image(struct vblk *b)
{
	uint64_t len = b->sectors * VBLK_SECTOR;
	void *p;

	if (len == 0 || len > VBLK_MAP_MAX)
		return;
	p = mmap(NULL, (size_t)len, PROT_READ, MAP_SHARED, b->fd, 0);
	if (p == MAP_FAILED)
		return; /* no room: preadv */
	pthread_once(&sigbus_once, sigbus_install);
	b->map = p;
	b->map_len = (size_t)len;
}

static int open_image(struct vblk *b, const char *path, char *err,
		      size_t errlen)
{
	struct stat st;
	uint64_t bytes;

	/* O_NONBLOCK: a FIFO must not hang us before fstat refuses it */
	b->fd = open(path, (b->ro ? O_RDONLY : O_RDWR) | O_CLOEXEC |
				   O_NONBLOCK);
	if (b->fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(b->fd, &st) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISREG(st.st_mode)) {
		bytes = (uint64_t)st.st_size;
	} else if (S_ISBLK(st.st_mode)) {
		if (ioctl(b->fd, BLKGETSIZE64, &bytes) < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
	} else {
		snprintf(err, errlen,
			 "%s: not a regular file or block device", path);
		return -1;
	}
	b->sectors = bytes / VBLK_SECTOR;
	if (S_ISREG(st.st_mode))
		map_image(b);
	return 0;
}

struct vmmio *virtio_blk_create(const struct virtio_slot_args *a)
{
	const char *path = virtio_slot_get(a->slot, "path");
	const char *serial = virtio_slot_get(a->slot, "serial");
	const char *ro = virtio_slot_get(a->slot, "ro");
	struct vblk *b;
	struct vmmio *vm;
	uint64_t features;

	if (path == NULL || *path == '\0') {
		snprintf(a->err, a->errlen, "no image: virtio.%u.path is not set",
			 a->slot);
		return NULL;
	}
	if (serial != NULL && strlen(serial) > VBLK_ID_BYTES) {
		snprintf(a->err, a->errlen, "serial is longer than %d bytes",
			 VBLK_ID_BYTES);
		return NULL;
	}
	b = calloc(1, sizeof(*b));
	if (b == NULL) {
		snprintf(a->err, a->errlen, "%s", strerror(errno));
		return NULL;
	}
	b->fd = -1;
	if (ro != NULL && config_parse_bool(ro, &b->ro) < 0) {
		snprintf(a->err, a->errlen, "ro: invalid value '%s'", ro);
		free(b);
		return NULL;
	}
	if (open_image(b, path, a->err, a->errlen) < 0) {
		if (b->fd >= 0)
			close(b->fd);
		free(b);
		return NULL;
	}
	if (serial != NULL)
		snprintf(b->serial, sizeof(b->serial), "%s", serial);
	else
		default_serial(b->serial, path);
	put_le64(b->cfg + 0, b->sectors);	 /* capacity */
	put_le32(b->cfg + 12, VBLK_SEG_MAX);	 /* seg_max */
	put_le32(b->cfg + 20, VBLK_SECTOR);	 /* blk_size */
	features = VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX) |
		   VIRTIO_BIT(VIRTIO_BLK_F_BLK_SIZE) |
		   VIRTIO_BIT(VIRTIO_BLK_F_FLUSH);
	if (b->ro)
		features |= VIRTIO_BIT(VIRTIO_BLK_F_RO);
	vm = vmmio_create(&vblk_ops, b, features, a->mem);
	if (vm == NULL) {
		snprintf(a->err, a->errlen, "%s", strerror(errno));
		vblk_destroy(b);
	}
	return vm;
}

static const char *const blk_keys[] = { "path", "ro", "serial", NULL };

/* -s SLOT,virtio-blk...: the variables under virtio.<slot>. it reads */
static const struct devemu blk_devemu = {
	.de_name = "virtio-blk",
	.de_kind = DEVEMU_VIRTIO,
	.de_order = 1,
	.de_keys = blk_keys,
	.de_first_word = "path",
	.de_create = virtio_blk_create,
};
DEVEMU_SET(blk_devemu);
