/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host platform discovery: find the GICv2 virtualization interface and the
 * generic timer interrupts in the host's flattened device tree.
 *
 * The tree is reached only through struct hostdt_ops so the same code runs
 * on top of the Linux OF API in the module and on top of libfdt in the
 * native unit tests.
 */
#ifndef VMM_ARM_HOSTDT_H
#define VMM_ARM_HOSTDT_H

#include "vmm/types.h"

typedef uintptr_t dt_node;		/* 0 = no node */

/*
 * Nodes returned by find_compatible() and parent() carry a reference that
 * hostdt_probe() drops with put() once it is done with them.  Property
 * data must stay valid while the node is referenced.
 */
struct hostdt_ops {
	/* first node whose "compatible" list contains compat, or 0 */
	dt_node (*find_compatible)(void *ctx, const char *compat);
	dt_node (*parent)(void *ctx, dt_node node);	/* 0 at the root */
	/* raw property bytes (big-endian FDT cells), NULL if absent */
	const void *(*getprop)(void *ctx, dt_node node, const char *name,
			       int *lenp);
	void (*put)(void *ctx, dt_node node);	/* may be NULL */
};

struct vmm_host_platform {
	uint64_t gicd_base, gicd_size;	/* distributor */
	uint64_t gicc_base, gicc_size;	/* CPU interface */
	uint64_t gich_base, gich_size;	/* virtual interface control */
	uint64_t gicv_base, gicv_size;	/* virtual CPU interface */
	/* GIC INTIDs: PPI n is 16 + n, SPI n is 32 + n */
	uint32_t maint_intid;		/* maintenance interrupt */
	uint32_t vtimer_intid;		/* virtual timer PPI */
	uint32_t ptimer_intid;		/* non-secure phys timer PPI */
	uint32_t htimer_intid;		/* hyp timer PPI */
	char gic_compatible[32];	/* which compatible string matched */
};

/*
 * Fill *out from the host device tree.  Returns 0 on success; otherwise
 * -ENODEV (hardware we need is not described) or -EINVAL (the tree is
 * malformed or uses a layout we do not handle), *out is left untouched and
 * *why (if why is non-NULL) points to a static English sentence saying what
 * is missing.  On success *why is set to NULL.
 */
int hostdt_probe(const struct hostdt_ops *ops, void *ctx,
		 struct vmm_host_platform *out, const char **why);

#endif /* VMM_ARM_HOSTDT_H */
