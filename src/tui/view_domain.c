/*
 * view_domain.c - step 2, Domain: the operator's answers (mail domains,
 * host name, public addresses, DKIM selector, DMARC policy and report
 * address) as a form pre-filled from the settings file and detection.
 * Enter edits a field in an entry box that checks the text as it is
 * typed and shows the reason on one line; s saves through the same
 * core functions as "mailharden domain set" (a plan: audited,
 * undoable; a dry run when not root).
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli/cli.h"
#include "fact.h"
#include "plan.h"
#include "settings.h"
#include "tui/tui_int.h"

#define VIEW_DOMAIN_LABEL_W	20
#define VIEW_DOMAIN_ACTION_SAVE	0x200
#define VIEW_DOMAIN_ROWS	(2 * SETTINGS_NFIELDS + 2)

struct view_domain {
	char		*text[SETTINGS_NFIELDS];	/* as in the form */
	char		*reason[SETTINGS_NFIELDS];	/* NULL: valid */
	enum settings_src src[SETTINGS_NFIELDS];
	char		*where[SETTINGS_NFIELDS];
	int		 allow_private;
	int		 pending;	/* load + detect on the next turn */
	int		 saved;
	char		*status;	/* last message, one line */
	char		*path;
	struct plan	*plan;		/* waiting for the confirmation */
	int		 row;
	struct tui_rect	 rect;
	CDKSCROLL	*list;
	/* the edit box while it is open */
	CDKLABEL	*why;
	int		 editing;
	int		 why_w;
};

static const char *const view_domain_hints[] = {
	N_("Enter Edit"),
	N_("s Save"),
	NULL
};

static void *
view_domain_init(struct tui *t)
{
	struct view_domain	*vd;

	vd = xcalloc(1, sizeof *vd);
	vd->pending = 1;
	vd->path = xstrdup(t->opts->config != NULL ? t->opts->config :
	    SETTINGS_DEFAULT_PATH);
	return vd;
}

static void
view_domain_free(void *arg)
{
	struct view_domain	*vd = arg;
	size_t			 f;

	if (vd == NULL)
		return;
	for (f = 0; f < SETTINGS_NFIELDS; f++) {
		free(vd->text[f]);
		free(vd->reason[f]);
		free(vd->where[f]);
	}
	plan_free(vd->plan);
	free(vd->status);
	free(vd->path);
	free(vd);
}

static void
view_domain_status(struct view_domain *vd, const char *msg)
{
	free(vd->status);
	vd->status = msg != NULL ? xstrdup(msg) : NULL;
}

/* Check one field's text; keeps the reason (NULL when valid). */
static void
view_domain_check(struct view_domain *vd, enum settings_field f)
{
	char	*why = NULL;

	free(vd->reason[f]);
	vd->reason[f] = NULL;
	if (vd->text[f] == NULL || *vd->text[f] == '\0') {
		if (f == SETTINGS_DOMAINS)
			vd->reason[f] = xstrdup(tui_text(N_("needed: the "
			    "mail domain, e.g. example.com")));
		return;
	}
	if (settings_check(f, vd->text[f], vd->allow_private, NULL,
	    &why) == -1)
		vd->reason[f] = why;
}

/* Load the file, detect, fill the form. */
static void
view_domain_load(struct tui *t, struct view_domain *vd)
{
	struct settings	 s;
	struct facts	*fs;
	char		*cause = NULL;
	size_t		 f;

	settings_init(&s);
	fs = facts_create();
	settings_detect(t->opts->root, fs);
	if (settings_resolve(&s, vd->path, fs, NULL, &cause) == -1) {
		view_domain_status(vd, cause);
		free(cause);
		settings_clear(&s);
		settings_init(&s);
		settings_prefill(&s, fs);
		settings_defaults(&s);
	} else if (!s.file_found)
		view_domain_status(vd, tui_text(N_("No settings file yet: "
		    "values are detected or defaults.")));
	vd->allow_private = s.allow_private;
	for (f = 0; f < SETTINGS_NFIELDS; f++) {
		free(vd->text[f]);
		vd->text[f] = settings_value(&s, f);
		vd->src[f] = s.src[f];
		free(vd->where[f]);
		vd->where[f] = s.where[f] != NULL ? xstrdup(s.where[f]) :
		    NULL;
		view_domain_check(vd, f);
	}
	facts_free(fs);
	settings_clear(&s);
}

static void
view_domain_cut(char *s, int w)
{
	if (w < 4 || (int)strlen(s) <= w)
		return;
	memcpy(s + w - 3, "...", 4);
}

static void
view_domain_items(struct tui *t, struct view_domain *vd)
{
	char		*items[VIEW_DOMAIN_ROWS], *v, *label;
	struct buf	 b;
	size_t		 f;
	int		 n = 0, width, i;

	width = vd->rect.w - 4;
	buf_init(&b, 0);
	for (f = 0; f < SETTINGS_NFIELDS; f++) {
		buf_reset(&b);
		label = xstrdup(tui_text(settings_field_label(f)));
		view_domain_cut(label, VIEW_DOMAIN_LABEL_W - 1);
		v = tui_data(vd->pending ? "..." : vd->text[f]);
		view_domain_cut(v, width - VIEW_DOMAIN_LABEL_W - 2);
		if (vd->reason[f] != NULL)
			tui_style(t, &b, TUI_S_ERROR, "!");
		else
			buf_addc(&b, ' ');
		buf_printf(&b, " %-*s%s", VIEW_DOMAIN_LABEL_W, label,
		    *v != '\0' ? v : tui_text(N_("(not set)")));
		free(label);
		free(v);
		items[n++] = xstrdup(buf_str(&b));
		buf_reset(&b);
		if (vd->reason[f] != NULL) {
			v = tui_data(vd->reason[f]);
			view_domain_cut(v, width - 4);
			buf_adds(&b, "    ");
			tui_style(t, &b, TUI_S_ERROR, v);
			free(v);
		} else {
			xasprintf(&v, "(%s%s%s)",
			    tui_text(settings_src_name(vd->src[f])),
			    vd->where[f] != NULL ? ": " : "",
			    vd->where[f] != NULL ? vd->where[f] : "");
			label = tui_data(v);
			free(v);
			view_domain_cut(label, width - 4);
			buf_printf(&b, "    %s", label);
			free(label);
		}
		items[n++] = xstrdup(buf_str(&b));
	}
	items[n++] = xstrdup("");
	buf_reset(&b);
	xasprintf(&v, "[ %s ]%s", tui_text(N_("Save")),
	    t->opts->dry_run ? tui_text(N_("  (DRY RUN: nothing is "
	    "written)")) : "");
	tui_style(t, &b, TUI_S_BOLD, v);
	free(v);
	items[n++] = xstrdup(buf_str(&b));
	buf_clear(&b);
	setCDKScrollItems(vd->list, (CDK_CSTRING2)items, n, FALSE);
	if (vd->row >= n)
		vd->row = n - 1;
	setCDKScrollCurrentItem(vd->list, vd->row);
	for (i = 0; i < n; i++)
		free(items[i]);
}

static char *
view_domain_title(struct view_domain *vd)
{
	char	*s, *st, *path;

	path = tui_data(vd->path);
	st = tui_data(vd->status != NULL ? vd->status : path);
	view_domain_cut(st, vd->rect.w - 4);
	xasprintf(&s, "<C></B>%s<!B>\n<C>%s",
	    tui_text(N_("2 Domain: what this server is for")), st);
	free(st);
	free(path);
	return s;
}

static void
view_domain_build(struct tui *t, void *arg, const struct tui_rect *r)
{
	struct view_domain	*vd = arg;
	char			*title;

	vd->rect = *r;
	title = view_domain_title(vd);
	vd->list = newCDKScroll(t->screen, r->x, r->y, RIGHT, r->h, r->w - 1,
	    title, NULL, 0, FALSE, A_REVERSE, TRUE, FALSE);
	free(title);
	if (vd->list != NULL)
		view_domain_items(t, vd);
}

static void
view_domain_unbuild(struct tui *t, void *arg)
{
	struct view_domain	*vd = arg;

	(void)t;
	if (vd->list != NULL) {
		destroyCDKScroll(vd->list);
		vd->list = NULL;
	}
}

static void
view_domain_focus(struct tui *t, void *arg, int on)
{
	struct view_domain	*vd = arg;

	(void)t;
	if (vd->list != NULL)
		setCDKScrollHighlight(vd->list, on ? A_REVERSE : A_BOLD);
}

static int
view_domain_work(struct tui *t, void *arg)
{
	struct view_domain	*vd = arg;

	if (!vd->pending)
		return 0;
	view_domain_load(t, vd);
	vd->pending = 0;
	return 1;
}

/* Show why the text is not valid yet, under the entry, as typed. */
static void
view_domain_why(struct view_domain *vd, enum settings_field f,
    const char *text)
{
	char	*why = NULL, *line, *msg[1];
	int	 n;

	if (vd->why == NULL)
		return;
	if (*text == '\0')
		line = xstrdup(tui_text(N_("(empty)")));
	else if (settings_check(f, text, vd->allow_private, NULL,
	    &why) == -1) {
		line = tui_data(why);
		free(why);
	} else
		line = xstrdup(tui_text(N_("OK")));
	view_domain_cut(line, vd->why_w);
	n = (int)strlen(line);
	msg[0] = xmalloc((size_t)vd->why_w + 1);
	memset(msg[0], ' ', (size_t)vd->why_w);
	memcpy(msg[0], line, (size_t)n);
	msg[0][vd->why_w] = '\0';
	setCDKLabelMessage(vd->why, (CDK_CSTRING2)msg, 1);
	drawCDKLabel(vd->why, FALSE);
	free(msg[0]);
	free(line);
}

static struct view_domain *view_domain_editing;
static enum settings_field view_domain_editing_f;

static int
view_domain_typed(EObjectType type, void *obj, void *data, chtype key)
{
	CDKENTRY	*e = obj;

	(void)type;
	(void)data;
	(void)key;
	if (view_domain_editing != NULL)
		view_domain_why(view_domain_editing, view_domain_editing_f,
		    getCDKEntryValue(e));
	return 1;
}

/* Edit one field in a box over the view; checked as typed. */
static void
view_domain_edit(struct tui *t, struct view_domain *vd,
    enum settings_field f)
{
	CDKENTRY	*e;
	char		*title, *pad[1], *v;
	int		 w, x, y;

	w = vd->rect.w - 6;
	if (w > 60)
		w = 60;
	x = vd->rect.x + 2;
	y = vd->rect.y + 4;
	xasprintf(&title, "<C></B>%s<!B>\n%s",
	    tui_text(settings_field_label(f)),
	    tui_text(N_("Enter keeps, Esc cancels")));
	e = newCDKEntry(t->screen, x, y, title, NULL, A_UNDERLINE, ' ',
	    vMIXED, w, 0, 255, TRUE, FALSE);
	free(title);
	if (e == NULL)
		return;
	vd->why_w = w;
	pad[0] = xmalloc((size_t)w + 1);
	memset(pad[0], ' ', (size_t)w);
	pad[0][w] = '\0';
	vd->why = newCDKLabel(t->screen, x + 1, y + 5, (CDK_CSTRING2)pad, 1,
	    FALSE, FALSE);
	free(pad[0]);
	setCDKEntryValue(e, vd->text[f] != NULL ? vd->text[f] : "");
	view_domain_editing = vd;
	view_domain_editing_f = f;
	setCDKEntryPostProcess(e, view_domain_typed, NULL);
	drawCDKEntry(e, TRUE);
	view_domain_why(vd, f, getCDKEntryValue(e));
	v = activateCDKEntry(e, NULL);
	if (e->exitType == vNORMAL && v != NULL) {
		free(vd->text[f]);
		vd->text[f] = xstrdup(v);
		vd->src[f] = SETTINGS_SRC_FORM;
		free(vd->where[f]);
		vd->where[f] = NULL;
		view_domain_check(vd, f);
		view_domain_status(vd, vd->reason[f] != NULL ?
		    tui_text(N_("Not valid yet: see the reason under the "
		    "field.")) : tui_text(N_("Not saved yet: s saves.")));
	}
	view_domain_editing = NULL;
	if (vd->why != NULL)
		destroyCDKLabel(vd->why);
	vd->why = NULL;
	destroyCDKEntry(e);
}

/* Build the settings from the form and ask before writing. */
static void
view_domain_save(struct tui *t, struct view_domain *vd)
{
	struct settings	 s;
	struct buf	 b;
	char		*cause = NULL;
	size_t		 f;

	for (f = 0; f < SETTINGS_NFIELDS; f++) {
		view_domain_check(vd, f);
		if (vd->reason[f] != NULL) {
			view_domain_status(vd, tui_text(N_("Fix the fields "
			    "marked ! first.")));
			return;
		}
	}
	settings_init(&s);
	s.allow_private = vd->allow_private;
	for (f = 0; f < SETTINGS_NFIELDS; f++) {
		if (*vd->text[f] == '\0')
			continue;
		if (settings_set(&s, f, vd->text[f], SETTINGS_SRC_FORM, NULL,
		    &cause) == -1) {
			view_domain_status(vd, cause);
			free(cause);
			settings_clear(&s);
			return;
		}
	}
	plan_free(vd->plan);
	vd->plan = NULL;
	if (settings_plan(&s, vd->path, &vd->plan, &cause) == -1) {
		view_domain_status(vd, cause);
		free(cause);
		settings_clear(&s);
		return;
	}
	settings_clear(&s);
	if (vd->plan->n == 0) {
		view_domain_status(vd, tui_text(N_("The settings file "
		    "already says this.")));
		vd->saved = 1;
		return;
	}
	buf_init(&b, 0);
	buf_printf(&b, "%s", t->opts->dry_run ?
	    tui_text(N_("DRY RUN: show the plan, write nothing?")) :
	    tui_text(N_("Write the settings file (audited, undoable)?")));
	tui_widgets_confirm(t, buf_str(&b), VIEW_DOMAIN_ACTION_SAVE);
	buf_clear(&b);
}

static enum tui_result
view_domain_answer(struct tui *t, void *arg, int action)
{
	struct view_domain	*vd = arg;
	char			*cause = NULL, *msg;

	if (action != VIEW_DOMAIN_ACTION_SAVE || vd->plan == NULL)
		return TUI_IGNORED;
	if (settings_apply(vd->plan, t->opts->audit_log, t->opts->dry_run,
	    &cause) == -1) {
		view_domain_status(vd, cause);
		free(cause);
	} else {
		if (t->opts->dry_run)
			xasprintf(&msg, tui_text(N_("DRY RUN: nothing written "
			    "(plan %s).")), vd->plan->id);
		else
			xasprintf(&msg, tui_text(N_("Saved (plan %s); "
			    "'mailharden undo --last' takes it back.")),
			    vd->plan->id);
		view_domain_status(vd, msg);
		free(msg);
		vd->saved = 1;
	}
	plan_free(vd->plan);
	vd->plan = NULL;
	return TUI_REDRAW;
}

static enum tui_result
view_domain_key(struct tui *t, void *arg, int key)
{
	struct view_domain	*vd = arg;
	int			 i;

	if (vd->list == NULL || vd->pending)
		return TUI_IGNORED;
	if (tui_widgets_nav_key(key) && key != KEY_LEFT && key != KEY_RIGHT) {
		injectCDKScroll(vd->list, key);
		vd->row = getCDKScrollCurrentItem(vd->list);
		return TUI_HANDLED;
	}
	switch (key) {
	case KEY_ENTER:
	case '\n':
	case '\r':
		i = getCDKScrollCurrentItem(vd->list);
		vd->row = i;
		if (i >= 0 && i < 2 * SETTINGS_NFIELDS) {
			view_domain_edit(t, vd, (enum settings_field)(i / 2));
			return TUI_REDRAW;
		}
		if (i == VIEW_DOMAIN_ROWS - 1) {
			view_domain_save(t, vd);
			return TUI_REDRAW;
		}
		return TUI_HANDLED;
	case 's':
	case 'S':
		view_domain_save(t, vd);
		return TUI_REDRAW;
	}
	return TUI_IGNORED;
}

static enum tui_mark
view_domain_mark(void *arg)
{
	struct view_domain	*vd = arg;
	size_t			 f;

	if (vd->pending)
		return TUI_MARK_TODO;
	for (f = 0; f < SETTINGS_NFIELDS; f++)
		if (vd->reason[f] != NULL)
			return TUI_MARK_ERROR;
	return vd->saved ? TUI_MARK_DONE : TUI_MARK_PARTIAL;
}

const struct tui_view view_domain = {
	.name = "domain",
	.title = N_("Domain"),
	.hints = view_domain_hints,
	.init = view_domain_init,
	.build = view_domain_build,
	.unbuild = view_domain_unbuild,
	.focus = view_domain_focus,
	.key = view_domain_key,
	.work = view_domain_work,
	.mark = view_domain_mark,
	.free = view_domain_free,
	.answer = view_domain_answer
};
