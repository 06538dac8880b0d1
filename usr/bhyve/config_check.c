// SPDX-License-Identifier: BSD-2-Clause
/* bhyve's configuration checks: see config_check.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bhyverun.h"
#include "config.h"
#include "config_check.h"
#include "devemu.h"
#include "errmsg.h"
#include "poweroff.h"
#include "slots.h"

/*
 * The variables bhyverun.c reads; virtio.* are slots.c's, the board's
 * devices' their models' (devemu.h), the boot's the machine's.
 */
static const char *const known_vars[] = {
	"name",	       "cpus",	       "memory.size", "destroy_on_poweroff",
	"config.dump", "halt_poll_ns",
};

int config_load_file(const char *path)
{
	unsigned int line;

	if (read_config_file(path, &line) == 0)
		return 0;
	if (line)
		errmsg("%s:%u: %s", path, line, config_strerror(errno));
	else
		errmsg("%s: %s", path,
		       errno == ENODEV ? config_strerror(errno) :
					 strerror(errno));
	return -1;
}

const char *config_top_var(unsigned int i)
{
	const size_t nknown = sizeof(known_vars) / sizeof(known_vars[0]);
	const struct devemu *de;
	const char *const *k;
	const char *v;
	unsigned int j;

	if (i < nknown)
		return known_vars[i];
	i -= nknown;
	for (j = 0; (v = bhyve_machdep_var(j)) != NULL; j++, i--)
		if (i == 0)
			return v;
	for (j = 0; (v = poweroff_var(j)) != NULL; j++, i--)
		if (i == 0)
			return v;
	for (j = 0; (de = devemu_at(j)) != NULL; j++) {
		if (de->de_kind != DEVEMU_FIXED || de->de_keys == NULL)
			continue;
		for (k = de->de_keys; *k != NULL; k++, i--)
			if (i == 0)
				return *k;
	}
	return NULL;
}

/* walk_config: 0, or 1 after one line about the variable */
static int check_var(const char *path, const char *value, void *arg)
{
	const char *v;
	unsigned int i;

	(void)value;
	(void)arg;
	if (strncmp(path, "virtio.", 7) == 0)
		return virtio_slot_key_check(path) < 0;
	for (i = 0; (v = config_top_var(i)) != NULL; i++)
		if (strcmp(path, v) == 0)
			return 0;
	errmsg_at(config_origin(path), "%s: unknown configuration variable",
		  path);
	return 1;
}

int config_check_vars(void)
{
	switch (walk_config(check_var, NULL)) {
	case 0:
		return 0;
	case 1:
		return -1;
	}
	errmsg("%s", strerror(errno));
	return -1;
}

int config_get_bool(const char *key, bool def, bool *val)
{
	if (get_config_bool_default(key, def, val) < 0) {
		errmsg_at(config_origin(key),
			  "%s: invalid value '%s' (expected true or false)",
			  key, get_config_value(key));
		return -1;
	}
	return 0;
}

int config_get_halt_poll(long long *ns)
{
	const char *s = get_config_value("halt_poll_ns");
	char *end;
	long long n;

	*ns = -1;
	if (s == NULL)
		return 0;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno || end == s || *end != '\0' || n < 0 || n > 0xffffffffll) {
		errmsg_at(config_origin("halt_poll_ns"),
			  "halt_poll_ns: invalid value '%s' (expected a number "
			  "of ns, 0 for off)",
			  s);
		return -1;
	}
	*ns = n;
	return 0;
}

int config_get_cpus(int max, int *ncpus)
{
	const char *s = get_config_value("cpus");
	char *end;
	long n;

	*ncpus = 1;
	if (s == NULL)
		return 0;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || end == s || *end != '\0' || n < 1) {
		errmsg_at(config_origin("cpus"),
			  "cpus: invalid value '%s' (expected a number >= 1)",
			  s);
		return -1;
	}
	if (n > max) {
		errmsg_at(config_origin("cpus"),
			  "cpus=%ld: at most %d vCPUs are supported", n, max);
		return -1;
	}
	*ncpus = (int)n;
	return 0;
}
