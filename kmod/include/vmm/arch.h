/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the machine-independent core asks of an architecture backend
 * (kmod/arm for ARMv7 HYP today, an arm64 EL2 backend later).
 */
#ifndef VMM_ARCH_H
#define VMM_ARCH_H

#include "vmm/types.h"

struct vmm_caps;
struct vmm_hyp_cpu;

/* Host discovery and lowvisor set-up; *why explains a refusal. */
int vmm_arch_init(const char **why);
void vmm_arch_fini(void);
/* Per CPU, called on that CPU with preemption off. */
int vmm_arch_cpu_up(void);
void vmm_arch_cpu_down(void);
bool vmm_arch_cpu_is_up(unsigned int cpu);
/* Called on that CPU: ask the lowvisor to answer. */
void vmm_arch_cpu_ping(uint32_t cookie, struct vmm_hyp_cpu *out);
void vmm_arch_caps(struct vmm_caps *caps);

struct vm;
struct vcpu;
struct vmm_os_mem;

/*
 * How many VMs may exist at once: each holds one of the backend's
 * identifiers (an ARM VMID) from vmm_arch_vm_init until its cleanup.
 */
unsigned int vmm_arch_max_vms(void);
/* VMs: stage-2 tables, VMID. */
int vmm_arch_vm_init(struct vm *vm);
void vmm_arch_vm_cleanup(struct vm *vm);
/* Highest guest-physical address + 1 the backend can map. */
uint64_t vmm_arch_ipa_limit(void);
/* Map len bytes of mem from off at gpa (VM_MEMMAP_F_* flags). */
int vmm_arch_map(struct vm *vm, uint64_t gpa, struct vmm_os_mem *mem,
		 uint64_t off, uint64_t len, uint32_t flags);
void vmm_arch_unmap(struct vm *vm, uint64_t gpa, uint64_t len);

/* vCPUs */
int vmm_arch_vcpu_init(struct vcpu *vcpu);
void vmm_arch_vcpu_cleanup(struct vcpu *vcpu);
int vmm_arch_get_reg(struct vcpu *vcpu, uint32_t reg, uint64_t *val);
int vmm_arch_set_reg(struct vcpu *vcpu, uint32_t reg, uint64_t val);
/*
 * Enters the guest once and handles the exit: 1 = handled, enter again;
 * 0 = *vcpu->exit is filled for userspace; < 0 = error.
 */
int vmm_arch_vcpu_run_once(struct vcpu *vcpu);
/*
 * A VM_RUN begins: the thread comes from userspace (or another thread runs
 * the vCPU now), so host state the backend kept from an earlier entry is
 * stale.
 */
void vmm_arch_vcpu_load(struct vcpu *vcpu);
/* Completes the MMIO read behind the last exit with data. */
void vmm_arch_mmio_complete(struct vcpu *vcpu, uint64_t data);
/*
 * VM_ACTIVATE_CPU: the vCPU joins the machine (interrupt controller...);
 * -ENODEV while the board has not placed its interrupt controller.
 */
int vmm_arch_vcpu_activate(struct vcpu *vcpu);
/* Powered on (PSCI): whether the run loop may enter the guest. */
bool vmm_arch_vcpu_runnable(struct vcpu *vcpu);
/* What ends a vcpu_block: an interrupt to take, or a pending power-on. */
bool vmm_arch_vcpu_has_work(struct vcpu *vcpu);
/*
 * When a halted vCPU must wake at the latest without an interrupt
 * (its timer's deadline), host ns of vmm_os_now_ns; 0 = none.
 */
uint64_t vmm_arch_vcpu_wake_deadline(struct vcpu *vcpu);
/* An interrupt line of the VM's interrupt controller (VM_ASSERT_IRQ). */
int vmm_arch_vm_irq(struct vm *vm, uint32_t irq, bool level);
/*
 * A /dev/vmm/NAME command the core does not know (uapi/vmm_dev_arch.h),
 * with the VM lock held and arg copied in; -ENOTTY if it is not one.
 */
int vmm_arch_ioctl(struct vm *vm, unsigned int cmd, void *arg);

/*
 * The backend's own counters, after the core's (vmm/stats.h): indexes
 * VMM_STAT_ARCH_BASE .. VMM_STAT_ARCH_BASE + vmm_arch_nstats - 1 of a
 * vCPU's stats, described by vmm_arch_stat_desc[i - VMM_STAT_ARCH_BASE].
 */
extern const unsigned int vmm_arch_nstats;
extern const char *const vmm_arch_stat_desc[];

#endif /* VMM_ARCH_H */
