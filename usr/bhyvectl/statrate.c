// SPDX-License-Identifier: BSD-2-Clause
/* Exit rates from counters: see statrate.h. */
#include <stdio.h>
#include <string.h>

#include "statrate.h"

uint64_t statrate_delta(uint64_t prev, uint64_t now, bool *reset)
{
	if (now >= prev)
		return now - prev;
	*reset = true;
	return now;
}

void statrate_init(struct statrate *r)
{
	memset(r, 0, sizeof(*r));
}

int statrate_sample(struct statrate *r, const uint64_t now[][VM_STATS_MAX],
		    unsigned int ncpus, unsigned int nstats, double seconds)
{
	unsigned int c, i;
	bool reset = false;
	uint64_t d;

	if (ncpus > VM_MAXCPU || nstats > VM_STATS_MAX ||
	    (r->primed && !(seconds > 0)))
		return -1;
	if (r->primed) {
		memset(r->rate, 0, sizeof(r->rate));
		memset(r->total, 0, sizeof(r->total));
		for (c = 0; c < ncpus; c++) {
			for (i = 0; i < nstats; i++) {
				/* a vCPU or counter new since the last: 0 */
				d = statrate_delta(
					c < r->ncpus && i < r->nstats ?
						r->prev[c][i] :
						0,
					now[c][i], &reset);
				r->rate[c][i] = (double)d / seconds;
				r->total[i] += r->rate[c][i];
			}
		}
	}
	for (c = 0; c < ncpus; c++)
		memcpy(r->prev[c], now[c], nstats * sizeof(now[c][0]));
	r->restarted = reset;
	r->ncpus = ncpus;
	r->nstats = nstats;
	if (!r->primed) {
		r->primed = true;
		return 1;
	}
	return 0;
}

void statrate_fmt(double v, int width, char *buf, size_t len)
{
	static const char units[] = "kMGT";
	char tmp[64];
	int i, n;

	if (width < 4 || width > 31 || len <= (size_t)width) {
		if (len > 0)
			buf[0] = '\0';
		return;
	}
	if (!(v >= 0))
		v = 0;
	if (v > 0 && v < 0.5) {
		snprintf(buf, len, "%*s", width, "<1");
		return;
	}
	n = snprintf(tmp, sizeof(tmp), "%.0f", v);
	if (n > 0 && n <= width) {
		snprintf(buf, len, "%*s", width, tmp);
		return;
	}
	for (i = 0; units[i] != '\0'; i++) {
		v /= 1000;
		/* one decimal while it fits, then none */
		n = snprintf(tmp, sizeof(tmp), "%.1f%c", v, units[i]);
		if (n > 0 && n <= width && v < 999.95) {
			snprintf(buf, len, "%*s", width, tmp);
			return;
		}
		n = snprintf(tmp, sizeof(tmp), "%.0f%c", v, units[i]);
		if (n > 0 && n <= width && v < 999.5) {
			snprintf(buf, len, "%*s", width, tmp);
			return;
		}
	}
	snprintf(buf, len, "%*s", width, "huge");
}

void statrate_layout(unsigned int ncpus, int width, int *label, int *col)
{
	int ncols = (int)ncpus + 1;

	*col = 8;
	while (*col > 6 && width - ncols * *col < STATRATE_LABEL_MIN)
		(*col)--;
	*label = width - ncols * *col;
}
