#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Every bare-metal test guest under bhyve, plus the ioctl argument checks.
# shellcheck source=lib.sh
. /etc/e2e-lib.sh
check "insmod vmm.ko" insmod /lib/modules/vmm.ko

# run_guest NAME EXPECTED_STATUS [PASS [MEM]]: bhyve's exit status and the
# guest's verdict
run_guest() {
	name=$1 want=$2
	bhyve -D -m "${4:-16M}" -o "ramimage=/guests/$name.bin" -o testdev=true \
		"t-$name" </dev/null >"/tmp/$name.out" 2>&1
	rc=$?
	sed "s/^/  $name| /" "/tmp/$name.out" | tail -40
	check "$name: bhyve exit status $want (got $rc)" [ "$rc" = "$want" ]
	if [ "${3:-}" = PASS ]; then
		check "$name: guest passed" grep -q "GUEST-RESULT: PASS" "/tmp/$name.out"
	fi
}

run_guest hello 1 PASS
# console=pty: output waits for a terminal, terminals come and go, a
# detached console does not spin, the link goes with bhyve.
# The guest ignores the power button: 2 s after it, bhyve destroys it.
bhyve -D -m 16M -o ramimage=/guests/sleeper.bin -o console=pty \
	-o poweroff.timeout=2 t-pty </dev/null >/tmp/pty.out 2>&1 &
pty_pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	[ -L /run/bhyve/t-pty/console ] && break
	sleep 0.5
done
sed "s/^/  pty| /" /tmp/pty.out
check "pty: bhyve names the pty and its link" \
	grep -q "^bhyve: console: /dev/pts/[0-9]* (/run/bhyve/t-pty/console)" /tmp/pty.out
check "pty: run directory mode 0700" \
	[ "$(stat -c %a /run/bhyve/t-pty)" = 700 ]
sleep 1
timeout 3 cat /run/bhyve/t-pty/console >/tmp/pty.term
check "pty: output kept until a terminal attached" \
	grep -q "sleeper: asleep" /tmp/pty.term
t0=$(awk '{ print $14 + $15 }' "/proc/$pty_pid/stat")
sleep 3
t1=$(awk '{ print $14 + $15 }' "/proc/$pty_pid/stat")
check "pty: detached, bhyve idles (${t0}..${t1} ticks in 3 s)" \
	[ $((t1 - t0)) -lt 30 ]
timeout 2 cat /run/bhyve/t-pty/console >/dev/null
check "pty: re-attached and left, bhyve still runs" kill -0 "$pty_pid"
check "pty: bhyve's pid in its run directory" \
	[ "$(cat /run/bhyve/t-pty/pid)" = "$pty_pid" ]
# The power button (SIGTERM through bhyvectl), which sleeper ignores:
# still running after 1 s, destroyed after poweroff.timeout (status 5).
check "power button: bhyvectl --request-poweroff" \
	bhyvectl --vm=t-pty --request-poweroff
sleep 1
check "power button: pressed, bhyve waits for the guest" \
	sh -c "kill -0 $pty_pid && grep -q 'power button pressed' /tmp/pty.out"
i=0
while kill -0 "$pty_pid" 2>/dev/null && [ $i -lt 20 ]; do
	sleep 0.5
	i=$((i + 1))
done
wait "$pty_pid"
rc=$?
sed "s/^/  pty| /" /tmp/pty.out | tail -4
check "power button ignored: status 5 after poweroff.timeout (got $rc)" \
	[ "$rc" = 5 ]
check "power button ignored: bhyve says it destroys the VM" \
	grep -q "did not power off within 2 s" /tmp/pty.out
check "power button ignored: VM destroyed" [ ! -e /dev/vmm/t-pty ]
check "pty: link, pid file and run directory removed" \
	[ ! -e /run/bhyve/t-pty ]
bhyvectl --vm=t-pty --request-poweroff 2>/tmp/req.err
rc=$?
cat /tmp/req.err
check "request-poweroff of a VM that is gone: one line, status 1" \
	sh -c "[ $rc = 1 ] && grep -q 'vm t-pty does not exist' /tmp/req.err"
# Firmware: run in place from the read-only bootrom at 0, 2 vCPUs, its
# variables (bootvars) read-only in the second flash bank.
printf 'VARS' >/tmp/vars.img
bhyve -D -c 2 -m 16M -o bootrom=/guests/rom.bin -o bootvars=/tmp/vars.img \
	-o testdev=true t-rom </dev/null >/tmp/rom.out 2>&1
rc=$?
sed "s/^/  rom| /" /tmp/rom.out | tail -20
check "rom: bhyve exit status 1 (got $rc)" [ "$rc" = 1 ]
check "rom: guest passed" grep -q "GUEST-RESULT: PASS" /tmp/rom.out
check "rom: bootvars found and read-only" grep -q "store to the bootvars aborts" /tmp/rom.out
run_guest hvc 1 PASS
run_guest lazy 1 PASS
run_guest mmio_arm 1 PASS
run_guest mmio_thumb 1 PASS
run_guest wfi 1 PASS
run_guest psci_off 1
run_guest psci_reset 0
run_guest mmu 1 PASS
run_guest vfp 1 PASS
run_guest probe 1 PASS
run_guest undef 1 PASS
run_guest stale_walk 1 PASS
run_guest cp15 1 PASS
# Hundreds of MiB: most pages come from HIGHMEM on this 1 GiB host.
run_guest memtest 1 PASS 384M
# Hostile guests: each must get its abort or undefined instruction, and
# the host must not notice.
run_guest sweep 1 PASS
run_guest hvc_fuzz 1 PASS
run_guest mmio_bad 1 PASS
run_guest escalate 1 PASS
# A guest that never exits, interrupts masked: destroyed from outside.
bhyve -m 16M -o ramimage=/guests/tight.bin tight </dev/null >/tmp/tight.out 2>&1 &
pid=$!
sleep 2
check "tight: a guest that never exits keeps running" kill -0 $pid
check "tight: bhyvectl --destroy" timeout 120 bhyvectl --vm=tight --destroy
i=0
while kill -0 $pid 2>/dev/null && [ $i -lt 10 ]; do sleep 1; i=$((i + 1)); done
check "tight: bhyve ended after the destroy (${i}s)" sh -c "! kill -0 $pid 2>/dev/null"
kill -9 $pid 2>/dev/null
wait $pid

# bhyve's own inputs: a FIFO must not block it, an endless file must not
# exhaust memory; each is refused at once with status 4 and a reason.
refused() { # refused WHAT PATTERN bhyve-args...
	what=$1 pat=$2; shift 2
	timeout 120 bhyve "$@" </dev/null >/tmp/refused.out 2>&1
	rc=$?
	cat /tmp/refused.out
	check "$what refused (status $rc)" [ $rc = 4 ]
	check "$what: says why" grep -q "$pat" /tmp/refused.out
	check "$what: in one line" [ "$(wc -l </tmp/refused.out)" = 1 ]
}
mkfifo /tmp/fifo
refused "ramimage=FIFO" "not a regular file" -o ramimage=/tmp/fifo fifo
# dtb.dump=FIFO is opened before the VM is made and without waiting for a
# reader: with none it is refused at once, no VM made; with one it gets
# the blob. The kernel, 52 bytes: movw r0, #8; movt r0, #0x8400; hvc #0;
# b . (PSCI SYSTEM_OFF), and a zImage header (magic, start and end 0, LE).
zimage=/tmp/off.zimage
head -c 52 /dev/zero >$zimage
# shellcheck disable=SC2059 # $2 holds the bytes as octal escapes
poke() { printf "$2" | dd of=$zimage bs=1 seek=$(($1)) conv=notrunc 2>/dev/null; }
poke 0x00 '\010'; poke 0x03 '\343'
poke 0x05 '\004\110\343'
poke 0x08 '\160'; poke 0x0a '\100\341'
poke 0x0c '\376\377\377\352'
poke 0x24 '\030\050\157\001'
poke 0x30 '\001\002\003\004'
refused "dtb.dump=FIFO without a reader" "dtb.dump /tmp/fifo: a FIFO nobody reads" \
	-m 64M -o kernel=$zimage -o dtb.dump=/tmp/fifo kdtb
check "dtb.dump=FIFO without a reader: no VM made" sh -c "[ ! -e /dev/vmm/kdtb ]"
exec 3<>/tmp/fifo # a reader, held by this shell
timeout 120 bhyve -D -m 64M -o kernel=$zimage -o dtb.dump=/tmp/fifo kdtb \
	</dev/null >/tmp/kdtb.out 2>&1
rc=$?
magic=$(head -c 4 <&3 | od -An -tx1 | tr -d ' \n')
exec 3<&-
cat /tmp/kdtb.out
check "dtb.dump=FIFO with a reader: the guest ran and powered off (status $rc)" [ $rc = 1 ]
check "dtb.dump=FIFO with a reader: it got a device tree (magic $magic)" [ "$magic" = d00dfeed ]
# A console FIFO nobody reads: bhyve starts at once (output is dropped
# until a reader comes), the guest runs, no VM is left behind.
timeout 120 bhyve -D -m 16M -o ramimage=/guests/hello.bin -o testdev=true \
	-s 7,virtio-console,path=/tmp/fifo confifo </dev/null >/tmp/confifo.out 2>&1
rc=$?
cat /tmp/confifo.out
check "console FIFO without a reader: bhyve runs the guest (status $rc)" [ $rc = 1 ]
check "console FIFO without a reader: guest passed" grep -q "GUEST-RESULT: PASS" /tmp/confifo.out
check "console FIFO without a reader: no VM left behind" sh -c "[ ! -e /dev/vmm/confifo ]"
# -s takes slots 0-31: a disk in every one, next to the PL011, the PL031
# and the test device.
head -c 65536 /dev/zero >/tmp/slot.img
slots="" i=0
while [ $i -lt 32 ]; do slots="$slots -s $i,virtio-blk,/tmp/slot.img,ro"; i=$((i + 1)); done
# shellcheck disable=SC2086 # 32 -s options, split on purpose
timeout 120 bhyve -D -m 16M -o ramimage=/guests/hello.bin -o testdev=true $slots \
	slots32 </dev/null >/tmp/slots32.out 2>&1
rc=$?
cat /tmp/slots32.out
check "32 virtio-blk slots: bhyve runs the guest (status $rc)" [ $rc = 1 ]
check "32 virtio-blk slots: guest passed" grep -q "GUEST-RESULT: PASS" /tmp/slots32.out
refused "-k /dev/zero" "not a regular file" -k /dev/zero -o ramimage=/guests/hello.bin zero
head -c 5000 /dev/zero | tr '\0' a >/tmp/long.conf
refused "-k with a 5000-byte line" "long.conf:1: line too long" -k /tmp/long.conf -o ramimage=/guests/hello.bin long
# Linux boot options (-o kernel=...): bad inputs are one line and status 4
refused "kernel=FIFO" "not a regular file" -o kernel=/tmp/fifo kfifo
refused "kernel that is no zImage" "not an ARM Linux zImage" -o kernel=/guests/hello.bin knot
refused "kernel with ramimage" "mutually exclusive" -o kernel=/guests/hello.bin -o ramimage=/guests/hello.bin kboth
refused "bootrom with ramimage" "mutually exclusive" -o bootrom=/guests/rom.bin -o ramimage=/guests/hello.bin kboth2
refused "nothing to boot" "nothing to boot" -m 16M knone
refused "bootrom=FIFO" "not a regular file" -o bootrom=/tmp/fifo kromfifo
refused "bootvars without bootrom" "bootvars needs firmware" -o ramimage=/guests/hello.bin -o bootvars=/tmp/vars.img kvars
refused "bootvars=FIFO" "bootvars /tmp/fifo: not a regular file" -o bootrom=/guests/rom.bin -o bootvars=/tmp/fifo kvarsfifo
dd if=/dev/zero of=/tmp/big.rom bs=1M seek=64 count=1 2>/dev/null
refused "bootrom larger than the flash" "bootrom /tmp/big.rom: .* more than" -o bootrom=/tmp/big.rom kbigrom
refused "bootargs with bootrom" "bootargs needs a kernel" -o bootrom=/guests/rom.bin -o bootargs=x kromargs
refused "dtb.dump with ramimage" "ramimage gets no device tree" -o ramimage=/guests/hello.bin -o dtb.dump=/tmp/x.dtb kdump
refused "initrd without kernel" "initrd needs a kernel" -o ramimage=/guests/hello.bin -o initrd=/guests/hello.bin kinitrd
refused "-s with a missing disk image" "/tmp/x: No such file" -s 2,virtio-blk,/tmp/x -o ramimage=/guests/hello.bin kslot
refused "-s with an unknown device" "unknown" -s 2,virtio-foo -o ramimage=/guests/hello.bin kslot2
# configuration variables bhyve does not read: refused, not ignored
refused "-o virtio.40.device" "virtio.40.device: bad slot '40'" -o virtio.40.device=virtio-blk -o virtio.40.path=/tmp/slot.img -o ramimage=/guests/hello.bin kvar1
refused "-o virtio.x.device" "virtio.x.device: bad slot 'x'" -o virtio.x.device=virtio-rng -o ramimage=/guests/hello.bin kvar2
refused "-o virtio.4.pth" "virtio.4.pth: unknown key 'pth' for virtio-blk" -s 4,virtio-blk,/tmp/slot.img -o virtio.4.pth=/tmp/x -o ramimage=/guests/hello.bin kvar3
printf 'ramimage=/guests/hello.bin\ntestdve=true\n' >/tmp/typo.conf
refused "-k with a misspelt variable" "testdve: unknown configuration variable" -k /tmp/typo.conf kvar4
check "a VM whose set-up failed is not left behind" sh -c "[ ! -e /dev/vmm/kslot ]"

ioctl_abuse | tee /tmp/abuse.out
check "bad ioctl arguments get errors" grep -q " 0 failed" /tmp/abuse.out
check "no VM left behind" sh -c "[ -z \"\$(ls /dev/vmm 2>/dev/null)\" ]"
check "rmmod after guests" rmmod vmm
check "kernel log clean (no oops, warning or stack dump)" klog_clean
finish
