/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ioctl ABI between vmm.ko and userspace (libvmmapi, bhyvectl, bhyve),
 * its machine-independent half: VMs, memory, vCPUs, exits, statistics.
 * The architecture's half (registers, syndromes, the interrupt controller)
 * is vmm_dev_arch.h, found through the build's -I include/uapi/ARCH.
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

#include "vmm_dev_arch.h"

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
	vmm_u32 ipa_bits; /* guest-physical address bits */
	struct vmm_arch_caps arch;
};
/*
 * 2: per-vCPU run pages (VM_RUN_PAGE_OFFSET, struct vm_run_page).
 * 3: coalesced MMIO zones (VM_REGISTER_COALESCED) and the run page's
 * ring of posted writes.
 * 4: the ABI split in two (vmm_dev_arch.h); one run ioctl, VM_RUN, whose
 * exit is in the run page; the board's interrupt controller placed by
 * userspace (VM_ATTACH_VGIC) before a vCPU is activated.
 */
#define VMM_ABI_VERSION 4

/* One host CPU's answer to a HYP ping. */
struct vmm_hyp_cpu {
	vmm_u32 cpu;
	vmm_u32 state; /* VMM_HYP_* */
	vmm_u32 cookie; /* what the lowvisor computed from the request */
	struct vmm_arch_hyp_cpu arch; /* its own register readings */
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

/* ---- virtual machines -------------------------------------------------- */

#define VM_MAX_NAMELEN	  32 /* including the NUL */
#define VM_MAXCPU	  8
#define VM_MAX_MEMSEGS	  8
#define VM_MAX_MEMMAPS	  8
#define VM_MAX_SEG_NAMELEN 32

/*
 * /dev/vmmctl: create or destroy /dev/vmm/NAME (vmm_name_valid names).
 * Creation fails with EEXIST for a name in use, ENOSPC when max_vms VMs
 * exist (struct vmmctl_vm_count).
 */
struct vmmctl_vm {
	char name[VM_MAX_NAMELEN];
};

/*
 * How many VMs exist and how many may: one VMID each (255 on ARMv7). A
 * destroyed VM still counts while a process holds its file or a mapping.
 */
struct vmmctl_vm_count {
	vmm_u32 nvms;
	vmm_u32 max_vms;
};

/*
 * The one rule for VM names, shared by the module and userspace: 1 to
 * VM_MAX_NAMELEN - 1 characters of [A-Za-z0-9_.-], not starting with a
 * dot (the name is a path component under /dev/vmm: no ".", "..", or
 * hidden files). name must hold a NUL within VM_MAX_NAMELEN or is refused.
 */
static inline int vmm_name_valid(const char *name)
{
	unsigned int i;

	if (!name || name[0] == '\0' || name[0] == '.')
		return 0;
	for (i = 0; i < VM_MAX_NAMELEN; i++) {
		char c = name[i];

		if (c == '\0')
			return 1;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		      c == '.'))
			return 0;
	}
	return 0; /* no terminator: too long */
}

/*
 * A memory segment: guest RAM allocated by the module. It is mapped into
 * the guest with VM_MMAP_MEMSEG and into the VMM with mmap(2) on
 * /dev/vmm/NAME at offset = guest-physical address: the same pages.
 */
struct vm_memseg {
	vmm_u32 segid; /* 0 .. VM_MAX_MEMSEGS-1 */
	vmm_u32 pad;
	vmm_u64 len; /* bytes, page multiple */
	char name[VM_MAX_SEG_NAMELEN];
};

#define VM_MEMMAP_F_WRITE 0x1 /* the guest may write (else read-only) */
#define VM_MEMMAP_F_EXEC  0x2 /* the guest may execute */
struct vm_memmap {
	vmm_u64 gpa;
	vmm_u64 segoff;
	vmm_u64 len;
	vmm_u32 segid;
	vmm_u32 flags; /* VM_MEMMAP_F_* */
};

/* Register ids (regnum) are the architecture's: enum vm_reg_name. */
struct vm_register {
	vmm_u32 cpuid;
	vmm_u32 regnum; /* enum vm_reg_name */
	vmm_u64 regval;
};

struct vm_activate_cpu {
	vmm_u32 vcpuid;
	vmm_u32 pad;
};

/* vm_exit.exitcode */
enum vm_exitcode {
	VM_EXITCODE_BOGUS = 0, /* nothing for userspace; run again */
	VM_EXITCODE_INST_EMUL = 1, /* MMIO access outside guest RAM */
	VM_EXITCODE_SUSPENDED = 2, /* PSCI SYSTEM_OFF/RESET, VM_SUSPEND */
	VM_EXITCODE_HYP = 3, /* a trap the module cannot handle: u.hyp */
	VM_EXITCODE_MAX
};

/* vm_exit.u.suspended.how and struct vm_suspend.how */
enum vm_suspend_how {
	VM_SUSPEND_NONE = 0,
	VM_SUSPEND_RESET,
	VM_SUSPEND_POWEROFF,
	VM_SUSPEND_HALT,
	VM_SUSPEND_LAST
};

struct vm_exit {
	vmm_u32 exitcode; /* enum vm_exitcode */
	vmm_u32 pad;
	vmm_u64 pc;
	union {
		/*
		 * An access to guest-physical memory the module does not
		 * back. For a read, userspace stores the value in
		 * data before the next VM_RUN; the module loads it into the
		 * destination register (sign-extending as the instruction
		 * asks) and steps past the instruction.
		 */
		struct {
			vmm_u64 gpa;
			vmm_u64 data;
			vmm_u32 size; /* 1, 2, 4 or 8 bytes */
			vmm_u32 write;
		} mmio;
		struct {
			vmm_u32 how; /* enum vm_suspend_how */
		} suspended;
		struct vm_exit_hyp hyp; /* the architecture's account */
		vmm_u64 raw[8];
	} u;
};

/*
 * The run page of vCPU n: mmap(2) of /dev/vmm/NAME, MAP_SHARED, one page at
 * VM_RUN_PAGE_OFFSET(n), an offset above any guest-physical address (the
 * IPA space is 40 bits). VM_RUN (argument: the vCPU id itself, not a
 * pointer) leaves its exit there, so the run copies nothing; the VMM puts
 * an MMIO read's value in exit.u.mmio.data before the next run. The
 * module reads nothing else from the page.
 */
#define VM_RUN_PAGE_OFFSET(n) (0x40000000000ull + (vmm_u64)(n) * 4096u)
#define VM_RUN_PAGE_SIZE      4096u

/*
 * Coalesced MMIO (KVM's is the model): a store by the guest that lies
 * wholly inside a zone registered with VM_REGISTER_COALESCED does not
 * exit; the module retires it and appends it to the vCPU's ring in its
 * run page. A zone is for device registers whose writes have no effect
 * the guest waits for (scratch memory, a frame buffer): never a doorbell.
 * Zones can be added at any time, never removed; 8 per VM.
 *
 * The ring holds the stores since the VM_RUN call began, in
 * program order, ncoalesced of them; after every return of that call,
 * an error included, the VMM applies them before anything else (the
 * exit in the page, if any, comes after them in the guest's order) and
 * before it runs the vCPU again, which empties the ring. A full ring
 * makes the next store an ordinary exit. The module does not let a
 * store wait longer than the vCPU keeps running: it also returns (with
 * VM_EXITCODE_BOGUS) before it would sleep in WFI or powered off, and
 * after a host interrupt, while the ring holds anything.
 */
struct vm_coalesced_zone {
	vmm_u64 gpa;
	vmm_u64 len;
};

struct vm_coalesced_write {
	vmm_u64 gpa;
	vmm_u64 data;
	vmm_u32 size; /* 1, 2, 4 or 8 bytes */
	vmm_u32 pad;
};

#define VM_COALESCED_ZONES_MAX 8
#define VM_COALESCED_RING	 128

struct vm_run_page {
	vmm_u32 abi_version; /* VMM_ABI_VERSION of the layout */
	vmm_u32 ncoalesced; /* entries in coalesced[], written by the module */
	struct vm_exit exit;
	struct vm_coalesced_write coalesced[VM_COALESCED_RING];
};

struct vm_suspend {
	vmm_u32 how; /* enum vm_suspend_how */
	vmm_u32 pad;
};

#define VM_STATS_MAX 64
struct vm_stats {
	vmm_u32 cpuid;
	vmm_u32 num_entries; /* out */
	vmm_u64 statbuf[VM_STATS_MAX];
};

struct vm_stat_desc {
	vmm_u32 index; /* in */
	vmm_u32 pad;
	char desc[64]; /* out; -EINVAL past the last */
};

/* VM_SET_HALT_POLL */
struct vm_halt_poll {
	vmm_u32 max_ns;
	vmm_u32 reserved; /* 0 */
};

/*
 * An interrupt line of the VM's interrupt controller, driven by a device
 * model in userspace: VM_ASSERT_IRQ raises it, VM_DEASSERT_IRQ lowers it
 * (an edge-triggered line latches on the rising edge). Which numbers are
 * lines a device may drive is the architecture's (vmm_dev_arch.h); any
 * other is EINVAL, and ENODEV before the controller is attached.
 */
struct vm_irq {
	vmm_u32 irq;
	vmm_u32 pad;
};

#define VMM_IOC_MAGIC 'v'
#define VMMCTL_GET_CAPS _IOR(VMM_IOC_MAGIC, 0x01, struct vmm_caps)
#define VMMCTL_HYP_PING _IOWR(VMM_IOC_MAGIC, 0x02, struct vmm_hyp_ping)
#define VMMCTL_VM_CREATE  _IOW(VMM_IOC_MAGIC, 0x03, struct vmmctl_vm)
#define VMMCTL_VM_DESTROY _IOW(VMM_IOC_MAGIC, 0x04, struct vmmctl_vm)
#define VMMCTL_VM_COUNT	  _IOR(VMM_IOC_MAGIC, 0x05, struct vmmctl_vm_count)

/* on /dev/vmm/NAME */
#define VM_ALLOC_MEMSEG	  _IOW(VMM_IOC_MAGIC, 0x10, struct vm_memseg)
#define VM_GET_MEMSEG	  _IOWR(VMM_IOC_MAGIC, 0x11, struct vm_memseg)
#define VM_MMAP_MEMSEG	  _IOW(VMM_IOC_MAGIC, 0x12, struct vm_memmap)
#define VM_GET_REGISTER	  _IOWR(VMM_IOC_MAGIC, 0x20, struct vm_register)
#define VM_SET_REGISTER	  _IOW(VMM_IOC_MAGIC, 0x21, struct vm_register)
#define VM_ACTIVATE_CPU	  _IOW(VMM_IOC_MAGIC, 0x22, struct vm_activate_cpu)
#define VM_SUSPEND	  _IOW(VMM_IOC_MAGIC, 0x24, struct vm_suspend)
#define VM_RUN		  _IO(VMM_IOC_MAGIC, 0x25) /* arg = vCPU id */
#define VM_REGISTER_COALESCED _IOW(VMM_IOC_MAGIC, 0x26, struct vm_coalesced_zone)
/*
 * The VM goes when the open file this is called on is released: its last
 * descriptor closed and its mappings gone, whichever way the process ends
 * (exit, kill -9, the OOM killer). For a VM its creator runs (bhyve); a
 * VM created and left alone (bhyvectl --create) stays until destroyed.
 */
#define VM_SET_AUTODESTROY _IO(VMM_IOC_MAGIC, 0x27)
#define VM_STATS	  _IOWR(VMM_IOC_MAGIC, 0x30, struct vm_stats)
#define VM_STAT_DESC	  _IOWR(VMM_IOC_MAGIC, 0x31, struct vm_stat_desc)
/*
 * The VM's halt-polling limit in ns (0: off), below the module's own
 * (parameter halt_poll_ns): a halted vCPU spins at most this long
 * before it sleeps. Until set, the module's.
 */
#define VM_SET_HALT_POLL  _IOW(VMM_IOC_MAGIC, 0x32, struct vm_halt_poll)
#define VM_ASSERT_IRQ	  _IOW(VMM_IOC_MAGIC, 0x40, struct vm_irq)
#define VM_DEASSERT_IRQ	  _IOW(VMM_IOC_MAGIC, 0x41, struct vm_irq)

#endif /* VMM_UAPI_VMM_DEV_H */
