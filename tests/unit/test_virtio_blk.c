// SPDX-License-Identifier: BSD-2-Clause
/*
 * virtio-blk (usr/bhyve/dev/virtio_blk.c) end to end through the
 * virtio-mmio registers, against a temporary image file: reads, writes,
 * flush, GET_ID, requests past the end, read-only images, broken chains;
 * reads served from the mapped image (no preadv) and an image that shrank
 * under the mapping; a flush's order against the writes around it. The
 * image's preadv, pwritev and fdatasync go through the wrappers below
 * (-Wl,--wrap in the Makefile), which count and log them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "virtio_stubs.h"
#include "usr/bhyve/config.h"
#include "usr/bhyve/dev/virtio_devs.h"
#include "usr/bhyve/virtio/virtio.h"

#define R(off)	    vmmio_read(vm, off, 4)
#define W(off, val) vmmio_write(vm, off, 4, val)

#define HDR  (TG_DATA)
#define BUF  (TG_DATA + 0x1000)
#define STAT (TG_DATA + 0x100)
#define IMG_SECTORS 8

static struct tguest g;
static struct vmmio *vm;
static char img[64];
static char err[256];

/* ---- the image's system calls, logged ---------------------------------- */

ssize_t __real_preadv64(int fd, const struct iovec *iov, int n, off_t off);
ssize_t __real_pwritev64(int fd, const struct iovec *iov, int n, off_t off);
int __real_fdatasync(int fd);
ssize_t __wrap_preadv64(int fd, const struct iovec *iov, int n, off_t off);
ssize_t __wrap_pwritev64(int fd, const struct iovec *iov, int n, off_t off);
int __wrap_fdatasync(int fd);

#define LOG_MAX 16
struct call {
	char what; /* 'W' pwritev, 'F' fdatasync */
	off_t off; /* pwritev's offset */
	uint16_t used; /* used->idx when the call was made */
};
static struct call calls[LOG_MAX];
static unsigned int ncalls, npreadv;
static int fdatasync_errno; /* fail the next fdatasync with it */

static void log_call(char what, off_t off)
{
	if (ncalls < LOG_MAX)
		calls[ncalls++] = (struct call){ what, off, tg_used_idx(&g) };
}

ssize_t __wrap_preadv64(int fd, const struct iovec *iov, int n, off_t off)
{
	npreadv++;
	return __real_preadv64(fd, iov, n, off);
}

ssize_t __wrap_pwritev64(int fd, const struct iovec *iov, int n, off_t off)
{
	log_call('W', off);
	return __real_pwritev64(fd, iov, n, off);
}

int __wrap_fdatasync(int fd)
{
	log_call('F', 0);
	if (fdatasync_errno != 0) {
		errno = fdatasync_errno;
		fdatasync_errno = 0;
		return -1;
	}
	return __real_fdatasync(fd);
}

static void make_image(void)
{
	uint8_t buf[IMG_SECTORS * 512 + 100]; /* a partial sector at the end */
	unsigned int i;
	int fd;

	strcpy(img, "/tmp/test_virtio_blk.XXXXXX");
	fd = mkstemp(img);
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i / 512 + 1); /* sector n holds n + 1 */
	if (fd < 0 || write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
		FAIL("cannot write the test image");
	close(fd);
}

static struct vmmio *create(const char *ro, const char *serial)
{
	struct virtio_slot_args a = { 2, "vm", &g.mem, err, sizeof(err) };

	init_config();
	set_config_value("virtio.2.device", "virtio-blk");
	set_config_value("virtio.2.path", img);
	if (ro)
		set_config_value("virtio.2.ro", ro);
	if (serial)
		set_config_value("virtio.2.serial", serial);
	err[0] = '\0';
	return virtio_blk_create(&a);
}

/* a driver bringing the device up with all it offers (3.1.1) */
static bool start(const char *ro, const char *serial)
{
	stub_reset();
	ncalls = npreadv = 0;
	fdatasync_errno = 0;
	make_image();
	tg_init(&g, 8);
	vm = create(ro, serial);
	if (vm == NULL)
		return false;
	W(VMMIO_STATUS, VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER);
	W(VMMIO_DEVICE_FEATURES_SEL, 0);
	W(VMMIO_DRIVER_FEATURES_SEL, 0);
	W(VMMIO_DRIVER_FEATURES, R(VMMIO_DEVICE_FEATURES));
	W(VMMIO_DRIVER_FEATURES_SEL, 1);
	W(VMMIO_DRIVER_FEATURES, 1);
	W(VMMIO_STATUS, VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER |
				VIRTIO_S_FEATURES_OK);
	W(VMMIO_QUEUE_SEL, 0);
	W(VMMIO_QUEUE_NUM, 8);
	W(VMMIO_QUEUE_DESC_LOW, (uint32_t)g.desc);
	W(VMMIO_QUEUE_DRIVER_LOW, (uint32_t)g.avail);
	W(VMMIO_QUEUE_DEVICE_LOW, (uint32_t)g.used);
	W(VMMIO_QUEUE_READY, 1);
	W(VMMIO_STATUS, R(VMMIO_STATUS) | VIRTIO_S_DRIVER_OK);
	return R(VMMIO_STATUS) == (VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER |
				   VIRTIO_S_FEATURES_OK | VIRTIO_S_DRIVER_OK);
}

static void stop(void)
{
	vmmio_destroy(vm);
	vm = NULL;
	tg_fini(&g);
	unlink(img);
}

static uint32_t used_len;

/* header, one data buffer (none if len 0), status; returns the status */
static int request(uint32_t type, uint64_t sector, uint32_t len,
		   bool device_writes)
{
	uint32_t h[4] = { type, 0, (uint32_t)sector, (uint32_t)(sector >> 32) };
	uint16_t before = tg_used_idx(&g), d = 0;
	uint32_t id;

	memcpy(tg_ptr(&g, HDR), h, sizeof(h));
	*(uint8_t *)tg_ptr(&g, STAT) = 0xee;
	tg_desc(&g, d, HDR, 16, VRING_DESC_F_NEXT, d + 1);
	d++;
	if (len) {
		tg_desc(&g, d, BUF, len,
			VRING_DESC_F_NEXT |
				(device_writes ? VRING_DESC_F_WRITE : 0),
			d + 1);
		d++;
	}
	tg_desc(&g, d, STAT, 1, VRING_DESC_F_WRITE, 0);
	tg_avail(&g, 0);
	W(VMMIO_QUEUE_NOTIFY, 0);
	if (tg_used_idx(&g) != (uint16_t)(before + 1))
		return -1;
	tg_used_elem(&g, before, &id, &used_len);
	return *(uint8_t *)tg_ptr(&g, STAT);
}

static uint8_t file_byte(off_t off)
{
	uint8_t b = 0;
	int fd = open(img, O_RDONLY);

	if (pread(fd, &b, 1, off) != 1)
		b = 0;
	close(fd);
	return b;
}

static off_t file_size(void)
{
	struct stat st;

	return stat(img, &st) == 0 ? st.st_size : -1;
}

TEST(config_and_features)
{
	ASSERT_TRUE(start(NULL, NULL));
	EXPECT_EQ(vmmio_read(vm, VMMIO_CONFIG, 8), IMG_SECTORS);
	EXPECT_EQ(vmmio_read(vm, VMMIO_CONFIG + 12, 4), 256); /* seg_max */
	EXPECT_EQ(vmmio_read(vm, VMMIO_CONFIG + 20, 4), 512); /* blk_size */
	W(VMMIO_DEVICE_FEATURES_SEL, 0);
	EXPECT_EQ(R(VMMIO_DEVICE_FEATURES) & ((1u << 2) | (1u << 5) |
					      (1u << 6) | (1u << 9)),
		  (1u << 2) | (1u << 6) | (1u << 9)); /* no RO */
	EXPECT_EQ(R(VMMIO_DEVICE_ID), 2);
	stop();
}

TEST(read_write_flush)
{
	uint8_t *buf;

	ASSERT_TRUE(start(NULL, NULL));
	buf = tg_ptr(&g, BUF);
	EXPECT_EQ(request(0, 3, 1024, true), 0); /* IN sectors 3-4 */
	EXPECT_EQ(used_len, 1025);
	EXPECT_EQ(buf[0], 4);
	EXPECT_EQ(buf[1023], 5);
	memset(buf, 0xab, 512);
	EXPECT_EQ(request(1, 7, 512, false), 0); /* OUT the last sector */
	EXPECT_EQ(used_len, 1);
	EXPECT_EQ(file_byte(7 * 512), 0xab);
	EXPECT_EQ(file_byte(8 * 512), 9); /* the partial sector: untouched */
	EXPECT_EQ(file_byte(6 * 512 + 511), 7);
	EXPECT_EQ(request(4, 0, 0, false), 0); /* FLUSH */
	EXPECT_EQ(request(99, 0, 0, false), 2); /* UNSUPP */
	stop();
}

TEST(scattered_read_through_indirect_table)
{
	uint64_t tbl = TG_DATA + 0x8000;
	uint32_t h[4] = { 0, 0, 1, 0 };

	ASSERT_TRUE(start(NULL, NULL));
	memcpy(tg_ptr(&g, HDR), h, sizeof(h));
	tg_desc_at(&g, tbl, 0, HDR, 16, VRING_DESC_F_NEXT, 1);
	tg_desc_at(&g, tbl, 1, BUF + 0x2000, 100, 3, 2);
	tg_desc_at(&g, tbl, 2, BUF, 412, 3, 3);
	tg_desc_at(&g, tbl, 3, BUF + 0x3000, 512, 3, 4);
	tg_desc_at(&g, tbl, 4, STAT, 1, VRING_DESC_F_WRITE, 0);
	tg_desc(&g, 5, tbl, 5 * 16, VRING_DESC_F_INDIRECT, 0);
	tg_avail(&g, 5);
	W(VMMIO_QUEUE_NOTIFY, 0);
	EXPECT_EQ(tg_used_idx(&g), 1);
	EXPECT_EQ(*(uint8_t *)tg_ptr(&g, STAT), 0);
	EXPECT_EQ(*(uint8_t *)tg_ptr(&g, BUF + 0x2000), 2);
	EXPECT_EQ(*(uint8_t *)tg_ptr(&g, BUF + 411), 2);
	EXPECT_EQ(*(uint8_t *)tg_ptr(&g, BUF + 0x3000 + 511), 3);
	stop();
}

TEST(requests_past_the_end)
{
	off_t size;

	ASSERT_TRUE(start(NULL, NULL));
	size = file_size();
	memset(tg_ptr(&g, BUF), 0xcd, 1024);
	/* sector 7 is the last: 2 sectors from it do not fit, nothing lands */
	EXPECT_EQ(request(1, 7, 1024, false), 1);
	EXPECT_EQ(file_byte(7 * 512), 8);
	EXPECT_EQ(file_size(), size);
	EXPECT_EQ(request(1, 8, 512, false), 1);
	EXPECT_EQ(request(0, 8, 512, true), 1);
	EXPECT_EQ(used_len, 1);
	EXPECT_EQ(request(0, ~0ULL, 512, true), 1);
	EXPECT_EQ(request(0, 1ULL << 55, 512, true), 1); /* * 512 wraps */
	EXPECT_EQ(request(1, 0, 100, false), 1); /* not whole sectors */
	EXPECT_EQ(file_byte(0), 1);
	EXPECT_EQ(file_size(), size);
	EXPECT_EQ(request(0, 8, 0, true), 0); /* empty, at the end: fine */
	stop();
}

TEST(get_id)
{
	char id[21] = { 0 };

	ASSERT_TRUE(start(NULL, NULL));
	memset(tg_ptr(&g, BUF), 0xff, 32);
	EXPECT_EQ(request(8, 0, 32, true), 0);
	memcpy(id, tg_ptr(&g, BUF), 20);
	EXPECT_EQ(strlen(id), 20);
	EXPECT_EQ(strncmp(id, "BHYV", 4), 0);
	EXPECT_EQ(used_len, 21);
	stop();

	ASSERT_TRUE(start(NULL, "disk-7"));
	memset(tg_ptr(&g, BUF), 0xff, 32);
	EXPECT_EQ(request(8, 0, 20, true), 0);
	EXPECT_EQ(memcmp(tg_ptr(&g, BUF), "disk-7\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
			 20), 0);
	EXPECT_EQ(*(uint8_t *)tg_ptr(&g, BUF + 20), 0xff);
	stop();
}

TEST(read_only)
{
	ASSERT_TRUE(start("true", NULL));
	W(VMMIO_DEVICE_FEATURES_SEL, 0);
	EXPECT_NE(R(VMMIO_DEVICE_FEATURES) & (1u << 5), 0);
	memset(tg_ptr(&g, BUF), 0xab, 512);
	EXPECT_EQ(request(1, 0, 512, false), 1); /* IOERR */
	EXPECT_EQ(file_byte(0), 1);
	EXPECT_EQ(request(0, 1, 512, true), 0);
	EXPECT_EQ(*(uint8_t *)tg_ptr(&g, BUF), 2);
	EXPECT_EQ(request(4, 0, 0, false), 0);
	stop();
}

TEST(broken_requests)
{
	ASSERT_TRUE(start(NULL, NULL));
	/* no status byte: completed with nothing written */
	tg_desc(&g, 0, HDR, 16, 0, 0);
	tg_avail(&g, 0);
	W(VMMIO_QUEUE_NOTIFY, 0);
	EXPECT_EQ(tg_used_idx(&g), 1);
	/* header too short */
	tg_desc(&g, 0, HDR, 8, VRING_DESC_F_NEXT, 1);
	tg_desc(&g, 1, STAT, 1, VRING_DESC_F_WRITE, 0);
	tg_avail(&g, 0);
	W(VMMIO_QUEUE_NOTIFY, 0);
	EXPECT_EQ(tg_used_idx(&g), 2);
	/* a data buffer past guest RAM: needs reset, nothing done */
	tg_desc(&g, 0, HDR, 16, VRING_DESC_F_NEXT, 1);
	tg_desc(&g, 1, TG_RAM_BASE + TG_RAM_SIZE - 256, 512, 3, 2);
	tg_desc(&g, 2, STAT, 1, VRING_DESC_F_WRITE, 0);
	tg_avail(&g, 0);
	W(VMMIO_QUEUE_NOTIFY, 0);
	EXPECT_EQ(tg_used_idx(&g), 2);
	EXPECT_NE(R(VMMIO_STATUS) & VIRTIO_S_DEVICE_NEEDS_RESET, 0);
	stop();
}

/* Reads come from the mapped image: no preadv, and they see writes. */
TEST(reads_from_the_mapping)
{
	uint8_t *buf;

	ASSERT_TRUE(start(NULL, NULL));
	buf = tg_ptr(&g, BUF);
	EXPECT_EQ(request(0, 0, 4096, true), 0);
	EXPECT_EQ(buf[0], 1);
	EXPECT_EQ(buf[4095], 8);
	EXPECT_EQ(npreadv, 0);
	memset(buf, 0x77, 512);
	EXPECT_EQ(request(1, 2, 512, false), 0);
	memset(buf, 0, 1024);
	EXPECT_EQ(request(0, 2, 1024, true), 0);
	EXPECT_EQ(buf[0], 0x77);
	EXPECT_EQ(buf[511], 0x77);
	EXPECT_EQ(buf[512], 4);
	EXPECT_EQ(npreadv, 0);
	stop();
}

/*
 * The image shrinks under the mapping (another process truncates it):
 * the copy's SIGBUS fails the request, bhyve goes on serving the queue.
 */
TEST(image_shrunk_under_the_mapping)
{
	ASSERT_TRUE(start(NULL, NULL));
	ASSERT_EQ(truncate(img, 0), 0);
	EXPECT_EQ(request(0, 0, 512, true), 1); /* IOERR */
	EXPECT_EQ(used_len, 1);
	EXPECT_EQ(request(0, 4, 1024, true), 1);
	EXPECT_EQ(R(VMMIO_STATUS) & VIRTIO_S_DEVICE_NEEDS_RESET, 0);
	EXPECT_EQ(request(4, 0, 0, false), 0); /* the queue still works */
	stop();
}

/* hdr at h, optional data at d (len), status at st: descriptors from i */
static uint16_t chain(uint16_t i, uint64_t h, uint32_t type, uint64_t sector,
		      uint64_t d, uint32_t len, uint64_t st)
{
	uint32_t hv[4] = { type, 0, (uint32_t)sector, 0 };
	uint16_t head = i;

	memcpy(tg_ptr(&g, h), hv, sizeof(hv));
	*(uint8_t *)tg_ptr(&g, st) = 0xee;
	tg_desc(&g, i, h, 16, VRING_DESC_F_NEXT, (uint16_t)(i + 1));
	i++;
	if (len) {
		tg_desc(&g, i, d, len, VRING_DESC_F_NEXT, (uint16_t)(i + 1));
		i++;
	}
	tg_desc(&g, i, st, 1, VRING_DESC_F_WRITE, 0);
	tg_avail(&g, head);
	return (uint16_t)(i + 1);
}

/*
 * 5.2.6: a flush covers the writes completed before it. Write A, flush,
 * write B in one notify: A is written before the flush's fdatasync, the
 * flush is not complete (status untouched, not in the used ring) while
 * fdatasync runs, and B is not written before the flush completed.
 */
TEST(flush_ordering)
{
	uint32_t id, len;
	uint16_t i;

	ASSERT_TRUE(start(NULL, NULL));
	memset(tg_ptr(&g, BUF), 0xa1, 512);
	memset(tg_ptr(&g, BUF + 512), 0xb2, 512);
	i = chain(0, HDR, 1, 1, BUF, 512, STAT);
	i = chain(i, HDR + 16, 4, 0, 0, 0, STAT + 1);
	i = chain(i, HDR + 32, 1, 2, BUF + 512, 512, STAT + 2);
	ASSERT_EQ(i, 8);
	W(VMMIO_QUEUE_NOTIFY, 0);
	ASSERT_EQ(ncalls, 3);
	EXPECT_EQ(calls[0].what, 'W');
	EXPECT_EQ(calls[0].off, 512);
	EXPECT_EQ(calls[0].used, 0);
	EXPECT_EQ(calls[1].what, 'F');
	EXPECT_EQ(calls[1].used, 1); /* A done, the flush not yet */
	EXPECT_EQ(calls[2].what, 'W');
	EXPECT_EQ(calls[2].off, 1024);
	EXPECT_EQ(calls[2].used, 2); /* the flush done before B started */
	EXPECT_EQ(tg_used_idx(&g), 3);
	tg_used_elem(&g, 0, &id, &len);
	EXPECT_EQ(id, 0);
	tg_used_elem(&g, 1, &id, &len);
	EXPECT_EQ(id, 3);
	tg_used_elem(&g, 2, &id, &len);
	EXPECT_EQ(id, 5);
	EXPECT_EQ(*(uint8_t *)tg_ptr(&g, STAT), 0);
	EXPECT_EQ(*(uint8_t *)tg_ptr(&g, STAT + 1), 0);
	EXPECT_EQ(*(uint8_t *)tg_ptr(&g, STAT + 2), 0);
	EXPECT_EQ(file_byte(512), 0xa1);
	EXPECT_EQ(file_byte(1024), 0xb2);
	stop();
}

/* A flush whose fdatasync fails says IOERR: the data may not be safe. */
TEST(flush_failure)
{
	ASSERT_TRUE(start(NULL, NULL));
	fdatasync_errno = EIO;
	EXPECT_EQ(request(4, 0, 0, false), 1);
	EXPECT_EQ(request(4, 0, 0, false), 0);
	stop();
}

TEST(create_errors)
{
	tg_init(&g, 8);
	strcpy(img, "/nonexistent/disk.img");
	EXPECT_TRUE(create(NULL, NULL) == NULL);
	EXPECT_STREQ(err, "/nonexistent/disk.img: No such file or directory");
	strcpy(img, "/tmp");
	EXPECT_TRUE(create(NULL, NULL) == NULL);
	EXPECT_STREQ(err, "/tmp: Is a directory");
	EXPECT_TRUE(create("true", NULL) == NULL);
	EXPECT_STREQ(err, "/tmp: not a regular file or block device");
	/* a FIFO must be refused at once, not waited on */
	strcpy(img, "/tmp/test_virtio_blk.fifo");
	unlink(img);
	ASSERT_EQ(mkfifo(img, 0600), 0);
	EXPECT_TRUE(create("true", NULL) == NULL);
	EXPECT_TRUE(strstr(err, "not a regular file or block device") != NULL);
	unlink(img);
	make_image();
	EXPECT_TRUE(create(NULL, "123456789012345678901") == NULL);
	EXPECT_STREQ(err, "serial is longer than 20 bytes");
	EXPECT_TRUE(create("maybe", NULL) == NULL);
	EXPECT_STREQ(err, "ro: invalid value 'maybe'");
	unlink(img);
	tg_fini(&g);
}

UNIT_MAIN();
