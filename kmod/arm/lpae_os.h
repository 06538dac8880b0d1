/* SPDX-License-Identifier: BSD-2-Clause */
/* Table memory for lpae.c from the host OS (vmm/os.h). */
#ifndef VMM_ARM_LPAE_OS_H
#define VMM_ARM_LPAE_OS_H

#include "lpae.h"

extern const struct lpae_mm_ops lpae_os_mm;

#endif
