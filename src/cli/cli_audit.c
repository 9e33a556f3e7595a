/*
 * cli_audit.c - "mailharden audit show" (the log as a table or JSON)
 * and "mailharden audit verify" (the hash chain, naming the first bad
 * record).
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "cli/cli.h"
#include "exec.h"
#include "json.h"
#include "rootfs.h"

#define AUDIT_SHOW_W	80

enum {
	OPT_PLAN = 0x2100,
	OPT_SESSION
};

static void
cli_audit_help(void)
{
	printf(_("Usage: mailharden audit show [--json] [-v] [--plan ID] "
	    "[--session ID]\n"
	    "       mailharden audit verify\n"
	    "Every change mailharden makes is written to the audit log "
	    "(default\n%s) before it runs (intent) and after (result); undo, "
	    "rollback\nand confirmations are logged the same way.  Each record "
	    "carries the hash of the\none before, so a changed, removed or "
	    "reordered record breaks the chain.\n\n"
	    "  show     one line per record: sequence, UTC time, user, action, "
	    "exit status,\n"
	    "           plan:step and the command or file (-v: nothing cut "
	    "short)\n"
	    "  verify   check the chain; names the first bad record\n\n"
	    "  --json         show: the records as a JSON array\n"
	    "  --plan ID      show: only this plan's records\n"
	    "  --session ID   show: only this session's records\n"
	    "  --audit-log FILE  the log to read\n\n"
	    "Examples:\n"
	    "  mailharden audit show\n"
	    "  mailharden audit verify && echo intact\n\n"
	    "Exit status: 0 shown / intact, 1 the chain is broken (verify), "
	    "2 usage error,\n3 the log cannot be read.\n"), AUDIT_DEFAULT_PATH);
}

static const char *
cli_audit_path(const struct mh_opts *opts)
{
	return opts->audit_log != NULL ? opts->audit_log : AUDIT_DEFAULT_PATH;
}

/* The command of a record as text (argv, or the file). */
/* The column titles, padded by display width (they are translated). */
static void
cli_audit_header(struct buf *b)
{
	size_t	w;

	w = mh_width(_("SEQ"));
	buf_printf(b, "%*s", w < 4 ? (int)(4 - w) : 0, "");
	buf_printf(b, "%s ", _("SEQ"));
	buf_add_padded(b, _("TIME (UTC)"), 19);
	buf_adds(b, " ");
	buf_add_padded(b, _("USER"), 8);
	buf_adds(b, " ");
	buf_add_padded(b, _("ACTION"), 12);
	w = mh_width(_("ST"));
	buf_printf(b, " %*s%s %s\n       %s\n", w < 3 ? (int)(3 - w) : 0, "",
	    _("ST"), _("PLAN:STEP"), _("command, file or detail"));
}

static char *
cli_audit_what(const struct json *r)
{
	const struct json	*arr, *c;
	const char		**v, *path;
	char			*t, *u;
	size_t			 n = 0;

	arr = json_get(r, "argv");
	path = json_get_str(r, "path");
	if (arr != NULL && arr->type == JSON_ARRAY && json_count(arr) > 0) {
		v = xcalloc(json_count(arr) + 1, sizeof *v);
		for (c = arr->child; c != NULL; c = c->next)
			v[n++] = c->type == JSON_STRING ? c->str : "?";
		t = exec_argv_text(v);
		free(v);
		if (path != NULL) {
			xasprintf(&u, "%s > %s", t, path);
			free(t);
			t = u;
		}
		return t;
	}
	if (path != NULL)
		return xstrdup(path);
	return xstrdup(json_get_str(r, "detail") != NULL ?
	    json_get_str(r, "detail") : "");
}

static int
cli_audit_show(struct mh_opts *opts, const char *plan, const char *session)
{
	struct json	**recs = NULL;
	const char	*path = cli_audit_path(opts), *v, *user, *t, *pl;
	char		*cause = NULL, *what, when[20], ps[40], st[8];
	char		*text = NULL, *p, *line;
	struct buf	 b;
	size_t		 n, i, len, shown = 0, w;
	long long	 seq, idx, status;

	if (audit_read(path, &recs, &n, &cause) == -1) {
		fprintf(stderr, "mailharden: audit show: %s\n", cause);
		free(cause);
		return MH_EXIT_RUNTIME;
	}
	buf_init(&b, 0);
	if (opts->json) {
		/* The records as written (they are JSON already). */
		if (rootfs_read(NULL, path, 64 * 1024 * 1024, &text, &len,
		    &cause) == -1) {
			fprintf(stderr, "mailharden: audit show: %s\n", cause);
			free(cause);
			audit_records_free(recs, n);
			return MH_EXIT_RUNTIME;
		}
		buf_adds(&b, "[");
		p = text;
		i = 0;
		while ((line = mh_next_line(&p)) != NULL && i < n) {
			v = json_get_str(recs[i], "plan");
			t = json_get_str(recs[i], "session");
			i++;
			if ((plan != NULL && (v == NULL ||
			    strcmp(v, plan) != 0)) || (session != NULL &&
			    (t == NULL || strcmp(t, session) != 0)))
				continue;
			buf_printf(&b, "%s\n%s", shown++ ? "," : "", line);
		}
		buf_adds(&b, "\n]\n");
		free(text);
		goto print;
	}
	cli_audit_header(&b);
	for (i = 0; i < n; i++) {
		pl = json_get_str(recs[i], "plan");
		if (plan != NULL && (pl == NULL || strcmp(pl, plan) != 0))
			continue;
		v = json_get_str(recs[i], "session");
		if (session != NULL && (v == NULL || strcmp(v, session) != 0))
			continue;
		shown++;
		if (json_get_int(recs[i], "seq", &seq) == -1)
			seq = -1;
		t = json_get_str(recs[i], "time");
		snprintf(when, sizeof when, "%s", t != NULL ? t : "?");
		if (strlen(when) > 10)
			when[10] = ' ';
		user = json_get_str(recs[i], "sudo_user");
		if (user == NULL)
			user = json_get_str(recs[i], "user");
		if (json_get_int(recs[i], "status", &status) == 0)
			snprintf(st, sizeof st, "%lld", status);
		else
			snprintf(st, sizeof st, "-");
		if (pl != NULL && json_get_int(recs[i], "index", &idx) == 0)
			snprintf(ps, sizeof ps, "%.8s:%lld", pl, idx + 1);
		else if (pl != NULL)
			snprintf(ps, sizeof ps, "%.8s", pl);
		else
			snprintf(ps, sizeof ps, "-");
		v = json_get_str(recs[i], "action");
		what = cli_audit_what(recs[i]);
		buf_printf(&b, "%4lld %-19s %-8.8s %-12.12s %3s %s\n", seq,
		    when, user != NULL ? user : "?", v != NULL ? v : "?", st,
		    ps);
		w = AUDIT_SHOW_W - 8;
		if (*what == '\0')
			;
		else if (!opts->verbose && strlen(what) > w)
			buf_printf(&b, "       %.*s...\n", (int)(w - 3), what);
		else
			buf_printf(&b, "       %s\n", what);
		free(what);
	}
	if (shown == 0)
		buf_printf(&b, _("(no records in %s)\n"), path);
print:
	fputs(buf_str(&b), stdout);
	buf_clear(&b);
	audit_records_free(recs, n);
	return MH_EXIT_OK;
}

static int
cli_audit_verify(struct mh_opts *opts)
{
	struct audit_verify	 v;
	const char		*path = cli_audit_path(opts);
	char			*cause = NULL;
	int			 r;

	r = audit_verify(path, &v, &cause);
	if (r == -1) {
		fprintf(stderr, "mailharden: audit verify: %s\n", cause);
		free(cause);
		return MH_EXIT_RUNTIME;
	}
	if (r == 0) {
		printf(_("audit log %s: intact, %zu records, head %s\n"), path,
		    v.records, v.head);
		audit_verify_clear(&v);
		return MH_EXIT_OK;
	}
	if (v.bad_seq >= 0)
		printf(_("audit log %s: BROKEN at line %zu (record seq %lld): "
		    "%s\n"), path, v.bad_line, v.bad_seq, v.reason);
	else
		printf(_("audit log %s: BROKEN at line %zu: %s\n"), path,
		    v.bad_line, v.reason);
	printf(P_("The %zu record before it is intact (head %s).\n",
	    "The %zu records before it are intact (head %s).\n", v.records),
	    v.records, v.head);
	audit_verify_clear(&v);
	return MH_EXIT_FINDINGS;
}

int
cli_audit_run(int argc, char **argv, struct mh_opts *opts)
{
	static const struct option	 longopts[] = {
		{ "plan",	required_argument, NULL, OPT_PLAN },
		{ "session",	required_argument, NULL, OPT_SESSION },
		{ NULL, 0, NULL, 0 }
	};
	const char	*sub, *plan = NULL, *session = NULL;
	char		 cmd[32];
	int		 c;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		cli_audit_help();
		return argc < 2 ? MH_EXIT_USAGE : MH_EXIT_OK;
	}
	sub = argv[1];
	if (strcmp(sub, "show") != 0 && strcmp(sub, "verify") != 0)
		cli_usage_error("audit", _("unknown command '%s' (show, "
		    "verify)"), sub);
	snprintf(cmd, sizeof cmd, "audit %s", sub);
	while ((c = cli_getopt(argc - 1, argv + 1, longopts, cmd, opts)) !=
	    -1) {
		switch (c) {
		case 'h':
			cli_audit_help();
			return MH_EXIT_OK;
		case OPT_PLAN:
			plan = optarg;
			break;
		case OPT_SESSION:
			session = optarg;
			break;
		}
	}
	if (optind < argc - 1)
		cli_usage_error(cmd, _("unexpected argument '%s'"),
		    argv[optind + 1]);
	if (strcmp(sub, "show") == 0)
		return cli_audit_show(opts, plan, session);
	if (plan != NULL || session != NULL)
		cli_usage_error(cmd, _("--plan and --session are for 'audit "
		    "show'"));
	return cli_audit_verify(opts);
}
