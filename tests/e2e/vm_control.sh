#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A running guest and the host around it: host interrupts exit the guest
# and it resumes, signals stop bhyve cleanly, bhyvectl sees and destroys.
# shellcheck source=lib.sh
. /etc/e2e-lib.sh
check "insmod vmm.ko" insmod /lib/modules/vmm.ko

bhyve -m 16M -o ramimage=/guests/spin.bin spin </dev/null >/tmp/spin.out 2>&1 &
pid=$!
sleep 3
check "VM device exists while it runs" test -c /dev/vmm/spin
check "guest started" grep -q "spin: running" /tmp/spin.out
bhyvectl --vm=spin --get-stats | tee /tmp/stats1
sleep 1
bhyvectl --vm=spin --get-stats >/tmp/stats2
irqs1=$(sed -n 's/^exits for host interrupts *\([0-9]*\)$/\1/p' /tmp/stats1)
irqs2=$(sed -n 's/^exits for host interrupts *\([0-9]*\)$/\1/p' /tmp/stats2)
echo "host-interrupt exits: $irqs1 then $irqs2"
check "host interrupts exit the guest, which keeps running" \
	[ "${irqs1:-0}" -gt 0 -a "${irqs2:-0}" -gt "${irqs1:-0}" ]
bhyve -m 16M -o ramimage=/guests/spin.bin spin </dev/null >/tmp/second.out 2>&1
check "a second bhyve on a running VM is refused (status 4)" [ $? = 4 ]
cat /tmp/second.out
check "the host stays responsive while a guest spins" sh -c "echo ok | grep -q ok"
kill -INT $pid
wait $pid
rc=$?
cat /tmp/spin.out
check "SIGINT stops bhyve cleanly (status 1, got $rc)" [ $rc = 1 ]

bhyve -D -m 16M -o ramimage=/guests/spin.bin spin2 </dev/null >/tmp/spin2.out 2>&1 &
pid=$!
sleep 2
check "bhyvectl --destroy of a running VM" bhyvectl --vm=spin2 --destroy
wait $pid
rc=$?
cat /tmp/spin2.out
check "bhyve ends when its VM is destroyed (status $rc)" [ $rc -le 4 ]
check "no VM device left" test ! -e /dev/vmm/spin2
bhyvectl --vm=spin --destroy
check "rmmod" rmmod vmm
check "kernel log clean (no oops, warning or stack dump)" klog_clean
finish
