#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# On the build machine, after tests/e2e/distro.sh: the file the Debian
# guest wrote and synced is in the disk image, read from the partition
# with debugfs (no loop device, no mount). Usage: distro_disk.sh IMG LOG
set -uo pipefail
img=$1 log=$2
offset=$(($(sfdisk -d "$img" | sed -n 's/.*start= *\([0-9]*\).*/\1/p' | head -1) * 512))
want=$(tr -d '\r' <"$log" | sed -n 's/^DISTRO-MARKER=//p' | tail -1)
got=$(debugfs -R 'cat /root/marker' "$img?offset=$offset" 2>/dev/null)
if [ -n "$want" ] && [ "$got" = "$want" ]; then
	echo "PASS: the guest's file is in the disk image (build machine, debugfs)"
	exit 0
fi
echo "FAIL: the guest's file is in the disk image: /root/marker holds '$got', want '$want'"
exit 1
