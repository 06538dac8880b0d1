// SPDX-License-Identifier: BSD-2-Clause
/*
 * bhyve's ARM part (bhyverun.h): how a VM of this board boots, and where
 * its RAM and devices are. The variables it reads (bhyve_config(5) names):
 *
 *	bootrom			raw binary loaded at the start of guest RAM;
 *				the vCPU starts there in SVC mode, IRQ/FIQ/
 *				aborts masked (CPSR 0x1d3), r0 = 0
 *	kernel			a Linux zImage booted directly, with
 *				a generated device tree (where things
 *				go: kernel_load.h); not with bootrom
 *	initrd			initramfs for the kernel (in /chosen)
 *	bootargs		the kernel command line (/chosen),
 *				e.g. "console=ttyAMA0"
 *	dtb.dump		write the generated device tree blob
 *				to this file (kernel= only); opened
 *				before the VM is made, never waiting: a
 *				FIFO nobody reads is an error
 *
 * Guest RAM (memory.size) starts at 0x40000000 and ends below 4 GiB. The
 * board's own devices (machine.c): the PL011 console at 0x09000000 (SPI
 * 1, console=stdio), the PL031 RTC at 0x09010000 (SPI 2), the test
 * device at 0x0b000000 with testdev=true; virtio-mmio slots from
 * 0x0a000000 (SPI 16 + slot).
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
#include "config.h"
#include "errmsg.h"
#include "fdt.h"
#include "kernel_load.h"

#define BOOT_CPSR 0x1d3 /* SVC mode, A, I, F masked */
/* dtb.dump: how long a reader may take nothing before bhyve gives up */
#define DTB_DUMP_WAIT_S 5

struct arm_boot {
	int ncpus;
	size_t memsize;
	const char *bootrom;
	int bootrom_fd;
	size_t bootrom_size;
	const char *kernel, *initrd, *bootargs, *dtb_dump;
	int dtb_fd;			/* dtb.dump, open until written */
	struct linux_boot lboot;
};

static struct arm_boot boot = {
	.bootrom_fd = -1,
	.dtb_fd = -1,
	.lboot = { .kernel_fd = -1, .initrd_fd = -1 },
};

static const char *const machdep_vars[] = {
	"bootrom", "kernel", "initrd", "bootargs", "dtb.dump",
};

bool bhyve_machdep_var(const char *path)
{
	size_t i;

	for (i = 0; i < sizeof(machdep_vars) / sizeof(machdep_vars[0]); i++)
		if (strcmp(path, machdep_vars[i]) == 0)
			return true;
	return false;
}

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
 * kernel= or bootrom=, not both. The kernel's files are checked and
 * placed now, so that a bad one never creates a VM.
 */
static int check_boot(struct arm_boot *o)
{
	o->bootrom = get_config_value("bootrom");
	o->kernel = get_config_value("kernel");
	o->initrd = get_config_value("initrd");
	o->bootargs = get_config_value("bootargs");
	o->dtb_dump = get_config_value("dtb.dump");
	if (o->bootrom != NULL && o->kernel != NULL) {
		errmsg("bootrom and kernel are mutually exclusive: give one");
		return -1;
	}
	if (o->kernel == NULL) {
		if (o->initrd != NULL || o->bootargs != NULL ||
		    o->dtb_dump != NULL) {
			errmsg("%s needs a kernel (-o kernel=FILE)",
			       o->initrd     ? "initrd" :
			       o->bootargs ? "bootargs" :
					     "dtb.dump");
			return -1;
		}
		return 0;
	}
	if (linux_boot_open(&o->lboot, o->kernel, o->initrd, VM_LOWMEM_BASE,
			    o->memsize) < 0)
		return -1;
	return open_dtb_dump(o);
}

/* Open the bootrom now, so that a bad one never creates a VM. */
static int check_bootrom(struct arm_boot *o)
{
	struct stat st;

	if (o->kernel != NULL)
		return 0;
	if (o->bootrom == NULL) {
		errmsg("no bootrom or kernel: the VM cannot be booted "
		       "(-o bootrom=FILE or -o kernel=FILE)");
		return -1;
	}
	/*
	 * Only a regular file: open() of a FIFO blocks until a writer comes.
	 * stat first; O_NONBLOCK and the fstat below cover a FIFO put there
	 * in between.
	 */
	if (stat(o->bootrom, &st) < 0) {
		errmsg("bootrom %s: %s", o->bootrom, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		errmsg("bootrom %s: not a regular file", o->bootrom);
		return -1;
	}
	o->bootrom_fd = open(o->bootrom, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (o->bootrom_fd < 0) {
		errmsg("bootrom %s: %s", o->bootrom, strerror(errno));
		return -1;
	}
	if (fstat(o->bootrom_fd, &st) < 0) {
		errmsg("bootrom %s: %s", o->bootrom, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		errmsg("bootrom %s: not a regular file", o->bootrom);
		return -1;
	}
	if (st.st_size == 0) {
		errmsg("bootrom %s: empty file", o->bootrom);
		return -1;
	}
	if ((uint64_t)st.st_size > o->memsize) {
		errmsg("bootrom %s: %jd bytes do not fit in %zu bytes of "
		       "guest RAM",
		       o->bootrom, (intmax_t)st.st_size, o->memsize);
		return -1;
	}
	o->bootrom_size = (size_t)st.st_size;
	return 0;
}

static int load_bootrom(struct vmctx *ctx, const struct arm_boot *o)
{
	uint8_t *p = vm_map_gpa(ctx, vm_get_lowmem_base(ctx), o->bootrom_size);
	size_t done = 0;
	ssize_t n;

	if (p == NULL) {
		errmsg("bootrom %s: guest RAM is not mapped", o->bootrom);
		return -1;
	}
	while (done < o->bootrom_size) {
		n = pread(o->bootrom_fd, p + done, o->bootrom_size - done,
			  (off_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			errmsg("bootrom %s: %s", o->bootrom,
			       n < 0 ? strerror(errno) :
				       "file shrank while loading");
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
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
 * vCPU 0 starts at the bootrom, or at the zImage with the registers
 * booting.rst asks for: r0 = 0, r1 = ~0 (no machine number: the device
 * tree describes the board), r2 = the device tree; SVC mode, interrupts
 * masked, MMU and caches off (the vCPU's reset state). The others wait
 * for PSCI CPU_ON (bhyverun.c activates them all).
 */
static int boot_vcpu(struct vmctx *ctx, struct vcpu *vcpu,
		     const struct arm_boot *o)
{
	uint64_t pc = vm_get_lowmem_base(ctx);

	if (vcpu_id(vcpu) == 0 && o->kernel != NULL) {
		pc = o->lboot.kernel_gpa;
		if (set_reg(vcpu, VM_REG_GUEST_R0 + 1, 0xffffffffu) < 0 ||
		    set_reg(vcpu, VM_REG_GUEST_R0 + 2, o->lboot.dtb_gpa) < 0)
			return -1;
	}
	if (vcpu_id(vcpu) == 0 &&
	    (set_reg(vcpu, VM_REG_GUEST_R0, 0) < 0 ||
	     set_reg(vcpu, VM_REG_GUEST_CPSR, BOOT_CPSR) < 0 ||
	     set_reg(vcpu, VM_REG_GUEST_PC, pc) < 0))
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

/* The zImage and initrd into RAM, then the device tree of every device. */
static int load_linux(struct vmctx *ctx, struct arm_boot *o)
{
	/* libfdt refuses a blob that is not 8-byte aligned (ALIGNMENT) */
	static uint64_t blob[FDT_MAX_SIZE / sizeof(uint64_t)];
	struct fdt_machine m;
	uint8_t *ram = vm_map_gpa(ctx, vm_get_lowmem_base(ctx), o->memsize);
	uint32_t midr;
	int size;

	if (ram == NULL) {
		errmsg("kernel %s: guest RAM is not mapped", o->kernel);
		return -1;
	}
	if (linux_boot_load(&o->lboot, ram) < 0)
		return -1;
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
	return linux_boot_put_dtb(&o->lboot, ram, blob, (size_t)size);
}

int bhyve_check_boot(int ncpus, size_t memsize)
{
	boot.ncpus = ncpus;
	boot.memsize = memsize;
	if (check_boot(&boot) < 0)
		return -1;
	return check_bootrom(&boot);
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
	if (boot.kernel != NULL)
		return 0;
	if (load_bootrom(ctx, &boot) < 0)
		return -1;
	close(boot.bootrom_fd);
	boot.bootrom_fd = -1;
	return 0;
}

int bhyve_load_kernel(struct vmctx *ctx)
{
	/* the device tree lists every device: after they all registered */
	if (boot.kernel != NULL && load_linux(ctx, &boot) < 0)
		return -1;
	linux_boot_close(&boot.lboot);
	return 0;
}

int bhyve_init_vcpu(struct vmctx *ctx, struct vcpu *vcpu)
{
	return boot_vcpu(ctx, vcpu, &boot);
}

void bhyve_boot_close(void)
{
	if (boot.bootrom_fd >= 0)
		close(boot.bootrom_fd);
	boot.bootrom_fd = -1;
	if (boot.dtb_fd >= 0)
		close(boot.dtb_fd);
	boot.dtb_fd = -1;
	linux_boot_close(&boot.lboot);
}
