/* SPDX-License-Identifier: BSD-2-Clause */
/* What bhyvectl's ARM part (arm/bhyvectl_machdep.c) knows: registers, the GIC, HYP. */
#ifndef BHYVECTL_H
#define BHYVECTL_H

#include <stdbool.h>

#include "vmmapi.h"

/* --get-REG / --set-REG: the names of enum vm_reg_name. */
extern const char *const reg_names[VM_REG_LAST];

/* --capabilities: the architecture's lines (the host's GIC, VMIDs). */
void print_arch_caps(const struct vmm_arch_caps *c);
/* --hyp-ping: whether a CPU's answer came from HYP mode, and its line. */
bool hyp_cpu_ok(const struct vmm_arch_hyp_cpu *c);
void print_hyp_cpu(const struct vmm_arch_hyp_cpu *c);

#endif
