// SPDX-License-Identifier: BSD-2-Clause
/* /dev/vmm/NAME wrappers: see vmmapi.h. */
#define _FILE_OFFSET_BITS 64 /* mmap offsets are guest-physical addresses */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vmmapi.h"

struct vmctx {
	int fd;
	char name[VM_MAX_NAMELEN];
	vm_paddr_t lowmem_base;
	size_t lowmem_size; /* 0 until vm_setup_memory */
	uint8_t *baseaddr; /* guest RAM in this process, or NULL */
	char stat_desc[sizeof(((struct vm_stat_desc *)0)->desc) + 1];
};

struct vcpu {
	struct vmctx *ctx;
	int vcpuid;
	struct vm_run_page *run; /* mapped by vm_exitinfo, or NULL */
	uint64_t stats[VM_STATS_MAX];
};

bool vm_name_valid(const char *name)
{
	return vmm_name_valid(name);
}

struct vmctx *vm_open(const char *name)
{
	char path[sizeof(VMM_DEV_DIR) + VM_MAX_NAMELEN + 1];
	struct vmctx *ctx;

	if (!vm_name_valid(name)) {
		errno = EINVAL;
		return NULL;
	}
	ctx = calloc(1, sizeof(*ctx));
	if (ctx == NULL)
		return NULL;
	snprintf(path, sizeof(path), VMM_DEV_DIR "/%s", name);
	ctx->fd = open(path, O_RDWR | O_CLOEXEC);
	if (ctx->fd < 0) {
		int e = errno;

		free(ctx);
		errno = e;
		return NULL;
	}
	strcpy(ctx->name, name);
	return ctx;
}

void vm_close(struct vmctx *ctx)
{
	int e = errno;

	if (ctx == NULL)
		return;
	if (ctx->baseaddr != NULL)
		munmap(ctx->baseaddr, ctx->lowmem_size);
	close(ctx->fd);
	free(ctx);
	errno = e;
}

/* Unmap and close first so that the module sees no user left. */
void vm_destroy(struct vmctx *ctx)
{
	char name[VM_MAX_NAMELEN];

	if (ctx == NULL)
		return;
	strcpy(name, ctx->name);
	vm_close(ctx);
	(void)vmmctl_vm_destroy(name);
}

int vm_set_autodestroy(struct vmctx *ctx)
{
	return ioctl(ctx->fd, VM_SET_AUTODESTROY);
}

int vm_set_halt_poll(struct vmctx *ctx, uint32_t max_ns)
{
	struct vm_halt_poll hp = { .max_ns = max_ns };

	return ioctl(ctx->fd, VM_SET_HALT_POLL, &hp);
}

const char *vm_get_name(struct vmctx *ctx)
{
	return ctx->name;
}

int vm_get_device_fd(struct vmctx *ctx)
{
	return ctx->fd;
}

int vm_suspend(struct vmctx *ctx, enum vm_suspend_how how)
{
	struct vm_suspend vs;

	/* no libc call but ioctl: bhyve calls this from a signal handler */
	if (how <= VM_SUSPEND_NONE || how >= VM_SUSPEND_LAST) {
		errno = EINVAL;
		return -1;
	}
	memset(&vs, 0, sizeof(vs));
	vs.how = how;
	return ioctl(ctx->fd, VM_SUSPEND, &vs);
}

/*
 * bhyve(8) -m syntax: a number with an optional K, M, G or T suffix (any
 * case); a bare number below 1M is taken as MiB, as bhyve has always done.
 */
int vm_parse_memsize(const char *opt, size_t *memsize)
{
	unsigned long long v;
	unsigned int shift = 0;
	char *end;

	if (opt == NULL || !isdigit((unsigned char)opt[0])) {
		errno = EINVAL;
		return -1;
	}
	errno = 0;
	v = strtoull(opt, &end, 0);
	if (errno == ERANGE)
		return -1;
	if (*end == '\0') {
		if (v < 1024 * 1024)
			shift = 20;
	} else {
		switch (tolower((unsigned char)*end)) {
		case 'k':
			shift = 10;
			break;
		case 'm':
			shift = 20;
			break;
		case 'g':
			shift = 30;
			break;
		case 't':
			shift = 40;
			break;
		default:
			errno = EINVAL;
			return -1;
		}
		if (end[1] != '\0') {
			errno = EINVAL;
			return -1;
		}
	}
	if (v > (ULLONG_MAX >> shift) || (v << shift) > SIZE_MAX) {
		errno = ERANGE;
		return -1;
	}
	*memsize = (size_t)(v << shift);
	return 0;
}

int vm_get_memseg(struct vmctx *ctx, int segid, size_t *lenp, char *name,
		  size_t namesiz)
{
	struct vm_memseg ms;

	if (segid < 0 || segid >= VM_MAX_MEMSEGS) {
		errno = EINVAL;
		return -1;
	}
	memset(&ms, 0, sizeof(ms));
	ms.segid = segid;
	if (ioctl(ctx->fd, VM_GET_MEMSEG, &ms) < 0)
		return -1;
	if (ms.len > SIZE_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	*lenp = (size_t)ms.len;
	if (name != NULL && namesiz > 0) {
		ms.name[sizeof(ms.name) - 1] = '\0';
		snprintf(name, namesiz, "%s", ms.name);
	}
	return 0;
}

/*
 * As in FreeBSD, asking again for a segment that already exists with the
 * same length and name succeeds; anything else about it is EINVAL.
 */
int vm_alloc_memseg(struct vmctx *ctx, int segid, size_t len,
		    const char *name)
{
	char oldname[VM_MAX_SEG_NAMELEN];
	struct vm_memseg ms;
	size_t oldlen;

	if (name == NULL)
		name = "";
	if (segid < 0 || segid >= VM_MAX_MEMSEGS || len == 0 ||
	    len % VM_PAGE_SIZE != 0 || strlen(name) >= VM_MAX_SEG_NAMELEN) {
		errno = EINVAL;
		return -1;
	}
	if (vm_get_memseg(ctx, segid, &oldlen, oldname, sizeof(oldname)) ==
		    0 &&
	    oldlen != 0) {
		if (oldlen == len && !strcmp(oldname, name))
			return 0;
		errno = EINVAL;
		return -1;
	}
	memset(&ms, 0, sizeof(ms));
	ms.segid = segid;
	ms.len = len;
	strcpy(ms.name, name);
	return ioctl(ctx->fd, VM_ALLOC_MEMSEG, &ms);
}

int vm_mmap_memseg(struct vmctx *ctx, vm_paddr_t gpa, int segid,
		   vm_ooffset_t off, size_t len, int prot)
{
	struct vm_memmap mm;

	if (segid < 0 || segid >= VM_MAX_MEMSEGS || len == 0 ||
	    gpa % VM_PAGE_SIZE || off % VM_PAGE_SIZE ||
	    len % VM_PAGE_SIZE || !(prot & PROT_READ) ||
	    (prot & ~PROT_ALL) || gpa + len < gpa || off + len < off) {
		errno = EINVAL;
		return -1;
	}
	memset(&mm, 0, sizeof(mm));
	mm.gpa = gpa;
	mm.segoff = off;
	mm.len = len;
	mm.segid = segid;
	if (prot & PROT_WRITE)
		mm.flags |= VM_MEMMAP_F_WRITE;
	if (prot & PROT_EXEC)
		mm.flags |= VM_MEMMAP_F_EXEC;
	return ioctl(ctx->fd, VM_MMAP_MEMSEG, &mm);
}

/* ARM: guest RAM is one segment at VM_LOWMEM_BASE. */
int vm_setup_memory(struct vmctx *ctx, size_t len, enum vm_mmap_style vms)
{
	void *p;

	if (len == 0 || len % VM_PAGE_SIZE != 0 ||
	    (uint64_t)len > VM_LOWMEM_LIMIT - VM_LOWMEM_BASE ||
	    ctx->lowmem_size != 0 ||
	    (vms != VM_MMAP_NONE && vms != VM_MMAP_ALL &&
	     vms != VM_MMAP_SPARSE)) {
		errno = EINVAL;
		return -1;
	}
	if (vm_alloc_memseg(ctx, VM_SYSMEM, len, NULL) < 0)
		return -1;
	if (vm_mmap_memseg(ctx, VM_LOWMEM_BASE, VM_SYSMEM, 0, len, PROT_ALL) <
	    0)
		return -1;
	if (vms != VM_MMAP_NONE) {
		/*
		 * Populated at once: guest RAM then counts as this process's
		 * resident memory, which the OOM killer weighs (a VM created
		 * with -D goes with its process, RAM and all).
		 */
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_POPULATE, ctx->fd,
			 (off_t)VM_LOWMEM_BASE);
		if (p == MAP_FAILED)
			return -1;
		ctx->baseaddr = p;
	}
	ctx->lowmem_base = VM_LOWMEM_BASE;
	ctx->lowmem_size = len;
	return 0;
}

void *vm_map_gpa(struct vmctx *ctx, vm_paddr_t gpa, size_t len)
{
	if (ctx->baseaddr == NULL || len == 0 || gpa < ctx->lowmem_base)
		return NULL;
	/* written so that no sum can wrap */
	if (gpa - ctx->lowmem_base > ctx->lowmem_size ||
	    len > ctx->lowmem_size - (gpa - ctx->lowmem_base))
		return NULL;
	return ctx->baseaddr + (size_t)(gpa - ctx->lowmem_base);
}

static int setup_rom(struct vmctx *ctx, int segid, const char *name,
		     vm_paddr_t gpa, size_t len, void **addr)
{
	void *p;

	if (vm_alloc_memseg(ctx, segid, len, name) < 0 ||
	    vm_mmap_memseg(ctx, gpa, segid, 0, len, PROT_READ | PROT_EXEC) < 0)
		return -1;
	/* the module's mmap(2) finds pages by guest-physical address */
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, ctx->fd,
		 (off_t)gpa);
	if (p == MAP_FAILED)
		return -1;
	*addr = p;
	return 0;
}

int vm_setup_bootrom(struct vmctx *ctx, vm_paddr_t gpa, size_t len,
		     void **addr)
{
	return setup_rom(ctx, VM_BOOTROM, "bootrom", gpa, len, addr);
}

int vm_setup_bootvars(struct vmctx *ctx, vm_paddr_t gpa, size_t len,
		      void **addr)
{
	return setup_rom(ctx, VM_BOOTVARS, "bootvars", gpa, len, addr);
}

vm_paddr_t vm_get_lowmem_base(struct vmctx *ctx)
{
	return ctx->lowmem_size ? ctx->lowmem_base : VM_LOWMEM_BASE;
}

size_t vm_get_lowmem_size(struct vmctx *ctx)
{
	return ctx->lowmem_size;
}

struct vcpu *vm_vcpu_open(struct vmctx *ctx, int vcpuid)
{
	struct vcpu *vcpu;

	if (vcpuid < 0 || vcpuid >= VM_MAXCPU) {
		errno = EINVAL;
		return NULL;
	}
	vcpu = calloc(1, sizeof(*vcpu));
	if (vcpu == NULL)
		return NULL;
	vcpu->ctx = ctx;
	vcpu->vcpuid = vcpuid;
	return vcpu;
}

void vm_vcpu_close(struct vcpu *vcpu)
{
	if (vcpu != NULL && vcpu->run != NULL)
		munmap(vcpu->run, VM_RUN_PAGE_SIZE);
	free(vcpu);
}

int vcpu_id(struct vcpu *vcpu)
{
	return vcpu->vcpuid;
}

/* One register access; the register id is checked before the kernel. */
static int vm_register_ioctl(struct vcpu *vcpu, unsigned long cmd, int reg,
			     uint64_t *val)
{
	struct vm_register vr;

	if (reg < 0 || reg >= VM_REG_LAST) {
		errno = EINVAL;
		return -1;
	}
	memset(&vr, 0, sizeof(vr));
	vr.cpuid = vcpu->vcpuid;
	vr.regnum = reg;
	vr.regval = *val;
	if (ioctl(vcpu->ctx->fd, cmd, &vr) < 0)
		return -1;
	*val = vr.regval;
	return 0;
}

int vm_get_register(struct vcpu *vcpu, int reg, uint64_t *retval)
{
	uint64_t v = 0;

	if (vm_register_ioctl(vcpu, VM_GET_REGISTER, reg, &v) < 0)
		return -1;
	*retval = v;
	return 0;
}

int vm_set_register(struct vcpu *vcpu, int reg, uint64_t val)
{
	return vm_register_ioctl(vcpu, VM_SET_REGISTER, reg, &val);
}

int vm_activate_cpu(struct vcpu *vcpu)
{
	struct vm_activate_cpu ac;

	memset(&ac, 0, sizeof(ac));
	ac.vcpuid = vcpu->vcpuid;
	return ioctl(vcpu->ctx->fd, VM_ACTIVATE_CPU, &ac);
}

struct vm_exit *vm_exitinfo(struct vcpu *vcpu)
{
	void *p;

	if (vcpu->run != NULL)
		return &vcpu->run->exit;
	p = mmap(NULL, VM_RUN_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		 vcpu->ctx->fd, (off_t)VM_RUN_PAGE_OFFSET(vcpu->vcpuid));
	if (p == MAP_FAILED)
		return NULL;
	vcpu->run = p;
	/* a module with another layout would be misread: refuse it */
	if (vcpu->run->abi_version != VMM_ABI_VERSION) {
		munmap(p, VM_RUN_PAGE_SIZE);
		vcpu->run = NULL;
		errno = EPROTO;
		return NULL;
	}
	return &vcpu->run->exit;
}

int vm_run(struct vcpu *vcpu)
{
	return ioctl(vcpu->ctx->fd, VM_RUN, (unsigned long)vcpu->vcpuid);
}

int vm_register_coalesced(struct vmctx *ctx, uint64_t gpa, uint64_t len)
{
	struct vm_coalesced_zone z;

	memset(&z, 0, sizeof(z));
	z.gpa = gpa;
	z.len = len;
	return ioctl(ctx->fd, VM_REGISTER_COALESCED, &z);
}

const struct vm_coalesced_write *vm_coalesced(struct vcpu *vcpu, uint32_t *n)
{
	uint32_t k;

	if (vcpu->run == NULL) {
		*n = 0;
		return NULL;
	}
	/* written by the module only; bounded all the same */
	k = __atomic_load_n(&vcpu->run->ncoalesced, __ATOMIC_ACQUIRE);
	*n = k < VM_COALESCED_RING ? k : VM_COALESCED_RING;
	return vcpu->run->coalesced;
}

static int vm_irq_line(struct vmctx *ctx, unsigned long cmd, uint32_t irq)
{
	struct vm_irq vi;

	memset(&vi, 0, sizeof(vi));
	vi.irq = irq;
	return ioctl(ctx->fd, cmd, &vi);
}

int vm_assert_irq(struct vmctx *ctx, uint32_t irq)
{
	return vm_irq_line(ctx, VM_ASSERT_IRQ, irq);
}

int vm_deassert_irq(struct vmctx *ctx, uint32_t irq)
{
	return vm_irq_line(ctx, VM_DEASSERT_IRQ, irq);
}

uint64_t *vm_get_stats(struct vcpu *vcpu, int *num_entries)
{
	struct vm_stats *vs;
	unsigned int n;

	/* about 0.5 KiB: keep it off the caller's stack */
	vs = calloc(1, sizeof(*vs));
	if (vs == NULL)
		return NULL;
	vs->cpuid = vcpu->vcpuid;
	if (ioctl(vcpu->ctx->fd, VM_STATS, vs) < 0) {
		int e = errno;

		free(vs);
		errno = e;
		return NULL;
	}
	n = vs->num_entries;
	if (n > VM_STATS_MAX)
		n = VM_STATS_MAX;
	memcpy(vcpu->stats, vs->statbuf, n * sizeof(vcpu->stats[0]));
	free(vs);
	*num_entries = (int)n;
	return vcpu->stats;
}

const char *vm_get_stat_desc(struct vmctx *ctx, int index)
{
	struct vm_stat_desc sd;

	if (index < 0 || index >= VM_STATS_MAX) {
		errno = EINVAL;
		return NULL;
	}
	memset(&sd, 0, sizeof(sd));
	sd.index = index;
	if (ioctl(ctx->fd, VM_STAT_DESC, &sd) < 0)
		return NULL;
	memcpy(ctx->stat_desc, sd.desc, sizeof(sd.desc));
	ctx->stat_desc[sizeof(sd.desc)] = '\0';
	return ctx->stat_desc;
}
