// SPDX-License-Identifier: BSD-2-Clause
/*
 * Machine-independent heart of vmm.ko: brings the backend up and down with
 * the host's CPUs and answers the host-wide control device (/dev/vmmctl).
 * The OS glue calls these; they call only vmm/os.h and vmm/arch.h.
 */
#include "vmm/types.h"
#include "vmm/os.h"
#include "vmm/arch.h"
#include "vmm/core.h"
#include "vmm/vm.h"
#include "uapi/vmm_dev.h"

int vmm_core_init(void)
{
	const char *why = "unknown reason";
	int err;

	err = vmm_arch_init(&why);
	if (err)
		vmm_err("not loading: %s", why);
	return err;
}

void vmm_core_fini(void)
{
	vmm_arch_fini();
}

int vmm_core_cpu_online(void)
{
	unsigned int cpu = vmm_os_cpu_id();
	int err = vmm_arch_cpu_up();

	if (err)
		vmm_err("CPU%u: lowvisor not installed (%d)", cpu, err);
	else
		vmm_info("CPU%u: lowvisor installed", cpu);
	return err;
}

int vmm_core_cpu_offline(void)
{
	vmm_arch_cpu_down();
	return 0;
}

static unsigned int vmm_ncpus_hyp(void)
{
	unsigned int cpu, n = 0;

	for (cpu = 0; cpu < vmm_os_ncpus_possible(); cpu++)
		if (vmm_os_cpu_online(cpu) && vmm_arch_cpu_is_up(cpu))
			n++;
	return n;
}

static int vmmctl_get_caps(struct vmm_caps *caps)
{
	memset(caps, 0, sizeof(*caps));
	caps->abi_version = VMM_ABI_VERSION;
	caps->ncpus_online = vmm_os_ncpus_online();
	caps->ncpus_hyp = vmm_ncpus_hyp();
	vmm_arch_caps(caps);
	return 0;
}

struct ping_ctx {
	uint32_t cookie;
	struct vmm_hyp_cpu *out;
};

static void ping_one(void *arg)
{
	struct ping_ctx *p = arg;

	vmm_arch_cpu_ping(p->cookie, p->out);
}

static int vmmctl_hyp_ping(struct vmm_hyp_ping *req)
{
	struct ping_ctx p = { .cookie = req->cookie };
	unsigned int cpu;
	int err;

	req->ncpus = 0;
	memset(req->cpus, 0, sizeof(req->cpus));
	for (cpu = 0; cpu < vmm_os_ncpus_possible(); cpu++) {
		if (!vmm_os_cpu_online(cpu))
			continue;
		if (req->ncpus == VMM_MAX_CPUS)
			return -E2BIG;
		p.out = &req->cpus[req->ncpus];
		err = vmm_os_run_on_cpu(cpu, ping_one, &p);
		if (err)
			return err;
		req->ncpus++;
	}
	return 0;
}

int vmmctl_ioctl(unsigned int cmd, void *arg)
{
	switch (cmd) {
	case VMMCTL_GET_CAPS:
		return vmmctl_get_caps(arg);
	case VMMCTL_HYP_PING:
		return vmmctl_hyp_ping(arg);
	case VMMCTL_VM_COUNT:
		((struct vmmctl_vm_count *)arg)->nvms = vm_count();
		((struct vmmctl_vm_count *)arg)->max_vms = vm_max_vms();
		return 0;
	default:
		return -ENOTTY;
	}
}
