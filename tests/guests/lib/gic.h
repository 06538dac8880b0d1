/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * GICv2 distributor and CPU interface as the guests see them (QEMU virt
 * layout), the virtual timer, SMP start-up and the test device's
 * interrupt registers. Register names and offsets: GIC architecture
 * specification v2 (IHI 0048B) 4.1.2 and 4.1.3.
 */
#ifndef GUEST_GIC_H
#define GUEST_GIC_H

#include "guest.h"

#include "hw/gicv2.h"

#define GICD_BASE		((uint32_t)VIRT_GICD_BASE)
#define GICC_BASE		((uint32_t)VIRT_GICC_BASE)

/* GICD_SGIR target list filter (IHI 0048B 4.3.15). */
#define SGIR_TO_LIST		(0u << 24)
#define SGIR_TO_OTHERS		(1u << 24)
#define SGIR_TO_SELF		(2u << 24)

#define GIC_SPURIOUS		1023u
#define GIC_INTID(iar)		((iar) & 0x3ffu)
#define GIC_SGI_SRC(iar)	(((iar) >> 10) & 7u)	/* SGIs only */
#define GIC_MAX_INTID		1020u
#define GIC_NR_SGI		16u
#define GIC_IDLE_PRIORITY	0xffu	/* GICC_RPR with nothing active */

/* The virtual timer's PPI 11 (ARM ARM B8.1 / the VM's fixed wiring). */
#define IRQ_VTIMER		VIRT_VTIMER_INTID
#define IRQ_PTIMER		VIRT_PTIMER_INTID
/* The SPI the tests raise through testdev (SPI 8; the UART is SPI 1). */
#define IRQ_TESTDEV		40u

static inline uint32_t gicd_read(uint32_t off)
{
	return *(volatile uint32_t *)(GICD_BASE + off);
}

static inline void gicd_write(uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(GICD_BASE + off) = v;
	dsb();
}

static inline uint32_t gicc_read(uint32_t off)
{
	return *(volatile uint32_t *)(GICC_BASE + off);
}

static inline void gicc_write(uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(GICC_BASE + off) = v;
	dsb();
}

/* Number of interrupt IDs the distributor implements (GICD_TYPER). */
uint32_t gic_nr_irqs(void);
/* Distributor on (group 0 only, all SPIs disabled, priority 0xa0, to
 * CPU 0); call once, on CPU 0. */
void gic_dist_init(void);
/* This CPU's banked state and CPU interface: SGIs/PPIs disabled, PMR
 * 0xff, BPR minimum, interface on. Call on every CPU. */
void gic_cpu_init(void);

void gic_enable(uint32_t intid);
void gic_disable(uint32_t intid);
void gic_set_priority(uint32_t intid, uint8_t prio);
void gic_set_target(uint32_t intid, uint8_t cpumask);
void gic_set_level(uint32_t intid, int level);	/* 0: edge */
void gic_set_pending(uint32_t intid);
void gic_clear_pending(uint32_t intid);
int gic_is_pending(uint32_t intid);
int gic_is_active(uint32_t intid);
/* Clear pending and active of everything this CPU can see. */
void gic_clear_all(void);

void gic_send_sgi(uint32_t sgi, uint32_t filter, uint8_t cpumask);

static inline uint32_t gic_ack(void)
{
	return gicc_read(GICC_IAR);
}

static inline void gic_eoi(uint32_t iar)
{
	gicc_write(GICC_EOIR, iar);
}

/*
 * Interrupt handlers, shared by all CPUs, called with the full IAR value
 * from the IRQ vector between acknowledge and EOI. gic_irq_install()
 * hooks the IRQ vector to gic_irq_dispatch(); an interrupt without a
 * handler fails the guest.
 */
typedef void (*irq_handler_t)(uint32_t iar, unsigned cpu);
void gic_set_handler(uint32_t intid, irq_handler_t fn);
void gic_irq_install(void);
void gic_irq_dispatch(int vec, struct exc_frame *f);

static inline void irq_enable(void)
{
	__asm__ volatile("cpsie i" ::: "memory");
}

static inline void irq_disable(void)
{
	__asm__ volatile("cpsid i" ::: "memory");
}

/*
 * Unmask IRQs until *count - base reaches want (at most IRQ_WAIT_US),
 * then IRQ_QUIET_US more to catch extra deliveries; mask again. Answers
 * *count - base. Generous times: a hypervisor may deliver only at its
 * next exit (a host tick) and still be right.
 */
#define IRQ_WAIT_US		1000000u
#define IRQ_QUIET_US		20000u
uint32_t irq_window(volatile uint32_t *count, uint32_t base, uint32_t want);

/* With IRQs masked: sleep until an interrupt is signalled, take it, mask
 * again. Masking around the check and the WFI closes the lost-wake-up
 * race (WFI wakes on a pending IRQ even when CPSR.I is set: ARM ARM
 * B1.8, "Wait For Interrupt"). */
static inline void wfi_take_irq(void)
{
	__asm__ volatile("dsb\n\twfi\n\tcpsie i\n\tisb\n\tcpsid i" ::: "memory");
}

/* ---- generic timer, virtual and physical views (ARM ARM B8) ---------------- */

#define CNTV_CTL_ENABLE		(1u << 0)
#define CNTV_CTL_IMASK		(1u << 1)
#define CNTV_CTL_ISTATUS	(1u << 2)

static inline uint32_t read_cntfrq(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(v));
	return v;
}

/*
 * One timer's registers (B8.1.5), t = v (virtual) or p (physical): its
 * count (MRRC opc1 cnt_op1), CVAL (MRRC/MCRR opc1 cval_op1), CTL and TVAL
 * (c14, crm, opc2 1 and 0). Writes end with an isb; the count read starts
 * with one, since it is not otherwise ordered with earlier code.
 */
#define DEFINE_TIMER_REGS(t, cnt_op1, cval_op1, crm)				\
static inline uint64_t read_cnt##t##ct(void)				\
{									\
	uint32_t lo, hi;						\
									\
	__asm__ volatile("isb\n\tmrrc p15, " #cnt_op1 ", %0, %1, c14"	\
			 : "=r"(lo), "=r"(hi) :: "memory");		\
	return ((uint64_t)hi << 32) | lo;				\
}									\
static inline uint32_t read_cnt##t##_ctl(void)				\
{									\
	uint32_t v;							\
									\
	__asm__ volatile("mrc p15, 0, %0, c14, " #crm ", 1" : "=r"(v));	\
	return v;							\
}									\
static inline void write_cnt##t##_ctl(uint32_t v)			\
{									\
	__asm__ volatile("mcr p15, 0, %0, c14, " #crm ", 1\n\tisb"	\
			 :: "r"(v) : "memory");				\
}									\
static inline uint64_t read_cnt##t##_cval(void)				\
{									\
	uint32_t lo, hi;						\
									\
	__asm__ volatile("mrrc p15, " #cval_op1 ", %0, %1, c14"		\
			 : "=r"(lo), "=r"(hi));				\
	return ((uint64_t)hi << 32) | lo;				\
}									\
static inline void write_cnt##t##_cval(uint64_t v)			\
{									\
	__asm__ volatile("mcrr p15, " #cval_op1 ", %0, %1, c14\n\tisb"	\
			 :: "r"((uint32_t)v), "r"((uint32_t)(v >> 32))	\
			 : "memory");					\
}									\
static inline uint32_t read_cnt##t##_tval(void)				\
{									\
	uint32_t v;							\
									\
	__asm__ volatile("mrc p15, 0, %0, c14, " #crm ", 0" : "=r"(v));	\
	return v;							\
}									\
static inline void write_cnt##t##_tval(uint32_t v)			\
{									\
	__asm__ volatile("mcr p15, 0, %0, c14, " #crm ", 0\n\tisb"	\
			 :: "r"(v) : "memory");				\
}

DEFINE_TIMER_REGS(v, 1, 3, c3)	/* CNTVCT, CNTV_CVAL, CNTV_CTL/TVAL */
DEFINE_TIMER_REGS(p, 0, 2, c2)	/* CNTPCT, CNTP_CVAL, CNTP_CTL/TVAL */

/* Counter ticks in us microseconds, and back (for messages). */
uint64_t us_to_ticks(uint32_t us);
uint32_t ticks_to_us(uint64_t ticks);
/* n / d without libgcc (the guests link no runtime library). */
uint64_t udiv64(uint64_t n, uint32_t d);

/* Fire once at the absolute virtual count cval, interrupt unmasked. */
static inline void timer_arm_at(uint64_t cval)
{
	write_cntv_cval(cval);
	write_cntv_ctl(CNTV_CTL_ENABLE);
}

static inline void timer_stop(void)
{
	write_cntv_ctl(0);
}

/* Spin for us microseconds on the virtual counter. */
void udelay(uint32_t us);

/* ---- SMP ------------------------------------------------------------------ */

#define MAX_CPUS		8
#define MPIDR_AFF0(m)		((m) & 0xffu)

/* PSCI 0.2 CPU power functions (DEN0022 5.1) and return codes (5.2.2). */
#define PSCI_CPU_OFF		0x84000002u
#define PSCI_CPU_ON		0x84000003u
#define PSCI_AFFINITY_INFO	0x84000004u
#define PSCI_SUCCESS		0u
#define PSCI_INVALID_PARAMS	0xfffffffeu	/* -2 */
#define PSCI_DENIED		0xfffffffdu	/* -3 */
#define PSCI_ALREADY_ON		0xfffffffcu	/* -4 */
#define PSCI_ON_PENDING		0xfffffffbu	/* -5 */
#define PSCI_AFF_ON		0u
#define PSCI_AFF_OFF		1u
#define PSCI_AFF_ON_PENDING	2u

DEFINE_CP15_RW(mpidr, 0, c0, c0, 5)

/* This CPU's index: MPIDR Aff0, which is how the VM numbers vCPUs. */
static inline unsigned smp_cpu(void)
{
	return MPIDR_AFF0(read_mpidr());
}

typedef void (*smp_fn_t)(unsigned cpu);
/*
 * PSCI CPU_ON of MPIDR 0x80000000|cpu at the library's secondary entry,
 * which sets up that CPU's stacks and vectors, then calls fn(cpu) and
 * CPU_OFFs when it returns. Answers CPU_ON's return code.
 */
uint32_t smp_cpu_on(unsigned cpu, smp_fn_t fn);
uint32_t smp_affinity_info(unsigned cpu);
/* Poll AFFINITY_INFO until it answers want; 0 on success, -1 after
 * timeout_us. */
int smp_wait_affinity(unsigned cpu, uint32_t want, uint32_t timeout_us);
void smp_cpu_off(void) __noreturn;
/* Number of CPUs the GIC reports (GICD_TYPER.CPUNumber + 1). */
unsigned gic_nr_cpus(void);

/* Barrier-ordered stores/loads of flags shared between CPUs. With the
 * MMU off all data accesses are Strongly-ordered (B3.2.1), so plain
 * accesses are coherent; dmb orders them against the data they guard. */
static inline void smp_store(volatile uint32_t *p, uint32_t v)
{
	__asm__ volatile("dmb" ::: "memory");
	*p = v;
	dsb();
	__asm__ volatile("sev" ::: "memory");
}

static inline uint32_t smp_load(volatile uint32_t *p)
{
	uint32_t v = *p;

	__asm__ volatile("dmb" ::: "memory");
	return v;
}

/* ---- test device interrupt registers (bhyve -o testdev=true) ------------- */

#define TESTDEV_IRQ_ASSERT	0x100
#define TESTDEV_IRQ_DEASSERT	0x104

static inline void testdev_irq_assert(uint32_t intid)
{
	*(volatile uint32_t *)(TESTDEV_BASE + TESTDEV_IRQ_ASSERT) = intid;
	dsb();
}

static inline void testdev_irq_deassert(uint32_t intid)
{
	*(volatile uint32_t *)(TESTDEV_BASE + TESTDEV_IRQ_DEASSERT) = intid;
	dsb();
}

/* 1 if testdev answers (its scratch keeps a value), 0 on plain QEMU,
 * where the access aborts or reads 0. */
int testdev_present(void);

#endif /* GUEST_GIC_H */
