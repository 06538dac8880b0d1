/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtual GICv2 (ARM IHI 0048B): an emulated distributor and the list
 * register (LR) allocator that feeds the hardware virtual CPU interface.
 *
 * Plain C with no OS calls, so it runs in the native unit tests. It never
 * touches hardware: the list registers and GICH control registers of each
 * vCPU live in struct vgic_lr_state, which the highvisor loads into GICH
 * before entering the guest and reads back after the exit.
 *
 * Locking is the caller's: one lock per VM held around every call here.
 * Calls that can make an interrupt deliverable return a mask of the vCPUs
 * that should be notified (woken from WFI, or kicked out of the guest so
 * that their list registers are refilled).
 */
#ifndef VMM_ARM_VGIC_H
#define VMM_ARM_VGIC_H

#include "vmm/types.h"

#define VGIC_MAX_CPUS	 8
#define VGIC_NR_SGIS	 16
#define VGIC_NR_PRIVATE	 32 /* SGIs + PPIs, banked per vCPU */
#define VGIC_NR_IRQS	 128 /* INTIDs 0..127: GICD_TYPER.ITLinesNumber 3 */
#define VGIC_NR_SPIS	 (VGIC_NR_IRQS - VGIC_NR_PRIVATE)
#define VGIC_MAX_LRS	 64 /* GICH_VTR.ListRegs is 6 bits */
#define VGIC_DIST_SIZE	 0x1000 /* registers; the guest's region may be larger */

/* GICH register images (GICv2 5.3) */
#define GICH_HCR_EN	(1u << 0)
#define GICH_HCR_UIE	(1u << 1)
#define GICH_HCR_NPIE	(1u << 3)
#define GICH_LR_VID(v)	((v) & 0x3ffu)
#define GICH_LR_CPUID_SHIFT 10 /* SGI source vCPU, bits [12:10] */
#define GICH_LR_EOI	(1u << 19) /* maintenance interrupt on EOI */
#define GICH_LR_PRIO_SHIFT 23 /* priority[7:3] in bits [27:23] */
#define GICH_LR_PENDING (1u << 28)
#define GICH_LR_ACTIVE	(1u << 29)
#define GICH_LR_GRP1	(1u << 30)
#define GICH_LR_HW	(1u << 31)
#define GICH_VMCR_PMR_SHIFT 27 /* VMPriMask = GICV_PMR[7:3] */

/*
 * One vCPU's GICH state, as the highvisor saves and loads it around a
 * guest entry (only the first nr_lrs list registers are meaningful).
 * vgic_sync() goes by the list registers' state bits alone; eisr records
 * which of them raised an EOI maintenance interrupt at the last exit.
 */
struct vgic_lr_state {
	uint32_t hcr;
	uint32_t vmcr;
	uint32_t apr;
	uint32_t eisr[2];
	uint32_t lr[VGIC_MAX_LRS];
};

/* Software state of one interrupt (private ones exist once per vCPU). */
struct vgic_irq {
	uint8_t priority;
	uint8_t targets; /* SPIs: GICD_ITARGETSR byte */
	bool enabled;
	bool edge; /* GICD_ICFGR: edge-triggered (SGIs always) */
	bool group1; /* GICD_IGROUPR */
	bool line; /* input level (level-sensitive interrupts) */
	bool latch; /* pending by an edge, GICD_ISPENDR or an SGI */
	bool active;
	int8_t lr; /* list register holding it, or -1 (not SGIs: see below) */
	union {
		uint8_t lr_cpu; /* ... on this vCPU */
		/* SGIs: the source after the one taken last (may be >= ncpus) */
		uint8_t sgi_next;
	};
	uint8_t sgi_sources; /* SGIs: bit n = pending from vCPU n */
};

/*
 * An SGI sits in at most one list register of its target, for one source
 * at a time (the VirtualIDs in the list registers are unique); its
 * vgic_irq.lr stays -1 and lr_intid/lr_source say where it is.
 */
struct vgic_cpu {
	struct vgic_irq priv[VGIC_NR_PRIVATE];
	struct vgic_lr_state hw;
	/* what each list register holds: INTID, and the SGI source */
	uint16_t lr_intid[VGIC_MAX_LRS];
	uint8_t lr_source[VGIC_MAX_LRS];
	/* d->gen at the last full flush; equal and no LR in use: nothing to do */
	uint32_t gen;
	/* interrupts put into a list register so far (statistics) */
	uint32_t injected;
	uint64_t lr_used; /* bit n: list register n holds an interrupt */
	/*
	 * bit n: the pending state of list register n stands for a latch
	 * (edge, GICD_ISPENDR, an SGI) taken from software when it was
	 * loaded; it goes back to software if the guest does not take it.
	 */
	uint64_t lr_latched;
	/* bit n: private interrupt n may be pending in software (vgic.c) */
	uint32_t hint;
};

struct vgic {
	unsigned int ncpus; /* vCPUs that exist (GICD_TYPER.CPUNumber + 1) */
	unsigned int nr_lrs; /* GICH_VTR.ListRegs + 1 on this host */
	bool enabled; /* GICD_CTLR.Enable */
	/*
	 * Bumped by every change of interrupt state (line, distributor
	 * write): a vCPU with no list register in use whose last flush saw
	 * this generation has nothing to deliver, and its entry skips the
	 * flush (vgic_flush_needed).
	 */
	uint32_t gen;
	/*
	 * Bit n of word w: SPI 32 + 32 * w + n may be pending in software.
	 * With vgic_cpu.hint a superset of what vgic_sw_pending() holds for:
	 * set wherever an interrupt may become pending, cleared only by a
	 * flush that finds it is not. Scans for candidates visit those only.
	 */
	uint32_t spi_hint[VGIC_NR_SPIS / 32];
	struct vgic_irq spi[VGIC_NR_SPIS];
	struct vgic_cpu cpu[VGIC_MAX_CPUS];
};

/* Reset state; ncpus <= VGIC_MAX_CPUS, 1 <= nr_lrs <= VGIC_MAX_LRS. */
int vgic_init(struct vgic *d, unsigned int ncpus, unsigned int nr_lrs);
/* The number of vCPUs can grow until the guest first runs. */
void vgic_set_ncpus(struct vgic *d, unsigned int ncpus);

/*
 * A distributor access by vCPU vcpu at byte offset off (< VGIC_DIST_SIZE)
 * of size 1, 2 or 4. Accesses the architecture does not define (reserved
 * offsets, halfwords, bytes to word-only registers) read as zero and
 * ignore writes. Writes return the vCPUs to notify.
 */
uint32_t vgic_dist_read(struct vgic *d, unsigned int vcpu, uint32_t off,
			unsigned int size);
uint32_t vgic_dist_write(struct vgic *d, unsigned int vcpu, uint32_t off,
			 unsigned int size, uint32_t val);

/*
 * An interrupt line from a device model (SPI, vcpu ignored) or a per-CPU
 * source such as the timer (PPI, on vcpu). Level-sensitive: level is the
 * line; edge-triggered: a rising level latches it pending. Returns the
 * vCPUs to notify; -1 (all ones) never: an invalid intid returns 0.
 */
uint32_t vgic_set_line(struct vgic *d, unsigned int vcpu, unsigned int intid,
		       bool level);

/*
 * Before entering vCPU vcpu: fill its list registers with its highest-
 * priority deliverable interrupts and set hw.hcr (enable, and the
 * maintenance interrupts needed to come back when more are waiting or a
 * level-sensitive one is EOIed).
 */
void vgic_flush(struct vgic *d, unsigned int vcpu);
/* Something changed since vcpu's last flush (a line, a distributor write). */
static inline bool vgic_changed(const struct vgic *d, unsigned int vcpu)
{
	return d->cpu[vcpu].gen != *(const volatile uint32_t *)&d->gen;
}

/*
 * Whether vgic_flush/vgic_sync have any work for vcpu. May be called
 * without the lock on a vCPU that is about to enter (already marked
 * running): a change racing with it notifies, and so kicks, that vCPU.
 */
static inline bool vgic_flush_needed(const struct vgic *d, unsigned int vcpu)
{
	return d->cpu[vcpu].lr_used || vgic_changed(d, vcpu);
}
/* After the exit: take back what the guest did with its list registers. */
void vgic_sync(struct vgic *d, unsigned int vcpu);

/*
 * Whether vCPU vcpu has an interrupt the virtual CPU interface would signal
 * (enabled, pending, targeted at it, group enabled and above its priority
 * mask): what ends a WFI.
 */
bool vgic_pending(const struct vgic *d, unsigned int vcpu);

#endif /* VMM_ARM_VGIC_H */
