/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Self-describing device models (kvmtool's device__register is the
 * model): a device registers once with its MMIO range, its interrupt and
 * a function that writes its device-tree node; the bus (mem.h) routes the
 * guest's accesses to it, the machine description (fdt.c) asks every
 * registered device for its node, and the device raises its interrupt
 * line through device_irq(). Adding a device touches only its own file
 * and one line of wiring in bhyverun.c.
 *
 * Thread safety: accesses arrive from every vCPU thread and from the event
 * loop (mevent.h); each device serializes its own state (a mutex in its
 * softc), the bus lookup needs no lock once the VM runs (devices are
 * registered before the first vCPU starts and never removed while it runs).
 */
#ifndef BHYVE_DEVICE_H
#define BHYVE_DEVICE_H

#include <stdbool.h>
#include <stdint.h>

#include "mem.h"

struct vmctx;
struct device;

/*
 * Writes the device's node(s) into fdt (a libfdt tree open for writing
 * with fdt_begin_node/fdt_property/fdt_end_node, sequential-write mode),
 * inside the root node. The root node names the interrupt controller as
 * the default "interrupt-parent", so a node gives just its "interrupts",
 * with the cells the machine gives for its intid (machine_irq_cells,
 * machine.h; fdt_begin_mmio_node writes them): a device never spells
 * the controller's encoding. Returns 0, or -1 (the caller reports a
 * libfdt error).
 */
typedef int (*device_fdt_fn)(const struct device *dev, void *fdt);

struct device {
	const char *name;	/* for messages: "pl011", "virtio-blk@3" */
	uint64_t base, size;	/* guest-physical MMIO range */
	mem_read_t read;
	mem_write_t write;
	void *arg;		/* the softc, passed to read/write/fdt */
	int intid;		/* GIC INTID of its SPI (>= 32), or -1 */
	device_fdt_fn fdt;	/* NULL: no node (e.g. the test device) */
	/*
	 * Optional: [base + coalesced_off, + coalesced_len) takes posted
	 * writes (vmm_dev.h, coalesced MMIO): the guest's stores there do
	 * not exit; write() gets them in order at that vCPU's next exit,
	 * before its next access that does exit. Only for registers whose
	 * writes have no effect the guest waits for (never a doorbell: a
	 * guest that then sleeps in WFI for the answer would wait for its
	 * next host interrupt).
	 */
	uint64_t coalesced_off, coalesced_len;
};

/*
 * The VM the devices belong to: set once before any device raises an
 * interrupt (NULL in unit tests: device_irq then only records the line).
 */
void device_set_vm(struct vmctx *ctx);

/*
 * Registers dev (copied, name included) on the MMIO bus, and its coalesced
 * zone with the VM when one is set (device_set_vm); -1 and errno as
 * register_mem or vm_register_coalesced, ENOSPC past DEVICE_MAX devices,
 * EINVAL for a zone outside the device. Before the vCPUs start.
 */
#define DEVICE_MAX MEM_MAX_RANGES
int device_register(const struct device *dev);
/* Every registered device, in registration order; NULL past the end. */
const struct device *device_at(unsigned int i);
/* Forget all devices (and the bus ranges), for the next VM or a test. */
void device_reset_all(void);

/*
 * Drives the device's interrupt line (level-sensitive SPIs: the GIC
 * samples it). Safe from any thread; a no-op for intid < 0. Returns 0 or
 * -1 with errno from vm_assert_irq/vm_deassert_irq (EINVAL for an intid
 * that is not an SPI, 32..1019). Call it with the device's own lock held,
 * so that the changes of one line reach the VM in the order they happen.
 */
int device_irq(const struct device *dev, bool level);
/* The same by INTID, for code that has no struct device. */
int device_irq_line(int intid, bool level);
/* The level last driven on an SPI (0 or 1), for tests and debugging. */
int device_irq_level(int intid);

#endif
