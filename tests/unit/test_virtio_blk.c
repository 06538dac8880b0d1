// SPDX-License-Identifier: BSD-2-Clause
/*
 * virtio-blk (usr/bhyve/dev/virtio_blk.c) end to end through the
 * virtio-mmio registers, against a temporary image file: reads, writes,
 * flush, GET_ID, requests past the end, read-only images, broken chains.
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
