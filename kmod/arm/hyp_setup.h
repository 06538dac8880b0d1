/* SPDX-License-Identifier: BSD-2-Clause */
/* Lowvisor installation on host CPUs: see hyp_setup.c. */
#ifndef VMM_ARM_HYP_SETUP_H
#define VMM_ARM_HYP_SETUP_H

#include "vmm/types.h"

int hyp_setup_init(unsigned int ncpus, const char **why);
void hyp_setup_fini(void);
/* On the CPU itself, preemption off. */
int hyp_cpu_install(unsigned int cpu);
void hyp_cpu_remove(unsigned int cpu);
bool hyp_cpu_is_up(unsigned int cpu);
/* out: r0 answer, r1 HSCTLR, r2 HVBAR, r3 CPSR as read in HYP. */
int hyp_cpu_ping(uint32_t cookie, uint32_t out[4]);
/* Makes host kernel memory visible to HYP at the same address. */
int hyp_map_kernel(const void *va, size_t size, bool exec);

struct hyp_host_regs;
/* hvc #0 with r0-r3 from *regs; r0-r3 as HYP left them back into *regs. */
void hyp_call(struct hyp_host_regs *regs);
/*
 * The same for the run loop's calls (HYP_FN_VCPU_RUN, HYP_FN_VCPU_PUT):
 * arguments in registers, no block in memory; answers HYP's r0.
 */
uint32_t hyp_call_fn(uint32_t fn, uint32_t a1, uint32_t a2);

#endif
