#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# shellcheck shell=dash
#
# Runs on the emulated Orange Pi PC's own Debian at every boot (a systemd
# unit tests/e2e/board.sh puts on the SD card), one stage per boot:
#   1. the kernel started in HYP mode on all 4 CPUs, the Ethernet has an
#      address; version 1 of the packages installs with apt, DKMS builds
#      the module for the running kernel;
#   2. the module was loaded at boot, with the GIC's hypervisor interface
#      and maintenance interrupt from the board's device tree; a Linux guest
#      (2 vCPUs, disk, network) runs; version 2 installs, DKMS rebuilds;
#   3. version 2's module was loaded at boot; the guest runs again.
# Every boot ends with BHYVE-ARM-SCENARIO-EXIT=N on the console and a
# power-off (the board halts; the harness ends QEMU): N is 100 after
# stages 1 and 2 (boot me again), the verdict after stage 3 or a failure.
T=/root/bhyve-arm-test
STATE=/var/lib/bhyve-arm-test
# shellcheck source=lib.sh
. /etc/e2e-lib.sh
mkdir -p $STATE
stage=$(cat $STATE/stage 2>/dev/null || echo 1)
echo "=== board stage $stage (boot $(cat /proc/sys/kernel/random/boot_id))"

# end STATUS: report, then power off.
end() {
	echo "BHYVE-ARM-SCENARIO-EXIT=$1"
	systemctl poweroff
	exit 0
}
# next: this stage passed; the next boot runs the next one.
next() {
	if [ $fails -ne 0 ]; then
		echo "scenario failed in stage $stage: $fails check(s)"
		end 1
	fi
	echo $((stage + 1)) >$STATE/stage
	end 100
}

# install VERSION: apt installs that version's packages from the card.
install() {
	v=$(cat "$T/$1/version")
	echo "--- apt-get install $T/$1/*.deb ($v)"
	# shellcheck disable=SC2046 # one word per package file
	DEBIAN_FRONTEND=noninteractive apt-get install -y \
		$(for f in "$T/$1"/*.deb; do echo "$f"; done) 2>&1 | tail -40
	check "packages of $1 installed with apt" \
		sh -c "dpkg-query -W -f='\${Version}\n' bhyve-arm | grep -qx '$v'"
	dkms status >/tmp/dkms.status 2>&1
	cat /tmp/dkms.status
	check "DKMS built and installed the module for $(uname -r)" \
		grep -q "bhyve-arm/$v, $(uname -r), .*: installed" /tmp/dkms.status
}

# loaded VERSION: vmm.ko came up at boot, from that version's DKMS build.
loaded() {
	v=$(cat "$T/$1/version")
	check "vmm loaded at boot (modules-load.d)" grep -q '^vmm ' /proc/modules
	dkms status >/tmp/dkms.status 2>&1
	check "the module is $1's DKMS build ($(cat /sys/module/vmm/version 2>&1))" sh -c "
		modinfo -F filename vmm | grep -q 'updates/dkms' &&
		[ \"\$(cat /sys/module/vmm/version)\" = '$v' ] &&
		grep -q 'bhyve-arm/$v, $(uname -r), .*: installed' /tmp/dkms.status"
	dmesg | grep 'vmm:' | head -20
	bhyvectl --capabilities | tee /tmp/caps
	check "HYP installed on all 4 CPUs" grep -q "installed on 4/4 CPUs" /tmp/caps
	check "maintenance interrupt from the board's device tree (PPI 9)" \
		grep -q "Maintenance IRQ:     INTID 25" /tmp/caps
	check "virtual timer from the board's device tree (PPI 11)" grep -q "INTID 27 (PPI 11)" /tmp/caps
	check "GIC hypervisor interface: list registers read from GICH_VTR" \
		grep -qE "GIC list registers:  [1-9]" /tmp/caps
}

# guest: the harness's Linux guest, 2 vCPUs, its disk and tap0.
guest() {
	ip link show tap0 >/dev/null 2>&1 || ip tuntap add dev tap0 mode tap
	ip addr show dev tap0 | grep -q 'inet 192.168.100.1/' || ip addr add 192.168.100.1/24 dev tap0
	ip link set tap0 up
	cp /guest/disk.img /tmp/disk.img
	timeout -s KILL 1200 $T/linuxvm -c 2 -T basic -d /tmp/disk.img -n tap0 \
		-a "ncpus=2 hostping=0 virtio=blk:1,net:1,rng:1" "board$stage" </dev/null >/tmp/guest.out 2>&1
	rc=$?
	tr -d '\r' </tmp/guest.out | sed 's/^/  guest| /' | tail -80
	check "Linux guest: bhyve exit status 1 (got $rc)" [ $rc = 1 ]
	check "Linux guest: its checks passed" grep -q '^GUEST-DONE: .* 0 failed' /tmp/guest.out
	check "the guest pinged the board through virtio-net and tap0" \
		grep -q 'GUEST-CHECK: PASS ping the host' /tmp/guest.out
}

case $stage in
1)
	check "kernel: all CPUs started in HYP mode" sh -c "dmesg | grep -q 'CPU: All CPU(s) started in HYP mode'"
	check "4 CPUs online" [ "$(cat /sys/devices/system/cpu/online)" = 0-3 ]
	check "device tree: Xunlong Orange Pi PC" grep -q 'Orange Pi PC' /proc/device-tree/model
	# No bound of its own (a loaded machine may take long): the harness's
	# timeout is the hang guard.
	/lib/systemd/systemd-networkd-wait-online -4 --timeout=0
	check "the board's Ethernet has its DHCP address" sh -c "ip -4 addr show | grep 'inet 10\.0\.2\.'"
	install v1
	next ;;
2)
	loaded v1
	guest
	install v2
	next ;;
3)
	loaded v2
	guest
	check "kernel log clean (no oops, warning or stack dump)" klog_clean
	echo "scenario: $fails failed check(s)"
	end $((fails != 0)) ;;
*)
	echo "board stage '$stage' unknown"
	end 1 ;;
esac
