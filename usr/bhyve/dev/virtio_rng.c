// SPDX-License-Identifier: BSD-2-Clause
/*
 * virtio-rng (virtio 1.2, 5.4): every writable buffer the driver offers
 * is filled from getrandom(2). No variables, no configuration space.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "virtio_devs.h"
#include "devemu.h"
#include "virtio/virtio.h"

#define VRNG_QUEUE_MAX 64
#define VRNG_IOV       16
#define VRNG_MAX_FILL  4096 /* per chain: the driver asks again for more */

struct vrng {
	struct iovec iov[VRNG_IOV];
};

/* 5.4.6: device-writable buffers only; bytes filled is the used length */
static uint32_t vrng_chain(void *arg, struct iovec *iov,
			   const struct vq_chain *ch)
{
	uint32_t done = 0;
	unsigned int i;
	ssize_t r;

	(void)arg;
	for (i = ch->nread; i < ch->nread + ch->nwrite; i++) {
		size_t want = iov[i].iov_len;

		if (want > VRNG_MAX_FILL - done)
			want = VRNG_MAX_FILL - done;
		if (want == 0)
			break;
		do
			r = getrandom(iov[i].iov_base, want, 0);
		while (r < 0 && errno == EINTR);
		if (r <= 0)
			break;
		done += (uint32_t)r;
		if ((size_t)r < iov[i].iov_len)
			break;
	}
	return done;
}

static void vrng_notify(void *sc, struct vmmio *vm, unsigned int q)
{
	struct vrng *r = sc;

	vmmio_drain(vm, q, r->iov, VRNG_IOV, vrng_chain, r);
}

static void vrng_destroy(void *sc)
{
	free(sc);
}

static const struct virtio_dev_ops vrng_ops = {
	.name = "virtio-rng",
	.device_id = VIRTIO_ID_RNG,
	.nqueues = 1,
	.queue_max = VRNG_QUEUE_MAX,
	.notify = vrng_notify,
	.destroy = vrng_destroy,
};

struct vmmio *virtio_rng_create(const struct virtio_slot_args *a)
{
	struct vrng *r = calloc(1, sizeof(*r));
	struct vmmio *vm;

	if (r == NULL || (vm = vmmio_create(&vrng_ops, r, 0, a->mem)) == NULL) {
		snprintf(a->err, a->errlen, "%s", strerror(errno));
		free(r);
		return NULL;
	}
	return vm;
}

static const char *const rng_keys[] = { NULL };

/* -s SLOT,virtio-rng...: the variables under virtio.<slot>. it reads */
static const struct devemu rng_devemu = {
	.de_name = "virtio-rng",
	.de_kind = DEVEMU_VIRTIO,
	.de_order = 4,
	.de_keys = rng_keys,
	.de_first_word = NULL,
	.de_create = virtio_rng_create,
};
DEVEMU_SET(rng_devemu);
