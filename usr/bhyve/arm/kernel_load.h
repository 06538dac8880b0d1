/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Booting a Linux zImage directly (-o kernel=FILE), as a boot loader
 * does per Linux's Documentation/arm/booting.rst: the zImage, an optional
 * initrd and the device tree in guest RAM, then vCPU 0 enters the zImage
 * with r0 = 0, r1 = ~0 (no machine type: the device tree says it), r2 =
 * the device tree's address, in SVC mode with IRQ, FIQ and asynchronous
 * aborts masked and the MMU and caches off (the vCPU's reset state).
 *
 * Where things go, for RAM at B (2 MiB aligned, QEMU virt's 0x40000000):
 *  - the zImage at B + 32 MiB (or at the address its header asks for):
 *    booting.rst wants it in the first 128 MiB, and 32 MiB up leaves
 *    room below for the decompressed kernel (at B + 32 KiB), so the
 *    decompressor need not move itself first;
 *  - the device tree at B + 128 MiB, the initrd right after it: where
 *    booting.rst suggests, out of reach of the decompressor (which writes
 *    below the zImage, or, for a kernel that would overwrite it, a copy
 *    of itself just above the decompressed kernel) and inside the lowmem
 *    the kernel maps at once (the first 512 MiB are taken as lowmem);
 *  - with less RAM, both at the top of RAM, if that is still above what
 *    the decompressor may touch; else the kernel does not fit: one error.
 */
#ifndef BHYVE_ARM_KERNEL_LOAD_H
#define BHYVE_ARM_KERNEL_LOAD_H

#include <stddef.h>
#include <stdint.h>

/* the zImage header (booting.rst, "zImage header") */
#define ZIMAGE_MAGIC_OFF  0x24
#define ZIMAGE_MAGIC	  0x016f2818u
#define ZIMAGE_START_OFF  0x28
#define ZIMAGE_END_OFF	  0x2c
#define ZIMAGE_ENDIAN_OFF 0x30
#define ZIMAGE_LE	  0x04030201u /* read as little-endian */
#define ZIMAGE_BE	  0x01020304u
#define ZIMAGE_HDR_SIZE	  0x34

#define KERNEL_OFFSET	  (32ULL << 20)
#define KERNEL_MAX_OFFSET (128ULL << 20)
#define DTB_OFFSET	  (128ULL << 20)
#define LOWMEM_WINDOW	  (512ULL << 20)
#define DTB_SLOT	  0x10000ULL /* FDT_MAX_SIZE; keeps the initrd aligned */

struct linux_boot {
	const char *kernel, *initrd;
	int kernel_fd, initrd_fd;	/* -1: closed */
	size_t kernel_size, initrd_size;
	uint64_t ram_base, ram_size;
	uint64_t kernel_gpa, dtb_gpa, initrd_gpa; /* initrd_gpa 0: none */
};

/*
 * Opens and checks the files (regular, bounded, a little-endian zImage),
 * and places kernel, device tree and initrd in RAM [ram_base, +ram_size).
 * initrd may be NULL. An error is one line on stderr; then -1.
 */
int linux_boot_open(struct linux_boot *lb, const char *kernel,
		    const char *initrd, uint64_t ram_base, uint64_t ram_size);

/* Copies the zImage and the initrd into ram (guest RAM mapped). 0 / -1. */
int linux_boot_load(struct linux_boot *lb, uint8_t *ram);

/* Copies the device tree blob (fdt_totalsize bytes) into ram. 0 / -1. */
int linux_boot_put_dtb(const struct linux_boot *lb, uint8_t *ram,
		       const void *blob, size_t size);

void linux_boot_close(struct linux_boot *lb);

#endif
