// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0)
/*
 * vmm.ko on Linux: module entry points, CPU hotplug and reboot hooks, and
 * the /dev/vmmctl character device. Everything here only adapts Linux to
 * the machine-independent core (kmod/core).
 */
#include <linux/module.h>
#include <linux/cpuhotplug.h>
#include <linux/cpu.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/reboot.h>
#include <linux/smp.h>

#include "vmm/core.h"
#include "vmm/halt_poll.h"
#include "vmm_linux.h"
#include "uapi/vmm_dev.h"

static enum cpuhp_state vmm_cpuhp_state;

/* The core's halt-polling limit (vmm/halt_poll.h); 0 turns polling off. */
module_param_named(halt_poll_ns, vmm_halt_poll_ns, uint, 0644);
MODULE_PARM_DESC(halt_poll_ns,
		 "longest a halted vCPU spins before it sleeps, ns (0: off; "
		 "at most 2000000)");

static int vmm_cpu_online(unsigned int cpu)
{
	int err;

	preempt_disable();
	err = vmm_core_cpu_online();
	preempt_enable();
	return err;
}

static int vmm_cpu_offline(unsigned int cpu)
{
	preempt_disable();
	vmm_core_cpu_offline();
	preempt_enable();
	return 0;
}

static void vmm_cpu_offline_ipi(void *unused)
{
	vmm_core_cpu_offline();
}

/* kexec and soft reboots enter HYP through the kernel stub: give it back. */
static int vmm_reboot(struct notifier_block *nb, unsigned long action,
		      void *data)
{
	on_each_cpu(vmm_cpu_offline_ipi, NULL, 1);
	return NOTIFY_DONE;
}

static struct notifier_block vmm_reboot_nb = {
	.notifier_call = vmm_reboot,
};

union vmmctl_arg {
	struct vmm_caps caps;
	struct vmm_hyp_ping ping;
	struct vmmctl_vm vm;
	struct vmmctl_vm_count count;
};

long vmm_lx_ioctl(unsigned int cmd, unsigned long uarg, void *arg,
		  size_t max,
		  long (*fn)(void *ctx, unsigned int cmd, void *arg), void *ctx)
{
	void __user *up = (void __user *)uarg;
	size_t size = _IOC_SIZE(cmd);
	long err;

	/* The command encodes its argument's size: nothing larger exists. */
	if (_IOC_TYPE(cmd) != VMM_IOC_MAGIC || size > max)
		return -ENOTTY;
	/*
	 * Only the command's own size is used: copied in whole, or zeroed
	 * so that what is copied out never holds stale kernel bytes.
	 */
	if (_IOC_DIR(cmd) & _IOC_WRITE) {
		if (copy_from_user(arg, up, size))
			return -EFAULT;
	} else {
		memset(arg, 0, size);
	}
	err = fn(ctx, cmd, arg);
	if (!err && (_IOC_DIR(cmd) & _IOC_READ) && copy_to_user(up, arg, size))
		err = -EFAULT;
	return err;
}

static long vmmctl_do_ioctl(void *ctx, unsigned int cmd, void *p)
{
	union vmmctl_arg *arg = p;
	long err;

	switch (cmd) {
	case VMMCTL_VM_CREATE:
	case VMMCTL_VM_DESTROY:
		/* A name that fills the buffer has no terminator: refuse it. */
		if (strnlen(arg->vm.name, VM_MAX_NAMELEN) == VM_MAX_NAMELEN)
			err = -EINVAL;
		else if (cmd == VMMCTL_VM_CREATE)
			err = vmm_lx_vm_create(arg->vm.name);
		else
			err = vmm_lx_vm_destroy(arg->vm.name);
		break;
	default:
		err = vmmctl_ioctl(cmd, arg);
	}
	return err;
}

static long vmmctl_unlocked_ioctl(struct file *f, unsigned int cmd,
				  unsigned long uarg)
{
	/* close to 1 KiB and rare: off the stack */
	union vmmctl_arg *arg = kmalloc(sizeof(*arg), GFP_KERNEL);
	long err;

	if (!arg)
		return -ENOMEM;
	err = vmm_lx_ioctl(cmd, uarg, arg, sizeof(*arg), vmmctl_do_ioctl,
			   NULL);
	kfree(arg);
	return err;
}

static const struct file_operations vmmctl_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = vmmctl_unlocked_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice vmmctl_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = VMMCTL_DEV_NAME,
	.fops = &vmmctl_fops,
	.mode = 0600,
};

static int __init vmm_init(void)
{
	int err;

	err = vmm_core_init();
	if (err)
		return err;
	/* Runs vmm_cpu_online on every online CPU now and on each newcomer. */
	err = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "bhyve/vmm:online",
				vmm_cpu_online, vmm_cpu_offline);
	if (err < 0)
		goto fail_core;
	vmm_cpuhp_state = err;
	err = register_reboot_notifier(&vmm_reboot_nb);
	if (err)
		goto fail_cpuhp;
	err = vmm_lx_vm_init();
	if (err)
		goto fail_reboot;
	err = misc_register(&vmmctl_dev);
	if (err)
		goto fail_vms;
	pr_info("vmm: lowvisor running on %u CPU(s)\n", num_online_cpus());
	return 0;

fail_vms:
	vmm_lx_vm_fini();
fail_reboot:
	unregister_reboot_notifier(&vmm_reboot_nb);
fail_cpuhp:
	cpuhp_remove_state(vmm_cpuhp_state);
fail_core:
	vmm_core_fini();
	return err;
}

static void __exit vmm_exit(void)
{
	misc_deregister(&vmmctl_dev);
	vmm_lx_vm_destroy_all();
	vmm_lx_vm_fini();
	unregister_reboot_notifier(&vmm_reboot_nb);
	cpuhp_remove_state(vmm_cpuhp_state);
	vmm_core_fini();
	pr_info("vmm: unloaded, HYP stub restored\n");
}

module_init(vmm_init);
module_exit(vmm_exit);
MODULE_DESCRIPTION("bhyve-arm virtual machine monitor (ARMv7 HYP mode)");
MODULE_LICENSE("Dual BSD/GPL");
MODULE_VERSION(VMM_VERSION);
