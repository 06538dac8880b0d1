#!/bin/busybox sh
# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=dash # busybox sh, which shellcheck checks as dash
# /init of the emulated ARM host: mount the basics, run /scenario.sh, report
# its status on the console in a line the harness looks for, power off.
/bin/busybox --install -s
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /tmp
# bhyve's run directories (/run/bhyve/NAME: the console's pty link)
mkdir -p /run && mount -t tmpfs tmpfs /run
hostname bhyve-arm-host
mode=$(cat /etc/bhyve-arm-mode)
status=0
if [ -x /scenario.sh ]; then
	cd /
	/scenario.sh
	status=$?
fi
if [ "$mode" = run ]; then
	# No init daemon to signal: power off straight away.
	printf "alias poweroff='poweroff -f'\nalias reboot='poweroff -f'\n" >/etc/profile
	echo "bhyve-arm host ready. Leave with 'poweroff' or 'exit' (or Ctrl-A X)."
	setsid cttyhack sh -l
	poweroff -f
fi
echo "BHYVE-ARM-SCENARIO-EXIT=$status"
sync
poweroff -f
