// SPDX-License-Identifier: BSD-2-Clause
/*
 * The guest device tree: see fdt.h. Node by node, after the devicetree
 * bindings in Linux's Documentation/devicetree/bindings (arm/cpus,
 * arm/psci, interrupt-controller/arm,gic, timer/arm,arch_timer,
 * clock/fixed-clock, chosen), with QEMU virt's addresses (board/virt.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "board/virt.h"

#include "fdt.h"
#include "device.h"
#include "machine.h"

/* the arm,gic binding's third interrupt cell (bits 3:0 the trigger) */
#define GIC_PPI		   1
#define IRQ_LEVEL_HIGH	   4
#define GIC_PPI_CPUMASK(n) ((((1u << (n)) - 1) & 0xff) << 8)

/* PSCI 0.2+ function IDs (SMC32), for the "arm,psci" (0.1) properties */
#define PSCI_0_2_CPU_SUSPEND 0x84000001u
#define PSCI_0_2_CPU_OFF     0x84000002u
#define PSCI_0_2_CPU_ON	     0x84000003u
#define PSCI_0_2_MIGRATE     0x84000005u

#define APB_PCLK_HZ 24000000u

/* libfdt calls return 0 or a negative error: stop at the first one */
#define TRY(x)                      \
	do {                        \
		int err_ = (x);     \
		if (err_ < 0)       \
			return err_; \
	} while (0)

static int prop_cells(void *fdt, const char *name, const uint32_t *v, int n)
{
	fdt32_t cells[16];
	int i;

	if (n > 16)
		return -FDT_ERR_BADVALUE;
	for (i = 0; i < n; i++)
		cells[i] = cpu_to_fdt32(v[i]);
	return fdt_property(fdt, name, cells, n * (int)sizeof(cells[0]));
}

/* #address-cells = #size-cells = 2 at the root: each value <hi lo> */
static int prop_reg64(void *fdt, const uint64_t *v, int n)
{
	uint32_t cells[8];
	int i;

	if (n > 4)
		return -FDT_ERR_BADVALUE;
	for (i = 0; i < n; i++) {
		cells[i * 2] = (uint32_t)(v[i] >> 32);
		cells[i * 2 + 1] = (uint32_t)v[i];
	}
	return prop_cells(fdt, "reg", cells, n * 2);
}

int fdt_begin_mmio_node(void *fdt, const char *name,
			const struct device *dev)
{
	char node[64];
	uint64_t reg[2] = { dev->base, dev->size };
	uint32_t irq[MACHINE_IRQ_CELLS_MAX];
	int n;

	snprintf(node, sizeof(node), "%s@%llx", name,
		 (unsigned long long)dev->base);
	TRY(fdt_begin_node(fdt, node));
	TRY(prop_reg64(fdt, reg, 2));
	if (dev->intid >= 0) {
		n = machine_irq_cells(dev->intid, irq, MACHINE_IRQ_CELLS_MAX);
		if (n < 0)
			return -FDT_ERR_BADVALUE;
		TRY(prop_cells(fdt, "interrupts", irq, n));
	}
	return 0;
}

static int add_cpus(void *fdt, const struct fdt_machine *m)
{
	char node[16];
	int i;

	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 1));
	TRY(fdt_property_u32(fdt, "#size-cells", 0));
	for (i = 0; i < m->ncpus; i++) {
		snprintf(node, sizeof(node), "cpu@%d", i);
		TRY(fdt_begin_node(fdt, node));
		TRY(fdt_property_string(fdt, "device_type", "cpu"));
		TRY(fdt_property_string(fdt, "compatible", m->cpu_compatible));
		/* reg = MPIDR[23:0]; a vCPU's MPIDR has its number in Aff0 */
		TRY(fdt_property_u32(fdt, "reg", (uint32_t)i));
		TRY(fdt_property_string(fdt, "enable-method", "psci"));
		TRY(fdt_end_node(fdt));
	}
	return fdt_end_node(fdt);
}

/*
 * PSCI 1.0 over hvc (what vmm.ko answers). The older compatibles let
 * older kernels find it; "arm,psci" (0.1) needs the function IDs, which
 * are the 0.2 ones here.
 */
static int add_psci(void *fdt)
{
	static const char compat[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";

	TRY(fdt_begin_node(fdt, "psci"));
	TRY(fdt_property(fdt, "compatible", compat, sizeof(compat)));
	TRY(fdt_property_string(fdt, "method", "hvc"));
	TRY(fdt_property_u32(fdt, "cpu_suspend", PSCI_0_2_CPU_SUSPEND));
	TRY(fdt_property_u32(fdt, "cpu_off", PSCI_0_2_CPU_OFF));
	TRY(fdt_property_u32(fdt, "cpu_on", PSCI_0_2_CPU_ON));
	TRY(fdt_property_u32(fdt, "migrate", PSCI_0_2_MIGRATE));
	return fdt_end_node(fdt);
}

/*
 * GICv2: distributor and CPU interface only. The binding's optional
 * third and fourth regions (GICH, GICV) and the maintenance interrupt
 * describe virtualization extensions, which the VM does not have.
 */
static int add_gic(void *fdt)
{
	char node[48];
	uint64_t reg[4] = { VIRT_GICD_BASE, VIRT_GICD_SIZE, VIRT_GICC_BASE,
			    VIRT_GICC_SIZE };

	snprintf(node, sizeof(node), "interrupt-controller@%llx",
		 (unsigned long long)VIRT_GICD_BASE);
	TRY(fdt_begin_node(fdt, node));
	TRY(fdt_property_string(fdt, "compatible", "arm,cortex-a15-gic"));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 3));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(prop_reg64(fdt, reg, 4));
	TRY(fdt_property_u32(fdt, "phandle", FDT_PHANDLE_GIC));
	return fdt_end_node(fdt);
}

/*
 * The generic timer's four PPIs in the binding's order: secure physical
 * (13), non-secure physical (14), virtual (11), hypervisor (10). Level
 * high, as the GIC binding allows for PPIs and as vmm.ko drives the
 * virtual timer's line (its output is sampled as a level), with the
 * CPU mask of the VM's vCPUs in bits 15:8: what QEMU virt writes (0x304
 * for 2 CPUs). "always-on": the virtual timer keeps counting and wakes
 * a vCPU in WFI or in PSCI CPU_SUSPEND (a standby state here), so it
 * never loses its state in a power state the VM offers.
 */
static int add_timer(void *fdt, const struct fdt_machine *m)
{
	uint32_t flags = GIC_PPI_CPUMASK(m->ncpus) | IRQ_LEVEL_HIGH;
	uint32_t irqs[12] = {
		GIC_PPI, 13, flags, GIC_PPI, 14, flags,
		GIC_PPI, 11, flags, GIC_PPI, 10, flags,
	};

	TRY(fdt_begin_node(fdt, "timer"));
	TRY(fdt_property_string(fdt, "compatible", "arm,armv7-timer"));
	TRY(prop_cells(fdt, "interrupts", irqs, 12));
	TRY(fdt_property(fdt, "always-on", NULL, 0));
	return fdt_end_node(fdt);
}

/* The AMBA devices' clock (the PrimeCell bindings want one): 24 MHz. */
static int add_apb_pclk(void *fdt)
{
	TRY(fdt_begin_node(fdt, "apb-pclk"));
	TRY(fdt_property_string(fdt, "compatible", "fixed-clock"));
	TRY(fdt_property_u32(fdt, "#clock-cells", 0));
	TRY(fdt_property_u32(fdt, "clock-frequency", APB_PCLK_HZ));
	TRY(fdt_property_string(fdt, "clock-output-names", "clk24mhz"));
	TRY(fdt_property_u32(fdt, "phandle", FDT_PHANDLE_APB_PCLK));
	return fdt_end_node(fdt);
}

static int add_memory(void *fdt, const struct fdt_machine *m)
{
	char node[32];
	uint64_t reg[2] = { m->ram_base, m->ram_size };

	snprintf(node, sizeof(node), "memory@%llx",
		 (unsigned long long)m->ram_base);
	TRY(fdt_begin_node(fdt, node));
	TRY(fdt_property_string(fdt, "device_type", "memory"));
	TRY(prop_reg64(fdt, reg, 2));
	return fdt_end_node(fdt);
}

/* /chosen, without stdout-path (added once the UART's node exists) */
static int add_chosen(void *fdt, const struct fdt_machine *m)
{
	TRY(fdt_begin_node(fdt, "chosen"));
	if (m->bootargs != NULL)
		TRY(fdt_property_string(fdt, "bootargs", m->bootargs));
	/* the binding takes 32 or 64-bit values; end is exclusive */
	if (m->initrd_end > m->initrd_start) {
		TRY(fdt_property_u64(fdt, "linux,initrd-start",
				     m->initrd_start));
		TRY(fdt_property_u64(fdt, "linux,initrd-end", m->initrd_end));
	}
	return fdt_end_node(fdt);
}

static int add_devices(void *fdt)
{
	const struct device *d;
	unsigned int i;

	for (i = 0; (d = device_at(i)) != NULL; i++)
		if (d->fdt != NULL && d->fdt(d, fdt) < 0)
			return -FDT_ERR_BADSTRUCTURE;
	return 0;
}

/*
 * stdout-path and the serial0 alias name the first PL011, the console
 * (its node was written by the device, so look it up).
 */
static int add_stdout(void *fdt)
{
	char path[128];
	int uart, chosen, aliases;

	uart = fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");
	if (uart == -FDT_ERR_NOTFOUND)
		return 0;
	TRY(uart);
	TRY(fdt_get_path(fdt, uart, path, sizeof(path)));
	chosen = fdt_path_offset(fdt, "/chosen");
	TRY(chosen);
	TRY(fdt_setprop_string(fdt, chosen, "stdout-path", path));
	aliases = fdt_add_subnode(fdt, 0, "aliases");
	TRY(aliases);
	return fdt_setprop_string(fdt, aliases, "serial0", path);
}

int fdt_build(const struct fdt_machine *m, void *buf, size_t size)
{
	void *fdt = buf;

	if (m->ncpus < 1 || m->ncpus > 8 || m->cpu_compatible == NULL ||
	    m->ram_size == 0 || size > INT32_MAX)
		return -FDT_ERR_BADVALUE;
	/* libfdt's read functions refuse a misaligned blob */
	if ((uintptr_t)buf % 8 != 0)
		return -FDT_ERR_BADVALUE;
	TRY(fdt_create(fdt, (int)size));
	TRY(fdt_finish_reservemap(fdt));
	TRY(fdt_begin_node(fdt, ""));
	TRY(fdt_property_string(fdt, "compatible", "linux,dummy-virt"));
	TRY(fdt_property_string(fdt, "model", "bhyve-arm"));
	TRY(fdt_property_u32(fdt, "#address-cells", 2));
	TRY(fdt_property_u32(fdt, "#size-cells", 2));
	TRY(fdt_property_u32(fdt, "interrupt-parent", FDT_PHANDLE_GIC));
	TRY(add_chosen(fdt, m));
	TRY(add_memory(fdt, m));
	TRY(add_cpus(fdt, m));
	TRY(add_psci(fdt));
	TRY(add_gic(fdt));
	TRY(add_timer(fdt, m));
	TRY(add_apb_pclk(fdt));
	TRY(add_devices(fdt));
	TRY(fdt_end_node(fdt));
	TRY(fdt_finish(fdt));
	/* read-write from here: the rest needs lookups */
	TRY(fdt_open_into(fdt, fdt, (int)size));
	TRY(add_stdout(fdt));
	TRY(fdt_pack(fdt));
	return (int)fdt_totalsize(fdt);
}

const char *fdt_cpu_compatible(uint32_t midr)
{
	/* the cores with the Virtualization Extensions */
	static const struct {
		uint32_t part;
		const char *compat;
	} parts[] = {
		{ 0xc07, "arm,cortex-a7" },
		{ 0xc0d, "arm,cortex-a12" },
		{ 0xc0e, "arm,cortex-a17" },
		{ 0xc0f, "arm,cortex-a15" },
	};
	size_t i;

	if (midr >> 24 == 0x41)
		for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
			if (((midr >> 4) & 0xfff) == parts[i].part)
				return parts[i].compat;
	return "arm,cortex-a15";
}

int fdt_host_midr(uint32_t *midr)
{
	char line[256];
	unsigned int impl = 0, part = 0;
	bool got_impl = false, got_part = false;
	FILE *fp = fopen("/proc/cpuinfo", "re");

	if (fp == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL &&
	       !(got_impl && got_part)) {
		if (!got_impl &&
		    sscanf(line, "CPU implementer : %x", &impl) == 1)
			got_impl = true;
		else if (!got_part &&
			 sscanf(line, "CPU part : %x", &part) == 1)
			got_part = true;
	}
	fclose(fp);
	if (!got_impl || !got_part) {
		errno = ENOENT;
		return -1;
	}
	*midr = (impl & 0xff) << 24 | (part & 0xfff) << 4;
	return 0;
}

int fdt_dump_open(const char *path)
{
	/* no O_TRUNC: a VM that fails later leaves the old file alone */
	return open(path, O_WRONLY | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0644);
}

int fdt_dump_write(int fd, const void *blob, int wait_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	size_t len = fdt_totalsize(blob), done = 0;
	struct stat st;
	ssize_t n;
	int r;

	if (fstat(fd, &st) < 0)
		return -1;
	if (S_ISREG(st.st_mode) && ftruncate(fd, 0) < 0)
		return -1;
	while (done < len) {
		n = write(fd, (const char *)blob + done, len - done);
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		/* a pipe or terminal that is full: wait, but not forever */
		do
			r = poll(&pfd, 1, wait_ms);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			return -1;
		if (r == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
	}
	return 0;
}
