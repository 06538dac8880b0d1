/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What bhyverun.c (machine-independent: the command line, the VM's life,
 * the vCPU threads and their run loop) shares with the machine-dependent
 * part under arm/ (FreeBSD's bhyverun_machdep.c and vmexit.c split): the
 * boot (firmware or kernel into RAM, the boot vCPU's registers, the
 * board's device tree), the limits of guest RAM, and the exit handlers.
 */
#ifndef BHYVE_BHYVERUN_H
#define BHYVE_BHYVERUN_H

#include <stdbool.h>
#include <stddef.h>

struct vcpu;
struct vmctx;
struct vm_exit;

/* bhyve(8) exit status */
#define BHYVE_EXIT_RESET    0
#define BHYVE_EXIT_POWEROFF 1
#define BHYVE_EXIT_HALT	    2
#define BHYVE_EXIT_ERROR    4
/* the guest ignored SIGTERM's power button: VM destroyed (poweroff.h) */
#define BHYVE_EXIT_FORCED 5

/* The VM's name, for messages ("?" until known). */
extern const char *vmname;

/* errno of a vmm.ko call, with the likely cause when there is no module */
void vmm_errmsg(const char *what);

/* ---- machine-dependent (arm/bhyverun_machdep.c) ----------------------- */

/* The machine's i-th variable (bootrom, kernel, ...), NULL past the last. */
const char *bhyve_machdep_var(unsigned int i);

/* memory.size (given as s) fits the machine's RAM window: 0, or -1. */
int bhyve_check_memsize(const char *s, size_t memsize);

/*
 * Reads and checks the boot variables, opens their files, so that a bad
 * one never creates a VM: 0, or -1 after one line on stderr.
 */
int bhyve_check_boot(int ncpus, size_t memsize);

/*
 * After guest RAM, before the devices: the board's parts vmm.ko emulates
 * (ARM: the GIC, placed with VM_ATTACH_VGIC). 0, or -1 after one line.
 */
int bhyve_init_platform(struct vmctx *ctx);

/* Before the devices: firmware into guest RAM. 0, or -1 after one line. */
int bhyve_load_firmware(struct vmctx *ctx);

/* After every device registered: the kernel and its device tree. */
int bhyve_load_kernel(struct vmctx *ctx);

/* A vCPU's registers before it first runs (the boot vCPU's entry). */
int bhyve_init_vcpu(struct vmctx *ctx, struct vcpu *vcpu);

/* Closes what bhyve_check_boot opened; any number of times. */
void bhyve_boot_close(void);

/* ---- exits (arm/vmexit.c) --------------------------------------------- */

/* a vm_exit handler: VMEXIT_CONTINUE or the exit status */
#define VMEXIT_CONTINUE (-1)
typedef int (*vmexit_handler_t)(struct vcpu *vcpu, struct vm_exit *vme);

/* by exit code (VM_EXITCODE_*); NULL: unknown */
vmexit_handler_t vmexit_handler(unsigned int code);

#endif
