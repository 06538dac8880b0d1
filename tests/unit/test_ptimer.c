// SPDX-License-Identifier: BSD-2-Clause
/*
 * The emulated physical timer's registers (kmod/arm/ptimer.c, ARM ARM
 * B8.1.5): CTL, CVAL and TVAL against a count the test chooses.
 */
#include "unit.h"
#include "arm/arm_vm.h"

#define EN    ARM_TIMER_CTL_ENABLE
#define MASK  ARM_TIMER_CTL_IMASK
#define STAT  ARM_TIMER_CTL_ISTATUS

TEST(out_of_reset_it_is_off)
{
	struct arm_ptimer t = { 0 };

	EXPECT_EQ(ptimer_read(&t, ARM_PTIMER_CTL, 1000), 0);
	EXPECT_FALSE(ptimer_output(&t, 1000));
	EXPECT_FALSE(ptimer_due(&t, 1000));
}

TEST(ctl_keeps_enable_and_imask_only)
{
	struct arm_ptimer t = { 0 };

	ptimer_write(&t, ARM_PTIMER_CVAL, 5000, 0);
	ptimer_write(&t, ARM_PTIMER_CTL, 0xffffffff, 0);
	/* ISTATUS is not writable, and the condition is not met yet */
	EXPECT_EQ(ptimer_read(&t, ARM_PTIMER_CTL, 10), EN | MASK);
	EXPECT_EQ(ptimer_read(&t, ARM_PTIMER_CTL, 5000), EN | MASK | STAT);
}

TEST(the_condition_is_count_at_or_past_cval)
{
	struct arm_ptimer t = { 0 };

	ptimer_write(&t, ARM_PTIMER_CVAL, 5000, 0);
	ptimer_write(&t, ARM_PTIMER_CTL, EN, 0);
	EXPECT_FALSE(ptimer_output(&t, 4999));
	EXPECT_TRUE(ptimer_due(&t, 4999));
	EXPECT_EQ(ptimer_read(&t, ARM_PTIMER_CTL, 4999), EN);
	EXPECT_TRUE(ptimer_output(&t, 5000));
	EXPECT_FALSE(ptimer_due(&t, 5000));
	EXPECT_EQ(ptimer_read(&t, ARM_PTIMER_CTL, 5000), EN | STAT);
	/* 64-bit compare: a count past 2^32 is still past a small CVAL */
	EXPECT_TRUE(ptimer_output(&t, 0x100000000ull));
}

TEST(imask_holds_the_output_back_but_not_istatus)
{
	struct arm_ptimer t = { 0 };

	ptimer_write(&t, ARM_PTIMER_CVAL, 100, 0);
	ptimer_write(&t, ARM_PTIMER_CTL, EN | MASK, 0);
	EXPECT_FALSE(ptimer_output(&t, 200));
	EXPECT_FALSE(ptimer_due(&t, 50)); /* nothing will rise by itself */
	EXPECT_EQ(ptimer_read(&t, ARM_PTIMER_CTL, 200), EN | MASK | STAT);
}

TEST(disabled_it_neither_fires_nor_reports)
{
	struct arm_ptimer t = { 0 };

	ptimer_write(&t, ARM_PTIMER_CVAL, 100, 0);
	ptimer_write(&t, ARM_PTIMER_CTL, 0, 0);
	EXPECT_FALSE(ptimer_output(&t, 200));
	EXPECT_FALSE(ptimer_due(&t, 50));
	EXPECT_EQ(ptimer_read(&t, ARM_PTIMER_CTL, 200), 0);
}

TEST(tval_is_a_signed_down_counter_to_cval)
{
	struct arm_ptimer t = { 0 };

	ptimer_write(&t, ARM_PTIMER_TVAL, 1000, 0x1fffffff0ull);
	EXPECT_EQ(ptimer_read(&t, ARM_PTIMER_CVAL, 0), 0x1fffffff0ull + 1000);
	EXPECT_EQ(ptimer_read(&t, ARM_PTIMER_TVAL, 0x1fffffff0ull + 400), 600);
	/* past CVAL it goes negative */
	EXPECT_EQ(ptimer_read(&t, ARM_PTIMER_TVAL, 0x1fffffff0ull + 1001),
		  0xffffffffu);
	/* a negative TVAL puts CVAL in the past: sign-extended */
	ptimer_write(&t, ARM_PTIMER_TVAL, 0xfffffff6u, 0x100000005ull);
	EXPECT_EQ(ptimer_read(&t, ARM_PTIMER_CVAL, 0), 0xfffffffbull);
	ptimer_write(&t, ARM_PTIMER_CTL, EN, 0);
	EXPECT_TRUE(ptimer_output(&t, 0x100000005ull));
}

TEST(cval_is_all_64_bits)
{
	struct arm_ptimer t = { 0 };

	ptimer_write(&t, ARM_PTIMER_CVAL, 0xfedcba9876543210ull, 0);
	EXPECT_EQ(ptimer_read(&t, ARM_PTIMER_CVAL, 0), 0xfedcba9876543210ull);
	EXPECT_EQ(ptimer_read(&t, ARM_PTIMER_TVAL, 0x10), 0x76543200u);
}

UNIT_MAIN();
