/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared interface of the bare-metal test guests: the fixed VM layout,
 * console output, PSCI calls, result reporting and exception hooks.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "board/virt.h"

/* Fixed facts of the VM the guests run in (include/board/virt.h). */
#define RAM_BASE		((uint32_t)VIRT_RAM_BASE)
#define RAM_SIZE		(16u << 20)	/* the smallest VM we run in */
#define UART_BASE		((uint32_t)VIRT_UART_BASE)
#define TESTDEV_BASE		((uint32_t)VIRT_TESTDEV_BASE)
#define TESTDEV_SCRATCH_SIZE	256u

/* PSCI function ids (SMC32) and return codes. */
#define PSCI_VERSION		0x84000000u
#define PSCI_FEATURES		0x8400000au
#define PSCI_SYSTEM_OFF		0x84000008u
#define PSCI_SYSTEM_RESET	0x84000009u
#define PSCI_NOT_SUPPORTED	0xffffffffu	/* -1 */

/* CPSR / SPSR fields. */
#define PSR_MODE_MASK		0x1fu
#define PSR_MODE_USR		0x10u
#define PSR_MODE_FIQ		0x11u
#define PSR_MODE_IRQ		0x12u
#define PSR_MODE_SVC		0x13u
#define PSR_MODE_ABT		0x17u
#define PSR_MODE_UND		0x1bu
#define PSR_T			(1u << 5)
#define PSR_F			(1u << 6)
#define PSR_I			(1u << 7)
#define PSR_A			(1u << 8)
#define PSR_IT_MASK		0x0600fc00u

#define __noreturn		__attribute__((noreturn))
#define __printf(a, b)		__attribute__((format(printf, a, b)))

/* Set by the build for each guest: the NAME of GUEST-RESULT lines. */
extern const char guest_name[];

/* Console (PL011). puts() appends a newline like the C library's. */
int putchar(int c);
int getchar(void);
int puts(const char *s);
void puthex(uint32_t v);		/* 0x%08x */
void putdec(uint32_t v);
int printf(const char *fmt, ...) __printf(1, 2);
int vprintf(const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* PSCI: r0 = fn, r1-r3 = arguments; answers r0. */
uint32_t psci_hvc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3);
uint32_t psci_smc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3);
#define psci_call psci_hvc

/*
 * Result: exactly one line "GUEST-RESULT: PASS NAME" or
 * "GUEST-RESULT: FAIL NAME: why", then PSCI SYSTEM_OFF.
 */
void guest_pass(void) __noreturn;
void guest_fail(const char *why) __noreturn;
void guest_failf(const char *fmt, ...) __noreturn __printf(1, 2);
void guest_poweroff(void) __noreturn;

/* Exceptions: vector numbers are the offsets in the table divided by 4. */
enum {
	EXC_RESET, EXC_UNDEF, EXC_SVC, EXC_PABT, EXC_DABT, EXC_HYP, EXC_IRQ,
	EXC_FIQ, EXC_NVEC
};

/*
 * What the vector stubs save. lr and spsr are as the CPU delivered them;
 * a hook edits them (and r[]) to choose where and how to return: the stub
 * ends with "movs pc, lr" using the frame's lr and spsr.
 */
struct exc_frame {
	uint32_t r[13];
	uint32_t lr;
	uint32_t spsr;
	uint32_t pad;	/* keeps the exception stack 8-byte aligned */
};

typedef void (*exc_hook_t)(int vec, struct exc_frame *f);

/* Install a hook for one vector (NULL: the default, which fails). */
exc_hook_t exc_set_hook(int vec, exc_hook_t hook);
/* Address of the instruction that took the exception (B1.8.3 offsets). */
uint32_t exc_fault_pc(int vec, const struct exc_frame *f);
/* Return to the instruction after the one that faulted (undef, dabt). */
void exc_skip_insn(int vec, struct exc_frame *f);
const char *exc_name(int vec);

extern uint32_t exc_vectors[];

/* System registers. */
#define DEFINE_CP15_RW(name, op1, crn, crm, op2)			\
static inline uint32_t read_##name(void)				\
{									\
	uint32_t v;							\
	__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 \
			 : "=r"(v));					\
	return v;							\
}									\
static inline void write_##name(uint32_t v)				\
{									\
	__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 \
			 :: "r"(v) : "memory");				\
}

DEFINE_CP15_RW(midr, 0, c0, c0, 0)
DEFINE_CP15_RW(ctr, 0, c0, c0, 1)
DEFINE_CP15_RW(sctlr, 0, c1, c0, 0)
DEFINE_CP15_RW(cpacr, 0, c1, c0, 2)
DEFINE_CP15_RW(ttbr0, 0, c2, c0, 0)
DEFINE_CP15_RW(ttbcr, 0, c2, c0, 2)
DEFINE_CP15_RW(dacr, 0, c3, c0, 0)
DEFINE_CP15_RW(dfsr, 0, c5, c0, 0)
DEFINE_CP15_RW(ifsr, 0, c5, c0, 1)
DEFINE_CP15_RW(dfar, 0, c6, c0, 0)
DEFINE_CP15_RW(ifar, 0, c6, c0, 2)
DEFINE_CP15_RW(vbar, 0, c12, c0, 0)

static inline uint32_t read_cpsr(void)
{
	uint32_t v;

	__asm__ volatile("mrs %0, cpsr" : "=r"(v));
	return v;
}

static inline void isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

static inline void dsb(void)
{
	__asm__ volatile("dsb" ::: "memory");
}

/*
 * A load and a store to an address that may abort, through fixed
 * registers (value in r0, address in r1), so a data-abort hook knows
 * which saved register to patch with what the load "returns".
 */
static inline uint32_t probe_read(uint32_t a)
{
	register uint32_t v __asm__("r0");
	register uint32_t p __asm__("r1") = a;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(p) : "memory");
	return v;
}

static inline void probe_write(uint32_t a, uint32_t v)
{
	__asm__ volatile("str %1, [%0]" ::"r"(a), "r"(v) : "memory");
}

/* Freestanding helpers GCC may call on its own. */
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
size_t strlen(const char *s);

int main(void);

#endif /* GUEST_H */
