# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=dash # sourced or run by busybox sh (or dash)
# Helpers sourced by the scenario scripts that run inside the emulated host.
fails=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { # check "description" command...
	local what=$1; shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}
finish() {
	if [ $fails -eq 0 ]; then echo "scenario passed"; exit 0; fi
	echo "scenario failed: $fails check(s)"; exit 1
}
# The kernel-log check: check "kernel log clean" klog_clean
# shellcheck source=klog.sh
. /etc/e2e-klog.sh
