#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Runs every integration scenario in the emulated ARM host, on each CPU
# model, and prints one summary line. Usage:
#   run.sh                         run make test's scenarios (all but the
#                                  FULL_ONLY ones below)
#   run.sh all                     run every scenario (make test-full)
#   run.sh [FILTER]                run the scenarios whose name has FILTER
#   run.sh --list [FILTER]         print their names, run nothing
#   run.sh --needs-linux [FILTER]  exit 0 if one of them runs the Linux
#                                  guest (needs make staging-linux), else 1
#   run.sh --needs-distro [FILTER] the same for the Debian disk image
#                                  (make staging-distro)
#   run.sh --needs-board [FILTER]  the same for the board scenario (make
#                                  board-debs guest-image)
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
E2E=$TOP/tests/e2e
LOGS=$TOP/build/e2e
action=run
case ${1:-} in
--list) action=list; shift ;;
--needs-linux) action=needs-linux; shift ;;
--needs-distro) action=needs-distro; shift ;;
--needs-board) action=needs-board; shift ;;
-*) echo "usage: run.sh [--list | --needs-linux | --needs-distro | --needs-board] [FILTER]" >&2; exit 2 ;;
esac
filter=${1:-}

# name | harness options | scenario [| disk]
# disk "distro": the host gets a fresh copy of scripts/distro-image.sh's
# image as its /dev/vda, checked afterwards by tests/e2e/distro_disk.sh.
# disk "board": the scenario runs here, on the build machine, and boots
# the emulated board itself (tests/e2e/board.sh, with the two package
# versions of make board-debs: $BOARD_DEBS).
# -M orangepi-pc: the Allwinner H3 board through u-boot (4 Cortex-A7).
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
	"distro-a15|-c cortex-a15 -n 2 -t 1800 -s $TOP/build/staging-distro|distro.sh|distro"
	"distro-a7|-c cortex-a7 -n 2 -t 1800 -s $TOP/build/staging-distro|distro.sh|distro"
	"hyp_load-opipc|-M orangepi-pc|hyp_load.sh"
	"guests-opipc|-M orangepi-pc -t 1200|guests.sh"
	"irq-opipc|-M orangepi-pc -t 2400|irq.sh"
	"board-opipc||board.sh|board"
	"cubieboard2-image||cubieboard2_image.sh|board"
)

# Cortex-A7 twins of A15 cases: the same paths on the other CPU model,
# which guests-a7, irq-a7, hyp_load-a7 and the A7 board (its Linux guest
# included) already cover in make test. They run in make test-full, so
# that CI's run stays within its time.
FULL_ONLY=" window-a7 vm_control-a7 lifecycle-a7 fuzz-a7 linux-a7 distro-a7 "

selected=()
for c in "${CASES[@]}"; do
	name=${c%%|*}
	if [ "$filter" = all ]; then
		:
	elif [ -n "$filter" ]; then
		# FILTER is a pattern: E2E=irq-a1? matches irq-a15
		[[ $name != *$filter* ]] && continue
	else
		[[ $FULL_ONLY == *" $name "* ]] && continue
	fi
	selected+=("$c")
done
case $action in
list)
	for c in "${selected[@]}"; do echo "${c%%|*}"; done
	exit 0 ;;
needs-linux)
	for c in "${selected[@]}"; do
		[[ $c == *"/build/staging-linux|"* ]] && exit 0
	done
	exit 1 ;;
needs-distro)
	for c in "${selected[@]}"; do
		[[ $c == *"/build/staging-distro|"* ]] && exit 0
	done
	exit 1 ;;
needs-board)
	for c in "${selected[@]}"; do
		[[ $c == *"|board" ]] && exit 0
	done
	exit 1 ;;
esac

if [ ${#selected[@]} = 0 ]; then
	echo "e2e: no scenario matches '$filter'; there are:" >&2
	for c in "${CASES[@]}"; do echo "  ${c%%|*}" >&2; done
	exit 1
fi
mkdir -p "$LOGS"

# distro_copy FILE: a writable sparse copy of the cached Debian image.
distro_copy() {
	"$TOP/scripts/distro-image.sh" -c "$1" >/dev/null || { echo "e2e: no Debian disk image" >&2; return 1; }
}
# run_case CASE: one case, its verdict in $LOGS/NAME.verdict; what it
# prints comes out in one piece when it ends (cases run side by side).
run_case() {
	local name opts scen disk img after cmd words report start=$SECONDS
	IFS='|' read -r name opts scen disk <<<"$1"
	report=$LOGS/$name.report
	echo "=== e2e: $name ($opts $scen${disk:+, disk $disk})" >"$report"
	img= after=(true)
	if [ "$disk" = distro ]; then
		img=$LOGS/$name.img
		if ! distro_copy "$img" 2>>"$report"; then
			echo fail >"$LOGS/$name.verdict"
			cat "$report"
			return
		fi
		opts+=" -d $img"
		after=("$E2E/distro_disk.sh" "$img" "$LOGS/$name.out")
	fi
	# Words on purpose: the harness options, BOARD_DEBS's two folders.
	if [ "$disk" = board ]; then
		read -ra words <<<"${BOARD_DEBS:-}"
		cmd=("$E2E/$scen" "$LOGS" "${words[@]}")
	else
		read -ra words <<<"$opts"
		cmd=("$TOP/scripts/qemu-host.sh" -t 300 "${words[@]}" -l "$LOGS/$name.log" "$E2E/$scen")
	fi
	if "${cmd[@]}" >"$LOGS/$name.out" 2>&1 &&
		"${after[@]}" >>"$LOGS/$name.out" 2>&1; then
		grep -E '^(PASS|FAIL):' "$LOGS/$name.out" | tr -d '\r' >>"$report"
		echo "=== e2e: $name passed ($((SECONDS - start)) s)" >>"$report"
		echo pass >"$LOGS/$name.verdict"
		[ -z "$img" ] || rm -f "$img" # kept when the case fails
	else
		tail -40 "$LOGS/$name.out" >>"$report"
		echo "=== e2e: $name FAILED after $((SECONDS - start)) s (full console: $LOGS/$name.out)" >>"$report"
		echo fail >"$LOGS/$name.verdict"
	fi
	cat "$report"
}

# E2E_JOBS cases at a time (default 2): most of a case is one emulated
# CPU working, so two of them keep a 2-core machine busy. The longest
# cases start first.
jobs=${E2E_JOBS:-2}
[[ $jobs =~ ^[1-9]$ ]] || { echo "e2e: E2E_JOBS must be 1..9" >&2; exit 2; }
first=() long=() rest=()
for c in "${selected[@]}"; do
	case ${c%%|*} in
	board-*) first+=("$c") ;; # half an hour: it runs beside all the rest
	distro-*|linux-*|*-opipc) long+=("$c") ;;
	*) rest+=("$c") ;;
	esac
done
for c in "${first[@]}" "${long[@]}" "${rest[@]}"; do
	rm -f "$LOGS/${c%%|*}.verdict"
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
	run_case "$c" &
done
wait
passed=0 failed=0 failures=()
for c in "${selected[@]}"; do
	name=${c%%|*}
	if [ "$(cat "$LOGS/$name.verdict" 2>/dev/null)" = pass ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures+=("$name")
	fi
done
[ $failed -gt 0 ] && echo "failed: ${failures[*]}"
echo "e2e: $passed passed, $failed failed"
[ $failed -eq 0 ]
