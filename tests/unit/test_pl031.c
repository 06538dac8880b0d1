/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for bhyve's PL031 RTC (usr/bhyve/dev/pl031.c) with a fake
 * clock: the counter, load, match interrupt, ID registers, the bus.
 */
#include "unit.h"
#include "usr/bhyve/dev/pl031.h"
#include "usr/bhyve/device.h"
#include "board/virt.h"

#define SEC 1000000000ULL

static uint64_t fake_now;

static uint64_t fake_clock(void *arg)
{
	(void)arg;
	return fake_now;
}

static uint32_t rd(struct pl031_softc *sc, uint32_t reg)
{
	return (uint32_t)pl031_read(sc, reg, 4);
}

static void wr(struct pl031_softc *sc, uint32_t reg, uint32_t v)
{
	pl031_write(sc, reg, 4, v);
}

TEST(counter_is_host_seconds_and_load_sets_it)
{
	struct pl031_softc *sc;

	fake_now = 1700000000ULL * SEC + 123;
	sc = pl031_create(fake_clock, NULL);
	ASSERT_TRUE(sc != NULL);
	EXPECT_EQ(rd(sc, RTCDR), 1700000000u);
	EXPECT_EQ(rd(sc, RTCCR), 1); /* started */
	wr(sc, RTCCR, 0);
	EXPECT_EQ(rd(sc, RTCCR), 1); /* and cannot be stopped */
	fake_now += 5 * SEC;
	EXPECT_EQ(rd(sc, RTCDR), 1700000005u);
	wr(sc, RTCLR, 1000);
	EXPECT_EQ(rd(sc, RTCDR), 1000);
	EXPECT_EQ(rd(sc, RTCLR), 1000);
	fake_now += 2 * SEC;
	EXPECT_EQ(rd(sc, RTCDR), 1002);
	wr(sc, RTCDR, 5); /* read-only */
	EXPECT_EQ(rd(sc, RTCDR), 1002);
	EXPECT_EQ(pl031_read(sc, RTCDR + 1, 1), (1002 >> 8) & 0xff);
	pl031_destroy(sc);
}

TEST(match_raises_the_interrupt_when_unmasked)
{
	struct pl031_softc *sc;

	fake_now = 100 * SEC;
	sc = pl031_create(fake_clock, NULL);
	wr(sc, RTCMR, 103);
	EXPECT_EQ(rd(sc, RTCMR), 103);
	EXPECT_EQ(rd(sc, RTCRIS), 0);
	fake_now = 102 * SEC + SEC / 2;
	pl031_tick(sc);
	EXPECT_EQ(rd(sc, RTCRIS), 0);
	fake_now = 103 * SEC;
	pl031_tick(sc);
	EXPECT_EQ(rd(sc, RTCRIS), 1);
	EXPECT_EQ(rd(sc, RTCMIS), 0); /* masked */
	EXPECT_FALSE(pl031_irq_level(sc));
	wr(sc, RTCIMSC, 1);
	EXPECT_EQ(rd(sc, RTCIMSC), 1);
	EXPECT_EQ(rd(sc, RTCMIS), 1);
	EXPECT_TRUE(pl031_irq_level(sc));
	wr(sc, RTCICR, 1);
	EXPECT_EQ(rd(sc, RTCRIS), 0);
	EXPECT_FALSE(pl031_irq_level(sc));
	/* a match fires once: not again while the counter moves on */
	fake_now = 110 * SEC;
	pl031_tick(sc);
	EXPECT_EQ(rd(sc, RTCRIS), 0);
	/* a late look still sees a match it missed */
	wr(sc, RTCMR, 120);
	fake_now = 130 * SEC;
	pl031_tick(sc);
	EXPECT_TRUE(pl031_irq_level(sc));
	wr(sc, RTCICR, 1);
	/* a match register behind the counter does not match */
	wr(sc, RTCMR, 50);
	fake_now = 140 * SEC;
	pl031_tick(sc);
	EXPECT_EQ(rd(sc, RTCRIS), 0);
	/* loading the counter re-arms against it */
	wr(sc, RTCLR, 45);
	fake_now = 145 * SEC;
	pl031_tick(sc);
	EXPECT_EQ(rd(sc, RTCRIS), 1);
	pl031_destroy(sc);
}

TEST(primecell_id_registers)
{
	static const uint32_t want[8] = { 0x31, 0x10, 0x04, 0x00,
					  0x0d, 0xf0, 0x05, 0xb1 };
	struct pl031_softc *sc = pl031_create(fake_clock, NULL);
	uint32_t periphid = 0;
	int i;

	for (i = 0; i < 8; i++)
		EXPECT_EQ(rd(sc, RTCPERIPHID0 + 4 * i), want[i]);
	for (i = 0; i < 4; i++)
		periphid |= rd(sc, RTCPERIPHID0 + 4 * i) << (8 * i);
	/* what Linux's rtc-pl031 matches on (id 0x00041031, mask 0xfffff) */
	EXPECT_EQ(periphid & 0xfffff, 0x41031);
	EXPECT_EQ(rd(sc, 0x20), 0);
	EXPECT_EQ(rd(sc, 0xffc + 4), 0);
	pl031_destroy(sc);
}

TEST(on_the_bus_with_its_interrupt_line)
{
	struct pl031_softc *sc;
	uint64_t v = 0;

	device_reset_all();
	fake_now = 1000 * SEC;
	sc = pl031_create(fake_clock, NULL);
	ASSERT_EQ(pl031_attach(sc, VIRT_RTC_BASE, VIRT_RTC_INTID), 0);
	EXPECT_EQ(emulate_mem(0, VIRT_RTC_BASE + RTCDR, 4, false, &v), 0);
	EXPECT_EQ(v, 1000);
	v = 1001;
	EXPECT_EQ(emulate_mem(0, VIRT_RTC_BASE + RTCMR, 4, true, &v), 0);
	v = 1;
	EXPECT_EQ(emulate_mem(0, VIRT_RTC_BASE + RTCIMSC, 4, true, &v), 0);
	EXPECT_EQ(device_irq_level(VIRT_RTC_INTID), 0);
	fake_now = 1001 * SEC;
	pl031_tick(sc);
	EXPECT_EQ(device_irq_level(VIRT_RTC_INTID), 1);
	v = 1;
	EXPECT_EQ(emulate_mem(0, VIRT_RTC_BASE + RTCICR, 4, true, &v), 0);
	EXPECT_EQ(device_irq_level(VIRT_RTC_INTID), 0);
	ASSERT_TRUE(device_at(0) != NULL);
	EXPECT_STREQ(device_at(0)->name, "pl031");
	EXPECT_TRUE(device_at(0)->fdt != NULL);
	pl031_destroy(sc);
	device_reset_all();
}

UNIT_MAIN();
