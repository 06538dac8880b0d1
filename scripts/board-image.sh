#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
#
# board-image.sh [-d DEBS] -o OUT.img BOARD
#
# An SD card for a real ARMv7 board with bhyve-arm's packages installed:
# the Debian system of scripts/distro-image.sh -b (its rootfs.tar), the
# board's device tree named in extlinux.conf, Debian's u-boot-sunxi build
# for the board at 8 KiB. Write it to a card with dd; DKMS builds the
# module at the first boot if the kernel's headers changed since.
#   BOARD   cubieboard2 (Allwinner A20) or orangepi-pc (Allwinner H3)
#   -d DEBS a folder of bhyve-arm's .deb files (make deb: build/deb/VERSION)
# Needs root (or sudo): the packages are installed in a chroot (qemu-arm).
set -euo pipefail
SELF=$(readlink -f "$0")
TOP=$(cd "$(dirname "$SELF")/.." && pwd)
die() { echo "board-image: $*" >&2; exit 1; }
usage() {
	echo "usage: board-image.sh [-d DEBS] -o OUT.img cubieboard2|orangepi-pc" >&2
	exit 2
}

debs= out=
while getopts "d:o:h" o; do
	case $o in d) debs=$OPTARG ;; o) out=$OPTARG ;; *) usage ;; esac
done
shift $((OPTIND - 1))
{ [ $# = 1 ] && [ -n "$out" ]; } || usage
# board -> Debian's u-boot-sunxi build, the kernel's device tree
case $1 in
cubieboard2) spl=Cubieboard2 dtb=sun7i-a20-cubieboard2.dtb ;;
orangepi-pc) spl=nanopi_neo dtb=sun8i-h3-orangepi-pc.dtb ;;
*) die "unknown board '$1' (cubieboard2 or orangepi-pc)" ;;
esac
if [ -n "$debs" ]; then
	ls "$debs"/*.deb >/dev/null 2>&1 || die "no .deb files in '$debs' (make deb)"
	debs=$(cd "$debs" && pwd)
fi
out=$(readlink -f "$out")

if [ "$(id -u)" != 0 ]; then
	exec sudo "$SELF" ${debs:+-d "$debs"} -o "$out" "$1"
fi
eval "$("$TOP/scripts/distro-image.sh" -b)"
spl=$TOP/.cache/armhf/usr/lib/u-boot/$spl/u-boot-sunxi-with-spl.bin

work=$(mktemp -d)
cleanup() {
	grep -q " $work/" /proc/mounts && umount -R "$work/root" 2>/dev/null
	rm -rf --one-file-system "$work"
}
trap cleanup EXIT
mkdir "$work/root"
tar -C "$work/root" --numeric-owner -xf "$BOARD_ROOTFS_TAR"
r=$work/root
conf=$r/boot/extlinux/extlinux.conf
[ -f "$r/usr/lib/linux-image-$BOARD_KVER/$dtb" ] || die "the kernel has no $dtb"
sed -i "s|^\( *fdt /usr/lib/linux-image-$BOARD_KVER/\).*|\1$dtb|" "$conf"
grep -q "fdt .*/$dtb\$" "$conf" || die "cannot name $dtb in extlinux.conf"

if [ -n "$debs" ]; then
	# armhf programs run here through binfmt_misc and qemu-arm.
	"$TOP/scripts/deps.sh" distro >&2 || die "scripts/deps.sh distro failed"
	# dpkg in the chroot: the maintainer scripts run under qemu-arm; DKMS
	# builds the module for the image's kernel now (its headers are there).
	mkdir -p "$r/tmp/debs"
	cp "$debs"/*.deb "$r/tmp/debs/"
	for d in proc sys dev; do mkdir -p "$r/$d" && mount --rbind "/$d" "$r/$d"; done
	chroot "$r" sh -c 'dpkg -i /tmp/debs/*.deb' || die "the packages do not install"
	umount -R "$r/proc" "$r/sys" "$r/dev"
	rm -rf "$r/tmp/debs"
fi

"$TOP/scripts/sd-image.sh" -s 2048 -L board "$out" "$spl" "$r"
# shellcheck disable=SC2153 # sudo sets both
[ -z "${SUDO_UID:-}" ] || chown "$SUDO_UID:$SUDO_GID" "$out"
echo "board-image: $out for $1 ($(du -m "$out" | cut -f1) MiB used)" >&2
