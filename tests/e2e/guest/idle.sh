# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=dash # sourced or run by busybox sh (or dash)
# bhyvetest=idle, for make bench: says where the shell would start, then
# idles as a shell waiting for input would (nothing runs) until the host,
# which measures what the idle guest costs it, stops the VM.
echo "BENCH-IDLE-READY"
exec sleep 1000000
