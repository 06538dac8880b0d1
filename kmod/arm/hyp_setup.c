// SPDX-License-Identifier: BSD-2-Clause
/*
 * Installs and removes the lowvisor on a host CPU.
 *
 * The HYP address space maps the module image, the HYP stacks and every
 * object handed to HYP at the same virtual addresses the host kernel uses,
 * so pointers pass between the two unchanged. One extra page, the
 * "idmap", holds hyp_init/hyp_teardown and is mapped at its physical
 * address: it is where HYP runs while its MMU is switched on or off.
 */
#include "vmm/types.h"
#include "vmm/os.h"
#include "hyp_abi.h"
#include "hyp_setup.h"
#include "lpae.h"
#include "lpae_os.h"

/* The kernel stub's answer to a call it does not serve (HVC_STUB_ERR). */
#define HYP_STUB_ERR 0xbadca11u
#define HYP_STUB_SOFT_RESTART 1

/* HTCR: 32-bit input range, table walks inner-shareable write-back (B4.1.76) */
#define HTCR_VALUE 0x80803500u
/* HMAIR0: attr0 normal write-back, attr1 device, attr2 normal non-cacheable */
#define HYP_ATTR_NORMAL 0
#define HYP_ATTR_DEVICE 1
#define HMAIR0_VALUE	0x004404ffu

#define HYP_PAGE_NORMAL                                                        \
	(LPAE_AF | LPAE_SH_INNER | LPAE_AP_SBO | LPAE_ATTRIDX(HYP_ATTR_NORMAL))
#define HYP_PAGE_NORMAL_XN (HYP_PAGE_NORMAL | LPAE_XN)

#define HYP_STACK_SIZE	   LPAE_PAGE_SIZE
#define HYP_PARAMS_OFFSET  2048 /* within the idmap page, after the code */

extern char hyp_idmap_start[], hyp_idmap_end[], hyp_init[], hyp_teardown[];
extern char hyp_vectors[];

_Static_assert(offsetof(struct hyp_init_params, httbr_lo) == HYP_INIT_HTTBR_LO, "");
_Static_assert(offsetof(struct hyp_init_params, httbr_hi) == HYP_INIT_HTTBR_HI, "");
_Static_assert(offsetof(struct hyp_init_params, htcr) == HYP_INIT_HTCR, "");
_Static_assert(offsetof(struct hyp_init_params, hmair0) == HYP_INIT_HMAIR0, "");
_Static_assert(offsetof(struct hyp_init_params, hmair1) == HYP_INIT_HMAIR1, "");
_Static_assert(offsetof(struct hyp_init_params, hvbar) == HYP_INIT_HVBAR, "");
_Static_assert(offsetof(struct hyp_init_params, hsctlr) == HYP_INIT_HSCTLR, "");
_Static_assert(sizeof(struct hyp_init_params) == HYP_INIT_SIZE, "");

struct hyp_cpu {
	void *stack;
	uint32_t stub_vectors; /* the kernel stub's HVBAR, given back on down */
	bool up;
};

static struct {
	struct lpae_table pgt;
	void *idmap;
	uint64_t idmap_pa;
	unsigned int ncpus;
	struct hyp_cpu *cpu;
} hyp;


/* Maps host kernel memory [va, va + size) into HYP at the same address. */
int hyp_map_kernel(const void *va, size_t size, bool exec)
{
	uintptr_t start = (uintptr_t)va & ~(uintptr_t)(LPAE_PAGE_SIZE - 1);
	uintptr_t end = ((uintptr_t)va + size + LPAE_PAGE_SIZE - 1) &
			~(uintptr_t)(LPAE_PAGE_SIZE - 1);
	uintptr_t p;
	int err;

	/* Page by page: module memory is not physically contiguous. */
	for (p = start; p < end; p += LPAE_PAGE_SIZE) {
		err = lpae_map(&hyp.pgt, p, vmm_os_virt_to_phys((void *)p),
			       LPAE_PAGE_SIZE,
			       exec ? HYP_PAGE_NORMAL : HYP_PAGE_NORMAL_XN,
			       false);
		if (err)
			return err;
	}
	return 0;
}

static int hyp_build_tables(const char **why)
{
	uintptr_t img;
	size_t img_size;
	unsigned int i;
	int err;

	vmm_os_module_image(&img, &img_size);
	err = hyp_map_kernel((void *)img, img_size, true);
	if (err)
		goto fail;
	for (i = 0; i < hyp.ncpus; i++) {
		err = hyp_map_kernel(hyp.cpu[i].stack, HYP_STACK_SIZE, false);
		if (err)
			goto fail;
	}
	/* VA == PA: must not land on a page the kernel half already uses. */
	err = lpae_map(&hyp.pgt, hyp.idmap_pa, hyp.idmap_pa, LPAE_PAGE_SIZE,
		       HYP_PAGE_NORMAL, false);
	if (err == -EEXIST || err == -EINVAL) {
		*why = "the lowvisor's identity page collides with its kernel mappings";
		return -ENOMEM;
	}
	if (err)
		goto fail;
	return 0;
fail:
	*why = "out of memory for the HYP page tables";
	return err;
}

static int hyp_prepare_idmap(const char **why)
{
	size_t code = (size_t)(hyp_idmap_end - hyp_idmap_start);
	struct hyp_init_params *p;

	if (code > HYP_PARAMS_OFFSET) {
		*why = "HYP init code larger than its page";
		return -EINVAL;
	}
	hyp.idmap = vmm_os_alloc_pages(0, &hyp.idmap_pa);
	if (!hyp.idmap) {
		*why = "out of memory for the HYP identity page";
		return -ENOMEM;
	}
	/* HYP's virtual address space is 32 bits wide. */
	if (hyp.idmap_pa >= 0xffffffffull - LPAE_PAGE_SIZE) {
		*why = "the HYP identity page is above 4 GiB";
		return -ENOMEM;
	}
	memcpy(hyp.idmap, hyp_idmap_start, code);
	p = (struct hyp_init_params *)((char *)hyp.idmap + HYP_PARAMS_OFFSET);
	p->httbr_lo = (uint32_t)hyp.pgt.root_pa;
	p->httbr_hi = (uint32_t)(hyp.pgt.root_pa >> 32);
	p->htcr = HTCR_VALUE;
	p->hmair0 = HMAIR0_VALUE;
	p->hmair1 = 0;
	p->hvbar = (uint32_t)(uintptr_t)hyp_vectors;
	p->hsctlr = HSCTLR_RES1 | HSCTLR_M | HSCTLR_C | HSCTLR_I;
	hyp_teardown_pa = (uint32_t)hyp.idmap_pa +
			  (uint32_t)(hyp_teardown - hyp_idmap_start);
	/*
	 * hyp_init runs with the HYP MMU and caches off: its code and
	 * parameters must be in memory, not only in our caches (B2.2.7).
	 */
	vmm_os_dcache_clean(hyp.idmap, LPAE_PAGE_SIZE);
	vmm_os_icache_sync(hyp.idmap, LPAE_PAGE_SIZE);
	return 0;
}

int hyp_setup_init(unsigned int ncpus, const char **why)
{
	uint64_t pa;
	unsigned int i;
	int err;

	hyp.ncpus = ncpus;
	hyp.cpu = vmm_os_zalloc(ncpus * sizeof(*hyp.cpu));
	if (!hyp.cpu) {
		*why = "out of memory";
		return -ENOMEM;
	}
	for (i = 0; i < ncpus; i++) {
		hyp.cpu[i].stack = vmm_os_alloc_pages(0, &pa);
		if (!hyp.cpu[i].stack) {
			*why = "out of memory for HYP stacks";
			err = -ENOMEM;
			goto fail;
		}
	}
	/* 4 first-level entries of 1 GiB: HYP's 32-bit address space */
	err = lpae_init(&hyp.pgt, &lpae_os_mm, NULL, 4);
	if (err) {
		*why = "out of memory for the HYP page tables";
		goto fail;
	}
	/* The idmap page next: it carries the tables' address and is mapped. */
	err = hyp_prepare_idmap(why);
	if (err)
		goto fail;
	err = hyp_build_tables(why);
	if (err)
		goto fail;
	return 0;
fail:
	hyp_setup_fini();
	return err;
}

void hyp_setup_fini(void)
{
	unsigned int i;

	lpae_destroy(&hyp.pgt);
	if (hyp.idmap)
		vmm_os_free_pages(hyp.idmap, 0);
	hyp.idmap = NULL;
	if (hyp.cpu) {
		for (i = 0; i < hyp.ncpus; i++)
			if (hyp.cpu[i].stack)
				vmm_os_free_pages(hyp.cpu[i].stack, 0);
		vmm_os_free(hyp.cpu);
	}
	hyp.cpu = NULL;
}

int hyp_cpu_install(unsigned int cpu)
{
	struct hyp_host_regs r;

	if (cpu >= hyp.ncpus)
		return -EINVAL;
	if (hyp.cpu[cpu].up)
		return 0;
	r.r[0] = HYP_STUB_SOFT_RESTART;
	r.r[1] = (uint32_t)hyp.idmap_pa +
		 (uint32_t)(hyp_init - hyp_idmap_start);
	r.r[2] = (uint32_t)hyp.idmap_pa + HYP_PARAMS_OFFSET;
	r.r[3] = (uint32_t)(uintptr_t)hyp.cpu[cpu].stack + HYP_STACK_SIZE;
	hyp_call(&r);
	if (r.r[0] == HYP_STUB_ERR || r.r[0] == HYP_ERR_NOFN || r.r[0] == 0) {
		vmm_err("CPU%u: the kernel's HYP stub refused the lowvisor (answer %#x)",
			cpu, r.r[0]);
		return -ENODEV;
	}
	hyp.cpu[cpu].stub_vectors = r.r[0];
	hyp.cpu[cpu].up = true;
	return 0;
}

void hyp_cpu_remove(unsigned int cpu)
{
	struct hyp_host_regs r;

	if (cpu >= hyp.ncpus || !hyp.cpu[cpu].up)
		return;
	r.r[0] = HYP_FN_TEARDOWN;
	r.r[1] = hyp.cpu[cpu].stub_vectors;
	r.r[2] = r.r[3] = 0;
	hyp_call(&r);
	hyp.cpu[cpu].up = false;
}

bool hyp_cpu_is_up(unsigned int cpu)
{
	return cpu < hyp.ncpus && hyp.cpu[cpu].up;
}

int hyp_cpu_ping(uint32_t cookie, uint32_t out[4])
{
	struct hyp_host_regs r = { { HYP_FN_PING, cookie, 0, 0 } };

	hyp_call(&r);
	memcpy(out, r.r, sizeof(r.r));
	return r.r[0] == HYP_PING_ANSWER(cookie) ? 0 : -EIO;
}
