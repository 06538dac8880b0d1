/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sleeps for good: WFI with nothing enabled in the GIC, so no interrupt
 * ever wakes it; with bhyve -c N the other vCPUs stay powered off, also
 * asleep in the kernel. The e2e test destroys the VM from outside: every
 * sleeping vCPU must wake up and leave, and bhyve must end.
 */
#include "guest.h"

int main(void)
{
	puts("sleeper: asleep");
	for (;;)
		__asm__ volatile("dsb\n\twfi" ::: "memory");
}
