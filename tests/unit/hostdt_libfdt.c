/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * struct hostdt_ops on top of libfdt.  The blob is read-only, so property
 * pointers stay valid for as long as the blob does; references are only
 * counted so tests can check hostdt_probe() puts every node it gets.
 */
#include <stdio.h>
#include <stdlib.h>

#include <libfdt.h>

#include "hostdt_libfdt.h"

static int to_off(dt_node node)
{
	return (int)node - 1;
}

static dt_node to_node(struct hostdt_fdt *h, int off)
{
	if (off < 0)
		return 0;
	h->refs++;
	return (dt_node)off + 1;
}

static dt_node lf_find_compatible(void *ctx, const char *compat)
{
	struct hostdt_fdt *h = ctx;

	return to_node(h, fdt_node_offset_by_compatible(h->fdt, -1, compat));
}

static dt_node lf_parent(void *ctx, dt_node node)
{
	struct hostdt_fdt *h = ctx;
	int off = to_off(node);

	if (!node || off == 0)
		return 0;	/* the root has no parent */
	return to_node(h, fdt_parent_offset(h->fdt, off));
}

static const void *lf_getprop(void *ctx, dt_node node, const char *name,
			      int *lenp)
{
	struct hostdt_fdt *h = ctx;
	const void *prop;
	int len = 0;

	if (!node) {
		*lenp = 0;
		return NULL;
	}
	prop = fdt_getprop(h->fdt, to_off(node), name, &len);
	*lenp = prop ? len : 0;
	return prop;
}

static void lf_put(void *ctx, dt_node node)
{
	struct hostdt_fdt *h = ctx;

	if (!node || h->refs <= 0)
		h->bad_puts++;
	else
		h->refs--;
}

const struct hostdt_ops hostdt_libfdt_ops = {
	.find_compatible = lf_find_compatible,
	.parent = lf_parent,
	.getprop = lf_getprop,
	.put = lf_put,
};

int hostdt_fdt_init(struct hostdt_fdt *h, const void *blob, size_t size)
{
	memset(h, 0, sizeof(*h));
	if (!blob || size < FDT_V17_SIZE || fdt_check_full(blob, size))
		return -EINVAL;
	h->fdt = blob;
	return 0;
}

void *hostdt_fdt_load(const char *path, size_t *sizep)
{
	FILE *f;
	char *buf = NULL;
	long size;

	f = fopen(path, "rb");
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET))
		goto out;
	buf = malloc((size_t)size);
	if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		*sizep = (size_t)size;
out:
	fclose(f);
	return buf;
}
