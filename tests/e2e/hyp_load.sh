#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# vmm.ko enters HYP on every CPU, answers pings, survives rmmod + insmod,
# and covers CPUs that come online later.
# shellcheck source=lib.sh
. /etc/e2e-lib.sh
ncpus=$(grep -c ^processor /proc/cpuinfo)

check "insmod vmm.ko" insmod /lib/modules/vmm.ko
check "/dev/vmmctl exists" test -c /dev/vmmctl
bhyvectl --capabilities | tee /tmp/caps
check "HYP installed on all $ncpus CPUs" grep -q "installed on $ncpus/$ncpus CPUs" /tmp/caps
check "maintenance interrupt from the host DT" grep -q "Maintenance IRQ:     INTID 25" /tmp/caps
check "virtual timer PPI from the host DT" grep -q "INTID 27 (PPI 11)" /tmp/caps
check "list registers read from GICH_VTR" grep -qE "GIC list registers:  [1-9]" /tmp/caps
bhyvectl --hyp-ping | tee /tmp/ping
check "HYP ping answered on every CPU" grep -q "HYP ping: $ncpus/$ncpus CPUs answered" /tmp/ping
check "HYP MMU and caches on (HSCTLR M,C,I)" grep -q "HSCTLR=0x30c5181d" /tmp/ping

check "rmmod vmm" rmmod vmm
check "/dev/vmmctl gone after rmmod" test ! -e /dev/vmmctl
check "insmod again after rmmod" insmod /lib/modules/vmm.ko
check "HYP ping after reload" bhyvectl --hyp-ping

if [ "$ncpus" -gt 1 ]; then
	last=$((ncpus - 1))
	echo 0 > /sys/devices/system/cpu/cpu$last/online
	check "ping with cpu$last offline" sh -c "bhyvectl --hyp-ping | grep -q 'HYP ping: $last/$last'"
	if echo 1 > /sys/devices/system/cpu/cpu$last/online; then
		bhyvectl --hyp-ping | tee /tmp/ping2
		check "cpu$last back online gets the lowvisor" grep -q "HYP ping: $ncpus/$ncpus CPUs answered" /tmp/ping2
	elif dmesg | grep -q "CPU$last: failed to come online"; then
		# The kernel's own bring-up failed (PSCI CPU_ON) before any vmm.ko
		# code ran: QEMU's orangepi-pc cannot restart a core u-boot's
		# PSCI stopped ("failed to bring up CPU: err -4").
		echo "NOTE: the board cannot bring cpu$last back online (its firmware's CPU_ON failed); re-online not checked"
	else
		fail "cpu$last back online"
	fi
fi
check "final rmmod" rmmod vmm
dmesg | grep -E "vmm:" | tail -20
check "kernel log clean (no oops, warning or stack dump)" klog_clean
finish
