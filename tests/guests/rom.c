/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Firmware in the bootrom (bhyve -c 2 -o bootrom=rom.bin): linked at 0
 * (lib/rom.ld), run in place from read-only memory as on QEMU virt's
 * flash, with bss and stacks in RAM past the device tree. It checks that
 * it runs at 0 and reads itself; that a store to the ROM takes a data
 * abort and changes nothing; that the device tree is at the start of RAM
 * (FDT magic, a size that fits); that vCPU 1 is off until CPU_ON, which
 * starts it here too. With -o bootvars=FILE (FILE starting with the word
 * BOOTVARS_MAGIC, tests/e2e/guests.sh), the second flash bank holds it,
 * read-only too.
 */
#include "gic.h"

#define FDT_MAGIC  0xd00dfeedu /* big-endian in the blob */
#define BOOTVARS_BASE  0x04000000u
#define BOOTVARS_MAGIC 0x53524156u /* "VARS", little-endian */
#define TIMEOUT_US 10000000u

static volatile uint32_t aborted, cpu1_ran;

static void dabt_hook(int vec, struct exc_frame *f)
{
	aborted = 1;
	exc_skip_insn(vec, f);
}

static uint32_t be32(uint32_t v)
{
	return __builtin_bswap32(v);
}

static void secondary(unsigned cpu)
{
	smp_store(&cpu1_ran, cpu + 1);
}

/* A store at addr must abort and leave the word as it was. */
static void check_read_only(uint32_t addr, const char *what)
{
	uint32_t word = *(volatile uint32_t *)(uintptr_t)addr;

	aborted = 0;
	exc_set_hook(EXC_DABT, dabt_hook);
	probe_write(addr, ~word);
	exc_set_hook(EXC_DABT, NULL);
	if (!aborted)
		guest_failf("a store to the %s did not abort", what);
	if (*(volatile uint32_t *)(uintptr_t)addr != word)
		guest_failf("a store changed the %s", what);
	printf("rom: a store to the %s aborts and changes nothing\n", what);
}

int main(void)
{
	uint32_t pc = (uint32_t)(uintptr_t)main;
	uint32_t magic = be32(*(volatile uint32_t *)(uintptr_t)RAM_BASE);
	uint32_t size = be32(*(volatile uint32_t *)(uintptr_t)(RAM_BASE + 4));
	uint64_t end;

	if (pc >= 0x04000000u)
		guest_failf("running at 0x%08x, not in the bootrom", pc);
	printf("rom: running at 0x%08x\n", pc);

	check_read_only(pc, "bootrom");
	if (*(volatile uint32_t *)(uintptr_t)BOOTVARS_BASE == BOOTVARS_MAGIC) {
		printf("rom: bootvars at 0x%08x\n", BOOTVARS_BASE);
		check_read_only(BOOTVARS_BASE, "bootvars");
	}

	if (magic != FDT_MAGIC || size < 64 || size > 0x10000)
		guest_failf("no device tree at 0x%08x (magic 0x%08x, size %u)",
			    RAM_BASE, magic, size);
	printf("rom: device tree at 0x%08x, %u bytes\n", RAM_BASE, size);

	if (smp_affinity_info(1) != PSCI_AFF_OFF)
		guest_failf("vCPU 1 runs before CPU_ON (AFFINITY_INFO %u)",
			    smp_affinity_info(1));
	if (smp_cpu_on(1, secondary) != PSCI_SUCCESS)
		guest_failf("CPU_ON(1) failed");
	end = read_cntvct() + us_to_ticks(TIMEOUT_US);
	while (smp_load(&cpu1_ran) != 2)
		if (read_cntvct() > end)
			guest_failf("vCPU 1 did not start");
	printf("rom: vCPU 1 was off, CPU_ON started it\n");
	guest_pass();
}
