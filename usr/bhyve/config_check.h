/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What bhyve accepts in its configuration (config.h), each refusal one
 * line on stderr that starts with "FILE:LINE: " when a -k file set the
 * variable: -k files, unknown variables, and the values bhyve itself
 * reads (the devices' and the machine's check their own).
 */
#ifndef BHYVE_CONFIG_CHECK_H
#define BHYVE_CONFIG_CHECK_H

#include <stdbool.h>

/* -k FILE: 0, or -1 after "FILE:LINE: problem" (or "FILE: problem"). */
int config_load_file(const char *path);

/*
 * Every variable is one bhyve reads (bhyverun.c's, a fixed device's, the
 * machine's, a virtio slot's): 0, or -1 after one line about the first
 * that is not.
 */
int config_check_vars(void);

/*
 * The i-th top-level variable bhyve reads (bhyverun.c's, the machine's,
 * the power button's, the board's devices'; not the virtio slots'), NULL
 * past the last: what config_check_vars accepts outside virtio., and
 * what bhyve_config(5) documents (tests/unit/test_manpages.c).
 */
const char *config_top_var(unsigned int i);

/* A boolean variable, def when unset: 0, or -1 after one line. */
int config_get_bool(const char *key, bool def, bool *val);

/*
 * halt_poll_ns: the VM's halt-polling limit in ns, -1 when unset (the
 * module's): 0, or -1 after one line.
 */
int config_get_halt_poll(long long *ns);

/* cpus: 1 when unset, at most max: 0, or -1 after one line. */
int config_get_cpus(int max, int *ncpus);

#endif
