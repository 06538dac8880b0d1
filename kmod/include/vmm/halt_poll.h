/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Halt polling: a vCPU that halts (WFI, PSCI CPU_SUSPEND) first spins for
 * a short window, looking for what would wake it, before it sleeps. A
 * wake-up that comes within the window then costs neither the sleep nor
 * the host's wake-up path (a timer interrupt, the idle loop's exit, a
 * context switch).
 *
 * The window is per vCPU and adapts to how long its halts last:
 * vmm_halt_poll_adapt, after every halt. It never exceeds the limit, the
 * smallest of the module's (vmm_halt_poll_ns, a parameter of the glue),
 * the VM's (VM_SET_HALT_POLL) and VMM_HALT_POLL_LIMIT_NS; 0 turns
 * polling off. What a guest does only moves the window within that
 * limit, and a poll also ends at once when the host wants the CPU (a
 * signal, a reschedule, another runnable thread on it).
 */
#ifndef VMM_HALT_POLL_H
#define VMM_HALT_POLL_H

#include "vmm/types.h"

/* The module's limit until the glue's parameter says otherwise. */
#define VMM_HALT_POLL_DEFAULT_NS 500000u
/* Nothing polls longer, whatever the parameter. */
#define VMM_HALT_POLL_LIMIT_NS 2000000u
/* The first window after a halt a window would have caught. */
#define VMM_HALT_POLL_START_NS 10000u
/* VM_SET_HALT_POLL never called: the module's limit. */
#define VMM_HALT_POLL_VM_DEFAULT 0xffffffffu

/* The module's limit, ns (the glue's parameter halt_poll_ns). */
extern unsigned int vmm_halt_poll_ns;

/*
 * The next window after a halt that lasted halted_ns (from the halt to
 * the wake-up, polling included) with window in force and limit max:
 * - it lasted no longer than the window: polling caught it, keep it;
 * - longer, but within max: a longer window would have caught it, so
 *   grow (the start value, then doubling), up to max;
 * - longer than max: no window may catch such halts, polling only costs:
 *   halve, and below the start value stop (an idle guest whose wake-ups
 *   are rare polls for a few halts, then not at all).
 */
uint32_t vmm_halt_poll_adapt(uint32_t window, uint64_t halted_ns, uint32_t max);
/* The limit for a VM whose own is vm_max (VMM_HALT_POLL_VM_DEFAULT: none). */
uint32_t vmm_halt_poll_limit(uint32_t module_max, uint32_t vm_max);

#endif
