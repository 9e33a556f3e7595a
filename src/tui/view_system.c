/*
 * view_system.c - step 1, System: runs detection and lists the facts by
 * group (label, value, a mark for UNKNOWN and ERROR); Enter opens a
 * fact's evidence, r runs detection again.  It only looks: nothing on
 * the machine is changed.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli/cli.h"
#include "detect.h"
#include "fact.h"
#include "factdef.h"
#include "tui/tui_int.h"

#define VIEW_SYSTEM_LABEL_W	24

struct view_system {
	struct facts	*facts;
	int		 pending;	/* detection requested */
	int		 running;	/* "Detecting..." is on screen */
	int		*row_fact;	/* per list row: fact index or -1 */
	int		 nrows;
	int		 row;		/* current row, kept over rebuilds */
	int		 nknown;
	int		 nunknown;
	int		 nerror;
	int		 focused;
	struct tui_rect	 rect;
	CDKSCROLL	*list;
};

static const char *const view_system_hints[] = {
	N_("Enter Evidence"),
	N_("r Re-detect"),
	NULL
};

static void *
view_system_init(struct tui *t)
{
	struct view_system	*vs;

	(void)t;
	vs = xcalloc(1, sizeof *vs);
	vs->pending = 1;
	vs->row = 1;
	return vs;
}

static void
view_system_free(void *arg)
{
	struct view_system	*vs = arg;

	if (vs == NULL)
		return;
	if (vs->facts != NULL)
		facts_free(vs->facts);
	free(vs->row_fact);
	free(vs);
}

/* The label of a fact; "Port %s listening" gets its port put in. */
static char *
view_system_label(const struct fact *f)
{
	const struct factdef	*d;

	d = factdef_find(f->name);
	if (d == NULL)
		return tui_data(f->name);
	return factdef_expand(f->name, tui_text(d->label));
}

/* The value as one line, raw (not yet through tui_data). */
static char *
view_system_value(const struct fact *f)
{
	if (f->state == FACT_KNOWN && f->type == FACT_BOOL)
		return xstrdup(f->b ? tui_text(N_("yes")) : tui_text(N_("no")));
	if (f->state == FACT_KNOWN && f->type == FACT_LIST && f->nlist == 0)
		return xstrdup(tui_text(N_("(none)")));
	if (f->state == FACT_KNOWN)
		return fact_value_text(f);
	return xstrdup(f->state == FACT_ERROR ? tui_text(N_("ERROR")) :
	    tui_text(N_("UNKNOWN")));
}

/* Cut s to at most w bytes, ending in "..." when cut. */
static void
view_system_cut(char *s, int w)
{
	if (w < 4 || (int)strlen(s) <= w)
		return;
	memcpy(s + w - 3, "...", 4);
}

static void
view_system_row(struct tui *t, struct buf *b, const struct fact *f,
    int width)
{
	char	*label, *value, *raw, *why;
	int	 room;

	label = view_system_label(f);
	view_system_cut(label, VIEW_SYSTEM_LABEL_W - 1);
	raw = view_system_value(f);
	value = tui_data(raw);
	free(raw);
	room = width - 2 - VIEW_SYSTEM_LABEL_W;
	if (f->state != FACT_KNOWN && f->reason != NULL) {
		why = tui_data(f->reason);
		xasprintf(&raw, "%s: %s", value, why);
		free(why);
		free(value);
		value = raw;
	}
	view_system_cut(value, room);
	switch (f->state) {
	case FACT_KNOWN:
		buf_printf(b, "  %-*s%s", VIEW_SYSTEM_LABEL_W, label, value);
		break;
	case FACT_UNKNOWN:
		tui_style(t, b, TUI_S_UNKNOWN, "?");
		buf_printf(b, " %-*s", VIEW_SYSTEM_LABEL_W, label);
		tui_style(t, b, TUI_S_UNKNOWN, value);
		break;
	case FACT_ERROR:
		tui_style(t, b, TUI_S_ERROR, "!");
		buf_printf(b, " %-*s", VIEW_SYSTEM_LABEL_W, label);
		tui_style(t, b, TUI_S_ERROR, value);
		break;
	}
	free(label);
	free(value);
}

/* Build the list rows from the facts, grouped in factdef order. */
static void
view_system_items(struct tui *t, struct view_system *vs)
{
	const char *const	*groups;
	const struct facts	*fs = vs->facts;
	const char		*g;
	char			**items;
	struct buf		 b;
	size_t			 i, n, cap, ng, pass;
	int			 width, used;

	free(vs->row_fact);
	vs->row_fact = NULL;
	vs->nrows = 0;
	width = vs->rect.w - 4;
	if (fs == NULL || vs->pending) {
		items = xcalloc(1, sizeof *items);
		items[0] = xstrdup(tui_text(N_("  Detecting...")));
		vs->row_fact = xcalloc(1, sizeof *vs->row_fact);
		vs->row_fact[0] = -1;
		vs->nrows = 1;
		goto set;
	}
	cap = fs->n + 16;
	items = xcalloc(cap, sizeof *items);
	vs->row_fact = xcalloc(cap, sizeof *vs->row_fact);
	groups = factdef_groups();
	for (ng = 0; groups[ng] != NULL; ng++)
		continue;
	buf_init(&b, 0);
	/* one pass per group, then one for facts in no group */
	for (pass = 0; pass <= ng; pass++) {
		g = groups[pass];
		used = 0;
		for (i = 0; i < fs->n; i++) {
			const char *fg = factdef_group(fs->v[i].name);

			if (g != NULL ? fg == NULL || strcmp(fg, g) != 0 :
			    fg != NULL)
				continue;
			if (!used && (size_t)vs->nrows + 2 < cap) {
				buf_reset(&b);
				tui_style(t, &b, TUI_S_BOLD, g != NULL ?
				    tui_text(g) : tui_text(N_("Other")));
				vs->row_fact[vs->nrows] = -1;
				items[vs->nrows++] = xstrdup(buf_str(&b));
				used = 1;
			}
			if ((size_t)vs->nrows >= cap)
				break;
			buf_reset(&b);
			view_system_row(t, &b, &fs->v[i], width);
			vs->row_fact[vs->nrows] = (int)i;
			items[vs->nrows++] = xstrdup(buf_str(&b));
		}
	}
	buf_clear(&b);
set:
	if (vs->list != NULL) {
		setCDKScrollItems(vs->list, (CDK_CSTRING2)items, vs->nrows,
		    FALSE);
		if (vs->row >= vs->nrows)
			vs->row = vs->nrows - 1;
		if (vs->row < 0)
			vs->row = 0;
		setCDKScrollCurrentItem(vs->list, vs->row);
	}
	for (n = 0; n < (size_t)vs->nrows; n++)
		free(items[n]);
	free(items);
}

static void
view_system_count(struct view_system *vs)
{
	size_t	i;

	vs->nknown = vs->nunknown = vs->nerror = 0;
	for (i = 0; i < vs->facts->n; i++) {
		switch (vs->facts->v[i].state) {
		case FACT_KNOWN:
			vs->nknown++;
			break;
		case FACT_UNKNOWN:
			vs->nunknown++;
			break;
		case FACT_ERROR:
			vs->nerror++;
			break;
		}
	}
}

static char *
view_system_title(struct view_system *vs)
{
	char	*s;

	if (vs->facts == NULL || vs->pending)
		xasprintf(&s, "<C></B>%s<!B>\n<C>%s",
		    tui_text(N_("1 System: what this machine is")),
		    tui_text(N_("Looking at this machine (read-only)...")));
	else
		xasprintf(&s, "<C></B>%s<!B>\n<C>%d %s, %d %s, %d %s",
		    tui_text(N_("1 System: what this machine is")),
		    vs->nknown, tui_text(N_("known")),
		    vs->nunknown, tui_text(N_("unknown")),
		    vs->nerror, tui_text(N_("errors")));
	return s;
}

static void
view_system_build(struct tui *t, void *arg, const struct tui_rect *r)
{
	struct view_system	*vs = arg;
	char			*title;

	vs->rect = *r;
	title = view_system_title(vs);
	/* CDK adds a column for the scroll bar */
	vs->list = newCDKScroll(t->screen, r->x, r->y, RIGHT, r->h, r->w - 1,
	    title, NULL, 0, FALSE, A_REVERSE, TRUE, FALSE);
	free(title);
	if (vs->list != NULL)
		view_system_items(t, vs);
}

static void
view_system_unbuild(struct tui *t, void *arg)
{
	struct view_system	*vs = arg;

	(void)t;
	if (vs->list != NULL) {
		destroyCDKScroll(vs->list);
		vs->list = NULL;
	}
}

static void
view_system_focus(struct tui *t, void *arg, int on)
{
	struct view_system	*vs = arg;

	(void)t;
	vs->focused = on;
	if (vs->list != NULL)
		setCDKScrollHighlight(vs->list, on ? A_REVERSE : A_BOLD);
}

static int
view_system_work(struct tui *t, void *arg)
{
	struct view_system	*vs = arg;
	struct detect_ctx	 ctx;

	if (!vs->pending)
		return 0;
	if (!vs->running) {
		/* show "Detecting..." first, detect on the next turn */
		vs->running = 1;
		return 1;
	}
	if (vs->facts != NULL)
		facts_free(vs->facts);
	vs->facts = facts_create();
	detect_ctx_init(&ctx, t->opts->root);
	detect_all(&ctx, vs->facts);
	view_system_count(vs);
	vs->pending = 0;
	vs->running = 0;
	return 1;
}

static void
view_system_evidence(struct tui *t, const struct fact *f)
{
	struct buf	 b;
	char		*s, *title, *raw;
	size_t		 i;

	buf_init(&b, 0);
	s = view_system_label(f);
	tui_style(t, &b, TUI_S_BOLD, s);
	free(s);
	s = tui_data(f->name);
	buf_printf(&b, "  (%s)\n", s);
	free(s);
	buf_printf(&b, "%-10s", tui_text(N_("State:")));
	switch (f->state) {
	case FACT_KNOWN:
		tui_style(t, &b, TUI_S_OK, tui_text(N_("known")));
		break;
	case FACT_UNKNOWN:
		tui_style(t, &b, TUI_S_UNKNOWN, tui_text(N_("UNKNOWN")));
		break;
	case FACT_ERROR:
		tui_style(t, &b, TUI_S_ERROR, tui_text(N_("ERROR")));
		break;
	}
	buf_addc(&b, '\n');
	if (f->state == FACT_KNOWN && f->type == FACT_LIST && f->nlist > 0) {
		buf_printf(&b, "%s\n", tui_text(N_("Value:")));
		for (i = 0; i < f->nlist; i++) {
			s = tui_data(f->list[i]);
			buf_printf(&b, "          %s\n", s);
			free(s);
		}
	} else if (f->state == FACT_KNOWN) {
		raw = view_system_value(f);
		s = tui_data(raw);
		buf_printf(&b, "%-10s%s\n", tui_text(N_("Value:")), s);
		free(s);
		free(raw);
	}
	if (f->reason != NULL) {
		s = tui_data(f->reason);
		buf_printf(&b, "%-10s%s\n", tui_text(N_("Reason:")), s);
		free(s);
	}
	buf_addc(&b, '\n');
	tui_style(t, &b, TUI_S_BOLD, tui_text(N_("Evidence")));
	buf_printf(&b, " (%zu)\n", f->nev);
	if (f->nev == 0)
		buf_printf(&b, "  %s\n", tui_text(N_("(none recorded)")));
	for (i = 0; i < f->nev; i++) {
		s = tui_data(f->ev[i].source != NULL ? f->ev[i].source : "");
		buf_printf(&b, "%zu. %s\n", i + 1, s);
		free(s);
		s = tui_data(f->ev[i].text != NULL ? f->ev[i].text : "");
		/* indent every line of the evidence text */
		for (raw = strtok(s, "\n"); raw != NULL;
		    raw = strtok(NULL, "\n"))
			buf_printf(&b, "     %s\n", raw);
		free(s);
	}
	buf_addc(&b, '\n');
	buf_adds(&b, tui_text(N_("Esc or Enter closes this window.")));
	xasprintf(&title, "<C></B>%s<!B>", tui_text(N_("Evidence")));
	tui_widgets_text(t, title, buf_str(&b));
	free(title);
	buf_clear(&b);
}

static enum tui_result
view_system_key(struct tui *t, void *arg, int key)
{
	struct view_system	*vs = arg;
	int			 i;

	if (vs->list == NULL)
		return TUI_IGNORED;
	if (tui_widgets_nav_key(key) && key != KEY_LEFT && key != KEY_RIGHT) {
		injectCDKScroll(vs->list, key);
		vs->row = getCDKScrollCurrentItem(vs->list);
		return TUI_HANDLED;
	}
	switch (key) {
	case KEY_ENTER:
	case '\n':
	case '\r':
		i = getCDKScrollCurrentItem(vs->list);
		if (vs->facts == NULL || vs->pending || i < 0 ||
		    i >= vs->nrows || vs->row_fact[i] < 0)
			return TUI_HANDLED;
		view_system_evidence(t, &vs->facts->v[vs->row_fact[i]]);
		refreshCDKScreen(t->screen);
		return TUI_HANDLED;
	case 'r':
	case 'R':
		if (!vs->pending) {
			vs->pending = 1;
			vs->running = 0;
		}
		return TUI_HANDLED;
	}
	return TUI_IGNORED;
}

static enum tui_mark
view_system_mark(void *arg)
{
	struct view_system	*vs = arg;

	if (vs->facts == NULL)
		return TUI_MARK_TODO;
	if (vs->nerror > 0)
		return TUI_MARK_ERROR;
	if (vs->nunknown > 0)
		return TUI_MARK_PARTIAL;
	return TUI_MARK_DONE;
}

static const struct facts *
view_system_facts(void *arg)
{
	struct view_system	*vs = arg;

	return vs->facts;
}

const struct tui_view view_system = {
	.name = "system",
	.title = N_("System"),
	.hints = view_system_hints,
	.init = view_system_init,
	.build = view_system_build,
	.unbuild = view_system_unbuild,
	.focus = view_system_focus,
	.key = view_system_key,
	.work = view_system_work,
	.mark = view_system_mark,
	.free = view_system_free,
	.facts = view_system_facts,
};
