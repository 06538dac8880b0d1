/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Round-trip costs, timed with the guest's virtual counter: a hypercall
 * answered by the highvisor, and an MMIO read answered by userspace.
 * 1000 operations per kind in 20 chunks of 50; prints the minimum and
 * median ticks of a chunk and the counter frequency, for scripts/bench.sh
 * to turn into instructions (under QEMU -icount shift=0, 1 ns = 1
 * instruction).
 */
#include "guest.h"

#define CHUNKS 20
#define CHUNK  50

uint64_t bench_empty(uint32_t n);
uint64_t bench_hvc(uint32_t n);
uint64_t bench_mmio(uint32_t n);

static void sort(uint32_t *v, int n)
{
	int i, j;
	uint32_t x;

	for (i = 1; i < n; i++) {
		x = v[i];
		for (j = i - 1; j >= 0 && v[j] > x; j--)
			v[j + 1] = v[j];
		v[j + 1] = x;
	}
}

static void run(const char *name, uint64_t (*fn)(uint32_t))
{
	uint32_t t[CHUNKS];
	int i;

	fn(CHUNK); /* warm up */
	for (i = 0; i < CHUNKS; i++)
		t[i] = (uint32_t)fn(CHUNK);
	sort(t, CHUNKS);
	printf("BENCH %s ops=%u min=%u median=%u\n", name, CHUNK, t[0],
	       t[CHUNKS / 2]);
}

int main(void)
{
	uint32_t freq;

	asm volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(freq)); /* CNTFRQ */
	printf("BENCH freq=%u\n", freq);
	run("empty", bench_empty);
	run("hvc", bench_hvc);
	run("mmio", bench_mmio);
	guest_pass();
}
