/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ARM PrimeCell Real Time Clock (PL031) model: a 32-bit seconds counter
 * read from the host's clock (RTCDR = seconds since the epoch plus the
 * offset a write of RTCLR sets), the match register and its interrupt
 * (RTCMR, RTCIMSC/RTCRIS/RTCMIS/RTCICR), RTCCR's start bit always set,
 * and the PrimeCell ID registers the AMBA bus reads to bind a driver.
 *
 * The match interrupt: the counter passing RTCMR sets RTCRIS; it is seen
 * at every register access, and while it is unmasked an event-loop timer
 * (mevent.h) checks four times a second, so the interrupt comes within
 * 250 ms of the second the counter reaches RTCMR.
 *
 * Every entry point locks the device (vCPU threads and the event loop).
 */
#ifndef BHYVE_PL031_H
#define BHYVE_PL031_H

#include <stdbool.h>
#include <stdint.h>

#define PL031_SIZE  0x1000ULL

/* registers (byte offsets), PL031 TRM register summary */
#define RTCDR	    0x000 /* data: the counter, read-only */
#define RTCMR	    0x004 /* match */
#define RTCLR	    0x008 /* load: sets the counter */
#define RTCCR	    0x00c /* control: bit 0 starts the counter */
#define RTCIMSC	    0x010 /* interrupt mask set/clear */
#define RTCRIS	    0x014 /* raw interrupt status */
#define RTCMIS	    0x018 /* masked interrupt status */
#define RTCICR	    0x01c /* interrupt clear, write-only */
#define RTCPERIPHID0 0xfe0 /* .. 0xfec */
#define RTCPCELLID0  0xff0 /* .. 0xffc */

#define RTC_INT_MATCH 1u

/* The host's time in nanoseconds since the epoch; tests pass their own. */
typedef uint64_t (*pl031_clock_fn)(void *arg);

struct pl031_softc;

/* clock NULL: CLOCK_REALTIME. NULL and errno on error. */
struct pl031_softc *pl031_create(pl031_clock_fn clock, void *clock_arg);
void pl031_destroy(struct pl031_softc *sc);

uint64_t pl031_read(struct pl031_softc *sc, uint64_t off, int size);
void pl031_write(struct pl031_softc *sc, uint64_t off, int size,
		 uint64_t val);

/* What the timer does: look at the clock, raise RTCRIS on a match. */
void pl031_tick(struct pl031_softc *sc);
bool pl031_irq_level(struct pl031_softc *sc);

/*
 * Register the device (device.h) at base with interrupt intid (or -1),
 * its node ("arm,pl031", "arm,primecell") and its match timer (mevent).
 */
int pl031_attach(struct pl031_softc *sc, uint64_t base, int intid);

#endif
