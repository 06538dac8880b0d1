# SPDX-License-Identifier: BSD-2-Clause
# bhyvetest=bench, for make bench: where the shell would start, report the
# guest's uptime (boot to shell, on the guest's own clock), then read the
# raw disk /dev/vda (the 64 MiB bench image) with O_DIRECT and report how
# long it took; power off. The same script runs under bhyve and under
# plain QEMU, so scripts/bench.sh can divide one by the other.
. /tests/lib.sh
up() { cut -d' ' -f1 /proc/uptime; }
echo "BENCH-BOOT: uptime=$(up)"
if [ -b /dev/vda ]; then
	t0=$(up)
	dd if=/dev/vda of=/dev/null bs=1M count=64 iflag=direct 2>/dev/null
	t1=$(up)
	echo "BENCH-BLK: start=$t0 end=$t1 mib=64"
fi
gdone poweroff
