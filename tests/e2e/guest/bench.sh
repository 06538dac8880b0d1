# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=dash # sourced or run by busybox sh (or dash)
# bhyvetest=bench, for make bench: where the shell would start, report the
# guest's uptime (boot to shell, on the guest's own clock), then read the
# raw disk /dev/vda (the 64 MiB bench image) with O_DIRECT and report how
# long it took; power off. The same script runs under bhyve and under
# plain QEMU, so scripts/bench.sh can divide one by the other.
# shellcheck source=lib.sh
. /tests/lib.sh
up() { cut -d' ' -f1 /proc/uptime; }
echo "BENCH-BOOT: uptime=$(up)"
if [ -b /dev/vda ]; then
	# 16 passes: /proc/uptime counts in 10 ms steps, so a run must last
	# long enough (about 0.7 s) for one step to be within 2 %
	t0=$(up)
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
		dd if=/dev/vda of=/dev/null bs=4M count=16 iflag=direct 2>/dev/null
	done
	t1=$(up)
	echo "BENCH-BLK: start=$t0 end=$t1 mib=1024"
fi
gdone poweroff
