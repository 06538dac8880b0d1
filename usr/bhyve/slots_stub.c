// SPDX-License-Identifier: BSD-2-Clause
/*
 * Placeholder for the virtio-mmio slots (slots.h) until the virtio
 * models land; they replace this file.
 */
#include <stdio.h>

#include "slots.h"

int parse_slot_option(const char *opt)
{
	fprintf(stderr, "bhyve: -s %s: virtio devices are not built yet\n",
		opt);
	return -1;
}

int init_slots(struct vmctx *ctx)
{
	(void)ctx;
	return 0; /* no slots configured: nothing to do */
}
