/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device models that register themselves. Each model's file puts one
 * descriptor in a linker set (DEVEMU_SET, FreeBSD's DATA_SET idea: the
 * linker gathers every entry of the "devemu_set" section between
 * __start_devemu_set and __stop_devemu_set), so adding a device is adding
 * its file: nothing else names it. bhyve finds a model by the name the
 * command line uses, validates configuration variables against the keys
 * the model lists, and calls its init function.
 *
 * Two kinds:
 * - DEVEMU_VIRTIO: a virtio device model behind a virtio-mmio transport,
 *   created per -s slot (slots.h); its keys are the variables under
 *   virtio.<slot>. it reads ("device" is implied).
 * - DEVEMU_FIXED: one of the board's own devices (the console UART, the
 *   RTC, the test device); the machine (machine.h) says where each goes,
 *   its keys are the top-level variables it reads.
 */
#ifndef BHYVE_DEVEMU_H
#define BHYVE_DEVEMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vmctx;
struct vmmio;
struct virtio_slot_args;

enum devemu_kind {
	DEVEMU_FIXED,
	DEVEMU_VIRTIO,
};

/* What a fixed device's init gets: where the machine puts it. */
struct devemu_args {
	struct vmctx *ctx;	/* NULL in unit tests */
	uint64_t base;		/* guest-physical address of its registers */
	int intid;		/* its interrupt (GIC INTID), or -1 */
	char *err;		/* one line (no newline) on failure */
	size_t errlen;
};

struct devemu {
	const char *de_name;	/* as -s spells it, e.g. "virtio-blk" */
	enum devemu_kind de_kind;
	/*
	 * Where the model comes in lists (the "one of ..." of an unknown
	 * device): lower first, then by name.
	 */
	int de_order;
	const char *const *de_keys; /* the variables it reads, NULL-ended */

	/* DEVEMU_VIRTIO */
	const char *de_first_word;  /* key of -s's first plain word, or NULL */
	/* the model, not attached; NULL and one line in a->err on failure */
	struct vmmio *(*de_create)(const struct virtio_slot_args *a);

	/* DEVEMU_FIXED (each optional but init) */
	/* its variables, before the VM exists: 0, or -1 with err set */
	int (*de_check)(char *err, size_t errlen);
	/*
	 * Creates and registers it (device.h) as a says: 0 with *scp its
	 * softc, or NULL when its variables leave it out; -1 with a->err.
	 */
	int (*de_init)(const struct devemu_args *a, void **scp);
	/* just before the vCPUs start: 0, or -1 with err set */
	int (*de_start)(void *sc, char *err, size_t errlen);
	/* after the vCPUs and the event loop stopped */
	void (*de_fini)(void *sc);
	/*
	 * The machine's power button was pressed (a polite power-off
	 * request, poweroff.h), from the event loop: 0 if this device
	 * passed it to the guest, -1 and errno if not.
	 */
	int (*de_power_button)(void *sc);
};

#define DEVEMU_SET(de)                                                       \
	static const struct devemu *const __devemu_set_##de                  \
		__attribute__((section("devemu_set"), used,                  \
			       aligned(sizeof(void *)))) = &(de)

/* Every registered model, sorted by (de_order, de_name); NULL past the end. */
const struct devemu *devemu_at(unsigned int i);
/* The model of that kind and name, or NULL. */
const struct devemu *devemu_find(enum devemu_kind kind, const char *name);
/* Whether key is one of de's variables. */
bool devemu_has_key(const struct devemu *de, const char *key);
/* The names of that kind, "a, b, c", into buf (truncated to fit). */
void devemu_names(enum devemu_kind kind, char *buf, size_t len);

/*
 * The board's fixed devices (machine.h), in its order. check: every
 * device's de_check (one line on stderr for the first that fails).
 * var_owner: the fixed device that reads top-level variable path, or
 * NULL. init: creates them, 0 or -1 after one line on stderr; fini
 * destroys those init made (also after a failed init). start: their
 * de_start.
 */
int devemu_check_fixed(void);
const struct devemu *devemu_var_owner(const char *path);
int devemu_init_fixed(struct vmctx *ctx);
int devemu_start_fixed(void);
void devemu_fini_fixed(void);
/* Press the power button of every fixed device that has one: how many took it. */
int devemu_power_button(void);

#endif
