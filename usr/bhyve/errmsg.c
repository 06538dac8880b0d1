// SPDX-License-Identifier: BSD-2-Clause
/* See errmsg.h. */
#include <stdarg.h>
#include <stdio.h>

#include "errmsg.h"

void errmsg(const char *fmt, ...)
{
	va_list ap;

	fputs("bhyve: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void errmsg_at(const char *origin, const char *fmt, ...)
{
	va_list ap;

	fputs("bhyve: ", stderr);
	if (origin != NULL)
		fprintf(stderr, "%s: ", origin);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
