/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Loads and stores of every width and addressing form against testdev's
 * 256-byte scratch area (each access is trapped and emulated by the VMM).
 * Built twice: mmio_arm (-marm) and mmio_thumb (-mthumb, adds the 16-bit
 * encodings). Writeback forms and LDRD/STRD come with no valid syndrome
 * on real hardware, so the VMM has to decode them itself.
 *
 * Every sub-test first runs against a RAM buffer: a failure there is a
 * bug in this test, not in the VMM.
 */
#include "guest.h"

#ifdef __thumb__
#define MODE "thumb"
#else
#define MODE "arm"
#endif

static uint8_t ram_scratch[TESTDEV_SCRATCH_SIZE] __attribute__((aligned(8)));

static int quiet;		/* the RAM pass prints failures only */
static const char *target;	/* "RAM" or "testdev" */
static unsigned sub_failures;	/* checks failed in the current sub-test */

static void expect(const char *what, uint32_t got, uint32_t want)
{
	if (got == want)
		return;
	printf("    %s %s: got 0x%08x, want 0x%08x\n", target, what, got,
	       want);
	sub_failures++;
}

/*
 * The reference accesses: plain LDR/STR/LDRB/STRB/LDRH/STRH with no
 * offset, the forms with the simplest decode. Each sub-test writes with
 * one form and reads back with another.
 */
static inline void w32(uint32_t a, uint32_t v)
{
	__asm__ volatile("str %1, [%0]" :: "r"(a), "r"(v) : "memory");
}

static inline uint32_t r32(uint32_t a)
{
	uint32_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

/*
 * One access with the instruction text given; the operands are named
 * %[v] (value), %[b] (base), %[i] (index), %[lo]/%[hi] (LDRD/STRD pair).
 * Writeback forms update the base variable in place.
 */
#define LD(insn, base_) ({						\
	uint32_t v_;							\
	__asm__ volatile(insn : [v] "=&r"(v_) : [b] "r"(base_) : "memory"); \
	v_;								\
})
#define LDX(insn, base_, idx_) ({					\
	uint32_t v_;							\
	__asm__ volatile(insn : [v] "=&r"(v_)				\
			 : [b] "r"(base_), [i] "r"(idx_) : "memory");	\
	v_;								\
})
#define ST(insn, base_, val_)						\
	__asm__ volatile(insn :: [b] "r"(base_), [v] "r"(val_) : "memory")
#define STX(insn, base_, idx_, val_)					\
	__asm__ volatile(insn :: [b] "r"(base_), [i] "r"(idx_),		\
			 [v] "r"(val_) : "memory")
#define LDW(insn, ptr_) ({						\
	uint32_t v_;							\
	__asm__ volatile(insn : [v] "=&r"(v_), [b] "+&r"(ptr_) :: "memory"); \
	v_;								\
})
#define LDWX(insn, ptr_, idx_) ({					\
	uint32_t v_;							\
	__asm__ volatile(insn : [v] "=&r"(v_), [b] "+&r"(ptr_)		\
			 : [i] "r"(idx_) : "memory");			\
	v_;								\
})
#define STW(insn, ptr_, val_)						\
	__asm__ volatile(insn : [b] "+&r"(ptr_) : [v] "r"(val_) : "memory")
#define STWX(insn, ptr_, idx_, val_)					\
	__asm__ volatile(insn : [b] "+&r"(ptr_)				\
			 : [i] "r"(idx_), [v] "r"(val_) : "memory")
/* LDRD/STRD on the pair r2/r3 (ARM needs an even first register). */
#define LDRD(insn, base_, lo_out, hi_out) do {				\
	register uint32_t lo_ __asm__("r2");				\
	register uint32_t hi_ __asm__("r3");				\
	__asm__ volatile(insn : [lo] "=&r"(lo_), [hi] "=&r"(hi_)	\
			 : [b] "r"(base_) : "memory");			\
	(lo_out) = lo_;							\
	(hi_out) = hi_;							\
} while (0)
#define LDRDW(insn, ptr_, lo_out, hi_out) do {				\
	register uint32_t lo_ __asm__("r2");				\
	register uint32_t hi_ __asm__("r3");				\
	__asm__ volatile(insn : [lo] "=&r"(lo_), [hi] "=&r"(hi_),	\
			 [b] "+&r"(ptr_) :: "memory");			\
	(lo_out) = lo_;							\
	(hi_out) = hi_;							\
} while (0)
#define STRD(insn, base_, lo_in, hi_in) do {				\
	register uint32_t lo_ __asm__("r2") = (lo_in);			\
	register uint32_t hi_ __asm__("r3") = (hi_in);			\
	__asm__ volatile(insn :: [lo] "r"(lo_), [hi] "r"(hi_),		\
			 [b] "r"(base_) : "memory");			\
} while (0)
#define STRDW(insn, ptr_, lo_in, hi_in) do {				\
	register uint32_t lo_ __asm__("r2") = (lo_in);			\
	register uint32_t hi_ __asm__("r3") = (hi_in);			\
	__asm__ volatile(insn : [b] "+&r"(ptr_)				\
			 : [lo] "r"(lo_), [hi] "r"(hi_) : "memory");	\
} while (0)

/* Every word gets a distinct value and is read back. */
static void t_words(uint32_t b)
{
	uint32_t off;

	for (off = 0; off < TESTDEV_SCRATCH_SIZE; off += 4)
		w32(b + off, 0xa5000000u | (off << 8) | (off ^ 0x5a));
	for (off = 0; off < TESTDEV_SCRATCH_SIZE; off += 4)
		expect("word", r32(b + off), 0xa5000000u | (off << 8) | (off ^ 0x5a));
	for (off = 0; off < TESTDEV_SCRATCH_SIZE; off += 4)
		w32(b + off, 0);
	for (off = 0; off < TESTDEV_SCRATCH_SIZE; off += 4)
		expect("cleared word", r32(b + off), 0);
}

static void t_word_imm(uint32_t b)
{
	ST("str %[v], [%[b], #0x10]", b, 0x89abcdefu);
	expect("str [#0x10]", r32(b + 0x10), 0x89abcdefu);
	w32(b + 0x14, 0x13579bdfu);
	expect("ldr [#0x14]", LD("ldr %[v], [%[b], #0x14]", b), 0x13579bdfu);
	ST("str %[v], [%[b], #0xfc]", b, 0xfeedface);
	expect("ldr [#0xfc]", LD("ldr %[v], [%[b], #0xfc]", b), 0xfeedface);
}

static void t_byte(uint32_t b)
{
	ST("strb %[v], [%[b], #0x20]", b, 0x11);
	ST("strb %[v], [%[b], #0x21]", b, 0x22);
	ST("strb %[v], [%[b], #0x22]", b, 0x33);
	/* Only the low byte of the register is stored. */
	ST("strb %[v], [%[b], #0x23]", b, 0xabcdefffu);
	expect("strb x4 -> word", r32(b + 0x20), 0xff332211u);
	w32(b + 0x24, 0x8899aabbu);
	expect("ldrb [#0x24]", LD("ldrb %[v], [%[b], #0x24]", b), 0xbb);
	expect("ldrb [#0x25]", LD("ldrb %[v], [%[b], #0x25]", b), 0xaa);
	expect("ldrb [#0x26]", LD("ldrb %[v], [%[b], #0x26]", b), 0x99);
	/* Zero-extended, not sign-extended. */
	expect("ldrb [#0x27]", LD("ldrb %[v], [%[b], #0x27]", b), 0x88);
}

static void t_half(uint32_t b)
{
	ST("strh %[v], [%[b], #0x30]", b, 0x1234beefu);
	ST("strh %[v], [%[b], #0x32]", b, 0xdead);
	expect("strh x2 -> word", r32(b + 0x30), 0xdeadbeefu);
	w32(b + 0x34, 0xfedc8765u);
	expect("ldrh [#0x34]", LD("ldrh %[v], [%[b], #0x34]", b), 0x8765);
	expect("ldrh [#0x36]", LD("ldrh %[v], [%[b], #0x36]", b), 0xfedc);
}

static void t_signed(uint32_t b)
{
	ST("strb %[v], [%[b], #0x38]", b, 0x80);
	expect("ldrsb 0x80", LD("ldrsb %[v], [%[b], #0x38]", b), 0xffffff80u);
	ST("strb %[v], [%[b], #0x39]", b, 0x7f);
	expect("ldrsb 0x7f", LD("ldrsb %[v], [%[b], #0x39]", b), 0x7f);
	ST("strb %[v], [%[b], #0x3a]", b, 0xff);
	expect("ldrsb 0xff", LD("ldrsb %[v], [%[b], #0x3a]", b), 0xffffffffu);
	ST("strh %[v], [%[b], #0x3c]", b, 0x8000);
	expect("ldrsh 0x8000", LD("ldrsh %[v], [%[b], #0x3c]", b), 0xffff8000u);
	ST("strh %[v], [%[b], #0x3e]", b, 0x7fff);
	expect("ldrsh 0x7fff", LD("ldrsh %[v], [%[b], #0x3e]", b), 0x7fff);
	expect("word after", r32(b + 0x3c), 0x7fff8000u);
}

static void t_dual(uint32_t b)
{
	uint32_t lo, hi;

	STRD("strd %[lo], %[hi], [%[b], #0x40]", b, 0x01234567u, 0x89abcdefu);
	expect("strd low word", r32(b + 0x40), 0x01234567u);
	expect("strd high word", r32(b + 0x44), 0x89abcdefu);
	w32(b + 0x48, 0xcafef00du);
	w32(b + 0x4c, 0x0badc0deu);
	LDRD("ldrd %[lo], %[hi], [%[b], #0x48]", b, lo, hi);
	expect("ldrd low", lo, 0xcafef00du);
	expect("ldrd high", hi, 0x0badc0deu);
	STRD("strd %[lo], %[hi], [%[b]]", b, 0x10203040u, 0x50607080u);
	LDRD("ldrd %[lo], %[hi], [%[b]]", b, lo, hi);
	expect("strd/ldrd [b] low", lo, 0x10203040u);
	expect("strd/ldrd [b] high", hi, 0x50607080u);
}

static void t_reg_offset(uint32_t b)
{
	uint32_t i = 0x50;

	STX("str %[v], [%[b], %[i]]", b, i, 0x600dcafeu);
	expect("str [b, r]", r32(b + 0x50), 0x600dcafeu);
	w32(b + 0x54, 0x2468ace0u);
	expect("ldr [b, r]", LDX("ldr %[v], [%[b], %[i]]", b, 0x54u), 0x2468ace0u);
	expect("ldr [b, r, lsl #2]",
	       LDX("ldr %[v], [%[b], %[i], lsl #2]", b, 0x15u), 0x2468ace0u);
	STX("strb %[v], [%[b], %[i]]", b, 0x58u, 0x81);
	expect("ldrb [b, r]", LDX("ldrb %[v], [%[b], %[i]]", b, 0x58u), 0x81);
	expect("ldrsb [b, r]", LDX("ldrsb %[v], [%[b], %[i]]", b, 0x58u),
	       0xffffff81u);
	STX("strh %[v], [%[b], %[i]]", b, 0x5au, 0x9abc);
	expect("ldrh [b, r]", LDX("ldrh %[v], [%[b], %[i]]", b, 0x5au), 0x9abc);
	expect("ldrsh [b, r]", LDX("ldrsh %[v], [%[b], %[i]]", b, 0x5au),
	       0xffff9abcu);
	expect("word after", r32(b + 0x58), 0x9abc0081u);
#ifndef __thumb__
	{
		uint32_t lo, hi;

		/* ARM only: register-offset LDRD/STRD and other shifts. */
		expect("ldr [b, r, lsr #1]",
		       LDX("ldr %[v], [%[b], %[i], lsr #1]", b, 0xa8u), 0x2468ace0u);
		{
			register uint32_t lo_ __asm__("r2") = 0x11112222u;
			register uint32_t hi_ __asm__("r3") = 0x33334444u;

			__asm__ volatile("strd %[lo], %[hi], [%[b], %[i]]"
					 :: [lo] "r"(lo_), [hi] "r"(hi_),
					 [b] "r"(b), [i] "r"(0x60u) : "memory");
		}
		expect("strd [b, r] low", r32(b + 0x60), 0x11112222u);
		expect("strd [b, r] high", r32(b + 0x64), 0x33334444u);
		{
			register uint32_t lo_ __asm__("r2");
			register uint32_t hi_ __asm__("r3");

			__asm__ volatile("ldrd %[lo], %[hi], [%[b], %[i]]"
					 : [lo] "=&r"(lo_), [hi] "=&r"(hi_)
					 : [b] "r"(b), [i] "r"(0x60u) : "memory");
			lo = lo_;
			hi = hi_;
		}
		expect("ldrd [b, r] low", lo, 0x11112222u);
		expect("ldrd [b, r] high", hi, 0x33334444u);
	}
#endif
}

static void t_negative(uint32_t b)
{
	uint32_t top = b + 0x80, lo, hi;

	w32(b + 0x7c, 0x76543210u);
	expect("ldr [b, #-4]", LD("ldr %[v], [%[b], #-4]", top), 0x76543210u);
	ST("str %[v], [%[b], #-8]", top, 0xfedcba98u);
	expect("str [b, #-8]", r32(b + 0x78), 0xfedcba98u);
	ST("strb %[v], [%[b], #-1]", top, 0x80);
	expect("ldrsb [b, #-1]", LD("ldrsb %[v], [%[b], #-1]", top), 0xffffff80u);
	ST("strh %[v], [%[b], #-6]", top, 0x8001);
	expect("ldrh [b, #-6]", LD("ldrh %[v], [%[b], #-6]", top), 0x8001);
	expect("ldrsh [b, #-6]", LD("ldrsh %[v], [%[b], #-6]", top), 0xffff8001u);
	expect("ldrb [b, #-5]", LD("ldrb %[v], [%[b], #-5]", top), 0x80);
	STRD("strd %[lo], %[hi], [%[b], #-16]", top, 0xa1a2a3a4u, 0xb1b2b3b4u);
	expect("strd [b, #-16] low", r32(b + 0x70), 0xa1a2a3a4u);
	expect("strd [b, #-16] high", r32(b + 0x74), 0xb1b2b3b4u);
	LDRD("ldrd %[lo], %[hi], [%[b], #-16]", top, lo, hi);
	expect("ldrd [b, #-16] low", lo, 0xa1a2a3a4u);
	expect("ldrd [b, #-16] high", hi, 0xb1b2b3b4u);
#ifndef __thumb__
	/* ARM only: subtracted register offsets. */
	expect("ldr [b, -r]", LDX("ldr %[v], [%[b], -%[i]]", top, 4u), 0x80543210u);
	STX("strh %[v], [%[b], -%[i]]", top, 0x10u, 0xc3c3);
	expect("ldrsh [b, -r]", LDX("ldrsh %[v], [%[b], -%[i]]", top, 0x10u),
	       0xffffc3c3u);
	expect("ldrsb [b, -r]", LDX("ldrsb %[v], [%[b], -%[i]]", top, 0xfu),
	       0xffffffc3u);
	expect("word after", r32(b + 0x70), 0xa1a2c3c3u);
#endif
}

static void t_pre_writeback(uint32_t b)
{
	uint32_t p, v, lo, hi;

	w32(b + 0x94, 0x94949494u);
	p = b + 0x90;
	v = LDW("ldr %[v], [%[b], #4]!", p);
	expect("ldr [b, #4]! value", v, 0x94949494u);
	expect("ldr [b, #4]! base", p, b + 0x94);
	STW("str %[v], [%[b], #4]!", p, 0x98989898u);
	expect("str [b, #4]! base", p, b + 0x98);
	expect("str [b, #4]! memory", r32(b + 0x98), 0x98989898u);
	STW("strb %[v], [%[b], #-1]!", p, 0x97);
	expect("strb [b, #-1]! base", p, b + 0x97);
	v = LDW("ldrsb %[v], [%[b], #-1]!", p);
	expect("ldrsb [b, #-1]! value", v, 0xffffff94u);
	expect("ldrsb [b, #-1]! base", p, b + 0x96);
	STW("strh %[v], [%[b], #6]!", p, 0x8a8b);
	expect("strh [b, #6]! base", p, b + 0x9c);
	v = LDW("ldrh %[v], [%[b], #0]!", p);
	expect("ldrh [b, #0]! value", v, 0x8a8b);
	v = LDW("ldrsh %[v], [%[b], #-2]!", p);
	expect("ldrsh [b, #-2]! value", v, 0xffff9898u);
	expect("ldrsh [b, #-2]! base", p, b + 0x9a);
	v = LDW("ldrb %[v], [%[b], #2]!", p);
	expect("ldrb [b, #2]! value", v, 0x8b);
	expect("ldrb [b, #2]! base", p, b + 0x9c);

	p = b + 0x98;
	STRDW("strd %[lo], %[hi], [%[b], #8]!", p, 0xc1c2c3c4u, 0xd1d2d3d4u);
	expect("strd [b, #8]! base", p, b + 0xa0);
	expect("strd [b, #8]! low", r32(b + 0xa0), 0xc1c2c3c4u);
	expect("strd [b, #8]! high", r32(b + 0xa4), 0xd1d2d3d4u);
	w32(b + 0x98, 0xe1e2e3e4u);
	w32(b + 0x9c, 0xf1f2f3f4u);
	LDRDW("ldrd %[lo], %[hi], [%[b], #-8]!", p, lo, hi);
	expect("ldrd [b, #-8]! base", p, b + 0x98);
	expect("ldrd [b, #-8]! low", lo, 0xe1e2e3e4u);
	expect("ldrd [b, #-8]! high", hi, 0xf1f2f3f4u);
#ifndef __thumb__
	/* ARM only: register offsets with writeback. */
	p = b + 0x90;
	v = LDWX("ldr %[v], [%[b], %[i]]!", p, 8u);
	expect("ldr [b, r]! value", v, 0xe1e2e3e4u);
	expect("ldr [b, r]! base", p, b + 0x98);
	STWX("str %[v], [%[b], -%[i]]!", p, 0x10u, 0x88776655u);
	expect("str [b, -r]! base", p, b + 0x88);
	expect("str [b, -r]! memory", r32(b + 0x88), 0x88776655u);
	v = LDWX("ldrh %[v], [%[b], %[i]]!", p, 2u);
	expect("ldrh [b, r]! value", v, 0x8877);
	expect("ldrh [b, r]! base", p, b + 0x8a);
	{
		register uint32_t lo_ __asm__("r2");
		register uint32_t hi_ __asm__("r3");

		p = b + 0x90;
		__asm__ volatile("ldrd %[lo], %[hi], [%[b], %[i]]!"
				 : [lo] "=&r"(lo_), [hi] "=&r"(hi_), [b] "+&r"(p)
				 : [i] "r"(0x10u) : "memory");
		lo = lo_;
		hi = hi_;
	}
	expect("ldrd [b, r]! base", p, b + 0xa0);
	expect("ldrd [b, r]! low", lo, 0xc1c2c3c4u);
	expect("ldrd [b, r]! high", hi, 0xd1d2d3d4u);
#endif
}

static void t_post_index(uint32_t b)
{
	uint32_t p, v, lo, hi;

	w32(b + 0xb0, 0xb0b1b2b3u);
	w32(b + 0xb4, 0xb4b5b6b7u);
	p = b + 0xb0;
	v = LDW("ldr %[v], [%[b]], #4", p);
	expect("ldr [b], #4 value", v, 0xb0b1b2b3u);
	expect("ldr [b], #4 base", p, b + 0xb4);
	STW("str %[v], [%[b]], #-4", p, 0x12345678u);
	expect("str [b], #-4 base", p, b + 0xb0);
	expect("str [b], #-4 memory", r32(b + 0xb4), 0x12345678u);
	v = LDW("ldrb %[v], [%[b]], #1", p);
	expect("ldrb [b], #1 value", v, 0xb3);
	expect("ldrb [b], #1 base", p, b + 0xb1);
	STW("strb %[v], [%[b]], #3", p, 0x9e);
	expect("strb [b], #3 base", p, b + 0xb4);
	expect("strb [b], #3 memory", r32(b + 0xb0), 0xb0b19eb3u);
	STW("strh %[v], [%[b]], #2", p, 0xf00f);
	expect("strh [b], #2 base", p, b + 0xb6);
	v = LDW("ldrh %[v], [%[b]], #-2", p);
	expect("ldrh [b], #-2 value", v, 0x1234);
	expect("ldrh [b], #-2 base", p, b + 0xb4);
	v = LDW("ldrsh %[v], [%[b]], #3", p);
	expect("ldrsh [b], #3 value", v, 0xfffff00fu);
	expect("ldrsh [b], #3 base", p, b + 0xb7);
	v = LDW("ldrsb %[v], [%[b]], #-7", p);
	expect("ldrsb [b], #-7 value", v, 0x12);
	expect("ldrsb [b], #-7 base", p, b + 0xb0);

	p = b + 0xb8;
	STRDW("strd %[lo], %[hi], [%[b]], #-8", p, 0x0a0b0c0du, 0x1a1b1c1du);
	expect("strd [b], #-8 base", p, b + 0xb0);
	expect("strd [b], #-8 low", r32(b + 0xb8), 0x0a0b0c0du);
	expect("strd [b], #-8 high", r32(b + 0xbc), 0x1a1b1c1du);
	p = b + 0xb8;
	LDRDW("ldrd %[lo], %[hi], [%[b]], #8", p, lo, hi);
	expect("ldrd [b], #8 base", p, b + 0xc0);
	expect("ldrd [b], #8 low", lo, 0x0a0b0c0du);
	expect("ldrd [b], #8 high", hi, 0x1a1b1c1du);
#ifndef __thumb__
	/* ARM only: register post-index. */
	p = b + 0xb8;
	v = LDWX("ldr %[v], [%[b]], %[i]", p, 4u);
	expect("ldr [b], r value", v, 0x0a0b0c0du);
	expect("ldr [b], r base", p, b + 0xbc);
	STWX("str %[v], [%[b]], -%[i]", p, 0xcu, 0x5eed5eedu);
	expect("str [b], -r base", p, b + 0xb0);
	expect("str [b], -r memory", r32(b + 0xbc), 0x5eed5eedu);
	v = LDWX("ldrsh %[v], [%[b]], %[i]", p, 0xeu);
	expect("ldrsh [b], r value", v, 0xffff9eb3u);
	expect("ldrsh [b], r base", p, b + 0xbe);
	{
		register uint32_t lo_ __asm__("r2") = 0x77665544u;
		register uint32_t hi_ __asm__("r3") = 0x33221100u;

		p = b + 0xc8;
		__asm__ volatile("strd %[lo], %[hi], [%[b]], -%[i]"
				 : [b] "+&r"(p)
				 : [lo] "r"(lo_), [hi] "r"(hi_), [i] "r"(8u)
				 : "memory");
	}
	expect("strd [b], -r base", p, b + 0xc0);
	expect("strd [b], -r low", r32(b + 0xc8), 0x77665544u);
	expect("strd [b], -r high", r32(b + 0xcc), 0x33221100u);
	{
		register uint32_t lo_ __asm__("r2");
		register uint32_t hi_ __asm__("r3");

		__asm__ volatile("ldrd %[lo], %[hi], [%[b]], %[i]"
				 : [lo] "=&r"(lo_), [hi] "=&r"(hi_), [b] "+&r"(p)
				 : [i] "r"(8u) : "memory");
		lo = lo_;
		hi = hi_;
	}
	expect("ldrd [b], r base", p, b + 0xc8);
	expect("ldrd [b], r low", lo, 0);
	expect("ldrd [b], r high", hi, 0);
#endif
}

#ifdef __thumb__
/*
 * Thumb only: the 16-bit encodings (low registers, "l"), the 32-bit
 * encodings forced with .w, and LDRD/STRD with any register pair.
 */
static void t_thumb16(uint32_t b)
{
	uint32_t v, i = 0xd4;

	__asm__ volatile("str.n %[v], [%[b], #0x7c]"
			 :: [b] "l"(b + 0x54), [v] "l"(0x16161616u) : "memory");
	expect("str.n [b, #imm5]", r32(b + 0xd0), 0x16161616u);
	__asm__ volatile("ldr.n %[v], [%[b], #0x7c]"
			 : [v] "=&l"(v) : [b] "l"(b + 0x54) : "memory");
	expect("ldr.n [b, #imm5]", v, 0x16161616u);
	__asm__ volatile("str.n %[v], [%[b], %[i]]"
			 :: [b] "l"(b), [i] "l"(i), [v] "l"(0x8c8d8e8fu) : "memory");
	expect("str.n [b, r]", r32(b + 0xd4), 0x8c8d8e8fu);
	__asm__ volatile("ldr.n %[v], [%[b], %[i]]"
			 : [v] "=&l"(v) : [b] "l"(b), [i] "l"(i) : "memory");
	expect("ldr.n [b, r]", v, 0x8c8d8e8fu);
	__asm__ volatile("strb.n %[v], [%[b], #31]"
			 :: [b] "l"(b + 0xb9), [v] "l"(0x5c) : "memory");
	__asm__ volatile("ldrb.n %[v], [%[b], #31]"
			 : [v] "=&l"(v) : [b] "l"(b + 0xb9) : "memory");
	expect("strb.n/ldrb.n [b, #imm5]", v, 0x5c);
	__asm__ volatile("strh.n %[v], [%[b], #62]"
			 :: [b] "l"(b + 0x9c), [v] "l"(0xa5b6) : "memory");
	__asm__ volatile("ldrh.n %[v], [%[b], #62]"
			 : [v] "=&l"(v) : [b] "l"(b + 0x9c) : "memory");
	expect("strh.n/ldrh.n [b, #imm5]", v, 0xa5b6);
	expect("word after", r32(b + 0xd8), 0xa5b6005cu);
	__asm__ volatile("ldrsb.n %[v], [%[b], %[i]]"
			 : [v] "=&l"(v) : [b] "l"(b), [i] "l"(0xdbu) : "memory");
	expect("ldrsb.n [b, r]", v, 0xffffffa5u);
	__asm__ volatile("ldrsh.n %[v], [%[b], %[i]]"
			 : [v] "=&l"(v) : [b] "l"(b), [i] "l"(0xdau) : "memory");
	expect("ldrsh.n [b, r]", v, 0xffffa5b6u);
	__asm__ volatile("ldrb.n %[v], [%[b], %[i]]"
			 : [v] "=&l"(v) : [b] "l"(b), [i] "l"(0xd8u) : "memory");
	expect("ldrb.n [b, r]", v, 0x5c);
	__asm__ volatile("strh.n %[v], [%[b], %[i]]"
			 :: [b] "l"(b), [i] "l"(0xdau), [v] "l"(0x0102) : "memory");
	__asm__ volatile("ldrh.n %[v], [%[b], %[i]]"
			 : [v] "=&l"(v) : [b] "l"(b), [i] "l"(0xdau) : "memory");
	expect("strh.n/ldrh.n [b, r]", v, 0x0102);
	__asm__ volatile("strb.n %[v], [%[b], %[i]]"
			 :: [b] "l"(b), [i] "l"(0xd9u), [v] "l"(0x7e) : "memory");
	expect("strb.n [b, r]", r32(b + 0xd8), 0x01027e5cu);

	/* 32-bit encodings: T3 (imm12) and T4 (negative imm8). */
	__asm__ volatile("str.w %[v], [%[b], #0xdc]"
			 :: [b] "r"(b), [v] "r"(0x32323232u) : "memory");
	expect("ldr.w [b, #-imm8]", LD("ldr.w %[v], [%[b], #-0x24]", b + 0x100),
	       0x32323232u);
	expect("ldrb.w [b, #imm12]", LD("ldrb.w %[v], [%[b], #0xdd]", b), 0x32);
	expect("ldrsh.w [b, #imm12]", LD("ldrsh.w %[v], [%[b], #0xda]", b),
	       0x0102);
}

static void t_thumb_dual(uint32_t b)
{
	register uint32_t x __asm__("r5");
	register uint32_t y __asm__("r1");
	uint32_t p = b + 0xe0;

	/* Rt2 below Rt: the VMM must take both from the encoding. */
	x = 0x55555aaau;
	y = 0x11111eeeu;
	__asm__ volatile("strd %[x], %[y], [%[b], #8]!"
			 : [b] "+&r"(p) : [x] "r"(x), [y] "r"(y) : "memory");
	expect("strd r5, r1, [b, #8]! base", p, b + 0xe8);
	expect("strd r5, r1 low", r32(b + 0xe8), 0x55555aaau);
	expect("strd r5, r1 high", r32(b + 0xec), 0x11111eeeu);
	w32(b + 0xf0, 0x0f0f0f0fu);
	w32(b + 0xf4, 0xf0f0f0f0u);
	__asm__ volatile("ldrd %[x], %[y], [%[b]], #0x10"
			 : [x] "=&r"(x), [y] "=&r"(y), [b] "+&r"(p) :: "memory");
	expect("ldrd r5, r1, [b], #16 base", p, b + 0xf8);
	expect("ldrd r5, r1 low", x, 0x55555aaau);
	expect("ldrd r5, r1 high", y, 0x11111eeeu);
	__asm__ volatile("ldrd %[x], %[y], [%[b], #-8]"
			 : [x] "=&r"(x), [y] "=&r"(y) : [b] "r"(p) : "memory");
	expect("ldrd r5, r1, [b, #-8] low", x, 0x0f0f0f0fu);
	expect("ldrd r5, r1, [b, #-8] high", y, 0xf0f0f0f0u);
}
#endif

struct subtest {
	const char *name;
	void (*fn)(uint32_t base);
};

static const struct subtest subtests[] = {
	{ "str/ldr every word", t_words },
	{ "str/ldr immediate offset", t_word_imm },
	{ "strb/ldrb", t_byte },
	{ "strh/ldrh", t_half },
	{ "ldrsb/ldrsh sign extension", t_signed },
	{ "strd/ldrd", t_dual },
	{ "register offset", t_reg_offset },
	{ "negative offset", t_negative },
	{ "pre-indexed with writeback", t_pre_writeback },
	{ "post-indexed", t_post_index },
#ifdef __thumb__
	{ "16-bit and .w encodings", t_thumb16 },
	{ "ldrd/strd any register pair", t_thumb_dual },
#endif
};

#define NSUB (sizeof(subtests) / sizeof(subtests[0]))

/* Returns the number of failed sub-tests; the first one's name in *first. */
static unsigned run_all(uint32_t base, const char **first)
{
	unsigned i, failed = 0;

	for (i = 0; i < NSUB; i++) {
		sub_failures = 0;
		subtests[i].fn(base);
		if (sub_failures && !failed++)
			*first = subtests[i].name;
		if (!quiet || sub_failures)
			printf("mmio_" MODE ": %s %s: %s\n", target, subtests[i].name,
			       sub_failures ? "FAIL" : "ok");
	}
	return failed;
}

int main(void)
{
	const char *first = "";
	unsigned failed;

	/* MRS hides the T bit: a Thumb function's address has bit 0 set. */
	printf("mmio_" MODE ": %u sub-tests, %s state\n", (unsigned)NSUB,
	       ((uint32_t)t_words & 1) ? "Thumb" : "ARM");

	quiet = 1;
	target = "RAM";
	failed = run_all((uint32_t)ram_scratch, &first);
	if (failed)
		guest_failf("self-check on RAM failed in \"%s\" (test bug)", first);
	printf("mmio_" MODE ": self-check on RAM: ok\n");

	quiet = 0;
	target = "testdev";
	failed = run_all(TESTDEV_BASE, &first);
	if (failed)
		guest_failf("%u of %u sub-tests failed, first: %s", failed,
			    (unsigned)NSUB, first);
	guest_pass();
}
