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
 *
 * The physical timer is the host's; the guest gets an emulated one (its
 * registers in ptimer.c, its line and host timer at the end of this file).
 */
#include "vmm/types.h"
#include "vmm/os.h"
#include "vmm/vm.h"
#include "arm_vm.h"
#include "arm_os.h"
#include "cpu_regs.h"
#include "uapi/vmm_dev.h"

#define NS_PER_SEC	1000000000u
/* Deadlines further out are cut: the vCPU just wakes and sleeps again. */
#define MAX_SLEEP_TICKS 0xffffffffull

/* Whether the physical virtual-timer PPI is masked on each host CPU. */
bool arm_vtimer_ppi_masked[VMM_MAX_CPUS];

uint64_t arm_vtimer_counter(struct arm_vm *avm)
{
	return read_cntpct() - avm->cntvoff;
}

/* Samples the timer's output into the vGIC (B8.1.4: CVAL reached). */
void arm_vtimer_sync_slow(struct vcpu *vcpu)
{
	struct arm_vcpu *av = vcpu->arch;
	const struct hyp_vcpu_ctx *c = av->ctx;
	bool line = arm_timer_ctl_armed(c->cntv_ctl) &&
		    arm_vtimer_counter(vcpu->vm->arch) >= c->cntv_cval;

	if (line == av->vtimer_line)
		return;
	av->vtimer_line = line;
	arm_vgic_set_line(vcpu->vm, vcpu->id, VMM_ARM_VTIMER_INTID, line);
}

/* Host ns when a count ticks away from now is reached (cut, see above). */
static uint64_t ticks_deadline_ns(uint64_t ticks)
{
	if (ticks > MAX_SLEEP_TICKS)
		ticks = MAX_SLEEP_TICKS;
	/* round up: waking a little late is fine, early is a wasted trip */
	return vmm_os_now_ns() +
	       vmm_os_div64(ticks * NS_PER_SEC + arm_host.cntfrq - 1,
			    arm_host.cntfrq);
}

uint64_t arm_vtimer_deadline(struct vcpu *vcpu)
{
	const struct hyp_vcpu_ctx *c = ((struct arm_vcpu *)vcpu->arch)->ctx;
	uint64_t now;

	if (!arm_timer_ctl_armed(c->cntv_ctl) || !arm_host.cntfrq)
		return 0;
	now = arm_vtimer_counter(vcpu->vm->arch);
	return ticks_deadline_ns(c->cntv_cval > now ? c->cntv_cval - now : 0);
}

/* Interrupts off, on the CPU about to enter the guest (vcpu->hostcpu). */
void arm_vtimer_load_slow(struct vcpu *vcpu, unsigned int cpu)
{
	struct arm_vcpu *av = vcpu->arch;

	arm_vtimer_ppi_masked[cpu] = av->vtimer_line;
	arm_os_host_irq_mask_local(ARM_HOST_IRQ_VTIMER, av->vtimer_line);
}

/* A CPU coming up: the physical PPI starts unmasked, as the state says. */
void arm_vtimer_cpu_up(void)
{
	unsigned int cpu = vmm_os_cpu_id();

	if (cpu < VMM_MAX_CPUS)
		arm_vtimer_ppi_masked[cpu] = false;
	arm_os_host_irq_enable(ARM_HOST_IRQ_VTIMER, true);
}

/*
 * ---- the emulated physical timer -----------------------------------------
 * Its output changes only at the deadline, or when the guest writes one of
 * its registers (each write traps). So the run loop never samples it: a
 * write updates the line at once and arms a host timer for the deadline,
 * whose callback raises the line like any device would (the vGIC then
 * kicks or wakes the vCPU). Every update cancels that timer first, so
 * the callback never runs on state it was not armed for.
 */
static struct arm_ptimer *ptimer_of(struct vcpu *vcpu)
{
	return &((struct arm_vcpu *)vcpu->arch)->ptimer;
}

static uint64_t ptimer_fire(void *arg)
{
	struct vcpu *vcpu = arg;
	struct arm_ptimer *t = ptimer_of(vcpu);
	uint64_t now = read_cntpct();

	/* the host's clock and the counter may disagree by a little */
	if (now < t->cval)
		return ticks_deadline_ns(t->cval - now);
	t->line = true;
	arm_vgic_set_line(vcpu->vm, vcpu->id, VMM_ARM_PTIMER_INTID, true);
	return 0;
}

/* After a change: the line as it is now, the host timer for what comes. */
static void ptimer_update(struct vcpu *vcpu)
{
	struct arm_ptimer *t = ptimer_of(vcpu);
	uint64_t now;
	bool line;

	vmm_os_timer_cancel(t->wake);
	now = read_cntpct();
	line = ptimer_output(t, now);
	if (line != t->line) {
		t->line = line;
		arm_vgic_set_line(vcpu->vm, vcpu->id, VMM_ARM_PTIMER_INTID, line);
	}
	if (ptimer_due(t, now) && arm_host.cntfrq)
		vmm_os_timer_arm(t->wake, ticks_deadline_ns(t->cval - now));
}

int arm_ptimer_init(struct vcpu *vcpu)
{
	struct arm_ptimer *t = ptimer_of(vcpu);

	t->wake = vmm_os_timer_alloc(ptimer_fire, vcpu);
	return t->wake ? 0 : -ENOMEM;
}

void arm_ptimer_cleanup(struct vcpu *vcpu)
{
	vmm_os_timer_free(ptimer_of(vcpu)->wake);
}

/* Off, as after a reset: CTL.ENABLE is 0 (B8.1.5: the rest UNKNOWN). */
void arm_ptimer_reset(struct vcpu *vcpu)
{
	struct arm_ptimer *t = ptimer_of(vcpu);

	t->ctl = 0;
	t->cval = 0;
	ptimer_update(vcpu);
}

int arm_ptimer_access(struct vcpu *vcpu, bool read, uint64_t *val,
		      enum arm_ptimer_reg reg)
{
	struct arm_ptimer *t = ptimer_of(vcpu);

	if (read) {
		*val = ptimer_read(t, reg, read_cntpct());
		return 0;
	}
	ptimer_write(t, reg, *val, read_cntpct());
	ptimer_update(vcpu);
	return 0;
}
