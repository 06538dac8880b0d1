// SPDX-License-Identifier: BSD-2-Clause
/*
 * virtio-console (virtio 1.2, 5.3) with one port and no MULTIPORT: queue
 * 0 (receiveq) carries input to the guest, queue 1 (transmitq) output.
 *
 * Variables: virtio.<slot>.stdio (bool: input from fd 0, output to fd 1;
 * the terminal is left as it is), virtio.<slot>.pty (bool: a pty that
 * terminal programs attach to and leave at will, linked as
 * RUNDIR_BASE/<vmname>/virtio-console.<slot>; see backend/pty.h) or
 * virtio.<slot>.path (output appended to this file or FIFO; no input);
 * none: a port with nothing attached (output is dropped, as on an
 * unplugged serial line; no input). Input is read on the event thread
 * (mevent) into the guest's receive buffers; with no buffer posted the
 * console stops reading until the guest posts some (a receiveq notify).
 *
 * A FIFO is a serial line someone may plug in later: it is opened without
 * waiting for a reader (a blocking open would hang bhyve at start-up),
 * output is dropped while it has none (at start, or after the reader
 * left) and goes to the next reader that opens it. Writes never wait: a
 * reader that does not keep up loses what does not fit in the pipe, as
 * the vCPU that transmits must not stop for it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "virtio_devs.h"
#include "devemu.h"
#include "mevent.h"
#include "rundir.h"
#include "backend/pty.h"
#include "virtio/virtio.h"

#define VCON_RXQ       0
#define VCON_TXQ       1
#define VCON_QUEUE_MAX 64
#define VCON_IOV       16
#define VCON_CFG_SIZE  12 /* cols, rows, max_nr_ports, emerg_wr (5.3.4) */

struct vcon {
	struct vmmio *vm;
	int in_fd, out_fd;
	bool own_out;
	bool in_eof;
	char *fifo; /* path= is a FIFO: reopened when it had no reader */
	struct pty_console *pty; /* pty: both ways, in place of the fds */
	struct mevent *rx_ev;
	struct iovec iov[VCON_IOV];
};

/* transmitq: the readable buffers go out as they are (5.3.6) */
static uint32_t vcon_tx_chain(void *arg, struct iovec *iov,
			      const struct vq_chain *ch)
{
	struct vcon *c = arg;
	unsigned int n = ch->nread, i;
	ssize_t r;

	if (c->pty != NULL) {
		for (i = 0; i < n; i++)
			pty_console_write(c->pty, iov[i].iov_base,
					  iov[i].iov_len);
		return 0;
	}
	if (c->out_fd < 0 && c->fifo != NULL)
		c->out_fd = open(c->fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	while (n > 0 && c->out_fd >= 0) {
		r = writev(c->out_fd, iov, (int)n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == EPIPE && c->fifo != NULL) {
			/* the reader left: wait for the next one */
			close(c->out_fd);
			c->out_fd = -1;
		}
		if (r <= 0)
			break; /* output lost, as on a serial line */
		while (n > 0 && (size_t)r >= iov->iov_len) {
			r -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (uint8_t *)iov->iov_base + r;
			iov->iov_len -= (size_t)r;
		}
	}
	return 0;
}

static void vcon_rx(int fd, enum mevent_type type, void *arg);

/* The pty keeps its own events: input is paused, not unwatched. */
static void rx_stop(struct vcon *c)
{
	if (c->pty != NULL) {
		pty_console_rx_pause(c->pty, true);
		return;
	}
	if (c->rx_ev != NULL) {
		mevent_del(c->rx_ev);
		c->rx_ev = NULL;
	}
}

static void rx_start(struct vcon *c)
{
	if (c->pty != NULL) {
		pty_console_rx_pause(c->pty, false);
		return;
	}
	if (c->rx_ev == NULL && c->in_fd >= 0 && !c->in_eof)
		c->rx_ev = mevent_add(c->in_fd, EVF_READ, vcon_rx, c);
}

/* One read into the guest's buffers: > 0, 0 for nothing now, -1 at end. */
static ssize_t vcon_read(struct vcon *c, const struct iovec *iov, int n)
{
	ssize_t r;

	if (c->pty != NULL)
		return (ssize_t)pty_console_readv(c->pty, iov, n);
	do
		r = readv(c->in_fd, iov, n);
	while (r < 0 && errno == EINTR);
	if (r < 0 && errno == EAGAIN)
		return 0;
	return r > 0 ? r : -1;
}

/* Event thread: input is waiting; one read into one receive chain. */
static void vcon_fill(struct vcon *c)
{
	struct virtqueue *vq;
	struct vq_chain ch;
	ssize_t r;
	int got;

	vmmio_lock(c->vm);
	vq = vmmio_vq(c->vm, VCON_RXQ);
	if (!vmmio_running(c->vm) || !vq_ok(vq) ||
	    (!vq_has_avail(vq) && !vq_notify_enable(vq))) {
		/* nowhere to put it: wait for a receiveq notify */
		rx_stop(c);
		goto out;
	}
	got = vq_pop(vq, c->iov, VCON_IOV, &ch);
	if (got < 0) {
		vmmio_needs_reset(c->vm);
		rx_stop(c);
		goto out;
	}
	if (got == 0 || ch.nwrite == 0) {
		if (got == 1)
			vq_push(vq, ch.head, 0);
		goto done;
	}
	r = vcon_read(c, c->iov + ch.nread, (int)ch.nwrite);
	if (r <= 0) {
		vq_unpop(vq);
		if (r < 0) {
			c->in_eof = true; /* end of input: stop for good */
			rx_stop(c);
		}
		goto out;
	}
	vq_push(vq, ch.head, (uint32_t)r);
done:
	vmmio_queue_done(c->vm, VCON_RXQ);
out:
	vmmio_unlock(c->vm);
}

static void vcon_rx(int fd, enum mevent_type type, void *arg)
{
	(void)fd;
	(void)type;
	vcon_fill(arg);
}

/* the pty has input (its own event, see backend/pty.h) */
static void vcon_pty_ready(void *arg)
{
	vcon_fill(arg);
}

static void vcon_notify(void *sc, struct vmmio *vm, unsigned int q)
{
	struct vcon *c = sc;

	if (q == VCON_TXQ)
		vmmio_drain(vm, q, c->iov, VCON_IOV, vcon_tx_chain, c);
	else
		rx_start(c); /* new receive buffers */
}

static void vcon_cfg_read(void *sc, uint32_t off, void *buf, unsigned int len)
{
	(void)sc;
	(void)off;
	memset(buf, 0, len); /* no SIZE, no MULTIPORT, no EMERG_WRITE */
}

static void vcon_destroy(void *sc)
{
	struct vcon *c = sc;

	rx_stop(c);
	pty_console_close(c->pty);
	if (c->own_out && c->out_fd >= 0)
		close(c->out_fd);
	free(c->fifo);
	free(c);
}

static const struct virtio_dev_ops vcon_ops = {
	.name = "virtio-console",
	.device_id = VIRTIO_ID_CONSOLE,
	.nqueues = 2,
	.queue_max = VCON_QUEUE_MAX,
	.config_size = VCON_CFG_SIZE,
	.cfg_read = vcon_cfg_read,
	.notify = vcon_notify,
	.destroy = vcon_destroy,
};

/*
 * O_NONBLOCK: the open of a FIFO with no reader fails with ENXIO instead
 * of waiting, and no later write waits for a reader.
 */
static int open_output(struct vcon *c, const char *path,
		       const struct virtio_slot_args *a)
{
	struct stat st;
	int e;

	c->out_fd = open(path,
			 O_WRONLY | O_CREAT | O_APPEND | O_NONBLOCK | O_CLOEXEC,
			 0644);
	if (c->out_fd < 0) {
		e = errno;
		/* ENXIO is also a socket or a device without its driver */
		if (e != ENXIO || stat(path, &st) < 0 ||
		    !S_ISFIFO(st.st_mode)) {
			snprintf(a->err, a->errlen, "%s: %s", path,
				 strerror(e));
			return -1;
		}
	} else if (fstat(c->out_fd, &st) < 0) {
		snprintf(a->err, a->errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISFIFO(st.st_mode))
		return 0;
	c->fifo = strdup(path);
	if (c->fifo == NULL) {
		snprintf(a->err, a->errlen, "%s", strerror(errno));
		return -1;
	}
	return 0;
}

/* pty: a new one, linked from the VM's run directory, said on stderr */
static int open_pty(struct vcon *c, const struct virtio_slot_args *a)
{
	char link[PATH_MAX], leaf[32];

	snprintf(leaf, sizeof(leaf), "virtio-console.%u", a->slot);
	if (rundir_path(a->vmname, leaf, link, sizeof(link)) < 0) {
		snprintf(a->err, a->errlen, "%s/%s: %s", rundir_base,
			 a->vmname ? a->vmname : "", strerror(errno));
		return -1;
	}
	c->pty = pty_console_open(link, a->err, a->errlen);
	if (c->pty == NULL)
		return -1;
	fprintf(stderr, "bhyve: slot %u (virtio-console): %s (%s)\n", a->slot,
		pty_console_slave(c->pty), link);
	return 0;
}

static int get_bool(const struct virtio_slot_args *a, const char *key,
		    bool *val)
{
	const char *s = virtio_slot_get(a->slot, key);

	*val = false;
	if (s != NULL && config_parse_bool(s, val) < 0) {
		snprintf(a->err, a->errlen, "%s: invalid value '%s'", key, s);
		return -1;
	}
	return 0;
}

struct vmmio *virtio_console_create(const struct virtio_slot_args *a)
{
	const char *path = virtio_slot_get(a->slot, "path");
	bool stdio, pty;
	struct vcon *c;

	if (get_bool(a, "stdio", &stdio) < 0 || get_bool(a, "pty", &pty) < 0)
		return NULL;
	if (stdio + pty + (path != NULL) > 1) {
		snprintf(a->err, a->errlen,
			 "give one of 'stdio', 'pty' or 'path=FILE', not more");
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		snprintf(a->err, a->errlen, "%s", strerror(errno));
		return NULL;
	}
	c->in_fd = -1;
	c->out_fd = -1;
	if (stdio) {
		c->in_fd = STDIN_FILENO;
		c->out_fd = STDOUT_FILENO;
	} else if (pty) {
		if (open_pty(c, a) < 0 ||
		    pty_console_watch(c->pty, vcon_pty_ready, c) < 0) {
			if (c->pty != NULL)
				snprintf(a->err, a->errlen, "pty: %s",
					 strerror(errno));
			vcon_destroy(c);
			return NULL;
		}
	} else if (path != NULL) {
		c->own_out = true;
		if (open_output(c, path, a) < 0) {
			vcon_destroy(c);
			return NULL;
		}
	}
	c->vm = vmmio_create(&vcon_ops, c, 0, a->mem);
	if (c->vm == NULL) {
		snprintf(a->err, a->errlen, "%s", strerror(errno));
		vcon_destroy(c);
		return NULL;
	}
	return c->vm;
}

static const char *const con_keys[] = { "path", "pty", "stdio", NULL };

/* -s SLOT,virtio-console...: the variables under virtio.<slot>. it reads */
static const struct devemu con_devemu = {
	.de_name = "virtio-console",
	.de_kind = DEVEMU_VIRTIO,
	.de_order = 3,
	.de_keys = con_keys,
	.de_first_word = NULL,
	.de_create = virtio_console_create,
};
DEVEMU_SET(con_devemu);
