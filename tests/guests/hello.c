/* SPDX-License-Identifier: BSD-2-Clause */
/* The smallest guest: one line over the PL011, then PASS. */
#include "guest.h"

int main(void)
{
	puts("Hello from a bhyve-arm guest");
	guest_pass();
}
