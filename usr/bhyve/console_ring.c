// SPDX-License-Identifier: BSD-2-Clause
/* The console's output ring: see console_ring.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "console_ring.h"

int cring_init(struct cring *r, size_t cap)
{
	memset(r, 0, sizeof(*r));
	if (cap == 0) {
		errno = EINVAL;
		return -1;
	}
	r->buf = malloc(cap);
	if (r->buf == NULL)
		return -1;
	r->cap = cap;
	return 0;
}

void cring_fini(struct cring *r)
{
	free(r->buf);
	memset(r, 0, sizeof(*r));
}

size_t cring_put(struct cring *r, const void *p, size_t len)
{
	const uint8_t *src = p;
	size_t drop = 0, tail, n;

	if (len == 0)
		return 0;
	if (len > r->cap) {
		/* only the newest cap bytes can stay, none of the old */
		drop = len - r->cap + r->len;
		src += len - r->cap;
		len = r->cap;
		r->head = 0;
		r->len = 0;
	} else if (r->len + len > r->cap) {
		n = r->len + len - r->cap;
		cring_consume(r, n);
		drop = n;
	}
	r->dropped += drop;
	/* at most two pieces: up to the end of buf, then from its start */
	tail = (r->head + r->len) % r->cap;
	n = r->cap - tail < len ? r->cap - tail : len;
	memcpy(r->buf + tail, src, n);
	memcpy(r->buf, src + n, len - n);
	r->len += len;
	return drop;
}

size_t cring_peek(const struct cring *r, const void **p)
{
	size_t n = r->cap - r->head;

	*p = r->buf + r->head;
	return r->len < n ? r->len : n;
}

void cring_consume(struct cring *r, size_t n)
{
	if (n >= r->len) {
		/* empty: start again at 0, so the next peek is one piece */
		r->head = 0;
		r->len = 0;
		return;
	}
	r->head = (r->head + n) % r->cap;
	r->len -= n;
}
