/* SPDX-License-Identifier: BSD-2-Clause */
/* Entry points of the machine-independent core, called by the OS glue. */
#ifndef VMM_CORE_H
#define VMM_CORE_H

int vmm_core_init(void);
void vmm_core_fini(void);
/* On the CPU concerned, preemption off. */
int vmm_core_cpu_online(void);
int vmm_core_cpu_offline(void);
/* arg is a kernel copy of the ioctl's argument, _IOC_SIZE(cmd) bytes. */
int vmmctl_ioctl(unsigned int cmd, void *arg);

#endif
