// SPDX-License-Identifier: BSD-2-Clause
/*
 * The guest's generic timer (ARM ARM B8). The guest owns the hardware
 * virtual timer while it runs; its CNTV_CTL/CVAL are switched with the
 * vCPU and CNTVOFF is the VM's, so each VM counts from its creation.
 *
 * The timer's output is a level-sensitive PPI of the vGIC: it is sampled
 * after every exit and before every entry. While that virtual line is high
 * the hardware timer's own PPI is masked on the host CPU, or the expired
 * timer would make the guest exit again at once; it is unmasked when a
 * later sample (after the guest's EOI, a maintenance exit) finds it low.
 * A vCPU sleeping in WFI with an armed timer sleeps until its deadline.
 */
#include "vmm/types.h"
#include "vmm/os.h"
#include "vmm/vm.h"
#include "arm_vm.h"
#include "cpu_regs.h"
#include "../../include/uapi/vmm_dev.h"
#include "../../include/uapi/vmm_virt.h"

#define CNTV_CTL_ENABLE (1u << 0)
#define CNTV_CTL_IMASK	(1u << 1)

#define NS_PER_SEC	1000000000u
/* Deadlines further out are cut: the vCPU just wakes and sleeps again. */
#define MAX_SLEEP_TICKS 0xffffffffull

/* Whether the physical virtual-timer PPI is masked on each host CPU. */
bool arm_vtimer_ppi_masked[VMM_MAX_CPUS];

uint64_t arm_vtimer_counter(struct arm_vm *avm)
{
	return read_cntpct() - avm->cntvoff;
}

static bool vtimer_armed(const struct hyp_vcpu_ctx *c)
{
	return (c->cntv_ctl & (CNTV_CTL_ENABLE | CNTV_CTL_IMASK)) ==
	       CNTV_CTL_ENABLE;
}

/* Samples the timer's output into the vGIC (B8.1.4: CVAL reached). */
void arm_vtimer_sync_slow(struct vcpu *vcpu)
{
	struct arm_vcpu *av = vcpu->arch;
	const struct hyp_vcpu_ctx *c = av->ctx;
	bool line = vtimer_armed(c) &&
		    arm_vtimer_counter(vcpu->vm->arch) >= c->cntv_cval;

	if (line == av->vtimer_line)
		return;
	av->vtimer_line = line;
	arm_vgic_set_line(vcpu->vm, vcpu->id, VIRT_VTIMER_INTID, line);
}

uint64_t arm_vtimer_deadline(struct vcpu *vcpu)
{
	const struct hyp_vcpu_ctx *c = ((struct arm_vcpu *)vcpu->arch)->ctx;
	uint64_t now, ticks;

	if (!vtimer_armed(c) || !arm_host.cntfrq)
		return 0;
	now = arm_vtimer_counter(vcpu->vm->arch);
	ticks = c->cntv_cval > now ? c->cntv_cval - now : 0;
	if (ticks > MAX_SLEEP_TICKS)
		ticks = MAX_SLEEP_TICKS;
	/* round up: waking a little late is fine, early is a wasted trip */
	return vmm_os_now_ns() +
	       vmm_os_div64(ticks * NS_PER_SEC + arm_host.cntfrq - 1,
			    arm_host.cntfrq);
}

/* Interrupts off, on the CPU about to enter the guest (vcpu->hostcpu). */
void arm_vtimer_load_slow(struct vcpu *vcpu, unsigned int cpu)
{
	struct arm_vcpu *av = vcpu->arch;

	arm_vtimer_ppi_masked[cpu] = av->vtimer_line;
	vmm_os_host_irq_enable(VMM_HOST_IRQ_VTIMER, !av->vtimer_line);
}

/* A CPU coming up: the physical PPI starts unmasked, as the state says. */
void arm_vtimer_cpu_up(void)
{
	unsigned int cpu = vmm_os_cpu_id();

	if (cpu < VMM_MAX_CPUS)
		arm_vtimer_ppi_masked[cpu] = false;
	vmm_os_host_irq_enable(VMM_HOST_IRQ_VTIMER, true);
}
