/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for bhyvectl's exit rates (usr/bhyvectl/statrate.c): deltas
 * over the interval, per vCPU and summed, counters that restart when the
 * VM is made again, vCPUs that appear, and rates that fit their column.
 */
#include "unit.h"
#include "usr/bhyvectl/statrate.h"

static uint64_t now[VM_MAXCPU][VM_STATS_MAX];

TEST(delta_and_reset)
{
	bool reset = false;

	EXPECT_EQ(statrate_delta(10, 25, &reset), 15);
	EXPECT_FALSE(reset);
	EXPECT_EQ(statrate_delta(5, 5, &reset), 0);
	EXPECT_FALSE(reset);
	/* near the top of the range: still a plain difference */
	EXPECT_EQ(statrate_delta(UINT64_MAX - 5, UINT64_MAX, &reset), 5);
	EXPECT_FALSE(reset);
	/* went down: the VM is new, counting from 0 again */
	EXPECT_EQ(statrate_delta(1000, 7, &reset), 7);
	EXPECT_TRUE(reset);
}

TEST(rates_per_vcpu_and_summed)
{
	static struct statrate r;

	statrate_init(&r);
	memset(now, 0, sizeof(now));
	now[0][0] = 100;
	now[1][0] = 50;
	now[0][3] = 7;
	EXPECT_EQ(statrate_sample(&r, now, 2, 4, 1.0), 1); /* first: none */
	now[0][0] = 300; /* +200 in 2 s */
	now[1][0] = 90; /* +40 */
	now[0][3] = 8; /* +1 */
	EXPECT_EQ(statrate_sample(&r, now, 2, 4, 2.0), 0);
	EXPECT_TRUE(r.rate[0][0] == 100.0);
	EXPECT_TRUE(r.rate[1][0] == 20.0);
	EXPECT_TRUE(r.total[0] == 120.0);
	EXPECT_TRUE(r.rate[0][3] == 0.5);
	EXPECT_TRUE(r.total[1] == 0.0);
	EXPECT_FALSE(r.restarted);
	/* nothing happened: all 0 */
	EXPECT_EQ(statrate_sample(&r, now, 2, 4, 1.0), 0);
	EXPECT_TRUE(r.total[0] == 0.0);
	/* bad arguments */
	EXPECT_EQ(statrate_sample(&r, now, 2, 4, 0.0), -1);
	EXPECT_EQ(statrate_sample(&r, now, VM_MAXCPU + 1, 4, 1.0), -1);
	EXPECT_EQ(statrate_sample(&r, now, 2, VM_STATS_MAX + 1, 1.0), -1);
}

TEST(vm_restarted_and_vcpu_appears)
{
	static struct statrate r;

	statrate_init(&r);
	memset(now, 0, sizeof(now));
	now[0][0] = 1000000;
	EXPECT_EQ(statrate_sample(&r, now, 1, 2, 1.0), 1);
	/* systemd restarted the VM after a reboot: counters from 0 */
	now[0][0] = 40;
	EXPECT_EQ(statrate_sample(&r, now, 1, 2, 1.0), 0);
	EXPECT_TRUE(r.restarted);
	EXPECT_TRUE(r.rate[0][0] == 40.0);
	now[0][0] = 50;
	/* vCPU 1 started (PSCI CPU_ON): counted from 0 */
	now[1][0] = 30;
	EXPECT_EQ(statrate_sample(&r, now, 2, 2, 1.0), 0);
	EXPECT_FALSE(r.restarted);
	EXPECT_TRUE(r.rate[0][0] == 10.0);
	EXPECT_TRUE(r.rate[1][0] == 30.0);
	EXPECT_TRUE(r.total[0] == 40.0);
}

static const char *fmt(double v, int width)
{
	static char buf[40];

	statrate_fmt(v, width, buf, sizeof(buf));
	return buf;
}

TEST(format_fits_the_column)
{
	static const double values[] = { 0,	 0.2,	  0.5,	    1,
					 99.4,	 999,	  12345,    123456,
					 999999, 1234567, 98765432, 1e12,
					 5e14,	 1e18 };
	size_t i;
	int w;

	EXPECT_STREQ(fmt(0, 6), "     0");
	EXPECT_STREQ(fmt(0.2, 6), "    <1");
	EXPECT_STREQ(fmt(99.4, 6), "    99");
	EXPECT_STREQ(fmt(12345, 6), " 12345");
	EXPECT_STREQ(fmt(123456, 6), "123456");
	EXPECT_STREQ(fmt(1234567, 6), "  1.2M");
	EXPECT_STREQ(fmt(123456, 5), " 123k");
	EXPECT_STREQ(fmt(12345, 4), " 12k");
	EXPECT_STREQ(fmt(999999, 5), " 1.0M");
	EXPECT_STREQ(fmt(-3, 5), "    0");
	for (w = 4; w <= 12; w++)
		for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
			EXPECT_EQ(strlen(fmt(values[i], w)), (size_t)w);
	EXPECT_STREQ(fmt(1, 3), "");
	EXPECT_STREQ(fmt(1, 32), "");
}

/* --top's table in 79 columns for every vCPU count */
TEST(layout_fits_79_columns)
{
	unsigned int n;
	int label, col;

	for (n = 1; n <= VM_MAXCPU; n++) {
		statrate_layout(n, 79, &label, &col);
		EXPECT_EQ(label + (int)(n + 1) * col, 79);
		EXPECT_TRUE(label >= STATRATE_LABEL_MIN);
		EXPECT_TRUE(col >= 6); /* "vcpu7" and a space */
	}
	statrate_layout(2, 79, &label, &col);
	EXPECT_EQ(col, 8);
	EXPECT_EQ(label, 55);
}

UNIT_MAIN();
