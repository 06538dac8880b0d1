/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Services the host OS glue (kmod/linux today) provides to the
 * machine-independent core and the arch backends. Nothing here names a
 * Linux type or an architecture, so a FreeBSD glue can implement the same
 * list; what one backend alone needs from the OS is its own interface
 * (kmod/arm/arm_os.h).
 */
#ifndef VMM_OS_H
#define VMM_OS_H

#include "vmm/types.h"

/* Memory */
void *vmm_os_zalloc(size_t size);
void vmm_os_free(void *p);
/*
 * 2^order zeroed pages of directly mapped memory, aligned to their size;
 * *pa gets their physical address.
 */
void *vmm_os_alloc_pages(unsigned int order, uint64_t *pa);
void vmm_os_free_pages(void *va, unsigned int order);
void *vmm_os_phys_to_virt(uint64_t pa);
/* Any kernel address: direct map or module image. */
uint64_t vmm_os_virt_to_phys(const void *va);
/* The module's own loaded image (code and data), which HYP maps. */
void vmm_os_module_image(uintptr_t *start, size_t *size);

/* Caches: clean to the point of coherency; make new code fetchable. */
void vmm_os_dcache_clean(void *va, size_t len);
void vmm_os_icache_sync(void *va, size_t len);
/* Every CPU's instruction cache (inner shareable). */
void vmm_os_icache_inval_all(void);

/* CPUs */
unsigned int vmm_os_cpu_id(void);
unsigned int vmm_os_ncpus_possible(void);
unsigned int vmm_os_ncpus_online(void);
bool vmm_os_cpu_online(unsigned int cpu);
/* Runs fn(arg) on cpu with preemption off, waits; -errno if it can't. */
int vmm_os_run_on_cpu(unsigned int cpu, void (*fn)(void *), void *arg);

/* Guest memory: zeroed pages the OS can also map into the VMM. */
struct vmm_os_mem;
struct vmm_os_mem *vmm_os_mem_alloc(uint64_t len);
void vmm_os_mem_free(struct vmm_os_mem *mem);
/* Physical address at off; *contig = bytes physically contiguous from there. */
uint64_t vmm_os_mem_pa(struct vmm_os_mem *mem, uint64_t off, uint64_t *contig);
void vmm_os_mem_clean(struct vmm_os_mem *mem, uint64_t off, uint64_t len);
int vmm_os_mem_read(struct vmm_os_mem *mem, uint64_t off, void *buf,
		    size_t len);
/* Largest guest memory segment the host allows. */
uint64_t vmm_os_max_guest_mem(void);

/* Scheduling, for the vCPU run loop */
bool vmm_os_signal_pending(void);
void vmm_os_cond_resched(void);
void vmm_os_yield(void);
/*
 * Grows whenever the calling thread is switched out (preempted, slept,
 * yielded): equal values around a stretch of kernel code mean the thread
 * kept its CPU throughout.
 */
unsigned long vmm_os_sched_count(void);
/* A signal waits for the calling thread, or the host wants its CPU. */
bool vmm_os_thread_wanted(void);
/* Another thread is runnable on this CPU: spinning would keep it waiting. */
bool vmm_os_cpu_contended(void);
/* One turn of a spin-wait loop (a hint to the CPU, a compiler barrier). */
void vmm_os_cpu_relax(void);
/* Names the calling thread (never NULL); only compared. */
const void *vmm_os_thread(void);
unsigned long vmm_os_irq_save(void);
void vmm_os_irq_restore(unsigned long flags);

/*
 * Locks and sleeping, for vCPU state and the emulated devices. A spin lock
 * may be taken with interrupts off (around a guest entry); the caller
 * keeps flags. vmm_os_wait sleeps until done(arg) is true, vmm_os_wake is
 * called, a signal arrives or the deadline passes (host monotonic ns, 0 =
 * none); done is rechecked after each wake-up, so a wake that races with
 * going to sleep is never lost.
 */
struct vmm_os_spin;
struct vmm_os_spin *vmm_os_spin_alloc(void);
void vmm_os_spin_free(struct vmm_os_spin *l);
unsigned long vmm_os_spin_lock(struct vmm_os_spin *l);
void vmm_os_spin_unlock(struct vmm_os_spin *l, unsigned long flags);

struct vmm_os_wait;
struct vmm_os_wait *vmm_os_wait_alloc(void);
void vmm_os_wait_free(struct vmm_os_wait *w);
void vmm_os_wait(struct vmm_os_wait *w, uint64_t deadline_ns,
		 bool (*done)(void *arg), void *arg);
void vmm_os_wake(struct vmm_os_wait *w);
uint64_t vmm_os_now_ns(void);
uint64_t vmm_os_div64(uint64_t n, uint32_t d);

/*
 * Forcing a vCPU out of the guest: an interrupt to the host CPU it runs on
 * (a physical interrupt exits the guest). Safe from any context.
 */
struct vmm_os_kick;
struct vmm_os_kick *vmm_os_kick_alloc(void);
void vmm_os_kick_free(struct vmm_os_kick *k);
void vmm_os_kick_cpu(struct vmm_os_kick *k, unsigned int cpu);

/*
 * A one-shot host timer for an emulated device's deadline (the guest's
 * physical timer): fn(arg) runs in interrupt context at deadline_ns
 * (vmm_os_now_ns's clock) and answers 0, or a later deadline to run again
 * at. Arming an armed timer moves it. vmm_os_timer_cancel returns once fn
 * is neither pending nor running; it must not be called from fn.
 */
struct vmm_os_timer;
struct vmm_os_timer *vmm_os_timer_alloc(uint64_t (*fn)(void *arg),
					void *arg);
void vmm_os_timer_free(struct vmm_os_timer *t);
void vmm_os_timer_arm(struct vmm_os_timer *t, uint64_t deadline_ns);
void vmm_os_timer_cancel(struct vmm_os_timer *t);

/* Device registers: a kernel mapping of [pa, pa + len), uncached. */
void *vmm_os_ioremap(uint64_t pa, size_t len);
void vmm_os_iounmap(void *va);

/* Logging: one line, no trailing newline needed. */
#define VMM_LOG_ERR  3
#define VMM_LOG_WARN 4
#define VMM_LOG_INFO 6
void vmm_os_log(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define vmm_err(...)  vmm_os_log(VMM_LOG_ERR, __VA_ARGS__)
#define vmm_warn(...) vmm_os_log(VMM_LOG_WARN, __VA_ARGS__)
#define vmm_info(...) vmm_os_log(VMM_LOG_INFO, __VA_ARGS__)

#endif /* VMM_OS_H */
