// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0)
/* vmm/os.h on Linux. */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <linux/io.h>
#include <linux/smp.h>
#include <linux/cpumask.h>
#include <linux/printk.h>
#include <asm/cacheflush.h>

#include "vmm/os.h"

void *vmm_os_zalloc(size_t size)
{
	return kzalloc(size, GFP_KERNEL);
}

void vmm_os_free(void *p)
{
	kfree(p);
}

void *vmm_os_alloc_page(uint64_t *pa)
{
	/* Low memory: directly mapped, so HYP can share the kernel's address. */
	void *va = (void *)get_zeroed_page(GFP_KERNEL);

	if (va)
		*pa = virt_to_phys(va);
	return va;
}

void vmm_os_free_page(void *va)
{
	free_page((unsigned long)va);
}

void *vmm_os_phys_to_virt(uint64_t pa)
{
	return phys_to_virt((phys_addr_t)pa);
}

uint64_t vmm_os_virt_to_phys(const void *va)
{
	unsigned long a = (unsigned long)va;

	if (a >= PAGE_OFFSET && a < (unsigned long)high_memory)
		return virt_to_phys(va);
	/* module image and vmalloc space: page by page */
	return ((uint64_t)vmalloc_to_pfn(va) << PAGE_SHIFT) | (a & ~PAGE_MASK);
}

void vmm_os_module_image(uintptr_t *start, size_t *size)
{
	*start = (uintptr_t)THIS_MODULE->core_layout.base;
	*size = THIS_MODULE->core_layout.size;
}

void vmm_os_dcache_clean(void *va, size_t len)
{
	__cpuc_flush_dcache_area(va, len);
}

void vmm_os_icache_sync(void *va, size_t len)
{
	flush_icache_range((unsigned long)va, (unsigned long)va + len);
}

unsigned int vmm_os_cpu_id(void)
{
	return smp_processor_id();
}

unsigned int vmm_os_ncpus_possible(void)
{
	return nr_cpu_ids;
}

unsigned int vmm_os_ncpus_online(void)
{
	return num_online_cpus();
}

bool vmm_os_cpu_online(unsigned int cpu)
{
	return cpu_online(cpu);
}

int vmm_os_run_on_cpu(unsigned int cpu, void (*fn)(void *), void *arg)
{
	return smp_call_function_single(cpu, fn, arg, 1);
}

int vmm_os_read_phys32(uint64_t pa, uint32_t *val)
{
	void __iomem *p = ioremap(pa & PAGE_MASK, PAGE_SIZE);

	if (!p)
		return -ENOMEM;
	*val = readl_relaxed(p + (pa & ~PAGE_MASK));
	iounmap(p);
	return 0;
}

void vmm_os_log(int level, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	switch (level) {
	case VMM_LOG_ERR:
		pr_err("vmm: %pV\n", &vaf);
		break;
	case VMM_LOG_WARN:
		pr_warn("vmm: %pV\n", &vaf);
		break;
	default:
		pr_info("vmm: %pV\n", &vaf);
		break;
	}
	va_end(args);
}
