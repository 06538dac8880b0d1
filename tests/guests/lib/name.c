/* SPDX-License-Identifier: BSD-2-Clause */
/* Compiled once per guest with -DGUEST_NAME="\"NAME\"". */
#include "guest.h"

const char guest_name[] = GUEST_NAME;
