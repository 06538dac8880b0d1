// SPDX-License-Identifier: BSD-2-Clause
/* The configuration tree: see config.h. */
#define _GNU_SOURCE /* asprintf */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

struct config_node {
	char *name;
	char *value; /* non-NULL for a variable (leaf) */
	char *origin; /* "FILE:LINE" of the -k line that set it, or NULL */
	struct config_node *child; /* first child of an inner node */
	struct config_node *next; /* next sibling, in insertion order */
};

static struct config_node config_root;

static void free_nodes(struct config_node *n)
{
	struct config_node *next;

	for (; n != NULL; n = next) {
		next = n->next;
		free_nodes(n->child);
		free(n->name);
		free(n->value);
		free(n->origin);
		free(n);
	}
}

void init_config(void)
{
	free_nodes(config_root.child);
	config_root.child = NULL;
}

/* Components are non-empty and free of blanks, '=' and '#'. */
static bool path_valid(const char *path)
{
	const char *p;
	bool empty = true;

	if (path == NULL || *path == '\0')
		return false;
	for (p = path; *p != '\0'; p++) {
		unsigned char c = *p;

		if (c == '.') {
			if (empty)
				return false;
			empty = true;
			continue;
		}
		if (!isgraph(c) || c == '=' || c == '#')
			return false;
		empty = false;
	}
	return !empty;
}

static struct config_node *find_child(struct config_node *parent,
				      const char *name, size_t len)
{
	struct config_node *n;

	for (n = parent->child; n != NULL; n = n->next)
		if (strlen(n->name) == len && !memcmp(n->name, name, len))
			return n;
	return NULL;
}

static void append_child(struct config_node *parent, struct config_node *n)
{
	struct config_node **pp = &parent->child;

	while (*pp != NULL)
		pp = &(*pp)->next;
	*pp = n;
}

static struct config_node *new_node(const char *name, size_t len)
{
	struct config_node *n = calloc(1, sizeof(*n));

	if (n == NULL)
		return NULL;
	n->name = strndup(name, len);
	if (n->name == NULL) {
		free(n);
		return NULL;
	}
	return n;
}

/* The variable at path, or NULL; only existing nodes are looked at. */
static struct config_node *lookup(const char *path)
{
	struct config_node *n = &config_root;
	const char *p = path, *dot;

	for (;;) {
		if (n->value != NULL)
			return NULL;
		dot = strchr(p, '.');
		n = find_child(n, p, dot ? (size_t)(dot - p) : strlen(p));
		if (n == NULL || dot == NULL)
			return n;
		p = dot + 1;
	}
}

/* origin: where a -k file set it (copied), NULL for anything else */
static int set_value(const char *path, const char *value, const char *origin)
{
	struct config_node *n = &config_root, *found, *chain = NULL;
	struct config_node *tail = NULL, *m;
	const char *p = path, *dot;
	char *copy, *where = NULL;
	size_t len;

	if (!path_valid(path) || value == NULL) {
		errno = EINVAL;
		return -1;
	}
	copy = strdup(value);
	if (copy == NULL)
		return -1;
	if (origin != NULL && (where = strdup(origin)) == NULL) {
		free(copy);
		return -1;
	}

	/* walk the existing part of the path */
	for (;;) {
		dot = strchr(p, '.');
		len = dot ? (size_t)(dot - p) : strlen(p);
		found = find_child(n, p, len);
		if (found == NULL)
			break;
		if (dot == NULL) {
			/* the variable exists: replace, unless it is a node */
			if (found->value == NULL) {
				free(copy);
				free(where);
				errno = EISDIR;
				return -1;
			}
			free(found->value);
			found->value = copy;
			free(found->origin);
			found->origin = where;
			return 0;
		}
		if (found->value != NULL) {
			/* a variable can not hold other variables */
			free(copy);
			free(where);
			errno = ENOTDIR;
			return -1;
		}
		n = found;
		p = dot + 1;
	}

	/* build the missing part aside, so a failure leaves no trace */
	for (;;) {
		dot = strchr(p, '.');
		len = dot ? (size_t)(dot - p) : strlen(p);
		m = new_node(p, len);
		if (m == NULL) {
			free_nodes(chain);
			free(copy);
			free(where);
			errno = ENOMEM;
			return -1;
		}
		if (tail == NULL)
			chain = m;
		else
			tail->child = m;
		tail = m;
		if (dot == NULL)
			break;
		p = dot + 1;
	}
	tail->value = copy;
	tail->origin = where;
	append_child(n, chain);
	return 0;
}

int set_config_value(const char *path, const char *value)
{
	return set_value(path, value, NULL);
}

const char *config_origin(const char *path)
{
	struct config_node *n;

	if (!path_valid(path))
		return NULL;
	n = lookup(path);
	return n != NULL && n->value != NULL ? n->origin : NULL;
}

int set_config_value_if_unset(const char *path, const char *value)
{
	if (get_config_value(path) != NULL)
		return 0;
	return set_config_value(path, value);
}

int set_config_bool(const char *path, bool value)
{
	return set_config_value(path, value ? "true" : "false");
}

const char *get_config_value(const char *path)
{
	struct config_node *n;

	if (!path_valid(path)) {
		errno = EINVAL;
		return NULL;
	}
	n = lookup(path);
	if (n == NULL || n->value == NULL) {
		errno = ENOENT;
		return NULL;
	}
	return n->value;
}

int config_parse_bool(const char *s, bool *val)
{
	static const char *const yes[] = { "true", "on", "yes", "1" };
	static const char *const no[] = { "false", "off", "no", "0" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcasecmp(s, yes[i])) {
			*val = true;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*val = false;
			return 0;
		}
	}
	errno = EINVAL;
	return -1;
}

int get_config_bool_default(const char *path, bool def, bool *val)
{
	const char *s = get_config_value(path);

	if (s == NULL) {
		*val = def;
		return 0;
	}
	return config_parse_bool(s, val);
}

/* Split "key=value" in place, dropping blanks around both. */
static int set_from_line(char *line, const char *origin)
{
	char *eq, *key, *value, *end;

	eq = strchr(line, '=');
	if (eq == NULL) {
		errno = EINVAL;
		return -1;
	}
	*eq = '\0';
	key = line;
	value = eq + 1;
	while (isspace((unsigned char)*key))
		key++;
	for (end = eq; end > key && isspace((unsigned char)end[-1]);)
		*--end = '\0';
	while (isspace((unsigned char)*value))
		value++;
	end = value + strlen(value);
	while (end > value && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return set_value(key, value, origin);
}

int parse_config_option(const char *opt)
{
	char *copy;
	int err, e;

	if (opt == NULL) {
		errno = EINVAL;
		return -1;
	}
	copy = strdup(opt);
	if (copy == NULL)
		return -1;
	err = set_from_line(copy, NULL);
	e = errno;
	free(copy);
	errno = e;
	return err;
}

/*
 * Reads one line into buf (at most CONFIG_LINE_MAX bytes before the
 * newline): 1 got one, 0 at end of file, -1 with errno E2BIG for a longer
 * line, EFBIG past CONFIG_FILE_MAX bytes in all. The bounds keep a file
 * like /dev/zero, one endless line, from eating all memory.
 */
static int read_line(FILE *fp, char *buf, size_t *total)
{
	size_t len = 0;
	int c;

	while ((c = getc(fp)) != EOF) {
		if (++*total > CONFIG_FILE_MAX) {
			errno = EFBIG;
			return -1;
		}
		if (c == '\n')
			break;
		if (len == CONFIG_LINE_MAX) {
			errno = E2BIG;
			return -1;
		}
		buf[len++] = (char)c;
	}
	buf[len] = '\0';
	return c != EOF || len > 0;
}

int parse_config_file(FILE *fp, const char *name, unsigned int *lineno)
{
	char *line, *p, where[256];
	size_t total = 0;
	unsigned int n = 0;
	bool bad = false;
	int e, got;

	*lineno = 0;
	line = malloc(CONFIG_LINE_MAX + 1);
	if (line == NULL)
		return -1;
	while ((got = read_line(fp, line, &total)) > 0) {
		n++;
		p = strchr(line, '#');
		if (p != NULL)
			*p = '\0';
		for (p = line; isspace((unsigned char)*p); p++)
			;
		if (*p == '\0')
			continue;
		snprintf(where, sizeof(where), "%s:%u", name ? name : "-k", n);
		if (set_from_line(p, where) < 0) {
			bad = true;
			break;
		}
	}
	e = errno;
	free(line);
	if (got < 0 || bad) {
		*lineno = n + (got < 0); /* the line being read or parsed */
		errno = e;
		return -1;
	}
	if (ferror(fp)) {
		errno = e ? e : EIO;
		return -1;
	}
	return 0;
}

/*
 * Only a regular file: a FIFO would block in open(), a device could be
 * endless. Checked before the open, and again on what was opened
 * (O_NONBLOCK so a FIFO swapped in between cannot block either).
 */
int read_config_file(const char *path, unsigned int *lineno)
{
	struct stat st;
	FILE *fp;
	int fd, err, e;

	*lineno = 0;
	if (stat(path, &st) < 0)
		return -1;
	if (!S_ISREG(st.st_mode)) {
		errno = ENODEV;
		return -1;
	}
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		e = S_ISREG(st.st_mode) ? errno : ENODEV;
		close(fd);
		errno = e;
		return -1;
	}
	fp = fdopen(fd, "r");
	if (fp == NULL) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	err = parse_config_file(fp, path, lineno);
	e = errno;
	fclose(fp);
	errno = e;
	return err;
}

static int walk_nodes(const struct config_node *n, const char *prefix,
		      config_walk_fn fn, void *arg)
{
	char *path;
	int r = 0;

	for (; n != NULL && r == 0; n = n->next) {
		if (asprintf(&path, "%s%s%s", prefix, *prefix ? "." : "",
			     n->name) < 0)
			return -1;
		r = n->value != NULL ? fn(path, n->value, arg) :
				       walk_nodes(n->child, path, fn, arg);
		free(path);
	}
	return r;
}

int walk_config(config_walk_fn fn, void *arg)
{
	return walk_nodes(config_root.child, "", fn, arg);
}

static int dump_one(const char *path, const char *value, void *arg)
{
	fprintf(arg, "%s=%s\n", path, value);
	return 0;
}

void dump_config(FILE *fp)
{
	(void)walk_config(dump_one, fp); /* a debugging aid: best effort */
}

const char *config_strerror(int e)
{
	switch (e) {
	case EISDIR:
		return "the key names a group of variables";
	case ENOTDIR:
		return "part of the key is already a variable";
	case EINVAL:
		return "expected key=value with a valid key";
	case E2BIG:
		return "line too long";
	case EFBIG:
		return "file too large";
	case ENODEV:
		return "not a regular file";
	}
	return strerror(e);
}
