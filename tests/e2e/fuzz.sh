#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# vmm_fuzz against vmm.ko: 2 processes x 2 threads of random ioctls, VM
# create/destroy, guest memory, cut-up mmaps and tiny guest runs. In make
# test: FUZZ_OPS (default 3000) with seed 1 and with a random seed (both
# printed); make fuzz sets FUZZ_OPS and FUZZ_SEED. Then the host must be
# up, every VM destroyable, rmmod fine and the kernel log clean.
# shellcheck source=lib.sh
. /etc/e2e-lib.sh
# shellcheck source=/dev/null # written by make fuzz
[ -f /etc/fuzz.env ] && . /etc/fuzz.env
ops=${FUZZ_OPS:-3000}
seeds=${FUZZ_SEED:-"1 $(od -An -N4 -tu4 /dev/urandom | tr -d ' ')"}
check "insmod vmm.ko" insmod /lib/modules/vmm.ko
for seed in $seeds; do
	start=$(date +%s)
	vmm_fuzz -n "$ops" -s "$seed"
	rc=$?
	check "vmm_fuzz: $ops ops, seed $seed, $(($(date +%s) - start))s (status $rc)" [ $rc = 0 ]
done
for vm in /dev/vmm/*; do
	[ -e "$vm" ] && timeout 10 bhyvectl --vm="${vm##*/}" --destroy
done
check "every VM destroyed" sh -c "[ -z \"\$(ls /dev/vmm 2>/dev/null)\" ]"
check "the host still runs a guest" sh -c "bhyve -D -m 16M -o ramimage=/guests/hello.bin after </dev/null | grep -q 'GUEST-RESULT: PASS'"
check "rmmod" rmmod vmm
check "kernel log clean (no oops, warning or stack dump)" klog_clean
finish
