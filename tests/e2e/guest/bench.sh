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
	# 16 passes, timed by iobench on CLOCK_MONOTONIC (/proc/uptime's
	# 10 ms steps are 2 % of the run)
	ns=$(iobench time sh -c 'for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
		dd if=/dev/vda of=/dev/null bs=4M count=16 iflag=direct 2>/dev/null
	done' | sed -n 's/^IOBENCH-TIME: ns=//p')
	echo "BENCH-BLK: start=0 end=$(awk -v ns="$ns" 'BEGIN { printf "%.6f", ns / 1e9 }') mib=1024"
fi
# A CPU- and memory-bound job (sha256sum of 96 MiB in tmpfs, as much as
# /tmp of a 256 MiB guest holds with room to spare) and a fork/exec loop,
# timed by iobench (tests/e2e/progs/iobench.c) on CLOCK_MONOTONIC.
if command -v iobench >/dev/null; then
	dd if=/dev/zero of=/tmp/hash.bin bs=1M count=96 2>/dev/null
	iobench time sha256sum /tmp/hash.bin | sed -n 's/^IOBENCH-TIME: /BENCH-HASH: mib=96 /p'
	rm -f /tmp/hash.bin
	iobench spawn 500 | sed -n 's/^IOBENCH-SPAWN: /BENCH-SPAWN: /p'
fi
# Network, when there is one (bhyve: tap0, tests/bench/bench-linux.sh
# runs the host's side): 32 MiB of TCP to the host, then 32 MiB from it,
# then ping's round trip.
peerip=$(cmdline peerip 192.168.100.1)
if [ -e /sys/class/net/eth0 ] && command -v iobench >/dev/null; then
	iobench send "$peerip" 5001 32 | sed -n 's/^IOBENCH-TCP: /BENCH-NET-G2H: /p'
	iobench recv 5002
	ping -c 10 "$peerip" |
		sed -n 's|^round-trip min/avg/max = \([0-9.]*\)/\([0-9.]*\)/\([0-9.]*\) ms|BENCH-PING: min=\1 avg=\2 max=\3|p'
fi
gdone poweroff
