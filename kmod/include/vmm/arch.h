/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the machine-independent core asks of an architecture backend
 * (kmod/arm for ARMv7 HYP today, an arm64 EL2 backend later).
 */
#ifndef VMM_ARCH_H
#define VMM_ARCH_H

#include "vmm/types.h"

struct vmm_caps;
struct vmm_hyp_cpu;

/* Host discovery and lowvisor set-up; *why explains a refusal. */
int vmm_arch_init(const char **why);
void vmm_arch_fini(void);
/* Per CPU, called on that CPU with preemption off. */
int vmm_arch_cpu_up(void);
void vmm_arch_cpu_down(void);
bool vmm_arch_cpu_is_up(unsigned int cpu);
/* Called on that CPU: ask the lowvisor to answer. */
void vmm_arch_cpu_ping(uint32_t cookie, struct vmm_hyp_cpu *out);
void vmm_arch_caps(struct vmm_caps *caps);

#endif /* VMM_ARCH_H */
