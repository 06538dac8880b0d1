// SPDX-License-Identifier: BSD-2-Clause
/*
 * What an exit from the guest needs, decided in HYP mode: hyp_guest_exit
 * (hyp-switch.S) stores the guest's general-purpose registers, calls
 * hyp_exit_guest() and then only moves registers as told. The exception
 * class (HSR.EC, B3.13.6) decides which fault registers are read, whether
 * the guest's lazy state stays in the hardware, whether its PC is
 * translated, and which traps never leave HYP (the first VFP/SIMD use, a
 * posted store).
 *
 * HYP code: no calls outside the lowvisor, built like hyp_main.c (Kbuild).
 * Natively (tests/unit) the fault registers are variables the test sets.
 */
#include "vmm/types.h"
#include "arm/arm_arch.h"
#include "arm/hyp_abi.h"
#include "arm/hyp_ctx.h"
#include "uapi/vmm_dev.h"
#include "hyp_sysreg.h"
#include "hyp_exit.h"

/*
 * A store into one of the VM's coalesced MMIO zones (vmm_dev.h) is put
 * into the ring of the vCPU's run page here, and the guest goes on after
 * it. Only the plain case: a syndrome (the caller checked ISV and WnR:
 * a single register, no writeback), not a stage-1 walk or cache
 * maintenance, an unbanked source register (r0-r12, r0-r7 in FIQ mode:
 * r[] holds the user bank), little-endian data, outside an IT block
 * (A2.5.2: the PC alone advances), an IPA below 4 GiB, room in the ring.
 * Anything else goes to the highvisor, which does the same for what it
 * can.
 */
static __hyp_text __attribute__((__noinline__)) bool
hyp_post_store(struct hyp_vcpu_ctx *ctx, uint32_t hsr, uint32_t hdfar,
	       uint32_t hpfar)
{
	struct vm_run_page *page = ctx->cz.page;
	uint32_t cpsr = ctx->guest.cpsr;
	uint32_t srt = DABT_ISS_SRT(hsr), sas = DABT_ISS_SAS(hsr);
	uint32_t ipa, size, data, count, i;
	struct vm_coalesced_write *e;

	if (!page || (hsr & (DABT_ISS_S1PTW | DABT_ISS_CM)) ||
	    sas == DABT_ISS_SAS_RESERVED)
		return false;
	if (srt > 12 || ((cpsr & PSR_MODE_MASK) == PSR_MODE_FIQ && srt > 7))
		return false;
	if ((cpsr & PSR_E) || ((cpsr & PSR_T) && (cpsr & PSR_IT_MASK)))
		return false;
	if (hpfar >> 24) /* IPA[39:32] */
		return false;
	ipa = ((hpfar << 8) & ~0xfffu) | (hdfar & 0xfffu);
	size = 1u << sas;
	for (i = 0; i < ctx->cz.n; i++) {
		uint32_t off = ipa - ctx->cz.zone[i][0];
		uint32_t len = ctx->cz.zone[i][1];

		if (off < len && size <= len - off)
			break;
	}
	count = ctx->cz.count;
	if (i == ctx->cz.n || count >= VM_COALESCED_RING)
		return false;
	data = ctx->guest.r[srt];
	if (size < 4)
		data &= (1u << (size * 8)) - 1;
	e = &page->coalesced[count];
	e->gpa = ipa;
	e->data = data;
	e->size = size;
	e->pad = 0;
	ctx->cz.count = count + 1;
	page->ncoalesced = count + 1;
	ctx->guest.pc += (hsr & HSR_IL) ? 4 : 2;
	return true;
}

/* A data abort (B3.13.6): HDFAR and HPFAR for the highvisor. */
static __hyp_text uint32_t hyp_exit_dabt(struct hyp_vcpu_ctx *ctx,
					 uint32_t hsr)
{
	uint32_t hdfar = read_hdfar(), hpfar = read_hpfar();

	ctx->fault.hdfar = hdfar;
	ctx->fault.hpfar = hpfar;
	/* HPFAR first: the cheap test for the MMIO exits to userspace */
	if (hpfar == ctx->lazy_hpfar &&
	    hyp_exit_keeps_lazy(hsr, hpfar, ctx->lazy_hpfar, ctx->guest.cpsr)) {
		ctx->lazy = 1;
		return HYP_EXIT_LAZY;
	}
	if (!(hsr & DABT_ISS_ISV))
		return HYP_EXIT_ATS; /* the highvisor decodes the instruction */
	if ((hsr & DABT_ISS_WNR) && ctx->cz.n &&
	    hyp_post_store(ctx, hsr, hdfar, hpfar))
		return HYP_EXIT_RESUME;
	return 0;
}

__hyp_text uint32_t hyp_exit_guest(struct hyp_vcpu_ctx *ctx,
				   uint32_t exit_code)
{
	uint32_t hsr;

	ctx->exit_code = exit_code;
	if (exit_code != ARM_EXIT_TRAP)
		return 0;
	hsr = read_hsr();
	ctx->fault.hsr = hsr;
	switch (HSR_EC(hsr)) {
	case HSR_EC_HVC:
	case HSR_EC_SMC:
		ctx->lazy = 1; /* hyp_exit_keeps_lazy() */
		return HYP_EXIT_LAZY;
	case HSR_EC_DABT_LOWER:
		return hyp_exit_dabt(ctx, hsr);
	case HSR_EC_PABT_LOWER:
		ctx->fault.hifar = read_hifar();
		ctx->fault.hpfar = read_hpfar();
		return 0;
	case HSR_EC_HCPTR:
		return HYP_EXIT_VFP;
	default:
		return 0;
	}
}
