// SPDX-License-Identifier: BSD-2-Clause
/* The pty console: see pty.h. */
#define _GNU_SOURCE /* ptsname_r */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "backend/pty.h"
#include "console_ring.h"
#include "mevent.h"

/*
 * Everything below mtx. The events are enabled as the state says
 * (update_events): read while attached and not paused, write while
 * attached with output in the ring, the timer while detached or paused.
 */
struct pty_console {
	pthread_mutex_t mtx;
	int fd; /* the master */
	char slave[64];
	char *link;
	struct termios raw;
	bool attached, paused;
	struct cring ring;
	struct mevent *ev_read, *ev_write, *ev_timer;
	void (*ready)(void *arg);
	void *ready_arg;
	uint64_t wakeups, attaches;
};

static short poll_now(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return poll(&pfd, 1, 0) > 0 ? pfd.revents : 0;
}

static void set_event(struct mevent *ev, bool on)
{
	if (ev == NULL)
		return;
	if (on)
		mevent_enable(ev);
	else
		mevent_disable(ev);
}

static void update_events(struct pty_console *p)
{
	set_event(p->ev_read, p->attached && !p->paused);
	set_event(p->ev_write, p->attached && cring_len(&p->ring) > 0);
	set_event(p->ev_timer, !p->attached || p->paused);
}

static void detach_locked(struct pty_console *p)
{
	if (!p->attached)
		return;
	p->attached = false;
	/* the terminal may have left it cooked: raw again for the next */
	(void)tcsetattr(p->fd, TCSANOW, &p->raw);
	update_events(p);
}

static void attach_locked(struct pty_console *p)
{
	if (p->attached)
		return;
	p->attached = true;
	p->attaches++;
	update_events(p); /* the write event delivers the ring */
}

/* The ring into the master until it is empty or the master is full. */
static void flush_locked(struct pty_console *p)
{
	const void *buf;
	size_t n;
	ssize_t w;

	while ((n = cring_peek(&p->ring, &buf)) > 0) {
		w = write(p->fd, buf, n);
		if (w > 0) {
			cring_consume(&p->ring, (size_t)w);
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		/* EAGAIN: POLLOUT comes back; else let the timer look */
		if (w == 0 || errno != EAGAIN)
			detach_locked(p);
		break;
	}
	update_events(p);
}

/* Detached: has a terminal come? Paused: has it gone? */
static void pty_timer(int fd, enum mevent_type type, void *arg)
{
	struct pty_console *p = arg;
	short rev = poll_now(p->fd);

	(void)fd;
	(void)type;
	pthread_mutex_lock(&p->mtx);
	p->wakeups++;
	if (!(rev & POLLHUP))
		attach_locked(p);
	else if (!(rev & POLLIN))
		detach_locked(p);
	pthread_mutex_unlock(&p->mtx);
}

static void pty_writable(int fd, enum mevent_type type, void *arg)
{
	struct pty_console *p = arg;

	(void)type;
	pthread_mutex_lock(&p->mtx);
	p->wakeups++;
	/* POLLHUP wakes a write event too: it would spin */
	if (poll_now(fd) & POLLHUP)
		detach_locked(p);
	else
		flush_locked(p);
	pthread_mutex_unlock(&p->mtx);
}

/* Input, or the terminal left (POLLHUP, and reads get EIO). */
static void pty_readable(int fd, enum mevent_type type, void *arg)
{
	struct pty_console *p = arg;
	short rev = poll_now(fd);

	(void)type;
	pthread_mutex_lock(&p->mtx);
	p->wakeups++;
	if ((rev & POLLHUP) && !(rev & POLLIN))
		detach_locked(p);
	pthread_mutex_unlock(&p->mtx);
	/* without our lock: the device calls back in to read */
	if ((rev & POLLIN) && p->ready != NULL)
		p->ready(p->ready_arg);
}

/* Replace whatever is at link by a link to target, in one step. */
static int make_link(const char *target, const char *link)
{
	char tmp[PATH_MAX];

	if (snprintf(tmp, sizeof(tmp), "%s.new", link) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	(void)unlink(tmp);
	if (symlink(target, tmp) < 0)
		return -1;
	if (rename(tmp, link) < 0) {
		int e = errno;

		(void)unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

static int open_master(struct pty_console *p, const char **what)
{
	int s;

	*what = "/dev/ptmx";
	p->fd = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (p->fd < 0)
		return -1;
	*what = "grantpt";
	if (grantpt(p->fd) < 0)
		return -1;
	*what = "unlockpt";
	if (unlockpt(p->fd) < 0)
		return -1;
	*what = "ptsname";
	if (ptsname_r(p->fd, p->slave, sizeof(p->slave)) != 0)
		return -1;
	/* termios calls on a Linux master act on its slave */
	*what = "raw mode";
	if (tcgetattr(p->fd, &p->raw) < 0)
		return -1;
	cfmakeraw(&p->raw);
	if (tcsetattr(p->fd, TCSANOW, &p->raw) < 0)
		return -1;
	/* a slave opened once makes the master report POLLHUP (pty.h) */
	*what = p->slave;
	s = open(p->slave, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s < 0)
		return -1;
	close(s);
	return 0;
}

struct pty_console *pty_console_open(const char *link, char *err, size_t errlen)
{
	struct pty_console *p = calloc(1, sizeof(*p));
	const char *what = "pty";

	if (p == NULL) {
		snprintf(err, errlen, "pty: %s", strerror(errno));
		return NULL;
	}
	p->fd = -1;
	pthread_mutex_init(&p->mtx, NULL);
	if (cring_init(&p->ring, PTY_RING_SIZE) < 0 ||
	    open_master(p, &what) < 0) {
		snprintf(err, errlen, "pty: %s: %s", what, strerror(errno));
		goto fail;
	}
	if (link != NULL) {
		if (make_link(p->slave, link) < 0) {
			snprintf(err, errlen, "%s: %s", link, strerror(errno));
			goto fail;
		}
		p->link = strdup(link);
		if (p->link == NULL) {
			(void)unlink(link);
			snprintf(err, errlen, "pty: %s", strerror(errno));
			goto fail;
		}
	}
	/* under our lock: a callback that runs at once sees the state */
	pthread_mutex_lock(&p->mtx);
	p->ev_timer = mevent_add(PTY_POLL_MS, EVF_TIMER, pty_timer, p);
	p->ev_write = mevent_add(p->fd, EVF_WRITE, pty_writable, p);
	if (p->ev_timer != NULL && p->ev_write != NULL)
		update_events(p);
	pthread_mutex_unlock(&p->mtx);
	if (p->ev_timer == NULL || p->ev_write == NULL) {
		snprintf(err, errlen, "pty: event loop: %s", strerror(errno));
		goto fail;
	}
	return p;
fail:
	pty_console_close(p);
	return NULL;
}

void pty_console_close(struct pty_console *p)
{
	char buf[PATH_MAX], *dir;
	ssize_t n;

	if (p == NULL)
		return;
	if (p->ev_read != NULL)
		mevent_del(p->ev_read);
	if (p->ev_write != NULL)
		mevent_del(p->ev_write);
	if (p->ev_timer != NULL)
		mevent_del(p->ev_timer);
	if (p->link != NULL) {
		/* only our own link: nothing else is removed */
		n = readlink(p->link, buf, sizeof(buf) - 1);
		if (n >= 0) {
			buf[n] = '\0';
			if (strcmp(buf, p->slave) == 0)
				(void)unlink(p->link);
		}
		/* the VM's run directory goes with its last link */
		dir = dirname(p->link);
		(void)rmdir(dir);
		free(p->link);
	}
	if (p->fd >= 0)
		close(p->fd);
	cring_fini(&p->ring);
	pthread_mutex_destroy(&p->mtx);
	free(p);
}

const char *pty_console_slave(const struct pty_console *p)
{
	return p->slave;
}

const char *pty_console_link(const struct pty_console *p)
{
	return p->link;
}

int pty_console_watch(struct pty_console *p, void (*ready)(void *arg),
		      void *arg)
{
	int ret = 0;

	pthread_mutex_lock(&p->mtx);
	if (p->ev_read != NULL || ready == NULL) {
		errno = EINVAL;
		ret = -1;
		goto out;
	}
	p->ready = ready;
	p->ready_arg = arg;
	p->ev_read = mevent_add(p->fd, EVF_READ, pty_readable, p);
	if (p->ev_read == NULL)
		ret = -1;
	else
		update_events(p);
out:
	pthread_mutex_unlock(&p->mtx);
	return ret;
}

void pty_console_rx_pause(struct pty_console *p, bool pause)
{
	pthread_mutex_lock(&p->mtx);
	p->paused = pause;
	update_events(p);
	pthread_mutex_unlock(&p->mtx);
}

void pty_console_write(struct pty_console *p, const void *buf, size_t len)
{
	const uint8_t *b = buf;
	ssize_t n;

	pthread_mutex_lock(&p->mtx);
	/* straight out while the ring is empty: keeps the order */
	if (p->attached && cring_len(&p->ring) == 0) {
		do
			n = write(p->fd, b, len);
		while (n < 0 && errno == EINTR);
		if (n > 0) {
			b += n;
			len -= (size_t)n;
		}
	}
	if (len > 0) {
		cring_put(&p->ring, b, len);
		update_events(p);
	}
	pthread_mutex_unlock(&p->mtx);
}

/* After a read of the master: EIO says the terminal left. */
static size_t read_done(struct pty_console *p, ssize_t n)
{
	if (n > 0)
		return (size_t)n;
	if (n < 0 && errno == EIO) {
		pthread_mutex_lock(&p->mtx);
		detach_locked(p);
		pthread_mutex_unlock(&p->mtx);
	}
	return 0;
}

static bool attached(struct pty_console *p)
{
	bool a;

	pthread_mutex_lock(&p->mtx);
	a = p->attached;
	pthread_mutex_unlock(&p->mtx);
	return a;
}

size_t pty_console_read(struct pty_console *p, void *buf, size_t len)
{
	ssize_t n;

	if (len == 0 || !attached(p))
		return 0;
	do
		n = read(p->fd, buf, len);
	while (n < 0 && errno == EINTR);
	return read_done(p, n);
}

size_t pty_console_readv(struct pty_console *p, const struct iovec *iov,
			 int iovcnt)
{
	ssize_t n;

	if (iovcnt <= 0 || !attached(p))
		return 0;
	do
		n = readv(p->fd, iov, iovcnt);
	while (n < 0 && errno == EINTR);
	return read_done(p, n);
}

void pty_console_get_stats(struct pty_console *p, struct pty_console_stats *st)
{
	pthread_mutex_lock(&p->mtx);
	st->attached = p->attached;
	st->buffered = cring_len(&p->ring);
	st->dropped = p->ring.dropped;
	st->wakeups = p->wakeups;
	st->attaches = p->attaches;
	pthread_mutex_unlock(&p->mtx);
}
