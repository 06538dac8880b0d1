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
#include <linux/highmem.h>
#include <linux/sched/signal.h>
#include <linux/sched/stat.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/percpu.h>
#include <asm/cacheflush.h>

#include "vmm/os.h"
#include "vmm_linux.h"

void *vmm_os_zalloc(size_t size)
{
	return kzalloc(size, GFP_KERNEL);
}

void vmm_os_free(void *p)
{
	kfree(p);
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

void vmm_os_icache_inval_all(void)
{
	/* ICIALLUIS (B4.2.1); the kernel's helper for it is not exported. */
	asm volatile("mcr p15, 0, %0, c7, c1, 0\n\tdsb ish\n\tisb"
		     :
		     : "r"(0)
		     : "memory");
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

void *vmm_os_alloc_pages(unsigned int order, uint64_t *pa)
{
	/* Low memory: directly mapped, so HYP can share the kernel's address. */
	void *va = (void *)__get_free_pages(GFP_KERNEL | __GFP_ZERO, order);

	if (va)
		*pa = virt_to_phys(va);
	return va;
}

void vmm_os_free_pages(void *va, unsigned int order)
{
	free_pages((unsigned long)va, order);
}

bool vmm_os_signal_pending(void)
{
	return signal_pending(current);
}

void vmm_os_cond_resched(void)
{
	cond_resched();
}

void vmm_os_yield(void)
{
	/* Let anything runnable go first; return at once if nothing is. */
	schedule_timeout_interruptible(0);
	cond_resched();
}

unsigned long vmm_os_sched_count(void)
{
	/* __schedule() bumps one of them each time it switches away from us */
	return current->nvcsw + current->nivcsw;
}

bool vmm_os_thread_wanted(void)
{
	return signal_pending(current) || need_resched();
}

bool vmm_os_cpu_contended(void)
{
	return !single_task_running();
}

void vmm_os_cpu_relax(void)
{
	cpu_relax();
}

const void *vmm_os_thread(void)
{
	return current;
}

unsigned long vmm_os_irq_save(void)
{
	unsigned long flags;

	local_irq_save(flags);
	return flags;
}

void vmm_os_irq_restore(unsigned long flags)
{
	local_irq_restore(flags);
}

/* ---- guest memory ------------------------------------------------------ */

#define CHUNK_ORDER 9 /* 2 MiB: one stage-2 block */

struct vmm_os_mem {
	uint64_t len;
	unsigned long npages;
	struct page **pages;
};

uint64_t vmm_os_max_guest_mem(void)
{
	return (uint64_t)totalram_pages() << PAGE_SHIFT;
}

/*
 * Guest RAM is pinned: nothing reclaims or swaps it while the VM lives. So
 * a VM may only take what the host could still give without swapping
 * (MemAvailable, which already leaves the zones' watermarks alone) less
 * a reserve for the host's own work: an eighth of its RAM, at least
 * 64 MiB. Without it, allocations drain the zones to their minimum
 * watermark and the host's next fork meets the OOM killer.
 */
#define GUEST_MEM_RESERVE_MIN ((64ul << 20) >> PAGE_SHIFT)

static bool guest_mem_fits(uint64_t len)
{
	unsigned long reserve = max(totalram_pages() / 8, GUEST_MEM_RESERVE_MIN);
	long avail = si_mem_available();

	return avail > (long)reserve &&
	       (len >> PAGE_SHIFT) <= (unsigned long)avail - reserve;
}

/*
 * Pages are charged to the memory cgroup of the process that creates the
 * VM (__GFP_ACCOUNT), and stay charged to it as long as the VM holds them,
 * whether or not that process lives on.
 */
#define GUEST_GFP (GFP_HIGHUSER | __GFP_ZERO | __GFP_NOWARN | __GFP_ACCOUNT)

struct vmm_os_mem *vmm_os_mem_alloc(uint64_t len)
{
	struct vmm_os_mem *m;
	unsigned long i = 0, j;
	bool chunks = true;
	struct page *p;

	if (!guest_mem_fits(len))
		return NULL;
	m = kzalloc(sizeof(*m), GFP_KERNEL_ACCOUNT);
	if (!m)
		return NULL;
	m->len = len;
	m->npages = len >> PAGE_SHIFT;
	m->pages = kvcalloc(m->npages, sizeof(*m->pages), GFP_KERNEL_ACCOUNT);
	if (!m->pages)
		goto fail;
	while (i < m->npages) {
		/*
		 * Each chunk is zeroed, and reclaim may run for it: yield on
		 * every one, or a large VM stalls RCU on a busy host (seen
		 * with 512 MiB while the page cache was full).
		 */
		cond_resched();
		/*
		 * Aligned 2 MiB chunks while the allocator has them free:
		 * stage-2 blocks. Only free ones: reclaim and compaction for
		 * each of a large VM's chunks kept a busy host's CPU for
		 * tens of seconds (a soft lockup with 512 MiB and a full page
		 * cache); after the first miss, single pages.
		 */
		if (chunks && m->npages - i >= (1ul << CHUNK_ORDER)) {
			p = alloc_pages((GUEST_GFP | __GFP_NORETRY) & ~__GFP_DIRECT_RECLAIM,
					CHUNK_ORDER);
			if (p) {
				/* Single pages, so each can be mapped and
				 * reference-counted on its own. */
				split_page(p, CHUNK_ORDER);
				for (j = 0; j < (1ul << CHUNK_ORDER); j++)
					m->pages[i++] = p + j;
				continue;
			}
			chunks = false;
		}
		/* Fail the request rather than OOM-kill host processes. */
		p = alloc_page(GUEST_GFP | __GFP_RETRY_MAYFAIL);
		if (!p)
			goto fail;
		m->pages[i++] = p;
	}
	return m;
fail:
	vmm_os_mem_free(m);
	return NULL;
}

void vmm_os_mem_free(struct vmm_os_mem *m)
{
	unsigned long i;

	if (m->pages) {
		/* Pages still mapped into a VMM live on until it unmaps. */
		for (i = 0; i < m->npages && m->pages[i]; i++)
			put_page(m->pages[i]);
		kvfree(m->pages);
	}
	kfree(m);
}

struct page *vmm_lx_mem_page(struct vmm_os_mem *m, uint64_t off)
{
	return off < m->len ? m->pages[off >> PAGE_SHIFT] : NULL;
}

uint64_t vmm_os_mem_pa(struct vmm_os_mem *m, uint64_t off, uint64_t *contig)
{
	unsigned long i = off >> PAGE_SHIFT, n = 1;
	unsigned long pfn = page_to_pfn(m->pages[i]);

	while (i + n < m->npages && n < (1ul << CHUNK_ORDER) &&
	       page_to_pfn(m->pages[i + n]) == pfn + n)
		n++;
	*contig = ((uint64_t)n << PAGE_SHIFT) - (off & ~PAGE_MASK);
	return ((uint64_t)pfn << PAGE_SHIFT) | (off & ~PAGE_MASK);
}

void vmm_os_mem_clean(struct vmm_os_mem *m, uint64_t off, uint64_t len)
{
	unsigned long i, end = (off + len + PAGE_SIZE - 1) >> PAGE_SHIFT;
	void *va;

	for (i = off >> PAGE_SHIFT; i < end && i < m->npages; i++) {
		va = kmap_local_page(m->pages[i]);
		__cpuc_flush_dcache_area(va, PAGE_SIZE);
		kunmap_local(va);
		if (!(i & 255))
			cond_resched();
	}
}

int vmm_os_mem_read(struct vmm_os_mem *m, uint64_t off, void *buf, size_t len)
{
	size_t n;
	char *va;

	if (off >= m->len || len > m->len - off)
		return -EFAULT;
	while (len) {
		n = min_t(size_t, len, PAGE_SIZE - (off & ~PAGE_MASK));
		va = kmap_local_page(m->pages[off >> PAGE_SHIFT]);
		memcpy(buf, va + (off & ~PAGE_MASK), n);
		kunmap_local(va);
		buf = (char *)buf + n;
		off += n;
		len -= n;
	}
	return 0;
}

/* ---- locks, sleeping, kicks ------------------------------------------- */

struct vmm_os_spin {
	spinlock_t lock;
};

struct vmm_os_spin *vmm_os_spin_alloc(void)
{
	struct vmm_os_spin *l = kzalloc(sizeof(*l), GFP_KERNEL);

	if (l)
		spin_lock_init(&l->lock);
	return l;
}

void vmm_os_spin_free(struct vmm_os_spin *l)
{
	kfree(l);
}

/* returns with the lock held: an imbalance on purpose, for sparse */
unsigned long vmm_os_spin_lock(struct vmm_os_spin *l) __acquires(&l->lock)
{
	unsigned long flags;

	spin_lock_irqsave(&l->lock, flags);
	return flags;
}

void vmm_os_spin_unlock(struct vmm_os_spin *l, unsigned long flags)
	__releases(&l->lock)
{
	spin_unlock_irqrestore(&l->lock, flags);
}

struct vmm_os_wait {
	wait_queue_head_t wq;
};

struct vmm_os_wait *vmm_os_wait_alloc(void)
{
	struct vmm_os_wait *w = kzalloc(sizeof(*w), GFP_KERNEL);

	if (w)
		init_waitqueue_head(&w->wq);
	return w;
}

void vmm_os_wait_free(struct vmm_os_wait *w)
{
	kfree(w);
}

void vmm_os_wait(struct vmm_os_wait *w, uint64_t deadline_ns,
		 bool (*done)(void *arg), void *arg)
{
	ktime_t t = ns_to_ktime(deadline_ns);
	DEFINE_WAIT(wait);

	for (;;) {
		prepare_to_wait(&w->wq, &wait, TASK_INTERRUPTIBLE);
		if (done(arg) || signal_pending(current))
			break;
		if (!deadline_ns) {
			schedule();
			continue;
		}
		/* No slack: the guest's timer deadline is exact (B8.1.5). */
		if (!schedule_hrtimeout_range(&t, 0, HRTIMER_MODE_ABS))
			break;
	}
	finish_wait(&w->wq, &wait);
}

void vmm_os_wake(struct vmm_os_wait *w)
{
	wake_up_interruptible(&w->wq);
}

uint64_t vmm_os_now_ns(void)
{
	return ktime_get_ns();
}

uint64_t vmm_os_div64(uint64_t n, uint32_t d)
{
	return div_u64(n, d);
}

/*
 * An asynchronous cross-CPU call arrives as an IPI: enough to make a guest
 * running there exit (HCR.IMO); the call itself does nothing.
 *
 * smp_call_function_single_async() leaves it to the caller to serialize
 * the uses of one csd: its busy check and its lock are two steps. Two
 * CPUs (or a thread and an interrupt on one CPU) kicking the same vCPU
 * at once both queued the csd, which made the target's call list a
 * cycle: that CPU then spun in its IPI handler with interrupts off for
 * good (a 3-vCPU SGI storm on a 4-CPU host). So a kick owns the csd from
 * its busy flag's 0 -> 1 until the call has run; a kick that finds it
 * set is already on its way, as good as a second one.
 */
struct vmm_os_kick {
	call_single_data_t csd;
	atomic_t busy;
};

static void vmm_kick_fn(void *info)
{
	struct vmm_os_kick *k = info;

	/*
	 * Fully ordered: what a skipped kicker published before it saw the
	 * flag set is visible to the vCPU's next look for work.
	 */
	atomic_xchg(&k->busy, 0);
}

struct vmm_os_kick *vmm_os_kick_alloc(void)
{
	struct vmm_os_kick *k = kzalloc(sizeof(*k), GFP_KERNEL);

	if (k)
		INIT_CSD(&k->csd, vmm_kick_fn, k);
	return k;
}

void vmm_os_kick_free(struct vmm_os_kick *k)
{
	if (!k)
		return;
	/* An IPI still in flight owns the csd until its call has run. */
	while (atomic_read_acquire(&k->busy))
		cpu_relax();
	kfree(k);
}

void vmm_os_kick_cpu(struct vmm_os_kick *k, unsigned int cpu)
{
	if (atomic_cmpxchg(&k->busy, 0, 1))
		return;
	/* Not queued (the CPU went offline): no call will clear the flag. */
	if (smp_call_function_single_async(cpu, &k->csd))
		atomic_set_release(&k->busy, 0);
}

/* ---- timers for emulated devices ------------------------------------- */

struct vmm_os_timer {
	struct hrtimer hr;
	uint64_t (*fn)(void *arg);
	void *arg;
};

static enum hrtimer_restart vmm_timer_fn(struct hrtimer *hr)
{
	struct vmm_os_timer *t = container_of(hr, struct vmm_os_timer, hr);
	uint64_t again = t->fn(t->arg);

	if (!again)
		return HRTIMER_NORESTART;
	hrtimer_set_expires(hr, ns_to_ktime(again));
	return HRTIMER_RESTART;
}

struct vmm_os_timer *vmm_os_timer_alloc(uint64_t (*fn)(void *arg), void *arg)
{
	struct vmm_os_timer *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	/* hard: the callback only marks an interrupt line, never sleeps */
	hrtimer_init(&t->hr, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_HARD);
	t->hr.function = vmm_timer_fn;
	t->fn = fn;
	t->arg = arg;
	return t;
}

void vmm_os_timer_free(struct vmm_os_timer *t)
{
	if (!t)
		return;
	hrtimer_cancel(&t->hr);
	kfree(t);
}

void vmm_os_timer_arm(struct vmm_os_timer *t, uint64_t deadline_ns)
{
	hrtimer_start(&t->hr, ns_to_ktime(deadline_ns), HRTIMER_MODE_ABS_HARD);
}

void vmm_os_timer_cancel(struct vmm_os_timer *t)
{
	hrtimer_cancel(&t->hr);
}

/* ---- device registers --------------------------------------------------- */

void *vmm_os_ioremap(uint64_t pa, size_t len)
{
	return (void __force *)ioremap(pa, len);
}

void vmm_os_iounmap(void *va)
{
	iounmap((void __iomem __force *)va);
}
