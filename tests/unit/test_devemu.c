// SPDX-License-Identifier: BSD-2-Clause
/*
 * The device-model registry (usr/bhyve/devemu.h) with every model of
 * usr/bhyve/dev linked in (the Makefile finds them by file name): names
 * are unique, every key a model lists is accepted where the user writes
 * it, an unknown device is refused with one line naming the known ones,
 * and the board's fixed devices are created where the machine says.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"
#include "usr/bhyve/config.h"
#include "usr/bhyve/devemu.h"
#include "usr/bhyve/device.h"
#include "usr/bhyve/machine.h"
#include "usr/bhyve/mevent.h"
#include "usr/bhyve/rundir.h"
#include "usr/bhyve/dev/uart_pl011.h"
#include "usr/bhyve/slots.h"
#include "board/virt.h"

#include "capture.h"

static unsigned int count(enum devemu_kind kind)
{
	const struct devemu *de;
	unsigned int i, n = 0;

	for (i = 0; (de = devemu_at(i)) != NULL; i++)
		n += de->de_kind == kind;
	return n;
}

TEST(every_model_is_there_once)
{
	const struct devemu *a, *b;
	unsigned int i, j;

	/* the models of today; more may come, none may go missing */
	EXPECT_TRUE(devemu_find(DEVEMU_VIRTIO, "virtio-blk") != NULL);
	EXPECT_TRUE(devemu_find(DEVEMU_VIRTIO, "virtio-net") != NULL);
	EXPECT_TRUE(devemu_find(DEVEMU_VIRTIO, "virtio-console") != NULL);
	EXPECT_TRUE(devemu_find(DEVEMU_VIRTIO, "virtio-rng") != NULL);
	EXPECT_TRUE(devemu_find(DEVEMU_FIXED, "pl011") != NULL);
	EXPECT_TRUE(devemu_find(DEVEMU_FIXED, "pl031") != NULL);
	EXPECT_TRUE(devemu_find(DEVEMU_FIXED, "testdev") != NULL);
	EXPECT_TRUE(devemu_find(DEVEMU_VIRTIO, "pl011") == NULL);
	EXPECT_TRUE(devemu_find(DEVEMU_VIRTIO, "virtio-floppy") == NULL);
	for (i = 0; (a = devemu_at(i)) != NULL; i++) {
		ASSERT_TRUE(a->de_name != NULL && a->de_name[0] != '\0');
		/* a name -s can carry: no comma, no '=' */
		EXPECT_TRUE(strpbrk(a->de_name, ",= ") == NULL);
		if (a->de_kind == DEVEMU_VIRTIO)
			EXPECT_TRUE(a->de_create != NULL);
		else
			EXPECT_TRUE(a->de_init != NULL);
		for (j = i + 1; (b = devemu_at(j)) != NULL; j++)
			if (strcmp(a->de_name, b->de_name) == 0)
				FAIL(a->de_name);
		/* sorted: order, then name */
		b = devemu_at(i + 1);
		if (b != NULL)
			EXPECT_TRUE(a->de_order < b->de_order ||
				    (a->de_order == b->de_order &&
				     strcmp(a->de_name, b->de_name) < 0));
	}
	EXPECT_GE(count(DEVEMU_VIRTIO), 4);
	EXPECT_GE(count(DEVEMU_FIXED), 3);
}

/* -s SLOT,NAME,KEY=x for each key, then the tree's check of each */
TEST(virtio_keys_accepted)
{
	const struct devemu *de;
	const char *const *k;
	char opt[128], path[64];
	unsigned int i, slot;

	for (i = 0; (de = devemu_at(i)) != NULL; i++) {
		if (de->de_kind != DEVEMU_VIRTIO)
			continue;
		for (k = de->de_keys; *k != NULL; k++) {
			init_config();
			slot = 7;
			snprintf(opt, sizeof(opt), "%u,%s,%s=x", slot,
				 de->de_name, *k);
			EXPECT_EQ(CAPTURE(parse_slot_option(opt)), 0);
			EXPECT_STREQ(errbuf, "");
			snprintf(path, sizeof(path), "virtio.%u.%s", slot, *k);
			EXPECT_EQ(CAPTURE(virtio_slot_key_check(path)), 0);
			EXPECT_STREQ(errbuf, "");
		}
		/* and one it does not read, refused in one line */
		init_config();
		snprintf(opt, sizeof(opt), "3,%s,nonesuch=1", de->de_name);
		EXPECT_EQ(CAPTURE(parse_slot_option(opt)), -1);
		EXPECT_EQ(lines(errbuf), 1);
	}
}

TEST(unknown_device_refused)
{
	const struct devemu *de;
	unsigned int i;

	init_config();
	EXPECT_EQ(CAPTURE(parse_slot_option("4,virtio-floppy")), -1);
	EXPECT_EQ(lines(errbuf), 1);
	EXPECT_TRUE(strncmp(errbuf, "bhyve: -s 4,virtio-floppy: unknown "
			    "device 'virtio-floppy' (one of ", 53) == 0);
	/* the line names every virtio model, and no fixed one */
	for (i = 0; (de = devemu_at(i)) != NULL; i++)
		if (de->de_kind == DEVEMU_VIRTIO)
			EXPECT_TRUE(strstr(errbuf, de->de_name) != NULL);
	EXPECT_TRUE(strstr(errbuf, "pl011") == NULL);
	/* a fixed device is not a slot's */
	EXPECT_EQ(CAPTURE(parse_slot_option("4,pl011")), -1);
	EXPECT_EQ(lines(errbuf), 1);
}

/* The board places every fixed model, and only models that exist. */
TEST(board_and_fixed_models_agree)
{
	const struct machine_dev *md;
	const struct devemu *de;
	const char *const *k;
	unsigned int i, j, placed = 0;

	for (i = 0; (md = machine_fixed_dev(i)) != NULL; i++) {
		EXPECT_TRUE(devemu_find(DEVEMU_FIXED, md->name) != NULL);
		placed++;
	}
	EXPECT_EQ(placed, count(DEVEMU_FIXED));
	for (i = 0; (de = devemu_at(i)) != NULL; i++) {
		if (de->de_kind != DEVEMU_FIXED)
			continue;
		for (j = 0; (md = machine_fixed_dev(j)) != NULL; j++)
			if (strcmp(md->name, de->de_name) == 0)
				break;
		EXPECT_TRUE(md != NULL);
		/* its variables are its own */
		for (k = de->de_keys; k != NULL && *k != NULL; k++)
			EXPECT_TRUE(devemu_var_owner(*k) == de);
	}
	EXPECT_TRUE(devemu_var_owner("console") ==
		    devemu_find(DEVEMU_FIXED, "pl011"));
	EXPECT_TRUE(devemu_var_owner("nonesuch") == NULL);
	EXPECT_TRUE(devemu_var_owner("virtio.0.device") == NULL);
}

TEST(fixed_checks_one_line)
{
	init_config();
	ASSERT_EQ(set_config_value("console", "stdio"), 0);
	EXPECT_EQ(CAPTURE(devemu_check_fixed()), 0);
	EXPECT_STREQ(errbuf, "");
	ASSERT_EQ(set_config_value("testdev", "maybe"), 0);
	EXPECT_EQ(CAPTURE(devemu_check_fixed()), -1);
	EXPECT_STREQ(errbuf, "bhyve: testdev: invalid value 'maybe' "
		     "(expected true or false)\n");
	ASSERT_EQ(set_config_value("testdev", "false"), 0);
	ASSERT_EQ(set_config_value("console", "tcp"), 0);
	EXPECT_EQ(CAPTURE(devemu_check_fixed()), -1);
	EXPECT_STREQ(errbuf, "bhyve: console: unsupported value 'tcp' "
			     "(one of 'stdio', 'pty')\n");
	ASSERT_EQ(set_config_value("console", "pty"), 0);
	EXPECT_EQ(CAPTURE(devemu_check_fixed()), 0);
}

/*
 * Created where the machine says, in its order; testdev only if asked.
 * The PL061 is always there: it carries the power key.
 */
TEST(fixed_devices_created)
{
	const struct device *d;
	int i;

	for (i = 0; i < 2; i++) {
		init_config();
		ASSERT_EQ(set_config_value("console", "stdio"), 0);
		ASSERT_EQ(set_config_value("testdev", i ? "true" : "false"),
			  0);
		device_reset_all();
		ASSERT_EQ(CAPTURE(devemu_init_fixed(NULL)), 0);
		EXPECT_STREQ(errbuf, "");
		d = device_at(0);
		ASSERT_TRUE(d != NULL);
		EXPECT_STREQ(d->name, "pl011");
		EXPECT_EQ(d->base, VIRT_UART_BASE);
		EXPECT_EQ(d->intid, VIRT_UART_INTID);
		d = device_at(1);
		ASSERT_TRUE(d != NULL);
		EXPECT_STREQ(d->name, "pl031");
		EXPECT_EQ(d->base, VIRT_RTC_BASE);
		EXPECT_EQ(d->intid, VIRT_RTC_INTID);
		d = device_at(2);
		ASSERT_TRUE(d != NULL);
		EXPECT_STREQ(d->name, "pl061");
		EXPECT_EQ(d->base, VIRT_GPIO_BASE);
		EXPECT_EQ(d->intid, VIRT_GPIO_INTID);
		d = device_at(3);
		if (i) {
			ASSERT_TRUE(d != NULL);
			EXPECT_STREQ(d->name, "testdev");
			EXPECT_EQ(d->base, VIRT_TESTDEV_BASE);
		} else {
			EXPECT_TRUE(d == NULL);
		}
		devemu_fini_fixed();
		device_reset_all();
	}
}

/*
 * console=pty: the guest's PL011 on a pty linked from the VM's run
 * directory; what it sends while nobody is attached reaches the terminal
 * that attaches later, and what the terminal types reaches DR.
 */
TEST(pl011_on_a_pty)
{
	char base[] = "/tmp/test_devemu.XXXXXX", link[128], want[200];
	struct pollfd pfd;
	const struct device *d;
	char buf[8] = "";
	const char *s;
	int fd, i;

	ASSERT_TRUE(mkdtemp(base) != NULL);
	rundir_base = base;
	init_config();
	ASSERT_EQ(set_config_value("console", "pty"), 0);
	ASSERT_EQ(set_config_value("name", "vmpty"), 0);
	device_reset_all();
	ASSERT_EQ(CAPTURE(devemu_init_fixed(NULL)), 0);
	/* one line: where to attach */
	snprintf(link, sizeof(link), "%s/vmpty/console", base);
	snprintf(want, sizeof(want), "(%s)\n", link);
	EXPECT_EQ(lines(errbuf), 1);
	EXPECT_TRUE(strncmp(errbuf, "bhyve: console: /dev/pts/", 25) == 0);
	s = strchr(errbuf, '(');
	EXPECT_STREQ(s ? s : "", want);
	d = device_at(0);
	ASSERT_TRUE(d != NULL);
	EXPECT_STREQ(d->name, "pl011");
	ASSERT_EQ(mevent_start(), 0);
	for (s = "hi\n"; *s; s++) /* nobody attached yet */
		d->write(d->arg, 0, UARTDR, 4, (uint8_t)*s);
	fd = open(link, O_RDWR | O_NOCTTY | O_NONBLOCK);
	ASSERT_TRUE(fd >= 0);
	pfd.fd = fd;
	pfd.events = POLLIN;
	EXPECT_EQ(poll(&pfd, 1, 2000), 1);
	EXPECT_EQ(read(fd, buf, sizeof(buf) - 1), 3);
	EXPECT_STREQ(buf, "hi\n");
	EXPECT_EQ(write(fd, "k", 1), 1);
	for (i = 0; i < 200 && (d->read(d->arg, 0, UARTFR, 4) & FR_RXFE); i++) {
		struct timespec ts = { 0, 10000000 };

		nanosleep(&ts, NULL);
	}
	EXPECT_EQ(d->read(d->arg, 0, UARTDR, 4), 'k');
	close(fd);
	mevent_stop();
	devemu_fini_fixed();
	device_reset_all();
	/* the link and the VM's directory are gone, the base stays */
	EXPECT_EQ(access(link, F_OK), -1);
	EXPECT_EQ(rmdir(base), 0);
	rundir_base = RUNDIR_BASE;
}

/* The GIC binding's cells, from the machine: devices never spell them. */
TEST(machine_irq_cells)
{
	uint32_t c[MACHINE_IRQ_CELLS_MAX];

	ASSERT_EQ(machine_irq_cells(VIRT_UART_INTID, c, MACHINE_IRQ_CELLS_MAX),
		  3);
	EXPECT_EQ(c[0], 0);	/* SPI */
	EXPECT_EQ(c[1], 1);	/* SPI 1 */
	EXPECT_EQ(c[2], 4);	/* level high */
	ASSERT_EQ(machine_irq_cells(VIRT_MMIO_INTID(31), c, 3), 3);
	EXPECT_EQ(c[1], 47);
	EXPECT_EQ(machine_irq_cells(1019, c, 3), 3);
	EXPECT_EQ(machine_irq_cells(1020, c, 3), -1);
	EXPECT_EQ(machine_irq_cells(VIRT_VTIMER_INTID, c, 3), -1); /* a PPI */
	EXPECT_EQ(machine_irq_cells(-1, c, 3), -1);
	EXPECT_EQ(machine_irq_cells(VIRT_UART_INTID, c, 2), -1);
}

/* Every -s slot has a window of its own on the board, and an SPI. */
TEST(machine_virtio_slots)
{
	uint64_t base, prev = 0;
	unsigned int slot;
	int intid;

	for (slot = 0; slot < 32; slot++) {
		ASSERT_EQ(machine_virtio_slot(slot, &base, &intid), 0);
		EXPECT_EQ(base, VIRT_MMIO_BASE + slot * VIRT_MMIO_STRIDE);
		EXPECT_EQ(intid, VIRT_MMIO_INTID(slot));
		if (slot > 0)
			EXPECT_GE(base - prev, 0x200);
		prev = base;
	}
	EXPECT_EQ(machine_virtio_slot(32, &base, &intid), -1);
}

UNIT_MAIN();
