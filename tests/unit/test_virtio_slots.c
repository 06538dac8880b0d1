// SPDX-License-Identifier: BSD-2-Clause
/*
 * -s parsing and slot creation (usr/bhyve/slots.c): good lines fill the
 * configuration tree as documented, bad lines and bad devices fail with
 * exactly one line on stderr. Also the virtio-rng, virtio-console and
 * virtio-net models as far as they run without a VM or a tap.
 */
#define _GNU_SOURCE /* pipe2, F_SETPIPE_SZ */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "virtio_stubs.h"
#include "usr/bhyve/config.h"
#include "usr/bhyve/rundir.h"
#include "usr/bhyve/slots.h"
#include "usr/bhyve/dev/virtio_devs.h"
#include "usr/bhyve/virtio/virtio.h"
#include "board/virt.h"

#include "capture.h"

static const char *cfg(const char *key)
{
	const char *v = get_config_value(key);

	return v ? v : "(unset)";
}

TEST(good_lines)
{
	init_config();
	EXPECT_EQ(parse_slot_option("2,virtio-blk,/disk.img,ro"), 0);
	EXPECT_STREQ(cfg("virtio.2.device"), "virtio-blk");
	EXPECT_STREQ(cfg("virtio.2.path"), "/disk.img");
	EXPECT_STREQ(cfg("virtio.2.ro"), "true");
	EXPECT_EQ(parse_slot_option("3,virtio-net,tap0,mac=02:00:00:00:00:01"),
		  0);
	EXPECT_STREQ(cfg("virtio.3.tap"), "tap0");
	EXPECT_STREQ(cfg("virtio.3.mac"), "02:00:00:00:00:01");
	EXPECT_EQ(parse_slot_option("31,virtio-rng"), 0);
	EXPECT_STREQ(cfg("virtio.31.device"), "virtio-rng");
	EXPECT_EQ(parse_slot_option("0,virtio-console,stdio"), 0);
	EXPECT_STREQ(cfg("virtio.0.stdio"), "true");
	EXPECT_EQ(parse_slot_option("4,virtio-console,path=/tmp/x.log"), 0);
	EXPECT_STREQ(cfg("virtio.4.path"), "/tmp/x.log");
	EXPECT_EQ(parse_slot_option("5,virtio-blk,path=/a.img,serial=S1,"
				    "ro=false"),
		  0);
	EXPECT_STREQ(cfg("virtio.5.serial"), "S1");
	EXPECT_STREQ(cfg("virtio.5.ro"), "false");
	EXPECT_EQ(parse_slot_option("6,virtio-blk,/b.img,"), 0); /* ok */
	EXPECT_STREQ(cfg("virtio.6.path"), "/b.img");
}

TEST(bad_lines)
{
	static const char *const bad[] = {
		"",
		"x,virtio-blk,/d",
		"32,virtio-blk,/d",
		"-1,virtio-blk,/d",
		"01,virtio-blk,/d",
		" 1,virtio-blk,/d",
		"100,virtio-rng",
		"1",
		"1,",
		"1,,virtio-rng",
		"1,virtio-floppy",
		"1,virtio-blk,/d,bogus=1",
		"1,virtio-rng,extra",
		"1,virtio-net,tap0,ro",
		"2,virtio-blk,/a.img", /* duplicate of the first */
	};
	unsigned int i;

	init_config();
	ASSERT_EQ(parse_slot_option("2,virtio-blk,/d.img"), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int r = CAPTURE(parse_slot_option(bad[i]));

		EXPECT_EQ(r, -1);
		EXPECT_EQ(lines(errbuf), 1);
		if (r != -1 || lines(errbuf) != 1)
			printf("  for \"%s\": %s", bad[i], errbuf);
	}
	EXPECT_STREQ(cfg("virtio.2.path"), "/d.img");
	EXPECT_TRUE(get_config_value("virtio.1.device") == NULL);
	CAPTURE(parse_slot_option("40,virtio-rng"));
	EXPECT_STREQ(errbuf, "bhyve: -s 40,virtio-rng: bad slot '40' "
			     "(want 0-31)\n");
	CAPTURE(parse_slot_option("1,virtio-floppy"));
	EXPECT_STREQ(errbuf, "bhyve: -s 1,virtio-floppy: unknown device "
			     "'virtio-floppy' (one of virtio-blk, virtio-net, "
			     "virtio-console, virtio-rng)\n");
	CAPTURE(parse_slot_option("2,virtio-rng"));
	EXPECT_STREQ(errbuf, "bhyve: -s 2,virtio-rng: slot 2 is already used "
			     "by virtio-blk\n");
}

static int check_var(const char *path, const char *value, void *arg)
{
	(void)value;
	(void)arg;
	return virtio_slot_key_check(path);
}

/* one variable under virtio.: refused with exactly the line want */
static void key_refused(const char *path, const char *want)
{
	EXPECT_EQ(CAPTURE(virtio_slot_key_check(path)), -1);
	EXPECT_STREQ(errbuf, want);
}

/*
 * Every variable -s writes is one a device reads; anything else under
 * virtio. (-o, -k) is refused with one line naming it, instead of being
 * ignored and the guest booting without the device.
 */
TEST(slot_keys)
{
	init_config();
	ASSERT_EQ(parse_slot_option("2,virtio-blk,/d.img,ro,serial=S"), 0);
	ASSERT_EQ(parse_slot_option("3,virtio-net,tap0,mac=02:00:00:00:00:01"),
		  0);
	ASSERT_EQ(parse_slot_option("7,virtio-console,stdio"), 0);
	ASSERT_EQ(parse_slot_option("8,virtio-console,path=/x"), 0);
	ASSERT_EQ(parse_slot_option("31,virtio-rng"), 0);
	/* -o may set a slot's variables in any order */
	ASSERT_EQ(set_config_value("virtio.0.path", "/e.img"), 0);
	ASSERT_EQ(set_config_value("virtio.0.device", "virtio-blk"), 0);
	EXPECT_EQ(CAPTURE(walk_config(check_var, NULL)), 0);
	EXPECT_STREQ(errbuf, "");

	ASSERT_EQ(set_config_value("virtio.40.device", "virtio-blk"), 0);
	key_refused("virtio.40.device",
		    "bhyve: virtio.40.device: bad slot '40' (want 0-31)\n");
	ASSERT_EQ(set_config_value("virtio.x.device", "virtio-rng"), 0);
	key_refused("virtio.x.device",
		    "bhyve: virtio.x.device: bad slot 'x' (want 0-31)\n");
	key_refused("virtio.02.device",
		    "bhyve: virtio.02.device: bad slot '02' (want 0-31)\n");
	key_refused("virtio.-1.device",
		    "bhyve: virtio.-1.device: bad slot '-1' (want 0-31)\n");
	key_refused("virtio.12345678901234567890.device",
		    "bhyve: virtio.12345678901234567890.device: bad slot "
		    "'1234567890123456' (want 0-31)\n");
	key_refused("virtio.5.path", "bhyve: virtio.5.path: slot 5 has no "
				     "device (set virtio.5.device or use -s)\n");
	key_refused("virtio.2.tap", "bhyve: virtio.2.tap: unknown key 'tap' "
				    "for virtio-blk (known: device, path, ro, "
				    "serial)\n");
	key_refused("virtio.31.path", "bhyve: virtio.31.path: unknown key "
				      "'path' for virtio-rng (known: "
				      "device)\n");
	key_refused("virtio.3.mac.x", "bhyve: virtio.3.mac.x: unknown key "
				      "'mac.x' for virtio-net (known: device, "
				      "tap, mac)\n");
	key_refused("virtio.9", "bhyve: virtio.9: not a slot's variable "
				"(want virtio.<slot>.<key>)\n");
	ASSERT_EQ(set_config_value("virtio.9.device", "virtio-gpu"), 0);
	key_refused("virtio.9.device", "bhyve: virtio.9.device: unknown "
				       "device 'virtio-gpu' (one of virtio-blk, "
				       "virtio-net, virtio-console, "
				       "virtio-rng)\n");
	/* the walk stops at the first bad one: one line in all */
	EXPECT_EQ(CAPTURE(walk_config(check_var, NULL)), -1);
	EXPECT_EQ(lines(errbuf), 1);
	init_config();
}

static struct tguest g;

static int create_all(void)
{
	return virtio_slots_create(&g.mem, "testvm");
}

TEST(create_devices)
{
	char img[] = "/tmp/test_virtio_slots.XXXXXX";
	char log[] = "/tmp/test_virtio_slots_log.XXXXXX";
	char opt[128];
	int fd = mkstemp(img), lfd = mkstemp(log);

	ASSERT_TRUE(fd >= 0 && lfd >= 0);
	ASSERT_EQ(ftruncate(fd, 4096), 0);
	close(fd);
	close(lfd);
	stub_reset();
	tg_init(&g, 8);
	init_config();
	snprintf(opt, sizeof(opt), "1,virtio-blk,%s", img);
	ASSERT_EQ(parse_slot_option(opt), 0);
	snprintf(opt, sizeof(opt), "7,virtio-console,path=%s", log);
	ASSERT_EQ(parse_slot_option(opt), 0);
	ASSERT_EQ(parse_slot_option("9,virtio-rng"), 0);
	EXPECT_EQ(CAPTURE(create_all()), 0);
	EXPECT_STREQ(errbuf, "");
	ASSERT_EQ(stub_ndevs, 3);
	EXPECT_EQ(stub_devs[0].base, VIRT_MMIO_BASE + 0x200);
	EXPECT_EQ(stub_devs[0].intid, VIRT_MMIO_INTID(1));
	EXPECT_STREQ(stub_devs[0].name, "virtio-blk@1");
	EXPECT_EQ(stub_devs[1].base, VIRT_MMIO_BASE + 7 * 0x200);
	EXPECT_STREQ(stub_devs[1].name, "virtio-console@7");
	EXPECT_EQ(stub_devs[2].read(stub_devs[2].arg, 0, VMMIO_DEVICE_ID, 4),
		  VIRTIO_ID_RNG);
	fini_slots();
	unlink(img);
	unlink(log);
	tg_fini(&g);
}

/* one -s line whose device cannot be made: -1 and one line */
static void create_fails(const char *opt, const char *want)
{
	stub_reset();
	init_config();
	ASSERT_EQ(parse_slot_option(opt), 0);
	EXPECT_EQ(CAPTURE(create_all()), -1);
	EXPECT_EQ(lines(errbuf), 1);
	if (strstr(errbuf, want) == NULL)
		printf("  %s: got \"%s\", want \"%s\"\n", opt, errbuf, want);
	EXPECT_TRUE(strstr(errbuf, want) != NULL);
	fini_slots();
}

TEST(create_errors)
{
	tg_init(&g, 8);
	create_fails("3,virtio-blk,/nonexistent.img",
		     "bhyve: slot 3 (virtio-blk): /nonexistent.img: No such "
		     "file or directory\n");
	create_fails("3,virtio-blk,ro",
		     "bhyve: slot 3 (virtio-blk): ro: No such file");
	create_fails("3,virtio-blk", "virtio.3.path is not set");
	create_fails("4,virtio-net,tap0,mac=01:00:00:00:00:01",
		     "bad MAC '01:00:00:00:00:01'");
	create_fails("4,virtio-net,tap0,mac=02:00:00:00:00",
		     "bad MAC");
	create_fails("4,virtio-net", "virtio.4.tap is not set");
	/* no tap here (no privilege, or no /dev/net/tun): one clear line */
	create_fails("4,virtio-net,this-tap-name-is-too-long",
		     "bad interface name");
	create_fails("5,virtio-console,stdio,path=/x", "not more");
	create_fails("5,virtio-console,pty,stdio", "not more");
	create_fails("5,virtio-console,pty=maybe", "pty: invalid value");
	create_fails("5,virtio-console,path=/nonexistent/dir/log",
		     "/nonexistent/dir/log: No such file");
	/* a device set with -o to something unknown */
	stub_reset();
	init_config();
	set_config_value("virtio.6.device", "virtio-gpu");
	EXPECT_EQ(CAPTURE(create_all()), -1);
	EXPECT_STREQ(errbuf, "bhyve: virtio.6.device: unknown device "
			     "'virtio-gpu' (one of virtio-blk, virtio-net, "
			     "virtio-console, virtio-rng)\n");
	tg_fini(&g);
}

TEST(mac_addresses)
{
	uint8_t mac[6], mac2[6];

	EXPECT_EQ(virtio_net_parse_mac("02:00:00:00:00:01", mac), 0);
	EXPECT_EQ(mac[5], 1);
	EXPECT_EQ(virtio_net_parse_mac("0A:bB:cc:dd:ee:ff", mac), 0);
	EXPECT_EQ(mac[1], 0xbb);
	EXPECT_EQ(virtio_net_parse_mac("00:00:00:00:00:00", mac), -1);
	EXPECT_EQ(virtio_net_parse_mac("ff:ff:ff:ff:ff:ff", mac), -1);
	EXPECT_EQ(virtio_net_parse_mac("02:00:00:00:00:1", mac), -1);
	EXPECT_EQ(virtio_net_parse_mac("02:00:00:00:00:011", mac), -1);
	EXPECT_EQ(virtio_net_parse_mac("02-00-00-00-00-01", mac), -1);
	EXPECT_EQ(virtio_net_parse_mac("02:00:00:00:00:01:", mac), -1);
	EXPECT_EQ(virtio_net_parse_mac("+2:00:00:00:00:01", mac), -1);
	EXPECT_EQ(virtio_net_parse_mac("", mac), -1);
	virtio_net_default_mac("vm1", 3, mac);
	EXPECT_EQ(mac[0], 0x02); /* locally administered, unicast */
	virtio_net_default_mac("vm1", 4, mac2);
	EXPECT_NE(memcmp(mac, mac2, 6), 0);
	virtio_net_default_mac("vm1", 3, mac2);
	EXPECT_EQ(memcmp(mac, mac2, 6), 0);
}

/* bring queue 0..nq-1 of a device up like a driver (3.1.1) */
static void drive_up(struct vmmio *vm, unsigned int nq, uint64_t *gpa)
{
	unsigned int q;

	vmmio_write(vm, VMMIO_STATUS, 4, 3);
	vmmio_write(vm, VMMIO_DRIVER_FEATURES_SEL, 4, 1);
	vmmio_write(vm, VMMIO_DRIVER_FEATURES, 4, 1);
	vmmio_write(vm, VMMIO_STATUS, 4, 3 | VIRTIO_S_FEATURES_OK);
	for (q = 0; q < nq; q++) {
		vmmio_write(vm, VMMIO_QUEUE_SEL, 4, q);
		vmmio_write(vm, VMMIO_QUEUE_NUM, 4, 8);
		vmmio_write(vm, VMMIO_QUEUE_DESC_LOW, 4, (uint32_t)gpa[3 * q]);
		vmmio_write(vm, VMMIO_QUEUE_DRIVER_LOW, 4,
			    (uint32_t)gpa[3 * q + 1]);
		vmmio_write(vm, VMMIO_QUEUE_DEVICE_LOW, 4,
			    (uint32_t)gpa[3 * q + 2]);
		vmmio_write(vm, VMMIO_QUEUE_READY, 4, 1);
	}
	vmmio_write(vm, VMMIO_STATUS, 4, 3 | VIRTIO_S_FEATURES_OK |
						  VIRTIO_S_DRIVER_OK);
}

TEST(rng_fills_buffers)
{
	char err[128];
	struct virtio_slot_args a = { 0, "vm", &g.mem, err, sizeof(err) };
	uint64_t gpa[3] = { TG_DESC, TG_AVAIL, TG_USED };
	struct vmmio *vm;
	uint32_t id, len;
	uint8_t *p;
	unsigned int i, nz = 0;

	stub_reset();
	tg_init(&g, 8);
	vm = virtio_rng_create(&a);
	ASSERT_TRUE(vm != NULL);
	drive_up(vm, 1, gpa);
	tg_desc(&g, 0, TG_DATA, 64, VRING_DESC_F_WRITE, 0);
	tg_avail(&g, 0);
	vmmio_write(vm, VMMIO_QUEUE_NOTIFY, 4, 0);
	EXPECT_EQ(tg_used_idx(&g), 1);
	tg_used_elem(&g, 0, &id, &len);
	EXPECT_EQ(len, 64);
	p = tg_ptr(&g, TG_DATA);
	for (i = 0; i < 64; i++)
		nz += p[i] != 0;
	EXPECT_GT(nz, 32);
	vmmio_destroy(vm);
	tg_fini(&g);
}

TEST(console_tx_and_rx)
{
	char err[128], log[] = "/tmp/test_virtio_con.XXXXXX", out[16] = { 0 };
	struct virtio_slot_args a = { 5, "vm", &g.mem, err, sizeof(err) };
	/* receiveq and transmitq in separate places */
	uint64_t gpa[6] = { TG_DESC, TG_AVAIL, TG_USED,
			    TG_DESC + 0x800, TG_AVAIL + 0x400, TG_USED + 0x800 };
	struct tguest tx;
	struct vmmio *vm;
	int fd = mkstemp(log);

	ASSERT_TRUE(fd >= 0);
	stub_reset();
	tg_init(&g, 8);
	init_config();
	set_config_value("virtio.5.device", "virtio-console");
	set_config_value("virtio.5.path", log);
	vm = virtio_console_create(&a);
	ASSERT_TRUE(vm != NULL);
	drive_up(vm, 2, gpa);
	/* a second driver view of the same RAM for the transmitq */
	tx = g;
	tx.desc = gpa[3];
	tx.avail = gpa[4];
	tx.used = gpa[5];
	tx.avail_idx = 0;
	memcpy(tg_ptr(&g, TG_DATA), "hello", 5);
	tg_desc(&tx, 0, TG_DATA, 5, 0, 0);
	tg_avail(&tx, 0);
	vmmio_write(vm, VMMIO_QUEUE_NOTIFY, 4, 1);
	EXPECT_EQ(tg_used_idx(&tx), 1);
	EXPECT_EQ(pread(fd, out, sizeof(out), 0), 5);
	EXPECT_STREQ(out, "hello");
	/* path= has no input: a receiveq notify arms nothing */
	vmmio_write(vm, VMMIO_QUEUE_NOTIFY, 4, 0);
	EXPECT_TRUE(stub_mevent_find(-1) == NULL);
	vmmio_destroy(vm);
	close(fd);
	unlink(log);
	tg_fini(&g);
}

/* one chain of len bytes of data on the transmitq, descriptor i */
static void con_send(struct vmmio *vm, struct tguest *tx, uint16_t i,
		     const void *data, uint32_t len)
{
	memcpy(tg_ptr(&g, TG_DATA + 0x1000), data, len);
	tg_desc(tx, i, TG_DATA + 0x1000, len, 0, 0);
	tg_avail(tx, i);
	vmmio_write(vm, VMMIO_QUEUE_NOTIFY, 4, 1);
}

static void on_alarm(int sig)
{
	(void)sig; /* only to make a blocked open() return EINTR */
}

/*
 * path= a FIFO that nobody reads: the device is made at once (an open()
 * that waited for a reader would hang bhyve before its signal handlers,
 * with the VM made), output is dropped until a reader comes, reaches
 * the reader while there is one, is dropped again when it leaves and
 * reaches the next one. A reader that does not keep up loses output, and
 * the vCPU never waits for it.
 */
TEST(console_fifo_without_reader)
{
	char err[128], dir[] = "/tmp/test_virtio_fifo.XXXXXX", fifo[64];
	char out[32] = { 0 };
	static char big[16384];
	struct virtio_slot_args a = { 5, "vm", &g.mem, err, sizeof(err) };
	uint64_t gpa[6] = { TG_DESC, TG_AVAIL, TG_USED,
			    TG_DESC + 0x800, TG_AVAIL + 0x400, TG_USED + 0x800 };
	struct sigaction sa, old;
	struct tguest tx;
	struct vmmio *vm;
	int rfd;

	ASSERT_TRUE(mkdtemp(dir) != NULL);
	snprintf(fifo, sizeof(fifo), "%s/console", dir);
	ASSERT_EQ(mkfifo(fifo, 0600), 0);
	signal(SIGPIPE, SIG_IGN); /* as bhyve does */
	stub_reset();
	tg_init(&g, 8);
	init_config();
	set_config_value("virtio.5.device", "virtio-console");
	set_config_value("virtio.5.path", fifo);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm; /* no SA_RESTART */
	sigaction(SIGALRM, &sa, &old);
	alarm(2);
	vm = virtio_console_create(&a);
	alarm(0);
	sigaction(SIGALRM, &old, NULL);
	if (vm == NULL)
		printf("  create: %s\n", err);
	ASSERT_TRUE(vm != NULL);
	drive_up(vm, 2, gpa);
	tx = g;
	tx.desc = gpa[3];
	tx.avail = gpa[4];
	tx.used = gpa[5];
	tx.avail_idx = 0;
	con_send(vm, &tx, 0, "lost", 4);
	EXPECT_EQ(tg_used_idx(&tx), 1);
	rfd = open(fifo, O_RDONLY | O_NONBLOCK);
	ASSERT_TRUE(rfd >= 0);
	con_send(vm, &tx, 1, "seen", 4);
	EXPECT_EQ(tg_used_idx(&tx), 2);
	EXPECT_EQ(read(rfd, out, sizeof(out)), 4);
	EXPECT_EQ(memcmp(out, "seen", 4), 0);
	close(rfd);
	con_send(vm, &tx, 2, "gone", 4);
	EXPECT_EQ(tg_used_idx(&tx), 3);
	rfd = open(fifo, O_RDONLY | O_NONBLOCK);
	ASSERT_TRUE(rfd >= 0);
	con_send(vm, &tx, 3, "back", 4);
	EXPECT_EQ(tg_used_idx(&tx), 4);
	EXPECT_EQ(read(rfd, out, sizeof(out)), 4);
	EXPECT_EQ(memcmp(out, "back", 4), 0);
	/* more than the pipe holds: the rest is dropped (a hang would end
	 * the test with SIGALRM) */
	EXPECT_GT(fcntl(rfd, F_SETPIPE_SZ, 4096), 0);
	memset(big, 'x', sizeof(big));
	alarm(10);
	con_send(vm, &tx, 4, big, sizeof(big));
	alarm(0);
	EXPECT_EQ(tg_used_idx(&tx), 5);
	close(rfd);
	vmmio_destroy(vm);
	unlink(fifo);
	rmdir(dir);
	tg_fini(&g);
}

/* The stub event loop's live event of that type, run once by hand. */
static bool run_event(enum mevent_type type)
{
	unsigned int i;

	for (i = 0; i < STUB_MAX_EVS; i++)
		if (stub_evs[i].live && !stub_evs[i].disabled &&
		    stub_evs[i].type == type) {
			stub_evs[i].cb(stub_evs[i].fd, type, stub_evs[i].arg);
			return true;
		}
	return false;
}

/*
 * pty: one line says where, output made while nobody is attached reaches
 * the terminal that attaches by the link, its typing fills the guest's
 * receive buffer, and the link goes with the device. The event loop is
 * the stub: its callbacks are run by hand, in the order the loop would.
 */
TEST(console_pty)
{
	char err[128], base[] = "/tmp/test_virtio_pty.XXXXXX", link[128];
	char want[160], out[16] = { 0 };
	struct virtio_slot_args a = { 6, "vmc", &g.mem, err, sizeof(err) };
	uint64_t gpa[6] = {
		TG_DESC,	 TG_AVAIL,	   TG_USED,
		TG_DESC + 0x800, TG_AVAIL + 0x400, TG_USED + 0x800
	};
	struct tguest tx;
	struct vmmio *vm = NULL;
	uint32_t id, len;
	const char *s;
	int fd;

	ASSERT_TRUE(mkdtemp(base) != NULL);
	rundir_base = base;
	stub_reset();
	tg_init(&g, 8);
	init_config();
	ASSERT_EQ(parse_slot_option("6,virtio-console,pty"), 0);
	EXPECT_STREQ(cfg("virtio.6.pty"), "true");
	EXPECT_TRUE(CAPTURE((vm = virtio_console_create(&a)) != NULL));
	ASSERT_TRUE(vm != NULL);
	snprintf(link, sizeof(link), "%s/vmc/virtio-console.6", base);
	snprintf(want, sizeof(want), "(%s)\n", link);
	EXPECT_EQ(lines(errbuf), 1);
	EXPECT_TRUE(strncmp(errbuf,
			    "bhyve: slot 6 (virtio-console): "
			    "/dev/pts/",
			    41) == 0);
	s = strchr(errbuf, '(');
	s = s ? strchr(s + 1, '(') : NULL;
	EXPECT_STREQ(s ? s : "", want);
	drive_up(vm, 2, gpa);
	tx = g;
	tx.desc = gpa[3];
	tx.avail = gpa[4];
	tx.used = gpa[5];
	tx.avail_idx = 0;
	con_send(vm, &tx, 0, "early", 5); /* nobody attached: kept */
	EXPECT_EQ(tg_used_idx(&tx), 1);
	fd = open(link, O_RDWR | O_NOCTTY | O_NONBLOCK);
	ASSERT_TRUE(fd >= 0);
	EXPECT_TRUE(run_event(EVF_TIMER)); /* sees the terminal */
	EXPECT_TRUE(run_event(EVF_WRITE)); /* delivers what was kept */
	EXPECT_EQ(read(fd, out, sizeof(out)), 5);
	EXPECT_EQ(memcmp(out, "early", 5), 0);
	con_send(vm, &tx, 1, "now", 3); /* attached: straight out */
	EXPECT_EQ(read(fd, out, sizeof(out)), 3);
	EXPECT_EQ(memcmp(out, "now", 3), 0);
	/* typing, into a receive buffer the guest posts */
	EXPECT_EQ(write(fd, "ls\r", 3), 3);
	tg_desc(&g, 0, TG_DATA, 16, VRING_DESC_F_WRITE, 0);
	tg_avail(&g, 0);
	vmmio_write(vm, VMMIO_QUEUE_NOTIFY, 4, 0);
	EXPECT_TRUE(run_event(EVF_READ));
	EXPECT_EQ(tg_used_idx(&g), 1);
	tg_used_elem(&g, 0, &id, &len);
	EXPECT_EQ(len, 3);
	EXPECT_EQ(memcmp(tg_ptr(&g, TG_DATA), "ls\r", 3), 0);
	/* no buffer left: input paused, the timer watches for a departure */
	EXPECT_EQ(write(fd, "x", 1), 1);
	EXPECT_TRUE(run_event(EVF_READ));
	EXPECT_FALSE(run_event(EVF_READ));
	EXPECT_TRUE(run_event(EVF_TIMER));
	close(fd);
	vmmio_destroy(vm);
	EXPECT_EQ(access(link, F_OK), -1);
	EXPECT_EQ(rmdir(base), 0);
	rundir_base = RUNDIR_BASE;
	tg_fini(&g);
}

/* rx: frame into buffer (i, one descriptor of 12 + cap bytes), run it */
static void net_post(struct vmmio *vm, uint16_t i, uint64_t gpa, uint32_t cap)
{
	tg_desc(&g, i, gpa, 12 + cap, VRING_DESC_F_WRITE, 0);
	tg_avail(&g, i);
	vmmio_write(vm, VMMIO_QUEUE_NOTIFY, 4, 0);
}

/* tx: a 12-byte header and len bytes of data in a chain of two, sent */
static void net_send(struct vmmio *vm, struct tguest *tx,
		     const uint8_t hdr[12], const char *data, uint32_t len)
{
	memcpy(tg_ptr(&g, TG_DATA), hdr, 12);
	memcpy(tg_ptr(&g, TG_DATA + 0x100), data, len);
	tg_desc(tx, 0, TG_DATA, 12, VRING_DESC_F_NEXT, 1);
	tg_desc(tx, 1, TG_DATA + 0x100, len, 0, 0);
	tg_avail(tx, 0);
	vmmio_write(vm, VMMIO_QUEUE_NOTIFY, 4, 1);
}

/*
 * A virtio-net device on a SOCK_SEQPACKET pair standing in for the tap
 * (one record per frame, as a tap reads), driven up with its two queues:
 * receive in g, transmit in *tx. sv[1] is the peer's end.
 */
static struct vmmio *net_up(struct virtio_slot_args *a, int sv[2],
			    bool vnet_hdr, struct tguest *tx)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 9 };
	uint64_t gpa[6] = { TG_DESC, TG_AVAIL, TG_USED,
			    TG_DESC + 0x800, TG_AVAIL + 0x400, TG_USED + 0x800 };
	struct vmmio *vm;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, sv))
		return NULL;
	stub_reset();
	tg_init(&g, 8);
	vm = virtio_net_create_fd(a, sv[0], mac, vnet_hdr);
	if (!vm)
		return NULL;
	drive_up(vm, 2, gpa);
	*tx = g;
	tx->desc = gpa[3];
	tx->avail = gpa[4];
	tx->used = gpa[5];
	return vm;
}

/*
 * virtio-net without a header on its descriptor: TX strips the 12-byte
 * header, RX adds it, and with no receive buffer the device stops reading
 * until the guest posts one.
 */
TEST(net_tx_rx_and_rx_stall)
{
	static const uint8_t no_hdr[12];
	char err[128], frame[64];
	struct virtio_slot_args a = { 3, "vm", &g.mem, err, sizeof(err) };
	struct tguest tx;
	struct vmmio *vm;
	struct mevent *ev;
	uint32_t id, len;
	uint8_t *rx;
	int sv[2];

	vm = net_up(&a, sv, false, &tx);
	ASSERT_TRUE(vm != NULL);
	EXPECT_EQ(vmmio_read(vm, VMMIO_CONFIG + 5, 1), 9);
	EXPECT_EQ(vmmio_read(vm, VMMIO_CONFIG + 6, 2), 1); /* link up */

	/* TX: header and frame in separate descriptors */
	net_send(vm, &tx, no_hdr, "frame-one", 9);
	EXPECT_EQ(tg_used_idx(&tx), 1);
	EXPECT_EQ(read(sv[1], frame, sizeof(frame)), 9);
	EXPECT_EQ(memcmp(frame, "frame-one", 9), 0);

	/* RX: one buffer posted, a notify arms the tap */
	net_post(vm, 0, TG_DATA + 0x1000, 1514);
	ev = stub_mevent_find(sv[0]);
	ASSERT_TRUE(ev != NULL);
	EXPECT_EQ(write(sv[1], "pkt-1", 5), 5);
	EXPECT_EQ(write(sv[1], "pkt-2", 5), 5);
	ev->cb(ev->fd, ev->type, ev->arg);
	EXPECT_EQ(tg_used_idx(&g), 1);
	tg_used_elem(&g, 0, &id, &len);
	EXPECT_EQ(len, 12 + 5);
	rx = tg_ptr(&g, TG_DATA + 0x1000);
	EXPECT_EQ(rx[10], 1); /* num_buffers */
	EXPECT_EQ(memcmp(rx + 12, "pkt-1", 5), 0);
	EXPECT_TRUE(vmmio_irq_level(vm));
	/* no buffer left for pkt-2: stop reading, it waits in the socket */
	EXPECT_TRUE(stub_mevent_find(sv[0]) == NULL);
	/* the guest posts a buffer: reading resumes, pkt-2 arrives */
	net_post(vm, 1, TG_DATA + 0x2000, 1514);
	ev = stub_mevent_find(sv[0]);
	ASSERT_TRUE(ev != NULL);
	ev->cb(ev->fd, ev->type, ev->arg);
	EXPECT_EQ(tg_used_idx(&g), 2);
	EXPECT_EQ(memcmp(tg_ptr(&g, TG_DATA + 0x2000 + 12), "pkt-2", 5), 0);
	/* ring empty again: reading stopped; a new buffer re-arms it, and
	 * with nothing to read the chain taken is given back */
	EXPECT_TRUE(stub_mevent_find(sv[0]) == NULL);
	net_post(vm, 2, TG_DATA + 0x3000, 1514);
	ev = stub_mevent_find(sv[0]);
	ASSERT_TRUE(ev != NULL);
	ev->cb(ev->fd, ev->type, ev->arg);
	EXPECT_EQ(tg_used_idx(&g), 2);
	EXPECT_TRUE(stub_mevent_find(sv[0]) != NULL);
	/* after a reset the event stops itself */
	vmmio_write(vm, VMMIO_STATUS, 4, 0);
	ev->cb(ev->fd, ev->type, ev->arg);
	EXPECT_TRUE(stub_mevent_find(sv[0]) == NULL);
	vmmio_destroy(vm);
	close(sv[1]);
	tg_fini(&g);
}

/*
 * virtio-net on a descriptor whose frames carry a virtio-net header (a
 * tap with IFF_VNET_HDR): the checksum and segmentation offloads are
 * offered, the guest's header goes out as it is, the peer's comes in as
 * it is but for num_buffers, which the device sets to 1.
 */
TEST(net_vnet_hdr_passes_headers_through)
{
	char err[128];
	uint8_t frame[64], in[12 + 7];
	static const uint8_t hdr[12] = { 1,  1, 54, 0, 0xb4, 5,
					 34, 0, 16, 0, 0xff, 0xff };
	struct virtio_slot_args a = { 3, "vm", &g.mem, err, sizeof(err) };
	struct tguest tx;
	struct vmmio *vm;
	struct mevent *ev;
	uint32_t id, len, f;
	uint8_t *rx;
	int sv[2];

	vm = net_up(&a, sv, true, &tx);
	ASSERT_TRUE(vm != NULL);
	vmmio_write(vm, VMMIO_DEVICE_FEATURES_SEL, 4, 0);
	f = (uint32_t)vmmio_read(vm, VMMIO_DEVICE_FEATURES, 4);
	/* CSUM, GUEST_CSUM, GUEST_TSO4/6, HOST_TSO4/6 */
	EXPECT_EQ(f & 0x1983, 0x1983);

	/* TX: the header is part of the frame written */
	net_send(vm, &tx, hdr, "segment", 7);
	EXPECT_EQ(tg_used_idx(&tx), 1);
	EXPECT_EQ(read(sv[1], frame, sizeof(frame)), 12 + 7);
	EXPECT_EQ(memcmp(frame, hdr, 12), 0);
	EXPECT_EQ(memcmp(frame + 12, "segment", 7), 0);

	/* RX: header and frame split over two descriptors */
	tg_desc(&g, 0, TG_DATA + 0x1000, 8,
		VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 1);
	tg_desc(&g, 1, TG_DATA + 0x2000, 1514 + 4, VRING_DESC_F_WRITE, 0);
	tg_avail(&g, 0);
	vmmio_write(vm, VMMIO_QUEUE_NOTIFY, 4, 0);
	ev = stub_mevent_find(sv[0]);
	ASSERT_TRUE(ev != NULL);
	memcpy(in, hdr, 12);
	memcpy(in + 12, "payload", 7);
	EXPECT_EQ(write(sv[1], in, sizeof(in)), (ssize_t)sizeof(in));
	ev->cb(ev->fd, ev->type, ev->arg);
	EXPECT_EQ(tg_used_idx(&g), 1);
	tg_used_elem(&g, 0, &id, &len);
	EXPECT_EQ(len, 12 + 7);
	rx = tg_ptr(&g, TG_DATA + 0x1000);
	EXPECT_EQ(memcmp(rx, hdr, 8), 0);
	rx = tg_ptr(&g, TG_DATA + 0x2000);
	EXPECT_EQ(memcmp(rx, hdr + 8, 2), 0);
	EXPECT_EQ(rx[2], 1); /* num_buffers = 1 */
	EXPECT_EQ(rx[3], 0);
	EXPECT_EQ(memcmp(rx + 4, "payload", 7), 0);
	vmmio_destroy(vm);
	close(sv[1]);
	tg_fini(&g);
}

/*
 * A frame larger than the receive buffer the guest posted (no mergeable
 * buffers: one buffer per frame) is dropped, not cut to the buffer and
 * passed on as a shorter frame: a tap's read, like this stand-in's,
 * fills the buffer and discards the rest without saying so. The buffer
 * stays the guest's for the next frame; the used length is never more
 * than what was written into it. The first drop is said in one line,
 * later ones are counted and their total given when the device goes.
 */
TEST(net_rx_frame_larger_than_buffer)
{
	char err[128], big[200], fit[64], small[20];
	struct virtio_slot_args a = { 3, "vm", &g.mem, err, sizeof(err) };
	struct tguest tx;
	struct vmmio *vm;
	struct mevent *ev;
	uint32_t id, len;
	uint8_t *rx;
	int sv[2];

	vm = net_up(&a, sv, false, &tx);
	ASSERT_TRUE(vm != NULL);
	memset(big, 'B', sizeof(big));
	memset(fit, 'F', sizeof(fit));
	memset(small, 'S', sizeof(small));

	/* 64 bytes of room: 65 and 200 bytes are dropped, 64 fit exactly */
	net_post(vm, 0, TG_DATA + 0x1000, 64);
	ev = stub_mevent_find(sv[0]);
	ASSERT_TRUE(ev != NULL);
	EXPECT_EQ(write(sv[1], big, 65), 65);
	EXPECT_EQ(write(sv[1], big, sizeof(big)), (ssize_t)sizeof(big));
	EXPECT_EQ(write(sv[1], fit, sizeof(fit)), (ssize_t)sizeof(fit));
	CAPTURE((ev->cb(ev->fd, ev->type, ev->arg), 0));
	EXPECT_EQ(lines(errbuf), 1);
	if (strstr(errbuf, "slot 3 (virtio-net)") == NULL ||
	    strstr(errbuf, "dropped") == NULL)
		printf("  got \"%s\"\n", errbuf);
	EXPECT_TRUE(strstr(errbuf, "slot 3 (virtio-net)") != NULL);
	EXPECT_TRUE(strstr(errbuf, "dropped") != NULL);
	EXPECT_EQ(tg_used_idx(&g), 1);
	tg_used_elem(&g, 0, &id, &len);
	EXPECT_EQ(id, 0);
	EXPECT_EQ(len, 12 + 64);
	rx = tg_ptr(&g, TG_DATA + 0x1000);
	EXPECT_EQ(rx[10], 1); /* num_buffers */
	EXPECT_EQ(memcmp(rx + 12, fit, sizeof(fit)), 0);
	/* no buffer left: reading stopped */
	EXPECT_TRUE(stub_mevent_find(sv[0]) == NULL);

	/* header and data in two descriptors, 12 + 20 bytes of room: 21
	 * bytes are dropped, said no more; 20 fit */
	tg_desc(&g, 1, TG_DATA + 0x2000, 12, VRING_DESC_F_WRITE |
		VRING_DESC_F_NEXT, 2);
	tg_desc(&g, 2, TG_DATA + 0x3000, 20, VRING_DESC_F_WRITE, 0);
	tg_avail(&g, 1);
	vmmio_write(vm, VMMIO_QUEUE_NOTIFY, 4, 0);
	ev = stub_mevent_find(sv[0]);
	ASSERT_TRUE(ev != NULL);
	EXPECT_EQ(write(sv[1], big, 21), 21);
	EXPECT_EQ(write(sv[1], small, sizeof(small)), (ssize_t)sizeof(small));
	CAPTURE((ev->cb(ev->fd, ev->type, ev->arg), 0));
	EXPECT_STREQ(errbuf, "");
	EXPECT_EQ(tg_used_idx(&g), 2);
	tg_used_elem(&g, 1, &id, &len);
	EXPECT_EQ(id, 1);
	EXPECT_EQ(len, 12 + 20);
	EXPECT_EQ(memcmp(tg_ptr(&g, TG_DATA + 0x3000), small, sizeof(small)),
		  0);

	/* a frame too big with nothing after it: the buffer stays posted */
	net_post(vm, 3, TG_DATA + 0x4000, 64);
	ev = stub_mevent_find(sv[0]);
	ASSERT_TRUE(ev != NULL);
	EXPECT_EQ(write(sv[1], big, sizeof(big)), (ssize_t)sizeof(big));
	CAPTURE((ev->cb(ev->fd, ev->type, ev->arg), 0));
	EXPECT_STREQ(errbuf, "");
	EXPECT_EQ(tg_used_idx(&g), 2);
	EXPECT_TRUE(stub_mevent_find(sv[0]) != NULL);
	EXPECT_EQ(write(sv[1], small, sizeof(small)), (ssize_t)sizeof(small));
	ev->cb(ev->fd, ev->type, ev->arg);
	EXPECT_EQ(tg_used_idx(&g), 3);
	tg_used_elem(&g, 2, &id, &len);
	EXPECT_EQ(id, 3);
	EXPECT_EQ(len, 12 + 20);

	/* the total when the device goes: 4 frames */
	CAPTURE((vmmio_destroy(vm), 0));
	EXPECT_EQ(lines(errbuf), 1);
	if (strstr(errbuf, "slot 3 (virtio-net): 4 ") == NULL)
		printf("  got \"%s\"\n", errbuf);
	EXPECT_TRUE(strstr(errbuf, "slot 3 (virtio-net): 4 ") != NULL);
	close(sv[1]);
	tg_fini(&g);
}

/*
 * A tap whose interface was deleted (ip link del) polls as POLLERR for
 * good and its reads fail (EBADFD): the receive side must stop for good
 * and say so once, or the event loop would dispatch it in a tight loop.
 * Stand-ins: a pipe's write end (reads fail with EBADF) and a datagram
 * socket whose peer closed (reads return 0, POLLHUP for good).
 */
static void net_backend_gone(int fd, int other)
{
	char err[128];
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 9 };
	struct virtio_slot_args a = { 3, "vm", &g.mem, err, sizeof(err) };
	uint64_t gpa[6] = { TG_DESC, TG_AVAIL, TG_USED,
			    TG_DESC + 0x800, TG_AVAIL + 0x400, TG_USED + 0x800 };
	struct vmmio *vm;
	struct mevent *ev;

	stub_reset();
	tg_init(&g, 8);
	vm = virtio_net_create_fd(&a, fd, mac, false);
	ASSERT_TRUE(vm != NULL);
	drive_up(vm, 2, gpa);
	tg_desc(&g, 0, TG_DATA + 0x1000, 1514 + 12, VRING_DESC_F_WRITE, 0);
	tg_avail(&g, 0);
	vmmio_write(vm, VMMIO_QUEUE_NOTIFY, 4, 0);
	ev = stub_mevent_find(fd);
	ASSERT_TRUE(ev != NULL);
	if (other >= 0)
		close(other);
	CAPTURE((ev->cb(ev->fd, ev->type, ev->arg), 0));
	EXPECT_EQ(lines(errbuf), 1);
	if (strstr(errbuf, "slot 3 (virtio-net)") == NULL ||
	    strstr(errbuf, "receive stopped") == NULL)
		printf("  got \"%s\"\n", errbuf);
	EXPECT_TRUE(strstr(errbuf, "slot 3 (virtio-net)") != NULL);
	EXPECT_TRUE(strstr(errbuf, "receive stopped") != NULL);
	EXPECT_TRUE(stub_mevent_find(fd) == NULL);
	EXPECT_EQ(tg_used_idx(&g), 0); /* the buffer stays the guest's */
	/* new buffers do not start it again, and nothing more is said */
	tg_desc(&g, 1, TG_DATA + 0x2000, 1514 + 12, VRING_DESC_F_WRITE, 0);
	tg_avail(&g, 1);
	CAPTURE((vmmio_write(vm, VMMIO_QUEUE_NOTIFY, 4, 0), 0));
	EXPECT_STREQ(errbuf, "");
	EXPECT_TRUE(stub_mevent_find(fd) == NULL);
	/* nor does a driver reset and a new start */
	vmmio_write(vm, VMMIO_STATUS, 4, 0);
	drive_up(vm, 2, gpa);
	CAPTURE((vmmio_write(vm, VMMIO_QUEUE_NOTIFY, 4, 0), 0));
	EXPECT_STREQ(errbuf, "");
	EXPECT_TRUE(stub_mevent_find(fd) == NULL);
	vmmio_destroy(vm);
	tg_fini(&g);
}

TEST(net_rx_backend_gone)
{
	int p[2], sv[2];

	ASSERT_EQ(pipe2(p, O_NONBLOCK | O_CLOEXEC), 0);
	net_backend_gone(p[1], -1);
	close(p[0]);
	ASSERT_EQ(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, sv),
		  0);
	net_backend_gone(sv[0], sv[1]);
}

UNIT_MAIN();
