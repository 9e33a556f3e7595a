/*
 * view_records.c - step 5, DNS records: the records generated for the
 * configured domain (records.c) in zone, table or plain form (v cycles),
 * o writes the current form to ./<domain>.records.txt through the plan
 * engine and the audit log, V or F5 verifies what is published
 * (records_verify.c) and lists each finding with its fix; Enter on a
 * finding opens its text, fix and the evidence.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "buf.h"
#include "cli/cli.h"
#include "detect.h"
#include "fact.h"
#include "postconf.h"
#include "plan.h"
#include "records.h"
#include "records_local.h"
#include "records_verify.h"
#include "settings.h"
#include "zone.h"
#include "tui/tui_int.h"

#define VIEW_RECORDS_ACT_WRITE	501

enum view_records_mode {
	VIEW_RECORDS_SHOW,
	VIEW_RECORDS_VERIFY
};

struct view_records {
	struct settings		 s;
	struct records		 rs;
	int			 have;		/* rs generated */
	char			*error;		/* no domain, failure */
	int			 no_domain;	/* Domain step not done */
	char			*status;	/* last write / verify line */
	char			*out_path;	/* where o writes (asked) */
	struct records_local	 rl;		/* DKIM key, TLSA, PTR */
	enum zone_fmt		 fmt;
	enum view_records_mode	 mode;
	int			 verify_pending;
	int			 verify_running;
	int			 verified;
	struct facts		*vfs;
	struct spf_findings	 vout;
	int			 row;
	int			 focused;
	struct tui_rect		 rect;
	CDKSCROLL		*list;
};

static const char *const view_records_hints[] = {
	N_("v Zone/table/plain"),
	N_("o Write file"),
	N_("V Verify"),
	NULL
};

static const char *const view_records_hints_verify[] = {
	N_("Enter Evidence"),
	N_("v Records"),
	N_("V Verify again"),
	NULL
};

/*
 * This server's part of the records (the DKIM key, the MTA's certificate
 * for TLSA, the provider's PTR procedure), as "records generate" finds
 * them; what is missing becomes the status line.
 */
static void
view_records_local(struct tui *t, struct view_records *vr,
    struct records_opts *ro, struct facts *fs)
{
	struct detect_ctx	 ctx;
	struct buf		 notes;
	char			*p;

	detect_ctx_init(&ctx, t->opts->root);
	detect_cloud_run(&ctx, fs);
	detect_mta_run(&ctx, fs);
	postconf_run(&ctx, NULL, fs);
	buf_init(&notes, 0);
	records_local_clear(&vr->rl);
	records_local_fill(&vr->rl, ro, fs, NULL, &notes);
	for (p = notes.data; p != NULL && (p = strchr(p, '\n')) != NULL;)
		*p = ' ';
	free(vr->status);
	if (ro->dkim_value == NULL && ro->selector != NULL)
		vr->status = xstrdup(tui_text(N_("no DKIM key yet (dkim "
		    "keygen)")));
	else
		vr->status = notes.len > 0 ? buf_steal(&notes) : NULL;
	buf_clear(&notes);
}

static void
view_records_load(struct tui *t, struct view_records *vr)
{
	struct records_opts	 ro;
	struct facts		*fs;
	char			*cause = NULL;

	settings_clear(&vr->s);
	settings_init(&vr->s);
	records_clear(&vr->rs);
	memset(&vr->rs, 0, sizeof vr->rs);
	vr->have = 0;
	free(vr->error);
	vr->error = NULL;
	fs = facts_create();
	settings_detect(t->opts->root, fs);
	if (settings_resolve(&vr->s, t->opts->config != NULL ?
	    t->opts->config : SETTINGS_DEFAULT_PATH, fs, NULL, &cause) == -1) {
		xasprintf(&vr->error, "%s", cause);
		free(cause);
		goto out;
	}
	vr->no_domain = settings_domain(&vr->s) == NULL;
	if (vr->no_domain) {
		vr->error = xstrdup(tui_text(N_("No mail domain is configured:"
		    " set it in the Domain step first.")));
		goto out;
	}
	records_opts_init(&ro);
	ro.domain = settings_domain(&vr->s);
	ro.hostname = vr->s.v[SETTINGS_HOSTNAME];
	ro.ipv4 = vr->s.v[SETTINGS_IPV4];
	ro.ipv6 = vr->s.v[SETTINGS_IPV6];
	ro.allow_private = vr->s.allow_private;
	ro.selector = vr->s.v[SETTINGS_SELECTOR];
	ro.dmarc_policy = vr->s.v[SETTINGS_POLICY];
	ro.dmarc_rua = vr->s.v[SETTINGS_RUA];
	view_records_local(t, vr, &ro, fs);
	if (records_generate(&ro, &vr->rs, &cause) == -1) {
		xasprintf(&vr->error, "%s", cause);
		free(cause);
		goto out;
	}
	vr->have = 1;
out:
	facts_free(fs);
}

static void *
view_records_init(struct tui *t)
{
	struct view_records	*vr;

	vr = xcalloc(1, sizeof *vr);
	settings_init(&vr->s);
	vr->fmt = ZONE_FMT_ZONE;
	view_records_load(t, vr);
	return vr;
}

static void
view_records_free(void *arg)
{
	struct view_records	*vr = arg;

	if (vr == NULL)
		return;
	records_clear(&vr->rs);
	settings_clear(&vr->s);
	facts_free(vr->vfs);
	spf_findings_free(&vr->vout);
	free(vr->error);
	free(vr->status);
	free(vr->out_path);
	records_local_clear(&vr->rl);
	free(vr);
}

/*
 * The text of the current format: ASCII box lines on screen (CDK draws
 * one byte per cell), as the options say in the file.
 */
static void
view_records_text(struct view_records *vr, int ascii, struct buf *b)
{
	int	w;

	w = vr->fmt == ZONE_FMT_PLAIN ? 0 : vr->rect.w - 4;
	if (w < 40)
		w = 40;
	zone_write(&vr->rs, vr->fmt, vr->fmt == ZONE_FMT_PLAIN ? 4096 : w,
	    ascii, b);
}

static void
view_records_add(char ***items, size_t *n, const char *s)
{
	*items = xreallocarray(*items, *n + 1, sizeof **items);
	(*items)[(*n)++] = tui_data(s);
}

static void
view_records_items(struct tui *t, struct view_records *vr, char ***itemsp,
    size_t *np)
{
	struct buf	 b, l;
	char		*s, *p, *line;
	size_t		 i;

	(void)t;
	*itemsp = NULL;
	*np = 0;
	buf_init(&b, 0);
	buf_init(&l, 0);
	if (vr->mode == VIEW_RECORDS_VERIFY) {
		if (!vr->verified)
			view_records_add(itemsp, np, tui_text(N_("Verifying "
			    "the published records (read-only)...")));
		else if (vr->vout.n == 0)
			view_records_add(itemsp, np, tui_text(N_("No "
			    "findings: the published records match.")));
		for (i = 0; vr->verified && i < vr->vout.n; i++) {
			buf_reset(&l);
			buf_printf(&l, "[%s] %s %s",
			    tui_text(spf_sev_name(vr->vout.v[i].sev)),
			    vr->vout.v[i].id, vr->vout.v[i].text);
			view_records_add(itemsp, np, buf_str(&l));
			if (*vr->vout.v[i].fix != '\0') {
				buf_reset(&l);
				buf_printf(&l, "    %s %s",
				    tui_text(N_("fix:")), vr->vout.v[i].fix);
				view_records_add(itemsp, np, buf_str(&l));
			}
		}
		goto out;
	}
	if (vr->error != NULL) {
		view_records_add(itemsp, np, vr->error);
		goto out;
	}
	view_records_text(vr, 1, &b);
	s = xstrdup(buf_str(&b));
	for (p = s; (line = strsep(&p, "\n")) != NULL;) {
		if (p == NULL && *line == '\0')
			break;
		view_records_add(itemsp, np, line);
	}
	free(s);
out:
	if (*np == 0)
		view_records_add(itemsp, np, "");
	buf_clear(&b);
	buf_clear(&l);
}

static char *
view_records_title(struct view_records *vr)
{
	char		*s, *line;
	const char	*what;
	int		 w = vr->rect.w - 4;

	if (vr->mode == VIEW_RECORDS_VERIFY)
		what = tui_text(N_("verify"));
	else
		what = zone_fmt_name(vr->fmt);
	/* one line: a longer title would widen the box past the screen */
	xasprintf(&line, "%s: %s  %s", vr->have ? vr->rs.domain : "-", what,
	    vr->status != NULL ? vr->status : "");
	xasprintf(&s, "<C></B>%s<!B>\n<C>%.*s",
	    tui_text(N_("5 DNS records: generate and verify")),
	    w > 10 ? w : 10, line);
	free(line);
	return s;
}

static void
view_records_build(struct tui *t, void *arg, const struct tui_rect *r)
{
	struct view_records	*vr = arg;
	char			*title, **items;
	size_t			 n, i;

	vr->rect = *r;
	title = view_records_title(vr);
	view_records_items(t, vr, &items, &n);
	vr->list = newCDKScroll(t->screen, r->x, r->y, RIGHT, r->h, r->w - 1,
	    title, (CDK_CSTRING2)items, (int)n, FALSE, A_REVERSE, TRUE,
	    FALSE);
	free(title);
	if (vr->list != NULL) {
		if (vr->row >= (int)n)
			vr->row = (int)n - 1;
		if (vr->row < 0)
			vr->row = 0;
		setCDKScrollCurrentItem(vr->list, vr->row);
	}
	for (i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

static void
view_records_unbuild(struct tui *t, void *arg)
{
	struct view_records	*vr = arg;

	(void)t;
	if (vr->list != NULL) {
		destroyCDKScroll(vr->list);
		vr->list = NULL;
	}
}

static void
view_records_focus(struct tui *t, void *arg, int on)
{
	struct view_records	*vr = arg;

	(void)t;
	vr->focused = on;
	if (vr->list != NULL)
		setCDKScrollHighlight(vr->list, on ? A_REVERSE : A_BOLD);
}

static void
view_records_verify(struct tui *t, struct view_records *vr)
{
	struct records_verify_opts	 o;
	char				*cause = NULL;
	size_t				 i;
	int				 bad = 0;

	facts_free(vr->vfs);
	spf_findings_free(&vr->vout);
	memset(&vr->vout, 0, sizeof vr->vout);
	vr->vfs = facts_create();
	memset(&o, 0, sizeof o);
	o.domain = settings_domain(&vr->s);
	o.hostname = vr->s.v[SETTINGS_HOSTNAME];
	o.ipv4 = vr->s.v[SETTINGS_IPV4];
	o.ipv6 = vr->s.v[SETTINGS_IPV6];
	o.selector = vr->s.v[SETTINGS_SELECTOR];
	o.dns_server = t->opts->dns_server;
	free(vr->status);
	if (records_verify(&o, vr->vfs, &vr->vout, &cause) == -1) {
		xasprintf(&vr->status, "%s: %s", tui_text(N_("verify "
		    "failed")), cause);
		free(cause);
	} else {
		for (i = 0; i < vr->vout.n; i++)
			if (vr->vout.v[i].sev > SPF_SEV_INFO)
				bad++;
		xasprintf(&vr->status, tui_text(N_("%zu findings, %d to "
		    "fix")), vr->vout.n, bad);
	}
	vr->verified = 1;
}

static int
view_records_work(struct tui *t, void *arg)
{
	struct view_records	*vr = arg;

	if (!vr->verify_pending)
		return 0;
	if (!vr->verify_running) {
		vr->verify_running = 1;
		return 1;	/* draw "Verifying..." first */
	}
	vr->verify_pending = 0;
	vr->verify_running = 0;
	view_records_verify(t, vr);
	return 1;
}

/* The finding behind list row i (a finding or its fix line). */
static int
view_records_finding(struct view_records *vr, int row)
{
	size_t	i;
	int	r = 0;

	for (i = 0; i < vr->vout.n; i++) {
		if (row == r)
			return (int)i;
		r++;
		if (*vr->vout.v[i].fix != '\0') {
			if (row == r)
				return (int)i;
			r++;
		}
	}
	return -1;
}

static void
view_records_evidence(struct tui *t, struct view_records *vr, int i)
{
	const struct spf_finding	*f = &vr->vout.v[i];
	const struct fact		*fa;
	struct buf			 b;
	char				*s, *title;
	size_t				 j, k;

	buf_init(&b, 0);
	s = tui_data(f->id);
	tui_style(t, &b, TUI_S_BOLD, s);
	free(s);
	s = tui_data(f->text);
	buf_printf(&b, " [%s]\n%s\n", tui_text(spf_sev_name(f->sev)), s);
	free(s);
	if (*f->fix != '\0') {
		s = tui_data(f->fix);
		buf_printf(&b, "\n%s %s\n", tui_text(N_("Fix:")), s);
		free(s);
	}
	buf_printf(&b, "\n%s\n", tui_text(N_("What was looked up:")));
	for (j = 0; vr->vfs != NULL && j < vr->vfs->n; j++) {
		fa = &vr->vfs->v[j];
		title = fact_value_text(fa);
		s = tui_data(title);
		free(title);
		title = tui_data(fa->name);
		buf_printf(&b, "  %s = %s\n", title, s);
		free(title);
		free(s);
		for (k = 0; k < fa->nev; k++) {
			s = tui_data(fa->ev[k].text != NULL ?
			    fa->ev[k].text : "");
			title = tui_data(fa->ev[k].source != NULL ?
			    fa->ev[k].source : "");
			buf_printf(&b, "      %s: %s\n", title, s);
			free(title);
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

static char *
view_records_path(struct view_records *vr)
{
	char	*cwd, *path;

	if (vr->out_path != NULL)
		return xstrdup(vr->out_path);
	if ((cwd = getcwd(NULL, 0)) == NULL)
		cwd = xstrdup(".");
	xasprintf(&path, "%s/%s.records.txt", cwd, vr->rs.domain);
	free(cwd);
	return path;
}

/* Ask where to write; 0 when a path was given (vr->out_path). */
static int
view_records_ask_path(struct tui *t, struct view_records *vr)
{
	char	*def, *p, *cwd;

	def = view_records_path(vr);
	p = tui_widgets_ask(t, &vr->rect, tui_text(N_("Write the records to "
	    "this file")), def);
	free(def);
	if (p == NULL || *p == '\0') {
		free(p);
		return -1;
	}
	free(vr->out_path);
	if (*p == '/')
		vr->out_path = p;
	else {
		if ((cwd = getcwd(NULL, 0)) == NULL)
			cwd = xstrdup(".");
		xasprintf(&vr->out_path, "%s/%s", cwd, p);
		free(cwd);
		free(p);
	}
	return 0;
}

static void
view_records_write(struct tui *t, struct view_records *vr)
{
	struct buf	 b;
	char		*path;

	buf_init(&b, 0);
	view_records_text(vr, t->opts->ascii, &b);
	path = view_records_path(vr);
	free(vr->status);
	vr->status = NULL;
	tui_widgets_write(t, "records", tui_text(N_("write the DNS records")),
	    path, buf_str(&b), &vr->status);
	free(path);
	buf_clear(&b);
}

static enum tui_result
view_records_answer(struct tui *t, void *arg, int action)
{
	struct view_records	*vr = arg;

	if (action != VIEW_RECORDS_ACT_WRITE || !vr->have)
		return TUI_IGNORED;
	view_records_write(t, vr);
	return TUI_REDRAW;
}

static enum tui_result
view_records_key(struct tui *t, void *arg, int key)
{
	struct view_records	*vr = arg;
	char			*q, *path;
	int			 i;

	if (vr->list == NULL)
		return TUI_IGNORED;
	if (tui_widgets_nav_key(key)) {
		injectCDKScroll(vr->list, key);
		vr->row = getCDKScrollCurrentItem(vr->list);
		return TUI_HANDLED;
	}
	switch (key) {
	case 'v':
		if (vr->mode == VIEW_RECORDS_VERIFY)
			vr->mode = VIEW_RECORDS_SHOW;
		else if (vr->fmt == ZONE_FMT_ZONE)
			vr->fmt = ZONE_FMT_TABLE;
		else if (vr->fmt == ZONE_FMT_TABLE)
			vr->fmt = ZONE_FMT_PLAIN;
		else
			vr->fmt = ZONE_FMT_ZONE;
		vr->row = 0;
		return TUI_REDRAW;
	case 'o':
		if (!vr->have || vr->mode != VIEW_RECORDS_SHOW)
			return TUI_HANDLED;
		if (view_records_ask_path(t, vr) == -1)
			return TUI_REDRAW;
		path = view_records_path(vr);
		xasprintf(&q, tui_text(N_("Write the %s records to %s%s?")),
		    zone_fmt_name(vr->fmt), path, t->opts->dry_run ?
		    tui_text(N_(" (dry run)")) : "");
		tui_widgets_confirm(t, q, VIEW_RECORDS_ACT_WRITE);
		free(q);
		free(path);
		return TUI_REDRAW;
	case 'V':
	case KEY_F(5):
		if (!vr->have || vr->verify_pending)
			return TUI_HANDLED;
		vr->mode = VIEW_RECORDS_VERIFY;
		vr->verified = 0;
		vr->verify_pending = 1;
		vr->verify_running = 0;
		vr->row = 0;
		return TUI_REDRAW;
	case KEY_ENTER:
	case '\n':
	case '\r':
		if (vr->mode != VIEW_RECORDS_VERIFY || !vr->verified)
			return TUI_HANDLED;
		i = view_records_finding(vr, getCDKScrollCurrentItem(
		    vr->list));
		if (i >= 0) {
			view_records_evidence(t, vr, i);
			refreshCDKScreen(t->screen);
		}
		return TUI_HANDLED;
	}
	return TUI_IGNORED;
}

static enum tui_mark
view_records_mark(void *arg)
{
	struct view_records	*vr = arg;
	size_t			 i;

	if (vr->error != NULL)	/* no domain yet is a step still to do */
		return vr->no_domain ? TUI_MARK_TODO : TUI_MARK_ERROR;
	if (!vr->verified)
		return TUI_MARK_TODO;
	for (i = 0; i < vr->vout.n; i++)
		if (vr->vout.v[i].sev > SPF_SEV_INFO)
			return TUI_MARK_PARTIAL;
	return TUI_MARK_DONE;
}

static const char *const *
view_records_hints_now(void *arg)
{
	struct view_records	*vr = arg;

	return vr->mode == VIEW_RECORDS_VERIFY ? view_records_hints_verify :
	    view_records_hints;
}

static const struct facts *
view_records_facts(void *arg)
{
	struct view_records	*vr = arg;

	return vr->verified ? vr->vfs : NULL;
}

const struct tui_view view_records = {
	.name = "records",
	.title = N_("DNS records"),
	.hints = view_records_hints,
	.init = view_records_init,
	.build = view_records_build,
	.unbuild = view_records_unbuild,
	.focus = view_records_focus,
	.key = view_records_key,
	.work = view_records_work,
	.mark = view_records_mark,
	.free = view_records_free,
	.hints_now = view_records_hints_now,
	.answer = view_records_answer,
	.facts = view_records_facts,
};
