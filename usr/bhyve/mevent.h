/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The event loop (FreeBSD bhyve's mevent is the model): one thread that
 * waits on file descriptors and timers and calls the device that asked,
 * so a device can raise its interrupt when data arrives (console input,
 * a tap device, a timer) and not only when the guest polls it.
 *
 * Callbacks run on the event thread, one at a time; a device that also
 * runs on vCPU threads locks its own state. mevent_add/del may be called
 * from any thread, including from a callback.
 */
#ifndef BHYVE_MEVENT_H
#define BHYVE_MEVENT_H

#include <stdint.h>

enum mevent_type {
	EVF_READ,	/* fd readable (or hung up) */
	EVF_WRITE,	/* fd writable */
	EVF_TIMER,	/* every period_ms milliseconds (fd unused) */
};

struct mevent;
typedef void (*mevent_cb)(int fd, enum mevent_type type, void *arg);

/* NULL and errno on failure. For EVF_TIMER fd is the period in ms. */
struct mevent *mevent_add(int fd, enum mevent_type type, mevent_cb cb,
			  void *arg);
/*
 * After it returns, cb is not running and will not run again (called from
 * cb itself, for its own event: cb just will not run again). ev is freed.
 */
int mevent_del(struct mevent *ev);

/*
 * Stop and resume watching (an event starts enabled): e.g. a UART stops
 * reading its input while its receive FIFO is full. Never wait for a
 * callback, so they may be called with a device lock held that the
 * callback also takes. A disabled timer restarts its period on enable.
 */
int mevent_disable(struct mevent *ev);
int mevent_enable(struct mevent *ev);

/* Starts the event thread; 0 or -1 and errno. */
int mevent_start(void);
/* Stops and joins it (every exit path of bhyve may call it, once or more). */
void mevent_stop(void);

#endif
