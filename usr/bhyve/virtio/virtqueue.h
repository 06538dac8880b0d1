/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Split virtqueues (virtio 1.x, 2.6/2.7), device side, over guest memory
 * described by one (guest-physical base, length, host pointer) window.
 *
 * The guest owns the rings and may change them at any moment, so every
 * value read from them is read once, checked and only then used: an index
 * out of range, a chain that loops or is longer than the queue, a buffer
 * that leaves guest RAM or wraps, an available index that runs ahead by
 * more than the queue size all make vq_pop() fail and the queue "broken"
 * (it completes nothing more until it is set up again). Host memory
 * outside the window is never touched.
 *
 * Not thread safe: the caller serializes all calls on one queue (the
 * virtio-mmio transport does it with the device's lock).
 */
#ifndef BHYVE_VIRTQUEUE_H
#define BHYVE_VIRTQUEUE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

/* Guest RAM as the process sees it: [gpa, gpa + len) at host. */
struct vq_mem {
	uint64_t gpa;
	uint64_t len;
	uint8_t *host;
};

/* Host pointer to [gpa, gpa + len) if it lies wholly in RAM, else NULL. */
void *vq_mem_map(const struct vq_mem *mem, uint64_t gpa, uint64_t len);

#define VQ_MAX_SIZE 32768u /* 2.6: the largest Queue Size */

/* Descriptor flags (2.6.5) */
#define VRING_DESC_F_NEXT     1
#define VRING_DESC_F_WRITE    2
#define VRING_DESC_F_INDIRECT 4
/* Ring flags (2.6.6, 2.6.8) */
#define VRING_AVAIL_F_NO_INTERRUPT 1
#define VRING_USED_F_NO_NOTIFY	   1

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct vring_used_elem {
	uint32_t id;
	uint32_t len;
};

struct virtqueue {
	const struct vq_mem *mem;
	uint16_t size;		/* 0: not set up */
	bool event_idx;		/* VIRTIO_F_EVENT_IDX negotiated */
	bool indirect;		/* VIRTIO_F_INDIRECT_DESC negotiated */
	bool broken;		/* the guest broke the rules: stop */
	const struct vring_desc *desc;
	uint16_t *avail;	/* flags, idx, ring[size], used_event */
	uint16_t *used;		/* flags, idx, then the elements */
	uint16_t last_avail;	/* next available entry to take */
	uint16_t used_idx;	/* our copy of used->idx */
	uint16_t signalled;	/* used_idx when we last decided to notify */
};

/* One popped chain: iov[0, nread) readable, then nwrite writable. */
struct vq_chain {
	uint16_t head;
	unsigned int nread, nwrite;
	uint64_t read_len, write_len;
};

/*
 * Sets the queue up on the areas the driver gave (QueueDesc/Driver/
 * Device) with the negotiated features. -1 and EINVAL if size is not a
 * power of two up to VQ_MAX_SIZE or an area is misaligned (2.6: 16, 2,
 * 4 bytes) or not inside guest RAM.
 */
int vq_setup(struct virtqueue *vq, const struct vq_mem *mem, uint16_t size,
	     uint64_t desc, uint64_t avail, uint64_t used, uint64_t features);
/* Back to "not set up" (device reset). */
void vq_reset(struct virtqueue *vq);

static inline bool vq_ok(const struct virtqueue *vq)
{
	return vq->size != 0 && !vq->broken;
}

/*
 * Takes the next available chain into iov (at most niov segments; empty
 * descriptors are skipped). 1: a chain, 0: none available, -1: the queue
 * is (now) broken, errno EINVAL, or E2BIG when the chain has more than
 * niov segments (also treated as a guest error).
 */
int vq_pop(struct virtqueue *vq, struct iovec *iov, unsigned int niov,
	   struct vq_chain *ch);
/* Gives back the chain just popped (e.g. no data to put in it after all). */
void vq_unpop(struct virtqueue *vq);
/* True if a chain is waiting (a runaway avail idx breaks the queue). */
bool vq_has_avail(struct virtqueue *vq);

/* Returns chain head as used, with len bytes written into it (2.7.8). */
void vq_push(struct virtqueue *vq, uint16_t head, uint32_t len);
/*
 * After one or more vq_push(): does the driver want an interrupt for
 * them (VRING_AVAIL_F_NO_INTERRUPT, or used_event with EVENT_IDX, 2.7.10)?
 */
bool vq_need_interrupt(struct virtqueue *vq);

/*
 * Ask the driver not to notify (while the device drains the queue), and
 * to notify again (2.7.10: flags or avail_event). vq_notify_enable returns
 * true if chains arrived meanwhile: the caller must take them, as the
 * driver may not notify for them.
 */
void vq_notify_disable(struct virtqueue *vq);
bool vq_notify_enable(struct virtqueue *vq);

/* iovec helpers for device models */
uint64_t iov_total(const struct iovec *iov, unsigned int n);
/* Copy up to len bytes from/to the start of iov; return bytes copied. */
size_t iov_to_buf(const struct iovec *iov, unsigned int n, void *buf,
		  size_t len);
size_t iov_from_buf(const struct iovec *iov, unsigned int n, const void *buf,
		    size_t len);
/*
 * Bytes [off, off + len) of iov as segments in out (at most nout; fewer
 * bytes if iov is shorter); returns the number of segments in out.
 */
unsigned int iov_slice(const struct iovec *iov, unsigned int n, uint64_t off,
		       uint64_t len, struct iovec *out, unsigned int nout);

#endif
