/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The MMIO bus: devices claim [base, base + size) of guest-physical space
 * and get the guest's loads and stores there (VM_EXITCODE_INST_EMUL) with
 * the offset from their base. Addresses nobody claims read as 0 and ignore
 * writes; those accesses are counted and the first one is reported once.
 */
#ifndef BHYVE_MEM_H
#define BHYVE_MEM_H

#include <stdbool.h>
#include <stdint.h>

/* size is 1, 2, 4 or 8; a read returns the value in the low size bytes */
typedef uint64_t (*mem_read_t)(void *arg, int vcpuid, uint64_t off,
			       int size);
typedef void (*mem_write_t)(void *arg, int vcpuid, uint64_t off, int size,
			    uint64_t val);

struct mem_range {
	const char *name;
	uint64_t base;
	uint64_t size;
	mem_read_t read;
	mem_write_t write;
	void *arg;
};

/*
 * Room for the largest machine: the PL011, the PL031, the test device and
 * one range per virtio-mmio slot (32), with a few to spare.
 */
#define MEM_MAX_RANGES 40

/* Forget every range, reset the counters, allow registration again. */
void init_mem(void);

/*
 * The range is copied. -1 and EINVAL (empty, wrapping, no callbacks),
 * EEXIST (overlaps a registered range), ENOSPC, or EBUSY once sealed.
 */
int register_mem(const struct mem_range *mr);
/* By base address; -1 and ENOENT if nothing starts there, EBUSY if sealed. */
int unregister_mem(uint64_t base);

/*
 * No more (un)registration until init_mem(): called before the first vCPU
 * thread starts, after which emulate_mem() looks ranges up without a lock.
 */
void mem_seal(void);

/*
 * One guest access; -1 and EINVAL only for a size other than 1, 2, 4, 8.
 * An access is the device's if its first byte is in the device's range.
 * Safe from many threads at once; each device serializes its own state.
 */
int emulate_mem(int vcpuid, uint64_t gpa, int size, bool write,
		uint64_t *val);

struct mem_stats {
	uint64_t unclaimed_reads;
	uint64_t unclaimed_writes;
};
void mem_get_stats(struct mem_stats *st);

#endif
