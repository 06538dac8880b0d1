// SPDX-License-Identifier: BSD-2-Clause
/*
 * A VM's virtual GICv2: the emulated distributor (vgic.c) behind one lock,
 * its MMIO region, the hardware virtual CPU interface (GICV) mapped into the
 * guest at its GICC address, and the GICH list registers loaded before and
 * drained after each guest entry. The GICH registers are banked per CPU,
 * so the highvisor programs them itself, interrupts off, on the CPU that
 * enters the guest: the lowvisor never touches the GIC.
 */
#include "vmm/types.h"
#include "vmm/os.h"
#include "vmm/vm.h"
#include "arm_vm.h"
#include "gic_hw.h"
#include "vgic.h"
#include "uapi/vmm_virt.h"

struct vgic_vm {
	struct vmm_os_spin *lock;
	struct vgic gic;
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

int arm_vgic_create(struct vm *vm)
{
	struct arm_vm *avm = vm->arch;
	struct vgic_vm *v = vmm_os_zalloc(sizeof(*v));
	struct vm_mmio_region r = {
		.gpa = VIRT_GICD_BASE,
		.len = VIRT_GICD_SIZE,
		.read = gicd_read,
		.write = gicd_write,
	};
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
	err = vgic_init(&v->gic, 1, arm_host.nr_lrs);
	r.arg = v;
	if (!err)
		err = vm_register_mmio(vm, &r);
	/* The guest's CPU interface is the hardware one, through Stage-2. */
	if (!err)
		err = arm_s2_map_device(avm, VIRT_GICC_BASE,
					arm_host.gicv_base, VIRT_GICC_MAP_SIZE);
	if (err)
		arm_vgic_destroy(vm);
	return err;
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
