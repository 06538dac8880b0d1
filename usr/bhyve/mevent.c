// SPDX-License-Identifier: BSD-2-Clause
/*
 * The event loop: see mevent.h. One thread in poll(2); the pipe wakes it
 * when the set of events changes (the self-pipe trick), timers are the
 * poll timeout. A handful of events, so a list rebuilt into a pollfd array
 * on every round.
 *
 * Lifetime: while the thread runs only it unlinks and frees events, at the
 * top of a round, so the event pointers it holds across poll() and while
 * a callback runs stay valid; mevent_del marks the event and waits until
 * its callback is not running. Callbacks run without mevent's lock, so a
 * callback may take a device lock that another thread holds while it
 * calls mevent_add/enable/disable.
 */
#define _GNU_SOURCE /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "mevent.h"

/* fd events beyond this many are not watched (a VM has a handful) */
#define MEVENT_MAX_FDS 64

struct mevent {
	int fd;
	enum mevent_type type;
	mevent_cb cb;
	void *arg;
	int period_ms;
	uint64_t due_ms; /* timers: next expiry, CLOCK_MONOTONIC */
	bool enabled, deleted;
	struct mevent *next;
};

static pthread_mutex_t mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cb_done = PTHREAD_COND_INITIALIZER;
static struct mevent *events;
static struct mevent *running; /* whose callback runs now */
static pthread_t thread;
static bool started, stopping;
static int wake_pipe[2] = { -1, -1 };

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static bool on_event_thread(void)
{
	return started && pthread_equal(pthread_self(), thread);
}

/* Under mtx. The pipe is non-blocking: when full, a wake-up is pending. */
static void wake_locked(void)
{
	char c = 0;
	ssize_t n;

	if (!started || on_event_thread())
		return; /* it rebuilds its set before it polls again */
	n = write(wake_pipe[1], &c, 1);
	(void)n;
}

struct mevent *mevent_add(int fd, enum mevent_type type, mevent_cb cb,
			  void *arg)
{
	struct mevent *ev;

	if (cb == NULL || (type == EVF_TIMER && fd <= 0) ||
	    (type != EVF_TIMER && fd < 0) ||
	    (type != EVF_READ && type != EVF_WRITE && type != EVF_TIMER)) {
		errno = EINVAL;
		return NULL;
	}
	ev = calloc(1, sizeof(*ev));
	if (ev == NULL)
		return NULL;
	ev->type = type;
	ev->cb = cb;
	ev->arg = arg;
	ev->enabled = true;
	if (type == EVF_TIMER) {
		ev->fd = -1;
		ev->period_ms = fd;
		ev->due_ms = now_ms() + (uint64_t)fd;
	} else {
		ev->fd = fd;
	}
	pthread_mutex_lock(&mtx);
	ev->next = events;
	events = ev;
	wake_locked();
	pthread_mutex_unlock(&mtx);
	return ev;
}

static void unlink_free_locked(struct mevent *ev)
{
	struct mevent **pp;

	for (pp = &events; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == ev) {
			*pp = ev->next;
			break;
		}
	}
	free(ev);
}

int mevent_del(struct mevent *ev)
{
	if (ev == NULL) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&mtx);
	ev->deleted = true;
	if (!started) {
		unlink_free_locked(ev);
	} else if (!on_event_thread()) {
		while (running == ev)
			pthread_cond_wait(&cb_done, &mtx);
		wake_locked(); /* it frees ev before its next poll */
	}
	pthread_mutex_unlock(&mtx);
	return 0;
}

static int set_enabled(struct mevent *ev, bool on)
{
	if (ev == NULL) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&mtx);
	if (on && !ev->enabled && ev->type == EVF_TIMER)
		ev->due_ms = now_ms() + (uint64_t)ev->period_ms;
	if (ev->enabled != on) {
		ev->enabled = on;
		wake_locked();
	}
	pthread_mutex_unlock(&mtx);
	return 0;
}

int mevent_disable(struct mevent *ev)
{
	return set_enabled(ev, false);
}

int mevent_enable(struct mevent *ev)
{
	return set_enabled(ev, true);
}

/* Under mtx; drops it while cb runs. */
static void dispatch_locked(struct mevent *ev, enum mevent_type type)
{
	if (ev->deleted || !ev->enabled)
		return;
	running = ev;
	pthread_mutex_unlock(&mtx);
	ev->cb(ev->fd >= 0 ? ev->fd : ev->period_ms, type, ev->arg);
	pthread_mutex_lock(&mtx);
	running = NULL;
	pthread_cond_broadcast(&cb_done);
}

/* Free deleted events, fill pfds; returns the poll timeout. Under mtx. */
static int prepare_locked(struct pollfd *pfds, struct mevent **map, int *n)
{
	struct mevent **pp = &events, *ev;
	uint64_t now = now_ms(), next = UINT64_MAX;

	*n = 1;
	pfds[0].fd = wake_pipe[0];
	pfds[0].events = POLLIN;
	while ((ev = *pp) != NULL) {
		if (ev->deleted) {
			*pp = ev->next;
			free(ev);
			continue;
		}
		pp = &ev->next;
		if (!ev->enabled)
			continue;
		if (ev->type == EVF_TIMER) {
			if (ev->due_ms < next)
				next = ev->due_ms;
		} else if (*n < MEVENT_MAX_FDS) {
			pfds[*n].fd = ev->fd;
			pfds[*n].events =
				ev->type == EVF_READ ? POLLIN : POLLOUT;
			pfds[*n].revents = 0;
			map[*n] = ev;
			(*n)++;
		}
	}
	if (next == UINT64_MAX)
		return -1;
	if (next <= now)
		return 0;
	return next - now > 60000 ? 60000 : (int)(next - now);
}

static void *mevent_thread(void *unused)
{
	struct pollfd pfds[MEVENT_MAX_FDS];
	struct mevent *map[MEVENT_MAX_FDS], *ev;
	char buf[64];
	int i, n, timeout;
	uint64_t now;

	(void)unused;
	pthread_mutex_lock(&mtx);
	while (!stopping) {
		timeout = prepare_locked(pfds, map, &n);
		pthread_mutex_unlock(&mtx);
		pfds[0].revents = 0;
		if (poll(pfds, (nfds_t)n, timeout) < 0 && errno != EINTR) {
			pthread_mutex_lock(&mtx);
			break;
		}
		if (pfds[0].revents & POLLIN)
			while (read(wake_pipe[0], buf, sizeof(buf)) > 0)
				;
		pthread_mutex_lock(&mtx);
		for (i = 1; i < n && !stopping; i++) {
			/* POLLHUP/POLLERR: the reader sees EOF or the error */
			if (pfds[i].revents & (pfds[i].events | POLLHUP |
					       POLLERR | POLLNVAL))
				dispatch_locked(map[i], map[i]->type);
		}
		now = now_ms();
		/* new events go to the head: the walk only sees older ones */
		for (ev = events; ev != NULL && !stopping; ev = ev->next) {
			if (ev->type != EVF_TIMER || !ev->enabled ||
			    ev->deleted || ev->due_ms > now)
				continue;
			/* a late round does not fire a burst to catch up */
			ev->due_ms += (uint64_t)ev->period_ms;
			if (ev->due_ms <= now)
				ev->due_ms = now + (uint64_t)ev->period_ms;
			dispatch_locked(ev, EVF_TIMER);
		}
	}
	pthread_mutex_unlock(&mtx);
	return NULL;
}

int mevent_start(void)
{
	sigset_t all, old;
	int err, i;

	pthread_mutex_lock(&mtx);
	if (started) {
		pthread_mutex_unlock(&mtx);
		return 0;
	}
	if (pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
		pthread_mutex_unlock(&mtx);
		return -1;
	}
	stopping = false;
	/* signals are for the vCPU threads (SIGINT ends VM_RUN), not us */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&thread, NULL, mevent_thread, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		for (i = 0; i < 2; i++) {
			close(wake_pipe[i]);
			wake_pipe[i] = -1;
		}
		pthread_mutex_unlock(&mtx);
		errno = err;
		return -1;
	}
	started = true;
	pthread_mutex_unlock(&mtx);
	return 0;
}

void mevent_stop(void)
{
	int i;

	pthread_mutex_lock(&mtx);
	if (!started || on_event_thread()) {
		pthread_mutex_unlock(&mtx);
		return;
	}
	stopping = true;
	wake_locked();
	pthread_mutex_unlock(&mtx);
	pthread_join(thread, NULL);
	pthread_mutex_lock(&mtx);
	started = false;
	for (i = 0; i < 2; i++) {
		close(wake_pipe[i]);
		wake_pipe[i] = -1;
	}
	pthread_mutex_unlock(&mtx);
}
