/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Long runs of the benchmark's round trips for scripts/bench-trace.sh,
 * which logs every instruction of a slice of each run from QEMU and
 * splits them between the guest, the lowvisor, vmm.ko, the host kernel
 * and bhyve. A marker line before each run tells it which one follows;
 * each run lasts long enough (at full speed, a fraction of a second) for
 * the logging to start inside it.
 */
#include "guest.h"

#define RUN_HVC	 300000u
#define RUN_MMIO 100000u

uint64_t bench_hvc(uint32_t n);
uint64_t bench_mmio(uint32_t n);

int main(void)
{
	puts("TRACE-RUN hvc");
	bench_hvc(RUN_HVC);
	puts("TRACE-RUN mmio");
	bench_mmio(RUN_MMIO);
	puts("TRACE-END");
	guest_pass();
}
