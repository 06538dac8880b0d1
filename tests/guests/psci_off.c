/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PSCI SYSTEM_OFF: the harness expects bhyve to exit with status 1. No
 * PASS line: the exit status is the result.
 */
#include "guest.h"

int main(void)
{
	puts("psci_off: calling SYSTEM_OFF (expect bhyve exit status 1)");
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	guest_fail("SYSTEM_OFF returned");
}
