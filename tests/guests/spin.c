/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Runs forever without exiting on its own: for the tests of host
 * interrupts arriving while a guest runs, and of stopping a VM from the
 * host (Ctrl-C, bhyvectl --destroy).
 */
#include "guest.h"

static volatile uint32_t counter;

int main(void)
{
	puts("spin: running until stopped");
	for (;;)
		counter++;
}
