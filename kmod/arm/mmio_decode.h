/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Turning a guest data abort on an unmapped (device) IPA into a description
 * of the access, so that it can be emulated: either from the syndrome in
 * HSR (ISS.ISV = 1) or, when the syndrome is not valid, by decoding the
 * faulting ARM or Thumb instruction read from guest memory.
 *
 * Only single-register (and LDRD/STRD pair) loads and stores into the
 * general-purpose registers are accepted; see mmio_decode_insn() below.
 * Byte order is the caller's business: the values here are as the guest's
 * registers see them, a big-endian guest (CPSR.E) needs each element of
 * the access swapped by the caller.
 */
#ifndef VMM_ARM_MMIO_DECODE_H
#define VMM_ARM_MMIO_DECODE_H

#include "vmm/types.h"
#include "arm_arch.h"

struct mmio_access {
	uint8_t size;		/* bytes: 1, 2, 4 or 8 (LDRD/STRD pair) */
	bool write;
	bool sign_extend;	/* LDRSB/LDRSH */
	uint8_t rt;		/* transfer register, never 15 */
	uint8_t rt2;		/* second register of LDRD/STRD, else rt */
	bool writeback;		/* base register must be updated */
	uint8_t rn;		/* base register (valid if writeback) */
	uint32_t rn_value;	/* new base value (valid if writeback) */
	uint8_t insn_len;	/* 2 or 4: how far to advance the PC */
	/*
	 * Virtual address of the (first word of the) access, from
	 * mmio_decode_insn() only; 0 from mmio_decode_hsr(). Checking HDFAR
	 * against it catches an instruction that changed under us (another
	 * vCPU rewrote it between the abort and our read). For LDRD/STRD the
	 * faulting word may be the second one, at addr + 4.
	 */
	uint32_t addr;
};

/*
 * From an HSR with ISS.ISV = 1 (ARM ARM B3.13.6). -EINVAL if EC is not
 * 0x24 (data abort from a lower mode), ISV = 0, CM = 1 (a cache maintenance
 * operation, nothing to emulate), SAS is the reserved value or SRT is the
 * PC. Fills size, write, sign_extend, rt (= rt2), insn_len (from HSR.IL);
 * never writeback. *out is only written on success. Inline: every MMIO
 * exit with a syndrome goes through it.
 */
static inline int mmio_decode_hsr(uint32_t hsr, struct mmio_access *out)
{
	unsigned int sas = DABT_ISS_SAS(hsr);
	unsigned int srt = DABT_ISS_SRT(hsr);
	bool write = hsr & DABT_ISS_WNR;

	if (HSR_EC(hsr) != HSR_EC_DABT_LOWER ||
	    !(hsr & DABT_ISS_ISV))
		return -EINVAL;
	/* a cache maintenance or translation operation: no data to move */
	if (hsr & DABT_ISS_CM)
		return -EINVAL;
	if (sas == DABT_ISS_SAS_RESERVED || srt == 15)
		return -EINVAL;
	out->size = 1u << sas;
	out->write = write;
	/* SSE only means something for loads narrower than a register */
	out->sign_extend = !write && sas < 2 && (hsr & DABT_ISS_SSE);
	out->rt = srt;
	out->rt2 = srt;
	out->writeback = false;
	out->rn = 0;
	out->rn_value = 0;
	out->insn_len = (hsr & HSR_IL) ? 4 : 2;
	out->addr = 0;
	return 0;
}

/*
 * From the instruction itself.
 *
 * insn: an ARM instruction as the 32-bit word, or for Thumb the first
 * halfword (the one at the lower address) in bits [15:0] and, for 32-bit
 * encodings, the second halfword in bits [31:16]. So "ldr.w r0, [r1, #4]",
 * shown by objdump as "f8d1 0004", is passed as 0x0004f8d1. Bits [31:16]
 * are ignored for a 16-bit Thumb instruction.
 *
 * regs: r0-r15 as the instruction sees them, with regs[15] the address of
 * the instruction itself (the +8 ARM / +4 Thumb PC offset is applied here).
 *
 * Accepted: LDR/STR/LDRB/STRB/LDRH/STRH/LDRSB/LDRSH/LDRD/STRD in every
 * immediate, register and literal addressing form and indexing mode of
 * ARM A5.3 and A5.2.8 and Thumb A6.2.4, A6.3.6-A6.3.10, and the
 * unprivileged LDRT/STRT/LDRBT/STRBT/LDRHT/STRHT/LDRSBT/LDRSHT: a Stage-2
 * fault means Stage 1 already allowed the access at PL0, so they behave as
 * the plain forms here.
 *
 * Rejected with -EINVAL: everything else (LDM/STM/PUSH/POP of several
 * registers, LDREX/STREX and other exclusives, SWP, PLD/PLI/hints, VLDR/
 * VSTR, LDC/STC, the media space, any ARM cond = 0b1111 encoding);
 * UNDEFINED and UNPREDICTABLE encodings (e.g. writeback with Rn == Rt or
 * Rn == PC, Rm == PC, PC or (Thumb) SP as the Rt of a byte/halfword access,
 * odd Rt of ARM LDRD); and, by choice, any access with the PC as Rt: a load
 * into the PC is a branch and a store of it needs the PC offset, neither of
 * which a device access should need. An ARM register offset shifted by RRX
 * is rejected too, since it depends on CPSR.C which is not passed in.
 *
 * The caller must still apply the Thumb IT state advance when skipping the
 * instruction. *out is only written on success.
 */
int mmio_decode_insn(uint32_t insn, bool thumb, const uint32_t regs[16],
		     struct mmio_access *out);

/*
 * The value to put in Rt after reading data from a device: truncated to
 * the access size and sign-extended for LDRSB/LDRSH. For an 8-byte LDRD
 * data holds the word at addr in bits [31:0] (returned here, for Rt) and
 * the word at addr + 4 in bits [63:32] (for Rt2, see mmio_load_value2()).
 */
static inline uint32_t mmio_load_value(const struct mmio_access *a,
				       uint64_t data)
{
	uint32_t v = (uint32_t)data;

	switch (a->size) {
	case 1:
		v &= 0xff;
		if (a->sign_extend && (v & 0x80))
			v |= 0xffffff00u;
		break;
	case 2:
		v &= 0xffff;
		if (a->sign_extend && (v & 0x8000))
			v |= 0xffff0000u;
		break;
	default:
		break;
	}
	return v;
}

/* The value for Rt2 of an LDRD: bits [63:32] of data. */
static inline uint32_t mmio_load_value2(const struct mmio_access *a,
					uint64_t data)
{
	return a->size == 8 ? (uint32_t)(data >> 32) : 0;
}

/*
 * The data a store writes, in the same layout as mmio_load_value() reads:
 * Rt truncated to the access size, or Rt in [31:0] and Rt2 in [63:32].
 */
uint64_t mmio_store_value(const struct mmio_access *a,
			  const uint32_t regs[16]);

#endif /* VMM_ARM_MMIO_DECODE_H */
