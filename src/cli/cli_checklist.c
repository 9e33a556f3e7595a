/*
 * cli_checklist.c - "mailharden checklist": list the bundled checklists,
 * show the items of one, lint checklist files (FILE:LINE: reason lines),
 * and record a waiver or the answer to a manual item.  Waivers and
 * attestations are files written through the plan engine: audited, and
 * taken back with "mailharden undo".
 */
#include "mh.h"

#include <sys/stat.h>

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "buf.h"
#include "checklist.h"
#include "cli/cli.h"
#include "datadir.h"
#include "plan.h"
#include "waiver.h"

enum {
	CLI_CL_REASON = 0x3600,
	CLI_CL_OWNER,
	CLI_CL_EXPIRES,
	CLI_CL_ANSWER,
	CLI_CL_NOTE,
	CLI_CL_WAIVERS,
	CLI_CL_ATTESTS,
	CLI_CL_CHECKLIST
};

#define CLI_CL_MAX_LISTS	32
#define CLI_CL_ID_W		10
#define CLI_CL_SEV_W		10

struct cli_checklist_args {
	const char	*reason;
	const char	*owner;
	const char	*expires;
	const char	*answer;
	const char	*note;
	const char	*waivers;
	const char	*attests;
	const char	*lists[CLI_CL_MAX_LISTS];
	size_t		 nlists;
};

static void
cli_checklist_help(void)
{
	printf(_("Usage: mailharden checklist list [--json]\n"
	    "       mailharden checklist show NAME|FILE [-v] [--json]\n"
	    "       mailharden checklist lint [FILE]...\n"
	    "       mailharden checklist waive ID --reason TEXT --owner WHO "
	    "--expires YYYY-MM-DD\n"
	    "                 [--waivers FILE] [--checklist NAME|FILE]...\n"
	    "       mailharden checklist attest ID --answer yes|no --note "
	    "TEXT\n"
	    "                 [--attestations FILE] [--checklist "
	    "NAME|FILE]...\n"
	    "A checklist is a data file (libconfig): each item names the "
	    "facts it reads\n(\"when\" it applies, what it \"expects\"), its "
	    "severity, references and the\nremediation.  'mailharden check' "
	    "evaluates them.\n\n"
	    "  list     the bundled checklists: name, version, items, "
	    "title\n"
	    "  show     the items of one: id, severity, title (-v: "
	    "rationale, conditions,\n"
	    "           references, remediation)\n"
	    "  lint     load and lint the files (none given: every bundled "
	    "one); prints\n"
	    "           FILE:LINE: reason for syntax errors, unknown fact "
	    "names, bad\n"
	    "           conditions and duplicate ids\n"
	    "  waive    accept a finding for a while: the item shows WAIVED "
	    "until the end\n"
	    "           of the expiry day (UTC), at most %d days ahead; then "
	    "its own\n"
	    "           verdict comes back, flagged as an expired waiver\n"
	    "  attest   answer a manual item (a person checks it): yes = the "
	    "control is\n"
	    "           in place; the note says how you know\n\n"
	    "  --waivers FILE        the waivers file (default %s)\n"
	    "  --attestations FILE   the answers (default %s)\n"
	    "  --checklist NAME|FILE the item ids are looked up here "
	    "(default: every\n"
	    "                        bundled checklist)\n"
	    "  --dry-run             say what would be written, write "
	    "nothing\n\n"
	    "waive and attest are audited changes: 'mailharden undo --last' "
	    "takes them back.\n\n"
	    "Examples:\n"
	    "  mailharden checklist list\n"
	    "  mailharden checklist show baseline -v\n"
	    "  mailharden checklist lint ./my-checklist.conf\n"
	    "  mailharden checklist waive BL-19 --reason \"IMAP on 143 "
	    "for the old scanner\" \\\n"
	    "      --owner alice@example.com --expires 2027-03-31\n"
	    "  mailharden checklist attest CN-03 --answer yes --note "
	    "\"ICP filing done\"\n\n"
	    "Exit status: 0 done (lint: clean), 2 bad input or lint "
	    "problems (nothing\nwritten), 3 could not write.\n"),
	    WAIVER_MAX_DAYS, WAIVER_DEFAULT_PATH, ATTEST_DEFAULT_PATH);
}

static void
cli_checklist_out(struct buf *b)
{
	if (fwrite(buf_str(b), 1, b->len, stdout) != b->len)
		perror("mailharden: checklist: stdout");
	buf_reset(b);
}

/* s cut to at most w columns (by display width), then padded to w. */
void
cli_checklist_cell(struct buf *b, const char *s, size_t w)
{
	char	 ch[8];
	size_t	 used = 0, n, cw;

	while (*s != '\0') {
		n = 1;
		while (n < sizeof ch - 1 && ((unsigned char)s[n] & 0xc0) ==
		    0x80)
			n++;
		memcpy(ch, s, n);
		ch[n] = '\0';
		cw = mh_width(ch);
		if (used + cw > w)
			break;
		buf_add(b, s, n);
		used += cw;
		s += n;
	}
	for (; used < w; used++)
		buf_addc(b, ' ');
}

/*
 * Write one file through the plan engine.  A missing directory is
 * created first (0755) by a step of the same plan, so undo removes it.
 */
int
cli_checklist_write(struct mh_opts *opts, struct audit *au, const char *cmd,
    const char *step, const char *title, const char *path,
    const char *content, int mode)
{
	const char	*mkdir_argv[] = { "/bin/mkdir", "-p", "-m", "0755",
			    NULL, NULL };
	const char	*rmdir_argv[] = { "/bin/rmdir", NULL, NULL };
	const char	*test_argv[] = { "/usr/bin/test", "-d", NULL, NULL };
	struct audit	*own = NULL;
	struct plan	*p = NULL;
	struct stat	 st;
	const char	*log;
	char		*abs = NULL, *dir = NULL, *slash, *cwd;
	char		*cause = NULL, *why = NULL;
	int		 newdir = 0, rc = MH_EXIT_RUNTIME;

	if (path[0] == '/')
		abs = xstrdup(path);
	else {
		if ((cwd = getcwd(NULL, 0)) == NULL) {
			fprintf(stderr, _("mailharden: %s: %s: cannot resolve "
			    "the current directory\n"), cmd, path);
			return MH_EXIT_RUNTIME;
		}
		xasprintf(&abs, "%s/%s", cwd, path);
		free(cwd);
	}
	if (lstat(abs, &st) == 0 && !S_ISREG(st.st_mode)) {
		fprintf(stderr, _("mailharden: %s: %s is %s; refusing to "
		    "write through it, nothing was written\n"), cmd, abs,
		    S_ISLNK(st.st_mode) ? _("a symbolic link") :
		    _("not a regular file"));
		goto out;
	}
	dir = xstrdup(abs);
	slash = strrchr(dir, '/');
	if (slash != dir)
		*slash = '\0';
	else
		dir[1] = '\0';
	if (lstat(dir, &st) == -1) {
		if (errno != ENOENT) {
			fprintf(stderr, "mailharden: %s: %s: %s\n", cmd, dir,
			    strerror(errno));
			goto out;
		}
		newdir = 1;
	} else if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, _("mailharden: %s: %s is not a directory; "
		    "nothing was written\n"), cmd, dir);
		goto out;
	}
	p = plan_create(step, NULL);
	if (newdir) {
		mkdir_argv[4] = dir;
		rmdir_argv[1] = dir;
		test_argv[2] = dir;
		plan_add_cmd(p, _("create the directory (mode 0755)"),
		    mkdir_argv, rmdir_argv, test_argv);
	}
	plan_add_write(p, title, abs, content, mode, 0);
	cli_banner(opts);
	if (opts->dry_run && newdir) {
		/* A dry run cannot hash a file in a missing directory. */
		printf(_("DRY RUN: would create %s and write %s; nothing was "
		    "written.\n"), dir, abs);
		rc = MH_EXIT_OK;
		goto out;
	}
	if (au == NULL) {
		log = opts->audit_log != NULL ? opts->audit_log :
		    AUDIT_DEFAULT_PATH;
		if (audit_open(log, &own, &why) == -1) {
			if (!opts->dry_run) {
				fprintf(stderr, _("mailharden: %s: %s; nothing "
				    "was written\n"), cmd, why);
				goto out;
			}
		}
		au = own;
	}
	if (au != NULL && plan_apply(p, au, opts->dry_run, NULL, NULL,
	    &cause) == -1) {
		fprintf(stderr, "mailharden: %s: %s\n", cmd, cause);
		goto out;
	}
	if (opts->dry_run)
		printf(_("DRY RUN: %s was not written (plan %s).\n"), abs,
		    p->id);
	else
		printf(_("Wrote %s (plan %s).  Undo it with: mailharden undo "
		    "--plan %s\n"), abs, p->id, p->id);
	rc = MH_EXIT_OK;
out:
	free(why);
	free(cause);
	audit_close(own);
	plan_free(p);
	free(dir);
	free(abs);
	return rc;
}

/* One checklist by name or path; exits 2 when it does not load. */
static void
cli_checklist_load_one(const char *name, struct checklists *cls)
{
	char	*cause = NULL;

	if (checklists_load(&name, 1, cls, &cause) == -1) {
		fprintf(stderr, "mailharden: checklist: %s\n", cause);
		free(cause);
		exit(MH_EXIT_USAGE);
	}
}

static int
cli_checklist_list(struct mh_opts *opts)
{
	struct checklists	 cls;
	const struct checklist	*cl;
	struct buf		 b;
	char			**names, *cause = NULL;
	size_t			 n, i, k = 0;
	int			 rc = MH_EXIT_OK;

	if ((names = checklists_bundled(&n, &cause)) == NULL && cause !=
	    NULL) {
		fprintf(stderr, "mailharden: checklist: %s\n", cause);
		free(cause);
		return MH_EXIT_RUNTIME;
	}
	buf_init(&b, 0);
	if (opts->json)
		buf_adds(&b, "{\"schema\":\"mailharden.checklists/1\","
		    "\"checklists\":[");
	else {
		cli_checklist_cell(&b, _("NAME"), 16);
		cli_checklist_cell(&b, _("VERSION"), 9);
		cli_checklist_cell(&b, _("ITEMS"), 7);
		buf_printf(&b, "%s\n", _("TITLE"));
	}
	for (i = 0; i < n; i++) {
		memset(&cls, 0, sizeof cls);
		if (checklists_load((const char *const *)&names[i], 1, &cls,
		    &cause) == -1) {
			fprintf(stderr, "mailharden: checklist: %s\n", cause);
			free(cause);
			cause = NULL;
			rc = MH_EXIT_RUNTIME;
			continue;
		}
		cl = &cls.v[0];
		if (opts->json) {
			buf_adds(&b, k++ > 0 ? ",{\"name\":" : "{\"name\":");
			buf_json_str(&b, cl->name);
			buf_adds(&b, ",\"title\":");
			buf_json_str(&b, _(cl->title));
			buf_adds(&b, ",\"version\":");
			buf_json_str(&b, cl->version);
			buf_printf(&b, ",\"items\":%zu,\"path\":", cl->nitems);
			buf_json_str(&b, cl->path);
			buf_adds(&b, "}");
		} else {
			cli_checklist_cell(&b, cl->name, 15);
			buf_addc(&b, ' ');
			cli_checklist_cell(&b, cl->version, 8);
			buf_printf(&b, " %5zu  ", cl->nitems);
			cli_checklist_cell(&b, _(cl->title), 48);
			while (b.len > 0 && b.data[b.len - 1] == ' ')
				b.data[--b.len] = '\0';
			buf_addc(&b, '\n');
		}
		checklists_free(&cls);
	}
	if (opts->json)
		buf_adds(&b, "]}\n");
	cli_checklist_out(&b);
	buf_clear(&b);
	mh_strv_free(names, n);
	return rc;
}

static void
cli_checklist_show_item(struct buf *b, const struct check_item *it,
    size_t idw, int verbose)
{
	size_t	i;

	cli_checklist_cell(b, it->id, idw - 1);
	buf_addc(b, ' ');
	cli_checklist_cell(b, _(checklist_severity_name(it->severity)),
	    CLI_CL_SEV_W - 1);
	buf_addc(b, ' ');
	if (it->manual) {
		buf_adds(b, _(it->title));
		buf_printf(b, " [%s]", _("manual"));
	} else
		buf_adds(b, _(it->title));
	buf_addc(b, '\n');
	if (!verbose)
		return;
	buf_printf(b, "    %s %s\n", _("Why:"), _(it->rationale));
	if (it->when_text != NULL)
		buf_printf(b, "    %s %s\n", _("When:"), it->when_text);
	if (it->expect_text != NULL)
		buf_printf(b, "    %s %s%s\n", _("Expect:"), it->expect_text,
		    it->advisory ? _(" (advisory: WARN, not FAIL)") : "");
	for (i = 0; i < it->nrefs; i++)
		buf_printf(b, "    %s %s\n", _("Reference:"), it->refs[i]);
	buf_printf(b, "    %s %s\n", _("Fix:"), _(it->fix_text));
	for (i = 0; i < CHECK_NFIX; i++)
		if (it->fix_cmd[i] != NULL)
			buf_printf(b, "      %s: %s\n",
			    checklist_fix_name((enum check_fix)i),
			    it->fix_cmd[i]);
}

static int
cli_checklist_show(struct mh_opts *opts, const char *name)
{
	struct checklists	 cls;
	const struct checklist	*cl;
	const struct check_item	*it;
	struct buf		 b;
	size_t			 i, idw = CLI_CL_ID_W;

	memset(&cls, 0, sizeof cls);
	cli_checklist_load_one(name, &cls);
	cl = &cls.v[0];
	for (i = 0; i < cl->nitems; i++)	/* ids are never cut */
		if (mh_width(cl->items[i].id) + 1 > idw)
			idw = mh_width(cl->items[i].id) + 1;
	buf_init(&b, 0);
	if (opts->json) {
		buf_adds(&b, "{\"name\":");
		buf_json_str(&b, cl->name);
		buf_adds(&b, ",\"title\":");
		buf_json_str(&b, _(cl->title));
		buf_adds(&b, ",\"version\":");
		buf_json_str(&b, cl->version);
		buf_adds(&b, ",\"items\":[");
		for (i = 0; i < cl->nitems; i++) {
			it = &cl->items[i];
			buf_adds(&b, i > 0 ? ",{\"id\":" : "{\"id\":");
			buf_json_str(&b, it->id);
			buf_adds(&b, ",\"severity\":");
			buf_json_str(&b, checklist_severity_name(it->severity));
			buf_adds(&b, ",\"title\":");
			buf_json_str(&b, _(it->title));
			buf_printf(&b, ",\"manual\":%s,\"when\":",
			    it->manual ? "true" : "false");
			buf_json_str(&b, it->when_text);
			buf_adds(&b, ",\"expect\":");
			buf_json_str(&b, it->expect_text);
			buf_adds(&b, "}");
		}
		buf_adds(&b, "]}\n");
		goto out;
	}
	buf_printf(&b, "%s %s: %s\n", cl->name, cl->version, _(cl->title));
	if (cl->description != NULL && opts->verbose)
		buf_printf(&b, "%s\n", _(cl->description));
	buf_addc(&b, '\n');
	cli_checklist_cell(&b, _("ID"), idw);
	cli_checklist_cell(&b, _("SEVERITY"), CLI_CL_SEV_W);
	buf_printf(&b, "%s\n", _("TITLE"));
	for (i = 0; i < cl->nitems; i++)
		cli_checklist_show_item(&b, &cl->items[i], idw,
		    opts->verbose);
	buf_printf(&b, P_("%zu item\n", "%zu items\n", cl->nitems),
	    cl->nitems);
out:
	cli_checklist_out(&b);
	buf_clear(&b);
	checklists_free(&cls);
	return MH_EXIT_OK;
}

static int
cli_checklist_lint(char **files, size_t nfiles)
{
	struct checklist	 cl;
	struct checklists	 all;
	char			**names = NULL, **paths, **msgs, *cause = NULL;
	size_t			 n, i, j, nmsgs, bad = 0, nprob = 0;
	int			 loaded = 1;

	if (nfiles == 0) {
		names = checklists_bundled(&n, &cause);
		if (names == NULL && cause != NULL) {
			fprintf(stderr, "mailharden: checklist lint: %s\n",
			    cause);
			free(cause);
			return MH_EXIT_RUNTIME;
		}
		paths = xcalloc(n + 1, sizeof *paths);
		for (i = 0; i < n; i++) {
			xasprintf(&cause, "checklists/%s.conf", names[i]);
			paths[i] = datadir_file(cause);
			free(cause);
			cause = NULL;
		}
		mh_strv_free(names, n);
	} else {
		n = nfiles;
		paths = xcalloc(n + 1, sizeof *paths);
		for (i = 0; i < n; i++)
			paths[i] = xstrdup(files[i]);
	}
	for (i = 0; i < n; i++) {
		memset(&cl, 0, sizeof cl);
		if (checklist_load(paths[i], &cl, &cause) == -1) {
			printf("%s\n", cause);
			free(cause);
			cause = NULL;
			bad++;
			loaded = 0;
			continue;
		}
		msgs = NULL;
		nmsgs = 0;
		if (checklist_lint(&cl, &msgs, &nmsgs) > 0 || nmsgs > 0) {
			for (j = 0; j < nmsgs; j++)
				printf("%s\n", msgs[j]);
			nprob += nmsgs;
			bad++;
		} else
			printf(P_("%s: clean (%zu item)\n",
			    "%s: clean (%zu items)\n", cl.nitems), paths[i],
			    cl.nitems);
		mh_strv_free(msgs, nmsgs);
		checklist_clear(&cl);
	}
	/* Item ids are unique across every file checked together. */
	if (loaded && n > 1) {
		memset(&all, 0, sizeof all);
		if (checklists_load((const char *const *)paths, n, &all,
		    &cause) == -1) {
			printf("%s\n", cause);
			free(cause);
			bad++;
		} else
			checklists_free(&all);
	}
	mh_strv_free(paths, n);
	if (bad > 0) {
		printf(P_("%zu problem; ", "%zu problems; ", nprob), nprob);
		printf(P_("%zu of %zu file failed\n",
		    "%zu of %zu files failed\n", n), bad, n);
		return MH_EXIT_USAGE;
	}
	return MH_EXIT_OK;
}

/* The item, looked up in --checklist or the bundled lists; exits 2. */
static void
cli_checklist_item(const struct cli_checklist_args *a, const char *cmd,
    const char *id, struct checklists *cls, const struct check_item **it)
{
	char	*cause = NULL;

	memset(cls, 0, sizeof *cls);
	if (checklists_load(a->nlists > 0 ? a->lists : NULL, a->nlists, cls,
	    &cause) == -1) {
		fprintf(stderr, "mailharden: %s: %s\n", cmd, cause);
		free(cause);
		exit(MH_EXIT_USAGE);
	}
	if ((*it = checklists_find(cls, id, NULL)) == NULL) {
		fprintf(stderr, _("mailharden: %s: no item '%s' in the "
		    "checklists (see 'mailharden checklist show NAME'); "
		    "nothing was written\n"), cmd, id);
		checklists_free(cls);
		exit(MH_EXIT_USAGE);
	}
}

static int
cli_checklist_waive(struct mh_opts *opts, struct cli_checklist_args *a,
    const char *id)
{
	struct checklists	 cls;
	const struct check_item	*it;
	struct waivers		 w;
	struct waiver		 add;
	struct buf		 b;
	const char		*path;
	char			*cause = NULL, *title;
	time_t			 now = time(NULL);
	int			 rc = MH_EXIT_USAGE;

	if (a->reason == NULL || a->owner == NULL || a->expires == NULL)
		cli_usage_error("checklist waive", _("a waiver needs --reason, "
		    "--owner and --expires"));
	if (a->answer != NULL || a->note != NULL || a->attests != NULL)
		cli_usage_error("checklist waive", _("--answer, --note and "
		    "--attestations are for 'checklist attest'"));
	cli_checklist_item(a, "checklist waive", id, &cls, &it);
	memset(&w, 0, sizeof w);
	memset(&add, 0, sizeof add);
	buf_init(&b, 0);
	path = a->waivers != NULL ? a->waivers : WAIVER_DEFAULT_PATH;
	if (waivers_load(path, 1, now, &w, &cause) == -1) {
		fprintf(stderr, _("mailharden: checklist waive: %s; nothing "
		    "was written\n"), cause);
		goto out;
	}
	add.id = it->id;
	add.reason = (char *)a->reason;
	add.owner = (char *)a->owner;
	add.expires = (char *)a->expires;
	if ((add.until = waiver_parse_date(a->expires)) == (time_t)-1) {
		fprintf(stderr, _("mailharden: checklist waive: --expires "
		    "'%s': expected a date YYYY-MM-DD; nothing was "
		    "written\n"), a->expires);
		goto out;
	}
	if (waiver_file_text(&w, &add, now, &b, &cause) == -1) {
		fprintf(stderr, _("mailharden: checklist waive: %s; nothing "
		    "was written\n"), cause);
		goto out;
	}
	xasprintf(&title, _("waive %s until %s (owner %s)"), it->id,
	    a->expires, a->owner);
	rc = cli_checklist_write(opts, NULL, "checklist waive", "checklist",
	    title, path, buf_str(&b), 0644);
	free(title);
out:
	free(cause);
	buf_clear(&b);
	waivers_clear(&w);
	checklists_free(&cls);
	return rc;
}

/* Who answers: the sudo user when there is one, else the login. */
static const char *
cli_checklist_who(void)
{
	struct passwd	*pw;
	const char	*e;

	if ((e = getenv("SUDO_USER")) != NULL && *e != '\0' &&
	    strlen(e) < 64 && strspn(e, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == strlen(e))
		return e;
	if ((pw = getpwuid(geteuid())) != NULL)
		return pw->pw_name;
	return "?";
}

static int
cli_checklist_attest(struct mh_opts *opts, struct cli_checklist_args *a,
    const char *id)
{
	struct checklists	 cls;
	const struct check_item	*it;
	struct attests		 at;
	struct attest		 add;
	struct buf		 b;
	struct tm		 tm;
	const char		*path;
	char			*cause = NULL, *title, date[16], by[64];
	time_t			 now = time(NULL);
	int			 rc = MH_EXIT_USAGE, yes;

	if (a->answer == NULL || a->note == NULL)
		cli_usage_error("checklist attest", _("an answer needs "
		    "--answer yes|no and --note TEXT"));
	if (strcmp(a->answer, "yes") == 0)
		yes = 1;
	else if (strcmp(a->answer, "no") == 0)
		yes = 0;
	else
		cli_usage_error("checklist attest", _("--answer '%s': yes or "
		    "no"), a->answer);
	if (a->reason != NULL || a->owner != NULL || a->expires != NULL ||
	    a->waivers != NULL)
		cli_usage_error("checklist attest", _("--reason, --owner, "
		    "--expires and --waivers are for 'checklist waive'"));
	cli_checklist_item(a, "checklist attest", id, &cls, &it);
	memset(&at, 0, sizeof at);
	buf_init(&b, 0);
	if (!it->manual) {
		fprintf(stderr, _("mailharden: checklist attest: %s is checked "
		    "from facts, not answered by a person (waive it "
		    "instead); nothing was written\n"), it->id);
		goto out;
	}
	path = a->attests != NULL ? a->attests : ATTEST_DEFAULT_PATH;
	if (attests_load(path, 1, &at, &cause) == -1) {
		fprintf(stderr, _("mailharden: checklist attest: %s; nothing "
		    "was written\n"), cause);
		goto out;
	}
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	snprintf(by, sizeof by, "%s", cli_checklist_who());
	memset(&add, 0, sizeof add);
	add.id = it->id;
	add.yes = yes;
	add.note = (char *)a->note;
	add.by = by;
	add.date = date;
	if (attest_file_text(&at, &add, &b, &cause) == -1) {
		fprintf(stderr, _("mailharden: checklist attest: %s; nothing "
		    "was written\n"), cause);
		goto out;
	}
	xasprintf(&title, _("answer %s: %s"), it->id, yes ? _("yes") :
	    _("no"));
	rc = cli_checklist_write(opts, NULL, "checklist attest", "checklist",
	    title, path, buf_str(&b), 0644);
	free(title);
out:
	free(cause);
	buf_clear(&b);
	attests_clear(&at);
	checklists_free(&cls);
	return rc;
}

int
cli_checklist_run(int argc, char **argv, struct mh_opts *opts)
{
	static const struct option	 longopts[] = {
		{ "reason",	required_argument, NULL, CLI_CL_REASON },
		{ "owner",	required_argument, NULL, CLI_CL_OWNER },
		{ "expires",	required_argument, NULL, CLI_CL_EXPIRES },
		{ "answer",	required_argument, NULL, CLI_CL_ANSWER },
		{ "note",	required_argument, NULL, CLI_CL_NOTE },
		{ "waivers",	required_argument, NULL, CLI_CL_WAIVERS },
		{ "attestations", required_argument, NULL, CLI_CL_ATTESTS },
		{ "checklist",	required_argument, NULL, CLI_CL_CHECKLIST },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_checklist_args	 a;
	const char			*action;
	int				 c, nargs;

	memset(&a, 0, sizeof a);
	while ((c = cli_getopt(argc, argv, longopts, "checklist", opts)) !=
	    -1) {
		switch (c) {
		case 'h':
			cli_checklist_help();
			return MH_EXIT_OK;
		case CLI_CL_REASON:
			a.reason = optarg;
			break;
		case CLI_CL_OWNER:
			a.owner = optarg;
			break;
		case CLI_CL_EXPIRES:
			a.expires = optarg;
			break;
		case CLI_CL_ANSWER:
			a.answer = optarg;
			break;
		case CLI_CL_NOTE:
			a.note = optarg;
			break;
		case CLI_CL_WAIVERS:
			a.waivers = optarg;
			break;
		case CLI_CL_ATTESTS:
			a.attests = optarg;
			break;
		case CLI_CL_CHECKLIST:
			if (a.nlists >= CLI_CL_MAX_LISTS)
				cli_usage_error("checklist", _("at most %d "
				    "--checklist"), CLI_CL_MAX_LISTS);
			a.lists[a.nlists++] = optarg;
			break;
		}
	}
	if (optind >= argc)
		cli_usage_error("checklist", _("give an action: list, show, "
		    "lint, waive or attest"));
	action = argv[optind++];
	nargs = argc - optind;
	if (strcmp(action, "lint") == 0)
		return cli_checklist_lint(argv + optind, (size_t)nargs);
	if (strcmp(action, "list") == 0) {
		if (nargs > 0)
			cli_usage_error("checklist", _("unexpected argument "
			    "'%s'"), argv[optind]);
		return cli_checklist_list(opts);
	}
	if (strcmp(action, "show") != 0 && strcmp(action, "waive") != 0 &&
	    strcmp(action, "attest") != 0)
		cli_usage_error("checklist", _("unknown action '%s' (list, "
		    "show, lint, waive or attest)"), action);
	if (nargs == 0 && strcmp(action, "show") == 0)
		cli_usage_error("checklist", _("show which checklist? e.g. "
		    "'checklist show baseline'"));
	if (nargs == 0)
		cli_usage_error("checklist", _("which item? e.g. 'checklist "
		    "%s BL-01'"), action);
	if (nargs > 1)
		cli_usage_error("checklist", _("unexpected argument '%s'"),
		    argv[optind + 1]);
	if (strcmp(action, "show") == 0)
		return cli_checklist_show(opts, argv[optind]);
	if (strcmp(action, "waive") == 0)
		return cli_checklist_waive(opts, &a, argv[optind]);
	return cli_checklist_attest(opts, &a, argv[optind]);
}
