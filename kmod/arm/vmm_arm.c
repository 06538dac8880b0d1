// SPDX-License-Identifier: BSD-2-Clause
/*
 * The ARMv7 (HYP mode) backend behind vmm/arch.h: checks the CPU, finds the
 * GIC virtualization interface in the host device tree and installs the
 * lowvisor.
 */
#include "vmm/types.h"
#include "vmm/os.h"
#include "vmm/arch.h"
#include "uapi/vmm_dev.h"
#include "hostdt.h"
#include "cpu_regs.h"
#include "hyp_abi.h"
#include "hyp_setup.h"
#include "gic_hw.h"
#include "arm_vm.h"
#include "arm_os.h"
#include "arm_stats.h"

_Static_assert(VMM_HYP_PING_ANSWER(0x1234u) == HYP_PING_ANSWER(0x1234u),
	       "uapi and HYP disagree on the ping answer");

#define ARM_IPA_BITS  40 /* VTCR.T0SZ = -8: LPAE's full 40-bit IPA */
#define ARM_VMID_BITS 8

static struct {
	struct vmm_host_platform plat;
	uint32_t gich_vtr;
} arm;

struct arm_host arm_host;

/* The host interrupts that make a running guest exit (vmm/os.h). */
static int arm_host_irqs(const char **why)
{
	static const char *const timers[] = { "arm,armv7-timer",
					      "arm,armv8-timer" };
	unsigned int i;
	int err;

	err = arm_os_host_irq_request(ARM_HOST_IRQ_MAINT,
				      arm.plat.gic_compatible, 0);
	if (err) {
		*why = "cannot install a handler for the GIC maintenance "
		       "interrupt";
		return err;
	}
	/* The timer binding lists secure, non-secure, virtual, hyp PPIs. */
	for (i = 0; i < ARRAY_SIZE(timers); i++) {
		err = arm_os_host_irq_request(ARM_HOST_IRQ_VTIMER, timers[i],
					      2);
		if (err != -ENODEV)
			break;
	}
	if (err) {
		arm_os_host_irq_free(ARM_HOST_IRQ_MAINT);
		*why = "cannot install a handler for the virtual timer "
		       "interrupt";
	}
	return err;
}

/*
 * This CPU's GICH starts empty: the entry path writes only the list
 * registers it uses and relies on the others (and GICH_APR) being zero,
 * whatever firmware or a previous load left there (GICv2 5.3).
 */
static void arm_gich_cpu_reset(void)
{
	unsigned int i;

	gic_write(arm_host.gich, GICH_HCR, 0);
	gic_write(arm_host.gich, GICH_APR, 0);
	for (i = 0; i < arm_host.nr_lrs; i++)
		gic_write(arm_host.gich, GICH_LR0 + 4 * i, 0);
}

static void arm_host_fini(void)
{
	arm_os_host_irq_free(ARM_HOST_IRQ_VTIMER);
	arm_os_host_irq_free(ARM_HOST_IRQ_MAINT);
	if (arm_host.gich)
		vmm_os_iounmap(arm_host.gich);
	arm_host.gich = NULL;
}

int vmm_arch_init(const char **why)
{
	const struct hostdt_ops *dt;
	void *ctx;
	int err;

	/* ID_PFR1.Virtualization, bits [15:12] (B4.1.94) */
	if (((read_id_pfr1() >> 12) & 0xf) != 1) {
		*why = "this CPU reports no Virtualization Extensions "
		       "(ID_PFR1): run on a Cortex-A7/A15 class CPU with HYP "
		       "mode enabled (QEMU: -M virt,virtualization=on)";
		return -ENODEV;
	}
	err = arm_os_hyp_available(why);
	if (err)
		return err;
	dt = arm_os_hostdt(&ctx);
	if (!dt) {
		*why = "the host has no device tree to find the GIC in";
		return -ENODEV;
	}
	err = hostdt_probe(dt, ctx, &arm.plat, why);
	if (err)
		return err;
	if (!arm_cp15_table_sorted()) {
		*why = "internal error: the CP15 register table is not sorted";
		return -EINVAL;
	}
	/* GICH is banked per CPU at one address: map it once (GICv2 5.3). */
	arm_host.gich = vmm_os_ioremap(arm.plat.gich_base, GICH_MAP_SIZE);
	if (!arm_host.gich) {
		*why = "cannot map the GIC hypervisor interface (GICH)";
		return -ENOMEM;
	}
	arm.gich_vtr = gic_read(arm_host.gich, GICH_VTR);
	arm_host.nr_lrs = gich_vtr_list_regs(arm.gich_vtr);
	arm_host.gicv_base = arm.plat.gicv_base;
	arm_host.gicv_size = arm.plat.gicv_size;
	arm_host.vtimer_intid = arm.plat.vtimer_intid;
	arm_host.cntfrq = read_cntfrq();
	if (arm.plat.gicv_size < VMM_ARM_GICC_MIN || !arm_host.cntfrq) {
		*why = !arm_host.cntfrq ?
			       "the generic timer has no frequency (CNTFRQ 0)" :
			       "the GIC virtual CPU interface is smaller "
			       "than 8 KiB";
		arm_host_fini();
		return -ENODEV;
	}
	arm_cp15_init_host();
	err = arm_host_irqs(why);
	if (err) {
		arm_host_fini();
		return err;
	}
	err = hyp_setup_init(vmm_os_ncpus_possible(), why);
	if (err)
		arm_host_fini();
	return err;
}

void vmm_arch_fini(void)
{
	hyp_setup_fini();
	arm_host_fini();
}

int vmm_arch_cpu_up(void)
{
	int err = hyp_cpu_install(vmm_os_cpu_id());

	if (err)
		return err;
	arm_gich_cpu_reset();
	arm_os_host_irq_enable(ARM_HOST_IRQ_MAINT, true);
	arm_vtimer_cpu_up();
	return 0;
}

void vmm_arch_cpu_down(void)
{
	arm_os_host_irq_enable(ARM_HOST_IRQ_VTIMER, false);
	arm_os_host_irq_enable(ARM_HOST_IRQ_MAINT, false);
	hyp_cpu_remove(vmm_os_cpu_id());
}

bool vmm_arch_cpu_is_up(unsigned int cpu)
{
	return hyp_cpu_is_up(cpu);
}

void vmm_arch_cpu_ping(uint32_t cookie, struct vmm_hyp_cpu *out)
{
	uint32_t r[4];
	unsigned int cpu = vmm_os_cpu_id();

	memset(out, 0, sizeof(*out));
	out->cpu = cpu;
	if (!hyp_cpu_is_up(cpu))
		return;
	hyp_cpu_ping(cookie, r);
	out->state = VMM_HYP_INSTALLED;
	out->cookie = r[0];
	out->arch.hsctlr = r[1];
	out->arch.hvbar = r[2];
	out->arch.mode = r[3] & PSR_MODE_MASK;
}

void vmm_arch_caps(struct vmm_caps *caps)
{
	struct vmm_arch_caps *a = &caps->arch;

	caps->ipa_bits = ARM_IPA_BITS;
	a->gic_version = 2;
	a->gic_lrs = gich_vtr_list_regs(arm.gich_vtr);
	a->gic_pri_bits = gich_vtr_pri_bits(arm.gich_vtr);
	a->maint_intid = arm.plat.maint_intid;
	a->vtimer_intid = arm.plat.vtimer_intid;
	a->vmid_bits = ARM_VMID_BITS;
	a->gich_base = arm.plat.gich_base;
	a->gich_size = arm.plat.gich_size;
	a->gicv_base = arm.plat.gicv_base;
	a->gicv_size = arm.plat.gicv_size;
	memcpy(a->gic_compatible, arm.plat.gic_compatible,
	       sizeof(a->gic_compatible));
}

_Static_assert(ARM_STAT_END <= VMM_STAT_MAX, "a vCPU has room for them");

const unsigned int vmm_arch_nstats = ARM_STAT_END - VMM_STAT_ARCH_BASE;
const char *const vmm_arch_stat_desc[ARM_STAT_END - VMM_STAT_ARCH_BASE] = {
#define D(stat) [(stat) - VMM_STAT_ARCH_BASE]
	D(ARM_STAT_EXIT_IRQ) = "exits for host interrupts",
	D(ARM_STAT_HVC) = "hypercalls (hvc)",
	D(ARM_STAT_SMC) = "secure monitor calls (smc)",
	D(ARM_STAT_WFI) = "wfi/wfe",
	D(ARM_STAT_MMIO_DECODED) = "mmio decoded from the instruction",
	D(ARM_STAT_CP15) = "trapped cp15 accesses",
	D(ARM_STAT_CP14) = "trapped cp14 accesses",
	D(ARM_STAT_UNDEF_INJECTED) = "undefined instructions injected",
	D(ARM_STAT_PABT_INJECTED) = "prefetch aborts injected",
	D(ARM_STAT_DABT_INJECTED) = "data aborts injected",
	D(ARM_STAT_HOST_SAVED) = "host state saved by the lowvisor (loads)",
#undef D
};
