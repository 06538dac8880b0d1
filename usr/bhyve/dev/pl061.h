/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ARM PrimeCell GPIO (PL061) model: 8 lines, after the PL061 TRM's
 * register summary. GPIODATA at 0x000-0x3fc with address masking (bits
 * 9:2 of the offset select the lines a read returns and a write
 * changes), GPIODIR (1 = output), the interrupt sense registers GPIOIS
 * (1 = level), GPIOIBE (1 = both edges), GPIOIEV (1 = rising edge or
 * high level), GPIOIE (1 = unmasked), GPIORIS/GPIOMIS (raw and masked
 * status), GPIOIC (write 1 to clear a latched edge), GPIOAFSEL (kept:
 * there is no alternate function), and the PrimeCell ID registers.
 *
 * A line's level is the output register where GPIODIR makes it an
 * output, and what the board drives on it (pl061_set_input) where it is
 * an input. An edge is latched in GPIORIS when a level changes, the way
 * the line's sense asks; a level-sensitive line's GPIORIS bit follows
 * its level and GPIOIC does not clear it. The interrupt (GPIOINTR) is
 * raised while any GPIOMIS bit is set.
 *
 * On this board one input is the power key (gpio-keys in the device
 * tree): pressing it is bhyve's polite power-off request (poweroff.h).
 * Every entry point locks the device (vCPU threads and the event loop).
 */
#ifndef BHYVE_PL061_H
#define BHYVE_PL061_H

#include <stdbool.h>
#include <stdint.h>

#define PL061_SIZE  0x1000ULL
#define PL061_NGPIO 8

/* registers (byte offsets), PL061 TRM register summary */
#define GPIODATA      0x000 /* .. 0x3fc: address bits 9:2 are the mask */
#define GPIODIR	      0x400
#define GPIOIS	      0x404
#define GPIOIBE	      0x408
#define GPIOIEV	      0x40c
#define GPIOIE	      0x410
#define GPIORIS	      0x414
#define GPIOMIS	      0x418
#define GPIOIC	      0x41c /* write-only */
#define GPIOAFSEL     0x420
#define GPIOPERIPHID0 0xfe0 /* .. 0xfec */
#define GPIOPCELLID0  0xff0 /* .. 0xffc */

/* KEY_POWER in Linux's input-event-codes.h, for gpio-keys' linux,code */
#define PL061_KEY_POWER 116

struct pl061_softc;

/* NULL and errno on error. */
struct pl061_softc *pl061_create(void);
void pl061_destroy(struct pl061_softc *sc);

uint64_t pl061_read(struct pl061_softc *sc, uint64_t off, int size);
void pl061_write(struct pl061_softc *sc, uint64_t off, int size, uint64_t val);

/* What the board drives on line (0-7): an input's level. -1 for a bad line. */
int pl061_set_input(struct pl061_softc *sc, unsigned int line, bool level);
/* The level of the interrupt output. */
bool pl061_irq_level(struct pl061_softc *sc);

/*
 * Register the device (device.h) at base with interrupt intid (or -1),
 * its node ("arm,pl061", "arm,primecell", a GPIO controller) and, for
 * key_line >= 0, a gpio-keys node with KEY_POWER on that line.
 */
int pl061_attach(struct pl061_softc *sc, uint64_t base, int intid,
		 int key_line);

/*
 * Press the power key and release it hold_ms later (an event-loop
 * timer): the guest sees the line go high and, hold_ms later, low. 0, or
 * -1 and errno (no key line, or the timer).
 */
int pl061_press_key(struct pl061_softc *sc, unsigned int hold_ms);

#endif
