/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reads and writes the whole 4 GiB guest-physical space outside RAM at a
 * 1 MiB stride, plus the places where the HOST's GIC lives on QEMU virt:
 * the hypervisor control interface (GICH, 0x08030000) and the virtual
 * CPU interface (GICV, 0x08040000). None of it may reach host hardware:
 * reads are 0 or a data abort, writes change nothing. The guest's own GIC
 * (0x08000000-0x0801ffff), the UART, the virtio-mmio window and the test
 * device are only read, with no value expected. Assumes 16 MiB of RAM.
 */
#include "guest.h"

#define STRIDE (1u << 20)

static const uint32_t extra[] = {
	0x08030000u, 0x08030004u, 0x08030100u, 0x08031000u, /* host GICH */
	0x08040000u, 0x08040004u, 0x08041000u,		     /* host GICV */
	0x08020000u, 0x08050000u, 0x08080000u,
	0x08000000u, 0x08000004u, 0x08010000u, 0x0801000cu, /* guest GIC */
};

static volatile unsigned aborts;

static void dabt_hook(int vec, struct exc_frame *f)
{
	aborts++;
	f->r[0] = 0; /* what the load "returns" */
	exc_skip_insn(vec, f);
}

/* Where a value is not ours to expect: only read there. */
static int read_only(uint32_t a)
{
	return (a >= 0x08000000u && a < 0x08020000u) || /* guest GIC */
	       (a >= 0x09000000u && a < 0x09020000u) || /* UART, RTC */
	       (a >= 0x0a000000u && a < 0x0a004000u) || /* virtio-mmio */
	       (a >= TESTDEV_BASE && a < TESTDEV_BASE + 0x1000u);
}

static unsigned probe(uint32_t a)
{
	uint32_t before, after;

	if (a >= RAM_BASE && a < RAM_BASE + RAM_SIZE)
		return 0;
	before = probe_read(a);
	if (read_only(a))
		return 0;
	probe_write(a, 0xdeadbeefu ^ a);
	after = probe_read(a);
	if (before == 0 && after == 0)
		return 0;
	printf("sweep: 0x%08x read 0x%08x, then 0x%08x after a write\n", a,
	       before, after);
	return 1;
}

int main(void)
{
	unsigned i, bad = 0, n = 0;
	uint32_t a = 0;

	exc_set_hook(EXC_DABT, dabt_hook);
	for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++, n++)
		bad += probe(extra[i]);
	do {
		bad += probe(a);
		bad += probe(a + STRIDE - 4); /* the last word too */
		n += 2;
		a += STRIDE;
	} while (a != 0);
	printf("sweep: %u addresses, %u data aborts, %u bad\n", n, aborts,
	       bad);
	if (bad)
		guest_failf("%u address(es) outside RAM kept a value", bad);
	guest_pass();
}
