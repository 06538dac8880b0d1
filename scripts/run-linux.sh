#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# What `make run` does inside the emulated host: load vmm.ko, set up tap0,
# start the Linux guest on the console. When the guest powers off, the
# host's shell follows (scripts/host-init.sh); `linuxvm` starts it again.
echo "Loading vmm.ko ..."
insmod /lib/modules/vmm.ko && bhyvectl --capabilities || exit 1
linuxvm -S && echo "tap0 is 192.168.100.1/24; the guest will be 192.168.100.2"
echo "Starting the Linux guest: 2 vCPUs, 256 MiB, ext4 disk on /mnt, network, RNG."
echo "Leave it with 'poweroff' (or 'reboot'); Ctrl-A X ends QEMU altogether."
linuxvm
echo "The guest has ended (bhyve exit status $?). 'linuxvm' starts it again, 'linuxvm -h' tells how."
