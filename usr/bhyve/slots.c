// SPDX-License-Identifier: BSD-2-Clause
/*
 * virtio-mmio slots, as bhyve users write them:
 *
 *	-s SLOT,DEVICE[,OPTION]...
 *
 * SLOT is 0-31; the machine says where its transport goes and which
 * interrupt it has (machine.h; on ARM 0x0a000000 + SLOT * 0x200, SPI
 * 16 + SLOT).
 * An OPTION is key=value, or a plain word: the first plain word is the
 * image of virtio-blk and the interface of virtio-net, any other plain
 * word is key=true ("ro", "stdio"). Examples:
 *
 *	-s 2,virtio-blk,/disk.img,ro
 *	-s 3,virtio-net,tap0,mac=02:00:00:00:00:01
 *	-s 4,virtio-console,path=/tmp/console.log
 *	-s 4,virtio-console,pty
 *	-s 5,virtio-rng
 *
 * Configuration variables (bhyve_config(5) style; -o and -k set them too);
 * each model lists the keys it reads in its descriptor, those of today:
 *
 *	virtio.<slot>.device   string  a DEVEMU_VIRTIO model's name
 *	                               (devemu.h): virtio-blk, virtio-net,
 *	                               virtio-console, virtio-rng
 *	virtio.<slot>.path     string  virtio-blk: raw image, a regular file
 *	                               or block device (required);
 *	                               virtio-console: output file or FIFO
 *	                               (dropped while the FIFO has no reader)
 *	virtio.<slot>.ro       bool    virtio-blk: read-only (false)
 *	virtio.<slot>.serial   string  virtio-blk: GET_ID answer, <= 20 bytes
 *	                               (default: derived from the path)
 *	virtio.<slot>.tap      string  virtio-net: tap interface (required)
 *	virtio.<slot>.mac      string  virtio-net: xx:xx:xx:xx:xx:xx (default:
 *	                               locally administered, from the VM name
 *	                               and the slot)
 *	virtio.<slot>.stdio    bool    virtio-console: use stdin/stdout
 *	virtio.<slot>.pty      bool    virtio-console: a pty, linked as
 *	                               /run/bhyve/<vm>/virtio-console.<slot>
 *	                               (at most one of stdio, pty and path)
 *
 * Any other variable under virtio. is an error (virtio_slot_key_check):
 * a slot that is not 0-31 written as -s writes it, a key its device does
 * not read, or a slot without a device, would otherwise be ignored.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmmapi.h"

#include "config.h"
#include "devemu.h"
#include "errmsg.h"
#include "machine.h"
#include "slots.h"
#include "dev/virtio_devs.h"

/* the virtio device models (devemu.h) */
static const struct devemu *find_type(const char *name)
{
	return devemu_find(DEVEMU_VIRTIO, name);
}

static const char *device_names(void)
{
	static char names[512];

	devemu_names(DEVEMU_VIRTIO, names, sizeof(names));
	return names;
}

static struct vmmio *slot_dev[VMMIO_MAX_SLOTS];
static struct vq_mem guest_ram;

static void __attribute__((format(printf, 2, 3)))
slot_err(const char *opt, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "bhyve: -s %s: ", opt);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* decimal 0-31, no sign, no blanks */
static int parse_slot(const char *s)
{
	if (s[0] < '0' || s[0] > '9')
		return -1;
	if (s[1] == '\0')
		return s[0] - '0';
	if (s[0] == '0' || s[1] < '0' || s[1] > '9' || s[2] != '\0')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0') < VMMIO_MAX_SLOTS ?
		       (s[0] - '0') * 10 + (s[1] - '0') :
		       -1;
}

static int set_slot_var(const char *opt, int slot, const char *key,
			const char *val)
{
	char path[64];

	snprintf(path, sizeof(path), "virtio.%d.%s", slot, key);
	if (set_config_value(path, val) < 0) {
		slot_err(opt, "cannot set %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * The options after SLOT,DEVICE: checked (apply false), then set (apply
 * true), so a bad line leaves the tree as it was.
 */
static int parse_options(const char *opt, int slot, const struct devemu *t,
			 const char *rest, bool apply)
{
	bool first = true;
	char *s, *tok, *eq, *save = NULL;
	int r = 0;

	s = strdup(rest);
	if (s == NULL) {
		slot_err(opt, "%s", strerror(errno));
		return -1;
	}
	for (tok = strtok_r(s, ",", &save); tok != NULL && r == 0;
	     tok = strtok_r(NULL, ",", &save)) {
		eq = strchr(tok, '=');
		if (eq == NULL && first && t->de_first_word != NULL) {
			first = false;
			if (apply)
				r = set_slot_var(opt, slot, t->de_first_word,
						 tok);
			continue;
		}
		if (eq != NULL)
			*eq++ = '\0';
		if (!devemu_has_key(t, tok)) {
			slot_err(opt, "unknown option '%.32s' for %s", tok,
				 t->de_name);
			r = -1;
		} else if (apply) {
			r = set_slot_var(opt, slot, tok,
					 eq != NULL ? eq : "true");
		}
	}
	free(s);
	return r;
}

int parse_slot_option(const char *opt)
{
	const struct devemu *t;
	char *s, *dev, *rest, key[32];
	const char *old;
	int slot, r = -1;

	s = strdup(opt);
	if (s == NULL) {
		slot_err(opt, "%s", strerror(errno));
		return -1;
	}
	dev = strchr(s, ',');
	if (dev != NULL)
		*dev++ = '\0';
	slot = parse_slot(s);
	if (slot < 0) {
		slot_err(opt, "bad slot '%.16s' (want 0-%d)", s,
			 VMMIO_MAX_SLOTS - 1);
		goto out;
	}
	if (dev == NULL || *dev == '\0' || *dev == ',') {
		slot_err(opt, "no device (want SLOT,DEVICE[,OPTIONS])");
		goto out;
	}
	rest = strchr(dev, ',');
	if (rest != NULL)
		*rest++ = '\0';
	t = find_type(dev);
	if (t == NULL) {
		slot_err(opt, "unknown device '%.32s' (one of %s)", dev,
			 device_names());
		goto out;
	}
	snprintf(key, sizeof(key), "virtio.%d.device", slot);
	old = get_config_value(key);
	if (old != NULL) {
		slot_err(opt, "slot %d is already used by %.32s", slot, old);
		goto out;
	}
	if (rest == NULL)
		rest = "";
	if (parse_options(opt, slot, t, rest, false) < 0 ||
	    set_slot_var(opt, slot, "device", t->de_name) < 0)
		goto out;
	r = parse_options(opt, slot, t, rest, true);
out:
	free(s);
	return r;
}

/* Where a -k file set the slot's device, or NULL. */
static const char *slot_origin(unsigned int slot)
{
	char key[32];

	snprintf(key, sizeof(key), "virtio.%u.device", slot);
	return config_origin(key);
}

static void unknown_device(unsigned int slot, const char *name)
{
	errmsg_at(slot_origin(slot),
		  "virtio.%u.device: unknown device '%.32s' (one of %s)", slot,
		  name, device_names());
}

int virtio_slot_key_check(const char *path)
{
	const char *where = config_origin(path);
	const struct devemu *t;
	const char *p, *dot, *dev;
	const char *const *k;
	char num[4], keys[256];
	size_t len, used;
	int slot = -1;

	dot = strncmp(path, "virtio.", 7) == 0 ? strchr(path + 7, '.') : NULL;
	if (dot == NULL) {
		errmsg_at(where,
			  "%s: not a slot's variable (want "
			  "virtio.<slot>.<key>)",
			  path);
		return -1;
	}
	p = path + 7;
	len = (size_t)(dot - p);
	if (len < sizeof(num)) {
		memcpy(num, p, len);
		num[len] = '\0';
		slot = parse_slot(num);
	}
	if (slot < 0) {
		errmsg_at(where, "%s: bad slot '%.*s' (want 0-%d)", path,
			  len > 16 ? 16 : (int)len, p, VMMIO_MAX_SLOTS - 1);
		return -1;
	}
	dev = virtio_slot_get((unsigned int)slot, "device");
	if (dev == NULL) {
		errmsg_at(where,
			  "%s: slot %d has no device (set "
			  "virtio.%d.device or use -s)",
			  path, slot, slot);
		return -1;
	}
	t = find_type(dev);
	if (t == NULL) {
		unknown_device((unsigned int)slot, dev);
		return -1;
	}
	if (strcmp(dot + 1, "device") == 0 || devemu_has_key(t, dot + 1))
		return 0;
	used = (size_t)snprintf(keys, sizeof(keys), "device");
	for (k = t->de_keys; *k != NULL && used < sizeof(keys); k++)
		used += (size_t)snprintf(keys + used, sizeof(keys) - used,
					 ", %s", *k);
	errmsg_at(where, "%s: unknown key '%.32s' for %s (known: %s)", path,
		  dot + 1, t->de_name, keys);
	return -1;
}

int virtio_slots_create(const struct vq_mem *mem, const char *vmname)
{
	char err[256];
	struct virtio_slot_args a = {
		.vmname = vmname, .mem = mem, .err = err, .errlen = sizeof(err)
	};
	const struct devemu *t;
	const char *name;
	unsigned int slot;
	uint64_t base;
	int intid;

	for (slot = 0; slot < VMMIO_MAX_SLOTS; slot++) {
		name = virtio_slot_get(slot, "device");
		if (name == NULL)
			continue;
		t = find_type(name);
		if (t == NULL) {
			unknown_device(slot, name);
			return -1;
		}
		a.slot = slot;
		err[0] = '\0';
		slot_dev[slot] = t->de_create(&a);
		if (slot_dev[slot] == NULL) {
			errmsg_at(slot_origin(slot), "slot %u (%s): %s", slot,
				  t->de_name, err);
			return -1;
		}
		if (machine_virtio_slot(slot, &base, &intid) < 0) {
			fprintf(stderr, "bhyve: slot %u (%s): the machine has "
				"no room for it\n", slot, t->de_name);
			return -1;
		}
		if (vmmio_attach(slot_dev[slot], slot, base, intid) < 0) {
			fprintf(stderr, "bhyve: slot %u (%s): cannot register "
				"its MMIO range: %s\n", slot, t->de_name,
				strerror(errno));
			return -1;
		}
	}
	return 0;
}

int init_slots(struct vmctx *ctx, const char *vmname)
{
	guest_ram.gpa = vm_get_lowmem_base(ctx);
	guest_ram.len = vm_get_lowmem_size(ctx);
	guest_ram.host = vm_map_gpa(ctx, guest_ram.gpa, guest_ram.len);
	if (guest_ram.host == NULL) {
		fprintf(stderr, "bhyve: virtio: guest RAM is not mapped in "
			"bhyve (VM_MMAP_ALL expected)\n");
		return -1;
	}
	return virtio_slots_create(&guest_ram, vmname);
}

void fini_slots(void)
{
	unsigned int slot;

	for (slot = 0; slot < VMMIO_MAX_SLOTS; slot++) {
		vmmio_destroy(slot_dev[slot]);
		slot_dev[slot] = NULL;
	}
}
