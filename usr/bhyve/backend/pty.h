/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A console on a pseudo-terminal, the Linux counterpart of FreeBSD
 * bhyve's nmdm(4) consoles: bhyve holds the master, a terminal program
 * (screen, picocom, cu) opens the slave, or the stable link to it, and
 * may leave and come back at any time without the guest noticing.
 *
 * The slave is in raw mode, so the guest's bytes reach the terminal
 * unchanged; it is put back in raw mode each time a terminal leaves, as
 * a terminal program may leave it cooked (with echo, the guest would read
 * its own output back).
 *
 * Output never blocks the caller (a vCPU): the master is non-blocking and
 * what it does not take, or everything while no terminal is attached,
 * goes to a ring of PTY_RING_SIZE bytes that drops its oldest bytes first
 * and is written out when a terminal attaches. Bytes the terminal had not
 * read yet when it left are lost: Linux flushes them at the slave's last
 * close.
 *
 * What Linux does, and why there is a timer: while the slave is closed
 * the master polls POLLHUP (and reads EIO) without end, so a read event
 * on it would spin; and nothing tells the master that a slave was opened.
 * So while nobody is attached (and while the device has paused input) the
 * master is looked at every PTY_POLL_MS ms, a handful of wake-ups a
 * second, and attachment is seen when POLLHUP goes. A master whose slave
 * was never opened does not report POLLHUP at all: the slave is opened
 * and closed once at start so that "nobody attached" is visible at once.
 *
 * Threads: write, read and rx_pause may be called from any thread (vCPUs
 * with a device lock held); the ready callback runs on the event thread
 * (mevent.h) without the pty's lock, so it may call back in.
 */
#ifndef BHYVE_PTY_H
#define BHYVE_PTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#define PTY_RING_SIZE (64 * 1024)
#define PTY_POLL_MS   200

struct pty_console;

/*
 * A new pty in raw mode; with link non-NULL, also a symbolic link there
 * to the slave (an older one is replaced). The link, and its directory
 * once empty (bhyve's per-VM run directory, rundir.h), go in
 * pty_console_close. NULL and one line (no newline) in err on failure.
 * The event loop's events are added here; they run once it starts.
 */
struct pty_console *pty_console_open(const char *link, char *err,
				     size_t errlen);
void pty_console_close(struct pty_console *p);

/* The slave's path, e.g. /dev/pts/3, and the link (or NULL). */
const char *pty_console_slave(const struct pty_console *p);
const char *pty_console_link(const struct pty_console *p);

/*
 * Announce input: ready(arg) is called on the event thread whenever a
 * terminal has typed something, until paused (pty_console_rx_pause).
 * 0, or -1 and errno.
 */
int pty_console_watch(struct pty_console *p, void (*ready)(void *arg),
		      void *arg);
void pty_console_rx_pause(struct pty_console *p, bool pause);

/* Output: never blocks, never fails (what does not fit is dropped). */
void pty_console_write(struct pty_console *p, const void *buf, size_t len);

/* Input, without blocking: the bytes read, 0 if none (or no terminal). */
size_t pty_console_read(struct pty_console *p, void *buf, size_t len);
size_t pty_console_readv(struct pty_console *p, const struct iovec *iov,
			 int iovcnt);

struct pty_console_stats {
	bool attached;
	size_t buffered; /* bytes in the ring */
	uint64_t dropped; /* bytes the ring dropped, in all */
	uint64_t wakeups; /* event-loop callbacks, in all */
	uint64_t attaches; /* terminals seen attaching */
};
void pty_console_get_stats(struct pty_console *p, struct pty_console_stats *st);

#endif
