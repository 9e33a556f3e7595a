/*
 * view_report.c - step 7, Report: choose the formats (1 text, 2 HTML,
 * 3 JSON) and the directory (d), then w writes the reports of the
 * Checklist step's run through the plan engine (audited, undoable).
 * The changes shown in the report are those of this wizard run (the
 * audit records since it started).  After writing, the view shows the
 * paths, the scores per checklist, and where the audit log is with its
 * chain check and head hash.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "buf.h"
#include "check.h"
#include "cli/cli.h"
#include "fact.h"
#include "report.h"
#include "version.h"
#include "tui/tui_int.h"

struct view_report {
	int		 want[3];	/* text, html, json */
	char		*dir;
	time_t		 start;		/* the wizard's start */
	char		 id[REPORT_ID_LEN + 1];	/* this run's id */
	char		**lines;	/* what was written, the summary */
	size_t		 nlines;
	int		 written;
	int		 failed;
	int		 focused;
	struct tui_rect	 rect;
	CDKSCROLL	*list;
};

static const char *const view_report_hints[] = {
	N_("1/2/3 Formats"),
	N_("d Directory"),
	N_("w Write"),
	NULL
};

static const char *const view_report_ext[3] = { "txt", "html", "json" };

static void *
view_report_init(struct tui *t)
{
	struct view_report	*vr;
	char			*cwd;

	vr = xcalloc(1, sizeof *vr);
	vr->want[REPORT_TEXT] = vr->want[REPORT_HTML] = 1;
	if (t->opts->state_dir != NULL)
		vr->dir = xstrdup(t->opts->state_dir);
	else if ((cwd = getcwd(NULL, 0)) != NULL)
		vr->dir = cwd;
	else
		vr->dir = xstrdup("/root");
	vr->start = time(NULL);
	report_new_id(vr->id);
	return vr;
}

static void
view_report_lines_clear(struct view_report *vr)
{
	mh_strv_free(vr->lines, vr->nlines);
	vr->lines = NULL;
	vr->nlines = 0;
}

static void
view_report_free(void *arg)
{
	struct view_report	*vr = arg;

	view_report_lines_clear(vr);
	free(vr->dir);
	free(vr);
}

static void
view_report_line(struct view_report *vr, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
view_report_line(struct view_report *vr, const char *fmt, ...)
{
	va_list	 ap;
	char	*s, *d;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	d = tui_data(s);
	free(s);
	vr->lines = xreallocarray(vr->lines, vr->nlines + 1,
	    sizeof *vr->lines);
	vr->lines[vr->nlines++] = d;
}

/* The rows before anything is written: the choices. */
static void
view_report_choices(struct view_report *vr)
{
	static const char *const names[3] = {
		N_("text, 80 columns, paginated for printing"),
		N_("HTML, one file, A4 print layout"),
		N_("JSON, schema mailharden.report/1")
	};
	size_t	i;

	view_report_line(vr, "%s", tui_text(N_("Formats (1, 2, 3 switch "
	    "them):")));
	for (i = 0; i < 3; i++)
		view_report_line(vr, "  [%c] %s", vr->want[i] ? 'x' : ' ',
		    tui_text(names[i]));
	view_report_line(vr, "%s", "");
	view_report_line(vr, "%s %s", tui_text(N_("Directory (d changes "
	    "it):")), vr->dir);
	view_report_line(vr, "%s", "");
	view_report_line(vr, "%s", tui_text(N_("w writes the reports of "
	    "the Checklist step.")));
}

static void
view_report_build(struct tui *t, void *arg, const struct tui_rect *r)
{
	struct view_report	*vr = arg;
	char			*title;

	vr->rect = *r;
	if (!vr->written && !vr->failed) {
		view_report_lines_clear(vr);
		view_report_choices(vr);
	}
	xasprintf(&title, "<C></B>%s<!B>\n<C>%s",
	    tui_text(N_("7 Report: for the auditor")),
	    vr->written ? tui_text(N_("written; w writes again")) :
	    tui_text(N_("choose, then w writes")));
	vr->list = newCDKScroll(t->screen, r->x, r->y, RIGHT, r->h, r->w - 1,
	    title, (CDK_CSTRING2)vr->lines, (int)vr->nlines, FALSE, A_REVERSE,
	    TRUE, FALSE);
	free(title);
}

static void
view_report_unbuild(struct tui *t, void *arg)
{
	struct view_report	*vr = arg;

	(void)t;
	if (vr->list != NULL) {
		destroyCDKScroll(vr->list);
		vr->list = NULL;
	}
}

static void
view_report_focus(struct tui *t, void *arg, int on)
{
	struct view_report	*vr = arg;

	(void)t;
	vr->focused = on;
	if (vr->list != NULL)
		setCDKScrollHighlight(vr->list, on ? A_REVERSE : A_BOLD);
}

/* The scores per checklist and the audit log, after writing. */
static void
view_report_summary(struct view_report *vr, const struct check_run *run,
    const struct report_audit *au)
{
	int	 pct;
	size_t	 i;

	view_report_line(vr, "%s", "");
	for (i = 0; i < run->lists->n; i++) {
		pct = check_score_percent(&run->per_list[i]);
		view_report_line(vr, "  %-14s %3d%%  %zu FAIL %zu UNKNOWN "
		    "%zu MANUAL", run->lists->v[i].name, pct < 0 ? 0 : pct,
		    run->per_list[i].count[CHECK_FAIL],
		    run->per_list[i].count[CHECK_UNKNOWN],
		    run->per_list[i].count[CHECK_MANUAL]);
	}
	view_report_line(vr, "%s", "");
	view_report_line(vr, "%s %s", tui_text(N_("Audit log:")), au->path);
	if (!au->readable)
		view_report_line(vr, "  %s", au->why != NULL ? au->why : "");
	else if (au->intact)
		view_report_line(vr, "  %s %zu, %s %.16s...",
		    tui_text(N_("chain intact, records")), au->records,
		    tui_text(N_("head")), au->head != NULL ? au->head : "");
	else
		view_report_line(vr, "  %s %zu: %s",
		    tui_text(N_("chain BROKEN at line")), au->bad_line,
		    au->bad_reason != NULL ? au->bad_reason : "");
	view_report_line(vr, "  %s", tui_text(N_("mailharden audit verify: "
	    "checks it again")));
	view_report_line(vr, "  %s", tui_text(N_("mailharden undo: takes "
	    "changes back")));
}

/* Render one format and write it; one line for the view. */
static void
view_report_one(struct tui *t, struct view_report *vr,
    const struct report *rep, enum report_format f)
{
	struct buf	 b;
	char		*path, *status = NULL, *cause = NULL, day[16];
	struct tm	 tm;

	gmtime_r(&rep->start, &tm);
	strftime(day, sizeof day, "%Y%m%d", &tm);
	xasprintf(&path, "%s/mailharden-report-%s-%s.%s", vr->dir, t->host,
	    day, view_report_ext[f]);
	buf_init(&b, 0);
	if (report_render(rep, f, &b, &cause) == -1) {
		view_report_line(vr, "%s: %s", tui_text(N_("not written")),
		    cause);
		vr->failed = 1;
		free(cause);
	} else {
		if (tui_widgets_write(t, "report", tui_text(N_("write the "
		    "report")), path, buf_str(&b), &status) == -1) {
			vr->failed = 1;
			view_report_line(vr, "%s", status);
		} else if (t->opts->dry_run)
			view_report_line(vr, "  %s %s", tui_text(N_("DRY RUN, "
			    "not written:")), strrchr(path, '/') + 1);
		else
			view_report_line(vr, "  %s %s", tui_text(N_("wrote")),
			    strrchr(path, '/') + 1);
		free(status);
	}
	buf_clear(&b);
	free(path);
}

static void
view_report_write(struct tui *t, struct view_report *vr)
{
	const struct check_run	*run;
	const struct facts	*fs = NULL;
	struct report		 rep;
	const char		*log;
	size_t			 i;
	time_t			 when;

	view_report_lines_clear(vr);
	vr->failed = vr->written = 0;
	if ((run = view_checklist_run(t, &fs, &when)) == NULL) {
		view_report_line(vr, "%s", tui_text(N_("The checklists could "
		    "not be evaluated: see the Checklist step.")));
		vr->failed = 1;
		return;
	}
	memset(&rep, 0, sizeof rep);
	rep.run_id = vr->id;
	rep.start = vr->start;
	rep.end = time(NULL);
	report_operator_init(&rep.op);
	rep.version = PACKAGE_VERSION;
	rep.facts = fs;
	rep.run = run;
	log = t->opts->audit_log != NULL ? t->opts->audit_log :
	    AUDIT_DEFAULT_PATH;
	report_audit_load(&rep.audit, log, NULL, 0, vr->start);
	view_report_line(vr, "%s %s", tui_text(N_("In")), vr->dir);
	for (i = 0; i < 3; i++)
		if (vr->want[i])
			view_report_one(t, vr, &rep, (enum report_format)i);
	view_report_summary(vr, run, &rep.audit);
	report_audit_clear(&rep.audit);
	vr->written = !vr->failed;
}

static enum tui_result
view_report_key(struct tui *t, void *arg, int key)
{
	struct view_report	*vr = arg;
	char			*d;

	switch (key) {
	case '1':
	case '2':
	case '3':
		vr->want[key - '1'] ^= 1;
		vr->written = vr->failed = 0;
		return TUI_REDRAW;
	case 'd':
		d = tui_widgets_ask(t, &vr->rect, tui_text(N_("Write the "
		    "reports into this directory")), vr->dir);
		if (d != NULL && *d == '/' && access(d, W_OK) == 0) {
			free(vr->dir);
			vr->dir = d;
		} else
			free(d);
		vr->written = vr->failed = 0;
		return TUI_REDRAW;
	case 'w':
	case 'W':
		view_report_write(t, vr);
		return TUI_REDRAW;
	}
	if (vr->list != NULL && tui_widgets_nav_key(key) &&
	    key != KEY_LEFT && key != KEY_RIGHT) {
		injectCDKScroll(vr->list, key);
		return TUI_HANDLED;
	}
	return TUI_IGNORED;
}

static enum tui_mark
view_report_mark(void *arg)
{
	struct view_report	*vr = arg;

	if (vr->failed)
		return TUI_MARK_ERROR;
	return vr->written ? TUI_MARK_DONE : TUI_MARK_TODO;
}

const struct tui_view view_report = {
	.name = "report",
	.title = N_("Report"),
	.hints = view_report_hints,
	.init = view_report_init,
	.build = view_report_build,
	.unbuild = view_report_unbuild,
	.focus = view_report_focus,
	.key = view_report_key,
	.mark = view_report_mark,
	.free = view_report_free
};
