/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A VM's run directory, RUNDIR_BASE/<vmname> (/run/bhyve/vm0): where bhyve
 * puts what other programs look for while the VM runs, such as the link
 * to its pty console (backend/pty.h). Both directories are made mode 0700
 * (only root runs bhyve); whoever puts something there removes it, and
 * the directory once empty, when bhyve exits.
 */
#ifndef BHYVE_RUNDIR_H
#define BHYVE_RUNDIR_H

#include <stddef.h>

#define RUNDIR_BASE "/run/bhyve"

/* Where the directories go; tests point it elsewhere. */
extern const char *rundir_base;

/*
 * The path of leaf in vmname's directory into buf, making the directories
 * that are missing. An existing one must be a directory (not a link) of
 * this user that no one else may write to. 0, or -1 and errno (ENOTDIR,
 * EPERM for one that is not ours or open to others, ENAMETOOLONG).
 */
int rundir_path(const char *vmname, const char *leaf, char *buf, size_t len);

#endif
