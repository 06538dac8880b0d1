// SPDX-License-Identifier: BSD-2-Clause
/*
 * The lowvisor's exit decisions (kmod/hyp/arm32/hyp_exit.c), natively: the
 * fault registers are the hyp_test_* variables below. Checked: which
 * fault registers each exception class reads, when the guest's lazy state
 * stays in the hardware (hvc, smc, a distributor access through an
 * unbanked register), when the PC is translated, which traps stay in HYP.
 */
#include "unit.h"
#include "arm/hyp_ctx.h"
#include "hyp/arm32/hyp_exit.h"
#include "uapi/vmm_dev.h"

uint32_t hyp_test_hsr, hyp_test_hdfar, hyp_test_hifar, hyp_test_hpfar;

#define GICD_HPFAR 0x08000000u /* IPA 0x80000000 >> 12 << 4 */
#define MMIO_HPFAR 0x09000000u

static struct hyp_vcpu_ctx ctx;
static struct vm_run_page run;

static uint32_t hsr_of(uint32_t ec, uint32_t iss)
{
	return (ec << HSR_EC_SHIFT) | HSR_IL | iss;
}

/* a data abort with a syndrome: size 1 << sas, transfer register srt */
static uint32_t dabt(bool write, uint32_t sas, uint32_t srt)
{
	return hsr_of(HSR_EC_DABT_LOWER,
		      DABT_ISS_ISV | (sas << DABT_ISS_SAS_SHIFT) |
			      (srt << DABT_ISS_SRT_SHIFT) |
			      (write ? DABT_ISS_WNR : 0) | 0x07 /* level 3 */);
}

static uint32_t exit_with(uint32_t hsr, uint32_t hpfar, uint32_t cpsr)
{
	memset(&ctx, 0, sizeof(ctx));
	ctx.lazy_hpfar = GICD_HPFAR;
	ctx.guest.cpsr = cpsr;
	ctx.fault.hdfar = ctx.fault.hifar = ctx.fault.hpfar = 0xdead;
	hyp_test_hsr = hsr;
	hyp_test_hpfar = hpfar;
	hyp_test_hdfar = 0x80000004u;
	hyp_test_hifar = 0x12345678u;
	return hyp_exit_guest(&ctx, ARM_EXIT_TRAP);
}

TEST(interrupts_read_nothing_and_give_the_lazy_state_back)
{
	memset(&ctx, 0, sizeof(ctx));
	hyp_test_hsr = hsr_of(HSR_EC_HVC, 0);
	EXPECT_EQ(hyp_exit_guest(&ctx, ARM_EXIT_IRQ), 0);
	EXPECT_EQ(ctx.exit_code, ARM_EXIT_IRQ);
	EXPECT_EQ(ctx.fault.hsr, 0); /* stale for an interrupt: not read */
	EXPECT_EQ(ctx.lazy, 0);
	EXPECT_EQ(hyp_exit_guest(&ctx, ARM_EXIT_FIQ), 0);
	EXPECT_EQ(ctx.exit_code, ARM_EXIT_FIQ);
}

TEST(hvc_and_smc_keep_the_lazy_state)
{
	EXPECT_EQ(exit_with(hsr_of(HSR_EC_HVC, 0), 0, PSR_MODE_SVC),
		  HYP_EXIT_LAZY);
	EXPECT_EQ(ctx.lazy, 1);
	EXPECT_EQ(ctx.exit_code, ARM_EXIT_TRAP);
	EXPECT_EQ(ctx.fault.hsr, hsr_of(HSR_EC_HVC, 0));
	EXPECT_EQ(ctx.fault.hdfar, 0xdead); /* not an abort: not read */
	EXPECT_EQ(ctx.fault.hpfar, 0xdead);
	EXPECT_EQ(exit_with(hsr_of(HSR_EC_SMC, 0), 0, PSR_MODE_FIQ),
		  HYP_EXIT_LAZY);
	EXPECT_EQ(ctx.lazy, 1);
}

TEST(distributor_access_keeps_the_lazy_state_unless_banked)
{
	unsigned int srt;

	for (srt = 0; srt <= 12; srt++) {
		EXPECT_EQ(exit_with(dabt(false, 2, srt), GICD_HPFAR,
				    PSR_MODE_SVC),
			  HYP_EXIT_LAZY);
		EXPECT_EQ(ctx.fault.hdfar, 0x80000004u);
		EXPECT_EQ(ctx.fault.hpfar, GICD_HPFAR);
		EXPECT_EQ(exit_with(dabt(true, 2, srt), GICD_HPFAR,
				    PSR_MODE_FIQ),
			  srt <= 7 ? HYP_EXIT_LAZY : 0);
		EXPECT_EQ(ctx.lazy, srt <= 7);
	}
	/* SP, LR, PC: banked or not a register the syndrome can name */
	EXPECT_EQ(exit_with(dabt(false, 2, 13), GICD_HPFAR, PSR_MODE_SVC), 0);
	EXPECT_EQ(exit_with(dabt(false, 2, 14), GICD_HPFAR, PSR_MODE_SVC), 0);
	EXPECT_EQ(ctx.lazy, 0);
	/* another page: an exit to userspace */
	EXPECT_EQ(exit_with(dabt(false, 2, 0), MMIO_HPFAR, PSR_MODE_SVC), 0);
	EXPECT_EQ(ctx.lazy, 0);
	EXPECT_EQ(ctx.fault.hpfar, MMIO_HPFAR);
}

TEST(the_rule_itself)
{
	EXPECT_TRUE(hyp_exit_keeps_lazy(hsr_of(HSR_EC_HVC, 0), 1, 2, 0));
	/* a prefetch abort on the page is not an access through a register */
	EXPECT_FALSE(hyp_exit_keeps_lazy(hsr_of(HSR_EC_PABT_LOWER, 0),
					 GICD_HPFAR, GICD_HPFAR,
					 PSR_MODE_SVC));
	EXPECT_FALSE(hyp_exit_keeps_lazy(hsr_of(HSR_EC_DABT_LOWER, 0),
					 GICD_HPFAR, GICD_HPFAR,
					 PSR_MODE_SVC));
	EXPECT_TRUE(hyp_exit_keeps_lazy(dabt(false, 0, 12), GICD_HPFAR,
					GICD_HPFAR, PSR_MODE_IRQ));
	EXPECT_FALSE(hyp_exit_keeps_lazy(dabt(false, 0, 8), GICD_HPFAR,
					 GICD_HPFAR, PSR_MODE_FIQ | PSR_T));
}

TEST(abort_without_syndrome_translates_the_pc)
{
	uint32_t hsr = hsr_of(HSR_EC_DABT_LOWER, DABT_ISS_WNR | 0x07);

	EXPECT_EQ(exit_with(hsr, MMIO_HPFAR, PSR_MODE_SVC), HYP_EXIT_ATS);
	EXPECT_EQ(ctx.fault.hdfar, 0x80000004u);
	/* on the distributor's page too: the highvisor decodes it */
	EXPECT_EQ(exit_with(hsr, GICD_HPFAR, PSR_MODE_SVC), HYP_EXIT_ATS);
	EXPECT_EQ(ctx.lazy, 0);
}

TEST(prefetch_abort_reads_hifar_and_hpfar)
{
	EXPECT_EQ(exit_with(hsr_of(HSR_EC_PABT_LOWER, 0x07), MMIO_HPFAR,
			    PSR_MODE_SVC),
		  0);
	EXPECT_EQ(ctx.fault.hifar, 0x12345678u);
	EXPECT_EQ(ctx.fault.hpfar, MMIO_HPFAR);
	EXPECT_EQ(ctx.fault.hdfar, 0xdead);
}

TEST(other_classes_exit_plainly)
{
	EXPECT_EQ(exit_with(hsr_of(HSR_EC_HCPTR, 0), 0, PSR_MODE_SVC),
		  HYP_EXIT_VFP);
	EXPECT_EQ(exit_with(hsr_of(HSR_EC_WFX, 0), 0, PSR_MODE_SVC), 0);
	EXPECT_EQ(exit_with(hsr_of(HSR_EC_CP15_32, 0), 0, PSR_MODE_SVC), 0);
	EXPECT_EQ(exit_with(hsr_of(HSR_EC_UNKNOWN, 0), 0, PSR_MODE_SVC), 0);
	EXPECT_EQ(exit_with(hsr_of(0x3f, 0), 0, PSR_MODE_SVC), 0);
	EXPECT_EQ(ctx.fault.hdfar, 0xdead);
	EXPECT_EQ(ctx.lazy, 0);
}

/* one zone, 0x09000000 + 0x1000, and a ring */
static uint32_t post_with(uint32_t hsr, uint32_t hdfar, uint32_t cpsr)
{
	memset(&ctx, 0, sizeof(ctx));
	memset(&run, 0, sizeof(run));
	ctx.lazy_hpfar = GICD_HPFAR;
	ctx.guest.cpsr = cpsr;
	ctx.guest.pc = 0x40000000;
	ctx.guest.r[3] = 0xaabbccdd;
	ctx.guest.r[9] = 0x99;
	ctx.cz.n = 1;
	ctx.cz.zone[0][0] = 0x09000000;
	ctx.cz.zone[0][1] = 0x1000;
	ctx.cz.page = &run;
	hyp_test_hsr = hsr;
	hyp_test_hpfar = (hdfar >> 12) << HPFAR_FIPA_SHIFT;
	hyp_test_hdfar = hdfar;
	return hyp_exit_guest(&ctx, ARM_EXIT_TRAP);
}

TEST(store_into_a_zone_is_posted)
{
	ASSERT_EQ(post_with(dabt(true, 1, 3), 0x09000ffe, PSR_MODE_SVC),
		  HYP_EXIT_RESUME);
	EXPECT_EQ(run.ncoalesced, 1);
	EXPECT_EQ(ctx.cz.count, 1);
	EXPECT_EQ(run.coalesced[0].gpa, 0x09000ffe);
	EXPECT_EQ(run.coalesced[0].data, 0xccdd);
	EXPECT_EQ(run.coalesced[0].size, 2);
	EXPECT_EQ(ctx.guest.pc, 0x40000004);
	/* Thumb, 16-bit instruction */
	ASSERT_EQ(post_with(dabt(true, 2, 3) & ~HSR_IL, 0x09000010,
			    PSR_MODE_SVC | PSR_T),
		  HYP_EXIT_RESUME);
	EXPECT_EQ(run.coalesced[0].data, 0xaabbccdd);
	EXPECT_EQ(ctx.guest.pc, 0x40000002);
}

TEST(store_the_lowvisor_does_not_post)
{
	/* a load, across the zone's end, outside it */
	EXPECT_EQ(post_with(dabt(false, 2, 3), 0x09000010, PSR_MODE_SVC), 0);
	EXPECT_EQ(post_with(dabt(true, 2, 3), 0x09000ffe, PSR_MODE_SVC), 0);
	EXPECT_EQ(post_with(dabt(true, 2, 3), 0x09001000, PSR_MODE_SVC), 0);
	/* big-endian data, inside an IT block, FIQ mode's own r9 */
	EXPECT_EQ(post_with(dabt(true, 2, 3), 0x09000010,
			    PSR_MODE_SVC | PSR_E), 0);
	EXPECT_EQ(post_with(dabt(true, 2, 3), 0x09000010,
			    PSR_MODE_SVC | PSR_T | 0x0400), 0);
	EXPECT_EQ(post_with(dabt(true, 2, 9), 0x09000010, PSR_MODE_FIQ), 0);
	EXPECT_EQ(post_with(dabt(true, 2, 9), 0x09000010, PSR_MODE_SVC),
		  HYP_EXIT_RESUME);
	/* a stage-1 walk, cache maintenance */
	EXPECT_EQ(post_with(dabt(true, 2, 3) | DABT_ISS_S1PTW, 0x09000010,
			    PSR_MODE_SVC), 0);
	EXPECT_EQ(post_with(dabt(true, 2, 3) | DABT_ISS_CM, 0x09000010,
			    PSR_MODE_SVC), 0);
	EXPECT_EQ(run.ncoalesced, 0);
	EXPECT_EQ(ctx.guest.pc, 0x40000000);
	/* a full ring */
	memset(&ctx, 0, sizeof(ctx));
	post_with(dabt(true, 2, 3), 0x09000010, PSR_MODE_SVC);
	ctx.cz.count = VM_COALESCED_RING;
	EXPECT_EQ(hyp_exit_guest(&ctx, ARM_EXIT_TRAP), 0);
}

UNIT_MAIN();
