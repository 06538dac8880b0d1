// SPDX-License-Identifier: BSD-2-Clause
/*
 * Trapped coprocessor accesses of the guest: one table of CP15 registers,
 * sorted by encoding and searched by bisection, for MCR/MRC (HSR.EC 0x03)
 * and MCRR/MRRC (0x04), plus VMRS of the VFP ID registers (0x08). What is
 * not in the table is UNDEFINED for the guest, as on a CPU without it.
 *
 * Which accesses trap is set by HCR/HSTR/HDCR/CNTHCTL (vcpu_arm.c and the
 * world switch): ID group 3 (TID3), set/way maintenance (TSW), ACTLR
 * (TAC), implementation-defined c9-c11 (TIDCP) and c15 (HSTR.T15), the
 * PMU (HDCR.TPM/TPMCR) and the physical timer (CNTHCTL.PL1PCEN).
 *
 * What the guest sees (docs/guest-machine.md, "CPU"): the host CPU's
 * ID registers with what the VM does not offer taken out: no debug or
 * trace architecture in ID_DFR0 (debug registers read as zero, DBGDIDR
 * 0), a PMUv2 (vpmu.c: the cycle counter only), no Virtualization
 * Extensions in ID_PFR1 (HYP mode is ours). The physical timer is
 * emulated (ptimer.c), next to the hardware virtual timer the guest owns.
 * (QEMU 7.2 does not trap ARMv7 ID registers on TID3, only MVFR0/1: under
 * it the guest reads the host's ID_PFR1/ID_DFR0, which the PMU above and
 * the debug registers' zeros still keep usable.)
 */
#include "vmm/types.h"
#include "vmm/vm.h"
#include "arm_vm.h"
#include "arm_stats.h"
#include "cpu_regs.h"

/* Encodings as one key: 64-bit flag, opc1, CRn, CRm, opc2 (B3.18). */
#define CP_KEY(is64, opc1, crn, crm, opc2)                                     \
	(((uint32_t)(is64) << 16) | ((opc1) << 12) | ((crn) << 8) |            \
	 ((crm) << 4) | (opc2))
#define CP32(opc1, crn, crm, opc2) CP_KEY(0, opc1, crn, crm, opc2)
#define CP64(opc1, crm)		   CP_KEY(1, opc1, 0, crm, 0)

struct cp_access {
	bool read;
	uint64_t val; /* in for writes, out for reads */
};

typedef int cp_fn(struct vcpu *vcpu, struct cp_access *a, uint32_t arg);

struct cp15_reg {
	uint32_t key;
	cp_fn *fn;
	uint32_t arg;
};

/* ID register slots in arm_host.id_regs[] */
enum {
	ID_PFR0, ID_PFR1, ID_DFR0, ID_AFR0, ID_MMFR0, ID_MMFR1, ID_MMFR2,
	ID_MMFR3, ID_ISAR0, ID_ISAR1, ID_ISAR2, ID_ISAR3, ID_ISAR4, ID_ISAR5,
	ID_NR
};
_Static_assert(ID_NR <= ARRAY_SIZE(arm_host.id_regs), "id_regs too small");

#define ID_PFR1_VIRT_MASK (0xfu << 12) /* Virtualization, B4.1.94 */

void arm_cp15_init_host(void)
{
	uint32_t *id = arm_host.id_regs;

	id[ID_PFR0] = read_id_pfr0();
	id[ID_PFR1] = read_id_pfr1() & ~ID_PFR1_VIRT_MASK;
	/* no debug or trace the guest could use; PerfMon: PMUv2 (B4.1.89) */
	id[ID_DFR0] = 2u << 24;
	id[ID_AFR0] = read_id_afr0();
	id[ID_MMFR0] = read_id_mmfr0();
	id[ID_MMFR1] = read_id_mmfr1();
	id[ID_MMFR2] = read_id_mmfr2();
	id[ID_MMFR3] = read_id_mmfr3();
	id[ID_ISAR0] = read_id_isar0();
	id[ID_ISAR1] = read_id_isar1();
	id[ID_ISAR2] = read_id_isar2();
	id[ID_ISAR3] = read_id_isar3();
	id[ID_ISAR4] = read_id_isar4();
	id[ID_ISAR5] = read_id_isar5();
	read_mvfr(&arm_host.mvfr0, &arm_host.mvfr1);
}

static int cp_id(struct vcpu *vcpu, struct cp_access *a, uint32_t idx)
{
	(void)vcpu;
	if (!a->read)
		return -EPERM;
	a->val = arm_host.id_regs[idx];
	return 0;
}

/* Reserved ID encodings read as zero (B3.17.2, "RAZ"). */
static int cp_raz_ro(struct vcpu *vcpu, struct cp_access *a, uint32_t arg)
{
	(void)vcpu;
	(void)arg;
	if (!a->read)
		return -EPERM;
	a->val = 0;
	return 0;
}

static int cp_raz_wi(struct vcpu *vcpu, struct cp_access *a, uint32_t arg)
{
	(void)vcpu;
	(void)arg;
	a->val = 0;
	return 0;
}

/*
 * Data cache maintenance by set/way cannot be passed through: the guest
 * does not own the CPU's caches and may have moved CPUs mid-loop. The
 * guest's intent is "everything I wrote is in memory"; cleaning all of its
 * RAM when it reaches set 0 / way 0 (the last step of a full clean of a
 * cache level) gives exactly that.
 */
static int cp_setway(struct vcpu *vcpu, struct cp_access *a, uint32_t arg)
{
	(void)arg;
	if (a->read)
		return -EPERM;
	if (!((uint32_t)a->val & ~0xeu)) /* set 0, way 0 of this level */
		vm_clean_ram(vcpu->vm);
	return 0;
}

/* ACTLR: the guest sees the host's, and cannot change it. */
static int cp_actlr(struct vcpu *vcpu, struct cp_access *a, uint32_t arg)
{
	(void)vcpu;
	(void)arg;
	if (a->read)
		a->val = read_actlr();
	return 0;
}

static int cp_pmu(struct vcpu *vcpu, struct cp_access *a, uint32_t reg)
{
	return arm_vpmu_access(vcpu, a->read, &a->val, reg);
}

static struct arm_guest_regs *guest(struct vcpu *vcpu)
{
	return &((struct arm_vcpu *)vcpu->arch)->ctx->guest;
}

#define CNTKCTL_PL0PTEN (1u << 9)

/*
 * The physical timer, emulated (ptimer.c). From PL0 only as far as the
 * guest's CNTKCTL.PL0PTEN lets it (B4.1.26): else UNDEFINED, as the CPU
 * itself would decide before any trap to HYP.
 */
static int cp_ptimer(struct vcpu *vcpu, struct cp_access *a, uint32_t reg)
{
	const struct arm_guest_regs *g = guest(vcpu);

	if ((g->cpsr & PSR_MODE_MASK) == PSR_MODE_USR &&
	    !(g->cp15[CP15_CNTKCTL] & CNTKCTL_PL0PTEN))
		return -EPERM;
	return arm_ptimer_access(vcpu, a->read, &a->val,
				 (enum arm_ptimer_reg)reg);
}

/* L2CTLR (Cortex-A7/A15): [25:24] number of CPUs - 1, the VM's. */
static int cp_l2ctlr(struct vcpu *vcpu, struct cp_access *a, uint32_t arg)
{
	unsigned int n = vm_ncpus(vcpu->vm);

	(void)arg;
	if (a->read)
		a->val = (uint32_t)((n ? n - 1 : 0) & 3) << 24;
	return 0;
}

#define ID(crm, opc2, idx) { CP32(0, 0, crm, opc2), cp_id, idx }
#define RAZ(crm, opc2)	   { CP32(0, 0, crm, opc2), cp_raz_ro, 0 }

/* Sorted by key: checked at first use (cp15_table_sorted). */
static const struct cp15_reg cp15_regs[] = {
	/* c0: ID group 3 (HCR.TID3), B4.1.89-B4.1.97 */
	ID(1, 0, ID_PFR0), ID(1, 1, ID_PFR1), ID(1, 2, ID_DFR0),
	ID(1, 3, ID_AFR0), ID(1, 4, ID_MMFR0), ID(1, 5, ID_MMFR1),
	ID(1, 6, ID_MMFR2), ID(1, 7, ID_MMFR3),
	ID(2, 0, ID_ISAR0), ID(2, 1, ID_ISAR1), ID(2, 2, ID_ISAR2),
	ID(2, 3, ID_ISAR3), ID(2, 4, ID_ISAR4), ID(2, 5, ID_ISAR5),
	RAZ(2, 6), RAZ(2, 7),
	RAZ(3, 0), RAZ(3, 1), RAZ(3, 2), RAZ(3, 3), RAZ(3, 4), RAZ(3, 5),
	RAZ(3, 6), RAZ(3, 7),
	RAZ(4, 0), RAZ(4, 1), RAZ(4, 2), RAZ(4, 3), RAZ(4, 4), RAZ(4, 5),
	RAZ(4, 6), RAZ(4, 7),
	RAZ(5, 0), RAZ(5, 1), RAZ(5, 2), RAZ(5, 3), RAZ(5, 4), RAZ(5, 5),
	RAZ(5, 6), RAZ(5, 7),
	RAZ(6, 0), RAZ(6, 1), RAZ(6, 2), RAZ(6, 3), RAZ(6, 4), RAZ(6, 5),
	RAZ(6, 6), RAZ(6, 7),
	RAZ(7, 0), RAZ(7, 1), RAZ(7, 2), RAZ(7, 3), RAZ(7, 4), RAZ(7, 5),
	RAZ(7, 6), RAZ(7, 7),
	{ CP32(0, 1, 0, 1), cp_actlr, 0 },		/* ACTLR */
	{ CP32(0, 7, 6, 2), cp_setway, 0 },		/* DCISW */
	{ CP32(0, 7, 10, 2), cp_setway, 0 },		/* DCCSW */
	{ CP32(0, 7, 14, 2), cp_setway, 0 },		/* DCCISW */
	/* c9: the PMU (HDCR.TPM, TPMCR), B4.1.117-B4.1.130 */
	{ CP32(0, 9, 12, 0), cp_pmu, VPMU_PMCR },
	{ CP32(0, 9, 12, 1), cp_pmu, VPMU_CNTENSET },
	{ CP32(0, 9, 12, 2), cp_pmu, VPMU_CNTENCLR },
	{ CP32(0, 9, 12, 3), cp_pmu, VPMU_OVSR },
	{ CP32(0, 9, 12, 4), cp_pmu, VPMU_SWINC },
	{ CP32(0, 9, 12, 5), cp_pmu, VPMU_SELR },
	{ CP32(0, 9, 12, 6), cp_pmu, VPMU_CEID0 },
	{ CP32(0, 9, 12, 7), cp_pmu, VPMU_CEID1 },
	{ CP32(0, 9, 13, 0), cp_pmu, VPMU_CCNTR },
	{ CP32(0, 9, 13, 1), cp_pmu, VPMU_XEVTYPER },
	{ CP32(0, 9, 13, 2), cp_pmu, VPMU_XEVCNTR },
	{ CP32(0, 9, 14, 0), cp_pmu, VPMU_USERENR },
	{ CP32(0, 9, 14, 1), cp_pmu, VPMU_INTENSET },
	{ CP32(0, 9, 14, 2), cp_pmu, VPMU_INTENCLR },
	{ CP32(0, 14, 2, 0), cp_ptimer, ARM_PTIMER_TVAL },	/* CNTP_TVAL */
	{ CP32(0, 14, 2, 1), cp_ptimer, ARM_PTIMER_CTL },	/* CNTP_CTL */
	{ CP32(1, 9, 0, 2), cp_l2ctlr, 0 },		/* L2CTLR */
	{ CP32(1, 9, 0, 3), cp_raz_wi, 0 },		/* L2ECTLR */
	{ CP64(2, 14), cp_ptimer, ARM_PTIMER_CVAL },		/* CNTP_CVAL */
};

static const struct cp15_reg *cp15_find(uint32_t key)
{
	unsigned int lo = 0, hi = ARRAY_SIZE(cp15_regs), mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (cp15_regs[mid].key == key)
			return &cp15_regs[mid];
		if (cp15_regs[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool arm_cp15_table_sorted(void)
{
	unsigned int i;

	for (i = 1; i < ARRAY_SIZE(cp15_regs); i++)
		if (cp15_regs[i - 1].key >= cp15_regs[i].key)
			return false;
	return true;
}

/* Runs the handler of key; a refused access is an undefined instruction. */
static int cp_dispatch(struct vcpu *vcpu, uint32_t hsr, uint32_t key,
		       struct cp_access *a, unsigned int rt, int rt2)
{
	struct arm_guest_regs *g = guest(vcpu);
	const struct cp15_reg *r;

	vcpu->stats[ARM_STAT_CP15]++;
	if (arm_trap_cond_failed(vcpu, hsr)) {
		arm_skip_insn(g, hsr);
		return 1;
	}
	r = cp15_find(key);
	if (!r || r->fn(vcpu, a, r->arg))
		return arm_trap_undef(vcpu);
	if (a->read) {
		arm_reg_set(g, rt, (uint32_t)a->val);
		if (rt2 >= 0)
			arm_reg_set(g, (unsigned int)rt2,
				    (uint32_t)(a->val >> 32));
	}
	arm_skip_insn(g, hsr);
	return 1;
}

/* ISS of MCR/MRC (B3.13.6): Opc2, Opc1, CRn, Rt, CRm, Direction. */
int arm_cp15_32(struct vcpu *vcpu, uint32_t hsr)
{
	uint32_t iss = HSR_ISS(hsr);
	unsigned int rt = (iss >> 5) & 0xf;
	struct cp_access a = { .read = iss & 1 };

	if (!a.read)
		a.val = arm_reg_get(guest(vcpu), rt);
	return cp_dispatch(vcpu, hsr,
			   CP32((iss >> 14) & 7, (iss >> 10) & 0xf,
				(iss >> 1) & 0xf, (iss >> 17) & 7),
			   &a, rt, -1);
}

/* ISS of MCRR/MRRC: Opc1 [19:16], Rt2 [13:10], Rt [8:5], CRm, Direction. */
int arm_cp15_64(struct vcpu *vcpu, uint32_t hsr)
{
	uint32_t iss = HSR_ISS(hsr);
	unsigned int rt = (iss >> 5) & 0xf, rt2 = (iss >> 10) & 0xf;
	struct cp_access a = { .read = iss & 1 };

	if (!a.read)
		a.val = arm_reg_get(guest(vcpu), rt) |
			(uint64_t)arm_reg_get(guest(vcpu), rt2) << 32;
	return cp_dispatch(vcpu, hsr, CP64((iss >> 16) & 0xf, (iss >> 1) & 0xf),
			   &a, rt, (int)rt2);
}

/*
 * VMRS of MVFR0/MVFR1 trapped by HCR.TID3 (EC 0x08): the ISS has the
 * MRC layout with the VFP register number in the CRn field and Rt.
 */
#define VFP_REG_MVFR1 6
#define VFP_REG_MVFR0 7
int arm_vmrs_id(struct vcpu *vcpu, uint32_t hsr)
{
	struct arm_guest_regs *g = guest(vcpu);
	uint32_t iss = HSR_ISS(hsr);
	unsigned int reg = (iss >> 10) & 0xf, rt = (iss >> 5) & 0xf;

	vcpu->stats[ARM_STAT_CP15]++;
	if (arm_trap_cond_failed(vcpu, hsr)) {
		arm_skip_insn(g, hsr);
		return 1;
	}
	if (!(iss & 1) || (reg != VFP_REG_MVFR0 && reg != VFP_REG_MVFR1) ||
	    rt == 15)
		return arm_trap_undef(vcpu);
	arm_reg_set(g, rt,
		    reg == VFP_REG_MVFR0 ? arm_host.mvfr0 : arm_host.mvfr1);
	arm_skip_insn(g, hsr);
	return 1;
}
