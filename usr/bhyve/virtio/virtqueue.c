// SPDX-License-Identifier: BSD-2-Clause
/*
 * Split virtqueues, device side: see virtqueue.h.
 *
 * Ordering (2.7.7, 2.7.13): the driver fills descriptors and ring entries
 * before it publishes avail->idx, so avail->idx is loaded with acquire
 * before anything it covers; we fill used elements before used->idx, so
 * used->idx is stored with release. Deciding whether to interrupt (or
 * re-enabling notifications) reads what the driver wrote after we
 * published: a full fence orders our store before that load.
 */
#include <endian.h>
#include <errno.h>
#include <string.h>

#include "virtqueue.h"

/* ring field offsets, in uint16_t units */
#define AVAIL_FLAGS 0
#define AVAIL_IDX   1
#define AVAIL_RING  2
#define USED_FLAGS  0
#define USED_IDX    1
#define USED_RING   2 /* bytes 4..: elements of 8 bytes */

void *vq_mem_map(const struct vq_mem *mem, uint64_t gpa, uint64_t len)
{
	uint64_t off;

	if (mem == NULL || mem->host == NULL || gpa < mem->gpa)
		return NULL;
	off = gpa - mem->gpa;
	if (off > mem->len || len > mem->len - off)
		return NULL;
	return mem->host + off;
}

static void *map_aligned(const struct vq_mem *mem, uint64_t gpa,
			 uint64_t len, unsigned int align)
{
	void *p;

	if (gpa & (align - 1))
		return NULL;
	p = vq_mem_map(mem, gpa, len);
	/* atomics on the rings need the host side aligned too */
	if (p != NULL && ((uintptr_t)p & (align - 1)))
		return NULL;
	return p;
}

void vq_reset(struct virtqueue *vq)
{
	memset(vq, 0, sizeof(*vq));
}

int vq_setup(struct virtqueue *vq, const struct vq_mem *mem, uint16_t size,
	     uint64_t desc, uint64_t avail, uint64_t used, uint64_t features)
{
	void *d, *a, *u;

	vq_reset(vq);
	/* 2.7: a power of 2, so index % size survives the 16-bit wrap */
	if (size == 0 || size > VQ_MAX_SIZE || (size & (size - 1))) {
		errno = EINVAL;
		return -1;
	}
	/* 2.7 table "Virtqueue Part": sizes and alignments */
	d = map_aligned(mem, desc, 16ULL * size, 16);
	a = map_aligned(mem, avail, 6 + 2ULL * size, 2);
	u = map_aligned(mem, used, 6 + 8ULL * size, 4);
	if (d == NULL || a == NULL || u == NULL) {
		errno = EINVAL;
		return -1;
	}
	vq->mem = mem;
	vq->size = size;
	vq->desc = d;
	vq->avail = a;
	vq->used = u;
	vq->event_idx = (features >> 29) & 1;
	vq->indirect = (features >> 28) & 1;
	return 0;
}

static uint16_t avail_idx(const struct virtqueue *vq)
{
	return le16toh(__atomic_load_n(&vq->avail[AVAIL_IDX],
				       __ATOMIC_ACQUIRE));
}

static int broken(struct virtqueue *vq, int err)
{
	vq->broken = true;
	errno = err;
	return -1;
}

bool vq_has_avail(struct virtqueue *vq)
{
	uint16_t n;

	if (!vq_ok(vq))
		return false;
	n = (uint16_t)(avail_idx(vq) - vq->last_avail);
	if (n > vq->size) {
		/* 2.7.13.3: at most size entries can be outstanding */
		broken(vq, EINVAL);
		return false;
	}
	return n != 0;
}

/* One descriptor, read once: the guest may rewrite it while we look. */
static void read_desc(const uint8_t *table, uint32_t i, struct vring_desc *d)
{
	/* bytes: an indirect table need not be aligned */
	memcpy(d, table + (size_t)i * sizeof(*d), sizeof(*d));
	__atomic_signal_fence(__ATOMIC_SEQ_CST); /* no re-reads past here */
	d->addr = le64toh(d->addr);
	d->len = le32toh(d->len);
	d->flags = le16toh(d->flags);
	d->next = le16toh(d->next);
}

int vq_pop(struct virtqueue *vq, struct iovec *iov, unsigned int niov,
	   struct vq_chain *ch)
{
	const uint8_t *table;
	struct vring_desc d;
	uint32_t tsize, idx, steps;
	bool in_indirect = false;
	uint16_t slot;
	void *p;

	if (vq->size == 0)
		return 0;
	if (vq->broken) {
		errno = EINVAL;
		return -1;
	}
	if (!vq_has_avail(vq))
		return vq->broken ? -1 : 0;
	slot = vq->last_avail++ & (vq->size - 1);
	idx = le16toh(__atomic_load_n(&vq->avail[AVAIL_RING + slot],
				      __ATOMIC_RELAXED));
	memset(ch, 0, sizeof(*ch));
	ch->head = (uint16_t)idx;
	table = (const uint8_t *)vq->desc;
	tsize = vq->size;
	/* 2.7.5.3: a chain is at most size long; an indirect one its table */
	for (steps = 0;; steps++) {
		if (idx >= tsize || steps >= tsize)
			return broken(vq, EINVAL);
		read_desc(table, idx, &d);
		if (d.flags & VRING_DESC_F_INDIRECT) {
			/* 2.7.5.3.1: not nested, not with NEXT, whole entries */
			if (!vq->indirect || in_indirect ||
			    (d.flags & VRING_DESC_F_NEXT) || d.len == 0 ||
			    d.len % sizeof(d) || d.len / sizeof(d) > VQ_MAX_SIZE)
				return broken(vq, EINVAL);
			table = vq_mem_map(vq->mem, d.addr, d.len);
			if (table == NULL)
				return broken(vq, EINVAL);
			tsize = d.len / sizeof(d);
			in_indirect = true;
			idx = 0;
			steps = (uint32_t)-1; /* the loop's ++ makes it 0 */
			continue;
		}
		if (d.flags & VRING_DESC_F_WRITE) {
			ch->nwrite++;
			ch->write_len += d.len;
		} else {
			/* 2.7.4.2: device-readable ones come first */
			if (ch->nwrite != 0)
				return broken(vq, EINVAL);
			ch->nread++;
			ch->read_len += d.len;
		}
		if (d.len != 0) {
			p = vq_mem_map(vq->mem, d.addr, d.len);
			if (p == NULL)
				return broken(vq, EINVAL);
			if (niov == 0)
				return broken(vq, E2BIG);
			iov->iov_base = p;
			iov->iov_len = d.len;
			iov++;
			niov--;
		} else if (d.flags & VRING_DESC_F_WRITE) {
			ch->nwrite--;
		} else {
			ch->nread--;
		}
		if (!(d.flags & VRING_DESC_F_NEXT))
			return 1;
		idx = d.next;
	}
}

void vq_unpop(struct virtqueue *vq)
{
	vq->last_avail--;
}

void vq_push(struct virtqueue *vq, uint16_t head, uint32_t len)
{
	struct vring_used_elem *e;

	if (vq->size == 0)
		return;
	e = (struct vring_used_elem *)(vq->used + USED_RING) +
	    (vq->used_idx & (vq->size - 1));
	__atomic_store_n(&e->id, htole32(head), __ATOMIC_RELAXED);
	__atomic_store_n(&e->len, htole32(len), __ATOMIC_RELAXED);
	vq->used_idx++;
	/* 2.7.8: the element is visible before the index that covers it */
	__atomic_store_n(&vq->used[USED_IDX], htole16(vq->used_idx),
			 __ATOMIC_RELEASE);
}

bool vq_need_interrupt(struct virtqueue *vq)
{
	uint16_t old = vq->signalled, new = vq->used_idx, ev;

	if (vq->size == 0)
		return false;
	vq->signalled = new;
	/* our used->idx store before the driver's flags/used_event load */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (vq->event_idx) {
		/* 2.7.10: interrupt when used idx steps past used_event */
		ev = le16toh(__atomic_load_n(&vq->avail[AVAIL_RING + vq->size],
					     __ATOMIC_RELAXED));
		return (uint16_t)(new - ev - 1) < (uint16_t)(new - old);
	}
	if (new == old)
		return false;
	return !(le16toh(__atomic_load_n(&vq->avail[AVAIL_FLAGS],
					 __ATOMIC_RELAXED)) &
		 VRING_AVAIL_F_NO_INTERRUPT);
}

void vq_notify_disable(struct virtqueue *vq)
{
	if (vq->size == 0 || vq->event_idx)
		return; /* with EVENT_IDX an old avail_event already says so */
	__atomic_store_n(&vq->used[USED_FLAGS], htole16(VRING_USED_F_NO_NOTIFY),
			 __ATOMIC_RELAXED);
}

bool vq_notify_enable(struct virtqueue *vq)
{
	if (vq->size == 0)
		return false;
	if (vq->event_idx)
		/* 2.7.10: avail_event sits after the used elements */
		__atomic_store_n((uint16_t *)((struct vring_used_elem *)
					      (vq->used + USED_RING) +
					      vq->size),
				 htole16(vq->last_avail), __ATOMIC_RELAXED);
	else
		__atomic_store_n(&vq->used[USED_FLAGS], 0, __ATOMIC_RELAXED);
	/* our store before our next look at avail->idx */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return vq_has_avail(vq);
}

uint64_t iov_total(const struct iovec *iov, unsigned int n)
{
	uint64_t t = 0;

	while (n--)
		t += (iov++)->iov_len;
	return t;
}

size_t iov_to_buf(const struct iovec *iov, unsigned int n, void *buf,
		  size_t len)
{
	size_t done = 0, c;

	for (; n && done < len; n--, iov++) {
		c = iov->iov_len < len - done ? iov->iov_len : len - done;
		memcpy((uint8_t *)buf + done, iov->iov_base, c);
		done += c;
	}
	return done;
}

size_t iov_from_buf(const struct iovec *iov, unsigned int n, const void *buf,
		    size_t len)
{
	size_t done = 0, c;

	for (; n && done < len; n--, iov++) {
		c = iov->iov_len < len - done ? iov->iov_len : len - done;
		memcpy(iov->iov_base, (const uint8_t *)buf + done, c);
		done += c;
	}
	return done;
}

unsigned int iov_slice(const struct iovec *iov, unsigned int n, uint64_t off,
		       uint64_t len, struct iovec *out, unsigned int nout)
{
	unsigned int k = 0;
	uint64_t c;

	for (; n && len && k < nout; n--, iov++) {
		if (off >= iov->iov_len) {
			off -= iov->iov_len;
			continue;
		}
		c = iov->iov_len - off;
		if (c > len)
			c = len;
		out[k].iov_base = (uint8_t *)iov->iov_base + off;
		out[k].iov_len = c;
		k++;
		len -= c;
		off = 0;
	}
	return k;
}
