#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# VM lifecycle under stress: create/destroy racing opens, cut-up mappings
# of guest RAM, kill -9 of bhyve, create/run/destroy cycles without leaks,
# VMs running while another comes and goes, as many VMs as the host allows
# and one more. Every wait is bounded.
# shellcheck source=lib.sh
. /etc/e2e-lib.sh

# Free memory in kB: MemFree plus the pages parked on the per-CPU free
# lists (/proc/zoneinfo "count:"), which MemFree leaves out; alone it
# wanders by megabytes with no leak at all.
memfree() {
	echo $(($(sed -n 's/^MemFree: *\([0-9]*\) kB/\1/p' /proc/meminfo) + \
		$(awk '/^ *count:/ { s += $2 } END { print s * 4 }' /proc/zoneinfo)))
}
slab() { sed -n 's/^SUnreclaim: *\([0-9]*\) kB/\1/p' /proc/meminfo; }
# SLUB keeps emptied slabs on its partial lists (about 1.2 MB after 255
# VMs came and went, the same after every round): shrink hands them back.
settle() {
	sync; echo 3 >/proc/sys/vm/drop_caches
	for f in /sys/kernel/slab/*/shrink; do echo 1 >"$f"; done 2>/dev/null
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
# Once a deadlock between misc_open and misc_register, when VM devices were
# misc devices; 10 s of both loops, then every process must be gone within
# a bounded time.
bhyvectl --vm=b --create
end=$(($(date +%s) + 10))
(while [ "$(date +%s)" -lt $end ]; do
	bhyvectl --vm=a --create && bhyvectl --vm=a --destroy || exit 1
done; echo 'done' >/tmp/race.a) >/dev/null 2>&1 &
pa=$!
(while [ "$(date +%s)" -lt $end ]; do
	bhyvectl --vm=b --get-stats || exit 1
done; echo 'done' >/tmp/race.b) >/dev/null 2>&1 &
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
	bhyve -m 16M -o ramimage=/guests/spin.bin k9 </dev/null >/dev/null 2>&1 &
	p=$!
	sleep 1
	kill -9 $p
	wait $p 2>/dev/null
	[ $? = 137 ] && ok=$((ok + 1))
	i=$((i + 1))
done
check "kill -9 of a running bhyve, 10 times ($ok killed)" [ $ok = 10 ]
# The VM goes with its bhyve (VM_SET_AUTODESTROY): nothing to destroy.
n=0
while [ -e /dev/vmm/k9 ] && [ $n -lt 100 ]; do usleep 100000; n=$((n + 1)); done
check "the killed bhyve's VM is gone with it" [ ! -e /dev/vmm/k9 ]

# ---- create/run/destroy cycles leak nothing --------------------------------
# 5 cycles to warm the caches, then 50 measured. Thresholds: 1 MiB of free
# memory and 512 KiB of unreclaimable slab (measured noise: free memory
# under 400 kB; slab 100-340 kB per 50 cycles after the phases above, 12 kB
# per 200 cycles on a fresh host); a leak of one VM's 4 MiB of RAM, its
# stage-2 tables or ~10 KiB of kernel objects per cycle is above both.
cycle() {
	timeout 20 bhyve -D -m 4M -o ramimage=/guests/hello.bin cyc \
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
bhyve -m 8M -o ramimage=/guests/spin.bin r1 </dev/null >/dev/null 2>&1 &
p1=$!
bhyve -m 8M -o ramimage=/guests/spin.bin r2 </dev/null >/dev/null 2>&1 &
p2=$!
sleep 2
i=0 ok=0
while [ $i -lt 15 ]; do
	timeout 20 bhyve -D -m 4M -o ramimage=/guests/hello.bin third \
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

# ---- as many VMs as there are VMIDs, then ENOSPC ---------------------------
# A VM holds one of the 255 VMIDs (1-255; 0 is the host's) from its creation
# until its last user is gone, and its device number as long as it exists:
# the 256th creation must fail with ENOSPC and a clear message, and nothing
# may reach the kernel log. Once each VM took a misc minor, and past about
# 123 the kernel handed out psaux's (10:1) with a stack dump. VMs without
# memory are cheap: their cost is measured and bounded (98 kB seen: 64 kB
# are a run page and a HYP context page for each of the 8 vCPUs).
limit=255
settle
f1=$(memfree)
n=0
while [ $n -le $limit ]; do
	bhyvectl --vm=lim$n --create 2>/tmp/lim.err || break
	n=$((n + 1))
done
f2=$(memfree)
echo "created $n VMs; then: $(cat /tmp/lim.err)"
echo "$n VMs take $(((f1 - f2) / (n > 0 ? n : 1))) kB each ($f1 -> $f2 kB free)"
check "exactly $limit VMs created ($n)" [ $n = $limit ]
check "VM $((limit + 1)) refused: too many VMs, ENOSPC" \
	grep -q "too many VMs: $limit exist, the limit is $limit (No space left on device)" /tmp/lim.err
check "a VM costs less than 128 kB without memory" \
	[ $(((f1 - f2) / (n > 0 ? n : 1))) -lt 128 ]
check "bhyvectl --capabilities counts them" \
	sh -c "bhyvectl --capabilities | grep -q 'VMs: *$limit of $limit'"
timeout 20 bhyve -m 4M -o ramimage=/guests/hello.bin limx </dev/null >/tmp/lim.out 2>&1
rc=$?
cat /tmp/lim.out
check "bhyve says too many VMs (status $rc)" sh -c \
	"[ $rc = 4 ] && grep -q 'too many VMs: $limit exist, the limit is $limit' /tmp/lim.out"
# shellcheck disable=SC2012 # counts names this script chose
check "every VM's device: /dev/vmm holds $limit" [ "$(ls /dev/vmm | wc -l)" = $limit ]
major=$(sed -n 's/^ *\([0-9]*\) vmm$/\1/p' /proc/devices)
echo "/dev/vmm/lim0: mode, owner, major:minor (hex) $(stat -c '%a %u %t:%T' /dev/vmm/lim0)"
check "a VM's device: mode 0600, root's, on the module's major (${major:-none})" \
	[ "$(stat -c '%a %u %t' /dev/vmm/lim0)" = "600 0 $(printf %x "${major:-0}")" ]
check "kernel log clean at the limit" klog_clean
# A destroyed VM counts until its last user is gone: here an open file.
exec 3</dev/vmm/lim7
check "destroy one at the limit, its file still open" bhyvectl --vm=lim7 --destroy
bhyvectl --vm=lim7 --create 2>/tmp/lim.err
rc=$?
cat /tmp/lim.err
check "its name is free, but still too many VMs (status $rc)" sh -c \
	"[ $rc != 0 ] && grep -q 'too many VMs: $limit exist, the limit is $limit' /tmp/lim.err"
exec 3<&-
check "create it again once the file is closed" bhyvectl --vm=lim7 --create
i=0 ok=0
while [ $i -lt $n ]; do
	bhyvectl --vm=lim$i --destroy && ok=$((ok + 1))
	i=$((i + 1))
done
check "all $n destroyed ($ok)" [ $ok = $n ]
check "no VM left after the limit" sh -c "[ -z \"\$(ls /dev/vmm 2>/dev/null)\" ]"
# A destroyed VM's number goes to the next VM even while a file of the old
# one is open: the new device must be the new VM's.
bhyvectl --vm=held --create
exec 3</dev/vmm/held
bhyvectl --vm=held --destroy
check "a new VM while a destroyed one is still open" bhyvectl --vm=reuse --create
check "its device opens the new VM" bhyvectl --vm=reuse --get-stats
exec 3<&-
check "destroy it" bhyvectl --vm=reuse --destroy
# rmmod with VMs left destroys them and gives back the device numbers.
i=0; while [ $i -lt 20 ]; do bhyvectl --vm=left$i --create; i=$((i + 1)); done
check "rmmod with 20 VMs left" rmmod vmm
check "their devices gone" test ! -e /dev/vmm/left0
check "the module's device numbers gone" sh -c "! grep -qw vmm /proc/devices"
check "insmod again" insmod /lib/modules/vmm.ko
check "create and destroy after the reload" \
	sh -c "bhyvectl --vm=again --create && bhyvectl --vm=again --destroy"

check "rmmod" rmmod vmm
settle
free1=$(memfree)
echo "free before insmod $free0 kB, after rmmod $free1 kB"
check "free memory back within 1 MiB after rmmod" [ $((free0 - free1)) -lt 1024 ]
check "kernel log clean (no oops, warning or stack dump)" klog_clean
finish
