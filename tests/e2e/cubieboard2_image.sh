#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
#
# cubieboard2_image.sh LOGDIR DEBS [DEBS2]
#
# The Cubieboard2's SD card (scripts/board-image.sh cubieboard2) cannot be
# booted here: QEMU has no A20. This checks its layout instead, on the
# build machine: the boot loader where the A20's boot ROM looks, the
# partition table, extlinux.conf with the board's device tree, bhyve-arm's
# packages installed and the module built by DKMS for the image's kernel.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -ge 2 ] || { echo "usage: cubieboard2_image.sh LOGDIR DEBS [DEBS2]" >&2; exit 2; }
logs=$1 debs=$2
mkdir -p "$logs"
img=$logs/cubieboard2.img
fails=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }

check "board-image.sh builds the Cubieboard2 card with $debs" \
	"$TOP/scripts/board-image.sh" -d "$debs" -o "$img" cubieboard2
[ -f "$img" ] || { echo "no image"; exit 1; }
eval "$("$TOP/scripts/distro-image.sh" -b)"
spl=$TOP/.cache/armhf/usr/lib/u-boot/Cubieboard2/u-boot-sunxi-with-spl.bin
off=$BOARD_ROOT_OFFSET
fs="$img?offset=$off"
# in_fs CMD: a debugfs request on the card's root file system
in_fs() { debugfs -R "$1" "$fs" 2>/dev/null; }

check "the A20 boot ROM's signature eGON.BT0 at 8 KiB + 4" \
	[ "$(dd if="$img" bs=1 skip=$((8192 + 4)) count=8 status=none)" = eGON.BT0 ]
len=$(stat -c %s "$spl")
check "Debian's u-boot-sunxi Cubieboard2 build at 8 KiB, whole" \
	cmp -s -n "$len" "$spl" <(dd if="$img" bs=1k skip=8 status=none)
size=$(stat -c %s "$img")
check "card size a power of two ($size bytes)" [ $((size & (size - 1))) = 0 ]
sfdisk -J "$img" >"$logs/cubieboard2.parts" 2>&1
check "DOS label, one bootable Linux partition from 1 MiB, after the boot loader" \
	python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))["partitiontable"]
p = t["partitions"]
ok = t["label"] == "dos" and len(p) == 1 and p[0]["start"] == 2048 and \
	p[0]["type"] == "83" and p[0].get("bootable") and 8192 + int(sys.argv[2]) <= 2048 * 512
sys.exit(0 if ok else 1)' "$logs/cubieboard2.parts" "$len"
check "the partition holds a clean ext4" e2fsck -fn "$fs"
in_fs "cat /boot/extlinux/extlinux.conf" >"$logs/cubieboard2.extlinux"
cat "$logs/cubieboard2.extlinux"
check "extlinux.conf names the Cubieboard2's device tree" \
	grep -qx " *fdt /usr/lib/linux-image-$BOARD_KVER/sun7i-a20-cubieboard2.dtb" "$logs/cubieboard2.extlinux"
check "extlinux.conf: the kernel, its initramfs, root on the card, serial console" sh -c "
	grep -qx ' *kernel /boot/vmlinuz-$BOARD_KVER' '$logs/cubieboard2.extlinux' &&
	grep -qx ' *initrd /boot/initrd.img-$BOARD_KVER' '$logs/cubieboard2.extlinux' &&
	grep -q 'append .*root=/dev/mmcblk0p1' '$logs/cubieboard2.extlinux' &&
	grep -q 'append .*console=ttyS0,115200' '$logs/cubieboard2.extlinux'"
check "the device tree is in the image" \
	sh -c "debugfs -R 'stat /usr/lib/linux-image-$BOARD_KVER/sun7i-a20-cubieboard2.dtb' '$fs' 2>/dev/null | grep -q 'Type: regular'"
in_fs "cat /var/lib/dpkg/status" >"$logs/cubieboard2.status"
for p in bhyve-arm bhyve-arm-dkms; do
	# shellcheck disable=SC2016 # awk's program
	check "package $p installed" awk -v p="$p" '
		$0 == "Package: " p { f = 1; next }
		/^Package: / { f = 0 }
		f && $0 == "Status: install ok installed" { ok = 1 }
		END { exit !ok }' "$logs/cubieboard2.status"
done
check "bhyve and bhyvectl in /usr/sbin" \
	sh -c "debugfs -R 'ls -l /usr/sbin' '$fs' 2>/dev/null | grep -q ' bhyve\$' &&
		debugfs -R 'ls -l /usr/sbin' '$fs' 2>/dev/null | grep -q ' bhyvectl\$'"
check "vmm.ko built by DKMS for the image's kernel ($BOARD_KVER)" \
	sh -c "debugfs -R 'stat /lib/modules/$BOARD_KVER/updates/dkms/vmm.ko' '$fs' 2>/dev/null | grep -q 'Type: regular'"
check "vmm loads at boot (modules-load.d)" \
	sh -c "debugfs -R 'ls /usr/lib/modules-load.d' '$fs' 2>/dev/null | grep -q 'bhyve-arm.conf'"
if [ $fails = 0 ]; then
	rm -f "$img"
	echo "cubieboard2 image: all checks passed"
	exit 0
fi
echo "cubieboard2 image: $fails check(s) failed (image kept: $img)"
exit 1
