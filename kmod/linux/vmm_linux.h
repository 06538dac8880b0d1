/* SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0) */
/* Between the Linux glue files. */
#ifndef VMM_LINUX_H
#define VMM_LINUX_H

struct page;
struct vmm_os_mem;

int vmm_lx_vm_init(void);
void vmm_lx_vm_fini(void);
int vmm_lx_vm_create(const char *name);
int vmm_lx_vm_destroy(const char *name);
void vmm_lx_vm_destroy_all(void);
/*
 * Copies an ioctl argument into arg (max bytes of the caller's), runs fn
 * on that copy, copies it out.
 */
long vmm_lx_ioctl(unsigned int cmd, unsigned long uarg, void *arg,
		  size_t max,
		  long (*fn)(void *ctx, unsigned int cmd, void *arg), void *ctx);
struct page *vmm_lx_mem_page(struct vmm_os_mem *m, uint64_t off);

#endif
