// SPDX-License-Identifier: BSD-2-Clause
/*
 * The machine's boot variables (arm/bhyverun_machdep.c reads them), on
 * their own: the configuration check and its unit test need the list,
 * not the code that needs a VM.
 */
#include <stdbool.h>
#include <string.h>

#include "bhyverun.h"

static const char *const machdep_vars[] = {
	"bootrom", "bootvars", "kernel",   "ramimage",
	"initrd",  "bootargs", "dtb.dump",
};

bool bhyve_machdep_var(const char *path)
{
	size_t i;

	for (i = 0; i < sizeof(machdep_vars) / sizeof(machdep_vars[0]); i++)
		if (strcmp(path, machdep_vars[i]) == 0)
			return true;
	return false;
}
