#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Where the instructions of a round trip go (make bench): the emulated
# host (one CPU, -icount) runs tests/guests/trace.c, long runs of hvc and
# MMIO-read round trips. At each run's marker on the console this script
# turns on, through QEMU's monitor, one instruction per translation block
# and the exec log (-d exec,nochain: a line per block run, so one per
# instruction), stops after LINES lines and classifies every instruction
# by its address: the guest (its RAM, MMU off), the lowvisor (vmm.ko's
# HYP symbols), vmm.ko, the host kernel (names from /proc/kallsyms), bhyve
# (host user space). Round trips = runs of the guest loop's instructions.
# No QEMU plugin; QEMU 7.2's monitor commands singlestep and log.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
cpu=${1:-cortex-a15}
LINES=${TRACE_LINES:-150000}
TOPN=${TRACE_TOP:-4}	# functions listed per part
eval "$(sed -n 's/^\([A-Z_]*\) := \(.*\)$/\1="\2"/p' "$TOP/.cache/env.mk")"
d=$(mktemp -d)
trap '[ -n "${TRACE_KEEP:-}" ] && cp "$d"/*.pcs "$d"/*.log "$d"/vmm.syms "$TRACE_KEEP"/; rm -rf "$d"' EXIT
mkfifo "$d/mon.in" "$d/mon.out"
cat "$d/mon.out" >/dev/null &
drain=$!
"$TOP/scripts/qemu-host.sh" -I -n 1 -c "$cpu" -t 300 -T "$d" \
	"$TOP/tests/bench/trace-host.sh" >"$d/console" 2>&1 &
qpid=$!
mon() { printf '%s\n' "$*" >"$d/mon.in"; }
logged() { [ -f "$d/qemu.log" ] && stat -c %s "$d/qemu.log" || echo 0; }
# One run: the marker, LINES log lines (about 90 bytes each), then off.
for run in hvc mmio timerwfi ipi; do
	while ! grep -q "TRACE-RUN $run" "$d/console" 2>/dev/null; do
		kill -0 $qpid 2>/dev/null || break 2
		sleep 0.02
	done
	mon "logfile $d/$run.log"
	mon "singlestep on"
	mon "log exec,nochain"
	while [ "$(stat -c %s "$d/$run.log" 2>/dev/null || echo 0)" -lt $((LINES * 90)) ]; do
		kill -0 $qpid 2>/dev/null || break
		sleep 0.02
	done
	mon "log none"
	mon "singlestep off"
done
wait $qpid
rc=$?
kill $drain 2>/dev/null
if [ $rc != 0 ] || ! [ -s "$d/hvc.log" ] || ! [ -s "$d/mmio.log" ] ||
	! [ -s "$d/timerwfi.log" ] || ! [ -s "$d/ipi.log" ]; then
	tail -20 "$d/console"
	echo "bench-trace: the traced run failed" >&2
	exit 1
fi
tr -d '\r' <"$d/console" | sed -n 's/^TRACE-SYM //p' >"$d/vmm.syms"
nm "$TOP/build/kmod/hyp.o" | awk '$2 ~ /^[tT]$/ && $3 !~ /^\$/ { print $3 }' >"$d/hyp.names"
for run in hvc mmio timerwfi ipi; do
	# instructions per address
	sed -n 's/^Trace [0-9]*: [^ ]* \[[0-9a-f]*\/\([0-9a-f]*\)\/.*/\1/p' "$d/$run.log" |
		sort | uniq -c >"$d/$run.pcs"
	awk -v run="$run" -v topn="$TOPN" -v hypf="$d/hyp.names" -v vmmf="$d/vmm.syms" '
	function hex(s,   i, v, c) { v = 0; s = tolower(s)
		for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)) - 1; v = v * 16 + c }
		return v }
	# symbols sorted by address: the one at or below a, by bisection
	function sym(a,   lo, hi, mid) { lo = 1; hi = ns
		if (ns == 0 || a < sa[1]) return ""
		while (lo < hi) { mid = int((lo + hi + 1) / 2); if (sa[mid] <= a) lo = mid; else hi = mid - 1 }
		return sn[lo] }
	BEGIN {
		while ((getline l < hypf) > 0) hyp[l] = 1
		# address, type, name[, [vmm]]
		while ((getline l < vmmf) > 0) { k = split(l, f, /[ \t]+/); if (f[3] ~ /^\$/) continue; n++; a[n] = hex(f[1]); nm[n] = f[3]; if (k > 3) vmm[f[3]] = 1 }
		# insertion into sorted arrays (a few 10,000 entries: sort by index)
		for (i = 1; i <= n; i++) idx[i] = i
		ns = n; asort_n()
	}
	function asort_n(   i, j, t, gap) {
		for (gap = int(n / 2); gap > 0; gap = int(gap / 2))
			for (i = gap + 1; i <= n; i++) { t = idx[i]
				for (j = i; j > gap && a[idx[j - gap]] > a[t]; j -= gap) idx[j] = idx[j - gap]
				idx[j] = t }
		for (i = 1; i <= n; i++) { sa[i] = a[idx[i]]; sn[i] = nm[idx[i]] }
	}
	{
		c = $1; pc = hex($2)
		if (pc >= 1073741824 && pc < 1090519040) { cls = "guest"; if (c > loop) loop = c }
		else if (pc < 3204448256) { cls = "bhyve"; s = "" }
		else { s = sym(pc)
			if (s in hyp) cls = "lowvisor"
			else if (s in vmm) cls = "vmm.ko"
			else cls = "host kernel" }
		tot[cls] += c
		if (cls != "guest" && cls != "bhyve") fn[cls " " s] += c
	}
	END {
		if (!loop) { print "bench-trace: no guest loop in the " run " trace"; exit 1 }
		printf "%s round trip, instructions by where they ran (%d round trips logged):\n", run, loop
		
		order[1] = "lowvisor"; order[2] = "vmm.ko"; order[3] = "host kernel"; order[4] = "bhyve"; order[5] = "guest"
		for (i = 1; i <= 5; i++) { k = order[i]; all += tot[k] }
		for (i = 1; i <= 5; i++) { k = order[i]
			printf "  %-12s %7.0f\n", k, tot[k] / loop
			if (k == "lowvisor" || k == "vmm.ko" || k == "host kernel") {
				m = 0
				for (key in fn) if (index(key, k " ") == 1) { m++; fs[m] = key; fc[m] = fn[key] }
				for (p = 1; p <= topn && p <= m; p++) { best = p
					for (q = p + 1; q <= m; q++) if (fc[q] > fc[best]) best = q
					t = fs[p]; fs[p] = fs[best]; fs[best] = t; t = fc[p]; fc[p] = fc[best]; fc[best] = t
					if (fc[p] / loop >= 5) printf "      %-30s %6.0f\n", substr(fs[p], length(k) + 2), fc[p] / loop }
				delete fs; delete fc
			}
		}
		printf "  %-12s %7.0f\n", "all", all / loop
	}' "$d/$run.pcs"
done
