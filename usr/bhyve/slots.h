/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio-mmio slots: -s SLOT,DEVICE[,OPTIONS] fills virtio.<slot>.*
 * (see slots.c for the variables), init_slots() creates the devices.
 */
#ifndef BHYVE_SLOTS_H
#define BHYVE_SLOTS_H

struct vmctx;
struct vq_mem;

/*
 * One -s argument into the configuration tree. 0, or -1 after printing
 * one line "bhyve: -s ARG: reason" on stderr.
 */
int parse_slot_option(const char *opt);

/*
 * path is a variable under "virtio.": 0 if a slot's device reads it,
 * else -1 after one line "bhyve: PATH: reason" on stderr (a malformed
 * or out-of-range slot, no device in that slot, an unknown device, a key
 * the device does not read).
 */
int virtio_slot_key_check(const char *path);

/*
 * Creates and registers (device_register) the device of every slot the
 * tree names, on guest RAM as vm_setup_memory(VM_MMAP_ALL) mapped it.
 * Call after vm_setup_memory and before the vCPUs start. 0, or -1 after
 * printing one line on stderr (bhyve then exits with status 4).
 */
int init_slots(struct vmctx *ctx, const char *vmname);

/* init_slots() on a given guest RAM window (mem must stay valid). */
int virtio_slots_create(const struct vq_mem *mem, const char *vmname);

/* Destroys the devices (after the vCPUs and the event loop stopped). */
void fini_slots(void);

#endif
