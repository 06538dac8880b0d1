// SPDX-License-Identifier: BSD-2-Clause
/*
 * A minimal virtual PMU (PMUv2, ARM ARM C12 / B4.1.117-B4.1.130): the
 * guest's ID_DFR0 says a PMU exists, so its registers must work. It has
 * the cycle counter only (PMCR.N = 0 event counters): PMCCNTR advances
 * with the VM's virtual counter while enabled (divided by 64 with
 * PMCR.D), events are not counted, no overflow interrupt is raised. The
 * hardware PMU stays the host's: every access traps (HDCR.TPM/TPMCR) and
 * lands here, so nothing a guest does reaches the host's counters.
 */
#include "vmm/types.h"
#include "vmm/vm.h"
#include "arm_vm.h"

#define PMCR_E	    (1u << 0)
#define PMCR_P	    (1u << 1)
#define PMCR_C	    (1u << 2)
#define PMCR_D	    (1u << 3)
#define PMCR_RW	    (PMCR_E | PMCR_D | (1u << 4) | (1u << 5)) /* E D X DP */
#define PMCR_IMP_ARM (0x41u << 24)
#define PMU_CYCLES  (1u << 31) /* the cycle counter's bit in the sets */

static struct arm_vpmu *pmu(struct vcpu *vcpu)
{
	return &((struct arm_vcpu *)vcpu->arch)->pmu;
}

static bool running(const struct arm_vpmu *p)
{
	return (p->pmcr & PMCR_E) && (p->cnten & PMU_CYCLES);
}

/* PMCCNTR now: the value at the last fold plus the time since. */
static uint32_t ccnt_now(struct vcpu *vcpu)
{
	struct arm_vpmu *p = pmu(vcpu);
	uint64_t d;

	if (!running(p))
		return p->ccnt;
	d = arm_vtimer_counter(vcpu->vm->arch) - p->since;
	return p->ccnt + (uint32_t)((p->pmcr & PMCR_D) ? d >> 6 : d);
}

/* Before anything that starts, stops or rescales the counter. */
static void ccnt_fold(struct vcpu *vcpu)
{
	struct arm_vpmu *p = pmu(vcpu);

	p->ccnt = ccnt_now(vcpu);
	p->since = arm_vtimer_counter(vcpu->vm->arch);
}

int arm_vpmu_access(struct vcpu *vcpu, bool read, uint64_t *val,
		    uint32_t reg)
{
	struct arm_vpmu *p = pmu(vcpu);
	uint32_t v = (uint32_t)*val;

	switch (reg) {
	case VPMU_PMCR:
		if (read) {
			*val = PMCR_IMP_ARM | p->pmcr; /* N = 0 */
			break;
		}
		ccnt_fold(vcpu);
		if (v & PMCR_C)
			p->ccnt = 0;
		p->pmcr = v & PMCR_RW;
		break;
	case VPMU_CNTENSET:
	case VPMU_CNTENCLR:
		if (read) {
			*val = p->cnten;
			break;
		}
		ccnt_fold(vcpu);
		if (reg == VPMU_CNTENSET)
			p->cnten |= v & PMU_CYCLES;
		else
			p->cnten &= ~v;
		break;
	case VPMU_INTENSET:
	case VPMU_INTENCLR:
		if (read)
			*val = p->inten;
		else if (reg == VPMU_INTENSET)
			p->inten |= v & PMU_CYCLES;
		else
			p->inten &= ~v;
		break;
	case VPMU_OVSR: /* no overflow is ever flagged */
	case VPMU_CEID0: /* no events */
	case VPMU_CEID1:
	case VPMU_XEVTYPER: /* no event counter to select */
	case VPMU_XEVCNTR:
	case VPMU_SWINC:
		if (read)
			*val = 0;
		break;
	case VPMU_SELR:
		if (read)
			*val = p->selr;
		else
			p->selr = v & 0x1f;
		break;
	case VPMU_CCNTR:
		if (read) {
			*val = ccnt_now(vcpu);
			break;
		}
		ccnt_fold(vcpu);
		p->ccnt = v;
		break;
	case VPMU_USERENR:
		if (read)
			*val = p->userenr;
		else
			p->userenr = v & 1;
		break;
	default:
		return -EPERM;
	}
	return 0;
}
