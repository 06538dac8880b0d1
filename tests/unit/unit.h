/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A tiny native unit test framework.
 *
 *	#include "unit.h"
 *
 *	TEST(adds_up)
 *	{
 *		EXPECT_EQ(1 + 1, 2);
 *		ASSERT_TRUE(p != NULL);	// returns on failure
 *	}
 *
 *	UNIT_MAIN();	// in exactly one file of the test binary
 *
 * Tests register themselves at load time and run in source order (file
 * name, then line).  Every failed check prints one line:
 *
 *	file:line: test: EXPECT_EQ(a, b): <value of a> vs <value of b>
 *
 * and the binary ends with exactly one line "N passed, M failed" counting
 * tests (a test fails if any of its checks failed).  The exit status is 0
 * only when no test failed.  Tests read their command line through
 * unit_argc / unit_argv (argv[0] included).
 *
 * Integer comparisons compare mathematical values, so mixing signed and
 * unsigned operands neither warns nor surprises (-1 != UINT64_MAX).
 */
#ifndef UNIT_H
#define UNIT_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct unit_test {
	const char *name;
	const char *file;
	int line;
	void (*fn)(void);
	struct unit_test *next;
};

/* a printable, comparable view of any integer or pointer operand */
struct unit_val {
	bool is_signed;
	bool is_ptr;
	intmax_t s;
	uintmax_t u;
};

/* defined by UNIT_MAIN() */
extern struct unit_test *unit_tests;
extern int unit_argc;
extern char **unit_argv;
extern int unit_check_failures;	/* failed checks in the running test */
extern const char *unit_current;	/* name of the running test */

/* insert sorted by (file, line): constructor order is not guaranteed */
static inline void unit_register(struct unit_test *t)
{
	struct unit_test **pp = &unit_tests;

	while (*pp && (strcmp((*pp)->file, t->file) < 0 ||
		       (strcmp((*pp)->file, t->file) == 0 &&
			(*pp)->line < t->line)))
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
}

#define TEST(name)							\
	static void unit_fn_##name(void);				\
	static struct unit_test unit_t_##name = {			\
		#name, __FILE__, __LINE__, unit_fn_##name, NULL		\
	};								\
	__attribute__((constructor)) static void unit_reg_##name(void)	\
	{								\
		unit_register(&unit_t_##name);				\
	}								\
	static void unit_fn_##name(void)

static inline struct unit_val unit_v_s(intmax_t v)
{
	return (struct unit_val){ .is_signed = true, .s = v };
}

static inline struct unit_val unit_v_u(uintmax_t v)
{
	return (struct unit_val){ .u = v };
}

static inline struct unit_val unit_v_p(const volatile void *v)
{
	return (struct unit_val){ .is_ptr = true, .u = (uintptr_t)v };
}

/* pick the converter by type; pointers fall through to default */
#define UNIT_VAL(x) _Generic((x),					\
	char: unit_v_s, signed char: unit_v_s, short: unit_v_s,	\
	int: unit_v_s, long: unit_v_s, long long: unit_v_s,		\
	_Bool: unit_v_u, unsigned char: unit_v_u,			\
	unsigned short: unit_v_u, unsigned int: unit_v_u,		\
	unsigned long: unit_v_u, unsigned long long: unit_v_u,		\
	default: unit_v_p)(x)

/* <0, 0, >0 like strcmp, on the mathematical values */
static inline int unit_cmp(struct unit_val a, struct unit_val b)
{
	if (a.is_signed && a.s < 0)
		return (b.is_signed && b.s < 0) ? (a.s > b.s) - (a.s < b.s)
						: -1;
	if (b.is_signed && b.s < 0)
		return 1;
	if (a.is_signed)
		a.u = (uintmax_t)a.s;
	if (b.is_signed)
		b.u = (uintmax_t)b.s;
	return (a.u > b.u) - (a.u < b.u);
}

static inline void unit_fmt(char *buf, size_t size, struct unit_val v)
{
	if (v.is_ptr)
		snprintf(buf, size, "%p", (void *)(uintptr_t)v.u);
	else if (v.is_signed)
		snprintf(buf, size, "%" PRIdMAX, v.s);
	else if (v.u < 10)
		snprintf(buf, size, "%" PRIuMAX, v.u);
	else
		snprintf(buf, size, "%" PRIuMAX " (0x%" PRIxMAX ")", v.u, v.u);
}

static inline void unit_fail_msg(const char *file, int line,
				 const char *check, const char *detail)
{
	unit_check_failures++;
	printf("%s:%d: %s: %s%s%s\n", file, line, unit_current, check,
	       detail ? ": " : "", detail ? detail : "");
	fflush(stdout);
}

/* returns whether the check passed */
static inline bool unit_cmp_check(const char *file, int line,
				  const char *check, const char *op,
				  struct unit_val a, struct unit_val b)
{
	char sa[64], sb[64], detail[160];
	int c = unit_cmp(a, b);
	bool ok;

	if (!strcmp(op, "=="))
		ok = c == 0;
	else if (!strcmp(op, "!="))
		ok = c != 0;
	else if (!strcmp(op, "<"))
		ok = c < 0;
	else if (!strcmp(op, "<="))
		ok = c <= 0;
	else if (!strcmp(op, ">"))
		ok = c > 0;
	else
		ok = c >= 0;
	if (ok)
		return true;
	unit_fmt(sa, sizeof(sa), a);
	unit_fmt(sb, sizeof(sb), b);
	snprintf(detail, sizeof(detail), "%s vs %s", sa, sb);
	unit_fail_msg(file, line, check, detail);
	return false;
}

static inline bool unit_bool_check(const char *file, int line,
				   const char *check, bool val, bool want)
{
	if (val == want)
		return true;
	unit_fail_msg(file, line, check, val ? "true" : "false");
	return false;
}

static inline bool unit_str_check(const char *file, int line,
				  const char *check, const char *a,
				  const char *b, bool want_eq)
{
	char detail[512];

	if (a && b && (strcmp(a, b) == 0) == want_eq)
		return true;
	snprintf(detail, sizeof(detail), "\"%s\" %s \"%s\"",
		 a ? a : "(null)", want_eq ? "!=" : "==", b ? b : "(null)");
	unit_fail_msg(file, line, check, detail);
	return false;
}

#define UNIT_CMP(a, op, b, name)					\
	unit_cmp_check(__FILE__, __LINE__, name "(" #a ", " #b ")", #op,\
		       UNIT_VAL(a), UNIT_VAL(b))

#define UNIT_BOOL(x, want, name)					\
	unit_bool_check(__FILE__, __LINE__, name "(" #x ")",		\
			(x) ? true : false, want)

/* EXPECT_*: record a failure and carry on */
#define EXPECT_EQ(a, b)	((void)UNIT_CMP(a, ==, b, "EXPECT_EQ"))
#define EXPECT_NE(a, b)	((void)UNIT_CMP(a, !=, b, "EXPECT_NE"))
#define EXPECT_LT(a, b)	((void)UNIT_CMP(a, <, b, "EXPECT_LT"))
#define EXPECT_LE(a, b)	((void)UNIT_CMP(a, <=, b, "EXPECT_LE"))
#define EXPECT_GT(a, b)	((void)UNIT_CMP(a, >, b, "EXPECT_GT"))
#define EXPECT_GE(a, b)	((void)UNIT_CMP(a, >=, b, "EXPECT_GE"))
#define EXPECT_TRUE(x)	((void)UNIT_BOOL(x, true, "EXPECT_TRUE"))
#define EXPECT_FALSE(x)	((void)UNIT_BOOL(x, false, "EXPECT_FALSE"))
#define EXPECT_STREQ(a, b)						\
	((void)unit_str_check(__FILE__, __LINE__,			\
			      "EXPECT_STREQ(" #a ", " #b ")", a, b, true))
#define EXPECT_STRNE(a, b)						\
	((void)unit_str_check(__FILE__, __LINE__,			\
			      "EXPECT_STRNE(" #a ", " #b ")", a, b, false))

/* ASSERT_*: record a failure and return from the test function */
#define ASSERT_EQ(a, b)							\
	do { if (!UNIT_CMP(a, ==, b, "ASSERT_EQ")) return; } while (0)
#define ASSERT_NE(a, b)							\
	do { if (!UNIT_CMP(a, !=, b, "ASSERT_NE")) return; } while (0)
#define ASSERT_TRUE(x)							\
	do { if (!UNIT_BOOL(x, true, "ASSERT_TRUE")) return; } while (0)
#define ASSERT_FALSE(x)							\
	do { if (!UNIT_BOOL(x, false, "ASSERT_FALSE")) return; } while (0)

/* an unconditional failure with a message, e.g. for setup problems */
#define FAIL(msg)							\
	unit_fail_msg(__FILE__, __LINE__, "FAIL", msg)

static inline int unit_main(int argc, char **argv)
{
	struct unit_test *t;
	int passed = 0, failed = 0;

	unit_argc = argc;
	unit_argv = argv;
	for (t = unit_tests; t; t = t->next) {
		unit_current = t->name;
		unit_check_failures = 0;
		t->fn();
		if (unit_check_failures)
			failed++;
		else
			passed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

#define UNIT_MAIN()							\
	struct unit_test *unit_tests;					\
	int unit_argc;							\
	char **unit_argv;						\
	int unit_check_failures;					\
	const char *unit_current = "?";					\
	int main(int argc, char **argv)					\
	{								\
		return unit_main(argc, argv);				\
	}								\
	struct unit_test *unit_tests

#endif /* UNIT_H */
