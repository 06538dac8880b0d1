#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The highvisor's interrupts-off window against a hostile guest: with
# kprobes (not optimised, so each hit is an undefined-instruction
# exception on the host) on the kernel functions the window reaches and on
# the module's own distributor and PSCI handlers, the window guest points
# its Undefined, Abort and IRQ stacks at host kernel memory or at 0x100,
# or keeps its own, and
# loops SGIR writes, PSCI calls, CPU_OFF/CPU_ON and distributor reads.
# The host must not store through the guest's stack pointers (what is
# there stays as it was), must not oops or stall, and the guest must find
# its registers intact. A kprobe on the lowvisor itself is refused.
# shellcheck source=lib.sh
. /etc/e2e-lib.sh
check "insmod vmm.ko" insmod /lib/modules/vmm.ko

T=/sys/kernel/tracing
mount -t tracefs nodev $T 2>/dev/null
check "tracefs with kprobe events" test -w $T/kprobe_events
echo 0 >/proc/sys/debug/kprobes-optimization
# The module's exit-path files have no ftrace hooks, and this kernel
# (KPROBE_EVENTS_ON_NOTRACE off) refuses probe events there; the
# distributor's handlers are outside them.
probes="try_to_wake_up wake_up_process __wake_up smp_call_function_single_async
	vmm:vgic_dist_read vmm:vgic_dist_write"
n=0
for p in $probes; do
	n=$((n + 1))
	echo "p:window/p$n $p" >>$T/kprobe_events 2>/dev/null ||
		echo "window: no kprobe on $p"
done
echo 1 >$T/events/window/enable
check "kprobes on the window's functions" grep -q try_to_wake_up $T/kprobe_events
# The lowvisor's code runs in HYP mode: kprobes must never be put there.
mount -t debugfs nodev /sys/kernel/debug 2>/dev/null
check "the lowvisor is on the kprobe blacklist" \
	grep -q "hyp_vcpu_run.*\[vmm\]" /sys/kernel/debug/kprobes/blacklist

# The target: host kernel memory whose contents user space can see:
# vmm.ko's host description ("arm" in vmm_arm.c, in its .bss), whose GIC
# compatible string (80 bytes in) `bhyvectl --capabilities` prints. This
# kernel's /proc/kallsyms lists no data symbols (no KALLSYMS_ALL): the
# address is the module's .bss in sysfs plus the symbol's offset there
# (vmm.syms, nm of the module). The exception stubs would store r0, LR
# and SPSR there.
bss=$(cat /sys/module/vmm/sections/.bss)
off=$(awk '$2 == "b" && $3 == "arm" { print $1 }' /lib/modules/vmm.syms)
check "vmm.ko's host description located" [ -n "$bss" -a -n "$off" ]
target=$(printf '%x' $((${bss:-0} + 0x${off:-0} + 80)))
caps0=$(bhyvectl --capabilities)
echo "window: target 0x$target"
echo "$caps0" | grep -i compat

# run_window NAME INPUT: the guest with 2 vCPUs, its console line INPUT
run_window() {
	name=$1 input=$2
	hits0=$(awk '{ s += $2 } END { print s + 0 }' $T/kprobe_profile)
	echo "$input" | timeout -s KILL 240 bhyve -D -c 2 -m 16M \
		-o ramimage=/guests/window.bin "t-$name" >"/tmp/$name.out" 2>&1
	rc=$?
	hits=$(($(awk '{ s += $2 } END { print s + 0 }' $T/kprobe_profile) - hits0))
	sed "s/^/  $name| /" "/tmp/$name.out" | tail -20
	echo "window: $name: $hits kprobe hits"
	check "$name: bhyve exit status 1 (got $rc)" [ "$rc" = 1 ]
	check "$name: guest passed (its registers intact)" \
		grep -q "GUEST-RESULT: PASS" "/tmp/$name.out"
	check "$name: the window was probed ($hits hits)" [ "$hits" -gt 100 ]
	check "$name: host memory at the target unchanged" \
		[ "$(bhyvectl --capabilities)" = "$caps0" ]
}

run_window ordinary "o"
run_window hostile "h $target"
run_window und0 "z $target"
cat $T/kprobe_profile

# The same guest with the distributor read probed alone: that path calls
# nothing outside the module.
echo 0 >$T/events/window/enable
echo >$T/kprobe_events
echo "p:window/dist vmm:vgic_dist_read" >>$T/kprobe_events
echo 1 >$T/events/window/enable
run_window dist "h $target"
echo 0 >$T/events/window/enable
echo >$T/kprobe_events

check "kernel log clean (no oops, stall, warning or bad mode)" klog_clean -e 'Bad mode'
check "no VM left behind" sh -c "[ -z \"\$(ls /dev/vmm 2>/dev/null)\" ]"
finish
