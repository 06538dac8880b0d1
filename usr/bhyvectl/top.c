// SPDX-License-Identifier: BSD-2-Clause
/*
 * bhyvectl --vm=NAME --top: the VM's exit rates, refreshed every
 * interval: per second, summed over its vCPUs and per vCPU, one line a
 * counter, in 79 columns (statrate.h does the arithmetic). On a terminal
 * each frame replaces the last; otherwise frames follow each other.
 * --count=N stops after N frames; --csv=FILE adds one row per interval:
 * the time, the interval and the summed rate of every counter.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bhyvectl.h"
#include "statrate.h"

#define WIDTH 79

struct top {
	const struct top_opts *o;
	struct vmctx *ctx;
	struct vcpu *vcpu[VM_MAXCPU];
	unsigned int nstats;
	char desc[VM_STATS_MAX][65];
	uint64_t now[VM_MAXCPU][VM_STATS_MAX];
	struct statrate rate;
	FILE *csv;
};

static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int open_vm(struct top *t)
{
	int i;

	t->ctx = vm_open(t->o->vm);
	if (t->ctx == NULL)
		return -1;
	for (i = 0; i < VM_MAXCPU; i++) {
		t->vcpu[i] = vm_vcpu_open(t->ctx, i);
		if (t->vcpu[i] == NULL)
			return -1;
	}
	return 0;
}

static void close_vm(struct top *t)
{
	int i;

	for (i = 0; i < VM_MAXCPU; i++) {
		vm_vcpu_close(t->vcpu[i]);
		t->vcpu[i] = NULL;
	}
	if (t->ctx != NULL)
		vm_close(t->ctx);
	t->ctx = NULL;
}

/* Every vCPU's counters; the module answers for all VM_MAXCPU. */
static int read_counters(struct top *t)
{
	uint64_t *s;
	int i, n;

	for (i = 0; i < VM_MAXCPU; i++) {
		s = vm_get_stats(t->vcpu[i], &n);
		if (s == NULL)
			return -1;
		if ((unsigned int)n > t->nstats)
			n = (int)t->nstats;
		memset(t->now[i], 0, sizeof(t->now[i]));
		memcpy(t->now[i], s, (size_t)n * sizeof(*s));
	}
	return 0;
}

/*
 * A sample; when the VM went away (its bhyve restarted it: a guest
 * reboot under systemd), the VM of that name again, whose counters
 * start over (statrate.h).
 */
static int sample(struct top *t)
{
	if (read_counters(t) == 0)
		return 0;
	close_vm(t);
	if (open_vm(t) < 0 || read_counters(t) < 0) {
		if (errno == ENOENT)
			fprintf(stderr, "bhyvectl: vm %s no longer exists\n",
				t->o->vm);
		else
			fprintf(stderr, "bhyvectl: vm %s: VM_STATS: %s\n",
				t->o->vm, strerror(errno));
		return -1;
	}
	return 0;
}

/* The vCPUs to show: those bhyve runs, and any that counted something. */
static unsigned int shown_cpus(const struct top *t)
{
	pid_t pid = vm_bhyve_pid(t->o->vm);
	unsigned int n = 1, c, i;

	if (pid > 0 && vm_bhyve_ncpus(pid) > 0)
		n = (unsigned int)vm_bhyve_ncpus(pid);
	for (c = n; c < VM_MAXCPU; c++)
		for (i = 0; i < t->nstats; i++)
			if (t->now[c][i] != 0)
				n = c + 1;
	return n > VM_MAXCPU ? VM_MAXCPU : n;
}

static void frame(struct top *t, double interval, bool tty)
{
	unsigned int ncpus = shown_cpus(t), c, i;
	char cell[40], stamp[32], head[WIDTH + 1];
	int label, col;
	time_t now = time(NULL);
	struct tm tm;

	statrate_layout(ncpus, WIDTH, &label, &col);
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%H:%M:%S", &tm);
	if (tty)
		fputs("\033[H\033[J", stdout);
	snprintf(head, sizeof(head), "vm %s: exits/s over %.1f s, %u vCPU%s",
		 t->o->vm, interval, ncpus, ncpus == 1 ? "" : "s");
	printf("%-*.*s%s\n", WIDTH - 8, WIDTH - 9, head, stamp);
	printf("%-*.*s", label, label, "counter");
	printf(" %*s", col - 1, "all");
	for (c = 0; c < ncpus; c++) {
		snprintf(cell, sizeof(cell), "vcpu%u", c);
		printf(" %*s", col - 1, cell);
	}
	putchar('\n');
	for (i = 0; i < t->nstats; i++) {
		printf("%-*.*s", label, label, t->desc[i]);
		statrate_fmt(t->rate.total[i], col - 1, cell, sizeof(cell));
		printf(" %s", cell);
		for (c = 0; c < ncpus; c++) {
			statrate_fmt(t->rate.rate[c][i], col - 1, cell,
				     sizeof(cell));
			printf(" %s", cell);
		}
		putchar('\n');
	}
	if (t->rate.restarted)
		printf("(the VM was made again: its counters restarted)\n");
	if (!tty)
		putchar('\n');
	fflush(stdout);
}

/* A CSV field, quoted when it has to be (RFC 4180). */
static void csv_field(FILE *fp, const char *s)
{
	if (strpbrk(s, ",\"\n") == NULL) {
		fputs(s, fp);
		return;
	}
	putc('"', fp);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			putc('"', fp);
		putc(*s, fp);
	}
	putc('"', fp);
}

static int csv_open(struct top *t)
{
	unsigned int i;

	t->csv = fopen(t->o->csv, "we");
	if (t->csv == NULL) {
		fprintf(stderr, "bhyvectl: --csv=%s: %s\n", t->o->csv,
			strerror(errno));
		return -1;
	}
	fputs("time,interval", t->csv);
	for (i = 0; i < t->nstats; i++) {
		putc(',', t->csv);
		csv_field(t->csv, t->desc[i]);
	}
	putc('\n', t->csv);
	return 0;
}

/* flushed every row: an interrupted run leaves whole rows */
static int csv_row(struct top *t, double interval)
{
	struct timespec ts;
	unsigned int i;

	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(t->csv, "%lld.%03ld,%.3f", (long long)ts.tv_sec,
		ts.tv_nsec / 1000000, interval);
	for (i = 0; i < t->nstats; i++)
		fprintf(t->csv, ",%.1f", t->rate.total[i]);
	putc('\n', t->csv);
	if (fflush(t->csv) == EOF || ferror(t->csv)) {
		fprintf(stderr, "bhyvectl: --csv=%s: %s\n", t->o->csv,
			strerror(errno));
		return -1;
	}
	return 0;
}

static void sleep_until(double when)
{
	double left = when - mono_s();
	struct timespec ts;

	if (left <= 0)
		return;
	ts.tv_sec = (time_t)left;
	ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int load_descs(struct top *t)
{
	const char *d;
	uint64_t *s;
	int i, n;

	s = vm_get_stats(t->vcpu[0], &n);
	if (s == NULL)
		return -1;
	t->nstats = (unsigned int)n;
	for (i = 0; i < n; i++) {
		d = vm_get_stat_desc(t->ctx, i);
		snprintf(t->desc[i], sizeof(t->desc[i]), "%s",
			 d != NULL ? d : "(no description)");
	}
	return 0;
}

int top_run(const struct top_opts *o)
{
	static struct top t;
	bool tty = isatty(STDOUT_FILENO);
	double last, next, now;
	long frames = 0;
	int rc = 0;

	memset(&t, 0, sizeof(t));
	t.o = o;
	statrate_init(&t.rate);
	if (open_vm(&t) < 0 || load_descs(&t) < 0) {
		int e = errno;

		close_vm(&t);
		errno = e;
		return -1;
	}
	if (o->csv != NULL && csv_open(&t) < 0) {
		close_vm(&t);
		return 1;
	}
	if (sample(&t) < 0) {
		rc = 1;
		goto out;
	}
	(void)statrate_sample(&t.rate, (const uint64_t(*)[VM_STATS_MAX])t.now,
			      VM_MAXCPU, t.nstats, 0);
	last = mono_s();
	next = last + o->interval;
	while (o->count == 0 || frames < o->count) {
		sleep_until(next);
		if (sample(&t) < 0) {
			rc = 1;
			break;
		}
		now = mono_s();
		if (statrate_sample(&t.rate,
				    (const uint64_t(*)[VM_STATS_MAX])t.now,
				    VM_MAXCPU, t.nstats, now - last) < 0)
			break;
		frame(&t, now - last, tty);
		if (t.csv != NULL && csv_row(&t, now - last) < 0) {
			rc = 1;
			break;
		}
		frames++;
		last = now;
		/* late (a stopped terminal): start again from now */
		next += o->interval;
		if (next < now)
			next = now + o->interval;
	}
out:
	if (t.csv != NULL && fclose(t.csv) == EOF && rc == 0) {
		fprintf(stderr, "bhyvectl: --csv=%s: %s\n", o->csv,
			strerror(errno));
		rc = 1;
	}
	close_vm(&t);
	return rc;
}
