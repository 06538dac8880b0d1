#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
#
# sd-image.sh [-s MiB] [-L label] OUT.img SPL.bin TREE
#
# Writes an Allwinner SD-card image without loop devices or mounts: a DOS
# label, one bootable ext4 partition from 1 MiB made from TREE (a directory,
# or a tarball with e2fsprogs >= 1.47) by mke2fs -d, and the boot loader
# (Debian's u-boot-sunxi-with-spl.bin) at 8 KiB, where the SoC's boot ROM
# looks for the "eGON.BT0" header. QEMU wants an SD card whose size is a
# power of two: -s is rounded up to one (default: the smallest that fits).
set -euo pipefail
usage() {
	echo "usage: sd-image.sh [-s MiB] [-L label] OUT.img SPL.bin TREE" >&2
	exit 2
}
die() { echo "sd-image: $*" >&2; exit 1; }

size= label=boot
while getopts "s:L:h" o; do
	case $o in s) size=$OPTARG ;; L) label=$OPTARG ;; *) usage ;; esac
done
shift $((OPTIND - 1))
[ $# = 3 ] || usage
out=$1 spl=$2 tree=$3
[ -f "$spl" ] || die "no boot loader '$spl' (scripts/deps.sh unpacks u-boot-sunxi)"
[ -e "$tree" ] || die "no tree '$tree'"
# The boot ROM checks this magic 4 bytes into the SPL.
[ "$(dd if="$spl" bs=1 skip=4 count=8 status=none)" = eGON.BT0 ] ||
	die "$spl is not an Allwinner boot image (no eGON.BT0 header)"
[ -z "$size" ] || [[ $size =~ ^[0-9]+$ ]] || die "size must be a number of MiB"

PART_START=2048 # sectors: 1 MiB, clear of the boot loader (8 KiB..~1 MiB)
if [ -z "$size" ]; then
	# The tree, ext4's metadata (about 5 %) and some room.
	size=$(($(du -sm --apparent-size "$tree" | cut -f1) * 11 / 10 + 16))
fi
mib=1
while [ $mib -lt "$size" ]; do mib=$((mib * 2)); done

rm -f "$out"
truncate -s "${mib}M" "$out"
echo "start=$PART_START, type=83, bootable" | sfdisk --quiet --label dos "$out"
mke2fs -q -F -t ext4 -L "$label" -d "$tree" -E offset=$((PART_START * 512)) \
	"$out" $((mib * 1024 - PART_START / 2))k
dd if="$spl" of="$out" bs=1k seek=8 conv=notrunc status=none
