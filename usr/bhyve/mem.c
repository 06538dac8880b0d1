// SPDX-License-Identifier: BSD-2-Clause
/* The MMIO bus: see mem.h. A handful of devices, so a sorted array. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "mem.h"

static struct mem_range ranges[MEM_MAX_RANGES];
static int nranges;
static struct mem_stats stats;
static bool warned;

void init_mem(void)
{
	nranges = 0;
	memset(&stats, 0, sizeof(stats));
	warned = false;
}

/* last byte, so that a range ending at 2^64 is representable */
static uint64_t range_last(const struct mem_range *mr)
{
	return mr->base + (mr->size - 1);
}

int register_mem(const struct mem_range *mr)
{
	int i, pos;

	if (mr == NULL || mr->size == 0 || mr->read == NULL ||
	    mr->write == NULL || range_last(mr) < mr->base) {
		errno = EINVAL;
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
	return 0;
}

int unregister_mem(uint64_t base)
{
	int i;

	for (i = 0; i < nranges; i++) {
		if (ranges[i].base == base) {
			memmove(&ranges[i], &ranges[i + 1],
				(nranges - i - 1) * sizeof(ranges[0]));
			nranges--;
			return 0;
		}
	}
	errno = ENOENT;
	return -1;
}

static const struct mem_range *find_range(uint64_t gpa)
{
	int lo = 0, hi = nranges - 1, mid;

	while (lo <= hi) {
		mid = lo + (hi - lo) / 2;
		if (gpa < ranges[mid].base)
			hi = mid - 1;
		else if (gpa > range_last(&ranges[mid]))
			lo = mid + 1;
		else
			return &ranges[mid];
	}
	return NULL;
}

int emulate_mem(int vcpuid, uint64_t gpa, int size, bool write,
		uint64_t *val)
{
	const struct mem_range *mr;
	uint64_t mask;

	if (size != 1 && size != 2 && size != 4 && size != 8) {
		errno = EINVAL;
		return -1;
	}
	mask = size == 8 ? UINT64_MAX : (UINT64_C(1) << (size * 8)) - 1;
	mr = find_range(gpa);
	if (mr != NULL) {
		if (write)
			mr->write(mr->arg, vcpuid, gpa - mr->base, size,
				  *val & mask);
		else
			*val = mr->read(mr->arg, vcpuid, gpa - mr->base, size) &
			       mask;
		return 0;
	}

	/* a guest probing for hardware is normal: say it once only */
	if (write)
		stats.unclaimed_writes++;
	else
		stats.unclaimed_reads++;
	if (!warned) {
		warned = true;
		fprintf(stderr,
			"bhyve: vcpu %d: unclaimed MMIO %s of %d bytes at "
			"%#" PRIx64 " %s (further ones are only counted)\n",
			vcpuid, write ? "write" : "read", size, gpa,
			write ? "ignored" : "reads as 0");
	}
	if (!write)
		*val = 0;
	return 0;
}

void mem_get_stats(struct mem_stats *st)
{
	*st = stats;
}
