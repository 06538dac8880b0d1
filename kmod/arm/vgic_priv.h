/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the two halves of the virtual GIC share: vgic.c (interrupt state and
 * list registers) and vgic_dist.c (the distributor's registers). Not an
 * interface for anything else; see vgic.h for that.
 */
#ifndef VMM_ARM_VGIC_PRIV_H
#define VMM_ARM_VGIC_PRIV_H

#include "vgic.h"

#define GICH_LR_STATE	(GICH_LR_PENDING | GICH_LR_ACTIVE)

static inline bool vgic_is_sgi(unsigned int intid)
{
	return intid < VGIC_NR_SGIS;
}

/* The vCPUs that exist, as a mask. */
static inline uint32_t vgic_cpus_mask(const struct vgic *d)
{
	return (1u << d->ncpus) - 1;
}

/*
 * The state of interrupt intid as seen from vCPU bank (which selects the
 * copy of an SGI or PPI); NULL for an INTID that does not exist or a bank
 * that is not a vCPU.
 */
static inline struct vgic_irq *vgic_irq(struct vgic *d, unsigned int bank,
					unsigned int intid)
{
	if (intid >= VGIC_NR_IRQS)
		return NULL;
	if (intid >= VGIC_NR_PRIVATE)
		return &d->spi[intid - VGIC_NR_PRIVATE];
	if (bank >= d->ncpus)
		return NULL;
	return &d->cpu[bank].priv[intid];
}

static inline const struct vgic_irq *vgic_irq_c(const struct vgic *d,
						unsigned int bank,
						unsigned int intid)
{
	return vgic_irq((struct vgic *)d, bank, intid);
}

/*
 * Pending in software, not counting a list register: an SGI from some
 * source, an edge latch, or a level line that is high or latched by
 * GICD_ISPENDR (the pending logic of IHI 0048B 4.3.7/4.3.8).
 */
static inline bool vgic_sw_pending(const struct vgic_irq *irq,
				   unsigned int intid)
{
	if (vgic_is_sgi(intid))
		return irq->sgi_sources != 0;
	return irq->latch || (!irq->edge && irq->line);
}

/* Interrupt intid (of bank, if private) may now be pending: vgic.h. */
static inline void vgic_hint(struct vgic *d, unsigned int bank,
			     unsigned int intid)
{
	unsigned int i = intid - VGIC_NR_PRIVATE;

	if (intid >= VGIC_NR_PRIVATE)
		d->spi_hint[i / 32] |= 1u << (i % 32);
	else if (bank < VGIC_MAX_CPUS)
		d->cpu[bank].hint |= 1u << intid;
}

/* Any interrupt may now be pending: the next scans look at them all. */
static inline void vgic_hint_all(struct vgic *d)
{
	unsigned int i;

	for (i = 0; i < VGIC_MAX_CPUS; i++)
		d->cpu[i].hint = ~0u;
	for (i = 0; i < VGIC_NR_SPIS / 32; i++)
		d->spi_hint[i] = ~0u;
}

int vgic_target(const struct vgic *d, unsigned int bank, unsigned int intid,
		const struct vgic_irq *irq);
uint32_t vgic_notify_mask(const struct vgic *d, unsigned int bank,
			  unsigned int intid, const struct vgic_irq *irq);
uint32_t vgic_work_mask(const struct vgic *d);
uint32_t vgic_lr_pending(const struct vgic *d, unsigned int bank,
			 unsigned int intid, const struct vgic_irq *irq);
bool vgic_unpend(struct vgic *d, unsigned int bank, unsigned int intid,
		 struct vgic_irq *irq, uint8_t sources);
void vgic_set_active(struct vgic *d, unsigned int bank, unsigned int intid,
		     struct vgic_irq *irq, bool active);

#endif /* VMM_ARM_VGIC_PRIV_H */
