/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Virtual machines and vCPUs as the machine-independent core sees them.
 * The arch backend hangs its own state off ->arch; the OS glue owns the
 * device nodes and the locking described at each function.
 */
#ifndef VMM_VM_H
#define VMM_VM_H

#include "vmm/types.h"
#include "vmm/os.h"
#include "vmm/stats.h"
#include "uapi/vmm_dev.h"

struct vmm_os_mem;
struct vmm_os_spin;
struct vmm_os_wait;
struct vmm_os_kick;

/*
 * Where a vCPU is (FreeBSD's vcpu_state): IDLE in the kernel or userspace,
 * RUNNING in the guest on host CPU hostcpu (interrupts off around it),
 * SLEEPING in WFI or powered off, FROZEN while an ioctl reads or writes
 * its registers. Changed under vcpu->lock; read without it by notifiers.
 */
enum vcpu_state {
	VCPU_IDLE,
	VCPU_RUNNING,
	VCPU_SLEEPING,
	VCPU_FROZEN,
};

struct vm_memseg_k {
	uint64_t len; /* 0: free slot */
	struct vmm_os_mem *mem;
	char name[VM_MAX_SEG_NAMELEN];
};

struct vm_memmap_k {
	uint64_t gpa, segoff, len; /* len 0: free slot */
	uint32_t segid, flags;
};

/*
 * In-kernel device emulation: guest-physical ranges whose accesses the
 * fault path answers before anything exits to userspace (an interrupt
 * controller's distributor). off is relative to gpa; size 1, 2, 4 or 8.
 */
struct vcpu;
typedef uint64_t vm_mmio_read_t(struct vcpu *vcpu, uint64_t off,
				unsigned int size, void *arg);
typedef void vm_mmio_write_t(struct vcpu *vcpu, uint64_t off,
			     unsigned int size, uint64_t val, void *arg);
struct vm_mmio_region {
	uint64_t gpa, len;
	vm_mmio_read_t *read;
	vm_mmio_write_t *write;
	void *arg;
};
#define VM_MAX_MMIO_REGIONS 8

struct vcpu {
	struct vm *vm;
	unsigned int id;
	bool active;
	bool ran; /* entered at least once */
	bool mmio_pending; /* a read exit waits for its data */
	/*
	 * Offer the CPU before the next entry: the last exit was a host
	 * interrupt (a tick, a wake-up IPI: the host or RCU may want the
	 * CPU), or the backend left a trap it answered itself because the
	 * scheduler wants the CPU (the vCPU woke another one, say). Only
	 * then can a reschedule be due, so only then does the run loop
	 * call the scheduler.
	 */
	bool resched;
	/*
	 * The run page, shared with the VMM (mmap): the kernel only writes
	 * exit there, and reads back nothing but a pending read's data.
	 */
	struct vm_run_page *run;
	struct vm_exit *exit; /* &run->exit */
	/*
	 * Posted writes in run->coalesced since this VM_RUN began: points
	 * at ncoalesced_own, or where the backend keeps the count (a backend
	 * that posts stores below the kernel).
	 */
	uint32_t *ncoalesced;
	uint32_t ncoalesced_own;
	uint64_t stats[VMM_STAT_MAX];
	struct vmm_os_spin *lock;
	struct vmm_os_wait *wait;
	struct vmm_os_kick *kick;
	volatile int state; /* enum vcpu_state */
	volatile int hostcpu; /* while RUNNING */
	int reqidle; /* ioctls waiting: VM_RUN leaves at once (BOGUS exit) */
	uint32_t halt_poll_window; /* ns; vcpu_halt, vmm/halt_poll.h */
	void *arch;
};

struct vm {
	char name[VM_MAX_NAMELEN];
	struct vm_memseg_k memsegs[VM_MAX_MEMSEGS];
	struct vm_memmap_k memmaps[VM_MAX_MEMMAPS];
	/*
	 * The published mappings' slots sorted by gpa, for a binary search
	 * without the VM lock: map_seq is odd while vm_mmap_memseg changes
	 * map_order/nmaps (a sequence count), and a published slot never
	 * changes again.
	 */
	uint32_t map_seq;
	uint32_t nmaps;
	uint8_t map_order[VM_MAX_MEMMAPS];
	volatile uint32_t suspend; /* enum vm_suspend_how, NONE while running */
	/* sorted by gpa, registered before the VM first runs, then fixed */
	struct vm_mmio_region mmio[VM_MAX_MMIO_REGIONS];
	unsigned int nmmio;
	/*
	 * Coalesced MMIO zones: append-only, an entry is written before
	 * ncoalesced_zones counts it (release), so exits read them without
	 * a lock (acquire).
	 */
	struct vm_coalesced_zone coalesced[VM_COALESCED_ZONES_MAX];
	uint32_t ncoalesced_zones;
	/* VM_SET_HALT_POLL's limit, ns (vmm/halt_poll.h) */
	uint32_t halt_poll_ns;
	void *arch;
	/*
	 * Last: the vCPUs are large (their counters), and the fields above,
	 * which every exit reads, must stay within an ARM load's 4 KiB
	 * immediate offset of the struct's start.
	 */
	struct vcpu vcpu[VM_MAXCPU];
};

/*
 * Creation and destruction; the glue serializes creations with everything
 * else. A VM counts from vm_create until vm_destroy, which the glue calls
 * when its last user is gone (not when it is destroyed by name); at
 * vm_max_vms() of them vm_create fails with -ENOSPC.
 */
int vm_create(const char *name, struct vm **vmp);
void vm_destroy(struct vm *vm);
bool vm_name_valid(const char *name);
unsigned int vm_max_vms(void);
unsigned int vm_count(void);

/*
 * Per-VM ioctls, with the lock the glue takes for them: the VM's, or the
 * vCPU's for the per-vCPU ones. VM_RUN is not among them: vm_run.
 */
int vmmdev_ioctl(struct vm *vm, unsigned int cmd, void *arg);
/* VM_RUN, with the vCPU's lock held by the glue. */
int vm_run(struct vm *vm, uint32_t id);
/* The run page of vCPU id, or NULL; for mmap(2) at VM_RUN_PAGE_OFFSET. */
void *vm_run_page(struct vm *vm, uint32_t id);
/* The memory segment backing gpa, and the offset in it; for mmap(2). */
int vm_gpa_to_seg(struct vm *vm, uint64_t gpa, struct vmm_os_mem **mem,
		  uint64_t *off, uint64_t *avail);
/* Guest RAM at gpa -> memory object and offset, or -EFAULT. */
bool vm_gpa_is_ram(struct vm *vm, uint64_t gpa, bool write);
int vm_gpa_read(struct vm *vm, uint64_t gpa, void *buf, size_t len);
/* Stops every vCPU: running ones are kicked out, sleeping ones woken. */
void vm_suspend(struct vm *vm, uint32_t how);

/*
 * vCPU scheduling, for the backend. vcpu_notify: something became pending
 * for vcpu (an interrupt, a PSCI CPU_ON): wake it if it sleeps, kick it out
 * of the guest if it runs on another CPU. vcpu_block: sleep (WFI, powered
 * off) until vmm_arch_vcpu_has_work, a VM suspend, a signal or the
 * deadline (host ns from vmm_os_now_ns, 0 = none). vcpu_enter_guest /
 * vcpu_exit_guest bracket a guest entry, with interrupts off.
 */
void vcpu_notify(struct vcpu *vcpu);
/*
 * Another thread wants the vCPU's registers: until the matching
 * vcpu_request_idle_done, VM_RUN returns to userspace at once (exit code
 * BOGUS: run again), so the caller gets the vCPU (FreeBSD's reqidle).
 */
void vcpu_request_idle(struct vm *vm, unsigned int id);
void vcpu_request_idle_done(struct vm *vm, unsigned int id);
static inline bool vcpu_idle_requested(struct vcpu *vcpu)
{
	return __atomic_load_n(&vcpu->reqidle, __ATOMIC_ACQUIRE) > 0;
}
void vcpu_block(struct vcpu *vcpu, uint64_t deadline_ns);
/*
 * The guest halted (WFI, PSCI CPU_SUSPEND): vcpu_block until
 * vmm_arch_vcpu_wake_deadline after a poll of at most the vCPU's
 * halt-poll window (vmm/halt_poll.h), which it then adapts to how long
 * the halt lasted.
 */
void vcpu_halt(struct vcpu *vcpu);
/*
 * The VM is suspending or another thread waits for the vCPU: what makes
 * vcpu_run's loop leave for userspace. A backend that answers traps
 * without going back to that loop checks it, with vmm_os_thread_wanted().
 */
static inline bool vcpu_asked_out(struct vcpu *vcpu)
{
	return __atomic_load_n(&vcpu->vm->suspend, __ATOMIC_RELAXED) !=
		       VM_SUSPEND_NONE ||
	       vcpu_idle_requested(vcpu);
}
static inline void vcpu_enter_guest(struct vcpu *vcpu)
{
	vcpu->hostcpu = (int)vmm_os_cpu_id();
	vcpu->state = VCPU_RUNNING;
	/* the state before any later look at pending interrupts (notify) */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static inline void vcpu_exit_guest(struct vcpu *vcpu)
{
	vcpu->state = VCPU_IDLE;
	vcpu->hostcpu = -1;
}
/*
 * Adds an in-kernel MMIO region, before any vCPU is active (the exit path
 * reads the registry unlocked); -EEXIST where something else is.
 */
int vm_register_mmio(struct vm *vm, const struct vm_mmio_region *r);
/* Whether guest RAM, an in-kernel device or a coalesced zone has any of it. */
bool vm_gpa_busy(const struct vm *vm, uint64_t gpa, uint64_t len);
/* The region holding [gpa, gpa + size), or NULL. */
const struct vm_mmio_region *vm_mmio_search(const struct vm *vm, uint64_t gpa,
					    unsigned int size);
static inline const struct vm_mmio_region *
vm_find_mmio(const struct vm *vm, uint64_t gpa, unsigned int size)
{
	const struct vm_mmio_region *last;

	/* most aborts are for devices in userspace, outside the span */
	if (!vm->nmmio)
		return NULL;
	last = &vm->mmio[vm->nmmio - 1];
	if (gpa - vm->mmio[0].gpa >= last->gpa + last->len - vm->mmio[0].gpa)
		return NULL;
	return vm_mmio_search(vm, gpa, size);
}

/* VM_REGISTER_COALESCED, with the VM lock held. */
int vm_register_coalesced(struct vm *vm, struct vm_coalesced_zone *z);
/*
 * A guest store of size bytes at gpa: true if it lies in a coalesced zone
 * and went into the vCPU's ring (the caller retires it, no exit); false
 * if it must exit as usual (not in a zone, or the ring is full).
 */
bool vm_coalesce_write(struct vcpu *vcpu, uint64_t gpa, unsigned int size,
		       uint64_t data);
/* Posted writes wait in the ring: leave for userspace before a sleep. */
static inline bool vcpu_coalesced_pending(const struct vcpu *vcpu)
{
	return *vcpu->ncoalesced != 0;
}

/* vCPUs activated so far (highest id + 1). */
unsigned int vm_ncpus(struct vm *vm);
/* Cleans all of the VM's RAM from the data caches to memory. */
void vm_clean_ram(struct vm *vm);

#endif
