/* SPDX-License-Identifier: BSD-2-Clause */
/* What bhyvectl's ARM part (arm/bhyvectl_machdep.c) knows: registers, the GIC, HYP. */
#ifndef BHYVECTL_H
#define BHYVECTL_H

#include <stdbool.h>
#include <sys/types.h>

#include "vmmapi.h"

/* --get-REG / --set-REG: the names of enum vm_reg_name. */
extern const char *const reg_names[VM_REG_LAST];

/* --capabilities: the architecture's lines (the host's GIC, VMIDs). */
void print_arch_caps(const struct vmm_arch_caps *c);
/* --hyp-ping: whether a CPU's answer came from HYP mode, and its line. */
bool hyp_cpu_ok(const struct vmm_arch_hyp_cpu *c);
void print_hyp_cpu(const struct vmm_arch_hyp_cpu *c);

/* ---- VMs as services (vmlist.c) ------------------------------------- */

/* The pid of the bhyve that runs vm (/run/bhyve/vm/pid), or 0. */
pid_t vm_bhyve_pid(const char *vm);
/* How many vCPUs that bhyve runs (its threads), or 0. */
int vm_bhyve_ncpus(pid_t pid);
/* --list: every VM, whether a bhyve runs it, vCPUs, memory. */
int list_vms(void);
/* --request-poweroff: SIGTERM to vm's bhyve (its power button). */
int request_poweroff(const char *vm);

/* ---- --top (top.c) --------------------------------------------------- */

struct top_opts {
	const char *vm;
	double interval; /* seconds */
	long count; /* frames, 0: until interrupted */
	const char *csv; /* or NULL */
};

/* 0 or 1 (after one line); -1 and errno when the VM cannot be opened. */
int top_run(const struct top_opts *o);

#endif
