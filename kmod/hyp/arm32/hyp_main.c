// SPDX-License-Identifier: BSD-2-Clause
/*
 * Lowvisor C code: runs in HYP mode with its own page tables, where only the
 * module image, HYP stacks and explicitly mapped objects exist. It must not
 * call into the host kernel (the build checks it has no undefined symbols)
 * and is compiled without tracing or stack-protector instrumentation.
 */
#include "vmm/types.h"
#include "arm/hyp_abi.h"
#include "hyp_sysreg.h"

/* Physical address of hyp_teardown inside the identity-mapped page. */
uint32_t hyp_teardown_pa;
/* HSR, ELR_hyp, HDFAR of the last exception taken in HYP mode. */
uint32_t hyp_last_fault[3];

void hyp_host_call(struct hyp_host_regs *regs);

static __hyp_text void hyp_ping(struct hyp_host_regs *regs)
{
	uint32_t cookie = regs->r[1];

	regs->r[0] = HYP_PING_ANSWER(cookie);
	regs->r[1] = read_hsctlr();
	regs->r[2] = read_hvbar();
	regs->r[3] = read_cpsr();
}

/*
 * TLB entries of one VMID, all CPUs: TLBIALLIS from HYP acts on the VMID
 * in VTTBR (B4.2.2), so load the VM's for the duration.
 */
static __hyp_text void hyp_tlb_flush_vmid(struct hyp_host_regs *regs)
{
	uint64_t old = read_vttbr();

	write_vttbr(((uint64_t)regs->r[2] << 32) | regs->r[1]);
	isb();
	asm volatile("mcr p15, 0, %0, c8, c3, 0" : : "r"(0)); /* TLBIALLIS */
	dsb_ish();
	write_vttbr(old);
	isb();
	regs->r[0] = 0;
}

typedef void hyp_fn_t(struct hyp_host_regs *regs);

static hyp_fn_t *const hyp_fns[HYP_FN_MAX] = {
	[HYP_FN_PING] = hyp_ping,
	[HYP_FN_TLB_FLUSH_VMID] = hyp_tlb_flush_vmid,
};

__hyp_text void hyp_host_call(struct hyp_host_regs *regs)
{
	uint32_t fn = regs->r[0];

	if (fn >= HYP_FN_MAX || !hyp_fns[fn]) {
		regs->r[0] = HYP_ERR_NOFN;
		return;
	}
	hyp_fns[fn](regs);
}
