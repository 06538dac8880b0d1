/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Touches a large guest RAM (256 MiB, most of it HIGHMEM pages on a 1 GiB
 * host) with a different word every 64 KiB, reads it all back, and checks
 * both ends: the whole of it must be backed, distinct and stable.
 */
#include "guest.h"

#define MEM_SIZE (256u << 20)
#define STRIDE	 (64u << 10)

static uint32_t pattern(uint32_t addr)
{
	return addr ^ 0x5a5aa5a5u ^ (addr >> 16);
}

int main(void)
{
	uint32_t a, bad = 0, n = 0;

	/* Leave the image and its stacks (first MiB) alone. */
	for (a = RAM_BASE + (1u << 20); a < RAM_BASE + MEM_SIZE; a += STRIDE)
		*(volatile uint32_t *)a = pattern(a);
	*(volatile uint32_t *)(RAM_BASE + MEM_SIZE - 4) = 0xcafef00d;
	for (a = RAM_BASE + (1u << 20); a < RAM_BASE + MEM_SIZE; a += STRIDE) {
		n++;
		if (*(volatile uint32_t *)a != pattern(a))
			bad++;
	}
	printf("memtest: %u words across %u MiB, %u wrong\n", n,
	       MEM_SIZE >> 20, bad);
	if (bad || *(volatile uint32_t *)(RAM_BASE + MEM_SIZE - 4) != 0xcafef00d)
		guest_fail("guest RAM did not keep what was written");
	guest_pass();
}
