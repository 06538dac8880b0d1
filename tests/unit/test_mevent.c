/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for bhyve's event loop (usr/bhyve/mevent.c): fd and timer
 * events on the real thread, disable/enable, delete from any thread and
 * from the callback itself, stop and start again.
 */
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"
#include "usr/bhyve/mevent.h"

struct counter {
	int calls;
	int fd;
	struct mevent *self; /* delete itself after `limit` calls */
	int limit;
	char last;
};

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int load(const int *p)
{
	return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

static void on_read(int fd, enum mevent_type type, void *arg)
{
	struct counter *c = arg;
	char ch;

	if (type == EVF_READ && read(fd, &ch, 1) == 1)
		c->last = ch;
	__atomic_fetch_add(&c->calls, 1, __ATOMIC_SEQ_CST);
}

static void on_timer(int fd, enum mevent_type type, void *arg)
{
	struct counter *c = arg;

	(void)fd;
	if (type != EVF_TIMER)
		return;
	if (__atomic_add_fetch(&c->calls, 1, __ATOMIC_SEQ_CST) == c->limit &&
	    c->self != NULL)
		mevent_del(c->self);
}

/* wait up to 2 s for *p >= want */
static bool wait_for(const int *p, int want)
{
	int i;

	for (i = 0; i < 200 && load(p) < want; i++)
		sleep_ms(10);
	return load(p) >= want;
}

TEST(read_event_calls_back_when_data_arrives)
{
	struct counter c = { 0 };
	struct mevent *ev;
	int p[2];

	ASSERT_EQ(pipe(p), 0);
	ASSERT_EQ(mevent_start(), 0);
	ev = mevent_add(p[0], EVF_READ, on_read, &c);
	ASSERT_TRUE(ev != NULL);
	sleep_ms(50);
	EXPECT_EQ(load(&c.calls), 0);
	EXPECT_EQ(write(p[1], "x", 1), 1);
	EXPECT_TRUE(wait_for(&c.calls, 1));
	EXPECT_EQ(c.last, 'x');
	/* disabled: data waits, no callback; enabled: it comes */
	EXPECT_EQ(mevent_disable(ev), 0);
	EXPECT_EQ(write(p[1], "y", 1), 1);
	sleep_ms(50);
	EXPECT_EQ(load(&c.calls), 1);
	EXPECT_EQ(mevent_enable(ev), 0);
	EXPECT_TRUE(wait_for(&c.calls, 2));
	EXPECT_EQ(c.last, 'y');
	EXPECT_EQ(mevent_del(ev), 0);
	EXPECT_EQ(write(p[1], "z", 1), 1);
	sleep_ms(50);
	EXPECT_EQ(load(&c.calls), 2);
	mevent_stop();
	close(p[0]);
	close(p[1]);
}

TEST(timer_fires_periodically_and_deletes_itself)
{
	struct counter c = { .limit = 3 };

	ASSERT_EQ(mevent_start(), 0);
	c.self = mevent_add(10, EVF_TIMER, on_timer, &c);
	ASSERT_TRUE(c.self != NULL);
	EXPECT_TRUE(wait_for(&c.calls, 3));
	sleep_ms(60);
	EXPECT_EQ(load(&c.calls), 3); /* gone after deleting itself */
	mevent_stop();
	mevent_stop(); /* twice is fine */
}

TEST(events_added_before_start_run_after_it)
{
	struct counter c = { 0 };
	struct mevent *ev = mevent_add(5, EVF_TIMER, on_timer, &c);

	ASSERT_TRUE(ev != NULL);
	sleep_ms(30);
	EXPECT_EQ(load(&c.calls), 0);
	ASSERT_EQ(mevent_start(), 0);
	EXPECT_TRUE(wait_for(&c.calls, 2));
	mevent_del(ev);
	mevent_stop();
}

TEST(bad_arguments)
{
	EXPECT_TRUE(mevent_add(-1, EVF_READ, on_read, NULL) == NULL);
	EXPECT_TRUE(mevent_add(0, EVF_TIMER, on_timer, NULL) == NULL);
	EXPECT_TRUE(mevent_add(0, EVF_READ, NULL, NULL) == NULL);
	EXPECT_EQ(mevent_del(NULL), -1);
}

UNIT_MAIN();
