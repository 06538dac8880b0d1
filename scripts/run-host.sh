#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# What `make run` does inside the emulated host before handing over a shell.
echo "Loading vmm.ko ..."
insmod /lib/modules/vmm.ko && bhyvectl --capabilities && bhyvectl --hyp-ping
