#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# An unmodified Debian Linux guest (the host's own armmp-lpae kernel) under
# bhyve: 2 vCPUs, virtio-blk (ext4, read-only and raw disks), virtio-net
# over tap0, virtio-rng, virtio-console. The guest's test scripts
# (tests/e2e/guest, /tests in the guest) print GUEST-CHECK lines, which
# count here as checks of their own; bhyve's command line is in linuxvm
# (scripts/linuxvm.sh). Every guest runs under a timeout: a hung guest
# fails its checks, not the scenario.
# shellcheck source=lib.sh
. /etc/e2e-lib.sh
GUESTIP=192.168.100.2
VMTIMEOUT=${VMTIMEOUT:-300}

check "insmod vmm.ko" insmod /lib/modules/vmm.ko
check "host side of the network (tun.ko, tap0)" linuxvm -S
check "tap0 is up as 192.168.100.1" sh -c "ip addr show dev tap0 | grep -q 'inet 192.168.100.1/24'"

# Fresh copies: the guest writes to them, the host reads them afterwards.
cp /guest/disk.img /tmp/disk.img
{ printf bhyve-scratch; head -c $((1024 * 1024 - 13)) /dev/zero; } >/tmp/scratch.img
ro_sum=$(sha256sum </guest/ro.img)
nonce=n$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')

# Start a guest in the background, killed (status 137) after VMTIMEOUT s.
# vm_start NAME linuxvm-options...
vm_start() {
	n=$1; shift
	timeout -s KILL "$VMTIMEOUT" linuxvm "$@" "$n" </dev/null >/tmp/"$n".out 2>&1 &
	eval "pid_$n=$!"
}
# vm_wait NAME WANT_STATUS: wait for it, then its verdicts.
vm_wait() {
	n=$1 want=$2
	eval "wait \$pid_$n"
	rc=$?
	bhyvectl --vm="$n" --destroy 2>/dev/null
	tr -d '\r' </tmp/"$n".out >/tmp/"$n".log
	sed -nE 's/^GUEST-CHECK: (PASS|FAIL) (.*)$/\1 \2/p' /tmp/"$n".log |
		while read -r verdict what; do echo "$verdict: $n: $what"; done >/tmp/"$n".checks
	cat /tmp/"$n".checks
	fails=$((fails + $(grep -c '^FAIL' /tmp/"$n".checks)))
	check "$n: bhyve command line" grep -q '^+ bhyve' /tmp/"$n".log
	check "$n: the guest finished its checks" grep -q '^GUEST-DONE' /tmp/"$n".log
	check "$n: bhyve exit status $want (got $rc)" [ "$rc" = "$want" ]
	if ! grep -q '^GUEST-DONE: .* 0 failed' /tmp/"$n".log || [ "$rc" != "$want" ]; then
		echo "---- $n: console (last 120 lines)"
		tail -120 /tmp/"$n".log | sed "s/^/  $n| /"
		echo "---- $n: end"
	fi
}

# ---- 1. everything, 2 vCPUs; the host pings the guest meanwhile -------
# The guest sends 4 MiB of TCP to port 5001, then takes 4 MiB on its
# port 5002 (iobench; a receiver nobody calls gives up after 120 s).
(iobench recv 5001 && iobench send $GUESTIP 5002 4) >/tmp/tcp.out 2>&1 &
tcp_pid=$!
vm_start basic -c 2 -T basic -d /tmp/disk.img -r /guest/ro.img -x /tmp/scratch.img -C \
	-a "ncpus=2 nonce=$nonce hostping=3 hosttcp=4 virtio=blk:3,net:1,rng:1,console:1"
i=0
while ! ping -c 1 -W 1 $GUESTIP >/dev/null 2>&1 && [ $i -lt "$VMTIMEOUT" ]; do
	eval "kill -0 \$pid_basic" 2>/dev/null || break
	sleep 1
	i=$((i + 1))
done
check "the host pings the guest ($GUESTIP answered after $i tries)" ping -c 3 -W 5 $GUESTIP
vm_wait basic 1
wait $tcp_pid
check "TCP: 4 MiB from the host to the guest, every byte counted" grep -q '^IOBENCH-TCP: bytes=4194304 ' /tmp/tcp.out
check "the guest's write is on the raw disk image after power-off" \
	sh -c "dd if=/tmp/scratch.img bs=512 skip=16 count=1 2>/dev/null | grep -q $nonce"
check "the read-only disk image is unchanged" [ "$(sha256sum </guest/ro.img)" = "$ro_sum" ]

# ---- 2. the ext4 file of boot 1 is there at boot 2; reboot -> 0 ---------
vm_start reboot -c 2 -T reboot -d /tmp/disk.img -n none -a "nonce=$nonce"
vm_wait reboot 0

# ---- 3. two VMs at once, each powering off by itself -------------------
vm_start two_a -c 1 -m 128M -T smp -d none -n none -a "ncpus=1"
vm_start two_b -c 1 -m 128M -T smp -d none -n none -a "ncpus=1"
i=0
# shellcheck disable=SC2012 # counts names this script chose
while [ "$(ls /dev/vmm 2>/dev/null | wc -l)" -lt 2 ] && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
# shellcheck disable=SC2012 # counts names this script chose
check "two VMs exist at the same time" [ "$(ls /dev/vmm 2>/dev/null | wc -l)" -ge 2 ]
vm_wait two_a 1
vm_wait two_b 1

# ---- 4. more vCPUs than host CPUs --------------------------------------
vm_start smp4 -c 4 -T smp -d none -n none -a "ncpus=4"
vm_wait smp4 1

check "no VM left behind" sh -c "[ -z \"\$(ls /dev/vmm 2>/dev/null)\" ]"
check "rmmod vmm after the Linux guests" rmmod vmm
check "host: kernel log clean (no oops, warning or stack dump)" klog_clean
finish
