// SPDX-License-Identifier: BSD-2-Clause
/* Halt polling's window policy: see vmm/halt_poll.h. */
#include "vmm/halt_poll.h"

unsigned int vmm_halt_poll_ns = VMM_HALT_POLL_DEFAULT_NS;

uint32_t vmm_halt_poll_limit(uint32_t module_max, uint32_t vm_max)
{
	uint32_t max = module_max < vm_max ? module_max : vm_max;

	return max < VMM_HALT_POLL_LIMIT_NS ? max : VMM_HALT_POLL_LIMIT_NS;
}

uint32_t vmm_halt_poll_adapt(uint32_t window, uint64_t halted_ns, uint32_t max)
{
	uint32_t start = VMM_HALT_POLL_START_NS;

	if (start > max)
		start = max;
	if (window > max)
		window = max;
	if (halted_ns <= window)
		return window; /* caught */
	if (halted_ns <= max) {
		/* a longer window would have caught it */
		if (window < start)
			return start;
		return window > max / 2 ? max : window * 2;
	}
	/* no allowed window catches halts this long */
	window /= 2;
	return window < start ? 0 : window;
}
