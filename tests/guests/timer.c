/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtual timer (ARM ARM B8.1, CNTV_*) interrupts through PPI 11 =
 * INTID 27 at its deadline: never before CNTV_CVAL, and less than
 * LATE_US after it, whether the CPU spins with IRQs unmasked or sleeps
 * in WFI; exactly once per deadline (the handler masks the timer, which
 * lowers its level-sensitive line). CVAL and TVAL programming both.
 * Built as timer_migrate with PASSES > 1, it runs for a few seconds
 * while a scenario moves bhyve between host CPUs. Built as timer_phys
 * (PHYS_TIMER), it holds the physical timer (CNTP_*, PPI 14 = INTID 30,
 * compared with CNTPCT) to the same rules: vmm.ko emulates that one.
 */
#include "gic.h"

#ifdef PHYS_TIMER
#define T_NAME		"ptimer"
#define T_IRQ		IRQ_PTIMER
#define t_count		read_cntpct
#define t_read_ctl	read_cntp_ctl
#define t_write_ctl	write_cntp_ctl
#define t_read_cval	read_cntp_cval
#define t_write_cval	write_cntp_cval
#define t_write_tval	write_cntp_tval
#define t_read_tval	read_cntp_tval
#else
#define T_NAME		"timer"
#define T_IRQ		IRQ_VTIMER
#define t_count		read_cntvct
#define t_read_ctl	read_cntv_ctl
#define t_write_ctl	write_cntv_ctl
#define t_read_cval	read_cntv_cval
#define t_write_cval	write_cntv_cval
#define t_write_tval	write_cntv_tval
#define t_read_tval	read_cntv_tval
#endif

#ifndef PASSES
#define PASSES		1u	/* timer_migrate: many, for a long run */
#endif
/*
 * How late is too late. Without -icount the guest's counter follows the
 * build machine's clock, and the emulator's threads wait for the
 * machine's two cores: a deadline was seen 20 ms late on an idle machine
 * and 100 ms late next to another emulator. So this bound only catches a
 * deadline that waits for something else (this guest has no other
 * events: such a deadline would wait forever), far above any emulation
 * stall. How late a wake-up is belongs in the bench, under -icount.
 */
#define LATE_US		5000000u

static const uint32_t delays_us[] = { 1000, 3000, 10000, 500, 20000 };

static volatile uint32_t fired;
static volatile uint64_t fired_at;
static volatile uint32_t fired_ctl;

static void timer_irq(uint32_t iar, unsigned cpu)
{
	(void)iar;
	(void)cpu;
	fired_at = t_count();
	fired_ctl = t_read_ctl();
	/* IMASK drops the timer's output (B8.1.5), so after EOI the
	 * level-sensitive PPI is no longer pending. */
	t_write_ctl(CNTV_CTL_ENABLE | CNTV_CTL_IMASK);
	fired++;
}

/* One deadline delay_us from now; answers how late it came, in us. */
static uint32_t one(const char *how, int wfi, int tval, uint32_t delay_us)
{
	uint64_t deadline, give_up;
	uint32_t before, late;

	irq_disable();
	before = fired;
	if (tval) {
		/* TVAL write: CVAL = count + TVAL (B8.1.5). */
		t_write_tval((uint32_t)us_to_ticks(delay_us));
		t_write_ctl(CNTV_CTL_ENABLE);
		deadline = t_read_cval();
	} else {
		deadline = t_count() + us_to_ticks(delay_us);
		t_write_cval(deadline);
		t_write_ctl(CNTV_CTL_ENABLE);
	}
	/* The vCPU may have been descheduled past the deadline since it was
	 * computed: only an ISTATUS seen before the counter reached the
	 * deadline is wrong (CTL read first, then the counter). */
	if ((t_read_ctl() & CNTV_CTL_ISTATUS) && t_count() < deadline)
		guest_failf("%s %u us: ISTATUS set before the deadline", how,
			    delay_us);
	give_up = deadline + 10 * us_to_ticks(LATE_US);
	if (wfi) {
		/* WFI may return early (B1.8, "Wait For Interrupt"): sleep
		 * again until the interrupt or give_up. A WFI that never
		 * returns is caught by the harness's timeout. */
		while (fired == before && t_count() < give_up)
			wfi_take_irq();
	} else {
		irq_enable();
		while (fired == before && t_count() < give_up)
			;
		irq_disable();
	}
	if (fired == before)
		guest_failf("%s %u us: no interrupt %u us after the deadline",
			    how, delay_us, 10 * LATE_US);
	if (fired_at < deadline)
		guest_failf("%s %u us: interrupt %u ticks early", how,
			    delay_us, (uint32_t)(deadline - fired_at));
	if (!(fired_ctl & CNTV_CTL_ISTATUS))
		guest_failf("%s %u us: ISTATUS clear in the handler (ctl 0x%x)",
			    how, delay_us, fired_ctl);
	late = ticks_to_us(fired_at - deadline);
	if (late >= LATE_US)
		guest_failf("%s %u us: interrupt %u us late", how, delay_us,
			    late);
	/* Masked and EOIed: it must not come again. */
	irq_enable();
	udelay(2000);
	irq_disable();
	if (fired != before + 1)
		guest_failf("%s %u us: %u interrupts for one deadline", how,
			    delay_us, fired - before);
	t_write_ctl(0);
	return late;
}

/*
 * The registers themselves (B8.1.5): CVAL reads back, TVAL counts down to
 * it, ISTATUS follows the condition even while IMASK holds the interrupt
 * back, and a masked timer interrupts nobody.
 */
static void registers(void)
{
	uint64_t ahead = us_to_ticks(100000), cval;
	uint32_t tval, ctl, before = fired;

	irq_disable();
	cval = t_count() + ahead;
	t_write_cval(cval);
	t_write_ctl(CNTV_CTL_ENABLE | CNTV_CTL_IMASK);
	if (t_read_cval() != cval)
		guest_failf("CVAL reads back 0x%08x (low word), wrote 0x%08x",
			    (uint32_t)t_read_cval(), (uint32_t)cval);
	tval = t_read_tval();
	if (tval == 0 || tval > ahead)
		guest_failf("TVAL reads %u, not in (0, %u]", tval,
			    (uint32_t)ahead);
	ctl = t_read_ctl();
	if (ctl != (CNTV_CTL_ENABLE | CNTV_CTL_IMASK))
		guest_failf("CTL reads 0x%x before the deadline", ctl);
	t_write_cval(t_count() - 1);
	ctl = t_read_ctl();
	if (ctl != (CNTV_CTL_ENABLE | CNTV_CTL_IMASK | CNTV_CTL_ISTATUS))
		guest_failf("CTL reads 0x%x past the deadline", ctl);
	if ((int32_t)t_read_tval() >= 0)
		guest_failf("TVAL reads %d past the deadline",
			    (int32_t)t_read_tval());
	irq_enable();
	udelay(2000);
	irq_disable();
	if (fired != before)
		guest_failf("a masked timer interrupted");
	t_write_ctl(0);
}

#ifdef PHYS_TIMER
/*
 * From PL0 the physical timer is the guest kernel's to grant: with
 * CNTKCTL.PL0PTEN clear an access is UNDEFINED, with it set the access
 * works (B4.1.26), whichever way vmm.ko sees it. The PL0 part is one asm
 * block that uses no stack (SP_usr is not set up): cps to User, the
 * access, then svc, whose hook returns to SVC mode after it.
 */
#define CNTKCTL_PL0PTEN (1u << 9)
static volatile uint32_t pl0_undefs;

static void pl0_undef(int vec, struct exc_frame *f)
{
	pl0_undefs++;
	exc_skip_insn(vec, f);
}

static void pl0_back(int vec, struct exc_frame *f)
{
	(void)vec;
	f->spsr = (f->spsr & ~0x1fu) | 0x13u; /* SVC, after the svc */
}

/* CNTP_CTL written with v, then read, at PL0; answers the read. */
static uint32_t pl0_ctl(uint32_t v)
{
	register uint32_t r0 __asm__("r0") = v;

	__asm__ volatile("cps	#0x10\n\t"
			 "mcr	p15, 0, r0, c14, c2, 1\n\t"
			 "isb\n\t"
			 "mrc	p15, 0, r0, c14, c2, 1\n\t"
			 "svc	#0"
			 : "+r"(r0) :: "lr", "memory");
	return r0;
}

static void pl0_access(void)
{
	exc_hook_t old_undef = exc_set_hook(EXC_UNDEF, pl0_undef);
	exc_hook_t old_svc = exc_set_hook(EXC_SVC, pl0_back);
	uint32_t kctl, v;

	__asm__ volatile("mrc p15, 0, %0, c14, c1, 0" : "=r"(kctl));
	kctl &= ~CNTKCTL_PL0PTEN;
	__asm__ volatile("mcr p15, 0, %0, c14, c1, 0\n\tisb" ::"r"(kctl));
	pl0_undefs = 0;
	(void)pl0_ctl(CNTV_CTL_IMASK); /* both accesses refused */
	if (pl0_undefs != 2)
		guest_failf("PL0 without PL0PTEN: %u of 2 accesses undefined",
			    pl0_undefs);
	if (t_read_ctl() != 0)
		guest_failf("PL0 without PL0PTEN changed CTL to 0x%x",
			    t_read_ctl());
	__asm__ volatile("mcr p15, 0, %0, c14, c1, 0\n\tisb"
			 ::"r"(kctl | CNTKCTL_PL0PTEN));
	pl0_undefs = 0;
	v = pl0_ctl(CNTV_CTL_IMASK);
	if (pl0_undefs != 0 || v != CNTV_CTL_IMASK)
		guest_failf("PL0 with PL0PTEN: %u undefined, CTL reads 0x%x",
			    pl0_undefs, v);
	t_write_ctl(0);
	__asm__ volatile("mcr p15, 0, %0, c14, c1, 0\n\tisb" ::"r"(kctl));
	exc_set_hook(EXC_UNDEF, old_undef);
	exc_set_hook(EXC_SVC, old_svc);
}
#endif

int main(void)
{
	uint32_t freq = read_cntfrq(), i, pass, late, max[2] = { 0, 0 };
	const uint32_t n = sizeof(delays_us) / sizeof(delays_us[0]);
	int wfi;

	if (freq < 1000000u)
		guest_failf("CNTFRQ %u Hz: not programmed?", freq);
	gic_dist_init();
	gic_cpu_init();
	gic_irq_install();
	gic_set_handler(T_IRQ, timer_irq);
	gic_set_priority(T_IRQ, 0x80);
	gic_enable(T_IRQ);
	printf(T_NAME ": CNTFRQ %u Hz\n", freq);
	registers();
#ifdef PHYS_TIMER
	pl0_access();
#endif

	for (pass = 0; pass < PASSES; pass++) {
		for (wfi = 0; wfi <= 1; wfi++) {
			const char *how = wfi ? "wfi" : "spin";

			for (i = 0; i < n; i++) {
				late = one(how, wfi, 0, delays_us[i]);
				if (late > max[wfi])
					max[wfi] = late;
			}
			late = one(how, wfi, 1, 2000);
			if (late > max[wfi])
				max[wfi] = late;
		}
		if (PASSES > 1 && (pass + 1) % 10 == 0)
			printf(T_NAME ": pass %u done\n", pass + 1);
	}
	printf(T_NAME ": %u deadlines spinning, latest by %u us; %u in WFI, "
	       "latest by %u us\n", PASSES * (n + 1), max[0],
	       PASSES * (n + 1), max[1]);
	if (fired != PASSES * 2 * (n + 1))
		guest_failf("%u interrupts in all", fired);
	guest_pass();
}
