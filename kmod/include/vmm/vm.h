/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Virtual machines and vCPUs as the machine-independent core sees them.
 * The arch backend hangs its own state off ->arch; the OS glue owns the
 * device nodes and the locking described at each function.
 */
#ifndef VMM_VM_H
#define VMM_VM_H

#include "vmm/types.h"
#include "vmm/stats.h"
#include "../../../include/uapi/vmm_dev.h"

struct vmm_os_mem;

struct vm_memseg_k {
	uint64_t len; /* 0: free slot */
	struct vmm_os_mem *mem;
	char name[VM_MAX_SEG_NAMELEN];
};

struct vm_memmap_k {
	uint64_t gpa, segoff, len; /* len 0: free slot */
	uint32_t segid, flags;
};

struct vcpu {
	struct vm *vm;
	unsigned int id;
	bool active;
	bool ran; /* entered at least once */
	bool mmio_pending; /* a read exit waits for its data */
	struct vm_exit exit;
	uint64_t stats[VMM_STAT_NR];
	void *arch;
};

struct vm {
	char name[VM_MAX_NAMELEN];
	struct vm_memseg_k memsegs[VM_MAX_MEMSEGS];
	struct vm_memmap_k memmaps[VM_MAX_MEMMAPS];
	struct vcpu vcpu[VM_MAXCPU];
	uint32_t suspend; /* enum vm_suspend_how, NONE while running */
	void *arch;
};

/* Creation and destruction; the glue serializes them with everything else. */
int vm_create(const char *name, struct vm **vmp);
void vm_destroy(struct vm *vm);
bool vm_name_valid(const char *name);

/* Per-VM ioctls, with the VM lock held by the glue (VM_RUN: vCPU lock). */
int vmmdev_ioctl(struct vm *vm, unsigned int cmd, void *arg);
/* The memory segment backing gpa, and the offset in it; for mmap(2). */
int vm_gpa_to_seg(struct vm *vm, uint64_t gpa, struct vmm_os_mem **mem,
		  uint64_t *off, uint64_t *avail);
/* Guest RAM at gpa -> memory object and offset, or -EFAULT. */
bool vm_gpa_is_ram(struct vm *vm, uint64_t gpa, bool write);
int vm_gpa_read(struct vm *vm, uint64_t gpa, void *buf, size_t len);
void vm_suspend(struct vm *vm, uint32_t how);
/* Cleans all of the VM's RAM from the data caches to memory. */
void vm_clean_ram(struct vm *vm);

#endif
