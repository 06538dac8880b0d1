// SPDX-License-Identifier: BSD-2-Clause
/* The MMIO test device: see testdev.h. */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testdev.h"
#include "config.h"
#include "devemu.h"
#include "device.h"

void testdev_init(struct testdev_softc *sc)
{
	memset(sc, 0, sizeof(*sc));
	pthread_spin_init(&sc->lock, PTHREAD_PROCESS_PRIVATE);
}

/* The part of [off, off + size) inside the scratch area; may be 0. */
static size_t scratch_span(uint64_t off, int size)
{
	size_t n = size < 8 ? (size_t)size : 8;

	if (off >= TESTDEV_SCRATCH_SIZE)
		return 0;
	return TESTDEV_SCRATCH_SIZE - off < n ? TESTDEV_SCRATCH_SIZE - off : n;
}

/*
 * An aligned access of a power-of-two size is single-copy atomic in
 * memory (ARM ARM A3.5.3), so it needs no lock here either; only the
 * others (unaligned ones, which memory does not make atomic either, but
 * which must not see or leave torn bytes of each other) take the lock.
 */
static bool scratch_aligned(uint64_t off, int size)
{
	return off < TESTDEV_SCRATCH_SIZE && (off & ((uint64_t)size - 1)) == 0;
}

/* Guest data is little-endian; bytes past the scratch area read as 0. */
uint64_t testdev_read(struct testdev_softc *sc, uint64_t off, int size)
{
	size_t n;
	uint64_t v = 0;

	if (scratch_aligned(off, size)) {
		switch (size) {
		case 1:
			return __atomic_load_n(&sc->scratch[off],
					       __ATOMIC_RELAXED);
		case 2:
			return le16toh(__atomic_load_n(
				(uint16_t *)&sc->scratch[off],
				__ATOMIC_RELAXED));
		case 4:
			return le32toh(__atomic_load_n(
				(uint32_t *)&sc->scratch[off],
				__ATOMIC_RELAXED));
		}
	}
	n = scratch_span(off, size);
	if (n == 0)
		return 0;
	pthread_spin_lock(&sc->lock);
	memcpy(&v, &sc->scratch[off], n);
	pthread_spin_unlock(&sc->lock);
	return le64toh(v);
}

/* IRQ_ASSERT / IRQ_DEASSERT: 32-bit writes of an SPI's INTID only. */
static void testdev_irq_write(struct testdev_softc *sc, int level, int size,
			      uint64_t val)
{
	if (size != 4 || sc->irq == NULL || val < TESTDEV_IRQ_MIN ||
	    val >= TESTDEV_IRQ_LIMIT)
		return;
	/* the hook is an ioctl: no lock needed but for the error count */
	if (sc->irq(sc->irq_arg, (uint32_t)val, level) < 0) {
		pthread_spin_lock(&sc->lock);
		sc->irq_errors++;
		pthread_spin_unlock(&sc->lock);
	}
}

void testdev_write(struct testdev_softc *sc, uint64_t off, int size,
		   uint64_t val)
{
	uint64_t le;
	size_t n;

	if (off == TESTDEV_IRQ_ASSERT || off == TESTDEV_IRQ_DEASSERT) {
		testdev_irq_write(sc, off == TESTDEV_IRQ_ASSERT, size, val);
		return;
	}
	if (scratch_aligned(off, size)) {
		switch (size) {
		case 1:
			__atomic_store_n(&sc->scratch[off], (uint8_t)val,
					 __ATOMIC_RELAXED);
			return;
		case 2:
			__atomic_store_n((uint16_t *)&sc->scratch[off],
					 htole16((uint16_t)val),
					 __ATOMIC_RELAXED);
			return;
		case 4:
			__atomic_store_n((uint32_t *)&sc->scratch[off],
					 htole32((uint32_t)val),
					 __ATOMIC_RELAXED);
			return;
		}
	}
	n = scratch_span(off, size);
	if (n == 0)
		return;
	le = htole64(val);
	pthread_spin_lock(&sc->lock);
	memcpy(&sc->scratch[off], &le, n);
	pthread_spin_unlock(&sc->lock);
}

static uint64_t testdev_mem_read(void *arg, int vcpuid, uint64_t off,
				 int size)
{
	(void)vcpuid;
	return testdev_read(arg, off, size);
}

static void testdev_mem_write(void *arg, int vcpuid, uint64_t off, int size,
			      uint64_t val)
{
	(void)vcpuid;
	testdev_write(arg, off, size, val);
}

/* No device-tree node: only the bare-metal test guests use it. */
int testdev_attach(struct testdev_softc *sc, uint64_t base,
		   testdev_irq_fn irq, void *irq_arg)
{
	struct device dev = {
		.name = "testdev",
		.base = base,
		.size = TESTDEV_SIZE,
		.read = testdev_mem_read,
		.write = testdev_mem_write,
		.arg = sc,
		.intid = -1, /* it drives whichever SPI the guest names */
		.fdt = NULL,
		/* scratch behaves like memory: its stores may be posted */
		.coalesced_off = 0,
		.coalesced_len = TESTDEV_SCRATCH_SIZE,
	};

	sc->irq = irq;
	sc->irq_arg = irq_arg;
	return device_register(&dev);
}

/* ---- on the board with testdev=true (devemu.h) ------------------------ */

/* IRQ_ASSERT / IRQ_DEASSERT drive SPIs of the vGIC. */
static int testdev_vm_irq(void *arg, uint32_t intid, int level)
{
	(void)arg;
	return device_irq_line((int)intid, level != 0);
}

static int testdev_enabled(bool *on, char *err, size_t errlen)
{
	if (get_config_bool_default("testdev", false, on) < 0) {
		snprintf(err, errlen, "testdev: invalid value '%s' (expected "
			 "true or false)", get_config_value("testdev"));
		return -1;
	}
	return 0;
}

static int testdev_check(char *err, size_t errlen)
{
	bool on;

	return testdev_enabled(&on, err, errlen);
}

static void testdev_fini(void *sc)
{
	free(sc);
}

static int testdev_model_init(const struct devemu_args *a, void **scp)
{
	struct testdev_softc *sc;
	bool on;

	if (testdev_enabled(&on, a->err, a->errlen) < 0)
		return -1;
	if (!on)
		return 0;
	sc = malloc(sizeof(*sc));
	if (sc == NULL) {
		snprintf(a->err, a->errlen, "testdev: %s", strerror(errno));
		return -1;
	}
	testdev_init(sc);
	if (testdev_attach(sc, a->base, testdev_vm_irq, a->ctx) < 0) {
		snprintf(a->err, a->errlen, "testdev: %s", strerror(errno));
		free(sc);
		return -1;
	}
	*scp = sc;
	return 0;
}

static const char *const testdev_keys[] = { "testdev", NULL };

static const struct devemu testdev_devemu = {
	.de_name = "testdev",
	.de_kind = DEVEMU_FIXED,
	.de_keys = testdev_keys,
	.de_check = testdev_check,
	.de_init = testdev_model_init,
	.de_fini = testdev_fini,
};
DEVEMU_SET(testdev_devemu);
