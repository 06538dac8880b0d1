#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Inside the emulated host (scripts/bench-trace.sh): where vmm.ko's code
# and its lowvisor lie, then the trace guest's long runs of round trips.
insmod /lib/modules/vmm.ko || exit 1
echo "TRACE-MOD $(cat /sys/module/vmm/sections/.text)"
# text symbols only (the kernel's and vmm.ko's: Debian ships no System.map)
grep -E '^[0-9a-f]+ [tT] [^	]*(	\[vmm\])?$' /proc/kallsyms | sed 's/^/TRACE-SYM /'
bhyve -c 2 -D -m 16M -o ramimage=/guests/trace.bin -o testdev=true trace </dev/null
[ $? = 1 ] || exit 1
