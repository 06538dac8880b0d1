/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ARM PrimeCell UART (PL011, r1p5) register model. Plain C, no I/O: bytes
 * go out and come in through the backend callbacks, so the model runs (and
 * is tested) anywhere.
 *
 * Transmission is instantaneous: the transmit FIFO is always empty, FR
 * reads TXFE=1, TXFF=0, BUSY=0 as on an idle PL011. Received bytes sit in
 * a 32-entry FIFO (one entry with LCR_H.FEN clear) until the guest reads
 * DR. Like many emulated UARTs this one sends and receives even before
 * the guest sets CR.UARTEN, so a bare-metal guest can print at once.
 *
 * Interrupts: RIS/MIS follow the PL011 rules (see the .c file); the
 * backend's irq callback is told whenever the combined line (MIS != 0)
 * changes, and once attached (pl011_attach) the line is the interrupt
 * it was attached with, through device_irq.
 *
 * Threads: every entry point locks the device, so vCPU threads and the
 * event loop (input arriving) may call in at once; the ops callbacks are
 * called with that lock held and must not call back into the device.
 */
#ifndef BHYVE_UART_PL011_H
#define BHYVE_UART_PL011_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PL011_SIZE  0x1000ULL

#define PL011_FIFO_DEPTH 32

/* registers (byte offsets) */
#define UARTDR	  0x000
#define UARTRSR	  0x004 /* write: UARTECR */
#define UARTFR	  0x018
#define UARTILPR  0x020
#define UARTIBRD  0x024
#define UARTFBRD  0x028
#define UARTLCR_H 0x02c
#define UARTCR	  0x030
#define UARTIFLS  0x034
#define UARTIMSC  0x038
#define UARTRIS	  0x03c
#define UARTMIS	  0x040
#define UARTICR	  0x044
#define UARTDMACR 0x048
#define UARTPERIPHID0 0xfe0 /* .. 0xfec */
#define UARTPCELLID0  0xff0 /* .. 0xffc */

/* UARTDR error bits (bits 7:0 are the data) */
#define DR_FE (1u << 8)
#define DR_PE (1u << 9)
#define DR_BE (1u << 10)
#define DR_OE (1u << 11)

/* UARTRSR */
#define RSR_OE (1u << 3)

/* UARTFR */
#define FR_CTS	(1u << 0)
#define FR_BUSY (1u << 3)
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define FR_RXFF (1u << 6)
#define FR_TXFE (1u << 7)

/* UARTLCR_H */
#define LCR_H_FEN (1u << 4)

/* UARTCR */
#define CR_UARTEN (1u << 0)
#define CR_LBE	  (1u << 7)
#define CR_TXE	  (1u << 8)
#define CR_RXE	  (1u << 9)

/* UARTRIS / UARTMIS / UARTIMSC / UARTICR */
#define INT_RX	(1u << 4)
#define INT_TX	(1u << 5)
#define INT_RT	(1u << 6)
#define INT_FE	(1u << 7)
#define INT_PE	(1u << 8)
#define INT_BE	(1u << 9)
#define INT_OE	(1u << 10)
#define INT_ALL 0x7ffu

struct pl011_ops {
	/* one transmitted byte */
	void (*tx)(void *arg, uint8_t c);
	/*
	 * Up to len received bytes, without blocking; 0 if none. Asked
	 * before the guest reads DR, FR, RIS or MIS, and only when the FIFO
	 * has room, so nothing read here is ever lost. May be NULL when
	 * the backend pushes with pl011_receive() instead.
	 */
	size_t (*rx)(void *arg, uint8_t *buf, size_t len);
	/* the interrupt line changed; may be NULL (no interrupt wired) */
	void (*irq)(void *arg, bool level);
	/*
	 * Flow control for a backend that announces input (pl011_rx_ready):
	 * called with true when input waits but the FIFO is full (stop
	 * announcing), with false once the guest made room again. May be
	 * NULL.
	 */
	void (*rx_pause)(void *arg, bool pause);
};

struct pl011_softc;

/* NULL and errno on error. ops must outlive the device. */
struct pl011_softc *pl011_create(const struct pl011_ops *ops, void *arg);
void pl011_destroy(struct pl011_softc *sc);

/* Guest accesses; off is from the device base, size 1, 2, 4 or 8. */
uint64_t pl011_read(struct pl011_softc *sc, uint64_t off, int size);
void pl011_write(struct pl011_softc *sc, uint64_t off, int size,
		 uint64_t val);

/* Bytes from the outside world; returns how many fitted in the FIFO. */
size_t pl011_receive(struct pl011_softc *sc, const uint8_t *buf,
		     size_t len);
size_t pl011_rx_room(struct pl011_softc *sc);
bool pl011_irq_level(struct pl011_softc *sc);

/*
 * The backend has input (called from the event loop): pull what fits
 * through ops->rx and raise the interrupt. When input remains and the
 * FIFO is full, ops->rx_pause(true) is called, and rx_pause(false) once
 * the guest reads a byte.
 */
void pl011_rx_ready(struct pl011_softc *sc);

/*
 * Register the device (device.h) at base with interrupt intid (or -1)
 * and its device-tree node ("arm,pl011", "arm,primecell").
 */
int pl011_attach(struct pl011_softc *sc, uint64_t base, int intid);

#endif
