// SPDX-License-Identifier: BSD-2-Clause
/*
 * The guest's physical timer, as registers (ARM ARM B8.1.5, B4.1.24-26:
 * CNTP_CTL, CNTP_CVAL, CNTP_TVAL). The hardware one is the host's
 * (CNTHCTL.PL1PCEN = 0 traps the guest's accesses), so the guest gets
 * this model, compared with the physical count its CNTPCT reads. Only
 * the semantics live here, the count passed in, so the native unit tests
 * can drive it; vtimer.c gives it a host timer and an interrupt line.
 */
#include "vmm/types.h"
#include "arm_vm.h"

/* The timer condition (B8.1.5): CNTPCT - CVAL >= 0, as 64-bit values. */
static bool met(const struct arm_ptimer *t, uint64_t now)
{
	return now >= t->cval;
}

bool ptimer_output(const struct arm_ptimer *t, uint64_t now)
{
	return arm_timer_ctl_armed(t->ctl) && met(t, now);
}

bool ptimer_due(const struct arm_ptimer *t, uint64_t now)
{
	return arm_timer_ctl_armed(t->ctl) && !met(t, now);
}

uint64_t ptimer_read(const struct arm_ptimer *t, enum arm_ptimer_reg reg,
		     uint64_t now)
{
	switch (reg) {
	case ARM_PTIMER_CTL:
		/* ISTATUS is UNKNOWN while disabled: it reads 0 then */
		return t->ctl | ((t->ctl & ARM_TIMER_CTL_ENABLE) && met(t, now) ?
					 ARM_TIMER_CTL_ISTATUS : 0);
	case ARM_PTIMER_TVAL:
		/* the low 32 bits of CVAL - count, a signed down-counter */
		return (uint32_t)(t->cval - now);
	case ARM_PTIMER_CVAL:
		return t->cval;
	}
	return 0;
}

void ptimer_write(struct arm_ptimer *t, enum arm_ptimer_reg reg,
		  uint64_t val, uint64_t now)
{
	switch (reg) {
	case ARM_PTIMER_CTL:
		/* ISTATUS is read-only; the other bits are reserved */
		t->ctl = (uint32_t)val &
			 (ARM_TIMER_CTL_ENABLE | ARM_TIMER_CTL_IMASK);
		break;
	case ARM_PTIMER_TVAL:
		/* CVAL = count + SignExtend(TVAL) */
		t->cval = now + (uint64_t)(int64_t)(int32_t)(uint32_t)val;
		break;
	case ARM_PTIMER_CVAL:
		t->cval = val;
		break;
	}
}
