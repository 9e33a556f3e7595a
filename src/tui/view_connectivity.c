/*
 * view_connectivity.c - step 4, Connectivity: starts every probe at
 * once (connectivity.c) and shows one row per probe that fills in live
 * with PASS / FAIL / WARN / UNKNOWN; the probe loop runs in short slices
 * from work() between key presses.  Enter opens the evidence behind a
 * row (the SMTP transcript, DNS answers), r runs everything again.
 * Test hooks: MAILHARDEN_PROBE_HOST and MAILHARDEN_PORT_MAP (as
 * --host and --port-map of "mailharden test").
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli/cli.h"
#include "connectivity.h"
#include "detect.h"
#include "fact.h"
#include "settings.h"
#include "tui/tui_int.h"

#define VIEW_CONN_TITLE_W	24
#define VIEW_CONNECTIVITY_SLICE_MS	120

struct view_conn {
	struct connectivity	*c;
	char			*error;
	int			 pending;	/* start requested */
	int			 running;	/* "Starting..." on screen */
	int			 row;
	int			 nrows;
	int			 focused;
	int			 top;		/* first row on screen */
	struct tui_rect		 rect;
	CDKSCROLL		*list;
};

static const char *const view_connectivity_hints[] = {
	N_("Enter Evidence"),
	N_("r Run again"),
	NULL
};

static void *
view_connectivity_init(struct tui *t)
{
	struct view_conn	*vc;

	(void)t;
	vc = xcalloc(1, sizeof *vc);
	vc->pending = 1;
	return vc;
}

static void
view_connectivity_free(void *arg)
{
	struct view_conn	*vc = arg;

	if (vc == NULL)
		return;
	connectivity_free(vc->c);
	free(vc->error);
	free(vc);
}

static enum tui_style
view_connectivity_style(enum conn_verdict v)
{
	switch (v) {
	case CONN_PASS:
		return TUI_S_OK;
	case CONN_FAIL:
		return TUI_S_ERROR;
	case CONN_WARN:
	case CONN_UNKNOWN:
		return TUI_S_UNKNOWN;
	case CONN_PENDING:
		break;
	}
	return TUI_S_PLAIN;
}

/* Cut s (escaped for CDK) to at most w bytes on a character boundary. */
static void
view_connectivity_cut(char *s, int w)
{
	int	n;

	if (w < 4 || (int)strlen(s) <= w)
		return;
	n = w - 3;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	memcpy(s + n, "...", 4);
}

static void
view_connectivity_items(struct tui *t, struct view_conn *vc)
{
	const struct conn_row	*rows;
	struct buf		 b;
	char			**items, *title, *sum, v[16];
	size_t			 n = 0, i;
	int			 room;

	if (vc->c != NULL)
		rows = connectivity_rows(vc->c, &n);
	else
		rows = NULL;
	items = xcalloc(n + 1, sizeof *items);
	buf_init(&b, 0);
	if (n == 0) {
		items[0] = xstrdup(vc->error != NULL ? vc->error :
		    tui_text(N_("  Starting the probes...")));
		n = 1;
	} else {
		room = vc->rect.w - 4 - 8 - VIEW_CONN_TITLE_W;
		for (i = 0; i < n; i++) {
			buf_reset(&b);
			snprintf(v, sizeof v, "%-7s",
			    connectivity_verdict_name(rows[i].verdict));
			tui_style(t, &b, view_connectivity_style(
			    rows[i].verdict), v);
			title = tui_data(rows[i].title);
			view_connectivity_cut(title,
			    VIEW_CONN_TITLE_W - 1);
			buf_printf(&b, " %-*s", VIEW_CONN_TITLE_W, title);
			free(title);
			sum = tui_data(rows[i].summary);
			view_connectivity_cut(sum, room);
			buf_adds(&b, sum);
			free(sum);
			items[i] = xstrdup(buf_str(&b));
		}
	}
	buf_clear(&b);
	vc->nrows = (int)n;
	if (vc->list != NULL) {
		setCDKScrollItems(vc->list, (CDK_CSTRING2)items, (int)n,
		    FALSE);
		if (vc->row >= vc->nrows)
			vc->row = vc->nrows - 1;
		if (vc->row < 0)
			vc->row = 0;
		setCDKScrollCurrentItem(vc->list, vc->row);
		/* keep the rows that were on screen where they were */
		if (vc->top <= vc->list->maxTopItem && vc->row >= vc->top &&
		    vc->row < vc->top + vc->list->viewSize) {
			vc->list->currentTop = vc->top;
			vc->list->currentHigh = vc->row - vc->top;
		}
	}
	for (i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

static char *
view_connectivity_title(struct view_conn *vc)
{
	const struct conn_row	*rows;
	size_t			 n = 0, i, cnt[5] = { 0 };
	char			*s;

	if (vc->c == NULL) {
		xasprintf(&s, "<C></B>%s<!B>\n<C>%s",
		    tui_text(N_("4 Connectivity: every probe at once")),
		    tui_text(N_("Probing, read-only (rows fill in)...")));
		return s;
	}
	rows = connectivity_rows(vc->c, &n);
	for (i = 0; i < n; i++)
		cnt[rows[i].verdict]++;
	xasprintf(&s, "<C></B>%s<!B>\n<C>%zu %s, %zu %s, %zu %s, %zu %s%s",
	    tui_text(N_("4 Connectivity: every probe at once")),
	    cnt[CONN_PASS], tui_text(N_("pass")),
	    cnt[CONN_FAIL], tui_text(N_("fail")),
	    cnt[CONN_WARN], tui_text(N_("warn")),
	    cnt[CONN_UNKNOWN], tui_text(N_("unknown")),
	    connectivity_done(vc->c) ? "" : tui_text(N_(", probing...")));
	return s;
}

static void
view_connectivity_build(struct tui *t, void *arg, const struct tui_rect *r)
{
	struct view_conn	*vc = arg;
	char			*title;

	vc->rect = *r;
	title = view_connectivity_title(vc);
	vc->list = newCDKScroll(t->screen, r->x, r->y, RIGHT, r->h, r->w - 1,
	    title, NULL, 0, FALSE, A_REVERSE, TRUE, FALSE);
	free(title);
	if (vc->list != NULL)
		view_connectivity_items(t, vc);
}

static void
view_connectivity_unbuild(struct tui *t, void *arg)
{
	struct view_conn	*vc = arg;

	(void)t;
	if (vc->list != NULL) {
		vc->top = vc->list->currentTop;
		destroyCDKScroll(vc->list);
		vc->list = NULL;
	}
}

static void
view_connectivity_focus(struct tui *t, void *arg, int on)
{
	struct view_conn	*vc = arg;

	(void)t;
	vc->focused = on;
	if (vc->list != NULL)
		setCDKScrollHighlight(vc->list, on ? A_REVERSE : A_BOLD);
}

/* The settings, the test hooks, and connectivity_start. */
static void
view_connectivity_start(struct tui *t, struct view_conn *vc)
{
	struct settings		 s;
	struct conn_opts	 co;
	struct facts		*fs;
	const char		*env;
	char			*cause = NULL;

	settings_init(&s);
	fs = facts_create();
	settings_detect(t->opts->root, fs);
	if (settings_resolve(&s, t->opts->config, fs, NULL, &cause) == -1) {
		free(cause);
		cause = NULL;
		settings_clear(&s);
		settings_init(&s);
		settings_prefill(&s, fs);
		settings_defaults(&s);
	}
	memset(&co, 0, sizeof co);
	co.root = t->opts->root;
	co.domain = settings_domain(&s);
	co.hostname = s.v[SETTINGS_HOSTNAME];
	co.ipv4 = s.v[SETTINGS_IPV4];
	co.ipv6 = s.v[SETTINGS_IPV6];
	co.selector = s.v[SETTINGS_SELECTOR];
	co.dns_server = t->opts->dns_server;
	co.host = getenv("MAILHARDEN_PROBE_HOST");
	if ((env = getenv("MAILHARDEN_PORT_MAP")) != NULL &&
	    connectivity_portmap(env, &co, &cause) == -1) {
		free(cause);
		cause = NULL;
		co.nportmap = 0;
	}
	free(vc->error);
	vc->error = NULL;
	if ((vc->c = connectivity_start(&co, &cause)) == NULL) {
		xasprintf(&vc->error, "  %s: %s", tui_text(N_("Cannot start")),
		    cause);
		free(cause);
	}
	facts_free(fs);
	settings_clear(&s);
}

static int
view_connectivity_work(struct tui *t, void *arg)
{
	struct view_conn	*vc = arg;

	if (vc->pending) {
		if (!vc->running) {
			vc->running = 1;
			return 1;
		}
		vc->pending = 0;
		vc->running = 0;
		connectivity_free(vc->c);
		vc->c = NULL;
		view_connectivity_start(t, vc);
		return 1;
	}
	if (vc->c == NULL || connectivity_done(vc->c))
		return 0;
	connectivity_step(vc->c, VIEW_CONNECTIVITY_SLICE_MS);
	if (connectivity_done(vc->c))
		return 1;	/* rebuild once: final title and rows */
	if (vc->list != NULL) {
		/*
		 * A new list rather than setCDKScrollItems on the old one:
		 * CDK leaks the replaced items.  Not over an open popup.
		 */
		if (t->popup.kind != TUI_POPUP_NONE)
			return 0;
		view_connectivity_unbuild(t, vc);
		view_connectivity_build(t, vc, &vc->rect);
		view_connectivity_focus(t, vc, vc->focused);
		refreshCDKScreen(t->screen);
	}
	return 0;
}

static void
view_connectivity_evidence(struct tui *t, struct view_conn *vc, int i)
{
	const struct conn_row	*rows;
	const struct facts	*fs;
	const struct fact	*f;
	struct buf		 b;
	char			*s, *title, *raw, *save;
	size_t			 n, j, k;

	rows = connectivity_rows(vc->c, &n);
	if (i < 0 || (size_t)i >= n)
		return;
	fs = connectivity_facts(vc->c);
	buf_init(&b, 0);
	s = tui_data(rows[i].title);
	tui_style(t, &b, TUI_S_BOLD, s);
	free(s);
	buf_printf(&b, "\n%-10s", tui_text(N_("Verdict:")));
	tui_style(t, &b, view_connectivity_style(rows[i].verdict),
	    connectivity_verdict_name(rows[i].verdict));
	s = tui_data(rows[i].summary);
	buf_printf(&b, "\n%-10s%s\n", tui_text(N_("Summary:")), s);
	free(s);
	for (j = 0; j < rows[i].nfacts; j++) {
		if ((f = facts_get(fs, rows[i].facts[j])) == NULL)
			continue;
		buf_addc(&b, '\n');
		s = tui_data(f->name);
		raw = fact_value_text(f);
		title = tui_data(raw);
		tui_style(t, &b, TUI_S_BOLD, s);
		buf_printf(&b, " = %s\n", title);
		free(s);
		free(raw);
		free(title);
		if (f->reason != NULL) {
			s = tui_data(f->reason);
			buf_printf(&b, "  %s %s\n", tui_text(N_("Reason:")), s);
			free(s);
		}
		for (k = 0; k < f->nev; k++) {
			s = tui_data(f->ev[k].source != NULL ?
			    f->ev[k].source : "");
			buf_printf(&b, "  %s:\n", s);
			free(s);
			s = tui_data(f->ev[k].text != NULL ? f->ev[k].text :
			    "");
			save = NULL;
			for (raw = strtok_r(s, "\n", &save); raw != NULL;
			    raw = strtok_r(NULL, "\n", &save))
				buf_printf(&b, "     %s\n", raw);
			free(s);
		}
	}
	buf_addc(&b, '\n');
	buf_adds(&b, tui_text(N_("Esc or Enter closes this window.")));
	xasprintf(&title, "<C></B>%s<!B>", tui_text(N_("Evidence")));
	tui_widgets_text(t, title, buf_str(&b));
	free(title);
	buf_clear(&b);
}

static enum tui_result
view_connectivity_key(struct tui *t, void *arg, int key)
{
	struct view_conn	*vc = arg;

	if (vc->list == NULL)
		return TUI_IGNORED;
	if (tui_widgets_nav_key(key) && key != KEY_LEFT && key != KEY_RIGHT) {
		injectCDKScroll(vc->list, key);
		vc->row = getCDKScrollCurrentItem(vc->list);
		return TUI_HANDLED;
	}
	switch (key) {
	case KEY_ENTER:
	case '\n':
	case '\r':
		if (vc->c == NULL)
			return TUI_HANDLED;
		view_connectivity_evidence(t, vc,
		    getCDKScrollCurrentItem(vc->list));
		refreshCDKScreen(t->screen);
		return TUI_HANDLED;
	case 'r':
	case 'R':
		if (!vc->pending && (vc->c == NULL ||
		    connectivity_done(vc->c))) {
			vc->pending = 1;
			vc->running = 0;
		}
		return TUI_HANDLED;
	}
	return TUI_IGNORED;
}

static enum tui_mark
view_connectivity_mark(void *arg)
{
	struct view_conn	*vc = arg;
	const struct conn_row	*rows;
	size_t			 n, i;
	enum tui_mark		 m = TUI_MARK_DONE;

	if (vc->error != NULL)
		return TUI_MARK_ERROR;
	if (vc->c == NULL || !connectivity_done(vc->c))
		return TUI_MARK_TODO;
	rows = connectivity_rows(vc->c, &n);
	for (i = 0; i < n; i++) {
		if (rows[i].verdict == CONN_FAIL)
			return TUI_MARK_ERROR;
		if (rows[i].verdict != CONN_PASS)
			m = TUI_MARK_PARTIAL;
	}
	return m;
}

static const struct facts *
view_connectivity_facts(void *arg)
{
	struct view_conn	*vc = arg;

	return vc->c != NULL ? connectivity_facts(vc->c) : NULL;
}

const struct tui_view view_connectivity = {
	.name = "connectivity",
	.title = N_("Connectivity"),
	.hints = view_connectivity_hints,
	.init = view_connectivity_init,
	.build = view_connectivity_build,
	.unbuild = view_connectivity_unbuild,
	.focus = view_connectivity_focus,
	.key = view_connectivity_key,
	.work = view_connectivity_work,
	.mark = view_connectivity_mark,
	.free = view_connectivity_free,
	.facts = view_connectivity_facts,
};
