/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A device for testing the MMIO path end to end (-o testdev=true): 256
 * bytes of scratch storage at offsets 0x000-0x0ff that behave like
 * little-endian memory for 1, 2, 4 and 8-byte accesses, aligned or not.
 * The rest of its 4 KiB reads as 0 and ignores writes.
 */
#ifndef BHYVE_TESTDEV_H
#define BHYVE_TESTDEV_H

#include <stdint.h>

#define TESTDEV_BASE	     0x0b000000ULL
#define TESTDEV_SIZE	     0x1000ULL
#define TESTDEV_SCRATCH_SIZE 256

struct testdev_softc {
	uint8_t scratch[TESTDEV_SCRATCH_SIZE];
};

void testdev_init(struct testdev_softc *sc);
uint64_t testdev_read(struct testdev_softc *sc, uint64_t off, int size);
void testdev_write(struct testdev_softc *sc, uint64_t off, int size,
		   uint64_t val);

/* Put the device on the MMIO bus (mem.h) at base. */
int testdev_attach(struct testdev_softc *sc, uint64_t base);

#endif
