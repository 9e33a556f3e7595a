/*
 * tui_widgets.c - the popups every step shares: a scrolling text box
 * (help, evidence) and a yes/no question.  A popup keeps its content so
 * that the frame can destroy and rebuild its widget after a resize.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "cli/cli.h"
#include "plan.h"
#include "tui/tui_int.h"

static void
tui_widgets_add_line(struct tui_popup *p, const char *s, size_t len)
{
	p->lines = xreallocarray(p->lines, p->nlines + 1, sizeof *p->lines);
	p->lines[p->nlines++] = xstrndup(s, len);
}

/*
 * Split text into lines and wrap each at width columns on a space,
 * continuation lines indented like the line they belong to.
 */
static void
tui_widgets_wrap(struct tui_popup *p, const char *text, int width)
{
	const char	*line, *end, *s, *cut;
	struct buf	 b;
	size_t		 indent, room, n;

	if (width < 20)
		width = 20;
	buf_init(&b, 0);
	for (line = text; *line != '\0'; line = *end == '\0' ? end : end + 1) {
		end = strchr(line, '\n');
		if (end == NULL)
			end = line + strlen(line);
		indent = strspn(line, " ");
		if (indent > (size_t)width / 2)
			indent = 0;
		s = line;
		room = width;
		for (;;) {
			n = end - s;
			if (n <= room) {
				buf_reset(&b);
				if (s != line)
					buf_printf(&b, "%*s", (int)indent, "");
				buf_add(&b, s, n);
				tui_widgets_add_line(p, buf_str(&b), b.len);
				break;
			}
			cut = s + room;
			while (cut > s && *cut != ' ')
				cut--;
			if (cut <= s + indent)
				cut = s + room;
			buf_reset(&b);
			if (s != line)
				buf_printf(&b, "%*s", (int)indent, "");
			buf_add(&b, s, cut - s);
			tui_widgets_add_line(p, buf_str(&b), b.len);
			s = cut;
			while (*s == ' ')
				s++;
			room = width - indent;
			if (s >= end)
				break;
		}
		if (*end == '\0')
			break;
	}
	buf_clear(&b);
}

static int
tui_widgets_text_width(void)
{
	int	w;

	w = COLS - 6;
	if (w > 74)
		w = 74;
	return w;
}

/*
 * Open a scrolling text popup.  title and text are CDK markup (data in
 * them must have gone through tui_data).  Lines of text are wrapped.
 */
void
tui_widgets_text(struct tui *t, const char *title, const char *text)
{
	tui_widgets_close(t);
	t->popup.kind = TUI_POPUP_TEXT;
	t->popup.title = xstrdup(title);
	/* two columns of box, one of scroll bar, one of margin */
	tui_widgets_wrap(&t->popup, text, tui_widgets_text_width() - 4);
	tui_widgets_build(t);
}

/* Ask a yes/no question; the frame gets TUI_POPUP_YES and action. */
void
tui_widgets_confirm(struct tui *t, const char *question, int action)
{
	tui_widgets_close(t);
	t->popup.kind = TUI_POPUP_CONFIRM;
	t->popup.title = xstrdup(question);
	t->popup.action = action;
	tui_widgets_build(t);
}

/* Create the popup's widget for the current screen size. */
void
tui_widgets_build(struct tui *t)
{
	struct tui_popup	*p = &t->popup;
	const char		*buttons[2], *msg[3];
	char			*title;
	int			 w, h;

	if (t->too_small || t->screen == NULL)
		return;
	switch (p->kind) {
	case TUI_POPUP_NONE:
		return;
	case TUI_POPUP_TEXT:
		w = tui_widgets_text_width();
		/* CDK adds the title's rows to the height */
		h = p->nlines + 2;
		if (h > LINES - 5)
			h = LINES - 5;
		if (h < 6)
			h = 6;
		if (p->nlines > h - 2)
			xasprintf(&title, "%s  (%s)", p->title,
			    tui_text(N_("Up/Down/PgDn to scroll")));
		else
			title = xstrdup(p->title);
		p->sw = newCDKSwindow(t->screen, CENTER, CENTER, h, w,
		    title, p->nlines + 1, TRUE, FALSE);
		free(title);
		if (p->sw == NULL)
			return;
		setCDKSwindowContents(p->sw, (CDK_CSTRING2)p->lines,
		    p->nlines);
		/* show the top, not the end */
		injectCDKSwindow(p->sw, KEY_HOME);
		break;
	case TUI_POPUP_CONFIRM:
		xasprintf(&title, "<C>   %s   ", p->title);
		msg[0] = "";
		msg[1] = title;
		msg[2] = tui_text(N_("<C>y = yes, n or Esc = no"));
		buttons[0] = tui_text(N_(" Yes "));
		buttons[1] = tui_text(N_(" No "));
		p->dlg = newCDKDialog(t->screen, CENTER, CENTER,
		    (CDK_CSTRING2)msg, 3, (CDK_CSTRING2)buttons, 2,
		    A_REVERSE | A_BOLD, TRUE, TRUE, FALSE);
		free(title);
		if (p->dlg == NULL)
			return;
		/* "No" is the safe default */
		injectCDKDialog(p->dlg, KEY_RIGHT);
		break;
	}
}

/* Destroy the popup's widget, keep its content (resize). */
void
tui_widgets_unbuild(struct tui *t)
{
	if (t->popup.sw != NULL) {
		destroyCDKSwindow(t->popup.sw);
		t->popup.sw = NULL;
	}
	if (t->popup.dlg != NULL) {
		destroyCDKDialog(t->popup.dlg);
		t->popup.dlg = NULL;
	}
}

void
tui_widgets_close(struct tui *t)
{
	int	i;

	tui_widgets_unbuild(t);
	for (i = 0; i < t->popup.nlines; i++)
		free(t->popup.lines[i]);
	free(t->popup.lines);
	free(t->popup.title);
	memset(&t->popup, 0, sizeof t->popup);
}

/* Keys that only move around in a list or text. */
int
tui_widgets_nav_key(int key)
{
	switch (key) {
	case KEY_UP:
	case KEY_DOWN:
	case KEY_PPAGE:
	case KEY_NPAGE:
	case KEY_HOME:
	case KEY_END:
	case KEY_LEFT:
	case KEY_RIGHT:
		return 1;
	}
	return 0;
}

/*
 * A key while a popup is open.  Only navigation reaches the CDK widget:
 * the scrolling window's own bindings (save to file, load a file) must
 * not be reachable.
 */
enum tui_popup_result
tui_widgets_key(struct tui *t, int key)
{
	struct tui_popup	*p = &t->popup;
	int			 yes;

	if (p->kind == TUI_POPUP_TEXT) {
		switch (key) {
		case KEY_ESC:
		case KEY_ENTER:
		case '\n':
		case '\r':
		case 'q':
		case KEY_F(1):
			tui_widgets_close(t);
			return TUI_POPUP_CLOSED;
		case ' ':
			key = KEY_NPAGE;
			break;
		case 'b':
			key = KEY_PPAGE;
			break;
		}
		if (p->sw != NULL && tui_widgets_nav_key(key))
			injectCDKSwindow(p->sw, key);
		return TUI_POPUP_OPEN;
	}
	if (p->kind != TUI_POPUP_CONFIRM)
		return TUI_POPUP_CLOSED;
	switch (key) {
	case 'y':
	case 'Y':
		tui_widgets_close(t);
		return TUI_POPUP_YES;
	case 'n':
	case 'N':
	case KEY_ESC:
		tui_widgets_close(t);
		return TUI_POPUP_CLOSED;
	case KEY_ENTER:
	case '\n':
	case '\r':
		yes = p->dlg != NULL && p->dlg->currentButton == 0;
		tui_widgets_close(t);
		return yes ? TUI_POPUP_YES : TUI_POPUP_CLOSED;
	case '\t':
	case KEY_BTAB:
	case KEY_LEFT:
	case KEY_RIGHT:
		if (p->dlg != NULL)
			injectCDKDialog(p->dlg, key);
		break;
	}
	return TUI_POPUP_OPEN;
}

/*
 * Ask for one line in a box over the view (r).  Returns the text typed
 * (caller frees), or NULL when the operator pressed Esc.
 */
char *
tui_widgets_ask(struct tui *t, const struct tui_rect *r, const char *what,
    const char *initial)
{
	CDKENTRY	*e;
	char		*title, *v, *out = NULL;
	int		 w;

	w = r->w - 6;
	if (w > 60)
		w = 60;
	xasprintf(&title, "<C></B>%s<!B>\n%s", what,
	    tui_text(N_("Enter accepts, Esc cancels")));
	e = newCDKEntry(t->screen, r->x + 2, r->y + 3, title, NULL,
	    A_UNDERLINE, ' ', vMIXED, w, 0, 255, TRUE, FALSE);
	free(title);
	if (e == NULL)
		return NULL;
	setCDKEntryValue(e, initial != NULL ? initial : "");
	v = activateCDKEntry(e, NULL);
	if (e->exitType == vNORMAL && v != NULL)
		out = xstrdup(v);
	destroyCDKEntry(e);
	return out;
}

/*
 * Write text to path through the plan engine (audited, undoable; a dry
 * run writes nothing).  *status gets one line for the view.  0 when
 * written (or planned in a dry run), -1 when not.
 */
int
tui_widgets_write(struct tui *t, const char *step, const char *what,
    const char *path, const char *text, char **status)
{
	struct plan	*p;
	struct audit	*au = NULL;
	char		*cause = NULL;
	const char	*log, *base;
	int		 rc = -1;

	p = plan_create(step, NULL);
	if (plan_add_mkdir_for(p, path, &cause) == -1)
		goto fail;
	plan_add_write(p, what, path, text, 0644, 0);
	log = t->opts->audit_log != NULL ? t->opts->audit_log :
	    AUDIT_DEFAULT_PATH;
	if (audit_open(log, &au, &cause) == -1) {
		if (!t->opts->dry_run)
			goto fail;
		free(cause);
		cause = NULL;
	}
	if ((au != NULL || !t->opts->dry_run) &&
	    plan_apply(p, au, t->opts->dry_run, NULL, NULL, &cause) == -1)
		goto fail;
	base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	if (t->opts->dry_run)
		xasprintf(status, tui_text(N_("DRY RUN, not written: %s (plan "
		    "%s)")), base, p->id);
	else
		xasprintf(status, tui_text(N_("wrote %s (undo: mailharden "
		    "undo --plan %s)")), base, p->id);
	rc = 0;
	goto out;
fail:
	xasprintf(status, "%s: %s", tui_text(N_("not written")), cause);
	free(cause);
out:
	audit_close(au);
	plan_free(p);
	return rc;
}
