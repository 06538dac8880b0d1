/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for bhyve's MMIO bus (usr/bhyve/mem.c) and the MMIO test
 * device (usr/bhyve/dev/testdev.c).
 */
#include <errno.h>
#include <pthread.h>
#include <unistd.h>

#include "unit.h"
#include "usr/bhyve/dev/testdev.h"
#include "usr/bhyve/device.h"
#include "usr/bhyve/mem.h"
#include "board/virt.h"

/* ---- testdev ------------------------------------------------------------ */

TEST(testdev_scratch_is_little_endian_memory)
{
	struct testdev_softc sc;

	testdev_init(&sc);
	EXPECT_EQ(testdev_read(&sc, 0, 8), 0);
	testdev_write(&sc, 0, 8, 0x0102030405060708ULL);
	EXPECT_EQ(testdev_read(&sc, 0, 1), 0x08);
	EXPECT_EQ(testdev_read(&sc, 7, 1), 0x01);
	EXPECT_EQ(testdev_read(&sc, 0, 2), 0x0708);
	EXPECT_EQ(testdev_read(&sc, 1, 2), 0x0607); /* unaligned */
	EXPECT_EQ(testdev_read(&sc, 4, 4), 0x01020304);
	EXPECT_EQ(testdev_read(&sc, 3, 4), 0x02030405);
	EXPECT_EQ(testdev_read(&sc, 0, 8), 0x0102030405060708ULL);
	testdev_write(&sc, 2, 2, 0xbeef);
	EXPECT_EQ(testdev_read(&sc, 0, 8), 0x01020304beef0708ULL);
	testdev_write(&sc, 0x80, 4, 0xdeadbeef);
	EXPECT_EQ(testdev_read(&sc, 0x80, 4), 0xdeadbeef);
	EXPECT_EQ(testdev_read(&sc, 0x84, 4), 0);
	EXPECT_EQ(testdev_read(&sc, 0xf8, 8), 0);
	testdev_write(&sc, 0xf8, 8, UINT64_MAX);
	EXPECT_EQ(testdev_read(&sc, 0xf8, 8), UINT64_MAX);
}

TEST(testdev_outside_the_scratch_area)
{
	struct testdev_softc sc;

	testdev_init(&sc);
	testdev_write(&sc, 0x100, 4, 0x12345678);
	EXPECT_EQ(testdev_read(&sc, 0x100, 4), 0);
	testdev_write(&sc, 0xffc, 4, 0x12345678);
	EXPECT_EQ(testdev_read(&sc, 0xffc, 4), 0);
	EXPECT_EQ(testdev_read(&sc, UINT64_MAX, 8), 0);
	testdev_write(&sc, UINT64_MAX - 1, 8, UINT64_MAX);
	/* an access straddling the end keeps only its bytes inside */
	testdev_write(&sc, 0xfe, 4, 0xaabbccdd);
	EXPECT_EQ(testdev_read(&sc, 0xfe, 4), 0xccdd);
	EXPECT_EQ(testdev_read(&sc, 0xfc, 4), 0xccdd0000);
	EXPECT_EQ(testdev_read(&sc, 0, 8), 0);
}

/* What the interrupt hook saw: the last calls, in order. */
struct irq_log {
	int calls;
	uint32_t intid[8];
	int level[8];
	int fail; /* answer -1, like a VM without that line */
};

static int log_irq(void *arg, uint32_t intid, int level)
{
	struct irq_log *l = arg;

	if (l->calls < 8) {
		l->intid[l->calls] = intid;
		l->level[l->calls] = level;
	}
	l->calls++;
	return l->fail ? -1 : 0;
}

TEST(testdev_irq_registers_call_the_hook)
{
	struct testdev_softc sc;
	struct irq_log l = { 0 };
	uint64_t v;

	device_reset_all();
	testdev_init(&sc);
	ASSERT_EQ(testdev_attach(&sc, VIRT_TESTDEV_BASE, log_irq, &l), 0);
	v = 40;
	EXPECT_EQ(emulate_mem(0, VIRT_TESTDEV_BASE + TESTDEV_IRQ_ASSERT, 4, true,
			      &v), 0);
	v = 40;
	EXPECT_EQ(emulate_mem(0, VIRT_TESTDEV_BASE + TESTDEV_IRQ_DEASSERT, 4, true,
			      &v), 0);
	testdev_write(&sc, TESTDEV_IRQ_ASSERT, 4, 1019);
	ASSERT_EQ(l.calls, 3);
	EXPECT_EQ(l.intid[0], 40);
	EXPECT_EQ(l.level[0], 1);
	EXPECT_EQ(l.intid[1], 40);
	EXPECT_EQ(l.level[1], 0);
	EXPECT_EQ(l.intid[2], 1019);
	EXPECT_EQ(l.level[2], 1);
	/* write-only: reads are 0, the scratch area is untouched */
	v = 1;
	EXPECT_EQ(emulate_mem(0, VIRT_TESTDEV_BASE + TESTDEV_IRQ_ASSERT, 4, false,
			      &v), 0);
	EXPECT_EQ(v, 0);
	EXPECT_EQ(testdev_read(&sc, TESTDEV_IRQ_DEASSERT, 4), 0);
	EXPECT_EQ(testdev_read(&sc, 0, 8), 0);
	EXPECT_EQ(testdev_read(&sc, 0xf8, 8), 0);
	EXPECT_EQ(sc.irq_errors, 0);
	device_reset_all();
}

TEST(testdev_irq_registers_ignore_bad_writes)
{
	struct testdev_softc sc;
	struct irq_log l = { 0 };

	testdev_init(&sc);
	/* no hook yet: the registers do nothing */
	testdev_write(&sc, TESTDEV_IRQ_ASSERT, 4, 40);
	device_reset_all();
	ASSERT_EQ(testdev_attach(&sc, VIRT_TESTDEV_BASE, log_irq, &l), 0);
	/* SGIs, PPIs and the special INTIDs 1020-1023 are not lines */
	testdev_write(&sc, TESTDEV_IRQ_ASSERT, 4, 0);
	testdev_write(&sc, TESTDEV_IRQ_ASSERT, 4, 27);
	testdev_write(&sc, TESTDEV_IRQ_ASSERT, 4, 31);
	testdev_write(&sc, TESTDEV_IRQ_ASSERT, 4, 1020);
	testdev_write(&sc, TESTDEV_IRQ_DEASSERT, 4, 0xffffffff);
	/* only 32-bit writes at the register's own offset */
	testdev_write(&sc, TESTDEV_IRQ_ASSERT, 1, 40);
	testdev_write(&sc, TESTDEV_IRQ_ASSERT, 2, 40);
	testdev_write(&sc, TESTDEV_IRQ_ASSERT, 8, 40);
	testdev_write(&sc, TESTDEV_IRQ_ASSERT + 1, 4, 40);
	testdev_write(&sc, TESTDEV_IRQ_ASSERT + 2, 2, 40);
	testdev_write(&sc, TESTDEV_IRQ_DEASSERT + 4, 4, 40);
	EXPECT_EQ(l.calls, 0);
	/* a line the VM does not have: counted, nothing else */
	l.fail = 1;
	testdev_write(&sc, TESTDEV_IRQ_ASSERT, 4, 500);
	EXPECT_EQ(l.calls, 1);
	EXPECT_EQ(sc.irq_errors, 1);
	device_reset_all();
}

/* ---- the MMIO bus ------------------------------------------------------- */

/* stderr into a temporary file, to count the bus's warnings */
static int saved_stderr = -1;
static FILE *captured;

static void capture_stderr(void)
{
	fflush(stderr);
	captured = tmpfile();
	saved_stderr = dup(STDERR_FILENO);
	if (captured != NULL && saved_stderr >= 0)
		dup2(fileno(captured), STDERR_FILENO);
}

/* the number of lines written since capture_stderr(), -1 on error */
static int release_stderr(void)
{
	int c, lines = 0;

	fflush(stderr);
	if (saved_stderr < 0 || captured == NULL)
		return -1;
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	saved_stderr = -1;
	rewind(captured);
	while ((c = fgetc(captured)) != EOF)
		lines += c == '\n';
	fclose(captured);
	captured = NULL;
	return lines;
}

struct rec {
	int reads, writes;
	int vcpuid;
	uint64_t off, val;
	int size;
	uint64_t reply;
};

static uint64_t rec_read(void *arg, int vcpuid, uint64_t off, int size)
{
	struct rec *r = arg;

	r->reads++;
	r->vcpuid = vcpuid;
	r->off = off;
	r->size = size;
	return r->reply;
}

static void rec_write(void *arg, int vcpuid, uint64_t off, int size,
		      uint64_t val)
{
	struct rec *r = arg;

	r->writes++;
	r->vcpuid = vcpuid;
	r->off = off;
	r->size = size;
	r->val = val;
}

static struct mem_range range(struct rec *r, uint64_t base, uint64_t size)
{
	return (struct mem_range){ .name = "rec", .base = base, .size = size,
				   .read = rec_read, .write = rec_write,
				   .arg = r };
}

TEST(bus_dispatches_with_the_offset)
{
	struct rec a = { 0 }, b = { 0 };
	struct mem_range ra = range(&a, 0x1000, 0x1000);
	struct mem_range rb = range(&b, 0x3000, 0x100);
	uint64_t v;

	device_reset_all();
	ASSERT_EQ(register_mem(&rb), 0);
	ASSERT_EQ(register_mem(&ra), 0);
	a.reply = 0x1122334455667788ULL;
	EXPECT_EQ(emulate_mem(3, 0x1ffc, 4, false, &v), 0);
	EXPECT_EQ(v, 0x55667788); /* cut to the access size */
	EXPECT_EQ(a.reads, 1);
	EXPECT_EQ(a.off, 0xffc);
	EXPECT_EQ(a.size, 4);
	EXPECT_EQ(a.vcpuid, 3);
	v = 0xabcd;
	EXPECT_EQ(emulate_mem(0, 0x30ff, 1, true, &v), 0);
	EXPECT_EQ(b.writes, 1);
	EXPECT_EQ(b.off, 0xff);
	EXPECT_EQ(b.val, 0xcd); /* only the stored bytes */
	v = UINT64_MAX;
	EXPECT_EQ(emulate_mem(0, 0x3000, 8, true, &v), 0);
	EXPECT_EQ(b.val, UINT64_MAX);
	EXPECT_EQ(a.writes + b.reads, 0);
	device_reset_all();
}

TEST(bus_unclaimed_reads_zero_and_counts)
{
	struct rec a = { 0 };
	struct mem_range ra = range(&a, 0x1000, 0x1000);
	struct mem_stats st;
	uint64_t v = 0x1234;

	device_reset_all();
	ASSERT_EQ(register_mem(&ra), 0);
	capture_stderr();
	EXPECT_EQ(emulate_mem(0, 0xfff, 4, false, &v), 0);
	EXPECT_EQ(v, 0);
	EXPECT_EQ(emulate_mem(0, 0x2000, 4, true, &v), 0);
	v = 7;
	EXPECT_EQ(emulate_mem(0, 0, 8, false, &v), 0);
	EXPECT_EQ(v, 0);
	EXPECT_EQ(emulate_mem(0, UINT64_MAX, 1, true, &v), 0);
	EXPECT_EQ(release_stderr(), 1); /* one warning for all four */
	mem_get_stats(&st);
	EXPECT_EQ(st.unclaimed_reads, 2);
	EXPECT_EQ(st.unclaimed_writes, 2);
	EXPECT_EQ(a.reads + a.writes, 0);
	device_reset_all();
	mem_get_stats(&st);
	EXPECT_EQ(st.unclaimed_reads + st.unclaimed_writes, 0);
}

TEST(bus_rejects_bad_access_sizes)
{
	uint64_t v = 0;

	device_reset_all();
	EXPECT_EQ(emulate_mem(0, 0, 0, false, &v), -1);
	EXPECT_EQ(errno, EINVAL);
	EXPECT_EQ(emulate_mem(0, 0, 3, false, &v), -1);
	EXPECT_EQ(emulate_mem(0, 0, 16, true, &v), -1);
	EXPECT_EQ(emulate_mem(0, 0, -4, true, &v), -1);
}

TEST(bus_rejects_overlaps_and_bad_ranges)
{
	struct rec a = { 0 };
	struct mem_range r = range(&a, 0x1000, 0x1000);

	device_reset_all();
	ASSERT_EQ(register_mem(&r), 0);
	r = range(&a, 0x1800, 0x10);
	EXPECT_EQ(register_mem(&r), -1);
	EXPECT_EQ(errno, EEXIST);
	r = range(&a, 0x0, 0x1001);
	EXPECT_EQ(register_mem(&r), -1);
	r = range(&a, 0x1fff, 1);
	EXPECT_EQ(register_mem(&r), -1);
	r = range(&a, 0x0, 0x1000); /* touching is fine */
	EXPECT_EQ(register_mem(&r), 0);
	r = range(&a, 0x2000, 0);
	EXPECT_EQ(register_mem(&r), -1);
	EXPECT_EQ(errno, EINVAL);
	r = range(&a, UINT64_MAX - 0xf, 0x20); /* wraps */
	EXPECT_EQ(register_mem(&r), -1);
	EXPECT_EQ(errno, EINVAL);
	r = range(&a, UINT64_MAX - 0xf, 0x10); /* ends at 2^64 */
	EXPECT_EQ(register_mem(&r), 0);
	r = range(&a, 0x5000, 0x10);
	r.read = NULL;
	EXPECT_EQ(register_mem(&r), -1);
	EXPECT_EQ(register_mem(NULL), -1);
	device_reset_all();
}

TEST(bus_top_of_the_address_space)
{
	struct rec a = { 0 };
	struct mem_range r = range(&a, UINT64_MAX - 0xf, 0x10);
	uint64_t v = 0;

	device_reset_all();
	ASSERT_EQ(register_mem(&r), 0);
	a.reply = 0x5a;
	EXPECT_EQ(emulate_mem(0, UINT64_MAX, 1, false, &v), 0);
	EXPECT_EQ(v, 0x5a);
	EXPECT_EQ(a.off, 0xf);
	device_reset_all();
}

TEST(bus_unregister_and_capacity)
{
	struct rec a = { 0 };
	struct mem_range r;
	uint64_t v = 0;
	int i;

	device_reset_all();
	/* out of order on purpose: lookups must still find each one */
	for (i = MEM_MAX_RANGES - 1; i >= 0; i--) {
		r = range(&a, 0x10000 * (uint64_t)i, 0x100);
		ASSERT_EQ(register_mem(&r), 0);
	}
	r = range(&a, 0x10000000, 0x100);
	EXPECT_EQ(register_mem(&r), -1);
	EXPECT_EQ(errno, ENOSPC);
	for (i = 0; i < MEM_MAX_RANGES; i++) {
		a.reads = 0;
		emulate_mem(0, 0x10000 * (uint64_t)i + 0x80, 4, false, &v);
		EXPECT_EQ(a.reads, 1);
		EXPECT_EQ(a.off, 0x80);
	}
	EXPECT_EQ(unregister_mem(0x50000), 0);
	EXPECT_EQ(unregister_mem(0x50000), -1);
	EXPECT_EQ(errno, ENOENT);
	a.reads = 0;
	capture_stderr();
	emulate_mem(0, 0x50000, 4, false, &v);
	EXPECT_EQ(release_stderr(), 1);
	EXPECT_EQ(a.reads, 0);
	emulate_mem(0, 0x60000, 4, false, &v);
	EXPECT_EQ(a.reads, 1);
	EXPECT_EQ(register_mem(&r), 0); /* room again */
	device_reset_all();
}

TEST(testdev_on_the_bus)
{
	struct testdev_softc sc;
	uint64_t v;

	device_reset_all();
	testdev_init(&sc);
	ASSERT_EQ(testdev_attach(&sc, VIRT_TESTDEV_BASE, NULL, NULL), 0);
	v = 0x8877665544332211ULL;
	EXPECT_EQ(emulate_mem(0, VIRT_TESTDEV_BASE + 8, 8, true, &v), 0);
	EXPECT_EQ(emulate_mem(0, VIRT_TESTDEV_BASE + 9, 2, false, &v), 0);
	EXPECT_EQ(v, 0x3322);
	EXPECT_EQ(emulate_mem(0, VIRT_TESTDEV_BASE + 0x800, 4, false, &v), 0);
	EXPECT_EQ(v, 0);
	EXPECT_EQ(testdev_attach(&sc, VIRT_TESTDEV_BASE, NULL, NULL), -1);
	device_reset_all();
}

/* ---- device registry, sealed bus, many threads ------------------------ */

static uint64_t dev_read(void *arg, int vcpuid, uint64_t off, int size)
{
	(void)arg;
	(void)vcpuid;
	(void)size;
	return off;
}

static void dev_write(void *arg, int vcpuid, uint64_t off, int size,
		      uint64_t val)
{
	(void)vcpuid;
	(void)off;
	(void)size;
	__atomic_fetch_add((uint64_t *)arg, val, __ATOMIC_RELAXED);
}

TEST(device_registry_keeps_order_and_copies)
{
	char name[16] = "dev-a";
	uint64_t sum = 0;
	struct device d = { .name = name, .base = 0x1000, .size = 0x100,
			    .read = dev_read, .write = dev_write, .arg = &sum,
			    .intid = 40 };

	device_reset_all();
	ASSERT_EQ(device_register(&d), 0);
	strcpy(name, "dev-b");
	d.base = 0x100;
	d.intid = -1;
	ASSERT_EQ(device_register(&d), 0);
	ASSERT_TRUE(device_at(0) != NULL && device_at(1) != NULL);
	EXPECT_STREQ(device_at(0)->name, "dev-a"); /* copied */
	EXPECT_STREQ(device_at(1)->name, "dev-b");
	EXPECT_EQ(device_at(0)->intid, 40);
	EXPECT_TRUE(device_at(2) == NULL);
	/* overlaps and bad interrupts are refused */
	d.base = 0x1080;
	errno = 0;
	EXPECT_EQ(device_register(&d), -1);
	EXPECT_EQ(errno, EEXIST);
	d.base = 0x5000;
	d.intid = 27; /* a PPI is not a device line */
	EXPECT_EQ(device_register(&d), -1);
	EXPECT_TRUE(device_at(2) == NULL);
	/* no VM: device_irq records the level */
	EXPECT_EQ(device_irq(device_at(0), true), 0);
	EXPECT_EQ(device_irq_level(40), 1);
	EXPECT_EQ(device_irq(device_at(0), false), 0);
	EXPECT_EQ(device_irq_level(40), 0);
	EXPECT_EQ(device_irq(device_at(1), true), 0); /* no line: no-op */
	EXPECT_EQ(device_irq_line(1020, true), -1);
	device_reset_all();
	EXPECT_TRUE(device_at(0) == NULL);
}

TEST(sealed_bus_refuses_registration)
{
	uint64_t sum = 0, v = 0;
	struct device d = { .name = "d", .base = 0x1000, .size = 0x100,
			    .read = dev_read, .write = dev_write, .arg = &sum,
			    .intid = -1 };

	device_reset_all();
	ASSERT_EQ(device_register(&d), 0);
	mem_seal();
	d.base = 0x2000;
	errno = 0;
	EXPECT_EQ(device_register(&d), -1);
	EXPECT_EQ(errno, EBUSY);
	EXPECT_EQ(unregister_mem(0x1000), -1);
	EXPECT_EQ(emulate_mem(0, 0x1010, 4, false, &v), 0);
	EXPECT_EQ(v, 0x10);
	device_reset_all(); /* open again */
	EXPECT_EQ(device_register(&d), 0);
	device_reset_all();
}

struct hammer {
	pthread_t tid;
	int vcpu;
	uint64_t bad;
};

/* vCPU threads on the sealed bus at once: lookups without a lock */
static void *hammer_main(void *arg)
{
	struct hammer *h = arg;
	uint64_t v;
	int i;

	for (i = 0; i < 20000; i++) {
		v = 1;
		if (emulate_mem(h->vcpu, 0x1000 + (i % 4) * 0x1000 + 8, 4,
				true, &v) < 0)
			h->bad++;
		if (emulate_mem(h->vcpu, 0x1000 + (i % 4) * 0x1000 + 8, 4,
				false, &v) < 0 || v != 8)
			h->bad++;
		(void)emulate_mem(h->vcpu, 0x9000, 4, false, &v);
	}
	return NULL;
}

TEST(many_vcpu_threads_share_the_bus)
{
	uint64_t sum = 0;
	struct hammer h[4];
	struct mem_stats st;
	struct device d = { .name = "d", .size = 0x1000, .read = dev_read,
			    .write = dev_write, .arg = &sum, .intid = -1 };
	int i;

	device_reset_all();
	for (i = 0; i < 4; i++) {
		d.base = 0x1000 * (uint64_t)(i + 1);
		ASSERT_EQ(device_register(&d), 0);
	}
	mem_seal();
	for (i = 0; i < 4; i++) {
		h[i].vcpu = i;
		h[i].bad = 0;
		ASSERT_EQ(pthread_create(&h[i].tid, NULL, hammer_main, &h[i]),
			  0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(h[i].tid, NULL);
		EXPECT_EQ(h[i].bad, 0);
	}
	EXPECT_EQ(sum, 4 * 20000);
	mem_get_stats(&st);
	EXPECT_EQ(st.unclaimed_reads, 4 * 20000);
	device_reset_all();
}

UNIT_MAIN();
