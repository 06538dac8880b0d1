#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Guest RAM and the host's own memory, on a 1 GiB host. Guest RAM is pinned
# (nothing reclaims it), so: a VM may not take what the host needs for
# itself; guest RAM counts as bhyve's resident memory, so the OOM killer
# picks bhyve; and a VM bhyve made goes with bhyve, however bhyve ends, so
# killing it gives the RAM back.
# shellcheck source=lib.sh
. /etc/e2e-lib.sh
check "insmod vmm.ko" insmod /lib/modules/vmm.ko

avail() { sed -n 's/^MemAvailable: *\([0-9]*\) kB$/\1/p' /proc/meminfo; }
kb() { sed -n "s/^$2:[[:space:]]*\([0-9]*\) kB\$/\1/p" "/proc/$1/status"; }
# wait_guest PID OUT: until the spin guest runs or bhyve ends (60 s at most)
wait_guest() {
	w=0
	while ! grep -q "spin: running" "$2" && kill -0 "$1" 2>/dev/null &&
		[ $w -lt 600 ]; do
		usleep 100000
		w=$((w + 1))
	done
	grep -q "spin: running" "$2"
}
# wait_gone NAME: until /dev/vmm/NAME is gone (30 s at most)
wait_gone() {
	w=0
	while [ -e "/dev/vmm/$1" ] && [ $w -lt 300 ]; do
		usleep 100000
		w=$((w + 1))
	done
	[ ! -e "/dev/vmm/$1" ]
}

# More than the host can spare: refused at once, in one line, no VM left.
bhyve -m 900M -o ramimage=/guests/spin.bin big </dev/null >/tmp/big.out 2>&1
rc=$?
cat /tmp/big.out
check "-m 900M on a 1 GiB host: status 4 (got $rc)" [ $rc = 4 ]
check "-m 900M: one line saying why" \
	sh -c "[ \$(wc -l </tmp/big.out) = 1 ] && grep -q 'cannot spare' /tmp/big.out"
check "-m 900M: no VM left behind" [ ! -e /dev/vmm/big ]

# kill -9 of bhyve: its VM goes with it, and so does its RAM.
a0=$(avail)
bhyve -m 256M -o ramimage=/guests/spin.bin k9 </dev/null >/tmp/k9.out 2>&1 &
pid=$!
check "a 256M guest runs" wait_guest $pid /tmp/k9.out
a1=$(avail)
rss=$(kb $pid VmRSS)
echo "hostmem: bhyve's VmRSS ${rss:-?} kB; MemAvailable $a0 -> $a1 kB"
check "guest RAM is bhyve's resident memory (${rss:-?} kB)" \
	[ "${rss:-0}" -ge $((256 * 1024)) ]
top=$(for f in /proc/[0-9]*/oom_score; do
	echo "$(cat "$f" 2>/dev/null || echo 0) ${f%/oom_score}"
done | sort -n | tail -1)
echo "hostmem: highest oom_score: $top"
check "the OOM killer would pick bhyve first" [ "${top#* }" = "/proc/$pid" ]
kill -9 $pid
wait $pid
check "kill -9: the VM goes with bhyve" wait_gone k9
a2=$(avail)
echo "hostmem: MemAvailable after kill -9: $a2 kB"
check "kill -9: the guest RAM is back ($a0 -> $a2 kB)" [ $((a0 - a2)) -lt 16384 ]

# VMs until the host's reserve, then the host's own work still fits.
n=0 pids=
while [ $n -lt 40 ]; do
	bhyve -m 64M -o ramimage=/guests/spin.bin "f$n" </dev/null \
		>"/tmp/f$n.out" 2>&1 &
	p=$!
	if ! wait_guest $p "/tmp/f$n.out"; then
		wait $p
		break
	fi
	pids="$pids $p"
	n=$((n + 1))
done
cat "/tmp/f$n.out"
echo "hostmem: $n VMs of 64M running, MemAvailable $(avail) kB"
check "VMs until the reserve: $n run, the next is refused" \
	grep -q "cannot spare" "/tmp/f$n.out"
i=0
while [ $i -lt 50 ] && sh -c 'exec true'; do i=$((i + 1)); done
check "50 fork/exec with the VMs running ($i)" [ $i = 50 ]
mkdir -p /mnt/t && mount -t tmpfs -o size=100m tmpfs /mnt/t
check "80 MiB into tmpfs with the VMs running" \
	dd if=/dev/zero of=/mnt/t/x bs=1M count=80
rm -f /mnt/t/x
umount /mnt/t
check "no OOM kill" sh -c "! dmesg | grep -qiE 'out of memory|oom-kill|invoked oom-killer'"
# shellcheck disable=SC2086
kill -9 $pids
for p in $pids; do wait "$p"; done
i=0 gone=0
while [ $i -lt $n ]; do wait_gone "f$i" && gone=$((gone + 1)); i=$((i + 1)); done
check "all $n VMs gone with their bhyve ($gone)" [ $gone = $n ]
a3=$(avail)
check "their RAM is back ($a0 -> $a3 kB)" [ $((a0 - a3)) -lt 16384 ]

check "kernel log clean (no oops, warning or stack dump)" klog_clean
finish
