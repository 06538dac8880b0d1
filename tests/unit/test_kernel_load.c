/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the zImage loader (usr/bhyve/arm/kernel_load.c): header
 * checks, refused files, where kernel, device tree and initrd go for
 * several RAM sizes, and the copy into guest RAM.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "usr/bhyve/arm/kernel_load.h"

#define MIB (1ULL << 20)
#define RAM 0x40000000ULL

static char dir[] = "/tmp/bhyve-kl-XXXXXX";
static bool have_dir;
static char path[256];

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* a file of size bytes (sparse), with a zImage header if magic != 0 */
static const char *make(const char *name, uint64_t size, uint32_t magic,
			uint32_t start, uint32_t endian)
{
	static char names[4][sizeof(path)];
	static int next;
	uint8_t hdr[ZIMAGE_HDR_SIZE];
	int fd;

	if (!have_dir && mkdtemp(dir) == NULL)
		return NULL;
	have_dir = true;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return NULL;
	memset(hdr, 0xaa, sizeof(hdr));
	put32(hdr + ZIMAGE_MAGIC_OFF, magic);
	put32(hdr + ZIMAGE_START_OFF, start);
	put32(hdr + ZIMAGE_END_OFF, start + (uint32_t)size);
	put32(hdr + ZIMAGE_ENDIAN_OFF, endian);
	if (size >= sizeof(hdr) &&
	    write(fd, hdr, sizeof(hdr)) != (ssize_t)sizeof(hdr))
		return NULL;
	if (ftruncate(fd, (off_t)size) < 0)
		return NULL;
	close(fd);
	/* a few names live at once: a small ring of copies */
	next = (next + 1) % 4;
	memcpy(names[next], path, sizeof(path));
	return names[next];
}

static const char *zimage(uint64_t size)
{
	return make("zImage", size, ZIMAGE_MAGIC, 0, ZIMAGE_LE);
}

TEST(layout_with_256m)
{
	struct linux_boot lb;
	const char *k = zimage(5 * MIB), *i = make("initrd", 3 * MIB, 0, 0, 0);

	ASSERT_TRUE(k != NULL && i != NULL);
	ASSERT_EQ(linux_boot_open(&lb, k, i, RAM, 256 * MIB), 0);
	EXPECT_EQ(lb.kernel_gpa, RAM + 32 * MIB);
	EXPECT_EQ(lb.dtb_gpa, RAM + 128 * MIB);
	EXPECT_EQ(lb.initrd_gpa, RAM + 128 * MIB + DTB_SLOT);
	EXPECT_EQ(lb.kernel_size, 5 * MIB);
	EXPECT_EQ(lb.initrd_size, 3 * MIB);
	linux_boot_close(&lb);
	/* no initrd */
	ASSERT_EQ(linux_boot_open(&lb, k, NULL, RAM, 256 * MIB), 0);
	EXPECT_EQ(lb.initrd_gpa, 0);
	linux_boot_close(&lb);
}

TEST(small_ram_puts_dtb_and_initrd_at_the_top)
{
	struct linux_boot lb;
	const char *k = zimage(5 * MIB), *i = make("initrd", 3 * MIB, 0, 0, 0);

	ASSERT_EQ(linux_boot_open(&lb, k, i, RAM, 64 * MIB), 0);
	EXPECT_EQ(lb.kernel_gpa, RAM + 32 * MIB);
	EXPECT_EQ(lb.initrd_gpa + lb.initrd_size, RAM + 64 * MIB);
	EXPECT_EQ(lb.dtb_gpa + DTB_SLOT, lb.initrd_gpa);
	EXPECT_EQ(lb.dtb_gpa % 8, 0);
	EXPECT_GE(lb.dtb_gpa, RAM + 37 * MIB);
	linux_boot_close(&lb);
	/* a big initrd with 256M also goes to the top */
	i = make("initrd", 150 * MIB, 0, 0, 0);
	ASSERT_EQ(linux_boot_open(&lb, k, i, RAM, 256 * MIB), 0);
	EXPECT_EQ(lb.initrd_gpa + lb.initrd_size, RAM + 256 * MIB);
	linux_boot_close(&lb);
}

TEST(does_not_fit)
{
	struct linux_boot lb;
	const char *k = zimage(5 * MIB), *i = make("initrd", 20 * MIB, 0, 0, 0);

	EXPECT_EQ(linux_boot_open(&lb, k, NULL, RAM, 32 * MIB), -1);
	linux_boot_close(&lb);
	EXPECT_EQ(linux_boot_open(&lb, k, i, RAM, 48 * MIB), -1);
	linux_boot_close(&lb);
	/* an initrd larger than RAM is refused before reading it */
	i = make("initrd", 300 * MIB, 0, 0, 0);
	EXPECT_EQ(linux_boot_open(&lb, k, i, RAM, 256 * MIB), -1);
	linux_boot_close(&lb);
}

TEST(refused_files)
{
	struct linux_boot lb;
	char fifo[256];
	const char *p;

	p = make("short", 16, 0, 0, 0);
	EXPECT_EQ(linux_boot_open(&lb, p, NULL, RAM, 256 * MIB), -1);
	linux_boot_close(&lb);
	p = make("nomagic", 1 * MIB, 0x12345678, 0, ZIMAGE_LE);
	EXPECT_EQ(linux_boot_open(&lb, p, NULL, RAM, 256 * MIB), -1);
	linux_boot_close(&lb);
	p = make("be", 1 * MIB, ZIMAGE_MAGIC, 0, ZIMAGE_BE);
	EXPECT_EQ(linux_boot_open(&lb, p, NULL, RAM, 256 * MIB), -1);
	linux_boot_close(&lb);
	p = make("empty", 0, 0, 0, 0);
	EXPECT_EQ(linux_boot_open(&lb, p, NULL, RAM, 256 * MIB), -1);
	linux_boot_close(&lb);
	EXPECT_EQ(linux_boot_open(&lb, "/nonexistent/zImage", NULL, RAM,
				  256 * MIB),
		  -1);
	linux_boot_close(&lb);
	EXPECT_EQ(linux_boot_open(&lb, "/tmp", NULL, RAM, 256 * MIB), -1);
	linux_boot_close(&lb);
	/* a FIFO is refused without blocking in open() */
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	ASSERT_EQ(mkfifo(fifo, 0600), 0);
	EXPECT_EQ(linux_boot_open(&lb, fifo, NULL, RAM, 256 * MIB), -1);
	linux_boot_close(&lb);
	p = zimage(1 * MIB);
	EXPECT_EQ(linux_boot_open(&lb, p, fifo, RAM, 256 * MIB), -1);
	linux_boot_close(&lb);
	unlink(fifo);
}

TEST(header_load_address)
{
	struct linux_boot lb;
	const char *p;

	p = make("fixed", 1 * MIB, ZIMAGE_MAGIC, 0x40008000, ZIMAGE_LE);
	ASSERT_EQ(linux_boot_open(&lb, p, NULL, RAM, 256 * MIB), 0);
	EXPECT_EQ(lb.kernel_gpa, 0x40008000);
	linux_boot_close(&lb);
	p = make("outside", 1 * MIB, ZIMAGE_MAGIC, 0x10000000, ZIMAGE_LE);
	EXPECT_EQ(linux_boot_open(&lb, p, NULL, RAM, 256 * MIB), -1);
	linux_boot_close(&lb);
}

TEST(load_copies_kernel_initrd_and_dtb)
{
	struct linux_boot lb;
	uint64_t ramsize = 160 * MIB;
	uint8_t *ram = calloc(1, ramsize);
	const char *k = zimage(64 * 1024), *i = make("initrd", 8192, 0, 0, 0);
	static const uint8_t dtb[16] = { 0xd0, 0x0d, 0xfe, 0xed };

	ASSERT_TRUE(ram != NULL);
	ASSERT_EQ(linux_boot_open(&lb, k, i, RAM, ramsize), 0);
	ASSERT_EQ(linux_boot_load(&lb, ram), 0);
	EXPECT_EQ(ram[lb.kernel_gpa - RAM + ZIMAGE_MAGIC_OFF], 0x18);
	EXPECT_EQ(ram[lb.kernel_gpa - RAM + ZIMAGE_MAGIC_OFF + 3], 0x01);
	EXPECT_EQ(ram[lb.initrd_gpa - RAM + ZIMAGE_MAGIC_OFF], 0);
	EXPECT_EQ(linux_boot_put_dtb(&lb, ram, dtb, sizeof(dtb)), 0);
	EXPECT_EQ(ram[lb.dtb_gpa - RAM], 0xd0);
	EXPECT_EQ(linux_boot_put_dtb(&lb, ram, ram, DTB_SLOT + 1), -1);
	linux_boot_close(&lb);
	free(ram);
}

TEST(cleanup)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	EXPECT_EQ(system(cmd), 0);
}

UNIT_MAIN();
