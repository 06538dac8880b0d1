// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0)
/* The host device tree for kmod/arm/hostdt.c, read through Linux's OF API. */
#include <linux/of.h>

#include "vmm/os.h"
#include "arm/arm_os.h"
#include "arm/hostdt.h"

static dt_node lx_find_compatible(void *ctx, const char *compat)
{
	return (dt_node)of_find_compatible_node(NULL, NULL, compat);
}

static dt_node lx_parent(void *ctx, dt_node node)
{
	return (dt_node)of_get_parent((struct device_node *)node);
}

static const void *lx_getprop(void *ctx, dt_node node, const char *name,
			      int *lenp)
{
	return of_get_property((struct device_node *)node, name, lenp);
}

static void lx_put(void *ctx, dt_node node)
{
	of_node_put((struct device_node *)node);
}

static const struct hostdt_ops lx_hostdt_ops = {
	.find_compatible = lx_find_compatible,
	.parent = lx_parent,
	.getprop = lx_getprop,
	.put = lx_put,
};

const struct hostdt_ops *arm_os_hostdt(void **ctx)
{
	*ctx = NULL;
	return of_have_populated_dt() ? &lx_hostdt_ops : NULL;
}
