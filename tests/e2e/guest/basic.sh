# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=dash # sourced or run by busybox sh (or dash)
# bhyvetest=basic: what an unmodified Linux guest must find in a bhyve VM.
# Kernel command line words read here (set by tests/e2e/linux.sh):
#   ncpus=N          CPUs expected (2)
#   virtio=T:N,...   virtio devices expected by type, e.g. blk:3,net:1,rng:1
#   nonce=X          written to the ext4 disk (/mnt/persist.txt) and at
#                    sector 16 of the raw scratch disk, for the host to find
#   hostping=N       echo requests to wait for from the host (0: none)
#   peerip=A         the host side of eth0 (192.168.100.1)
#   hosttcp=N        MiB of TCP to send to the host's port 5001, then to
#                    take from it on port 5002 (0: none; iobench)
# shellcheck source=lib.sh
. /tests/lib.sh
ncpus=$(cmdline ncpus 2)
virtio=$(cmdline virtio blk:1,rng:1)
nonce=$(cmdline nonce none)
hostping=$(cmdline hostping 3)
peerip=$(cmdline peerip 192.168.100.1)
hosttcp=$(cmdline hosttcp 0)

# ---- CPUs, interrupt controller, timer --------------------------------
gcheck "$ncpus CPUs in /proc/cpuinfo" [ "$(grep -c '^processor' /proc/cpuinfo)" = "$ncpus" ]
gcheck "$ncpus CPUs online" [ "$(cat /sys/devices/system/cpu/online)" = "$(cpu_range "$ncpus")" ]
gcheck "GIC drives the interrupts (GIC-0 in /proc/interrupts)" grep -q 'GIC-0' /proc/interrupts
gcheck "dmesg: arch timer (cp15, virtual)" sh -c "dmesg | grep -q 'arch_timer: cp15 timer(s) running at .*(virt)'"
gcheck "arch timer interrupts on every CPU" irq_on_all_cpus arch_timer
gcheck "dmesg: PL011 console" sh -c "dmesg | grep -q 'ttyAMA0 at MMIO 0x9000000 .* is a PL011'"
gcheck "dmesg: PL031 RTC" sh -c "dmesg | grep -q 'rtc-pl031 .*registered as rtc0'"
gcheck "system clock set from the RTC at boot" sh -c "dmesg | grep -q 'setting system clock to'"

# ---- virtio devices: each expected one is there and has its driver ----
vtype() { # virtio device id -> name
	case $(cat "$1/device") in
	0x0001) echo net ;; 0x0002) echo blk ;; 0x0003) echo console ;;
	0x0004) echo rng ;; *) echo other ;;
	esac
}
for d in /sys/bus/virtio/devices/*; do
	[ -e "$d" ] || continue
	echo "    $(basename "$d"): $(vtype "$d") driver=$(basename "$(readlink "$d/driver")" 2>/dev/null)"
done
for want in $(echo "$virtio" | tr ',' ' '); do
	t=${want%:*} n=${want#*:} got=0 bound=0
	for d in /sys/bus/virtio/devices/*; do
		# shellcheck disable=SC2015 # either test failing skips $d
		[ -e "$d" ] && [ "$(vtype "$d")" = "$t" ] || continue
		got=$((got + 1))
		[ -e "$d/driver" ] && bound=$((bound + 1))
	done
	gcheck "virtio-$t: $n device(s) probed (found $got, $bound with a driver)" \
		[ "$got" = "$n" -a "$bound" = "$n" ]
done
gcheck "dmesg: no warnings, bugs, oopses, stack dumps or failures" \
	klog_clean -e 'WARNING|BUG|[Ff]ail|FAIL'

# ---- time: guest timer against the PL031 (host wall clock) -------------
rtc=/sys/class/rtc/rtc0
gcheck "hwclock -r reads the PL031" timeout 10 hwclock -r
# clock_vs_rtc: the system clock within 2 s of the RTC read on both sides
# of it (a stall between two reads must not count as a difference)
clock_vs_rtc() {
	a=$(cat $rtc/since_epoch) c=$(date +%s) b=$(cat $rtc/since_epoch)
	echo "$a $c $b"
	[ "$c" -ge $((a - 2)) ] && [ "$c" -le $((b + 2)) ]
}
gcheck "system clock agrees with the RTC (rtc, clock, rtc: $(clock_vs_rtc))" clock_vs_rtc
u0=$(cut -d' ' -f1 /proc/uptime) r0=$(cat $rtc/since_epoch)
sleep 4
u1=$(cut -d' ' -f1 /proc/uptime) r1=$(cat $rtc/since_epoch)
# Not early; late only by what an emulated host on a loaded machine can
# stall (a timer waiting for something else would never fire).
gcheck "sleep 4 took at least 4 s of guest time, not 30 ($u0 -> $u1)" \
	awk -v a="$u0" -v b="$u1" 'BEGIN { exit !(b - a >= 3.9 && b - a < 30) }'
gcheck "sleep 4 took at least 4 s on the RTC, not 30 ($r0 -> $r1)" \
	[ $((r1 - r0)) -ge 3 -a $((r1 - r0)) -le 30 ]
gcheck "system clock still agrees with the RTC ($(clock_vs_rtc))" clock_vs_rtc

# ---- RNG ---------------------------------------------------------------
if echo "$virtio" | grep -q rng; then
	gcheck "hwrng is virtio ($(cat /sys/class/misc/hw_random/rng_current))" \
		grep -q virtio /sys/class/misc/hw_random/rng_current
	n=$(timeout 10 dd if=/dev/hwrng bs=64 count=1 2>/dev/null | wc -c)
	gcheck "64 bytes from /dev/hwrng (got $n)" [ "$n" = 64 ]
fi

# ---- disks -------------------------------------------------------------
# The disk whose first bytes are MAGIC (the host writes them), or nothing.
disk_with() {
	for b in /sys/block/vd*; do
		[ -e "$b" ] || continue
		h=$(dd if="/dev/${b##*/}" bs=13 count=1 2>/dev/null)
		[ "$h" = "$1" ] && { echo "/dev/${b##*/}"; return; }
	done
}
rw=$(findfs LABEL=bhyve-disk 2>/dev/null)
gcheck "ext4 disk (label bhyve-disk) found" [ -n "$rw" ]
gcheck "ext4 disk mounted read-write on /mnt" grep -q ' /mnt ext4 rw' /proc/mounts
gcheck "the disk's marker file reads back" grep -q 'bhyve-arm guest disk' /mnt/marker.txt
echo "$nonce" >/mnt/persist.txt && sync
gcheck "a file written and synced on the ext4 disk" grep -qx "$nonce" /mnt/persist.txt
# 2 MiB through the page cache, dropped, read again from the device.
dd if=/dev/urandom of=/tmp/blob bs=64k count=32 2>/dev/null
cp /tmp/blob /mnt/blob && sync && echo 3 >/proc/sys/vm/drop_caches
gcheck "2 MiB written, dropped from the cache and read back" cmp /tmp/blob /mnt/blob
rm -f /mnt/blob

# A virtio interrupt moved to the last CPU must count there.
if [ -n "$rw" ] && [ "$ncpus" -gt 1 ]; then
	vdev=$(basename "$(readlink "/sys/block/${rw#/dev/}/device")")
	irq=$(grep -m1 " $vdev\$" /proc/interrupts | sed 's/^ *\([0-9]*\):.*/\1/')
	last=$((ncpus - 1))
	before=$(irq_counts " $vdev\$" | sed -n "$((last + 1))p")
	printf '%x' $((1 << last)) >/proc/irq/"$irq"/smp_affinity 2>/dev/null
	echo 3 >/proc/sys/vm/drop_caches
	dd if="$rw" of=/dev/null bs=64k count=64 2>/dev/null
	after=$(irq_counts " $vdev\$" | sed -n "$((last + 1))p")
	gcheck "$vdev (IRQ $irq) interrupts arrive on CPU$last ($before -> $after)" \
		[ "${after:-0}" -gt "${before:-0}" ]
	echo 1 >/proc/irq/"$irq"/smp_affinity 2>/dev/null
fi

scratch=$(disk_with bhyve-scratch)
if [ -n "$scratch" ]; then
	printf '%s\n' "$nonce" | dd of="$scratch" bs=512 seek=16 conv=sync,fsync 2>/dev/null
	gcheck "nonce written to sector 16 of the raw disk $scratch" \
		sh -c "dd if=$scratch bs=512 skip=16 count=1 2>/dev/null | grep -q '$nonce'"
fi

ro=$(findfs LABEL=bhyve-ro 2>/dev/null)
if [ -n "$ro" ]; then
	gcheck "read-only disk $ro: the kernel sees it read-only" [ "$(cat /sys/block/"${ro#/dev/}"/ro)" = 1 ]
	gcheck "read-only disk: its marker file reads back" grep -q 'bhyve-arm read-only disk' /ro/marker.txt
	gcheck "read-only disk: a raw write is refused" \
		sh -c "! dd if=/dev/zero of=$ro bs=512 seek=100 count=1 conv=fsync"
	mount -o remount,rw /ro 2>/dev/null
	gcheck "read-only disk: stays read-only after a remount,rw" grep -q ' /ro ext4 ro' /proc/mounts
fi

# ---- network -----------------------------------------------------------
if echo "$virtio" | grep -q net; then
	gcheck "eth0 (virtio-net) is up with a carrier (operstate $(cat /sys/class/net/eth0/operstate))" \
		grep -qx 1 /sys/class/net/eth0/carrier
	gcheck "ping the host ($peerip)" ping -c 3 -W 5 "$peerip"
	if [ "$hostping" -gt 0 ]; then
		# The host pings once it saw our address answer; count the echo
		# requests the guest's stack answered.
		inechos() {
			awk '$1 == "Icmp:" { if (!f) { for (i = 2; i <= NF; i++) if ($i == "InEchos") f = i }
				else { print $f; exit } }' /proc/net/snmp
		}
		i=0
		while [ "$(inechos)" -lt "$hostping" ] && [ $i -lt 60 ]; do
			sleep 1; i=$((i + 1))
		done
		gcheck "the host pinged the guest ($(inechos) echo requests answered)" \
			[ "$(inechos)" -ge "$hostping" ]
	fi
fi

# TCP both ways, in segments of up to 64 KiB with the checksum left to the
# other side: the offloads bhyve offers when the tap takes virtio-net
# headers (usr/bhyve/dev/virtio_net.c). iobench send checks the
# receiver counted every byte.
if echo "$virtio" | grep -q net && [ "$hosttcp" -gt 0 ]; then
	# the features file: one character per bit, bit 0 first
	nf=
	for d in /sys/bus/virtio/devices/*; do
		[ "$(cat "$d/device")" = 0x0001 ] && nf=$(cat "$d/features")
	done
	missing=
	for b in 0 1 7 8 11 12; do
		[ "$(echo "$nf" | cut -c$((b + 1)))" = 1 ] || missing="$missing $b"
	done
	gcheck "virtio-net: CSUM, GUEST_CSUM, GUEST_TSO4/6, HOST_TSO4/6 negotiated (missing:${missing:- none})" \
		[ -z "$missing" ]
	gcheck "TCP: $hosttcp MiB to the host" iobench send "$peerip" 5001 "$hosttcp"
	gcheck "TCP: $hosttcp MiB from the host" iobench recv 5002
fi

# ---- virtio-console ----------------------------------------------------
if echo "$virtio" | grep -q console; then
	# shellcheck disable=SC2012 # the first that exists; plain device names
	p=$(ls /dev/hvc0 /dev/vport* 2>/dev/null | head -1)
	gcheck "virtio-console port (${p:-none})" [ -n "$p" ]
	[ -n "$p" ] && gcheck "write to $p" timeout 5 sh -c "echo hello-from-guest >$p"
fi

gdone poweroff
