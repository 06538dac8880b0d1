#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
#
# make deb-check (part of make check): the packages of make deb hold what
# a Debian user of an ARMv7 board installs, and DKMS would build vmm.ko
# from bhyve-arm-dkms:
#   - the control fields (architectures, Depends on libc6 and libfdt1,
#     dkms; the Recommends)
#   - bhyve and bhyvectl: ARM ELF, dynamically linked, bhyve to
#     libfdt.so.1, and they run (under qemu-arm, if installed); the man
#     pages, which render without a warning; the systemd unit
#   - libvmmapi-dev: a program includes <bhyve-arm/vmmapi.h> and links
#     libvmmapi.a with the cross compiler
#   - bhyve-arm-dkms: dkms.conf and the tree; then dkms.conf's own CLEAN
#     and MAKE lines, run in a copy of the tree with kernelver set to the
#     cached armhf kernel (/lib/modules/KVER/build a link to its headers
#     in .cache), build vmm.ko for that kernel
#   - lintian: no error, no warning
#
#	tests/deb/check_deb.sh build/deb/VERSION
set -euo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${1:?usage: check_deb.sh build/deb/VERSION}
VER=$(basename "$DIR")
CROSS=${CROSS_COMPILE-arm-linux-gnueabihf-}
WORK=$TOP/build/deb-check
failed=0

pass() { echo "PASS: $*"; }
fail() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}
# check "what" command...: PASS or FAIL with what the command printed
check() {
	local what=$1 out
	shift
	if out=$("$@" 2>&1); then
		pass "$what"
	else
		fail "$what"
		[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/    /' | head -n 20
	fi
}

for t in dpkg-deb:dpkg readelf:binutils man:man-db groff:groff-base lintian:lintian modinfo:kmod "${CROSS}gcc":gcc-arm-linux-gnueabihf; do
	command -v "${t%%:*}" >/dev/null ||
		{ echo "check_deb: ${t%%:*} is missing: apt install ${t#*:} (scripts/deps.sh does)" >&2; exit 1; }
done

BIN=$DIR/bhyve-arm_${VER}_armhf.deb
DKMS=$DIR/bhyve-arm-dkms_${VER}_all.deb
DEV=$DIR/libvmmapi-dev_${VER}_armhf.deb
for d in "$BIN" "$DKMS" "$DEV"; do
	[ -f "$d" ] || { echo "check_deb: no $d (make deb builds it)" >&2; exit 1; }
done

rm -rf "$WORK"
mkdir -p "$WORK"
for p in bin:"$BIN" dkms:"$DKMS" dev:"$DEV"; do
	dpkg-deb -x "${p#*:}" "$WORK/${p%%:*}"
done

# ---- control fields --------------------------------------------------------
field() { dpkg-deb -f "$1" "$2"; }
has() { grep -Eq -- "$2" <<<"$1" || { echo "'$1' lacks /$2/"; return 1; }; }
check "bhyve-arm: Architecture armhf" has "$(field "$BIN" Architecture)" '^armhf$'
check "bhyve-arm: Depends on libc6 and libfdt1" \
	has "$(field "$BIN" Depends)" '(^|, )libc6 \(>= [0-9.]+\).*libfdt1 \(>= [0-9.]+\)'
check "bhyve-arm: Recommends bhyve-arm-dkms" has "$(field "$BIN" Recommends)" 'bhyve-arm-dkms'
check "bhyve-arm-dkms: Architecture all" has "$(field "$DKMS" Architecture)" '^all$'
check "bhyve-arm-dkms: Depends on dkms" has "$(field "$DKMS" Depends)" '(^|, )dkms'
check "libvmmapi-dev: Architecture armhf" has "$(field "$DEV" Architecture)" '^armhf$'

# ---- bhyve-arm -------------------------------------------------------------
elf_ok() { # FILE NEEDED...: 32-bit ARM, dynamic, Debian's armhf loader, those libraries
	local f=$1 hdr dyn
	shift
	hdr=$(readelf -h -l "$f") && dyn=$(readelf -d "$f") || return 1
	has "$hdr" 'Class: +ELF32' && has "$hdr" 'Machine: +ARM' &&
		has "$hdr" 'interpreter: /lib/ld-linux-armhf\.so\.3' || return 1
	for lib in "$@"; do
		has "$dyn" "\(NEEDED\) +Shared library: \[$lib\]" || return 1
	done
}
check "bhyve: ARM ELF linked to libfdt.so.1 and libc.so.6" elf_ok "$WORK/bin/usr/sbin/bhyve" 'libfdt\.so\.1' 'libc\.so\.6'
check "bhyvectl: ARM ELF linked to libc.so.6" elf_ok "$WORK/bin/usr/sbin/bhyvectl" 'libc\.so\.6'

# They run: under qemu-arm with the cross libc and the cached libfdt.so.1
# (when qemu-user is here: scripts/deps.sh distro installs it).
QEMU_ARM=$(command -v qemu-arm-static qemu-arm | head -n 1 || true)
runs_arm() {
	local out
	out=$("$QEMU_ARM" -L "/usr/${CROSS%-}" -E LD_LIBRARY_PATH="$TOP/.cache/armhf/usr/lib/arm-linux-gnueabihf" \
		"$WORK/bin/usr/sbin/bhyve" -o kernel=/zImage -o config.dump=true vm0) && return 1
	has "$out" '^kernel=/zImage$' || return 1
	"$QEMU_ARM" -L "/usr/${CROSS%-}" "$WORK/bin/usr/sbin/bhyvectl" --help >/dev/null
}
if [ -n "$QEMU_ARM" ]; then
	check "bhyve and bhyvectl run (qemu-arm, libfdt.so.1 loaded)" runs_arm
else
	echo "SKIP: bhyve and bhyvectl run: no qemu-arm here (scripts/deps.sh distro installs it)"
fi

man_ok() { # FILE.gz: present, and neither man nor groff has a word to say
	local f=$1 out
	[ -s "$f" ] || { echo "no $f"; return 1; }
	out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$f" 2>&1 >/dev/null)
	out+=$(zcat "$f" | groff -mandoc -ww -z 2>&1)
	[ -z "$out" ] || { echo "$out"; return 1; }
}
for m in man8/bhyve.8 man8/bhyvectl.8 man5/bhyve_config.5; do
	check "man page $m renders without warnings" man_ok "$WORK/bin/usr/share/man/$m.gz"
done
UNIT=$WORK/bin/lib/systemd/system/bhyve@.service
check "systemd unit bhyve@.service starts /usr/sbin/bhyve" grep -q '^ExecStart=/usr/sbin/bhyve -k /etc/bhyve/%i.conf %i$' "$UNIT"

# ---- libvmmapi-dev ---------------------------------------------------------
vmmapi_links() {
	local inc=$WORK/dev/usr/include lib
	lib=$(find "$WORK/dev/usr/lib" -name libvmmapi.a)
	[ -n "$lib" ] || { echo "no libvmmapi.a"; return 1; }
	printf '%s\n' '#include <bhyve-arm/vmmapi.h>' \
		'int main(void) { return vmm_is_loaded() ? 0 : 1; }' >"$WORK/use_vmmapi.c"
	"${CROSS}gcc" -Wall -Werror -I"$inc" -o "$WORK/use_vmmapi" "$WORK/use_vmmapi.c" "$lib"
}
check "libvmmapi-dev: <bhyve-arm/vmmapi.h> and libvmmapi.a build a program" vmmapi_links

# ---- bhyve-arm-dkms --------------------------------------------------------
SRC=$WORK/dkms/usr/src/bhyve-arm-$VER
CONF=$SRC/dkms.conf
check "dkms tree: dkms.conf, kmod/ and include/" \
	test -f "$CONF" -a -f "$SRC/kmod/Kbuild" -a -f "$SRC/kmod/Makefile" -a -f "$SRC/include/uapi/vmm_dev.h"
# dkms.conf is bash, which dkms sources with kernelver set; so does this.
# shellcheck disable=SC1090,SC2034 # the package's file; dkms.conf reads kernelver
conf() { (kernelver=$2 && . "$CONF" && eval "printf '%s\n' \"\${$1}\""); }
check "dkms.conf: version $VER, module vmm, AUTOINSTALL" \
	test "$(conf PACKAGE_VERSION x)/$(conf 'BUILT_MODULE_NAME[0]' x)/$(conf AUTOINSTALL x)" = "$VER/vmm/yes"
check "dkms.conf: MAKE builds against /lib/modules/\$kernelver/build" \
	has "$(conf 'MAKE[0]' KVER)" '/lib/modules/KVER/build'
check "modules-load.d loads vmm at boot" \
	grep -qx vmm "$WORK/dkms/usr/lib/modules-load.d/bhyve-arm.conf"

# DKMS copies the tree to its build folder and runs MAKE[0] there with the
# kernel's release; here that kernel is the cached armhf one, whose
# headers are not under /lib/modules, and the compiler a cross one.
dkms_builds() {
	local kabi kdir kver cmd
	kabi=$(sed -n 's/^KABI := //p' "$TOP/.cache/env.mk")
	kdir=$(sed -n 's/^KDIR := //p' "$TOP/.cache/env.mk")
	kver=$kabi-armmp-lpae
	[ -d "$kdir" ] || { echo "no kernel headers in .cache (scripts/deps.sh)"; return 1; }
	cp -r "$SRC" "$WORK/dkms-build"
	# /lib/modules/KVER/build is a link to the headers, as on a board
	mkdir -p "$WORK/lib/modules/$kver"
	ln -s "$kdir" "$WORK/lib/modules/$kver/build"
	# dkms cleans first (CLEAN), then builds (MAKE[0])
	for var in CLEAN 'MAKE[0]'; do
		cmd=$(conf "$var" "$kver")
		cmd=${cmd//\/lib\/modules\//$WORK\/lib\/modules\/}
		echo "dkms $var, kernelver=$kver: $cmd"
		# shellcheck disable=SC2086 # a command line, split as dkms splits it
		(cd "$WORK/dkms-build" && $cmd ARCH=arm CROSS_COMPILE="$CROSS" KERNELRELEASE="$kver") \
			>"$WORK/dkms-build.log" 2>&1 || { tail -n 20 "$WORK/dkms-build.log"; return 1; }
	done
	has "$(modinfo -F vermagic "$WORK/dkms-build/$(conf 'BUILT_MODULE_LOCATION[0]' x)vmm.ko")" "^$kver SMP"
}
check "bhyve-arm-dkms: dkms.conf's MAKE builds vmm.ko for the cached armhf kernel" dkms_builds
# The package's version in the module: what the board scenario compares
# with the installed package after an upgrade.
check "bhyve-arm-dkms: the module says it is version $VER (modinfo -F version)" \
	[ "$(modinfo -F version "$WORK/dkms-build/$(conf 'BUILT_MODULE_LOCATION[0]' x)vmm.ko" 2>/dev/null)" = "$VER" ]

# ---- lintian ---------------------------------------------------------------
# (lintian says it would rather not run as root; that line is no finding.)
lint() {
	lintian --fail-on error,warning --info "$DIR"/*.deb 2>&1 |
		grep -v '^running with root privileges is not recommended!$'
	return "${PIPESTATUS[0]}"
}
check "lintian: no error or warning" lint

if [ "$failed" -gt 0 ]; then
	echo "check_deb: $failed checks failed (files in $WORK)"
	exit 1
fi
rm -rf "$WORK"
echo "check_deb: all checks passed for $DIR"
