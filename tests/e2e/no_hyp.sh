#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Booted without HYP mode: insmod must fail with one clear message and the
# host must keep running.
# shellcheck source=lib.sh
. /etc/e2e-lib.sh
if insmod /lib/modules/vmm.ko 2>/tmp/err; then
	fail "insmod refused without HYP mode"
else
	pass "insmod refused without HYP mode"
fi
cat /tmp/err
dmesg | grep "vmm:" | tee /tmp/msg
check "kernel says why" grep -qE "vmm: not loading: .*(Virtualization Extensions|HYP mode)" /tmp/msg
check "kernel says what to do" grep -qE "HYP mode|Cortex-A7/A15" /tmp/msg
check "kernel log clean (no oops, warning or stack dump)" klog_clean
check "host still running" sh -c "echo alive | grep -q alive"
check "no /dev/vmmctl" test ! -e /dev/vmmctl
check "bhyvectl says module is missing" sh -c "bhyvectl --capabilities 2>&1 | grep -q 'is vmm.ko loaded'"
finish
