#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Boots Debian's armmp-lpae kernel on QEMU's ARM virt board (HYP mode on by
# default), runs a scenario script inside it, streams the console and exits
# with the scenario's status. A hard timeout kills QEMU; nothing is left
# running.
usage() {
	cat <<EOM
usage: qemu-host.sh [-c cpu] [-n ncpus] [-m MiB] [-t seconds] [-N] [-i] [-I [-w]] [-l log]
                    [-s staging] [-d disk.img] [scenario.sh]
  -c cpu      QEMU CPU model: cortex-a15 (default) or cortex-a7
  -n ncpus    number of host CPUs (default 2)
  -m MiB      host memory (default 1024)
  -t seconds  hard timeout (default 300)
  -N          boot WITHOUT the virtualization extensions (no HYP mode)
  -i          interactive: run the scenario, then leave a shell (make run)
  -l log      also write the console to this file
  -s staging  folder copied into the host's root (default build/staging)
  -d disk.img a raw disk for the host, its /dev/vda (virtio-mmio; the
              scenario loads virtio_mmio.ko and virtio_blk.ko)
  -I          count instructions: -icount shift=0,sleep=off (1 ns of
              virtual time = 1 instruction; an idle CPU jumps to its next
              timer deadline instead of waiting in real time), for benchmarks
  -w          with -I: QEMU's default sleep=on instead (an idle CPU waits
              in real time): for a boot that waits for disk I/O, whose
              idle time then jumps ahead of it (the Debian bench)
  -Q socket   QEMU's QMP monitor on this unix socket (scripts/icount-at.py)
  -T dir      QEMU's monitor on the FIFOs dir/mon.in, dir/mon.out and its
              log file dir/qemu.log (scripts/bench-trace.sh)
EOM
	exit 2
}
set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
cpu=cortex-a15 ncpus=2 mem=1024 timeout=300 virt=on mode=test log= staging=$TOP/build/staging icount=()
monitor=(-monitor none) disk=() qmp=()
while getopts "c:n:m:t:NiIwl:s:d:Q:T:h" o; do
	case $o in
	c) cpu=$OPTARG ;;
	n) ncpus=$OPTARG ;;
	m) mem=$OPTARG ;;
	t) timeout=$OPTARG ;;
	N) virt=off ;;
	i) mode=run ;;
	I) icount=(-icount "shift=0,sleep=off") ;;
	w) sleep_on=1 ;;
	l) log=$OPTARG ;;
	s) staging=$OPTARG ;;
	d) [ -f "$OPTARG" ] || { echo "qemu-host: no disk image '$OPTARG'" >&2; exit 2; }
	   disk=(-drive "if=none,file=$OPTARG,format=raw,id=hd0" -device "virtio-blk-device,drive=hd0") ;;
	Q) qmp=(-qmp "unix:$OPTARG,server=on,wait=off") ;;
	T) monitor=(-monitor "pipe:$OPTARG/mon" -D "$OPTARG/qemu.log") ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ -n "${sleep_on:-}" ] && [ ${#icount[@]} != 0 ] && icount=(-icount shift=0)
scenario=${1:-}
case $cpu in cortex-a15|cortex-a7) ;; *) echo "qemu-host: unsupported cpu '$cpu' (cortex-a15 or cortex-a7)" >&2; exit 2 ;; esac
[[ $ncpus =~ ^[1-8]$ ]] || { echo "qemu-host: ncpus must be 1..8" >&2; exit 2; }
[[ $mem =~ ^[0-9]+$ ]] || { echo "qemu-host: memory must be a number of MiB" >&2; exit 2; }
[ -z "$scenario" ] || [ -f "$scenario" ] || { echo "qemu-host: no scenario '$scenario'" >&2; exit 2; }
[ -f "$TOP/.cache/env.mk" ] || { echo "qemu-host: run scripts/deps.sh first" >&2; exit 2; }
eval "$(sed -n 's/^\([A-Z_]*\) := \(.*\)$/\1="\2"/p' "$TOP/.cache/env.mk")"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$TOP/scripts/mkinitramfs.sh" "$work/initrd.gz" "$staging" "$scenario" "$mode" || exit 2

# panic=-1 + -no-reboot: an oops or panic ends QEMU at once instead of hanging.
append="console=ttyAMA0 rdinit=/init panic=-1 oops=panic softlockup_panic=1 loglevel=6"
qemu=(qemu-system-arm -M "virt,virtualization=$virt,highmem=off" -cpu "$cpu"
	-smp "$ncpus" -m "$mem" -kernel "$KIMAGE" -initrd "$work/initrd.gz"
	-append "$append" -no-reboot -nic none "${icount[@]}" "${disk[@]}")

if [ "$mode" = run ]; then
	exec "${qemu[@]}" -nographic
fi

out=$work/console.log
timeout -k 5 "$timeout" "${qemu[@]}" -display none "${monitor[@]}" "${qmp[@]}" -serial stdio \
	</dev/null 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}
[ -n "$log" ] && cp "$out" "$log"
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	echo "qemu-host: TIMEOUT after ${timeout}s" >&2
	exit 124
fi
st=$(tr -d '\r' <"$out" | sed -n 's/^BHYVE-ARM-SCENARIO-EXIT=\([0-9]*\)$/\1/p' | tail -1)
if [ -z "$st" ]; then
	echo "qemu-host: the host died before the scenario finished (qemu status $rc)" >&2
	exit 125
fi
exit "$st"
