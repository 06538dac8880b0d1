// SPDX-License-Identifier: BSD-2-Clause
/* The MMIO test device: see testdev.h. */
#include <string.h>

#include "testdev.h"
#include "../mem.h"

void testdev_init(struct testdev_softc *sc)
{
	memset(sc, 0, sizeof(*sc));
}

/* Byte by byte: an access may straddle the end of the scratch area. */
uint64_t testdev_read(struct testdev_softc *sc, uint64_t off, int size)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < size && i < 8; i++)
		if (off < TESTDEV_SCRATCH_SIZE &&
		    (uint64_t)i < TESTDEV_SCRATCH_SIZE - off)
			v |= (uint64_t)sc->scratch[off + i] << (8 * i);
	return v;
}

void testdev_write(struct testdev_softc *sc, uint64_t off, int size,
		   uint64_t val)
{
	int i;

	for (i = 0; i < size && i < 8; i++)
		if (off < TESTDEV_SCRATCH_SIZE &&
		    (uint64_t)i < TESTDEV_SCRATCH_SIZE - off)
			sc->scratch[off + i] = (uint8_t)(val >> (8 * i));
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

int testdev_attach(struct testdev_softc *sc, uint64_t base)
{
	struct mem_range mr = {
		.name = "testdev",
		.base = base,
		.size = TESTDEV_SIZE,
		.read = testdev_mem_read,
		.write = testdev_mem_write,
		.arg = sc,
	};

	return register_mem(&mr);
}
