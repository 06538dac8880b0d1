// SPDX-License-Identifier: BSD-2-Clause
/*
 * Decoding a trapped guest load/store into an MMIO access.
 *
 * Every instruction form is first reduced to a struct ldst (size, registers,
 * base, offset and the P/U/W indexing bits), and one function then applies
 * the rules that all the forms share (no PC as Rt, no writeback into the
 * PC or into a transfer register) and computes the addresses. Rules
 * particular to one encoding are checked where that encoding is decoded,
 * following the "Encoding specific operations" of each instruction in the
 * ARM ARM (DDI 0406C) chapter A8.
 */
#include "mmio_decode.h"

#define REG_SP			13
#define REG_PC			15

/* One load/store reduced to its operands, in A8.8 pseudocode terms. */
struct ldst {
	unsigned int size;	/* 1, 2, 4 or 8 */
	bool load;
	bool sign_extend;
	unsigned int t, t2, n;
	uint32_t offset;	/* unsigned; add says which way */
	bool index;		/* P: access at the offset address */
	bool add;		/* U */
	bool wback;
};

/* bits [hi:lo] of v */
static inline uint32_t field(uint32_t v, unsigned int hi, unsigned int lo)
{
	return (v >> lo) & (0xffffffffu >> (31 - (hi - lo)));
}

static inline bool bit(uint32_t v, unsigned int n)
{
	return (v >> n) & 1;
}

/* Shift(R[m], DecodeImmShift(type, imm5)), A8.4.3; RRX is refused. */
static int imm_shift(uint32_t v, unsigned int type, unsigned int imm5,
		     uint32_t *res)
{
	uint32_t sign;

	switch (type) {
	case 0:		/* LSL #0-31 */
		*res = v << imm5;
		return 0;
	case 1:		/* LSR #1-32, imm5 = 0 meaning 32 */
		*res = imm5 ? v >> imm5 : 0;
		return 0;
	case 2:		/* ASR #1-32, imm5 = 0 meaning 32 */
		sign = (v & 0x80000000u) ? 0xffffffffu : 0;
		*res = imm5 ? (v >> imm5) | (sign << (32 - imm5)) : sign;
		return 0;
	default:	/* ROR #1-31; imm5 = 0 is RRX, which needs CPSR.C */
		if (!imm5)
			return -EINVAL;
		*res = (v >> imm5) | (v << (32 - imm5));
		return 0;
	}
}

/*
 * A5.3 "Load/store word and unsigned byte": cond 01 A P U B W L Rn Rt,
 * then imm12 (A = 0) or imm5 type 0 Rm (A = 1). P = 0 with W = 1 selects
 * the unprivileged LDRT/STRT/LDRBT/STRBT forms, which are post-indexed
 * like P = 0 with W = 0.
 */
static int decode_arm_word_byte(uint32_t insn, const uint32_t regs[16],
				struct ldst *d)
{
	unsigned int m = field(insn, 3, 0);

	d->size = bit(insn, 22) ? 1 : 4;
	if (!bit(insn, 25)) {
		d->offset = field(insn, 11, 0);
		return 0;
	}
	/* A = 1 with bit 4 set is the media instruction space, A5.4 */
	if (bit(insn, 4))
		return -EINVAL;
	/* LDR/STR(B) (register): "if m == 15 then UNPREDICTABLE" */
	if (m == REG_PC)
		return -EINVAL;
	return imm_shift(regs[m], field(insn, 6, 5), field(insn, 11, 7),
			 &d->offset);
}

/*
 * A5.2.8 "Extra load/store instructions": cond 000 P U I W L Rn Rt
 * imm4H/(0000) 1 op2 1 imm4L/Rm, op2 != 00. I (bit 22) picks an 8-bit
 * immediate split in two nibbles or a plain register offset.
 */
static int decode_arm_extra(uint32_t insn, const uint32_t regs[16],
			    struct ldst *d)
{
	unsigned int op2 = field(insn, 6, 5);
	unsigned int m = field(insn, 3, 0);
	bool p = bit(insn, 24), w = bit(insn, 21);

	/* op2 = 00 is multiply, SWP and LDREX/STREX (A5.2.5, A5.2.10) */
	if (op2 == 0)
		return -EINVAL;
	if (bit(insn, 22)) {
		d->offset = (field(insn, 11, 8) << 4) | m;
	} else {
		/* register forms: bits [11:8] are (0), m == 15 UNPREDICTABLE */
		if (field(insn, 11, 8) || m == REG_PC)
			return -EINVAL;
		d->offset = regs[m];
	}

	if (op2 == 1) {				/* STRH, LDRH(T) */
		d->size = 2;
	} else if (d->load) {			/* LDRSB(T), LDRSH(T) */
		d->size = op2 == 2 ? 1 : 2;
		d->sign_extend = true;
	} else {				/* LDRD (op2 = 10), STRD (11) */
		d->size = 8;
		d->load = op2 == 2;
		/*
		 * LDRD and STRD (immediate, literal, register), A8.8: Rt must
		 * be even, there is no unprivileged form, and a loaded pair
		 * must not overlap the offset register.
		 */
		if ((d->t & 1) || (!p && w))
			return -EINVAL;
		d->t2 = d->t + 1;
		if (!bit(insn, 22) && d->load && (m == d->t || m == d->t2))
			return -EINVAL;
	}
	return 0;
}

static int decode_arm(uint32_t insn, const uint32_t regs[16], struct ldst *d)
{
	bool p = bit(insn, 24), w = bit(insn, 21);

	/* cond = 1111 is the unconditional space: PLD, PLI, SRS, RFE, ... */
	if (field(insn, 31, 28) == 0xf)
		return -EINVAL;

	d->load = bit(insn, 20);
	d->t = field(insn, 15, 12);
	d->t2 = d->t;
	d->n = field(insn, 19, 16);
	d->index = p;
	d->add = bit(insn, 23);
	/* post-indexed (P = 0) always writes the base back */
	d->wback = !p || w;

	/* A5.1: op1 = bits [27:25] */
	switch (field(insn, 27, 25)) {
	case 2:
	case 3:
		return decode_arm_word_byte(insn, regs, d);
	case 0:
		/* A5.2: the extra load/stores are the op2 = 1xx1 encodings */
		if (!bit(insn, 7) || !bit(insn, 4))
			return -EINVAL;
		return decode_arm_extra(insn, regs, d);
	default:	/* LDM/STM, branches, coprocessor (VLDR, LDC) */
		return -EINVAL;
	}
}

/* A6.2.4 "Load/store single data item", plus LDR (literal) T1 */
static int decode_t16(uint32_t hw, const uint32_t regs[16], struct ldst *d)
{
	/* register offset forms, by opB = bits [11:9]: the A8.8 T1 encodings */
	static const struct {
		uint8_t size;
		bool load, sign_extend;
	} reg_ops[8] = {
		{ 4, false, false },	/* STR */
		{ 2, false, false },	/* STRH */
		{ 1, false, false },	/* STRB */
		{ 1, true, true },	/* LDRSB */
		{ 4, true, false },	/* LDR */
		{ 2, true, false },	/* LDRH */
		{ 1, true, false },	/* LDRB */
		{ 2, true, true },	/* LDRSH */
	};
	unsigned int op_b = field(hw, 11, 9);
	unsigned int imm5 = field(hw, 10, 6);

	/* all 16-bit forms are offset addressing with an added offset */
	d->index = true;
	d->add = true;
	d->wback = false;
	d->load = bit(hw, 11);
	d->t = field(hw, 2, 0);
	d->n = field(hw, 5, 3);

	/* LDR (literal) T1: 01001 Rt imm8, A6.2 */
	if (field(hw, 15, 11) == 0x09) {
		d->size = 4;
		d->load = true;
		d->t = field(hw, 10, 8);
		d->n = REG_PC;
		d->offset = field(hw, 7, 0) << 2;
		goto out;
	}

	switch (field(hw, 15, 12)) {	/* opA */
	case 0x5:			/* 0101: register offset */
		d->size = reg_ops[op_b].size;
		d->load = reg_ops[op_b].load;
		d->sign_extend = reg_ops[op_b].sign_extend;
		d->offset = regs[field(hw, 8, 6)];
		break;
	case 0x6:			/* 0110: STR/LDR imm5 * 4 */
		d->size = 4;
		d->offset = imm5 << 2;
		break;
	case 0x7:			/* 0111: STRB/LDRB imm5 */
		d->size = 1;
		d->offset = imm5;
		break;
	case 0x8:			/* 1000: STRH/LDRH imm5 * 2 */
		d->size = 2;
		d->offset = imm5 << 1;
		break;
	case 0x9:			/* 1001: STR/LDR [SP, #imm8 * 4] */
		d->size = 4;
		d->t = field(hw, 10, 8);
		d->n = REG_SP;
		d->offset = field(hw, 7, 0) << 2;
		break;
	default:
		return -EINVAL;
	}
out:
	d->t2 = d->t;
	return 0;
}

/*
 * A6.3.6 "Load/store dual, load/store exclusive, table branch", the
 * LDRD/STRD (immediate/literal) T1 part: 1110100 P U 1 W L Rn, Rt Rt2 imm8.
 * P = 0 with W = 0 is the exclusives and TBB/TBH.
 */
static int decode_t32_dual(uint32_t hw1, uint32_t hw2, struct ldst *d)
{
	bool p = bit(hw1, 8), w = bit(hw1, 5);

	if (!p && !w)
		return -EINVAL;
	d->size = 8;
	d->load = bit(hw1, 4);
	d->n = field(hw1, 3, 0);
	d->t = field(hw2, 15, 12);
	d->t2 = field(hw2, 11, 8);
	d->offset = field(hw2, 7, 0) << 2;
	d->index = p;
	d->add = bit(hw1, 7);
	d->wback = w;

	/* LDRD (immediate, literal) and STRD (immediate) T1, A8.8 */
	if (d->t == REG_SP || d->t == REG_PC ||
	    d->t2 == REG_SP || d->t2 == REG_PC)
		return -EINVAL;
	if (d->load && d->t == d->t2)
		return -EINVAL;
	/* STRD has no literal form */
	if (!d->load && d->n == REG_PC)
		return -EINVAL;
	return 0;
}

/*
 * A6.3.7-A6.3.10, single loads and stores: 1111100 S Y size L Rn, Rt ...
 * with S the sign-extend bit, Y (bit 7) selecting the imm12 form (or for
 * Rn = PC the U bit of a literal load), size 00/01/10 for byte/half/word.
 * Otherwise hw2 bit 11 set is the imm8 form "1 P U W imm8" and clear is the
 * register form "000000 imm2 Rm".
 */
static int decode_t32_single(uint32_t hw1, uint32_t hw2,
			     const uint32_t regs[16], struct ldst *d)
{
	bool s = bit(hw1, 8), y = bit(hw1, 7);
	unsigned int size = field(hw1, 6, 5);
	unsigned int m = field(hw2, 3, 0);
	bool p, w, unpriv = false;

	if (size == 3)
		return -EINVAL;			/* UNDEFINED */
	d->load = bit(hw1, 4);
	/* S with L = 0 is the Advanced SIMD element load/stores, A7.7 */
	if (s && (!d->load || size == 2))
		return -EINVAL;
	d->size = 1u << size;
	d->sign_extend = s;
	d->n = field(hw1, 3, 0);
	d->t = field(hw2, 15, 12);
	d->t2 = d->t;
	d->index = true;
	d->add = true;
	d->wback = false;

	if (d->n == REG_PC) {
		/* stores: "if Rn == '1111' then UNDEFINED"; loads: literal */
		if (!d->load)
			return -EINVAL;
		d->add = y;
		d->offset = field(hw2, 11, 0);
	} else if (y) {
		d->offset = field(hw2, 11, 0);
	} else if (bit(hw2, 11)) {
		p = bit(hw2, 10);
		w = bit(hw2, 8);
		if (!p && !w)
			return -EINVAL;		/* UNDEFINED */
		d->index = p;
		d->add = bit(hw2, 9);
		d->wback = w;
		/* P U W = 1 1 0 is LDRT, STRT and friends */
		unpriv = p && d->add && !w;
		d->offset = field(hw2, 7, 0);
	} else {
		/* register: "if m IN {13,15} then UNPREDICTABLE" */
		if (field(hw2, 11, 6) || m == REG_SP || m == REG_PC)
			return -EINVAL;
		d->offset = regs[m] << field(hw2, 5, 4);
	}

	/* "t IN {13,15}" for byte, halfword and unprivileged forms */
	if (d->t == REG_SP && (d->size != 4 || unpriv))
		return -EINVAL;
	return 0;
}

static int decode_t32(uint32_t insn, const uint32_t regs[16], struct ldst *d)
{
	uint32_t hw1 = insn & 0xffff, hw2 = insn >> 16;

	/* A6.3: op1 = 01, op2 = 00xx1xx */
	if ((hw1 & 0xfe40) == 0xe840)
		return decode_t32_dual(hw1, hw2, d);
	/* A6.3: op1 = 11, op2 = 00xxxxx */
	if ((hw1 & 0xfe00) == 0xf800)
		return decode_t32_single(hw1, hw2, regs, d);
	return -EINVAL;
}

/*
 * The rules every form shares, then the addresses. Align(PC, 4) is only
 * needed in Thumb state: ARM instructions are word aligned already.
 */
static int finish(const struct ldst *d, bool thumb, unsigned int len,
		  const uint32_t regs[16], struct mmio_access *out)
{
	uint32_t base, offset_addr;

	if (d->t == REG_PC || d->t2 == REG_PC)
		return -EINVAL;
	if (d->wback && (d->n == REG_PC || d->n == d->t || d->n == d->t2))
		return -EINVAL;

	if (d->n == REG_PC)
		base = thumb ? (regs[REG_PC] + 4) & ~3u : regs[REG_PC] + 8;
	else
		base = regs[d->n];
	offset_addr = d->add ? base + d->offset : base - d->offset;

	memset(out, 0, sizeof(*out));
	out->size = d->size;
	out->write = !d->load;
	out->sign_extend = d->sign_extend;
	out->rt = d->t;
	out->rt2 = d->t2;
	out->writeback = d->wback;
	if (d->wback) {
		out->rn = d->n;
		out->rn_value = offset_addr;
	}
	out->insn_len = len;
	out->addr = d->index ? offset_addr : base;
	return 0;
}

int mmio_decode_insn(uint32_t insn, bool thumb, const uint32_t regs[16],
		     struct mmio_access *out)
{
	struct ldst d;
	unsigned int len = 4;
	int ret;

	memset(&d, 0, sizeof(d));
	if (!thumb) {
		ret = decode_arm(insn, regs, &d);
	} else if ((insn & 0xf800) >= 0xe800) {
		/* hw1[15:11] = 11101, 11110 or 11111: 32-bit, A6.1 */
		ret = decode_t32(insn, regs, &d);
	} else {
		len = 2;
		ret = decode_t16(insn & 0xffff, regs, &d);
	}
	if (ret)
		return ret;
	return finish(&d, thumb, len, regs, out);
}

uint64_t mmio_store_value(const struct mmio_access *a,
			  const uint32_t regs[16])
{
	uint32_t v = regs[a->rt & 0xf];

	switch (a->size) {
	case 1:
		return v & 0xff;
	case 2:
		return v & 0xffff;
	case 8:
		return v | ((uint64_t)regs[a->rt2 & 0xf] << 32);
	default:
		return v;
	}
}
