/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guest's device tree (the flattened blob a Linux kernel gets in r2):
 * the machine of board/virt.h (CPUs, RAM, GIC, timer, PSCI, the APB clock)
 * written here, then every registered device's own node (device.h), then
 * /chosen. Built with libfdt's sequential-write functions.
 */
#ifndef BHYVE_ARM_FDT_H
#define BHYVE_ARM_FDT_H

#include <stddef.h>
#include <stdint.h>

#include <libfdt.h>

struct device;

/* phandles the machine nodes carry, for device nodes that point at them */
#define FDT_PHANDLE_GIC	     1
#define FDT_PHANDLE_APB_PCLK 2
#define FDT_PHANDLE_GPIO     3 /* the PL061, for gpio-keys */

/* Room for the blob: a few KiB in practice. */
#define FDT_MAX_SIZE 0x10000

struct fdt_machine {
	int ncpus;			/* cpu@0 .. cpu@ncpus-1 */
	const char *cpu_compatible;	/* e.g. "arm,cortex-a15" */
	uint64_t ram_base, ram_size;
	const char *bootargs;		/* NULL: no bootargs */
	uint64_t initrd_start, initrd_end; /* end == start: no initrd */
};

/*
 * Writes the tree into buf (size bytes, 8-byte aligned as libfdt wants).
 * Returns the blob's size, or a negative libfdt error (fdt_strerror):
 * -FDT_ERR_NOSPACE when it does not fit, -FDT_ERR_BADVALUE for a machine
 * it cannot describe or a misaligned buf.
 */
int fdt_build(const struct fdt_machine *m, void *buf, size_t size);

/*
 * For device fdt callbacks: opens node "name@<base in hex>" with "reg"
 * (2 address and 2 size cells) and, for intid >= 0, "interrupts" as the
 * machine encodes that line (machine_irq_cells). The caller adds its
 * properties and calls fdt_end_node(). 0 or a negative libfdt error.
 */
int fdt_begin_mmio_node(void *fdt, const char *name,
			const struct device *dev);

/*
 * The cpu node's compatible for a MIDR (ARM Arm B4.1.105: implementer
 * 0x41 = ARM, primary part number in bits 15:4); "arm,cortex-a15" for a
 * part it does not know. fdt_host_midr reads the host's from
 * /proc/cpuinfo (a vCPU's MIDR is the host's): 0, or -1 and errno.
 */
const char *fdt_cpu_compatible(uint32_t midr);
int fdt_host_midr(uint32_t *midr);

/*
 * dtb.dump=FILE, in two steps so that a file that cannot take the blob is
 * refused before a VM is made, and nothing ever waits for a reader to
 * come. fdt_dump_open opens (or creates, 0644) path for writing without
 * blocking: a FIFO nobody reads fails at once with ENXIO. The fd, or -1
 * and errno. fdt_dump_write writes the blob there, a regular file cut to
 * the blob; a pipe or terminal whose reader takes nothing for wait_ms
 * fails with ETIMEDOUT, one whose reader left with EPIPE (the caller
 * ignores SIGPIPE). 0, or -1 and errno; the fd stays open.
 */
int fdt_dump_open(const char *path);
int fdt_dump_write(int fd, const void *blob, int wait_ms);

#endif
