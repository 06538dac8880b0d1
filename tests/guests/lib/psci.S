/* SPDX-License-Identifier: BSD-2-Clause */
/* PSCI calls (SMC32 calling convention): r0 = function, r1-r3 = args. */
	.syntax unified
	.arch	armv7-a
	.arch_extension virt
	.arch_extension sec
	.arm
	.text

	.global	psci_hvc
	.type	psci_hvc, %function
psci_hvc:
	hvc	#0
	bx	lr
	.size	psci_hvc, . - psci_hvc

	.global	psci_smc
	.type	psci_smc, %function
psci_smc:
	smc	#0
	bx	lr
	.size	psci_smc, . - psci_smc

	.section .note.GNU-stack, "", %progbits
