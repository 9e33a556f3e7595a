/*
 * cli_undo.c - "mailharden undo": take changes back from the audit
 * log, newest first, each step audited.
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "buf.h"
#include "cli/cli.h"
#include "undo.h"

enum {
	OPT_LAST = 0x2200,
	OPT_SESSION,
	OPT_PLAN
};

static void
cli_undo_help(void)
{
	printf(_("Usage: mailharden undo --last | --plan ID | --session ID "
	    "[--yes] [--dry-run]\n"
	    "Take back changes recorded in the audit log, newest step "
	    "first: run each\nstep's inverse command, or put back the file "
	    "it replaced (remove the file it\ncreated).  Steps already undone "
	    "are skipped; a step that was interrupted is\nchecked first and "
	    "undone only when its effect is in place.  Every undo step\nis "
	    "logged (action \"undo\").\n\n"
	    "  --last         the newest plan that still has steps in effect\n"
	    "  --plan ID      one plan (ids: 'mailharden audit show')\n"
	    "  --session ID   every plan applied by one mailharden run\n"
	    "  --yes          do not ask\n"
	    "  --dry-run      show what would be undone (also when not root)\n"
	    "  --audit-log FILE  the log to read and append to\n\n"
	    "Examples:\n"
	    "  mailharden undo --last\n"
	    "  mailharden undo --plan 3f2a9c0d1e4b5a67 --yes\n\n"
	    "Exit status: 0 undone (or nothing left to undo), 2 usage error "
	    "or no such\nplan/session, 3 a step could not be undone or the "
	    "log cannot be written.\n"));
}

int
cli_undo_run(int argc, char **argv, struct mh_opts *opts)
{
	static const struct option	 longopts[] = {
		{ "last",	no_argument,	   NULL, OPT_LAST },
		{ "session",	required_argument, NULL, OPT_SESSION },
		{ "plan",	required_argument, NULL, OPT_PLAN },
		{ NULL, 0, NULL, 0 }
	};
	struct undo_sel		 sel;
	struct undo_report	 rep;
	struct audit		*a = NULL;
	struct buf		 out;
	const char		*path;
	char			*cause = NULL, line[16];
	int			 c, nsel = 0, r, rc = MH_EXIT_RUNTIME;

	memset(&sel, 0, sizeof sel);
	memset(&rep, 0, sizeof rep);
	while ((c = cli_getopt(argc, argv, longopts, "undo", opts)) != -1) {
		switch (c) {
		case 'h':
			cli_undo_help();
			return MH_EXIT_OK;
		case OPT_LAST:
			sel.last = 1;
			nsel++;
			break;
		case OPT_SESSION:
			sel.session = optarg;
			nsel++;
			break;
		case OPT_PLAN:
			sel.plan = optarg;
			nsel++;
			break;
		}
	}
	if (optind < argc)
		cli_usage_error("undo", _("unexpected argument '%s'"),
		    argv[optind]);
	if (nsel != 1)
		cli_usage_error("undo", _("give exactly one of --last, --plan "
		    "ID, --session ID"));
	if (!opts->yes && !opts->dry_run && !isatty(STDIN_FILENO))
		cli_usage_error("undo", _("no terminal to ask on: see what "
		    "would be undone with --dry-run, then re-run with --yes"));
	path = opts->audit_log != NULL ? opts->audit_log : AUDIT_DEFAULT_PATH;
	cli_banner(opts);
	sel.action = "undo";
	sel.reason = "mailharden undo";

	/* First say what would be done. */
	buf_init(&out, 0);
	sel.dry_run = 1;
	r = undo_run(path, NULL, &sel, &out, &rep, &cause);
	if (r == 1) {
		fprintf(stderr, "mailharden: undo: %s\n", cause);
		free(cause);
		buf_clear(&out);
		return sel.last ? MH_EXIT_OK : MH_EXIT_USAGE;
	}
	if (r == -1 && rep.plans == NULL) {
		fprintf(stderr, "mailharden: undo: %s\n", cause);
		free(cause);
		buf_clear(&out);
		return MH_EXIT_RUNTIME;
	}
	free(cause);
	cause = NULL;
	fputs(buf_str(&out), stdout);
	buf_reset(&out);
	if (opts->dry_run) {
		printf(_("DRY RUN: nothing was undone.\n"));
		rc = MH_EXIT_OK;
		goto out;
	}
	if (rep.undone == 0) {
		printf(_("Nothing left to undo in plan(s) %s.\n"), rep.plans);
		rc = MH_EXIT_OK;
		goto out;
	}
	if (!opts->yes) {
		fprintf(stderr, P_("Undo this %zu step? [y/N] ",
		    "Undo these %zu steps? [y/N] ", rep.undone), rep.undone);
		if (fgets(line, sizeof line, stdin) == NULL ||
		    (line[0] != 'y' && line[0] != 'Y')) {
			printf(_("Not undone.\n"));
			rc = MH_EXIT_OK;
			goto out;
		}
	}
	undo_report_clear(&rep);
	if (audit_open(path, &a, &cause) == -1) {
		fprintf(stderr, _("mailharden: undo: %s; nothing was undone\n"),
		    cause);
		free(cause);
		goto out;
	}
	sel.dry_run = 0;
	r = undo_run(path, a, &sel, &out, &rep, &cause);
	fputs(buf_str(&out), stdout);
	if (r != 0) {
		fprintf(stderr, "mailharden: undo: %s\n", cause);
		free(cause);
		goto out;
	}
	printf(P_("Undone: %zu step of plan(s) %s; %zu skipped.\n",
	    "Undone: %zu steps of plan(s) %s; %zu skipped.\n", rep.undone),
	    rep.undone, rep.plans, rep.skipped);
	rc = MH_EXIT_OK;
out:
	undo_report_clear(&rep);
	buf_clear(&out);
	audit_close(a);
	return rc;
}
