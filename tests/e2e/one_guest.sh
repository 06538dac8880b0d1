#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# One bare-metal test guest under bhyve, for make e2e-guest G=NAME: the
# name, vCPUs and memory come from /etc/one_guest.env (written by the
# Makefile). It passes if bhyve ends with status 1 (PSCI SYSTEM_OFF) and
# the guest printed its PASS line.
# shellcheck source=lib.sh
. /etc/e2e-lib.sh
G_NCPUS=1 G_MEM=16M
# shellcheck source=/dev/null # written by make e2e-guest
. /etc/one_guest.env
check "insmod vmm.ko" insmod /lib/modules/vmm.ko
timeout -s INT 120 bhyve -c "$G_NCPUS" -D -m "$G_MEM" \
	-o "ramimage=/guests/$G.bin" -o testdev=true "t-$G" </dev/null >/tmp/guest.out 2>&1
rc=$?
sed "s/^/  $G| /" /tmp/guest.out
check "$G: bhyve exit status 1 (got $rc)" [ "$rc" = 1 ]
check "$G: guest passed" grep -q "GUEST-RESULT: PASS" /tmp/guest.out
check "rmmod vmm" rmmod vmm
check "kernel log clean (no oops, warning or stack dump)" klog_clean
finish
