// SPDX-License-Identifier: BSD-2-Clause
/*
 * Cuts a mapping of guest RAM into pieces (partial munmap, mprotect of one
 * page, mremap) and checks the VM stays usable: every piece the kernel
 * makes must hold its own reference on the VM, or the last munmap frees
 * it while the file is still open. Runs in the emulated host; prints one
 * line per check and "N passed, N failed".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "uapi/vmm_dev.h"
#include "progs.h"

#define GPA 0x40000000u
#define PG  4096u

static int passed, failed;

static void expect(const char *what, int ok)
{
	printf("%s: %s\n", ok ? "PASS" : "FAIL", what);
	if (ok)
		passed++;
	else
		failed++;
}

/* A VM with 64 KiB of RAM at GPA; returns its open device file. */
static int vm_setup(const char *name)
{
	struct vm_memseg seg = { .segid = 0, .len = 64 << 10 };
	struct vm_memmap map = { .gpa = GPA, .len = 64 << 10,
				 .flags = VM_MEMMAP_F_WRITE };
	char path[64];
	int fd;

	if (ctl(VMMCTL_VM_CREATE, name))
		return -1;
	snprintf(path, sizeof(path), "/dev/vmm/%s", name);
	fd = open(path, O_RDWR);
	if (fd < 0 || ioctl(fd, VM_ALLOC_MEMSEG, &seg) ||
	    ioctl(fd, VM_MMAP_MEMSEG, &map))
		return -1;
	return fd;
}

/* The VM still answers: its state was not freed under us. */
static int vm_alive(int fd)
{
	struct vm_register reg = { .cpuid = 0, .regnum = VM_REG_GUEST_PC,
				   .regval = GPA };

	return ioctl(fd, VM_SET_REGISTER, &reg) == 0 &&
	       ioctl(fd, VM_GET_REGISTER, &reg) == 0 && reg.regval == GPA;
}

static char *map16k(int fd)
{
	char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       GPA);

	return p == MAP_FAILED ? NULL : p;
}

static void split_munmap(void)
{
	int fd = vm_setup("sp");
	char *p = fd < 0 ? NULL : map16k(fd);

	expect("split: VM with 64 KiB mapped", p != NULL);
	if (!p)
		return;
	memset(p, 0x5a, 4 * PG);
	munmap(p + PG, PG);
	munmap(p, PG);
	munmap(p + 2 * PG, 2 * PG);
	expect("split: VM alive after munmap of every piece", vm_alive(fd));
	close(fd);
	expect("split: destroy", ctl(VMMCTL_VM_DESTROY, "sp") == 0);
}

static void split_mprotect(void)
{
	int fd = vm_setup("spp");
	char *p = fd < 0 ? NULL : map16k(fd);

	expect("mprotect: VM with 64 KiB mapped", p != NULL);
	if (!p)
		return;
	p[PG] = 1;
	expect("mprotect: one page read-only",
	       mprotect(p + PG, PG, PROT_READ) == 0);
	expect("mprotect: page still readable", p[PG] == 1);
	munmap(p, 4 * PG);
	expect("mprotect: VM alive after munmap", vm_alive(fd));
	/* Pieces outlive the file and the VM's name. */
	p = map16k(fd);
	if (p)
		mprotect(p + PG, PG, PROT_READ);
	close(fd);
	expect("mprotect: destroy with pieces mapped",
	       ctl(VMMCTL_VM_DESTROY, "spp") == 0);
	if (p) {
		p[0] = 7;
		expect("mprotect: pieces usable after destroy",
		       p[0] == 7 && p[PG] == 1);
		munmap(p, 4 * PG);
	}
}

static void split_mremap(void)
{
	int fd = vm_setup("spr");
	char *p = fd < 0 ? NULL : map16k(fd), *q, *r;

	expect("mremap: VM with 64 KiB mapped", p != NULL);
	if (!p)
		return;
	p[0] = 0x11;
	p[3 * PG] = 0x33;
	/* Move the last page elsewhere, then shrink what is left. */
	r = mmap(NULL, PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	q = mremap(p + 3 * PG, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, r);
	expect("mremap: move one page", q == r && q[0] == 0x33);
	r = mremap(p, 3 * PG, PG, 0);
	expect("mremap: shrink", r == p && p[0] == 0x11);
	r = mremap(p, PG, 2 * PG, MREMAP_MAYMOVE);
	expect("mremap: growing refused", r == MAP_FAILED);
	munmap(p, PG);
	expect("mremap: VM alive with one piece left", vm_alive(fd));
	munmap(q, PG);
	expect("mremap: VM alive with none left", vm_alive(fd));
	close(fd);
	expect("mremap: destroy", ctl(VMMCTL_VM_DESTROY, "spr") == 0);
}

int main(void)
{
	split_munmap();
	split_mprotect();
	split_mremap();
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
