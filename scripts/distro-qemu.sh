#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Boots the Debian disk image of scripts/distro-image.sh on plain QEMU (no
# hypervisor of ours), the way a real machine boots: Debian's u-boot as the
# firmware, extlinux.conf from the disk, systemd. The reference that a boot
# under bhyve with u-boot as its bootrom is compared with.
#
# Without -i: waits for the login prompt on the serial console, logs in as
# root, checks `systemctl is-system-running`, the CPU count and the network,
# writes a file, powers off, and reads the file back from a copy of the
# disk with debugfs. Prints how long each step took; exits 0 when all passed.
usage() {
	cat >&2 <<EOM
usage: distro-qemu.sh [-c cpu] [-n ncpus] [-m MiB] [-t seconds] [-E] [-N] [-v] [-l log] [-i]
  -c cpu      cortex-a15 (default) or cortex-a7
  -n ncpus    guest CPUs (default 2)
  -m MiB      guest memory (default 512)
  -t seconds  give up after this long (default 300)
  -E          no environment image in flash: u-boot's own (bootdelay=2,
              every boot target)
  -N          no network card (default: virtio-net on QEMU's user network,
              192.168.100.0/24 with the host side at 192.168.100.1)
  -v          show the console while it runs
  -l log      keep the console log in this file
  -i          interactive: the console on this terminal, no checks
EOM
	exit 2
}
set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
cpu=cortex-a15 ncpus=2 mem=512 timeout=300 useenv=1 net=1 verbose= keeplog= interactive=
while getopts "c:n:m:t:ENvl:ih" o; do
	case $o in
	c) cpu=$OPTARG ;; n) ncpus=$OPTARG ;; m) mem=$OPTARG ;; t) timeout=$OPTARG ;;
	E) useenv= ;; N) net= ;; v) verbose=1 ;; l) keeplog=$OPTARG ;; i) interactive=1 ;;
	*) usage ;;
	esac
done
case $cpu in cortex-a15|cortex-a7) ;; *) echo "distro-qemu: unsupported cpu '$cpu'" >&2; exit 2 ;; esac
log() { echo "distro-qemu: $*"; }

work=$(mktemp -d)
qpid=
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	[ -n "$qpid" ] && kill "$qpid" 2>/dev/null
	[ -n "$keeplog" ] && [ -f "$work/console.log" ] && tr -d '\r' <"$work/console.log" >"$keeplog"
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The cached image stays as built: boot a copy.
env=$("$TOP/scripts/distro-image.sh" -c "$work/disk.img") || { echo "distro-qemu: no disk image" >&2; exit 1; }
eval "$env"
# shellcheck disable=SC2054 # commas inside QEMU's option values
qemu=(qemu-system-arm -M virt -cpu "$cpu" -smp "$ncpus" -m "$mem" -no-reboot
	-bios "$DISTRO_UBOOT_BIN"
	-drive "if=none,file=$work/disk.img,format=raw,id=d0" -device virtio-blk-device,drive=d0)
if [ -n "$useenv" ]; then
	# QEMU virt's flash: two 64 MiB banks; -bios fills the first, the
	# environment (at 0x04000000 for u-boot) starts the second.
	truncate -s 64M "$work/flash1.img"
	dd if="$DISTRO_UBOOT_ENV" of="$work/flash1.img" conv=notrunc status=none
	qemu+=(-drive "if=pflash,unit=1,format=raw,file=$work/flash1.img")
fi
if [ -n "$net" ]; then
	# The guest's static address (no DHCP on the host's tap0 under bhyve)
	# in the same subnet here; QEMU's user network answers pings to .1.
	# shellcheck disable=SC2054 # commas inside QEMU's option values
	qemu+=(-netdev "user,id=n0,net=192.168.100.0/24,host=$DISTRO_HOST_IP,restrict=on"
		-device virtio-net-device,netdev=n0)
else
	qemu+=(-nic none)
fi
if [ -n "$interactive" ]; then
	"${qemu[@]}" -nographic
	exit
fi

# The serial console on two FIFOs (QEMU opens both read-write, so neither
# side blocks); everything it prints goes to console.log.
mkfifo "$work/ser.in" "$work/ser.out"
con=$work/console.log
: >"$con"
if [ -n "$verbose" ]; then
	tee -a "$con" <"$work/ser.out" &
else
	cat >>"$con" <"$work/ser.out" &
fi
t0=$(date +%s%N)
"${qemu[@]}" -display none -monitor none -serial "pipe:$work/ser" &
qpid=$!
exec 3<>"$work/ser.in"
deadline=$(($(date +%s) + timeout))

ms() { echo $((($(date +%s%N) - t0) / 1000000)); }
fail() {
	echo "distro-qemu: FAIL: $*" >&2
	if [ -z "$verbose" ]; then
		echo "--- last console lines:" >&2
		tail -n 25 "$con" | tr -d '\r' >&2
	fi
	exit 1
}
# The console's helpers (con_wait_for, con_login, con_run), shared with
# the e2e scenario that boots the image under bhyve.
# shellcheck source=../tests/e2e/serial_console.sh
. "$TOP/tests/e2e/serial_console.sh"
CON_LOG=$con CON_PID=$qpid CON_DEADLINE=$deadline

log "QEMU: ${qemu[*]}"
con_wait_for 'Starting kernel' || fail "u-boot did not start the kernel"
t_kernel=$(ms)
log "u-boot started the kernel at $t_kernel ms"
con_wait_for 'debian login:' || fail "no login prompt"
t_login=$(ms)
log "login prompt at $t_login ms ($cpu, $ncpus CPUs)"
con_login root 'root@debian:[^ ]*# ' || fail "root cannot log in"
log "logged in as root at $(ms) ms"

fails=0
check() { # check "what" CMD
	if con_run "$2"; then log "ok: $1"; else log "FAILED: $1"; fails=$((fails + 1)); fi
}
check "the kernel" 'uname -r'
check "systemd: running" 'systemctl is-system-running --wait || { systemctl --failed --no-legend; false; }'
check "$ncpus CPUs" "nproc; [ \$(nproc) = $ncpus ]"
if [ -n "$net" ]; then
	check "eth0 is $DISTRO_GUEST_IP" "ip -br addr show eth0; ip -br addr show eth0 | grep -q ' $DISTRO_GUEST_IP'"
	check "ping $DISTRO_HOST_IP" "ping -c 1 -W 5 $DISTRO_HOST_IP >/dev/null"
fi
nonce=distro-qemu-$$-$RANDOM
check "write a file" "echo $nonce >/root/distro-qemu.txt && sync"
log "userspace checks done at $(ms) ms"
printf 'poweroff\n' >&3
while kill -0 "$qpid" 2>/dev/null; do
	[ "$(date +%s)" -lt "$deadline" ] || fail "timeout: QEMU still runs after poweroff"
	sleep 0.1
done
wait "$qpid"
qrc=$?
qpid=
log "powered off at $(ms) ms (QEMU status $qrc)"
[ "$qrc" = 0 ] || fails=$((fails + 1))

# The file as the guest left it on the disk: debugfs reads the partition
# through the image at its offset (no loop device, no mount).
got=$(debugfs -R 'cat /root/distro-qemu.txt' "$work/disk.img?offset=$DISTRO_ROOT_OFFSET" 2>/dev/null)
if [ "$got" = "$nonce" ]; then
	log "ok: the file is on the disk after poweroff"
else
	log "FAILED: /root/distro-qemu.txt holds '$got', not '$nonce'"
	fails=$((fails + 1))
fi
if [ "$fails" = 0 ]; then
	log "PASS: login prompt at $t_login ms, kernel started at $t_kernel ms"
	exit 0
fi
log "$fails check(s) failed"
[ -n "$verbose" ] || { echo "--- last console lines:"; tail -n 25 "$con" | tr -d '\r'; }
exit 1
