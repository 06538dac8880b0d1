#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# The e2e kernel-log check (tests/e2e/klog.sh) on kernel logs of this
# project's own runs: each stack dump must fail it, each clean log pass.
# Usage: test_klog.sh [path of klog.sh]
# shellcheck source=../e2e/klog.sh
. "${1:-$(dirname "$0")/../e2e/klog.sh}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
passed=0 failed=0
expect() { # expect clean|dirty name [EXTRA-ERE]: the log on stdin
	cat >"$t/log"
	if klog_clean ${3:+-e "$3"} "$t/log" >"$t/out"; then got=clean; else got=dirty; fi
	if [ "$got" = "$1" ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $2: $got, expected $1"
		cat "$t/out"
	fi
}

# Lines of a clean boot and module load of the emulated host (Debian
# 6.1.0-50-armmp-lpae), and other ordinary messages with words near the
# patterns.
expect clean "boot and vmm.ko load" <<'L'
[    0.000000] Linux version 6.1.0-50-armmp-lpae (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP Debian 6.1.176-1 (2026-07-02)
[    0.000000] Kernel command line: console=ttyAMA0 rdinit=/init panic=-1 oops=panic softlockup_panic=1 loglevel=6
[    0.000000] CPU: ARMv7 Processor [412fc0f1] revision 1 (ARMv7), cr=30c5387d
[    0.000000] CPU: div instructions available: patching division code
[    0.014280] CPU0: Spectre v2: firmware did not set auxiliary control register IBE bit, system vulnerable
[    0.096179] /cpus/cpu@0 missing clock-frequency property
[    0.300000] CPU: All CPU(s) started in HYP mode.
[    0.569051] audit: type=2000 audit(0.224:1): state=initialized audit_enabled=0 res=1
[    2.725507] Registering SWP/SWPB emulation handler
[    3.300000] Freeing unused kernel image (initmem) memory: 2048K
[    3.400000] Run /init as init process
[    8.158111] vmm: loading out-of-tree module taints kernel.
[    8.169209] vmm: module verification failed: signature and/or required key missing - tainting kernel
[    8.200000] vmm: CPU1: lowvisor installed
[    8.300000] vmm: lowvisor running on 2 CPU(s)
[    8.764474] hrtimer: interrupt took 30569696 ns
[    9.000000] vmm: cannot create VM lim255: 255 VMs exist, the limit
[   12.000000] psci: CPU1 killed (polled 0 ms)
[   13.000000] virtio_blk virtio0: [vda] 32768 512-byte logical blocks (16.8 MB/16.0 MiB)
[   14.000000] EXT4-fs (vda): mounted filesystem with ordered data mode. Quota mode: none.
L

# The defect's own dump (lifecycle-a15 before the device numbers moved off
# the misc minors): no WARNING, no BUG, only the frames.
expect dirty "sysfs duplicate, dump_stack via misc_register" <<'L'
[   61.611914] sysfs: cannot create duplicate filename '/dev/char/10:1'
[   61.613093] CPU: 1 PID: 1563 Comm: bhyvectl Tainted: G           OE      6.1.0-50-armmp-lpae #1  Debian 6.1.176-1
[   61.613693] Hardware name: Generic DT based system
[   61.614623]  unwind_backtrace from show_stack+0x18/0x1c
[   61.615387]  show_stack from dump_stack_lvl+0x40/0x4c
[   61.615530]  dump_stack_lvl from sysfs_warn_dup+0x60/0x6c
[   61.615662]  sysfs_warn_dup from sysfs_do_create_link_sd+0xec/0xf0
[   61.615816]  sysfs_do_create_link_sd from device_add+0x5e4/0x844
[   61.616025]  device_add from device_create_groups_vargs+0xa4/0xc8
[   61.618132]  misc_register from vmm_lx_vm_create+0x19c/0x228 [vmm]
[   61.620072]  vmm_lx_vm_create [vmm] from vmm_lx_ioctl+0x60/0x10c [vmm]
[   61.624047]  sys_ioctl from ret_fast_syscall+0x0/0x1c
[   61.624405] Exception stack(0xf0d85fa8 to 0xf0d85ff0)
L
# Each part of a dump alone must do: a log may keep only some lines.
expect dirty "dump header" <<'L'
[   61.613093] CPU: 1 PID: 1563 Comm: bhyvectl Tainted: G           OE      6.1.0-50-armmp-lpae #1  Debian 6.1.176-1
L
expect dirty "hardware name" <<'L'
[   61.613693] Hardware name: Generic DT based system
L
expect dirty "an unwinder frame of a module" <<'L'
[   61.620072]  vmm_lx_vm_create [vmm] from vmm_lx_ioctl+0x60/0x10c [vmm]
L
expect dirty "a frame, CONFIG_BACKTRACE_VERBOSE" <<'L'
[    1.000000] [<c010f2c4>] (unwind_backtrace) from [<c010b6e0>] (show_stack+0x10/0x14)
L
expect dirty "frame-pointer backtrace" <<'L'
[    1.000000] Backtrace:
L
expect dirty "arm64 call trace" <<'L'
[    1.000000] Call trace:
L
expect dirty "WARN_ON" <<'L'
[    1.000000] WARNING: CPU: 0 PID: 1 at lib/refcount.c:28 refcount_warn_saturate+0x80/0x14c
L
expect dirty "cut here" <<'L'
[    1.000000] ------------[ cut here ]------------
L
expect dirty "oops" <<'L'
[    1.000000] 8<--- cut here ---
[    1.000000] Unable to handle kernel NULL pointer dereference at virtual address 00000000
[    1.000000] Internal error: Oops: 5 [#1] SMP ARM
L
expect dirty "refcount" <<'L'
[    1.000000] refcount_t: underflow; use-after-free.
L
expect dirty "hung task" <<'L'
[  245.000000] INFO: task bhyve:123 blocked for more than 120 seconds.
L
expect dirty "an extra pattern (-e)" '[Ff]ail' <<'L'
[    1.000000] virtio_net: probe of virtio1 failed with error -22
L
expect clean "an extra pattern (-e), not there" '[Ff]ail' <<'L'
[    1.000000] virtio_net virtio1 eth0: renamed from eth1
L
echo "klog: $passed passed, $failed failed"
[ $failed = 0 ]
