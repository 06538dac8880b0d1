/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Never exits on its own: interrupts and aborts masked, no output, one
 * branch to itself. Only host interrupts bring the vCPU out; the e2e test
 * destroys the VM from outside and bhyve must end.
 */
#include "guest.h"

int main(void)
{
	__asm__ volatile("cpsid aif\n1:\tb 1b" ::: "memory");
	guest_fail("left the loop");
}
