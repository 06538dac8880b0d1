// SPDX-License-Identifier: BSD-2-Clause
/*
 * bhyvectl: inspect and control vmm.ko and its virtual machines.
 * Host-wide: --capabilities (what the module found), --hyp-ping.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmmapi.h"

static const char *progname = "bhyvectl";

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [options]\n"
		"  --capabilities   show what vmm.ko found on this host\n"
		"  --hyp-ping       call the lowvisor on every online CPU\n"
		"  -h, --help       this text\n",
		progname);
}

static int vmm_error(const char *what)
{
	int e = errno;

	fprintf(stderr, "%s: %s: %s%s\n", progname, what, strerror(e),
		(e == ENOENT || e == ENODEV || e == ENXIO) ?
			" (is vmm.ko loaded?)" :
			"");
	return 1;
}

static int show_capabilities(void)
{
	struct vmm_caps c;

	if (vmmctl_get_caps(&c) < 0)
		return vmm_error(VMMCTL_PATH);
	printf("HYP mode:            installed on %u/%u CPUs\n", c.ncpus_hyp,
	       c.ncpus_online);
	printf("GIC:                 GICv%u (%.*s)\n", c.gic_version,
	       (int)sizeof(c.gic_compatible), c.gic_compatible);
	printf("GIC hyp interface:   GICH %#llx+%#llx, GICV %#llx+%#llx\n",
	       (unsigned long long)c.gich_base, (unsigned long long)c.gich_size,
	       (unsigned long long)c.gicv_base, (unsigned long long)c.gicv_size);
	printf("GIC list registers:  %u\n", c.gic_lrs);
	printf("GIC priority bits:   %u\n", c.gic_pri_bits);
	printf("Maintenance IRQ:     INTID %u\n", c.maint_intid);
	printf("Virtual timer PPI:   INTID %u (PPI %u)\n", c.vtimer_intid,
	       c.vtimer_intid - 16);
	printf("VMID bits:           %u\n", c.vmid_bits);
	printf("IPA size:            %u bits\n", c.ipa_bits);
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
			   c->mode == 0x1a;

		printf("cpu%u: %s mode=%#x HSCTLR=%#010x HVBAR=%#010x\n",
		       c->cpu, good ? "ok" : "NO ANSWER", c->mode, c->hsctlr,
		       c->hvbar);
		ok += good;
	}
	printf("HYP ping: %u/%u CPUs answered\n", ok, p.ncpus);
	return ok == p.ncpus && ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	enum { OPT_CAPS = 256, OPT_PING };
	static const struct option opts[] = {
		{ "capabilities", no_argument, NULL, OPT_CAPS },
		{ "hyp-ping", no_argument, NULL, OPT_PING },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, caps = 0, ping = 0, rc = 0;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_CAPS:
			caps = 1;
			break;
		case OPT_PING:
			ping = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
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
	if (!caps && !ping) {
		usage(stderr);
		return 1;
	}
	if (caps)
		rc |= show_capabilities();
	if (ping)
		rc |= hyp_ping();
	return rc;
}
