// SPDX-License-Identifier: BSD-2-Clause
/*
 * VM objects: memory segments, their guest-physical mappings, vCPUs and the
 * run loop. Locking is the OS glue's: one lock per VM around everything but
 * VM_RUN, which holds that vCPU's lock instead.
 */
#include "vmm/types.h"
#include "vmm/os.h"
#include "vmm/arch.h"
#include "vmm/vm.h"
#include "vmm/halt_poll.h"

#define PAGE_MASK_4K 0xfffull

_Static_assert(sizeof(struct vm_run_page) <= VM_RUN_PAGE_SIZE,
	       "the run page is one page");
_Static_assert(offsetof(struct vm, vcpu) <= 4096,
	       "struct vm: the fields exits read within 4 KiB (vm.h)");

const char *const vmm_stat_desc[VMM_STAT_ARCH_BASE] = {
	[VMEXIT_COUNT] = "total exits",
	[VMEXIT_USERSPACE] = "exits to userspace",
	[VMEXIT_MMIO] = "mmio exits to userspace",
	[VMEXIT_MMIO_KERNEL] = "mmio emulated in the kernel",
	[VMEXIT_MMIO_COALESCED] =
		"mmio writes posted (coalesced; counted at the next run)",
	[VMM_STAT_IRQ_INJECTED] = "interrupts injected",
	[VMM_STAT_WFI_SLEPT] = "sleeps waiting for an interrupt",
	[VMM_STAT_HALT_POLL_SUCCESS] = "halt_poll_success: woken while polling",
	[VMM_STAT_HALT_POLL_FAIL] = "halt_poll_fail: polled, then slept",
	[VMM_STAT_HALT_POLL_NS] = "halt_poll_ns: time spent polling (ns)",
};

static unsigned int vmm_nstats(void)
{
	return VMM_STAT_ARCH_BASE + vmm_arch_nstats;
}

bool vm_name_valid(const char *name)
{
	return vmm_name_valid(name);
}

/* VMs between vm_create and vm_destroy: what vm_max_vms() bounds. */
static unsigned int vm_nvms;

unsigned int vm_max_vms(void)
{
	return vmm_arch_max_vms();
}

unsigned int vm_count(void)
{
	return __atomic_load_n(&vm_nvms, __ATOMIC_RELAXED);
}

static int vcpu_os_init(struct vcpu *vcpu)
{
	uint64_t pa;

	vcpu->lock = vmm_os_spin_alloc();
	vcpu->wait = vmm_os_wait_alloc();
	vcpu->kick = vmm_os_kick_alloc();
	vcpu->run = vmm_os_alloc_pages(0, &pa);
	vcpu->hostcpu = -1;
	if (!vcpu->run)
		return -ENOMEM;
	vcpu->run->abi_version = VMM_ABI_VERSION;
	vcpu->ncoalesced = &vcpu->ncoalesced_own;
	vcpu->exit = &vcpu->run->exit;
	return vcpu->lock && vcpu->wait && vcpu->kick ? 0 : -ENOMEM;
}

static void vcpu_os_fini(struct vcpu *vcpu)
{
	if (vcpu->run)
		vmm_os_free_pages(vcpu->run, 0);
	if (vcpu->kick)
		vmm_os_kick_free(vcpu->kick);
	if (vcpu->wait)
		vmm_os_wait_free(vcpu->wait);
	if (vcpu->lock)
		vmm_os_spin_free(vcpu->lock);
}

int vm_create(const char *name, struct vm **vmp)
{
	struct vm *vm;
	unsigned int i;
	int err;

	if (!vm_name_valid(name))
		return -EINVAL;
	/*
	 * The count is taken before anything is allocated, so the limit
	 * costs nothing; vm_destroy gives it back, on the failures below
	 * too. The backend's own identifiers (VMIDs) could not run out
	 * first: there are as many.
	 */
	if (__atomic_add_fetch(&vm_nvms, 1, __ATOMIC_ACQUIRE) > vm_max_vms()) {
		__atomic_sub_fetch(&vm_nvms, 1, __ATOMIC_RELAXED);
		return -ENOSPC;
	}
	vm = vmm_os_zalloc(sizeof(*vm));
	if (!vm) {
		__atomic_sub_fetch(&vm_nvms, 1, __ATOMIC_RELAXED);
		return -ENOMEM;
	}
	memcpy(vm->name, name, strnlen(name, VM_MAX_NAMELEN));
	vm->halt_poll_ns = VMM_HALT_POLL_VM_DEFAULT;
	err = 0;
	for (i = 0; i < VM_MAXCPU; i++) {
		vm->vcpu[i].vm = vm;
		vm->vcpu[i].id = i;
		if (!err)
			err = vcpu_os_init(&vm->vcpu[i]);
	}
	if (!err)
		err = vmm_arch_vm_init(vm);
	if (err) {
		vm_destroy(vm);
		return err;
	}
	/* Every vCPU's HYP context now: none is set up behind a run. */
	for (i = 0; i < VM_MAXCPU; i++) {
		err = vmm_arch_vcpu_init(&vm->vcpu[i]);
		if (err) {
			vm_destroy(vm);
			return err;
		}
	}
	*vmp = vm;
	return 0;
}

void vm_destroy(struct vm *vm)
{
	unsigned int i;

	for (i = 0; i < VM_MAXCPU; i++)
		if (vm->vcpu[i].arch)
			vmm_arch_vcpu_cleanup(&vm->vcpu[i]);
	/* Stage 2 and TLBs go first: then no CPU can reach the pages. */
	if (vm->arch)
		vmm_arch_vm_cleanup(vm);
	for (i = 0; i < VM_MAX_MEMSEGS; i++)
		if (vm->memsegs[i].mem)
			vmm_os_mem_free(vm->memsegs[i].mem);
	for (i = 0; i < VM_MAXCPU; i++)
		vcpu_os_fini(&vm->vcpu[i]);
	vmm_os_free(vm);
	/* after the VMID went back (vmm_arch_vm_cleanup): vm_create acquires */
	__atomic_sub_fetch(&vm_nvms, 1, __ATOMIC_RELEASE);
}

void vm_suspend(struct vm *vm, uint32_t how)
{
	unsigned int i;

	if (vm->suspend == VM_SUSPEND_NONE)
		vm->suspend = how;
	for (i = 0; i < VM_MAXCPU; i++)
		if (vm->vcpu[i].active)
			vcpu_notify(&vm->vcpu[i]);
}

unsigned int vm_ncpus(struct vm *vm)
{
	unsigned int i, n = 0;

	for (i = 0; i < VM_MAXCPU; i++)
		if (vm->vcpu[i].active)
			n = i + 1;
	return n;
}

/* ---- vCPU scheduling --------------------------------------------------- */

void vcpu_notify(struct vcpu *vcpu)
{
	int cpu;

	/*
	 * The caller made the work visible under its own lock before this;
	 * a vCPU about to enter checks for work after setting RUNNING, so
	 * one of the two always sees the other.
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (vcpu->state == VCPU_SLEEPING) {
		vmm_os_wake(vcpu->wait);
		return;
	}
	cpu = vcpu->hostcpu;
	if (vcpu->state == VCPU_RUNNING && cpu >= 0 &&
	    (unsigned int)cpu != vmm_os_cpu_id())
		vmm_os_kick_cpu(vcpu->kick, cpu);
}

void vcpu_request_idle(struct vm *vm, unsigned int id)
{
	if (id >= VM_MAXCPU)
		return;
	__atomic_fetch_add(&vm->vcpu[id].reqidle, 1, __ATOMIC_SEQ_CST);
	vcpu_notify(&vm->vcpu[id]);
}

void vcpu_request_idle_done(struct vm *vm, unsigned int id)
{
	if (id < VM_MAXCPU)
		__atomic_fetch_sub(&vm->vcpu[id].reqidle, 1, __ATOMIC_SEQ_CST);
}

static void vcpu_set_state(struct vcpu *vcpu, int state, int hostcpu)
{
	unsigned long flags = vmm_os_spin_lock(vcpu->lock);

	vcpu->hostcpu = hostcpu;
	vcpu->state = state;
	vmm_os_spin_unlock(vcpu->lock, flags);
}

/*
 * Only the vCPU's own thread changes its state, so entering and leaving
 * need no lock: the fence orders "running" before the entry's look for
 * pending work, against vcpu_notify's "work" before its look at the state.
 */
static bool vcpu_should_wake(void *arg)
{
	struct vcpu *vcpu = arg;

	return vcpu_asked_out(vcpu) || vmm_arch_vcpu_has_work(vcpu);
}

void vcpu_block(struct vcpu *vcpu, uint64_t deadline_ns)
{
	vcpu->stats[VMM_STAT_WFI_SLEPT]++;
	vcpu_set_state(vcpu, VCPU_SLEEPING, -1);
	vmm_os_wait(vcpu->wait, deadline_ns, vcpu_should_wake, vcpu);
	vcpu_set_state(vcpu, VCPU_IDLE, -1);
}

/*
 * Spins until the vCPU has work (true), or the window has passed or the
 * host wants the CPU (false). The clock is read after each look, so the
 * look that ends a successful poll is never more than one turn late.
 */
static bool vcpu_halt_poll(struct vcpu *vcpu, uint64_t start, uint32_t window)
{
	uint64_t now;

	for (;;) {
		if (vcpu_should_wake(vcpu))
			return true;
		now = vmm_os_now_ns();
		if (now - start >= window || vmm_os_thread_wanted() ||
		    vmm_os_cpu_contended())
			return false;
		vmm_os_cpu_relax();
	}
}

void vcpu_halt(struct vcpu *vcpu)
{
	uint32_t max = vmm_halt_poll_limit(
		__atomic_load_n(&vmm_halt_poll_ns, __ATOMIC_RELAXED),
		__atomic_load_n(&vcpu->vm->halt_poll_ns, __ATOMIC_RELAXED));
	uint32_t window =
		vcpu->halt_poll_window < max ? vcpu->halt_poll_window : max;
	uint64_t start = vmm_os_now_ns(), now;

	if (window) {
		bool woke = vcpu_halt_poll(vcpu, start, window);

		now = vmm_os_now_ns();
		vcpu->stats[VMM_STAT_HALT_POLL_NS] += now - start;
		if (woke) {
			vcpu->stats[VMM_STAT_HALT_POLL_SUCCESS]++;
			vcpu->halt_poll_window =
				vmm_halt_poll_adapt(window, now - start, max);
			return;
		}
		vcpu->stats[VMM_STAT_HALT_POLL_FAIL]++;
	}
	/* only now: a caught wake-up needs no deadline (a division) */
	vcpu_block(vcpu, vmm_arch_vcpu_wake_deadline(vcpu));
	vcpu->halt_poll_window =
		vmm_halt_poll_adapt(window, vmm_os_now_ns() - start, max);
}

static int vm_set_halt_poll(struct vm *vm, struct vm_halt_poll *hp)
{
	if (hp->reserved)
		return -EINVAL;
	__atomic_store_n(&vm->halt_poll_ns, hp->max_ns, __ATOMIC_RELAXED);
	return 0;
}

static int vm_alloc_memseg(struct vm *vm, struct vm_memseg *ms)
{
	struct vm_memseg_k *seg;

	if (ms->segid >= VM_MAX_MEMSEGS || ms->len == 0 ||
	    (ms->len & PAGE_MASK_4K) || ms->len > vmm_os_max_guest_mem())
		return -EINVAL;
	seg = &vm->memsegs[ms->segid];
	if (seg->len)
		return -EEXIST;
	seg->mem = vmm_os_mem_alloc(ms->len);
	if (!seg->mem)
		return -ENOMEM;
	seg->len = ms->len;
	memcpy(seg->name, ms->name, sizeof(seg->name));
	seg->name[sizeof(seg->name) - 1] = 0;
	return 0;
}

static int vm_get_memseg(struct vm *vm, struct vm_memseg *ms)
{
	if (ms->segid >= VM_MAX_MEMSEGS)
		return -EINVAL;
	ms->len = vm->memsegs[ms->segid].len;
	memcpy(ms->name, vm->memsegs[ms->segid].name, sizeof(ms->name));
	return 0;
}

static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b,
			   uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/*
 * vCPUs look the map up during exits without the VM lock. Mappings are
 * only ever added (under the VM lock), never changed or removed while the
 * VM exists: a sequence count around the sorted index is enough, the
 * slot itself was written before the count goes odd.
 */
static void vm_publish_map(struct vm *vm, uint8_t slot)
{
	uint32_t seq = vm->map_seq, n = vm->nmaps, i;
	uint64_t gpa = vm->memmaps[slot].gpa;

	__atomic_store_n(&vm->map_seq, seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	for (i = n; i > 0 && vm->memmaps[vm->map_order[i - 1]].gpa > gpa; i--)
		__atomic_store_n(&vm->map_order[i], vm->map_order[i - 1],
				 __ATOMIC_RELAXED);
	__atomic_store_n(&vm->map_order[i], slot, __ATOMIC_RELAXED);
	__atomic_store_n(&vm->nmaps, n + 1, __ATOMIC_RELAXED);
	__atomic_store_n(&vm->map_seq, seq + 2, __ATOMIC_RELEASE);
}

static int vm_mmap_memseg(struct vm *vm, struct vm_memmap *mm)
{
	struct vm_memseg_k *seg;
	struct vm_memmap_k *slot = NULL;
	unsigned int i;
	int err;

	if (mm->segid >= VM_MAX_MEMSEGS ||
	    (mm->flags & ~(VM_MEMMAP_F_WRITE | VM_MEMMAP_F_EXEC)))
		return -EINVAL;
	seg = &vm->memsegs[mm->segid];
	if (!seg->len)
		return -ENOENT;
	if (!mm->len || ((mm->gpa | mm->segoff | mm->len) & PAGE_MASK_4K) ||
	    mm->segoff > seg->len || mm->len > seg->len - mm->segoff ||
	    mm->gpa + mm->len < mm->gpa ||
	    mm->gpa + mm->len > vmm_arch_ipa_limit())
		return -EINVAL;
	/* The in-kernel devices' ranges are not RAM (the exit path relies on it). */
	for (i = 0; i < vm->nmmio; i++)
		if (ranges_overlap(vm->mmio[i].gpa, vm->mmio[i].len, mm->gpa,
				   mm->len))
			return -EEXIST;
	for (i = 0; i < VM_MAX_MEMMAPS; i++) {
		struct vm_memmap_k *m = &vm->memmaps[i];

		if (!m->len) {
			if (!slot)
				slot = m;
			continue;
		}
		if (ranges_overlap(m->gpa, m->len, mm->gpa, mm->len))
			return -EEXIST;
	}
	if (!slot)
		return -ENOSPC;
	err = vmm_arch_map(vm, mm->gpa, seg->mem, mm->segoff, mm->len,
			   mm->flags);
	if (err) {
		vmm_arch_unmap(vm, mm->gpa, mm->len);
		return err;
	}
	slot->gpa = mm->gpa;
	slot->segoff = mm->segoff;
	slot->segid = mm->segid;
	slot->flags = mm->flags;
	slot->len = mm->len;
	vm_publish_map(vm, (uint8_t)(slot - vm->memmaps));
	return 0;
}

/*
 * A copy of the published mapping that holds gpa: binary search of the
 * sorted index (mappings never overlap), retried if a publish ran
 * meanwhile.
 */
static bool vm_find_map(struct vm *vm, uint64_t gpa, struct vm_memmap_k *out)
{
	const struct vm_memmap_k *m;
	uint32_t seq, lo, hi, mid;
	bool found;

	for (;;) {
		seq = __atomic_load_n(&vm->map_seq, __ATOMIC_ACQUIRE);
		if (seq & 1)
			continue; /* a publish is a few stores: spin */
		lo = 0;
		hi = __atomic_load_n(&vm->nmaps, __ATOMIC_RELAXED);
		if (hi > VM_MAX_MEMMAPS)
			hi = VM_MAX_MEMMAPS;
		/* lo = how many mappings start at or below gpa */
		while (lo < hi) {
			mid = (lo + hi) / 2;
			m = &vm->memmaps[__atomic_load_n(&vm->map_order[mid],
							 __ATOMIC_RELAXED) %
					 VM_MAX_MEMMAPS];
			if (m->gpa <= gpa)
				lo = mid + 1;
			else
				hi = mid;
		}
		found = false;
		if (lo) {
			m = &vm->memmaps[__atomic_load_n(&vm->map_order[lo - 1],
							 __ATOMIC_RELAXED) %
					 VM_MAX_MEMMAPS];
			found = gpa - m->gpa < m->len;
			if (found)
				*out = *m;
		}
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (__atomic_load_n(&vm->map_seq, __ATOMIC_RELAXED) == seq)
			return found;
	}
}

int vm_gpa_to_seg(struct vm *vm, uint64_t gpa, struct vmm_os_mem **mem,
		  uint64_t *off, uint64_t *avail)
{
	struct vm_memmap_k m;

	if (!vm_find_map(vm, gpa, &m))
		return -EFAULT;
	/* Segments are never freed while the VM exists. */
	*mem = vm->memsegs[m.segid].mem;
	*off = m.segoff + (gpa - m.gpa);
	*avail = m.len - (gpa - m.gpa);
	return 0;
}

bool vm_gpa_is_ram(struct vm *vm, uint64_t gpa, bool write)
{
	struct vm_memmap_k m VMM_NOINIT; /* read only once found */

	return vm_find_map(vm, gpa, &m) &&
	       (!write || (m.flags & VM_MEMMAP_F_WRITE));
}

int vm_gpa_read(struct vm *vm, uint64_t gpa, void *buf, size_t len)
{
	struct vmm_os_mem *mem;
	uint64_t off, avail;

	if (vm_gpa_to_seg(vm, gpa, &mem, &off, &avail) || avail < len)
		return -EFAULT;
	return vmm_os_mem_read(mem, off, buf, len);
}

static struct vcpu *vm_vcpu(struct vm *vm, uint32_t id)
{
	return id < VM_MAXCPU ? &vm->vcpu[id] : NULL;
}

static int vm_activate_cpu(struct vm *vm, struct vm_activate_cpu *a)
{
	struct vcpu *vcpu = vm_vcpu(vm, a->vcpuid);
	int err;

	if (!vcpu)
		return -EINVAL;
	if (vcpu->active)
		return -EBUSY;
	/* counted first: the backend sizes its interrupt routing by it */
	vcpu->active = true;
	err = vmm_arch_vcpu_activate(vcpu);
	if (err)
		vcpu->active = false;
	return err;
}

/* Registers of a vCPU that is not active yet are readable and settable. */
static int vm_get_register(struct vm *vm, struct vm_register *r)
{
	struct vcpu *vcpu = vm_vcpu(vm, r->cpuid);
	int err;

	if (!vcpu)
		return -EINVAL;
	vcpu_set_state(vcpu, VCPU_FROZEN, -1);
	err = vmm_arch_get_reg(vcpu, r->regnum, &r->regval);
	vcpu_set_state(vcpu, VCPU_IDLE, -1);
	return err;
}

static int vm_set_register(struct vm *vm, struct vm_register *r)
{
	struct vcpu *vcpu = vm_vcpu(vm, r->cpuid);
	int err;

	if (!vcpu)
		return -EINVAL;
	vcpu_set_state(vcpu, VCPU_FROZEN, -1);
	err = vmm_arch_set_reg(vcpu, r->regnum, r->regval);
	vcpu_set_state(vcpu, VCPU_IDLE, -1);
	return err;
}

static int vm_do_suspend(struct vm *vm, struct vm_suspend *s)
{
	if (s->how == VM_SUSPEND_NONE || s->how >= VM_SUSPEND_LAST)
		return -EINVAL;
	vm_suspend(vm, s->how);
	return 0;
}

static int vm_stats(struct vm *vm, struct vm_stats *st)
{
	struct vcpu *vcpu = vm_vcpu(vm, st->cpuid);

	if (!vcpu)
		return -EINVAL;
	st->num_entries = vmm_nstats();
	memcpy(st->statbuf, vcpu->stats, sizeof(vcpu->stats));
	return 0;
}

static int vm_stat_desc(struct vm *vm, struct vm_stat_desc *d)
{
	const char *s;
	size_t n;

	(void)vm;
	if (d->index >= vmm_nstats())
		return -EINVAL;
	s = d->index < VMM_STAT_ARCH_BASE ?
		    vmm_stat_desc[d->index] :
		    vmm_arch_stat_desc[d->index - VMM_STAT_ARCH_BASE];
	n = strnlen(s, sizeof(d->desc) - 1);
	memset(d->desc, 0, sizeof(d->desc));
	memcpy(d->desc, s, n);
	return 0;
}

void vm_clean_ram(struct vm *vm)
{
	unsigned int i;

	for (i = 0; i < VM_MAX_MEMSEGS; i++)
		if (vm->memsegs[i].mem)
			vmm_os_mem_clean(vm->memsegs[i].mem, 0,
					 vm->memsegs[i].len);
}

/*
 * Runs the vCPU until an exit for userspace, which it leaves in the run
 * page; data is the value of the MMIO read the last exit asked for.
 */
static int vcpu_run(struct vcpu *vcpu, uint64_t data)
{
	struct vm *vm = vcpu->vm;
	struct vm_exit *exit = vcpu->exit;
	int r;

	if (!vcpu->active)
		return -ENXIO;
	vmm_arch_vcpu_load(vcpu);
	/* the VMM applied the last run's posted writes (vmm_dev.h) */
	if (*vcpu->ncoalesced) {
		vcpu->stats[VMEXIT_MMIO_COALESCED] += *vcpu->ncoalesced;
		*vcpu->ncoalesced = 0;
		vcpu->run->ncoalesced = 0;
	}
	if (vcpu->mmio_pending) {
		vmm_arch_mmio_complete(vcpu, data);
		vcpu->mmio_pending = false;
	}
	if (!vcpu->ran) {
		/*
		 * The guest starts with its MMU and caches off: what the VMM
		 * wrote through its cached mapping (the boot image) must be in
		 * memory, and the pages may have held other code before.
		 */
		vm_clean_ram(vm);
		vmm_os_icache_inval_all();
		vcpu->ran = true;
	}
	for (;;) {
		if (vm->suspend != VM_SUSPEND_NONE) {
			exit->exitcode = VM_EXITCODE_SUSPENDED;
			exit->u.suspended.how = vm->suspend;
			break;
		}
		if (vcpu_idle_requested(vcpu)) {
			/* someone waits for this vCPU: back to userspace */
			exit->exitcode = VM_EXITCODE_BOGUS;
			break;
		}
		if (vmm_os_signal_pending())
			return -EINTR;
		if (vcpu->resched) {
			vcpu->resched = false;
			vmm_os_cond_resched();
		}
		if (!vmm_arch_vcpu_runnable(vcpu)) {
			/* Powered off (PSCI): wait for a CPU_ON. */
			if (vcpu_coalesced_pending(vcpu)) {
				exit->exitcode = VM_EXITCODE_BOGUS;
				break;
			}
			vcpu_block(vcpu, 0);
			continue;
		}
		r = vmm_arch_vcpu_run_once(vcpu);
		vcpu->stats[VMEXIT_COUNT]++;
		if (r < 0)
			return r;
		if (r == 0)
			break;
	}
	vcpu->stats[VMEXIT_USERSPACE]++;
	return 0;
}

int vm_run(struct vm *vm, uint32_t id)
{
	struct vcpu *vcpu = vm_vcpu(vm, id);

	if (!vcpu)
		return -EINVAL;
	/* one read of the page: userspace may change it under us */
	return vcpu_run(vcpu, __atomic_load_n(&vcpu->exit->u.mmio.data,
					      __ATOMIC_RELAXED));
}

void *vm_run_page(struct vm *vm, uint32_t id)
{
	struct vcpu *vcpu = vm_vcpu(vm, id);

	return vcpu ? vcpu->run : NULL;
}

static int vm_assert_irq(struct vm *vm, struct vm_irq *vi)
{
	return vmm_arch_vm_irq(vm, vi->irq, true);
}

static int vm_deassert_irq(struct vm *vm, struct vm_irq *vi)
{
	return vmm_arch_vm_irq(vm, vi->irq, false);
}

typedef int vmmdev_fn(struct vm *vm, void *arg);

/*
 * Indexed by the command's number (its low 8 bits, Linux and BSD alike);
 * the whole command, which also encodes the argument's size and
 * direction, must then match.
 */
#define VMMDEV_NR(cmd) ((cmd) & 0xffu)
#define VMMDEV_OP(c, f) [VMMDEV_NR(c)] = { (c), (vmmdev_fn *)(f) }

static const struct {
	unsigned int cmd;
	vmmdev_fn *fn;
} vmmdev_ops[] = {
	VMMDEV_OP(VM_ALLOC_MEMSEG, vm_alloc_memseg),
	VMMDEV_OP(VM_GET_MEMSEG, vm_get_memseg),
	VMMDEV_OP(VM_MMAP_MEMSEG, vm_mmap_memseg),
	VMMDEV_OP(VM_GET_REGISTER, vm_get_register),
	VMMDEV_OP(VM_SET_REGISTER, vm_set_register),
	VMMDEV_OP(VM_ACTIVATE_CPU, vm_activate_cpu),
	VMMDEV_OP(VM_SUSPEND, vm_do_suspend),
	VMMDEV_OP(VM_STATS, vm_stats),
	VMMDEV_OP(VM_STAT_DESC, vm_stat_desc),
	VMMDEV_OP(VM_ASSERT_IRQ, vm_assert_irq),
	VMMDEV_OP(VM_DEASSERT_IRQ, vm_deassert_irq),
	VMMDEV_OP(VM_REGISTER_COALESCED, vm_register_coalesced),
	VMMDEV_OP(VM_SET_HALT_POLL, vm_set_halt_poll),
};

int vmmdev_ioctl(struct vm *vm, unsigned int cmd, void *arg)
{
	unsigned int nr = VMMDEV_NR(cmd);

	if (nr >= ARRAY_SIZE(vmmdev_ops) || vmmdev_ops[nr].cmd != cmd ||
	    !vmmdev_ops[nr].fn)
		return vmm_arch_ioctl(vm, cmd, arg);
	return vmmdev_ops[nr].fn(vm, arg);
}
