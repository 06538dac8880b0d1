// SPDX-License-Identifier: BSD-2-Clause
/*
 * vmm_fuzz [-n ops] [-s seed] [-p procs] [-t threads]: random operations
 * on vmm.ko from several processes and threads at once. Commands near the
 * valid ones, random sizes and argument pointers (NULL, unmapped, kernel,
 * misaligned, crossing into a guard page), valid structs with one field
 * made random, VM create/destroy, guest memory set-up, mmap of the VM
 * device at random offsets and lengths cut up by munmap, mprotect and
 * mremap, and VM_RUN of a tiny guest. Results are not checked: the host
 * must survive and the kernel log stay clean, which the scenario checks.
 * The same seed gives the same operations per worker (not the same
 * interleaving). Prints the seed and a count per kind of operation.
 */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64 /* run pages sit above 4 GiB of offsets */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "board/virt.h"
#include "uapi/vmm_dev.h"

#define NNAMES	 4 /* VMs the workers share, so they race on them */
#define NFDS	 6 /* open VM files per worker */
#define NMAPS	 6 /* mappings per worker */
#define PG	 4096ul
#define GUEST_GPA 0x40000000ull

static const unsigned long cmds[] = {
	VMMCTL_GET_CAPS, VMMCTL_HYP_PING, VMMCTL_VM_CREATE, VMMCTL_VM_DESTROY,
	VMMCTL_VM_COUNT,
	VM_ALLOC_MEMSEG, VM_GET_MEMSEG,	  VM_MMAP_MEMSEG,    VM_GET_REGISTER,
	VM_SET_REGISTER, VM_ACTIVATE_CPU, VM_RUN,	     VM_SUSPEND,
	VM_STATS,	 VM_STAT_DESC,	  VM_ASSERT_IRQ,     VM_DEASSERT_IRQ,
	VM_ATTACH_VGIC,
};
#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

enum op {
	OP_CREATE, OP_DESTROY, OP_OPEN, OP_CLOSE, OP_IOCTL, OP_MEMSEG,
	OP_MMAP, OP_CUT, OP_TOUCH, OP_RUN, OP_NR
};
static const char *const op_names[OP_NR] = {
	[OP_CREATE] = "create", [OP_DESTROY] = "destroy", [OP_OPEN] = "open",
	[OP_CLOSE] = "close",	[OP_IOCTL] = "ioctl",	  [OP_MEMSEG] = "memory",
	[OP_MMAP] = "mmap",	[OP_CUT] = "cut",	  [OP_TOUCH] = "touch",
	[OP_RUN] = "run",
};

/* Guest code at GUEST_GPA: an MMIO read of the test device, SYSTEM_OFF. */
static const uint32_t tiny_guest[] = {
	0xe3001000, /* movw r1, #0 */
	0xe3401b00, /* movt r1, #0x0b00 */
	0xe5910000, /* ldr r0, [r1] */
	0xe3000008, /* movw r0, #8 */
	0xe3480400, /* movt r0, #0x8400: PSCI SYSTEM_OFF */
	0xe1400070, /* hvc #0 */
	0xeafffffe, /* b . */
};

struct map {
	char *p;
	size_t len;
};

struct worker {
	unsigned int id;
	uint64_t rng;
	unsigned long ops;
	int ctl;
	int fds[NFDS];
	struct map maps[NMAPS];
	char *buf; /* two pages; the page after them is a guard */
	unsigned long count[OP_NR];
	pthread_t thread;
	int joined;
};

static __thread sigjmp_buf *fault_jmp;
static char *unmapped_page;

static uint32_t rnd(struct worker *w)
{
	/* xorshift64*: fast, and good enough to pick operations. */
	w->rng ^= w->rng >> 12;
	w->rng ^= w->rng << 25;
	w->rng ^= w->rng >> 27;
	return (uint32_t)((w->rng * 0x2545f4914f6cdd1dull) >> 32);
}

static uint32_t below(struct worker *w, uint32_t n)
{
	return rnd(w) % n;
}

static uint64_t rnd64(struct worker *w)
{
	return (uint64_t)rnd(w) << 32 | rnd(w);
}

/* A value near the edges a kernel check gets wrong, or anything. */
static uint64_t edgy(struct worker *w)
{
	static const uint64_t v[] = {
		0, 1, 2, 7, 8, 15, 16, 31, 32, 63, 64, 0xfff, 0x1000, 0x10000,
		0x100000, 0x200000, 0x3ffff000, 0x40000000, 0x40001000,
		0xffffffff, 0x100000000ull, 0xfffffffffffff000ull, ~0ull,
		0x7fffffff, 0x80000000,
	};

	if (below(w, 3))
		return v[below(w, sizeof(v) / sizeof(v[0]))];
	return rnd64(w);
}

static void vm_name(struct worker *w, char *name, size_t len)
{
	snprintf(name, len, "fz%u", below(w, NNAMES));
}

static int ctl_name(struct worker *w, unsigned long cmd)
{
	struct vmmctl_vm v;

	memset(&v, 0, sizeof(v));
	vm_name(w, v.name, sizeof(v.name));
	return ioctl(w->ctl, cmd, &v);
}

static int open_vm(struct worker *w)
{
	char path[64];

	snprintf(path, sizeof(path), "/dev/vmm/fz%u", below(w, NNAMES));
	return open(path, O_RDWR | O_CLOEXEC);
}

static int pick_fd(struct worker *w)
{
	switch (below(w, 8)) {
	case 0:
		return w->ctl;
	case 1:
		return below(w, 2) ? -1 : 1000;
	default:
		return w->fds[below(w, NFDS)];
	}
}

/* A valid-looking argument for cmd, with one field made random. */
static void fill_arg(struct worker *w, unsigned long cmd, void *arg)
{
	size_t size = _IOC_SIZE(cmd);
	uint32_t *words = arg;

	memset(arg, 0, size);
	switch (cmd) {
	case VMMCTL_VM_CREATE:
	case VMMCTL_VM_DESTROY:
		vm_name(w, arg, VM_MAX_NAMELEN);
		break;
	case VM_ALLOC_MEMSEG:
		((struct vm_memseg *)arg)->segid = below(w, VM_MAX_MEMSEGS);
		((struct vm_memseg *)arg)->len = (1 + below(w, 64)) * PG;
		break;
	case VM_MMAP_MEMSEG: {
		struct vm_memmap *m = arg;

		m->segid = below(w, 2);
		m->gpa = GUEST_GPA + below(w, 64) * PG;
		m->len = (1 + below(w, 16)) * PG;
		m->flags = below(w, 4);
		break;
	}
	case VM_GET_REGISTER:
	case VM_SET_REGISTER:
		((struct vm_register *)arg)->regnum = below(w, VM_REG_LAST);
		((struct vm_register *)arg)->regval = rnd(w);
		break;
	case VM_SUSPEND:
		((struct vm_suspend *)arg)->how = below(w, VM_SUSPEND_LAST);
		break;
	case VM_ASSERT_IRQ:
	case VM_DEASSERT_IRQ:
		((struct vm_irq *)arg)->irq = 32 + below(w, 64);
		break;
	}
	/* One word of it anything, sometimes. */
	if (size >= 4 && below(w, 2))
		words[below(w, size / 4)] = (uint32_t)edgy(w);
}

/* A command near a valid one: another size, direction, number or type. */
static unsigned long near_cmd(struct worker *w)
{
	unsigned long cmd = cmds[below(w, NCMDS)];

	switch (below(w, 8)) {
	case 0:
		return _IOC(_IOC_DIR(cmd), _IOC_TYPE(cmd), _IOC_NR(cmd),
			    below(w, 2) ? below(w, 1 << 14) :
					  _IOC_SIZE(cmd) + below(w, 9) - 4);
	case 1:
		return _IOC(below(w, 4), _IOC_TYPE(cmd), _IOC_NR(cmd),
			    _IOC_SIZE(cmd));
	case 2:
		return _IOC(_IOC_DIR(cmd), _IOC_TYPE(cmd), below(w, 256),
			    _IOC_SIZE(cmd));
	case 3:
		return below(w, 2) ? rnd(w) :
				     _IOC(_IOC_DIR(cmd), below(w, 256),
					  _IOC_NR(cmd), _IOC_SIZE(cmd));
	default:
		return cmd;
	}
}

static void *arg_ptr(struct worker *w, unsigned long cmd)
{
	size_t size = _IOC_SIZE(cmd);

	switch (below(w, 10)) {
	case 0:
		return NULL;
	case 1:
		return unmapped_page + below(w, PG);
	case 2:
		return (void *)(uintptr_t)(0xc0000000u + below(w, 1 << 28));
	case 3:
		/*
		 * Below mmap_min_addr: never mapped. A fully random pointer
		 * could land in this process's own heap or stack, and the
		 * kernel would then rightly scribble over the fuzzer.
		 */
		return (void *)(uintptr_t)below(w, 0x1000);
	case 4: /* crossing into the guard page */
		if (size >= 2 * PG)
			return w->buf;
		return w->buf + 2 * PG - (size ? below(w, size) + 1 : 1);
	case 5: /* misaligned, otherwise valid */
		if (size < 2 * PG)
			fill_arg(w, cmd, w->buf + 1);
		return w->buf + 1;
	default:
		if (size <= 2 * PG)
			fill_arg(w, cmd, w->buf);
		return w->buf;
	}
}

static void do_ioctl(struct worker *w)
{
	unsigned long cmd = below(w, 3) ? cmds[below(w, NCMDS)] : near_cmd(w);
	int fd = pick_fd(w);

	/* Host-wide calls on the control file: also ok, but keep them rare. */
	if (cmd == VMMCTL_HYP_PING && below(w, 8))
		return;
	(void)ioctl(fd, cmd, arg_ptr(w, cmd));
}

static void do_memseg(struct worker *w)
{
	struct vm_memseg seg;
	struct vm_memmap map;
	int fd = w->fds[below(w, NFDS)];

	memset(&seg, 0, sizeof(seg));
	seg.segid = below(w, 4) ? 0 : below(w, VM_MAX_MEMSEGS + 1);
	/* Small, or surely too large: never a real strain on host memory. */
	seg.len = below(w, 8) ? (1 + below(w, 256)) * PG : (edgy(w) | 1ull << 32);
	if (!below(w, 8))
		seg.len += below(w, PG);
	(void)ioctl(fd, VM_ALLOC_MEMSEG, &seg);
	memset(&map, 0, sizeof(map));
	map.segid = seg.segid;
	map.gpa = below(w, 4) ? GUEST_GPA + below(w, 256) * PG : edgy(w);
	map.segoff = below(w, 4) ? 0 : edgy(w) & ~(PG - 1);
	map.len = below(w, 4) ? (1 + below(w, 256)) * PG : edgy(w);
	map.flags = below(w, 8) ? below(w, 4) : rnd(w);
	(void)ioctl(fd, VM_MMAP_MEMSEG, &map);
}

static void do_mmap(struct worker *w)
{
	struct map *m = &w->maps[below(w, NMAPS)];
	off_t off = below(w, 4) ? (off_t)(GUEST_GPA + below(w, 64) * PG) :
		    below(w, 2) ? (off_t)(VM_RUN_PAGE_OFFSET(0) - 2 * PG +
					  (uint64_t)below(w, 12) * PG) :
				  (off_t)(rnd(w) & ~(PG - 1));
	size_t len = (1 + below(w, 32)) * PG;
	int prot = below(w, 4) ? PROT_READ | PROT_WRITE : below(w, 8);
	int flags = below(w, 8) ? MAP_SHARED : MAP_PRIVATE;
	void *p;

	if (!below(w, 8))
		len += below(w, PG); /* a partial page at the end */
	if (m->p) {
		munmap(m->p, m->len);
		m->p = NULL;
	}
	p = mmap(NULL, len, prot, flags, w->fds[below(w, NFDS)], off);
	if (p != MAP_FAILED) {
		m->p = p;
		m->len = (len + PG - 1) & ~(PG - 1);
	}
}

/* Cut a mapping up: partial munmap, mprotect of a page, mremap. */
static void do_cut(struct worker *w)
{
	struct map *m = &w->maps[below(w, NMAPS)];
	size_t pages, at, n;
	void *p, *r;

	if (!m->p)
		return;
	pages = m->len / PG;
	at = below(w, pages);
	n = 1 + below(w, pages - at);
	switch (below(w, 4)) {
	case 0:
		munmap(m->p + at * PG, n * PG);
		if (at == 0) {
			if (n == pages) {
				m->p = NULL;
			} else {
				m->p += n * PG; /* keep the tail */
				m->len -= n * PG;
			}
		} else {
			/* keep the head; the tail stays mapped, forgotten
			 * until the process ends, which must be fine too */
			m->len = at * PG;
		}
		break;
	case 1:
		mprotect(m->p + at * PG, n * PG, below(w, 8));
		break;
	case 2: /* move part of it */
		r = mmap(NULL, n * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
		if (r == MAP_FAILED)
			break;
		p = mremap(m->p + at * PG, n * PG, n * PG,
			   MREMAP_MAYMOVE | MREMAP_FIXED, r);
		if (p == MAP_FAILED)
			munmap(r, n * PG);
		else
			munmap(p, n * PG);
		if (at == 0) {
			m->p = n == pages ? NULL : m->p + n * PG;
			m->len -= n * PG;
		} else {
			m->len = at * PG;
		}
		break;
	default: /* shrink or (refused) grow in place */
		p = mremap(m->p, m->len, below(w, 2) ? at * PG : m->len + PG,
			   0);
		if (p != MAP_FAILED && at)
			m->len = at * PG;
		else if (p != MAP_FAILED)
			m->p = NULL;
		break;
	}
}

static void on_fault(int sig)
{
	(void)sig;
	if (fault_jmp)
		siglongjmp(*fault_jmp, 1);
	_exit(3);
}

/* Read or write mapped guest memory: SIGBUS/SIGSEGV are expected. */
static void do_touch(struct worker *w)
{
	struct map *m = &w->maps[below(w, NMAPS)];
	volatile char *p;
	sigjmp_buf jb;

	if (!m->p)
		return;
	p = m->p + below(w, m->len);
	if (sigsetjmp(jb, 1) == 0) {
		fault_jmp = &jb;
		if (below(w, 2))
			*p = (char)rnd(w);
		else
			(void)*p;
	}
	fault_jmp = NULL;
}

/* A VM of this worker's own with a tiny guest, run to its end. */
static void do_run(struct worker *w)
{
	struct vm_memseg seg = { .segid = 0, .len = 64 << 10 };
	struct vm_memmap map = { .gpa = GUEST_GPA, .len = 64 << 10,
				 .flags = VM_MEMMAP_F_WRITE |
					  VM_MEMMAP_F_EXEC };
	struct vm_register reg = { .cpuid = 0 };
	struct vm_activate_cpu act = { .vcpuid = 0 };
	struct vm_vgic_desc gic = {
		.dist_gpa = VIRT_GICD_BASE, .dist_size = VIRT_GICD_SIZE,
		.cpu_gpa = VIRT_GICC_BASE, .cpu_size = VIRT_GICC_SIZE,
	};
	struct vmmctl_vm v;
	struct vm_run_page *rp = MAP_FAILED;
	char path[64];
	void *p = MAP_FAILED;
	int fd, i;

	memset(&v, 0, sizeof(v));
	snprintf(v.name, sizeof(v.name), "fzrun%u", w->id);
	snprintf(path, sizeof(path), "/dev/vmm/%s", v.name);
	if (ioctl(w->ctl, VMMCTL_VM_CREATE, &v) < 0)
		return;
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, VM_ALLOC_MEMSEG, &seg) < 0 ||
	    ioctl(fd, VM_MMAP_MEMSEG, &map) < 0)
		goto out;
	p = mmap(NULL, 64 << 10, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 GUEST_GPA);
	if (p == MAP_FAILED)
		goto out;
	memcpy(p, tiny_guest, sizeof(tiny_guest));
	reg.regnum = VM_REG_GUEST_PC;
	reg.regval = GUEST_GPA;
	ioctl(fd, VM_SET_REGISTER, &reg);
	reg.regnum = VM_REG_GUEST_CPSR;
	reg.regval = 0x1d3;
	ioctl(fd, VM_SET_REGISTER, &reg);
	if (below(w, 4) == 0) { /* and one register anything */
		reg.regnum = below(w, VM_REG_LAST);
		reg.regval = edgy(w);
		ioctl(fd, VM_SET_REGISTER, &reg);
	}
	ioctl(fd, VM_ATTACH_VGIC, &gic);
	ioctl(fd, VM_ACTIVATE_CPU, &act);
	/* Half the runs read their exits, the other half run blind. */
	if (below(w, 2))
		rp = mmap(NULL, VM_RUN_PAGE_SIZE, PROT_READ | PROT_WRITE,
			  MAP_SHARED, fd, VM_RUN_PAGE_OFFSET(0));
	for (i = 0; i < 4; i++) {
		if (ioctl(fd, VM_RUN, 0ul) < 0)
			break;
		if (rp == MAP_FAILED)
			continue;
		if (rp->exit.exitcode == VM_EXITCODE_SUSPENDED)
			break;
		rp->exit.u.mmio.data = rnd(w);
	}
	if (rp != MAP_FAILED)
		munmap(rp, VM_RUN_PAGE_SIZE);
	/* Half the time destroy it with the mapping and file still open. */
	if (below(w, 2))
		ioctl(w->ctl, VMMCTL_VM_DESTROY, &v);
out:
	if (p != MAP_FAILED)
		munmap(p, 64 << 10);
	if (fd >= 0)
		close(fd);
	ioctl(w->ctl, VMMCTL_VM_DESTROY, &v);
}

static void one_op(struct worker *w)
{
	unsigned int r = below(w, 100), i;
	enum op op;

	op = r < 5 ? OP_CREATE : r < 9 ? OP_DESTROY : r < 17 ? OP_OPEN :
	     r < 22 ? OP_CLOSE : r < 60 ? OP_IOCTL : r < 68 ? OP_MEMSEG :
	     r < 78 ? OP_MMAP : r < 86 ? OP_CUT : r < 96 ? OP_TOUCH : OP_RUN;
	w->count[op]++;
	switch (op) {
	case OP_CREATE:
		ctl_name(w, VMMCTL_VM_CREATE);
		break;
	case OP_DESTROY:
		ctl_name(w, VMMCTL_VM_DESTROY);
		break;
	case OP_OPEN:
		i = below(w, NFDS);
		if (w->fds[i] >= 0)
			close(w->fds[i]);
		w->fds[i] = open_vm(w);
		break;
	case OP_CLOSE:
		i = below(w, NFDS);
		if (w->fds[i] >= 0)
			close(w->fds[i]);
		w->fds[i] = -1;
		break;
	case OP_IOCTL:
		do_ioctl(w);
		break;
	case OP_MEMSEG:
		do_memseg(w);
		break;
	case OP_MMAP:
		do_mmap(w);
		break;
	case OP_CUT:
		do_cut(w);
		break;
	case OP_TOUCH:
		do_touch(w);
		break;
	default:
		do_run(w);
		break;
	}
}

static unsigned long nops;

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	unsigned long i;

	for (i = 0; i < nops; i++)
		one_op(w);
	return NULL;
}

static void on_kick(int sig)
{
	(void)sig; /* only interrupts a blocked call, such as VM_RUN */
}

/* One process: its threads, a kicker so no VM_RUN blocks for long. */
static int process_main(unsigned int pid, unsigned int nthreads,
			uint64_t seed)
{
	struct worker *ws = calloc(nthreads, sizeof(*ws));
	struct sigaction sa;
	unsigned int t, i, k;
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	unsigned long total[OP_NR] = { 0 };
	int running;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fault;
	sa.sa_flags = SA_NODEFER;
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	sa.sa_handler = on_kick;
	sa.sa_flags = 0; /* no SA_RESTART: a kicked call returns EINTR */
	sigaction(SIGUSR1, &sa, NULL);
	for (t = 0; t < nthreads; t++) {
		struct worker *w = &ws[t];

		w->id = pid * 16 + t;
		w->rng = (seed ^ (0x9e3779b97f4a7c15ull * (w->id + 1))) | 1;
		w->ctl = open("/dev/vmmctl", O_RDWR | O_CLOEXEC);
		for (i = 0; i < NFDS; i++)
			w->fds[i] = -1;
		w->buf = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (w->ctl < 0 || w->buf == MAP_FAILED) {
			perror("vmm_fuzz: set-up");
			return 2;
		}
		munmap(w->buf + 2 * PG, PG);
		pthread_create(&w->thread, NULL, worker_main, w);
	}
	do {
		nanosleep(&ts, NULL);
		running = 0;
		for (t = 0; t < nthreads; t++) {
			if (ws[t].joined)
				continue;
			if (pthread_tryjoin_np(ws[t].thread, NULL) == 0) {
				ws[t].joined = 1;
				continue;
			}
			pthread_kill(ws[t].thread, SIGUSR1);
			running = 1;
		}
	} while (running);
	for (t = 0; t < nthreads; t++)
		for (k = 0; k < OP_NR; k++)
			total[k] += ws[t].count[k];
	printf("vmm_fuzz: process %u:", pid);
	for (k = 0; k < OP_NR; k++)
		printf(" %s %lu", op_names[k], total[k]);
	printf("\n");
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int procs = 2, threads = 2, p;
	uint64_t seed = 1;
	int c, status, rc = 0;
	pid_t pids[8];
	struct vmmctl_vm v;
	int ctl;

	nops = 3000;
	while ((c = getopt(argc, argv, "n:s:p:t:")) != -1) {
		switch (c) {
		case 'n':
			nops = strtoul(optarg, NULL, 0);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'p':
			procs = strtoul(optarg, NULL, 0);
			break;
		case 't':
			threads = strtoul(optarg, NULL, 0);
			break;
		default:
			fprintf(stderr, "usage: vmm_fuzz [-n ops] [-s seed] "
					"[-p procs] [-t threads]\n");
			return 2;
		}
	}
	if (procs < 1 || procs > 8 || threads < 1 || threads > 8) {
		fprintf(stderr, "vmm_fuzz: 1-8 processes and threads\n");
		return 2;
	}
	/* ops in all, shared out over the workers */
	nops = (nops + procs * threads - 1) / (procs * threads);
	printf("vmm_fuzz: seed %" PRIu64 ", %u processes x %u threads x %lu "
	       "ops\n", seed, procs, threads, nops);
	fflush(stdout);
	unmapped_page = mmap(NULL, PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			     -1, 0);
	munmap(unmapped_page, PG);
	for (p = 0; p < procs; p++) {
		pids[p] = fork();
		if (pids[p] == 0) {
			c = process_main(p, threads, seed);
			fflush(stdout);
			_exit(c);
		}
	}
	for (p = 0; p < procs; p++) {
		if (waitpid(pids[p], &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status)) {
			fprintf(stderr, "vmm_fuzz: process %u ended with "
					"status 0x%x\n", p, status);
			rc = 1;
		}
	}
	/* Leave no VM behind. */
	ctl = open("/dev/vmmctl", O_RDWR | O_CLOEXEC);
	for (p = 0; p < NNAMES + 16 * 8; p++) {
		memset(&v, 0, sizeof(v));
		snprintf(v.name, sizeof(v.name), p < NNAMES ? "fz%u" : "fzrun%u",
			 p < NNAMES ? p : p - NNAMES);
		ioctl(ctl, VMMCTL_VM_DESTROY, &v);
	}
	close(ctl);
	printf("vmm_fuzz: done\n");
	return rc;
}
