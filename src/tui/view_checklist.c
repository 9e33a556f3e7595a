/*
 * view_checklist.c - step 6, Checklist: every bundled checklist over the
 * facts the other steps found out (plus the local log retention and
 * firewall facts), with the waivers and attestations.  Rows are grouped
 * by checklist with the counts per verdict and the score; f cycles a
 * verdict filter, Enter opens an item (why, facts and their evidence,
 * fix, references, waiver or answer), a answers a manual item, w adds
 * a waiver: both written through the plan engine like "mailharden
 * checklist attest / waive".  r evaluates again.
 *
 * The waivers file is waivers.conf next to the settings file (--config),
 * the answers attestations.conf in --state-dir, else the defaults.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "checklist.h"
#include "cli/cli.h"
#include "fact.h"
#include "factdef.h"
#include "gather.h"
#include "waiver.h"
#include "tui/tui_int.h"

#define VIEW_CHECKLIST_TITLE_W	44

/* The filter: all, then one verdict each. */
static const int view_checklist_filters[] = {
	-1, CHECK_FAIL, CHECK_WARN, CHECK_UNKNOWN, CHECK_MANUAL, CHECK_WAIVED,
	CHECK_PASS, CHECK_NA
};

struct view_checklist {
	struct checklists	 cls;
	int			 loaded;
	struct facts		*fs;
	struct waivers		 w;
	struct attests		 a;
	struct check_run	 run;
	int			 have;
	int			 pending;
	time_t			 when;
	char			*error;
	char			*status;
	size_t			 filter;
	int			*row_result;	/* row -> result, -1 heading */
	int			 nrows;
	int			 row;
	int			 focused;
	struct tui_rect		 rect;
	CDKSCROLL		*list;
};

static const char *const view_checklist_hints[] = {
	N_("Enter Item"),
	N_("f Filter"),
	N_("a Answer"),
	N_("w Waive"),
	N_("r Again"),
	NULL
};

static void *
view_checklist_init(struct tui *t)
{
	struct view_checklist	*vc;

	(void)t;
	vc = xcalloc(1, sizeof *vc);
	vc->pending = 1;
	return vc;
}

static void
view_checklist_clear(struct view_checklist *vc)
{
	if (vc->have)
		check_run_clear(&vc->run);
	vc->have = 0;
	waivers_clear(&vc->w);
	attests_clear(&vc->a);
	if (vc->fs != NULL)
		facts_free(vc->fs);
	vc->fs = NULL;
}

static void
view_checklist_free(void *arg)
{
	struct view_checklist	*vc = arg;

	view_checklist_clear(vc);
	if (vc->loaded)
		checklists_free(&vc->cls);
	free(vc->error);
	free(vc->status);
	free(vc->row_result);
	free(vc);
}

/* The waivers and answers files (caller frees both). */
void
view_checklist_paths(struct tui *t, char **waivers, char **attests)
{
	char	*dir, *slash;

	if (t->opts->config != NULL) {
		dir = xstrdup(t->opts->config);
		if ((slash = strrchr(dir, '/')) != NULL) {
			*slash = '\0';
			xasprintf(waivers, "%s/waivers.conf", dir);
		} else
			*waivers = xstrdup("waivers.conf");
		free(dir);
	} else
		*waivers = xstrdup(WAIVER_DEFAULT_PATH);
	if (t->opts->state_dir != NULL)
		xasprintf(attests, "%s/attestations.conf", t->opts->state_dir);
	else
		*attests = xstrdup(ATTEST_DEFAULT_PATH);
}

/* Load what is needed and evaluate; errors end up in vc->error. */
static void
view_checklist_evaluate(struct tui *t, struct view_checklist *vc)
{
	char	*wp, *ap, *cause = NULL;

	view_checklist_clear(vc);
	free(vc->error);
	vc->error = NULL;
	if (!vc->loaded) {
		if (checklists_load(NULL, 0, &vc->cls, &cause) == -1)
			goto fail;
		vc->loaded = 1;
	}
	vc->when = time(NULL);
	view_checklist_paths(t, &wp, &ap);
	if (waivers_load(wp, 1, vc->when, &vc->w, &cause) == -1 ||
	    attests_load(ap, 1, &vc->a, &cause) == -1) {
		free(wp);
		free(ap);
		goto fail;
	}
	free(wp);
	free(ap);
	vc->fs = facts_create();
	tui_facts(t, vc->fs);
	gather_logs(t->opts->root, vc->fs);
	gather_firewall(t->opts->root, vc->fs);
	check_run(&vc->run, &vc->cls, vc->fs, &vc->w, &vc->a, vc->when);
	vc->have = 1;
	return;
fail:
	xasprintf(&vc->error, "  %s", cause);
	free(cause);
}

static enum tui_style
view_checklist_style(enum check_verdict v)
{
	switch (v) {
	case CHECK_PASS:
		return TUI_S_OK;
	case CHECK_FAIL:
		return TUI_S_ERROR;
	case CHECK_WARN:
	case CHECK_UNKNOWN:
	case CHECK_MANUAL:
		return TUI_S_UNKNOWN;
	default:
		return TUI_S_PLAIN;
	}
}

static int
view_checklist_shown(const struct view_checklist *vc,
    const struct check_result *r)
{
	int	f = view_checklist_filters[vc->filter];

	return f < 0 || (int)r->verdict == f;
}

static void
view_checklist_score(const struct check_score *sc, struct buf *b)
{
	int	pct = check_score_percent(sc);

	if (pct < 0)
		buf_adds(b, tui_text(N_("nothing counted")));
	else
		buf_printf(b, "%zu/%zu %s (%d%%)", sc->passed, sc->counted,
		    tui_text(N_("passed")), pct);
	if (sc->count[CHECK_FAIL] > 0)
		buf_printf(b, ", %zu FAIL", sc->count[CHECK_FAIL]);
	if (sc->count[CHECK_UNKNOWN] > 0)
		buf_printf(b, ", %zu UNKNOWN", sc->count[CHECK_UNKNOWN]);
}

/* One item row: id, verdict, title cut to room bytes. */
static void
view_checklist_row(struct tui *t, struct buf *b,
    const struct check_result *r, int room)
{
	char	 v[16], *title;
	int	 n;

	buf_printf(b, " %-8s ", r->item->id);
	snprintf(v, sizeof v, "%-7s", check_verdict_name(r->verdict));
	tui_style(t, b, view_checklist_style(r->verdict), v);
	title = tui_data(tui_text(r->item->title));
	if (room > 4 && (int)strlen(title) > room) {
		n = room - 3;
		while (n > 0 && ((unsigned char)title[n] & 0xc0) == 0x80)
			n--;
		memcpy(title + n, "...", 4);
	}
	buf_printf(b, " %s", title);
	free(title);
}

static void
view_checklist_add(char ***items, int **map, int *n, char *s, int result)
{
	*items = xreallocarray(*items, (size_t)*n + 1, sizeof **items);
	*map = xreallocarray(*map, (size_t)*n + 1, sizeof **map);
	(*items)[*n] = s;
	(*map)[*n] = result;
	(*n)++;
}

/* The rows: per checklist a heading with its score, then its items. */
static char **
view_checklist_items(struct tui *t, struct view_checklist *vc, int *n)
{
	const struct check_result	*r;
	struct buf			 b;
	char				**items = NULL;
	size_t				 i, k = 0;
	int				 room = vc->rect.w - 22;

	*n = 0;
	free(vc->row_result);
	vc->row_result = NULL;
	if (!vc->have) {
		view_checklist_add(&items, &vc->row_result, n, xstrdup(
		    vc->error != NULL ? vc->error : tui_text(N_("  Evaluating "
		    "the checklists..."))), -1);
		return items;
	}
	buf_init(&b, 0);
	for (i = 0; i < vc->cls.n; i++) {
		buf_reset(&b);
		buf_adds(&b, "</B>");
		buf_printf(&b, "%s %s", vc->cls.v[i].name,
		    vc->cls.v[i].version);
		buf_adds(&b, "<!B>: ");
		view_checklist_score(&vc->run.per_list[i], &b);
		view_checklist_add(&items, &vc->row_result, n,
		    xstrdup(buf_str(&b)), -1);
		for (; k < vc->run.nresults &&
		    vc->run.results[k].list == &vc->cls.v[i]; k++) {
			r = &vc->run.results[k];
			if (!view_checklist_shown(vc, r))
				continue;
			buf_reset(&b);
			view_checklist_row(t, &b, r, room);
			view_checklist_add(&items, &vc->row_result, n,
			    xstrdup(buf_str(&b)), (int)k);
		}
	}
	buf_clear(&b);
	return items;
}

/* The counts that are not zero, most urgent first, then the filter. */
static char *
view_checklist_title(struct view_checklist *vc, int width)
{
	static const enum check_verdict order[] = {
		CHECK_FAIL, CHECK_WARN, CHECK_UNKNOWN, CHECK_MANUAL,
		CHECK_WAIVED, CHECK_PASS
	};
	const struct check_score	*sc = &vc->run.total;
	struct buf			 b;
	size_t				 i;
	char				*s;

	buf_init(&b, 0);
	if (view_checklist_filters[vc->filter] >= 0)
		buf_printf(&b, "[%s %s] ", tui_text(N_("only")),
		    check_verdict_name((enum check_verdict)
		    view_checklist_filters[vc->filter]));
	for (i = 0; vc->have && i < nitems(order); i++)
		if (sc->count[order[i]] > 0)
			buf_printf(&b, " %zu %s", sc->count[order[i]],
			    check_verdict_name(order[i]));
	xasprintf(&s, "<C></B>%s<!B>\n<C>%.*s",
	    tui_text(N_("6 Checklist: the controls, with evidence")),
	    width, buf_str(&b));
	buf_clear(&b);
	return s;
}

static void
view_checklist_build(struct tui *t, void *arg, const struct tui_rect *r)
{
	struct view_checklist	*vc = arg;
	char			**items, *title, *st, *t2;
	int			 n, i, h = r->h;

	vc->rect = *r;
	title = view_checklist_title(vc, r->w - 4);
	if (vc->status != NULL) {
		st = tui_data(vc->status);
		xasprintf(&t2, "%s\n<C>%.*s", title, r->w - 5, st);
		free(st);
		free(title);
		title = t2;
	}
	items = view_checklist_items(t, vc, &n);
	vc->nrows = n;
	vc->list = newCDKScroll(t->screen, r->x, r->y, RIGHT, h, r->w - 1,
	    title, (CDK_CSTRING2)items, n, FALSE, A_REVERSE, TRUE, FALSE);
	free(title);
	for (i = 0; i < n; i++)
		free(items[i]);
	free(items);
	if (vc->list == NULL)
		return;
	if (vc->row >= vc->nrows)
		vc->row = vc->nrows - 1;
	if (vc->row < 0)
		vc->row = 0;
	setCDKScrollCurrentItem(vc->list, vc->row);
}

static void
view_checklist_unbuild(struct tui *t, void *arg)
{
	struct view_checklist	*vc = arg;

	(void)t;
	if (vc->list != NULL) {
		destroyCDKScroll(vc->list);
		vc->list = NULL;
	}
}

static void
view_checklist_focus(struct tui *t, void *arg, int on)
{
	struct view_checklist	*vc = arg;

	(void)t;
	vc->focused = on;
	if (vc->list != NULL)
		setCDKScrollHighlight(vc->list, on ? A_REVERSE : A_BOLD);
}

static int
view_checklist_work(struct tui *t, void *arg)
{
	struct view_checklist	*vc = arg;

	if (!vc->pending)
		return 0;
	vc->pending = 0;
	view_checklist_evaluate(t, vc);
	return 1;
}

/* The lines of the item popup for one fact. */
static void
view_checklist_fact(struct tui *t, struct buf *b, const struct facts *fs,
    const char *name)
{
	const struct fact	*f = facts_get(fs, name);
	char			*v, *s;
	size_t			 k;

	s = tui_data(name);
	tui_style(t, b, TUI_S_BOLD, s);
	free(s);
	if (f == NULL) {
		buf_printf(b, ": %s\n", tui_text(N_("not found out in this "
		    "run")));
		return;
	}
	v = fact_value_text(f);
	s = tui_data(v);
	buf_printf(b, " = %s\n", s);
	free(s);
	free(v);
	if (f->reason != NULL) {
		s = tui_data(f->reason);
		buf_printf(b, "  %s %s\n", tui_text(N_("Reason:")), s);
		free(s);
	}
	for (k = 0; k < f->nev; k++) {
		s = tui_data(f->ev[k].text != NULL ? f->ev[k].text : "");
		v = tui_data(f->ev[k].source != NULL ? f->ev[k].source : "");
		buf_printf(b, "  %s: %s\n", v, s);
		free(s);
		free(v);
	}
}

static void
view_checklist_text(struct buf *b, const char *label, const char *text)
{
	char	*s = tui_data(text);

	buf_printf(b, "\n%s %s\n", tui_text(label), s);
	free(s);
}

static void
view_checklist_popup(struct tui *t, struct view_checklist *vc, int k)
{
	const struct check_result	*r = &vc->run.results[k];
	const struct check_item		*it = r->item;
	struct buf			 b;
	char				*title;
	size_t				 i;

	buf_init(&b, 0);
	title = tui_data(tui_text(it->title));
	tui_style(t, &b, TUI_S_BOLD, title);
	free(title);
	buf_printf(&b, "\n%s  %s  ", it->id,
	    checklist_severity_name(it->severity));
	tui_style(t, &b, view_checklist_style(r->verdict),
	    check_verdict_name(r->verdict));
	buf_addc(&b, '\n');
	if (r->why != NULL)
		view_checklist_text(&b, N_("Why:"), r->why);
	if (r->waiver != NULL) {
		xasprintf(&title, "%s (%s, %s %s)%s", r->waiver->reason,
		    r->waiver->owner, tui_text(N_("until")),
		    r->waiver->expires, r->waiver_expired ?
		    tui_text(N_(" EXPIRED")) : "");
		view_checklist_text(&b, N_("Waiver:"), title);
		free(title);
	}
	if (it->manual)
		view_checklist_text(&b, N_("Answer:"), r->attest == NULL ?
		    tui_text(N_("not answered yet: press a")) :
		    r->attest->note);
	view_checklist_text(&b, N_("Rationale:"), tui_text(it->rationale));
	if (r->nfacts > 0)
		buf_printf(&b, "\n%s\n", tui_text(N_("Facts:")));
	for (i = 0; i < r->nfacts; i++)
		view_checklist_fact(t, &b, vc->fs, r->facts[i]);
	view_checklist_text(&b, N_("Fix:"), tui_text(it->fix_text));
	for (i = 0; i < CHECK_NFIX; i++)
		if (it->fix_cmd[i] != NULL) {
			title = tui_data(it->fix_cmd[i]);
			buf_printf(&b, "  %s: %s\n",
			    checklist_fix_name((enum check_fix)i), title);
			free(title);
		}
	for (i = 0; i < it->nrefs; i++)
		view_checklist_text(&b, N_("Reference:"), it->refs[i]);
	buf_printf(&b, "\n%s", tui_text(N_("Esc or Enter closes this "
	    "window.")));
	xasprintf(&title, "<C></B>%s<!B>", tui_text(N_("Checklist item")));
	tui_widgets_text(t, title, buf_str(&b));
	free(title);
	buf_clear(&b);
}

static const struct check_result *
view_checklist_current(struct view_checklist *vc)
{
	int	row;

	if (!vc->have || vc->list == NULL)
		return NULL;
	row = getCDKScrollCurrentItem(vc->list);
	if (row < 0 || row >= vc->nrows || vc->row_result[row] < 0)
		return NULL;
	return &vc->run.results[vc->row_result[row]];
}

static char *
view_checklist_today(time_t add)
{
	char		 d[16];
	time_t		 now = time(NULL) + add;
	struct tm	 tm;

	gmtime_r(&now, &tm);
	strftime(d, sizeof d, "%Y-%m-%d", &tm);
	return xstrdup(d);
}

static const char *
view_checklist_user(void)
{
	const char	*u;

	if ((u = getenv("SUDO_USER")) != NULL && *u != '\0')
		return u;
	if ((u = getenv("USER")) != NULL && *u != '\0')
		return u;
	return "root";
}

static void
view_checklist_answer(struct tui *t, struct view_checklist *vc,
    const struct check_result *r)
{
	struct attest	 at;
	struct buf	 b;
	char		*yes = NULL, *note = NULL, *wp, *ap, *cause = NULL;

	free(vc->status);
	vc->status = NULL;
	if (!r->item->manual) {
		vc->status = xstrdup(tui_text(N_("Only manual items are "
		    "answered; this one is checked from facts.")));
		return;
	}
	yes = tui_widgets_ask(t, &vc->rect, tui_text(N_("Is the control in "
	    "place? (yes or no)")), "yes");
	if (yes == NULL || (strcmp(yes, "yes") != 0 &&
	    strcmp(yes, "no") != 0))
		goto out;
	note = tui_widgets_ask(t, &vc->rect, tui_text(N_("How do you know? "
	    "(a note for the auditor)")), "");
	if (note == NULL)
		goto out;
	memset(&at, 0, sizeof at);
	at.id = r->item->id;
	at.yes = strcmp(yes, "yes") == 0;
	at.note = note;
	at.by = (char *)view_checklist_user();
	at.date = view_checklist_today(0);
	buf_init(&b, 0);
	view_checklist_paths(t, &wp, &ap);
	if (attest_file_text(&vc->a, &at, &b, &cause) == -1)
		xasprintf(&vc->status, "%s: %s", tui_text(N_("not written")),
		    cause);
	else
		tui_widgets_write(t, "checklist", tui_text(N_("record the "
		    "answer")), ap, buf_str(&b), &vc->status);
	free(cause);
	free(wp);
	free(ap);
	free(at.date);
	buf_clear(&b);
	vc->pending = 1;
out:
	free(yes);
	free(note);
}

static void
view_checklist_waive(struct tui *t, struct view_checklist *vc,
    const struct check_result *r)
{
	struct waiver	 w;
	struct buf	 b;
	char		*reason = NULL, *owner = NULL, *until = NULL, *def;
	char		*wp, *ap, *cause = NULL;

	free(vc->status);
	vc->status = NULL;
	memset(&w, 0, sizeof w);
	reason = tui_widgets_ask(t, &vc->rect, tui_text(N_("Why is this "
	    "finding accepted? (reason)")), "");
	if (reason == NULL)
		goto out;
	owner = tui_widgets_ask(t, &vc->rect, tui_text(N_("Who owns the "
	    "risk? (owner)")), view_checklist_user());
	if (owner == NULL)
		goto out;
	def = view_checklist_today(90 * 86400);
	until = tui_widgets_ask(t, &vc->rect, tui_text(N_("Until when? "
	    "(YYYY-MM-DD, UTC)")), def);
	free(def);
	if (until == NULL)
		goto out;
	w.id = r->item->id;
	w.reason = reason;
	w.owner = owner;
	w.expires = until;
	buf_init(&b, 0);
	view_checklist_paths(t, &wp, &ap);
	if (waiver_file_text(&vc->w, &w, time(NULL), &b, &cause) == -1)
		xasprintf(&vc->status, "%s: %s", tui_text(N_("not written")),
		    cause);
	else
		tui_widgets_write(t, "checklist", tui_text(N_("record the "
		    "waiver")), wp, buf_str(&b), &vc->status);
	free(cause);
	free(wp);
	free(ap);
	buf_clear(&b);
	vc->pending = 1;
out:
	free(reason);
	free(owner);
	free(until);
}

static enum tui_result
view_checklist_key(struct tui *t, void *arg, int key)
{
	struct view_checklist		*vc = arg;
	const struct check_result	*r;

	if (vc->list == NULL)
		return TUI_IGNORED;
	if (tui_widgets_nav_key(key) && key != KEY_LEFT && key != KEY_RIGHT) {
		injectCDKScroll(vc->list, key);
		vc->row = getCDKScrollCurrentItem(vc->list);
		return TUI_HANDLED;
	}
	r = view_checklist_current(vc);
	switch (key) {
	case KEY_ENTER:
	case '\n':
	case '\r':
		if (r != NULL)
			view_checklist_popup(t, vc,
			    (int)(r - vc->run.results));
		refreshCDKScreen(t->screen);
		return TUI_HANDLED;
	case 'f':
	case 'F':
		vc->filter = (vc->filter + 1) % nitems(view_checklist_filters);
		vc->row = 0;
		return TUI_REDRAW;
	case 'a':
	case 'A':
		if (r != NULL)
			view_checklist_answer(t, vc, r);
		return TUI_REDRAW;
	case 'w':
	case 'W':
		if (r != NULL)
			view_checklist_waive(t, vc, r);
		return TUI_REDRAW;
	case 'r':
	case 'R':
		vc->pending = 1;
		return TUI_REDRAW;
	}
	return TUI_IGNORED;
}

static enum tui_mark
view_checklist_mark(void *arg)
{
	struct view_checklist	*vc = arg;
	const size_t		*c = vc->run.total.count;

	if (vc->error != NULL)
		return TUI_MARK_ERROR;
	if (!vc->have)
		return TUI_MARK_TODO;
	if (c[CHECK_FAIL] > 0)
		return TUI_MARK_ERROR;
	if (c[CHECK_UNKNOWN] > 0 || c[CHECK_MANUAL] > 0 || c[CHECK_WARN] > 0)
		return TUI_MARK_PARTIAL;
	return TUI_MARK_DONE;
}

/* The run for the Report step (NULL until evaluated). */
const struct check_run *
view_checklist_run(struct tui *t, const struct facts **fs, time_t *when)
{
	struct view_checklist	*vc = tui_state_of(t, &view_checklist);

	if (vc == NULL)
		return NULL;
	if (!vc->have)
		view_checklist_evaluate(t, vc);
	if (!vc->have)
		return NULL;
	*fs = vc->fs;
	*when = vc->when;
	return &vc->run;
}

const struct tui_view view_checklist = {
	.name = "checklist",
	.title = N_("Checklist"),
	.hints = view_checklist_hints,
	.init = view_checklist_init,
	.build = view_checklist_build,
	.unbuild = view_checklist_unbuild,
	.focus = view_checklist_focus,
	.key = view_checklist_key,
	.work = view_checklist_work,
	.mark = view_checklist_mark,
	.free = view_checklist_free
};
