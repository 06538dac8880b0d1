// SPDX-License-Identifier: BSD-2-Clause
/*
 * Split virtqueues (usr/bhyve/virtio/virtqueue.c) against a fake driver:
 * chains, indirect tables, index wrap-around, event index both ways, and
 * every way a hostile driver can lie. Run with SANITIZE=1 to show that no
 * lie makes the device touch memory outside guest RAM.
 */
#include <errno.h>

#include "unit.h"
#include "virtio_stubs.h"
#include "usr/bhyve/virtio/virtio.h"

#define F_IND VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC)
#define F_EVT VIRTIO_BIT(VIRTIO_F_EVENT_IDX)
#define NEXT  VRING_DESC_F_NEXT
#define WR    VRING_DESC_F_WRITE
#define IND   VRING_DESC_F_INDIRECT

static struct tguest g;
static struct virtqueue vq;
static struct iovec iov[16];
static struct vq_chain ch;

static bool setup(uint16_t size, uint64_t features)
{
	tg_init(&g, size);
	return vq_setup(&vq, &g.mem, size, g.desc, g.avail, g.used,
			features) == 0;
}

static int pop(void)
{
	return vq_pop(&vq, iov, 16, &ch);
}

TEST(chain_read_then_write)
{
	uint32_t id, len;

	ASSERT_TRUE(setup(8, 0));
	EXPECT_EQ(pop(), 0);
	tg_desc(&g, 3, TG_DATA, 16, NEXT, 5);
	tg_desc(&g, 5, TG_DATA + 0x100, 100, NEXT, 0);
	tg_desc(&g, 0, TG_DATA + 0x200, 1, WR, 0);
	tg_avail(&g, 3);
	ASSERT_EQ(pop(), 1);
	EXPECT_EQ(ch.head, 3);
	EXPECT_EQ(ch.nread, 2);
	EXPECT_EQ(ch.nwrite, 1);
	EXPECT_EQ(ch.read_len, 116);
	EXPECT_EQ(ch.write_len, 1);
	EXPECT_EQ(iov[0].iov_base, tg_ptr(&g, TG_DATA));
	EXPECT_EQ(iov[0].iov_len, 16);
	EXPECT_EQ(iov[1].iov_base, tg_ptr(&g, TG_DATA + 0x100));
	EXPECT_EQ(iov[2].iov_base, tg_ptr(&g, TG_DATA + 0x200));
	EXPECT_EQ(pop(), 0);
	vq_push(&vq, ch.head, 1);
	EXPECT_EQ(tg_used_idx(&g), 1);
	tg_used_elem(&g, 0, &id, &len);
	EXPECT_EQ(id, 3);
	EXPECT_EQ(len, 1);
	tg_fini(&g);
}

TEST(zero_length_descriptors_skipped)
{
	ASSERT_TRUE(setup(4, 0));
	tg_desc(&g, 0, TG_DATA, 0, NEXT, 1);
	tg_desc(&g, 1, 0xdeadbeef00ULL, 0, NEXT | WR, 2); /* no buffer: fine */
	tg_desc(&g, 2, TG_DATA, 8, WR, 0);
	tg_avail(&g, 0);
	ASSERT_EQ(pop(), 1);
	EXPECT_EQ(ch.nread, 0);
	EXPECT_EQ(ch.nwrite, 1);
	EXPECT_EQ(iov[0].iov_len, 8);
	tg_fini(&g);
}

TEST(chain_as_long_as_the_queue)
{
	uint16_t i;

	ASSERT_TRUE(setup(8, 0));
	for (i = 0; i < 8; i++)
		tg_desc(&g, i, TG_DATA + i, 1, i < 7 ? NEXT : 0, i + 1);
	tg_avail(&g, 0);
	EXPECT_EQ(vq_pop(&vq, iov, 8, &ch), 1);
	EXPECT_EQ(ch.nread, 8);
	tg_fini(&g);
}

TEST(chain_longer_than_iov_is_refused)
{
	uint16_t i;

	ASSERT_TRUE(setup(8, 0));
	for (i = 0; i < 4; i++)
		tg_desc(&g, i, TG_DATA, 1, i < 3 ? NEXT : 0, i + 1);
	tg_avail(&g, 0);
	errno = 0;
	EXPECT_EQ(vq_pop(&vq, iov, 3, &ch), -1);
	EXPECT_EQ(errno, E2BIG);
	EXPECT_TRUE(vq.broken);
	tg_fini(&g);
}

TEST(indirect_table)
{
	uint64_t tbl = TG_DATA + 0x1000;

	ASSERT_TRUE(setup(4, F_IND));
	tg_desc_at(&g, tbl, 0, TG_DATA, 16, NEXT, 2);
	tg_desc_at(&g, tbl, 2, TG_DATA + 0x40, 512, NEXT | WR, 1);
	tg_desc_at(&g, tbl, 1, TG_DATA + 0x400, 1, WR, 0);
	/* a direct descriptor first, then the table: allowed (2.7.5.3) */
	tg_desc(&g, 1, TG_DATA + 0x800, 4, NEXT, 2);
	tg_desc(&g, 2, tbl, 3 * 16, IND | WR, 0); /* WRITE is ignored */
	tg_avail(&g, 1);
	ASSERT_EQ(pop(), 1);
	EXPECT_EQ(ch.head, 1);
	EXPECT_EQ(ch.nread, 2);
	EXPECT_EQ(ch.nwrite, 2);
	EXPECT_EQ(ch.read_len, 20);
	EXPECT_EQ(ch.write_len, 513);
	EXPECT_EQ(iov[1].iov_base, tg_ptr(&g, TG_DATA));
	EXPECT_EQ(iov[3].iov_base, tg_ptr(&g, TG_DATA + 0x400));
	tg_fini(&g);
}

/* a hostile indirect descriptor: each breaks the queue, nothing more */
static void bad_indirect(uint64_t features, uint64_t addr, uint32_t len,
			 uint16_t flags)
{
	ASSERT_TRUE(setup(4, features));
	tg_desc(&g, 0, addr, len, flags, 1);
	tg_desc(&g, 1, TG_DATA, 4, 0, 0);
	tg_avail(&g, 0);
	EXPECT_EQ(pop(), -1);
	EXPECT_TRUE(vq.broken);
	EXPECT_EQ(pop(), -1); /* and it stays broken */
	tg_fini(&g);
}

TEST(indirect_refusals)
{
	uint64_t tbl = TG_DATA + 0x1000;

	bad_indirect(0, tbl, 32, IND);		/* not negotiated */
	bad_indirect(F_IND, tbl, 32, IND | NEXT); /* with NEXT */
	bad_indirect(F_IND, tbl, 24, IND);	/* not whole entries */
	bad_indirect(F_IND, tbl, 0, IND);	/* empty */
	bad_indirect(F_IND, TG_RAM_BASE + TG_RAM_SIZE - 16, 32, IND);
	bad_indirect(F_IND, ~0ULL - 15, 32, IND); /* wraps */
	bad_indirect(F_IND, tbl, 0xfffffff0u, IND); /* huge */
}

TEST(indirect_nested_or_looping)
{
	uint64_t tbl = TG_DATA + 0x1000;

	/* an indirect entry inside an indirect table */
	ASSERT_TRUE(setup(4, F_IND));
	tg_desc_at(&g, tbl, 0, tbl, 32, IND, 0);
	tg_desc(&g, 0, tbl, 32, IND, 0);
	tg_avail(&g, 0);
	EXPECT_EQ(pop(), -1);
	tg_fini(&g);

	/* a loop in the table: bounded by the table's size */
	ASSERT_TRUE(setup(4, F_IND));
	tg_desc_at(&g, tbl, 0, TG_DATA, 1, NEXT, 1);
	tg_desc_at(&g, tbl, 1, TG_DATA, 1, NEXT, 0);
	tg_desc(&g, 0, tbl, 32, IND, 0);
	tg_avail(&g, 0);
	EXPECT_EQ(pop(), -1);
	tg_fini(&g);

	/* next out of the table */
	ASSERT_TRUE(setup(4, F_IND));
	tg_desc_at(&g, tbl, 0, TG_DATA, 1, NEXT, 2);
	tg_desc(&g, 0, tbl, 32, IND, 0);
	tg_avail(&g, 0);
	EXPECT_EQ(pop(), -1);
	tg_fini(&g);
}

/* one hostile direct descriptor as the whole chain */
static void bad_direct(uint16_t head, uint64_t addr, uint32_t len,
		       uint16_t flags, uint16_t next)
{
	ASSERT_TRUE(setup(8, 0));
	tg_desc(&g, 0, addr, len, flags, next);
	tg_desc(&g, 1, TG_DATA, 4, NEXT, 0); /* 1 -> 0 -> ... */
	tg_avail(&g, head);
	errno = 0;
	EXPECT_EQ(pop(), -1);
	EXPECT_EQ(errno, EINVAL);
	EXPECT_TRUE(vq.broken);
	tg_fini(&g);
}

TEST(hostile_chains)
{
	uint64_t end = TG_RAM_BASE + TG_RAM_SIZE;

	bad_direct(8, TG_DATA, 4, 0, 0);	  /* head out of range */
	bad_direct(0xffff, TG_DATA, 4, 0, 0);
	bad_direct(0, TG_DATA, 4, NEXT, 8);	  /* next out of range */
	bad_direct(0, TG_DATA, 4, NEXT, 0);	  /* 0 -> 0 */
	bad_direct(1, TG_DATA, 4, NEXT, 1);	  /* 1 -> 0 -> 1 */
	bad_direct(0, end - 4, 5, 0, 0);	  /* runs past RAM */
	bad_direct(0, end, 1, 0, 0);		  /* just after RAM */
	bad_direct(0, TG_RAM_BASE - 1, 2, 0, 0);  /* just before */
	bad_direct(0, ~0ULL - 1, 4, 0, 0);	  /* addr + len wraps */
	bad_direct(0, 0, 4, 0, 0);
	bad_direct(0, TG_DATA, 0xffffffffu, 0, 0);
	/* a readable descriptor after a writable one (2.7.4.2) */
	bad_direct(0, TG_DATA, 4, WR | NEXT, 1);
}

TEST(buffer_at_the_very_end_of_ram)
{
	uint64_t end = TG_RAM_BASE + TG_RAM_SIZE;

	ASSERT_TRUE(setup(8, 0));
	tg_desc(&g, 0, end - 4, 4, WR, 0);
	tg_avail(&g, 0);
	ASSERT_EQ(pop(), 1);
	memset(iov[0].iov_base, 0xaa, iov[0].iov_len); /* ASan: in bounds */
	tg_fini(&g);
}

TEST(avail_idx_running_ahead)
{
	ASSERT_TRUE(setup(8, 0));
	tg_desc(&g, 0, TG_DATA, 4, 0, 0);
	tg_set_avail_idx(&g, 9); /* 9 entries in an 8-entry ring */
	EXPECT_FALSE(vq_has_avail(&vq));
	EXPECT_TRUE(vq.broken);
	EXPECT_EQ(pop(), -1);
	tg_fini(&g);

	ASSERT_TRUE(setup(8, 0));
	tg_set_avail_idx(&g, 0xffff); /* "behind" = far ahead */
	EXPECT_EQ(pop(), -1);
	tg_fini(&g);

	ASSERT_TRUE(setup(8, 0));
	tg_desc(&g, 0, TG_DATA, 4, 0, 0);
	tg_set_avail_idx(&g, 8); /* exactly full is fine */
	EXPECT_EQ(pop(), 1);
	tg_fini(&g);
}

TEST(setup_refusals)
{
	uint64_t end = TG_RAM_BASE + TG_RAM_SIZE;

	tg_init(&g, 8);
	EXPECT_EQ(vq_setup(&vq, &g.mem, 0, g.desc, g.avail, g.used, 0), -1);
	EXPECT_EQ(vq_setup(&vq, &g.mem, 6, g.desc, g.avail, g.used, 0), -1);
	EXPECT_EQ(vq_setup(&vq, &g.mem, 65535, g.desc, g.avail, g.used, 0),
		  -1);
	EXPECT_EQ(vq_setup(&vq, &g.mem, 8, g.desc + 8, g.avail, g.used, 0),
		  -1);
	EXPECT_EQ(vq_setup(&vq, &g.mem, 8, g.desc, g.avail + 1, g.used, 0),
		  -1);
	EXPECT_EQ(vq_setup(&vq, &g.mem, 8, g.desc, g.avail, g.used + 2, 0),
		  -1);
	/* areas past the end of RAM, before it, wrapping */
	EXPECT_EQ(vq_setup(&vq, &g.mem, 8, end - 64, g.avail, g.used, 0), -1);
	EXPECT_EQ(vq_setup(&vq, &g.mem, 8, g.desc, end - 16, g.used, 0), -1);
	EXPECT_EQ(vq_setup(&vq, &g.mem, 8, g.desc, g.avail, end - 68, 0), -1);
	EXPECT_EQ(vq_setup(&vq, &g.mem, 8, 0, g.avail, g.used, 0), -1);
	EXPECT_EQ(vq_setup(&vq, &g.mem, 8, ~0ULL - 15, g.avail, g.used, 0),
		  -1);
	EXPECT_FALSE(vq_ok(&vq));
	EXPECT_EQ(vq_pop(&vq, iov, 16, &ch), 0); /* not set up: nothing */
	/* exactly fitting at the end is fine */
	EXPECT_EQ(vq_setup(&vq, &g.mem, 8, end - 128, end - 256,
			   end - 512, 0), 0);
	EXPECT_EQ(vq_setup(&vq, &g.mem, 32768, TG_RAM_BASE, TG_RAM_BASE +
			   0x80000, TG_RAM_BASE + 0x90000, 0), 0);
	tg_fini(&g);
}

/* 70000 chains through a 4-entry ring: both 16-bit indices wrap */
TEST(index_wrap_around)
{
	uint32_t i, id, len;
	bool ok = true;

	ASSERT_TRUE(setup(4, F_EVT));
	for (i = 0; i < 70000 && ok; i++) {
		uint16_t d = i & 3;

		tg_desc(&g, d, TG_DATA + d, 1, WR, 0);
		tg_avail(&g, d);
		ok = pop() == 1 && ch.head == d;
		vq_push(&vq, ch.head, i);
		tg_used_elem(&g, (uint16_t)i, &id, &len);
		ok = ok && id == d && len == i &&
		     tg_used_idx(&g) == (uint16_t)(i + 1);
	}
	EXPECT_TRUE(ok);
	EXPECT_EQ(i, 70000);
	EXPECT_EQ(pop(), 0);
	tg_fini(&g);
}

static void push_one(void)
{
	tg_desc(&g, 0, TG_DATA, 1, WR, 0);
	tg_avail(&g, 0);
	if (pop() == 1)
		vq_push(&vq, ch.head, 1);
}

TEST(interrupt_suppression_flags)
{
	ASSERT_TRUE(setup(4, 0));
	EXPECT_FALSE(vq_need_interrupt(&vq)); /* nothing used yet */
	push_one();
	EXPECT_TRUE(vq_need_interrupt(&vq));
	EXPECT_FALSE(vq_need_interrupt(&vq)); /* already told */
	tg_set_avail_flags(&g, VRING_AVAIL_F_NO_INTERRUPT);
	push_one();
	EXPECT_FALSE(vq_need_interrupt(&vq));
	tg_fini(&g);
}

TEST(interrupt_suppression_used_event)
{
	unsigned int i;

	ASSERT_TRUE(setup(4, F_EVT));
	tg_set_avail_flags(&g, VRING_AVAIL_F_NO_INTERRUPT); /* ignored */
	/* driver: interrupt me when entry 2 is used (used idx goes 2 -> 3) */
	tg_set_used_event(&g, 2);
	push_one();
	EXPECT_FALSE(vq_need_interrupt(&vq)); /* idx 1 */
	push_one();
	EXPECT_FALSE(vq_need_interrupt(&vq)); /* idx 2 */
	push_one();
	EXPECT_TRUE(vq_need_interrupt(&vq)); /* idx 3 passes used_event */
	/* several pushes at once that step over used_event */
	tg_set_used_event(&g, 4);
	push_one();
	push_one();
	push_one();
	EXPECT_TRUE(vq_need_interrupt(&vq));
	/* used_event far behind: no interrupt, even across the wrap */
	tg_set_used_event(&g, 0);
	for (i = 0; i < 65530; i++)
		push_one();
	EXPECT_FALSE(vq_need_interrupt(&vq));
	tg_set_used_event(&g, (uint16_t)(vq.used_idx));
	push_one();
	EXPECT_TRUE(vq_need_interrupt(&vq));
	tg_fini(&g);
}

TEST(notification_suppression_flags)
{
	ASSERT_TRUE(setup(4, 0));
	vq_notify_disable(&vq);
	EXPECT_EQ(tg_used_flags(&g), VRING_USED_F_NO_NOTIFY);
	EXPECT_FALSE(vq_notify_enable(&vq));
	EXPECT_EQ(tg_used_flags(&g), 0);
	/* a chain that arrived while disabled is reported by enable */
	vq_notify_disable(&vq);
	tg_desc(&g, 0, TG_DATA, 1, 0, 0);
	tg_avail(&g, 0);
	EXPECT_TRUE(vq_notify_enable(&vq));
	tg_fini(&g);
}

TEST(notification_suppression_avail_event)
{
	ASSERT_TRUE(setup(4, F_EVT));
	vq_notify_disable(&vq);
	EXPECT_EQ(tg_used_flags(&g), 0); /* flags unused with EVENT_IDX */
	push_one();
	push_one();
	EXPECT_FALSE(vq_notify_enable(&vq));
	/* the driver notifies when it makes entry 2 available */
	EXPECT_EQ(tg_avail_event(&g), 2);
	tg_fini(&g);
}

TEST(unpop_gives_the_chain_back)
{
	ASSERT_TRUE(setup(4, 0));
	tg_desc(&g, 2, TG_DATA, 1, WR, 0);
	tg_avail(&g, 2);
	ASSERT_EQ(pop(), 1);
	vq_unpop(&vq);
	ASSERT_EQ(pop(), 1);
	EXPECT_EQ(ch.head, 2);
	EXPECT_EQ(pop(), 0);
	tg_fini(&g);
}

TEST(iov_helpers)
{
	uint8_t a[4] = { 1, 2, 3, 4 }, b[3] = { 5, 6, 7 }, out[8];
	struct iovec v[2] = { { a, 4 }, { b, 3 } }, s[2];

	EXPECT_EQ(iov_total(v, 2), 7);
	EXPECT_EQ(iov_to_buf(v, 2, out, 8), 7);
	EXPECT_EQ(out[4], 5);
	EXPECT_EQ(iov_slice(v, 2, 3, 2, s, 2), 2);
	EXPECT_EQ(s[0].iov_base, a + 3);
	EXPECT_EQ(s[0].iov_len, 1);
	EXPECT_EQ(s[1].iov_base, b);
	EXPECT_EQ(s[1].iov_len, 1);
	EXPECT_EQ(iov_slice(v, 2, 4, 100, s, 2), 1);
	EXPECT_EQ(s[0].iov_len, 3);
	EXPECT_EQ(iov_slice(v, 2, 7, 1, s, 2), 0);
	EXPECT_EQ(iov_from_buf(v, 2, "abcdefgh", 8), 7);
	EXPECT_EQ(b[2], 'g');
}

UNIT_MAIN();
