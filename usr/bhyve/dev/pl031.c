// SPDX-License-Identifier: BSD-2-Clause
/* The PL031 RTC: see pl031.h. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pl031.h"
#include "devemu.h"
#include "device.h"
#include "mevent.h"
#include "arm/fdt.h"

#define TIMER_MS 250

struct pl031_softc {
	pthread_mutex_t mtx;
	pl031_clock_fn clock;
	void *clock_arg;
	int intid;		/* -1 until attached */
	struct mevent *timer;	/* on while an unmasked match is due */
	bool timer_on;

	int64_t offset;		/* counter = host seconds + offset */
	uint32_t mr, lr, imsc, ris;
	bool armed;		/* RTCMR is ahead of the counter */
	bool irq_level;
};

/*
 * RTCPeriphID0-3: part 0x031, designer 0x41 (ARM), revision 0; the AMBA
 * bus matches 0x00041031 (PL031 TRM, identification registers).
 * RTCPCellID0-3: the PrimeCell identification 0xb105f00d.
 */
static const uint8_t pl031_id[8] = {
	0x31, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

static uint64_t realtime_ns(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

struct pl031_softc *pl031_create(pl031_clock_fn clock, void *clock_arg)
{
	struct pl031_softc *sc = calloc(1, sizeof(*sc));

	if (sc == NULL)
		return NULL;
	pthread_mutex_init(&sc->mtx, NULL);
	sc->clock = clock != NULL ? clock : realtime_ns;
	sc->clock_arg = clock_arg;
	sc->intid = -1;
	return sc;
}

void pl031_destroy(struct pl031_softc *sc)
{
	if (sc == NULL)
		return;
	if (sc->timer != NULL)
		mevent_del(sc->timer);
	pthread_mutex_destroy(&sc->mtx);
	free(sc);
}

static uint32_t counter(const struct pl031_softc *sc)
{
	int64_t s = (int64_t)(sc->clock(sc->clock_arg) / 1000000000u);

	return (uint32_t)(s + sc->offset);
}

/*
 * The counter reaching RTCMR sets RTCRIS (PL031 TRM). Compared as a
 * distance, so a late look still sees a match it missed; a match
 * register behind the counter only matches after the counter wraps.
 */
static void check_match(struct pl031_softc *sc)
{
	if (sc->armed && (int32_t)(counter(sc) - sc->mr) >= 0) {
		sc->ris |= RTC_INT_MATCH;
		sc->armed = false;
	}
}

static void arm_match(struct pl031_softc *sc)
{
	sc->armed = (int32_t)(sc->mr - counter(sc)) > 0;
}

/* Under mtx: the line, and whether the timer needs to look. */
static void update(struct pl031_softc *sc)
{
	bool level = (sc->ris & sc->imsc) != 0;
	bool want = sc->armed && (sc->imsc & RTC_INT_MATCH);

	if (level != sc->irq_level) {
		sc->irq_level = level;
		if (sc->intid >= 0)
			(void)device_irq_line(sc->intid, level);
	}
	/* enable/disable never wait for the callback: safe under mtx */
	if (sc->timer != NULL && want != sc->timer_on) {
		sc->timer_on = want;
		if (want)
			mevent_enable(sc->timer);
		else
			mevent_disable(sc->timer);
	}
}

static uint32_t read_reg(struct pl031_softc *sc, uint32_t reg)
{
	switch (reg) {
	case RTCDR:
		return counter(sc);
	case RTCMR:
		return sc->mr;
	case RTCLR:
		return sc->lr;
	case RTCCR:
		return 1; /* started at reset; it cannot be stopped */
	case RTCIMSC:
		return sc->imsc;
	case RTCRIS:
		return sc->ris;
	case RTCMIS:
		return sc->ris & sc->imsc;
	}
	if (reg >= RTCPERIPHID0 && reg <= RTCPCELLID0 + 0xc)
		return pl031_id[(reg - RTCPERIPHID0) / 4];
	return 0;
}

uint64_t pl031_read(struct pl031_softc *sc, uint64_t off, int size)
{
	uint32_t v;

	if (off >= PL031_SIZE)
		return 0;
	pthread_mutex_lock(&sc->mtx);
	check_match(sc);
	v = read_reg(sc, (uint32_t)off & ~3u);
	update(sc);
	pthread_mutex_unlock(&sc->mtx);
	v >>= ((uint32_t)off & 3) * 8;
	if (size < 4)
		v &= (1u << (size * 8)) - 1;
	return v;
}

/* Registers are 32 bits wide; narrower or unaligned writes do nothing. */
void pl031_write(struct pl031_softc *sc, uint64_t off, int size,
		 uint64_t val)
{
	uint32_t v = (uint32_t)val;
	int64_t now;

	if (off >= PL031_SIZE || (off & 3) != 0 || size < 4)
		return;
	pthread_mutex_lock(&sc->mtx);
	check_match(sc);
	switch ((uint32_t)off) {
	case RTCMR:
		sc->mr = v;
		arm_match(sc);
		break;
	case RTCLR:
		now = (int64_t)(sc->clock(sc->clock_arg) / 1000000000u);
		sc->lr = v;
		sc->offset = (int64_t)v - now;
		arm_match(sc);
		break;
	case RTCIMSC:
		sc->imsc = v & RTC_INT_MATCH;
		break;
	case RTCICR:
		sc->ris &= ~(v & RTC_INT_MATCH);
		break;
	default:
		break; /* RTCCR: a 0 does not stop it; read-only ones */
	}
	update(sc);
	pthread_mutex_unlock(&sc->mtx);
}

void pl031_tick(struct pl031_softc *sc)
{
	pthread_mutex_lock(&sc->mtx);
	check_match(sc);
	update(sc);
	pthread_mutex_unlock(&sc->mtx);
}

bool pl031_irq_level(struct pl031_softc *sc)
{
	bool level;

	pthread_mutex_lock(&sc->mtx);
	level = sc->irq_level;
	pthread_mutex_unlock(&sc->mtx);
	return level;
}

static void pl031_timer(int fd, enum mevent_type type, void *arg)
{
	(void)fd;
	(void)type;
	pl031_tick(arg);
}

static uint64_t pl031_mem_read(void *arg, int vcpuid, uint64_t off, int size)
{
	(void)vcpuid;
	return pl031_read(arg, off, size);
}

static void pl031_mem_write(void *arg, int vcpuid, uint64_t off, int size,
			    uint64_t val)
{
	(void)vcpuid;
	pl031_write(arg, off, size, val);
}

/* The arm,pl031 binding: primecell compatible, the APB clock. */
static int pl031_fdt(const struct device *dev, void *fdt)
{
	static const char compat[] = "arm,pl031\0arm,primecell";
	uint32_t clock = cpu_to_fdt32(FDT_PHANDLE_APB_PCLK);

	if (fdt_begin_mmio_node(fdt, "pl031", dev) < 0 ||
	    fdt_property(fdt, "compatible", compat, sizeof(compat)) < 0 ||
	    fdt_property(fdt, "clocks", &clock, sizeof(clock)) < 0 ||
	    fdt_property_string(fdt, "clock-names", "apb_pclk") < 0)
		return -1;
	return fdt_end_node(fdt) < 0 ? -1 : 0;
}

int pl031_attach(struct pl031_softc *sc, uint64_t base, int intid)
{
	struct device dev = {
		.name = "pl031",
		.base = base,
		.size = PL031_SIZE,
		.read = pl031_mem_read,
		.write = pl031_mem_write,
		.arg = sc,
		.intid = intid,
		.fdt = pl031_fdt,
	};
	struct mevent *ev;

	ev = mevent_add(TIMER_MS, EVF_TIMER, pl031_timer, sc);
	if (ev == NULL)
		return -1;
	mevent_disable(ev);
	if (device_register(&dev) < 0) {
		mevent_del(ev);
		return -1;
	}
	pthread_mutex_lock(&sc->mtx);
	sc->timer = ev;
	sc->timer_on = false;
	sc->intid = intid;
	update(sc);
	pthread_mutex_unlock(&sc->mtx);
	return 0;
}

/* ---- the board's RTC (devemu.h): the host's time, no variables -------- */

static void rtc_fini(void *sc)
{
	pl031_destroy(sc);
}

static int rtc_init(const struct devemu_args *a, void **scp)
{
	struct pl031_softc *sc = pl031_create(NULL, NULL);

	if (sc == NULL || pl031_attach(sc, a->base, a->intid) < 0) {
		snprintf(a->err, a->errlen, "pl031: %s", strerror(errno));
		pl031_destroy(sc);
		return -1;
	}
	*scp = sc;
	return 0;
}

static const struct devemu pl031_devemu = {
	.de_name = "pl031",
	.de_kind = DEVEMU_FIXED,
	.de_init = rtc_init,
	.de_fini = rtc_fini,
};
DEVEMU_SET(pl031_devemu);
