#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=dash # busybox sh in the emulated host
# What `make run-distro` does inside the emulated host: the host side
# (vmm.ko, its disk, tap0), then the Debian guest on the console through
# u-boot. When the guest powers off, the host's shell follows; `distrovm`
# starts the guest again.
echo "Loading vmm.ko, the host's disk driver, tap0 ..."
distrovm -S && bhyvectl --capabilities || exit 1
echo "Starting Debian through u-boot: 2 vCPUs, 512 MiB, /dev/vda, tap0 (the guest is 192.168.100.2)."
echo "Log in as root (no password). Leave with 'poweroff'; Ctrl-A X ends QEMU altogether."
# bhyve exits 0 when the guest reboots: start it again, as vmrun.sh does.
while distrovm; do echo "The guest rebooted: starting it again."; done
echo "The guest has powered off. 'distrovm' starts it again, 'distrovm -h' tells how."
