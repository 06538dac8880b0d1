/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What a call writes to stderr, for tests of bhyve's one-line messages:
 * CAPTURE(expr) evaluates expr with stderr going into errbuf; lines(s)
 * counts the lines of a captured message.
 */
#ifndef TEST_CAPTURE_H
#define TEST_CAPTURE_H

#include <stdio.h>
#include <unistd.h>

static char errbuf[200];

#define CAPTURE(expr)							\
	({								\
		FILE *tmp_ = tmpfile();					\
		int saved_ = dup(2), r_;				\
		size_t n_;						\
		fflush(stderr);						\
		dup2(fileno(tmp_), 2);					\
		r_ = (expr);						\
		fflush(stderr);						\
		dup2(saved_, 2);					\
		close(saved_);						\
		rewind(tmp_);						\
		n_ = fread(errbuf, 1, sizeof(errbuf) - 1, tmp_);	\
		errbuf[n_] = '\0';					\
		fclose(tmp_);						\
		r_;							\
	})

static inline unsigned int lines(const char *s)
{
	unsigned int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

#endif
