# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=dash # sourced by busybox sh in the host, and by bash
# Driving a guest's serial console the way a person at a terminal does,
# without expect: what the guest prints is appended to a log file, what we
# type goes to a FIFO. Sourced by tests/e2e/distro.sh in the emulated host
# (as /etc/e2e-console.sh) and by scripts/distro-qemu.sh on the build
# machine. The caller sets:
#   CON_LOG       the file the console's output is appended to
#   CON_PID       the process whose end means the console is gone
#   CON_DEADLINE  a `date +%s` after which waiting fails
# and opens the FIFO the console reads as file descriptor 3.
# Every function returns 1 (and says why on stderr) when the deadline
# passes or the console's process ends first.

# con_alive: the console's process still runs, the deadline not passed.
con_alive() {
	if ! kill -0 "$CON_PID" 2>/dev/null; then
		echo "console: its process ended" >&2
		return 1
	fi
	if [ "$(date +%s)" -ge "$CON_DEADLINE" ]; then
		echo "console: timeout" >&2
		return 1
	fi
}

# con_wait_for REGEX: until the log matches the extended regular expression.
con_wait_for() {
	while ! grep -qE -- "$1" "$CON_LOG"; do
		con_alive || { echo "console: was waiting for '$1'" >&2; return 1; }
		sleep 1
	done
}

# con_count REGEX: how many lines of the log match.
con_count() {
	grep -cE -- "$1" "$CON_LOG"
}

# con_login USER PROMPT_REGEX: at the login prompt, logs in, then replaces
# the shell with one that neither echoes nor edits, so that only the
# commands' output shows and typed-ahead lines are never eaten by readline.
con_login() {
	local n
	printf '%s\n' "$1" >&3
	con_wait_for "$2" || return 1
	n=$(con_count "$2")
	printf 'stty -echo; exec env TERM=dumb SYSTEMD_PAGER=cat PAGER=cat bash --noediting\n' >&3
	while [ "$(con_count "$2")" -le "$n" ]; do
		con_alive || return 1
		sleep 1
	done
}

# con_run CMD: types CMD at the shell, waits for its end, prints its
# output indented and returns its exit status.
CON_N=0
con_run() {
	local off out st
	CON_N=$((CON_N + 1))
	off=$(wc -c <"$CON_LOG")
	# The marker is printed by the shell, "=""=END" never matches what
	# the console echoes of the typed line.
	printf '%s; echo "=""=END%d $?"\n' "$1" "$CON_N" >&3
	con_wait_for "==END$CON_N [0-9]+" || return 1
	# The output starts after the prompt the command was typed at.
	out=$(tail -c +$((off + 1)) "$CON_LOG" | tr -d '\r' | sed 's/^[^ ]*@[^ ]*# //')
	printf '%s\n' "$out" | sed -n "/==END$CON_N /q;s/^/  | /p"
	st=$(printf '%s\n' "$out" | sed -n "s/.*==END$CON_N \([0-9]*\).*/\1/p" | head -1)
	return "${st:-1}"
}
