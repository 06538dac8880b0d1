// SPDX-License-Identifier: BSD-2-Clause
/* UART backends: see uart_backend.h. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "mevent.h"
#include "rundir.h"
#include "uart_backend.h"
#include "backend/pty.h"

/*
 * in_eof, paused and the event's enablement change only in the rx
 * callbacks, which the UART calls with its own lock held: that lock
 * orders them.
 */
struct uart_backend {
	struct pty_console *pty; /* "pty"; else stdio's fds below */
	int infd, outfd;
	bool in_eof; /* stop polling a stdin that has ended */
	bool out_broken; /* stop writing to a stdout that failed */
	struct mevent *ev; /* stdin readable: announce it */
	void (*ready)(void *arg);
	void *ready_arg;
	bool paused;
};

/* One terminal per process: saved state lives here for atexit. */
static struct termios saved_tio;
static int raw_fd = -1;

bool uart_backend_valid(const char *spec)
{
	return spec != NULL && (!strcmp(spec, "stdio") || !strcmp(spec, "pty"));
}

static int open_pty(struct uart_backend *be, const char *vmname, char *err,
		    size_t errlen)
{
	char link[PATH_MAX];

	if (vmname != NULL &&
	    rundir_path(vmname, "console", link, sizeof(link)) < 0) {
		snprintf(err, errlen, "console: %s/%s: %s", rundir_base, vmname,
			 strerror(errno));
		return -1;
	}
	be->pty = pty_console_open(vmname != NULL ? link : NULL, err, errlen);
	if (be->pty == NULL)
		return -1;
	if (vmname != NULL)
		fprintf(stderr, "bhyve: console: %s (%s)\n",
			pty_console_slave(be->pty), link);
	else
		fprintf(stderr, "bhyve: console: %s\n",
			pty_console_slave(be->pty));
	return 0;
}

struct uart_backend *uart_backend_open(const char *spec, const char *vmname,
				       char *err, size_t errlen)
{
	struct uart_backend *be;

	if (!uart_backend_valid(spec)) {
		snprintf(err, errlen, "console: unsupported value '%s'",
			 spec ? spec : "");
		return NULL;
	}
	be = calloc(1, sizeof(*be));
	if (be == NULL) {
		snprintf(err, errlen, "console: %s", strerror(errno));
		return NULL;
	}
	be->infd = STDIN_FILENO;
	be->outfd = STDOUT_FILENO;
	if (!strcmp(spec, "pty") && open_pty(be, vmname, err, errlen) < 0) {
		free(be);
		return NULL;
	}
	return be;
}

void uart_backend_close(struct uart_backend *be)
{
	if (be == NULL)
		return;
	if (be->ev != NULL)
		mevent_del(be->ev);
	pty_console_close(be->pty);
	free(be);
}

static void input_ready(int fd, enum mevent_type type, void *arg)
{
	struct uart_backend *be = arg;

	(void)fd;
	(void)type;
	be->ready(be->ready_arg);
}

int uart_backend_watch(struct uart_backend *be, void (*ready)(void *arg),
		       void *arg)
{
	if (be->pty != NULL)
		return pty_console_watch(be->pty, ready, arg);
	if (be->ev != NULL || ready == NULL) {
		errno = EINVAL;
		return -1;
	}
	be->ready = ready;
	be->ready_arg = arg;
	be->ev = mevent_add(be->infd, EVF_READ, input_ready, be);
	return be->ev == NULL ? -1 : 0;
}

void uart_backend_rx_pause(void *arg, bool pause)
{
	struct uart_backend *be = arg;

	if (be->pty != NULL) {
		pty_console_rx_pause(be->pty, pause);
		return;
	}
	be->paused = pause;
	if (be->ev == NULL || be->in_eof)
		return;
	if (pause)
		mevent_disable(be->ev);
	else
		mevent_enable(be->ev);
}

void uart_backend_restore(void)
{
	if (raw_fd < 0)
		return;
	(void)tcsetattr(raw_fd, TCSANOW, &saved_tio);
	raw_fd = -1;
}

int uart_backend_start(struct uart_backend *be)
{
	static bool registered;
	struct termios tio;

	if (be->pty != NULL || !isatty(be->infd) || raw_fd >= 0)
		return 0;
	if (tcgetattr(be->infd, &saved_tio) < 0)
		return -1;
	if (!registered) {
		atexit(uart_backend_restore);
		registered = true;
	}
	tio = saved_tio;
	cfmakeraw(&tio);
	/*
	 * Every key goes to the guest (Ctrl-C included), but keep NL ->
	 * CR NL on output so that bhyve's own messages stay readable; a
	 * guest's CR NL still looks right.
	 */
	tio.c_oflag |= OPOST | ONLCR;
	if (tcsetattr(be->infd, TCSANOW, &tio) < 0)
		return -1;
	raw_fd = be->infd;
	return 0;
}

void uart_backend_tx(void *arg, uint8_t c)
{
	struct uart_backend *be = arg;
	struct pollfd pfd = { .fd = be->outfd, .events = POLLOUT };
	ssize_t n;

	if (be->pty != NULL) {
		pty_console_write(be->pty, &c, 1);
		return;
	}
	while (!be->out_broken) {
		n = write(be->outfd, &c, 1);
		if (n == 1)
			return;
		if (n < 0 && errno == EINTR)
			continue;
		/* stdout may be shared and non-blocking: wait a little */
		if (n < 0 && errno == EAGAIN && poll(&pfd, 1, 1000) > 0)
			continue;
		be->out_broken = true; /* e.g. EPIPE: drop the output */
	}
}

/* Poll first, so stdin's file flags (shared with the shell) stay as is. */
size_t uart_backend_rx(void *arg, uint8_t *buf, size_t len)
{
	struct uart_backend *be = arg;
	struct pollfd pfd = { .fd = be->infd, .events = POLLIN };
	ssize_t n;

	if (be->pty != NULL)
		return pty_console_read(be->pty, buf, len);
	if (be->in_eof || len == 0)
		return 0;
	if (poll(&pfd, 1, 0) <= 0)
		return 0;
	if (pfd.revents & (POLLERR | POLLNVAL)) {
		n = 0;
	} else {
		n = read(be->infd, buf, len);
		if (n > 0 || (n < 0 && (errno == EINTR || errno == EAGAIN)))
			return n > 0 ? (size_t)n : 0;
	}
	/* end of input (or an error): stop watching, poll would spin */
	be->in_eof = true;
	if (be->ev != NULL)
		mevent_disable(be->ev);
	return 0;
}
