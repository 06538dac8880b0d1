#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Inside the emulated host: run the benchmark guest once.
insmod /lib/modules/vmm.ko || exit 1
bhyve -c 2 -D -m 16M -o ramimage=/guests/bench.bin -o testdev=true bench </dev/null
[ $? = 1 ] || exit 1
