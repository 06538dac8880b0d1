// SPDX-License-Identifier: BSD-2-Clause
/*
 * The machine's boot variables (arm/bhyverun_machdep.c reads them), on
 * their own: the configuration check and its unit test need the list,
 * not the code that needs a VM.
 */
#include <stddef.h>

#include "bhyverun.h"

static const char *const machdep_vars[] = {
	"bootrom", "bootvars", "kernel",   "ramimage",
	"initrd",  "bootargs", "dtb.dump",
};

const char *bhyve_machdep_var(unsigned int i)
{
	return i < sizeof(machdep_vars) / sizeof(machdep_vars[0]) ?
		       machdep_vars[i] :
		       NULL;
}
