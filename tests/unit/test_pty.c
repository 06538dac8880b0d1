/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the pty console (usr/bhyve/backend/pty.c) on the build
 * machine's own ptys, with the real event loop: output kept while nobody
 * is attached and delivered on attach, input, a terminal leaving and
 * coming back through the link, no busy loop while detached, overflow
 * dropping the oldest bytes, writes that never block, raw mode restored
 * after a terminal left the slave cooked; and the run directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"
#include "usr/bhyve/backend/pty.h"
#include "usr/bhyve/mevent.h"
#include "usr/bhyve/rundir.h"

static char base[] = "/tmp/test_pty.XXXXXX";

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static uint64_t now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* What the guest side got from the terminal, on the event thread. */
struct input {
	struct pty_console *p;
	char buf[256];
	int len;
};

static void got_input(void *arg)
{
	struct input *in = arg;
	size_t n = pty_console_read(in->p, in->buf + in->len,
				    sizeof(in->buf) - 1 - (size_t)in->len);

	__atomic_fetch_add(&in->len, (int)n, __ATOMIC_SEQ_CST);
}

/* A terminal program: reads until it has want bytes or 3 s passed. */
static size_t term_read(int fd, char *buf, size_t want)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	size_t got = 0;
	ssize_t n;
	int i;

	for (i = 0; i < 300 && got < want; i++) {
		if (poll(&pfd, 1, 10) <= 0)
			continue;
		n = read(fd, buf + got, want - got);
		if (n > 0)
			got += (size_t)n;
	}
	return got;
}

static bool wait_attached(struct pty_console *p, bool want)
{
	struct pty_console_stats st;
	int i;

	for (i = 0; i < 300; i++) {
		pty_console_get_stats(p, &st);
		if (st.attached == want)
			return true;
		sleep_ms(10);
	}
	return false;
}

static int open_term(const char *path)
{
	return open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);
}

TEST(setup)
{
	ASSERT_TRUE(mkdtemp(base) != NULL);
	rundir_base = base;
	ASSERT_EQ(mevent_start(), 0);
}

TEST(rundir)
{
	char path[128], sub[128];
	struct stat st;
	int fd;

	ASSERT_EQ(rundir_path("vm0", "console", path, sizeof(path)), 0);
	snprintf(sub, sizeof(sub), "%s/vm0/console", base);
	EXPECT_STREQ(path, sub);
	snprintf(sub, sizeof(sub), "%s/vm0", base);
	ASSERT_EQ(lstat(sub, &st), 0);
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	EXPECT_EQ(st.st_mode & 0777, 0700);
	EXPECT_EQ(rundir_path("vm0", "console", path, sizeof(path)), 0);
	EXPECT_EQ(rundir_path("vm0", "console", path, 8), -1);
	EXPECT_EQ(errno, ENAMETOOLONG);
	EXPECT_EQ(rundir_path("../x", "console", path, sizeof(path)), -1);
	EXPECT_EQ(errno, EINVAL);
	EXPECT_EQ(rundir_path("", "console", path, sizeof(path)), -1);
	/* a file where the VM's directory goes */
	snprintf(sub, sizeof(sub), "%s/file", base);
	fd = open(sub, O_CREAT | O_WRONLY, 0600);
	ASSERT_TRUE(fd >= 0);
	close(fd);
	EXPECT_EQ(rundir_path("file", "console", path, sizeof(path)), -1);
	EXPECT_EQ(errno, ENOTDIR);
	unlink(sub);
	/* a directory others may write to */
	snprintf(sub, sizeof(sub), "%s/open", base);
	ASSERT_EQ(mkdir(sub, 0700), 0);
	ASSERT_EQ(chmod(sub, 0777), 0);
	EXPECT_EQ(rundir_path("open", "console", path, sizeof(path)), -1);
	EXPECT_EQ(errno, EPERM);
	rmdir(sub);
	snprintf(sub, sizeof(sub), "%s/vm0", base);
	rmdir(sub);
}

TEST(attach_detach_reattach)
{
	struct pty_console_stats st;
	struct input in = { 0 };
	struct pty_console *p;
	struct termios tio;
	char link[256], err[128], buf[64];
	uint64_t w0, cpu0, cpu;
	int fd;

	ASSERT_EQ(rundir_path("vm1", "console", link, sizeof(link)), 0);
	p = pty_console_open(link, err, sizeof(err));
	ASSERT_TRUE(p != NULL);
	in.p = p;
	ASSERT_EQ(pty_console_watch(p, got_input, &in), 0);
	EXPECT_EQ(pty_console_watch(p, got_input, &in), -1); /* once */
	EXPECT_EQ(readlink(link, buf, sizeof(buf) - 1) > 0, 1);

	/* nobody attached: output is kept, the vCPU goes on */
	pty_console_write(p, "boot\r\n", 6);
	pty_console_write(p, "login: ", 7);
	pty_console_get_stats(p, &st);
	EXPECT_FALSE(st.attached);
	EXPECT_EQ(st.buffered, 13);

	/* attach by the link: everything, unchanged (raw: no CR NL games) */
	fd = open_term(link);
	ASSERT_TRUE(fd >= 0);
	ASSERT_EQ(tcgetattr(fd, &tio), 0);
	EXPECT_EQ(tio.c_lflag & (ECHO | ICANON | ISIG), 0);
	EXPECT_EQ(tio.c_oflag & OPOST, 0);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(term_read(fd, buf, 13), 13);
	EXPECT_STREQ(buf, "boot\r\nlogin: ");
	EXPECT_TRUE(wait_attached(p, true));

	/* typing reaches the guest side */
	EXPECT_EQ(write(fd, "root\r", 5), 5);
	for (int i = 0;
	     i < 300 && __atomic_load_n(&in.len, __ATOMIC_SEQ_CST) < 5; i++)
		sleep_ms(10);
	in.buf[in.len] = '\0';
	EXPECT_STREQ(in.buf, "root\r");
	/* while attached, output goes straight out */
	pty_console_write(p, "# ", 2);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(term_read(fd, buf, 2), 2);
	EXPECT_STREQ(buf, "# ");

	/* the terminal leaves, with the slave cooked */
	tio.c_lflag |= ECHO | ICANON;
	tio.c_oflag |= OPOST;
	ASSERT_EQ(tcsetattr(fd, TCSANOW, &tio), 0);
	close(fd);
	EXPECT_TRUE(wait_attached(p, false));
	pty_console_write(p, "while away\n", 11);

	/* detached: a few timer wake-ups a second, not a spinning loop */
	pty_console_get_stats(p, &st);
	w0 = st.wakeups;
	cpu0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	sleep_ms(1000);
	cpu = now_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
	pty_console_get_stats(p, &st);
	EXPECT_TRUE(st.wakeups - w0 <= 1000 / PTY_POLL_MS + 2);
	EXPECT_TRUE(cpu < 100000000u); /* under 10% of one CPU */
	EXPECT_EQ(st.buffered, 11);

	/* back again: raw once more, and what came meanwhile */
	fd = open_term(pty_console_slave(p));
	ASSERT_TRUE(fd >= 0);
	ASSERT_EQ(tcgetattr(fd, &tio), 0);
	EXPECT_EQ(tio.c_lflag & (ECHO | ICANON), 0);
	EXPECT_EQ(tio.c_oflag & OPOST, 0);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(term_read(fd, buf, 11), 11);
	EXPECT_STREQ(buf, "while away\n");
	EXPECT_TRUE(wait_attached(p, true));
	pty_console_get_stats(p, &st);
	EXPECT_EQ(st.attaches, 2);
	EXPECT_EQ(st.dropped, 0);
	close(fd);

	/* the link and the VM's directory go with the console */
	pty_console_close(p);
	EXPECT_EQ(access(link, F_OK), -1);
	snprintf(link, sizeof(link), "%s/vm1", base);
	EXPECT_EQ(access(link, F_OK), -1);
}

/* More than the ring holds while away: the newest PTY_RING_SIZE bytes. */
TEST(overflow_keeps_the_newest)
{
	enum { EXTRA = 1000, TOTAL = PTY_RING_SIZE + EXTRA };
	struct pty_console_stats st;
	struct pty_console *p;
	static char out[TOTAL], got[PTY_RING_SIZE + 1];
	char err[128];
	size_t i;
	int fd;

	for (i = 0; i < TOTAL; i++)
		out[i] = (char)('a' + i % 23);
	p = pty_console_open(NULL, err, sizeof(err));
	ASSERT_TRUE(p != NULL);
	EXPECT_TRUE(pty_console_link(p) == NULL);
	for (i = 0; i < TOTAL; i += 100)
		pty_console_write(p, out + i,
				  TOTAL - i < 100 ? TOTAL - i : 100);
	pty_console_get_stats(p, &st);
	EXPECT_EQ(st.buffered, PTY_RING_SIZE);
	EXPECT_EQ(st.dropped, EXTRA);
	fd = open_term(pty_console_slave(p));
	ASSERT_TRUE(fd >= 0);
	EXPECT_EQ(term_read(fd, got, sizeof(got)), PTY_RING_SIZE);
	EXPECT_EQ(memcmp(got, out + EXTRA, PTY_RING_SIZE), 0);
	close(fd);
	pty_console_close(p);
}

/* A terminal that attached and reads nothing: the writer never waits. */
TEST(writes_never_block)
{
	struct pty_console_stats st;
	struct pty_console *p;
	char err[128], chunk[4096];
	uint64_t t0;
	int fd, i;

	memset(chunk, 'x', sizeof(chunk));
	p = pty_console_open(NULL, err, sizeof(err));
	ASSERT_TRUE(p != NULL);
	fd = open_term(pty_console_slave(p));
	ASSERT_TRUE(fd >= 0);
	EXPECT_TRUE(wait_attached(p, true));
	t0 = now_ns(CLOCK_MONOTONIC);
	for (i = 0; i < 64; i++) /* 256 KiB: the pty and the ring overflow */
		pty_console_write(p, chunk, sizeof(chunk));
	EXPECT_TRUE(now_ns(CLOCK_MONOTONIC) - t0 < 1000000000u);
	pty_console_get_stats(p, &st);
	EXPECT_TRUE(st.attached);
	EXPECT_TRUE(st.dropped > 0);
	EXPECT_TRUE(st.buffered <= PTY_RING_SIZE);
	close(fd);
	pty_console_close(p);
}

/* Input paused by the device: a departure is still noticed. */
TEST(paused_input_still_sees_detach)
{
	struct input in = { 0 };
	struct pty_console *p;
	char err[128];
	int fd;

	p = pty_console_open(NULL, err, sizeof(err));
	ASSERT_TRUE(p != NULL);
	in.p = p;
	ASSERT_EQ(pty_console_watch(p, got_input, &in), 0);
	pty_console_rx_pause(p, true);
	fd = open_term(pty_console_slave(p));
	ASSERT_TRUE(fd >= 0);
	EXPECT_TRUE(wait_attached(p, true));
	EXPECT_EQ(write(fd, "x", 1), 1);
	sleep_ms(300);
	EXPECT_EQ(__atomic_load_n(&in.len, __ATOMIC_SEQ_CST), 0);
	pty_console_rx_pause(p, false);
	for (int i = 0;
	     i < 300 && __atomic_load_n(&in.len, __ATOMIC_SEQ_CST) < 1; i++)
		sleep_ms(10);
	EXPECT_EQ(in.len, 1);
	pty_console_rx_pause(p, true);
	close(fd);
	EXPECT_TRUE(wait_attached(p, false));
	pty_console_close(p);
}

TEST(bad_link)
{
	char err[128];

	EXPECT_TRUE(pty_console_open("/nonexistent/dir/console", err,
				     sizeof(err)) == NULL);
	EXPECT_TRUE(strstr(err, "/nonexistent/dir/console") != NULL);
	EXPECT_TRUE(strchr(err, '\n') == NULL);
}

TEST(teardown)
{
	mevent_stop();
	EXPECT_EQ(rmdir(base), 0);
}

UNIT_MAIN();
