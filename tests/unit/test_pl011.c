/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for bhyve's PL011 register model (usr/bhyve/dev/uart_pl011.c)
 * and its place on the MMIO bus: what a guest sees at each register, with
 * a fake backend that records transmitted bytes and serves queued input.
 */
#include "unit.h"
#include "usr/bhyve/dev/uart_pl011.h"
#include "usr/bhyve/device.h"
#include "usr/bhyve/mem.h"
#include "board/virt.h"

struct fake {
	uint8_t tx[256];
	size_t ntx;
	const uint8_t *in; /* served by the rx callback */
	size_t nin;
	size_t rx_calls, rx_asked;
	int irq_changes;
	bool irq;
};

static void fake_tx(void *arg, uint8_t c)
{
	struct fake *f = arg;

	if (f->ntx < sizeof(f->tx))
		f->tx[f->ntx++] = c;
}

static size_t fake_rx(void *arg, uint8_t *buf, size_t len)
{
	struct fake *f = arg;
	size_t n = len < f->nin ? len : f->nin;

	f->rx_calls++;
	f->rx_asked = len;
	if (n == 0)
		return 0;
	memcpy(buf, f->in, n);
	f->in += n;
	f->nin -= n;
	return n;
}

static void fake_irq(void *arg, bool level)
{
	struct fake *f = arg;

	f->irq_changes++;
	f->irq = level;
}

static const struct pl011_ops fake_ops = {
	.tx = fake_tx,
	.rx = fake_rx,
	.irq = fake_irq,
};

static struct pl011_softc *new_uart(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	return pl011_create(&fake_ops, f);
}

static uint32_t rd(struct pl011_softc *sc, uint32_t off)
{
	return (uint32_t)pl011_read(sc, off, 4);
}

static void wr(struct pl011_softc *sc, uint32_t off, uint32_t val)
{
	pl011_write(sc, off, 4, val);
}

TEST(reset_values_as_an_idle_pl011)
{
	struct fake f;
	struct pl011_softc *sc = new_uart(&f);

	ASSERT_TRUE(sc != NULL);
	EXPECT_EQ(rd(sc, UARTFR), FR_TXFE | FR_RXFE); /* 0x90 */
	EXPECT_EQ(rd(sc, UARTFR) & (FR_TXFF | FR_BUSY | FR_RXFF), 0);
	EXPECT_EQ(rd(sc, UARTCR), CR_TXE | CR_RXE); /* 0x300 */
	EXPECT_EQ(rd(sc, UARTIFLS), 0x12);
	EXPECT_EQ(rd(sc, UARTLCR_H), 0);
	EXPECT_EQ(rd(sc, UARTIMSC), 0);
	EXPECT_EQ(rd(sc, UARTRIS), 0);
	EXPECT_EQ(rd(sc, UARTMIS), 0);
	EXPECT_EQ(rd(sc, UARTRSR), 0);
	EXPECT_EQ(rd(sc, UARTDR), 0); /* empty FIFO */
	EXPECT_FALSE(pl011_irq_level(sc));
	EXPECT_EQ(f.irq_changes, 0);
	pl011_destroy(sc);
}

TEST(primecell_and_peripheral_ids)
{
	static const uint32_t want[8] = { 0x11, 0x10, 0x34, 0x00,
					  0x0d, 0xf0, 0x05, 0xb1 };
	struct fake f;
	struct pl011_softc *sc = new_uart(&f);
	int i;

	for (i = 0; i < 8; i++)
		EXPECT_EQ(rd(sc, UARTPERIPHID0 + 4 * i), want[i]);
	/* what Linux's AMBA bus builds from them */
	EXPECT_EQ(pl011_read(sc, 0xfe0, 1) | pl011_read(sc, 0xfe4, 1) << 8 |
			  pl011_read(sc, 0xfe8, 1) << 16,
		  0x341011);
	EXPECT_EQ(rd(sc, 0xfdc), 0); /* below the IDs: reserved */
	pl011_destroy(sc);
}

TEST(ids_are_read_only)
{
	struct fake f;
	struct pl011_softc *sc = new_uart(&f);

	wr(sc, 0xfe0, 0xff);
	wr(sc, UARTFR, 0);
	wr(sc, UARTRIS, INT_ALL);
	wr(sc, UARTMIS, INT_ALL);
	EXPECT_EQ(rd(sc, 0xfe0), 0x11);
	EXPECT_EQ(rd(sc, UARTFR), 0x90);
	EXPECT_EQ(rd(sc, UARTRIS), 0);
	pl011_destroy(sc);
}

TEST(transmit_goes_to_the_backend)
{
	struct fake f;
	struct pl011_softc *sc = new_uart(&f);

	wr(sc, UARTDR, 'h');
	wr(sc, UARTDR, 0xf00 | 'i'); /* only the data byte is sent */
	pl011_write(sc, UARTDR, 1, '!');
	ASSERT_EQ(f.ntx, 3);
	EXPECT_EQ(f.tx[0], 'h');
	EXPECT_EQ(f.tx[1], 'i');
	EXPECT_EQ(f.tx[2], '!');
	/* sent at once: the FIFO stays empty, never full, never busy */
	EXPECT_EQ(rd(sc, UARTFR), FR_TXFE | FR_RXFE);
	pl011_destroy(sc);
}

TEST(tx_interrupt_after_transmitting_only)
{
	struct fake f;
	struct pl011_softc *sc = new_uart(&f);

	wr(sc, UARTIMSC, INT_TX);
	EXPECT_EQ(rd(sc, UARTRIS), 0); /* not at reset, as on the chip */
	EXPECT_FALSE(f.irq);
	wr(sc, UARTDR, 'x');
	EXPECT_EQ(rd(sc, UARTRIS), INT_TX);
	EXPECT_EQ(rd(sc, UARTMIS), INT_TX);
	EXPECT_TRUE(f.irq);
	EXPECT_TRUE(pl011_irq_level(sc));
	wr(sc, UARTICR, INT_TX);
	EXPECT_EQ(rd(sc, UARTRIS), 0);
	EXPECT_FALSE(f.irq);
	EXPECT_EQ(f.irq_changes, 2);
	pl011_destroy(sc);
}

TEST(masked_interrupts_show_in_ris_not_mis)
{
	struct fake f;
	struct pl011_softc *sc = new_uart(&f);

	wr(sc, UARTDR, 'x');
	EXPECT_EQ(rd(sc, UARTRIS), INT_TX);
	EXPECT_EQ(rd(sc, UARTMIS), 0);
	EXPECT_FALSE(f.irq);
	/* unmasking a pending interrupt raises the line */
	wr(sc, UARTIMSC, INT_TX);
	EXPECT_TRUE(f.irq);
	wr(sc, UARTIMSC, 0);
	EXPECT_FALSE(f.irq);
	EXPECT_EQ(rd(sc, UARTRIS), INT_TX);
	pl011_destroy(sc);
}

TEST(receive_without_fifo_holds_one_byte)
{
	struct fake f;
	struct pl011_softc *sc = new_uart(&f);
	const uint8_t in[] = "ab";

	EXPECT_EQ(pl011_rx_room(sc), 1);
	EXPECT_EQ(pl011_receive(sc, in, 2), 1); /* 'b' overruns */
	EXPECT_EQ(rd(sc, UARTFR), FR_TXFE | FR_RXFF);
	EXPECT_EQ(rd(sc, UARTRIS) & INT_OE, INT_OE);
	EXPECT_EQ(rd(sc, UARTRSR), RSR_OE);
	EXPECT_EQ(rd(sc, UARTDR), 'a');
	EXPECT_EQ(rd(sc, UARTFR), FR_TXFE | FR_RXFE);
	/* any write to ECR clears the error flags */
	wr(sc, UARTRSR, 0);
	EXPECT_EQ(rd(sc, UARTRSR), 0);
	pl011_destroy(sc);
}

TEST(receive_with_fifo_and_trigger_level)
{
	struct fake f;
	struct pl011_softc *sc = new_uart(&f);
	uint8_t in[40];
	int i;

	for (i = 0; i < 40; i++)
		in[i] = (uint8_t)('A' + i);
	wr(sc, UARTLCR_H, LCR_H_FEN | 0x60); /* 8N1, FIFO on */
	wr(sc, UARTIMSC, INT_RX | INT_RT);
	EXPECT_EQ(pl011_rx_room(sc), PL011_FIFO_DEPTH);

	/* below the default trigger (1/2 = 16 bytes): timeout only */
	EXPECT_EQ(pl011_receive(sc, in, 15), 15);
	EXPECT_EQ(rd(sc, UARTRIS), INT_RT);
	EXPECT_TRUE(f.irq);
	EXPECT_EQ(pl011_receive(sc, in + 15, 25), 17); /* 8 overrun */
	EXPECT_EQ(rd(sc, UARTRIS), INT_RX | INT_RT | INT_OE);
	EXPECT_EQ(rd(sc, UARTFR), FR_TXFE | FR_RXFF);

	/* reading below the trigger level drops RX, emptying drops RT */
	for (i = 0; i < 17; i++)
		EXPECT_EQ(rd(sc, UARTDR), 'A' + i);
	EXPECT_EQ(rd(sc, UARTRIS) & (INT_RX | INT_RT), INT_RT);
	for (; i < 32; i++)
		EXPECT_EQ(rd(sc, UARTDR), 'A' + i);
	EXPECT_EQ(rd(sc, UARTFR), FR_TXFE | FR_RXFE);
	EXPECT_EQ(rd(sc, UARTRIS) & (INT_RX | INT_RT), 0);
	/* OE stays pending but is masked */
	EXPECT_EQ(rd(sc, UARTMIS), 0);
	EXPECT_FALSE(f.irq);
	pl011_destroy(sc);
}

TEST(rx_trigger_levels_follow_ifls)
{
	static const struct {
		uint32_t ifls;
		unsigned int level;
	} cases[] = {
		{ 0 << 3, 4 }, { 1 << 3, 8 }, { 2 << 3, 16 },
		{ 3 << 3, 24 }, { 4 << 3, 28 },
	};
	const uint8_t in[32] = { 0 };
	struct fake f;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pl011_softc *sc = new_uart(&f);

		wr(sc, UARTLCR_H, LCR_H_FEN);
		wr(sc, UARTIFLS, cases[i].ifls);
		pl011_receive(sc, in, cases[i].level - 1);
		EXPECT_EQ(rd(sc, UARTRIS) & INT_RX, 0);
		pl011_receive(sc, in, 1);
		EXPECT_EQ(rd(sc, UARTRIS) & INT_RX, INT_RX);
		pl011_destroy(sc);
	}
}

TEST(icr_clears_receive_interrupts)
{
	struct fake f;
	struct pl011_softc *sc = new_uart(&f);

	wr(sc, UARTIMSC, INT_ALL);
	pl011_receive(sc, (const uint8_t *)"z", 1);
	EXPECT_EQ(rd(sc, UARTMIS), INT_RX | INT_RT);
	EXPECT_TRUE(f.irq);
	wr(sc, UARTICR, INT_ALL);
	EXPECT_EQ(rd(sc, UARTRIS), 0);
	EXPECT_FALSE(f.irq);
	EXPECT_EQ(rd(sc, UARTDR), 'z'); /* the data stays */
	pl011_destroy(sc);
}

TEST(backend_is_polled_for_input_within_fifo_room)
{
	struct fake f;
	struct pl011_softc *sc = new_uart(&f);
	static const uint8_t in[] = "hello";

	f.in = in;
	f.nin = 5;
	/* FIFO off: one byte at a time, nothing read ahead is lost */
	EXPECT_EQ(rd(sc, UARTFR) & FR_RXFE, 0);
	EXPECT_EQ(f.rx_asked, 1);
	EXPECT_EQ(f.nin, 4);
	EXPECT_EQ(rd(sc, UARTDR), 'h');
	EXPECT_EQ(rd(sc, UARTDR), 'e');
	/* a full FIFO asks for nothing */
	EXPECT_EQ(rd(sc, UARTFR) & FR_RXFF, FR_RXFF);
	f.rx_calls = 0;
	EXPECT_EQ(rd(sc, UARTFR) & FR_RXFF, FR_RXFF);
	EXPECT_EQ(f.rx_calls, 0);
	/* with the FIFO on the rest comes in one go */
	wr(sc, UARTLCR_H, LCR_H_FEN);
	EXPECT_EQ(rd(sc, UARTRIS) & INT_RT, INT_RT);
	EXPECT_EQ(f.rx_asked, PL011_FIFO_DEPTH - 1);
	EXPECT_EQ(rd(sc, UARTDR), 'l');
	EXPECT_EQ(rd(sc, UARTDR), 'l');
	EXPECT_EQ(rd(sc, UARTDR), 'o');
	EXPECT_EQ(rd(sc, UARTFR), FR_TXFE | FR_RXFE);
	/* registers without receive state do not poll */
	f.rx_calls = 0;
	rd(sc, UARTCR);
	rd(sc, UARTIBRD);
	EXPECT_EQ(f.rx_calls, 0);
	pl011_destroy(sc);
}

TEST(loopback_feeds_the_receiver)
{
	struct fake f;
	struct pl011_softc *sc = new_uart(&f);

	wr(sc, UARTCR, CR_UARTEN | CR_TXE | CR_RXE | CR_LBE);
	wr(sc, UARTDR, 'q');
	EXPECT_EQ(f.ntx, 0);
	EXPECT_EQ(rd(sc, UARTDR), 'q');
	wr(sc, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
	wr(sc, UARTDR, 'r');
	EXPECT_EQ(f.ntx, 1);
	pl011_destroy(sc);
}

TEST(register_widths_and_masks)
{
	struct fake f;
	struct pl011_softc *sc = new_uart(&f);

	wr(sc, UARTIBRD, 0x12345);
	wr(sc, UARTFBRD, 0xff);
	wr(sc, UARTLCR_H, 0x1ff);
	wr(sc, UARTCR, 0xffffffff);
	wr(sc, UARTIFLS, 0xff);
	wr(sc, UARTIMSC, 0xffffffff);
	wr(sc, UARTILPR, 0x1ab);
	wr(sc, UARTDMACR, 0xff);
	EXPECT_EQ(rd(sc, UARTIBRD), 0x2345);
	EXPECT_EQ(rd(sc, UARTFBRD), 0x3f);
	EXPECT_EQ(rd(sc, UARTLCR_H), 0xff);
	EXPECT_EQ(rd(sc, UARTCR), 0xff87);
	EXPECT_EQ(rd(sc, UARTIFLS), 0x3f);
	EXPECT_EQ(rd(sc, UARTIMSC), INT_ALL);
	EXPECT_EQ(rd(sc, UARTILPR), 0xab);
	EXPECT_EQ(rd(sc, UARTDMACR), 0x7);
	pl011_destroy(sc);
}

TEST(sub_word_accesses)
{
	struct fake f;
	struct pl011_softc *sc = new_uart(&f);

	EXPECT_EQ(pl011_read(sc, UARTFR, 2), 0x90);
	EXPECT_EQ(pl011_read(sc, UARTFR, 1), 0x90);
	EXPECT_EQ(pl011_read(sc, UARTCR + 1, 1), 0x03);
	EXPECT_EQ(pl011_read(sc, UARTCR, 8), 0x300);
	/* a halfword write replaces the register */
	pl011_write(sc, UARTIBRD, 2, 0xabcd1234);
	EXPECT_EQ(rd(sc, UARTIBRD), 0x1234);
	/* writes off a register boundary do nothing */
	pl011_write(sc, UARTIBRD + 2, 2, 0x5555);
	EXPECT_EQ(rd(sc, UARTIBRD), 0x1234);
	pl011_write(sc, UARTDR + 1, 1, 'n');
	EXPECT_EQ(f.ntx, 0);
	/* only a read covering DR's data byte consumes it */
	pl011_receive(sc, (const uint8_t *)"k", 1);
	EXPECT_EQ(pl011_read(sc, UARTDR + 1, 1), 0);
	EXPECT_EQ(rd(sc, UARTFR) & FR_RXFE, 0);
	EXPECT_EQ(pl011_read(sc, UARTDR, 1), 'k');
	EXPECT_EQ(rd(sc, UARTFR) & FR_RXFE, FR_RXFE);
	pl011_destroy(sc);
}

TEST(offsets_outside_the_device_are_harmless)
{
	struct fake f;
	struct pl011_softc *sc = new_uart(&f);

	EXPECT_EQ(pl011_read(sc, PL011_SIZE, 4), 0);
	EXPECT_EQ(pl011_read(sc, UINT64_MAX, 8), 0);
	EXPECT_EQ(pl011_read(sc, 0x800, 4), 0);
	pl011_write(sc, UINT64_MAX - 3, 4, 0);
	pl011_write(sc, 0x800, 4, 0xffffffff);
	EXPECT_EQ(rd(sc, UARTFR), 0x90);
	pl011_destroy(sc);
}

TEST(a_backend_without_rx_or_irq)
{
	static const struct pl011_ops tx_only = { .tx = fake_tx };
	struct fake f;
	struct pl011_softc *sc;

	memset(&f, 0, sizeof(f));
	sc = pl011_create(&tx_only, &f);
	ASSERT_TRUE(sc != NULL);
	wr(sc, UARTIMSC, INT_ALL);
	wr(sc, UARTDR, 'a');
	EXPECT_TRUE(pl011_irq_level(sc));
	EXPECT_EQ(rd(sc, UARTFR), 0x90);
	EXPECT_EQ(pl011_receive(sc, (const uint8_t *)"b", 1), 1);
	EXPECT_EQ(rd(sc, UARTDR), 'b');
	pl011_destroy(sc);
	EXPECT_TRUE(pl011_create(NULL, NULL) == NULL);
}

TEST(on_the_mmio_bus)
{
	struct fake f;
	struct pl011_softc *sc = new_uart(&f);
	uint64_t v = 'm';

	device_reset_all();
	ASSERT_EQ(pl011_attach(sc, VIRT_UART_BASE, -1), 0);
	EXPECT_EQ(emulate_mem(0, VIRT_UART_BASE + UARTDR, 4, true, &v), 0);
	ASSERT_EQ(f.ntx, 1);
	EXPECT_EQ(f.tx[0], 'm');
	v = 0;
	EXPECT_EQ(emulate_mem(0, VIRT_UART_BASE + UARTFR, 4, false, &v), 0);
	EXPECT_EQ(v, 0x90);
	EXPECT_EQ(emulate_mem(0, VIRT_UART_BASE + 0xfe0, 4, false, &v), 0);
	EXPECT_EQ(v, 0x11);
	/* a second UART can not sit on top of the first */
	EXPECT_EQ(pl011_attach(sc, VIRT_UART_BASE + 0x800, -1), -1);
	device_reset_all();
	pl011_destroy(sc);
}

UNIT_MAIN();
