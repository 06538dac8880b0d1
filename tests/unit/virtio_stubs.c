// SPDX-License-Identifier: BSD-2-Clause
/* Stubs of device.c / mevent.c and the fake guest: see virtio_stubs.h. */
#include <errno.h>
#include <stdlib.h>

#include "virtio_stubs.h"

struct device stub_devs[STUB_MAX_DEVS];
unsigned int stub_ndevs;
bool stub_irq[1024];
unsigned int stub_irq_calls;
struct mevent stub_evs[STUB_MAX_EVS];

void stub_reset(void)
{
	memset(stub_devs, 0, sizeof(stub_devs));
	stub_ndevs = 0;
	memset(stub_irq, 0, sizeof(stub_irq));
	stub_irq_calls = 0;
	memset(stub_evs, 0, sizeof(stub_evs));
}

void device_set_vm(struct vmctx *ctx)
{
	(void)ctx;
}

int device_register(const struct device *dev)
{
	unsigned int i;

	for (i = 0; i < stub_ndevs; i++)
		if (dev->base < stub_devs[i].base + stub_devs[i].size &&
		    stub_devs[i].base < dev->base + dev->size) {
			errno = EEXIST;
			return -1;
		}
	if (stub_ndevs == STUB_MAX_DEVS) {
		errno = ENOSPC;
		return -1;
	}
	stub_devs[stub_ndevs++] = *dev;
	return 0;
}

const struct device *device_at(unsigned int i)
{
	return i < stub_ndevs ? &stub_devs[i] : NULL;
}

void device_reset_all(void)
{
	stub_ndevs = 0;
}

int device_irq_line(int intid, bool level)
{
	if (intid < 0)
		return 0;
	if (intid >= 1024) {
		errno = EINVAL;
		return -1;
	}
	stub_irq[intid] = level;
	stub_irq_calls++;
	return 0;
}

int device_irq(const struct device *dev, bool level)
{
	return device_irq_line(dev->intid, level);
}

struct mevent *mevent_add(int fd, enum mevent_type type, mevent_cb cb,
			  void *arg)
{
	unsigned int i;

	for (i = 0; i < STUB_MAX_EVS; i++)
		if (!stub_evs[i].live) {
			stub_evs[i] = (struct mevent){ fd,  type, cb,
						       arg, true, false };
			return &stub_evs[i];
		}
	errno = ENOMEM;
	return NULL;
}

int mevent_del(struct mevent *ev)
{
	ev->live = false;
	return 0;
}

int mevent_disable(struct mevent *ev)
{
	ev->disabled = true;
	return 0;
}

int mevent_enable(struct mevent *ev)
{
	ev->disabled = false;
	return 0;
}

struct mevent *stub_mevent_find(int fd)
{
	unsigned int i;

	for (i = 0; i < STUB_MAX_EVS; i++)
		if (stub_evs[i].live && stub_evs[i].fd == fd)
			return &stub_evs[i];
	return NULL;
}

int mevent_start(void)
{
	return 0;
}

void mevent_stop(void)
{
}

/* ---- fake guest ------------------------------------------------------ */

void tg_init(struct tguest *g, uint16_t size)
{
	memset(g, 0, sizeof(*g));
	/* exactly the RAM size, so ASan flags any access past it */
	g->mem.host = aligned_alloc(4096, TG_RAM_SIZE);
	memset(g->mem.host, 0, TG_RAM_SIZE);
	g->mem.gpa = TG_RAM_BASE;
	g->mem.len = TG_RAM_SIZE;
	g->size = size;
	g->desc = TG_DESC;
	g->avail = TG_AVAIL;
	g->used = TG_USED;
}

void tg_fini(struct tguest *g)
{
	free(g->mem.host);
	g->mem.host = NULL;
}

void *tg_ptr(struct tguest *g, uint64_t gpa)
{
	return g->mem.host + (gpa - g->mem.gpa);
}

void tg_desc_at(struct tguest *g, uint64_t table, uint16_t i, uint64_t addr,
		uint32_t len, uint16_t flags, uint16_t next)
{
	struct vring_desc d = { addr, len, flags, next };

	memcpy(tg_ptr(g, table + 16ULL * i), &d, sizeof(d));
}

void tg_desc(struct tguest *g, uint16_t i, uint64_t addr, uint32_t len,
	     uint16_t flags, uint16_t next)
{
	tg_desc_at(g, g->desc, i, addr, len, flags, next);
}

static uint16_t *avail16(struct tguest *g, unsigned int i)
{
	return (uint16_t *)tg_ptr(g, g->avail) + i;
}

static uint16_t *used16(struct tguest *g, unsigned int byte_off)
{
	return (uint16_t *)tg_ptr(g, g->used + byte_off);
}

void tg_avail(struct tguest *g, uint16_t head)
{
	*avail16(g, 2 + (g->avail_idx & (g->size - 1))) = head;
	g->avail_idx++;
	__atomic_store_n(avail16(g, 1), g->avail_idx, __ATOMIC_RELEASE);
}

void tg_set_avail_idx(struct tguest *g, uint16_t idx)
{
	g->avail_idx = idx;
	__atomic_store_n(avail16(g, 1), idx, __ATOMIC_RELEASE);
}

void tg_set_avail_flags(struct tguest *g, uint16_t flags)
{
	*avail16(g, 0) = flags;
}

void tg_set_used_event(struct tguest *g, uint16_t ev)
{
	*avail16(g, 2 + g->size) = ev;
}

uint16_t tg_used_idx(struct tguest *g)
{
	return __atomic_load_n(used16(g, 2), __ATOMIC_ACQUIRE);
}

uint16_t tg_used_flags(struct tguest *g)
{
	return *used16(g, 0);
}

uint16_t tg_avail_event(struct tguest *g)
{
	return *used16(g, 4 + 8u * g->size);
}

void tg_used_elem(struct tguest *g, uint16_t i, uint32_t *id, uint32_t *len)
{
	uint32_t *e = (uint32_t *)tg_ptr(g, g->used + 4 + 8u * (i & (g->size - 1)));

	*id = e[0];
	*len = e[1];
}
