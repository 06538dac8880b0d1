# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=dash # sourced or run by busybox sh (or dash)
# bhyvetest=smp ncpus=N: N CPUs come up and take timer interrupts; then
# power off. Short, for several VMs at once and for more vCPUs than host
# CPUs.
# shellcheck source=lib.sh
. /tests/lib.sh
n=$(cmdline ncpus 2)
gcheck "$n CPUs in /proc/cpuinfo" [ "$(grep -c '^processor' /proc/cpuinfo)" = "$n" ]
gcheck "$n CPUs online" [ "$(cat /sys/devices/system/cpu/online)" = "$(cpu_range "$n")" ]
sleep 1
gcheck "arch timer interrupts on every CPU" irq_on_all_cpus arch_timer
gcheck "no kernel warnings or stack dumps" klog_clean -e 'WARNING|BUG'
gdone poweroff
