#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
#
# make bench: guest round-trip costs in instructions. The host runs with
# one CPU under QEMU -icount shift=0, where 1 ns of virtual time is one
# instruction of the (only) CPU, so the guest's virtual counter is an
# instruction clock. sleep=off: while the CPU idles (WFI), virtual time
# jumps to the next timer deadline; with QEMU's default (sleep=on) it
# follows the build machine's real time meanwhile and overshoots the
# deadline by however late QEMU's own timer fired, which a wake-up from
# WFI would count as its latency. Figures repeat from run to run.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
cpu=${1:-cortex-a15}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
if ! "$TOP/scripts/qemu-host.sh" -I -n 1 -c "$cpu" -t 600 \
	"$TOP/tests/bench/bench-host.sh" >"$out" 2>&1; then
	tail -30 "$out"
	echo "bench: the benchmark run failed" >&2
	exit 1
fi
# The Linux guest (issue: an unmodified guest at close to native speed):
# boot to shell and a 64 MiB virtio-blk read under bhyve in the same
# emulated host, against the same kernel and initramfs booted by QEMU
# itself as the outer machine (no hypervisor), all under -icount, so both
# clocks count the same instructions.
lout=$(mktemp) dout=$(mktemp) dimg=$(mktemp)
trap 'rm -f "$out" "$lout" "$dout" "$dimg"' EXIT
G=$TOP/build/guest
if ! "$TOP/scripts/qemu-host.sh" -I -n 1 -c "$cpu" -t 900 \
	-s "$TOP/build/staging-linux" "$TOP/tests/bench/bench-linux.sh" >"$lout" 2>&1; then
	tail -30 "$lout"
	echo "bench: the Linux guest run failed" >&2
	exit 1
fi
truncate -s 64M "$dimg"
timeout -k 5 600 qemu-system-arm -M virt -cpu "$cpu" -smp 1 -m 256 -icount shift=0,sleep=off \
	-nographic -no-reboot -nic none -kernel "$G/zImage" -initrd "$G/initrd.gz" \
	-append "console=ttyAMA0 bhyvetest=bench" \
	-drive "if=none,file=$dimg,format=raw,id=d0" -device virtio-blk-device,drive=d0 \
	-device virtio-rng-device </dev/null >"$dout" 2>&1
cat "$out" >"$out.all" && sed 's/^BENCH-/BENCH-VM-/' "$lout" >>"$out.all" &&
	sed 's/^BENCH-/BENCH-QEMU-/' "$dout" >>"$out.all" && mv "$out.all" "$out"

tr -d '\r' <"$out" | awk -v cpu="$cpu" '
/^BENCH freq=/ { split($2, f, "="); freq = f[2] }
function val(s,   a) { split(s, a, "="); return a[2] }
function row(label, min, med, max, ref) {
	printf "%-44s %9.0f %9.0f %9.0f %14s\n", label, min, med, max, ref
}
# A loop of ops operations: per operation, less the cost of the empty loop.
function loop(label, n, ref) {
	row(label, v[n, "min"] * ns / v[n, "ops"] - loop_min,
	    v[n, "median"] * ns / v[n, "ops"] - loop_med,
	    v[n, "max"] * ns / v[n, "ops"] - loop_med, ref)
}
# One-shot latencies: nothing to subtract.
function sample(label, n, ref) {
	row(label, v[n, "min"] * ns, v[n, "median"] * ns, v[n, "max"] * ns, ref)
}
/^BENCH-VM-BOOT:/ { vm_boot = val($2) }
/^BENCH-QEMU-BOOT:/ { q_boot = val($2) }
/^BENCH-VM-BLK:/ { vm_blk = val($3) - val($2); vm_mib = val($4) }
/^BENCH-VM-HOSTBLK:/ { host_blk = val($3) - val($2); host_mib = val($4) }
# BENCH-VM-IDLE: cpus=N start=S end=E ns=NS (the run time of the VM threads)
/^BENCH-VM-IDLE:/ { c = val($2); idle_ns[c] = val($5); idle_win[c] = val($4) - val($3) }
/^BENCH-VM-IDLE-POLL:/ { split($3, kv, "="); idle_poll[val($2), kv[1]] = kv[2] }
/^BENCH [a-z0-9]+ ops=/ {
	n = $2
	for (i = 3; i <= NF; i++) { split($i, kv, "="); v[n, kv[1]] = kv[2] }
}
END {
	if (!freq) { print "bench: no results"; exit 1 }
	ns = 1e9 / freq   # instructions per counter tick under shift=0
	printf "bhyve-arm round trips, %s, QEMU -icount shift=0 (instructions per operation)\n", cpu
	printf "%-44s %9s %9s %9s %14s\n", "operation", "min", "median", "max", "KVM arm64 ref"
	loop_min = v["empty", "min"] * ns / v["empty", "ops"]
	loop_med = v["empty", "median"] * ns / v["empty", "ops"]
	row("loop overhead (subtracted below)", loop_min, loop_med, v["empty", "max"] * ns / v["empty", "ops"], "-")
	loop("hvc to the highvisor (PSCI_VERSION)", "hvc", "1532")
	loop("mmio read to userspace (testdev)", "mmio", "5535")
	loop("mmio write posted (coalesced, testdev)", "mmiow", "-")
	loop("vGIC distributor read (GICD_TYPER)", "gicd", "2200")
	loop("console byte (PL011: FR read, DR write)", "uart", "-")
	sample("timer deadline to handler, vCPU spinning", "timer", "-")
	sample("timer deadline to handler, vCPU in WFI", "timerwfi", "2208 / 8112")
	sample("virtual IPI: SGIR on vCPU 0 to vCPU 1 handler", "ipi", "4384 / 10160")
	print ""
	print "Linux guest (Debian armmp-lpae zImage and the project initramfs, 1 vCPU):"
	if (vm_boot && q_boot)
		printf "  boot to shell: %.2f s under bhyve, %.2f s booted by QEMU itself: ratio %.2f (target <= 1.15)\n", \
			vm_boot, q_boot, vm_boot / q_boot
	else
		print "  boot to shell: no result"
	if (vm_blk > 0 && host_blk > 0)
		printf "  virtio-blk 64 MiB O_DIRECT read (%d passes): %.0f MiB/s in the guest, %.0f MiB/s on the host: ratio %.2f (target >= 0.90)\n", \
			vm_mib / 64, vm_mib / vm_blk, host_mib / host_blk, (vm_mib / vm_blk) / (host_mib / host_blk)
	else
		print "  virtio-blk read: no result"
	for (c = 1; c <= 2; c++)
		if (idle_win[c] > 0)
			printf "  idle at its shell, %d vCPU%s: bhyve used %.4f %% of one CPU over %.0f s (target <= 0.02 %%)\n    since boot: %d halt polls caught, %d in vain, %.2f ms polling, %d sleeps\n", \
				c, (c > 1 ? "s" : ""), idle_ns[c] / (idle_win[c] * 1e9) * 100, idle_win[c], \
				idle_poll[c, "halt_poll_success"], idle_poll[c, "halt_poll_fail"], \
				idle_poll[c, "halt_poll_ns"] / 1e6, idle_poll[c, "sleeps"]
		else
			printf "  idle, %d vCPU%s: no result\n", c, (c > 1 ? "s" : "")
	print "  (seconds of -icount virtual time: instructions, not wall time; the"
	print "  host reads the image from its RAM-backed /tmp, the guest through"
	print "  virtio-blk, which bhyve serves from that same file)"
	print ""
	print "The KVM column is a reference measured elsewhere: Linux KVM on an"
	print "AArch64 host (nVHE) on the same emulator and -icount setting, with its"
	print "vGIC and timer state switched; it is not re-measured by this command."
	print "Its wake-ups read: with halt polling / without (halt_poll_ns 0 in KVM)."
	print "Loops: 20 chunks of 50 operations, per operation, less the empty loop"
	print "(its minimum from min, its median from median and max). Latencies: 20"
	print "samples, nothing subtracted. The host has one CPU, so the IPI includes"
	print "switching from the thread of vCPU 0 to that of vCPU 1."
}'

# ---- issue #18: virtio-net and a compute-bound guest ----
# From the same runs: the guest's hash and fork/exec loop under bhyve and
# under QEMU itself; TCP over virtio-net and tap both ways against the
# host's loopback TCP, ping's round trip (tests/e2e/guest/bench.sh,
# tests/bench/bench-linux.sh, tests/e2e/progs/iobench.c).
tr -d '\r' <"$out" | awk '
function val(s,   a) { split(s, a, "="); return a[2] }
function mibs(b, t) { return b / 1048576 / (t / 1e9) }
/^BENCH-VM-HASH:/ { vm_hash = val($3) }
/^BENCH-QEMU-HASH:/ { q_hash = val($3); hash_mib = val($2) }
/^BENCH-VM-SPAWN:/ { vm_spawn = val($3); spawn_n = val($2) }
/^BENCH-QEMU-SPAWN:/ { q_spawn = val($3) }
/^BENCH-VM-NET-LO:/ { lo = mibs(val($2), val($3)) }
/^BENCH-VM-NET-G2H:/ { g2h = mibs(val($2), val($3)) }
/^BENCH-VM-NET-H2G:/ { h2g = mibs(val($2), val($3)) }
/^BENCH-VM-PING:/ { ping_min = val($2); ping_avg = val($3); ping_max = val($4) }
END {
	print "Linux guest, compute (1 vCPU, 256 MiB; CLOCK_MONOTONIC, -icount):"
	if (vm_hash && q_hash)
		printf "  sha256sum of %d MiB in tmpfs: %.3f s under bhyve, %.3f s booted by QEMU itself: ratio %.3f (target <= 1.02)\n", \
			hash_mib, vm_hash / 1e9, q_hash / 1e9, vm_hash / q_hash
	else
		print "  sha256sum: no result"
	if (vm_spawn && q_spawn)
		printf "  fork/exec/wait loop: %.0f us per process under bhyve, %.0f us booted by QEMU itself: ratio %.3f\n", \
			vm_spawn / spawn_n / 1e3, q_spawn / spawn_n / 1e3, vm_spawn / q_spawn
	else
		print "  fork/exec loop: no result"
	print "Linux guest, virtio-net on tap0 (32 MiB of TCP each way; the host has one CPU):"
	if (lo) printf "  host loopback TCP (the reference): %.1f MiB/s\n", lo
	else print "  host loopback TCP: no result"
	if (lo && g2h) printf "  guest to host TCP: %.1f MiB/s: ratio %.2f (target >= 0.50)\n", g2h, g2h / lo
	else print "  guest to host TCP: no result"
	if (lo && h2g) printf "  host to guest TCP: %.1f MiB/s: ratio %.2f (target >= 0.50)\n", h2g, h2g / lo
	else print "  host to guest TCP: no result"
	if (ping_avg != "") printf "  ping guest to host: min %s, avg %s, max %s ms\n", ping_min, ping_avg, ping_max
	else print "  ping: no result"
}'
# ---- end of issue #18 block ----

# The Debian image through u-boot: bhyve's start to the login prompt.
echo
"$TOP/scripts/bench-distro.sh" "$cpu" || echo "bench: the Debian boot could not be measured" >&2

# Where a round trip's instructions go, from QEMU's exec log of a slice of
# long runs (scripts/bench-trace.sh; about 25 s more).
echo
echo "Breakdown by where the code ran (QEMU exec log, one instruction per line):"
"$TOP/scripts/bench-trace.sh" "$cpu" || exit 1
