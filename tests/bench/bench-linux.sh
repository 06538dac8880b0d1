#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Inside the emulated host (make bench, -icount): the Linux guest's boot to
# shell and a 64 MiB O_DIRECT read of a virtio-blk disk under bhyve, and
# the host reading the same image, for scripts/bench.sh's ratios.
insmod /lib/modules/vmm.ko || exit 1
up() { cut -d' ' -f1 /proc/uptime; }
dd if=/dev/zero of=/tmp/bench.img bs=1M count=64 2>/dev/null
# The host reads it too (tmpfs: no O_DIRECT, the pages are in memory).
t0=$(up)
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
	dd if=/tmp/bench.img of=/dev/null bs=4M 2>/dev/null
done
t1=$(up)
echo "BENCH-HOSTBLK: start=$t0 end=$t1 mib=1024"
linuxvm -q -c 1 -m 256M -T bench -d /tmp/bench.img -n none benchvm </dev/null
[ $? = 1 ] || exit 1
