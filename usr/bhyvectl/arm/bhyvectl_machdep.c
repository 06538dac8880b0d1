/* SPDX-License-Identifier: BSD-2-Clause */
/* bhyvectl's ARM part: register names, the host's GICv2 and HYP mode. */
#include <stdio.h>

#include "bhyvectl.h"

#define PSR_MODE_HYP 0x1a

const char *const reg_names[VM_REG_LAST] = {
	[VM_REG_GUEST_R0] = "r0",
	[VM_REG_GUEST_R0 + 1] = "r1",
	[VM_REG_GUEST_R0 + 2] = "r2",
	[VM_REG_GUEST_R0 + 3] = "r3",
	[VM_REG_GUEST_R0 + 4] = "r4",
	[VM_REG_GUEST_R0 + 5] = "r5",
	[VM_REG_GUEST_R0 + 6] = "r6",
	[VM_REG_GUEST_R0 + 7] = "r7",
	[VM_REG_GUEST_R0 + 8] = "r8",
	[VM_REG_GUEST_R0 + 9] = "r9",
	[VM_REG_GUEST_R0 + 10] = "r10",
	[VM_REG_GUEST_R0 + 11] = "r11",
	[VM_REG_GUEST_R0 + 12] = "r12",
	[VM_REG_GUEST_SP] = "sp",
	[VM_REG_GUEST_LR] = "lr",
	[VM_REG_GUEST_PC] = "pc",
	[VM_REG_GUEST_CPSR] = "cpsr",
	[VM_REG_GUEST_SP_USR] = "sp_usr",
	[VM_REG_GUEST_LR_USR] = "lr_usr",
	[VM_REG_GUEST_SP_SVC] = "sp_svc",
	[VM_REG_GUEST_LR_SVC] = "lr_svc",
	[VM_REG_GUEST_SPSR_SVC] = "spsr_svc",
	[VM_REG_GUEST_SP_ABT] = "sp_abt",
	[VM_REG_GUEST_LR_ABT] = "lr_abt",
	[VM_REG_GUEST_SPSR_ABT] = "spsr_abt",
	[VM_REG_GUEST_SP_UND] = "sp_und",
	[VM_REG_GUEST_LR_UND] = "lr_und",
	[VM_REG_GUEST_SPSR_UND] = "spsr_und",
	[VM_REG_GUEST_SP_IRQ] = "sp_irq",
	[VM_REG_GUEST_LR_IRQ] = "lr_irq",
	[VM_REG_GUEST_SPSR_IRQ] = "spsr_irq",
	[VM_REG_GUEST_SP_FIQ] = "sp_fiq",
	[VM_REG_GUEST_LR_FIQ] = "lr_fiq",
	[VM_REG_GUEST_SPSR_FIQ] = "spsr_fiq",
	[VM_REG_GUEST_R8_FIQ] = "r8_fiq",
	[VM_REG_GUEST_R9_FIQ] = "r9_fiq",
	[VM_REG_GUEST_R10_FIQ] = "r10_fiq",
	[VM_REG_GUEST_R11_FIQ] = "r11_fiq",
	[VM_REG_GUEST_R12_FIQ] = "r12_fiq",
	[VM_REG_GUEST_SCTLR] = "sctlr",
	[VM_REG_GUEST_TTBR0] = "ttbr0",
	[VM_REG_GUEST_TTBR1] = "ttbr1",
	[VM_REG_GUEST_TTBCR] = "ttbcr",
	[VM_REG_GUEST_DACR] = "dacr",
	[VM_REG_GUEST_VBAR] = "vbar",
	[VM_REG_GUEST_DFSR] = "dfsr",
	[VM_REG_GUEST_IFSR] = "ifsr",
	[VM_REG_GUEST_DFAR] = "dfar",
	[VM_REG_GUEST_IFAR] = "ifar",
	[VM_REG_GUEST_CONTEXTIDR] = "contextidr",
};
/* a register added to the ABI needs a name above */
_Static_assert(VM_REG_GUEST_CONTEXTIDR == VM_REG_LAST - 1,
	       "reg_names is out of date");

void print_arch_caps(const struct vmm_arch_caps *c)
{
	printf("GIC:                 GICv%u (%.*s)\n", c->gic_version,
	       (int)sizeof(c->gic_compatible), c->gic_compatible);
	printf("GIC hyp interface:   GICH %#llx+%#llx, GICV %#llx+%#llx\n",
	       (unsigned long long)c->gich_base,
	       (unsigned long long)c->gich_size,
	       (unsigned long long)c->gicv_base,
	       (unsigned long long)c->gicv_size);
	printf("GIC list registers:  %u\n", c->gic_lrs);
	printf("GIC priority bits:   %u\n", c->gic_pri_bits);
	printf("Maintenance IRQ:     INTID %u\n", c->maint_intid);
	printf("Virtual timer PPI:   INTID %u (PPI %u)\n", c->vtimer_intid,
	       c->vtimer_intid - 16);
	printf("VMID bits:           %u\n", c->vmid_bits);
}

bool hyp_cpu_ok(const struct vmm_arch_hyp_cpu *c)
{
	return c->mode == PSR_MODE_HYP;
}

void print_hyp_cpu(const struct vmm_arch_hyp_cpu *c)
{
	printf("mode=%#x HSCTLR=%#010x HVBAR=%#010x\n", c->mode, c->hsctlr,
	       c->hvbar);
}
