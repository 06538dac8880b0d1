#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=dash # busybox sh in the emulated host
#
# /usr/sbin/distrovm in the emulated host: boots the Debian disk image of
# scripts/distro-image.sh the way a real machine boots, Debian's u-boot as
# bhyve's firmware. The image is the host's own disk, /dev/vda (make
# run-distro and tests/e2e/distro.sh hand it to QEMU), given to the guest
# whole. The one place that knows this bhyve command line.
usage() {
	cat <<EOM
usage: distrovm -S                 set up the host: vmm.ko, the host's virtio
                                   disk (/dev/vda), tap0 as 192.168.100.1
       distrovm [-c ncpus] [-m mem] [-d disk] [-n tap|none] [-q] [name]
  -c ncpus   vCPUs (default 2)        -m mem   guest RAM (default 512M)
  -d disk    the disk image (default /dev/vda)
  -n tap     tap device for virtio-net (default tap0), or none
  -q         do not print the bhyve command line
  name       VM name (default debian)
Log in as root, no password. bhyve's exit status: 1 after the guest
powers off, 0 after it reboots (start it again to boot again).
EOM
	exit 2
}
D=/distro

setup_host() {
	local m
	for m in vmm virtio_mmio virtio_blk; do
		grep -q "^$m " /proc/modules || insmod /lib/modules/$m.ko || return 1
	done
	i=0
	while [ ! -b /dev/vda ] && [ $i -lt 10 ]; do sleep 1; i=$((i + 1)); done
	[ -b /dev/vda ] || { echo "distrovm: the host has no disk /dev/vda" >&2; return 1; }
	linuxvm -S
}

ncpus=2 mem=512M disk=/dev/vda tap=tap0 quiet=
while getopts "Sc:m:d:n:qh" o; do
	case $o in
	S) setup_host; exit ;;
	c) ncpus=$OPTARG ;; m) mem=$OPTARG ;; d) disk=$OPTARG ;; n) tap=$OPTARG ;;
	q) quiet=1 ;; *) usage ;;
	esac
done
shift $((OPTIND - 1))
name=${1:-debian}

set -- bhyve -c "$ncpus" -m "$mem" -s "2,virtio-blk,$disk"
[ "$tap" != none ] && set -- "$@" -s "3,virtio-net,$tap"
# bootvars: u-boot's environment (bootdelay=0, boot from virtio0), else it
# waits 2 s and probes fw_cfg, USB and SCSI first.
set -- "$@" -o bootrom=$D/u-boot.bin -o bootvars=$D/uboot-env.img -o console=stdio "$name"
[ -n "$quiet" ] || echo "+ $*"
exec "$@"
