/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A device for testing the MMIO path and interrupt delivery end to end
 * (-o testdev=true). Register map (offsets in its 4 KiB window):
 *
 *   0x000-0x0ff  scratch: 256 bytes that behave like little-endian memory
 *                for 1, 2, 4 and 8-byte accesses, aligned or not
 *   0x100        IRQ_ASSERT, write-only: a 32-bit write of a GIC INTID
 *                (an SPI: 32..1019) raises that interrupt line of the VM
 *   0x104        IRQ_DEASSERT, write-only: the same, lowers the line
 *
 * Everything else, the IRQ registers included, reads as 0 and ignores
 * writes; so do IRQ register writes that are not 32 bits wide or name an
 * INTID below 32. Whether a line is edge or level-triggered is the GIC's
 * business (GICD_ICFGR): for an edge the guest writes ASSERT then
 * DEASSERT; a level line stays up until DEASSERT.
 */
#ifndef BHYVE_TESTDEV_H
#define BHYVE_TESTDEV_H

#include <pthread.h>
#include <stdint.h>

#define TESTDEV_SIZE	     0x1000ULL
#define TESTDEV_SCRATCH_SIZE 256
#define TESTDEV_IRQ_ASSERT   0x100
#define TESTDEV_IRQ_DEASSERT 0x104
#define TESTDEV_IRQ_MIN	     32	  /* SPIs only: first SPI INTID */
#define TESTDEV_IRQ_LIMIT    1020 /* INTIDs 1020-1023 are special */

/*
 * Raises (level 1) or lowers (level 0) interrupt line intid of the VM;
 * answers 0, or -1 if the VM has no such line. The device ignores the
 * answer: the INTID comes from the guest.
 */
typedef int (*testdev_irq_fn)(void *arg, uint32_t intid, int level);

struct testdev_softc {
	/*
	 * vCPU threads access it at once; an access that is not aligned or
	 * eight bytes wide holds it for a copy of at most eight bytes, too
	 * short to be worth sleeping for.
	 */
	pthread_spinlock_t lock;
	uint8_t scratch[TESTDEV_SCRATCH_SIZE] __attribute__((aligned(8)));
	testdev_irq_fn irq; /* NULL: the IRQ registers do nothing */
	void *irq_arg;
	uint64_t irq_errors; /* writes the hook refused */
};

/* Zero scratch, no interrupt hook. */
void testdev_init(struct testdev_softc *sc);
uint64_t testdev_read(struct testdev_softc *sc, uint64_t off, int size);
void testdev_write(struct testdev_softc *sc, uint64_t off, int size,
		   uint64_t val);

/* Put the device on the MMIO bus (mem.h) at base, with the interrupt
 * hook the IRQ registers call (may be NULL). */
int testdev_attach(struct testdev_softc *sc, uint64_t base,
		   testdev_irq_fn irq, void *irq_arg);

#endif
