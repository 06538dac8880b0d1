#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
#
# mkinitramfs.sh OUT.cpio.gz STAGING [SCENARIO] [MODE]
#
# Packs the emulated host's root file system: busybox, our /init, the contents
# of STAGING (module, userspace tools, test guests) and the scenario script
# that /init runs. MODE is "test" (power off with the scenario's status) or
# "run" (leave the user at a shell afterwards).
set -euo pipefail
out=$1 staging=$2 scenario=${3:-} mode=${4:-test}
TOP=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck disable=SC1091
eval "$(sed -n 's/^\([A-Z_]*\) := \(.*\)$/\1="\2"/p' "$TOP/.cache/env.mk")"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,etc,root,usr/bin,usr/sbin}
cp "$BUSYBOX" "$root/bin/busybox"
[ -d "$staging" ] && cp -a "$staging"/. "$root"/
cp "$TOP/scripts/host-init.sh" "$root/init"
chmod 755 "$root/init"
echo "$mode" > "$root/etc/bhyve-arm-mode"
if [ -n "$scenario" ]; then
	cp "$scenario" "$root/scenario.sh"
	chmod 755 "$root/scenario.sh"
	# Scenarios source the helpers in tests/e2e/lib.sh (and its klog.sh).
	cp "$TOP/tests/e2e/lib.sh" "$root/etc/e2e-lib.sh"
	cp "$TOP/tests/e2e/klog.sh" "$root/etc/e2e-klog.sh"
	cp "$TOP/tests/e2e/serial_console.sh" "$root/etc/e2e-console.sh"
fi
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$out"
