// SPDX-License-Identifier: BSD-2-Clause
/* The PL061 GPIO controller and the board's power key: see pl061.h. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pl061.h"
#include "devemu.h"
#include "device.h"
#include "machine.h"
#include "mevent.h"
#include "arm/fdt.h"

/*
 * How long the key stays down: long enough for a guest that reads the
 * line after the interrupt (Linux's gpio-keys does, from a work item) to
 * see it pressed, as a finger on a button would.
 */
#define KEY_HOLD_MS 100

struct pl061_softc {
	pthread_mutex_t mtx;
	int intid; /* -1 until attached */
	int key_line; /* the power key's line, or -1 */
	struct mevent *release; /* the key's release timer while held */

	uint8_t data; /* GPIODATA as written */
	uint8_t in; /* what the board drives on the lines */
	uint8_t dir, is, ibe, iev, ie, afsel;
	uint8_t edges; /* latched edges (GPIORIS of edge lines) */
	uint8_t levels; /* the lines' levels last seen */
	bool irq_level;
};

/*
 * GPIOPeriphID0-3: part 0x061, designer 0x41 (ARM), revision 0; the AMBA
 * bus matches 0x00041061. GPIOPCellID0-3: 0xb105f00d.
 */
static const uint8_t pl061_id[8] = {
	0x61, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

struct pl061_softc *pl061_create(void)
{
	struct pl061_softc *sc = calloc(1, sizeof(*sc));

	if (sc == NULL)
		return NULL;
	pthread_mutex_init(&sc->mtx, NULL);
	sc->intid = -1;
	sc->key_line = -1;
	return sc;
}

void pl061_destroy(struct pl061_softc *sc)
{
	if (sc == NULL)
		return;
	if (sc->release != NULL)
		mevent_del(sc->release);
	pthread_mutex_destroy(&sc->mtx);
	free(sc);
}

static uint8_t line_levels(const struct pl061_softc *sc)
{
	return (uint8_t)((sc->dir & sc->data) | (~sc->dir & sc->in));
}

/* Level-sensitive lines at their active level (GPIOIEV: 1 = high). */
static uint8_t ris(const struct pl061_softc *sc)
{
	uint8_t active = (uint8_t) ~(sc->levels ^ sc->iev);

	return (uint8_t)((sc->edges & ~sc->is) | (active & sc->is));
}

/*
 * Under mtx, after anything that may move a line or the sense: latch
 * the edges the lines made since the last look, then drive the output.
 */
static void update(struct pl061_softc *sc)
{
	uint8_t now = line_levels(sc);
	uint8_t changed = now ^ sc->levels;
	uint8_t want, level_ok;
	bool irq;

	/* both edges, or the one GPIOIEV names (rising: now high) */
	want = (uint8_t)(sc->ibe | ~(now ^ sc->iev));
	sc->edges |= changed & want & (uint8_t)~sc->is;
	sc->levels = now;
	level_ok = ris(sc) & sc->ie;
	irq = level_ok != 0;
	if (irq != sc->irq_level) {
		sc->irq_level = irq;
		if (sc->intid >= 0)
			(void)device_irq_line(sc->intid, irq);
	}
}

static uint32_t read_reg(struct pl061_softc *sc, uint32_t off)
{
	if (off < GPIODIR)
		return sc->levels & (off >> 2);
	switch (off) {
	case GPIODIR:
		return sc->dir;
	case GPIOIS:
		return sc->is;
	case GPIOIBE:
		return sc->ibe;
	case GPIOIEV:
		return sc->iev;
	case GPIOIE:
		return sc->ie;
	case GPIORIS:
		return ris(sc);
	case GPIOMIS:
		return ris(sc) & sc->ie;
	case GPIOAFSEL:
		return sc->afsel;
	}
	if (off >= GPIOPERIPHID0 && off <= GPIOPCELLID0 + 0xc)
		return pl061_id[(off - GPIOPERIPHID0) / 4];
	return 0; /* GPIOIC and the reserved space read as 0 */
}

uint64_t pl061_read(struct pl061_softc *sc, uint64_t off, int size)
{
	uint32_t v;

	if (off >= PL061_SIZE)
		return 0;
	pthread_mutex_lock(&sc->mtx);
	v = read_reg(sc, (uint32_t)off & ~3u);
	pthread_mutex_unlock(&sc->mtx);
	v >>= ((uint32_t)off & 3) * 8;
	if (size < 4)
		v &= (1u << (size * 8)) - 1;
	return v;
}

/*
 * The registers are 8 bits in 32-bit words; Linux's driver writes bytes.
 * A write of any width at a word's offset sets the low 8 bits; one
 * inside a word does nothing.
 */
void pl061_write(struct pl061_softc *sc, uint64_t off, int size, uint64_t val)
{
	uint8_t v = (uint8_t)val, mask;

	(void)size;
	if (off >= PL061_SIZE || (off & 3) != 0)
		return;
	pthread_mutex_lock(&sc->mtx);
	if (off < GPIODIR) {
		/* only the lines the address selects; outputs drive them */
		mask = (uint8_t)(off >> 2);
		sc->data = (uint8_t)((sc->data & ~mask) | (v & mask));
	} else {
		switch ((uint32_t)off) {
		case GPIODIR:
			sc->dir = v;
			break;
		case GPIOIS:
			sc->is = v;
			break;
		case GPIOIBE:
			sc->ibe = v;
			break;
		case GPIOIEV:
			sc->iev = v;
			break;
		case GPIOIE:
			sc->ie = v;
			break;
		case GPIOIC:
			sc->edges &= (uint8_t)~v;
			break;
		case GPIOAFSEL:
			sc->afsel = v;
			break;
		default:
			break; /* read-only or reserved */
		}
	}
	update(sc);
	pthread_mutex_unlock(&sc->mtx);
}

int pl061_set_input(struct pl061_softc *sc, unsigned int line, bool level)
{
	if (line >= PL061_NGPIO) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&sc->mtx);
	if (level)
		sc->in |= (uint8_t)(1u << line);
	else
		sc->in &= (uint8_t) ~(1u << line);
	update(sc);
	pthread_mutex_unlock(&sc->mtx);
	return 0;
}

bool pl061_irq_level(struct pl061_softc *sc)
{
	bool level;

	pthread_mutex_lock(&sc->mtx);
	level = sc->irq_level;
	pthread_mutex_unlock(&sc->mtx);
	return level;
}

/* The key's release: once, then the timer goes. */
static void key_release(int fd, enum mevent_type type, void *arg)
{
	struct pl061_softc *sc = arg;
	struct mevent *ev;

	(void)fd;
	(void)type;
	pthread_mutex_lock(&sc->mtx);
	sc->in &= (uint8_t) ~(1u << sc->key_line);
	update(sc);
	ev = sc->release;
	sc->release = NULL;
	pthread_mutex_unlock(&sc->mtx);
	if (ev != NULL)
		mevent_del(ev);
}

int pl061_press_key(struct pl061_softc *sc, unsigned int hold_ms)
{
	struct mevent *ev = NULL;

	if (sc->key_line < 0) {
		errno = ENODEV;
		return -1;
	}
	pthread_mutex_lock(&sc->mtx);
	/* a press while the key is down only keeps it down */
	if (sc->release == NULL) {
		ev = mevent_add((int)hold_ms, EVF_TIMER, key_release, sc);
		if (ev == NULL) {
			pthread_mutex_unlock(&sc->mtx);
			return -1;
		}
		sc->release = ev;
		sc->in |= (uint8_t)(1u << sc->key_line);
		update(sc);
	}
	pthread_mutex_unlock(&sc->mtx);
	return 0;
}

static uint64_t pl061_mem_read(void *arg, int vcpuid, uint64_t off, int size)
{
	(void)vcpuid;
	return pl061_read(arg, off, size);
}

static void pl061_mem_write(void *arg, int vcpuid, uint64_t off, int size,
			    uint64_t val)
{
	(void)vcpuid;
	pl061_write(arg, off, size, val);
}

/*
 * The gpio-keys binding: one child per key, its Linux input code and
 * its line as <&controller line flags> (flags 0: active high).
 */
static int keys_fdt(void *fdt, int line)
{
	uint32_t gpios[3] = { cpu_to_fdt32(FDT_PHANDLE_GPIO),
			      cpu_to_fdt32((uint32_t)line), 0 };

	if (fdt_begin_node(fdt, "gpio-keys") < 0 ||
	    fdt_property_string(fdt, "compatible", "gpio-keys") < 0 ||
	    fdt_begin_node(fdt, "poweroff") < 0 ||
	    fdt_property_string(fdt, "label", "GPIO Key Poweroff") < 0 ||
	    fdt_property_u32(fdt, "linux,code", PL061_KEY_POWER) < 0 ||
	    fdt_property(fdt, "gpios", gpios, sizeof(gpios)) < 0 ||
	    fdt_end_node(fdt) < 0)
		return -1;
	return fdt_end_node(fdt) < 0 ? -1 : 0;
}

/* The arm,pl061 binding: primecell, a GPIO controller of 2 cells. */
static int pl061_fdt(const struct device *dev, void *fdt)
{
	static const char compat[] = "arm,pl061\0arm,primecell";
	const struct pl061_softc *sc = dev->arg;
	uint32_t clock = cpu_to_fdt32(FDT_PHANDLE_APB_PCLK);

	if (fdt_begin_mmio_node(fdt, "pl061", dev) < 0 ||
	    fdt_property(fdt, "compatible", compat, sizeof(compat)) < 0 ||
	    fdt_property(fdt, "clocks", &clock, sizeof(clock)) < 0 ||
	    fdt_property_string(fdt, "clock-names", "apb_pclk") < 0 ||
	    fdt_property(fdt, "gpio-controller", NULL, 0) < 0 ||
	    fdt_property_u32(fdt, "#gpio-cells", 2) < 0 ||
	    fdt_property_u32(fdt, "phandle", FDT_PHANDLE_GPIO) < 0 ||
	    fdt_end_node(fdt) < 0)
		return -1;
	return sc->key_line >= 0 ? keys_fdt(fdt, sc->key_line) : 0;
}

int pl061_attach(struct pl061_softc *sc, uint64_t base, int intid, int key_line)
{
	struct device dev = {
		.name = "pl061",
		.base = base,
		.size = PL061_SIZE,
		.read = pl061_mem_read,
		.write = pl061_mem_write,
		.arg = sc,
		.intid = intid,
		.fdt = pl061_fdt,
	};

	if (key_line >= PL061_NGPIO) {
		errno = EINVAL;
		return -1;
	}
	/* before registering: the node is written from it */
	sc->key_line = key_line;
	if (device_register(&dev) < 0)
		return -1;
	pthread_mutex_lock(&sc->mtx);
	sc->intid = intid;
	update(sc);
	pthread_mutex_unlock(&sc->mtx);
	return 0;
}

/* ---- the board's GPIO controller with its power key (devemu.h) -------- */

static void gpio_fini(void *sc)
{
	pl061_destroy(sc);
}

static int gpio_init(const struct devemu_args *a, void **scp)
{
	struct pl061_softc *sc = pl061_create();

	if (sc == NULL ||
	    pl061_attach(sc, a->base, a->intid, machine_power_key()) < 0) {
		snprintf(a->err, a->errlen, "pl061: %s", strerror(errno));
		pl061_destroy(sc);
		return -1;
	}
	*scp = sc;
	return 0;
}

static int gpio_power_button(void *sc)
{
	return pl061_press_key(sc, KEY_HOLD_MS);
}

static const struct devemu pl061_devemu = {
	.de_name = "pl061",
	.de_kind = DEVEMU_FIXED,
	.de_init = gpio_init,
	.de_fini = gpio_fini,
	.de_power_button = gpio_power_button,
};
DEVEMU_SET(pl061_devemu);
