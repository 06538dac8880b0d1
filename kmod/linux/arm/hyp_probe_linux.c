// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0)
/*
 * Is there a HYP mode to enter? Linux knows (__boot_cpu_mode) but does not
 * export it, and an hvc on a CPU that was not booted in HYP mode is an
 * UNDEFINED instruction that would oops the host. So the probe is an hvc
 * the kernel stub is known to refuse, under an undefined-instruction hook
 * that turns the UNDEFINED case into an answer.
 */
#include <linux/kprobes.h>
#include <linux/ptrace.h>
#include <asm/traps.h>

#include "vmm/os.h"
#include "arm/arm_os.h"

#define HVC0_ARM	    0xe1400070u /* hvc #0, A1 encoding */
#define PROBE_FN	    0x7fff0000u /* no stub or lowvisor serves this */
#define PROBE_UNDEFINED	    0x0badc0deu
#define HYP_STUB_ERR	    0xbadca11u

typedef unsigned long (*lookup_fn)(const char *name);
typedef void (*undef_hook_fn)(struct undef_hook *hook);

/* kallsyms_lookup_name is not exported; a kprobe tells its address. */
static unsigned long lookup_symbol(const char *name)
{
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };
	lookup_fn lookup;

	if (register_kprobe(&kp) < 0)
		return 0;
	lookup = (lookup_fn)kp.addr;
	unregister_kprobe(&kp);
	return lookup ? lookup(name) : 0;
}

static int hvc_undefined(struct pt_regs *regs, unsigned int instr)
{
	regs->ARM_r0 = PROBE_UNDEFINED;
	regs->ARM_pc += 4;
	return 0;
}

static struct undef_hook hvc_hook = {
	.instr_mask = 0xffffffff,
	.instr_val = HVC0_ARM,
	.cpsr_mask = MODE_MASK | PSR_T_BIT,
	.cpsr_val = SVC_MODE,
	.fn = hvc_undefined,
};

static noinline u32 hvc_probe(void)
{
	register u32 r0 asm("r0") = PROBE_FN;

	asm volatile(".arch_extension virt\n\thvc #0"
		     : "+r"(r0)
		     :
		     : "r1", "r2", "r3", "r12", "lr", "memory");
	return r0;
}

int arm_os_hyp_available(const char **why)
{
	undef_hook_fn reg, unreg;
	u32 answer;

	reg = (undef_hook_fn)lookup_symbol("register_undef_hook");
	unreg = (undef_hook_fn)lookup_symbol("unregister_undef_hook");
	if (!reg || !unreg) {
		*why = "cannot check the CPU boot mode safely (kallsyms and "
		       "kprobes are needed)";
		return -ENODEV;
	}
	reg(&hvc_hook);
	answer = hvc_probe();
	unreg(&hvc_hook);
	if (answer == PROBE_UNDEFINED) {
		*why = "the CPUs were not started in HYP mode, so the "
		       "Virtualization Extensions cannot be used; boot the "
		       "kernel in non-secure HYP mode (e.g. u-boot with "
		       "bootm_boot_mode=nonsec, or QEMU -M virt,virtualization=on)";
		return -ENODEV;
	}
	if (answer != HYP_STUB_ERR) {
		*why = "HYP mode is owned by something other than the Linux "
		       "HYP stub (another hypervisor?)";
		return -EBUSY;
	}
	return 0;
}
