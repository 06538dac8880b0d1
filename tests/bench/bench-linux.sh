#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Inside the emulated host (make bench, -icount): the Linux guest's boot to
# shell and a 64 MiB O_DIRECT read of a virtio-blk disk under bhyve, and
# the host reading the same image, for scripts/bench.sh's ratios; TCP over
# virtio-net and tap both ways and ping, against the host's loopback TCP;
# the guest's hash and fork/exec loop (tests/e2e/guest/bench.sh).
insmod /lib/modules/vmm.ko || exit 1
dd if=/dev/zero of=/tmp/bench.img bs=1M count=64 2>/dev/null
# The host reads it too (tmpfs: no O_DIRECT, the pages are in memory),
# timed by iobench on CLOCK_MONOTONIC, as the guest's read.
ns=$(iobench time sh -c 'for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
	dd if=/tmp/bench.img of=/dev/null bs=4M 2>/dev/null
done' | sed -n 's/^IOBENCH-TIME: ns=//p')
echo "BENCH-HOSTBLK: start=0 end=$(awk -v ns="$ns" 'BEGIN { printf "%.6f", ns / 1e9 }') mib=1024"
# ---- network (issue #18 item 3) ----
# The host's own loopback TCP, the reference: 32 MiB, one CPU for both ends.
# (A receiver nobody connects to gives up after 120 s.)
ip link set lo up
iobench recv 5003 &
iobench send 127.0.0.1 5003 32 | sed -n 's/^IOBENCH-TCP: /BENCH-NET-LO: /p'
wait
# The guest's side is in tests/e2e/guest/bench.sh: it sends 32 MiB to
# port 5001, then receives 32 MiB on its port 5002, which the host sends
# once its own receiver is done (so nothing runs during the boot).
linuxvm -S || exit 1
(iobench recv 5001 &&
	iobench send 192.168.100.2 5002 32 | sed -n 's/^IOBENCH-TCP: /BENCH-NET-H2G: /p') &
# ---- end of network ----
# The guest's console goes straight to the host's, as for the boot's
# reference: through a pipe, every line it prints costs the boot a
# context switch or more (0.09 s of the boot measured).
linuxvm -q -c 1 -m 256M -T bench -d /tmp/bench.img benchvm </dev/null
[ $? = 1 ] || exit 1
wait
