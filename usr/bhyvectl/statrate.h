/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Exit rates from the per-vCPU counters (VM_STATS) for bhyvectl --top:
 * two samples of every counter, their difference over the time between
 * them. Plain C without the module, so the unit tests run it natively.
 *
 * The counters are 64 bits and only grow while a VM lives (2^64 exits
 * at a billion a second take 584 years), so one that went down means the
 * VM is a new one (systemd restarted it after a reboot, bhyve made it
 * again): the counter restarted at 0, and its whole value is what
 * happened since.
 */
#ifndef BHYVECTL_STATRATE_H
#define BHYVECTL_STATRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uapi/vmm_dev.h"

struct statrate {
	unsigned int ncpus, nstats;
	bool primed; /* a first sample was taken */
	bool restarted; /* the last sample saw a reset */
	uint64_t prev[VM_MAXCPU][VM_STATS_MAX];
	double rate[VM_MAXCPU][VM_STATS_MAX]; /* per second */
	double total[VM_STATS_MAX]; /* summed over vCPUs */
};

/* What a counter did between two samples; *reset when it went down. */
uint64_t statrate_delta(uint64_t prev, uint64_t now, bool *reset);

void statrate_init(struct statrate *r);

/*
 * A sample: now[cpu][i] for ncpus vCPUs and nstats counters, seconds
 * after the last one. 1 after the first (no rates yet), 0 when rate and
 * total hold the rates since the last, -1 for bad arguments (too many
 * vCPUs or counters, seconds <= 0 after the first). A vCPU that was not
 * in the last sample counts from 0.
 */
int statrate_sample(struct statrate *r, const uint64_t now[][VM_STATS_MAX],
		    unsigned int ncpus, unsigned int nstats, double seconds);

/*
 * A rate right-aligned in exactly width characters (4 to 31), into buf
 * (len > width): the whole number when it fits, else in thousands with
 * k, M, G or T and one decimal while that fits ("  12345", " 123.4k",
 * "  123k", "  1.2M"); "<1" for a rate above 0 that rounds to 0, so an
 * event that happens is never shown as none. buf is "" for a bad width.
 */
void statrate_fmt(double v, int width, char *buf, size_t len);

/*
 * A table of width columns: a label, then ncpus + 1 rate columns (the
 * sum and each vCPU) of *col characters each, a space included: 8, or
 * down to 6 so that the label keeps STATRATE_LABEL_MIN. *label is the
 * rest of the width.
 */
#define STATRATE_LABEL_MIN 16
void statrate_layout(unsigned int ncpus, int width, int *label, int *col);

#endif
