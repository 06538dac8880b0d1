/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ioctl ABI between vmm.ko and userspace (libvmmapi, bhyvectl, bhyve).
 * Fixed-width types only, no pointers, explicit padding: the same layout on
 * any compiler, and later on an arm64 host running 32-bit tools.
 */
#ifndef VMM_UAPI_VMM_DEV_H
#define VMM_UAPI_VMM_DEV_H

#if defined(__KERNEL__) && defined(__linux__)
#include <linux/types.h>
#include <linux/ioctl.h>
typedef __u32 vmm_u32;
typedef __u64 vmm_u64;
#else
#include <stdint.h>
#include <sys/ioctl.h>
typedef uint32_t vmm_u32;
typedef uint64_t vmm_u64;
#endif

#define VMMCTL_DEV_NAME "vmmctl" /* /dev/vmmctl: host-wide control */
#define VMM_MAX_CPUS	 32	 /* host CPUs reported in one call */

/* vmm_caps.hyp_state */
#define VMM_HYP_OFF	  0 /* lowvisor not installed */
#define VMM_HYP_INSTALLED 1 /* lowvisor vectors and HYP MMU active */

/* Host capabilities, as found by the module at load time. */
struct vmm_caps {
	vmm_u32 abi_version;
	vmm_u32 ncpus_online;
	vmm_u32 ncpus_hyp; /* online CPUs running our lowvisor */
	vmm_u32 gic_version; /* 2 */
	vmm_u32 gic_lrs; /* list registers (GICH_VTR.ListRegs + 1) */
	vmm_u32 gic_pri_bits; /* GICH_VTR.PRIbits + 1 */
	vmm_u32 maint_intid; /* maintenance interrupt (GIC INTID) */
	vmm_u32 vtimer_intid; /* virtual timer PPI (GIC INTID) */
	vmm_u32 vmid_bits;
	vmm_u32 ipa_bits;
	vmm_u64 gich_base, gich_size;
	vmm_u64 gicv_base, gicv_size;
	char gic_compatible[32];
};
#define VMM_ABI_VERSION 1

/* One host CPU's answer to a HYP ping. */
struct vmm_hyp_cpu {
	vmm_u32 cpu;
	vmm_u32 state; /* VMM_HYP_* */
	vmm_u32 cookie; /* what the lowvisor computed from the request */
	vmm_u32 mode; /* CPSR.M seen in HYP (0x1a) */
	vmm_u32 hsctlr;
	vmm_u32 hvbar;
};

/*
 * Ping the lowvisor on every online CPU: the caller's cookie goes down, HYP
 * answers VMM_HYP_PING_ANSWER(cookie) with its own register readings.
 */
struct vmm_hyp_ping {
	vmm_u32 cookie; /* in */
	vmm_u32 ncpus; /* out: entries filled */
	struct vmm_hyp_cpu cpus[VMM_MAX_CPUS];
};
#define VMM_HYP_PING_ANSWER(c) (~(c) ^ 0x48595021u) /* "HYP!" */

#define VMM_IOC_MAGIC 'v'
#define VMMCTL_GET_CAPS _IOR(VMM_IOC_MAGIC, 0x01, struct vmm_caps)
#define VMMCTL_HYP_PING _IOWR(VMM_IOC_MAGIC, 0x02, struct vmm_hyp_ping)

#endif /* VMM_UAPI_VMM_DEV_H */
