#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=dash # busybox sh in the emulated host
# A Debian system booted the way a real machine boots it: Debian's u-boot
# as bhyve's firmware (bootrom, its environment as bootvars) finds
# extlinux.conf on the virtio disk and starts Debian's kernel and
# initramfs; systemd brings up a login prompt on the PL011. The disk is
# the host's /dev/vda, a fresh copy of scripts/distro-image.sh's image
# (tests/e2e/run.sh). Logged in as root on the console: systemd running,
# both vCPUs online, the host reachable over virtio-net; a file written
# and synced; reboot (bhyve exits 0); and a second boot the way a
# service runs it: bhyve -k with a configuration file, in the
# background, the console on a pty we attach
# to, leave while the guest prints and come back to; bhyvectl --list and
# --top; the power button (bhyvectl --request-poweroff), which the
# guest's systemd-logind honours (bhyve exits 1). distro_disk.sh then
# finds the file in the image on the build machine.
# shellcheck source=lib.sh
. /etc/e2e-lib.sh
# shellcheck source=serial_console.sh
. /etc/e2e-console.sh
NCPUS=2
HOSTIP=192.168.100.1
# One boot's budget: ~90 s here on an idle build machine.
BOOT_TIMEOUT=${BOOT_TIMEOUT:-600}
PROMPT='root@debian:[^ ]*# ' # after bash's bracketed-paste switch, not at ^
nonce=n$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')

check "host: vmm.ko, its disk, tap0" distrovm -S

CON_LOG=/tmp/console.log
mkfifo /tmp/console.in
# boot N: bhyve with its console on CON_LOG and /tmp/console.in.
boot() {
	: >"$CON_LOG"
	distrovm -c $NCPUS </tmp/console.in >"$CON_LOG" 2>&1 &
	CON_PID=$!
	exec 3>/tmp/console.in
	CON_DEADLINE=$(($(date +%s) + BOOT_TIMEOUT))
	t0=$(date +%s)
	check "boot $1: the bhyve command line" con_wait_for '^\+ bhyve .*bootrom='
	check "boot $1: u-boot runs from the bootrom" con_wait_for '^U-Boot '
	check "boot $1: u-boot found extlinux.conf on the virtio disk" \
		con_wait_for 'Found /boot/extlinux/extlinux.conf'
	check "boot $1: u-boot started the kernel" con_wait_for 'Starting kernel'
	check "boot $1: the login prompt" con_wait_for '^debian login:'
	echo "boot $1: login prompt $(($(date +%s) - t0)) s after bhyve started"
	check "boot $1: root logs in" con_login root "$PROMPT"
	# Where the boot's time went, for whoever reads the log.
	con_run 'systemd-analyze; systemd-analyze blame | head -5'
}
# end WANT: bhyve's exit status is WANT, within the deadline.
end() {
	local i=0 rc
	while kill -0 "$CON_PID" 2>/dev/null && [ $i -lt "$BOOT_TIMEOUT" ]; do
		sleep 1
		i=$((i + 1))
	done
	kill -9 "$CON_PID" 2>/dev/null
	wait "$CON_PID"
	rc=$?
	exec 3>&-
	check "bhyve exits with status $1 (got $rc)" [ "$rc" = "$1" ]
}
console_on_failure() {
	[ $fails = 0 ] && return
	echo "---- the console (last 80 lines)"
	tr -d '\r' <"$CON_LOG" | tail -80 | sed 's/^/  console| /'
	echo "---- end"
}

# ---- boot 1: the system as built; reboot ------------------------------
boot 1
check "the kernel is Debian's" con_run 'uname -rv | grep Debian'
check "systemd: the system is running" con_run \
	'systemctl is-system-running --wait || { systemctl --failed --no-legend; false; }'
check "both vCPUs online" con_run "nproc; [ \$(nproc) = $NCPUS ]"
# Two errors the same kernel prints on QEMU itself too: Cortex-A15's
# branch-predictor hardening wants firmware to set ACTLR.IBE (no firmware
# does on QEMU, and a guest cannot), and arm's topology code would like an
# optional clock-frequency in each CPU node. Anything else fails.
check "nothing else failed in the kernel log" con_run \
	"! dmesg --level=emerg,alert,crit,err | grep -v -e 'firmware did not set auxiliary control register IBE bit' -e 'missing clock-frequency property'"
check "the network reaches the host ($HOSTIP)" con_run "ping -c 2 -W 5 $HOSTIP"
check "a file written and synced" con_run "echo $nonce >/root/marker && sync"
printf 'systemctl reboot\n' >&3
end 0
console_on_failure

# ---- boot 2: as a service runs it -------------------------------------
# From a configuration file, in the background, its console on a pty that
# we attach to, leave and come back to; the live view of its exits; then
# the power button (what systemctl stop bhyve@debian does): systemd-logind
# in the guest powers it off.
mkdir -p /etc/bhyve
cat >/etc/bhyve/debian.conf <<EOF
name=debian
cpus=$NCPUS
memory.size=512M
bootrom=/distro/u-boot.bin
bootvars=/distro/uboot-env.img
console=pty
poweroff.timeout=$BOOT_TIMEOUT
virtio.2.device=virtio-blk
virtio.2.path=/dev/vda
virtio.3.device=virtio-net
virtio.3.tap=tap0
EOF
LINK=/run/bhyve/debian/console
# attach: a terminal on the console's link; detach: it leaves.
attach() {
	cat "$LINK" >>"$CON_LOG" &
	cat_pid=$!
	exec 3>"$LINK"
}
detach() {
	exec 3>&-
	kill "$cat_pid"
	wait "$cat_pid" 2>/dev/null
}
: >"$CON_LOG"
# The first boot filled this 1 GiB host's page cache with the image:
# start without it, so that the second VM's RAM needs no reclaim. Its
# allocation is slow all the same under TCG (the first guest's code was
# in those pages: scripts/qemu-host.sh), so the wait for the console has
# the boot's bound, not one of its own.
sync
echo 3 >/proc/sys/vm/drop_caches
bhyve -k /etc/bhyve/debian.conf >/tmp/bhyve2.out 2>&1 &
CON_PID=$!
CON_DEADLINE=$(($(date +%s) + BOOT_TIMEOUT))
i=0
while [ ! -e "$LINK" ] && [ $i -lt "$BOOT_TIMEOUT" ] && kill -0 "$CON_PID" 2>/dev/null; do
	sleep 1
	i=$((i + 1))
done
cat /tmp/bhyve2.out
if [ ! -e "$LINK" ]; then
	echo "boot 2: no console link after $i s; bhyve (pid $CON_PID):"
	for t in /proc/"$CON_PID"/task/*; do echo "  $t $(cat "$t"/comm) $(cat "$t"/wchan)"; done
	ls -l /proc/"$CON_PID"/fd /run/bhyve /dev/vmm
	grep -E 'MemFree|MemAvailable|Cached' /proc/meminfo
fi
check "boot 2: bhyve -k runs the VM the file describes" [ -e "$LINK" ]
check "boot 2: bhyve names the console's pty" grep -q "console: /dev/pts/.*$LINK" /tmp/bhyve2.out
attach
check "boot 2: u-boot, seen on the pty" con_wait_for '^U-Boot '
check "boot 2: the login prompt" con_wait_for 'debian login:'
check "boot 2: root logs in" con_login root "$PROMPT"
check "the file of boot 1 is there" con_run "grep -x $nonce /root/marker"
# Typed, then nobody at the console while the guest prints.
printf 'sleep 5; echo "LATE-""%s"\n' "$nonce" >&3
detach
sleep 12
attach
check "re-attached: what the guest printed while nobody was there" con_wait_for "LATE-$nonce"
check "the console works again" con_run 'echo again'
detach
check "bhyvectl --list: debian, its bhyve, 2 vCPUs, 512M" \
	sh -c "bhyvectl --list | tee /dev/stderr | grep -Eq '^debian +$CON_PID +$NCPUS +512M$'"
bhyvectl --vm=debian --top --count=2 >/tmp/top.out
rc=$?
cat /tmp/top.out
check "bhyvectl --top: 2 frames for the sum and both vCPUs" sh -c "[ $rc = 0 ] &&
	[ \$(grep -c '^vm debian: exits/s over' /tmp/top.out) = 2 ] &&
	grep -Eq '^counter +all +vcpu0 +vcpu1$' /tmp/top.out"
t0=$(date +%s)
check "bhyvectl --request-poweroff (the power button)" bhyvectl --vm=debian --request-poweroff
# status 1: the guest powered off (5 would be bhyve giving up on it)
end 1
echo "the guest powered off $(($(date +%s) - t0)) s after the power button"
check "bhyve removed its run directory" [ ! -e /run/bhyve/debian ]
console_on_failure

# For tests/e2e/distro_disk.sh on the build machine.
echo "DISTRO-MARKER=$nonce"

check "kernel log clean (no oops, warning or stack dump)" klog_clean
finish
