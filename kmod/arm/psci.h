/* SPDX-License-Identifier: BSD-2-Clause */
/* PSCI 1.0 function IDs and return codes (Arm DEN 0022D, SMC32). */
#ifndef VMM_ARM_PSCI_H
#define VMM_ARM_PSCI_H

#define PSCI_VERSION		0x84000000u
#define PSCI_CPU_SUSPEND	0x84000001u
#define PSCI_CPU_OFF		0x84000002u
#define PSCI_CPU_ON		0x84000003u
#define PSCI_AFFINITY_INFO	0x84000004u
#define PSCI_MIGRATE_INFO_TYPE	0x84000006u
#define PSCI_SYSTEM_OFF		0x84000008u
#define PSCI_SYSTEM_RESET	0x84000009u
#define PSCI_FEATURES		0x8400000au

#define PSCI_RET_SUCCESS	    0u
#define PSCI_RET_NOT_SUPPORTED	    ((uint32_t)-1)
#define PSCI_RET_INVALID_PARAMETERS ((uint32_t)-2)
#define PSCI_RET_ALREADY_ON	    ((uint32_t)-4)
#define PSCI_RET_ON_PENDING	    ((uint32_t)-5)
#define PSCI_TOS_NOT_PRESENT	    2u

#endif
