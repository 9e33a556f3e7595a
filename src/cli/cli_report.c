/*
 * cli_report.c - "mailharden report": the Report step on the command
 * line.  Runs the same gathering and checklists as "mailharden check",
 * adds the changes from the audit log with the result of verifying its
 * hash chain, and renders the auditor's report as text, HTML or JSON:
 * to standard output, or with --output to a file written through the
 * plan engine (audited, undoable).
 */
#include "mh.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "buf.h"
#include "check.h"
#include "cli/cli.h"
#include "report.h"
#include "settings.h"
#include "waiver.h"

enum {
	CLI_REPORT_FORMAT = 0x3700,
	CLI_REPORT_OUTPUT,
	CLI_REPORT_LANG,
	CLI_REPORT_SESSION,
	CLI_REPORT_SINCE
};

#define CLI_REPORT_MAX_SESSIONS	32

static void
cli_report_help(void)
{
	printf(_("Usage: mailharden report [--format text|html|json] "
	    "[--output FILE] [--lang LANG]\n"
	    "         [--session ID]... [--since YYYY-MM-DD] "
	    "[check options]\n"
	    "Write the auditor's report: run the checklists as 'mailharden "
	    "check' does, then\nrender the header (host, OS, public "
	    "addresses, run id, start and end time,\noperator, tool "
	    "version, checklists and their versions), the scores, every\n"
	    "item with its verdict, evidence, remediation, references and "
	    "waiver, the\nchanges from the audit log with the result of "
	    "verifying its hash chain and\nthe head hash, and signature "
	    "lines.\n\n"
	    "  --format F        text (80 columns, paginated for printing; "
	    "the default),\n"
	    "                    html (one self-contained file, A4 print "
	    "layout) or json\n"
	    "                    (schema mailharden.report/1)\n"
	    "  --output FILE     write the report to FILE (an audited change "
	    "that 'mailharden\n"
	    "                    undo' takes back) instead of standard "
	    "output\n"
	    "  --lang LANG       the report's language, e.g. zh_CN or en "
	    "(default: the\n"
	    "                    current locale)\n"
	    "  --session ID      show the changes of these runs only "
	    "(repeatable; ids from\n"
	    "                    'mailharden audit show'); default: every "
	    "change\n"
	    "  --since DATE      show the changes made on or after DATE (UTC)\n"
	    "  --audit-log FILE  the audit log to read (a global option)\n"
	    "  check options     --checklist, --waivers, --attestations, "
	    "--offline and\n"
	    "                    the probe targets: see 'mailharden check "
	    "--help'\n\n"
	    "Examples:\n"
	    "  mailharden report --format html --output /root/report.html\n"
	    "  mailharden report --lang zh_CN --checklist cn-compliance "
	    "--since 2026-11-01\n"
	    "  mailharden report --format json --offline | jq .scores\n\n"
	    "Exit status: 0 written (the findings are in the report), 2 bad "
	    "input, 3 could\nnot gather, render or write.\n"));
}

/* The directory of an --output file must exist; exits 2 otherwise. */
static void
cli_report_check_output(const char *path)
{
	struct stat	 st;
	char		*dir, *slash;

	if (*path == '\0' || path[strlen(path) - 1] == '/')
		cli_usage_error("report", _("--output '%s': give a file "
		    "name"), path);
	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) == NULL) {
		free(dir);
		return;
	}
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode))
		cli_usage_error("report", _("--output %s: the directory %s "
		    "does not exist"), path, dir);
	free(dir);
}

int
cli_report_run(int argc, char **argv, struct mh_opts *opts)
{
	static const struct option	 longopts[] = {
		SETTINGS_LONGOPTS_HOST,
		CLI_CHECK_LONGOPTS,
		{ "format",	required_argument, NULL, CLI_REPORT_FORMAT },
		{ "output",	required_argument, NULL, CLI_REPORT_OUTPUT },
		{ "lang",	required_argument, NULL, CLI_REPORT_LANG },
		{ "session",	required_argument, NULL, CLI_REPORT_SESSION },
		{ "since",	required_argument, NULL, CLI_REPORT_SINCE },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_check	*cc;
	struct report		 r;
	struct audit		*au = NULL;
	struct buf		 out;
	enum report_format	 fmt = REPORT_TEXT;
	const char		*sessions[CLI_REPORT_MAX_SESSIONS];
	const char		*output = NULL, *lang = NULL, *log;
	char			*cause = NULL, *why = NULL, *title;
	char			 id[REPORT_ID_LEN + 1];
	size_t			 nsessions = 0, len;
	time_t			 since = 0, t;
	int			 c, rc, loaded = 0;

	cc = cli_check_create();
	while ((c = cli_getopt(argc, argv, longopts, "report", opts)) !=
	    -1) {
		switch (c) {
		case 'h':
			cli_report_help();
			cli_check_free(cc);
			return MH_EXIT_OK;
		case CLI_REPORT_FORMAT:
			if (report_format_parse(optarg, &fmt) == -1)
				cli_usage_error("report", _("--format '%s': "
				    "text, html or json"), optarg);
			break;
		case CLI_REPORT_OUTPUT:
			output = optarg;
			break;
		case CLI_REPORT_LANG:
			lang = optarg;
			break;
		case CLI_REPORT_SESSION:
			len = strlen(optarg);
			if (len == 0 || len > 64 || strspn(optarg,
			    "0123456789abcdef") != len)
				cli_usage_error("report", _("--session '%s': "
				    "a session id in hex (see 'mailharden "
				    "audit show')"), optarg);
			if (nsessions >= CLI_REPORT_MAX_SESSIONS)
				cli_usage_error("report", _("at most %d "
				    "--session"), CLI_REPORT_MAX_SESSIONS);
			sessions[nsessions++] = optarg;
			break;
		case CLI_REPORT_SINCE:
			if ((t = waiver_parse_date(optarg)) == (time_t)-1)
				cli_usage_error("report", _("--since '%s': a "
				    "date YYYY-MM-DD"), optarg);
			since = t - 86399;	/* the start of that day */
			break;
		default:
			cli_check_option(cc, c, optarg, "report");
			break;
		}
	}
	if (optind < argc)
		cli_usage_error("report", _("unexpected argument '%s'"),
		    argv[optind]);
	if (output != NULL)
		cli_report_check_output(output);
	if (lang != NULL && report_set_lang(lang, &cause) == -1)
		cli_usage_error("report", "--lang %s: %s", lang, cause);

	if ((rc = cli_check_evaluate(cc, opts, "report")) != MH_EXIT_OK) {
		cli_check_free(cc);
		return rc;
	}
	rc = MH_EXIT_RUNTIME;
	buf_init(&out, 0);
	memset(&r, 0, sizeof r);
	log = opts->audit_log != NULL ? opts->audit_log : AUDIT_DEFAULT_PATH;
	/* Writing: the run id is the session id of the write's records. */
	if (output != NULL && audit_open(log, &au, &why) == -1 &&
	    !opts->dry_run) {
		fprintf(stderr, _("mailharden: report: %s; nothing was "
		    "written\n"), why);
		goto out;
	}
	if (au != NULL)
		snprintf(id, sizeof id, "%s", audit_session(au));
	else
		report_new_id(id);
	r.run_id = id;
	r.run = cli_check_result(cc, &r.facts, &r.start, &r.end);
	r.version = PACKAGE_VERSION;
	report_operator_init(&r.op);
	report_audit_load(&r.audit, log, nsessions > 0 ? sessions : NULL,
	    nsessions, since);
	loaded = 1;
	if (report_render(&r, fmt, &out, &cause) == -1) {
		fprintf(stderr, "mailharden: report: %s\n", cause);
		goto out;
	}
	if (output == NULL) {
		rc = MH_EXIT_OK;
		if (fwrite(buf_str(&out), 1, out.len, stdout) != out.len ||
		    fflush(stdout) != 0) {
			perror("mailharden: report: stdout");
			rc = MH_EXIT_RUNTIME;
		}
		goto out;
	}
	xasprintf(&title, _("write the %s report"), report_format_name(fmt));
	rc = cli_checklist_write(opts, au, "report", "report", title, output,
	    buf_str(&out), 0644);
	free(title);
	if (rc != MH_EXIT_OK)
		goto out;
	if (!r.audit.readable)
		printf(_("Audit log: %s (%s)\n"), log, r.audit.why);
	else if (r.audit.intact)
		printf(_("Audit log: %s: intact, %zu records, head %s (in the "
		    "report)\n"), log, r.audit.records, r.audit.head);
	else
		printf(_("Audit log: %s: BROKEN at line %zu (%s); see "
		    "'mailharden audit verify'\n"), log, r.audit.bad_line,
		    r.audit.bad_reason);
out:
	free(why);
	free(cause);
	if (loaded)
		report_audit_clear(&r.audit);
	audit_close(au);
	buf_clear(&out);
	cli_check_free(cc);
	return rc;
}
