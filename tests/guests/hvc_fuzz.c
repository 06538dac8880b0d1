/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hvc and smc with random immediates and random function ids outside the
 * SMCCC ranges the hypervisor serves (Arm and standard-service calls,
 * 0x80000000-0x840000ff and their SMC64 twins): each must answer
 * NOT_SUPPORTED (-1) and leave r4-r12, sp and lr alone (SMCCC). The seed
 * mixes a fixed value with the virtual counter and is printed.
 */
#include "guest.h"

#define ROUNDS	    300
#define HVC_A1(imm) (0xe1400070u | (((imm) >> 4 & 0xfffu) << 8) | ((imm) & 0xfu))
#define SMC_A1(imm) (0xe1600070u | ((imm) & 0xfu))

uint32_t slot_call_checked(uint32_t fn, uint32_t *clobbered);
extern uint32_t patch_slot[];

static uint32_t rng;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static uint32_t cntvct_lo(void)
{
	uint32_t lo, hi;

	__asm__ volatile("isb\n\tmrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return lo ^ hi;
}

/* Rewrite the instruction the helper runs; caches are off, but say so. */
static void patch(uint32_t insn)
{
	patch_slot[0] = insn;
	__asm__ volatile("dsb\n\t"
			 "mcr p15, 0, %0, c7, c5, 0\n\t" /* ICIALLU */
			 "mcr p15, 0, %0, c7, c5, 6\n\t" /* BPIALL */
			 "dsb\n\tisb" ::"r"(0)
			 : "memory");
}

/* Ids some service answers: SMCCC arch, SiP..standard (0x8000-0x84ff). */
static int served(uint32_t fn)
{
	uint32_t owner_hi = (fn & ~0x40000000u) >> 16;

	return owner_hi >= 0x8000u && owner_hi <= 0x8400u &&
	       (fn & 0xffffu) < 0x100u;
}

int main(void)
{
	uint32_t seed = 0x1badb002u ^ cntvct_lo(), fn, imm, ans, clob, i;
	int smc;

	rng = seed ? seed : 1;
	printf("hvc_fuzz: seed 0x%08x\n", seed);
	for (i = 0; i < ROUNDS; i++) {
		do
			fn = next();
		while (served(fn));
		imm = next() & 0xffffu;
		smc = next() & 1;
		patch(smc ? SMC_A1(imm) : HVC_A1(imm));
		ans = slot_call_checked(fn, &clob);
		if (ans != PSCI_NOT_SUPPORTED || clob)
			guest_failf("%s #0x%x, id 0x%08x: answer 0x%08x, "
				    "clobbered mask 0x%x", smc ? "smc" : "hvc",
				    smc ? imm & 0xf : imm, fn, ans, clob);
	}
	/* Immediates do not matter to the service: VERSION still answers. */
	patch(HVC_A1(0xffffu));
	ans = slot_call_checked(PSCI_VERSION, &clob);
	if (ans == PSCI_NOT_SUPPORTED || clob)
		guest_failf("hvc #0xffff PSCI_VERSION: 0x%08x, clobbered 0x%x",
			    ans, clob);
	printf("hvc_fuzz: %u random calls answered NOT_SUPPORTED, registers "
	       "kept\n", ROUNDS);
	guest_pass();
}
