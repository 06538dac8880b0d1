// SPDX-License-Identifier: BSD-2-Clause
/*
 * The man pages cannot drift from the code:
 * - bhyve_config(5): every top-level variable bhyve reads
 *   (config_top_var) has an ".It Va NAME" entry, and every virtio model
 *   an ".Ss MODEL" subsection whose ".It Va KEY" entries are exactly the
 *   keys it reads; every entry is a variable config_check_vars accepts.
 * - bhyvectl(8): every long option bhyvectl takes has an ".It Fl -NAME"
 *   entry (--get-REG and --set-REG once, as "-get- Ns Ar reg"), every
 *   register an ".It Cm" word; every entry is an option or register.
 *
 *	test_manpages bhyve_config.5 bhyvectl.8
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "usr/bhyve/bhyverun.h"
#include "usr/bhyve/config.h"
#include "usr/bhyve/config_check.h"
#include "usr/bhyve/devemu.h"

#include "capture.h"

/* bhyvectl itself, its main renamed: the test reads its option table */
#define main bhyvectl_main
#include "usr/bhyvectl/bhyvectl.c"
#undef main

/* bhyverun.c's, for the configuration's messages */
const char *vmname = "vm";

#define MAX_ENTRIES 256
#define MAX_NAME 64

/* One documented name, and the ".Ss" subsection it is in ("" if none). */
struct entry {
	char name[MAX_NAME];
	char section[MAX_NAME];
};

struct page {
	struct entry e[MAX_ENTRIES];
	unsigned int n;
};

static void add(struct page *pg, const char *name, const char *section)
{
	if (pg->n == MAX_ENTRIES || strlen(name) >= MAX_NAME) {
		FAIL("too many entries, or one too long");
		return;
	}
	snprintf(pg->e[pg->n].name, MAX_NAME, "%s", name);
	snprintf(pg->e[pg->n].section, MAX_NAME, "%s", section);
	pg->n++;
}

/*
 * The ".It" lines of a page, each macro's words: for ".It Va virtio. Ns Ar
 * slot Ns Va .device" with macro "Va", the words after Va, Ar and Ns
 * joined ("virtio.slot.device"); with "Fl" or "Cm", every word up to the
 * next macro (".It Fl h , Fl -help": "h" and "-help"; ".It Cm r0 , r1":
 * "r0" and "r1"), and only on lines that start with the macro.
 */
static int read_page(const char *path, const char *macro, struct page *pg)
{
	char line[1024], section[MAX_NAME] = "";
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	pg->n = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *w, *save, joined[MAX_NAME] = "";
		bool after = false;

		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, ".Ss ", 4) == 0 || strncmp(line, ".Sh ", 4) == 0) {
			section[0] = '\0';
			if (line[2] == 's')
				strncat(section, line + 4, sizeof(section) - 1);
			continue;
		}
		/* only entries the macro starts ("Fl -cpu Ns = Ns Cm all" is no Cm's) */
		if (strncmp(line, ".It ", 4) != 0 ||
		    strncmp(line + 4, macro, 2) != 0 || line[6] != ' ')
			continue;
		for (w = strtok_r(line + 4, " ", &save); w != NULL;
		     w = strtok_r(NULL, " ", &save)) {
			if (strcmp(macro, "Va") == 0) {
				if (strcmp(w, "Va") && strcmp(w, "Ar") &&
				    strcmp(w, "Ns"))
					strncat(joined, w, sizeof(joined) -
								   strlen(joined) - 1);
				continue;
			}
			/* the macro's words run up to the next macro */
			if (strcmp(w, macro) == 0)
				after = true;
			else if (strlen(w) == 2 && isupper((unsigned char)w[0]) &&
				 islower((unsigned char)w[1]))
				after = false;
			else if (after && strcmp(w, ",") != 0)
				add(pg, w, section);
		}
		if (joined[0] != '\0')
			add(pg, joined, section);
	}
	fclose(f);
	return 0;
}

static bool documented(const struct page *pg, const char *name,
		       const char *section)
{
	unsigned int i;

	for (i = 0; i < pg->n; i++)
		if (strcmp(pg->e[i].name, name) == 0 &&
		    (section == NULL || strcmp(pg->e[i].section, section) == 0))
			return true;
	return false;
}

static bool page_ok(const char *path, const char *macro, struct page *pg)
{
	if (read_page(path, macro, pg) < 0 || pg->n == 0) {
		FAIL("no .It entries: give bhyve_config.5 and bhyvectl.8");
		return false;
	}
	return true;
}

/* ---- bhyve_config(5) ------------------------------------------------- */

static struct page cfg;

static bool virtio_model(const char *name)
{
	return devemu_find(DEVEMU_VIRTIO, name) != NULL;
}

/* The subsection of a top-level entry: none of a virtio model's. */
static bool top_level(const struct entry *e)
{
	return !virtio_model(e->section);
}

static void report(const char *what, const char *name)
{
	char msg[160];

	snprintf(msg, sizeof(msg), "%s: %s", what, name);
	FAIL(msg);
}

TEST(every_variable_bhyve_reads_is_documented)
{
	const char *v;
	unsigned int i, n = 0;

	if (!page_ok(unit_argv[1], "Va", &cfg))
		return;
	for (i = 0; (v = config_top_var(i)) != NULL; i++, n++) {
		unsigned int j;
		bool found = false;

		for (j = 0; j < cfg.n; j++)
			found |= strcmp(cfg.e[j].name, v) == 0 &&
				 top_level(&cfg.e[j]);
		if (!found)
			report("bhyve_config(5) lacks variable", v);
	}
	EXPECT_GE(n, 15u);
	if (!documented(&cfg, "virtio.slot.device", NULL))
		report("bhyve_config(5) lacks variable", "virtio.slot.device");
}

TEST(every_virtio_model_and_key_is_documented)
{
	const struct devemu *de;
	const char *const *k;
	unsigned int i, j, models = 0;

	for (i = 0; (de = devemu_at(i)) != NULL; i++) {
		if (de->de_kind != DEVEMU_VIRTIO)
			continue;
		models++;
		for (k = de->de_keys; k != NULL && *k != NULL; k++)
			if (!documented(&cfg, *k, de->de_name))
				report(de->de_name, *k);
		/* and nothing the model does not read */
		for (j = 0; j < cfg.n; j++)
			if (strcmp(cfg.e[j].section, de->de_name) == 0 &&
			    !devemu_has_key(de, cfg.e[j].name))
				report("not a key of its model", cfg.e[j].name);
	}
	EXPECT_GE(models, 4u);
}

/*
 * One variable through bhyve's check, in a slot holding model if not
 * NULL (virtio.3.device=model); path NULL: the slot alone.
 */
static bool accepted(const char *path, const char *model)
{
	int r;

	init_config();
	if (model != NULL && set_config_value("virtio.3.device", model) < 0)
		return false;
	if (path != NULL && set_config_value(path, "x") < 0)
		return false;
	r = CAPTURE(config_check_vars());
	return r == 0;
}

TEST(every_documented_variable_is_accepted)
{
	char path[2 * MAX_NAME];
	unsigned int j;

	for (j = 0; j < cfg.n; j++) {
		const struct entry *e = &cfg.e[j];

		if (!top_level(e)) {
			snprintf(path, sizeof(path), "virtio.3.%s", e->name);
			if (!accepted(path, e->section))
				report("bhyve refuses", path);
		} else if (strcmp(e->name, "virtio.slot.device") == 0) {
			/* a slot with only its device, a model's name */
			if (!accepted(NULL, "virtio-rng"))
				report("bhyve refuses", e->name);
		} else if (!accepted(e->name, NULL)) {
			report("bhyve refuses", e->name);
		}
	}
	/* and the check itself refuses what it should */
	EXPECT_FALSE(accepted("nonesuch", NULL));
	EXPECT_FALSE(accepted("virtio.3.nonesuch", "virtio-blk"));
}

/* ---- bhyvectl(8) ----------------------------------------------------- */

static struct page ctl_opts, ctl_regs;

static bool reg_name(const char *s)
{
	int r;

	for (r = 0; r < VM_REG_LAST; r++)
		if (strcmp(s, reg_names[r]) == 0)
			return true;
	return false;
}

/* "get-sctlr" -> "get-" when it is one of the --get-REG/--set-REG family */
static const char *family(const char *opt)
{
	if ((strncmp(opt, "get-", 4) == 0 || strncmp(opt, "set-", 4) == 0) &&
	    reg_name(opt + 4))
		return opt[0] == 'g' ? "-get-" : "-set-";
	return NULL;
}

TEST(every_bhyvectl_option_and_register_is_documented)
{
	struct option *opts = build_options();
	char want[MAX_NAME + 2];
	unsigned int n = 0;
	int r;

	ASSERT_TRUE(opts != NULL);
	if (!page_ok(unit_argv[2], "Fl", &ctl_opts) ||
	    !page_ok(unit_argv[2], "Cm", &ctl_regs)) {
		free(opts);
		return;
	}
	for (struct option *o = opts; o->name != NULL; o++, n++) {
		const char *f = family(o->name);

		snprintf(want, sizeof(want), "-%s", o->name);
		if (!documented(&ctl_opts, f != NULL ? f : want, NULL))
			report("bhyvectl(8) lacks option", want);
	}
	EXPECT_GE(n, 17u);
	for (r = 0; r < VM_REG_LAST; r++)
		if (!documented(&ctl_regs, reg_names[r], NULL))
			report("bhyvectl(8) lacks register", reg_names[r]);
	free(opts);
}

TEST(every_documented_bhyvectl_option_exists)
{
	struct option *opts = build_options();
	unsigned int j;

	ASSERT_TRUE(opts != NULL);
	for (j = 0; j < ctl_opts.n; j++) {
		const char *d = ctl_opts.e[j].name;
		bool found = strcmp(d, "h") == 0;

		for (struct option *o = opts; o->name != NULL && !found; o++) {
			const char *f = family(o->name);

			found = d[0] == '-' &&
				(strcmp(d + 1, o->name) == 0 ||
				 (f != NULL && strcmp(d, f) == 0));
		}
		if (!found)
			report("bhyvectl has no option", d);
	}
	for (j = 0; j < ctl_regs.n; j++)
		if (!reg_name(ctl_regs.e[j].name))
			report("bhyvectl has no register", ctl_regs.e[j].name);
	free(opts);
}

UNIT_MAIN();
