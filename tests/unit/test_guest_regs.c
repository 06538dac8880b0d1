// SPDX-License-Identifier: BSD-2-Clause
/*
 * Guest register banking, exception injection (ARM ARM B1.8), IT-state
 * advance, condition codes and the VMID allocator.
 */
#include <pthread.h>

#include "unit.h"
#include "vmm/arch.h"
#include "arm/arm_vm.h"

static struct arm_guest_regs regs_in(uint32_t mode)
{
	struct arm_guest_regs g;
	unsigned int i;

	memset(&g, 0, sizeof(g));
	g.cpsr = mode;
	for (i = 0; i < 13; i++)
		g.r[i] = 0x100 + i;
	g.lr_usr = 0x1e;
	g.banked.sp_usr = 0x1d;
	g.banked.sp_svc = 0x2d;
	g.banked.lr_svc = 0x2e;
	g.banked.r8_fiq = 0xf8;
	g.banked.sp_fiq = 0xfd;
	g.pc = 0x40001000;
	return g;
}

TEST(registers_follow_the_current_mode)
{
	struct arm_guest_regs g = regs_in(PSR_MODE_SVC);

	EXPECT_EQ(arm_reg_get(&g, 13), 0x2d);
	EXPECT_EQ(arm_reg_get(&g, 14), 0x2e);
	EXPECT_EQ(arm_reg_get(&g, 8), 0x108);
	EXPECT_EQ(arm_reg_get(&g, 15), 0x40001000);
	g.cpsr = PSR_MODE_USR;
	EXPECT_EQ(arm_reg_get(&g, 13), 0x1d);
	EXPECT_EQ(arm_reg_get(&g, 14), 0x1e);
	g.cpsr = PSR_MODE_SYS;
	EXPECT_EQ(arm_reg_get(&g, 14), 0x1e);
	g.cpsr = PSR_MODE_FIQ;
	EXPECT_EQ(arm_reg_get(&g, 8), 0xf8);
	EXPECT_EQ(arm_reg_get(&g, 13), 0xfd);
	EXPECT_EQ(arm_reg_get(&g, 7), 0x107);
	arm_reg_set(&g, 8, 0xabc);
	EXPECT_EQ(g.banked.r8_fiq, 0xabc);
	EXPECT_EQ(g.r[8], 0x108);
	EXPECT_EQ(arm_reg_get(&g, 16), 0); /* out of range: no access */
	arm_reg_set(&g, 99, 1);
}

TEST(undef_injection_arm_state)
{
	struct arm_guest_regs g = regs_in(PSR_MODE_SVC | PSR_F);

	g.cp15[CP15_VBAR] = 0x40000000;
	arm_inject_undef(&g);
	EXPECT_EQ(g.cpsr & PSR_MODE_MASK, PSR_MODE_UND);
	EXPECT_TRUE(g.cpsr & PSR_I);
	EXPECT_FALSE(g.cpsr & PSR_A); /* undef leaves A alone */
	EXPECT_TRUE(g.cpsr & PSR_F);
	EXPECT_EQ(g.banked.lr_und, 0x40001004);
	EXPECT_EQ(g.banked.spsr_und, PSR_MODE_SVC | PSR_F);
	EXPECT_EQ(g.pc, 0x40000004);
}

TEST(undef_injection_thumb_state_and_high_vectors)
{
	struct arm_guest_regs g = regs_in(PSR_MODE_USR | PSR_T | (1u << 25));

	g.cp15[CP15_SCTLR] = SCTLR_V | SCTLR_TE;
	arm_inject_undef(&g);
	EXPECT_EQ(g.banked.lr_und, 0x40001002);
	EXPECT_EQ(g.pc, 0xffff0004);
	EXPECT_TRUE(g.cpsr & PSR_T); /* SCTLR.TE: handlers in Thumb */
	EXPECT_EQ(g.cpsr & PSR_IT_MASK, 0); /* IT state cleared */
	EXPECT_EQ(g.banked.spsr_und & PSR_IT_MASK, 1u << 25);
}

TEST(prefetch_abort_injection)
{
	struct arm_guest_regs g = regs_in(PSR_MODE_SVC);

	g.cp15[CP15_VBAR] = 0x40000000;
	arm_inject_pabt(&g, 0x20000000);
	EXPECT_EQ(g.cpsr & PSR_MODE_MASK, PSR_MODE_ABT);
	EXPECT_TRUE(g.cpsr & PSR_A);
	EXPECT_TRUE(g.cpsr & PSR_I);
	EXPECT_EQ(g.banked.lr_abt, 0x40001004);
	EXPECT_EQ(g.pc, 0x4000000c);
	EXPECT_EQ(g.cp15[CP15_IFAR], 0x20000000);
	EXPECT_EQ(g.cp15[CP15_IFSR], 0x8); /* short format: external abort */
}

TEST(data_abort_injection_long_format)
{
	struct arm_guest_regs g = regs_in(PSR_MODE_SVC);

	g.cp15[CP15_TTBCR] = TTBCR_EAE;
	arm_inject_dabt(&g, 0x9000, true);
	EXPECT_EQ(g.banked.lr_abt, 0x40001008);
	EXPECT_EQ(g.pc, 0x10);
	EXPECT_EQ(g.cp15[CP15_DFAR], 0x9000);
	EXPECT_EQ(g.cp15[CP15_DFSR], (1u << 9) | 0x10 | (1u << 11));
}

TEST(skip_advances_pc_and_it_state)
{
	struct arm_guest_regs g = regs_in(PSR_MODE_SVC);

	arm_skip_insn(&g, HSR_IL);
	EXPECT_EQ(g.pc, 0x40001004);
	arm_skip_insn(&g, 0);
	EXPECT_EQ(g.pc, 0x40001006);
	/* ITTE EQ: ITSTATE 0b00000110 with firstcond EQ=0000 -> 0x06 */
	g.cpsr = PSR_MODE_SVC | PSR_T | (0x2u << 25) | (0x1u << 10);
	arm_skip_insn(&g, 0);
	/* shifted: IT[4:0] = 01100 */
	EXPECT_EQ(((g.cpsr >> 25) & 3) | ((g.cpsr >> 8) & 0xfc), 0x0c);
	arm_skip_insn(&g, 0);
	arm_skip_insn(&g, 0);
	EXPECT_EQ(g.cpsr & PSR_IT_MASK, 0); /* block finished */
}

TEST(condition_codes)
{
	uint32_t z = 1u << 30, n = 1u << 31, c = 1u << 29, v = 1u << 28;

	EXPECT_TRUE(arm_cond_passed(z, 0x0));	/* EQ */
	EXPECT_FALSE(arm_cond_passed(0, 0x0));
	EXPECT_TRUE(arm_cond_passed(0, 0x1));	/* NE */
	EXPECT_TRUE(arm_cond_passed(c, 0x8));	/* HI */
	EXPECT_FALSE(arm_cond_passed(c | z, 0x8));
	EXPECT_TRUE(arm_cond_passed(n | v, 0xa)); /* GE */
	EXPECT_FALSE(arm_cond_passed(n, 0xa));
	EXPECT_TRUE(arm_cond_passed(n, 0xb));	/* LT */
	EXPECT_FALSE(arm_cond_passed(z, 0xc));	/* GT */
	EXPECT_TRUE(arm_cond_passed(0, 0xe));	/* AL */
}

TEST(vmids_roll_over_and_skip_those_in_use)
{
	uint32_t first, v, i, seen = 0;

	ASSERT_EQ(vmid_alloc(&first), 0);
	EXPECT_TRUE(first >= 1 && first <= 255);
	/* use up the rest: 254 more, then none */
	for (i = 0; i < 254; i++) {
		ASSERT_EQ(vmid_alloc(&v), 0);
		EXPECT_NE(v, 0);
		EXPECT_NE(v, first);
	}
	EXPECT_EQ(vmid_alloc(&v), -ENOSPC);
	/* the core's VM limit (the device numbers' too) is what fitted */
	EXPECT_EQ(vmm_arch_max_vms(), 255);
	vmid_free(first);
	ASSERT_EQ(vmid_alloc(&v), 0);
	EXPECT_EQ(v, first); /* the only free one, found after rollover */
	for (i = 1; i < 256; i++)
		vmid_free(i);
	vmid_free(0); /* never the host's */
	ASSERT_EQ(vmid_alloc(&v), 0);
	seen = v;
	ASSERT_EQ(vmid_alloc(&v), 0);
	EXPECT_EQ(v, seen == 255 ? 1 : seen + 1); /* round robin */
}

/*
 * A VM's last user frees its VMID whenever it leaves, while another VM is
 * being created: each thread here allocates and frees, and owns the VMID
 * in between (a VMID handed out twice, or a lost free, shows).
 */
static uint32_t vmid_owner[256];
static unsigned int vmid_errors;
static pthread_barrier_t vmid_start;

static void *vmid_churn(void *arg)
{
	uint32_t me = (uint32_t)(uintptr_t)arg, v, none;
	unsigned int i;

	pthread_barrier_wait(&vmid_start);
	for (i = 0; i < 2000000; i++) {
		if (vmid_alloc(&v) < 0 || v == 0 || v > 255) {
			__atomic_add_fetch(&vmid_errors, 1, __ATOMIC_RELAXED);
			continue;
		}
		none = 0;
		if (!__atomic_compare_exchange_n(&vmid_owner[v], &none, me,
						 false, __ATOMIC_ACQ_REL,
						 __ATOMIC_RELAXED))
			__atomic_add_fetch(&vmid_errors, 1, __ATOMIC_RELAXED);
		else
			__atomic_store_n(&vmid_owner[v], 0, __ATOMIC_RELEASE);
		vmid_free(v);
	}
	return NULL;
}

TEST(vmids_freed_while_others_are_allocated)
{
	pthread_t t[3];
	uint32_t v, i, n = 0;

	for (i = 1; i < 256; i++) /* what the tests before left */
		vmid_free(i);
	pthread_barrier_init(&vmid_start, NULL, 3);
	for (i = 0; i < 3; i++)
		ASSERT_EQ(pthread_create(&t[i], NULL, vmid_churn,
					 (void *)(uintptr_t)(i + 1)), 0);
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&vmid_start);
	EXPECT_EQ(vmid_errors, 0);
	/* nothing leaked: all 255 are free again */
	while (vmid_alloc(&v) == 0)
		n++;
	EXPECT_EQ(n, vmm_arch_max_vms());
	for (i = 1; i < 256; i++)
		vmid_free(i);
}

UNIT_MAIN();
