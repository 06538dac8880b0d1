/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The world switch: host -> guest in hyp_vcpu_run, guest -> host in
 * hyp_guest_exit. Each step is a small macro; the order follows what the
 * next step needs (a guest's CP15 state must be saved before the address
 * translation that uses it, host state loaded only after the guest's is
 * stored). HTPIDR holds the running vCPU's context pointer.
 */
#include "../../arm/arm_arch.h"
#include "../../arm/hyp_abi.h"
#include "../../arm/hyp_cp15.h"
#include "hyp_offsets.h"

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
 * the in-kernel distributor through a register that is not banked), the
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
 * Exits from a guest. r0 and r1 are parked on the HYP stack until the
 * guest's registers are stored.
 */
	.global	hyp_guest_trap
hyp_guest_trap:
	push	{r0, r1}
	/* VFP/SIMD first use (HCPTR trap) is served here, no host round trip. */
	mrc	p15, 4, r1, c5, c2, 0		@ HSR
	lsr	r0, r1, #HSR_EC_SHIFT
	cmp	r0, #HSR_EC_HCPTR
	beq	hyp_guest_vfp
	/* a store with a syndrome may be a posted one (hyp_guest_dabt) */
	cmp	r0, #HSR_EC_DABT_LOWER
	bne	hyp_guest_trap_exit
	tst	r1, #DABT_ISS_ISV
	tstne	r1, #DABT_ISS_WNR
	bne	hyp_guest_dabt
hyp_guest_trap_exit:
	mov	r1, #ARM_EXIT_TRAP
	b	hyp_guest_exit

/*
 * A data abort (r0, r1 on the stack): a store the syndrome describes
 * into one of the VM's coalesced MMIO zones is posted here, into the
 * ring of the vCPU's run page, and the guest goes on after it; no world
 * switch. Only the plain case: ISV (B3.13.6: a single register, no
 * writeback), a write, not a stage-1 walk or cache maintenance, r0-r12
 * as the source, little-endian data, outside an IT block, an IPA below
 * 4 GiB, room in the ring. Anything else goes the usual way, where the
 * highvisor does the same for what it can.
 */
hyp_guest_dabt:
	pop	{r0, r1}
	push	{r0-r12}			@ [sp, #4 * n] = the guest's rn
	mrc	p15, 4, r2, c5, c2, 0		@ HSR
	tst	r2, #(DABT_ISS_S1PTW | DABT_ISS_CM)
	bne	9f
	ubfx	r3, r2, #DABT_ISS_SAS_SHIFT, #2
	cmp	r3, #DABT_ISS_SAS_RESERVED
	beq	9f
	ubfx	r4, r2, #DABT_ISS_SRT_SHIFT, #4
	cmp	r4, #12
	bhi	9f
	mrs	r5, spsr			@ the guest's CPSR
	tst	r5, #PSR_E
	bne	9f
	tst	r5, #PSR_T			@ then no IT block (A2.5.2)
	beq	1f
	tst	r5, #PSR_IT_LO
	bne	9f
	tst	r5, #PSR_IT_HI
	bne	9f
1:	mrc	p15, 4, r6, c6, c0, 4		@ HPFAR: IPA[39:12] in [31:4]
	lsrs	r7, r6, #24
	bne	9f
	lsl	r6, r6, #8
	bfc	r6, #0, #12
	mrc	p15, 4, r7, c6, c0, 0		@ HDFAR
	ubfx	r7, r7, #0, #12
	orr	r6, r6, r7			@ r6 = IPA
	mov	r7, #1
	lsl	r3, r7, r3			@ r3 = size in bytes
	mrc	p15, 4, r0, c13, c0, 2		@ HTPIDR = ctx
	ldr	r8, [r0, #CTX_CZ_N]
	add	r9, r0, #CTX_CZ_ZONE
2:	subs	r8, r8, #1
	bmi	9f
	ldm	r9!, {r10, r11}			@ gpa, len
	sub	r10, r6, r10			@ offset in the zone, unsigned
	cmp	r10, r11
	bhs	2b
	sub	r11, r11, r10
	cmp	r3, r11				@ the whole access inside
	bhi	2b
	ldr	r8, [r0, #CTX_CZ_COUNT]
	cmp	r8, #RUNPAGE_RING_MAX
	bhs	9f
	ldr	r9, [r0, #CTX_CZ_PAGE]
	cmp	r9, #0
	beq	9f
	ldr	r10, [sp, r4, lsl #2]		@ the stored register
	lsl	r11, r3, #3
	rsb	r11, r11, #32
	lsl	r10, r10, r11			@ only its low size bytes
	lsr	r10, r10, r11
	mov	r1, #RUNPAGE_ENTRY_SIZE
	mla	r1, r8, r1, r9
	add	r1, r1, #RUNPAGE_RING		@ the ring's next entry
	mov	r7, #0
	mov	r11, #0
	strd	r6, r7, [r1, #RING_GPA]
	strd	r10, r11, [r1, #RING_DATA]
	str	r3, [r1, #RING_SIZE]
	str	r7, [r1, #RING_PAD]
	add	r8, r8, #1
	str	r8, [r0, #CTX_CZ_COUNT]
	str	r8, [r9, #RUNPAGE_NCOALESCED]
	mrs	r10, elr_hyp			@ past the store
	tst	r2, #HSR_IL
	addne	r10, r10, #4
	addeq	r10, r10, #2
	msr	elr_hyp, r10
	pop	{r0-r12}
	eret
9:	pop	{r0-r12}
	push	{r0, r1}
	b	hyp_guest_trap_exit

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

hyp_guest_exit:
	mrc	p15, 4, r0, c13, c0, 2		@ HTPIDR = ctx
	str	r1, [r0, #CTX_EXIT_CODE]
	add	r1, r0, #(CTX_GUEST_R0 + 8)
	stm	r1, {r2-r12}
	pop	{r2, r3}
	str	r2, [r0, #CTX_GUEST_R0]
	str	r3, [r0, #(CTX_GUEST_R0 + 4)]
	str	lr, [r0, #CTX_GUEST_LR_USR]
	mrs	r2, elr_hyp
	str	r2, [r0, #CTX_GUEST_PC]
	mrs	r2, spsr
	str	r2, [r0, #CTX_GUEST_CPSR]

	/*
	 * Fault registers only for a trap that needs them: HDFAR/HPFAR for
	 * a data abort, HIFAR/HPFAR for a prefetch abort (B3.13.6).
	 */
	ldr	r1, [r0, #CTX_EXIT_CODE]
	cmp	r1, #ARM_EXIT_TRAP
	bne	4f
	mrc	p15, 4, r1, c5, c2, 0		@ HSR
	str	r1, [r0, #CTX_HSR]
	lsr	r1, r1, #HSR_EC_SHIFT
	cmp	r1, #HSR_EC_DABT_LOWER
	mrceq	p15, 4, r2, c6, c0, 0		@ HDFAR
	streq	r2, [r0, #CTX_HDFAR]
	cmp	r1, #HSR_EC_PABT_LOWER
	mrceq	p15, 4, r2, c6, c0, 2		@ HIFAR
	streq	r2, [r0, #CTX_HIFAR]
	cmpne	r1, #HSR_EC_DABT_LOWER
	mrceq	p15, 4, r2, c6, c0, 4		@ HPFAR
	streq	r2, [r0, #CTX_HPFAR]
4:
	add	r1, r0, #CTX_GUEST_CP15
	cp15_eager save
	cp15_fault save
	banked_eager save

	/*
	 * The lazy state stays the guest's after an hvc or smc (PSCI, which
	 * reads and writes r0-r3) and after a data abort with a syndrome on
	 * the distributor's page whose transfer register is not banked (r0-
	 * r12, r8-r12 not in FIQ mode): both are answered in the highvisor's
	 * interrupts-off window without touching the rest. After anything
	 * else the host gets its own back. HPFAR is only fresh for an abort:
	 * its match is checked first (the cheap test for the MMIO exits that
	 * go on to userspace), the exception class and the register after.
	 */
	ldr	r2, [r0, #CTX_EXIT_CODE]
	cmp	r2, #ARM_EXIT_TRAP
	bne	5f
	ldr	r3, [r0, #CTX_HSR]
	lsr	r2, r3, #HSR_EC_SHIFT
	cmp	r2, #HSR_EC_HVC
	cmpne	r2, #HSR_EC_SMC
	moveq	r2, #1
	streq	r2, [r0, #CTX_LAZY]
	beq	1f
	ldr	r4, [r0, #CTX_HPFAR]
	ldr	r5, [r0, #CTX_LAZY_HPFAR]
	cmp	r4, r5
	bne	5f
	cmp	r2, #HSR_EC_DABT_LOWER
	bne	5f
	tst	r3, #DABT_ISS_ISV
	beq	5f
	ubfx	r4, r3, #DABT_ISS_SRT_SHIFT, #4
	cmp	r4, #12
	bhi	5f
	ldr	r5, [r0, #CTX_GUEST_CPSR]
	and	r5, r5, #PSR_MODE_MASK
	cmp	r5, #PSR_MODE_FIQ		@ its own r8-r12
	bne	7f
	cmp	r4, #7
	bhi	5f
7:	mov	r2, #1
	str	r2, [r0, #CTX_LAZY]
	b	1f
5:	vcpu_put_lazy

	/*
	 * A data abort without a valid syndrome (HSR.ISV) is decoded
	 * from the guest's instruction: translate its PC through the guest's
	 * stage 1 while that is still loaded (ATS1CPR, B4.2.6). PAR was
	 * saved just above.
	 */
	ldr	r2, [r0, #CTX_EXIT_CODE]
	cmp	r2, #ARM_EXIT_TRAP
	bne	1f
	ldr	r2, [r0, #CTX_HSR]
	tst	r2, #DABT_ISS_ISV
	bne	1f
	lsr	r2, r2, #HSR_EC_SHIFT
	cmp	r2, #HSR_EC_DABT_LOWER
	bne	1f
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
 * First VFP/SIMD use by the guest since it was entered (HCPTR trap):
 * switch the register file to the guest's and retry the instruction.
 * r0, r1 are on the stack.
 */
hyp_guest_vfp:
	push	{r2}
	mrc	p15, 4, r0, c13, c0, 2		@ HTPIDR = ctx
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
	pop	{r2}
	pop	{r0, r1}
	eret
	.ltorg
