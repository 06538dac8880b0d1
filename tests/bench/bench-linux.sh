#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Inside the emulated host (make bench, -icount): the Linux guest's boot to
# shell and a 64 MiB O_DIRECT read of a virtio-blk disk under bhyve, and
# the host reading the same image, for scripts/bench.sh's ratios; then
# what an idle guest costs the host, with 1 and 2 vCPUs.
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

# Idle cost: bhyve's CPU time (its threads' run time, the guest's own
# included: /proc/PID/task/*/schedstat, first field, ns) over 60 s of
# the host's clock, from 5 s after the guest reached its shell's place.
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
