// SPDX-License-Identifier: BSD-2-Clause
/*
 * bhyvectl: inspect and control vmm.ko and its virtual machines.
 * Host-wide: --capabilities (what the module found), --hyp-ping, --list
 * (the VMs, vmlist.c). Per VM (--vm=NAME): --create, --destroy,
 * --get-stats, --force-reset, --force-poweroff, --request-poweroff,
 * --get-REG / --set-REG=VALUE and --get-all for the registers of vCPU 0
 * or --cpu=N (--cpu=all: every vCPU's counters), --top (top.c).
 * Operations run in that order, --top after them and --destroy last, as
 * in FreeBSD's bhyvectl.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmmapi.h"

#include "bhyvectl.h"

static const char *progname = "bhyvectl";

/* Register names for --get-NAME / --set-NAME, indexed by enum vm_reg_name. */
enum {
	OPT_CAPS = 256,
	OPT_PING,
	OPT_VM,
	OPT_CPU,
	OPT_CREATE,
	OPT_DESTROY,
	OPT_STATS,
	OPT_RESET,
	OPT_POWEROFF,
	OPT_GET_ALL,
	OPT_LIST,
	OPT_REQ_POWEROFF,
	OPT_TOP,
	OPT_INTERVAL,
	OPT_COUNT,
	OPT_CSV,
	OPT_GET_REG = 512, /* + register number */
	OPT_SET_REG = 1024, /* + register number */
};

#define CPU_ALL (-1) /* --cpu=all */

struct request {
	const char *vm;
	int cpu;
	bool caps, ping, create, destroy, stats, reset, poweroff, get_all;
	bool list, req_poweroff, top, top_opt;
	struct top_opts topo;
	bool get[VM_REG_LAST];
	bool set[VM_REG_LAST];
	uint64_t setval[VM_REG_LAST];
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [options]\n"
		"  --capabilities     show what vmm.ko found on this host\n"
		"  --hyp-ping         call the lowvisor on every online CPU\n"
		"  --vm=NAME          the VM the options below act on\n"
		"  --list             the VMs: whether a bhyve runs them (its "
		"pid),\n"
		"                     their vCPUs and memory\n"
		"  --cpu=N            the vCPU for registers and stats "
		"(default 0)\n"
		"  --cpu=all          every vCPU, for --get-stats\n"
		"  --create           create the VM\n"
		"  --destroy          destroy the VM (done last)\n"
		"  --get-stats        the vCPU's counters\n"
		"  --top              exit rates per second, all vCPUs and "
		"each,\n"
		"                     refreshed: --interval=SECONDS (default "
		"1),\n"
		"                     --count=N frames, --csv=FILE (a row per "
		"interval)\n"
		"  --force-reset      stop the VM as if the guest rebooted\n"
		"  --force-poweroff   stop the VM as if the guest powered off\n"
		"  --request-poweroff press the guest's power button (SIGTERM "
		"to its bhyve)\n"
		"  --get-REG          print register REG: r0..r12, sp, lr,\n"
		"                     pc, cpsr, sp_svc, spsr_svc, ..., sctlr\n"
		"  --set-REG=VALUE    set register REG\n"
		"  --get-all          print every register\n"
		"  -h, --help         this text\n",
		progname);
}

static int vmm_error(const char *what)
{
	int e = errno;

	fprintf(stderr, "%s: %s: %s%s\n", progname, what, strerror(e),
		vmm_errno_hint(e));
	return 1;
}

/* ENOENT on /dev/vmm/NAME: no such VM, unless there is no module at all */
static int vm_error(const char *vm, const char *what)
{
	int e = errno;

	if (e == ENOENT && vmm_is_loaded())
		fprintf(stderr, "%s: vm %s does not exist\n", progname, vm);
	else if (e == EINVAL && !vm_name_valid(vm))
		fprintf(stderr,
			"%s: invalid VM name '%s': 1-%d characters of "
			"A-Z a-z 0-9 _ . -\n",
			progname, vm, VM_MAX_NAMELEN - 1);
	else
		fprintf(stderr, "%s: vm %s: %s: %s%s\n", progname, vm, what,
			strerror(e), vmm_errno_hint(e));
	return 1;
}

static int show_capabilities(void)
{
	struct vmm_caps c;
	uint32_t n, max;

	if (vmmctl_get_caps(&c) < 0)
		return vmm_error(VMMCTL_PATH);
	printf("HYP mode:            installed on %u/%u CPUs\n", c.ncpus_hyp,
	       c.ncpus_online);
	print_arch_caps(&c.arch);
	printf("IPA size:            %u bits\n", c.ipa_bits);
	if (vmmctl_vm_count(&n, &max) == 0)
		printf("VMs:                 %u of %u\n", (unsigned int)n,
		       (unsigned int)max);
	return 0;
}

static int hyp_ping(void)
{
	struct vmm_hyp_ping p;
	uint32_t cookie = 0x1000u + (uint32_t)rand();
	unsigned int i, ok = 0;

	if (vmmctl_hyp_ping(cookie, &p) < 0)
		return vmm_error(VMMCTL_PATH);
	for (i = 0; i < p.ncpus; i++) {
		const struct vmm_hyp_cpu *c = &p.cpus[i];
		int good = c->state == VMM_HYP_INSTALLED &&
			   c->cookie == VMM_HYP_PING_ANSWER(cookie) &&
			   hyp_cpu_ok(&c->arch);

		printf("cpu%u: %s ", c->cpu, good ? "ok" : "NO ANSWER");
		print_hyp_cpu(&c->arch);
		ok += good;
	}
	printf("HYP ping: %u/%u CPUs answered\n", ok, p.ncpus);
	return ok == p.ncpus && ok ? 0 : 1;
}

static int show_stats(struct vmctx *ctx, struct vcpu *vcpu, const char *vm)
{
	const char *desc;
	uint64_t *stats;
	int i, n;

	stats = vm_get_stats(vcpu, &n);
	if (stats == NULL)
		return vm_error(vm, "VM_STATS");
	for (i = 0; i < n; i++) {
		desc = vm_get_stat_desc(ctx, i);
		if (desc == NULL)
			printf("%-48s %llu\n", "(no description)",
			       (unsigned long long)stats[i]);
		else
			printf("%-48s %llu\n", desc,
			       (unsigned long long)stats[i]);
	}
	return 0;
}

/*
 * --cpu=all: one column per vCPU (those bhyve runs, and any that counted
 * something; the module answers for all VM_MAXCPU) and their sum.
 */
static int show_stats_all(struct vmctx *ctx, const char *vm)
{
	static uint64_t v[VM_MAXCPU][VM_STATS_MAX];
	struct vcpu *vcpu;
	const char *desc;
	uint64_t *s, sum;
	int c, i, n = 0, k, ncpus = 1;
	pid_t pid = vm_bhyve_pid(vm);

	memset(v, 0, sizeof(v));
	for (c = 0; c < VM_MAXCPU; c++) {
		vcpu = vm_vcpu_open(ctx, c);
		s = vcpu != NULL ? vm_get_stats(vcpu, &k) : NULL;
		if (s == NULL) {
			vm_vcpu_close(vcpu);
			return vm_error(vm, "VM_STATS");
		}
		n = k;
		memcpy(v[c], s, (size_t)k * sizeof(*s));
		vm_vcpu_close(vcpu);
		for (i = 0; i < k; i++)
			if (v[c][i] != 0 && c + 1 > ncpus)
				ncpus = c + 1;
	}
	if (pid > 0 && vm_bhyve_ncpus(pid) > ncpus)
		ncpus = vm_bhyve_ncpus(pid);
	printf("%-48s %12s", "counter", "all");
	for (c = 0; c < ncpus; c++)
		printf(" %11s%d", "vcpu", c);
	putchar('\n');
	for (i = 0; i < n; i++) {
		desc = vm_get_stat_desc(ctx, i);
		for (sum = 0, c = 0; c < VM_MAXCPU; c++)
			sum += v[c][i];
		printf("%-48s %12llu", desc != NULL ? desc : "(no description)",
		       (unsigned long long)sum);
		for (c = 0; c < ncpus; c++)
			printf(" %12llu", (unsigned long long)v[c][i]);
		putchar('\n');
	}
	return 0;
}

static int get_reg(struct vcpu *vcpu, const char *vm, int cpu, int reg)
{
	uint64_t val;

	if (vm_get_register(vcpu, reg, &val) < 0)
		return vm_error(vm, reg_names[reg]);
	printf("%s[%d]\t0x%08llx\n", reg_names[reg], cpu,
	       (unsigned long long)val);
	return 0;
}

static int vm_ops(const struct request *rq)
{
	struct vmctx *ctx;
	struct vcpu *vcpu;
	int reg, rc = 0;

	if (rq->create && vm_create(rq->vm) < 0) {
		char why[128];

		if (errno == EEXIST)
			fprintf(stderr, "%s: vm %s already exists\n", progname,
				rq->vm);
		else if (errno == ENOSPC)
			fprintf(stderr, "%s: vm %s: create: %s\n", progname,
				rq->vm,
				vm_create_strerror(errno, why, sizeof(why)));
		else
			vm_error(rq->vm, "create");
		return 1;
	}
	ctx = vm_open(rq->vm);
	if (ctx == NULL)
		return vm_error(rq->vm, "open");
	vcpu = vm_vcpu_open(ctx, rq->cpu == CPU_ALL ? 0 : rq->cpu);
	if (vcpu == NULL) {
		vm_close(ctx);
		return vm_error(rq->vm, "vcpu");
	}
	for (reg = 0; reg < VM_REG_LAST; reg++)
		if (rq->set[reg] &&
		    vm_set_register(vcpu, reg, rq->setval[reg]) < 0)
			rc |= vm_error(rq->vm, reg_names[reg]);
	for (reg = 0; reg < VM_REG_LAST; reg++)
		if (rq->get[reg] || rq->get_all)
			rc |= get_reg(vcpu, rq->vm, rq->cpu, reg);
	if (rq->stats && rq->cpu == CPU_ALL)
		rc |= show_stats_all(ctx, rq->vm);
	else if (rq->stats)
		rc |= show_stats(ctx, vcpu, rq->vm);
	if (rq->reset && vm_suspend(ctx, VM_SUSPEND_RESET) < 0)
		rc |= vm_error(rq->vm, "force reset");
	if (rq->poweroff && vm_suspend(ctx, VM_SUSPEND_POWEROFF) < 0)
		rc |= vm_error(rq->vm, "force poweroff");
	vm_vcpu_close(vcpu);
	/* closed first, so that the module sees no user of the VM left */
	vm_close(ctx);
	if (rq->req_poweroff)
		rc |= request_poweroff(rq->vm);
	if (rq->top) {
		int r = top_run(&rq->topo);

		rc |= r < 0 ? vm_error(rq->vm, "open") : r;
	}
	if (rq->destroy && vmmctl_vm_destroy(rq->vm) < 0)
		rc |= vm_error(rq->vm, "destroy");
	return rc;
}

/* The fixed options, then --get-REG and --set-REG for every register. */
static struct option *build_options(void)
{
	static const struct option fixed[] = {
		{ "capabilities", no_argument, NULL, OPT_CAPS },
		{ "hyp-ping", no_argument, NULL, OPT_PING },
		{ "vm", required_argument, NULL, OPT_VM },
		{ "cpu", required_argument, NULL, OPT_CPU },
		{ "create", no_argument, NULL, OPT_CREATE },
		{ "destroy", no_argument, NULL, OPT_DESTROY },
		{ "get-stats", no_argument, NULL, OPT_STATS },
		{ "force-reset", no_argument, NULL, OPT_RESET },
		{ "force-poweroff", no_argument, NULL, OPT_POWEROFF },
		{ "get-all", no_argument, NULL, OPT_GET_ALL },
		{ "list", no_argument, NULL, OPT_LIST },
		{ "request-poweroff", no_argument, NULL, OPT_REQ_POWEROFF },
		{ "top", no_argument, NULL, OPT_TOP },
		{ "interval", required_argument, NULL, OPT_INTERVAL },
		{ "count", required_argument, NULL, OPT_COUNT },
		{ "csv", required_argument, NULL, OPT_CSV },
		{ "help", no_argument, NULL, 'h' },
	};
	static char names[2][VM_REG_LAST][24];
	size_t nfixed = sizeof(fixed) / sizeof(fixed[0]);
	struct option *opts;
	int reg;

	opts = calloc(nfixed + 2 * VM_REG_LAST + 1, sizeof(*opts));
	if (opts == NULL)
		return NULL;
	memcpy(opts, fixed, sizeof(fixed));
	for (reg = 0; reg < VM_REG_LAST; reg++) {
		struct option *g = &opts[nfixed + 2 * reg];

		snprintf(names[0][reg], sizeof(names[0][reg]), "get-%s",
			 reg_names[reg]);
		snprintf(names[1][reg], sizeof(names[1][reg]), "set-%s",
			 reg_names[reg]);
		g[0] = (struct option){ names[0][reg], no_argument, NULL,
					OPT_GET_REG + reg };
		g[1] = (struct option){ names[1][reg], required_argument, NULL,
					OPT_SET_REG + reg };
	}
	return opts; /* the last entry stays zeroed */
}

static int parse_number(const char *prefix, const char *opt, const char *s,
			uint64_t *val)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end != '\0' || *s == '-') {
		fprintf(stderr, "%s: --%s%s: invalid number '%s'\n", progname,
			prefix, opt, s);
		return -1;
	}
	*val = v;
	return 0;
}

/* --interval=SECONDS: 0.1 to 3600, fractions allowed */
static int parse_interval(const char *s, double *val)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end != '\0' || !isfinite(v) || v < 0.1 ||
	    v > 3600) {
		fprintf(stderr,
			"%s: --interval=%s: want seconds, 0.1 to 3600\n",
			progname, s);
		return -1;
	}
	*val = v;
	return 0;
}

int main(int argc, char **argv)
{
	static struct request rq;
	struct option *opts;
	uint64_t v;
	int c, rc = 0;
	bool vm_op;

	opts = build_options();
	if (opts == NULL) {
		fprintf(stderr, "%s: %s\n", progname, strerror(errno));
		return 1;
	}
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_CAPS:
			rq.caps = true;
			break;
		case OPT_PING:
			rq.ping = true;
			break;
		case OPT_VM:
			rq.vm = optarg;
			break;
		case OPT_CPU:
			if (strcmp(optarg, "all") == 0) {
				rq.cpu = CPU_ALL;
				break;
			}
			if (parse_number("", "cpu", optarg, &v) < 0)
				return 1;
			if (v >= VM_MAXCPU) {
				fprintf(stderr, "%s: --cpu: at most %d\n",
					progname, VM_MAXCPU - 1);
				return 1;
			}
			rq.cpu = (int)v;
			break;
		case OPT_CREATE:
			rq.create = true;
			break;
		case OPT_DESTROY:
			rq.destroy = true;
			break;
		case OPT_STATS:
			rq.stats = true;
			break;
		case OPT_RESET:
			rq.reset = true;
			break;
		case OPT_POWEROFF:
			rq.poweroff = true;
			break;
		case OPT_GET_ALL:
			rq.get_all = true;
			break;
		case OPT_LIST:
			rq.list = true;
			break;
		case OPT_REQ_POWEROFF:
			rq.req_poweroff = true;
			break;
		case OPT_TOP:
			rq.top = true;
			break;
		case OPT_INTERVAL:
			if (parse_interval(optarg, &rq.topo.interval) < 0)
				return 1;
			rq.top_opt = true;
			break;
		case OPT_COUNT:
			if (parse_number("", "count", optarg, &v) < 0)
				return 1;
			if (v < 1 || v > 1000000000) {
				fprintf(stderr,
					"%s: --count=%s: want 1 to 1000000000 "
					"frames\n",
					progname, optarg);
				return 1;
			}
			rq.topo.count = (long)v;
			rq.top_opt = true;
			break;
		case OPT_CSV:
			rq.topo.csv = optarg;
			rq.top_opt = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			if (c >= OPT_SET_REG && c < OPT_SET_REG + VM_REG_LAST) {
				int reg = c - OPT_SET_REG;

				if (parse_number("set-", reg_names[reg], optarg,
						 &v) < 0)
					return 1;
				rq.set[reg] = true;
				rq.setval[reg] = v;
				break;
			}
			if (c >= OPT_GET_REG && c < OPT_GET_REG + VM_REG_LAST) {
				rq.get[c - OPT_GET_REG] = true;
				break;
			}
			usage(stderr);
			return 1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", progname,
			argv[optind]);
		usage(stderr);
		return 1;
	}
	if (rq.top_opt && !rq.top) {
		fprintf(stderr,
			"%s: --interval, --count and --csv go with --top\n",
			progname);
		return 1;
	}
	vm_op = rq.create || rq.destroy || rq.stats || rq.reset ||
		rq.poweroff || rq.get_all || rq.req_poweroff || rq.top;
	for (c = 0; c < VM_REG_LAST; c++)
		vm_op = vm_op || rq.get[c] || rq.set[c];
	if (vm_op && rq.vm == NULL) {
		fprintf(stderr, "%s: --vm=NAME is needed for VM operations\n",
			progname);
		return 1;
	}
	if (rq.cpu == CPU_ALL) {
		for (c = 0; c < VM_REG_LAST; c++)
			if (rq.get[c] || rq.set[c] || rq.get_all)
				break;
		if (c < VM_REG_LAST || !rq.stats) {
			fprintf(stderr,
				"%s: --cpu=all goes with --get-stats only\n",
				progname);
			return 1;
		}
	}
	rq.topo.vm = rq.vm;
	if (rq.topo.interval == 0)
		rq.topo.interval = 1;
	if (!rq.caps && !rq.ping && !rq.list && !vm_op) {
		usage(stderr);
		return 1;
	}
	if (rq.caps)
		rc |= show_capabilities();
	if (rq.ping)
		rc |= hyp_ping();
	if (rq.list)
		rc |= list_vms();
	if (vm_op)
		rc |= vm_ops(&rq);
	free(opts);
	return rc;
}
