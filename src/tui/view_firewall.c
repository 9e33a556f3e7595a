/*
 * view_firewall.c - the Firewall step: choose the mail ports (each with
 * its explanation and whether the firewall lets it in now, IPv4 and
 * IPv6), see the exact plan for the backend in use (b picks another),
 * apply it after a yes (a dry run only logs the intent), follow the
 * steps, and on an SSH session keep the change by confirming before the
 * rollback watcher's countdown runs out.  c and w show what must be done
 * elsewhere: the cloud security group and port-25 block, Windows
 * Server.  All logic is firewall.c's, shared with "mailharden ports".
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "buf.h"
#include "cli/cli.h"
#include "confirm.h"
#include "firewall.h"
#include "fw.h"
#include "plan.h"
#include "tui/tui_int.h"

#define VIEW_FIREWALL_LIST_H	12	/* box, 3 title rows, 7 ports */
#define VIEW_FIREWALL_INFO_MAX	16
#define VIEW_FIREWALL_MSG_MAX	4
#define VIEW_FIREWALL_MSG_W	57	/* the box at 80 columns */

enum {
	VIEW_FIREWALL_ACT_APPLY = 100
};

enum view_firewall_mode {
	VIEW_FIREWALL_DETECT,		/* detection to run */
	VIEW_FIREWALL_SELECT,		/* choosing ports */
	VIEW_FIREWALL_APPLY,		/* the apply to run */
	VIEW_FIREWALL_COUNTDOWN		/* waiting for the confirmation */
};

struct view_firewall_row {
	const struct firewall_port	*p;
	int				 on;
	int				 known;	/* state read */
	int				 open4;
	int				 open6;
};

struct view_firewall {
	enum view_firewall_mode	 mode;
	int			 running;	/* "working" is on screen */
	int			 inited;	/* fw is set up */
	struct firewall		 fw;
	char			*be_error;	/* why there is no backend */
	struct view_firewall_row *rows;
	size_t			 nrows;
	int			 row;
	int			 status_pending;	/* read the states */
	int			 be_pending;	/* b: look for the next */
	int			 reading;	/* "..." in the list */
	struct plan		*plan;		/* being applied / confirmed */
	struct audit		*audit;
	long long		 deadline;
	int			 left;
	char			*msg[VIEW_FIREWALL_MSG_MAX];
	int			 msg_style[VIEW_FIREWALL_MSG_MAX];
	enum tui_mark		 mark;
	struct tui_rect		 rect;
	CDKSCROLL		*list;
	CDKLABEL		*info;
	int			 info_rows;
};

static const char *const view_firewall_hints[] = {
	N_("Space Toggle"),
	N_("b Backend"),
	N_("p Plan"),
	N_("a Apply"),
	N_("c Cloud"),
	N_("w Windows"),
	NULL
};

static const char *const view_firewall_hints_wait[] = {
	N_("y Keep the change"),
	N_("c Cloud"),
	N_("w Windows"),
	NULL
};

static const char *const view_firewall_hints_busy[] = {
	NULL
};

static void
view_firewall_msg_clear(struct view_firewall *vf)
{
	size_t	i;

	for (i = 0; i < VIEW_FIREWALL_MSG_MAX; i++) {
		free(vf->msg[i]);
		vf->msg[i] = NULL;
		vf->msg_style[i] = TUI_S_PLAIN;
	}
}

/* Add a message line (raw text, not yet through tui_data). */
static void
view_firewall_msg_line(struct view_firewall *vf, enum tui_style st,
    const char *text)
{
	size_t	i;

	for (i = 0; i < VIEW_FIREWALL_MSG_MAX && vf->msg[i] != NULL; i++)
		continue;
	if (i == VIEW_FIREWALL_MSG_MAX) {
		free(vf->msg[0]);
		memmove(vf->msg, vf->msg + 1, (i - 1) * sizeof *vf->msg);
		memmove(vf->msg_style, vf->msg_style + 1,
		    (i - 1) * sizeof *vf->msg_style);
		i--;
	}
	vf->msg[i] = xstrdup(text);
	vf->msg_style[i] = st;
}

static void	view_firewall_wrap(char **, int *, int, const char *, int);

/* Add a message, wrapped to the box at 80 columns. */
static void
view_firewall_msg(struct view_firewall *vf, enum tui_style st,
    const char *text)
{
	char	*lines[VIEW_FIREWALL_MSG_MAX];
	int	 n = 0, i;

	view_firewall_wrap(lines, &n, VIEW_FIREWALL_MSG_MAX, text,
	    VIEW_FIREWALL_MSG_W);
	for (i = 0; i < n; i++) {
		view_firewall_msg_line(vf, st, lines[i]);
		free(lines[i]);
	}
}

static void *
view_firewall_init(struct tui *t)
{
	struct view_firewall	*vf;
	const struct firewall_port *ports;
	size_t			 i;

	(void)t;
	vf = xcalloc(1, sizeof *vf);
	vf->mode = VIEW_FIREWALL_DETECT;
	vf->mark = TUI_MARK_TODO;
	ports = firewall_ports(&vf->nrows);
	vf->rows = xcalloc(vf->nrows, sizeof *vf->rows);
	for (i = 0; i < vf->nrows; i++) {
		vf->rows[i].p = &ports[i];
		vf->rows[i].on = ports[i].advice == FIREWALL_PRESELECT;
	}
	return vf;
}

static void
view_firewall_done(struct view_firewall *vf)
{
	plan_free(vf->plan);
	vf->plan = NULL;
	audit_close(vf->audit);
	vf->audit = NULL;
}

static void
view_firewall_free(void *arg)
{
	struct view_firewall	*vf = arg;

	if (vf == NULL)
		return;
	view_firewall_done(vf);
	if (vf->inited)
		firewall_free(&vf->fw);
	view_firewall_msg_clear(vf);
	free(vf->be_error);
	free(vf->rows);
	free(vf);
}

/* Cut s (plain text) to at most w bytes, ending in "..." when cut. */
static void
view_firewall_cut(char *s, int w)
{
	if (w < 4 || (int)strlen(s) <= w)
		return;
	memcpy(s + w - 3, "...", 4);
}

static const char *
view_firewall_state(const struct view_firewall_row *r, int open)
{
	if (r->known < 0)
		return "...";
	if (!r->known)
		return "?";
	return open ? tui_text(N_("open")) : tui_text(N_("closed"));
}

static void
view_firewall_row_text(struct tui *t, struct buf *b,
    const struct view_firewall_row *r)
{
	const char	*adv;
	char		 port[16];
	enum tui_style	 st;

	snprintf(port, sizeof port, "%d/tcp", r->p->port);
	buf_printf(b, "%s %-8s%-11s", r->on ? "[x]" : "[ ]", port,
	    r->p->name);
	st = r->known && r->open4 ? TUI_S_OK : TUI_S_PLAIN;
	tui_style(t, b, st, view_firewall_state(r, r->open4));
	buf_printf(b, "%*s", 7 - (int)strlen(view_firewall_state(r,
	    r->open4)), "");
	st = r->known && r->open6 ? TUI_S_OK : TUI_S_PLAIN;
	tui_style(t, b, st, view_firewall_state(r, r->open6));
	buf_printf(b, "%*s", 7 - (int)strlen(view_firewall_state(r,
	    r->open6)), "");
	switch (r->p->advice) {
	case FIREWALL_PRESELECT:
		adv = tui_text(N_("recommended"));
		st = TUI_S_PLAIN;
		break;
	case FIREWALL_OPTIONAL:
		adv = tui_text(N_("optional"));
		st = TUI_S_PLAIN;
		break;
	default:
		adv = tui_text(N_("discouraged"));
		st = TUI_S_UNKNOWN;
		break;
	}
	tui_style(t, b, st, adv);
}

static void
view_firewall_items(struct tui *t, struct view_firewall *vf)
{
	char		**items;
	struct buf	 b;
	size_t		 i;

	if (vf->list == NULL)
		return;
	items = xcalloc(vf->nrows, sizeof *items);
	buf_init(&b, 0);
	for (i = 0; i < vf->nrows; i++) {
		buf_reset(&b);
		view_firewall_row_text(t, &b, &vf->rows[i]);
		items[i] = xstrdup(buf_str(&b));
	}
	buf_clear(&b);
	setCDKScrollItems(vf->list, (CDK_CSTRING2)items, (int)vf->nrows,
	    FALSE);
	if (vf->row < 0 || (size_t)vf->row >= vf->nrows)
		vf->row = 0;
	setCDKScrollCurrentItem(vf->list, vf->row);
	for (i = 0; i < vf->nrows; i++)
		free(items[i]);
	free(items);
}

/* Word-wrap plain text into lines of at most w bytes. */
static void
view_firewall_wrap(char **lines, int *n, int max, const char *text, int w)
{
	const char	*s = text, *cut;
	size_t		 len;

	while (*s != '\0' && *n < max) {
		while (*s == ' ')
			s++;
		len = strlen(s);
		if ((int)len <= w) {
			lines[(*n)++] = xstrdup(s);
			break;
		}
		cut = s + w;
		while (cut > s && *cut != ' ')
			cut--;
		if (cut == s)
			cut = s + w;
		lines[(*n)++] = xstrndup(s, cut - s);
		s = cut;
	}
}

/* The box below the list: the port's explanation, then messages. */
static void
view_firewall_info_text(struct tui *t, struct view_firewall *vf,
    char **out, int rows, int w)
{
	const struct view_firewall_row	*r;
	char				*lines[VIEW_FIREWALL_INFO_MAX];
	char				*s, *d;
	int				 n = 0, i, top, len;
	struct buf			 b;

	memset(lines, 0, sizeof lines);
	if (vf->mode == VIEW_FIREWALL_DETECT)
		lines[n++] = xstrdup(tui_text(N_("Reading the firewall "
		    "state (read-only)...")));
	else if (vf->row >= 0 && (size_t)vf->row < vf->nrows) {
		r = &vf->rows[vf->row];
		xasprintf(&s, "%d/tcp %s: %s", r->p->port, r->p->name,
		    tui_text(r->p->summary));
		lines[n++] = s;
		top = rows - VIEW_FIREWALL_MSG_MAX;
		if (top > VIEW_FIREWALL_INFO_MAX)
			top = VIEW_FIREWALL_INFO_MAX;
		view_firewall_wrap(lines, &n, top, tui_text(r->p->why), w);
	}
	/* messages at the bottom, the newest last */
	for (i = 0; i < VIEW_FIREWALL_MSG_MAX; i++)
		if (vf->msg[i] == NULL)
			break;
	top = rows - i;
	while (n > top && n > 0) {
		free(lines[--n]);
		lines[n] = NULL;
	}
	buf_init(&b, 0);
	for (i = 0; i < rows; i++) {
		buf_reset(&b);
		if (i < n) {
			d = tui_data(lines[i]);
			view_firewall_cut(d, w);
			len = (int)strlen(d);
			tui_style(t, &b, i == 0 ? TUI_S_BOLD : TUI_S_PLAIN, d);
			free(d);
		} else if (i >= top && vf->msg[i - top] != NULL) {
			d = tui_data(vf->msg[i - top]);
			view_firewall_cut(d, w);
			len = (int)strlen(d);
			tui_style(t, &b, vf->msg_style[i - top], d);
			free(d);
		} else
			len = 0;
		buf_printf(&b, "%*s", w - len, "");
		out[i] = xstrdup(buf_str(&b));
	}
	buf_clear(&b);
	for (i = 0; i < VIEW_FIREWALL_INFO_MAX; i++)
		free(lines[i]);
}

static void
view_firewall_info(struct tui *t, struct view_firewall *vf)
{
	char	**text;
	int	  i, w;

	if (vf->info == NULL)
		return;
	w = vf->rect.w - 2;
	text = xcalloc(vf->info_rows, sizeof *text);
	view_firewall_info_text(t, vf, text, vf->info_rows, w);
	setCDKLabelMessage(vf->info, (CDK_CSTRING2)text, vf->info_rows);
	for (i = 0; i < vf->info_rows; i++)
		free(text[i]);
	free(text);
}

static char *
view_firewall_title(struct view_firewall *vf)
{
	struct buf	 b;
	char		*be, *s;
	size_t		 i;

	buf_init(&b, 0);
	buf_printf(&b, "<C></B>%s<!B>\n", tui_text(N_("Firewall: open the "
	    "mail ports")));
	if (vf->mode == VIEW_FIREWALL_DETECT || !vf->inited)
		buf_printf(&b, " %s", tui_text(N_("Backend: (detecting)")));
	else {
		be = tui_data(vf->fw.be != NULL ? vf->fw.be->name :
		    tui_text(N_("none")));
		buf_printf(&b, " %s %s   %s", tui_text(N_("Backend:")), be,
		    tui_text(N_("SSH kept open:")));
		free(be);
		for (i = 0; i < vf->fw.nssh; i++)
			buf_printf(&b, "%s%d", i ? "," : " ", vf->fw.ssh[i]);
	}
	buf_printf(&b, "\n </U>    %-8s%-11s%-7s%-7s%s<!U>",
	    tui_text(N_("PORT")), tui_text(N_("NAME")), tui_text(N_("IPv4")),
	    tui_text(N_("IPv6")), tui_text(N_("ADVICE")));
	s = xstrdup(buf_str(&b));
	buf_clear(&b);
	return s;
}

static void
view_firewall_build(struct tui *t, void *arg, const struct tui_rect *r)
{
	struct view_firewall	*vf = arg;
	char			*title, **text;
	int			 i, lh;

	vf->rect = *r;
	lh = VIEW_FIREWALL_LIST_H;
	title = view_firewall_title(vf);
	vf->list = newCDKScroll(t->screen, r->x, r->y, RIGHT, lh, r->w - 1,
	    title, NULL, 0, FALSE, A_REVERSE, TRUE, FALSE);
	free(title);
	if (vf->list != NULL)
		view_firewall_items(t, vf);
	vf->info_rows = r->h - lh - 2;
	if (vf->info_rows > VIEW_FIREWALL_INFO_MAX)
		vf->info_rows = VIEW_FIREWALL_INFO_MAX;
	if (vf->info_rows < 1)
		return;
	text = xcalloc(vf->info_rows, sizeof *text);
	view_firewall_info_text(t, vf, text, vf->info_rows, r->w - 2);
	vf->info = newCDKLabel(t->screen, r->x, r->y + lh,
	    (CDK_CSTRING2)text, vf->info_rows, TRUE, FALSE);
	for (i = 0; i < vf->info_rows; i++)
		free(text[i]);
	free(text);
}

static void
view_firewall_unbuild(struct tui *t, void *arg)
{
	struct view_firewall	*vf = arg;

	(void)t;
	if (vf->list != NULL) {
		destroyCDKScroll(vf->list);
		vf->list = NULL;
	}
	if (vf->info != NULL) {
		destroyCDKLabel(vf->info);
		vf->info = NULL;
	}
}

static void
view_firewall_focus(struct tui *t, void *arg, int on)
{
	struct view_firewall	*vf = arg;

	(void)t;
	if (vf->list != NULL)
		setCDKScrollHighlight(vf->list, on ? A_REVERSE : A_BOLD);
}

/* Read each port's state from the backend. */
static void
view_firewall_status(struct view_firewall *vf)
{
	char	*cause = NULL, *s;
	size_t	 i;
	int	 failed = 0;

	for (i = 0; i < vf->nrows; i++) {
		vf->rows[i].known = 0;
		if (vf->fw.be == NULL)
			continue;
		if (firewall_status(&vf->fw, vf->rows[i].p->port,
		    &vf->rows[i].open4, &vf->rows[i].open6, &cause) == -1) {
			if (!failed) {
				xasprintf(&s, "%s %s", tui_text(N_("State "
				    "unknown:")), cause);
				view_firewall_msg(vf, TUI_S_UNKNOWN, s);
				free(s);
			}
			failed = 1;
			free(cause);
			cause = NULL;
			continue;
		}
		vf->rows[i].known = 1;
	}
}

static void
view_firewall_detect(struct tui *t, struct view_firewall *vf)
{
	char	*cause = NULL, *s;

	if (vf->inited)
		firewall_free(&vf->fw);
	firewall_init(&vf->fw, t->opts->root, t->opts->backend == NULL);
	vf->inited = 1;
	free(vf->be_error);
	vf->be_error = NULL;
	if (firewall_choose(&vf->fw, t->opts->backend, &cause) == -1) {
		vf->be_error = cause;
		xasprintf(&s, "%s  %s", cause, tui_text(N_("Press b to "
		    "choose a backend.")));
		view_firewall_msg(vf, TUI_S_UNKNOWN, s);
		free(s);
		vf->mark = TUI_MARK_PARTIAL;
	}
	vf->status_pending = 1;
}

/* b: the next backend (in table order) whose probe passes. */
static void
view_firewall_next_backend(struct view_firewall *vf)
{
	const struct fw_backend	*cur = vf->fw.be;
	size_t			 i, start = 0, n, k;
	char			*cause = NULL, *s;

	for (n = 0; fw_backends[n] != NULL; n++)
		if (fw_backends[n] == cur)
			start = n + 1;
	view_firewall_msg_clear(vf);
	for (k = 0; k < n; k++) {
		i = (start + k) % n;
		if (fw_backends[i] == cur)
			continue;
		if (firewall_use(&vf->fw, fw_backends[i], &cause) == 0) {
			xasprintf(&s, "%s %s", tui_text(N_("Now using:")),
			    tui_text(fw_backends[i]->title));
			view_firewall_msg(vf, TUI_S_PLAIN, s);
			free(s);
			vf->status_pending = 1;
			return;
		}
		free(cause);
		cause = NULL;
	}
	view_firewall_msg(vf, TUI_S_UNKNOWN, tui_text(N_("No other backend "
	    "can be used here.")));
}

/* The ports ticked, in list order. */
static size_t
view_firewall_chosen(struct view_firewall *vf, int *v)
{
	size_t	i, n = 0;

	for (i = 0; i < vf->nrows && n < FW_MAX_PORTS; i++)
		if (vf->rows[i].on)
			v[n++] = vf->rows[i].p->port;
	return n;
}

static struct plan *
view_firewall_make_plan(struct view_firewall *vf)
{
	struct plan	*pl;
	int		 v[FW_MAX_PORTS];
	size_t		 n;
	char		*cause = NULL, *s;

	view_firewall_msg_clear(vf);
	if (vf->fw.be == NULL) {
		view_firewall_msg(vf, TUI_S_ERROR, tui_text(N_("No firewall "
		    "backend: press b to choose one.")));
		return NULL;
	}
	if ((n = view_firewall_chosen(vf, v)) == 0) {
		view_firewall_msg(vf, TUI_S_UNKNOWN, tui_text(N_("No port is "
		    "ticked: Space ticks the port under the cursor.")));
		return NULL;
	}
	if ((pl = firewall_plan(&vf->fw, v, n, NULL, 0, &cause)) == NULL) {
		xasprintf(&s, "%s %s", tui_text(N_("Cannot plan the "
		    "change:")), cause);
		view_firewall_msg(vf, TUI_S_ERROR, s);
		free(s);
		free(cause);
	}
	return pl;
}

static void
view_firewall_show_plan(struct tui *t, struct view_firewall *vf)
{
	struct plan	*pl;
	struct buf	 b, txt;
	char		*s, *title;

	if ((pl = view_firewall_make_plan(vf)) == NULL) {
		view_firewall_info(t, vf);
		return;
	}
	buf_init(&b, 0);
	buf_init(&txt, 0);
	plan_preview(pl, &b);
	s = tui_data(buf_str(&b));
	buf_adds(&txt, s);
	free(s);
	buf_adds(&txt, "\n");
	if (pl->n == 0)
		buf_adds(&txt, tui_text(N_("Nothing to do: the ticked ports "
		    "are open already.")));
	else
		buf_adds(&txt, tui_text(N_("Nothing was changed.  Press a "
		    "to apply these steps (you are asked first).")));
	buf_adds(&txt, "\n");
	buf_adds(&txt, tui_text(N_("Ports not ticked are left as they "
	    "are.")));
	buf_adds(&txt, "\n\n");
	buf_adds(&txt, tui_text(N_("Esc or Enter closes this window.")));
	xasprintf(&title, "<C></B>%s<!B>", tui_text(N_("Plan: the exact "
	    "commands")));
	tui_widgets_text(t, title, buf_str(&txt));
	free(title);
	buf_clear(&b);
	buf_clear(&txt);
	plan_free(pl);
	view_firewall_info(t, vf);
}

static void
view_firewall_ask_apply(struct tui *t, struct view_firewall *vf)
{
	struct plan	*pl;
	char		*q;

	if ((pl = view_firewall_make_plan(vf)) == NULL) {
		view_firewall_info(t, vf);
		return;
	}
	if (pl->n == 0) {
		view_firewall_msg(vf, TUI_S_OK, tui_text(N_("Nothing to do: "
		    "the ticked ports are open already.")));
		plan_free(pl);
		view_firewall_info(t, vf);
		return;
	}
	plan_free(vf->plan);
	vf->plan = pl;
	if (t->opts->dry_run)
		xasprintf(&q, tui_text(N_("DRY RUN: log the %zu steps, change "
		    "nothing?")), pl->n);
	else
		xasprintf(&q, tui_text(N_("Apply the %zu steps (p shows "
		    "them)?")), pl->n);
	view_firewall_info(t, vf);
	tui_widgets_confirm(t, q, VIEW_FIREWALL_ACT_APPLY);
	free(q);
}

struct view_firewall_progress {
	struct tui		*t;
	struct view_firewall	*vf;
};

static void
view_firewall_progress(void *arg, const struct plan *pl, size_t i,
    enum plan_event ev, const char *msg)
{
	struct view_firewall_progress	*pp = arg;
	char				*s;

	switch (ev) {
	case PLAN_EV_START:
		xasprintf(&s, "[%zu/%zu] %s ...", i + 1, pl->n,
		    pl->v[i].title);
		view_firewall_msg(pp->vf, TUI_S_PLAIN, s);
		break;
	case PLAN_EV_DONE:
		xasprintf(&s, "[%zu/%zu] %s", i + 1, pl->n,
		    tui_text(N_("done")));
		view_firewall_msg(pp->vf, TUI_S_OK, s);
		break;
	case PLAN_EV_FAILED:
		xasprintf(&s, "[%zu/%zu] %s %s", i + 1, pl->n,
		    tui_text(N_("FAILED:")), msg != NULL ? msg : "?");
		view_firewall_msg(pp->vf, TUI_S_ERROR, s);
		break;
	default:
		xasprintf(&s, "[%zu/%zu] %s", i + 1, pl->n,
		    tui_text(N_("rolling back")));
		view_firewall_msg(pp->vf, TUI_S_UNKNOWN, s);
		break;
	}
	free(s);
	view_firewall_info(pp->t, pp->vf);
	refreshCDKScreen(pp->t->screen);
}

/* Apply vf->plan (the operator said yes). */
static void
view_firewall_apply(struct tui *t, struct view_firewall *vf)
{
	struct view_firewall_progress	 pp;
	struct buf			 out;
	const char			*path;
	char				*cause = NULL, *s;
	long				 pid;
	int				 timeout;

	path = firewall_audit_path(t->opts->audit_log);
	view_firewall_msg_clear(vf);
	if (audit_open(path, &vf->audit, &cause) == -1) {
		xasprintf(&s, "%s; %s", cause, tui_text(N_("nothing was "
		    "changed")));
		view_firewall_msg(vf, TUI_S_ERROR, s);
		free(s);
		free(cause);
		vf->mark = TUI_MARK_ERROR;
		goto done;
	}
	pp.t = t;
	pp.vf = vf;
	if (firewall_apply(vf->plan, vf->audit, t->opts->dry_run,
	    view_firewall_progress, &pp, &cause) == -1) {
		view_firewall_msg(vf, TUI_S_ERROR, cause);
		view_firewall_msg(vf, TUI_S_ERROR, tui_text(N_("The steps done "
		    "were rolled back (see mailharden audit show).")));
		free(cause);
		vf->mark = TUI_MARK_ERROR;
		goto done;
	}
	if (t->opts->dry_run) {
		xasprintf(&s, tui_text(N_("DRY RUN: nothing was changed; the "
		    "intent of plan %s is logged in %s")), vf->plan->id, path);
		view_firewall_msg(vf, TUI_S_UNKNOWN, s);
		free(s);
		goto done;
	}
	xasprintf(&s, tui_text(N_("Applied plan %s.  Undo it with: "
	    "mailharden undo --plan %s")), vf->plan->id, vf->plan->id);
	view_firewall_msg(vf, TUI_S_OK, s);
	free(s);
	if (!firewall_need_confirm(t->opts->confirm_timeout > 0)) {
		vf->mark = TUI_MARK_DONE;
		goto done;
	}
	timeout = t->opts->confirm_timeout > 0 ? t->opts->confirm_timeout :
	    CONFIRM_DEFAULT_TIMEOUT;
	buf_init(&out, 0);
	if (firewall_arm(vf->audit, path, t->opts->state_dir, vf->plan->id,
	    timeout, &pid, &out, &cause) == -1) {
		xasprintf(&s, "%s; %s", cause, tui_text(N_("rolled back "
		    "now")));
		view_firewall_msg(vf, TUI_S_ERROR, s);
		free(s);
		free(cause);
		buf_clear(&out);
		vf->mark = TUI_MARK_ERROR;
		goto done;
	}
	buf_clear(&out);
	vf->deadline = (long long)time(NULL) + timeout;
	vf->left = -1;
	vf->mode = VIEW_FIREWALL_COUNTDOWN;
	return;
done:
	view_firewall_done(vf);
	vf->mode = VIEW_FIREWALL_SELECT;
	vf->status_pending = 1;
}

/* The countdown lines; 1 when the watcher has ended. */
static int
view_firewall_countdown(struct view_firewall *vf, const char *state_dir)
{
	enum confirm_state	 st;
	long long		 dl;
	char			*detail = NULL, *s, *nl;
	int			 left;

	st = confirm_state(state_dir, vf->plan->id, &dl, &detail);
	if (st == CONFIRM_PENDING) {
		free(detail);
		left = (int)(dl - (long long)time(NULL));
		if (left < 0)
			left = 0;
		if (left == vf->left)
			return 0;
		vf->left = left;
		view_firewall_msg_clear(vf);
		view_firewall_msg(vf, TUI_S_ERROR, tui_text(N_("CHECK YOUR "
		    "ACCESS NOW: open a NEW SSH session.")));
		xasprintf(&s, tui_text(N_("%d s left: press y to keep the "
		    "change.")), left);
		view_firewall_msg(vf, TUI_S_BOLD, s);
		free(s);
		view_firewall_msg(vf, TUI_S_PLAIN, tui_text(N_("Otherwise it "
		    "is rolled back, even if this session drops.")));
		view_firewall_msg(vf, TUI_S_PLAIN, tui_text(N_("(Or confirm "
		    "with: mailharden ports confirm)")));
		return 0;
	}
	view_firewall_msg_clear(vf);
	if (detail != NULL && (nl = strchr(detail, '\n')) != NULL)
		*nl = '\0';
	switch (st) {
	case CONFIRM_CONFIRMED:
		view_firewall_msg(vf, TUI_S_OK, tui_text(N_("Confirmed: the "
		    "change stays.")));
		vf->mark = TUI_MARK_DONE;
		break;
	case CONFIRM_ROLLED_BACK:
		view_firewall_msg(vf, TUI_S_ERROR, tui_text(N_("NOT CONFIRMED "
		    "in time: the change was rolled back.")));
		vf->mark = TUI_MARK_ERROR;
		break;
	default:
		view_firewall_msg(vf, TUI_S_ERROR, tui_text(N_("The rollback "
		    "watcher ended without an answer: see mailharden audit "
		    "show.")));
		vf->mark = TUI_MARK_ERROR;
		break;
	}
	if (detail != NULL && *detail != '\0')
		view_firewall_msg(vf, TUI_S_PLAIN, detail);
	free(detail);
	return 1;
}

static void
view_firewall_reading(struct view_firewall *vf, int on)
{
	size_t	i;

	vf->reading = on;
	for (i = 0; i < vf->nrows; i++)
		if (on || vf->rows[i].known < 0)
			vf->rows[i].known = on ? -1 : 0;
}

static int
view_firewall_work(struct tui *t, void *arg)
{
	struct view_firewall	*vf = arg;

	switch (vf->mode) {
	case VIEW_FIREWALL_DETECT:
		if (!vf->running) {
			vf->running = 1;
			return 1;
		}
		view_firewall_detect(t, vf);
		vf->running = 0;
		vf->mode = VIEW_FIREWALL_SELECT;
		return 1;
	case VIEW_FIREWALL_APPLY:
		if (!vf->running) {
			vf->running = 1;
			view_firewall_msg_clear(vf);
			view_firewall_msg(vf, TUI_S_BOLD,
			    tui_text(N_("Applying the plan...")));
			return 1;
		}
		vf->running = 0;
		view_firewall_apply(t, vf);
		return 1;
	case VIEW_FIREWALL_COUNTDOWN:
		if (view_firewall_countdown(vf, t->opts->state_dir)) {
			view_firewall_done(vf);
			vf->mode = VIEW_FIREWALL_SELECT;
			vf->status_pending = 1;
			return 1;
		}
		if (vf->info != NULL) {
			view_firewall_info(t, vf);
			refreshCDKScreen(t->screen);
		}
		return 0;
	default:
		if (!vf->be_pending && !vf->status_pending)
			return 0;
		if (!vf->reading) {
			/* show "..." first, ask the backend on the next turn */
			view_firewall_reading(vf, 1);
			return 1;
		}
		if (vf->be_pending) {
			vf->be_pending = 0;
			view_firewall_next_backend(vf);
			if (!vf->status_pending)
				view_firewall_reading(vf, 0);
			return 1;
		}
		vf->status_pending = 0;
		view_firewall_status(vf);
		vf->reading = 0;
		return 1;
	}
}

/* y during the countdown: the same confirmation as ports confirm. */
static void
view_firewall_keep(struct view_firewall *vf, const struct mh_opts *opts)
{
	enum confirm_state	 st;
	char			*cause = NULL, *s;

	view_firewall_msg_clear(vf);
	if (firewall_confirm(vf->audit, opts->state_dir, vf->plan->id,
	    "operator confirms in the wizard", &st, &cause) == -1) {
		xasprintf(&s, "%s %s", tui_text(N_("Cannot confirm:")), cause);
		view_firewall_msg(vf, TUI_S_ERROR, s);
		free(s);
		free(cause);
		return;		/* still counting down */
	}
	if (st == CONFIRM_CONFIRMED) {
		view_firewall_msg(vf, TUI_S_OK, tui_text(N_("Confirmed: the "
		    "change stays.")));
		vf->mark = TUI_MARK_DONE;
	} else {
		view_firewall_msg(vf, TUI_S_ERROR, tui_text(N_("Too late: the "
		    "change was already rolled back.")));
		vf->mark = TUI_MARK_ERROR;
	}
	view_firewall_done(vf);
	vf->mode = VIEW_FIREWALL_SELECT;
	vf->status_pending = 1;
}

static void
view_firewall_windows(struct tui *t, struct view_firewall *vf)
{
	struct buf	 b, txt;
	int		 v[FW_MAX_PORTS];
	size_t		 n;
	char		*s, *title;

	if ((n = view_firewall_chosen(vf, v)) == 0) {
		n = 1;
		v[0] = 25;
	}
	buf_init(&b, 0);
	buf_init(&txt, 0);
	firewall_windows(v, n, tui_text, &b);
	s = tui_data(buf_str(&b));
	buf_adds(&txt, s);
	free(s);
	buf_adds(&txt, "\n");
	buf_adds(&txt, tui_text(N_("Esc or Enter closes this window.")));
	xasprintf(&title, "<C></B>%s<!B>", tui_text(N_("Windows Server: "
	    "the same ports")));
	tui_widgets_text(t, title, buf_str(&txt));
	free(title);
	buf_clear(&b);
	buf_clear(&txt);
}

static void
view_firewall_cloud(struct tui *t, struct view_firewall *vf)
{
	struct buf	 b, txt;
	int		 v[FW_MAX_PORTS], found;
	size_t		 n;
	char		*s, *title, *cause = NULL;

	if ((n = view_firewall_chosen(vf, v)) == 0) {
		n = 1;
		v[0] = 25;
	}
	buf_init(&b, 0);
	buf_init(&txt, 0);
	if (firewall_cloud(t->opts->root, NULL, v, n, tui_text, 0, &b,
	    &found, &cause) != 0) {
		buf_adds(&b, cause);
		free(cause);
	}
	s = tui_data(buf_str(&b));
	buf_adds(&txt, s);
	free(s);
	buf_adds(&txt, "\n");
	buf_adds(&txt, tui_text(N_("Esc or Enter closes this window.")));
	xasprintf(&title, "<C></B>%s<!B>", tui_text(N_("Cloud / provider: "
	    "outside this server")));
	tui_widgets_text(t, title, buf_str(&txt));
	free(title);
	buf_clear(&b);
	buf_clear(&txt);
}

static enum tui_result
view_firewall_key(struct tui *t, void *arg, int key)
{
	struct view_firewall	*vf = arg;

	if (vf->list == NULL || vf->mode == VIEW_FIREWALL_DETECT ||
	    vf->mode == VIEW_FIREWALL_APPLY)
		return TUI_IGNORED;
	switch (key) {
	case 'c':
	case 'C':
		view_firewall_cloud(t, vf);
		refreshCDKScreen(t->screen);
		return TUI_HANDLED;
	case 'w':
	case 'W':
		view_firewall_windows(t, vf);
		refreshCDKScreen(t->screen);
		return TUI_HANDLED;
	}
	if (vf->mode == VIEW_FIREWALL_COUNTDOWN) {
		if (key != 'y' && key != 'Y')
			return TUI_IGNORED;
		view_firewall_keep(vf, t->opts);
		return TUI_REDRAW;
	}
	if (tui_widgets_nav_key(key) && key != KEY_LEFT && key != KEY_RIGHT) {
		injectCDKScroll(vf->list, key);
		vf->row = getCDKScrollCurrentItem(vf->list);
		view_firewall_info(t, vf);
		refreshCDKScreen(t->screen);
		return TUI_HANDLED;
	}
	switch (key) {
	case ' ':
		vf->row = getCDKScrollCurrentItem(vf->list);
		if (vf->row >= 0 && (size_t)vf->row < vf->nrows)
			vf->rows[vf->row].on = !vf->rows[vf->row].on;
		/* rebuild: CDK leaks items set twice on one scroll list */
		return TUI_REDRAW;
	case 'b':
	case 'B':
		if (!vf->reading)
			vf->be_pending = 1;
		return TUI_HANDLED;
	case 'p':
	case 'P':
		if (vf->reading || vf->be_pending)
			return TUI_HANDLED;
		view_firewall_show_plan(t, vf);
		refreshCDKScreen(t->screen);
		return TUI_HANDLED;
	case 'a':
	case 'A':
		if (vf->reading || vf->be_pending)
			return TUI_HANDLED;
		view_firewall_ask_apply(t, vf);
		refreshCDKScreen(t->screen);
		return TUI_HANDLED;
	}
	return TUI_IGNORED;
}

static enum tui_result
view_firewall_answer(struct tui *t, void *arg, int action)
{
	struct view_firewall	*vf = arg;

	(void)t;
	if (action != VIEW_FIREWALL_ACT_APPLY || vf->plan == NULL ||
	    vf->mode != VIEW_FIREWALL_SELECT)
		return TUI_IGNORED;
	vf->mode = VIEW_FIREWALL_APPLY;
	vf->running = 0;
	return TUI_REDRAW;
}

static const char *const *
view_firewall_hints_now(void *arg)
{
	struct view_firewall	*vf = arg;

	switch (vf->mode) {
	case VIEW_FIREWALL_COUNTDOWN:
		return view_firewall_hints_wait;
	case VIEW_FIREWALL_SELECT:
		if (vf->reading)
			return view_firewall_hints_busy;
		return view_firewall_hints;
	default:
		return view_firewall_hints_busy;
	}
}

static enum tui_mark
view_firewall_mark(void *arg)
{
	struct view_firewall	*vf = arg;

	return vf->mark;
}

const struct tui_view view_firewall = {
	.name = "firewall",
	.title = N_("Firewall"),
	.hints = view_firewall_hints,
	.init = view_firewall_init,
	.build = view_firewall_build,
	.unbuild = view_firewall_unbuild,
	.focus = view_firewall_focus,
	.key = view_firewall_key,
	.work = view_firewall_work,
	.mark = view_firewall_mark,
	.free = view_firewall_free,
	.hints_now = view_firewall_hints_now,
	.answer = view_firewall_answer
};
