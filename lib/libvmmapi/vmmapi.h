/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libvmmapi: the userspace face of vmm.ko, one thin function per ioctl,
 * with FreeBSD libvmmapi's names and conventions (-1 and errno on error).
 */
#ifndef VMMAPI_H
#define VMMAPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>

/* relative, so native unit tests need no extra -I */
#include "uapi/vmm_dev.h"
#include "board/virt.h"

#define VMMCTL_PATH "/dev/" VMMCTL_DEV_NAME
#define VMM_DEV_DIR "/dev/vmm" /* one node per VM: /dev/vmm/NAME */
/* bhyve's run directories, /run/bhyve/NAME: its pid, its consoles */
#define VMM_RUN_DIR "/run/bhyve"

typedef uint64_t vm_paddr_t;
typedef uint64_t vm_ooffset_t;

/*
 * ARM guest physical map: devices below 1 GiB, RAM from 1 GiB up to the
 * end of the 32-bit space (the guest may run without LPAE).
 */
#define VM_LOWMEM_BASE	VIRT_RAM_BASE
#define VM_LOWMEM_LIMIT 0x100000000ULL
#define VM_PAGE_SIZE	4096u

#define VM_SYSMEM  0 /* segid of guest RAM */
#define VM_BOOTROM 1  /* segid of the firmware's read-only memory */
#define VM_BOOTVARS 2 /* segid of its variable store (bootvars) */

#ifndef PROT_ALL
#define PROT_ALL (PROT_READ | PROT_WRITE | PROT_EXEC)
#endif

enum vm_mmap_style {
	VM_MMAP_NONE, /* guest mapping only, nothing in this process */
	VM_MMAP_ALL, /* guest RAM mapped into this process */
	VM_MMAP_SPARSE, /* the same here: the kernel faults pages lazily */
};

struct vmctx;
struct vcpu;

/* Host-wide queries through /dev/vmmctl. */
int vmmctl_get_caps(struct vmm_caps *caps);
int vmmctl_hyp_ping(uint32_t cookie, struct vmm_hyp_ping *ping);
int vmmctl_vm_destroy(const char *name);
/* VMs that exist (destroyed ones still open count) and the host's limit. */
int vmmctl_vm_count(uint32_t *nvms, uint32_t *max_vms);
bool vmm_is_loaded(void);
/* What to add to an error message for err from a vmm.ko call: "" or a hint. */
const char *vmm_errno_hint(int err);
/*
 * Why vm_create failed with err, for a one-line message, in buf: ENOSPC is
 * "too many VMs: N exist, the limit is M (No space left on device)", anything
 * else strerror(err) and vmm_errno_hint(err). Returns buf.
 */
const char *vm_create_strerror(int err, char *buf, size_t len);

/* Virtual machines. Names: 1..VM_MAX_NAMELEN-1 chars of [A-Za-z0-9_.-]. */
bool vm_name_valid(const char *name);
int vm_create(const char *name);
struct vmctx *vm_open(const char *name);
void vm_close(struct vmctx *ctx);
void vm_destroy(struct vmctx *ctx);
/* The VM goes with this context's descriptor, however the process ends. */
int vm_set_autodestroy(struct vmctx *ctx);
/* The VM's halt-polling limit, ns (0: off; VM_SET_HALT_POLL). */
int vm_set_halt_poll(struct vmctx *ctx, uint32_t max_ns);
const char *vm_get_name(struct vmctx *ctx);
int vm_get_device_fd(struct vmctx *ctx);
int vm_suspend(struct vmctx *ctx, enum vm_suspend_how how);

/* Guest memory. */
int vm_parse_memsize(const char *opt, size_t *memsize);
int vm_alloc_memseg(struct vmctx *ctx, int segid, size_t len,
		    const char *name);
int vm_get_memseg(struct vmctx *ctx, int segid, size_t *lenp, char *name,
		  size_t namesiz);
int vm_mmap_memseg(struct vmctx *ctx, vm_paddr_t gpa, int segid,
		   vm_ooffset_t off, size_t len, int prot);
int vm_setup_memory(struct vmctx *ctx, size_t len, enum vm_mmap_style vms);
void *vm_map_gpa(struct vmctx *ctx, vm_paddr_t gpa, size_t len);
/*
 * Read-only, executable memory for firmware at gpa (len bytes, a page
 * multiple), as FreeBSD's vm_setup_bootrom: the guest can run it and read
 * it, never write it; *addr is a writable mapping of it in this process,
 * to load the image.
 */
int vm_setup_bootrom(struct vmctx *ctx, vm_paddr_t gpa, size_t len,
		     void **addr);
/* The same for the firmware's variable store, a second read-only bank. */
int vm_setup_bootvars(struct vmctx *ctx, vm_paddr_t gpa, size_t len,
		      void **addr);
vm_paddr_t vm_get_lowmem_base(struct vmctx *ctx);
size_t vm_get_lowmem_size(struct vmctx *ctx);

/* vCPUs. */
struct vcpu *vm_vcpu_open(struct vmctx *ctx, int vcpuid);
void vm_vcpu_close(struct vcpu *vcpu);
int vcpu_id(struct vcpu *vcpu);
int vm_get_register(struct vcpu *vcpu, int reg, uint64_t *retval);
int vm_set_register(struct vcpu *vcpu, int reg, uint64_t val);
int vm_activate_cpu(struct vcpu *vcpu);
/*
 * The vCPU's exit in its run page (mapped at the first call; NULL and
 * errno if that fails), and the run that leaves its exit there without
 * copying: after an MMIO read exit, the caller stores the value in
 * u.mmio.data of that same exit before running again.
 */
struct vm_exit *vm_exitinfo(struct vcpu *vcpu);
int vm_run(struct vcpu *vcpu);
/*
 * Coalesced MMIO (vmm_dev.h): stores inside [gpa, gpa + len) do not exit
 * but wait in the vCPU's run page. vm_coalesced answers the stores the
 * last vm_run posted, *n of them in the guest's order (after
 * vm_exitinfo mapped the page; else NULL, *n = 0): apply them after every
 * return of vm_run, before the exit.
 */
int vm_register_coalesced(struct vmctx *ctx, uint64_t gpa, uint64_t len);
const struct vm_coalesced_write *vm_coalesced(struct vcpu *vcpu, uint32_t *n);

/*
 * The board's GICv2 (uapi/vmm_dev_arch.h): where its distributor and CPU
 * interface go in the guest. Once, before vm_activate_cpu.
 */
int vm_attach_vgic(struct vmctx *ctx, uint64_t dist_start, size_t dist_size,
		   uint64_t cpu_start, size_t cpu_size);

/* Interrupt lines of the virtual GIC (SPIs: irq = GIC INTID >= 32). */
int vm_assert_irq(struct vmctx *ctx, uint32_t irq);
int vm_deassert_irq(struct vmctx *ctx, uint32_t irq);

/*
 * Statistics. Both return storage owned by the vcpu / ctx, valid until the
 * next call on it; NULL and errno on error.
 */
uint64_t *vm_get_stats(struct vcpu *vcpu, int *num_entries);
const char *vm_get_stat_desc(struct vmctx *ctx, int index);

#endif
