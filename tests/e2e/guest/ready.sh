# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=dash # sourced or run by busybox sh (or dash)
# bhyvetest=ready: power off at once. The time from starting the VMM to its
# exit is the boot-to-shell time (this runs where the shell would start),
# for comparing bhyve with plain QEMU (scripts/guest-qemu.sh -b).
# shellcheck source=lib.sh
. /tests/lib.sh
gdone poweroff
