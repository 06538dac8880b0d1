/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A console's output kept while nobody reads it: a byte ring of fixed
 * capacity that drops its oldest bytes to make room, so what a terminal
 * sees on attach is the newest output, never a stalled vCPU. Plain C, no
 * locking and no I/O: the backend that owns it locks and writes.
 */
#ifndef BHYVE_CONSOLE_RING_H
#define BHYVE_CONSOLE_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cring {
	uint8_t *buf;
	size_t cap;
	size_t head; /* oldest byte */
	size_t len;
	uint64_t dropped; /* bytes lost to overflow, in all */
};

/* 0, or -1 and errno (EINVAL for cap 0, ENOMEM). */
int cring_init(struct cring *r, size_t cap);
void cring_fini(struct cring *r);

/*
 * Appends len bytes; when they do not fit, the oldest bytes go first (of
 * a write longer than the ring, only its last cap bytes stay). Returns
 * how many bytes were dropped by this call.
 */
size_t cring_put(struct cring *r, const void *p, size_t len);

/*
 * The oldest bytes that lie in one piece: *p and their count (0 when
 * empty). What a partial write took is then given back to cring_consume.
 */
size_t cring_peek(const struct cring *r, const void **p);
void cring_consume(struct cring *r, size_t n);

static inline size_t cring_len(const struct cring *r)
{
	return r->len;
}

#endif
