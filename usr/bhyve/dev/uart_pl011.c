// SPDX-License-Identifier: BSD-2-Clause
/*
 * PL011 register model: see uart_pl011.h.
 *
 * Interrupt rules, after the PL011 TRM, with no notion of time:
 *  - RX is raised when a received byte brings the FIFO to its trigger
 *    level (IFLS, or 1 byte with the FIFO off) and falls when reads take
 *    it below again;
 *  - RT (receive timeout) is raised once a burst of received bytes has
 *    landed, as if the line then stayed idle, and falls when the FIFO
 *    empties;
 *  - TX is raised each time a write to DR leaves (instantly) the transmit
 *    FIFO empty, i.e. at or below any trigger level; as on the real part
 *    it is not raised at reset, only by transmitting;
 *  - OE is raised when a byte arrives with the FIFO full (byte dropped);
 *  - a store to DR is posted (a coalesced zone, vmm_dev.h): the module
 *    puts it in the vCPU's ring without an exit, and it reaches the model
 *    (and raises TX) at that vCPU's next exit to bhyve, before any other
 *    access the vCPU makes here (a read of FR comes after it) and at the
 *    latest before it sleeps or after a host interrupt. A console that
 *    polls FR before each byte gets one exit per byte instead of two;
 *  - ICR clears any of them; MIS = RIS & IMSC.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uart_pl011.h"
#include "config.h"
#include "devemu.h"
#include "device.h"
#include "uart_backend.h"
#include "arm/fdt.h"

struct pl011_softc {
	pthread_mutex_t mtx;
	const struct pl011_ops *ops;
	void *arg;
	int intid; /* -1 until attached */
	bool rx_paused; /* the backend waits for room (rx_pause) */

	uint16_t rxfifo[PL011_FIFO_DEPTH]; /* data and DR error bits */
	unsigned int rx_head, rx_count;

	uint32_t rsr;
	uint32_t ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc, ris, dmacr;
	bool irq_level;
};

/* UARTPeriphID0-3 (PL011, revision r1p5) then UARTPCellID0-3 */
static const uint8_t pl011_id[8] = {
	0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

static void pl011_reset(struct pl011_softc *sc)
{
	sc->rx_head = sc->rx_count = 0;
	sc->rsr = sc->ilpr = sc->ibrd = sc->fbrd = sc->lcr_h = 0;
	sc->imsc = sc->ris = sc->dmacr = 0;
	sc->cr = CR_TXE | CR_RXE;
	sc->ifls = 0x12; /* both trigger levels at 1/2 */
	sc->irq_level = false;
}

struct pl011_softc *pl011_create(const struct pl011_ops *ops, void *arg)
{
	struct pl011_softc *sc;

	if (ops == NULL || ops->tx == NULL) {
		errno = EINVAL;
		return NULL;
	}
	sc = calloc(1, sizeof(*sc));
	if (sc == NULL)
		return NULL;
	sc->ops = ops;
	sc->arg = arg;
	sc->intid = -1;
	pthread_mutex_init(&sc->mtx, NULL);
	pl011_reset(sc);
	return sc;
}

void pl011_destroy(struct pl011_softc *sc)
{
	if (sc == NULL)
		return;
	pthread_mutex_destroy(&sc->mtx);
	free(sc);
}

static unsigned int rx_capacity(const struct pl011_softc *sc)
{
	return (sc->lcr_h & LCR_H_FEN) ? PL011_FIFO_DEPTH : 1;
}

/* IFLS.RXIFLSEL: 1/8, 1/4, 1/2, 3/4, 7/8 full; reserved codes as 1/2 */
static unsigned int rx_trigger(const struct pl011_softc *sc)
{
	static const unsigned int eighths[8] = { 1, 2, 4, 6, 7, 4, 4, 4 };

	if (!(sc->lcr_h & LCR_H_FEN))
		return 1;
	return PL011_FIFO_DEPTH * eighths[(sc->ifls >> 3) & 7] / 8;
}

static void update_irq(struct pl011_softc *sc)
{
	bool level = (sc->ris & sc->imsc) != 0;

	if (level == sc->irq_level)
		return;
	sc->irq_level = level;
	if (sc->ops->irq != NULL)
		sc->ops->irq(sc->arg, level);
	/* under our lock, so the line changes reach the GIC in order */
	if (sc->intid >= 0)
		(void)device_irq_line(sc->intid, level);
}

static size_t rx_room(const struct pl011_softc *sc)
{
	unsigned int cap = rx_capacity(sc);

	/* entries left from FIFO mode can exceed a 1-byte holding register */
	return sc->rx_count < cap ? cap - sc->rx_count : 0;
}

/* Bytes in, then the RX/RT/OE state; callers update the irq line. */
static size_t rx_push(struct pl011_softc *sc, const uint8_t *buf, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (rx_room(sc) == 0) {
			/* the shift register is overwritten: byte lost */
			sc->rsr |= RSR_OE;
			sc->ris |= INT_OE;
			continue;
		}
		sc->rxfifo[(sc->rx_head + sc->rx_count) % PL011_FIFO_DEPTH] =
			buf[i];
		sc->rx_count++;
		n++;
	}
	if (n > 0) {
		if (sc->rx_count >= rx_trigger(sc))
			sc->ris |= INT_RX;
		sc->ris |= INT_RT;
	}
	return n;
}

size_t pl011_rx_room(struct pl011_softc *sc)
{
	size_t n;

	pthread_mutex_lock(&sc->mtx);
	n = rx_room(sc);
	pthread_mutex_unlock(&sc->mtx);
	return n;
}

size_t pl011_receive(struct pl011_softc *sc, const uint8_t *buf, size_t len)
{
	size_t n;

	pthread_mutex_lock(&sc->mtx);
	n = rx_push(sc, buf, len);
	update_irq(sc);
	pthread_mutex_unlock(&sc->mtx);
	return n;
}

/* Ask the backend for what fits, before the guest looks at RX state. */
static void rx_poll(struct pl011_softc *sc)
{
	uint8_t buf[PL011_FIFO_DEPTH];
	size_t room = rx_room(sc), n;

	if (sc->ops->rx == NULL || room == 0)
		return;
	n = sc->ops->rx(sc->arg, buf, room);
	if (n > room)
		n = room; /* a confused backend must not overflow us */
	if (n > 0)
		rx_push(sc, buf, n);
}

static uint32_t rx_pop(struct pl011_softc *sc)
{
	uint32_t v;

	if (sc->rx_count == 0)
		return 0;
	v = sc->rxfifo[sc->rx_head];
	sc->rx_head = (sc->rx_head + 1) % PL011_FIFO_DEPTH;
	sc->rx_count--;
	if (sc->rx_count < rx_trigger(sc))
		sc->ris &= ~INT_RX;
	if (sc->rx_count == 0)
		sc->ris &= ~INT_RT;
	if (sc->rx_paused) {
		sc->rx_paused = false;
		sc->ops->rx_pause(sc->arg, false);
	}
	return v;
}

void pl011_rx_ready(struct pl011_softc *sc)
{
	pthread_mutex_lock(&sc->mtx);
	rx_poll(sc);
	update_irq(sc);
	/* still full: the backend stops announcing until a read makes room */
	if (rx_room(sc) == 0 && sc->ops->rx_pause != NULL && !sc->rx_paused) {
		sc->rx_paused = true;
		sc->ops->rx_pause(sc->arg, true);
	}
	pthread_mutex_unlock(&sc->mtx);
}

static uint32_t read_fr(const struct pl011_softc *sc)
{
	uint32_t fr = FR_TXFE; /* modem inputs inactive, never busy */

	if (sc->rx_count == 0)
		fr |= FR_RXFE;
	if (rx_room(sc) == 0)
		fr |= FR_RXFF;
	return fr;
}

/* The 32-bit register at an aligned offset; pop says DR may be consumed. */
static uint32_t read_reg(struct pl011_softc *sc, uint32_t reg, bool pop)
{
	switch (reg) {
	case UARTDR:
		if (!pop)
			return sc->rx_count ? sc->rxfifo[sc->rx_head] : 0;
		return rx_pop(sc);
	case UARTRSR:
		return sc->rsr;
	case UARTFR:
		return read_fr(sc);
	case UARTILPR:
		return sc->ilpr;
	case UARTIBRD:
		return sc->ibrd;
	case UARTFBRD:
		return sc->fbrd;
	case UARTLCR_H:
		return sc->lcr_h;
	case UARTCR:
		return sc->cr;
	case UARTIFLS:
		return sc->ifls;
	case UARTIMSC:
		return sc->imsc;
	case UARTRIS:
		return sc->ris;
	case UARTMIS:
		return sc->ris & sc->imsc;
	case UARTDMACR:
		return sc->dmacr;
	}
	if (reg >= UARTPERIPHID0 && reg <= UARTPCELLID0 + 0xc)
		return pl011_id[(reg - UARTPERIPHID0) / 4];
	return 0; /* reserved and test registers */
}

uint64_t pl011_read(struct pl011_softc *sc, uint64_t off, int size)
{
	uint32_t reg = (uint32_t)off & ~3u, v;
	unsigned int shift = ((uint32_t)off & 3) * 8;

	if (off >= PL011_SIZE)
		return 0;
	pthread_mutex_lock(&sc->mtx);
	if (reg == UARTDR || reg == UARTFR || reg == UARTRIS ||
	    reg == UARTMIS)
		rx_poll(sc);
	/* only an access covering DR's data byte takes it from the FIFO */
	v = read_reg(sc, reg, shift == 0);
	update_irq(sc);
	pthread_mutex_unlock(&sc->mtx);
	v >>= shift;
	if (size < 4)
		v &= (1u << (size * 8)) - 1;
	return v;
}

static void transmit(struct pl011_softc *sc, uint8_t c)
{
	if (sc->cr & CR_LBE)
		rx_push(sc, &c, 1);
	else
		sc->ops->tx(sc->arg, c);
	sc->ris |= INT_TX;
}

void pl011_write(struct pl011_softc *sc, uint64_t off, int size,
		 uint64_t val)
{
	uint32_t v = (uint32_t)val;

	/* registers are written whole: sub-word writes elsewhere do nothing */
	if (off >= PL011_SIZE || (off & 3) != 0)
		return;
	if (size < 4)
		v &= (1u << (size * 8)) - 1;
	pthread_mutex_lock(&sc->mtx);
	switch ((uint32_t)off) {
	case UARTDR:
		transmit(sc, (uint8_t)v);
		break;
	case UARTRSR: /* UARTECR: any write clears the errors */
		sc->rsr = 0;
		break;
	case UARTILPR:
		sc->ilpr = v & 0xff;
		break;
	case UARTIBRD:
		sc->ibrd = v & 0xffff;
		break;
	case UARTFBRD:
		sc->fbrd = v & 0x3f;
		break;
	case UARTLCR_H:
		sc->lcr_h = v & 0xff;
		/* the trigger level moved: re-evaluate RX */
		if (sc->rx_count >= rx_trigger(sc))
			sc->ris |= INT_RX;
		else
			sc->ris &= ~INT_RX;
		break;
	case UARTCR:
		sc->cr = v & 0xff87; /* bits 6:3 are reserved */
		break;
	case UARTIFLS:
		sc->ifls = v & 0x3f;
		break;
	case UARTIMSC:
		sc->imsc = v & INT_ALL;
		break;
	case UARTICR:
		sc->ris &= ~(v & INT_ALL);
		break;
	case UARTDMACR:
		sc->dmacr = v & 0x7;
		break;
	default:
		break; /* read-only, reserved */
	}
	update_irq(sc);
	pthread_mutex_unlock(&sc->mtx);
}

bool pl011_irq_level(struct pl011_softc *sc)
{
	bool level;

	pthread_mutex_lock(&sc->mtx);
	level = sc->irq_level;
	pthread_mutex_unlock(&sc->mtx);
	return level;
}

static uint64_t pl011_mem_read(void *arg, int vcpuid, uint64_t off,
			       int size)
{
	(void)vcpuid;
	return pl011_read(arg, off, size);
}

static void pl011_mem_write(void *arg, int vcpuid, uint64_t off, int size,
			    uint64_t val)
{
	(void)vcpuid;
	pl011_write(arg, off, size, val);
}

/*
 * The node, named as on QEMU virt (software for that board may look for
 * "/pl011@9000000"), as the arm,pl011 binding asks: the primecell
 * compatible for the AMBA bus, which reads the ID registers; both clocks
 * (the UART clock, for the baud rate, and the APB clock).
 */
static int pl011_fdt(const struct device *dev, void *fdt)
{
	static const char compat[] = "arm,pl011\0arm,primecell";
	static const char clock_names[] = "uartclk\0apb_pclk";
	uint32_t clocks[2] = { cpu_to_fdt32(FDT_PHANDLE_APB_PCLK),
			       cpu_to_fdt32(FDT_PHANDLE_APB_PCLK) };

	if (fdt_begin_mmio_node(fdt, "pl011", dev) < 0 ||
	    fdt_property(fdt, "compatible", compat, sizeof(compat)) < 0 ||
	    fdt_property(fdt, "clocks", clocks, sizeof(clocks)) < 0 ||
	    fdt_property(fdt, "clock-names", clock_names,
			 sizeof(clock_names)) < 0)
		return -1;
	return fdt_end_node(fdt) < 0 ? -1 : 0;
}

int pl011_attach(struct pl011_softc *sc, uint64_t base, int intid)
{
	struct device dev = {
		.name = "pl011",
		.base = base,
		.size = PL011_SIZE,
		.read = pl011_mem_read,
		.write = pl011_mem_write,
		.arg = sc,
		.intid = intid,
		.fdt = pl011_fdt,
		/* posted console output: see the interrupt rules above */
		.coalesced_off = UARTDR,
		.coalesced_len = 4,
	};

	if (device_register(&dev) < 0)
		return -1;
	pthread_mutex_lock(&sc->mtx);
	sc->intid = intid;
	if (intid >= 0)
		(void)device_irq_line(intid, sc->irq_level);
	pthread_mutex_unlock(&sc->mtx);
	return 0;
}

/* ---- the board's console UART (devemu.h) ------------------------------ */

struct pl011_console {
	struct uart_backend *be;
	struct pl011_softc *uart;
};

/* The PL011's interrupt goes to the GIC through device_irq (attach). */
static const struct pl011_ops console_ops = {
	.tx = uart_backend_tx,
	.rx = uart_backend_rx,
	.irq = NULL,
	.rx_pause = uart_backend_rx_pause,
};

/* the backend has input: the event loop hands it to the UART */
static void console_ready(void *arg)
{
	pl011_rx_ready(arg);
}

/* console=: the backend, "stdio" (the default bhyve sets) or "pty" */
static int console_check(char *err, size_t errlen)
{
	const char *spec = get_config_value("console");

	if (!uart_backend_valid(spec)) {
		snprintf(err, errlen,
			 "console: unsupported value '%s' (one "
			 "of 'stdio', 'pty')",
			 spec ? spec : "");
		return -1;
	}
	return 0;
}

static void console_fini(void *arg)
{
	struct pl011_console *c = arg;

	uart_backend_close(c->be);
	pl011_destroy(c->uart);
	free(c);
}

static int console_init(const struct devemu_args *a, void **scp)
{
	const char *spec = get_config_value("console");
	struct pl011_console *c = calloc(1, sizeof(*c));

	if (c == NULL) {
		snprintf(a->err, a->errlen, "pl011: %s", strerror(errno));
		return -1;
	}
	/* the VM's name places a pty's link (a unit test may have none) */
	c->be = uart_backend_open(spec, get_config_value("name"), a->err,
				  a->errlen);
	if (c->be == NULL) {
		free(c);
		return -1;
	}
	c->uart = pl011_create(&console_ops, c->be);
	if (c->uart == NULL || pl011_attach(c->uart, a->base, a->intid) < 0 ||
	    uart_backend_watch(c->be, console_ready, c->uart) < 0) {
		snprintf(a->err, a->errlen, "pl011: %s", strerror(errno));
		console_fini(c);
		return -1;
	}
	*scp = c;
	return 0;
}

/* raw mode on the terminal, once the VM is about to run */
static int console_start(void *arg, char *err, size_t errlen)
{
	struct pl011_console *c = arg;

	if (uart_backend_start(c->be) < 0) {
		snprintf(err, errlen, "console: cannot set raw mode: %s",
			 strerror(errno));
		return -1;
	}
	return 0;
}

static const char *const pl011_keys[] = { "console", NULL };

static const struct devemu pl011_devemu = {
	.de_name = "pl011",
	.de_kind = DEVEMU_FIXED,
	.de_keys = pl011_keys,
	.de_check = console_check,
	.de_init = console_init,
	.de_start = console_start,
	.de_fini = console_fini,
};
DEVEMU_SET(pl011_devemu);
