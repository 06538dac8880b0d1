#!/bin/busybox sh
# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=dash # busybox sh, which shellcheck checks as dash
# /init of the Linux guest (scripts/guest-image.sh): Debian's armmp-lpae
# kernel with busybox and the virtio modules. Loads the modules, mounts the
# disks it knows by their labels, brings up eth0, then runs the test named
# by bhyvetest= on the kernel command line, or a shell on the console.
# Powers off when the test or the shell ends: bhyve then exits with 1.
/bin/busybox --install -s
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /tmp
hostname bhyve-guest

# Kernel command line words this init understands (none has a dot, so the
# kernel hands them on instead of taking them for module parameters).
test= guestip=192.168.100.2/24 peerip=192.168.100.1
# shellcheck disable=SC2013 # one line of words, split on purpose
for w in $(cat /proc/cmdline); do
	case $w in
	bhyvetest=*) test=${w#*=} ;;
	guestip=*) guestip=${w#*=} ;;
	peerip=*) peerip=${w#*=} ;;
	esac
done
export guestip peerip
# A test wants its own lines whole on the console: kernel messages still
# go to dmesg, only emergencies to the console.
[ -n "$test" ] && echo 1 >/proc/sys/kernel/printk

# In dependency order (guest-image.sh resolves it from the modules' own
# depends= fields).
while read -r m; do
	insmod "/lib/modules/$m.ko" || echo "guest: insmod $m failed"
done </lib/modules/load.list

# The disks by label, not by name: vda, vdb, ... follow the order the
# transports are probed in, which is the VMM's business.
mkdir -p /mnt /ro
d=$(findfs LABEL=bhyve-disk 2>/dev/null) && mount -t ext4 "$d" /mnt &&
	echo "guest: $d (bhyve-disk) mounted read-write on /mnt"
d=$(findfs LABEL=bhyve-ro 2>/dev/null) && mount -t ext4 -o ro "$d" /ro &&
	echo "guest: $d (bhyve-ro) mounted read-only on /ro"

ip link set lo up
if [ -e /sys/class/net/eth0 ]; then
	ip addr add "$guestip" dev eth0 && ip link set eth0 up &&
		echo "guest: eth0 is $guestip (host side $peerip)"
fi

if [ -n "$test" ]; then
	if [ -f "/tests/$test.sh" ]; then
		sh "/tests/$test.sh"
	else
		echo "GUEST-CHECK: FAIL no test '$test' in /tests"
	fi
else
	printf "alias poweroff='poweroff -f'\nalias reboot='reboot -f'\n" >/etc/profile
	echo "bhyve-arm Linux guest ready. Leave with 'poweroff' or 'exit'."
	setsid cttyhack sh -l
fi
sync
umount /mnt /ro 2>/dev/null
poweroff -f
