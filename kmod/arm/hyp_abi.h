/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The contract between the highvisor (host kernel) and the lowvisor (HYP
 * mode): host-call numbers and the layout of the block that the HYP init
 * routine reads with its MMU off. Included by C and by assembly.
 */
#ifndef VMM_ARM_HYP_ABI_H
#define VMM_ARM_HYP_ABI_H

/*
 * Host calls: hvc #0 with r0 = number, r1-r3 = arguments. Numbers start
 * above the kernel stub's (0 and 1) so a call that reaches the wrong
 * vectors fails instead of doing something else.
 */
#define HYP_FN_PING	0x10 /* r1 = cookie -> r0 answer, r1 HSCTLR, r2 HVBAR, r3 CPSR */
#define HYP_FN_TEARDOWN 0x11 /* r1 = vectors to restore (the kernel stub's, PA) */
#define HYP_FN_VCPU_RUN 0x12 /* r1 = struct hyp_vcpu_ctx *, r2 = save host state -> r0 ARM_EXIT_* */
#define HYP_FN_TLB_FLUSH_VMID 0x13 /* r1, r2 = VTTBR (lo, hi) of the VM */
#define HYP_FN_VCPU_PUT 0x14 /* r1 = struct hyp_vcpu_ctx *: the host's lazy state back */
#define HYP_FN_MAX	0x15

/*
 * The section of the code that runs in HYP mode (vectors, world switch,
 * host calls). A kprobe there would plant an undefined instruction that
 * the lowvisor's own vectors take, not the kernel's; Linux refuses
 * kprobes in a module's .kprobes.text. The identity-mapped init code runs
 * only from its copy, so it may stay in .text.
 */
#ifdef __ASSEMBLER__
#define HYP_TEXT .section .kprobes.text, "ax"
#else
#define __hyp_text __attribute__((__section__(".kprobes.text")))
#endif

/* What HYP_FN_VCPU_RUN returns: why the guest stopped. */
#define ARM_EXIT_TRAP 0 /* Hyp Trap: look at the context's fault.hsr */
#define ARM_EXIT_IRQ  1 /* a host interrupt arrived */
#define ARM_EXIT_FIQ  2

/* HYP_FN_PING's answer; equal to VMM_HYP_PING_ANSWER in the uapi header. */
#define HYP_PING_ANSWER(c) (~(c) ^ 0x48595021u)

/* What a host call returns in r0 for a number it does not know. */
#define HYP_ERR_NOFN 0xbad0f00d

/* struct hyp_init_params, byte offsets (asserted against the C struct). */
#define HYP_INIT_HTTBR_LO 0
#define HYP_INIT_HTTBR_HI 4
#define HYP_INIT_HTCR	  8
#define HYP_INIT_HMAIR0	  12
#define HYP_INIT_HMAIR1	  16
#define HYP_INIT_HVBAR	  20
#define HYP_INIT_HSCTLR	  24
#define HYP_INIT_SIZE	  28

/* HSCTLR, ARM ARM B4.1.68 */
#define HSCTLR_M    (1 << 0)
#define HSCTLR_A    (1 << 1)
#define HSCTLR_C    (1 << 2)
#define HSCTLR_I    (1 << 12)
#define HSCTLR_RES1 0x30c50818

#ifndef __ASSEMBLER__
#include "vmm/types.h"

struct hyp_init_params {
	uint32_t httbr_lo, httbr_hi;
	uint32_t htcr;
	uint32_t hmair0, hmair1;
	uint32_t hvbar;
	uint32_t hsctlr;
};

/* The host-call frame the vector pushes; C handlers read and write it. */
struct hyp_host_regs {
	uint32_t r[4];
};

/* Lowvisor data (hyp_main.c) the vectors and hyp_setup.c use by name. */
extern uint32_t hyp_teardown_pa;
extern uint32_t hyp_last_fault[3];
#endif

#endif /* VMM_ARM_HYP_ABI_H */
