// SPDX-License-Identifier: BSD-2-Clause
/* Halt polling's window policy (kmod/core/halt_poll.c). */
#include "unit.h"
#include "vmm/halt_poll.h"

#define US  1000u
#define MAX (500 * US)

TEST(off_stays_off)
{
	EXPECT_EQ(vmm_halt_poll_adapt(0, 5 * US, 0), 0u);
	EXPECT_EQ(vmm_halt_poll_adapt(100 * US, 5 * US, 0), 0u);
	EXPECT_EQ(vmm_halt_poll_adapt(100 * US, 0, 0), 0u);
}

TEST(short_halt_starts_polling)
{
	EXPECT_EQ(vmm_halt_poll_adapt(0, 5 * US, MAX), VMM_HALT_POLL_START_NS);
	/* a limit below the start value is the window */
	EXPECT_EQ(vmm_halt_poll_adapt(0, 3 * US, 4 * US), 4 * US);
}

TEST(caught_halt_keeps_window)
{
	EXPECT_EQ(vmm_halt_poll_adapt(100 * US, 80 * US, MAX), 100 * US);
	EXPECT_EQ(vmm_halt_poll_adapt(100 * US, 100 * US, MAX), 100 * US);
}

TEST(grows_by_doubling_up_to_the_limit)
{
	EXPECT_EQ(vmm_halt_poll_adapt(10 * US, 50 * US, MAX), 20 * US);
	EXPECT_EQ(vmm_halt_poll_adapt(20 * US, 50 * US, MAX), 40 * US);
	EXPECT_EQ(vmm_halt_poll_adapt(400 * US, 450 * US, MAX), MAX);
	EXPECT_EQ(vmm_halt_poll_adapt(MAX, MAX, MAX), MAX);
}

TEST(long_halt_shrinks_to_off)
{
	uint32_t w = MAX;
	int n = 0;

	EXPECT_EQ(vmm_halt_poll_adapt(MAX, 10000 * US, MAX), MAX / 2);
	while (w && n < 100) {
		w = vmm_halt_poll_adapt(w, 10000 * US, MAX);
		n++;
	}
	EXPECT_EQ(w, 0u);
	EXPECT_LE(n, 7);
	/* and off it stays while halts stay long */
	EXPECT_EQ(vmm_halt_poll_adapt(0, 10000 * US, MAX), 0u);
}

TEST(window_above_a_lowered_limit_is_cut)
{
	EXPECT_EQ(vmm_halt_poll_adapt(MAX, 10 * US, 100 * US), 100 * US);
	EXPECT_EQ(vmm_halt_poll_adapt(MAX, 50 * US, 100 * US), 100 * US);
}

TEST(limit_is_the_smallest)
{
	EXPECT_EQ(vmm_halt_poll_limit(MAX, VMM_HALT_POLL_VM_DEFAULT), MAX);
	EXPECT_EQ(vmm_halt_poll_limit(MAX, 0), 0u);
	EXPECT_EQ(vmm_halt_poll_limit(0, MAX), 0u);
	EXPECT_EQ(vmm_halt_poll_limit(MAX, 100 * US), 100 * US);
	EXPECT_EQ(vmm_halt_poll_limit(0xffffffffu, VMM_HALT_POLL_VM_DEFAULT),
		  VMM_HALT_POLL_LIMIT_NS);
	EXPECT_EQ(vmm_halt_poll_ns, VMM_HALT_POLL_DEFAULT_NS);
}

/*
 * A vCPU whose halts end after `period` ns unless polled: the time spent
 * polling over n halts, and how many the window caught.
 */
static uint64_t simulate(uint32_t period, uint32_t max, int n, int *caught)
{
	uint64_t polled = 0;
	uint32_t w = 0;
	int i;

	*caught = 0;
	for (i = 0; i < n; i++) {
		if (period <= w) {
			polled += period;
			(*caught)++;
		} else {
			polled += w;
		}
		w = vmm_halt_poll_adapt(w, period, max);
	}
	return polled;
}

TEST(steady_short_wakeups_are_caught)
{
	int caught;

	/* a 200 us timer: caught from the 6th halt on */
	simulate(200 * US, MAX, 20, &caught);
	EXPECT_GE(caught, 14);
	/* beyond the limit: never */
	simulate(600 * US, MAX, 20, &caught);
	EXPECT_EQ(caught, 0);
}

TEST(idle_guest_polls_almost_never)
{
	int caught;
	uint64_t polled;

	/* rare wake-ups (every 10 ms): a few windows at most, then none */
	polled = simulate(10000 * US, MAX, 1000, &caught);
	EXPECT_EQ(caught, 0);
	EXPECT_EQ(polled, 0u);
	/* one short halt among long ones costs at most a few windows */
	{
		uint32_t w = vmm_halt_poll_adapt(0, 5 * US, MAX);
		uint64_t spent = 0;
		int i;

		for (i = 0; i < 1000; i++) {
			spent += w;
			w = vmm_halt_poll_adapt(w, 10000 * US, MAX);
		}
		EXPECT_LE(spent, 2u * VMM_HALT_POLL_START_NS);
	}
}

UNIT_MAIN();
