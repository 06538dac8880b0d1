#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
#
# guest-image.sh [OUTDIR [IOBENCH]]   (default build/guest)
#
# Builds the Linux guest that bhyve boots in the emulated host, from the
# same Debian packages as the host (scripts/deps.sh):
#   zImage      Debian's armmp-lpae kernel, unmodified
#   initrd.gz   busybox, the virtio/ext4 modules of that kernel in load
#               order, scripts/guest-init.sh as /init, tests/e2e/guest/*.sh
#               as /tests, and make bench's tool (tests/e2e/progs/iobench.c,
#               built by the Makefile) as /usr/bin/iobench when given
#   disk.img    16 MiB ext4, label bhyve-disk, /marker.txt
#   ro.img      2 MiB ext4, label bhyve-ro, /marker.txt (for ",ro")
# No root, no loop mounts: mke2fs -d fills the images.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$TOP/build/guest}
iobench=${2:-}
# shellcheck disable=SC1091
eval "$(sed -n 's/^\([A-Z_]*\) := \(.*\)$/\1="\2"/p' "$TOP/.cache/env.mk")"

# What the guest loads. Built-in in Debian's armmp-lpae config (see
# .cache/armhf/boot/config-*): virtio core and ring, PL011, PL031, GIC,
# arch timer. Dependencies are added from each module's depends= field.
GUEST_MODULES="virtio_mmio virtio_blk virtio_net virtio_console virtio-rng ext4"

# modfile NAME: the module's file (names may use - or _ either way).
modfile() {
	local n1=${1//-/_} n2=${1//_/-} f
	f=$(find "$KMODDIR/kernel" \( -name "$n1.ko*" -o -name "$n2.ko*" \) | head -1)
	[ -n "$f" ] || { echo "guest-image: no module $1 in $KMODDIR" >&2; exit 1; }
	echo "$f"
}
# A soft dependency names an alias (crypto-crc32c); look for the module
# that declares it among the crypto modules, where those aliases live.
alias_module() {
	local f
	for f in "$KMODDIR"/kernel/crypto/*.ko*; do
		if modinfo -F alias "$f" | grep -qx "$1"; then
			basename "${f%%.ko*}"
			return
		fi
	done
	echo "guest-image: nothing provides $1" >&2
	exit 1
}
order=()
# add NAME: its dependencies first, then itself, once.
add() {
	local f d m
	for m in "${order[@]}"; do [ "${m//-/_}" = "${1//-/_}" ] && return; done
	f=$(modfile "$1")
	for d in $(modinfo -F depends "$f" | tr ',' ' '); do add "$d"; done
	# softdep "pre: a b post: c": the pre ones must be there first.
	for d in $(modinfo -F softdep "$f" | sed -n 's/.*pre: *\([^:]*\)\( post:.*\)\?$/\1/p'); do
		case $d in *-*) add "$(alias_module "$d")" ;; *) add "$d" ;; esac
	done
	order+=("$(basename "${f%%.ko*}")")
}

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$out" "$root"/{bin,sbin,dev,proc,sys,tmp,etc,root,mnt,ro,usr/bin,usr/sbin,lib/modules,tests}
cp "$BUSYBOX" "$root/bin/busybox"
cp "$TOP/scripts/guest-init.sh" "$root/init"
chmod 755 "$root/init"
cp "$TOP"/tests/e2e/guest/*.sh "$root/tests/"
# the kernel-log check the host scenarios use too (/tests/lib.sh sources it)
cp "$TOP/tests/e2e/klog.sh" "$root/etc/klog.sh"
[ -z "$iobench" ] || install -m 755 "$iobench" "$root/usr/bin/iobench"

for m in $GUEST_MODULES; do add "$m"; done
for m in "${order[@]}"; do
	f=$(modfile "$m")
	case $f in
	*.ko) cp "$f" "$root/lib/modules/$m.ko" ;;
	*.ko.xz) xz -dc "$f" >"$root/lib/modules/$m.ko" ;;
	*.ko.zst) zstd -qdc "$f" >"$root/lib/modules/$m.ko" ;;
	*.ko.gz) gzip -dc "$f" >"$root/lib/modules/$m.ko" ;;
	esac
	echo "$m" >>"$root/lib/modules/load.list"
done
echo "guest-image: modules: ${order[*]}"

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -9) >"$out/initrd.gz.tmp"
mv "$out/initrd.gz.tmp" "$out/initrd.gz"
cp "$KIMAGE" "$out/zImage"

# The disks: a marker file each, no journal-less tricks (ext4 defaults).
mkimg() { # mkimg FILE LABEL SIZE MARKER
	local d
	d=$(mktemp -d)
	echo "$4" >"$d/marker.txt"
	rm -f "$1"
	mke2fs -q -t ext4 -L "$2" -E root_owner=0:0 -d "$d" -F "$1" "$3"
	rm -rf "$d"
}
mkimg "$out/disk.img" bhyve-disk 16M "bhyve-arm guest disk"
mkimg "$out/ro.img" bhyve-ro 2M "bhyve-arm read-only disk"
ls -l "$out"
