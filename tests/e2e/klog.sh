# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=dash # sourced or run by busybox sh (or dash)
# The kernel-log check, sourced by the host scenarios (through lib.sh, as
# /etc/e2e-klog.sh) and by the Linux guest's tests (through /tests/lib.sh,
# as /etc/klog.sh). POSIX sh and busybox grep -E.
#
# A kernel in trouble does not always say WARNING or BUG: a plain
# dump_stack() (sysfs's duplicate-name complaint, kobject errors, lockdep)
# prints only its header and the frames. So besides the named events the
# check matches what every stack dump of an ARM 6.1 kernel contains
# (lib/dump_stack.c, arch/arm/kernel/traps.c and unwind.c):
#   CPU: 1 PID: 85 Comm: bhyvectl Not tainted 6.1.0-50-armmp-lpae #1 ...
#   Hardware name: Generic DT based system
#    dump_stack_lvl from sysfs_warn_dup+0x5c/0x70        (the unwinder)
#   [<c0a1b2c4>] (show_stack) from [<c0a1b2d8>] (...)    (BACKTRACE_VERBOSE)
#   Backtrace: / Call trace: / Call Trace:               (frame pointers,
#                                                         arm64, x86)
#   Exception stack(0xc1234560 to 0xc12345a8)
KLOG_BAD='Internal error|Oops|BUG:|WARNING:|\[ cut here \]|Kernel panic'
KLOG_BAD="$KLOG_BAD"'|Unable to handle kernel|UBSAN:|Modules linked in:'
KLOG_BAD="$KLOG_BAD"'|CPU: [0-9]+ PID: [0-9]+ Comm:|Hardware name:'
KLOG_BAD="$KLOG_BAD"'|Call [Tt]race:|Backtrace:|Exception stack\('
KLOG_BAD="$KLOG_BAD"'|[^ ]+ from [^ ]+\+0x[0-9a-f]+/0x[0-9a-f]+|\[<[0-9a-f]{8,16}>\]'
KLOG_BAD="$KLOG_BAD"'|sysfs: cannot create duplicate|kobject_add_internal failed'
KLOG_BAD="$KLOG_BAD"'|refcount_t:|hung_task|blocked for more than'
KLOG_BAD="$KLOG_BAD"'|soft lockup|detected stall'

# klog_clean [-e EXTRA-ERE] [FILE]: status 0 when the kernel log is clean;
# otherwise prints the first 40 offending lines (EXTRA-ERE also counts)
# and fails.
klog_clean() {
	kc_extra=
	if [ "${1:-}" = -e ]; then kc_extra=$2; shift 2; fi
	if [ $# -gt 0 ]; then kc_log=$(cat "$1"); else kc_log=$(dmesg); fi
	kc_bad=$(printf '%s\n' "$kc_log" | grep -E "$KLOG_BAD${kc_extra:+|$kc_extra}")
	[ -z "$kc_bad" ] && return 0
	echo "kernel log: $(printf '%s\n' "$kc_bad" | wc -l) line(s) show a problem:"
	printf '%s\n' "$kc_bad" | head -40 | sed 's/^/  | /'
	return 1
}
