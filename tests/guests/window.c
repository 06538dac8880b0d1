/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A hostile guest against the highvisor's interrupts-off window (the
 * traps answered between two entries, hyp-switch.S "the lazy state"),
 * run with 2 vCPUs while the host has kprobes on what that window calls.
 *
 * vCPU 0 reads one line from its console: "o" keeps its own stacks,
 * "h ADDR" points its Undefined, Abort and IRQ stacks at ADDR (a host
 * kernel address), "z ADDR" points SP_und at 0x100 and SP_abt at ADDR.
 * Every round it writes new patterns into the LR and SPSR of those modes,
 * SPSR_svc, SP_usr, the FIQ bank and the fault registers, then makes the
 * exits the window answers: SGIR writes to vCPU 1 (which wake its thread
 * or kick its CPU), PSCI calls over hvc and smc, distributor reads, and
 * every few rounds CPU_OFF and CPU_ON of vCPU 1. Afterwards every
 * register must be as it left it: a host exception in the window may
 * neither store through the guest's stack pointers nor change its state.
 * vCPU 0 keeps its interrupts masked: it never uses those stacks itself.
 */
#include "gic.h"

__asm__(".arch_extension virt");

#define ROUNDS		200u
#define EXITS		8u	/* of each kind per round */
#define SGI_PING	1u
#define TIMEOUT_US	20000000u

#define BANKED(X)                                                           \
	X(sp_und) X(lr_und) X(spsr_und) X(sp_abt) X(lr_abt) X(spsr_abt)     \
	X(sp_irq) X(lr_irq) X(spsr_irq) X(sp_usr) X(r8_fiq) X(r9_fiq)       \
	X(r10_fiq) X(r11_fiq) X(r12_fiq) X(sp_fiq) X(lr_fiq) X(spsr_fiq)

/* name, opc1, CRn, CRm, opc2, the bits a round may set */
#define CP15(X)                                                             \
	X(dfsr, 0, c5, c0, 0, 0x0000140fu)                                  \
	X(ifsr, 0, c5, c0, 1, 0x0000040fu)                                  \
	X(dfar, 0, c6, c0, 0, 0xffffffffu)                                  \
	X(ifar, 0, c6, c0, 2, 0xffffffffu)

#include "regfile.h"

static uint32_t sp_und, sp_abt, sp_irq; /* what the console chose */
static volatile uint32_t pings, running, go_off;

/* The round's patterns, then the stacks the host would store through. */
static void write_all(uint32_t seed)
{
	regs_write(seed);
	__asm__ volatile("msr sp_und, %0" : : "r"(sp_und));
	__asm__ volatile("msr sp_abt, %0" : : "r"(sp_abt));
	__asm__ volatile("msr sp_irq, %0" : : "r"(sp_irq));
	isb();
}

static void on_ping(uint32_t iar, unsigned cpu)
{
	(void)iar;
	(void)cpu;
	pings++;
}

/* vCPU 1: takes the SGIs in WFI until told to power off (CPU_OFF). */
static void secondary(unsigned cpu)
{
	(void)cpu;
	gic_cpu_init();
	gic_enable(SGI_PING);
	irq_disable();
	smp_store(&running, 1);
	while (!smp_load(&go_off))
		wfi_take_irq();
	smp_store(&running, 0);
}

static void start_cpu1(void)
{
	uint32_t rc;
	uint64_t end;

	go_off = 0;
	rc = smp_cpu_on(1, secondary);
	if (rc != PSCI_SUCCESS)
		guest_failf("CPU_ON(1) answered %d", (int)rc);
	end = read_cntvct() + us_to_ticks(TIMEOUT_US);
	while (!smp_load(&running))
		if (read_cntvct() > end)
			guest_fail("cpu 1 did not start");
}

static void stop_cpu1(void)
{
	smp_store(&go_off, 1);
	gic_send_sgi(SGI_PING, SGIR_TO_LIST, 1u << 1);
	if (smp_wait_affinity(1, PSCI_AFF_OFF, TIMEOUT_US) < 0)
		guest_fail("cpu 1 did not power off");
}

static uint32_t read_hex(void)
{
	uint32_t v = 0;
	int c;

	while ((c = getchar()) == ' ' || c == 'x' || c == '0')
		;
	for (;; c = getchar()) {
		if (c >= '0' && c <= '9')
			v = v << 4 | (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v << 4 | (uint32_t)(c - 'a' + 10);
		else
			return v;
	}
}

static void choose_stacks(void)
{
	uint32_t addr;
	int mode;

	__asm__ volatile("mrs %0, sp_und" : "=r"(sp_und));
	__asm__ volatile("mrs %0, sp_abt" : "=r"(sp_abt));
	__asm__ volatile("mrs %0, sp_irq" : "=r"(sp_irq));
	printf("window: stacks? (o | h ADDR | z ADDR)\n");
	while ((mode = getchar()) == '\n' || mode == '\r' || mode == ' ')
		;
	switch (mode) {
	case 'o':
		break;
	case 'h':
		addr = read_hex();
		sp_und = sp_abt = sp_irq = addr;
		break;
	case 'z':
		addr = read_hex();
		sp_und = 0x100;
		sp_abt = addr;
		break;
	default:
		guest_failf("unknown mode '%c'", mode);
	}
	printf("window: SP_und 0x%08x SP_abt 0x%08x SP_irq 0x%08x\n", sp_und,
	       sp_abt, sp_irq);
}

static void window_exits(uint32_t round)
{
	uint32_t i, typer = gicd_read(GICD_TYPER);

	for (i = 0; i < EXITS; i++) {
		gic_send_sgi(SGI_PING, SGIR_TO_LIST, 1u << 1);
		if (psci_hvc(PSCI_VERSION, 0, 0, 0) < 0x10000u)
			guest_failf("round %u: PSCI_VERSION too old", round);
		(void)psci_smc(PSCI_AFFINITY_INFO, 1, 0, 0);
		if (gicd_read(GICD_TYPER) != typer)
			guest_failf("round %u: GICD_TYPER changed", round);
	}
}

int main(void)
{
	uint32_t want[NREGS], got[NREGS], round;

	if (gic_nr_cpus() < 2)
		guest_fail("GICD_TYPER reports 1 CPU: run with 2 vCPUs");
	choose_stacks();
	gic_dist_init();
	gic_cpu_init();
	gic_irq_install();
	gic_set_handler(SGI_PING, on_ping);
	irq_disable();
	start_cpu1();
	for (round = 1; round <= ROUNDS; round++) {
		write_all(0x5a3c0000u ^ (round * 0x9e3779b9u));
		regs_read(want);
		window_exits(round);
		if (round % 4 == 0) {
			stop_cpu1();
			start_cpu1();
		}
		regs_read(got);
		regs_check(round, want, got);
	}
	stop_cpu1();
	printf("window: %u rounds, %u registers kept, cpu 1 took %u SGIs\n",
	       ROUNDS, (unsigned)NREGS, pings);
	guest_pass();
}
