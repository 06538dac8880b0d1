/* SPDX-License-Identifier: BSD-2-Clause */
/* PL011 input and output and a small printf (%c %s %d %i %u %x %X %p, 0/-/width). */
#include "guest.h"

#define UART_DR		0x00
#define UART_FR		0x18
#define UART_FR_RXFE	(1u << 4)
#define UART_FR_TXFF	(1u << 5)

static inline uint32_t uart_read(uint32_t off)
{
	uint32_t v;

	/* Plain LDR/STR: the simplest access for the VMM to emulate. */
	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(UART_BASE + off)
			 : "memory");
	return v;
}

static inline void uart_write(uint32_t off, uint32_t v)
{
	__asm__ volatile("str %0, [%1]" :: "r"(v), "r"(UART_BASE + off)
			 : "memory");
}

int putchar(int c)
{
	while (uart_read(UART_FR) & UART_FR_TXFF)
		;
	uart_write(UART_DR, (uint8_t)c);
	return (uint8_t)c;
}

/* The next byte from the console; waits (polling) for one. */
int getchar(void)
{
	while (uart_read(UART_FR) & UART_FR_RXFE)
		;
	return (int)(uart_read(UART_DR) & 0xff);
}

int puts(const char *s)
{
	while (*s)
		putchar(*s++);
	putchar('\n');
	return 1;
}

void puthex(uint32_t v)
{
	printf("0x%08x", v);
}

void putdec(uint32_t v)
{
	printf("%u", v);
}

struct out {
	char *buf;	/* NULL: straight to the UART */
	size_t size;
	size_t len;
};

static void out_char(struct out *o, char c)
{
	if (!o->buf)
		putchar(c);
	else if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

/* Digits of v in base 10 or 16, most significant first; no division
 * so that no libgcc helper is needed. */
static int format_num(char *tmp, uint32_t v, int hex, int upper)
{
	static const uint32_t pow10[] = {
		1000000000u, 100000000u, 10000000u, 1000000u, 100000u,
		10000u, 1000u, 100u, 10u, 1u
	};
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0, i;

	if (hex) {
		for (i = 28; i >= 0; i -= 4) {
			uint32_t d = (v >> i) & 0xf;

			if (d || n || i == 0)
				tmp[n++] = digits[d];
		}
		return n;
	}
	for (i = 0; i < 10; i++) {
		uint32_t d = 0;

		while (v >= pow10[i]) {
			v -= pow10[i];
			d++;
		}
		if (d || n || i == 9)
			tmp[n++] = (char)('0' + d);
	}
	return n;
}

static void format(struct out *o, const char *fmt, va_list ap)
{
	char tmp[12];

	for (; *fmt; fmt++) {
		const char *s;
		int width = 0, zero = 0, left = 0, neg = 0, n, pad;
		uint32_t v;

		if (*fmt != '%') {
			out_char(o, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '0')
				zero = 1;
			else if (*fmt == '-')
				left = 1;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z')
			fmt++;	/* long and size_t are 32 bits here */

		switch (*fmt) {
		case 'c':
			tmp[0] = (char)va_arg(ap, int);
			s = tmp;
			n = 1;
			break;
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			n = (int)strlen(s);
			break;
		case 'd':
		case 'i': {
			int32_t sv = va_arg(ap, int32_t);

			neg = sv < 0;
			v = neg ? 0u - (uint32_t)sv : (uint32_t)sv;
			s = tmp;
			n = format_num(tmp, v, 0, 0);
			break;
		}
		case 'u':
			s = tmp;
			n = format_num(tmp, va_arg(ap, uint32_t), 0, 0);
			break;
		case 'p':
			out_char(o, '0');
			out_char(o, 'x');
			zero = 1;
			width = 8;
			s = tmp;
			n = format_num(tmp, (uint32_t)va_arg(ap, void *), 1, 0);
			break;
		case 'x':
		case 'X':
			s = tmp;
			n = format_num(tmp, va_arg(ap, uint32_t), 1, *fmt == 'X');
			break;
		case '\0':
			return;
		default:	/* %% and anything unknown: print it */
			tmp[0] = *fmt;
			s = tmp;
			n = 1;
			break;
		}

		pad = width - n - neg;
		if (!left && !zero)
			for (; pad > 0; pad--)
				out_char(o, ' ');
		if (neg)
			out_char(o, '-');
		if (!left && zero)
			for (; pad > 0; pad--)
				out_char(o, '0');
		while (n--)
			out_char(o, *s++);
		for (; left && pad > 0; pad--)
			out_char(o, ' ');
	}
}

int vprintf(const char *fmt, va_list ap)
{
	struct out o = { 0, 0, 0 };

	format(&o, fmt, ap);
	return (int)o.len;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	format(&o, fmt, ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
