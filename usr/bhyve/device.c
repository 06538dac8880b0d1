// SPDX-License-Identifier: BSD-2-Clause
/*
 * The device registry: see device.h. Devices are registered before the
 * vCPUs start and stay until device_reset_all(), so device_at() hands out
 * pointers into a fixed array.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "vmmapi.h"

#include "device.h"

/* GICv2: SPIs are INTIDs 32..1019 (GIC architecture spec, 2.2.1) */
#define SPI_FIRST 32
#define SPI_LIMIT 1020

static pthread_mutex_t dev_lock = PTHREAD_MUTEX_INITIALIZER;
static struct device devices[DEVICE_MAX];
static unsigned int ndevices;
static struct vmctx *dev_vm;
static uint8_t levels[SPI_LIMIT]; /* what each line was last driven to */

void device_set_vm(struct vmctx *ctx)
{
	__atomic_store_n(&dev_vm, ctx, __ATOMIC_RELEASE);
}

int device_register(const struct device *dev)
{
	struct mem_range mr;
	struct vmctx *vm;
	char *name;
	int err = -1;

	if (dev == NULL || dev->name == NULL ||
	    (dev->intid >= 0 &&
	     (dev->intid < SPI_FIRST || dev->intid >= SPI_LIMIT)) ||
	    dev->coalesced_off > dev->size ||
	    dev->coalesced_len > dev->size - dev->coalesced_off) {
		errno = EINVAL;
		return -1;
	}
	name = strdup(dev->name);
	if (name == NULL)
		return -1;
	memset(&mr, 0, sizeof(mr));
	mr.name = name;
	mr.base = dev->base;
	mr.size = dev->size;
	mr.read = dev->read;
	mr.write = dev->write;
	mr.arg = dev->arg;
	pthread_mutex_lock(&dev_lock);
	if (ndevices == DEVICE_MAX)
		errno = ENOSPC;
	else if (register_mem(&mr) == 0) {
		devices[ndevices] = *dev;
		devices[ndevices].name = name;
		ndevices++;
		err = 0;
	}
	pthread_mutex_unlock(&dev_lock);
	if (err < 0) {
		free(name);
		return err;
	}
	vm = __atomic_load_n(&dev_vm, __ATOMIC_ACQUIRE);
	if (dev->coalesced_len && vm != NULL)
		err = vm_register_coalesced(vm, dev->base + dev->coalesced_off,
					    dev->coalesced_len);
	return err;
}

const struct device *device_at(unsigned int i)
{
	const struct device *d;

	pthread_mutex_lock(&dev_lock);
	d = i < ndevices ? &devices[i] : NULL;
	pthread_mutex_unlock(&dev_lock);
	return d;
}

void device_reset_all(void)
{
	unsigned int i;

	pthread_mutex_lock(&dev_lock);
	for (i = 0; i < ndevices; i++)
		free((char *)devices[i].name);
	memset(devices, 0, sizeof(devices));
	ndevices = 0;
	memset(levels, 0, sizeof(levels));
	init_mem();
	pthread_mutex_unlock(&dev_lock);
}

int device_irq_line(int intid, bool level)
{
	struct vmctx *ctx;

	if (intid < 0)
		return 0;
	if (intid < SPI_FIRST || intid >= SPI_LIMIT) {
		errno = EINVAL;
		return -1;
	}
	__atomic_store_n(&levels[intid], level, __ATOMIC_RELAXED);
	ctx = __atomic_load_n(&dev_vm, __ATOMIC_ACQUIRE);
	if (ctx == NULL)
		return 0;
	return level ? vm_assert_irq(ctx, (uint32_t)intid) :
		       vm_deassert_irq(ctx, (uint32_t)intid);
}

int device_irq(const struct device *dev, bool level)
{
	return device_irq_line(dev->intid, level);
}

int device_irq_level(int intid)
{
	if (intid < SPI_FIRST || intid >= SPI_LIMIT)
		return 0;
	return __atomic_load_n(&levels[intid], __ATOMIC_RELAXED);
}
