// SPDX-License-Identifier: BSD-2-Clause
/*
 * make bench's measuring tool, in the emulated host and in the Linux guest
 * (no iperf or nc there). Every timing is CLOCK_MONOTONIC of the side
 * that prints it; under QEMU -icount that clock counts instructions.
 *
 *   iobench recv PORT            accept one connection, read to EOF,
 *                                answer the byte count (8 bytes), exit;
 *                                give up after 120 s without a connection
 *                                or data (a sender that never came)
 *   iobench send HOST PORT MIB   connect (retrying for up to 60 s), write
 *                                MIB MiB, shut down the write side, wait
 *                                for the receiver's count; print
 *                                "IOBENCH-TCP: bytes=N ns=T" (connect to
 *                                count: everything reached the receiver)
 *   iobench spawn N              N times fork, exec this program with
 *                                "exit", wait; print "IOBENCH-SPAWN: n=N ns=T"
 *   iobench time CMD [ARG...]    run CMD, print "IOBENCH-TIME: ns=T" and
 *                                exit with its status
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (64 * 1024)

static uint8_t buf[CHUNK];

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int die(const char *what)
{
	fprintf(stderr, "iobench: %s: %s\n", what, strerror(errno));
	return 1;
}

static int recv_main(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	struct timeval tmo = { .tv_sec = 120 };
	uint64_t total = 0;
	int s, c, one = 1;
	ssize_t r;

	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_ANY);
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0)
		return die("socket");
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* accept and read time out: SO_RCVTIMEO, inherited by c */
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tmo, sizeof(tmo));
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(s, 1) < 0)
		return die("bind/listen");
	c = accept(s, NULL, NULL);
	if (c < 0)
		return die("accept");
	for (;;) {
		r = read(c, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return die("read");
		if (r == 0)
			break;
		total += (uint64_t)r;
	}
	if (write(c, &total, sizeof(total)) != sizeof(total))
		return die("write count");
	close(c);
	close(s);
	return 0;
}

static int send_main(const char *host, int port, long mib)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	uint64_t want = (uint64_t)mib << 20, left = want, got = 0, t0, t1;
	int s = -1, tries;
	ssize_t r;

	a.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &a.sin_addr) != 1) {
		fprintf(stderr, "iobench: bad address %s\n", host);
		return 1;
	}
	memset(buf, 0x5a, sizeof(buf));
	/* the receiver may not listen yet: retry, 0.1 s apart */
	for (tries = 0; tries < 600; tries++) {
		s = socket(AF_INET, SOCK_STREAM, 0);
		if (s < 0)
			return die("socket");
		t0 = now_ns();
		if (connect(s, (struct sockaddr *)&a, sizeof(a)) == 0)
			break;
		close(s);
		s = -1;
		usleep(100000);
	}
	if (s < 0)
		return die("connect");
	while (left > 0) {
		r = write(s, buf, left < sizeof(buf) ? left : sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return die("write");
		left -= (uint64_t)r;
	}
	shutdown(s, SHUT_WR);
	for (;;) {
		r = read(s, &got, sizeof(got));
		if (r < 0 && errno == EINTR)
			continue;
		break;
	}
	t1 = now_ns();
	if (r != sizeof(got) || got != want) {
		fprintf(stderr,
			"iobench: the receiver counted %llu of %llu bytes\n",
			(unsigned long long)got, (unsigned long long)want);
		return 1;
	}
	printf("IOBENCH-TCP: bytes=%llu ns=%llu\n", (unsigned long long)want,
	       (unsigned long long)(t1 - t0));
	close(s);
	return 0;
}

static int spawn_main(long n)
{
	char *const argv[] = { "iobench", "exit", NULL };
	uint64_t t0 = now_ns();
	long i;
	pid_t p;
	int st;

	for (i = 0; i < n; i++) {
		p = fork();
		if (p < 0)
			return die("fork");
		if (p == 0) {
			execv("/proc/self/exe", argv);
			_exit(127);
		}
		if (waitpid(p, &st, 0) < 0 || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0) {
			fprintf(stderr, "iobench: child %ld failed\n", i);
			return 1;
		}
	}
	printf("IOBENCH-SPAWN: n=%ld ns=%llu\n", n,
	       (unsigned long long)(now_ns() - t0));
	return 0;
}

static int time_main(char **argv)
{
	uint64_t t0 = now_ns();
	pid_t p;
	int st;

	p = fork();
	if (p < 0)
		return die("fork");
	if (p == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(p, &st, 0) < 0)
		return die("waitpid");
	printf("IOBENCH-TIME: ns=%llu\n", (unsigned long long)(now_ns() - t0));
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "exit") == 0)
		return 0;
	if (argc == 3 && strcmp(argv[1], "recv") == 0)
		return recv_main(atoi(argv[2]));
	if (argc == 5 && strcmp(argv[1], "send") == 0)
		return send_main(argv[2], atoi(argv[3]), atol(argv[4]));
	if (argc == 3 && strcmp(argv[1], "spawn") == 0)
		return spawn_main(atol(argv[2]));
	if (argc >= 3 && strcmp(argv[1], "time") == 0)
		return time_main(argv + 2);
	fprintf(stderr, "usage: iobench recv PORT | send HOST PORT MIB | "
			"spawn N | time CMD [ARG...]\n");
	return 2;
}
