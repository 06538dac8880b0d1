#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Part of make bench (scripts/bench.sh), and on its own: the Debian image
# of scripts/distro-image.sh booted through u-boot, under bhyve in the
# emulated host (1 CPU) and by QEMU itself as the machine, both under
# -icount shift=0 with QEMU's default sleep=on (-w: with sleep=off the
# emulated host's idle time jumps ahead of the disk I/O the boot waits
# for). Prints the instructions from bhyve's start (from reset
# for QEMU) to Debian's login prompt, and their ratio. Needs make
# staging-distro. Usage: bench-distro.sh [cortex-a15|cortex-a7]
set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
cpu=${1:-cortex-a15}
# scripts/icount-at.py asks QEMU for its instruction count when the
# console shows each point.
echo "Debian through u-boot (the image of scripts/distro-image.sh, 1 vCPU, 512 MiB, no network card):"
bench_distro() {
	local w=$1 env
	env=$("$TOP/scripts/distro-image.sh" -c "$w/vm.img") || return 1
	eval "$env"
	cp --sparse=always "$w/vm.img" "$w/ref.img" || return 1
	truncate -s 64M "$w/flash1.img" && dd if="$DISTRO_UBOOT_ENV" of="$w/flash1.img" conv=notrunc status=none
	"$TOP/scripts/icount-at.py" "$w/vm.qmp" 'BENCH-DISTRO-START' 'debian login:' -- \
		"$TOP/scripts/qemu-host.sh" -I -w -n 1 -c "$cpu" -t 1800 -s "$TOP/build/staging-distro" \
		-d "$w/vm.img" -Q "$w/vm.qmp" "$TOP/tests/bench/bench-distro.sh" >"$w/vm.out" 2>"$w/vm.log" ||
		{ tail -20 "$w/vm.log"; return 1; }
	"$TOP/scripts/icount-at.py" "$w/ref.qmp" 'debian login:' -- \
		timeout -k 5 1800 qemu-system-arm -M virt -cpu "$cpu" -smp 1 -m 512 -icount shift=0 \
		-bios "$DISTRO_UBOOT_BIN" -drive "if=pflash,unit=1,format=raw,file=$w/flash1.img" \
		-drive "if=none,file=$w/ref.img,format=raw,id=d0" -device virtio-blk-device,drive=d0 \
		-nic none -display none -monitor none -serial stdio -no-reboot \
		-qmp "unix:$w/ref.qmp,server=on,wait=off" </dev/null >"$w/ref.out" 2>"$w/ref.log" ||
		{ tail -20 "$w/ref.log"; return 1; }
	awk '/^ICOUNT/ { n[++i] = $2 } END { vm = n[2] - n[1]; ref = n[3]
		if (vm <= 0 || ref <= 0) { print "  no result"; exit 1 }
		printf "  bhyve start to login prompt: %.2f G instructions under bhyve, %.2f G booted by QEMU itself: ratio %.2f (target <= 1.10)\n", vm / 1e9, ref / 1e9, vm / ref
	}' "$w/vm.out" "$w/ref.out"
	echo "  (instructions QEMU ran, host and guest, from bhyve's start, or from reset,"
	echo "  to the prompt; an idle CPU runs none, so waits count nothing on either side)"
}
dwork=$(mktemp -d)
trap 'rm -rf "$dwork"' EXIT
bench_distro "$dwork"

