/* SPDX-License-Identifier: BSD-2-Clause */
/* ARMv7 backend state hung off struct vm / struct vcpu. */
#ifndef VMM_ARM_ARM_VM_H
#define VMM_ARM_ARM_VM_H

#include "vmm/types.h"
#include "arm_arch.h"
#include "lpae.h"
#include "hyp_ctx.h"
#include "mmio_decode.h"
#include "vmm/vm.h"

struct vm;
struct vcpu;
struct vgic_vm;

struct arm_vm {
	struct lpae_table s2;
	uint32_t vmid;
	uint64_t vttbr;
	uint64_t cntvoff; /* the VM's virtual counter = physical - cntvoff */
	struct vgic_vm *vgic;
	struct vgic *gic; /* &vgic->gic, for the run loop's checks */
	/* the distributor's first page as HPFAR spells it (hyp_exit.c) */
	uint32_t gicd_hpfar;
};
/* An HPFAR no fault has: bits [3:0] are RES0 (B4.1.70). */
#define ARM_HPFAR_NONE 1u

/* PSCI power state of a vCPU (AFFINITY_INFO's answers). */
enum arm_power {
	ARM_POWER_ON = 0,
	ARM_POWER_OFF = 1,
	ARM_POWER_ON_PENDING = 2,
};

/* A PSCI CPU_ON waiting for its target to pick it up. */
struct arm_cpu_on {
	uint32_t pc, r0;
	bool thumb, big_endian;
};

/* The guest's PMU registers (vpmu.c). */
struct arm_vpmu {
	uint32_t pmcr, cnten, inten, selr, userenr;
	uint32_t ccnt; /* PMCCNTR at the last fold */
	uint64_t since; /* virtual count at the last fold */
};

enum vpmu_reg {
	VPMU_PMCR, VPMU_CNTENSET, VPMU_CNTENCLR, VPMU_OVSR, VPMU_SWINC,
	VPMU_SELR, VPMU_CEID0, VPMU_CEID1, VPMU_CCNTR, VPMU_XEVTYPER,
	VPMU_XEVCNTR, VPMU_USERENR, VPMU_INTENSET, VPMU_INTENCLR,
};

/*
 * The guest's physical timer (ptimer.c): emulated, its registers trap.
 * Its state belongs to the vCPU's thread; the host timer's callback only
 * raises the line, and every change cancels that timer first.
 */
#define ARM_TIMER_CTL_ENABLE  (1u << 0)
#define ARM_TIMER_CTL_IMASK   (1u << 1)
#define ARM_TIMER_CTL_ISTATUS (1u << 2)
/* Enabled and not masked: the output follows the timer condition. */
static inline bool arm_timer_ctl_armed(uint32_t ctl)
{
	return (ctl & (ARM_TIMER_CTL_ENABLE | ARM_TIMER_CTL_IMASK)) ==
	       ARM_TIMER_CTL_ENABLE;
}
struct vmm_os_timer;
struct arm_ptimer {
	uint32_t ctl;	/* ENABLE and IMASK, as the guest wrote them */
	uint64_t cval;	/* compared with the physical count, CNTPCT */
	bool line;	/* its output, as the vGIC has it */
	struct vmm_os_timer *wake; /* armed at cval while the output is due */
};
enum arm_ptimer_reg { ARM_PTIMER_CTL, ARM_PTIMER_TVAL, ARM_PTIMER_CVAL };
/* Register semantics (B8.1.5) at physical count now. */
uint64_t ptimer_read(const struct arm_ptimer *t, enum arm_ptimer_reg reg,
		     uint64_t now);
void ptimer_write(struct arm_ptimer *t, enum arm_ptimer_reg reg,
		  uint64_t val, uint64_t now);
/* The interrupt output; whether it rises later by itself (at cval). */
bool ptimer_output(const struct arm_ptimer *t, uint64_t now);
bool ptimer_due(const struct arm_ptimer *t, uint64_t now);

struct arm_vcpu {
	struct hyp_vcpu_ctx *ctx; /* shared with HYP */
	struct mmio_access mmio; /* the access behind the last MMIO exit */
	uint32_t mmio_regs[16]; /* the guest's registers its decoding read */
	/* list registers its last vGIC load left in GICH, until the save */
	uint64_t lrs_loaded;
	int power; /* enum arm_power, under vcpu->lock */
	struct arm_cpu_on on; /* valid while ARM_POWER_ON_PENDING */
	bool vtimer_line; /* the virtual timer's output, as last sampled */

	/*
	 * Where the lowvisor last saved the host's per-load state (ctx):
	 * valid while host_valid, on host_cpu, until the thread's
	 * vmm_os_sched_count() moves from host_sched; host_thread is the
	 * thread it was saved for.
	 */
	bool host_valid;
	const void *host_thread;
	unsigned int host_cpu;
	unsigned long host_sched;
	/* the VM's coalesced zones ctx->cz was last filled from */
	uint32_t cz_seen;
	struct arm_vpmu pmu;
	struct arm_ptimer ptimer;
};

/* Host facts the backend found at load time. */
struct arm_host {
	uint32_t nr_lrs;
	void *gich; /* GICH registers, mapped */
	uint64_t gicv_base, gicv_size;
	uint32_t vtimer_intid;
	uint32_t cntfrq;
	uint32_t id_regs[16]; /* sanitized ID_PFR0 .. ID_ISAR5 (cp15_regs.c) */
	uint32_t mvfr0, mvfr1;
};
extern struct arm_host arm_host;

#define SCTLR_V	 (1u << 13)
#define SCTLR_EE (1u << 25)
#define SCTLR_TE (1u << 30)
#define TTBCR_EAE (1u << 31)

/* Guest registers as the current mode sees them (n = 0..15). */
uint32_t arm_reg_get(const struct arm_guest_regs *g, unsigned int n);
void arm_reg_set(struct arm_guest_regs *g, unsigned int n, uint32_t v);
/* Steps past the trapped instruction (HSR.IL tells its size). */
void arm_skip_insn(struct arm_guest_regs *g, uint32_t hsr);
void arm_advance_pc(struct arm_guest_regs *g, unsigned int len);
bool arm_cond_passed(uint32_t cpsr, uint32_t cond);

/* Exceptions injected into the guest as the hardware would take them. */
void arm_inject_undef(struct arm_guest_regs *g);
void arm_inject_pabt(struct arm_guest_regs *g, uint32_t ifar);
void arm_inject_dabt(struct arm_guest_regs *g, uint32_t dfar, bool write);

/* PSCI over hvc/smc: 1 = resume the guest, 0 = exit to userspace. */
int arm_psci_call(struct vcpu *vcpu);
/* A pending CPU_ON becomes the vCPU's reset state (on its own thread). */
void arm_psci_power_on(struct vcpu *vcpu);

/* Trapped CP15 accesses (cp15_regs.c), same convention. */
int arm_cp15_32(struct vcpu *vcpu, uint32_t hsr);
int arm_cp15_64(struct vcpu *vcpu, uint32_t hsr);
int arm_vmrs_id(struct vcpu *vcpu, uint32_t hsr);
/* A PMU register access; -EPERM: undefined. */
int arm_vpmu_access(struct vcpu *vcpu, bool read, uint64_t *val,
		    uint32_t reg);
void arm_cp15_init_host(void);
bool arm_cp15_table_sorted(void);
bool arm_trap_cond_failed(struct vcpu *vcpu, uint32_t hsr);
int arm_trap_undef(struct vcpu *vcpu);

/* The VM's vGIC (vgic_vm.c) */
int arm_vgic_create(struct vm *vm);
void arm_vgic_destroy(struct vm *vm);
struct vm_vgic_desc;
/* VM_ATTACH_VGIC: the board's GIC addresses; a vCPU runs only after it. */
int arm_vgic_attach(struct vm *vm, const struct vm_vgic_desc *d);
bool arm_vgic_attached(struct vm *vm);
void arm_vgic_vcpu_activate(struct vcpu *vcpu);
int arm_vgic_set_line(struct vm *vm, unsigned int vcpu, unsigned int intid,
		      bool level);
/*
 * Around a guest entry, interrupts off: fill / drain the list registers
 * (the run loop's arm_vgic_load/arm_vgic_save, when there is any).
 */
void arm_vgic_load_lrs(struct vcpu *vcpu);
void arm_vgic_save_lrs(struct vcpu *vcpu);
bool arm_vgic_pending(struct vcpu *vcpu);

/* The virtual timer (vtimer.c) */
uint64_t arm_vtimer_counter(struct arm_vm *avm);
void arm_vtimer_sync_slow(struct vcpu *vcpu);
/* Samples the timer's output into the vGIC: only an enabled timer or a
 * line still high has anything to sample (the common case is neither). */
static inline void arm_vtimer_sync(struct vcpu *vcpu)
{
	struct arm_vcpu *av = vcpu->arch;

	if ((av->ctx->cntv_ctl & ARM_TIMER_CTL_ENABLE) || av->vtimer_line)
		arm_vtimer_sync_slow(vcpu);
}
/* Host ns when the guest's timer fires, 0 if it is not armed. */
uint64_t arm_vtimer_deadline(struct vcpu *vcpu);
/*
 * Before an entry: the host's virtual timer interrupt masked while the
 * guest's line is high (vtimer.c). Per host CPU, what it is now.
 */
extern bool arm_vtimer_ppi_masked[VMM_MAX_CPUS];
void arm_vtimer_load_slow(struct vcpu *vcpu, unsigned int cpu);
static inline void arm_vtimer_load(struct vcpu *vcpu)
{
	struct arm_vcpu *av = vcpu->arch;
	unsigned int cpu = (unsigned int)vcpu->hostcpu;

	if (cpu < VMM_MAX_CPUS && arm_vtimer_ppi_masked[cpu] != av->vtimer_line)
		arm_vtimer_load_slow(vcpu, cpu);
}
void arm_vtimer_cpu_up(void);
/* Inside the interrupts-off window: the guest's lazy state stored. */
void arm_vcpu_put_lazy(struct vcpu *vcpu);
/* The emulated physical timer's vCPU side (vtimer.c). */
int arm_ptimer_init(struct vcpu *vcpu);
void arm_ptimer_cleanup(struct vcpu *vcpu);
void arm_ptimer_reset(struct vcpu *vcpu);
int arm_ptimer_access(struct vcpu *vcpu, bool read, uint64_t *val,
		      enum arm_ptimer_reg reg);
/* Stage 2: a host device page range in the guest (the GICV). */
int arm_s2_map_device(struct arm_vm *avm, uint64_t gpa, uint64_t pa,
		      uint64_t len);
/* Waiting for an interrupt (WFI, CPU_SUSPEND): the same convention. */
int arm_vcpu_wait(struct vcpu *vcpu);
/* A Hyp Trap exit: same convention as vmm_arch_vcpu_run_once. */
int arm_handle_trap(struct vcpu *vcpu);
/*
 * The same, with interrupts off before the guest is left
 * (vmm_arch_vcpu_run_once), for every trap whose handler never sleeps;
 * the others (WFI/WFE, PSCI CPU_SUSPEND) are left untouched and get
 * ARM_TRAP_MAY_SLEEP, for arm_handle_trap afterwards.
 */
#define ARM_TRAP_MAY_SLEEP 2
int arm_handle_trap_nosleep(struct vcpu *vcpu);

/* Stage 2 */
int arm_s2_init(struct arm_vm *avm);
void arm_s2_destroy(struct arm_vm *avm);
uint64_t arm_s2_attrs(uint32_t flags);
int vmid_alloc(uint32_t *vmid);
void vmid_free(uint32_t vmid);
/* Drops the VM's TLB entries on every CPU. */
void arm_tlb_flush_vmid(uint64_t vttbr);

#endif
