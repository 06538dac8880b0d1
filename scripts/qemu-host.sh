#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Boots Debian's armmp-lpae kernel on an emulated ARM board in HYP mode, runs
# a scenario script inside it, streams the console and exits with the
# scenario's status. A hard timeout kills QEMU; nothing is left running.
# Two boards: QEMU's virt (the kernel started directly, HYP mode switchable)
# and orangepi-pc, an Allwinner H3 booted the way a real board is: the boot
# ROM loads Debian's u-boot-sunxi from an SD card, u-boot finds extlinux.conf
# and starts the kernel in HYP mode with the board's own device tree.
usage() {
	cat <<EOM
usage: qemu-host.sh [-M board] [-c cpu] [-n ncpus] [-m MiB] [-t seconds] [-N] [-i]
                    [-I [-w]] [-l log] [-s staging] [-d disk.img] [scenario.sh]
  -M board    virt (default) or orangepi-pc (4 Cortex-A7, 1 GiB, fixed;
              -c, -n, -m, -N, -d and -I do not apply)
  -S sd.img   orangepi-pc: boot this SD card as it is (its own Debian,
              scripts/distro-image.sh -b); no scenario, no staging; the
              status is the last BHYVE-ARM-SCENARIO-EXIT= on the console
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
monitor=(-monitor none) disk=() qmp=() board=virt virt_only= sdcard=
while getopts "M:S:c:n:m:t:NiIwl:s:d:Q:T:h" o; do
	case $o in
	M) board=$OPTARG ;;
	S) sdcard=$OPTARG ;;
	c) cpu=$OPTARG virt_only+=" -c" ;;
	n) ncpus=$OPTARG virt_only+=" -n" ;;
	m) mem=$OPTARG virt_only+=" -m" ;;
	t) timeout=$OPTARG ;;
	N) virt=off virt_only+=" -N" ;;
	i) mode=run ;;
	I) icount=(-icount "shift=0,sleep=off") virt_only+=" -I" ;;
	w) sleep_on=1 ;;
	l) log=$OPTARG ;;
	s) staging=$OPTARG ;;
	d) [ -f "$OPTARG" ] || { echo "qemu-host: no disk image '$OPTARG'" >&2; exit 2; }
	   disk=(-drive "if=none,file=$OPTARG,format=raw,id=hd0" -device "virtio-blk-device,drive=hd0")
	   virt_only+=" -d" ;;
	Q) qmp=(-qmp "unix:$OPTARG,server=on,wait=off") ;;
	T) monitor=(-monitor "pipe:$OPTARG/mon" -D "$OPTARG/qemu.log") ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ -n "${sleep_on:-}" ] && [ ${#icount[@]} != 0 ] && icount=(-icount shift=0)
scenario=${1:-}
case $board in
virt) [ -z "$sdcard" ] || { echo "qemu-host: -S is for -M orangepi-pc" >&2; exit 2; } ;;
orangepi-pc)
	# QEMU fixes the H3's CPUs and RAM; it has no virtio-mmio, and its
	# SPL's delay loop never ends under -icount shift=0.
	[ -z "$virt_only" ] || { echo "qemu-host: orangepi-pc: option(s)$virt_only apply to virt only" >&2; exit 2; }
	cpu=cortex-a7 ncpus=4 mem=1024
	# QEMU's H3 counts at its default 62.5 MHz, while u-boot sets CNTFRQ
	# to the real board's 24 MHz: time in the board ran 2.6 times fast.
	h3=(-M orangepi-pc -global cortex-a7-arm-cpu.cntfrq=24000000)
	[ -z "$sdcard" ] || [ -f "$sdcard" ] || { echo "qemu-host: no SD card image '$sdcard'" >&2; exit 2; }
	[ -z "$sdcard" ] || [ -z "${1:-}" ] || { echo "qemu-host: -S boots the card's own system: no scenario" >&2; exit 2; } ;;
*) echo "qemu-host: unknown board '$board' (virt or orangepi-pc)" >&2; exit 2 ;;
esac
case $cpu in cortex-a15|cortex-a7) ;; *) echo "qemu-host: unsupported cpu '$cpu' (cortex-a15 or cortex-a7)" >&2; exit 2 ;; esac
[[ $ncpus =~ ^[1-8]$ ]] || { echo "qemu-host: ncpus must be 1..8" >&2; exit 2; }
[[ $mem =~ ^[0-9]+$ ]] || { echo "qemu-host: memory must be a number of MiB" >&2; exit 2; }
[ -z "$scenario" ] || [ -f "$scenario" ] || { echo "qemu-host: no scenario '$scenario'" >&2; exit 2; }
[ -f "$TOP/.cache/env.mk" ] || { echo "qemu-host: run scripts/deps.sh first" >&2; exit 2; }
eval "$(sed -n 's/^\([A-Z_]*\) := \(.*\)$/\1="\2"/p' "$TOP/.cache/env.mk")"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "$sdcard" ] || "$TOP/scripts/mkinitramfs.sh" "$work/initrd.gz" "$staging" "$scenario" "$mode" || exit 2

# panic=-1 + -no-reboot: an oops or panic ends QEMU at once instead of hanging.
# The stall detectors wait 90 s, not 21 and 20: under TCG a store to a page
# that held code QEMU translated is slow (it checks for translations to
# drop), and the kernel zeroes a VM's RAM in 2 MiB steps it cannot
# interrupt. After a guest had run code in every page of its 512 MiB, the
# next VM's allocation took 42 s instead of 6 on an idle machine; a
# Debian guest's pages, with a loaded machine, made single steps pass 20 s
# (RCU stalls, a soft lockup). A hang still panics, 90 s later.
append="rdinit=/init panic=-1 oops=panic softlockup_panic=1 watchdog_thresh=45"
append+=" rcupdate.rcu_cpu_stall_timeout=90 loglevel=6"
if [ "$board" = virt ]; then
	qemu=(qemu-system-arm -M "virt,virtualization=$virt,highmem=off" -cpu "$cpu"
		-smp "$ncpus" -m "$mem" -kernel "$KIMAGE" -initrd "$work/initrd.gz"
		-append "console=ttyAMA0 $append" -no-reboot -nic none "${icount[@]}" "${disk[@]}")
elif [ -n "$sdcard" ]; then
	# The board's Ethernet on QEMU's user network (DHCP, NAT).
	qemu=(qemu-system-arm "${h3[@]}" -drive "if=sd,format=raw,file=$sdcard"
		-no-reboot -nic user)
else
	# The SD card's one partition, as u-boot's distro boot reads it.
	mkdir -p "$work/sd/boot/extlinux"
	cp "$KIMAGE" "$work/sd/boot/vmlinuz"
	mv "$work/initrd.gz" "$work/sd/boot/initrd.gz"
	cp "$DTBDIR/sun8i-h3-orangepi-pc.dtb" "$work/sd/boot/"
	cat >"$work/sd/boot/extlinux/extlinux.conf" <<-EOF
	default host
	timeout 0

	label host
	 kernel /boot/vmlinuz
	 initrd /boot/initrd.gz
	 fdt /boot/sun8i-h3-orangepi-pc.dtb
	 append console=ttyS0,115200 $append
	EOF
	"$TOP/scripts/sd-image.sh" "$work/sd.img" "$ARMHF_ROOT/usr/lib/u-boot/nanopi_neo/u-boot-sunxi-with-spl.bin" \
		"$work/sd" || exit 2
	rm -rf "$work/sd"
	qemu=(qemu-system-arm "${h3[@]}" -drive "if=sd,format=raw,file=$work/sd.img"
		-no-reboot -nic none)
fi

if [ "$mode" = run ]; then
	exec "${qemu[@]}" -nographic
fi

out=$work/console.log
: >"$out"
timeout -k 5 "$timeout" "${qemu[@]}" -display none "${monitor[@]}" "${qmp[@]}" -serial stdio \
	</dev/null >"$out" 2>&1 &
qpid=$!
tail -n +1 -F --pid=$qpid "$out" 2>/dev/null &
tailpid=$!
# A board without a power-off (u-boot's PSCI 0.1 has no SYSTEM_OFF) halts
# and keeps running: the kernel's last line ends it here.
# With a Debian on the card, systemd's last line is the sign: the kernel
# then hangs in a driver's shutdown on QEMU's H3 and never says halted.
# virt powers itself off: no watcher there, so a guest's console relayed
# as it is (make bench) cannot end the host.
halted() {
	# At the start of a line: a guest's own "reboot: Power down", relayed
	# with a prefix by a scenario, is not the host's.
	grep -q -E '^(\[ *[0-9.]+\] )?(reboot: (System halted|Power down)|systemd-shutdown\[1\]: (Powering off|Halting system))' "$out"
}
haltpid=
if [ "$board" != virt ]; then
	while kill -0 $qpid 2>/dev/null; do
		if halted; then kill -TERM $qpid 2>/dev/null; break; fi
		sleep 1
	done &
	haltpid=$!
fi
wait $qpid
rc=$?
wait $tailpid 2>/dev/null
[ -z "$haltpid" ] || kill $haltpid 2>/dev/null
if [ -n "$haltpid" ] && [ "$rc" = 143 ] && halted; then
	rc=0
fi
[ -n "$log" ] && cp "$out" "$log"
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	echo "qemu-host: TIMEOUT after ${timeout}s" >&2
	exit 124
fi
# (From a systemd unit on a card's Debian the line has the console's
# "[time] unit[pid]: " in front.)
st=$(tr -d '\r' <"$out" | sed -n -E 's/^(\[ *[0-9.]+\] [^ ]+: )?BHYVE-ARM-SCENARIO-EXIT=([0-9]+)$/\2/p' | tail -1)
if [ -z "$st" ]; then
	echo "qemu-host: the host died before the scenario finished (qemu status $rc)" >&2
	exit 125
fi
exit "$st"
