# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=dash # sourced or run by busybox sh (or dash)
# Helpers for the test scripts that run inside the Linux guest (sourced;
# the guest's /init runs /tests/NAME.sh for bhyvetest=NAME). Each check
# prints one line the host scenario (tests/e2e/linux.sh) collects:
#   GUEST-CHECK: PASS what | GUEST-CHECK: FAIL what
# and the script ends with one GUEST-DONE line, then powers off or reboots.
gchecks=0 gfails=0
# klog_clean: the host scenarios' kernel-log check (tests/e2e/klog.sh)
# shellcheck source=../klog.sh
. /etc/klog.sh
gpass() { echo "GUEST-CHECK: PASS $*"; gchecks=$((gchecks + 1)); }
gfail() { echo "GUEST-CHECK: FAIL $*"; gchecks=$((gchecks + 1)); gfails=$((gfails + 1)); }
# /sys/devices/system/cpu/online for n CPUs: "0" or "0-(n-1)"
cpu_range() { if [ "$1" = 1 ]; then echo 0; else echo "0-$(($1 - 1))"; fi; }
gcheck() { # gcheck "what" command...: quiet unless it fails
	gc_what=$1; shift
	if "$@" >/tmp/gcheck.out 2>&1; then gpass "$gc_what"; else
		gfail "$gc_what"; sed 's/^/    /' /tmp/gcheck.out | tail -5
	fi
}
# The value of word KEY=value on the kernel command line, or $2.
cmdline() {
	# shellcheck disable=SC2013 # one line of words, split on purpose
	for w in $(cat /proc/cmdline); do
		case $w in "$1"=*) echo "${w#*=}"; return ;; esac
	done
	echo "$2"
}
# gdone poweroff|reboot: flush the disks, report, leave.
gdone() {
	sync
	umount /mnt /ro 2>/dev/null
	echo "GUEST-DONE: $gchecks checks, $gfails failed"
	"$1" -f
}
# The /proc/interrupts columns of one line (after the IRQ number): counts
# per CPU, one per line.
irq_counts() { # irq_counts PATTERN
	ncpu=$(grep -c '^processor' /proc/cpuinfo)
	grep -m1 "$1" /proc/interrupts | awk -v n="$ncpu" '{ for (i = 2; i <= n + 1; i++) print $i }'
}
# Every CPU column of the first /proc/interrupts line matching PATTERN
# is above zero.
irq_on_all_cpus() {
	c=$(irq_counts "$1")
	[ -n "$c" ] && ! echo "$c" | grep -qx 0
}
