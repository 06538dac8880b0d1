// SPDX-License-Identifier: BSD-2-Clause
/*
 * bhyve's ARM part (bhyverun.h): how a VM of this board boots, and where
 * its RAM and devices are. The variables it reads (bhyve_config(5) names);
 * exactly one of bootrom, kernel and ramimage says how the VM starts:
 *
 *	bootrom			firmware (u-boot's qemu_arm build), as
 *				QEMU's -bios places it on virt: read-only
 *				memory at guest-physical 0, run in place;
 *				the device tree at the start of RAM;
 *				vCPU 0 starts at 0 in SVC mode
 *	bootvars		the firmware's variable store (u-boot's
 *				environment, mkenvimage): read-only
 *				memory at 0x04000000, the second flash
 *				bank of QEMU's virt; only with bootrom
 *	kernel			a Linux zImage booted directly, with
 *				a generated device tree (where things
 *				go: kernel_load.h)
 *	ramimage		a raw binary loaded at the start of guest
 *				RAM and started there (bare-metal programs
 *				such as the test guests); no device tree
 *	initrd			initramfs for the kernel (in /chosen)
 *	bootargs		the kernel command line (/chosen),
 *				e.g. "console=ttyAMA0"
 *	dtb.dump		write the generated device tree blob
 *				to this file (kernel or bootrom); opened
 *				before the VM is made, never waiting: a
 *				FIFO nobody reads is an error
 *
 * In every case vCPU 0 starts with r0 = 0, in SVC mode with IRQ, FIQ and
 * asynchronous aborts masked (CPSR 0x1d3), MMU and caches off; the other
 * vCPUs stay off until PSCI CPU_ON. Guest RAM (memory.size) starts at
 * 0x40000000 and ends below 4 GiB. The board's own devices (machine.c):
 * the PL011 console at 0x09000000 (SPI 1, console=stdio), the PL031 RTC
 * at 0x09010000 (SPI 2), the test device at 0x0b000000 with
 * testdev=true; virtio-mmio slots from 0x0a000000 (SPI 16 + slot).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmmapi.h"

#include "board/virt.h"

#include "bhyverun.h"
#include "boot_file.h"
#include "config.h"
#include "errmsg.h"
#include "fdt.h"
#include "kernel_load.h"

#define BOOT_CPSR 0x1d3 /* SVC mode, A, I, F masked */
/* dtb.dump: how long a reader may take nothing before bhyve gives up */
#define DTB_DUMP_WAIT_S 5

/* A file copied into the guest whole: firmware or a raw image. */
struct boot_image {
	const char *path;
	int fd;				/* -1: closed */
	size_t size;
};

struct arm_boot {
	int ncpus;
	size_t memsize;
	struct boot_image bootrom, bootvars, ramimage;
	const char *kernel, *initrd, *bootargs, *dtb_dump;
	int dtb_fd;			/* dtb.dump, open until written */
	struct linux_boot lboot;
};

static struct arm_boot boot = {
	.bootrom = { .fd = -1 },
	.bootvars = { .fd = -1 },
	.ramimage = { .fd = -1 },
	.dtb_fd = -1,
	.lboot = { .kernel_fd = -1, .initrd_fd = -1 },
};

int bhyve_check_memsize(const char *s, size_t memsize)
{
	if ((uint64_t)memsize > VM_LOWMEM_LIMIT - VM_LOWMEM_BASE) {
		errmsg("memory.size '%s': at most %lluM fit above %#llx", s,
		       (VM_LOWMEM_LIMIT - VM_LOWMEM_BASE) >> 20,
		       VM_LOWMEM_BASE);
		return -1;
	}
	return 0;
}

/*
 * dtb.dump=FILE is opened now, so that a file bhyve cannot write never
 * creates a VM. Without blocking: a FIFO with no reader would otherwise
 * hang bhyve in open() until one came.
 */
static int open_dtb_dump(struct arm_boot *o)
{
	struct stat st;

	if (o->dtb_dump == NULL)
		return 0;
	o->dtb_fd = fdt_dump_open(o->dtb_dump);
	if (o->dtb_fd >= 0)
		return 0;
	if (errno == ENXIO && stat(o->dtb_dump, &st) == 0 &&
	    S_ISFIFO(st.st_mode))
		errmsg("dtb.dump %s: a FIFO nobody reads (start its reader "
		       "first)",
		       o->dtb_dump);
	else
		errmsg("dtb.dump %s: %s", o->dtb_dump, strerror(errno));
	return -1;
}

/*
 * One of bootrom, kernel and ramimage. Every file is checked and opened
 * now, and the kernel's placed, so that a bad one never creates a VM.
 */
static int check_boot(struct arm_boot *o)
{
	int n;

	o->bootrom.path = get_config_value("bootrom");
	o->bootvars.path = get_config_value("bootvars");
	o->ramimage.path = get_config_value("ramimage");
	o->kernel = get_config_value("kernel");
	o->initrd = get_config_value("initrd");
	o->bootargs = get_config_value("bootargs");
	o->dtb_dump = get_config_value("dtb.dump");
	n = (o->bootrom.path != NULL) + (o->ramimage.path != NULL) +
	    (o->kernel != NULL);
	if (n == 0) {
		errmsg("nothing to boot: give -o bootrom=FILE (firmware), "
		       "-o kernel=FILE (a zImage) or -o ramimage=FILE");
		return -1;
	}
	if (n > 1) {
		errmsg("bootrom, kernel and ramimage are mutually exclusive: "
		       "give one");
		return -1;
	}
	if (o->kernel == NULL && (o->initrd != NULL || o->bootargs != NULL)) {
		errmsg("%s needs a kernel (-o kernel=FILE)",
		       o->initrd != NULL ? "initrd" : "bootargs");
		return -1;
	}
	if (o->bootvars.path != NULL && o->bootrom.path == NULL) {
		errmsg("bootvars needs firmware (-o bootrom=FILE)");
		return -1;
	}
	if (o->ramimage.path != NULL && o->dtb_dump != NULL) {
		errmsg("dtb.dump: a ramimage gets no device tree");
		return -1;
	}
	if (o->bootrom.path != NULL &&
	    boot_file_open("bootrom", o->bootrom.path, VIRT_FLASH_SIZE,
			   &o->bootrom.fd, &o->bootrom.size) < 0)
		return -1;
	if (o->bootvars.path != NULL &&
	    boot_file_open("bootvars", o->bootvars.path, VIRT_FLASH_SIZE,
			   &o->bootvars.fd, &o->bootvars.size) < 0)
		return -1;
	if (o->ramimage.path != NULL &&
	    boot_file_open("ramimage", o->ramimage.path, o->memsize,
			   &o->ramimage.fd, &o->ramimage.size) < 0)
		return -1;
	if (o->kernel != NULL &&
	    linux_boot_open(&o->lboot, o->kernel, o->initrd, VM_LOWMEM_BASE,
			    o->memsize) < 0)
		return -1;
	return open_dtb_dump(o);
}

/*
 * Firmware runs from read-only memory at the flash's address, as from
 * QEMU virt's first flash bank: fetching and reading work, a store is
 * refused with the external abort a ROM's bus would give (vmm.ko).
 */
typedef int setup_rom_fn(struct vmctx *, vm_paddr_t, size_t, void **);

static int load_rom(struct vmctx *ctx, setup_rom_fn *setup, vm_paddr_t gpa,
		    struct boot_image *b, const char *what)
{
	size_t len = (b->size + VM_PAGE_SIZE - 1) & ~(size_t)(VM_PAGE_SIZE - 1);
	void *rom;

	if (setup(ctx, gpa, len, &rom) < 0) {
		char msg[64];

		snprintf(msg, sizeof(msg), "cannot set up the %s's memory", what);
		vmm_errmsg(msg);
		return -1;
	}
	return boot_file_read(b->fd, rom, b->size, what, b->path);
}

static int load_ramimage(struct vmctx *ctx, struct boot_image *b)
{
	uint8_t *p = vm_map_gpa(ctx, vm_get_lowmem_base(ctx), b->size);

	if (p == NULL) {
		errmsg("ramimage %s: guest RAM is not mapped", b->path);
		return -1;
	}
	return boot_file_read(b->fd, p, b->size, "ramimage", b->path);
}

static void image_close(struct boot_image *b)
{
	if (b->fd >= 0)
		close(b->fd);
	b->fd = -1;
}

static int set_reg(struct vcpu *vcpu, int reg, uint64_t val)
{
	if (vm_set_register(vcpu, reg, val) < 0) {
		vmm_errmsg("cannot set the boot registers");
		return -1;
	}
	return 0;
}

/*
 * vCPU 0 starts at the firmware (guest-physical 0), at the raw image (the
 * start of RAM), or at the zImage with the registers booting.rst asks
 * for: r1 = ~0 (no machine number: the device tree describes the board),
 * r2 = the device tree. The others wait for PSCI CPU_ON (bhyverun.c
 * activates them all).
 */
static int boot_vcpu(struct vmctx *ctx, struct vcpu *vcpu,
		     const struct arm_boot *o)
{
	uint64_t pc = o->bootrom.path != NULL ? VIRT_FLASH_BASE :
						vm_get_lowmem_base(ctx);

	if (vcpu_id(vcpu) != 0)
		return 0;
	if (o->kernel != NULL) {
		pc = o->lboot.kernel_gpa;
		if (set_reg(vcpu, VM_REG_GUEST_R0 + 1, 0xffffffffu) < 0 ||
		    set_reg(vcpu, VM_REG_GUEST_R0 + 2, o->lboot.dtb_gpa) < 0)
			return -1;
	}
	if (set_reg(vcpu, VM_REG_GUEST_R0, 0) < 0 ||
	    set_reg(vcpu, VM_REG_GUEST_CPSR, BOOT_CPSR) < 0 ||
	    set_reg(vcpu, VM_REG_GUEST_PC, pc) < 0)
		return -1;
	return 0;
}

/* The blob into the file opened by open_dtb_dump, which is closed. */
static int write_dtb_dump(struct arm_boot *o, const void *blob)
{
	int r, e;

	r = fdt_dump_write(o->dtb_fd, blob, DTB_DUMP_WAIT_S * 1000);
	e = errno;
	if (close(o->dtb_fd) < 0 && r == 0) {
		r = -1;
		e = errno;
	}
	o->dtb_fd = -1;
	if (r == 0)
		return 0;
	if (e == ETIMEDOUT)
		errmsg("dtb.dump %s: its reader took nothing for %d s",
		       o->dtb_dump, DTB_DUMP_WAIT_S);
	else
		errmsg("dtb.dump %s: %s", o->dtb_dump, strerror(e));
	return -1;
}

/*
 * The device tree of the machine and every registered device, into ram at
 * off (and to dtb.dump): what a kernel gets in r2, and what firmware finds
 * at the start of RAM.
 */
static int put_dtb(struct vmctx *ctx, struct arm_boot *o, uint8_t *ram)
{
	/* libfdt refuses a blob that is not 8-byte aligned (ALIGNMENT) */
	static uint64_t blob[FDT_MAX_SIZE / sizeof(uint64_t)];
	struct fdt_machine m;
	uint32_t midr;
	int size;

	memset(&m, 0, sizeof(m));
	m.ncpus = o->ncpus;
	/* the vCPUs' MIDR is the host's; /proc/cpuinfo says which core */
	m.cpu_compatible = fdt_cpu_compatible(
		fdt_host_midr(&midr) == 0 ? midr : 0);
	m.ram_base = vm_get_lowmem_base(ctx);
	m.ram_size = o->memsize;
	m.bootargs = o->bootargs;
	if (o->initrd != NULL) {
		m.initrd_start = o->lboot.initrd_gpa;
		m.initrd_end = o->lboot.initrd_gpa + o->lboot.initrd_size;
	}
	size = fdt_build(&m, blob, sizeof(blob));
	if (size < 0) {
		errmsg("device tree: libfdt error %d: %s", -size,
		       fdt_strerror(size));
		return -1;
	}
	if (o->dtb_fd >= 0 && write_dtb_dump(o, blob) < 0)
		return -1;
	if (o->kernel != NULL)
		return linux_boot_put_dtb(&o->lboot, ram, blob, (size_t)size);
	memcpy(ram, blob, (size_t)size);
	return 0;
}

/* After every device registered: the zImage and initrd, the tree. */
static int load_os(struct vmctx *ctx, struct arm_boot *o)
{
	uint8_t *ram = vm_map_gpa(ctx, vm_get_lowmem_base(ctx), o->memsize);

	if (ram == NULL) {
		errmsg("guest RAM is not mapped");
		return -1;
	}
	if (o->kernel != NULL && linux_boot_load(&o->lboot, ram) < 0)
		return -1;
	return put_dtb(ctx, o, ram);
}

int bhyve_check_boot(int ncpus, size_t memsize)
{
	boot.ncpus = ncpus;
	boot.memsize = memsize;
	return check_boot(&boot);
}

int bhyve_init_platform(struct vmctx *ctx)
{
	if (vm_attach_vgic(ctx, VIRT_GICD_BASE, VIRT_GICD_SIZE, VIRT_GICC_BASE,
			   VIRT_GICC_SIZE) < 0) {
		vmm_errmsg("cannot place the GIC");
		return -1;
	}
	return 0;
}

int bhyve_load_firmware(struct vmctx *ctx)
{
	int err = 0;

	if (boot.bootrom.path != NULL)
		err = load_rom(ctx, vm_setup_bootrom, VIRT_FLASH_BASE,
			       &boot.bootrom, "bootrom");
	if (err == 0 && boot.bootvars.path != NULL)
		err = load_rom(ctx, vm_setup_bootvars, VIRT_FLASH1_BASE,
			       &boot.bootvars, "bootvars");
	else if (boot.ramimage.path != NULL)
		err = load_ramimage(ctx, &boot.ramimage);
	image_close(&boot.bootrom);
	image_close(&boot.bootvars);
	image_close(&boot.ramimage);
	return err;
}

int bhyve_load_kernel(struct vmctx *ctx)
{
	int err = 0;

	/* the device tree lists every device: after they all registered */
	if (boot.ramimage.path == NULL)
		err = load_os(ctx, &boot);
	linux_boot_close(&boot.lboot);
	return err;
}

int bhyve_init_vcpu(struct vmctx *ctx, struct vcpu *vcpu)
{
	return boot_vcpu(ctx, vcpu, &boot);
}

void bhyve_boot_close(void)
{
	image_close(&boot.bootrom);
	image_close(&boot.bootvars);
	image_close(&boot.ramimage);
	if (boot.dtb_fd >= 0)
		close(boot.dtb_fd);
	boot.dtb_fd = -1;
	linux_boot_close(&boot.lboot);
}
