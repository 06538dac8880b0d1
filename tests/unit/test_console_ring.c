/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the console's output ring (usr/bhyve/console_ring.c):
 * order, wrap-around, overflow dropping the oldest bytes, writes longer
 * than the ring, and partial consumption as a short write() leaves it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "usr/bhyve/console_ring.h"

/* Everything in the ring, oldest first, the way a writer drains it. */
static size_t drain(struct cring *r, char *out, size_t max)
{
	const void *p;
	size_t n, got = 0;

	while ((n = cring_peek(r, &p)) > 0 && got < max) {
		if (n > max - got)
			n = max - got;
		memcpy(out + got, p, n);
		cring_consume(r, n);
		got += n;
	}
	out[got] = '\0';
	return got;
}

TEST(init_rejects_zero)
{
	struct cring r;

	EXPECT_EQ(cring_init(&r, 0), -1);
	EXPECT_EQ(errno, EINVAL);
	ASSERT_EQ(cring_init(&r, 8), 0);
	EXPECT_EQ(cring_len(&r), 0);
	cring_fini(&r);
	cring_fini(&r); /* twice is harmless */
}

TEST(fifo_order)
{
	struct cring r;
	char out[32];

	ASSERT_EQ(cring_init(&r, 16), 0);
	EXPECT_EQ(cring_put(&r, "hello ", 6), 0);
	EXPECT_EQ(cring_put(&r, "world", 5), 0);
	EXPECT_EQ(cring_put(&r, "", 0), 0);
	EXPECT_EQ(cring_len(&r), 11);
	EXPECT_EQ(drain(&r, out, sizeof(out) - 1), 11);
	EXPECT_STREQ(out, "hello world");
	EXPECT_EQ(cring_len(&r), 0);
	EXPECT_EQ(r.dropped, 0);
	cring_fini(&r);
}

TEST(wrap_around)
{
	struct cring r;
	const void *p;
	char out[32];

	ASSERT_EQ(cring_init(&r, 8), 0);
	EXPECT_EQ(cring_put(&r, "abcdef", 6), 0);
	ASSERT_EQ(cring_peek(&r, &p), 6);
	cring_consume(&r, 5); /* "f" left at offset 5 */
	EXPECT_EQ(cring_put(&r, "ghijk", 5), 0); /* wraps: "fgh" + "ijk" */
	EXPECT_EQ(cring_len(&r), 6);
	/* the first piece ends at the end of the buffer */
	EXPECT_EQ(cring_peek(&r, &p), 3);
	EXPECT_EQ(memcmp(p, "fgh", 3), 0);
	EXPECT_EQ(drain(&r, out, sizeof(out) - 1), 6);
	EXPECT_STREQ(out, "fghijk");
	cring_fini(&r);
}

TEST(overflow_drops_oldest)
{
	struct cring r;
	char out[32];

	ASSERT_EQ(cring_init(&r, 8), 0);
	EXPECT_EQ(cring_put(&r, "01234567", 8), 0); /* exactly full */
	EXPECT_EQ(cring_put(&r, "89", 2), 2);
	EXPECT_EQ(cring_len(&r), 8);
	EXPECT_EQ(cring_put(&r, "AB", 2), 2);
	EXPECT_EQ(r.dropped, 4);
	EXPECT_EQ(drain(&r, out, sizeof(out) - 1), 8);
	EXPECT_STREQ(out, "456789AB");
	cring_fini(&r);
}

TEST(write_longer_than_ring)
{
	struct cring r;
	char out[32];

	ASSERT_EQ(cring_init(&r, 8), 0);
	EXPECT_EQ(cring_put(&r, "xyz", 3), 0);
	/* 3 old bytes and the first 12 of 20 go */
	EXPECT_EQ(cring_put(&r, "abcdefghijklmnopqrst", 20), 15);
	EXPECT_EQ(r.dropped, 15);
	EXPECT_EQ(drain(&r, out, sizeof(out) - 1), 8);
	EXPECT_STREQ(out, "mnopqrst");
	cring_fini(&r);
}

/* A writer that takes 3 bytes at a time, as a pty under pressure does. */
TEST(partial_consumption)
{
	struct cring r;
	const void *p;
	char out[64];
	size_t n, got = 0;
	int i;

	ASSERT_EQ(cring_init(&r, 16), 0);
	for (i = 0; i < 4; i++)
		cring_put(&r, "0123456789", 10); /* 40 in, 24 dropped */
	EXPECT_EQ(r.dropped, 24);
	while ((n = cring_peek(&r, &p)) > 0) {
		n = n > 3 ? 3 : n;
		memcpy(out + got, p, n);
		got += n;
		cring_consume(&r, n);
		if (got == 6) /* more output between two partial writes */
			cring_put(&r, "XY", 2);
	}
	out[got] = '\0';
	EXPECT_STREQ(out, "4567890123456789XY");
	cring_fini(&r);
}

/* Every length and start position against a simple model. */
TEST(against_a_model)
{
	enum { CAP = 13 };
	struct cring r;
	char model[4096], out[CAP + 1];
	size_t mlen = 0, len, i, drop, keep;
	unsigned int seed = 1, step;
	char c = 0;

	ASSERT_EQ(cring_init(&r, CAP), 0);
	for (step = 0; step < 2000; step++) {
		seed = seed * 1103515245u + 12345u;
		len = (seed >> 16) % (2 * CAP);
		if ((seed >> 8) & 1) {
			char in[2 * CAP];

			for (i = 0; i < len; i++)
				in[i] = 'a' + (c++ % 26);
			drop = cring_put(&r, in, len);
			memcpy(model + mlen, in, len);
			mlen += len;
			keep = mlen > CAP ? CAP : mlen;
			EXPECT_EQ(drop, mlen - keep);
			memmove(model, model + mlen - keep, keep);
			mlen = keep;
		} else {
			const void *p;
			size_t n = cring_peek(&r, &p);

			n = n < len ? n : len;
			ASSERT_TRUE(n <= mlen);
			EXPECT_EQ(memcmp(p, model, n), 0);
			cring_consume(&r, n);
			memmove(model, model + n, mlen - n);
			mlen -= n;
		}
		ASSERT_EQ(cring_len(&r), mlen);
	}
	EXPECT_EQ(drain(&r, out, CAP), mlen);
	EXPECT_EQ(memcmp(out, model, mlen), 0);
	cring_fini(&r);
}

UNIT_MAIN();
