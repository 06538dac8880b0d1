#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# A running guest and the host around it: host interrupts exit the guest
# and it resumes, signals stop bhyve cleanly, bhyvectl sees and destroys;
# halt polling shows in the counters and can be turned off.
# shellcheck source=lib.sh
. /etc/e2e-lib.sh
check "insmod vmm.ko" insmod /lib/modules/vmm.ko

# A guest's console relayed as it is (make bench does that) may say what
# a board's halt says; on virt, which powers itself off, the harness must
# not take it for the host's end.
echo "reboot: Power down"
sleep 3
check "the host outlives a relayed 'reboot: Power down' line" true

# 2 vCPUs: the second stays powered off (spin starts no other CPU)
bhyve -c 2 -m 16M -o ramimage=/guests/spin.bin spin </dev/null >/tmp/spin.out 2>&1 &
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

# bhyvectl --list: who runs which VM, with what
bhyvectl --vm=idle --create
bhyvectl --list | tee /tmp/list.out
check "--list: spin, its bhyve's pid, 2 vCPUs, 16M" \
	grep -Eq "^spin +$pid +2 +16M$" /tmp/list.out
check "--list: a VM nobody runs (--create)" grep -Eq "^idle +- +- +0M$" /tmp/list.out
bhyvectl --vm=idle --destroy
# --top: 2 frames of rates, in 79 columns, the host interrupts counted
bhyvectl --vm=spin --top --count=2 >/tmp/top.out
rc=$?
cat /tmp/top.out
check "--top --count=2: status 0, 2 frames" \
	sh -c "[ $rc = 0 ] && [ \$(grep -c '^vm spin: exits/s over' /tmp/top.out) = 2 ]"
check "--top: a column for the sum and each of the 2 vCPUs" \
	grep -Eq "^counter +all +vcpu0 +vcpu1$" /tmp/top.out
check "--top: every line fits in 79 columns" \
	sh -c "! awk 'length > 79' /tmp/top.out | grep -q ."
irqrate=$(awk '/^exits for host interrupts/ { v = $(NF - 2) } END { print v }' /tmp/top.out)
check "--top: host-interrupt exits per second ($irqrate), vCPU 1 none" \
	sh -c "[ '$irqrate' != 0 ] && [ -n '$irqrate' ] &&
		awk '/^exits for host interrupts/ { v = \$NF } END { exit v != 0 }' /tmp/top.out"
bhyvectl --vm=spin --top --count=2 --interval=0.5 --csv=/tmp/top.csv >/dev/null
cat /tmp/top.csv
check "--top --csv: a header and a row per interval" \
	sh -c "[ \$(wc -l </tmp/top.csv) = 3 ] && head -1 /tmp/top.csv | grep -q '^time,interval,total exits,'"
check "--get-stats --cpu=all: the sum and each vCPU" \
	sh -c "bhyvectl --vm=spin --get-stats --cpu=all | grep -Eq '^counter +all +vcpu0 +vcpu1$'"
kill -INT $pid
wait $pid
rc=$?
cat /tmp/spin.out
check "SIGINT stops bhyve cleanly (status 1, got $rc)" [ $rc = 1 ]

# SIGTERM presses the power button (spin ignores it); a second one stops
# the VM at once, as SIGINT does.
bhyve -D -m 16M -o ramimage=/guests/spin.bin spin3 </dev/null >/tmp/spin3.out 2>&1 &
pid=$!
sleep 2
kill -TERM $pid
sleep 1
check "SIGTERM: the power button, bhyve waits for the guest" kill -0 $pid
kill -TERM $pid
wait $pid
rc=$?
cat /tmp/spin3.out
check "a second SIGTERM stops bhyve at once (status 1, got $rc)" [ $rc = 1 ]
check "SIGTERM: bhyve said it pressed the button, then stopped" \
	sh -c "grep -q 'power button pressed' /tmp/spin3.out &&
		grep -q 'stopped by SIGTERM' /tmp/spin3.out"
check "no VM device left after SIGTERM" test ! -e /dev/vmm/spin3

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

# Wake-ups (docs/performance.md): the wakeups guest's timer, 200 us ahead,
# in turn wakes it from WFI and interrupts it spinning. run_wakeups VM
# [bhyve options]: its counters after 3 s in /tmp/VM.stats.
run_wakeups() {
	vm=$1
	shift
	bhyve -D -m 16M "$@" -o ramimage=/guests/wakeups.bin "$vm" \
		</dev/null >"/tmp/$vm.out" 2>&1 &
	pid=$!
	sleep 3
	bhyvectl --vm="$vm" --get-stats >"/tmp/$vm.stats"
	check "$vm: the guest runs, every deadline's interrupt came once" \
		sh -c "kill -0 $pid && grep -q 'wakeups: running' /tmp/$vm.out &&
			! grep -q FAIL /tmp/$vm.out"
	kill -INT $pid
	wait $pid
	grep -E '^(halt_poll|sleeps)' "/tmp/$vm.stats"
}
# counter VM NAME: the value of the counter whose description starts NAME
counter() {
	awk -v k="$2" 'index($0, k) == 1 { print $NF }' "/tmp/$1.stats"
}
run_wakeups wake
check "halt polling on by default: polls caught wake-ups ($(counter wake halt_poll_success))" \
	[ "$(counter wake halt_poll_success)" -gt 0 ]
run_wakeups wake-off -o halt_poll_ns=0
check "bhyve -o halt_poll_ns=0: no poll, every halt sleeps" \
	sh -c "[ '$(counter wake-off halt_poll_success)' = 0 ] &&
		[ '$(counter wake-off halt_poll_fail)' = 0 ] &&
		[ '$(counter wake-off halt_poll_ns)' = 0 ] &&
		[ '$(counter wake-off 'sleeps waiting')' -gt 0 ]"
check "vmm.ko's halt_poll_ns: 500000 by default" \
	grep -qx 500000 /sys/module/vmm/parameters/halt_poll_ns
echo 0 >/sys/module/vmm/parameters/halt_poll_ns
run_wakeups wake-param
echo 500000 >/sys/module/vmm/parameters/halt_poll_ns
check "vmm.ko halt_poll_ns=0: no poll" \
	sh -c "[ '$(counter wake-param halt_poll_success)' = 0 ] &&
		[ '$(counter wake-param halt_poll_fail)' = 0 ]"
bhyve -D -m 16M -o halt_poll_ns=-1 -o ramimage=/guests/wakeups.bin bad \
	</dev/null >/tmp/bad.out 2>&1
rc=$?
cat /tmp/bad.out
check "bhyve -o halt_poll_ns=-1: refused (status $rc)" \
	sh -c "[ $rc != 0 ] && grep -q 'halt_poll_ns: invalid' /tmp/bad.out"
check "rmmod" rmmod vmm
check "kernel log clean (no oops, warning or stack dump)" klog_clean
finish
