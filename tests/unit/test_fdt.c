/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the guest device tree (usr/bhyve/arm/fdt.c): a 2-vCPU
 * machine with the PL011, PL031 and PL061 (and its power key) registered, every node and property a
 * Linux guest needs, read back with libfdt; then the build machine's dtc
 * must accept the blob. Also the largest machine bhyve documents: the
 * test device and all 32 virtio-mmio slots next to the PL011 and PL031.
 * And dtb.dump: a FIFO nobody reads refused at once, one whose reader
 * stalls or leaves an error, never a wait without end.
 */
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"
#include "usr/bhyve/arm/fdt.h"
#include "usr/bhyve/dev/pl031.h"
#include "usr/bhyve/dev/pl061.h"
#include "usr/bhyve/dev/testdev.h"
#include "usr/bhyve/dev/uart_pl011.h"
#include "usr/bhyve/device.h"
#include "usr/bhyve/machine.h"
#include "usr/bhyve/virtio/virtio_mmio.h"
#include "board/virt.h"
#include "attach_slot.h"

static uint8_t blob[FDT_MAX_SIZE] __attribute__((aligned(8)));

static void no_tx(void *arg, uint8_t c)
{
	(void)arg;
	(void)c;
}

static const struct pl011_ops ops = { .tx = no_tx };

static const struct fdt_machine machine = {
	.ncpus = 2,
	.cpu_compatible = "arm,cortex-a15",
	.ram_base = 0x40000000,
	.ram_size = 256 << 20,
	.bootargs = "console=ttyAMA0 quiet",
	.initrd_start = 0x48010000,
	.initrd_end = 0x48020400,
};

/* property of the node at path as n big-endian cells, or -1 */
static int cells(const char *path, const char *prop, uint32_t *out, int max)
{
	int node = fdt_path_offset(blob, path), len, i;
	const fdt32_t *p;

	if (node < 0)
		return -1;
	p = fdt_getprop(blob, node, prop, &len);
	if (p == NULL || len % 4 != 0 || len / 4 > max)
		return -1;
	for (i = 0; i < len / 4; i++)
		out[i] = fdt32_to_cpu(p[i]);
	return len / 4;
}

static const char *str(const char *path, const char *prop)
{
	int node = fdt_path_offset(blob, path);

	return node < 0 ? NULL : fdt_getprop(blob, node, prop, NULL);
}

static bool has_prop(const char *path, const char *prop)
{
	int node = fdt_path_offset(blob, path);

	return node >= 0 && fdt_getprop(blob, node, prop, NULL) != NULL;
}

static bool compat(const char *path, const char *c)
{
	int node = fdt_path_offset(blob, path);

	return node >= 0 && fdt_node_check_compatible(blob, node, c) == 0;
}

static struct pl011_softc *uart;
static struct pl031_softc *rtc;
static struct pl061_softc *gpio;

static int build(void)
{
	device_reset_all();
	uart = pl011_create(&ops, NULL);
	rtc = pl031_create(NULL, NULL);
	gpio = pl061_create();
	if (uart == NULL || rtc == NULL || gpio == NULL ||
	    pl011_attach(uart, VIRT_UART_BASE, VIRT_UART_INTID) < 0 ||
	    pl031_attach(rtc, VIRT_RTC_BASE, VIRT_RTC_INTID) < 0 ||
	    pl061_attach(gpio, VIRT_GPIO_BASE, VIRT_GPIO_INTID,
			 machine_power_key()) < 0)
		return -1000;
	return fdt_build(&machine, blob, sizeof(blob));
}

static void teardown(void)
{
	pl061_destroy(gpio);
	gpio = NULL;
	pl031_destroy(rtc);
	pl011_destroy(uart);
	device_reset_all();
}

TEST(root_memory_cpus_psci)
{
	uint32_t c[16];
	int size = build();

	ASSERT_TRUE(size > 0);
	EXPECT_EQ(fdt_check_header(blob), 0);
	EXPECT_EQ((int)fdt_totalsize(blob), size);
	EXPECT_TRUE(compat("/", "linux,dummy-virt"));
	EXPECT_EQ(cells("/", "#address-cells", c, 1), 1);
	EXPECT_EQ(c[0], 2);
	EXPECT_EQ(cells("/", "#size-cells", c, 1), 1);
	EXPECT_EQ(c[0], 2);
	EXPECT_EQ(cells("/", "interrupt-parent", c, 1), 1);
	EXPECT_EQ(c[0], FDT_PHANDLE_GIC);

	EXPECT_STREQ(str("/memory@40000000", "device_type"), "memory");
	ASSERT_EQ(cells("/memory@40000000", "reg", c, 4), 4);
	EXPECT_EQ(c[0], 0);
	EXPECT_EQ(c[1], 0x40000000);
	EXPECT_EQ(c[2], 0);
	EXPECT_EQ(c[3], 256 << 20);

	EXPECT_EQ(cells("/cpus", "#address-cells", c, 1), 1);
	EXPECT_EQ(c[0], 1);
	EXPECT_EQ(cells("/cpus", "#size-cells", c, 1), 1);
	EXPECT_EQ(c[0], 0);
	EXPECT_EQ(cells("/cpus/cpu@0", "reg", c, 1), 1);
	EXPECT_EQ(c[0], 0);
	EXPECT_EQ(cells("/cpus/cpu@1", "reg", c, 1), 1);
	EXPECT_EQ(c[0], 1);
	EXPECT_TRUE(fdt_path_offset(blob, "/cpus/cpu@2") < 0);
	EXPECT_STREQ(str("/cpus/cpu@1", "device_type"), "cpu");
	EXPECT_TRUE(compat("/cpus/cpu@1", "arm,cortex-a15"));
	EXPECT_STREQ(str("/cpus/cpu@1", "enable-method"), "psci");

	EXPECT_TRUE(compat("/psci", "arm,psci-1.0"));
	EXPECT_TRUE(compat("/psci", "arm,psci-0.2"));
	EXPECT_TRUE(compat("/psci", "arm,psci"));
	EXPECT_STREQ(str("/psci", "method"), "hvc");
	EXPECT_EQ(cells("/psci", "cpu_on", c, 1), 1);
	EXPECT_EQ(c[0], 0x84000003u);
	EXPECT_EQ(cells("/psci", "cpu_off", c, 1), 1);
	EXPECT_EQ(c[0], 0x84000002u);
	teardown();
}

TEST(gic_timer_clock)
{
	static const uint32_t timer[12] = { 1, 13, 0x304, 1, 14, 0x304,
					    1, 11, 0x304, 1, 10, 0x304 };
	static const uint32_t gic_reg[8] = { 0, 0x08000000, 0, 0x10000,
					     0, 0x08010000, 0, 0x10000 };
	const char *gic = "/interrupt-controller@8000000";
	uint32_t c[16];
	int i;

	ASSERT_TRUE(build() > 0);
	EXPECT_TRUE(compat(gic, "arm,cortex-a15-gic"));
	EXPECT_TRUE(has_prop(gic, "interrupt-controller"));
	EXPECT_EQ(cells(gic, "#interrupt-cells", c, 1), 1);
	EXPECT_EQ(c[0], 3);
	ASSERT_EQ(cells(gic, "reg", c, 16), 8); /* only GICD and GICC */
	for (i = 0; i < 8; i++)
		EXPECT_EQ(c[i], gic_reg[i]);
	EXPECT_EQ(fdt_node_offset_by_phandle(blob, FDT_PHANDLE_GIC),
		  fdt_path_offset(blob, gic));

	EXPECT_TRUE(compat("/timer", "arm,armv7-timer"));
	ASSERT_EQ(cells("/timer", "interrupts", c, 16), 12);
	for (i = 0; i < 12; i++)
		EXPECT_EQ(c[i], timer[i]);
	EXPECT_TRUE(has_prop("/timer", "always-on"));

	EXPECT_TRUE(compat("/apb-pclk", "fixed-clock"));
	EXPECT_EQ(cells("/apb-pclk", "#clock-cells", c, 1), 1);
	EXPECT_EQ(c[0], 0);
	EXPECT_EQ(cells("/apb-pclk", "clock-frequency", c, 1), 1);
	EXPECT_EQ(c[0], 24000000);
	EXPECT_EQ(fdt_node_offset_by_phandle(blob, FDT_PHANDLE_APB_PCLK),
		  fdt_path_offset(blob, "/apb-pclk"));
	teardown();
}

TEST(devices_and_chosen)
{
	const char *uart_path = "/pl011@9000000", *rtc_path = "/pl031@9010000";
	uint32_t c[16];
	const char *names;
	int len, node;

	ASSERT_TRUE(build() > 0);
	EXPECT_TRUE(compat(uart_path, "arm,pl011"));
	EXPECT_TRUE(compat(uart_path, "arm,primecell"));
	ASSERT_EQ(cells(uart_path, "reg", c, 4), 4);
	EXPECT_EQ(c[1], 0x09000000);
	EXPECT_EQ(c[3], 0x1000);
	ASSERT_EQ(cells(uart_path, "interrupts", c, 3), 3);
	EXPECT_EQ(c[0], 0);
	EXPECT_EQ(c[1], 1);
	EXPECT_EQ(c[2], 4);
	ASSERT_EQ(cells(uart_path, "clocks", c, 2), 2);
	EXPECT_EQ(c[0], FDT_PHANDLE_APB_PCLK);
	node = fdt_path_offset(blob, uart_path);
	names = fdt_getprop(blob, node, "clock-names", &len);
	ASSERT_TRUE(names != NULL);
	EXPECT_EQ(len, (int)sizeof("uartclk\0apb_pclk"));
	EXPECT_EQ(fdt_stringlist_search(blob, node, "clock-names", "uartclk"),
		  0);
	EXPECT_EQ(fdt_stringlist_search(blob, node, "clock-names",
					"apb_pclk"),
		  1);

	EXPECT_TRUE(compat(rtc_path, "arm,pl031"));
	EXPECT_TRUE(compat(rtc_path, "arm,primecell"));
	ASSERT_EQ(cells(rtc_path, "interrupts", c, 3), 3);
	EXPECT_EQ(c[1], 2);
	EXPECT_STREQ(str(rtc_path, "clock-names"), "apb_pclk");

	EXPECT_STREQ(str("/chosen", "bootargs"), "console=ttyAMA0 quiet");
	EXPECT_STREQ(str("/chosen", "stdout-path"), uart_path);
	EXPECT_STREQ(str("/aliases", "serial0"), uart_path);
	ASSERT_EQ(cells("/chosen", "linux,initrd-start", c, 2), 2);
	EXPECT_EQ(c[1], 0x48010000);
	ASSERT_EQ(cells("/chosen", "linux,initrd-end", c, 2), 2);
	EXPECT_EQ(c[1], 0x48020400);
	teardown();
}

/*
 * The power key: the PL061 is a GPIO controller with the phandle the
 * gpio-keys child points at, KEY_POWER on line 3 (QEMU virt's wiring),
 * active high.
 */
TEST(gpio_controller_and_power_key)
{
	const char *gpio_path = "/pl061@9030000";
	const char *key_path = "/gpio-keys/poweroff";
	uint32_t c[4];
	int node;

	ASSERT_TRUE(build() > 0);
	EXPECT_TRUE(compat(gpio_path, "arm,pl061"));
	EXPECT_TRUE(compat(gpio_path, "arm,primecell"));
	ASSERT_EQ(cells(gpio_path, "reg", c, 4), 4);
	EXPECT_EQ(c[1], 0x09030000);
	EXPECT_EQ(c[3], 0x1000);
	ASSERT_EQ(cells(gpio_path, "interrupts", c, 3), 3);
	EXPECT_EQ(c[0], 0); /* SPI 7, level high */
	EXPECT_EQ(c[1], 7);
	EXPECT_EQ(c[2], 4);
	EXPECT_TRUE(has_prop(gpio_path, "gpio-controller"));
	ASSERT_EQ(cells(gpio_path, "#gpio-cells", c, 1), 1);
	EXPECT_EQ(c[0], 2);
	ASSERT_EQ(cells(gpio_path, "clocks", c, 1), 1);
	EXPECT_EQ(c[0], FDT_PHANDLE_APB_PCLK);
	EXPECT_STREQ(str(gpio_path, "clock-names"), "apb_pclk");

	EXPECT_TRUE(compat("/gpio-keys", "gpio-keys"));
	ASSERT_EQ(cells(key_path, "linux,code", c, 1), 1);
	EXPECT_EQ(c[0], 116); /* KEY_POWER */
	ASSERT_EQ(cells(key_path, "gpios", c, 4), 3);
	/* the phandle leads to the controller */
	node = fdt_node_offset_by_phandle(blob, c[0]);
	EXPECT_EQ(node, fdt_path_offset(blob, gpio_path));
	EXPECT_EQ(c[1], 3);
	EXPECT_EQ(c[2], 0); /* active high */
	EXPECT_TRUE(str(key_path, "label") != NULL);
	teardown();

	/* a controller without a key: no gpio-keys node */
	device_reset_all();
	gpio = pl061_create();
	ASSERT_EQ(pl061_attach(gpio, VIRT_GPIO_BASE, VIRT_GPIO_INTID, -1), 0);
	ASSERT_TRUE(fdt_build(&machine, blob, sizeof(blob)) > 0);
	EXPECT_TRUE(compat(gpio_path, "arm,pl061"));
	EXPECT_TRUE(fdt_path_offset(blob, "/gpio-keys") < 0);
	EXPECT_EQ(pl061_attach(gpio, VIRT_GPIO_BASE + 0x1000, -1, 8), -1);
	pl061_destroy(gpio);
	gpio = NULL;
	device_reset_all();
}

/* the blob as dtb.dump writes it */
static int dump(const void *b, const char *path, int wait_ms)
{
	int fd = fdt_dump_open(path), r, e;

	if (fd < 0)
		return -1;
	r = fdt_dump_write(fd, b, wait_ms);
	e = errno;
	close(fd);
	errno = e;
	return r;
}

TEST(dtc_accepts_the_blob)
{
	char path[] = "/tmp/bhyve-fdt-XXXXXX", cmd[256];
	static uint8_t junk[100000], back[FDT_MAX_SIZE];
	struct stat st;
	int fd, size = build();

	ASSERT_TRUE(size > 0);
	fd = mkstemp(path);
	ASSERT_TRUE(fd >= 0);
	/* an older, longer file: left alone by the open, cut by the write */
	memset(junk, 'j', sizeof(junk));
	ASSERT_EQ(write(fd, junk, sizeof(junk)), (ssize_t)sizeof(junk));
	close(fd);
	fd = fdt_dump_open(path);
	ASSERT_TRUE(fd >= 0);
	ASSERT_EQ(stat(path, &st), 0);
	EXPECT_EQ(st.st_size, (off_t)sizeof(junk));
	EXPECT_EQ(fdt_dump_write(fd, blob, 1000), 0);
	EXPECT_EQ(close(fd), 0);
	ASSERT_EQ(stat(path, &st), 0);
	EXPECT_EQ(st.st_size, size);
	fd = open(path, O_RDONLY);
	ASSERT_TRUE(fd >= 0);
	EXPECT_EQ(read(fd, back, sizeof(back)), size);
	EXPECT_EQ(memcmp(back, blob, (size_t)size), 0);
	close(fd);
	if (system("command -v dtc >/dev/null 2>&1") == 0) {
		snprintf(cmd, sizeof(cmd),
			 "dtc -q -I dtb -O dts -o /dev/null %s", path);
		EXPECT_EQ(system(cmd), 0);
	} else {
		printf("dtc not installed: blob not checked with it\n");
	}
	unlink(path);
	teardown();
}

static void on_alarm(int sig)
{
	(void)sig; /* only to make a blocked open() or write() return EINTR */
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * dtb.dump=FIFO: opened without waiting for a reader (an open() that
 * waited would hang bhyve, VM made, until one came): with none it fails
 * at once with ENXIO. With a reader the blob arrives whole; a reader
 * that takes nothing ends the write after wait_ms (ETIMEDOUT), one that
 * left with EPIPE. An alarm turns a hang into a failure.
 */
TEST(dump_to_a_fifo)
{
	char dir[] = "/tmp/bhyve-fdt-fifo.XXXXXX", fifo[64];
	static uint8_t big[16384] __attribute__((aligned(8)));
	static uint8_t back[FDT_MAX_SIZE];
	struct sigaction sa, old;
	int fd, rfd, size = build();
	double t;

	ASSERT_TRUE(size > 0);
	ASSERT_TRUE(mkdtemp(dir) != NULL);
	snprintf(fifo, sizeof(fifo), "%s/dtb", dir);
	ASSERT_EQ(mkfifo(fifo, 0600), 0);
	signal(SIGPIPE, SIG_IGN); /* as bhyve does */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm; /* no SA_RESTART */
	sigaction(SIGALRM, &sa, &old);
	alarm(5);

	/* no reader: refused at once */
	errno = 0;
	EXPECT_EQ(fdt_dump_open(fifo), -1);
	EXPECT_EQ(errno, ENXIO);

	/* a reader: the whole blob */
	rfd = open(fifo, O_RDONLY | O_NONBLOCK);
	ASSERT_TRUE(rfd >= 0);
	EXPECT_EQ(dump(blob, fifo, 1000), 0);
	EXPECT_EQ(read(rfd, back, sizeof(back)), size);
	EXPECT_EQ(memcmp(back, blob, (size_t)size), 0);
	EXPECT_EQ(read(rfd, back, sizeof(back)), 0); /* then end of file */

	/* a reader that takes nothing, 16 KiB into a 4 KiB pipe */
	ASSERT_EQ(fdt_create_empty_tree(big, sizeof(big)), 0);
	ASSERT_EQ(fdt_totalsize(big), sizeof(big));
	ASSERT_TRUE(fcntl(rfd, F_SETPIPE_SZ, 4096) > 0);
	t = now_s();
	errno = 0;
	EXPECT_EQ(dump(big, fifo, 200), -1);
	EXPECT_EQ(errno, ETIMEDOUT);
	t = now_s() - t;
	if (t < 0.15 || t > 3)
		printf("  the stalled write took %.2f s\n", t);
	EXPECT_TRUE(t >= 0.15 && t <= 3);

	/* a reader that left while the blob was written */
	fd = fdt_dump_open(fifo);
	ASSERT_TRUE(fd >= 0);
	close(rfd);
	errno = 0;
	EXPECT_EQ(fdt_dump_write(fd, blob, 1000), -1);
	EXPECT_EQ(errno, EPIPE);
	close(fd);

	alarm(0);
	sigaction(SIGALRM, &old, NULL);
	unlink(fifo);
	rmdir(dir);
	teardown();
}

TEST(no_initrd_no_bootargs_and_errors)
{
	struct fdt_machine m = machine;
	uint8_t small[256];

	device_reset_all();
	m.bootargs = NULL;
	m.initrd_start = m.initrd_end = 0;
	m.ncpus = 1;
	ASSERT_TRUE(fdt_build(&m, blob, sizeof(blob)) > 0);
	EXPECT_FALSE(has_prop("/chosen", "bootargs"));
	EXPECT_FALSE(has_prop("/chosen", "linux,initrd-start"));
	EXPECT_FALSE(has_prop("/chosen", "stdout-path")); /* no UART */
	EXPECT_TRUE(fdt_path_offset(blob, "/cpus/cpu@1") < 0);
	EXPECT_EQ(fdt_build(&m, small, sizeof(small)), -FDT_ERR_NOSPACE);
	m.ncpus = 0;
	EXPECT_EQ(fdt_build(&m, blob, sizeof(blob)), -FDT_ERR_BADVALUE);
}

TEST(cpu_compatible_from_midr)
{
	EXPECT_STREQ(fdt_cpu_compatible(0x412fc0f1), "arm,cortex-a15");
	EXPECT_STREQ(fdt_cpu_compatible(0x410fc075), "arm,cortex-a7");
	EXPECT_STREQ(fdt_cpu_compatible(0x410fc0e0), "arm,cortex-a17");
	EXPECT_STREQ(fdt_cpu_compatible(0), "arm,cortex-a15");
}

static void no_notify(void *sc, struct vmmio *vm, unsigned int q)
{
	(void)sc;
	(void)vm;
	(void)q;
}

static const struct virtio_dev_ops slot_ops = {
	.name = "virtio-test",
	.device_id = 4,
	.nqueues = 1,
	.queue_max = 8,
	.notify = no_notify,
};

/* -s takes slots 0-31: each gets its range and node whatever else is there */
TEST(every_slot_with_every_device)
{
	struct vmmio *vm[VMMIO_MAX_SLOTS];
	struct testdev_softc td;
	struct vq_mem mem = { 0 };
	char path[64];
	unsigned int i;
	uint32_t c[4];

	device_reset_all();
	uart = pl011_create(&ops, NULL);
	rtc = pl031_create(NULL, NULL);
	ASSERT_TRUE(uart != NULL && rtc != NULL);
	ASSERT_EQ(pl011_attach(uart, VIRT_UART_BASE, VIRT_UART_INTID), 0);
	ASSERT_EQ(pl031_attach(rtc, VIRT_RTC_BASE, VIRT_RTC_INTID), 0);
	testdev_init(&td);
	ASSERT_EQ(testdev_attach(&td, VIRT_TESTDEV_BASE, NULL, NULL), 0);
	for (i = 0; i < VMMIO_MAX_SLOTS; i++) {
		vm[i] = vmmio_create(&slot_ops, NULL, 0, &mem);
		ASSERT_TRUE(vm[i] != NULL);
		EXPECT_EQ(attach_slot(vm[i], i), 0);
	}
	ASSERT_TRUE(fdt_build(&machine, blob, sizeof(blob)) > 0);
	for (i = 0; i < VMMIO_MAX_SLOTS; i++) {
		snprintf(path, sizeof(path), "/virtio_mmio@%llx",
			 VIRT_MMIO_BASE + i * VIRT_MMIO_STRIDE);
		ASSERT_EQ(cells(path, "interrupts", c, 3), 3);
		EXPECT_EQ(c[1], 16 + i);
	}
	EXPECT_TRUE(compat("/pl011@9000000", "arm,pl011"));
	EXPECT_TRUE(compat("/pl031@9010000", "arm,pl031"));
	for (i = 0; i < VMMIO_MAX_SLOTS; i++)
		vmmio_destroy(vm[i]);
	teardown();
}

UNIT_MAIN();
