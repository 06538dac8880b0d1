// SPDX-License-Identifier: BSD-2-Clause
/* Loading a Linux zImage: see kernel_load.h. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boot_file.h"
#include "errmsg.h"
#include "kernel_load.h"

#define MIB ((uint64_t)1 << 20)

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* The header says: a zImage, little-endian, where it wants to run. */
static int check_zimage(struct linux_boot *lb, uint64_t *start)
{
	uint8_t hdr[ZIMAGE_HDR_SIZE];
	uint32_t endian;

	if (lb->kernel_size < sizeof(hdr) ||
	    boot_file_read(lb->kernel_fd, hdr, sizeof(hdr), "kernel", lb->kernel) <
		    0 ||
	    le32(hdr + ZIMAGE_MAGIC_OFF) != ZIMAGE_MAGIC) {
		errmsg("kernel %s: not an ARM Linux zImage (no magic 0x%08x "
		       "at offset 0x%x)",
		       lb->kernel, ZIMAGE_MAGIC, ZIMAGE_MAGIC_OFF);
		return -1;
	}
	/*
	 * Kernels since 3.17 say their endianness at 0x30; older ones have
	 * code there, so only the big-endian mark is refused.
	 */
	endian = le32(hdr + ZIMAGE_ENDIAN_OFF);
	if (endian == ZIMAGE_BE) {
		errmsg("kernel %s: a big-endian zImage; the VM boots "
		       "little-endian kernels",
		       lb->kernel);
		return -1;
	}
	/* 0: position independent; else the address it must run at */
	*start = le32(hdr + ZIMAGE_START_OFF);
	if (le32(hdr + ZIMAGE_END_OFF) < *start) {
		errmsg("kernel %s: zImage header end 0x%08x below its start "
		       "0x%08" PRIx64,
		       lb->kernel, le32(hdr + ZIMAGE_END_OFF), *start);
		return -1;
	}
	return 0;
}

static int place(struct linux_boot *lb, uint64_t start)
{
	uint64_t b = lb->ram_base, ram_end = b + lb->ram_size;
	uint64_t ksize = lb->kernel_size, decomp_end, top, win_end, need;
	uint64_t dtb;

	if (start == 0) {
		lb->kernel_gpa = b + KERNEL_OFFSET;
	} else if (start < b || start >= b + KERNEL_MAX_OFFSET) {
		errmsg("kernel %s: its header asks to run at 0x%08" PRIx64
		       ", outside the first 128 MiB of guest RAM at "
		       "0x%08" PRIx64,
		       lb->kernel, start, b);
		return -1;
	} else {
		lb->kernel_gpa = start;
	}
	/*
	 * What the decompressor may write: the kernel it unpacks at B +
	 * 32 KiB (taken as 4 x the zImage, a generous compression ratio)
	 * and, when that would reach the zImage, a copy of the zImage
	 * above it; plus 1 MiB for its stack, heap and page tables.
	 */
	decomp_end = b + 0x8000 + 4 * ksize;
	top = decomp_end > lb->kernel_gpa ? decomp_end + ksize :
					    lb->kernel_gpa + ksize;
	top = align_up(top + MIB, 0x1000);
	win_end = lb->ram_size < LOWMEM_WINDOW ? ram_end : b + LOWMEM_WINDOW;
	need = DTB_SLOT + align_up(lb->initrd_size, 0x1000);

	dtb = b + DTB_OFFSET;
	if (dtb < top || dtb + need > win_end) {
		/* less RAM: at the top of the window, if still above it all */
		dtb = win_end >= need + b ? (win_end - need) & ~0xfffULL : 0;
		if (dtb < top) {
			errmsg("kernel %s (%" PRIu64 " KiB)%s%s%s: "
			       "does not fit in %" PRIu64 " MiB of guest RAM; "
			       "it needs at least %" PRIu64 " MiB",
			       lb->kernel, ksize >> 10,
			       lb->initrd ? " and initrd " : "",
			       lb->initrd ? lb->initrd : "",
			       lb->initrd ? "" : "", lb->ram_size / MIB,
			       align_up(top - b + need, MIB) / MIB);
			return -1;
		}
	}
	lb->dtb_gpa = dtb;
	lb->initrd_gpa = lb->initrd ? dtb + DTB_SLOT : 0;
	return 0;
}

int linux_boot_open(struct linux_boot *lb, const char *kernel,
		    const char *initrd, uint64_t ram_base, uint64_t ram_size)
{
	uint64_t start, limit;

	memset(lb, 0, sizeof(*lb));
	lb->kernel_fd = lb->initrd_fd = -1;
	lb->kernel = kernel;
	lb->initrd = initrd;
	lb->ram_base = ram_base;
	lb->ram_size = ram_size;
	/* the zImage must end within the first 128 MiB and within RAM */
	limit = ram_size < KERNEL_MAX_OFFSET ? ram_size : KERNEL_MAX_OFFSET;
	if (boot_file_open("kernel", kernel, limit, &lb->kernel_fd,
			 &lb->kernel_size) < 0 ||
	    check_zimage(lb, &start) < 0)
		return -1;
	limit = ram_size < LOWMEM_WINDOW ? ram_size : LOWMEM_WINDOW;
	if (initrd != NULL &&
	    boot_file_open("initrd", initrd, limit, &lb->initrd_fd,
			 &lb->initrd_size) < 0)
		return -1;
	return place(lb, start);
}

int linux_boot_load(struct linux_boot *lb, uint8_t *ram)
{
	if (boot_file_read(lb->kernel_fd, ram + (lb->kernel_gpa - lb->ram_base),
		     lb->kernel_size, "kernel", lb->kernel) < 0)
		return -1;
	if (lb->initrd != NULL &&
	    boot_file_read(lb->initrd_fd, ram + (lb->initrd_gpa - lb->ram_base),
		     lb->initrd_size, "initrd", lb->initrd) < 0)
		return -1;
	return 0;
}

int linux_boot_put_dtb(const struct linux_boot *lb, uint8_t *ram,
		       const void *blob, size_t size)
{
	if (size > DTB_SLOT) {
		errmsg("device tree: %zu bytes, more than the %llu reserved",
		       size, (unsigned long long)DTB_SLOT);
		return -1;
	}
	memcpy(ram + (lb->dtb_gpa - lb->ram_base), blob, size);
	return 0;
}

void linux_boot_close(struct linux_boot *lb)
{
	if (lb->kernel_fd >= 0)
		close(lb->kernel_fd);
	if (lb->initrd_fd >= 0)
		close(lb->initrd_fd);
	lb->kernel_fd = lb->initrd_fd = -1;
}
