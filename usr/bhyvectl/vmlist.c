// SPDX-License-Identifier: BSD-2-Clause
/*
 * bhyvectl's view of the VMs as services: which exist (/dev/vmm), which
 * a bhyve runs (its pid in /run/bhyve/NAME/pid, bhyve's rundir.h) and
 * with how many vCPUs (bhyve names its vCPU threads "vcpu N" after the
 * first, which is its main thread), --list, and --request-poweroff
 * (SIGTERM to that bhyve: the guest's power button, bhyve's poweroff.h).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bhyvectl.h"

/* The first line of path without its newline, in buf: 0 or -1. */
static int read_line(const char *path, char *buf, size_t len)
{
	FILE *fp = fopen(path, "re");
	char *nl;

	if (fp == NULL)
		return -1;
	if (fgets(buf, (int)len, fp) == NULL) {
		fclose(fp);
		return -1;
	}
	fclose(fp);
	nl = strchr(buf, '\n');
	if (nl != NULL)
		*nl = '\0';
	return 0;
}

pid_t vm_bhyve_pid(const char *vm)
{
	char path[128], buf[64], *end;
	long pid;

	if (!vm_name_valid(vm))
		return 0;
	snprintf(path, sizeof(path), VMM_RUN_DIR "/%s/pid", vm);
	if (read_line(path, buf, sizeof(buf)) < 0)
		return 0;
	errno = 0;
	pid = strtol(buf, &end, 10);
	if (errno || end == buf || *end != '\0' || pid <= 0)
		return 0;
	/* a pid file a killed bhyve left names someone else, or no one */
	snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
	if (read_line(path, buf, sizeof(buf)) < 0 || strcmp(buf, "bhyve") != 0)
		return 0;
	return (pid_t)pid;
}

int vm_bhyve_ncpus(pid_t pid)
{
	char path[PATH_MAX], buf[64];
	struct dirent *de;
	DIR *d;
	int n = 1;

	snprintf(path, sizeof(path), "/proc/%ld/task", (long)pid);
	d = opendir(path);
	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/task/%s/comm",
			 (long)pid, de->d_name);
		if (read_line(path, buf, sizeof(buf)) == 0 &&
		    strncmp(buf, "vcpu ", 5) == 0)
			n++;
	}
	closedir(d);
	return n;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_one(const char *name)
{
	char pidbuf[16] = "-", cpus[16] = "-", mem[24] = "?";
	struct vmctx *ctx;
	pid_t pid = vm_bhyve_pid(name);
	size_t len;

	if (pid > 0) {
		snprintf(pidbuf, sizeof(pidbuf), "%ld", (long)pid);
		snprintf(cpus, sizeof(cpus), "%d", vm_bhyve_ncpus(pid));
	}
	ctx = vm_open(name);
	if (ctx != NULL) {
		if (vm_get_memseg(ctx, VM_SYSMEM, &len, NULL, 0) == 0)
			snprintf(mem, sizeof(mem), "%zuM", len >> 20);
		vm_close(ctx);
	}
	printf("%-31s %7s %5s %7s\n", name, pidbuf, cpus, mem);
}

int list_vms(void)
{
	char **names = NULL, **grown;
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	DIR *d;

	d = opendir(VMM_DEV_DIR);
	if (d == NULL) {
		if (errno == ENOENT && vmm_is_loaded())
			d = NULL; /* no VM yet */
		else {
			fprintf(stderr, "bhyvectl: %s: %s%s\n", VMM_DEV_DIR,
				strerror(errno), vmm_errno_hint(errno));
			return 1;
		}
	}
	while (d != NULL && (de = readdir(d)) != NULL) {
		if (!vm_name_valid(de->d_name))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			grown = realloc(names, cap * sizeof(*names));
			if (grown == NULL)
				break;
			names = grown;
		}
		names[n] = strdup(de->d_name);
		if (names[n] != NULL)
			n++;
	}
	if (d != NULL)
		closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), by_name);
	printf("%-31s %7s %5s %7s\n", "NAME", "PID", "VCPUS", "MEMORY");
	for (i = 0; i < n; i++) {
		list_one(names[i]);
		free(names[i]);
	}
	free(names);
	return 0;
}

int request_poweroff(const char *vm)
{
	char path[128];
	pid_t pid;

	if (!vm_name_valid(vm)) {
		fprintf(stderr,
			"bhyvectl: invalid VM name '%s': 1-%d characters of "
			"A-Z a-z 0-9 _ . -\n",
			vm, VM_MAX_NAMELEN - 1);
		return 1;
	}
	snprintf(path, sizeof(path), VMM_DEV_DIR "/%s", vm);
	if (access(path, F_OK) < 0) {
		if (vmm_is_loaded())
			fprintf(stderr, "bhyvectl: vm %s does not exist\n", vm);
		else
			fprintf(stderr,
				"bhyvectl: vm %s: %s (is vmm.ko "
				"loaded?)\n",
				vm, strerror(errno));
		return 1;
	}
	pid = vm_bhyve_pid(vm);
	if (pid == 0) {
		fprintf(stderr,
			"bhyvectl: vm %s: no bhyve runs it (nothing "
			"in " VMM_RUN_DIR "/%s/pid): use --force-poweroff or "
			"--destroy\n",
			vm, vm);
		return 1;
	}
	if (kill(pid, SIGTERM) < 0) {
		fprintf(stderr,
			"bhyvectl: vm %s: SIGTERM to bhyve (pid %ld): "
			"%s\n",
			vm, (long)pid, strerror(errno));
		return 1;
	}
	printf("vm %s: power button pressed (SIGTERM to bhyve, pid %ld)\n", vm,
	       (long)pid);
	return 0;
}
