#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
#
# /usr/sbin/linuxvm in the emulated host: starts the Linux guest of
# scripts/guest-image.sh under bhyve. The one place that knows bhyve's
# command line for it: `make run` and tests/e2e/linux.sh both come here.
usage() {
	cat <<EOM
usage: linuxvm -S                   set up the host side: tun.ko, tap0 as $HOSTIP
       linuxvm [-c ncpus] [-m mem] [-T test] [-a 'bootargs'] [-d disk|none]
               [-r rodisk] [-x rawdisk] [-n tap|none] [-C] [-q] [name]
  -c ncpus   vCPUs (default 2)          -m mem      guest RAM (default 256M)
  -T test    run /tests/TEST.sh in the guest instead of a shell (bhyvetest=)
  -a args    more kernel command line words
  -d disk    ext4 disk, read-write (default /guest/disk.img)
  -r rodisk  another disk, read-only (e.g. /guest/ro.img)
  -x raw     another disk, read-write (e.g. a scratch file)
  -n tap     tap device for virtio-net (default tap0), or none
  -C         add a virtio-console
  -q         do not print the bhyve command line
  name       VM name (default linuxvm)
bhyve's exit status: 1 after the guest powers off, 0 after it reboots.
EOM
	exit 2
}
HOSTIP=192.168.100.1/24
G=/guest

setup_host() {
	grep -q '^tun ' /proc/modules || insmod /lib/modules/tun.ko || return 1
	[ -e /sys/class/net/tap0 ] || tunctl -t tap0 >/dev/null || return 1
	ip addr show dev tap0 | grep -q "inet $HOSTIP" || ip addr add "$HOSTIP" dev tap0 || return 1
	ip link set tap0 up
}

ncpus=2 mem=256M test= args= disk=$G/disk.img ro= raw= tap=tap0 console= quiet=
while getopts "Sc:m:T:a:d:r:x:n:Cqh" o; do
	case $o in
	S) setup_host; exit ;;
	c) ncpus=$OPTARG ;; m) mem=$OPTARG ;; T) test=$OPTARG ;; a) args=$OPTARG ;;
	d) disk=$OPTARG ;; r) ro=$OPTARG ;; x) raw=$OPTARG ;; n) tap=$OPTARG ;;
	C) console=1 ;; q) quiet=1 ;; *) usage ;;
	esac
done
shift $((OPTIND - 1))
name=${1:-linuxvm}

# A test guest's vCPU threads may wait seconds for the build machine's
# cores (an emulated host on a loaded machine): the soft-lockup watchdog
# and RCU's stall warning get their longest thresholds (120 s, 300 s), so
# only a real hang trips them.
stall="watchdog_thresh=60 rcupdate.rcu_cpu_stall_timeout=300"
bootargs="console=ttyAMA0${test:+ bhyvetest=$test $stall}${args:+ $args}"
# -D: destroy the VM when the guest powers off. Slots are virtio-mmio
# transports (slot n: the n-th transport of QEMU virt's layout).
set -- bhyve -D -c "$ncpus" -m "$mem" \
	-o kernel=$G/zImage -o initrd=$G/initrd.gz -o "bootargs=$bootargs"
[ "$disk" != none ] && set -- "$@" -s "2,virtio-blk,$disk"
[ "$tap" != none ] && set -- "$@" -s "3,virtio-net,$tap"
set -- "$@" -s 4,virtio-rng
[ -n "$ro" ] && set -- "$@" -s "5,virtio-blk,$ro,ro"
[ -n "$raw" ] && set -- "$@" -s "6,virtio-blk,$raw"
[ -n "$console" ] && set -- "$@" -s 7,virtio-console
set -- "$@" "$name"
if [ -z "$quiet" ]; then
	printf '+'
	for a in "$@"; do case $a in *' '*) printf " '%s'" "$a" ;; *) printf ' %s' "$a" ;; esac; done
	echo
fi
exec "$@"
