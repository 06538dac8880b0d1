# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=dash # sourced or run by busybox sh (or dash)
# bhyvetest=reboot nonce=X: the file the basic test wrote to the ext4
# disk survived its power-off (the host hands the same disk image on),
# then the guest reboots: bhyve must exit with 0.
# shellcheck source=lib.sh
. /tests/lib.sh
nonce=$(cmdline nonce none)
gcheck "ext4 disk mounted read-write" grep -q ' /mnt ext4 rw' /proc/mounts
gcheck "the previous boot's file is on the disk" grep -qx "$nonce" /mnt/persist.txt
gdone reboot
