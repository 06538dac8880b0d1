/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The world switch: host -> guest in hyp_vcpu_run, guest -> host in
 * hyp_guest_exit. Each step is a small macro; the order follows what the
 * next step needs (a guest's CP15 state must be saved before the address
 * translation that uses it, host state loaded only after the guest's is
 * stored). HTPIDR holds the running vCPU's context pointer. What an
 * exit needs (by exception class: fault registers, the lazy state, the
 * PC's translation, traps that never leave HYP) is decided in C, by
 * hyp_exit_guest() (hyp_exit.c); this file only moves registers.
 */
#include "arm/arm_arch.h"
#include "arm/hyp_abi.h"
#include "arm/hyp_cp15.h"
#include "hyp_offsets.h"
#include "hyp_exit.h"

	.arch	armv7-a
	.arch_extension virt
	.fpu	neon-vfpv4
	.arm
	HYP_TEXT

/*
 * ---- banked registers (B9.3.9 MRS/MSR banked) ---------------------------
 * The guest's (struct arm_banked), in two parts. banked_eager, on every
 * entry and exit: SVC's SP/LR/SPSR, which the host kernel runs on, and
 * the SP/LR/SPSR of Abort and Undefined mode, which an exception the
 * host takes writes (LR, SPSR) or stores into (SP: Linux's vector
 * stubs), and may take at any time it runs (a kprobe, a BUG or WARN, a
 * watchpoint). banked_lazy: IRQ mode's (the window keeps interrupts
 * masked: no IRQ can be taken there), SP_usr and the FIQ bank, which
 * nothing the host does in its interrupts-off window touches (see "the
 * lazy state" below). Base r1; uses r2-r12.
 */
.macro banked_rw dir, rt, reg
.ifc \dir, save
	mrs	\rt, \reg
.else
	msr	\reg, \rt
.endif
.endm

/* the block's loads before its writes (load), its store after its reads (save) */
.macro block dir, when, base, regs
.ifc \dir, \when
.ifc \dir, load
	ldm	\base, {\regs}
.else
	stm	\base, {\regs}
.endif
.endif
.endm

.macro banked_eager dir
	add	r1, r0, #CTX_GUEST_BANKED
	block	\dir, load, r1, "r2-r10"
	banked_rw \dir, r2, sp_svc
	banked_rw \dir, r3, lr_svc
	banked_rw \dir, r4, spsr_svc
	banked_rw \dir, r5, sp_abt
	banked_rw \dir, r6, lr_abt
	banked_rw \dir, r7, spsr_abt
	banked_rw \dir, r8, sp_und
	banked_rw \dir, r9, lr_und
	banked_rw \dir, r10, spsr_und
	block	\dir, save, r1, "r2-r10"
.endm

.macro banked_lazy dir
	add	r1, r0, #CTX_GUEST_BANKED_LAZY
	block	\dir, load, r1!, "r2-r7"
	banked_rw \dir, r2, sp_irq
	banked_rw \dir, r3, lr_irq
	banked_rw \dir, r4, spsr_irq
	banked_rw \dir, r5, sp_usr
	banked_rw \dir, r6, r8_fiq
	banked_rw \dir, r7, r9_fiq
	block	\dir, save, r1!, "r2-r7"
	block	\dir, load, r1, "r2-r7"
	banked_rw \dir, r2, r10_fiq
	banked_rw \dir, r3, r11_fiq
	banked_rw \dir, r4, r12_fiq
	banked_rw \dir, r5, sp_fiq
	banked_rw \dir, r6, lr_fiq
	banked_rw \dir, r7, spsr_fiq
	block	\dir, save, r1, "r2-r7"
.endm


/*
 * The host's side of the banked registers is smaller. Linux on ARMv7
 * enters IRQ, abort and undefined mode only in its vector stubs, which
 * store LR_<mode> and SPSR_<mode> before anything else (B1.8.3: both are
 * written on exception entry), and it loads SPSR_svc itself before each
 * exception return: those are scratch, as the host sees them after an
 * exit. SP_usr and LR_usr belong to the user thread, stored in pt_regs
 * on kernel entry and loaded from there on the way back; LR_usr is also
 * HYP's LR, kept on the HYP stack by hyp_trap. What stays live:
 *   - SP_svc and LR_svc of the caller: they move with the call depth, so
 *     they are saved on every entry (host_svc_save), with the two thread
 *     ID registers user space can change;
 *   - SP_abt, SP_und, SP_irq (each CPU's small exception stack, set when
 *     the CPU came up) and the FIQ mode's r8-r12 and SP (a FIQ handler's
 *     state): constant for a CPU, so saved once per load (host_cpu).
 *     SP_abt and SP_und are put back on every exit (host_svc_load),
 *     before any host code can take an exception; SP_irq and the FIQ
 *     registers at the end of the lazy window (host_irq_fiq), before
 *     interrupts are unmasked.
 * While the lazy state is the guest's, TPIDRURW in the hardware is the
 * guest's: the host's is only saved when it is not.
 */
.macro host_svc_save
	mrs	r2, sp_svc
	mrs	r3, lr_svc
	add	r1, r0, #CTX_HOST_SP_SVC
	stm	r1, {r2, r3}
	/*
	 * The thread ID registers may change between two VM_RUNs without
	 * a context switch: user space writes TPIDRURW at will, and a
	 * kernel that keeps the user's TLS in TPIDRURO sets it on set_tls.
	 */
	mrc	p15, 0, r2, c13, c0, 3		@ TPIDRURO
	str	r2, [r0, #(CTX_HOST_CP15 + CP15_TPIDRURO * 4)]
	ldr	r3, [r0, #CTX_LAZY]
	cmp	r3, #0
	mrceq	p15, 0, r2, c13, c0, 2		@ TPIDRURW
	streq	r2, [r0, #(CTX_HOST_CP15 + CP15_TPIDRURW * 4)]
.endm

.macro host_cpu dir
	add	r1, r0, #CTX_HOST_SP_ABT
	block	\dir, load, r1, "r2-r10"
	banked_rw \dir, r2, sp_abt
	banked_rw \dir, r3, sp_und
	banked_rw \dir, r4, sp_irq
	banked_rw \dir, r5, r8_fiq
	banked_rw \dir, r6, r9_fiq
	banked_rw \dir, r7, r10_fiq
	banked_rw \dir, r8, r11_fiq
	banked_rw \dir, r9, r12_fiq
	banked_rw \dir, r10, sp_fiq
	block	\dir, save, r1, "r2-r10"
.endm


.macro host_svc_load
	add	r1, r0, #CTX_HOST_SP_SVC
	ldm	r1, {r2-r5}
	msr	sp_svc, r2
	msr	lr_svc, r3
	msr	sp_abt, r4
	msr	sp_und, r5
.endm

.macro host_irq_fiq
	add	r1, r0, #CTX_HOST_SP_IRQ
	ldm	r1, {r2-r8}
	msr	sp_irq, r2
	msr	r8_fiq, r3
	msr	r9_fiq, r4
	msr	r10_fiq, r5
	msr	r11_fiq, r6
	msr	r12_fiq, r7
	msr	sp_fiq, r8
.endm

/*
 * ---- CP15 state (hyp_cp15.h) : base r1, advanced past the set; uses
 * r2-r11. One list per set serves both ways (dir = save or load): read
 * into registers, then one stm per ten words, or ldm, then the writes.
 * The slots' order in hyp_cp15.h is the order here.
 */
.macro cp15_rw dir, rt, opc1, crn, crm, opc2
.ifc \dir, save
	mrc	p15, \opc1, \rt, \crn, \crm, \opc2
.else
	mcr	p15, \opc1, \rt, \crn, \crm, \opc2
.endif
.endm

.macro cp15_rw64 dir, rlo, rhi, opc1, crm
.ifc \dir, save
	mrrc	p15, \opc1, \rlo, \rhi, \crm
.else
	mcrr	p15, \opc1, \rlo, \rhi, \crm
.endif
.endm


/* [0, CP15_LAZY): what the host kernel runs on; every entry and exit. */
.macro cp15_eager dir
	block	\dir, load, r1!, "r2-r11"
	cp15_rw	\dir, r2, 0, c1, c0, 0		@ SCTLR
	cp15_rw64 \dir, r3, r4, 0, c2		@ TTBR0
	cp15_rw64 \dir, r5, r6, 1, c2		@ TTBR1
	cp15_rw	\dir, r7, 0, c2, c0, 2		@ TTBCR
	cp15_rw	\dir, r8, 0, c3, c0, 0		@ DACR
	cp15_rw	\dir, r9, 0, c10, c2, 0		@ PRRR
	cp15_rw	\dir, r10, 0, c10, c2, 1	@ NMRR
	cp15_rw	\dir, r11, 0, c12, c0, 0	@ VBAR
	block	\dir, save, r1!, "r2-r11"
	block	\dir, load, r1!, "r2-r4"
	cp15_rw	\dir, r2, 0, c13, c0, 1		@ CONTEXTIDR
	cp15_rw	\dir, r3, 0, c13, c0, 3		@ TPIDRURO
	cp15_rw	\dir, r4, 0, c13, c0, 4		@ TPIDRPRW
	block	\dir, save, r1!, "r2-r4"
.endm

/*
 * [CP15_FAULT, CP15_LAZY): the guest's fault registers, every entry and
 * exit; the host's are scratch (hyp_cp15.h).
 */
.macro cp15_fault dir
	block	\dir, load, r1!, "r2-r7"
	cp15_rw	\dir, r2, 0, c5, c0, 0		@ DFSR
	cp15_rw	\dir, r3, 0, c5, c0, 1		@ IFSR
	cp15_rw	\dir, r4, 0, c5, c1, 0		@ ADFSR
	cp15_rw	\dir, r5, 0, c5, c1, 1		@ AIFSR
	cp15_rw	\dir, r6, 0, c6, c0, 0		@ DFAR
	cp15_rw	\dir, r7, 0, c6, c0, 2		@ IFAR
	block	\dir, save, r1!, "r2-r7"
.endm

/*
 * [CP15_LAZY, CP15_NR_HOST): the host's, but read only by its user space
 * (TPIDRURW, CNTKCTL's counter access) and its VFP code (CPACR); AMAIR
 * holds implementation-defined attributes Linux never changes.
 */
.macro cp15_hostlazy dir
	block	\dir, load, r1!, "r2-r6"
	cp15_rw	\dir, r2, 0, c1, c0, 2		@ CPACR
	cp15_rw	\dir, r3, 0, c10, c3, 0		@ AMAIR0
	cp15_rw	\dir, r4, 0, c10, c3, 1		@ AMAIR1
	cp15_rw	\dir, r5, 0, c13, c0, 2		@ TPIDRURW
	cp15_rw	\dir, r6, 0, c14, c1, 0		@ CNTKCTL
	block	\dir, save, r1!, "r2-r6"
.endm

/*
 * [CP15_NR_HOST, CP15_NR): switched for the guest only: PAR is read
 * by Linux right after its own AT operation, CSSELR right before the
 * CCSIDR read it selects.
 */
.macro cp15_scratch dir
	block	\dir, load, r1!, "r2-r4"
	cp15_rw	\dir, r2, 2, c0, c0, 0		@ CSSELR
	cp15_rw64 \dir, r3, r4, 0, c7		@ PAR
	block	\dir, save, r1!, "r2-r4"
.endm

/* ---- VFP/Advanced SIMD: r1 = struct arm_vfp *, uses r2 ------------------ */
.macro vfp_save
	vstmia	r1!, {d0-d15}
	vstmia	r1!, {d16-d31}
	vmrs	r2, fpscr
	str	r2, [r1]
.endm

.macro vfp_load
	vldmia	r1!, {d0-d15}
	vldmia	r1!, {d16-d31}
	ldr	r2, [r1]
	vmsr	fpscr, r2
.endm

/* ---- traps and the VM's translation regime (B1.14, B3.6) : r0 = ctx ---- */
/*
 * HCPTR, HDCR and CNTHCTL are HYP registers: only the lowvisor changes
 * them, so the host's values and the guest's (host | trap bits) are
 * computed once per load (host_load) and only written per entry/exit.
 */
.macro activate_traps
	ldr	r2, [r0, #CTX_HCR]
	mcr	p15, 4, r2, c1, c1, 0		@ HCR
	ldr	r2, [r0, #CTX_LD_HCPTR]
	mcr	p15, 4, r2, c1, c1, 2		@ HCPTR
	ldr	r2, [r0, #CTX_HSTR]
	mcr	p15, 4, r2, c1, c1, 3		@ HSTR
	ldr	r2, [r0, #CTX_LD_HDCR]
	mcr	p15, 4, r2, c1, c1, 1		@ HDCR
	ldr	r2, [r0, #CTX_LD_CNTHCTL]
	mcr	p15, 4, r2, c14, c1, 0		@ CNTHCTL
.endm

.macro deactivate_traps
	mov	r2, #0
	mcr	p15, 4, r2, c1, c1, 0		@ HCR
	mcr	p15, 4, r2, c1, c1, 3		@ HSTR
	ldr	r2, [r0, #CTX_HOST_HCPTR]
	mcr	p15, 4, r2, c1, c1, 2		@ HCPTR
	ldr	r2, [r0, #CTX_HOST_HDCR]
	mcr	p15, 4, r2, c1, c1, 1		@ HDCR
	ldr	r2, [r0, #CTX_HOST_CNTHCTL]
	mcr	p15, 4, r2, c14, c1, 0		@ CNTHCTL
.endm

/*
 * The host state that stays put while its thread stays in VM_RUN on this
 * CPU without being scheduled out: the CP15 state the switch touches
 * (TTBR0, CONTEXTIDR, TPIDRUR* change only on a context switch or in
 * userspace; the fault registers are only read right after a fault) and
 * the HYP trap registers, and the banked registers that are constant for
 * a CPU (host_cpu). The highvisor asks for it (r2 != 0) when that
 * may no longer hold.
 */
.macro host_load
	add	r1, r0, #CTX_HOST_CP15
	cp15_eager save
	add	r1, r0, #(CTX_HOST_CP15 + CP15_LAZY * 4)
	cp15_hostlazy save
	host_cpu save
	mrc	p15, 4, r2, c1, c1, 2		@ HCPTR
	bic	r2, r2, #HCPTR_VFP_TRAPS
	str	r2, [r0, #CTX_HOST_HCPTR]
	ldr	r3, [r0, #CTX_HCPTR]
	orr	r2, r2, r3
	str	r2, [r0, #CTX_LD_HCPTR]
	mrc	p15, 4, r2, c1, c1, 1		@ HDCR
	str	r2, [r0, #CTX_HOST_HDCR]
	ldr	r3, [r0, #CTX_HDCR]
	orr	r2, r2, r3
	str	r2, [r0, #CTX_LD_HDCR]
	/* The physical timer belongs to the host: PL1 access traps. */
	mrc	p15, 4, r2, c14, c1, 0		@ CNTHCTL
	orr	r2, r2, #CNTHCTL_PL1PCEN
	str	r2, [r0, #CTX_HOST_CNTHCTL]
	bic	r2, r2, #CNTHCTL_PL1PCEN
	str	r2, [r0, #CTX_LD_CNTHCTL]
.endm

.macro activate_vm
	ldr	r2, [r0, #CTX_VTCR]
	mcr	p15, 4, r2, c2, c1, 2		@ VTCR
	ldr	r2, [r0, #CTX_VTTBR]
	ldr	r3, [r0, #CTX_VTTBR + 4]
	mcrr	p15, 6, r2, r3, c2		@ VTTBR
.endm

.macro deactivate_vm
	/* Host translations are tagged VMID 0 (B3.9.3). */
	mov	r2, #0
	mov	r3, #0
	mcrr	p15, 6, r2, r3, c2		@ VTTBR
.endm

/*
 * ---- the lazy state ------------------------------------------------------
 * Between two entries the host kernel runs only vmm.ko's run loop, with
 * interrupts off. So after a trap the highvisor answers in that window
 * (an hvc or smc: PSCI, which reads and writes r0-r3 only; an access to
 * the in-kernel distributor through a register that is not banked: the
 * rule is hyp_exit_keeps_lazy() in hyp_exit.h), the
 * state no host code there reads or writes stays the guest's in the
 * hardware: CP15 [CP15_LAZY, CP15_NR) (CPACR, AMAIR, TPIDRURW, CNTKCTL,
 * CSSELR, PAR), IRQ mode's SP/LR/SPSR, SP_usr, the FIQ bank, VPIDR and
 * VMPIDR. ctx->lazy says
 * so; the next entry then loads only the eager part, and before the
 * window ends the highvisor calls HYP_FN_VCPU_PUT (vcpu_put_lazy), which
 * saves the guest's lazy state and gives the host its own back.
 * The window runs generic kernel code (wake-ups, cross-CPU calls) and may
 * take an exception (a kprobe, a BUG or WARN, a watchpoint): everything
 * such an exception writes or stores through is eager (banked_eager,
 * cp15_fault), so the host's own stacks are in place and the guest's
 * state is not touched. Interrupts are off (no IRQ mode), FIQs do not
 * reach a non-secure host on a GICv2, and no path there switches to user
 * mode.
 */
.macro guest_lazy_load
	add	r1, r0, #(CTX_GUEST_CP15 + CP15_LAZY * 4)
	cp15_hostlazy load
	cp15_scratch load
	banked_lazy load
	ldr	r2, [r0, #CTX_VPIDR]
	mcr	p15, 4, r2, c0, c0, 0		@ VPIDR
	ldr	r2, [r0, #CTX_VMPIDR]
	mcr	p15, 4, r2, c0, c0, 5		@ VMPIDR
.endm

.macro vcpu_put_lazy
	add	r1, r0, #(CTX_GUEST_CP15 + CP15_LAZY * 4)
	cp15_hostlazy save
	cp15_scratch save
	banked_lazy save
	add	r1, r0, #(CTX_HOST_CP15 + CP15_LAZY * 4)
	cp15_hostlazy load
	host_irq_fiq
	mrc	p15, 0, r2, c0, c0, 0		@ MIDR
	mcr	p15, 4, r2, c0, c0, 0		@ VPIDR
	mrc	p15, 0, r2, c0, c0, 5		@ MPIDR
	mcr	p15, 4, r2, c0, c0, 5		@ VMPIDR
	mov	r2, #0
	str	r2, [r0, #CTX_LAZY]
.endm

.macro timer_load_guest
	ldr	r2, [r0, #CTX_CNTV_CVAL]
	ldr	r3, [r0, #CTX_CNTV_CVAL + 4]
	mcrr	p15, 3, r2, r3, c14		@ CNTV_CVAL
	ldr	r2, [r0, #CTX_CNTVOFF]
	ldr	r3, [r0, #CTX_CNTVOFF + 4]
	mcrr	p15, 4, r2, r3, c14		@ CNTVOFF
	ldr	r2, [r0, #CTX_CNTV_CTL]
	mcr	p15, 0, r2, c14, c3, 1		@ CNTV_CTL
.endm

.macro timer_save_guest
	mrc	p15, 0, r2, c14, c3, 1		@ CNTV_CTL
	str	r2, [r0, #CTX_CNTV_CTL]
	mrrc	p15, 3, r2, r3, c14		@ CNTV_CVAL
	str	r2, [r0, #CTX_CNTV_CVAL]
	str	r3, [r0, #CTX_CNTV_CVAL + 4]
	/* A guest timer must not interrupt the host. */
	mov	r2, #0
	mcr	p15, 0, r2, c14, c3, 1
	/* The host's virtual counter is its physical one (vDSO readers). */
	mov	r3, #0
	mcrr	p15, 4, r2, r3, c14		@ CNTVOFF
.endm

/*
 * Host call HYP_FN_VCPU_RUN, r1 = struct hyp_vcpu_ctx *, r2 != 0: save the
 * host's per-load state first (host_load). hyp_trap pushed
 * the host's r0-r3, r12, lr; r4-r11 go on the HYP stack here. Returns to
 * the host (from hyp_guest_exit) with r0 = ARM_EXIT_*.
 */
	.global	hyp_vcpu_run
hyp_vcpu_run:
	push	{r4-r11}
	mov	r0, r1
	mcr	p15, 4, r0, c13, c0, 2		@ HTPIDR = ctx
	mrs	r3, elr_hyp
	str	r3, [r0, #CTX_HOST_ELR]
	mrs	r3, spsr
	str	r3, [r0, #CTX_HOST_SPSR]

	cmp	r2, #0
	beq	1f
	host_load
1:	host_svc_save

	ldr	r2, [r0, #CTX_LAZY]
	cmp	r2, #0
	bne	2f
	guest_lazy_load
2:	add	r1, r0, #CTX_GUEST_CP15
	cp15_eager load
	cp15_fault load
	banked_eager load
	mov	r2, #0
	str	r2, [r0, #CTX_VFP_LOADED]
	timer_load_guest
	activate_traps
	activate_vm
	isb

	ldr	r2, [r0, #CTX_GUEST_PC]
	msr	elr_hyp, r2
	ldr	r2, [r0, #CTX_GUEST_CPSR]
	msr	spsr_cxsf, r2
	ldr	lr, [r0, #CTX_GUEST_LR_USR]
	add	r0, r0, #CTX_GUEST_R0
	ldm	r0, {r0-r12}
	eret

/*
 * Host call HYP_FN_VCPU_PUT, r1 = struct hyp_vcpu_ctx *: the end of the
 * highvisor's window, see "the lazy state". hyp_trap pushed the host's
 * r0-r3, r12, lr. Returns r0 = 0.
 */
	.global	hyp_vcpu_put
hyp_vcpu_put:
	push	{r4-r11}
	mov	r0, r1
	ldr	r2, [r0, #CTX_LAZY]
	cmp	r2, #0
	beq	1f
	vcpu_put_lazy
	isb
1:	pop	{r4-r11}
	pop	{r0-r3, r12, lr}
	mov	r0, #0
	eret

/*
 * Exits from a guest: the guest's r0 and r1 are parked on the HYP stack
 * until its registers are stored, r1 = ARM_EXIT_*.
 */
	.global	hyp_guest_trap
hyp_guest_trap:
	push	{r0, r1}
	mov	r1, #ARM_EXIT_TRAP
	b	hyp_guest_exit

	.global	hyp_guest_irq
hyp_guest_irq:
	push	{r0, r1}
	mov	r1, #ARM_EXIT_IRQ
	b	hyp_guest_exit

	.global	hyp_guest_fiq
hyp_guest_fiq:
	push	{r0, r1}
	mov	r1, #ARM_EXIT_FIQ
	b	hyp_guest_exit

/*
 * The guest's r0-r12, then lr_usr, pc and cpsr (adjacent: hyp_ctx.h),
 * then hyp_exit_guest() (hyp_exit.c) decides what this exit needs and
 * returns HYP_EXIT_* bits, kept in r12 (no macro below uses it).
 */
hyp_guest_exit:
	mrc	p15, 4, r0, c13, c0, 2		@ HTPIDR = ctx
	add	r0, r0, #(CTX_GUEST_R0 + 8)
	stm	r0!, {r2-r12}
	mov	r2, lr
	mrs	r3, elr_hyp
	mrs	r4, spsr
	stm	r0, {r2-r4}			@ lr_usr, pc, cpsr
	sub	r0, r0, #CTX_GUEST_LR_USR
	pop	{r2, r3}
	str	r2, [r0, #CTX_GUEST_R0]
	str	r3, [r0, #(CTX_GUEST_R0 + 4)]
	mov	r4, r0
	bl	hyp_exit_guest			@ (ctx, exit code)
	mov	r12, r0
	mov	r0, r4
	tst	r12, #(HYP_EXIT_VFP | HYP_EXIT_RESUME)
	bne	hyp_guest_reenter

	add	r1, r0, #CTX_GUEST_CP15
	cp15_eager save
	cp15_fault save
	banked_eager save

	/* See "the lazy state": kept only when hyp_exit_guest says so. */
	tst	r12, #HYP_EXIT_LAZY
	bne	1f
	vcpu_put_lazy

	/*
	 * A data abort without a valid syndrome is decoded from the guest's
	 * instruction: translate its PC through the guest's stage 1 while
	 * that is still loaded (ATS1CPR, B4.2.6). PAR was saved just above.
	 */
	tst	r12, #HYP_EXIT_ATS
	beq	1f
	ldr	r2, [r0, #CTX_GUEST_PC]
	.global	hyp_guest_ats
hyp_guest_ats:
	mcr	p15, 0, r2, c7, c8, 0		@ ATS1CPR
	isb
	mrrc	p15, 0, r2, r3, c7		@ PAR
	.global	hyp_guest_ats_done
hyp_guest_ats_done:
	str	r2, [r0, #CTX_PAR_PC]
	str	r3, [r0, #(CTX_PAR_PC + 4)]
1:
	ldr	r2, [r0, #CTX_VFP_LOADED]
	cmp	r2, #0
	beq	2f
	/* The guest used VFP: park its registers, give the host its own. */
	vmrs	r2, fpexc
	str	r2, [r0, #(CTX_GUEST_VFP + VFP_FPEXC)]
	orr	r2, r2, #FPEXC_EN
	vmsr	fpexc, r2
	add	r1, r0, #CTX_GUEST_VFP
	vfp_save
	add	r1, r0, #CTX_HOST_VFP
	vfp_load
	ldr	r2, [r0, #(CTX_HOST_VFP + VFP_FPEXC)]
	vmsr	fpexc, r2
2:
	timer_save_guest
	deactivate_traps
	deactivate_vm

	add	r1, r0, #CTX_HOST_CP15
	cp15_eager load
	host_svc_load
	ldr	r2, [r0, #CTX_HOST_ELR]
	msr	elr_hyp, r2
	ldr	r2, [r0, #CTX_HOST_SPSR]
	msr	spsr_cxsf, r2
	isb
	ldr	r0, [r0, #CTX_EXIT_CODE]
	pop	{r4-r11}
	add	sp, sp, #4			@ the host's r0: replaced by the exit code
	pop	{r1-r3, r12, lr}
	eret

/*
 * Back into the guest without a world switch (r0 = ctx, r12 = the
 * action): after its first VFP/SIMD use since it was entered (HCPTR
 * trap), with the register file switched to the guest's, the
 * instruction retried; after a posted store, past it (ctx's PC).
 */
hyp_guest_reenter:
	tst	r12, #HYP_EXIT_VFP
	beq	1f
	mrc	p15, 4, r1, c1, c1, 2		@ HCPTR: let HYP and the guest in
	bic	r1, r1, #HCPTR_VFP_TRAPS
	mcr	p15, 4, r1, c1, c1, 2
	isb
	vmrs	r1, fpexc
	str	r1, [r0, #(CTX_HOST_VFP + VFP_FPEXC)]
	orr	r1, r1, #FPEXC_EN
	vmsr	fpexc, r1
	add	r1, r0, #CTX_HOST_VFP
	vfp_save
	add	r1, r0, #CTX_GUEST_VFP
	vfp_load
	ldr	r1, [r0, #(CTX_GUEST_VFP + VFP_FPEXC)]
	vmsr	fpexc, r1
	mov	r1, #1
	str	r1, [r0, #CTX_VFP_LOADED]
1:	ldr	r2, [r0, #CTX_GUEST_PC]
	msr	elr_hyp, r2
	ldr	lr, [r0, #CTX_GUEST_LR_USR]
	add	r0, r0, #CTX_GUEST_R0
	ldm	r0, {r0-r12}
	eret
	.ltorg
