#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=dash # busybox sh in the emulated host
# Inside the emulated host (make bench, -icount): the Debian image booted
# through u-boot under bhyve, 1 vCPU and no network card as the reference
# on QEMU has, its console on the host's. scripts/bench.sh counts the
# instructions from the marker to Debian's login prompt
# (scripts/icount-at.py).
distrovm -S >/dev/null || exit 1
echo "BENCH-DISTRO-START"
distrovm -q -c 1 -n none benchdistro </dev/null
