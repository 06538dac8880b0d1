#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# VM lifecycle under stress: create/destroy racing opens, cut-up mappings
# of guest RAM, kill -9 of bhyve, create/run/destroy cycles without leaks,
# VMs running while another comes and goes. Every wait is bounded.
. /etc/e2e-lib.sh

# Free memory in kB: MemFree plus the pages parked on the per-CPU free
# lists (/proc/zoneinfo "count:"), which MemFree leaves out; alone it
# wanders by megabytes with no leak at all.
memfree() {
	echo $(($(sed -n 's/^MemFree: *\([0-9]*\) kB/\1/p' /proc/meminfo) + \
		$(awk '/^ *count:/ { s += $2 } END { print s * 4 }' /proc/zoneinfo)))
}
slab() { sed -n 's/^SUnreclaim: *\([0-9]*\) kB/\1/p' /proc/meminfo; }
settle() {
	sync; echo 3 >/proc/sys/vm/drop_caches
	echo 1 >/proc/sys/vm/compact_memory; sleep 1
}

# MemFree with nothing loaded, for the kill -9 check at the end; files in
# /tmp (tmpfs, RAM) are created now so their pages are already counted.
: >/tmp/lc.out
settle
free0=$(memfree)
check "insmod vmm.ko" insmod /lib/modules/vmm.ko

# ---- cut-up mappings: each VMA piece holds a reference on the VM ----------
mmap_split | tee /tmp/split.out | grep -v ^PASS
check "split/mprotect/mremap of a guest RAM mapping" grep -q " 0 failed" /tmp/split.out

# ---- create/destroy while another VM's device is opened -------------------
# Once a deadlock between misc_open and misc_register; 10 s of both loops,
# then every process must be gone within a bounded time.
bhyvectl --vm=b --create
end=$(($(date +%s) + 10))
(while [ "$(date +%s)" -lt $end ]; do
	bhyvectl --vm=a --create && bhyvectl --vm=a --destroy || exit 1
done; echo done >/tmp/race.a) >/dev/null 2>&1 &
pa=$!
(while [ "$(date +%s)" -lt $end ]; do
	bhyvectl --vm=b --get-stats || exit 1
done; echo done >/tmp/race.b) >/dev/null 2>&1 &
pb=$!
t=0
while [ $t -lt 30 ]; do
	kill -0 $pa 2>/dev/null || kill -0 $pb 2>/dev/null || break
	sleep 1; t=$((t + 1))
done
check "create/destroy racing opens: both loops finished (${t}s)" \
	[ -f /tmp/race.a -a -f /tmp/race.b ]
kill -9 $pa $pb 2>/dev/null
check "destroy b afterwards" timeout 10 bhyvectl --vm=b --destroy
check "no VM left after the race" sh -c "[ -z \"\$(ls /dev/vmm 2>/dev/null)\" ]"

# ---- kill -9 of bhyve while the guest runs, 10 times ----------------------
i=0 ok=0
while [ $i -lt 10 ]; do
	bhyve -m 16M -o bootrom=/guests/spin.bin k9 </dev/null >/dev/null 2>&1 &
	p=$!
	sleep 1
	kill -9 $p
	wait $p 2>/dev/null
	[ $? = 137 ] && ok=$((ok + 1))
	i=$((i + 1))
done
check "kill -9 of a running bhyve, 10 times ($ok killed)" [ $ok = 10 ]
check "destroy the killed VM" timeout 10 bhyvectl --vm=k9 --destroy

# ---- create/run/destroy cycles leak nothing --------------------------------
# 5 cycles to warm the caches, then 50 measured. Thresholds: 1 MiB of free
# memory and 512 KiB of unreclaimable slab (measured noise: free memory
# under 400 kB; slab 100-340 kB per 50 cycles after the phases above, 12 kB
# per 200 cycles on a fresh host); a leak of one VM's 4 MiB of RAM, its
# stage-2 tables or ~10 KiB of kernel objects per cycle is above both.
cycle() {
	timeout 20 bhyve -D -m 4M -o bootrom=/guests/hello.bin cyc \
		</dev/null >/dev/null 2>&1
	[ $? = 1 ]
}
# A real leak grows with every window; noise (slab pages the other phases
# leave half-used, freed later) does not: a second window judges a first
# one over the thresholds.
window() {
	settle
	f1=$(memfree) s1=$(slab)
	i=0 ok=0
	start=$(date +%s)
	while [ $i -lt 50 ]; do cycle && ok=$((ok + 1)); i=$((i + 1)); done
	secs=$(($(date +%s) - start))
	settle
	f2=$(memfree) s2=$(slab)
	echo "50 cycles in ${secs}s: free $f1 -> $f2 kB, SUnreclaim $s1 -> $s2 kB"
	[ $ok = 50 ] && [ $((f1 - f2)) -lt 1024 ] && [ $((s2 - s1)) -lt 512 ]
}
i=0; while [ $i -lt 5 ]; do cycle; i=$((i + 1)); done
if window; then
	pass "50 create/run/destroy cycles: all ran, free memory and slab steady"
else
	check "50 more create/run/destroy cycles: all ran, free memory (<1024 kB) and slab (<512 kB) steady" window
fi
check "no VM left after the cycles" test ! -e /dev/vmm/cyc

# ---- two VMs run while a third comes and goes ------------------------------
bhyve -m 8M -o bootrom=/guests/spin.bin r1 </dev/null >/dev/null 2>&1 &
p1=$!
bhyve -m 8M -o bootrom=/guests/spin.bin r2 </dev/null >/dev/null 2>&1 &
p2=$!
sleep 2
i=0 ok=0
while [ $i -lt 15 ]; do
	timeout 20 bhyve -D -m 4M -o bootrom=/guests/hello.bin third \
		</dev/null >/tmp/lc.out 2>&1
	[ $? = 1 ] && grep -q "GUEST-RESULT: PASS" /tmp/lc.out && ok=$((ok + 1))
	i=$((i + 1))
done
check "a third VM ran 15 times beside two running ones ($ok)" [ $ok = 15 ]
check "both running VMs still run" sh -c "kill -0 $p1 && kill -0 $p2"
check "destroy r1 while it runs" timeout 10 bhyvectl --vm=r1 --destroy
check "destroy r2 while it runs" timeout 10 bhyvectl --vm=r2 --destroy
wait $p1 $p2
check "no VM left" sh -c "[ -z \"\$(ls /dev/vmm 2>/dev/null)\" ]"

check "rmmod" rmmod vmm
settle
free1=$(memfree)
echo "free before insmod $free0 kB, after rmmod $free1 kB"
check "free memory back within 1 MiB after rmmod" [ $((free0 - free1)) -lt 1024 ]
check "no oops or warning" sh -c "! dmesg | grep -qE 'Internal error|Oops|BUG:|WARNING:|hung_task|blocked for more'"
finish
