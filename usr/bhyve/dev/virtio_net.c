// SPDX-License-Identifier: BSD-2-Clause
/*
 * virtio-net (virtio 1.2, 5.1) on a Linux tap interface: one receive and
 * one transmit queue, no control queue, no mergeable buffers. Each frame
 * carries the 12-byte struct virtio_net_hdr of VIRTIO_F_VERSION_1
 * (5.1.6).
 *
 * Offloads, when the tap takes virtio-net headers itself (IFF_VNET_HDR,
 * tap.h): the guest's header goes to the tap as it is and the tap's
 * header to the guest (num_buffers = 1 set on top), so checksums and TCP
 * segments of up to 64 KiB cross in one piece each way: the device offers
 * CSUM and HOST_TSO4/6 (the guest sends partial checksums and large
 * segments, which the host's kernel checks as it checks any tap writer's)
 * and GUEST_CSUM and GUEST_TSO4/6 (the tap hands over large segments once
 * the driver accepted them: tap_set_offload at FEATURES_OK, back to none
 * at reset). A driver that takes GUEST_TSO without mergeable buffers
 * posts 64 KiB receive buffers (5.1.6.3.1). Without IFF_VNET_HDR (or with
 * a descriptor that is not a tap) the header is all zeros but
 * num_buffers = 1 and no offload is offered.
 *
 * Variables: virtio.<slot>.tap (interface name, required),
 * virtio.<slot>.mac (xx:xx:xx:xx:xx:xx, unicast; default: locally
 * administered, derived from the VM name and the slot).
 *
 * Transmit runs on the vCPU thread that notified. Receive runs on the
 * event thread (mevent, tap readable); with no receive buffer posted it
 * stops reading the tap until the guest posts some (a receiveq notify),
 * so frames wait in the tap's queue instead of being read and lost.
 * A tap that can no longer be read (its interface was deleted) stops the
 * receive side for good, with one line on stderr; transmit drops frames.
 *
 * A received frame larger than the buffer the guest posted is dropped
 * and the buffer kept for the next frame, as QEMU and vhost-net do
 * without mergeable buffers and as a NIC drops a frame longer than its
 * receive buffers. Cut to the buffer, it would reach the guest's stack
 * as a shorter, well-formed frame whose contents lie (an IP length past
 * its end, a payload cut short). A tap's read cuts such a frame to the
 * buffer and returns what it copied, so it cannot say "too big" by
 * itself: the read gets one byte of room past the guest's buffer, and a
 * byte in it means the frame did not fit. The used length is the header
 * plus the bytes read, never more than the buffer (2.7.8). The first
 * drop is said in one line; later ones are counted, their total said
 * when the device goes.
 */
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "virtio_devs.h"
#include "devemu.h"
#include "mevent.h"
#include "backend/tap.h"
#include "virtio/virtio.h"

#define VIRTIO_NET_F_CSUM	0
#define VIRTIO_NET_F_GUEST_CSUM 1
#define VIRTIO_NET_F_MAC	5
#define VIRTIO_NET_F_GUEST_TSO4 7
#define VIRTIO_NET_F_GUEST_TSO6 8
#define VIRTIO_NET_F_HOST_TSO4	11
#define VIRTIO_NET_F_HOST_TSO6	12
#define VIRTIO_NET_F_STATUS 16
#define VIRTIO_NET_S_LINK_UP 1

#define VNET_RXQ       0
#define VNET_TXQ       1
#define VNET_QUEUE_MAX 256
#define VNET_IOV       64 /* a 64 KiB receive buffer is 19 or so */
#define VNET_HDR_LEN   12
#define VNET_CFG_SIZE  8 /* mac[6], status (5.1.4) */
#define VNET_RX_BATCH  64 /* frames per wake-up, to let others run */

struct vnet {
	struct vmmio *vm;
	unsigned int slot;
	int tap_fd;
	bool vnet_hdr; /* the tap reads and writes the headers itself */
	struct mevent *rx_ev;
	bool rx_gone; /* the tap failed: never read it again */
	uint64_t rx_too_big; /* frames dropped: larger than the buffer */
	uint8_t rx_spill; /* the byte past the guest's buffer */
	uint8_t cfg[VNET_CFG_SIZE];
	struct iovec iov[VNET_IOV];
	struct iovec data[VNET_IOV];
	struct iovec rx_iov[VNET_IOV];
	struct iovec rx_data[VNET_IOV + 1]; /* + rx_spill */
};

static uint32_t vnet_tx_chain(void *arg, struct iovec *iov,
			      const struct vq_chain *ch)
{
	struct vnet *n = arg;
	unsigned int nd;
	ssize_t r;

	if (ch->read_len <= VNET_HDR_LEN)
		return 0;
	/* with vnet_hdr the tap takes (and checks) the guest's header */
	nd = n->vnet_hdr ?
		     iov_slice(iov, ch->nread, 0, ch->read_len, n->data,
			       VNET_IOV) :
		     iov_slice(iov, ch->nread, VNET_HDR_LEN,
			       ch->read_len - VNET_HDR_LEN, n->data, VNET_IOV);
	/* a frame goes whole or not at all; a full tap drops it, as a wire */
	do
		r = writev(n->tap_fd, n->data, (int)nd);
	while (r < 0 && errno == EINTR);
	return 0;
}

static void vnet_rx(int fd, enum mevent_type type, void *arg);

static void rx_stop(struct vnet *n)
{
	if (n->rx_ev != NULL) {
		mevent_del(n->rx_ev);
		n->rx_ev = NULL;
	}
}

static void rx_start(struct vnet *n)
{
	if (n->rx_ev == NULL && !n->rx_gone)
		n->rx_ev = mevent_add(n->tap_fd, EVF_READ, vnet_rx, n);
}

/* One frame into one chain: 1 done, 0 tap empty, -1 stop reading. */
static int rx_one(struct vnet *n, struct virtqueue *vq)
{
	static const uint8_t hdr[VNET_HDR_LEN] = { [10] = 1 }; /* num_buffers */
	static const uint8_t nbuf[2] = { 1, 0 };
	struct vq_chain ch;
	unsigned int nd;
	uint64_t room, skip = n->vnet_hdr ? 0 : VNET_HDR_LEN;
	ssize_t r;
	int got;

	if (!vq_has_avail(vq) && !vq_notify_enable(vq))
		return -1; /* no buffer: wait for a receiveq notify */
	got = vq_pop(vq, n->rx_iov, VNET_IOV, &ch);
	if (got < 0) {
		vmmio_needs_reset(n->vm);
		return -1;
	}
	if (got == 0)
		return -1;
	if (ch.write_len <= VNET_HDR_LEN) {
		vq_push(vq, ch.head, 0); /* useless buffer: give it back */
		return 1;
	}
	/* with vnet_hdr the tap writes the header (but num_buffers) */
	nd = iov_slice(n->rx_iov + ch.nread, ch.nwrite, skip,
		       ch.write_len - skip, n->rx_data, VNET_IOV);
	room = iov_total(n->rx_data, nd);
	n->rx_data[nd].iov_base = &n->rx_spill;
	n->rx_data[nd].iov_len = 1;
	do
		r = readv(n->tap_fd, n->rx_data, (int)nd + 1);
	while (r < 0 && errno == EINTR);
	if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
		vq_unpop(vq);
		return 0;
	}
	if (r <= 0) {
		/*
		 * A deleted interface reads EBADFD and polls POLLERR for
		 * good: reading on would spin the event loop. Stop.
		 */
		const char *why = r < 0 ? strerror(errno) : "end of file";

		vq_unpop(vq);
		n->rx_gone = true;
		fprintf(stderr, "bhyve: slot %u (virtio-net): cannot read "
			"the tap (%s): receive stopped\n", n->slot, why);
		return -1;
	}
	if (n->vnet_hdr && r < VNET_HDR_LEN) {
		vq_unpop(vq); /* cannot happen with a tap: drop it */
		return 1;
	}
	if ((uint64_t)r > room) {
		/* the frame did not fit: drop it, keep the buffer */
		vq_unpop(vq);
		if (n->rx_too_big++ == 0)
			fprintf(stderr, "bhyve: slot %u (virtio-net): a "
				"received frame longer than the %" PRIu64
				" bytes the guest's buffer holds dropped "
				"(further ones are only counted)\n",
				n->slot, room);
		return 1;
	}
	if (n->vnet_hdr) {
		/* num_buffers (bytes 10-11): the tap leaves them alone */
		iov_slice(n->rx_iov + ch.nread, ch.nwrite, 10, 2, n->rx_data,
			  VNET_IOV);
		iov_from_buf(n->rx_data, 2, nbuf, sizeof(nbuf));
	} else {
		iov_from_buf(n->rx_iov + ch.nread, ch.nwrite, hdr, sizeof(hdr));
	}
	vq_push(vq, ch.head, (uint32_t)(skip + (uint64_t)r));
	return 1;
}

/* Event thread: frames are waiting in the tap. */
static void vnet_rx(int fd, enum mevent_type type, void *arg)
{
	struct vnet *n = arg;
	struct virtqueue *vq;
	int i, r = 1;

	(void)fd;
	(void)type;
	vmmio_lock(n->vm);
	vq = vmmio_vq(n->vm, VNET_RXQ);
	if (!vmmio_running(n->vm) || !vq_ok(vq)) {
		rx_stop(n);
		goto out;
	}
	for (i = 0; i < VNET_RX_BATCH && r > 0; i++)
		r = rx_one(n, vq);
	if (r < 0)
		rx_stop(n);
	vmmio_queue_done(n->vm, VNET_RXQ);
out:
	vmmio_unlock(n->vm);
}

static void vnet_notify(void *sc, struct vmmio *vm, unsigned int q)
{
	struct vnet *n = sc;

	if (q == VNET_TXQ)
		vmmio_drain(vm, q, n->iov, VNET_IOV, vnet_tx_chain, n);
	else
		rx_start(n); /* new receive buffers: read the tap again */
}

static void vnet_cfg_read(void *sc, uint32_t off, void *buf, unsigned int len)
{
	memcpy(buf, ((struct vnet *)sc)->cfg + off, len);
}

/* What the driver takes decides what the tap may hand over (tap.h). */
static void vnet_features_ok(void *sc, uint64_t f)
{
	struct vnet *n = sc;

	if (n->vnet_hdr)
		tap_set_offload(n->tap_fd,
				f & VIRTIO_BIT(VIRTIO_NET_F_GUEST_CSUM),
				f & VIRTIO_BIT(VIRTIO_NET_F_GUEST_TSO4),
				f & VIRTIO_BIT(VIRTIO_NET_F_GUEST_TSO6));
}

static void vnet_reset(void *sc)
{
	struct vnet *n = sc;

	if (n->vnet_hdr)
		tap_set_offload(n->tap_fd, false, false, false);
}

static void vnet_destroy(void *sc)
{
	struct vnet *n = sc;

	rx_stop(n);
	if (n->rx_too_big > 1)
		fprintf(stderr, "bhyve: slot %u (virtio-net): %" PRIu64
			" frames in all dropped, larger than the guest's "
			"receive buffers\n", n->slot, n->rx_too_big);
	if (n->tap_fd >= 0)
		close(n->tap_fd);
	free(n);
}

static const struct virtio_dev_ops vnet_ops = {
	.name = "virtio-net",
	.device_id = VIRTIO_ID_NET,
	.nqueues = 2,
	.queue_max = VNET_QUEUE_MAX,
	.config_size = VNET_CFG_SIZE,
	.cfg_read = vnet_cfg_read,
	.notify = vnet_notify,
	.features_ok = vnet_features_ok,
	.reset = vnet_reset,
	.destroy = vnet_destroy,
};

/* xx:xx:xx:xx:xx:xx, hex, unicast and not all zeros */
int virtio_net_parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int i, v;
	char *end;

	for (i = 0; i < 6; i++) {
		if (!((s[0] >= '0' && s[0] <= '9') ||
		      (s[0] >= 'a' && s[0] <= 'f') ||
		      (s[0] >= 'A' && s[0] <= 'F')))
			return -1;
		v = (unsigned int)strtoul(s, &end, 16);
		if (end - s != 2 || *end != (i < 5 ? ':' : '\0'))
			return -1;
		mac[i] = (uint8_t)v;
		s = end + 1;
	}
	if (mac[0] & 1)
		return -1; /* multicast */
	return (mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]) ? 0 : -1;
}

/* FNV-1a of "vmname/slot": stable across runs, unique per VM and slot */
void virtio_net_default_mac(const char *vmname, unsigned int slot,
			    uint8_t mac[6])
{
	char buf[128];
	uint64_t h = 0xcbf29ce484222325ULL;
	const char *p;
	int i;

	snprintf(buf, sizeof(buf), "%s/%u", vmname ? vmname : "", slot);
	for (p = buf; *p != '\0'; p++)
		h = (h ^ (uint8_t)*p) * 0x100000001b3ULL;
	mac[0] = 0x02; /* locally administered, unicast */
	for (i = 1; i < 6; i++)
		mac[i] = (uint8_t)(h >> (8 * (i - 1)));
}

struct vmmio *virtio_net_create_fd(const struct virtio_slot_args *a, int fd,
				   const uint8_t mac[6], bool vnet_hdr)
{
	struct vnet *n = calloc(1, sizeof(*n));
	uint64_t features =
		VIRTIO_BIT(VIRTIO_NET_F_MAC) | VIRTIO_BIT(VIRTIO_NET_F_STATUS);

	if (n == NULL) {
		snprintf(a->err, a->errlen, "%s", strerror(errno));
		close(fd);
		return NULL;
	}
	n->slot = a->slot;
	n->tap_fd = fd;
	n->vnet_hdr = vnet_hdr;
	memcpy(n->cfg, mac, 6);
	n->cfg[6] = VIRTIO_NET_S_LINK_UP; /* status, little-endian */
	if (vnet_hdr)
		features |= VIRTIO_BIT(VIRTIO_NET_F_CSUM) |
			    VIRTIO_BIT(VIRTIO_NET_F_GUEST_CSUM) |
			    VIRTIO_BIT(VIRTIO_NET_F_GUEST_TSO4) |
			    VIRTIO_BIT(VIRTIO_NET_F_GUEST_TSO6) |
			    VIRTIO_BIT(VIRTIO_NET_F_HOST_TSO4) |
			    VIRTIO_BIT(VIRTIO_NET_F_HOST_TSO6);
	n->vm = vmmio_create(&vnet_ops, n, features, a->mem);
	if (n->vm == NULL) {
		snprintf(a->err, a->errlen, "%s", strerror(errno));
		vnet_destroy(n);
		return NULL;
	}
	return n->vm;
}

struct vmmio *virtio_net_create(const struct virtio_slot_args *a)
{
	const char *tap = virtio_slot_get(a->slot, "tap");
	const char *macs = virtio_slot_get(a->slot, "mac");
	const char *what = "";
	uint8_t mac[6];
	bool vnet_hdr = true;
	int fd;

	if (tap == NULL || *tap == '\0') {
		snprintf(a->err, a->errlen, "no tap: virtio.%u.tap is not set",
			 a->slot);
		return NULL;
	}
	if (macs != NULL && virtio_net_parse_mac(macs, mac) < 0) {
		snprintf(a->err, a->errlen,
			 "bad MAC '%.40s' (want a unicast xx:xx:xx:xx:xx:xx)",
			 macs);
		return NULL;
	}
	if (macs == NULL)
		virtio_net_default_mac(a->vmname, a->slot, mac);
	fd = tap_open(tap, &vnet_hdr, &what);
	if (fd < 0) {
		snprintf(a->err, a->errlen, "tap %.32s: %s: %s", tap, what,
			 strerror(errno));
		return NULL;
	}
	return virtio_net_create_fd(a, fd, mac, vnet_hdr);
}

static const char *const net_keys[] = { "tap", "mac", NULL };

/* -s SLOT,virtio-net...: the variables under virtio.<slot>. it reads */
static const struct devemu net_devemu = {
	.de_name = "virtio-net",
	.de_kind = DEVEMU_VIRTIO,
	.de_order = 2,
	.de_keys = net_keys,
	.de_first_word = "tap",
	.de_create = virtio_net_create,
};
DEVEMU_SET(net_devemu);
