// SPDX-License-Identifier: BSD-2-Clause
/*
 * bhyve: run a virtual machine on vmm.ko.
 *
 *	bhyve [-hD] [-c ncpus] [-m memsize[K|M|G]] [-k config_file]
 *	      [-o key=value]... [-s slot,emulation[,conf]]... vmname
 *
 * The command line only fills the configuration tree (config.h); the VM is
 * then built from these variables (bhyve_config(5) names):
 *
 *	name			the VM, /dev/vmm/NAME (the operand)
 *	cpus			vCPUs, 1 to VM_MAXCPU (-c); vCPU 0 boots,
 *				the others wait until the guest starts them
 *	memory.size		guest RAM, default 256M (-m)
 *	destroy_on_poweroff	"true" (-D): destroy the VM when bhyve exits
 *	config.dump		"true": print the configuration, exit 1
 *
 * and those of the machine (how it boots: bootrom, kernel, ramimage,
 * initrd, bootargs, dtb.dump; see arm/bhyverun_machdep.c) and of its devices
 * (the board's own, e.g. console and testdev, and the virtio-mmio slots
 * -s adds: devemu.h, slots.h), each read where it is used.
 *
 * Any other variable is an error (status 4, one line naming it), as a
 * misspelt one would otherwise be ignored without a word.
 *
 *	poweroff.timeout	seconds the guest has to power off after
 *				SIGTERM pressed its power button
 *				(poweroff.h); default 30, 0: stop at once
 *
 * Exit status, as bhyve(8): 0 the guest rebooted, 1 it powered off (or
 * bhyve was stopped by SIGINT/SIGHUP, or a second SIGTERM), 2 it halted,
 * 4 an error; and 5: the guest ignored the power button for
 * poweroff.timeout seconds after SIGTERM, and the VM was destroyed.
 *
 * While it runs, /run/bhyve/NAME/pid holds bhyve's pid (rundir.h), for
 * bhyvectl --list and --request-poweroff.
 *
 * An existing VM: FreeBSD's bhyve boots an existing VM again after
 * re-initialising it (vm_reinit), which fails while the VM runs. Here a
 * running bhyve holds an exclusive flock(2) on /dev/vmm/NAME, so a second
 * bhyve for the same VM gets "already running" (status 4) and leaves it
 * alone; a VM that nobody runs is re-initialised. The ABI has no
 * VM_REINIT yet, so that is done by destroying the VM and creating it
 * again (guest RAM is not kept; what it boots is loaded anyway). So every
 * VM bhyve runs is one it created, and the kernel destroys it when
 * bhyve's descriptor goes (VM_SET_AUTODESTROY), whatever ends bhyve: -D
 * says the same for an orderly exit.
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "vmmapi.h"

#include "bhyverun.h"
#include "config.h"
#include "config_check.h"
#include "devemu.h"
#include "errmsg.h"
#include "device.h"
#include "mem.h"
#include "mevent.h"
#include "poweroff.h"
#include "rundir.h"
#include "slots.h"
#include "uart_backend.h"

#define DEFAULT_MEMSIZE "256M"

struct bhyve_opts {
	const char *name;
	int ncpus;
	size_t memsize;
	bool destroy;
	long long halt_poll_ns; /* -1: the module's */
};

const char *vmname = "?";
static struct vmctx *volatile sig_ctx; /* what the signal handler stops */
static volatile sig_atomic_t stop_signal;

void vmm_errmsg(const char *what)
{
	int e = errno;

	errmsg("%s: %s%s", what, strerror(e), vmm_errno_hint(e));
}

static void usage(FILE *fp)
{
	fprintf(fp,
		"usage: bhyve [-hD] [-c ncpus] [-m memsize[K|M|G]] "
		"[-k config_file] [-o key=value]...\n"
		"             [-s slot,emulation[,conf]]... vmname\n"
		"  -c ncpus     number of vCPUs (1-%d)\n"
		"  -D           destroy the VM when bhyve exits\n"
		"  -h           this help\n"
		"  -k file      read key=value configuration lines\n"
		"  -m memsize   guest RAM (default " DEFAULT_MEMSIZE
		"; a bare number below 1M is MiB)\n"
		"  -o key=value set a configuration variable, e.g.\n"
		"               bootrom=FILE (firmware: u-boot.bin), "
		"kernel=zImage,\n"
		"               initrd=FILE, bootargs=\"console=ttyAMA0\", "
		"ramimage=FILE,\n"
		"               console=stdio|pty, testdev=true,\n"
		"               poweroff.timeout=SECONDS (after SIGTERM; "
		"default 30)\n"
		"               dtb.dump=FILE (write the generated device "
		"tree)\n"
		"  -s slot,emulation[,conf]  a virtio-mmio device\n"
		"exit status: 0 reboot, 1 poweroff, 2 halt, 4 error, 5 the "
		"guest ignored\n"
		"             SIGTERM's power button: VM destroyed\n",
		VM_MAXCPU);
}

/* ---- configuration -> options ----------------------------------------- */

static int check_memsize(struct bhyve_opts *o)
{
	const char *s = get_config_value("memory.size");

	if (vm_parse_memsize(s, &o->memsize) < 0) {
		errmsg_at(config_origin("memory.size"),
			  "memory.size: invalid size '%s' (e.g. 256M, 1G)",
			  s ? s : "");
		return -1;
	}
	if (o->memsize == 0 || o->memsize % VM_PAGE_SIZE != 0) {
		errmsg_at(config_origin("memory.size"),
			  "memory.size '%s': must be a non-zero multiple of "
			  "%u bytes",
			  s, VM_PAGE_SIZE);
		return -1;
	}
	return bhyve_check_memsize(s, o->memsize);
}

static int get_opts(struct bhyve_opts *o)
{
	o->name = get_config_value("name");
	if (o->name == NULL) {
		errmsg("no VM name given: give vmname, or name=NAME in a -k "
		       "file (bhyve -h for help)");
		return -1;
	}
	if (!vm_name_valid(o->name)) {
		errmsg_at(config_origin("name"),
			  "invalid VM name '%s': 1-%d characters of A-Z a-z "
			  "0-9 _ . -",
			  o->name, VM_MAX_NAMELEN - 1);
		return -1;
	}
	vmname = o->name;
	if (config_get_cpus(VM_MAXCPU, &o->ncpus) < 0 || check_memsize(o) < 0)
		return -1;
	/* the board's devices' variables (console, testdev) */
	if (devemu_check_fixed() < 0 || poweroff_check() < 0 ||
	    config_get_bool("destroy_on_poweroff", false, &o->destroy) < 0 ||
	    config_get_halt_poll(&o->halt_poll_ns) < 0)
		return -1;
	return bhyve_check_boot(o->ncpus, o->memsize);
}

/* ---- the VM ------------------------------------------------------------ */

/* Create the VM, or take over an existing one nobody runs: see the top. */
static struct vmctx *do_open(const char *name)
{
	struct vmctx *ctx;
	bool created;
	int attempt;

	for (attempt = 0;; attempt++) {
		created = vm_create(name) == 0;
		if (!created && errno != EEXIST) {
			char why[128];

			errmsg("cannot create the VM: %s",
			       vm_create_strerror(errno, why, sizeof(why)));
			return NULL;
		}
		ctx = vm_open(name);
		if (ctx == NULL) {
			if (errno == EBUSY)
				errmsg("vm %s is already running", name);
			else
				vmm_errmsg("cannot open the VM");
			return NULL;
		}
		if (flock(vm_get_device_fd(ctx), LOCK_EX | LOCK_NB) < 0) {
			if (errno == EWOULDBLOCK)
				errmsg("vm %s is already running", name);
			else
				errmsg("vm %s: flock: %s", name,
				       strerror(errno));
			vm_close(ctx);
			return NULL;
		}
		/*
		 * A VM this bhyve made goes with it, however bhyve ends (kill
		 * -9, the OOM killer): nothing else could run it, and its RAM
		 * would stay pinned. A VM made with bhyvectl --create is
		 * never taken over as it is (below), so it stays persistent.
		 */
		if (created && vm_set_autodestroy(ctx) < 0) {
			vmm_errmsg("cannot tie the VM to bhyve");
			vm_destroy(ctx);
			return NULL;
		}
		if (created)
			return ctx;
		vm_close(ctx);
		/* a second EEXIST: another bhyve made it in the meantime */
		if (attempt > 0) {
			errmsg("vm %s is already running", name);
			return NULL;
		}
		if (vmmctl_vm_destroy(name) < 0 && errno != ENOENT) {
			if (errno == EBUSY)
				errmsg("vm %s is already running", name);
			else
				vmm_errmsg("cannot re-initialise the VM");
			return NULL;
		}
	}
}

/* ---- devices ----------------------------------------------------------- */

/*
 * Every device registers here, before the device tree is built and the
 * vCPUs start (the bus is sealed then): the board's own devices, then
 * the virtio-mmio slots. Each model is its own file (devemu.h).
 */
static int init_devices(const struct bhyve_opts *o, struct vmctx *ctx)
{
	device_reset_all();
	device_set_vm(ctx);
	if (devemu_init_fixed(ctx) < 0)
		return -1;
	/* virtio-mmio devices from -s (slots.h) */
	if (init_slots(ctx, o->name) < 0)
		return -1;
	return 0;
}

/* After mevent_stop: no callback runs any more. */
static void fini_devices(void)
{
	fini_slots();
	device_set_vm(NULL);
	devemu_fini_fixed();
	device_reset_all();
}

/*
 * The signal path suspends the VM (one ioctl, async-signal-safe), so even
 * a signal landing just before VM_RUN ends the run at once; the flag tells
 * the loop why it stopped. A first SIGTERM only asks the guest to power
 * off (poweroff.h).
 */
static void stop_handler(int sig)
{
	int e = errno;

	if (sig == SIGTERM && poweroff_request() == 0)
		return;
	stop_signal = sig;
	if (sig_ctx != NULL)
		(void)vm_suspend(sig_ctx, VM_SUSPEND_POWEROFF);
	errno = e;
}

static int install_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = stop_handler;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	/* no SA_RESTART: VM_RUN must come back with EINTR */
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) < 0)
			return -1;
	return 0;
}

/* The stores the module posted during the last run (coalesced MMIO). */
static int apply_coalesced(struct vcpu *vcpu)
{
	const struct vm_coalesced_write *w;
	uint64_t val;
	uint32_t i, n;

	w = vm_coalesced(vcpu, &n);
	for (i = 0; i < n; i++) {
		val = w[i].data;
		if (emulate_mem(vcpu_id(vcpu), w[i].gpa, (int)w[i].size, true,
				&val) < 0) {
			errmsg("vm %s: vcpu %d: posted write of invalid size "
			       "%u at %#" PRIx64, vmname, vcpu_id(vcpu),
			       w[i].size, (uint64_t)w[i].gpa);
			return -1;
		}
	}
	return 0;
}

/* The exit is read where the module left it: the vCPU's run page. */
static int vcpu_loop(struct vcpu *vcpu)
{
	struct vm_exit *vme = vm_exitinfo(vcpu);
	vmexit_handler_t handler;
	uint32_t code;
	int rc;

	if (vme == NULL) {
		vmm_errmsg("run page");
		return BHYVE_EXIT_ERROR;
	}
	for (;;) {
		if (stop_signal)
			return BHYVE_EXIT_POWEROFF;
		rc = vm_run(vcpu);
		/* posted writes come before the exit, in the guest's order */
		if (apply_coalesced(vcpu) < 0)
			return BHYVE_EXIT_ERROR;
		if (rc < 0) {
			if (errno == EINTR)
				continue; /* the flag is checked above */
			vmm_errmsg("VM_RUN");
			return BHYVE_EXIT_ERROR;
		}
		code = vme->exitcode;
		handler = vmexit_handler(code);
		if (handler == NULL) {
			errmsg("vm %s: vcpu %d: unknown exit code %u "
			       "(pc %#" PRIx64 ")",
			       vmname, vcpu_id(vcpu), code, (uint64_t)vme->pc);
			return BHYVE_EXIT_ERROR;
		}
		rc = handler(vcpu, vme);
		if (rc != VMEXIT_CONTINUE)
			return stop_signal ? BHYVE_EXIT_POWEROFF : rc;
	}
}

/*
 * One host thread per vCPU. The first vCPU whose loop ends decides bhyve's
 * exit status and stops the others by suspending the VM (a no-op when the
 * guest already did, e.g. PSCI SYSTEM_OFF).
 */
struct vcpu_thread {
	struct vmctx *ctx;
	struct vcpu *vcpu;
	pthread_t tid;
	bool started;
};

static pthread_mutex_t status_lock = PTHREAD_MUTEX_INITIALIZER;
static int first_status = -1;

static void vcpu_done(struct vmctx *ctx, int status)
{
	pthread_mutex_lock(&status_lock);
	if (first_status < 0) {
		first_status = status;
		(void)vm_suspend(ctx, status == BHYVE_EXIT_RESET ?
					      VM_SUSPEND_RESET :
				      status == BHYVE_EXIT_HALT ?
					      VM_SUSPEND_HALT :
					      VM_SUSPEND_POWEROFF);
	}
	pthread_mutex_unlock(&status_lock);
}

/* The guest ignored the power button: stop it (poweroff.h). */
static void poweroff_timed_out(void)
{
	if (sig_ctx != NULL)
		vcpu_done(sig_ctx, BHYVE_EXIT_FORCED);
}

static void *vcpu_thread_main(void *arg)
{
	struct vcpu_thread *t = arg;

	vcpu_done(t->ctx, vcpu_loop(t->vcpu));
	return NULL;
}

/* Runs vCPU 0 here and the others in their own threads; joins them all. */
static int run_vcpus(struct vmctx *ctx, struct vcpu_thread *t, int n)
{
	sigset_t stop, old;
	char tname[16];
	int i, err;

	/* Signals go to vCPU 0's thread: the others never see EINTR. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	for (i = 1; i < n; i++) {
		t[i].ctx = ctx;
		err = pthread_create(&t[i].tid, NULL, vcpu_thread_main, &t[i]);
		if (err) {
			errmsg("vcpu %d: cannot start its thread: %s", i,
			       strerror(err));
			vcpu_done(ctx, BHYVE_EXIT_ERROR);
			break;
		}
		t[i].started = true;
		/* what bhyvectl --list counts, and top -H shows */
		snprintf(tname, sizeof(tname), "vcpu %d", i);
		(void)pthread_setname_np(t[i].tid, tname);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	t[0].ctx = ctx;
	vcpu_thread_main(&t[0]);
	for (i = 1; i < n; i++)
		if (t[i].started)
			pthread_join(t[i].tid, NULL);
	return first_status;
}

/* The bus warned about the first access only; give the totals. */
static void report_unclaimed(void)
{
	struct mem_stats st;

	mem_get_stats(&st);
	if (st.unclaimed_reads + st.unclaimed_writes > 1)
		errmsg("vm %s: unclaimed MMIO accesses in all: reads %" PRIu64
		       ", writes %" PRIu64,
		       vmname, st.unclaimed_reads, st.unclaimed_writes);
}

/* ---- main -------------------------------------------------------------- */

/* 0: go on, 1: help shown, -1: error reported */
static int parse_args(int argc, char **argv)
{
	const char *s;
	int c;

	opterr = 0; /* our own one-line messages */
	while ((c = getopt(argc, argv, ":c:Dhk:m:o:s:")) != -1) {
		switch (c) {
		case 'c':
			/* FreeBSD's -c [cpus=]n; topology is not supported */
			s = strncmp(optarg, "cpus=", 5) ? optarg : optarg + 5;
			if (set_config_value("cpus", s) < 0)
				goto nomem;
			break;
		case 'D':
			if (set_config_bool("destroy_on_poweroff", true) < 0)
				goto nomem;
			break;
		case 'h':
			usage(stdout);
			return 1;
		case 'k':
			if (config_load_file(optarg) < 0)
				return -1;
			break;
		case 'm':
			if (set_config_value("memory.size", optarg) < 0)
				goto nomem;
			break;
		case 'o':
			if (parse_config_option(optarg) < 0) {
				errmsg("-o %s: %s", optarg,
				       config_strerror(errno));
				return -1;
			}
			break;
		case 's':
			/* virtio-mmio slots: the virtio models parse these */
			if (parse_slot_option(optarg) < 0)
				return -1;
			break;
		case ':':
			errmsg("option -%c needs an argument (bhyve -h for "
			       "help)",
			       optopt);
			return -1;
		default:
			errmsg("unknown option -%c (bhyve -h for help)",
			       optopt);
			return -1;
		}
	}
	if (argc - optind > 1) {
		errmsg("unexpected argument '%s' (bhyve -h for help)",
		       argv[optind + 1]);
		return -1;
	}
	if (argc - optind == 1 && set_config_value("name", argv[optind]) < 0) {
		errmsg("invalid VM name '%s'", argv[optind]);
		return -1;
	}
	return 0;
nomem:
	errmsg("%s", strerror(errno));
	return -1;
}

int main(int argc, char **argv)
{
	struct bhyve_opts o;
	bool devices = false;
	struct vmctx *ctx = NULL;
	struct vcpu_thread vcpus[VM_MAXCPU];
	bool dump, started = false;
	char pidfile[256] = "";
	int i, status = BHYVE_EXIT_ERROR;

	memset(&o, 0, sizeof(o));
	memset(vcpus, 0, sizeof(vcpus));
	/*
	 * A reader that leaves is an error to report, not a death: a closed
	 * stdout (with the terminal still raw), a console or dtb.dump FIFO.
	 */
	signal(SIGPIPE, SIG_IGN);
	init_config();
	if (set_config_value("memory.size", DEFAULT_MEMSIZE) < 0 ||
	    set_config_value("cpus", "1") < 0 ||
	    set_config_value("console", "stdio") < 0) {
		errmsg("%s", strerror(errno));
		return BHYVE_EXIT_ERROR;
	}
	switch (parse_args(argc, argv)) {
	case 0:
		break;
	case 1:
		return 0;
	default:
		return BHYVE_EXIT_ERROR;
	}
	if (config_check_vars() < 0)
		return BHYVE_EXIT_ERROR;
	if (config_get_bool("config.dump", false, &dump) < 0)
		return BHYVE_EXIT_ERROR;
	if (dump) {
		dump_config(stdout);
		return 1; /* as FreeBSD's bhyve */
	}
	if (get_opts(&o) < 0)
		goto out;

	ctx = do_open(o.name);
	if (ctx == NULL)
		goto out;
	/* ours now (the flock): bhyvectl --list and --request-poweroff */
	if (rundir_write_pid(o.name, pidfile, sizeof(pidfile)) < 0) {
		errmsg("%s/%s/pid: %s", rundir_base, o.name, strerror(errno));
		pidfile[0] = '\0';
		goto out;
	}
	/* from here on the VM is ours: -D destroys it on any exit */
	if (o.halt_poll_ns >= 0 &&
	    vm_set_halt_poll(ctx, (uint32_t)o.halt_poll_ns) < 0) {
		vmm_errmsg("cannot set halt_poll_ns");
		goto out;
	}
	if (vm_setup_memory(ctx, o.memsize, VM_MMAP_ALL) < 0) {
		char what[64];

		if (o.memsize % (1u << 20) == 0)
			snprintf(what, sizeof(what),
				 "cannot set up %zuM of guest RAM",
				 o.memsize >> 20);
		else
			snprintf(what, sizeof(what),
				 "cannot set up %zu bytes of guest RAM",
				 o.memsize);
		if (errno == ENOMEM)
			errmsg("%s: the host cannot spare it (guest RAM stays "
			       "in memory; vmm.ko leaves the host an eighth "
			       "of its RAM, at least 64M)", what);
		else
			vmm_errmsg(what);
		goto out;
	}
	if (bhyve_init_platform(ctx) < 0 || bhyve_load_firmware(ctx) < 0)
		goto out;
	devices = true;
	if (init_devices(&o, ctx) < 0)
		goto out;
	if (poweroff_init(poweroff_timed_out) < 0) {
		errmsg("power-off request: %s", strerror(errno));
		goto out;
	}
	if (bhyve_load_kernel(ctx) < 0)
		goto out;
	for (i = 0; i < o.ncpus; i++) {
		vcpus[i].vcpu = vm_vcpu_open(ctx, i);
		if (vcpus[i].vcpu == NULL) {
			errmsg("vcpu %d: %s", i, strerror(errno));
			goto out;
		}
		if (bhyve_init_vcpu(ctx, vcpus[i].vcpu) < 0)
			goto out;
		if (vm_activate_cpu(vcpus[i].vcpu) < 0) {
			char what[32];

			snprintf(what, sizeof(what), "cannot activate vcpu %d",
				 i);
			vmm_errmsg(what);
			goto out;
		}
	}

	sig_ctx = ctx;
	if (install_signals() < 0) {
		errmsg("sigaction: %s", strerror(errno));
		goto out;
	}
	/* e.g. the console's terminal in raw mode */
	if (devemu_start_fixed() < 0)
		goto out;
	/* from here vCPU threads look the bus up without a lock */
	mem_seal();
	if (mevent_start() < 0) {
		errmsg("event loop: %s", strerror(errno));
		goto out;
	}
	started = true;
	status = run_vcpus(ctx, vcpus, o.ncpus);
	mevent_stop();
	uart_backend_restore();
	report_unclaimed();
	if (stop_signal)
		errmsg("vm %s: stopped by %s", o.name,
		       stop_signal == SIGINT  ? "SIGINT" :
		       stop_signal == SIGTERM ? "SIGTERM" :
						"SIGHUP");
out:
	mevent_stop();
	uart_backend_restore();
	poweroff_fini();
	sig_ctx = NULL;
	bhyve_boot_close();
	for (i = 0; i < o.ncpus; i++)
		vm_vcpu_close(vcpus[i].vcpu);
	if (devices)
		fini_devices();
	if (ctx != NULL) {
		/*
		 * A VM whose set-up failed never ran, one whose guest ignored
		 * the power button is to go: do not leave them behind.
		 */
		if (o.destroy || !started || status == BHYVE_EXIT_FORCED)
			vm_destroy(ctx);
		else
			vm_close(ctx);
	}
	if (pidfile[0] != '\0')
		rundir_remove(pidfile);
	return status;
}
