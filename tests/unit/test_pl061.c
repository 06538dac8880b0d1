/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for bhyve's PL061 GPIO (usr/bhyve/dev/pl061.c): GPIODATA's
 * address masking, directions, every interrupt sense, clearing, the ID
 * registers, and the power key pressed and released by the event loop.
 */
#include <time.h>
#include <unistd.h>

#include "unit.h"
#include "usr/bhyve/dev/pl061.h"
#include "usr/bhyve/device.h"
#include "usr/bhyve/mevent.h"
#include "board/virt.h"

static uint32_t rd(struct pl061_softc *sc, uint32_t reg)
{
	return (uint32_t)pl061_read(sc, reg, 4);
}

/* Linux's driver writes bytes */
static void wr(struct pl061_softc *sc, uint32_t reg, uint32_t v)
{
	pl061_write(sc, reg, 1, v);
}

/* GPIODATA seen through the mask of lines m */
#define DATA(m) (GPIODATA + ((m) << 2))

TEST(data_address_masking_and_direction)
{
	struct pl061_softc *sc = pl061_create();

	ASSERT_TRUE(sc != NULL);
	/* reset: every line an input, nothing driven */
	EXPECT_EQ(rd(sc, GPIODIR), 0);
	EXPECT_EQ(rd(sc, DATA(0xff)), 0);
	pl061_set_input(sc, 1, true);
	pl061_set_input(sc, 6, true);
	EXPECT_EQ(rd(sc, DATA(0xff)), 0x42);
	EXPECT_EQ(rd(sc, DATA(0x02)), 0x02); /* only the masked lines */
	EXPECT_EQ(rd(sc, DATA(0x40)), 0x40);
	EXPECT_EQ(rd(sc, DATA(0x3d)), 0);
	EXPECT_EQ(rd(sc, GPIODATA), 0); /* mask 0 reads nothing */
	/* a write to an input changes no line... */
	wr(sc, DATA(0xff), 0x0f);
	EXPECT_EQ(rd(sc, DATA(0xff)), 0x42);
	/* ...but is kept for when the line becomes an output */
	wr(sc, GPIODIR, 0x0f);
	EXPECT_EQ(rd(sc, GPIODIR), 0x0f);
	EXPECT_EQ(rd(sc, DATA(0xff)), 0x4f); /* 0x0f outputs, 0x40 input */
	/* only the lines the address selects change */
	wr(sc, DATA(0x03), 0x00);
	EXPECT_EQ(rd(sc, DATA(0x0f)), 0x0c);
	wr(sc, DATA(0x01), 0xff);
	EXPECT_EQ(rd(sc, DATA(0x0f)), 0x0d);
	/* narrow reads, and writes inside a word do nothing */
	EXPECT_EQ(pl061_read(sc, DATA(0xff), 1), 0x4d);
	EXPECT_EQ(pl061_read(sc, DATA(0xff) + 1, 1), 0);
	pl061_write(sc, GPIODIR + 1, 1, 0xff);
	EXPECT_EQ(rd(sc, GPIODIR), 0x0f);
	wr(sc, GPIOAFSEL, 0x80);
	EXPECT_EQ(rd(sc, GPIOAFSEL), 0x80);
	EXPECT_EQ(pl061_set_input(sc, 8, true), -1);
	pl061_destroy(sc);
}

TEST(edge_interrupts_by_sense)
{
	struct pl061_softc *sc = pl061_create();

	/* line 3, rising edge (Linux: IRQ_TYPE_EDGE_RISING) */
	wr(sc, GPIOIEV, 0x08);
	wr(sc, GPIOIE, 0x08);
	EXPECT_EQ(rd(sc, GPIOIE), 0x08);
	EXPECT_FALSE(pl061_irq_level(sc));
	pl061_set_input(sc, 3, true);
	EXPECT_EQ(rd(sc, GPIORIS), 0x08);
	EXPECT_EQ(rd(sc, GPIOMIS), 0x08);
	EXPECT_TRUE(pl061_irq_level(sc));
	/* the edge stays latched after the line falls, until cleared */
	pl061_set_input(sc, 3, false);
	EXPECT_TRUE(pl061_irq_level(sc));
	wr(sc, GPIOIC, 0x08);
	EXPECT_EQ(rd(sc, GPIORIS), 0);
	EXPECT_FALSE(pl061_irq_level(sc));
	EXPECT_EQ(rd(sc, GPIOIC), 0); /* write-only */

	/* falling edge only */
	wr(sc, GPIOIEV, 0);
	pl061_set_input(sc, 3, true);
	EXPECT_EQ(rd(sc, GPIORIS), 0);
	pl061_set_input(sc, 3, false);
	EXPECT_EQ(rd(sc, GPIORIS), 0x08);
	wr(sc, GPIOIC, 0xff);

	/* both edges (gpio-keys' IRQ_TYPE_EDGE_BOTH): press and release */
	wr(sc, GPIOIBE, 0x08);
	pl061_set_input(sc, 3, true);
	EXPECT_TRUE(pl061_irq_level(sc));
	wr(sc, GPIOIC, 0x08);
	EXPECT_FALSE(pl061_irq_level(sc));
	pl061_set_input(sc, 3, false);
	EXPECT_TRUE(pl061_irq_level(sc));
	wr(sc, GPIOIC, 0x08);

	/* masked: latched in RIS, not in MIS, no interrupt */
	wr(sc, GPIOIE, 0);
	pl061_set_input(sc, 3, true);
	EXPECT_EQ(rd(sc, GPIORIS), 0x08);
	EXPECT_EQ(rd(sc, GPIOMIS), 0);
	EXPECT_FALSE(pl061_irq_level(sc));
	/* unmasking a latched edge raises it */
	wr(sc, GPIOIE, 0x08);
	EXPECT_TRUE(pl061_irq_level(sc));
	wr(sc, GPIOIC, 0x08);
	EXPECT_FALSE(pl061_irq_level(sc));

	/* an output's own change is an edge too */
	wr(sc, GPIOIBE, 0);
	wr(sc, GPIOIEV, 0x01);
	wr(sc, GPIOIE, 0x01);
	wr(sc, GPIODIR, 0x01);
	wr(sc, DATA(0x01), 1);
	EXPECT_EQ(rd(sc, GPIORIS), 0x01);
	EXPECT_TRUE(pl061_irq_level(sc));
	pl061_destroy(sc);
}

TEST(level_interrupts_follow_the_line)
{
	struct pl061_softc *sc = pl061_create();

	/* line 5 level-sensitive, high */
	wr(sc, GPIOIS, 0x20);
	wr(sc, GPIOIEV, 0x20);
	wr(sc, GPIOIE, 0x20);
	EXPECT_FALSE(pl061_irq_level(sc));
	pl061_set_input(sc, 5, true);
	EXPECT_EQ(rd(sc, GPIORIS), 0x20);
	EXPECT_TRUE(pl061_irq_level(sc));
	/* GPIOIC does not clear a level */
	wr(sc, GPIOIC, 0x20);
	EXPECT_TRUE(pl061_irq_level(sc));
	pl061_set_input(sc, 5, false);
	EXPECT_EQ(rd(sc, GPIORIS), 0);
	EXPECT_FALSE(pl061_irq_level(sc));
	/* low-level: active now that the line is low */
	wr(sc, GPIOIEV, 0);
	EXPECT_EQ(rd(sc, GPIORIS), 0x20);
	EXPECT_TRUE(pl061_irq_level(sc));
	/* the other lines, low and level-low but edge-sensitive: no RIS */
	EXPECT_EQ(rd(sc, GPIORIS) & ~0x20u, 0);
	pl061_destroy(sc);
}

TEST(primecell_id_registers)
{
	static const uint32_t want[8] = { 0x61, 0x10, 0x04, 0x00,
					  0x0d, 0xf0, 0x05, 0xb1 };
	struct pl061_softc *sc = pl061_create();
	uint32_t periphid = 0;
	int i;

	for (i = 0; i < 8; i++)
		EXPECT_EQ(rd(sc, GPIOPERIPHID0 + 4 * i), want[i]);
	for (i = 0; i < 4; i++)
		periphid |= rd(sc, GPIOPERIPHID0 + 4 * i) << (8 * i);
	/* what Linux's gpio-pl061 matches on (id 0x00041061, mask 0xfffff) */
	EXPECT_EQ(periphid & 0xfffff, 0x41061);
	EXPECT_EQ(rd(sc, 0x424), 0);
	EXPECT_EQ(pl061_read(sc, PL061_SIZE, 4), 0);
	pl061_destroy(sc);
}

static bool wait_level(int intid, int level, int ms)
{
	struct timespec ts = { 0, 5000000 };

	for (; ms > 0; ms -= 5) {
		if (device_irq_level(intid) == level)
			return true;
		nanosleep(&ts, NULL);
	}
	return device_irq_level(intid) == level;
}

/* The key through the bus and the event loop, as bhyve presses it. */
TEST(power_key_press_and_release)
{
	struct pl061_softc *sc, *nokey;
	uint64_t v;

	device_reset_all();
	sc = pl061_create();
	ASSERT_EQ(pl061_attach(sc, VIRT_GPIO_BASE, VIRT_GPIO_INTID, 3), 0);
	ASSERT_EQ(mevent_start(), 0);
	/* as Linux's gpio-keys asks: both edges of line 3, unmasked */
	v = 0x08;
	EXPECT_EQ(emulate_mem(0, VIRT_GPIO_BASE + GPIOIBE, 1, true, &v), 0);
	EXPECT_EQ(emulate_mem(0, VIRT_GPIO_BASE + GPIOIE, 1, true, &v), 0);
	EXPECT_EQ(device_irq_level(VIRT_GPIO_INTID), 0);
	ASSERT_EQ(pl061_press_key(sc, 50), 0);
	EXPECT_EQ(device_irq_level(VIRT_GPIO_INTID), 1);
	v = 0;
	EXPECT_EQ(emulate_mem(0, VIRT_GPIO_BASE + DATA(0x08), 1, false, &v), 0);
	EXPECT_EQ(v, 0x08); /* down */
	v = 0x08;
	EXPECT_EQ(emulate_mem(0, VIRT_GPIO_BASE + GPIOIC, 1, true, &v), 0);
	EXPECT_EQ(device_irq_level(VIRT_GPIO_INTID), 0);
	/* the release is the next edge */
	EXPECT_TRUE(wait_level(VIRT_GPIO_INTID, 1, 2000));
	EXPECT_EQ(rd(sc, DATA(0x08)), 0);
	wr(sc, GPIOIC, 0x08);
	EXPECT_EQ(device_irq_level(VIRT_GPIO_INTID), 0);
	/* and it can be pressed again */
	ASSERT_EQ(pl061_press_key(sc, 20), 0);
	EXPECT_EQ(rd(sc, DATA(0x08)), 0x08);
	usleep(200000);
	EXPECT_EQ(rd(sc, DATA(0x08)), 0);
	mevent_stop();
	pl061_destroy(sc);
	/* a controller without a key has nothing to press */
	nokey = pl061_create();
	EXPECT_EQ(pl061_press_key(nokey, 20), -1);
	pl061_destroy(nokey);
	device_reset_all();
}

UNIT_MAIN();
