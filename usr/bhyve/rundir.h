/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A VM's run directory, RUNDIR_BASE/<vmname> (/run/bhyve/vm0): where bhyve
 * puts what other programs look for while the VM runs, such as the link
 * to its pty console (backend/pty.h) and bhyve's pid ("pid"). Both directories are made mode 0700
 * (only root runs bhyve); whoever puts something there removes it, and
 * the directory once empty, when bhyve exits.
 */
#ifndef BHYVE_RUNDIR_H
#define BHYVE_RUNDIR_H

#include <stddef.h>

#include "vmmapi.h"

#define RUNDIR_BASE VMM_RUN_DIR /* what bhyvectl looks in too */

/* Where the directories go; tests point it elsewhere. */
extern const char *rundir_base;

/*
 * The path of leaf in vmname's directory into buf, making the directories
 * that are missing. An existing one must be a directory (not a link) of
 * this user that no one else may write to. 0, or -1 and errno (ENOTDIR,
 * EPERM for one that is not ours or open to others, ENAMETOOLONG).
 */
int rundir_path(const char *vmname, const char *leaf, char *buf, size_t len);

/*
 * vmname's pid file: this process's pid and a newline, in path (len
 * bytes), written under a temporary name and renamed, so a reader never
 * sees half of it. 0, or -1 and errno.
 */
int rundir_write_pid(const char *vmname, char *path, size_t len);

/* Removes path, and its directory if that leaves it empty. */
void rundir_remove(const char *path);

#endif
