// SPDX-License-Identifier: BSD-2-Clause
/* The polite power-off request: see poweroff.h. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bhyverun.h"
#include "config.h"
#include "devemu.h"
#include "errmsg.h"
#include "mevent.h"
#include "poweroff.h"

static unsigned int timeout_s = POWEROFF_TIMEOUT_DEFAULT;
static int pipefd[2] = { -1, -1 };
static struct mevent *ev_req, *ev_timer;
static void (*expire_fn)(void);
/* set by the signal handler, read there and by the event thread */
static volatile sig_atomic_t requested;
static volatile sig_atomic_t expired;

const char *poweroff_var(unsigned int i)
{
	return i == 0 ? "poweroff.timeout" : NULL;
}

int poweroff_check(void)
{
	const char *s = get_config_value("poweroff.timeout");
	unsigned long v;
	char *end;

	timeout_s = POWEROFF_TIMEOUT_DEFAULT;
	if (s == NULL)
		return 0;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end != '\0' || *s == '-' || *s == '+' ||
	    v > POWEROFF_TIMEOUT_MAX) {
		errmsg_at(config_origin("poweroff.timeout"),
			  "poweroff.timeout: invalid value '%s' (expected "
			  "seconds, 0-%u)",
			  s, POWEROFF_TIMEOUT_MAX);
		return -1;
	}
	timeout_s = (unsigned int)v;
	return 0;
}

/* No polite power-off after all: bhyve stops the VM itself. */
static void give_up(void)
{
	expired = 1;
	expire_fn();
}

/* The guest had its time: stop it. */
static void on_timeout(int fd, enum mevent_type type, void *arg)
{
	(void)fd;
	(void)type;
	(void)arg;
	errmsg("vm %s: the guest did not power off within %u s: destroying "
	       "it",
	       vmname, timeout_s);
	give_up();
	mevent_del(ev_timer);
	ev_timer = NULL;
}

/* On the event thread: press the button, start the clock. */
static void on_request(int fd, enum mevent_type type, void *arg)
{
	char buf[16];

	(void)type;
	(void)arg;
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	if (ev_timer != NULL)
		return;
	if (devemu_power_button() == 0) {
		errmsg("vm %s: SIGTERM: no device took the power button: "
		       "destroying the VM",
		       vmname);
		give_up();
		return;
	}
	errmsg("vm %s: SIGTERM: power button pressed; the VM is destroyed "
	       "in %u s unless the guest powers off (SIGTERM again: at once)",
	       vmname, timeout_s);
	ev_timer = mevent_add((int)(timeout_s * 1000u), EVF_TIMER, on_timeout,
			      NULL);
	if (ev_timer == NULL) {
		errmsg("vm %s: power-off timer: %s: destroying the VM", vmname,
		       strerror(errno));
		give_up();
	}
}

int poweroff_init(void (*expired_cb)(void))
{
	int i;

	expire_fn = expired_cb;
	if (timeout_s == 0)
		return 0;
	if (pipe(pipefd) < 0)
		return -1;
	for (i = 0; i < 2; i++)
		if (fcntl(pipefd[i], F_SETFL, O_NONBLOCK) < 0 ||
		    fcntl(pipefd[i], F_SETFD, FD_CLOEXEC) < 0)
			goto fail;
	ev_req = mevent_add(pipefd[0], EVF_READ, on_request, NULL);
	if (ev_req == NULL)
		goto fail;
	return 0;
fail:
	poweroff_fini();
	return -1;
}

int poweroff_request(void)
{
	int e = errno;
	ssize_t n;

	if (pipefd[1] < 0 || requested)
		return -1;
	requested = 1;
	n = write(pipefd[1], "p", 1);
	errno = e;
	return n == 1 ? 0 : -1;
}

bool poweroff_expired(void)
{
	return expired != 0;
}

/*
 * Signals reach only the main thread (vCPU 0's; the others block them),
 * which calls this: once requested is set its handler leaves the pipe
 * alone, so closing it cannot race with a write.
 */
void poweroff_fini(void)
{
	int i;

	requested = 1;
	if (ev_timer != NULL)
		mevent_del(ev_timer);
	ev_timer = NULL;
	if (ev_req != NULL)
		mevent_del(ev_req);
	ev_req = NULL;
	for (i = 0; i < 2; i++) {
		if (pipefd[i] >= 0)
			close(pipefd[i]);
		pipefd[i] = -1;
	}
}
