/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PSCI SYSTEM_RESET: the harness expects bhyve to exit with status 0. No
 * PASS line: the exit status is the result.
 */
#include "guest.h"

int main(void)
{
	puts("psci_reset: calling SYSTEM_RESET (expect bhyve exit status 0)");
	psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	guest_fail("SYSTEM_RESET returned");
}
