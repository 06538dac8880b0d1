#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# With the lowvisor installed the host must still reboot: the harness
# runs QEMU with -no-reboot, so a working reboot ends QEMU at once and a
# hang ends in the harness's timeout.
# shellcheck source=lib.sh
. /etc/e2e-lib.sh
check "insmod vmm.ko" insmod /lib/modules/vmm.ko
check "HYP ping" bhyvectl --hyp-ping
check "kernel log clean (no oops, warning or stack dump)" klog_clean
[ $fails = 0 ] || finish
echo "BHYVE-ARM-SCENARIO-EXIT=0"
reboot -f
sleep 30
echo "BHYVE-ARM-SCENARIO-EXIT=1"
