// SPDX-License-Identifier: BSD-2-Clause
/*
 * A VM's virtual GICv2: the emulated distributor (vgic.c) behind one lock,
 * its MMIO region, the hardware virtual CPU interface (GICV) mapped into the
 * guest at its GICC address, and the GICH list registers loaded before and
 * drained after each guest entry. Where the distributor and CPU interface
 * sit is the board's choice: userspace tells us (VM_ATTACH_VGIC). The GICH registers are banked per CPU,
 * so the highvisor programs them itself, interrupts off, on the CPU that
 * enters the guest: the lowvisor never touches the GIC.
 */
#include "vmm/types.h"
#include "vmm/os.h"
#include "vmm/arch.h"
#include "vmm/vm.h"
#include "arm_vm.h"
#include "gic_hw.h"
#include "vgic.h"
#include "uapi/vmm_dev.h"

struct vgic_vm {
	struct vmm_os_spin *lock;
	struct vgic gic;
	bool attached; /* written last by the attach, under the VM lock */
};

static struct vgic_vm *vgic_of(struct vm *vm)
{
	return ((struct arm_vm *)vm->arch)->vgic;
}

/* Wakes or kicks the vCPUs in mask (not the caller: it is out already). */
static void vgic_notify(struct vm *vm, uint32_t mask, int self)
{
	unsigned int i;

	for (i = 0; i < VM_MAXCPU && mask; i++, mask >>= 1)
		if ((mask & 1) && (int)i != self && vm->vcpu[i].active)
			vcpu_notify(&vm->vcpu[i]);
}

static uint64_t gicd_read(struct vcpu *vcpu, uint64_t off, unsigned int size,
			  void *arg)
{
	struct vgic_vm *v = arg;
	unsigned long flags;
	uint32_t val = 0;

	/* GICv2 has no 64-bit distributor registers; the rest is RAZ. */
	if (off < VGIC_DIST_SIZE && size <= 4) {
		flags = vmm_os_spin_lock(v->lock);
		val = vgic_dist_read(&v->gic, vcpu->id, (uint32_t)off, size);
		vmm_os_spin_unlock(v->lock, flags);
	}
	return val;
}

static void gicd_write(struct vcpu *vcpu, uint64_t off, unsigned int size,
		       uint64_t val, void *arg)
{
	struct vgic_vm *v = arg;
	unsigned long flags;
	uint32_t mask;

	if (off >= VGIC_DIST_SIZE || size > 4)
		return;
	flags = vmm_os_spin_lock(v->lock);
	mask = vgic_dist_write(&v->gic, vcpu->id, (uint32_t)off, size,
			       (uint32_t)val);
	vmm_os_spin_unlock(v->lock, flags);
	vgic_notify(vcpu->vm, mask, (int)vcpu->id);
}

/*
 * The CPU interface's range: its first pages are the host's GICV, mapped,
 * so they never trap; the rest is reserved, read as zero and ignoring
 * writes (GICv2 4.1.3).
 */
static uint64_t gicc_reserved_read(struct vcpu *vcpu, uint64_t off,
				   unsigned int size, void *arg)
{
	(void)vcpu, (void)off, (void)size, (void)arg;
	return 0;
}

static void gicc_reserved_write(struct vcpu *vcpu, uint64_t off,
				unsigned int size, uint64_t val, void *arg)
{
	(void)vcpu, (void)off, (void)size, (void)val, (void)arg;
}

int arm_vgic_create(struct vm *vm)
{
	struct arm_vm *avm = vm->arch;
	struct vgic_vm *v = vmm_os_zalloc(sizeof(*v));
	int err;

	if (!v)
		return -ENOMEM;
	v->lock = vmm_os_spin_alloc();
	if (!v->lock) {
		vmm_os_free(v);
		return -ENOMEM;
	}
	avm->vgic = v;
	avm->gic = &v->gic;
	avm->gicd_hpfar = ARM_HPFAR_NONE;
	err = vgic_init(&v->gic, 1, arm_host.nr_lrs);
	if (err)
		arm_vgic_destroy(vm);
	return err;
}

static bool vgic_range_ok(uint64_t gpa, uint64_t len, uint64_t min)
{
	return len >= min && !((gpa | len) & (LPAE_PAGE_SIZE - 1)) &&
	       gpa + len > gpa && gpa + len <= vmm_arch_ipa_limit();
}

/*
 * VM_ATTACH_VGIC, under the VM lock. Before any vCPU is active (activation
 * waits for this), so no exit path reads the MMIO registry meanwhile.
 */
int arm_vgic_attach(struct vm *vm, const struct vm_vgic_desc *d)
{
	struct arm_vm *avm = vm->arch;
	struct vgic_vm *v = avm->vgic;
	struct vm_mmio_region dist = {
		.gpa = d->dist_gpa,
		.len = d->dist_size,
		.read = gicd_read,
		.write = gicd_write,
		.arg = v,
	};
	struct vm_mmio_region cpu = {
		.gpa = d->cpu_gpa,
		.len = d->cpu_size,
		.read = gicc_reserved_read,
		.write = gicc_reserved_write,
	};
	int err;

	if (v->attached)
		return -EEXIST;
	if (!vgic_range_ok(d->dist_gpa, d->dist_size, VMM_ARM_GICD_MIN) ||
	    !vgic_range_ok(d->cpu_gpa, d->cpu_size, VMM_ARM_GICC_MIN) ||
	    (d->dist_gpa < d->cpu_gpa + d->cpu_size &&
	     d->cpu_gpa < d->dist_gpa + d->dist_size) ||
	    vm_gpa_busy(vm, d->dist_gpa, d->dist_size) ||
	    vm_gpa_busy(vm, d->cpu_gpa, d->cpu_size))
		return -EINVAL;
	if (vm->nmmio + 2 > VM_MAX_MMIO_REGIONS)
		return -ENOSPC;
	/*
	 * The one step that can fail comes first: the registrations below
	 * cannot, once their ranges and room are checked.
	 */
	err = arm_s2_map_device(avm, d->cpu_gpa, arm_host.gicv_base,
				VMM_ARM_GICC_MIN);
	if (err) {
		vmm_arch_unmap(vm, d->cpu_gpa, VMM_ARM_GICC_MIN);
		return err;
	}
	vm_register_mmio(vm, &dist);
	vm_register_mmio(vm, &cpu);
	/* HPFAR's format: IPA[39:12] in [31:4] (B4.1.70) */
	avm->gicd_hpfar = (uint32_t)(d->dist_gpa >> 12) << 4;
	__atomic_store_n(&v->attached, true, __ATOMIC_RELEASE);
	return 0;
}

bool arm_vgic_attached(struct vm *vm)
{
	struct vgic_vm *v = vgic_of(vm);

	return v && __atomic_load_n(&v->attached, __ATOMIC_ACQUIRE);
}

void arm_vgic_destroy(struct vm *vm)
{
	struct arm_vm *avm = vm->arch;

	if (!avm->vgic)
		return;
	vmm_os_spin_free(avm->vgic->lock);
	vmm_os_free(avm->vgic);
	avm->vgic = NULL;
}

void arm_vgic_vcpu_activate(struct vcpu *vcpu)
{
	struct vgic_vm *v = vgic_of(vcpu->vm);
	unsigned long flags = vmm_os_spin_lock(v->lock);

	vgic_set_ncpus(&v->gic, vm_ncpus(vcpu->vm));
	vmm_os_spin_unlock(v->lock, flags);
}

int arm_vgic_set_line(struct vm *vm, unsigned int vcpu, unsigned int intid,
		      bool level)
{
	struct vgic_vm *v = vgic_of(vm);
	unsigned long flags;
	uint32_t mask;

	flags = vmm_os_spin_lock(v->lock);
	mask = vgic_set_line(&v->gic, vcpu, intid, level);
	vmm_os_spin_unlock(v->lock, flags);
	vgic_notify(vm, mask, -1);
	return 0;
}

/*
 * Interrupts are off from the load to the save: nothing else runs on this
 * CPU's GICH in between. Only the list registers in use are written, and
 * the save leaves them and GICH_APR zero again for the next vCPU, so an
 * entry with nothing to deliver writes just GICH_VMCR and GICH_HCR (the
 * run loop does that inline: vcpu_arm.c). These are the other cases: an
 * entry with something to flush, an exit with list registers in use.
 */
void arm_vgic_load_lrs(struct vcpu *vcpu)
{
	struct vgic_vm *v = vgic_of(vcpu->vm);
	struct vgic_lr_state *hw = &v->gic.cpu[vcpu->id].hw;
	void *gich = arm_host.gich;
	uint32_t before = v->gic.cpu[vcpu->id].injected;
	unsigned long flags;
	uint64_t used = 0;
	unsigned int i;

	flags = vmm_os_spin_lock(v->lock);
	vgic_flush(&v->gic, vcpu->id);
	vcpu->stats[VMM_STAT_IRQ_INJECTED] +=
		v->gic.cpu[vcpu->id].injected - before;
	for (i = 0; i < arm_host.nr_lrs; i++) {
		if (hw->lr[i]) {
			gic_write(gich, GICH_LR0 + 4 * i, hw->lr[i]);
			used |= 1ull << i;
		}
	}
	if (used)
		gic_write(gich, GICH_APR, hw->apr);
	vmm_os_spin_unlock(v->lock, flags);
	((struct arm_vcpu *)vcpu->arch)->lrs_loaded = used;
	gic_write(gich, GICH_VMCR, hw->vmcr);
	gic_write(gich, GICH_HCR, hw->hcr);
}

void arm_vgic_save_lrs(struct vcpu *vcpu)
{
	struct vgic_vm *v = vgic_of(vcpu->vm);
	struct vgic_lr_state *hw = &v->gic.cpu[vcpu->id].hw;
	uint64_t used = ((struct arm_vcpu *)vcpu->arch)->lrs_loaded;
	void *gich = arm_host.gich;
	unsigned long flags;
	unsigned int i;

	/* The guest's PMR, BPR and enables live in VMCR (GICv2 5.3.3). */
	hw->vmcr = gic_read(gich, GICH_VMCR);
	/* Before HCR.En goes off: EISR describes the LRs as they are. */
	hw->apr = gic_read(gich, GICH_APR);
	hw->eisr[0] = gic_read(gich, GICH_EISR0);
	if (arm_host.nr_lrs > 32)
		hw->eisr[1] = gic_read(gich, GICH_EISR1);
	/* Off first: no maintenance interrupt for the host from our state. */
	gic_write(gich, GICH_HCR, 0);
	gic_write(gich, GICH_APR, 0);
	for (i = 0; used; i++, used >>= 1) {
		if (!(used & 1))
			continue;
		hw->lr[i] = gic_read(gich, GICH_LR0 + 4 * i);
		gic_write(gich, GICH_LR0 + 4 * i, 0);
	}
	((struct arm_vcpu *)vcpu->arch)->lrs_loaded = 0;
	flags = vmm_os_spin_lock(v->lock);
	vgic_sync(&v->gic, vcpu->id);
	vmm_os_spin_unlock(v->lock, flags);
}

bool arm_vgic_pending(struct vcpu *vcpu)
{
	struct vgic_vm *v = vgic_of(vcpu->vm);
	unsigned long flags = vmm_os_spin_lock(v->lock);
	bool p = vgic_pending(&v->gic, vcpu->id);

	vmm_os_spin_unlock(v->lock, flags);
	return p;
}
