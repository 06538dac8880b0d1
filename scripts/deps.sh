#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Installs the build machine's Debian packages and extracts the armhf packages
# (kernel image + headers, kbuild, busybox, libfdt) into .cache/armhf.
# Idempotent: a second run installs and downloads nothing.
#
# `deps.sh distro` instead installs only what scripts/distro-image.sh needs
# (mmdebstrap, qemu-user-static, u-boot) and lets this kernel run armhf
# programs through qemu-arm (binfmt_misc); plain runs do not pay for that.
#
# armhf packages are never apt-get installed: next to the cross toolchain that
# ends in file conflicts (see ../shared/DESIGN.md, next to the checkout). They are downloaded and
# unpacked with dpkg-deb instead.
set -euo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${BHYVE_ARM_CACHE:-$TOP/.cache}
ROOT=$CACHE/armhf
DEBS=$CACHE/debs
STAMP=$CACHE/deps.stamp

HOST_PKGS="gcc-arm-linux-gnueabihf binutils-arm-linux-gnueabihf libc6-dev-armhf-cross qemu-system-arm
	cpio gzip device-tree-compiler libfdt-dev make gcc bc bison flex
	libssl-dev libelf-dev kmod xz-utils e2fsprogs shellcheck sparse clang-format
	dpkg-dev debhelper dh-dkms fakeroot lintian man-db"

log() { echo "deps: $*"; }

SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo

need_host_pkgs() {
	local p
	for p in $HOST_PKGS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || return 0
	done
	return 1
}

updated=0
apt_update() {
	[ $updated = 1 ] && return
	# A mirror mid-sync can fail one index; retry, then go on with what we
	# have: the look-ups below fail loudly if something is really missing.
	for _ in 1 2 3; do
		$SUDO apt-get update -qq && break
		sleep 5
	done
	updated=1
}

DISTRO_PKGS="mmdebstrap arch-test qemu-user-static binfmt-support fdisk e2fsprogs
	u-boot-qemu u-boot-tools python3"
BINFMT=/proc/sys/fs/binfmt_misc

distro_deps() {
	local p missing=
	for p in $DISTRO_PKGS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		log "installing$missing"
		apt_update
		# shellcheck disable=SC2086 # a list of package names
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
			-o DPkg::Lock::Timeout=600 $missing
	fi
	# A fresh machine (or container) has binfmt_misc unmounted, and
	# qemu-user-static's entries are then registered but not enabled.
	if [ ! -e "$BINFMT/status" ]; then
		log "mounting binfmt_misc"
		$SUDO mount -t binfmt_misc binfmt_misc "$BINFMT" || {
			echo "deps: cannot mount binfmt_misc on $BINFMT: armhf programs cannot run here" \
				"(a container needs the privilege to mount it)" >&2
			return 1
		}
	fi
	if ! grep -qx enabled "$BINFMT/qemu-arm" 2>/dev/null; then
		log "enabling qemu-arm in binfmt_misc"
		$SUDO update-binfmts --enable qemu-arm
	fi
	# F (fix binary): the interpreter is opened now, so it need not exist
	# inside a chroot. Debian's qemu-user-static registers it that way.
	grep -q '^flags:.*F' "$BINFMT/qemu-arm" 2>/dev/null || {
		echo "deps: binfmt_misc's qemu-arm entry lacks the F flag (not qemu-user-static's?):" >&2
		cat "$BINFMT/qemu-arm" >&2
		return 1
	}
	arch-test armhf >/dev/null || {
		echo "deps: armhf programs do not run on this machine (arch-test armhf failed)" >&2
		return 1
	}
}

if [ "${1:-}" = distro ]; then
	distro_deps
	exit
fi

# On an ARM board the build is native (Makefile, "Native build"): no cross
# compiler, no downloads; say what the board needs if it lacks it.
case "$(uname -m)" in
armv7l | armv8l)
	BOARD_PKGS="build-essential pkg-config libfdt-dev device-tree-compiler linux-headers-$(uname -r)"
	missing=
	for p in $BOARD_PKGS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		echo "deps: building natively on this board needs: apt install$missing" >&2
		exit 1
	fi
	exit 0
	;;
esac

# u-boot-sunxi: the boot loader of the emulated Allwinner board's SD card.
SUNXI_SPL=$ROOT/usr/lib/u-boot/nanopi_neo/u-boot-sunxi-with-spl.bin
if [ -f "$STAMP" ] && ! need_host_pkgs && [ -d "$ROOT/lib/modules" ] && [ -f "$SUNXI_SPL" ]; then
	exit 0
fi

if need_host_pkgs; then
	log "installing host packages"
	apt_update
	# shellcheck disable=SC2086 # a list of package names, split on purpose
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $HOST_PKGS
fi

if ! dpkg --print-foreign-architectures | grep -qx armhf; then
	log "adding armhf as a foreign architecture (for apt-get download only)"
	$SUDO dpkg --add-architecture armhf
	updated=0
fi
# apt-cache needs armhf lists; they exist once an update ran after the add.
if ! apt-cache show linux-image-armmp-lpae:armhf >/dev/null 2>&1; then
	updated=0
	apt_update
fi

# The kernel ABI (e.g. 6.1.0-50) is whatever the metapackage points at today.
ABI=$(apt-cache depends linux-image-armmp-lpae:armhf |
	sed -n 's/.*Depends: linux-image-\(.*\)-armmp-lpae.*/\1/p' | head -1)
[ -n "$ABI" ] || { echo "deps: cannot resolve kernel ABI" >&2; exit 1; }
KBUILD=$(apt-cache depends "linux-headers-$ABI-common" 2>/dev/null |
	sed -n 's/.*Depends: \(linux-kbuild-[0-9.]*\).*/\1/p' | head -1)
KBUILD=${KBUILD:-linux-kbuild-6.1}
log "kernel ABI $ABI, $KBUILD"

ARMHF_PKGS="linux-image-$ABI-armmp-lpae:armhf linux-headers-$ABI-armmp-lpae:armhf
	linux-headers-$ABI-common:all $KBUILD:amd64 busybox-static:armhf
	libfdt-dev:armhf libfdt1:armhf u-boot-sunxi:armhf"

mkdir -p "$DEBS" "$ROOT"
cd "$DEBS"
for p in $ARMHF_PKGS; do
	name=${p%%:*}
	if ! ls "${name}"_*.deb >/dev/null 2>&1; then
		log "downloading $p"
		apt-get download -qq "$p"
	fi
done
for d in "$DEBS"/*.deb; do
	dpkg-deb -x "$d" "$ROOT"
done

# The armmp-lpae headers include the common headers by absolute path:
# every ABI's, since the loop above unpacked the older ones again too.
HDR=$ROOT/usr/src/linux-headers-$ABI-armmp-lpae
sed -i "s|^include /usr/src/|include $ROOT/usr/src/|" "$ROOT"/usr/src/linux-headers-*-armmp-lpae/Makefile
# The kbuild scripts are linked from the headers by absolute path too.
for l in scripts tools; do
	t=$(readlink "$HDR/$l" 2>/dev/null || true)
	case "$t" in /usr/*) ln -sfn "$ROOT$t" "$HDR/$l" ;; esac
done
for l in "$ROOT/usr/src/linux-headers-$ABI-common"/{scripts,tools}; do
	t=$(readlink "$l" 2>/dev/null || true)
	case "$t" in /usr/*) ln -sfn "$ROOT$t" "$l" ;; esac
done

cat > "$CACHE/env.mk" <<EOM
# generated by scripts/deps.sh
KABI := $ABI
KDIR := $HDR
KIMAGE := $ROOT/boot/vmlinuz-$ABI-armmp-lpae
KMODDIR := $ROOT/lib/modules/$ABI-armmp-lpae
DTBDIR := $ROOT/usr/lib/linux-image-$ABI-armmp-lpae
BUSYBOX := $ROOT/bin/busybox
ARMHF_ROOT := $ROOT
EOM
touch "$STAMP"
log "ready in $CACHE"
