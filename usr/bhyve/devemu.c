// SPDX-License-Identifier: BSD-2-Clause
/*
 * The registry of device models (devemu.h) and the board's fixed
 * devices' life cycle. The set is read once, sorted, and never changes.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "devemu.h"
#include "errmsg.h"
#include "machine.h"

/* weak: a program may link no model at all (a unit test) */
extern const struct devemu *const __start_devemu_set[] __attribute__((weak));
extern const struct devemu *const __stop_devemu_set[] __attribute__((weak));

#define DEVEMU_MAX 64
#define FIXED_MAX  16

static const struct devemu *sorted[DEVEMU_MAX + 1];
static pthread_once_t sort_once = PTHREAD_ONCE_INIT;

/* what devemu_init_fixed made, for start and fini */
static struct {
	const struct devemu *de;
	void *sc;
} fixed[FIXED_MAX];
static unsigned int nfixed;

static int by_order(const void *a, const void *b)
{
	const struct devemu *x = *(const struct devemu *const *)a;
	const struct devemu *y = *(const struct devemu *const *)b;

	if (x->de_order != y->de_order)
		return x->de_order < y->de_order ? -1 : 1;
	return strcmp(x->de_name, y->de_name);
}

static void sort_set(void)
{
	const struct devemu *const *p;
	size_t n = 0;

	if (__start_devemu_set != NULL)
		for (p = __start_devemu_set; p < __stop_devemu_set &&
		     n < DEVEMU_MAX; p++)
			if (*p != NULL)
				sorted[n++] = *p;
	qsort(sorted, n, sizeof(sorted[0]), by_order);
}

const struct devemu *devemu_at(unsigned int i)
{
	pthread_once(&sort_once, sort_set);
	return i < DEVEMU_MAX ? sorted[i] : NULL;
}

const struct devemu *devemu_find(enum devemu_kind kind, const char *name)
{
	const struct devemu *de;
	unsigned int i;

	for (i = 0; (de = devemu_at(i)) != NULL; i++)
		if (de->de_kind == kind && strcmp(de->de_name, name) == 0)
			return de;
	return NULL;
}

bool devemu_has_key(const struct devemu *de, const char *key)
{
	const char *const *k;

	for (k = de->de_keys; k != NULL && *k != NULL; k++)
		if (strcmp(*k, key) == 0)
			return true;
	return false;
}

void devemu_names(enum devemu_kind kind, char *buf, size_t len)
{
	const struct devemu *de;
	unsigned int i;
	size_t used = 0;
	int n;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (i = 0; (de = devemu_at(i)) != NULL && used < len; i++) {
		if (de->de_kind != kind)
			continue;
		n = snprintf(buf + used, len - used, "%s%s",
			     used ? ", " : "", de->de_name);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

/* Where a -k file set one of de's variables (its checks name them). */
static const char *keys_origin(const struct devemu *de)
{
	const char *const *k;
	const char *o;

	for (k = de->de_keys; k != NULL && *k != NULL; k++)
		if ((o = config_origin(*k)) != NULL)
			return o;
	return NULL;
}

int devemu_check_fixed(void)
{
	const struct machine_dev *md;
	const struct devemu *de;
	char err[256];
	unsigned int i;

	for (i = 0; (md = machine_fixed_dev(i)) != NULL; i++) {
		de = devemu_find(DEVEMU_FIXED, md->name);
		if (de == NULL || de->de_check == NULL)
			continue;
		err[0] = '\0';
		if (de->de_check(err, sizeof(err)) < 0) {
			errmsg_at(keys_origin(de), "%s", err);
			return -1;
		}
	}
	return 0;
}

const struct devemu *devemu_var_owner(const char *path)
{
	const struct devemu *de;
	unsigned int i;

	for (i = 0; (de = devemu_at(i)) != NULL; i++)
		if (de->de_kind == DEVEMU_FIXED && devemu_has_key(de, path))
			return de;
	return NULL;
}

int devemu_init_fixed(struct vmctx *ctx)
{
	const struct machine_dev *md;
	const struct devemu *de;
	char err[256];
	struct devemu_args a = {
		.ctx = ctx, .err = err, .errlen = sizeof(err)
	};
	unsigned int i;

	for (i = 0; (md = machine_fixed_dev(i)) != NULL; i++) {
		de = devemu_find(DEVEMU_FIXED, md->name);
		if (de == NULL) {
			errmsg("%s: no such device model in this bhyve",
			       md->name);
			return -1;
		}
		if (nfixed == FIXED_MAX) {
			errmsg("%s: too many fixed devices", md->name);
			return -1;
		}
		a.base = md->base;
		a.intid = md->intid;
		err[0] = '\0';
		fixed[nfixed].de = de;
		fixed[nfixed].sc = NULL;
		if (de->de_init(&a, &fixed[nfixed].sc) < 0) {
			errmsg("%s", err);
			/* a half-made device is the model's to undo */
			return -1;
		}
		if (fixed[nfixed].sc != NULL)
			nfixed++;
	}
	return 0;
}

int devemu_start_fixed(void)
{
	char err[256];
	unsigned int i;

	for (i = 0; i < nfixed; i++) {
		if (fixed[i].de->de_start == NULL)
			continue;
		err[0] = '\0';
		if (fixed[i].de->de_start(fixed[i].sc, err, sizeof(err)) < 0) {
			errmsg("%s", err);
			return -1;
		}
	}
	return 0;
}

void devemu_fini_fixed(void)
{
	while (nfixed > 0) {
		nfixed--;
		if (fixed[nfixed].de->de_fini != NULL)
			fixed[nfixed].de->de_fini(fixed[nfixed].sc);
		fixed[nfixed].sc = NULL;
	}
}

int devemu_power_button(void)
{
	unsigned int i;
	int n = 0;

	for (i = 0; i < nfixed; i++)
		if (fixed[i].de->de_power_button != NULL &&
		    fixed[i].de->de_power_button(fixed[i].sc) == 0)
			n++;
	return n;
}
