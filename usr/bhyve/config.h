/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bhyve's configuration: a tree of variables named by dotted paths
 * ("memory.size"), as in bhyve_config(5). The command line, -k files and
 * -o options only fill the tree; the rest of bhyve reads it.
 *
 * A path names either a variable (a leaf with a string value) or a node
 * holding other paths, never both: with "memory.size" set, "memory" can
 * not be set, and the other way round.
 */
#ifndef BHYVE_CONFIG_H
#define BHYVE_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

/* Empty the tree (it starts empty; tests use this to start again). */
void init_config(void);

/*
 * -1 and errno: EINVAL for a bad path, EISDIR if path holds other
 * variables, ENOTDIR if a prefix of path is a variable, ENOMEM.
 */
int set_config_value(const char *path, const char *value);
int set_config_value_if_unset(const char *path, const char *value);
int set_config_bool(const char *path, bool value);

/* NULL (errno ENOENT) when the variable is not set. */
const char *get_config_value(const char *path);

/*
 * true/false, on/off, yes/no, 1/0 in any case. -1 and EINVAL for
 * anything else; *val is the default when the variable is not set.
 */
int config_parse_bool(const char *s, bool *val);
int get_config_bool_default(const char *path, bool def, bool *val);

/* "key=value", as given to -o. */
int parse_config_option(const char *opt);

/*
 * Where a variable was set: "FILE:LINE" for a line of a -k file (its
 * name as given; a later -o or set_config_value forgets it), else NULL.
 * Messages about a variable start with it, so a bad file names its line.
 */
const char *config_origin(const char *path);

/* What a parse or read error (its errno) means, for a one-line message. */
const char *config_strerror(int e);

/*
 * key=value lines (-k): '#' starts a comment, blank lines are skipped,
 * blanks around the key and the value are dropped. On a bad line returns
 * -1 with errno EINVAL and *lineno set to it; also E2BIG for a line longer
 * than CONFIG_LINE_MAX bytes and EFBIG once the file passes CONFIG_FILE_MAX
 * bytes (*lineno: the line being read). On a read error *lineno is 0.
 * read_config_file refuses anything but a regular file (ENODEV, *lineno 0).
 * name (NULL: "-k") is the file's name in config_origin.
 */
#define CONFIG_LINE_MAX 4096
#define CONFIG_FILE_MAX (1u << 20)
int parse_config_file(FILE *fp, const char *name, unsigned int *lineno);
int read_config_file(const char *path, unsigned int *lineno);

/*
 * fn(path, value, arg) for every variable, in the order of dump_config;
 * stops at the first non-zero return of fn and returns it (-1 and ENOMEM
 * if a path cannot be made), else 0.
 */
typedef int (*config_walk_fn)(const char *path, const char *value, void *arg);
int walk_config(config_walk_fn fn, void *arg);

/* Every variable as a key=value line, in the order they were first set. */
void dump_config(FILE *fp);

#endif
