// SPDX-License-Identifier: BSD-2-Clause
/*
 * ARMv7 VMs and vCPUs behind vmm/arch.h: reset state, register access by
 * uapi id, trap configuration, and one guest entry at a time.
 */
#include "vmm/types.h"
#include "vmm/os.h"
#include "vmm/vm.h"
#include "vmm/arch.h"
#include "arm_vm.h"
#include "arm_stats.h"
#include "cpu_regs.h"
#include "hyp_abi.h"
#include "gic_hw.h"
#include "hyp_setup.h"
#include "vgic.h"
#include "uapi/vmm_dev.h"

_Static_assert(HYP_CZ_MAX == VM_COALESCED_ZONES_MAX, "one zone table");

/* HCR for a guest (B4.1.65): stage 2 on, physical IRQ/FIQ to HYP, trap
 * wfi/wfe, smc, ID group 3, ACTLR, implementation-defined and set/way
 * operations; broadcast TLB/cache maintenance inner-shareable for SMP
 * guests. */
#define HCR_GUEST                                                              \
	(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_FB | HCR_BSU_IS |         \
	 HCR_TWI | HCR_TWE | HCR_TID3 | HCR_TSC | HCR_TIDCP | HCR_TAC |        \
	 HCR_TSW)
/* HCPTR: first VFP/SIMD use switches the register file lazily */
#define HCPTR_GUEST HCPTR_VFP_TRAPS
/* HSTR: trap CP15 c15 (implementation defined) */
#define HSTR_GUEST HSTR_T(15)
/* HDCR: trap debug and performance monitor registers */
#define HDCR_GUEST                                                             \
	(HDCR_TDRA | HDCR_TDOSA | HDCR_TDA | HDCR_TPM | HDCR_TPMCR)
/* VTCR: T0SZ = -8 (40-bit IPA), SL0 = 1, walks inner-shareable WB */
#define VTCR_GUEST                                                             \
	(VTCR_RES1 | VTCR_SH0_INNER | VTCR_ORGN0_WBWA | VTCR_IRGN0_WBWA |      \
	 VTCR_SL0(1) | VTCR_S | VTCR_T0SZ(-8))
_Static_assert(HCR_GUEST == 0x7c661bu, "HCR_GUEST");
_Static_assert(VTCR_GUEST == 0x80003558u, "VTCR_GUEST");

/* The HYP-shared context takes whole pages: 2^CTX_ORDER of them. */
#define CTX_ORDER (sizeof(struct hyp_vcpu_ctx) > 4096 ? 1 : 0)
_Static_assert(sizeof(struct hyp_vcpu_ctx) <= 8192, "vCPU context too big");

#define SCTLR_RESET 0x00c50078u /* MMU, caches off; B4.1.130 */
#define CPSR_RESET  (PSR_MODE_SVC | PSR_A | PSR_I | PSR_F)

int vmm_arch_vm_init(struct vm *vm)
{
	struct arm_vm *avm = vmm_os_zalloc(sizeof(*avm));
	int err;

	if (!avm)
		return -ENOMEM;
	err = arm_s2_init(avm);
	if (err) {
		vmm_os_free(avm);
		return err;
	}
	/* The guest's virtual counter starts at zero now (B8.1.1). */
	avm->cntvoff = read_cntpct();
	vm->arch = avm;
	err = arm_vgic_create(vm);
	if (err) {
		vmm_arch_vm_cleanup(vm);
		return err;
	}
	return 0;
}

void vmm_arch_vm_cleanup(struct vm *vm)
{
	struct arm_vm *avm = vm->arch;

	if (!avm)
		return;
	arm_vgic_destroy(vm);
	arm_s2_destroy(avm);
	vmm_os_free(avm);
	vm->arch = NULL;
}

static void vcpu_reset(struct vcpu *vcpu, struct hyp_vcpu_ctx *c)
{
	struct arm_vm *avm = vcpu->vm->arch;

	memset(&c->guest, 0, sizeof(c->guest));
	c->guest.cpsr = CPSR_RESET;
	c->guest.cp15[CP15_SCTLR] = SCTLR_RESET;
	c->hcr = HCR_GUEST;
	c->hcptr = HCPTR_GUEST;
	c->hstr = HSTR_GUEST;
	c->hdcr = HDCR_GUEST;
	c->vtcr = VTCR_GUEST;
	c->vttbr = avm->vttbr;
	c->vpidr = read_midr();
	/* Multiprocessing Extensions format, affinity level 0 = vCPU id */
	c->vmpidr = (1u << 31) | vcpu->id;
	c->cntvoff = avm->cntvoff;
	c->lazy_hpfar = avm->gicd_hpfar;
}

int vmm_arch_vcpu_init(struct vcpu *vcpu)
{
	struct arm_vcpu *av = vmm_os_zalloc(sizeof(*av));
	uint64_t pa;
	int err;

	if (!av)
		return -ENOMEM;
	/* Whole pages: HYP maps them, and nothing else shares them. */
	av->ctx = vmm_os_alloc_pages(CTX_ORDER, &pa);
	if (!av->ctx) {
		vmm_os_free(av);
		return -ENOMEM;
	}
	err = hyp_map_kernel(av->ctx, 4096u << CTX_ORDER, false);
	if (err) {
		vmm_os_free_pages(av->ctx, CTX_ORDER);
		vmm_os_free(av);
		return err;
	}
	vcpu->arch = av;
	err = arm_ptimer_init(vcpu);
	if (err) {
		vcpu->arch = NULL;
		vmm_os_free_pages(av->ctx, CTX_ORDER);
		vmm_os_free(av);
		return err;
	}
	vcpu_reset(vcpu, av->ctx);
	/* The lowvisor posts coalesced stores into the run page itself. */
	if (!hyp_map_kernel(vcpu->run, VM_RUN_PAGE_SIZE, false))
		av->ctx->cz.page = vcpu->run;
	/* one ring count, the lowvisor's and the highvisor's */
	vcpu->ncoalesced = &av->ctx->cz.count;
	/* vCPU 0 boots; the others wait for a PSCI CPU_ON. */
	av->power = vcpu->id == 0 ? ARM_POWER_ON : ARM_POWER_OFF;
	return 0;
}

/* PSCI CPU_ON's entry state (DEN0022 5.6: as after a reset, MMU off). */
void arm_psci_power_on(struct vcpu *vcpu)
{
	struct arm_vcpu *av = vcpu->arch;
	struct hyp_vcpu_ctx *c = av->ctx;
	struct arm_cpu_on on;
	unsigned long flags;

	flags = vmm_os_spin_lock(vcpu->lock);
	on = av->on;
	av->power = ARM_POWER_ON;
	vmm_os_spin_unlock(vcpu->lock, flags);
	vcpu_reset(vcpu, c);
	c->cntv_ctl = 0;
	memset(&av->pmu, 0, sizeof(av->pmu));
	arm_ptimer_reset(vcpu);
	c->guest.pc = on.pc;
	c->guest.r[0] = on.r0;
	if (on.thumb)
		c->guest.cpsr |= PSR_T;
	if (on.big_endian) {
		c->guest.cpsr |= PSR_E;
		c->guest.cp15[CP15_SCTLR] |= SCTLR_EE;
	}
}

int vmm_arch_vcpu_activate(struct vcpu *vcpu)
{
	struct arm_vcpu *av = vcpu->arch;

	/* No interrupt controller, no machine: the board places it first. */
	if (!arm_vgic_attached(vcpu->vm))
		return -ENODEV;
	av->ctx->lazy_hpfar = ((struct arm_vm *)vcpu->vm->arch)->gicd_hpfar;
	arm_vgic_vcpu_activate(vcpu);
	return 0;
}

bool vmm_arch_vcpu_runnable(struct vcpu *vcpu)
{
	struct arm_vcpu *av = vcpu->arch;

	if (av->power == ARM_POWER_ON_PENDING)
		arm_psci_power_on(vcpu);
	return av->power == ARM_POWER_ON;
}

bool vmm_arch_vcpu_has_work(struct vcpu *vcpu)
{
	struct arm_vcpu *av = vcpu->arch;

	if (av->power != ARM_POWER_ON)
		return av->power == ARM_POWER_ON_PENDING;
	arm_vtimer_sync(vcpu);
	return arm_vgic_pending(vcpu);
}

uint64_t vmm_arch_vcpu_wake_deadline(struct vcpu *vcpu)
{
	return arm_vtimer_deadline(vcpu);
}

int vmm_arch_vm_irq(struct vm *vm, uint32_t irq, bool level)
{
	/* Userspace drives shared peripheral interrupts only. */
	if (irq < 32 || irq >= VGIC_NR_IRQS)
		return -EINVAL;
	if (!arm_vgic_attached(vm))
		return -ENODEV;
	return arm_vgic_set_line(vm, 0, irq, level);
}

void vmm_arch_vcpu_cleanup(struct vcpu *vcpu)
{
	struct arm_vcpu *av = vcpu->arch;

	/*
	 * The pages stay mapped in HYP at their kernel address with the same
	 * attributes; HYP only touches a context while running its vCPU.
	 */
	arm_ptimer_cleanup(vcpu);
	vmm_os_free_pages(av->ctx, CTX_ORDER);
	vmm_os_free(av);
	vcpu->arch = NULL;
}

static uint32_t *reg_ptr(struct arm_guest_regs *g, uint32_t reg)
{
	struct arm_banked *b = &g->banked;

	switch (reg) {
	case VM_REG_GUEST_CPSR: return &g->cpsr;
	case VM_REG_GUEST_SP_USR: return &b->sp_usr;
	case VM_REG_GUEST_LR_USR: return &g->lr_usr;
	case VM_REG_GUEST_SP_SVC: return &b->sp_svc;
	case VM_REG_GUEST_LR_SVC: return &b->lr_svc;
	case VM_REG_GUEST_SPSR_SVC: return &b->spsr_svc;
	case VM_REG_GUEST_SP_ABT: return &b->sp_abt;
	case VM_REG_GUEST_LR_ABT: return &b->lr_abt;
	case VM_REG_GUEST_SPSR_ABT: return &b->spsr_abt;
	case VM_REG_GUEST_SP_UND: return &b->sp_und;
	case VM_REG_GUEST_LR_UND: return &b->lr_und;
	case VM_REG_GUEST_SPSR_UND: return &b->spsr_und;
	case VM_REG_GUEST_SP_IRQ: return &b->sp_irq;
	case VM_REG_GUEST_LR_IRQ: return &b->lr_irq;
	case VM_REG_GUEST_SPSR_IRQ: return &b->spsr_irq;
	case VM_REG_GUEST_SP_FIQ: return &b->sp_fiq;
	case VM_REG_GUEST_LR_FIQ: return &b->lr_fiq;
	case VM_REG_GUEST_SPSR_FIQ: return &b->spsr_fiq;
	case VM_REG_GUEST_R8_FIQ: return &b->r8_fiq;
	case VM_REG_GUEST_R9_FIQ: return &b->r9_fiq;
	case VM_REG_GUEST_R10_FIQ: return &b->r10_fiq;
	case VM_REG_GUEST_R11_FIQ: return &b->r11_fiq;
	case VM_REG_GUEST_R12_FIQ: return &b->r12_fiq;
	case VM_REG_GUEST_SCTLR: return &g->cp15[CP15_SCTLR];
	case VM_REG_GUEST_TTBR0: return &g->cp15[CP15_TTBR0];
	case VM_REG_GUEST_TTBR1: return &g->cp15[CP15_TTBR1];
	case VM_REG_GUEST_TTBCR: return &g->cp15[CP15_TTBCR];
	case VM_REG_GUEST_DACR: return &g->cp15[CP15_DACR];
	case VM_REG_GUEST_VBAR: return &g->cp15[CP15_VBAR];
	case VM_REG_GUEST_DFSR: return &g->cp15[CP15_DFSR];
	case VM_REG_GUEST_IFSR: return &g->cp15[CP15_IFSR];
	case VM_REG_GUEST_DFAR: return &g->cp15[CP15_DFAR];
	case VM_REG_GUEST_IFAR: return &g->cp15[CP15_IFAR];
	case VM_REG_GUEST_CONTEXTIDR: return &g->cp15[CP15_CONTEXTIDR];
	default: return NULL;
	}
}

static bool reg_is_64(uint32_t reg)
{
	return reg == VM_REG_GUEST_TTBR0 || reg == VM_REG_GUEST_TTBR1;
}

int vmm_arch_get_reg(struct vcpu *vcpu, uint32_t reg, uint64_t *val)
{
	struct arm_guest_regs *g = &((struct arm_vcpu *)vcpu->arch)->ctx->guest;
	uint32_t *p;

	if (reg <= VM_REG_GUEST_PC) {
		*val = arm_reg_get(g, reg);
		return 0;
	}
	p = reg_ptr(g, reg);
	if (!p)
		return -EINVAL;
	*val = p[0];
	if (reg_is_64(reg))
		*val |= (uint64_t)p[1] << 32;
	return 0;
}

static bool cpsr_valid(uint64_t v)
{
	switch (v & PSR_MODE_MASK) {
	case PSR_MODE_USR: case PSR_MODE_FIQ: case PSR_MODE_IRQ:
	case PSR_MODE_SVC: case PSR_MODE_ABT: case PSR_MODE_UND:
	case PSR_MODE_SYS:
		return v <= 0xffffffffu;
	default: /* HYP and reserved encodings are not for guests */
		return false;
	}
}

int vmm_arch_set_reg(struct vcpu *vcpu, uint32_t reg, uint64_t val)
{
	struct arm_guest_regs *g = &((struct arm_vcpu *)vcpu->arch)->ctx->guest;
	uint32_t *p;

	if (reg <= VM_REG_GUEST_PC) {
		if (val > 0xffffffffu)
			return -EINVAL;
		arm_reg_set(g, reg, (uint32_t)val);
		return 0;
	}
	if (reg == VM_REG_GUEST_CPSR && !cpsr_valid(val))
		return -EINVAL;
	p = reg_ptr(g, reg);
	if (!p || (!reg_is_64(reg) && val > 0xffffffffu))
		return -EINVAL;
	p[0] = (uint32_t)val;
	if (reg_is_64(reg))
		p[1] = (uint32_t)(val >> 32);
	return 0;
}

/*
 * The VM's coalesced zones for the lowvisor's fast path: those below 4 GiB
 * (the others stay with the highvisor's path). Zones are only ever
 * added, so a count tells whether there is anything new; looked at once
 * per VM_RUN, a zone added meanwhile goes the highvisor's way until then.
 */
static __attribute__((__noinline__)) void cz_update(struct vcpu *vcpu,
							   uint32_t n)
{
	struct arm_vcpu *av = vcpu->arch;
	struct hyp_vcpu_ctx *c = av->ctx;
	const struct vm_coalesced_zone *z;
	uint32_t i, k = 0;

	for (i = 0; i < n && k < HYP_CZ_MAX; i++) {
		z = &vcpu->vm->coalesced[i];
		if (z->gpa + z->len > (1ull << 32))
			continue;
		c->cz.zone[k][0] = (uint32_t)z->gpa;
		c->cz.zone[k][1] = (uint32_t)z->len;
		k++;
	}
	c->cz.n = k;
	av->cz_seen = n;
}

static inline void cz_sync(struct vcpu *vcpu)
{
	uint32_t n = __atomic_load_n(&vcpu->vm->ncoalesced_zones,
				     __ATOMIC_ACQUIRE);

	if (n != ((struct arm_vcpu *)vcpu->arch)->cz_seen)
		cz_update(vcpu, n);
}

/*
 * The vGIC around an entry (vgic_vm.c), inline for the common case: no
 * list register in use before or after, so only the guest's GICH_VMCR
 * (its PMR, BPR and enables, GICv2 5.3.3) and GICH_HCR move.
 */
static inline void arm_vgic_load(struct vcpu *vcpu)
{
	struct vgic *gic = ((struct arm_vm *)vcpu->vm->arch)->gic;
	struct vgic_lr_state *hw = &gic->cpu[vcpu->id].hw;

	if (vgic_flush_needed(gic, vcpu->id)) {
		arm_vgic_load_lrs(vcpu);
		return;
	}
	hw->hcr = GICH_HCR_EN;
	((struct arm_vcpu *)vcpu->arch)->lrs_loaded = 0;
	gic_write(arm_host.gich, GICH_VMCR, hw->vmcr);
	gic_write(arm_host.gich, GICH_HCR, GICH_HCR_EN);
}

static inline void arm_vgic_save(struct vcpu *vcpu)
{
	struct vgic *gic = ((struct arm_vm *)vcpu->vm->arch)->gic;

	if (((struct arm_vcpu *)vcpu->arch)->lrs_loaded) {
		arm_vgic_save_lrs(vcpu);
		return;
	}
	gic->cpu[vcpu->id].hw.vmcr = gic_read(arm_host.gich, GICH_VMCR);
	gic_write(arm_host.gich, GICH_HCR, 0);
}

/*
 * Between two entries without leaving the guest's CPU: before a trap's
 * handler, the list registers in use go back to the vGIC (true if there
 * were any), so that the distributor shows and changes current state;
 * after it, they are loaded again, and also when interrupt state changed
 * meanwhile (true if loaded).
 */
static inline bool vgic_pause(struct vcpu *vcpu)
{
	if (!((struct arm_vcpu *)vcpu->arch)->lrs_loaded)
		return false;
	arm_vgic_save(vcpu);
	return true;
}

static inline bool vgic_resume(struct vcpu *vcpu, bool paused)
{
	if (!paused) {
		if (!vgic_changed(((struct arm_vm *)vcpu->vm->arch)->gic,
				  vcpu->id))
			return false;
		arm_vgic_save(vcpu);
	}
	arm_vgic_load(vcpu);
	return true;
}

/* Nothing asks the vCPU out of the guest: it may go on at once. */
static inline bool may_reenter(struct vcpu *vcpu)
{
	return !vcpu_asked_out(vcpu) && !vmm_os_thread_wanted() &&
	       ((struct arm_vcpu *)vcpu->arch)->power == ARM_POWER_ON;
}

/*
 * The guest's lazy state back from the hardware into its context, and
 * the host's into the hardware (hyp-switch.S, "the lazy state"): at the
 * end of the interrupts-off window, or before a handler in it needs a
 * register the lowvisor left there.
 */
void arm_vcpu_put_lazy(struct vcpu *vcpu)
{
	struct hyp_vcpu_ctx *c = ((struct arm_vcpu *)vcpu->arch)->ctx;

	if (c->lazy)
		hyp_call_fn(HYP_FN_VCPU_PUT, (uint32_t)(uintptr_t)c, 0);
}

int vmm_arch_vcpu_run_once(struct vcpu *vcpu)
{
	struct arm_vcpu *av = vcpu->arch;
	uint32_t ctx = (uint32_t)(uintptr_t)av->ctx, why;
	unsigned long flags, sched;
	unsigned int cpu;
	bool host_save = false, paused;
	int ret;

	arm_vtimer_sync(vcpu);
	/*
	 * Interrupts stay masked from here until the guest is left: a host
	 * interrupt during the guest exits to HYP (HCR.IMO) and is taken
	 * right after the restore below. An interrupt made pending for this
	 * vCPU after vcpu_enter_guest kicks this CPU, so the guest exits at
	 * once if the list registers below missed it.
	 */
	flags = vmm_os_irq_save();
	vcpu_enter_guest(vcpu);
	if (vcpu_idle_requested(vcpu)) {
		/* asked to leave between the run loop's check and here */
		vcpu_exit_guest(vcpu);
		vmm_os_irq_restore(flags);
		return 1;
	}
	arm_vgic_load(vcpu);
	arm_vtimer_load(vcpu);
	/*
	 * The lowvisor saves the host's banked and CP15 state only when it
	 * may have changed since it last did: another CPU, or this thread
	 * was switched out (another thread's TTBR0, CONTEXTIDR, ...). What
	 * user space can change without a switch, the thread ID registers,
	 * it saves on every entry. Interrupts are off: no switch between
	 * this check and the entry.
	 */
	cpu = (unsigned int)vcpu->hostcpu; /* set by vcpu_enter_guest */
	sched = vmm_os_sched_count();
	if (!av->host_valid || av->host_cpu != cpu || av->host_sched != sched) {
		host_save = true;
		vcpu->stats[ARM_STAT_HOST_SAVED]++;
		av->host_valid = true;
		av->host_cpu = cpu;
		av->host_sched = sched;
	}
	for (;;) {
		why = hyp_call_fn(HYP_FN_VCPU_RUN, ctx, host_save);
		host_save = false;
		/* where the guest was: handlers may step past the instruction */
		vcpu->exit->pc = av->ctx->guest.pc;
		if (why != ARM_EXIT_TRAP)
			break;
		/*
		 * A trap whose answer never sleeps is answered right here,
		 * interrupts still off and the list registers left in GICH:
		 * unless the answer needs userspace or something asks the
		 * vCPU out, the guest goes on without the rest of the
		 * round trip. A host interrupt that comes meanwhile stays
		 * pending and makes the next entry exit at once.
		 */
		paused = vgic_pause(vcpu);
		arm_vtimer_sync(vcpu);
		ret = arm_handle_trap_nosleep(vcpu);
		if (ret != 1)
			goto done;
		if (!may_reenter(vcpu)) {
			vcpu->resched = true;
			goto done;
		}
		vcpu->stats[VMEXIT_COUNT]++;
		if (vgic_resume(vcpu, paused))
			arm_vtimer_load(vcpu);
	}
	switch (why) {
	case ARM_EXIT_IRQ:
	case ARM_EXIT_FIQ:
		vcpu->stats[ARM_STAT_EXIT_IRQ]++;
		vcpu->resched = true;
		/* a host tick bounds how long posted writes wait */
		ret = vcpu_coalesced_pending(vcpu) ? 0 : 1;
		if (!ret)
			vcpu->exit->exitcode = VM_EXITCODE_BOGUS;
		break;
	default:
		vmm_err("vCPU%u: unexpected lowvisor answer %#x", vcpu->id,
			why);
		ret = -EIO;
	}
done:
	arm_vcpu_put_lazy(vcpu); /* the window's end: the host's own back */
	arm_vgic_save(vcpu);
	vcpu_exit_guest(vcpu);
	vmm_os_irq_restore(flags);
	arm_vtimer_sync(vcpu);
	if (ret == ARM_TRAP_MAY_SLEEP)
		ret = arm_handle_trap(vcpu);
	return ret;
}

void vmm_arch_vcpu_load(struct vcpu *vcpu)
{
	struct arm_vcpu *av = vcpu->arch;
	const void *self = vmm_os_thread();

	/* another thread's switch count says nothing about this one */
	if (av->host_thread != self) {
		av->host_thread = self;
		av->host_valid = false;
	}
	cz_sync(vcpu);
}

void arm_tlb_flush_vmid(uint64_t vttbr)
{
	struct hyp_host_regs r = { { HYP_FN_TLB_FLUSH_VMID, (uint32_t)vttbr,
				     (uint32_t)(vttbr >> 32), 0 } };
	unsigned long flags;

	/* HYP uses the inner-shareable form: one CPU reaches them all. */
	flags = vmm_os_irq_save();
	hyp_call(&r);
	vmm_os_irq_restore(flags);
}
