# SPDX-License-Identifier: BSD-2-Clause
#
# bhyve-arm top-level build.
#   make run    boot the emulated ARM host, start the Linux guest on its console
#   make run-host  the emulated host alone, module loaded, at its shell
#   make test   native unit tests (plain, then under ASan + UBSan), static
#               checks (make check), then the integration tests in QEMU
#   make        build everything (module, userspace, test guests)

TOP := $(CURDIR)
O := $(TOP)/build
STAGING := $(O)/staging

# A plain `make` builds everything, even on a fresh checkout where the
# env.mk rule below would otherwise be the first target, hence the default.
.DEFAULT_GOAL := all

# ---- cross or native -----------------------------------------------------
# On the PC, a cross build: the kernel headers and libfdt come from
# .cache/armhf (scripts/deps.sh). On an ARM board (or with CROSS_COMPILE=
# given), a native one: the system's compiler, the running kernel's
# headers and the system's libfdt. Only this block differs.
NATIVE := $(if $(filter armv7l armv8l,$(shell uname -m)),1)
ifeq ($(origin CROSS_COMPILE)-$(CROSS_COMPILE),command line-)
NATIVE := 1
endif
ifeq ($(NATIVE),1)
CROSS_COMPILE ?=
KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
FDT_CFLAGS := $(shell pkg-config --cflags libfdt 2>/dev/null)
FDT_LIBS := $(or $(shell pkg-config --libs libfdt 2>/dev/null),-lfdt)
else
CROSS_COMPILE ?= arm-linux-gnueabihf-
# Written by scripts/deps.sh; make runs it first on a fresh checkout.
-include $(TOP)/.cache/env.mk
$(TOP)/.cache/env.mk:
	$(TOP)/scripts/deps.sh
KVER = $(KABI)-armmp-lpae
# Debian's libfdt-dev:armhf, unpacked (never installed) into .cache/armhf.
FDT_CFLAGS := -I$(TOP)/.cache/armhf/usr/include
FDT_LIBS := -L$(TOP)/.cache/armhf/usr/lib/arm-linux-gnueabihf -lfdt
endif
CC_ARM := $(CROSS_COMPILE)gcc

# The ABI's architecture half (uapi/vmm_dev_arch.h) is ARM's.
UAPI_ARCH := $(TOP)/include/uapi/arm
ARM_CFLAGS := -O2 -g -Wall -Wextra -Werror -std=gnu11 \
	-I$(TOP)/include -I$(UAPI_ARCH) -I$(TOP)/lib/libvmmapi
# The emulated host's userspace is static, so its initramfs needs no libc.
ARM_LDFLAGS := -static

.PHONY: all deps kmod userspace userspace-dyn guests progs staging guest-image staging-linux guest-qemu \
	unit unit-san test test-full e2e e2e-guest check shellcheck sparse format format-check fuzz bench run run-host clean \
	distro-image distro-qemu staging-distro run-distro board-debs install install-userspace install-kmod install-dkms \
	deb deb-check
ifeq ($(NATIVE),1)
# On the board: the module and the dynamic userspace (the emulated host,
# its test guests and e2e are the PC's).
all: kmod userspace-dyn
else
all: kmod userspace guests progs
endif

deps:
	@$(TOP)/scripts/deps.sh

# ---- kernel module -------------------------------------------------------
# kmod/Makefile calls kbuild the way DKMS does on a board; sparse below
# calls kbuild itself.
KBUILD = $(MAKE) -C $(KDIR) O=$(KDIR) M=$(O)/kmod ARCH=arm CROSS_COMPILE=$(CROSS_COMPILE) VMM_VERSION=$(DKMS_VERSION)
KMOD_SRCS := $(shell find $(TOP)/kmod $(TOP)/include -name '*.[chS]' -o -name Kbuild -o -name Makefile)
$(O)/kmod/vmm.ko: $(KMOD_SRCS) | deps
	@mkdir -p $(O)/kmod
	@# kbuild builds in place; mirror the sources so the tree stays clean.
	@cp -r $(TOP)/kmod/. $(O)/kmod/ && mkdir -p $(O)/include && cp -r $(TOP)/include/. $(O)/include/
	@# (kmod/Kbuild generates the world switch's struct offsets itself;
	@# kmod/Makefile checks that the lowvisor calls nothing outside it.)
	$(MAKE) -C $(O)/kmod KDIR=$(KDIR) ARCH=arm CROSS_COMPILE=$(CROSS_COMPILE) VMM_VERSION=$(DKMS_VERSION)
kmod: $(O)/kmod/vmm.ko

# ---- userspace -----------------------------------------------------------
# Built twice on the PC: static in build/usr for the emulated host, and
# dynamic (the system's libc and libfdt.so.1) in build/dyn for the
# Debian packages and make install. On a board only the dynamic one.
# $(call userspace_rules,DIR,LDFLAGS,LIBFDT,CFLAGS): DIR/libvmmapi.a, DIR/bhyvectl,
# DIR/bhyve. DYN_CFLAGS and DYN_LDFLAGS are the packager's (dpkg-buildflags).
LIBVMMAPI_SRCS := $(wildcard $(TOP)/lib/libvmmapi/*.c $(TOP)/lib/libvmmapi/arm/*.c)
LIBVMMAPI_HDRS := $(wildcard $(TOP)/lib/libvmmapi/*.h $(TOP)/include/uapi/*.h $(UAPI_ARCH)/*.h)
BHYVECTL_SRCS := $(shell find $(TOP)/usr/bhyvectl -name '*.c')
BHYVECTL_HDRS := $(shell find $(TOP)/usr/bhyvectl -name '*.h')
BHYVE_SRCS := $(shell find $(TOP)/usr/bhyve -name '*.c')
BHYVE_HDRS := $(shell find $(TOP)/usr/bhyve -name '*.h')
define userspace_rules
$(1)/libvmmapi.a: $$(LIBVMMAPI_SRCS) $$(LIBVMMAPI_HDRS)
	@mkdir -p $(1)/libvmmapi
	@set -e; for f in $$(LIBVMMAPI_SRCS); do \
		$$(CC_ARM) $$(ARM_CFLAGS) $(4) -c $$$$f -o $(1)/libvmmapi/$$$$(basename $$$${f%.c}).o; done
	@rm -f $$@
	$$(CROSS_COMPILE)ar rcs $$@ $(1)/libvmmapi/*.o

$(1)/bhyvectl: $$(BHYVECTL_SRCS) $$(BHYVECTL_HDRS) $(1)/libvmmapi.a
	$$(CC_ARM) $$(ARM_CFLAGS) $(4) -I$$(TOP)/usr/bhyvectl $(2) -o $$@ $$(BHYVECTL_SRCS) $(1)/libvmmapi.a

$(1)/bhyve: $$(BHYVE_SRCS) $$(BHYVE_HDRS) $(1)/libvmmapi.a
	$$(CC_ARM) $$(ARM_CFLAGS) $(4) -I$$(TOP)/usr/bhyve $$(FDT_CFLAGS) $(2) -o $$@ \
		$$(BHYVE_SRCS) $(1)/libvmmapi.a $(3) -lpthread
endef
ARMHF_FDT_LIB := $(TOP)/.cache/armhf/usr/lib/arm-linux-gnueabihf/libfdt.a
$(eval $(call userspace_rules,$(O)/usr,$(ARM_LDFLAGS),$(ARMHF_FDT_LIB),))
$(eval $(call userspace_rules,$(O)/dyn,$$(DYN_LDFLAGS),$$(FDT_LIBS),$$(DYN_CFLAGS)))

userspace: $(O)/usr/bhyvectl $(O)/usr/bhyve
userspace-dyn: $(O)/dyn/bhyvectl $(O)/dyn/bhyve

# ---- install ---------------------------------------------------------------
# On a board: make && sudo make install (PREFIX=/usr/local, DESTDIR for a
# staging folder). debian/rules installs with PREFIX=/usr and its own dirs.
# The module goes to /lib/modules/KVER/extra (depmod unless DESTDIR),
# loaded at boot through modules-load.d.
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
UNITDIR ?= $(PREFIX)/lib/systemd/system
MODULESLOADDIR ?= $(PREFIX)/lib/modules-load.d
MODDIR ?= /lib/modules/$(KVER)/extra
INSTALL ?= install
# bhyve(8), bhyvectl(8), bhyve_config(5), next to the code they describe
MAN8 := $(TOP)/usr/bhyve/bhyve.8 $(TOP)/usr/bhyvectl/bhyvectl.8
MAN5 := $(TOP)/usr/bhyve/bhyve_config.5
# <bhyve-arm/vmmapi.h> finds the rest by its quoted, relative includes.
VMMAPI_INC := $(DESTDIR)$(INCLUDEDIR)/bhyve-arm

install: install-userspace install-kmod

install-userspace: userspace-dyn
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(LIBDIR) $(VMMAPI_INC)/uapi $(VMMAPI_INC)/board $(DESTDIR)$(UNITDIR)
	$(INSTALL) -m 755 $(O)/dyn/bhyve $(O)/dyn/bhyvectl $(DESTDIR)$(SBINDIR)/
	$(INSTALL) -m 644 $(MAN8) $(DESTDIR)$(MANDIR)/man8/
	$(INSTALL) -m 644 $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	$(INSTALL) -m 644 $(O)/dyn/libvmmapi.a $(DESTDIR)$(LIBDIR)/
	$(INSTALL) -m 644 $(TOP)/lib/libvmmapi/vmmapi.h $(VMMAPI_INC)/
	$(INSTALL) -m 644 $(TOP)/include/uapi/vmm_dev.h $(UAPI_ARCH)/vmm_dev_arch.h $(VMMAPI_INC)/uapi/
	$(INSTALL) -m 644 $(TOP)/include/board/virt.h $(VMMAPI_INC)/board/
	sed 's|/usr/sbin/|$(SBINDIR)/|g' $(TOP)/packaging/systemd/bhyve@.service > $(DESTDIR)$(UNITDIR)/bhyve@.service
	chmod 644 $(DESTDIR)$(UNITDIR)/bhyve@.service

MODULES_LOAD = printf '\043 bhyve-arm: the hypervisor, for bhyve\nvmm\n' > $(DESTDIR)$(MODULESLOADDIR)/bhyve-arm.conf

install-kmod: kmod
	$(INSTALL) -d $(DESTDIR)$(MODDIR) $(DESTDIR)$(MODULESLOADDIR)
	$(INSTALL) -m 644 $(O)/kmod/vmm.ko $(DESTDIR)$(MODDIR)/
	$(MODULES_LOAD)
	$(if $(DESTDIR),,depmod -a $(KVER))

# The module's source as DKMS builds it on a board (debian/rules): kmod/
# and include/ under /usr/src/bhyve-arm-VERSION; dh_dkms adds dkms.conf.
DKMS_VERSION ?= $(shell dpkg-parsechangelog -l$(TOP)/debian/changelog -SVersion)
install-dkms:
	$(INSTALL) -d $(DESTDIR)/usr/src/bhyve-arm-$(DKMS_VERSION) $(DESTDIR)$(MODULESLOADDIR)
	cp -r $(TOP)/kmod $(TOP)/include $(DESTDIR)/usr/src/bhyve-arm-$(DKMS_VERSION)/
	$(MODULES_LOAD)

# ---- Debian packages ------------------------------------------------------
# make deb [DEB_VERSION=X]: bhyve-arm, bhyve-arm-dkms and libvmmapi-dev in
# build/deb/VERSION/ (docs/packaging.md). deb-check: their contents, man
# pages, lintian, and vmm.ko built from the DKMS tree (part of make check).
deb: deps
	@$(TOP)/scripts/deb.sh $(DEB_VERSION)

deb-check: deb
	$(TOP)/tests/deb/check_deb.sh $(O)/deb/$(or $(DEB_VERSION),$(DKMS_VERSION))

# ---- bare-metal test guests and in-host test programs --------------------
guests:
	$(MAKE) -C $(TOP)/tests/guests O=$(O)/guests

# One static program per tests/e2e/progs/NAME.c, run by the scenarios.
PROGS := $(basename $(notdir $(wildcard $(TOP)/tests/e2e/progs/*.c)))
PROG_BINS := $(addprefix $(O)/usr/,$(PROGS))
$(O)/usr/%: $(TOP)/tests/e2e/progs/%.c $(TOP)/tests/e2e/progs/progs.h $(wildcard $(TOP)/include/uapi/*.h $(UAPI_ARCH)/*.h)
	@mkdir -p $(O)/usr
	$(CC_ARM) $(ARM_CFLAGS) $(ARM_LDFLAGS) -o $@ $< -lpthread
progs: $(PROG_BINS)

# ---- emulated host contents ----------------------------------------------
staging: kmod userspace guests progs
	@rm -rf $(STAGING) && mkdir -p $(STAGING)/lib/modules $(STAGING)/usr/sbin $(STAGING)/usr/bin $(STAGING)/guests
	cp $(O)/guests/*.bin $(STAGING)/guests/
	cp $(PROG_BINS) $(STAGING)/usr/bin/
	cp $(O)/kmod/vmm.ko $(STAGING)/lib/modules/
	@# section-relative symbol values, for scenarios that need an address
	$(CROSS_COMPILE)nm $(O)/kmod/vmm.ko > $(STAGING)/lib/modules/vmm.syms
	cp $(O)/usr/bhyvectl $(STAGING)/usr/sbin/
	cp $(O)/usr/bhyve $(STAGING)/usr/sbin/

# ---- the Linux guest -----------------------------------------------------
# Debian's zImage, a busybox initramfs with the virtio/ext4 modules and the
# guest-side tests, ext4 disks (scripts/guest-image.sh).
GUEST := $(O)/guest
GUEST_INPUTS := $(TOP)/scripts/guest-image.sh $(TOP)/scripts/guest-init.sh \
	$(wildcard $(TOP)/tests/e2e/guest/*.sh) $(TOP)/tests/e2e/klog.sh $(KIMAGE) \
	$(O)/usr/iobench
$(GUEST)/initrd.gz: $(GUEST_INPUTS) | deps
	$(TOP)/scripts/guest-image.sh $(GUEST) $(O)/usr/iobench
guest-image: $(GUEST)/initrd.gz

# The guest on plain QEMU (no bhyve): its shell. The image's own check is
# scripts/guest-qemu.sh -T basic.
guest-qemu: guest-image
	$(TOP)/scripts/guest-qemu.sh

# The host's root plus the guest, tun.ko and linuxvm; only the scenarios
# that run Linux guests (and make run) carry these ~25 MiB.
STAGING_LINUX := $(O)/staging-linux
staging-linux: staging guest-image
	@rm -rf $(STAGING_LINUX) && cp -a $(STAGING) $(STAGING_LINUX) && mkdir -p $(STAGING_LINUX)/guest
	cp $(GUEST)/zImage $(GUEST)/initrd.gz $(GUEST)/disk.img $(GUEST)/ro.img $(STAGING_LINUX)/guest/
	cp $(KMODDIR)/kernel/drivers/net/tun.ko $(STAGING_LINUX)/lib/modules/
	cp $(TOP)/scripts/linuxvm.sh $(STAGING_LINUX)/usr/sbin/linuxvm

# ---- a Debian system on a disk image, booted by u-boot --------------------
# The host's root for it: tun.ko for tap0, the host's own virtio-mmio disk
# driver (the image is the host's /dev/vda, handed to the guest whole),
# Debian's u-boot for QEMU virt (bhyve's bootrom) and its environment
# (bootvars), and distrovm, which knows the bhyve command line.
STAGING_DISTRO := $(O)/staging-distro
staging-distro: staging
	@eval "$$($(TOP)/scripts/distro-image.sh)" && \
	rm -rf $(STAGING_DISTRO) && cp -a $(STAGING) $(STAGING_DISTRO) && mkdir -p $(STAGING_DISTRO)/distro && \
	cp "$$DISTRO_UBOOT_BIN" $(STAGING_DISTRO)/distro/u-boot.bin && \
	cp "$$DISTRO_UBOOT_ENV" $(STAGING_DISTRO)/distro/uboot-env.img
	cp $(KMODDIR)/kernel/drivers/net/tun.ko $(KMODDIR)/kernel/drivers/virtio/virtio_mmio.ko \
		$(KMODDIR)/kernel/drivers/block/virtio_blk.ko $(STAGING_DISTRO)/lib/modules/
	cp $(TOP)/scripts/linuxvm.sh $(STAGING_DISTRO)/usr/sbin/linuxvm
	cp $(TOP)/scripts/distrovm.sh $(STAGING_DISTRO)/usr/sbin/distrovm

# The emulated host with the Debian image as its disk, and the guest on
# your console at Debian's login prompt (root, no password). The disk,
# build/distro/debian.img, is copied from the cache once and kept: what
# you change in the guest is there next time (make clean starts afresh).
DISTRO_DISK := $(O)/distro/debian.img
run-distro: staging-distro
	@[ -f $(DISTRO_DISK) ] || { mkdir -p $(O)/distro && $(TOP)/scripts/distro-image.sh -c $(DISTRO_DISK) >/dev/null; }
	$(TOP)/scripts/qemu-host.sh -i -s $(STAGING_DISTRO) -d $(DISTRO_DISK) $(TOP)/scripts/run-distro.sh

# Built once, cached outside the checkout (docs/distro-image.md); prints
# DISTRO_IMAGE=... and the other paths. Installs its own dependencies.
distro-image:
	@$(TOP)/scripts/distro-image.sh

# The image on plain QEMU with u-boot as firmware: login, checks, poweroff.
distro-qemu:
	$(TOP)/scripts/distro-qemu.sh

# ---- tests ---------------------------------------------------------------
# make unit T=vgic: tests/unit/test_vgic.c alone (T="vgic lpae", T=klog);
# make unit SANITIZE=1 or make unit-san: under ASan + UBSan, in build/unit-san.
UNIT = $(MAKE) -C $(TOP)/tests/unit check $(if $(T),T='$(T)')
unit: deps
	$(UNIT) O=$(O)/unit$(if $(SANITIZE),-san)
	@# `make` alone must build, not just fetch dependencies.
	@goal=$$($(MAKE) -pq -C $(TOP) 2>/dev/null | sed -n 's/^\.DEFAULT_GOAL := //p'); \
	if [ "$$goal" = all ]; then echo "make: default goal is all"; \
	else echo "make: default goal is '$$goal', not all"; exit 1; fi

# The same tests built with -fsanitize=address,undefined; make test runs both.
unit-san: deps
	$(UNIT) O=$(O)/unit-san SANITIZE=1

# make e2e E2E=FILTER: only the scenarios whose name has FILTER (run.sh
# --list FILTER names them); E2E=all: every one, the A7 twins of the A15
# cases included (make test-full), which make test leaves out. Only the
# linux-* ones need the Linux guest: staging-linux is built only when one
# of them is selected.
E2E_STAGING := staging
ifneq ($(filter e2e test,$(MAKECMDGOALS)),)
ifeq ($(shell $(TOP)/tests/e2e/run.sh --needs-linux '$(E2E)' && echo y),y)
E2E_STAGING += staging-linux
endif
ifeq ($(shell $(TOP)/tests/e2e/run.sh --needs-distro '$(E2E)' && echo y),y)
E2E_STAGING += staging-distro
endif
ifeq ($(shell $(TOP)/tests/e2e/run.sh --needs-board '$(E2E)' && echo y),y)
E2E_STAGING += board-debs guest-image
endif
endif
e2e: $(E2E_STAGING)
	BOARD_DEBS="$(BOARD_DEBS)" $(TOP)/tests/e2e/run.sh $(E2E)

# The board scenarios' two versions of the packages: this one, and an
# upgrade over it (tests/e2e/board.sh installs one, then the other).
BOARD_UPGRADE := $(DKMS_VERSION)+upgrade
BOARD_DEBS := $(O)/deb/$(DKMS_VERSION) $(O)/deb/$(BOARD_UPGRADE)
board-debs: deb
	$(MAKE) deb DEB_VERSION=$(BOARD_UPGRADE)

# One bare-metal test guest (tests/guests/G.c) in the emulated host, its
# console on the terminal and in build/e2e/guest-G.out:
#   make e2e-guest G=hello [G_CPU=cortex-a7] [G_NCPUS=2] [G_MEM=64M]
G_CPU ?= cortex-a15
e2e-guest: staging
	@test -f "$(O)/guests/$(G).bin" || { echo "usage: make e2e-guest G=NAME, one of:" \
		$$($(MAKE) -s -C $(TOP)/tests/guests list) >&2; exit 2; }
	@rm -rf $(O)/guest-staging && cp -a $(STAGING) $(O)/guest-staging && mkdir -p $(O)/guest-staging/etc $(O)/e2e
	@printf 'G=%s\n%s%s' '$(G)' '$(if $(G_NCPUS),G_NCPUS=$(G_NCPUS)\n)' '$(if $(G_MEM),G_MEM=$(G_MEM)\n)' \
		> $(O)/guest-staging/etc/one_guest.env
	$(TOP)/scripts/qemu-host.sh -c $(G_CPU) -n 2 -s $(O)/guest-staging \
		-l $(O)/e2e/guest-$(G).out $(TOP)/tests/e2e/one_guest.sh

test: unit unit-san check e2e

# make test and the A7 twins of the A15 scenarios (tests/e2e/run.sh).
test-full: unit unit-san check
	$(MAKE) e2e E2E=all

# ---- static checks -------------------------------------------------------
# make check (part of make test): shellcheck on every shell script, with
# .shellcheckrc; sparse on the module through kbuild (C=2), where any
# warning is an error.
SH_SCRIPTS = $(shell cd $(TOP) && find scripts tests -name '*.sh' -type f | sort) .ci/run
check: shellcheck sparse deb-check

shellcheck: deps
	cd $(TOP) && shellcheck $(SH_SCRIPTS)

sparse: kmod
	$(KBUILD) C=2 CHECK='sparse -Wsparse-error' modules

# clang-format (.clang-format) on the C lines changed since FORMAT_BASE,
# by default where this branch left main; not part of make check: most
# files predate .clang-format and differ from it in places. format-check
# shows what would change, format changes it.
FORMAT_BASE ?= $(shell git -C $(TOP) merge-base main HEAD 2>/dev/null)
FORMAT_NEEDS_BASE = @test -n "$(FORMAT_BASE)" || \
	{ echo "$@: no main branch here: give FORMAT_BASE=<commit>" >&2; exit 2; }
GIT_CLANG_FORMAT = cd $(TOP) && git clang-format --extensions c,h $(FORMAT_BASE)
format-check: deps
	$(FORMAT_NEEDS_BASE)
	@out=$$($(GIT_CLANG_FORMAT) --diff 2>&1); \
	case $$out in \
	"no modified files to format"*|"clang-format did not modify any files"*) \
		echo "format-check: the C lines changed since $(FORMAT_BASE) follow .clang-format" ;; \
	*) echo "$$out"; echo "format-check: make format applies this" >&2; exit 1 ;; \
	esac

format: deps
	$(FORMAT_NEEDS_BASE)
	$(GIT_CLANG_FORMAT) --force

# Long ioctl fuzzing in the emulated host, not part of make test (which
# runs 3000 ops twice): make fuzz [FUZZ_OPS=n] [FUZZ_SEED=n] [FUZZ_CPU=cpu]
FUZZ_OPS ?= 200000
FUZZ_CPU ?= cortex-a15
fuzz: staging
	@rm -rf $(O)/fuzz-staging && cp -a $(STAGING) $(O)/fuzz-staging && mkdir -p $(O)/fuzz-staging/etc
	@printf 'FUZZ_OPS=%s\n%s\n' '$(FUZZ_OPS)' '$(if $(FUZZ_SEED),FUZZ_SEED=$(FUZZ_SEED))' > $(O)/fuzz-staging/etc/fuzz.env
	$(TOP)/scripts/qemu-host.sh -c $(FUZZ_CPU) -t $$((120 + $(FUZZ_OPS) / 500)) \
		-s $(O)/fuzz-staging -l $(O)/fuzz.log $(TOP)/tests/e2e/fuzz.sh

# Round-trip costs in instructions (QEMU -icount), not part of make test.
bench: staging staging-linux staging-distro
	$(TOP)/scripts/bench.sh cortex-a15

# The emulated host, then the Linux guest on its console; the guest's
# poweroff leads back to the host's shell.
run: staging-linux
	$(TOP)/scripts/qemu-host.sh -i -s $(STAGING_LINUX) $(TOP)/scripts/run-linux.sh

# The emulated host alone: vmm.ko loaded, at its shell.
run-host: staging
	$(TOP)/scripts/qemu-host.sh -i $(TOP)/scripts/run-host.sh

clean:
	rm -rf $(O)
