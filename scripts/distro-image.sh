#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Builds (once) a raw disk image with a minimal Debian bookworm armhf system
# that boots the way a real machine does: u-boot (Debian's qemu_arm build)
# finds /boot/extlinux/extlinux.conf on the first partition and starts
# Debian's armmp-lpae kernel with its initramfs; systemd gives a root login
# without password on ttyAMA0. Also builds a u-boot environment image for
# the second flash bank that boots at once (bootdelay=0) from virtio0.
#
# -b board builds the host instead: an SD card for QEMU's orangepi-pc
# (Allwinner H3) with Debian's u-boot-sunxi at 8 KiB, the kernel's headers,
# dkms and a compiler, systemd-networkd on the board's Ethernet (DHCP) and a
# root login on ttyS0; extlinux.conf names the board's device tree. The
# root file system is also kept as rootfs.tar for other boards' cards
# (scripts/board-image.sh).
#
# The result is cached by content outside the checkout:
#   ${BHYVE_ARM_CACHE_HOME:-~/.cache/bhyve-arm}/distro/<hash>/
#     debian.img      1 GiB sparse, DOS label, ext4 on partition 1 (read-only:
#                     boot a copy: distro-image.sh -c FILE makes one)
#     uboot-env.img   u-boot environment, 0x40000 bytes (flash bank 1)
#     distro.env      the assignments this script prints
#     packages.txt    the installed packages and versions
#     build.log       mmdebstrap's output
# <hash> covers this script (which holds every file it writes into the
# image and the package list), the apt sources used and u-boot.bin.
# distro/debs and distro/lists keep the downloaded packages and apt
# indices: a rebuild downloads (almost) nothing.
#
# Prints shell assignments (DISTRO_IMAGE=... etc.) on stdout, progress on
# stderr:   eval "$(scripts/distro-image.sh)"
# Needs root (or sudo) for the build itself: mmdebstrap's root mode, chroot.
usage() {
	cat >&2 <<EOM
usage: distro-image.sh [-f] [-b] [-c copy.img]
  -f   rebuild even if the cache holds the image
  -b   the board's SD card (the host) instead of the guest's disk
  -c   also write a writable sparse copy of the image there, to boot
EOM
	exit 2
}
set -euo pipefail

SUITE=bookworm
# Everything the image gets beyond --variant=minbase.
# dbus: systemd-logind runs only with it, and logind is what powers the
# system off when bhyve presses the power key (gpio-keys, KEY_POWER).
PACKAGES=systemd-sysv,udev,dbus,linux-image-armmp-lpae,initramfs-tools,e2fsprogs,kmod,iproute2,iputils-ping,procps
# Modules the initramfs carries (MODULES=list): enough to mount the root
# file system from a virtio-mmio disk. virtio_net is a module too.
INITRD_MODULES="virtio_mmio virtio_blk ext4 virtio_net"
# The board: what DKMS needs to build a module against the running kernel,
# and bhyve-arm's own run-time dependency (libfdt1).
BOARD_PACKAGES=linux-headers-armmp-lpae,dkms,gcc,make,libc6-dev,libfdt1,apt-utils
# The SD card's root file system, through the SoC's MMC controller.
BOARD_INITRD_MODULES="sunxi_mmc mmc_block ext4"
BOARD_DTB=sun8i-h3-orangepi-pc.dtb
BOARD_SPL=nanopi_neo # Debian's H3 build that boots QEMU's orangepi-pc
BOARD_IMG_MIB=2048
# The guest side of the emulated host's tap0 (scripts/linuxvm.sh).
GUEST_IP=192.168.100.2/24
HOST_IP=192.168.100.1
IMG_SIZE_MIB=1024
PART_START=2048 # sectors: the partition starts at 1 MiB
UBOOT_BIN=/usr/lib/u-boot/qemu_arm/u-boot.bin

SELF=$(readlink -f "$0")
TOP=$(cd "$(dirname "$SELF")/.." && pwd)
log() { echo "distro-image: $*" >&2; }
die() { echo "distro-image: error: $*" >&2; exit 1; }

# ---- inside mmdebstrap: hooks, run as `distro-image.sh hook NAME ROOT` ----
hook_setup() {
	local r=$1
	mkdir -p "$r/var/cache/apt/archives" "$r/var/lib/apt/lists"
	# Hard links when the cache is on the same file system; apt replaces
	# files (never rewrites them), so the cache cannot be damaged.
	find "$DISTRO_CACHE/debs" -maxdepth 1 -name '*.deb' -exec cp -l -t "$r/var/cache/apt/archives" {} + 2>/dev/null ||
		find "$DISTRO_CACHE/debs" -maxdepth 1 -name '*.deb' -exec cp -t "$r/var/cache/apt/archives" {} +
	find "$DISTRO_CACHE/lists" -maxdepth 1 -type f -exec cp -l -t "$r/var/lib/apt/lists" {} + 2>/dev/null ||
		find "$DISTRO_CACHE/lists" -maxdepth 1 -type f -exec cp -t "$r/var/lib/apt/lists" {} +
}

hook_essential() {
	local r=$1 m
	# Before the kernel package runs update-initramfs: a short module list
	# (~1 min under qemu-user) instead of MODULES=most (~25 min).
	mkdir -p "$r/etc/initramfs-tools/conf.d" "$r/usr/share/initramfs-tools/modules.d"
	cat >"$r/etc/initramfs-tools/conf.d/bhyve-arm.conf" <<-EOF
	# bhyve-arm: only what mounting the root disk needs (virtio-mmio, ext4)
	MODULES=list
	FSTYPE=ext4
	COMPRESS=gzip
	EOF
	if [ "$DISTRO_KIND" = board ]; then
		m=$BOARD_INITRD_MODULES root=/dev/mmcblk0p1
	else
		m=$INITRD_MODULES root=/dev/vda1
	fi
	# shellcheck disable=SC2086 # a list of module names
	printf '%s\n' $m >"$r/usr/share/initramfs-tools/modules.d/bhyve-arm"
	cat >"$r/etc/fstab" <<-EOF
	# <file system> <mount point> <type> <options> <dump> <pass>
	$root / ext4 rw,errors=remount-ro 0 1
	EOF
}

# extlinux_conf ROOT KVER CONSOLE ROOTDEV [FDT]: u-boot's distro boot reads
# this from the first partition.
extlinux_conf() {
	mkdir -p "$1/boot/extlinux"
	# No "menu title": that turns u-boot's menu on, which with timeout 0
	# then waits for a choice forever.
	cat >"$1/boot/extlinux/extlinux.conf" <<-EOF
	default debian
	timeout 0

	label debian
	 kernel /boot/vmlinuz-$2
	 initrd /boot/initrd.img-$2
	${5:+ fdt /usr/lib/linux-image-$2/$5}
	 append console=$3 root=$4 rw
	EOF
	sed -i '/^$/{N;/^\n$/D}' "$1/boot/extlinux/extlinux.conf"
}

hook_customize() {
	local r=$1 kver f
	local name=debian
	[ "$DISTRO_KIND" = guest ] || name=board
	echo $name >"$r/etc/hostname"
	cat >"$r/etc/hosts" <<-EOF
	127.0.0.1	localhost
	127.0.1.1	$name
	::1		localhost ip6-localhost ip6-loopback
	EOF
	if [ "$DISTRO_KIND" = board ]; then
		# The board's Ethernet (end0 in bookworm) from DHCP, as on a LAN.
		mkdir -p "$r/etc/systemd/network"
		cat >"$r/etc/systemd/network/50-wired.network" <<-EOF
		[Match]
		Type=ether
		Name=e*

		[Network]
		DHCP=yes
		EOF
		chroot "$r" systemctl enable --quiet systemd-networkd.service
	else
		guest_network "$r"
	fi
	chroot "$r" passwd --quiet --delete root
	kernel_version "$r"
	if [ "$DISTRO_KIND" = board ]; then
		extlinux_conf "$r" "$kver" ttyS0,115200 /dev/mmcblk0p1 "$BOARD_DTB"
	else
		extlinux_conf "$r" "$kver" ttyAMA0 /dev/vda1
	fi
	echo "$kver" >"$DISTRO_BUILD/kver"
	hook_finish "$r"
}

guest_network() {
	local r=$1
	# No DHCP server on the host's tap0: a static address in its subnet.
	# allow-hotplug: a machine without a network card still boots cleanly.
	cat >"$r/etc/network/interfaces" <<-EOF
	# bhyve-arm: the host's tap0 is $HOST_IP/24; no DHCP there.
	source /etc/network/interfaces.d/*

	auto lo
	iface lo inet loopback

	allow-hotplug eth0
	iface eth0 inet static
	 address $GUEST_IP
	 gateway $HOST_IP
	EOF
}

# kernel_version ROOT: sets kver to the one kernel in ROOT/boot.
kernel_version() {
	local r=$1 f
	kver=
	for f in "$r"/boot/vmlinuz-*; do
		[ -z "$kver" ] || die "more than one kernel in /boot"
		kver=${f##*/vmlinuz-}
	done
	if [ -z "$kver" ] || [ ! -f "$r/boot/vmlinuz-$kver" ]; then
		die "no kernel in /boot"
	fi
	[ -f "$r/boot/initrd.img-$kver" ] || die "no initramfs for $kver in /boot"
}

hook_finish() {
	local r=$1 f
	# Timers that would reach for the network or scrub the disk during a
	# test; with them gone `systemctl is-system-running` says running.
	chroot "$r" systemctl mask --quiet apt-daily.timer apt-daily-upgrade.timer \
		dpkg-db-backup.timer e2scrub_all.timer e2scrub_reap.service fstrim.timer
	# The serial console is the only one: no gettys on the virtual
	# terminals (Debian's getty-static starts tty2-6 when there is no dbus).
	chroot "$r" systemctl mask --quiet getty-static.service
	chroot "$r" systemctl disable --quiet getty@tty1.service
	# A fixed machine id: no first-boot actions in each fresh copy.
	printf '%s\n' "$(printf '%s' "$DISTRO_HASH" | sha256sum | cut -c1-32)" >"$r/etc/machine-id"

	# shellcheck disable=SC2016 # dpkg-query's format, not the shell's
	chroot "$r" dpkg-query -W -f='${Package} ${Version}\n' >"$DISTRO_BUILD/packages.txt"

	# Keep what apt fetched for the next build (mmdebstrap then deletes it
	# from the image).
	for f in "$r"/var/cache/apt/archives/*.deb; do
		[ -e "$DISTRO_CACHE/debs/${f##*/}" ] ||
			cp -l "$f" "$DISTRO_CACHE/debs/" 2>/dev/null || cp "$f" "$DISTRO_CACHE/debs/"
	done
	rm -f "$DISTRO_CACHE"/lists/*
	find "$r/var/lib/apt/lists" -maxdepth 1 -type f ! -name lock -exec cp -l -t "$DISTRO_CACHE/lists" {} + 2>/dev/null ||
		find "$r/var/lib/apt/lists" -maxdepth 1 -type f ! -name lock -exec cp -t "$DISTRO_CACHE/lists" {} +
}

if [ "${1:-}" = hook ]; then
	"hook_$2" "$3"
	exit
fi

# ---- outside -------------------------------------------------------------
force= copy= kind=guest
while getopts "fbc:h" o; do
	case $o in f) force=1 ;; b) kind=board ;; c) copy=$OPTARG ;; *) usage ;; esac
done

CACHE_HOME=${BHYVE_ARM_CACHE_HOME:-$HOME/.cache/bhyve-arm}
CACHE=$CACHE_HOME/distro
# The board's boot loaders come from u-boot-sunxi:armhf, which
# scripts/deps.sh unpacks next to the cross build's kernel.
SUNXI=$TOP/.cache/armhf/usr/lib/u-boot
if [ $kind = board ]; then
	[ -f "$SUNXI/$BOARD_SPL/u-boot-sunxi-with-spl.bin" ] || "$TOP/scripts/deps.sh" >&2 ||
		die "scripts/deps.sh failed"
	IMAGE=board.img
	include=$PACKAGES,$BOARD_PACKAGES
else
	IMAGE=debian.img
	include=$PACKAGES,ifupdown
fi

# The machine's Debian sources (one-line or deb822) as one-line entries for
# $SUITE and $SUITE-updates, main only. The -security suite is left out: its
# armhf index fails to download here ("File has unexpected size").
apt_sources() {
	local f
	{
		for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
			[ -f "$f" ] || continue
			sed -n 's/^[[:space:]]*deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\)[[:space:]]\+\([^[:space:]]\+\).*/\2 \3/p' "$f"
		done
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -f "$f" ] || continue
			awk 'BEGIN { RS = ""; FS = "\n" }
			{
				types = uris = suites = ""; enabled = 1
				for (i = 1; i <= NF; i++) {
					if ($i ~ /^#/) continue
					n = index($i, ":"); if (!n) continue
					k = tolower(substr($i, 1, n - 1)); v = substr($i, n + 1)
					if (k == "types") types = v
					else if (k == "uris") uris = v
					else if (k == "suites") suites = v
					else if (k == "enabled" && v ~ /no/) enabled = 0
				}
				if (!enabled || types !~ /(^|[ \t])deb([ \t]|$)/) next
				nu = split(uris, u, /[ \t]+/); ns = split(suites, s, /[ \t]+/)
				for (a = 1; a <= nu; a++) for (b = 1; b <= ns; b++)
					if (u[a] != "" && s[b] != "") print u[a], s[b]
			}' "$f"
		done
	} | awk -v suite="$SUITE" '$2 == suite || $2 == suite "-updates" {
		if (!seen[$0]++) print "deb", $1, $2, "main" }'
}

[ -f "$UBOOT_BIN" ] && command -v mmdebstrap >/dev/null && command -v mkenvimage >/dev/null ||
	NEED_DEPS=1
if [ -n "${NEED_DEPS:-}" ]; then
	log "installing what the build needs (scripts/deps.sh distro)"
	"$TOP/scripts/deps.sh" distro >&2 || die "scripts/deps.sh distro failed"
fi

sources=$(apt_sources)
if [ -z "$sources" ]; then
	sources="deb http://deb.debian.org/debian $SUITE main"
	log "no $SUITE entry in the machine's apt sources; using deb.debian.org"
fi
hash=$({
	cat "$SELF"; printf '%s\n' "$sources" $kind; sha256sum <"$UBOOT_BIN"
	[ $kind = guest ] || sha256sum <"$SUNXI/$BOARD_SPL/u-boot-sunxi-with-spl.bin"
} | sha256sum | cut -c1-16)
DIR=$CACHE/$hash
# have: the cache holds this build
have() {
	[ -f "$DIR/$IMAGE" ] && { [ $kind = board ] || [ -f "$DIR/uboot-env.img" ]; }
}

# done: the assignments on stdout, and the copy -c asked for (the
# cached image stays as built: what boots is a copy).
done_env() {
	if [ -n "$copy" ]; then
		if ! cp --sparse=always "$DIR/$IMAGE" "$copy" || ! chmod u+w "$copy"; then
			die "cannot copy the image to $copy"
		fi
		# shellcheck disable=SC2153 # sudo sets both
		[ -z "${SUDO_UID:-}" ] || chown "$SUDO_UID:$SUDO_GID" "$copy"
	fi
	print_env
}

print_env() {
	if [ $kind = board ]; then
		cat <<-EOF
		BOARD_DIR=$DIR
		BOARD_IMAGE=$DIR/$IMAGE
		BOARD_ROOTFS_TAR=$DIR/rootfs.tar
		BOARD_KVER=$(cat "$DIR/kver")
		BOARD_ROOT_OFFSET=$((PART_START * 512))
		EOF
		return
	fi
	cat <<-EOF
	DISTRO_DIR=$DIR
	DISTRO_IMAGE=$DIR/$IMAGE
	DISTRO_UBOOT_ENV=$DIR/uboot-env.img
	DISTRO_UBOOT_BIN=$UBOOT_BIN
	DISTRO_KVER=$(cat "$DIR/kver")
	DISTRO_ROOT_OFFSET=$((PART_START * 512))
	DISTRO_GUEST_IP=$GUEST_IP
	DISTRO_HOST_IP=$HOST_IP
	EOF
}

if [ -z "$force" ] && have; then
	done_env
	exit 0
fi

if [ "$(id -u)" != 0 ]; then
	log "the build needs root (mmdebstrap, chroot): re-running under sudo"
	mkdir -p "$CACHE"
	exec sudo BHYVE_ARM_CACHE_HOME="$CACHE_HOME" "$SELF" "$@"
fi
# Everything the installation needs, checked again: binfmt_misc may have
# been unmounted since deps ran (a reboot, a new container).
[ -n "${NEED_DEPS:-}" ] || "$TOP/scripts/deps.sh" distro >&2 || die "scripts/deps.sh distro failed"

mkdir -p "$CACHE/debs" "$CACHE/lists"
exec 9>"$CACHE/.lock"
if ! flock -n 9; then
	log "waiting for another build (lock $CACHE/.lock)"
	flock 9
fi
if [ -z "$force" ] && have; then
	done_env # built by the run we waited for
	exit 0
fi

BUILD=$CACHE/.build-$hash-$$
cleanup() {
	# mmdebstrap unmounts what it mounted, also on failure; never follow
	# a leftover mount point with rm.
	if [ -d "$BUILD" ]; then
		if grep -q " $BUILD/" /proc/mounts; then
			log "leaving $BUILD: something is still mounted there"
		else
			rm -rf --one-file-system "$BUILD"
		fi
	fi
}
trap cleanup EXIT
mkdir -p "$BUILD"
printf '%s\n' "$sources" >"$BUILD/sources.list"
export DISTRO_CACHE=$CACHE DISTRO_BUILD=$BUILD DISTRO_HASH=$hash DISTRO_KIND=$kind

t0=$(date +%s)
ndebs=$(find "$CACHE/debs" -name '*.deb' | wc -l)
log "building Debian $SUITE armhf ($kind) into $DIR"
log "apt sources: $(printf '%s' "$sources" | tr '\n' ';')"
log "package cache: $ndebs packages in $CACHE/debs"
log "mmdebstrap (a few minutes: the packages' scripts run under qemu-arm)"
# shellcheck disable=SC2016 # $1 is for the hook's shell
hook() { printf '"%s" hook %s "$1"' "$SELF" "$1"; }
set +e
# --skip=essential/unlink: keep the essential packages' .debs for the cache.
# The documentation, manuals and translations are left out of the image.
mmdebstrap --mode=root --variant=minbase --architectures=armhf \
	--include="$include" --skip=essential/unlink \
	--aptopt='Acquire::Retries "3"' --aptopt='APT::Sandbox::User "root"' \
	--dpkgopt='path-exclude=/usr/share/man/*' \
	--dpkgopt='path-exclude=/usr/share/doc/*' \
	--dpkgopt='path-include=/usr/share/doc/*/copyright' \
	--dpkgopt='path-exclude=/usr/share/info/*' \
	--dpkgopt='path-exclude=/usr/share/locale/*' \
	--setup-hook="$(hook setup)" \
	--essential-hook="$(hook essential)" \
	--customize-hook="$(hook customize)" \
	"$SUITE" "$BUILD/rootfs" "$BUILD/sources.list" 2>&1 |
	tee "$BUILD/build.log" | sed -u 's/^/  /' >&2
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" != 0 ]; then
	if grep -q "Failed to fetch\|Unable to fetch\|Could not resolve\|unexpected size\|Temporary failure" "$BUILD/build.log"; then
		die "mmdebstrap could not download from the mirror (see the lines above); try again later"
	fi
	if grep -q "exec format error\|Exec format error\|arch-test" "$BUILD/build.log"; then
		die "armhf programs cannot run here: binfmt_misc with qemu-arm is needed (scripts/deps.sh distro)"
	fi
	die "mmdebstrap failed (status $rc), see the lines above"
fi
t1=$(date +%s)
log "root file system ready in $((t1 - t0)) s: $(du -sm "$BUILD/rootfs" | cut -f1) MiB"

mkdir -p "$BUILD/out"
if [ $kind = board ]; then
	# The SD card; the tree also as a tarball for other boards' cards.
	"$TOP/scripts/sd-image.sh" -s $BOARD_IMG_MIB -L board "$BUILD/out/$IMAGE" \
		"$SUNXI/$BOARD_SPL/u-boot-sunxi-with-spl.bin" "$BUILD/rootfs" ||
		die "cannot write the SD card image"
	e2fsck -fn "$BUILD/out/$IMAGE?offset=$((PART_START * 512))" >/dev/null 2>&1 ||
		die "the new file system does not check clean"
	tar -C "$BUILD/rootfs" --numeric-owner -cf "$BUILD/out/rootfs.tar" .
	log "SD card image: $(du -m "$BUILD/out/$IMAGE" | cut -f1) MiB used of $BOARD_IMG_MIB MiB"
else
	# The disk: no loop device, no mount. mke2fs writes the file system into
	# the partition from the directory tree directly.
	img=$BUILD/debian.img
	truncate -s "${IMG_SIZE_MIB}M" "$img"
	echo "start=$PART_START, type=83, bootable" | sfdisk --quiet --label dos "$img"
	mke2fs -q -F -t ext4 -L debian -d "$BUILD/rootfs" -E offset=$((PART_START * 512)) \
		"$img" $(((IMG_SIZE_MIB * 1024) - PART_START / 2))k
	e2fsck -fn "$img?offset=$((PART_START * 512))" >/dev/null 2>&1 ||
		die "the new file system does not check clean"
	log "disk image: $(du -m "$img" | cut -f1) MiB used of ${IMG_SIZE_MIB} MiB"

	# u-boot takes the environment from flash whole (a good CRC replaces the
	# built-in one), so start from the built-in environment of this u-boot.bin
	# and change only what makes it boot at once from the virtio disk.
	python3 - "$UBOOT_BIN" >"$BUILD/uboot-env.txt" <<-'EOF'
	import re, sys
	data = open(sys.argv[1], 'rb').read()
	i = data.find(b'\0bootdelay=')
	if i < 0:
	    sys.exit('no default environment (bootdelay=) in ' + sys.argv[1])
	start = i + 1
	var = re.compile(rb'[A-Za-z0-9_.]+=[\x20-\x7e\t]*')
	while True:  # walk back over the name=value strings before bootdelay
	    j = data.rfind(b'\0', 0, start - 1)
	    if not var.fullmatch(data[j + 1:start - 1]):
	        break
	    start = j + 1
	env = data[start:data.find(b'\0\0', start)].split(b'\0')
	want = {b'bootdelay': b'0', b'boot_targets': b'virtio0'}
	for e in env:
	    name = e.split(b'=', 1)[0]
	    sys.stdout.buffer.write(name + b'=' + want.pop(name, e.split(b'=', 1)[1]) + b'\n')
	for name, value in want.items():
	    sys.stdout.buffer.write(name + b'=' + value + b'\n')
	EOF
	grep -qx 'bootcmd=run distro_bootcmd' "$BUILD/uboot-env.txt" ||
		die "unexpected default environment in $UBOOT_BIN"
	mkenvimage -s 0x40000 -o "$BUILD/uboot-env.img" "$BUILD/uboot-env.txt"
	mv "$img" "$BUILD/uboot-env.img" "$BUILD/uboot-env.txt" "$BUILD/out/"
	chmod 0444 "$BUILD/out/uboot-env.img"
fi

# Publish: the images read-only, the folder renamed into place at once.
mv "$BUILD/kver" "$BUILD/packages.txt" "$BUILD/build.log" "$BUILD/out/"
chmod 0444 "$BUILD/out/$IMAGE"
rm -rf "$DIR"
mv "$BUILD/out" "$DIR"
print_env >"$DIR/distro.env"
if [ -n "${SUDO_UID:-}" ]; then
	# shellcheck disable=SC2153 # sudo sets both
	chown -R "$SUDO_UID:$SUDO_GID" "$DIR" "$CACHE/debs" "$CACHE/lists" "$CACHE/.lock"
fi
t2=$(date +%s)
log "done in $((t2 - t0)) s ($(find "$CACHE/debs" -name '*.deb' | wc -l) packages cached, $(du -sm "$CACHE/debs" | cut -f1) MiB)"
done_env
