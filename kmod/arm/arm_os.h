/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the ARMv7 backend needs from the host OS beyond vmm/os.h: the host's
 * device tree, its per-CPU interrupts and whether it was booted in HYP
 * mode. The Linux side is kmod/linux/arm/; a FreeBSD host would provide
 * the same functions.
 */
#ifndef VMM_ARM_OS_H
#define VMM_ARM_OS_H

#include "vmm/types.h"

/*
 * Per-CPU host interrupts the backend needs (GIC maintenance, the virtual
 * timer): their only job is to make a running guest exit, so the handler
 * does nothing. which: ARM_HOST_IRQ_*; the interrupt is the index-th one
 * of the first host device-tree node compatible with compat. Enabled or
 * masked on the calling CPU by arm_os_host_irq_enable (preemption off).
 */
#define ARM_HOST_IRQ_MAINT  0
#define ARM_HOST_IRQ_VTIMER 1
#define ARM_HOST_IRQ_NR	    2
int arm_os_host_irq_request(unsigned int which, const char *compat,
			    unsigned int index);
void arm_os_host_irq_free(unsigned int which);
void arm_os_host_irq_enable(unsigned int which, bool on);
/*
 * Masks or unmasks it on the calling CPU at the interrupt controller
 * alone, interrupts off, between an arm_os_host_irq_enable(true) and
 * (false) on that CPU: for the run loop, which does so around guest
 * entries (the virtual timer's PPI while the guest's line is high).
 */
void arm_os_host_irq_mask_local(unsigned int which, bool masked);

struct hostdt_ops;
/* The host's device tree, as read-only ops over the OS's own copy. */
const struct hostdt_ops *arm_os_hostdt(void **ctx);

/*
 * Whether this CPU was booted in HYP mode with a stub that answers hvc.
 * An hvc that is UNDEFINED would oops the host, so only the OS glue can
 * find out safely. 0 or -ENODEV with *why set.
 */
int arm_os_hyp_available(const char **why);

#endif /* VMM_ARM_OS_H */
