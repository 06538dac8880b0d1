// SPDX-License-Identifier: BSD-2-Clause
/*
 * Feeds vmm.ko bad ioctl arguments through the raw ABI and checks each
 * gets the right errno (and that the host survives). Runs in the emulated
 * host; prints one line per check and "N passed, N failed".
 */
#define _FILE_OFFSET_BITS 64 /* run pages sit above 4 GiB of offsets */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "uapi/vmm_dev.h"
#include "progs.h"

static int passed, failed;

static void expect(const char *what, int rc, int want_errno)
{
	int ok = want_errno ? (rc == -1 && errno == want_errno) : rc == 0;

	printf("%s: %s (rc %d, errno %s)\n", ok ? "PASS" : "FAIL", what, rc,
	       rc ? strerror(errno) : "-");
	if (ok)
		passed++;
	else
		failed++;
}

int main(void)
{
	struct vmmctl_vm longname;
	struct vm_memseg seg;
	struct vm_memmap map;
	struct vm_register reg;
	struct vm_activate_cpu act;
	struct vm_vgic_desc gic;
	struct vm_irq irq = { .irq = 40 };
	int ctlfd, fd;
	void *p;

	memset(&reg, 0, sizeof(reg));
	ctlfd = open("/dev/vmmctl", O_RDWR);
	expect("open /dev/vmmctl", ctlfd < 0 ? -1 : 0, 0);
	expect("unknown ioctl on vmmctl", ioctl(ctlfd, _IO('v', 0x7f)), ENOTTY);
	expect("foreign ioctl type", ioctl(ctlfd, _IO('x', 1)), ENOTTY);
	expect("bad pointer", ioctl(ctlfd, VMMCTL_GET_CAPS, (void *)16), EFAULT);
	expect("create: empty name", ctl(VMMCTL_VM_CREATE, ""), EINVAL);
	expect("create: slash in name", ctl(VMMCTL_VM_CREATE, "a/b"), EINVAL);
	expect("create: dot name", ctl(VMMCTL_VM_CREATE, ".."), EINVAL);
	memset(&longname, 'x', sizeof(longname));
	expect("create: unterminated name",
	       ioctl(ctlfd, VMMCTL_VM_CREATE, &longname), EINVAL);
	expect("destroy: no such VM", ctl(VMMCTL_VM_DESTROY, "nosuch"), ENOENT);
	expect("create abuse", ctl(VMMCTL_VM_CREATE, "abuse"), 0);
	expect("create twice", ctl(VMMCTL_VM_CREATE, "abuse"), EEXIST);

	fd = open("/dev/vmm/abuse", O_RDWR);
	expect("open /dev/vmm/abuse", fd < 0 ? -1 : 0, 0);
	expect("unknown ioctl on VM", ioctl(fd, _IO('v', 0x7e)), ENOTTY);
	/* VM_SET_REGISTER's number with another size is another command */
	expect("known number, wrong size",
	       ioctl(fd, _IOWR(VMM_IOC_MAGIC, 0x21, struct vm_memmap), &reg),
	       ENOTTY);
	expect("oversized argument",
	       ioctl(fd, _IOC(_IOC_READ | _IOC_WRITE, VMM_IOC_MAGIC, 0x21, 4000),
		     &reg),
	       ENOTTY);
	expect("the old copying VM_RUN is gone",
	       ioctl(fd, _IOWR(VMM_IOC_MAGIC, 0x23, struct vm_register), &reg),
	       ENOTTY);
	expect("unknown architecture ioctl",
	       ioctl(fd, _IOW(VMM_IOC_MAGIC, 0x8f, struct vm_register), &reg),
	       ENOTTY);

	memset(&seg, 0, sizeof(seg));
	seg.segid = VM_MAX_MEMSEGS;
	seg.len = 1 << 20;
	expect("memseg: bad segid", ioctl(fd, VM_ALLOC_MEMSEG, &seg), EINVAL);
	seg.segid = 0;
	seg.len = 12345;
	expect("memseg: unaligned length", ioctl(fd, VM_ALLOC_MEMSEG, &seg),
	       EINVAL);
	seg.len = 0;
	expect("memseg: zero length", ioctl(fd, VM_ALLOC_MEMSEG, &seg), EINVAL);
	seg.len = 1ull << 40;
	expect("memseg: larger than the host", ioctl(fd, VM_ALLOC_MEMSEG, &seg),
	       EINVAL);
	seg.len = 4 << 20;
	expect("memseg: 4 MiB", ioctl(fd, VM_ALLOC_MEMSEG, &seg), 0);
	expect("memseg: twice", ioctl(fd, VM_ALLOC_MEMSEG, &seg), EEXIST);

	memset(&map, 0, sizeof(map));
	map.segid = 1;
	map.gpa = 0x40000000;
	map.len = 4 << 20;
	map.flags = VM_MEMMAP_F_WRITE;
	expect("mmap: unallocated segment", ioctl(fd, VM_MMAP_MEMSEG, &map),
	       ENOENT);
	map.segid = 0;
	map.len = 8 << 20;
	expect("mmap: longer than the segment", ioctl(fd, VM_MMAP_MEMSEG, &map),
	       EINVAL);
	map.len = 4 << 20;
	map.gpa = 0x40000800;
	expect("mmap: unaligned gpa", ioctl(fd, VM_MMAP_MEMSEG, &map), EINVAL);
	map.gpa = 0xfffffff000000ull;
	expect("mmap: beyond the IPA space", ioctl(fd, VM_MMAP_MEMSEG, &map),
	       EINVAL);
	map.gpa = 0x40000000;
	map.flags = 0x80;
	expect("mmap: unknown flags", ioctl(fd, VM_MMAP_MEMSEG, &map), EINVAL);
	map.flags = VM_MEMMAP_F_WRITE | VM_MEMMAP_F_EXEC;
	expect("mmap: 4 MiB at 0x40000000", ioctl(fd, VM_MMAP_MEMSEG, &map), 0);
	map.gpa = 0x40200000;
	map.len = 1 << 20;
	expect("mmap: overlapping", ioctl(fd, VM_MMAP_MEMSEG, &map), EEXIST);

	p = mmap(NULL, 4 << 20, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 0x40000000);
	expect("mmap(2) guest RAM", p == MAP_FAILED ? -1 : 0, 0);
	if (p != MAP_FAILED) {
		((volatile char *)p)[0] = 1;
		munmap(p, 4 << 20);
	}
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0x40000000);
	expect("mmap(2) private mapping refused", p == MAP_FAILED ? -1 : 0,
	       EINVAL);

	memset(&reg, 0, sizeof(reg));
	reg.cpuid = VM_MAXCPU;
	expect("register: bad vcpu", ioctl(fd, VM_GET_REGISTER, &reg), EINVAL);
	reg.cpuid = 0;
	reg.regnum = VM_REG_LAST;
	expect("register: bad id", ioctl(fd, VM_GET_REGISTER, &reg), EINVAL);
	reg.regnum = VM_REG_GUEST_CPSR;
	reg.regval = 0x1a; /* HYP mode */
	expect("register: HYP-mode CPSR refused",
	       ioctl(fd, VM_SET_REGISTER, &reg), EINVAL);
	reg.regnum = VM_REG_GUEST_PC;
	reg.regval = 1ull << 32;
	expect("register: 33-bit PC refused", ioctl(fd, VM_SET_REGISTER, &reg),
	       EINVAL);
	reg.regval = 0x40000000;
	expect("register: set PC", ioctl(fd, VM_SET_REGISTER, &reg), 0);

	expect("run: inactive vcpu", ioctl(fd, VM_RUN, 0ul), ENXIO);
	expect("run: bad vcpu", ioctl(fd, VM_RUN, 99ul), EINVAL);
	expect("run: huge vcpu", ioctl(fd, VM_RUN, ~0ul), EINVAL);
	{
		struct vm_run_page *rp = mmap(NULL, VM_RUN_PAGE_SIZE,
					      PROT_READ | PROT_WRITE,
					      MAP_SHARED, fd,
					      VM_RUN_PAGE_OFFSET(1));

		expect("run page: mmap", rp == MAP_FAILED ? -1 : 0, 0);
		if (rp != MAP_FAILED) {
			expect("run page: ABI version",
			       rp->abi_version == VMM_ABI_VERSION ? 0 : -1, 0);
			munmap(rp, VM_RUN_PAGE_SIZE);
		}
	}
	act.vcpuid = 99;
	expect("activate: bad vcpu", ioctl(fd, VM_ACTIVATE_CPU, &act), EINVAL);
	act.vcpuid = 0;
	/* the board's GIC first: no machine without an interrupt controller */
	expect("activate: no GIC yet", ioctl(fd, VM_ACTIVATE_CPU, &act), ENODEV);
	expect("irq line: no GIC yet", ioctl(fd, VM_ASSERT_IRQ, &irq), ENODEV);
	gic.dist_gpa = 0x08000000;
	gic.dist_size = 0x10000;
	gic.cpu_gpa = 0x08010000;
	gic.cpu_size = 0x1000;
	expect("GIC: CPU interface under 8 KiB",
	       ioctl(fd, VM_ATTACH_VGIC, &gic), EINVAL);
	gic.cpu_size = 0x10000;
	gic.dist_gpa = 0x08000800;
	expect("GIC: unaligned distributor", ioctl(fd, VM_ATTACH_VGIC, &gic),
	       EINVAL);
	gic.dist_gpa = 0x08008000;
	expect("GIC: overlapping parts", ioctl(fd, VM_ATTACH_VGIC, &gic),
	       EINVAL);
	gic.dist_gpa = 0x40100000;
	expect("GIC: in guest RAM", ioctl(fd, VM_ATTACH_VGIC, &gic), EINVAL);
	gic.dist_gpa = 0xfffffff000000ull;
	expect("GIC: beyond the IPA space", ioctl(fd, VM_ATTACH_VGIC, &gic),
	       EINVAL);
	gic.dist_gpa = 0x08000000;
	gic.dist_size = 0;
	expect("GIC: empty distributor", ioctl(fd, VM_ATTACH_VGIC, &gic),
	       EINVAL);
	gic.dist_size = 0x10000;
	expect("GIC: attach", ioctl(fd, VM_ATTACH_VGIC, &gic), 0);
	expect("GIC: twice", ioctl(fd, VM_ATTACH_VGIC, &gic), EEXIST);
	map.gpa = 0x08010000;
	map.len = 1 << 20;
	expect("mmap: RAM over the GIC", ioctl(fd, VM_MMAP_MEMSEG, &map),
	       EEXIST);
	expect("irq line", ioctl(fd, VM_ASSERT_IRQ, &irq), 0);
	expect("activate", ioctl(fd, VM_ACTIVATE_CPU, &act), 0);
	expect("activate twice", ioctl(fd, VM_ACTIVATE_CPU, &act), EBUSY);

	expect("destroy while open", ctl(VMMCTL_VM_DESTROY, "abuse"), 0);
	expect("ioctl after destroy", ioctl(fd, VM_GET_REGISTER, &reg), ENODEV);
	close(fd);
	expect("name free again", ctl(VMMCTL_VM_CREATE, "abuse"), 0);
	expect("destroy", ctl(VMMCTL_VM_DESTROY, "abuse"), 0);
	close(ctlfd);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
