/* SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0) */
/* Between the Linux glue files. */
#ifndef VMM_LINUX_H
#define VMM_LINUX_H

struct page;
struct vmm_os_mem;

int vmm_lx_vm_create(const char *name);
int vmm_lx_vm_destroy(const char *name);
void vmm_lx_vm_destroy_all(void);
struct page *vmm_lx_mem_page(struct vmm_os_mem *m, uint64_t off);

#endif
