/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for bhyve's configuration tree (usr/bhyve/config.c), its
 * checks of -k files (config_check.c: one line naming the file, the line
 * and the problem) and the input checks of libvmmapi that need no module:
 * memory sizes, VM names.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "usr/bhyve/bhyverun.h"
#include "usr/bhyve/config.h"
#include "usr/bhyve/config_check.h"
#include "usr/bhyve/devemu.h"
#include "usr/bhyve/poweroff.h"
#include "vmmapi.h"

#include "capture.h"

/* bhyverun.c's, for poweroff.c's messages */
const char *vmname = "vm";

TEST(set_get_and_replace)
{
	init_config();
	EXPECT_TRUE(get_config_value("name") == NULL);
	EXPECT_EQ(errno, ENOENT);
	ASSERT_EQ(set_config_value("name", "vm0"), 0);
	ASSERT_EQ(set_config_value("memory.size", "256M"), 0);
	ASSERT_EQ(set_config_value("memory.wired", "false"), 0);
	EXPECT_STREQ(get_config_value("name"), "vm0");
	EXPECT_STREQ(get_config_value("memory.size"), "256M");
	EXPECT_STREQ(get_config_value("memory.wired"), "false");
	ASSERT_EQ(set_config_value("memory.size", "1G"), 0);
	EXPECT_STREQ(get_config_value("memory.size"), "1G");
	ASSERT_EQ(set_config_value("name", ""), 0);
	EXPECT_STREQ(get_config_value("name"), "");
	/* a node is not a variable */
	EXPECT_TRUE(get_config_value("memory") == NULL);
	EXPECT_TRUE(get_config_value("memory.size.x") == NULL);
	EXPECT_TRUE(get_config_value("memory.nothere") == NULL);
	init_config();
	EXPECT_TRUE(get_config_value("memory.size") == NULL);
}

TEST(variables_and_nodes_do_not_mix)
{
	init_config();
	ASSERT_EQ(set_config_value("memory.size", "1G"), 0);
	EXPECT_EQ(set_config_value("memory", "x"), -1);
	EXPECT_EQ(errno, EISDIR);
	EXPECT_EQ(set_config_value("memory.size.low", "x"), -1);
	EXPECT_EQ(errno, ENOTDIR);
	EXPECT_EQ(set_config_value("memory.size.low.deeper", "x"), -1);
	EXPECT_EQ(errno, ENOTDIR);
	/* failures leave nothing behind */
	EXPECT_STREQ(get_config_value("memory.size"), "1G");
	ASSERT_EQ(set_config_value("a.b.c.d", "1"), 0);
	EXPECT_STREQ(get_config_value("a.b.c.d"), "1");
	EXPECT_EQ(set_config_value("a.b", "x"), -1);
	EXPECT_EQ(set_config_value("a.b.c.d.e", "x"), -1);
	init_config();
}

TEST(bad_paths)
{
	static const char *const bad[] = {
		"", ".", "a.", ".a", "a..b", "a b", "a=b", "a#b", "a\tb",
		"a\nb",
	};
	size_t i;

	init_config();
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(set_config_value(bad[i], "v"), -1);
		EXPECT_EQ(errno, EINVAL);
		EXPECT_TRUE(get_config_value(bad[i]) == NULL);
	}
	EXPECT_EQ(set_config_value(NULL, "v"), -1);
	EXPECT_EQ(set_config_value("a", NULL), -1);
	EXPECT_TRUE(get_config_value(NULL) == NULL);
}

TEST(set_if_unset)
{
	init_config();
	ASSERT_EQ(set_config_value_if_unset("cpus", "1"), 0);
	ASSERT_EQ(set_config_value_if_unset("cpus", "2"), 0);
	EXPECT_STREQ(get_config_value("cpus"), "1");
	init_config();
}

TEST(booleans)
{
	static const char *const yes[] = { "true", "TRUE", "on", "Yes", "1" };
	static const char *const no[] = { "false", "Off", "no", "0" };
	static const char *const bad[] = { "", "2", "maybe", "truex", " on" };
	bool v;
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		v = false;
		EXPECT_EQ(config_parse_bool(yes[i], &v), 0);
		EXPECT_TRUE(v);
	}
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		v = true;
		EXPECT_EQ(config_parse_bool(no[i], &v), 0);
		EXPECT_FALSE(v);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(config_parse_bool(bad[i], &v), -1);
		EXPECT_EQ(errno, EINVAL);
	}

	init_config();
	EXPECT_EQ(get_config_bool_default("testdev", true, &v), 0);
	EXPECT_TRUE(v);
	EXPECT_EQ(get_config_bool_default("testdev", false, &v), 0);
	EXPECT_FALSE(v);
	ASSERT_EQ(set_config_bool("testdev", true), 0);
	EXPECT_STREQ(get_config_value("testdev"), "true");
	EXPECT_EQ(get_config_bool_default("testdev", false, &v), 0);
	EXPECT_TRUE(v);
	ASSERT_EQ(set_config_value("testdev", "sure"), 0);
	EXPECT_EQ(get_config_bool_default("testdev", false, &v), -1);
	init_config();
}

TEST(options)
{
	init_config();
	EXPECT_EQ(parse_config_option("bootrom=/tmp/rom.bin"), 0);
	EXPECT_STREQ(get_config_value("bootrom"), "/tmp/rom.bin");
	EXPECT_EQ(parse_config_option(" memory.size = 64M "), 0);
	EXPECT_STREQ(get_config_value("memory.size"), "64M");
	EXPECT_EQ(parse_config_option("a=b=c"), 0); /* first '=' splits */
	EXPECT_STREQ(get_config_value("a"), "b=c");
	EXPECT_EQ(parse_config_option("empty="), 0);
	EXPECT_STREQ(get_config_value("empty"), "");
	EXPECT_EQ(parse_config_option("noequals"), -1);
	EXPECT_EQ(errno, EINVAL);
	EXPECT_EQ(parse_config_option("=value"), -1);
	EXPECT_EQ(parse_config_option("bad key=1"), -1);
	EXPECT_EQ(parse_config_option(NULL), -1);
	init_config();
}

static int parse_string(const char *text, unsigned int *line)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	int err;

	if (fp == NULL)
		return -2;
	err = parse_config_file(fp, "text", line);
	fclose(fp);
	return err;
}

TEST(config_file)
{
	unsigned int line = 99;

	init_config();
	EXPECT_EQ(parse_string("# a VM\n"
			       "\n"
			       "name=vm1\n"
			       "   memory.size = 128M   # in MiB\n"
			       "\t\n"
			       "bootrom=/boot/rom.bin\r\n"
			       "testdev=true",
			       &line),
		  0);
	EXPECT_EQ(line, 0);
	EXPECT_STREQ(get_config_value("name"), "vm1");
	EXPECT_STREQ(get_config_value("memory.size"), "128M");
	EXPECT_STREQ(get_config_value("bootrom"), "/boot/rom.bin");
	EXPECT_STREQ(get_config_value("testdev"), "true");

	EXPECT_EQ(parse_string("cpus=1\n# ok\nnot a pair\nname=x\n", &line),
		  -1);
	EXPECT_EQ(line, 3);
	EXPECT_EQ(errno, EINVAL);
	EXPECT_EQ(parse_string("memory=1\n", &line), -1);
	EXPECT_EQ(line, 1);
	EXPECT_EQ(errno, EISDIR);
	EXPECT_EQ(parse_string("", &line), 0);
	init_config();
}

TEST(config_file_by_path)
{
	char path[] = "/tmp/test_bhyve_config.XXXXXX";
	unsigned int line;
	FILE *fp;
	int fd;

	init_config();
	EXPECT_EQ(read_config_file("/nonexistent/bhyve.conf", &line), -1);
	EXPECT_EQ(errno, ENOENT);
	EXPECT_EQ(line, 0);
	fd = mkstemp(path);
	ASSERT_TRUE(fd >= 0);
	fp = fdopen(fd, "w");
	ASSERT_TRUE(fp != NULL);
	fputs("name=fromfile\n", fp);
	fclose(fp);
	EXPECT_EQ(read_config_file(path, &line), 0);
	EXPECT_STREQ(get_config_value("name"), "fromfile");
	remove(path);
	init_config();
}

/* Bounded lines and files: /dev/zero once read one endless line. */
TEST(config_file_bounds)
{
	static char text[CONFIG_FILE_MAX + 64];
	char path[] = "/tmp/test_bhyve_config.XXXXXX";
	unsigned int line = 99;
	size_t i;
	int fd;

	init_config();
	memset(text, 'a', CONFIG_LINE_MAX + 1);
	memcpy(text, "name=", 5);
	text[CONFIG_LINE_MAX] = '\0';
	EXPECT_EQ(parse_string(text, &line), 0); /* exactly the limit */
	text[CONFIG_LINE_MAX] = 'a';
	text[CONFIG_LINE_MAX + 1] = '\0';
	EXPECT_EQ(parse_string(text, &line), -1);
	EXPECT_EQ(errno, E2BIG);
	EXPECT_EQ(line, 1);
	memset(text, 'a', 7 + CONFIG_LINE_MAX + 1);
	memcpy(text, "cpus=1\nname=", 12);
	text[7 + CONFIG_LINE_MAX + 1] = '\0';
	EXPECT_EQ(parse_string(text, &line), -1);
	EXPECT_EQ(errno, E2BIG);
	EXPECT_EQ(line, 2);
	/* many short lines past the file limit */
	for (i = 0; i + 7 <= sizeof(text) - 1; i += 7)
		memcpy(text + i, "cpus=1\n", 7);
	text[i] = '\0';
	EXPECT_EQ(parse_string(text, &line), -1);
	EXPECT_EQ(errno, EFBIG);
	EXPECT_EQ(line, CONFIG_FILE_MAX / 7 + 1);

	/* not regular files: refused before reading, a FIFO never blocks */
	EXPECT_EQ(read_config_file("/dev/zero", &line), -1);
	EXPECT_EQ(errno, ENODEV);
	EXPECT_EQ(line, 0);
	EXPECT_EQ(read_config_file("/tmp", &line), -1);
	EXPECT_EQ(errno, ENODEV);
	fd = mkstemp(path);
	ASSERT_TRUE(fd >= 0);
	close(fd);
	remove(path);
	ASSERT_TRUE(mkfifo(path, 0600) == 0);
	EXPECT_EQ(read_config_file(path, &line), -1);
	EXPECT_EQ(errno, ENODEV);
	remove(path);
	init_config();
}

TEST(dump_round_trips)
{
	char *buf = NULL;
	size_t len = 0;
	unsigned int line;
	FILE *fp;

	init_config();
	set_config_value("memory.size", "256M");
	set_config_value("name", "vm");
	set_config_value("memory.wired", "true");
	set_config_value("a.b.c", "x y");
	fp = open_memstream(&buf, &len);
	ASSERT_TRUE(fp != NULL);
	dump_config(fp);
	fclose(fp);
	EXPECT_STREQ(buf, "memory.size=256M\n"
			  "memory.wired=true\n"
			  "name=vm\n"
			  "a.b.c=x y\n");
	init_config();
	EXPECT_EQ(parse_string(buf, &line), 0);
	EXPECT_STREQ(get_config_value("a.b.c"), "x y");
	EXPECT_STREQ(get_config_value("memory.wired"), "true");
	free(buf);
	init_config();
}

struct walk_log {
	char seen[256];
	int calls, stop_at;
};

static int log_var(const char *path, const char *value, void *arg)
{
	struct walk_log *l = arg;
	size_t n = strlen(l->seen);

	snprintf(l->seen + n, sizeof(l->seen) - n, "%s=%s;", path, value);
	return ++l->calls == l->stop_at ? 7 : 0;
}

TEST(walk_sees_every_variable_once)
{
	struct walk_log l = { "", 0, 0 };

	init_config();
	EXPECT_EQ(walk_config(log_var, &l), 0);
	EXPECT_EQ(l.calls, 0);
	set_config_value("virtio.3.device", "virtio-blk");
	set_config_value("name", "vm");
	set_config_value("virtio.3.path", "/d");
	set_config_value("virtio.10.device", "virtio-rng");
	EXPECT_EQ(walk_config(log_var, &l), 0);
	EXPECT_STREQ(l.seen, "virtio.3.device=virtio-blk;virtio.3.path=/d;"
			     "virtio.10.device=virtio-rng;name=vm;");
	/* the first non-zero answer ends the walk */
	memset(&l, 0, sizeof(l));
	l.stop_at = 2;
	EXPECT_EQ(walk_config(log_var, &l), 7);
	EXPECT_EQ(l.calls, 2);
	EXPECT_STREQ(l.seen, "virtio.3.device=virtio-blk;virtio.3.path=/d;");
	init_config();
}

/* ---- -k files as bhyve checks them ------------------------------------ */

static char kfile[] = "/tmp/test_k.XXXXXX";

/* A fresh tree with bhyve's defaults, then the -k file holding text. */
static int load(const char *text)
{
	int fd;
	FILE *fp;

	init_config();
	set_config_value("memory.size", "256M");
	set_config_value("console", "stdio");
	strcpy(kfile, "/tmp/test_k.XXXXXX");
	fd = mkstemp(kfile);
	if (fd < 0)
		return -2;
	fp = fdopen(fd, "w");
	fputs(text, fp);
	fclose(fp);
	return CAPTURE(config_load_file(kfile));
}

/* errbuf is exactly "bhyve: FILE:LINE: msg\n" */
static bool said(unsigned int line, const char *msg)
{
	char want[sizeof(errbuf)];

	snprintf(want, sizeof(want), "bhyve: %s:%u: %s\n", kfile, line, msg);
	if (strcmp(errbuf, want) == 0)
		return true;
	printf("  got:  %s  want: %s", errbuf, want);
	return false;
}

/* Everything a command line says, as a file: a VM from -k alone. */
TEST(k_file_holds_a_whole_vm)
{
	int n;

	ASSERT_EQ(load("# /etc/bhyve/deb.conf\n"
		       "name=deb\n"
		       "cpus=2\n"
		       "memory.size=512M\n"
		       "destroy_on_poweroff=true\n"
		       "bootrom=/distro/u-boot.bin\n"
		       "bootvars=/distro/uboot-env.img\n"
		       "console=pty\n"
		       "virtio.2.device=virtio-blk\n"
		       "virtio.2.path=/dev/vda\n"
		       "virtio.2.ro=false\n"
		       "virtio.3.device=virtio-net\n"
		       "virtio.3.tap=tap0\n"
		       "virtio.4.device=virtio-console\n"
		       "virtio.4.pty=true\n"
		       "virtio.5.device=virtio-rng\n"),
		  0);
	EXPECT_STREQ(errbuf, "");
	EXPECT_EQ(CAPTURE(config_check_vars()), 0);
	EXPECT_EQ(CAPTURE(config_get_cpus(8, &n)), 0);
	EXPECT_EQ(n, 2);
	EXPECT_EQ(CAPTURE(devemu_check_fixed()), 0);
	EXPECT_STREQ(errbuf, "");
	EXPECT_STREQ(get_config_value("name"), "deb");
	unlink(kfile);
}

TEST(k_missing_equals)
{
	EXPECT_EQ(load("name=vm\n\ncpus 2\n"), -1);
	EXPECT_TRUE(said(3, "expected key=value with a valid key"));
	EXPECT_EQ(load("name=vm\n=2\n"), -1);
	EXPECT_TRUE(said(2, "expected key=value with a valid key"));
	unlink(kfile);
}

TEST(k_line_too_long)
{
	static char text[CONFIG_LINE_MAX + 64];

	strcpy(text, "name=vm\n# fine\nbootargs=");
	memset(text + strlen(text), 'x', CONFIG_LINE_MAX);
	EXPECT_EQ(load(text), -1);
	EXPECT_TRUE(said(3, "line too long"));
	unlink(kfile);
}

TEST(k_unknown_variable)
{
	EXPECT_EQ(load("name=vm\n\n  memsize = 1G\n"), 0);
	EXPECT_EQ(CAPTURE(config_check_vars()), -1);
	EXPECT_TRUE(said(3, "memsize: unknown configuration variable"));
	/* a key its device does not read */
	EXPECT_EQ(load("virtio.2.device=virtio-blk\nvirtio.2.size=1\n"), 0);
	EXPECT_EQ(CAPTURE(config_check_vars()), -1);
	EXPECT_TRUE(said(2, "virtio.2.size: unknown key 'size' for virtio-blk "
			    "(known: device, path, ro, serial)"));
	/* the same from -o: no file to name */
	init_config();
	set_config_value("memsize", "1G");
	EXPECT_EQ(CAPTURE(config_check_vars()), -1);
	EXPECT_STREQ(errbuf,
		     "bhyve: memsize: unknown configuration variable\n");
	unlink(kfile);
}

TEST(k_bad_value)
{
	bool b;
	int n;

	EXPECT_EQ(load("name=vm\ncpus=two\n"), 0);
	EXPECT_EQ(CAPTURE(config_get_cpus(8, &n)), -1);
	EXPECT_TRUE(said(2, "cpus: invalid value 'two' (expected a number "
			    ">= 1)"));
	EXPECT_EQ(load("cpus=99\n"), 0);
	EXPECT_EQ(CAPTURE(config_get_cpus(8, &n)), -1);
	EXPECT_TRUE(said(1, "cpus=99: at most 8 vCPUs are supported"));
	EXPECT_EQ(load("name=vm\n\nconsole=serial\n"), 0);
	EXPECT_EQ(CAPTURE(devemu_check_fixed()), -1);
	EXPECT_TRUE(said(3, "console: unsupported value 'serial' (one of "
			    "'stdio', 'pty')"));
	EXPECT_EQ(load("destroy_on_poweroff=perhaps\n"), 0);
	EXPECT_EQ(CAPTURE(config_get_bool("destroy_on_poweroff", false, &b)),
		  -1);
	EXPECT_TRUE(said(1, "destroy_on_poweroff: invalid value 'perhaps' "
			    "(expected true or false)"));
	/* a later -o wins, and its message names no file */
	set_config_value("destroy_on_poweroff", "never");
	EXPECT_EQ(CAPTURE(config_get_bool("destroy_on_poweroff", false, &b)),
		  -1);
	EXPECT_STREQ(errbuf, "bhyve: destroy_on_poweroff: invalid value "
			     "'never' (expected true or false)\n");
	unlink(kfile);
}

/* poweroff.timeout: whole seconds, 0 (SIGTERM stops at once) to a day */
TEST(poweroff_timeout)
{
	static const char *const bad[] = {
		"", "-1", "+5", "30s", "1.5", "86401", "99999999999999999999"
	};
	char text[128];
	size_t i;

	init_config();
	EXPECT_EQ(CAPTURE(poweroff_check()), 0); /* default */
	EXPECT_EQ(load("name=vm\npoweroff.timeout=0\n"), 0);
	EXPECT_EQ(CAPTURE(config_check_vars()), 0);
	EXPECT_EQ(CAPTURE(poweroff_check()), 0);
	EXPECT_EQ(load("poweroff.timeout=86400\n"), 0);
	EXPECT_EQ(CAPTURE(poweroff_check()), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "name=vm\npoweroff.timeout=%s\n",
			 bad[i]);
		EXPECT_EQ(load(text), 0);
		EXPECT_EQ(CAPTURE(poweroff_check()), -1);
		snprintf(text, sizeof(text),
			 "poweroff.timeout: invalid value '%s' (expected "
			 "seconds, 0-86400)",
			 bad[i]);
		EXPECT_TRUE(said(2, text));
	}
	EXPECT_EQ(load("poweroff.timout=5\n"), 0);
	EXPECT_EQ(CAPTURE(config_check_vars()), -1);
	EXPECT_TRUE(said(1, "poweroff.timout: unknown configuration variable"));
	unlink(kfile);
}

TEST(k_bad_slot)
{
	EXPECT_EQ(load("name=vm\nvirtio.40.device=virtio-rng\n"), 0);
	EXPECT_EQ(CAPTURE(config_check_vars()), -1);
	EXPECT_TRUE(said(2, "virtio.40.device: bad slot '40' (want 0-31)"));
	EXPECT_EQ(load("virtio.x.device=virtio-rng\n"), 0);
	EXPECT_EQ(CAPTURE(config_check_vars()), -1);
	EXPECT_TRUE(said(1, "virtio.x.device: bad slot 'x' (want 0-31)"));
	EXPECT_EQ(load("virtio.3.path=/disk.img\n"), 0);
	EXPECT_EQ(CAPTURE(config_check_vars()), -1);
	EXPECT_TRUE(said(1, "virtio.3.path: slot 3 has no device (set "
			    "virtio.3.device or use -s)"));
	EXPECT_EQ(load("virtio.3.device=virtio-gpu\n"), 0);
	EXPECT_EQ(CAPTURE(config_check_vars()), -1);
	EXPECT_TRUE(said(1, "virtio.3.device: unknown device 'virtio-gpu' "
			    "(one of virtio-blk, virtio-net, virtio-console, "
			    "virtio-rng)"));
	unlink(kfile);
}

TEST(k_not_a_file)
{
	init_config();
	EXPECT_EQ(CAPTURE(config_load_file("/nonexistent.conf")), -1);
	EXPECT_STREQ(errbuf, "bhyve: /nonexistent.conf: No such file or "
			     "directory\n");
	EXPECT_EQ(CAPTURE(config_load_file("/dev/null")), -1);
	EXPECT_STREQ(errbuf, "bhyve: /dev/null: not a regular file\n");
}

TEST(origins)
{
	EXPECT_EQ(load("name=vm\n# c\n\ncpus=2\n"), 0);
	EXPECT_TRUE(config_origin("name") != NULL);
	EXPECT_TRUE(config_origin("memory.size") == NULL); /* a default */
	set_config_value("name", "other");
	EXPECT_TRUE(config_origin("name") == NULL);
	EXPECT_TRUE(config_origin("nothere") == NULL);
	EXPECT_TRUE(config_origin("bad path") == NULL);
	unlink(kfile);
	init_config();
}

/* ---- libvmmapi input checks -------------------------------------------- */

TEST(memsize_as_bhyve_m)
{
	static const struct {
		const char *s;
		unsigned long long want;
	} good[] = {
		{ "256M", 256ULL << 20 }, { "256m", 256ULL << 20 },
		{ "1G", 1ULL << 30 },	  { "3g", 3ULL << 30 },
		{ "4096K", 4ULL << 20 },  { "4k", 4096 },
		{ "512", 512ULL << 20 },  /* bare and small: MiB */
		{ "1048575", 1048575ULL << 20 },
		{ "1048576", 1048576 }, /* bare and large: bytes */
		{ "0x100000", 0x100000 }, { "0", 0 },
	};
	static const char *const bad[] = {
		"", "M", "-1", " 1M", "1MB", "1Q", "1.5G", "12 M", "G1",
	};
	size_t i, v;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (good[i].want > SIZE_MAX)
			continue; /* a 32-bit size_t can not hold it */
		v = 1;
		EXPECT_EQ(vm_parse_memsize(good[i].s, &v), 0);
		EXPECT_EQ(v, good[i].want);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(vm_parse_memsize(bad[i], &v), -1);
		EXPECT_EQ(errno, EINVAL);
	}
	EXPECT_EQ(vm_parse_memsize("99999999999999T", &v), -1);
	EXPECT_EQ(errno, ERANGE);
	EXPECT_EQ(vm_parse_memsize("99999999999999999999999", &v), -1);
	EXPECT_EQ(errno, ERANGE);
	EXPECT_EQ(vm_parse_memsize(NULL, &v), -1);
}

TEST(vm_names)
{
	char longest[VM_MAX_NAMELEN], toolong[VM_MAX_NAMELEN + 1];

	memset(longest, 'a', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';
	memset(toolong, 'a', sizeof(toolong) - 1);
	toolong[sizeof(toolong) - 1] = '\0';
	EXPECT_TRUE(vm_name_valid("vm0"));
	EXPECT_TRUE(vm_name_valid("my-vm_1.test"));
	EXPECT_TRUE(vm_name_valid(longest));
	EXPECT_TRUE(vm_name_valid("a..."));
	/* the module's rule: no leading dot */
	EXPECT_FALSE(vm_name_valid("..."));
	EXPECT_FALSE(vm_name_valid(".hidden"));
	EXPECT_FALSE(vm_name_valid(toolong));
	EXPECT_FALSE(vm_name_valid(""));
	EXPECT_FALSE(vm_name_valid(NULL));
	EXPECT_FALSE(vm_name_valid("."));
	EXPECT_FALSE(vm_name_valid(".."));
	EXPECT_FALSE(vm_name_valid("a/b"));
	EXPECT_FALSE(vm_name_valid("a b"));
	EXPECT_FALSE(vm_name_valid("caf\xc3\xa9"));
	/* refused before any device is touched */
	EXPECT_EQ(vm_create("a/b"), -1);
	EXPECT_EQ(errno, EINVAL);
	EXPECT_TRUE(vm_open("../../etc") == NULL);
	EXPECT_EQ(errno, EINVAL);
	EXPECT_EQ(vmmctl_vm_destroy(""), -1);
	EXPECT_EQ(errno, EINVAL);
}

UNIT_MAIN();
