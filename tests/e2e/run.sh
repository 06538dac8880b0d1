#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Runs every integration scenario in the emulated ARM host, on each CPU
# model, and prints one summary line. Usage: run.sh [name-filter]
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
E2E=$TOP/tests/e2e
LOGS=$TOP/build/e2e
mkdir -p "$LOGS"
filter=${1:-}

# name | harness options | scenario
CASES=(
	"hyp_load-a15|-c cortex-a15 -n 2|hyp_load.sh"
	"hyp_load-a7|-c cortex-a7 -n 2|hyp_load.sh"
	"reboot-a15|-c cortex-a15 -n 2 -t 60|reboot.sh"
	"no_hyp-a15|-N -c cortex-a15 -n 2|no_hyp.sh"
	"guests-a15|-c cortex-a15 -n 2|guests.sh"
	"guests-a7|-c cortex-a7 -n 2|guests.sh"
	"window-a15|-c cortex-a15 -n 2 -t 900|window.sh"
	"window-a7|-c cortex-a7 -n 2 -t 900|window.sh"
	"vm_control-a15|-c cortex-a15 -n 2|vm_control.sh"
	"vm_control-a7|-c cortex-a7 -n 2|vm_control.sh"
	"irq-a15|-c cortex-a15 -n 2 -t 600|irq.sh"
	"irq-a7|-c cortex-a7 -n 2 -t 600|irq.sh"
	"lifecycle-a15|-c cortex-a15 -n 2|lifecycle.sh"
	"hostmem-a15|-c cortex-a15 -n 2|hostmem.sh"
	"lifecycle-a7|-c cortex-a7 -n 2|lifecycle.sh"
	"fuzz-a15|-c cortex-a15 -n 2|fuzz.sh"
	"fuzz-a7|-c cortex-a7 -n 2|fuzz.sh"
	"linux-a15|-c cortex-a15 -n 2 -t 1500 -s $TOP/build/staging-linux|linux.sh"
	"linux-a7|-c cortex-a7 -n 2 -t 1500 -s $TOP/build/staging-linux|linux.sh"
)

passed=0 failed=0 failures=()
for c in "${CASES[@]}"; do
	IFS='|' read -r name opts scen <<<"$c"
	[ -n "$filter" ] && [[ $name != *$filter* ]] && continue
	echo "=== e2e: $name ($opts $scen)"
	# shellcheck disable=SC2086
	if "$TOP/scripts/qemu-host.sh" -t 300 $opts -l "$LOGS/$name.log" \
		"$E2E/$scen" >"$LOGS/$name.out" 2>&1; then
		grep -E '^(PASS|FAIL):' "$LOGS/$name.out" | tr -d '\r'
		echo "=== e2e: $name passed"
		passed=$((passed + 1))
	else
		tail -40 "$LOGS/$name.out"
		echo "=== e2e: $name FAILED (full console: $LOGS/$name.out)"
		failed=$((failed + 1))
		failures+=("$name")
	fi
done
[ $failed -gt 0 ] && echo "failed: ${failures[*]}"
echo "e2e: $passed passed, $failed failed"
[ $failed -eq 0 ]
