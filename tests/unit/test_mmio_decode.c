// SPDX-License-Identifier: BSD-2-Clause
/*
 * Tests for kmod/arm/mmio_decode.c: HSR syndrome decoding, ARM and Thumb
 * load/store decoding, and the value helpers.
 *
 * The instruction words are ground truth from the GNU tools, not from the
 * decoder: each quoted text was assembled with arm-linux-gnueabihf-as
 * (.syntax unified, .arch armv7-a, -marm or .thumb) and read back with
 * arm-linux-gnueabihf-objdump -d. Thumb words use the decoder's convention
 * (first halfword in [15:0]), so objdump's "f8d1 0004" is 0x0004f8d1.
 * Forms gas refuses to assemble (UNPREDICTABLE or UNDEFINED ones) were
 * made by patching a field of an assembled neighbour; their comments give
 * objdump's view of the patched word. The expected results are written
 * out from the ARM ARM's pseudocode for the quoted text.
 */
#include "unit.h"
#include "arm/mmio_decode.h"

/* register contents the instructions see; R3 has the sign bit set */
#define R0	0x10000000u
#define R1	0x40001000u
#define R2	0x00000008u
#define R3	0x80000010u
#define R4	0x40002000u
#define R5	0x00000003u
#define R6	0x40003000u
#define R7	0x40004000u
#define R8	0x40005000u
#define R9	0x00000100u
#define R10	0x40006000u
#define R11	0x40007000u
#define R12	0x00000004u
#define SP	0x40009000u
#define LR	0x4000a000u
#define PC_ARM	0x00008000u
/* Thumb PC not word aligned, so literal loads must align it */
#define PC_THUMB 0x00008002u

static const uint32_t arm_regs[16] = {
	R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, SP, LR, PC_ARM,
};

static const uint32_t thumb_regs[16] = {
	R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, SP, LR,
	PC_THUMB,
};

enum isa { ARM, T16, T32 };

struct insn_case {
	uint32_t insn;
	enum isa isa;
	const char *text;	/* assembly the word came from */
	uint8_t size;
	bool write;
	bool sign_extend;
	uint8_t rt, rt2;
	bool writeback;
	uint8_t rn;
	uint32_t rn_value;
	uint32_t addr;
};

#define LD(n)		.size = (n)
#define LDS(n)		.size = (n), .sign_extend = true
#define ST(n)		.size = (n), .write = true
#define RT(t)		.rt = (t), .rt2 = (t)
#define RT2(t, t2)	.rt = (t), .rt2 = (t2)
#define WB(n, v)	.writeback = true, .rn = (n), .rn_value = (v)
#define AT(a)		.addr = (a)

struct reject_case {
	uint32_t insn;
	enum isa isa;
	const char *text;
};

static int decode(uint32_t insn, enum isa isa, struct mmio_access *a)
{
	return mmio_decode_insn(insn, isa != ARM,
				isa == ARM ? arm_regs : thumb_regs, a);
}

static void check_accepts(const struct insn_case *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++, c++) {
		int before = unit_check_failures;
		struct mmio_access a = { 0 };
		int ret;

		memset(&a, 0x5a, sizeof(a));
		ret = decode(c->insn, c->isa, &a);
		EXPECT_EQ(ret, 0);
		if (!ret) {
			EXPECT_EQ(a.size, c->size);
			EXPECT_EQ(a.write, c->write);
			EXPECT_EQ(a.sign_extend, c->sign_extend);
			EXPECT_EQ(a.rt, c->rt);
			EXPECT_EQ(a.rt2, c->rt2);
			EXPECT_EQ(a.writeback, c->writeback);
			if (c->writeback) {
				EXPECT_EQ(a.rn, c->rn);
				EXPECT_EQ(a.rn_value, c->rn_value);
			}
			EXPECT_EQ(a.addr, c->addr);
			EXPECT_EQ(a.insn_len, c->isa == T16 ? 2 : 4);
		}
		if (unit_check_failures != before)
			printf("    in case 0x%08x \"%s\"\n", c->insn, c->text);
	}
}

static void check_rejects(const struct reject_case *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++, c++) {
		int before = unit_check_failures;
		struct mmio_access a, orig;

		memset(&a, 0x5a, sizeof(a));
		orig = a;
		EXPECT_EQ(decode(c->insn, c->isa, &a), -EINVAL);
		/* nothing is written on failure */
		EXPECT_EQ(memcmp(&a, &orig, sizeof(a)), 0);
		if (unit_check_failures != before)
			printf("    in case 0x%08x \"%s\"\n", c->insn, c->text);
	}
}

/* ------------------------------------------------------------------ */
/* ARM state, A5.3 and A5.2.8 */

static const struct insn_case arm_word_byte[] = {
	/* A5.3 word/byte, immediate offset, all indexing modes */
	{ 0xe5910000, ARM, "ldr r0, [r1]",
	  LD(4), RT(0), AT(R1) },
	{ 0xe5910004, ARM, "ldr r0, [r1, #4]",
	  LD(4), RT(0), AT(R1 + 4) },
	{ 0xe5110004, ARM, "ldr r0, [r1, #-4]",
	  LD(4), RT(0), AT(R1 - 4) },
	{ 0xe5910fff, ARM, "ldr r0, [r1, #4095]",
	  LD(4), RT(0), AT(R1 + 4095) },
	{ 0xe5110fff, ARM, "ldr r0, [r1, #-4095]",
	  LD(4), RT(0), AT(R1 - 4095) },
	{ 0xe5b10004, ARM, "ldr r0, [r1, #4]!",
	  LD(4), RT(0), WB(1, R1 + 4), AT(R1 + 4) },
	{ 0xe5310008, ARM, "ldr r0, [r1, #-8]!",
	  LD(4), RT(0), WB(1, R1 - 8), AT(R1 - 8) },
	{ 0xe4910004, ARM, "ldr r0, [r1], #4",
	  LD(4), RT(0), WB(1, R1 + 4), AT(R1) },
	{ 0xe4110004, ARM, "ldr r0, [r1], #-4",
	  LD(4), RT(0), WB(1, R1 - 4), AT(R1) },
	{ 0xe591d004, ARM, "ldr sp, [r1, #4]",
	  LD(4), RT(13), AT(R1 + 4) },
	{ 0xe5911004, ARM, "ldr r1, [r1, #4]",
	  LD(4), RT(1), AT(R1 + 4) },
	{ 0xe49d0004, ARM, "ldr r0, [sp], #4",
	  LD(4), RT(0), WB(13, SP + 4), AT(SP) },
	{ 0x05910004, ARM, "ldreq r0, [r1, #4]",
	  LD(4), RT(0), AT(R1 + 4) },
	{ 0xe5810000, ARM, "str r0, [r1]",
	  ST(4), RT(0), AT(R1) },
	{ 0xe581e008, ARM, "str lr, [r1, #8]",
	  ST(4), RT(14), AT(R1 + 8) },
	{ 0xe521000c, ARM, "str r0, [r1, #-12]!",
	  ST(4), RT(0), WB(1, R1 - 12), AT(R1 - 12) },
	{ 0xe401000c, ARM, "str r0, [r1], #-12",
	  ST(4), RT(0), WB(1, R1 - 12), AT(R1) },
	{ 0xe52d0004, ARM, "str r0, [sp, #-4]!",
	  ST(4), RT(0), WB(13, SP - 4), AT(SP - 4) },
	{ 0xe5c10001, ARM, "strb r0, [r1, #1]",
	  ST(1), RT(0), AT(R1 + 1) },
	{ 0xe5e10001, ARM, "strb r0, [r1, #1]!",
	  ST(1), RT(0), WB(1, R1 + 1), AT(R1 + 1) },
	{ 0xe4410001, ARM, "strb r0, [r1], #-1",
	  ST(1), RT(0), WB(1, R1 - 1), AT(R1) },
	{ 0xe5514001, ARM, "ldrb r4, [r1, #-1]",
	  LD(1), RT(4), AT(R1 - 1) },
	{ 0xe5f14003, ARM, "ldrb r4, [r1, #3]!",
	  LD(1), RT(4), WB(1, R1 + 3), AT(R1 + 3) },
	{ 0xe4d14001, ARM, "ldrb r4, [r1], #1",
	  LD(1), RT(4), WB(1, R1 + 1), AT(R1) },
	{ 0x15d14000, ARM, "ldrbne r4, [r1]",
	  LD(1), RT(4), AT(R1) },
	/* literal and PC-based, no writeback; PC reads as the address + 8 */
	{ 0xe59f0010, ARM, "ldr r0, [pc, #16]",
	  LD(4), RT(0), AT(PC_ARM + 8 + 16) },
	{ 0xe51f0010, ARM, "ldr r0, [pc, #-16]",
	  LD(4), RT(0), AT(PC_ARM + 8 - 16) },
	{ 0xe5df0003, ARM, "ldrb r0, [pc, #3]",
	  LD(1), RT(0), AT(PC_ARM + 8 + 3) },
	{ 0xe58f0004, ARM, "str r0, [pc, #4]",
	  ST(4), RT(0), AT(PC_ARM + 8 + 4) },
	{ 0xe79f0002, ARM, "ldr r0, [pc, r2]",
	  LD(4), RT(0), AT(PC_ARM + 8 + R2) },
	/* register offsets with every shift type */
	{ 0xe7910002, ARM, "ldr r0, [r1, r2]",
	  LD(4), RT(0), AT(R1 + R2) },
	{ 0xe7110002, ARM, "ldr r0, [r1, -r2]",
	  LD(4), RT(0), AT(R1 - R2) },
	{ 0xe7910102, ARM, "ldr r0, [r1, r2, lsl #2]",
	  LD(4), RT(0), AT(R1 + (R2 << 2)) },
	{ 0xe7910f82, ARM, "ldr r0, [r1, r2, lsl #31]",
	  LD(4), RT(0), AT(R1 + 0) },
	{ 0xe7910223, ARM, "ldr r0, [r1, r3, lsr #4]",
	  LD(4), RT(0), AT(R1 + 0x08000001) },
	{ 0xe7910023, ARM, "ldr r0, [r1, r3, lsr #32]",
	  LD(4), RT(0), AT(R1 + 0) },
	{ 0xe7110243, ARM, "ldr r0, [r1, -r3, asr #4]",
	  LD(4), RT(0), AT(R1 - 0xf8000001) },
	{ 0xe7910043, ARM, "ldr r0, [r1, r3, asr #32]",
	  LD(4), RT(0), AT(R1 + 0xffffffff) },
	{ 0xe79100c5, ARM, "ldr r0, [r1, r5, asr #1]",
	  LD(4), RT(0), AT(R1 + 1) },
	{ 0xe7910463, ARM, "ldr r0, [r1, r3, ror #8]",
	  LD(4), RT(0), AT(R1 + 0x10800000) },
	{ 0xe7910001, ARM, "ldr r0, [r1, r1]",
	  LD(4), RT(0), AT(R1 + R1) },
	{ 0xe7b10182, ARM, "ldr r0, [r1, r2, lsl #3]!",
	  LD(4), RT(0), WB(1, R1 + 64), AT(R1 + 64) },
	{ 0xe7310122, ARM, "ldr r0, [r1, -r2, lsr #2]!",
	  LD(4), RT(0), WB(1, R1 - 2), AT(R1 - 2) },
	{ 0xe6910082, ARM, "ldr r0, [r1], r2, lsl #1",
	  LD(4), RT(0), WB(1, R1 + 16), AT(R1) },
	{ 0xe6110002, ARM, "ldr r0, [r1], -r2",
	  LD(4), RT(0), WB(1, R1 - R2), AT(R1) },
	{ 0xe6110043, ARM, "ldr r0, [r1], -r3, asr #32",
	  LD(4), RT(0), WB(1, R1 + 1), AT(R1) },
	{ 0xe7210202, ARM, "str r0, [r1, -r2, lsl #4]!",
	  ST(4), RT(0), WB(1, R1 - 128), AT(R1 - 128) },
	{ 0xe7810002, ARM, "str r0, [r1, r2]",
	  ST(4), RT(0), AT(R1 + R2) },
	{ 0xe6c10002, ARM, "strb r0, [r1], r2",
	  ST(1), RT(0), WB(1, R1 + R2), AT(R1) },
	{ 0xe7f10002, ARM, "ldrb r0, [r1, r2]!",
	  LD(1), RT(0), WB(1, R1 + R2), AT(R1 + R2) },
	{ 0xe7510263, ARM, "ldrb r0, [r1, -r3, ror #4]",
	  LD(1), RT(0), AT(R1 - 0x08000001) },
	/* unprivileged: always post-indexed */
	{ 0xe4b10004, ARM, "ldrt r0, [r1], #4",
	  LD(4), RT(0), WB(1, R1 + 4), AT(R1) },
	{ 0xe4b10000, ARM, "ldrt r0, [r1]",
	  LD(4), RT(0), WB(1, R1), AT(R1) },
	{ 0xe4210004, ARM, "strt r0, [r1], #-4",
	  ST(4), RT(0), WB(1, R1 - 4), AT(R1) },
	{ 0xe6f10102, ARM, "ldrbt r0, [r1], r2, lsl #2",
	  LD(1), RT(0), WB(1, R1 + 32), AT(R1) },
	{ 0xe6610002, ARM, "strbt r0, [r1], -r2",
	  ST(1), RT(0), WB(1, R1 - R2), AT(R1) },
};

TEST(arm_word_and_byte)
{
	check_accepts(arm_word_byte, ARRAY_SIZE(arm_word_byte));
}

static const struct insn_case arm_extra[] = {
	/* A5.2.8 extra load/store, immediate */
	{ 0xe1d100b0, ARM, "ldrh r0, [r1]",
	  LD(2), RT(0), AT(R1) },
	{ 0xe1d100b2, ARM, "ldrh r0, [r1, #2]",
	  LD(2), RT(0), AT(R1 + 2) },
	{ 0xe1510fbf, ARM, "ldrh r0, [r1, #-255]",
	  LD(2), RT(0), AT(R1 - 255) },
	{ 0xe1f101b2, ARM, "ldrh r0, [r1, #0x12]!",
	  LD(2), RT(0), WB(1, R1 + 0x12), AT(R1 + 0x12) },
	{ 0xe05100b2, ARM, "ldrh r0, [r1], #-2",
	  LD(2), RT(0), WB(1, R1 - 2), AT(R1) },
	{ 0xe1c100b6, ARM, "strh r0, [r1, #6]",
	  ST(2), RT(0), AT(R1 + 6) },
	{ 0xe1610fb0, ARM, "strh r0, [r1, #-0xf0]!",
	  ST(2), RT(0), WB(1, R1 - 0xf0), AT(R1 - 0xf0) },
	{ 0xe0c100b2, ARM, "strh r0, [r1], #2",
	  ST(2), RT(0), WB(1, R1 + 2), AT(R1) },
	{ 0xe1d100d1, ARM, "ldrsb r0, [r1, #1]",
	  LDS(1), RT(0), AT(R1 + 1) },
	{ 0xe17100d1, ARM, "ldrsb r0, [r1, #-1]!",
	  LDS(1), RT(0), WB(1, R1 - 1), AT(R1 - 1) },
	{ 0xe05100d1, ARM, "ldrsb r0, [r1], #-1",
	  LDS(1), RT(0), WB(1, R1 - 1), AT(R1) },
	{ 0xe1d10ffe, ARM, "ldrsh r0, [r1, #0xfe]",
	  LDS(2), RT(0), AT(R1 + 0xfe) },
	{ 0xe17100f2, ARM, "ldrsh r0, [r1, #-2]!",
	  LDS(2), RT(0), WB(1, R1 - 2), AT(R1 - 2) },
	{ 0xe0d100f4, ARM, "ldrsh r0, [r1], #4",
	  LDS(2), RT(0), WB(1, R1 + 4), AT(R1) },
	{ 0xe1df00b4, ARM, "ldrh r0, [pc, #4]",
	  LD(2), RT(0), AT(PC_ARM + 8 + 4) },
	{ 0xe15f00d4, ARM, "ldrsb r0, [pc, #-4]",
	  LDS(1), RT(0), AT(PC_ARM + 8 - 4) },
	/* A5.2.8 extra load/store, register */
	{ 0xe19100b2, ARM, "ldrh r0, [r1, r2]",
	  LD(2), RT(0), AT(R1 + R2) },
	{ 0xe13100b2, ARM, "ldrh r0, [r1, -r2]!",
	  LD(2), RT(0), WB(1, R1 - R2), AT(R1 - R2) },
	{ 0xe09100b2, ARM, "ldrh r0, [r1], r2",
	  LD(2), RT(0), WB(1, R1 + R2), AT(R1) },
	{ 0xe1a100b2, ARM, "strh r0, [r1, r2]!",
	  ST(2), RT(0), WB(1, R1 + R2), AT(R1 + R2) },
	{ 0xe00100b2, ARM, "strh r0, [r1], -r2",
	  ST(2), RT(0), WB(1, R1 - R2), AT(R1) },
	{ 0xe19100f2, ARM, "ldrsh r0, [r1, r2]",
	  LDS(2), RT(0), AT(R1 + R2) },
	{ 0xe11100f2, ARM, "ldrsh r0, [r1, -r2]",
	  LDS(2), RT(0), AT(R1 - R2) },
	{ 0xe1b100d2, ARM, "ldrsb r0, [r1, r2]!",
	  LDS(1), RT(0), WB(1, R1 + R2), AT(R1 + R2) },
	{ 0xe01100d2, ARM, "ldrsb r0, [r1], -r2",
	  LDS(1), RT(0), WB(1, R1 - R2), AT(R1) },
	{ 0xe0f100b2, ARM, "ldrht r0, [r1], #2",
	  LD(2), RT(0), WB(1, R1 + 2), AT(R1) },
	{ 0xe02100b2, ARM, "strht r0, [r1], -r2",
	  ST(2), RT(0), WB(1, R1 - R2), AT(R1) },
	{ 0xe0f100d1, ARM, "ldrsbt r0, [r1], #1",
	  LDS(1), RT(0), WB(1, R1 + 1), AT(R1) },
	{ 0xe03100f2, ARM, "ldrsht r0, [r1], -r2",
	  LDS(2), RT(0), WB(1, R1 - R2), AT(R1) },
};

TEST(arm_halfword_and_signed)
{
	check_accepts(arm_extra, ARRAY_SIZE(arm_extra));
}

static const struct insn_case arm_dual[] = {
	{ 0xe1c140d0, ARM, "ldrd r4, r5, [r1]",
	  LD(8), RT2(4, 5), AT(R1) },
	{ 0xe1c140d8, ARM, "ldrd r4, r5, [r1, #8]",
	  LD(8), RT2(4, 5), AT(R1 + 8) },
	{ 0xe16140d8, ARM, "ldrd r4, r5, [r1, #-8]!",
	  LD(8), RT2(4, 5), WB(1, R1 - 8), AT(R1 - 8) },
	{ 0xe0c141d0, ARM, "ldrd r4, r5, [r1], #16",
	  LD(8), RT2(4, 5), WB(1, R1 + 16), AT(R1) },
	{ 0xe1c20fdf, ARM, "ldrd r0, r1, [r2, #255]",
	  LD(8), RT2(0, 1), AT(R2 + 255) },
	{ 0xe1414ffc, ARM, "strd r4, r5, [r1, #-252]",
	  ST(8), RT2(4, 5), AT(R1 - 252) },
	{ 0xe1e160f8, ARM, "strd r6, r7, [r1, #8]!",
	  ST(8), RT2(6, 7), WB(1, R1 + 8), AT(R1 + 8) },
	{ 0xe04160f8, ARM, "strd r6, r7, [r1], #-8",
	  ST(8), RT2(6, 7), WB(1, R1 - 8), AT(R1) },
	{ 0xe1c1c0f0, ARM, "strd ip, sp, [r1]",
	  ST(8), RT2(12, 13), AT(R1) },
	{ 0xe18140d2, ARM, "ldrd r4, r5, [r1, r2]",
	  LD(8), RT2(4, 5), AT(R1 + R2) },
	{ 0xe12140d2, ARM, "ldrd r4, r5, [r1, -r2]!",
	  LD(8), RT2(4, 5), WB(1, R1 - R2), AT(R1 - R2) },
	{ 0xe08140d2, ARM, "ldrd r4, r5, [r1], r2",
	  LD(8), RT2(4, 5), WB(1, R1 + R2), AT(R1) },
	{ 0xe18140f2, ARM, "strd r4, r5, [r1, r2]",
	  ST(8), RT2(4, 5), AT(R1 + R2) },
	{ 0xe00140f2, ARM, "strd r4, r5, [r1], -r2",
	  ST(8), RT2(4, 5), WB(1, R1 - R2), AT(R1) },
	{ 0xe1cf00d8, ARM, "ldrd r0, r1, [pc, #8]",
	  LD(8), RT2(0, 1), AT(PC_ARM + 8 + 8) },
};

TEST(arm_ldrd_strd)
{
	check_accepts(arm_dual, ARRAY_SIZE(arm_dual));
}

/* The condition has passed by the time the access traps: any but 1111. */
TEST(arm_condition_ignored)
{
	/* ldr r0, [r1, #4]! */
	const uint32_t insn = 0xe5b10004;
	struct mmio_access a = { 0 };
	uint32_t cond;

	for (cond = 0; cond < 15; cond++) {
		ASSERT_EQ(decode((insn & 0x0fffffff) | (cond << 28), ARM, &a),
			  0);
		EXPECT_EQ(a.size, 4);
		EXPECT_EQ(a.rn_value, R1 + 4);
	}
	EXPECT_EQ(decode((insn & 0x0fffffff) | 0xf0000000, ARM, &a), -EINVAL);
}

static const struct reject_case arm_reject[] = {
	/* not single loads/stores */
	{ 0xe8910005, ARM, "ldm r1, {r0, r2}" },
	{ 0xe92d4010, ARM, "stmdb sp!, {r4, lr}" },
	{ 0xe1910f9f, ARM, "ldrex r0, [r1]" },
	{ 0xe1812f90, ARM, "strex r2, r0, [r1]" },
	{ 0xe1b20f9f, ARM, "ldrexd r0, r1, [r2]" },
	{ 0xe1f10f9f, ARM, "ldrexh r0, [r1]" },
	{ 0xe1010092, ARM, "swp r0, r2, [r1]" },
	{ 0xe1410092, ARM, "swpb r0, r2, [r1]" },
	{ 0xf5d1f004, ARM, "pld [r1, #4]" },
	{ 0xf7d1f002, ARM, "pld [r1, r2]" },
	{ 0xf4d1f004, ARM, "pli [r1, #4]" },
	{ 0xed910b02, ARM, "vldr d0, [r1, #8]" },
	{ 0xed810a00, ARM, "vstr s0, [r1]" },
	{ 0xed915e01, ARM, "ldc p14, c5, [r1, #4]" },
	{ 0xeca15e01, ARM, "stc p14, c5, [r1], #4" },
	{ 0xe0000291, ARM, "mul r0, r1, r2" },
	{ 0xe0810002, ARM, "add r0, r1, r2" },
	{ 0xe6510f92, ARM, "uadd8 r0, r1, r2" },
	{ 0xe1a00001, ARM, "mov r0, r1" },
	{ 0xeafffffe, ARM, "b ." },
	{ 0xe12fff1e, ARM, "bx lr" },
	{ 0xee110f10, ARM, "mrc p15, 0, r0, c1, c0, 0" },
	/* PC as Rt: a branch or a PC store, refused by choice */
	{ 0xe591f004, ARM, "ldr pc, [r1, #4]" },
	{ 0xe49df004, ARM, "ldr pc, [sp], #4" },
	{ 0xe791f002, ARM, "ldr pc, [r1, r2]" },
	{ 0xe581f000, ARM, "str pc, [r1]" },
	/* RRX needs CPSR.C */
	{ 0xe7910062, ARM, "ldr r0, [r1, r2, rrx]" },
	{ 0xe7310062, ARM, "ldr r0, [r1, -r2, rrx]!" },
	/* UNPREDICTABLE: writeback into a transfer register */
	{ 0xe5b00004, ARM, "ldr r0, [r0, #4]!" },
	{ 0xe4911004, ARM, "ldr r1, [r1], #4" },
	{ 0xe5200004, ARM, "str r0, [r0, #-4]!" },
	{ 0xe6c11002, ARM, "strb r1, [r1], r2" },
	{ 0xe7b22003, ARM, "ldr r2, [r2, r3]!" },
	{ 0xe0c000b2, ARM, "strh r0, [r0], #2" },
	{ 0xe1f220f2, ARM, "ldrsh r2, [r2, #2]!" },
	{ 0xe09220d3, ARM, "ldrsb r2, [r2], r3" },
	{ 0xe13550b6, ARM, "ldrh r5, [r5, -r6]!" },
	{ 0xe1e100d8, ARM, "ldrd r0, r1, [r1, #8]!" },
	{ 0xe0c000d8, ARM, "ldrd r0, r1, [r0], #8" },
	{ 0xe1e000f8, ARM, "strd r0, r1, [r0, #8]!" },
	{ 0xe08320f4, ARM, "strd r2, r3, [r3], r4" },
	/* UNPREDICTABLE: LDRD offset register overlapping Rt/Rt2 */
	{ 0xe18200d0, ARM, "ldrd r0, r1, [r2, r0]" },
	{ 0xe10200d1, ARM, "ldrd r0, r1, [r2, -r1]" },
};

TEST(arm_rejects_other_instructions)
{
	check_rejects(arm_reject, ARRAY_SIZE(arm_reject));
}

static const struct reject_case arm_unpred[] = {
	/* byte load into the PC; objdump: "ldrb pc, [r1] @ <UNPREDICTABLE>" */
	{ 0xe5d1f000, ARM, "ldrb pc, [r1]" },
	/* Rm = PC; objdump: "ldr r0, [r1, pc]" */
	{ 0xe791000f, ARM, "ldr r0, [r1, pc]" },
	/* Rm = PC; objdump: "ldrh r0, [r1, pc]" */
	{ 0xe19100bf, ARM, "ldrh r0, [r1, pc]" },
	/* odd Rt; objdump: "ldrd r1, [r3]" */
	{ 0xe1c310d0, ARM, "ldrd r1, r2, [r3]" },
	/* Rt2 = PC; objdump: "ldrd lr, [r1]" */
	{ 0xe1c1e0d0, ARM, "ldrd lr, pc, [r1]" },
	/*
	 * no unprivileged LDRD;
	 * objdump: "ldrd r4, [r1], #0 @ <UNPREDICTABLE>"
	 */
	{ 0xe0e140d0, ARM, "ldrd r4, r5, [r1], #0 with W = 1" },
	/*
	 * no unprivileged STRD;
	 * objdump: "strd r4, [r1], #0 @ <UNPREDICTABLE>"
	 */
	{ 0xe0e140f0, ARM, "strd r4, r5, [r1], #0 with W = 1" },
	/*
	 * bits [11:8] are (0);
	 * objdump: "@ <UNDEFINED> instruction: 0xe19101b2"
	 */
	{ 0xe19101b2, ARM, "ldrh r0, [r1, r2] with bit 8 set" },
	/* writeback to the PC; objdump: "str r0, [pc, #4]! @ 0xc" */
	{ 0xe5af0004, ARM, "str r0, [pc, #4]!" },
	/* writeback to the PC; objdump: "ldr r0, [pc], #4 @ 0x8" */
	{ 0xe49f0004, ARM, "ldr r0, [pc], #4" },
	/* writeback to the PC; objdump: "ldrd r0, [pc, #8] @ 0x10" */
	{ 0xe1ef00d8, ARM, "ldrd r0, r1, [pc, #8]!" },
	/* writeback to the PC; objdump: "ldrht r0, [pc], #4" */
	{ 0xe0ff00b4, ARM, "ldrht r0, [pc], #4" },
	/*
	 * unconditional space;
	 * objdump: "@ <UNDEFINED> instruction: 0xf5910004"
	 */
	{ 0xf5910004, ARM, "ldr r0, [r1, #4] with cond = 1111" },
	/* media space; objdump: "@ <UNDEFINED> instruction: 0xe7910012" */
	{ 0xe7910012, ARM, "ldr r0, [r1, r2] with bit 4 set" },
};

TEST(arm_rejects_unpredictable)
{
	check_rejects(arm_unpred, ARRAY_SIZE(arm_unpred));
}

/* ------------------------------------------------------------------ */
/* Thumb state, A6.2.4 and A6.3.6-A6.3.10 */

static const struct insn_case t16[] = {
	{ 0x5088, T16, "str r0, [r1, r2]",
	  ST(4), RT(0), AT(R1 + R2) },
	{ 0x5288, T16, "strh r0, [r1, r2]",
	  ST(2), RT(0), AT(R1 + R2) },
	{ 0x5488, T16, "strb r0, [r1, r2]",
	  ST(1), RT(0), AT(R1 + R2) },
	{ 0x5688, T16, "ldrsb r0, [r1, r2]",
	  LDS(1), RT(0), AT(R1 + R2) },
	{ 0x5888, T16, "ldr r0, [r1, r2]",
	  LD(4), RT(0), AT(R1 + R2) },
	{ 0x5a88, T16, "ldrh r0, [r1, r2]",
	  LD(2), RT(0), AT(R1 + R2) },
	{ 0x5c88, T16, "ldrb r0, [r1, r2]",
	  LD(1), RT(0), AT(R1 + R2) },
	{ 0x5f77, T16, "ldrsh r7, [r6, r5]",
	  LDS(2), RT(7), AT(R6 + R5) },
	{ 0x6008, T16, "str r0, [r1]",
	  ST(4), RT(0), AT(R1) },
	{ 0x67c8, T16, "str r0, [r1, #124]",
	  ST(4), RT(0), AT(R1 + 124) },
	{ 0x6863, T16, "ldr r3, [r4, #4]",
	  LD(4), RT(3), AT(R4 + 4) },
	{ 0x77c8, T16, "strb r0, [r1, #31]",
	  ST(1), RT(0), AT(R1 + 31) },
	{ 0x7808, T16, "ldrb r0, [r1]",
	  LD(1), RT(0), AT(R1) },
	{ 0x7948, T16, "ldrb r0, [r1, #5]",
	  LD(1), RT(0), AT(R1 + 5) },
	{ 0x87c8, T16, "strh r0, [r1, #62]",
	  ST(2), RT(0), AT(R1 + 62) },
	{ 0x8848, T16, "ldrh r0, [r1, #2]",
	  LD(2), RT(0), AT(R1 + 2) },
	{ 0x90ff, T16, "str r0, [sp, #1020]",
	  ST(4), RT(0), AT(SP + 1020) },
	{ 0x9f01, T16, "ldr r7, [sp, #4]",
	  LD(4), RT(7), AT(SP + 4) },
	{ 0x6809, T16, "ldr r1, [r1]",
	  LD(4), RT(1), AT(R1) },
	/* LDR (literal) T1: Align(PC + 4, 4), PC_THUMB is 2 mod 4 */
	{ 0x4802, T16, "ldr r0, [pc, #8]",
	  LD(4), RT(0), AT(((PC_THUMB + 4) & ~3u) + 8) },
	{ 0x4dff, T16, "ldr r5, [pc, #1020]",
	  LD(4), RT(5), AT(((PC_THUMB + 4) & ~3u) + 1020) },
};

TEST(thumb16)
{
	check_accepts(t16, ARRAY_SIZE(t16));
}

/* a 16-bit instruction ignores whatever follows it */
TEST(thumb16_ignores_high_halfword)
{
	/* ldrsh r7, [r6, r5] */
	struct mmio_access a, b;

	ASSERT_EQ(decode(0x5f77, T16, &a), 0);
	ASSERT_EQ(decode(0xf8d15f77, T16, &b), 0);
	EXPECT_EQ(memcmp(&a, &b, sizeof(a)), 0);
	EXPECT_EQ(b.insn_len, 2);
}

/*
 * Every 16-bit encoding: exactly 01001 (LDR literal, 2048 encodings), 0101
 * (register offset, 4096) and 0110-1001 (immediate and SP-relative,
 * 4 * 4096) are accepted, none with writeback.
 */
TEST(thumb16_exhaustive)
{
	unsigned int hw, accepted = 0;
	struct mmio_access a = { 0 };

	for (hw = 0; hw < 0xe800; hw++) {
		if (decode(hw, T16, &a))
			continue;
		accepted++;
		EXPECT_TRUE((hw >> 11) == 0x09 ||
			    ((hw >> 12) >= 0x5 && (hw >> 12) <= 0x9));
		EXPECT_EQ(a.insn_len, 2);
		EXPECT_FALSE(a.writeback);
		EXPECT_TRUE(a.rt < 8);
	}
	EXPECT_EQ(accepted, 2048 + 4096 + 4 * 4096);
}

static const struct insn_case t32_single[] = {
	/* imm12, positive offset */
	{ 0x0004f8d1, T32, "ldr.w r0, [r1, #4]",
	  LD(4), RT(0), AT(R1 + 4) },
	{ 0x0ffff8d1, T32, "ldr.w r0, [r1, #4095]",
	  LD(4), RT(0), AT(R1 + 4095) },
	{ 0xd004f8d1, T32, "ldr.w sp, [r1, #4]",
	  LD(4), RT(13), AT(R1 + 4) },
	{ 0x0008f8c1, T32, "str.w r0, [r1, #8]",
	  ST(4), RT(0), AT(R1 + 8) },
	{ 0xd000f8c1, T32, "str.w sp, [r1]",
	  ST(4), RT(13), AT(R1) },
	{ 0x0001f881, T32, "strb.w r0, [r1, #1]",
	  ST(1), RT(0), AT(R1 + 1) },
	{ 0x0002f8a1, T32, "strh.w r0, [r1, #2]",
	  ST(2), RT(0), AT(R1 + 2) },
	{ 0x8001f891, T32, "ldrb.w r8, [r1, #1]",
	  LD(1), RT(8), AT(R1 + 1) },
	{ 0x9002f8b1, T32, "ldrh.w r9, [r1, #2]",
	  LD(2), RT(9), AT(R1 + 2) },
	{ 0x0001f991, T32, "ldrsb.w r0, [r1, #1]",
	  LDS(1), RT(0), AT(R1 + 1) },
	{ 0x0002f9b1, T32, "ldrsh.w r0, [r1, #2]",
	  LDS(2), RT(0), AT(R1 + 2) },
	{ 0x0ffff9b1, T32, "ldrsh.w r0, [r1, #4095]",
	  LDS(2), RT(0), AT(R1 + 4095) },
	{ 0x0008f8dd, T32, "ldr.w r0, [sp, #8]",
	  LD(4), RT(0), AT(SP + 8) },
	/* imm8 with P/U/W */
	{ 0x0c04f851, T32, "ldr r0, [r1, #-4]",
	  LD(4), RT(0), AT(R1 - 4) },
	{ 0x0f04f851, T32, "ldr r0, [r1, #4]!",
	  LD(4), RT(0), WB(1, R1 + 4), AT(R1 + 4) },
	{ 0x0dfff851, T32, "ldr r0, [r1, #-255]!",
	  LD(4), RT(0), WB(1, R1 - 255), AT(R1 - 255) },
	{ 0x0b04f851, T32, "ldr r0, [r1], #4",
	  LD(4), RT(0), WB(1, R1 + 4), AT(R1) },
	{ 0x0904f851, T32, "ldr r0, [r1], #-4",
	  LD(4), RT(0), WB(1, R1 - 4), AT(R1) },
	{ 0xdb04f851, T32, "ldr sp, [r1], #4",
	  LD(4), RT(13), WB(1, R1 + 4), AT(R1) },
	{ 0x0d08f841, T32, "str r0, [r1, #-8]!",
	  ST(4), RT(0), WB(1, R1 - 8), AT(R1 - 8) },
	{ 0x0bfff841, T32, "str r0, [r1], #255",
	  ST(4), RT(0), WB(1, R1 + 255), AT(R1) },
	{ 0x0cfff841, T32, "str r0, [r1, #-255]",
	  ST(4), RT(0), AT(R1 - 255) },
	{ 0x0b01f801, T32, "strb r0, [r1], #1",
	  ST(1), RT(0), WB(1, R1 + 1), AT(R1) },
	{ 0x0d01f801, T32, "strb r0, [r1, #-1]!",
	  ST(1), RT(0), WB(1, R1 - 1), AT(R1 - 1) },
	{ 0x0d02f821, T32, "strh r0, [r1, #-2]!",
	  ST(2), RT(0), WB(1, R1 - 2), AT(R1 - 2) },
	{ 0x0902f821, T32, "strh r0, [r1], #-2",
	  ST(2), RT(0), WB(1, R1 - 2), AT(R1) },
	{ 0x8c01f811, T32, "ldrb r8, [r1, #-1]",
	  LD(1), RT(8), AT(R1 - 1) },
	{ 0x8f10f811, T32, "ldrb r8, [r1, #16]!",
	  LD(1), RT(8), WB(1, R1 + 16), AT(R1 + 16) },
	{ 0x9902f831, T32, "ldrh r9, [r1], #-2",
	  LD(2), RT(9), WB(1, R1 - 2), AT(R1) },
	{ 0x9c06f831, T32, "ldrh r9, [r1, #-6]",
	  LD(2), RT(9), AT(R1 - 6) },
	{ 0x0d01f911, T32, "ldrsb r0, [r1, #-1]!",
	  LDS(1), RT(0), WB(1, R1 - 1), AT(R1 - 1) },
	{ 0x0b03f911, T32, "ldrsb r0, [r1], #3",
	  LDS(1), RT(0), WB(1, R1 + 3), AT(R1) },
	{ 0x0b02f931, T32, "ldrsh r0, [r1], #2",
	  LDS(2), RT(0), WB(1, R1 + 2), AT(R1) },
	{ 0x0c02f931, T32, "ldrsh r0, [r1, #-2]",
	  LDS(2), RT(0), AT(R1 - 2) },
	{ 0x0d80f931, T32, "ldrsh r0, [r1, #-128]!",
	  LDS(2), RT(0), WB(1, R1 - 128), AT(R1 - 128) },
	/* PUSH/POP of one register are STR/LDR with writeback */
	{ 0x8d04f84d, T32, "push.w {r8}",
	  ST(4), RT(8), WB(13, SP - 4), AT(SP - 4) },
	{ 0x8b04f85d, T32, "pop.w {r8}",
	  LD(4), RT(8), WB(13, SP + 4), AT(SP) },
	/* register, LSL #0-3 */
	{ 0x0002f851, T32, "ldr.w r0, [r1, r2]",
	  LD(4), RT(0), AT(R1 + R2) },
	{ 0x0032f851, T32, "ldr.w r0, [r1, r2, lsl #3]",
	  LD(4), RT(0), AT(R1 + (R2 << 3)) },
	{ 0xa01cf85b, T32, "ldr.w r10, [r11, r12, lsl #1]",
	  LD(4), RT(10), AT(R11 + (R12 << 1)) },
	{ 0x8012f841, T32, "str.w r8, [r1, r2, lsl #1]",
	  ST(4), RT(8), AT(R1 + (R2 << 1)) },
	{ 0x0002f801, T32, "strb.w r0, [r1, r2]",
	  ST(1), RT(0), AT(R1 + R2) },
	{ 0x0022f821, T32, "strh.w r0, [r1, r2, lsl #2]",
	  ST(2), RT(0), AT(R1 + (R2 << 2)) },
	{ 0x0022f811, T32, "ldrb.w r0, [r1, r2, lsl #2]",
	  LD(1), RT(0), AT(R1 + (R2 << 2)) },
	{ 0x0013f831, T32, "ldrh.w r0, [r1, r3, lsl #1]",
	  LD(2), RT(0), AT(R1 + (R3 << 1)) },
	{ 0x0032f911, T32, "ldrsb.w r0, [r1, r2, lsl #3]",
	  LDS(1), RT(0), AT(R1 + (R2 << 3)) },
	{ 0x0012f931, T32, "ldrsh.w r0, [r1, r2, lsl #1]",
	  LDS(2), RT(0), AT(R1 + (R2 << 1)) },
	/* literal: Align(PC + 4, 4) +/- imm12, never writeback */
	{ 0x0008f8df, T32, "ldr.w r0, [pc, #8]",
	  LD(4), RT(0), AT(((PC_THUMB + 4) & ~3u) + 8) },
	{ 0x0008f85f, T32, "ldr.w r0, [pc, #-8]",
	  LD(4), RT(0), AT(((PC_THUMB + 4) & ~3u) - 8) },
	{ 0xdffff85f, T32, "ldr.w sp, [pc, #-4095]",
	  LD(4), RT(13), AT(((PC_THUMB + 4) & ~3u) - 4095) },
	{ 0x0003f89f, T32, "ldrb.w r0, [pc, #3]",
	  LD(1), RT(0), AT(((PC_THUMB + 4) & ~3u) + 3) },
	{ 0x0002f83f, T32, "ldrh.w r0, [pc, #-2]",
	  LD(2), RT(0), AT(((PC_THUMB + 4) & ~3u) - 2) },
	{ 0x0001f91f, T32, "ldrsb.w r0, [pc, #-1]",
	  LDS(1), RT(0), AT(((PC_THUMB + 4) & ~3u) - 1) },
	{ 0x0006f9bf, T32, "ldrsh.w r0, [pc, #6]",
	  LDS(2), RT(0), AT(((PC_THUMB + 4) & ~3u) + 6) },
	/* unprivileged: offset addressing, no writeback */
	{ 0x0e04f851, T32, "ldrt r0, [r1, #4]",
	  LD(4), RT(0), AT(R1 + 4) },
	{ 0x0e00f841, T32, "strt r0, [r1]",
	  ST(4), RT(0), AT(R1) },
	{ 0x0efff811, T32, "ldrbt r0, [r1, #255]",
	  LD(1), RT(0), AT(R1 + 255) },
	{ 0x0e01f801, T32, "strbt r0, [r1, #1]",
	  ST(1), RT(0), AT(R1 + 1) },
	{ 0x0e02f831, T32, "ldrht r0, [r1, #2]",
	  LD(2), RT(0), AT(R1 + 2) },
	{ 0x0e02f821, T32, "strht r0, [r1, #2]",
	  ST(2), RT(0), AT(R1 + 2) },
	{ 0x0e01f911, T32, "ldrsbt r0, [r1, #1]",
	  LDS(1), RT(0), AT(R1 + 1) },
	{ 0x0e02f931, T32, "ldrsht r0, [r1, #2]",
	  LDS(2), RT(0), AT(R1 + 2) },
};

TEST(thumb32_single)
{
	check_accepts(t32_single, ARRAY_SIZE(t32_single));
}

static const struct insn_case t32_dual[] = {
	{ 0x4500e9d1, T32, "ldrd r4, r5, [r1]",
	  LD(8), RT2(4, 5), AT(R1) },
	{ 0x4502e9d1, T32, "ldrd r4, r5, [r1, #8]",
	  LD(8), RT2(4, 5), AT(R1 + 8) },
	{ 0x4502e951, T32, "ldrd r4, r5, [r1, #-8]",
	  LD(8), RT2(4, 5), AT(R1 - 8) },
	{ 0x4502e971, T32, "ldrd r4, r5, [r1, #-8]!",
	  LD(8), RT2(4, 5), WB(1, R1 - 8), AT(R1 - 8) },
	{ 0x45ffe8f1, T32, "ldrd r4, r5, [r1], #1020",
	  LD(8), RT2(4, 5), WB(1, R1 + 1020), AT(R1) },
	{ 0x0701e9f1, T32, "ldrd r0, r7, [r1, #4]!",
	  LD(8), RT2(0, 7), WB(1, R1 + 4), AT(R1 + 4) },
	{ 0x9201e871, T32, "ldrd r9, r2, [r1], #-4",
	  LD(8), RT2(9, 2), WB(1, R1 - 4), AT(R1) },
	{ 0x45ffe941, T32, "strd r4, r5, [r1, #-1020]",
	  ST(8), RT2(4, 5), AT(R1 - 1020) },
	{ 0x4504e9e1, T32, "strd r4, r5, [r1, #16]!",
	  ST(8), RT2(4, 5), WB(1, R1 + 16), AT(R1 + 16) },
	{ 0x4502e861, T32, "strd r4, r5, [r1], #-8",
	  ST(8), RT2(4, 5), WB(1, R1 - 8), AT(R1) },
	{ 0x0000e9c1, T32, "strd r0, r0, [r1]",
	  ST(8), RT2(0, 0), AT(R1) },
	{ 0x1202e96d, T32, "strd r1, r2, [sp, #-8]!",
	  ST(8), RT2(1, 2), WB(13, SP - 8), AT(SP - 8) },
	{ 0x0102e9df, T32, "ldrd r0, r1, [pc, #8]",
	  LD(8), RT2(0, 1), AT(((PC_THUMB + 4) & ~3u) + 8) },
	{ 0x0102e95f, T32, "ldrd r0, r1, [pc, #-8]",
	  LD(8), RT2(0, 1), AT(((PC_THUMB + 4) & ~3u) - 8) },
};

TEST(thumb32_ldrd_strd)
{
	check_accepts(t32_dual, ARRAY_SIZE(t32_dual));
}

static const struct reject_case t16_reject[] = {
	{ 0xc905, T16, "ldm r1!, {r0, r2}" },
	{ 0xc101, T16, "stmia r1!, {r0}" },
	{ 0xb410, T16, "push {r4}" },
	{ 0xbc10, T16, "pop {r4}" },
	{ 0xbd00, T16, "pop {pc}" },
	{ 0x4408, T16, "add r0, r1" },
	{ 0xa002, T16, "add r0, pc, #8" },
	{ 0xa802, T16, "add r0, sp, #8" },
	{ 0x4608, T16, "mov r0, r1" },
	{ 0xe7fe, T16, "b ." },
	{ 0x4770, T16, "bx lr" },
	{ 0xb100, T16, "cbz r0, .+4" },
	{ 0xbf00, T16, "nop" },
	{ 0xdf00, T16, "svc #0" },
};

TEST(thumb16_rejects_other_instructions)
{
	check_rejects(t16_reject, ARRAY_SIZE(t16_reject));
}

static const struct reject_case t32_reject[] = {
	/* not single loads/stores */
	{ 0x0005e891, T32, "ldmia.w r1, {r0, r2}" },
	{ 0x0030e92d, T32, "stmdb sp!, {r4, r5}" },
	{ 0x0030e92d, T32, "push.w {r4, r5}" },
	{ 0x0030e8bd, T32, "pop.w {r4, r5}" },
	{ 0x0f00e851, T32, "ldrex r0, [r1]" },
	{ 0x0200e841, T32, "strex r2, r0, [r1]" },
	{ 0x0f4fe8d1, T32, "ldrexb r0, [r1]" },
	{ 0x0f52e8c1, T32, "strexh r2, r0, [r1]" },
	{ 0x017fe8d2, T32, "ldrexd r0, r1, [r2]" },
	{ 0xf002e8d1, T32, "tbb [r1, r2]" },
	{ 0xf012e8d1, T32, "tbh [r1, r2, lsl #1]" },
	{ 0xf004f891, T32, "pld [r1, #4]" },
	{ 0xfc04f811, T32, "pld [r1, #-4]" },
	{ 0xf002f811, T32, "pld [r1, r2]" },
	{ 0xf008f89f, T32, "pld [pc, #8]" },
	{ 0xf004f991, T32, "pli [r1, #4]" },
	{ 0xfc04f911, T32, "pli [r1, #-4]" },
	{ 0x0b00ed91, T32, "vldr d0, [r1]" },
	{ 0x0b02ed81, T32, "vstr d0, [r1, #8]" },
	{ 0x000ff9a1, T32, "vld1.8 {d0[0]}, [r1]" },
	{ 0x078ff901, T32, "vst1.32 {d0}, [r1]" },
	{ 0x5e01ed91, T32, "ldc p14, c5, [r1, #4]" },
	{ 0x0001ea4f, T32, "mov.w r0, r1" },
	{ 0xfffef7ff, T32, "bl ." },
	{ 0x0f10ee11, T32, "mrc p15, 0, r0, c1, c0, 0" },
	{ 0x0002eb01, T32, "add.w r0, r1, r2" },
	/* PC as Rt, refused by choice */
	{ 0xf004f8d1, T32, "ldr.w pc, [r1, #4]" },
	{ 0xfb04f85d, T32, "ldr pc, [sp], #4" },
	{ 0xf002f851, T32, "ldr.w pc, [r1, r2]" },
	{ 0xf008f8df, T32, "ldr.w pc, [pc, #8]" },
	/* UNPREDICTABLE: writeback into a transfer register */
	{ 0x0102e9f0, T32, "ldrd r0, r1, [r0, #8]!" },
	{ 0x0102e8f1, T32, "ldrd r0, r1, [r1], #8" },
	{ 0x0102e961, T32, "strd r0, r1, [r1, #-8]!" },
};

TEST(thumb32_rejects_other_instructions)
{
	check_rejects(t32_reject, ARRAY_SIZE(t32_reject));
}

static const struct reject_case t32_unpred[] = {
	/* SP as byte Rt; objdump: "ldrb.w sp, [r1]" */
	{ 0xd000f891, T32, "ldrb.w sp, [r1]" },
	/* SP as halfword Rt; objdump: "ldrh.w sp, [r1, #2]" */
	{ 0xd002f8b1, T32, "ldrh.w sp, [r1, #2]" },
	/* SP as halfword Rt; objdump: "strh.w sp, [r1, r2]" */
	{ 0xd002f821, T32, "strh.w sp, [r1, r2]" },
	/* SP as Rt of LDRT; objdump: "ldrt sp, [r1, #4]" */
	{ 0xde04f851, T32, "ldrt sp, [r1, #4]" },
	/* Rm = SP; objdump: "ldr.w r0, [r1, sp]" */
	{ 0x000df851, T32, "ldr.w r0, [r1, sp]" },
	/* Rm = PC; objdump: "ldr.w r0, [r1, pc]" */
	{ 0x000ff851, T32, "ldr.w r0, [r1, pc]" },
	/* not a register form; objdump: "ldr.w r0, [r1, r2]" */
	{ 0x0042f851, T32, "ldr.w r0, [r1, r2] with hw2[11:6] = 000001" },
	/* P = W = 0 is UNDEFINED; objdump: "ldr.w r0, [r1, <undefined>]" */
	{ 0x0a04f851, T32, "ldr r0, [r1], #4 with W = 0" },
	/* writeback to Rt; objdump: "ldr.w r1, [r1, #-4]!" */
	{ 0x1d04f851, T32, "ldr r1, [r1, #-4]!" },
	/* writeback to Rt; objdump: "ldr.w r1, [r1], #4" */
	{ 0x1b04f851, T32, "ldr r1, [r1], #4" },
	/* writeback to Rt; objdump: "strb.w r1, [r1], #1" */
	{ 0x1b01f801, T32, "strb r1, [r1], #1" },
	/*
	 * store with Rn = PC is UNDEFINED;
	 * objdump: "str.w r0, [pc, #8] @ 0xc"
	 */
	{ 0x0008f8cf, T32, "str.w r0, [pc, #8]" },
	/*
	 * strb r0, [r1], #1 with Rn = PC: stores with Rn = PC are UNDEFINED;
	 * objdump: "strb.w r0, [pc, #-2817] @ 0xfffff503"
	 */
	{ 0x0b01f80f, T32, "strb r0, [r1], #1 with Rn = pc" },
	/* STRD with Rn = PC; objdump: "strd r0, r1, [pc, #8] @ 0xc" */
	{ 0x0102e9cf, T32, "strd r0, r1, [pc, #8]" },
	/* LDRD with Rt = Rt2; objdump: "ldrd r0, r0, [r1]" */
	{ 0x0000e9d1, T32, "ldrd r0, r0, [r1]" },
	/* SP in LDRD; objdump: "ldrd r0, sp, [r1]" */
	{ 0x0d00e9d1, T32, "ldrd r0, sp, [r1]" },
	/* SP in LDRD; objdump: "ldrd sp, r1, [r1]" */
	{ 0xd100e9d1, T32, "ldrd sp, r1, [r1]" },
	/* PC in LDRD; objdump: "ldrd r0, pc, [r1]" */
	{ 0x0f00e9d1, T32, "ldrd r0, pc, [r1]" },
	/* SP in STRD; objdump: "strd r0, sp, [r1]" */
	{ 0x0d00e9c1, T32, "strd r0, sp, [r1]" },
	/* writeback to the PC; objdump: "ldrd r0, r1, [pc, #8]! @ 0xc" */
	{ 0x0102e9ff, T32, "ldrd r0, r1, [pc, #8]!" },
	/* UNDEFINED; objdump: "ldr??.w r0, [r1, r4]" */
	{ 0x0004f871, T32, "ldr.w r0, [r1, #4] with size = 11" },
	/* no sign-extending word load; objdump: "ldr??.w r0, [r1, r4]" */
	{ 0x0004f951, T32, "ldrsb.w r0, [r1, #4] with size = 10" },
};

TEST(thumb32_rejects_unpredictable)
{
	check_rejects(t32_unpred, ARRAY_SIZE(t32_unpred));
}

/* ------------------------------------------------------------------ */
/* Properties over many encodings */

static uint32_t lcg(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s;
}

/* whatever is accepted obeys the rules every accepted form shares */
static void check_invariants(uint32_t insn, enum isa isa)
{
	struct mmio_access a = { 0 };

	if (decode(insn, isa, &a))
		return;
	EXPECT_TRUE(a.size == 1 || a.size == 2 || a.size == 4 ||
		    a.size == 8);
	EXPECT_NE(a.rt, 15);
	EXPECT_NE(a.rt2, 15);
	if (a.size != 8)
		EXPECT_EQ(a.rt2, a.rt);
	if (a.sign_extend)
		EXPECT_TRUE(!a.write && a.size <= 2);
	if (a.writeback) {
		EXPECT_NE(a.rn, 15);
		EXPECT_NE(a.rn, a.rt);
		EXPECT_NE(a.rn, a.rt2);
	}
	if (isa == ARM)
		EXPECT_EQ(a.insn_len, 4);
	else
		EXPECT_EQ(a.insn_len, (insn & 0xf800) >= 0xe800 ? 4 : 2);
	if (unit_check_failures)
		printf("    in 0x%08x (%s)\n", insn,
		       isa == ARM ? "ARM" : "Thumb");
}

TEST(random_encodings_keep_invariants)
{
	uint32_t seed = 1, insn;
	int i;

	for (i = 0; i < (1 << 18) && !unit_check_failures; i++) {
		insn = lcg(&seed);
		check_invariants(insn, ARM);
		/* bias towards the ARM load/store spaces */
		check_invariants((insn & 0xf1ffffff) | 0x04000000, ARM);
		check_invariants((insn & 0xf1ffff6f) | 0x00000090, ARM);
		check_invariants(insn, T32);
		/* and the Thumb-2 load/store spaces */
		check_invariants((insn & 0xffff01ff) | 0xf800, T32);
		check_invariants((insn & 0xffff01ff) | 0xe800, T32);
	}
}

/* ------------------------------------------------------------------ */
/* HSR, B3.13.6 */

#define EC_DABT_LOW	0x24
#define DFSC_TRANS_L3	0x07	/* translation fault, level 3 */

static uint32_t dabt_hsr(unsigned int ec, bool il, bool isv,
			 unsigned int sas, bool sse, unsigned int srt,
			 bool wnr)
{
	return (uint32_t)ec << 26 | (uint32_t)il << 25 | (uint32_t)isv << 24 |
	       sas << 22 | (uint32_t)sse << 21 | srt << 16 |
	       (uint32_t)wnr << 6 | DFSC_TRANS_L3;
}

TEST(hsr_word_load)
{
	struct mmio_access a = { 0 };

	/* a word load into r1 from a 32-bit instruction, level 3 fault */
	ASSERT_EQ(mmio_decode_hsr(0x93810007, &a), 0);
	EXPECT_EQ(a.size, 4);
	EXPECT_FALSE(a.write);
	EXPECT_FALSE(a.sign_extend);
	EXPECT_EQ(a.rt, 1);
	EXPECT_EQ(a.rt2, 1);
	EXPECT_FALSE(a.writeback);
	EXPECT_EQ(a.insn_len, 4);
	EXPECT_EQ(dabt_hsr(EC_DABT_LOW, true, true, 2, false, 1, false),
		  0x93810007);
}

TEST(hsr_sizes_and_sign)
{
	struct mmio_access a = { 0 };

	ASSERT_EQ(mmio_decode_hsr(dabt_hsr(EC_DABT_LOW, true, true, 0, false,
					   3, false), &a), 0);
	EXPECT_EQ(a.size, 1);
	EXPECT_FALSE(a.sign_extend);
	EXPECT_EQ(a.rt, 3);

	ASSERT_EQ(mmio_decode_hsr(dabt_hsr(EC_DABT_LOW, true, true, 0, true,
					   4, false), &a), 0);
	EXPECT_EQ(a.size, 1);
	EXPECT_TRUE(a.sign_extend);

	ASSERT_EQ(mmio_decode_hsr(dabt_hsr(EC_DABT_LOW, true, true, 1, false,
					   5, false), &a), 0);
	EXPECT_EQ(a.size, 2);
	EXPECT_FALSE(a.sign_extend);

	ASSERT_EQ(mmio_decode_hsr(dabt_hsr(EC_DABT_LOW, true, true, 1, true,
					   5, false), &a), 0);
	EXPECT_EQ(a.size, 2);
	EXPECT_TRUE(a.sign_extend);
	EXPECT_FALSE(a.write);
	EXPECT_EQ(a.rt, 5);
}

TEST(hsr_store)
{
	struct mmio_access a = { 0 };

	ASSERT_EQ(mmio_decode_hsr(dabt_hsr(EC_DABT_LOW, true, true, 2, false,
					   12, true), &a), 0);
	EXPECT_EQ(a.size, 4);
	EXPECT_TRUE(a.write);
	EXPECT_EQ(a.rt, 12);

	/* SSE means nothing for a store or a word */
	ASSERT_EQ(mmio_decode_hsr(dabt_hsr(EC_DABT_LOW, true, true, 0, true,
					   2, true), &a), 0);
	EXPECT_TRUE(a.write);
	EXPECT_FALSE(a.sign_extend);
	ASSERT_EQ(mmio_decode_hsr(dabt_hsr(EC_DABT_LOW, true, true, 2, true,
					   2, false), &a), 0);
	EXPECT_FALSE(a.sign_extend);
}

TEST(hsr_instruction_length)
{
	struct mmio_access a = { 0 };

	/* IL = 0: a 16-bit Thumb instruction */
	ASSERT_EQ(mmio_decode_hsr(dabt_hsr(EC_DABT_LOW, false, true, 1, false,
					   0, true), &a), 0);
	EXPECT_EQ(a.insn_len, 2);
	ASSERT_EQ(mmio_decode_hsr(dabt_hsr(EC_DABT_LOW, true, true, 1, false,
					   0, true), &a), 0);
	EXPECT_EQ(a.insn_len, 4);
}

TEST(hsr_every_register)
{
	struct mmio_access a = { 0 };
	unsigned int srt;

	for (srt = 0; srt < 15; srt++) {
		ASSERT_EQ(mmio_decode_hsr(dabt_hsr(EC_DABT_LOW, true, true, 2,
						   false, srt, srt & 1), &a),
			  0);
		EXPECT_EQ(a.rt, srt);
		EXPECT_EQ(a.rt2, srt);
		EXPECT_EQ(a.write, srt & 1);
	}
	/* a load into the PC is a branch, not a device access */
	EXPECT_EQ(mmio_decode_hsr(dabt_hsr(EC_DABT_LOW, true, true, 2, false,
					   15, false), &a), -EINVAL);
}

TEST(hsr_rejects)
{
	struct mmio_access a, orig;
	uint32_t good = dabt_hsr(EC_DABT_LOW, true, true, 2, false, 1, false);

	memset(&a, 0x5a, sizeof(a));
	orig = a;
	/* ISV = 0: the syndrome says nothing, decode the instruction */
	EXPECT_EQ(mmio_decode_hsr(good & ~(1u << 24), &a), -EINVAL);
	/* data abort from Hyp mode itself, prefetch abort, unknown */
	EXPECT_EQ(mmio_decode_hsr((good & 0x03ffffff) | 0x25u << 26, &a),
		  -EINVAL);
	EXPECT_EQ(mmio_decode_hsr((good & 0x03ffffff) | 0x20u << 26, &a),
		  -EINVAL);
	EXPECT_EQ(mmio_decode_hsr(good & 0x03ffffff, &a), -EINVAL);
	/* SAS = 11 is reserved */
	EXPECT_EQ(mmio_decode_hsr(good | 3u << 22, &a), -EINVAL);
	/* CM = 1: cache maintenance, no data */
	EXPECT_EQ(mmio_decode_hsr(good | 1u << 8 | 1u << 6, &a), -EINVAL);
	EXPECT_EQ(memcmp(&a, &orig, sizeof(a)), 0);
	EXPECT_EQ(mmio_decode_hsr(good, &a), 0);
}

/*
 * Where an instruction also has a valid syndrome (no writeback, not a
 * pair), the two decoders agree. The HSR is built from the expected
 * results, as hardware would report the instruction.
 */
static void check_hsr_agrees(const struct insn_case *c, size_t n)
{
	struct mmio_access from_insn, from_hsr = { 0 };
	size_t i;

	for (i = 0; i < n; i++, c++) {
		int before = unit_check_failures;
		unsigned int sas = c->size == 1 ? 0 : c->size == 2 ? 1 : 2;

		if (c->writeback || c->size == 8)
			continue;
		ASSERT_EQ(decode(c->insn, c->isa, &from_insn), 0);
		ASSERT_EQ(mmio_decode_hsr(dabt_hsr(EC_DABT_LOW, c->isa != T16,
						   true, sas, c->sign_extend,
						   c->rt, c->write),
					  &from_hsr), 0);
		EXPECT_EQ(from_hsr.size, from_insn.size);
		EXPECT_EQ(from_hsr.write, from_insn.write);
		EXPECT_EQ(from_hsr.sign_extend, from_insn.sign_extend);
		EXPECT_EQ(from_hsr.rt, from_insn.rt);
		EXPECT_EQ(from_hsr.insn_len, from_insn.insn_len);
		if (unit_check_failures != before)
			printf("    in case \"%s\"\n", c->text);
	}
}

TEST(hsr_agrees_with_insn)
{
	check_hsr_agrees(arm_word_byte, ARRAY_SIZE(arm_word_byte));
	check_hsr_agrees(arm_extra, ARRAY_SIZE(arm_extra));
	check_hsr_agrees(t16, ARRAY_SIZE(t16));
	check_hsr_agrees(t32_single, ARRAY_SIZE(t32_single));
}

/* ------------------------------------------------------------------ */
/* Value helpers */

TEST(load_value_extends)
{
	struct mmio_access a = { .size = 1 };

	EXPECT_EQ(mmio_load_value(&a, 0x1234567890abcdefull), 0xef);
	EXPECT_EQ(mmio_load_value(&a, 0x7f), 0x7f);
	a.sign_extend = true;
	EXPECT_EQ(mmio_load_value(&a, 0x1234567890abcdefull), 0xffffffef);
	EXPECT_EQ(mmio_load_value(&a, 0x7f), 0x7f);
	EXPECT_EQ(mmio_load_value(&a, 0x80), 0xffffff80);

	a = (struct mmio_access){ .size = 2 };
	EXPECT_EQ(mmio_load_value(&a, 0x1234567890abcdefull), 0xcdef);
	a.sign_extend = true;
	EXPECT_EQ(mmio_load_value(&a, 0x1234567890abcdefull), 0xffffcdef);
	EXPECT_EQ(mmio_load_value(&a, 0x7fff), 0x7fff);
	EXPECT_EQ(mmio_load_value(&a, 0x8000), 0xffff8000);

	a = (struct mmio_access){ .size = 4 };
	EXPECT_EQ(mmio_load_value(&a, 0x1234567890abcdefull), 0x90abcdef);
	EXPECT_EQ(mmio_load_value2(&a, 0x1234567890abcdefull), 0);
}

TEST(load_value_pair)
{
	struct mmio_access a = { 0 };

	/* ldrd r4, r5, [r1] */
	ASSERT_EQ(decode(0xe1c140d0, ARM, &a), 0);
	EXPECT_EQ(mmio_load_value(&a, 0x1234567890abcdefull), 0x90abcdef);
	EXPECT_EQ(mmio_load_value2(&a, 0x1234567890abcdefull), 0x12345678);
}

TEST(store_value)
{
	uint32_t regs[16] = { 0 };
	struct mmio_access a = { 0 };

	regs[0] = 0x89abcdef;
	regs[4] = 0x11223344;
	regs[5] = 0x55667788;
	/* strb r0, [r1, #1] */
	ASSERT_EQ(decode(0xe5c10001, ARM, &a), 0);
	EXPECT_EQ(mmio_store_value(&a, regs), 0xef);
	/* strh r0, [r1, #6] */
	ASSERT_EQ(decode(0xe1c100b6, ARM, &a), 0);
	EXPECT_EQ(mmio_store_value(&a, regs), 0xcdef);
	/* str r0, [r1] */
	ASSERT_EQ(decode(0xe5810000, ARM, &a), 0);
	EXPECT_EQ(mmio_store_value(&a, regs), 0x89abcdef);
	/* strd r4, r5, [r1, r2] */
	ASSERT_EQ(decode(0xe18140f2, ARM, &a), 0);
	EXPECT_EQ(mmio_store_value(&a, regs), 0x5566778811223344ull);
	/* strd r0, r0, [r1] */
	ASSERT_EQ(decode(0x0000e9c1, T32, &a), 0);
	EXPECT_EQ(mmio_store_value(&a, regs), 0x89abcdef89abcdefull);
}

UNIT_MAIN();
