#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
#
# board.sh LOGDIR V1_DEBS V2_DEBS
#
# The whole path on an emulated Allwinner board, run on the build machine:
# a copy of the board's Debian SD card (scripts/distro-image.sh -b) gets two
# versions of bhyve-arm's packages, the Linux test guest and
# tests/e2e/board_stage.sh as a systemd unit (written with debugfs: no loop
# mount). QEMU's orangepi-pc then boots the card through u-boot again and
# again, one stage a boot, until the stage script gives its verdict. A
# "reboot" is a power cycle: the board cannot reset or power itself off.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
E2E=$TOP/tests/e2e
[ $# = 3 ] || { echo "usage: board.sh LOGDIR V1_DEBS V2_DEBS" >&2; exit 2; }
logs=$1 v1=$2 v2=$3
GUEST=$TOP/build/guest
for f in "$GUEST/zImage" "$GUEST/initrd.gz" "$GUEST/disk.img"; do
	[ -f "$f" ] || { echo "board: no $f (make guest-image)" >&2; exit 2; }
done
for d in "$v1" "$v2"; do
	ls "$d"/bhyve-arm_*.deb >/dev/null 2>&1 || { echo "board: no packages in $d (make deb)" >&2; exit 2; }
done

mkdir -p "$logs"
img=$logs/board.img
env=$("$TOP/scripts/distro-image.sh" -b -c "$img") || { echo "board: no SD card image" >&2; exit 1; }
eval "$env"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/unit" <<EOF
[Unit]
Description=bhyve-arm board scenario, one stage a boot
After=network.target systemd-networkd.service

[Service]
Type=oneshot
ExecStart=/root/bhyve-arm-test/board_stage.sh
StandardOutput=journal+console
StandardError=journal+console
TimeoutStartSec=infinity

[Install]
WantedBy=multi-user.target
EOF

# The board's display, sound, USB, Wi-Fi, CPU frequency and I2C regulator
# drivers are unused here and cost minutes a boot under emulation (the
# I2C bus alone times out for 26 s).
{
	echo "# bhyve-arm board scenario: drivers the test does not use"
	for m in cfg80211 cpufreq_dt dw_hdmi ehci_platform i2c_mv64xxx lima ohci_platform \
		snd_soc_core sun4i_codec sun4i_drm sun4i_ss sun4i_tcon sun8i_codec_analog \
		sun8i_drm_hdmi sun8i_mixer sun8i_thermal sunxi sunxi_cir sy8106a_regulator; do
		echo "blacklist $m"
	done
} >"$work/blacklist"

# debugfs commands that put everything on the card's root file system.
T=/root/bhyve-arm-test
{
	echo "mkdir $T"
	for v in v1 v2; do
		d=$v1
		[ $v = v2 ] && d=$v2
		echo "mkdir $T/$v"
		for f in "$d"/*.deb; do echo "write $f $T/$v/${f##*/}"; done
		set -- "$d"/bhyve-arm_*.deb
		dpkg-deb -f "$1" Version >"$work/version-$v"
		echo "write $work/version-$v $T/$v/version"
	done
	echo "write $E2E/board_stage.sh $T/board_stage.sh"
	echo "sif $T/board_stage.sh mode 0100755"
	echo "write $TOP/scripts/linuxvm.sh $T/linuxvm"
	echo "sif $T/linuxvm mode 0100755"
	echo "write $E2E/lib.sh /etc/e2e-lib.sh"
	echo "write $E2E/klog.sh /etc/e2e-klog.sh"
	echo "mkdir /guest"
	for f in zImage initrd.gz disk.img; do echo "write $GUEST/$f /guest/$f"; done
	echo "write $work/blacklist /etc/modprobe.d/bhyve-arm-test.conf"
	echo "write $work/unit /etc/systemd/system/bhyve-arm-board-test.service"
	echo "symlink /etc/systemd/system/multi-user.target.wants/bhyve-arm-board-test.service /etc/systemd/system/bhyve-arm-board-test.service"
} >"$work/cmds"
# debugfs says nothing on stderr but its banner unless a request failed.
debugfs -w -f "$work/cmds" "$img?offset=$BOARD_ROOT_OFFSET" >/dev/null 2>"$work/debugfs.err"
if grep -v '^debugfs [0-9]' "$work/debugfs.err" | grep -q .; then
	cat "$work/debugfs.err" >&2
	echo "board: cannot write the test files onto the SD card" >&2
	exit 1
fi

rc=100 boot=0
while [ "$rc" = 100 ] && [ $boot -lt 4 ]; do
	boot=$((boot + 1))
	echo "=== board: boot $boot"
	"$TOP/scripts/qemu-host.sh" -M orangepi-pc -S "$img" -t 1500 -l "$logs/board-boot$boot.log"
	rc=$?
done
[ "$rc" = 0 ] && rm -f "$img" # kept when the scenario fails
exit "$rc"
