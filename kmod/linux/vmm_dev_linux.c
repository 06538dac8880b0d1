// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0)
/*
 * /dev/vmm/NAME on Linux: one character device per VM, created and
 * destroyed through /dev/vmmctl. A VM's memory and state live until its
 * last open file is closed, so destroying a VM that a bhyve still holds is
 * safe.
 *
 * Device numbers: the module's own region of vm_max_vms() minors (one per
 * VM the core allows: 255, one per VMID), in the class "vmm" whose devnode
 * puts them under /dev/vmm/. A VM takes a minor when it is created and
 * gives it back when it is destroyed, after its device is gone from sysfs;
 * as a VM counts in the core from creation until its last user leaves,
 * the region can never run out before the core says ENOSPC.
 *
 * Locking: vmm_lx_lock guards the list of VMs and their state, and is
 * never held while a device is added or deleted (that waits for devtmpfs);
 * each VM has a lock for its configuration and one per vCPU for what
 * touches that vCPU's registers (VM_RUN holds it while the guest runs).
 * User memory is copied before any of them is taken, so a fault on guest
 * memory never waits for them.
 */
#include <linux/module.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/idr.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/list.h>
#include <linux/kref.h>
#include <linux/mutex.h>

#include "vmm/vm.h"
#include "vmm_linux.h"

/*
 * Two lifetimes: ref counts the VM's users (its creation until it is
 * destroyed, open files, mappings) and the last one destroys the VM; dev's
 * reference count keeps the memory, which the VM holds until then and the
 * cdev as long as an open file does (the kernel drops that after .release).
 */
struct vmm_lx_vm {
	struct list_head link;
	struct kref ref;
	struct mutex lock;
	struct mutex vcpu_lock[VM_MAXCPU];
	struct device dev; /* named NAME in class vmm: /dev/vmm/NAME */
	struct cdev cdev;
	struct vm *vm;
	enum { VMM_LX_CREATING, VMM_LX_LIVE, VMM_LX_DYING } state; /* lock */
	bool dead; /* no more ioctls or opens */
	struct file *owner; /* VM_SET_AUTODESTROY: its release destroys */
};

static LIST_HEAD(vmm_lx_vms);
static DEFINE_MUTEX(vmm_lx_lock);

static dev_t vmm_lx_devt; /* the region's first number */
static unsigned int vmm_lx_ndevs; /* its size: vm_max_vms() */
static struct class *vmm_lx_class;
static DEFINE_IDA(vmm_lx_minors); /* offsets in the region */

static void vmm_lx_dev_release(struct device *dev)
{
	kfree(container_of(dev, struct vmm_lx_vm, dev));
}

static void vmm_lx_vm_release(struct kref *ref)
{
	struct vmm_lx_vm *lx = container_of(ref, struct vmm_lx_vm, ref);

	if (lx->vm)
		vm_destroy(lx->vm);
	put_device(&lx->dev);
}

static struct vmm_lx_vm *vmm_lx_find(const char *name)
{
	struct vmm_lx_vm *lx;

	list_for_each_entry(lx, &vmm_lx_vms, link)
		if (!strncmp(lx->vm->name, name, VM_MAX_NAMELEN))
			return lx;
	return NULL;
}

union vm_ioctl_arg {
	struct vm_memseg memseg;
	struct vm_memmap memmap;
	struct vm_register reg;
	struct vm_activate_cpu act;
	struct vm_suspend suspend;
	struct vm_stats stats;
	struct vm_stat_desc desc;
	struct vm_irq irq;
	struct vm_coalesced_zone zone;
	union vm_arch_ioctl_arg arch;
};

/* Which lock a command needs: its vCPU's (first field = vCPU id) or the VM's. */
static bool cmd_is_per_vcpu(unsigned int cmd)
{
	return cmd == VM_GET_REGISTER || cmd == VM_SET_REGISTER ||
	       cmd == VM_ACTIVATE_CPU;
}

static long vmm_vm_do_ioctl(void *ctx, unsigned int cmd, void *arg)
{
	struct vmm_lx_vm *lx = ctx;
	struct mutex *lock;
	long err;

	if (cmd_is_per_vcpu(cmd)) {
		uint32_t id = *(uint32_t *)arg;

		if (id >= VM_MAXCPU)
			return -EINVAL;
		lock = &lx->vcpu_lock[id];
	} else if (cmd == VM_STATS || cmd == VM_STAT_DESC ||
		   cmd == VM_ASSERT_IRQ || cmd == VM_DEASSERT_IRQ) {
		/* counters may be read while the vCPU runs; interrupt lines
		 * have the interrupt controller's own lock */
		lock = NULL;
	} else {
		lock = &lx->lock;
	}
	if (lock && !mutex_trylock(lock)) {
		/* A vCPU busy in VM_RUN (maybe asleep in WFI) is asked out
		 * and stays out until this caller has it. */
		bool ask = cmd_is_per_vcpu(cmd);
		uint32_t id = *(uint32_t *)arg;

		if (ask)
			vcpu_request_idle(lx->vm, id);
		err = mutex_lock_interruptible(lock);
		if (ask)
			vcpu_request_idle_done(lx->vm, id);
		if (err)
			return -EINTR;
	}
	err = READ_ONCE(lx->dead) ? -ENODEV : vmmdev_ioctl(lx->vm, cmd, arg);
	if (lock)
		mutex_unlock(lock);
	return err;
}

/*
 * VM_RUN: the argument is the vCPU id, the exit goes to the run page;
 * nothing to copy, nothing to allocate.
 */
static long vmm_vm_run(struct vmm_lx_vm *lx, unsigned long id)
{
	struct mutex *lock;
	long err;

	if (id >= VM_MAXCPU)
		return -EINVAL;
	lock = &lx->vcpu_lock[id];
	/* a trylock first: mutex_lock_interruptible may reschedule */
	if (!mutex_trylock(lock) && mutex_lock_interruptible(lock))
		return -EINTR;
	err = READ_ONCE(lx->dead) ? -ENODEV : vm_run(lx->vm, id);
	mutex_unlock(lock);
	return err;
}

/*
 * Its own frame, never inlined into vmm_vm_ioctl: Debian's kernel zeroes
 * every stack variable (CONFIG_INIT_STACK_ALL_ZERO), 0.5 KiB here, about
 * 250 instructions that VM_RUN must not pay.
 */
static noinline long vmm_vm_copy_ioctl(struct file *f, unsigned int cmd,
				       unsigned long uarg)
{
	union vm_ioctl_arg arg; /* about 0.5 KiB; only _IOC_SIZE is touched */

	return vmm_lx_ioctl(cmd, uarg, &arg, sizeof(arg), vmm_vm_do_ioctl,
			    f->private_data);
}

/* One owner at a time: the first file that asks (vmm_vm_release). */
static long vmm_vm_set_autodestroy(struct file *f)
{
	struct vmm_lx_vm *lx = f->private_data;
	long err = 0;

	mutex_lock(&vmm_lx_lock);
	if (lx->state != VMM_LX_LIVE)
		err = -ENODEV;
	else if (lx->owner && lx->owner != f)
		err = -EBUSY;
	else
		lx->owner = f;
	mutex_unlock(&vmm_lx_lock);
	return err;
}

static long vmm_vm_ioctl(struct file *f, unsigned int cmd, unsigned long uarg)
{
	if (cmd == VM_RUN)
		return vmm_vm_run(f->private_data, uarg);
	if (cmd == VM_SET_AUTODESTROY)
		return vmm_vm_set_autodestroy(f);
	return vmm_vm_copy_ioctl(f, cmd, uarg);
}

static vm_fault_t vmm_vm_fault(struct vm_fault *vmf)
{
	struct vmm_lx_vm *lx = vmf->vma->vm_private_data;
	uint64_t gpa = (uint64_t)vmf->pgoff << PAGE_SHIFT, off, avail;
	struct vmm_os_mem *mem;
	struct page *page;
	void *run;
	int err;

	if (gpa >= VM_RUN_PAGE_OFFSET(0)) {
		/* a vCPU's run page: lives as long as the VM */
		if (gpa - VM_RUN_PAGE_OFFSET(0) >= VM_MAXCPU * VM_RUN_PAGE_SIZE)
			return VM_FAULT_SIGBUS;
		run = vm_run_page(lx->vm, (uint32_t)((gpa -
				  VM_RUN_PAGE_OFFSET(0)) / VM_RUN_PAGE_SIZE));
		if (!run)
			return VM_FAULT_SIGBUS;
		page = virt_to_page(run);
		get_page(page);
		vmf->page = page;
		return 0;
	}
	mutex_lock(&lx->lock);
	err = vm_gpa_to_seg(lx->vm, gpa, &mem, &off, &avail);
	page = err ? NULL : vmm_lx_mem_page(mem, off);
	if (page)
		get_page(page);
	mutex_unlock(&lx->lock);
	if (!page)
		return VM_FAULT_SIGBUS;
	vmf->page = page;
	return 0;
}

/*
 * Every VMA that points at the VM holds one reference. The kernel calls
 * .open for each VMA it makes from an existing one (a munmap or mprotect
 * that splits it, mremap, fork) and .close for each it removes, so the
 * count stays balanced however userspace cuts the mapping up.
 */
static void vmm_vm_open_vma(struct vm_area_struct *vma)
{
	struct vmm_lx_vm *lx = vma->vm_private_data;

	kref_get(&lx->ref);
}

static void vmm_vm_close_vma(struct vm_area_struct *vma)
{
	struct vmm_lx_vm *lx = vma->vm_private_data;

	kref_put(&lx->ref, vmm_lx_vm_release);
}

static const struct vm_operations_struct vmm_vm_vmops = {
	.fault = vmm_vm_fault,
	.open = vmm_vm_open_vma,
	.close = vmm_vm_close_vma,
};

static int vmm_vm_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct vmm_lx_vm *lx = f->private_data;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL; /* the VMM must see the guest's own pages */
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP | VM_DONTCOPY;
	vma->vm_ops = &vmm_vm_vmops;
	vma->vm_private_data = lx;
	kref_get(&lx->ref);
	return 0;
}

/*
 * chrdev_open holds a reference on the cdev while it calls this, so i_cdev
 * stays set and the structure allocated; no lock is needed. A VM that is
 * being destroyed, or whose last user is gone, refuses.
 */
static int vmm_vm_open(struct inode *inode, struct file *f)
{
	struct vmm_lx_vm *lx = container_of(inode->i_cdev, struct vmm_lx_vm,
					    cdev);

	if (READ_ONCE(lx->dead) || !kref_get_unless_zero(&lx->ref))
		return -ENODEV;
	/*
	 * mmap offsets are guest-physical addresses (40 bits) and the run
	 * pages sit above them: without this a character device's offsets
	 * stop at ULONG_MAX, 4 GiB here.
	 */
	f->f_mode |= FMODE_UNSIGNED_OFFSET;
	f->private_data = lx;
	return 0;
}

static void vmm_lx_vm_kill(struct vmm_lx_vm *lx);

/*
 * The owner's file goes (VM_SET_AUTODESTROY): the VM with it, as if
 * destroyed through /dev/vmmctl, so a killed VMM leaves no guest RAM
 * behind. Runs when the last reference to the file drops, its mappings'
 * included: no ioctl of this file is running.
 */
static int vmm_vm_release(struct inode *inode, struct file *f)
{
	struct vmm_lx_vm *lx = f->private_data;
	bool kill = false;

	mutex_lock(&vmm_lx_lock);
	if (lx->owner == f) {
		lx->owner = NULL;
		if (lx->state == VMM_LX_LIVE) {
			lx->state = VMM_LX_DYING;
			kill = true;
		}
	}
	mutex_unlock(&vmm_lx_lock);
	if (kill)
		vmm_lx_vm_kill(lx);
	kref_put(&lx->ref, vmm_lx_vm_release);
	return 0;
}

static const struct file_operations vmm_vm_fops = {
	.owner = THIS_MODULE,
	.open = vmm_vm_open,
	.release = vmm_vm_release,
	.unlocked_ioctl = vmm_vm_ioctl,
	.mmap = vmm_vm_mmap,
	.llseek = noop_llseek,
};

/* /dev/vmm/NAME, root only, as /dev/vmmctl */
static char *vmm_lx_devnode(struct device *dev, umode_t *mode)
{
	if (mode)
		*mode = 0600;
	return kasprintf(GFP_KERNEL, "vmm/%s", dev_name(dev));
}

/*
 * The list entry reserves the name while the device is added outside
 * vmm_lx_lock; only a LIVE VM can be destroyed. Every failure drops the
 * creation reference, which undoes what was done: the VM (if made), then
 * the memory.
 */
int vmm_lx_vm_create(const char *name)
{
	struct vmm_lx_vm *lx;
	unsigned int i;
	int err, minor;

	if (!vm_name_valid(name))
		return -EINVAL;
	lx = kzalloc(sizeof(*lx), GFP_KERNEL);
	if (!lx)
		return -ENOMEM;
	kref_init(&lx->ref);
	mutex_init(&lx->lock);
	for (i = 0; i < VM_MAXCPU; i++)
		mutex_init(&lx->vcpu_lock[i]);
	device_initialize(&lx->dev);
	lx->dev.class = vmm_lx_class;
	lx->dev.release = vmm_lx_dev_release;
	cdev_init(&lx->cdev, &vmm_vm_fops);
	lx->cdev.owner = THIS_MODULE;
	err = dev_set_name(&lx->dev, "%s", name);
	if (err)
		goto fail;

	mutex_lock(&vmm_lx_lock);
	err = -EEXIST;
	if (vmm_lx_find(name))
		goto fail_unlock;
	err = vm_create(name, &lx->vm);
	if (err == -ENOSPC)
		pr_info_ratelimited("vmm: cannot create VM %s: %u VMs exist, the limit is %u\n",
				    name, vm_count(), vm_max_vms());
	if (err)
		goto fail_unlock;
	/* never fails while vm_create counts: there are as many minors */
	minor = ida_alloc_max(&vmm_lx_minors, vmm_lx_ndevs - 1, GFP_KERNEL);
	if (minor < 0) {
		err = minor;
		goto fail_unlock;
	}
	lx->dev.devt = MKDEV(MAJOR(vmm_lx_devt), MINOR(vmm_lx_devt) + minor);
	lx->state = VMM_LX_CREATING;
	list_add(&lx->link, &vmm_lx_vms);
	mutex_unlock(&vmm_lx_lock);

	/* openable from here on, by /dev/vmm/NAME or any node of the number */
	err = cdev_device_add(&lx->cdev, &lx->dev);

	mutex_lock(&vmm_lx_lock);
	if (err)
		list_del(&lx->link);
	else
		lx->state = VMM_LX_LIVE;
	mutex_unlock(&vmm_lx_lock);
	if (err) {
		/* an open that came meanwhile keeps the VM until it closes */
		WRITE_ONCE(lx->dead, true);
		ida_free(&vmm_lx_minors, minor);
		kref_put(&lx->ref, vmm_lx_vm_release);
	}
	return err;

fail_unlock:
	mutex_unlock(&vmm_lx_lock);
fail:
	kref_put(&lx->ref, vmm_lx_vm_release);
	return err;
}

/* Called without vmm_lx_lock, on a VM this caller moved to DYING. */
static void vmm_lx_vm_kill(struct vmm_lx_vm *lx)
{
	WRITE_ONCE(lx->dead, true);
	/* A vCPU still in VM_RUN sees this at its next exit and returns. */
	mutex_lock(&lx->lock);
	vm_suspend(lx->vm, VM_SUSPEND_POWEROFF);
	mutex_unlock(&lx->lock);
	/*
	 * After this no open finds the VM (one already under way sees dead);
	 * with its sysfs entries gone, another VM may take the number.
	 */
	cdev_device_del(&lx->cdev, &lx->dev);
	ida_free(&vmm_lx_minors, MINOR(lx->dev.devt) - MINOR(vmm_lx_devt));
	mutex_lock(&vmm_lx_lock);
	list_del(&lx->link); /* the name is free again */
	mutex_unlock(&vmm_lx_lock);
	kref_put(&lx->ref, vmm_lx_vm_release);
}

int vmm_lx_vm_destroy(const char *name)
{
	struct vmm_lx_vm *lx;
	int err = 0;

	mutex_lock(&vmm_lx_lock);
	lx = vmm_lx_find(name);
	if (!lx || lx->state == VMM_LX_DYING)
		err = -ENOENT;
	else if (lx->state == VMM_LX_CREATING)
		err = -EBUSY;
	else
		lx->state = VMM_LX_DYING;
	mutex_unlock(&vmm_lx_lock);
	if (!err)
		vmm_lx_vm_kill(lx);
	return err;
}

/* Module unload: /dev/vmmctl is gone, so no create or destroy runs. */
void vmm_lx_vm_destroy_all(void)
{
	struct vmm_lx_vm *lx;

	for (;;) {
		mutex_lock(&vmm_lx_lock);
		lx = list_first_entry_or_null(&vmm_lx_vms, struct vmm_lx_vm,
					      link);
		if (lx)
			lx->state = VMM_LX_DYING;
		mutex_unlock(&vmm_lx_lock);
		if (!lx)
			break;
		vmm_lx_vm_kill(lx);
	}
}

/* Module load: the device numbers and the class, before /dev/vmmctl. */
int vmm_lx_vm_init(void)
{
	int err;

	vmm_lx_ndevs = vm_max_vms();
	err = alloc_chrdev_region(&vmm_lx_devt, 0, vmm_lx_ndevs, "vmm");
	if (err)
		return err;
	vmm_lx_class = class_create(THIS_MODULE, "vmm");
	if (IS_ERR(vmm_lx_class)) {
		unregister_chrdev_region(vmm_lx_devt, vmm_lx_ndevs);
		return PTR_ERR(vmm_lx_class);
	}
	vmm_lx_class->devnode = vmm_lx_devnode;
	return 0;
}

/*
 * Module unload, after vmm_lx_vm_destroy_all: no file is open (each holds
 * the module), so every VM and its device are gone.
 */
void vmm_lx_vm_fini(void)
{
	class_destroy(vmm_lx_class);
	unregister_chrdev_region(vmm_lx_devt, vmm_lx_ndevs);
	ida_destroy(&vmm_lx_minors);
}
