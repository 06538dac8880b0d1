// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0)
/*
 * The ARM backend's per-CPU host interrupts (arm/arm_os.h) on Linux: found
 * in the host's device tree, requested as per-CPU IRQs with a handler that
 * does nothing but exist, since taking the interrupt already made the
 * guest exit.
 */
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/of.h>
#include <linux/of_irq.h>
#include <linux/percpu.h>

#include "vmm/os.h"
#include "arm/arm_os.h"

static const char *const host_irq_name[ARM_HOST_IRQ_NR] = {
	[ARM_HOST_IRQ_MAINT] = "vmm-gic-maintenance",
	[ARM_HOST_IRQ_VTIMER] = "vmm-vtimer",
};
static int host_irq[ARM_HOST_IRQ_NR];
static struct irq_data *host_irq_data[ARM_HOST_IRQ_NR];
static DEFINE_PER_CPU(int, vmm_host_irq_cookie);

static irqreturn_t vmm_host_irq_handler(int irq, void *dev)
{
	/* The guest has exited by now; the run loop looks at the cause. */
	return IRQ_HANDLED;
}

int arm_os_host_irq_request(unsigned int which, const char *compat,
			    unsigned int index)
{
	struct device_node *np;
	int virq, err;

	np = of_find_compatible_node(NULL, NULL, compat);
	if (!np)
		return -ENODEV;
	virq = irq_of_parse_and_map(np, index);
	of_node_put(np);
	if (!virq)
		return -ENODEV;
	err = request_percpu_irq(virq, vmm_host_irq_handler,
				 host_irq_name[which], &vmm_host_irq_cookie);
	if (err)
		return err;
	host_irq[which] = virq;
	host_irq_data[which] = irq_get_irq_data(virq);
	return 0;
}

void arm_os_host_irq_free(unsigned int which)
{
	if (host_irq[which])
		free_percpu_irq(host_irq[which], &vmm_host_irq_cookie);
	host_irq[which] = 0;
	host_irq_data[which] = NULL;
}

void arm_os_host_irq_enable(unsigned int which, bool on)
{
	if (!host_irq[which])
		return;
	if (on)
		enable_percpu_irq(host_irq[which], IRQ_TYPE_NONE);
	else
		disable_percpu_irq(host_irq[which]);
}

/*
 * The chip's own mask and unmask (for the GIC, one write to the banked
 * GICD_ICENABLER0 or ISENABLER0): a PPI's enable bit is per CPU, and
 * with interrupts off nothing else on this CPU touches it meanwhile.
 * enable_percpu_irq and disable_percpu_irq would also look the
 * descriptor up, lock it and program the trigger type again, about 300
 * instructions per timer interrupt. Linux's own record stays "enabled"
 * throughout; arm_os_host_irq_enable(false) masks for good.
 */
void arm_os_host_irq_mask_local(unsigned int which, bool masked)
{
	struct irq_data *d = host_irq_data[which];
	struct irq_chip *chip = d ? irq_data_get_irq_chip(d) : NULL;

	if (!chip || !chip->irq_mask || !chip->irq_unmask) {
		arm_os_host_irq_enable(which, !masked);
		return;
	}
	if (masked)
		chip->irq_mask(d);
	else
		chip->irq_unmask(d);
}
