#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Inside the emulated host (make bench, -icount): the Linux guest's boot to
# shell and a 64 MiB O_DIRECT read of a virtio-blk disk under bhyve, and
# the host reading the same image, for scripts/bench.sh's ratios; TCP over
# virtio-net and tap both ways and ping, against the host's loopback TCP;
# the guest's hash and fork/exec loop (tests/e2e/guest/bench.sh);
# then what an idle guest costs the host, with 1 and 2 vCPUs.
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

# Idle cost: bhyve's CPU time (its threads' run time, the guest's own
# included: /proc/PID/task/*/schedstat, first field, ns) over 60 s of
# the host's clock, from 5 s after the guest reached its shell's place.
up() { cut -d' ' -f1 /proc/uptime; }
runtime() { cat /proc/"$1"/task/*/schedstat | awk '{ s += $1 } END { printf "%.0f\n", s }'; }
idle() { # idle NCPUS
	: >/tmp/idle.out
	linuxvm -q -c "$1" -m 256M -T idle -d none -n none idlevm \
		</dev/null >/tmp/idle.out 2>&1 &
	pid=$!
	n=0
	until grep -q BENCH-IDLE-READY /tmp/idle.out; do
		n=$((n + 1))
		if [ $n -ge 6000 ] || ! kill -0 $pid 2>/dev/null; then
			cat /tmp/idle.out
			exit 1
		fi
		usleep 10000
	done
	sleep 5
	a=$(runtime $pid) t0=$(up)
	sleep 60
	b=$(runtime $pid) t1=$(up)
	bhyvectl --vm=idlevm --get-stats --cpu=all >/tmp/idle.stats
	echo "BENCH-IDLE: cpus=$1 start=$t0 end=$t1 $a $b" |
		awk '{ printf "%s %s %s %s ns=%.0f\n", $1, $2, $3, $4, $6 - $5 }'
	# the halt-poll counters and sleeps, all vCPUs (the column after
	# the description, before one per vCPU)
	awk -v n="$1" '/^(halt_poll_|sleeps waiting)/ {
		k = $1; sub(/:$/, "", k)
		print "BENCH-IDLE-POLL: cpus=" n " " k "=" $(NF - n) }' /tmp/idle.stats
	kill -INT $pid
	wait $pid
	# SIGINT stops bhyve with status 1, as a power-off would
	[ $? = 1 ] || exit 1
}
idle 1
idle 2
exit 0
