// SPDX-License-Identifier: BSD-2-Clause
/*
 * The MMIO bus: see mem.h. A handful of devices, so a sorted array.
 *
 * Many vCPU threads look ranges up at once without a lock: the array only
 * changes before mem_seal(), and the threads that read it are created
 * after that (pthread_create orders the writes before their reads).
 * Registration itself is serialized by reg_lock; the counters are atomic.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "mem.h"

static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static struct mem_range ranges[MEM_MAX_RANGES];
static int nranges;
static bool sealed;
static struct mem_stats stats;
static bool warned;
static unsigned int layout; /* changes of ranges[]: see find_range */

void init_mem(void)
{
	pthread_mutex_lock(&reg_lock);
	__atomic_add_fetch(&layout, 1, __ATOMIC_RELAXED);
	nranges = 0;
	sealed = false;
	__atomic_store_n(&stats.unclaimed_reads, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&stats.unclaimed_writes, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&warned, false, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&reg_lock);
}

void mem_seal(void)
{
	pthread_mutex_lock(&reg_lock);
	sealed = true;
	pthread_mutex_unlock(&reg_lock);
}

/* last byte, so that a range ending at 2^64 is representable */
static uint64_t range_last(const struct mem_range *mr)
{
	return mr->base + (mr->size - 1);
}

static int register_locked(const struct mem_range *mr)
{
	int i, pos;

	if (sealed) {
		errno = EBUSY;
		return -1;
	}
	for (i = 0; i < nranges; i++) {
		if (mr->base <= range_last(&ranges[i]) &&
		    ranges[i].base <= range_last(mr)) {
			errno = EEXIST;
			return -1;
		}
	}
	if (nranges == MEM_MAX_RANGES) {
		errno = ENOSPC;
		return -1;
	}
	for (pos = 0; pos < nranges && ranges[pos].base < mr->base; pos++)
		;
	memmove(&ranges[pos + 1], &ranges[pos],
		(nranges - pos) * sizeof(ranges[0]));
	ranges[pos] = *mr;
	nranges++;
	__atomic_add_fetch(&layout, 1, __ATOMIC_RELAXED);
	return 0;
}

int register_mem(const struct mem_range *mr)
{
	int err;

	if (mr == NULL || mr->size == 0 || mr->read == NULL ||
	    mr->write == NULL || range_last(mr) < mr->base) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&reg_lock);
	err = register_locked(mr);
	pthread_mutex_unlock(&reg_lock);
	return err;
}

int unregister_mem(uint64_t base)
{
	int i, err = -1;

	pthread_mutex_lock(&reg_lock);
	errno = sealed ? EBUSY : ENOENT;
	for (i = 0; i < nranges && !sealed; i++) {
		if (ranges[i].base == base) {
			memmove(&ranges[i], &ranges[i + 1],
				(nranges - i - 1) * sizeof(ranges[0]));
			nranges--;
			__atomic_add_fetch(&layout, 1, __ATOMIC_RELAXED);
			err = 0;
			break;
		}
	}
	pthread_mutex_unlock(&reg_lock);
	return err;
}

/*
 * A vCPU mostly talks to one device at a time (a driver's register
 * sequence, a queue's notify): each thread first tries the range it hit
 * last. layout counts the changes of the array, so a hit recorded before
 * one is never used.
 */
static __thread struct {
	unsigned int layout;
	const struct mem_range *mr; /* NULL: none */
} last;

static bool in_range(const struct mem_range *mr, uint64_t gpa)
{
	return gpa - mr->base < mr->size;
}

static __attribute__((noinline)) const struct mem_range *
search_range(uint64_t gpa, unsigned int now)
{
	int lo = 0, hi = nranges - 1, mid;

	while (lo <= hi) {
		mid = lo + (hi - lo) / 2;
		if (gpa < ranges[mid].base) {
			hi = mid - 1;
		} else if (gpa > range_last(&ranges[mid])) {
			lo = mid + 1;
		} else {
			last.layout = now;
			last.mr = &ranges[mid];
			return &ranges[mid];
		}
	}
	return NULL;
}

static const struct mem_range *find_range(uint64_t gpa)
{
	unsigned int now = __atomic_load_n(&layout, __ATOMIC_RELAXED);

	if (last.mr != NULL && last.layout == now && in_range(last.mr, gpa))
		return last.mr;
	return search_range(gpa, now);
}

/* a guest probing for hardware is normal: say it once only */
static __attribute__((noinline)) void unclaimed(int vcpuid, uint64_t gpa,
						int size, bool write)
{
	__atomic_fetch_add(write ? &stats.unclaimed_writes :
				   &stats.unclaimed_reads,
			   1, __ATOMIC_RELAXED);
	if (!__atomic_exchange_n(&warned, true, __ATOMIC_RELAXED)) {
		fprintf(stderr,
			"bhyve: vcpu %d: unclaimed MMIO %s of %d bytes at "
			"%#" PRIx64 " %s (further ones are only counted)\n",
			vcpuid, write ? "write" : "read", size, gpa,
			write ? "ignored" : "reads as 0");
	}
}

/* The low size bytes of a value, by size: 1, 2, 4 or 8 (else 0). */
static const uint64_t size_mask[9] = {
	[1] = 0xff, [2] = 0xffff, [4] = 0xffffffff, [8] = UINT64_MAX,
};

int emulate_mem(int vcpuid, uint64_t gpa, int size, bool write,
		uint64_t *val)
{
	const struct mem_range *mr;
	uint64_t mask;

	mask = (unsigned int)size < 9 ? size_mask[size] : 0;
	if (mask == 0) {
		errno = EINVAL;
		return -1;
	}
	mr = find_range(gpa);
	if (mr == NULL) {
		unclaimed(vcpuid, gpa, size, write);
		if (!write)
			*val = 0;
	} else if (write) {
		mr->write(mr->arg, vcpuid, gpa - mr->base, size, *val & mask);
	} else {
		*val = mr->read(mr->arg, vcpuid, gpa - mr->base, size) & mask;
	}
	return 0;
}

void mem_get_stats(struct mem_stats *st)
{
	st->unclaimed_reads =
		__atomic_load_n(&stats.unclaimed_reads, __ATOMIC_RELAXED);
	st->unclaimed_writes =
		__atomic_load_n(&stats.unclaimed_writes, __ATOMIC_RELAXED);
}
