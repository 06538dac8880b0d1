#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Boots the Linux guest image (build/guest, scripts/guest-image.sh) on plain
# QEMU, with no hypervisor of ours involved: QEMU virt's virtio-mmio
# transports sit where bhyve's do, so this checks the image itself and is
# the reference a bhyve boot is compared with.
usage() {
	cat <<EOM
usage: guest-qemu.sh [-c cpu] [-n ncpus] [-T test] [-t seconds] [-g guestdir] [-b]
  -c cpu      cortex-a15 (default) or cortex-a7
  -n ncpus    guest CPUs (default 2)
  -T test     run /tests/TEST.sh in the guest (bhyvetest=TEST) and exit 0
              when it reports no failure; without -T: the guest's shell
  -t seconds  hard timeout with -T (default 120)
  -b          boot time: start QEMU, the guest powers off where the shell
              would start (bhyvetest=ready); print the milliseconds
EOM
	exit 2
}
set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
cpu=cortex-a15 ncpus=2 test= timeout=120 g=$TOP/build/guest bench=
while getopts "c:n:T:t:g:bh" o; do
	case $o in
	c) cpu=$OPTARG ;; n) ncpus=$OPTARG ;; T) test=$OPTARG ;;
	t) timeout=$OPTARG ;; g) g=$OPTARG ;; b) bench=1 test=ready ;; *) usage ;;
	esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Scratch copies: the images in build/guest stay as built.
cp "$g/disk.img" "$work/disk.img"
{ printf bhyve-scratch; head -c $((1024 * 1024 - 13)) /dev/zero; } >"$work/scratch.img"
nonce=qemu-$$-$RANDOM
# QEMU's user network: the guest is 10.0.2.15, its gateway 10.0.2.2 answers
# pings; nothing can ping the guest from outside.
args="console=ttyAMA0 guestip=10.0.2.15/24 peerip=10.0.2.2"
[ -n "$test" ] && args="$args bhyvetest=$test ncpus=$ncpus nonce=$nonce hostping=0 virtio=blk:3,net:1,rng:1,console:1"
# shellcheck disable=SC2054 # the commas are inside QEMU's option values
qemu=(qemu-system-arm -M virt -cpu "$cpu" -smp "$ncpus" -m 256 -no-reboot
	-kernel "$g/zImage" -initrd "$g/initrd.gz" -append "$args"
	-drive "if=none,file=$work/disk.img,format=raw,id=d0" -device virtio-blk-device,drive=d0
	-drive "if=none,file=$g/ro.img,format=raw,id=d1,readonly=on" -device virtio-blk-device,drive=d1
	-drive "if=none,file=$work/scratch.img,format=raw,id=d2" -device virtio-blk-device,drive=d2
	-netdev user,id=n0,restrict=on -device virtio-net-device,netdev=n0
	-device virtio-rng-device
	-device virtio-serial-device -chardev null,id=c0 -device virtconsole,chardev=c0)
if [ -z "$test" ]; then
	exec "${qemu[@]}" -nographic
fi
if [ -n "$bench" ]; then
	t0=$(date +%s%N)
	timeout -k 5 "$timeout" "${qemu[@]}" -display none -monitor none -serial stdio </dev/null >"$work/console" 2>&1
	t1=$(date +%s%N)
	grep -q '^GUEST-DONE' "$work/console" || { cat "$work/console"; exit 1; }
	echo "guest-qemu: boot to shell and power-off: $(((t1 - t0) / 1000000)) ms"
	exit 0
fi
timeout -k 5 "$timeout" "${qemu[@]}" -display none -monitor none -serial stdio </dev/null 2>&1 |
	sed -u 's/\r$//' | tee "$work/console"
grep -q '^GUEST-DONE: .* 0 failed' "$work/console" || exit 1
if [ "$test" = basic ]; then
	dd if="$work/scratch.img" bs=512 skip=16 count=1 2>/dev/null | grep -q "$nonce" ||
		{ echo "guest-qemu: the nonce is not on the scratch disk" >&2; exit 1; }
	echo "guest-qemu: the nonce is on the scratch disk"
	debugfs -R 'cat /persist.txt' "$work/disk.img" 2>/dev/null | grep -qx "$nonce" ||
		{ echo "guest-qemu: the nonce is not in disk.img:/persist.txt" >&2; exit 1; }
	echo "guest-qemu: the nonce is in disk.img:/persist.txt"
fi
