/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio-mmio device slots (-s), after bhyve(8)'s -s slot,emulation[,conf]:
 * parse_slot_option() puts the option into the configuration tree, and
 * init_slots() creates each device (device.h) from it. The virtio models
 * provide these; until then slots_stub.c refuses -s.
 */
#ifndef BHYVE_SLOTS_H
#define BHYVE_SLOTS_H

struct vmctx;

/* -s OPT: 0, or -1 with a message already printed. */
int parse_slot_option(const char *opt);

/*
 * Creates and registers every configured slot's device, before the
 * device tree is built and the vCPUs start. 0, or -1 with a message.
 */
int init_slots(struct vmctx *ctx);

#endif
