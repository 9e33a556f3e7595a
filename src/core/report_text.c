/*
 * report_text.c - the report as plain text for a printer: every line at
 * most REPORT_TEXT_WIDTH display columns (CJK counts two), long values
 * wrapped, pages of at most REPORT_TEXT_PAGE lines that start with the
 * page header "mailharden report - HOST - page N" (pages after the
 * first begin with a form feed).  The document is built as blocks of
 * lines; a block (an item, a table) is never split across pages when it
 * fits on one.
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "buf.h"
#include "check.h"
#include "checklist.h"
#include "fact.h"
#include "factdef.h"
#include "json.h"
#include "report.h"
#include "report_int.h"
#include "waiver.h"

#define W		REPORT_TEXT_WIDTH
#define IND		10		/* item details start here */
#define LABEL_MAX	24

struct report_text_block {
	char	**line;
	size_t	  n;
	size_t	  cap;
};

struct report_text_doc {
	struct report_text_block	*b;
	size_t				 n;
	size_t				 cap;
};

static struct report_text_block *
report_text_block(struct report_text_doc *d)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->b = xreallocarray(d->b, d->cap, sizeof *d->b);
	}
	memset(&d->b[d->n], 0, sizeof d->b[d->n]);
	return &d->b[d->n++];
}

static void
report_text_push(struct report_text_block *b, char *line)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->line = xreallocarray(b->line, b->cap, sizeof *b->line);
	}
	b->line[b->n++] = line;
}

static void
report_text_add(struct report_text_block *b, const char *s)
{
	report_text_push(b, xstrdup(s));
}

static void
report_text_doc_free(struct report_text_doc *d)
{
	size_t	i, j;

	for (i = 0; i < d->n; i++) {
		for (j = 0; j < d->b[i].n; j++)
			free(d->b[i].line[j]);
		free(d->b[i].line);
	}
	free(d->b);
}

/* One character at s: its byte length and display width. */
static size_t
report_text_char(const char *s, size_t left, int *cw)
{
	mbstate_t	st;
	wchar_t		wc;
	size_t		n;

	memset(&st, 0, sizeof st);
	n = mbrtowc(&wc, s, left, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*cw = 1;
		return 1;
	}
	if ((*cw = wcwidth(wc)) < 0)
		*cw = 1;
	return n;
}

/* s cut to at most max display columns ("..." marks a cut). */
static char *
report_text_trunc(const char *s, size_t max)
{
	struct buf	b;
	size_t		w = 0, n, left = strlen(s);
	int		cw;

	if (mh_width(s) <= max)
		return xstrdup(s);
	buf_init(&b, 0);
	while (left > 0) {
		n = report_text_char(s, left, &cw);
		if (w + (size_t)cw + 3 > max)
			break;
		buf_add(&b, s, n);
		w += (size_t)cw;
		s += n;
		left -= n;
	}
	buf_adds(&b, "...");
	return buf_steal(&b);
}

struct report_text_wrap {
	struct report_text_block	*blk;
	struct buf			 cur;
	size_t				 curw;
	size_t				 indent;
	int				 empty;	/* nothing after the prefix */
};

static void
report_text_wrap_flush(struct report_text_wrap *w)
{
	report_text_add(w->blk, buf_str(&w->cur));
	buf_reset(&w->cur);
	buf_printf(&w->cur, "%*s", (int)w->indent, "");
	w->curw = w->indent;
	w->empty = 1;
}

static void
report_text_wrap_token(struct report_text_wrap *w, const char *t,
    size_t len)
{
	size_t	tw = 0, i, n;
	int	cw, wide = 0;

	for (i = 0; i < len; i += n) {
		n = report_text_char(t + i, len - i, &cw);
		tw += (size_t)cw;
		if (cw > 1)
			wide = 1;
	}
	if (w->curw + (w->empty ? 0 : 1) + tw <= W) {
		if (!w->empty)
			buf_addc(&w->cur, ' ');
		buf_add(&w->cur, t, len);
		w->curw += (w->empty ? 0 : 1) + tw;
		w->empty = 0;
		return;
	}
	if (!wide && tw <= W - w->indent) {
		report_text_wrap_flush(w);
		buf_add(&w->cur, t, len);
		w->curw += tw;
		w->empty = 0;
		return;
	}
	/* Too long for any line (a hash, a path) or CJK: cut anywhere. */
	if (!w->empty && w->curw + 2 < W) {
		buf_addc(&w->cur, ' ');
		w->curw++;
	}
	for (i = 0; i < len; i += n) {
		n = report_text_char(t + i, len - i, &cw);
		if (w->curw + (size_t)cw > W)
			report_text_wrap_flush(w);
		buf_add(&w->cur, t + i, n);
		w->curw += (size_t)cw;
		w->empty = 0;
	}
}

/*
 * Add text to the block: the first line starts with prefix, the others
 * with indent spaces; words are wrapped at W columns, a newline in the
 * text starts a new line.
 */
static void
report_text_wrap(struct report_text_block *blk, const char *prefix,
    size_t indent, const char *text)
{
	struct report_text_wrap	 w;
	const char		*p, *e;

	if (indent > W / 2)
		indent = W / 2;
	memset(&w, 0, sizeof w);
	w.blk = blk;
	w.indent = indent;
	buf_init(&w.cur, 0);
	buf_adds(&w.cur, prefix);
	w.curw = mh_width(prefix);
	w.empty = 1;
	if (w.curw > W)
		report_text_wrap_flush(&w);
	p = text != NULL ? text : "";
	while (*p != '\0') {
		if (*p == '\n') {
			report_text_wrap_flush(&w);
			p++;
			continue;
		}
		if (*p == ' ' || *p == '\t' || *p == '\r') {
			p++;
			continue;
		}
		e = p + strcspn(p, " \t\r\n");
		report_text_wrap_token(&w, p, (size_t)(e - p));
		p = e;
	}
	report_text_add(blk, buf_str(&w.cur));
	buf_clear(&w.cur);
}

/* "label: " padded to lw columns, then the wrapped value. */
static void
report_text_field(struct report_text_block *b, size_t pad,
    const char *label, size_t lw, const char *value)
{
	struct buf	p;
	char		*l;

	buf_init(&p, 0);
	buf_printf(&p, "%*s", (int)pad, "");
	xasprintf(&l, "%s:", label);
	buf_add_padded(&p, l, lw + 1);
	buf_addc(&p, ' ');
	free(l);
	report_text_wrap(b, buf_str(&p), pad + (lw + 2 > LABEL_MAX + 2 ?
	    4 : lw + 2), value);
	buf_clear(&p);
}

static void
report_text_rule(struct report_text_block *b, char c)
{
	char	line[W + 1];

	memset(line, c, W);
	line[W] = '\0';
	report_text_add(b, line);
}

static void
report_text_heading(struct report_text_block *b, const char *title,
    char c)
{
	report_text_wrap(b, "", 0, title);
	report_text_rule(b, c);
}

static size_t
report_text_labelw(const char *const *labels, size_t n)
{
	size_t	i, w, max = 0;

	for (i = 0; i < n; i++) {
		if ((w = mh_width(labels[i])) > max)
			max = w;
	}
	return max > LABEL_MAX ? LABEL_MAX : max;
}

static void
report_text_header(const struct report *r, struct report_text_doc *d)
{
	struct report_text_block	*b;
	const struct checklists		*ls = r->run->lists;
	const char			*lab[8];
	char				*os, *addr, *op, *v;
	char				 t0[REPORT_TIME_LEN];
	char				 t1[REPORT_TIME_LEN];
	size_t				 lw, i;

	lab[0] = _("Host");
	lab[1] = _("Operating system");
	lab[2] = _("Public addresses");
	lab[3] = _("Run id");
	lab[4] = _("Started");
	lab[5] = _("Finished");
	lab[6] = _("Operator");
	lab[7] = _("Tool version");
	lw = report_text_labelw(lab, nitems(lab));
	os = report_os(r);
	addr = report_addresses(r);
	op = report_operator_text(r);
	report_time(r->start, t0);
	report_time(r->end, t1);

	b = report_text_block(d);
	report_text_heading(b, _("MAIL SERVER SECURITY REPORT"), '=');
	report_text_add(b, "");
	report_text_field(b, 0, lab[0], lw, report_host(r));
	report_text_field(b, 0, lab[1], lw, os);
	report_text_field(b, 0, lab[2], lw, addr);
	report_text_field(b, 0, lab[3], lw, r->run_id != NULL ?
	    r->run_id : "-");
	report_text_field(b, 0, lab[4], lw, t0);
	report_text_field(b, 0, lab[5], lw, t1);
	report_text_field(b, 0, lab[6], lw, op);
	xasprintf(&v, "mailharden %s", r->version != NULL ? r->version :
	    PACKAGE_VERSION);
	report_text_field(b, 0, lab[7], lw, v);
	free(v);
	report_text_add(b, "");
	report_text_add(b, _("Checklists:"));
	for (i = 0; i < ls->n; i++) {
		xasprintf(&v, "%s %s - %s", ls->v[i].name,
		    ls->v[i].version != NULL ? ls->v[i].version : "-",
		    report_tr(ls->v[i].title));
		report_text_wrap(b, "  ", 4, v);
		free(v);
	}
	report_text_add(b, "");
	free(os);
	free(addr);
	free(op);
}

static void
report_text_score_row(struct report_text_block *b, const char *name,
    const struct check_score *sc)
{
	struct buf	 l;
	char		*n, pc[16];
	size_t		 v;
	int		 p;

	buf_init(&l, 0);
	n = report_text_trunc(name, 16);
	buf_add_padded(&l, n, 16);
	free(n);
	if ((p = report_percent(sc)) < 0)
		snprintf(pc, sizeof pc, "-");
	else
		snprintf(pc, sizeof pc, "%d%%", p);
	buf_printf(&l, " %5s", pc);
	for (v = 0; v < CHECK_NVERDICTS; v++)
		buf_printf(&l, " %7zu", sc->count[v]);
	report_text_add(b, buf_str(&l));
	buf_clear(&l);
}

static void
report_text_scores(const struct report *r, struct report_text_doc *d)
{
	struct report_text_block	*b;
	const struct check_run		*run = r->run;
	const struct check_score	*sc;
	struct buf			 l;
	char				*t;
	size_t				 i;

	b = report_text_block(d);
	report_text_heading(b, _("Scores"), '-');
	buf_init(&l, 0);
	t = report_text_trunc(_("Checklist"), 16);
	buf_add_padded(&l, t, 16);
	free(t);
	t = report_text_trunc(_("Score"), 5);
	buf_printf(&l, " %*s%s", (int)(5 - mh_width(t)), "", t);
	free(t);
	for (i = 0; i < CHECK_NVERDICTS; i++)
		buf_printf(&l, " %7s", report_verdict_name(i));
	report_text_add(b, buf_str(&l));
	buf_clear(&l);
	for (i = 0; i < run->lists->n; i++) {
		if ((sc = report_list_score(r, i)) != NULL)
			report_text_score_row(b, run->lists->v[i].name, sc);
	}
	report_text_add(b, "");
	for (i = CHECK_NSEV; i-- > 0; )
		report_text_score_row(b, report_severity_label(i),
		    &run->per_sev[i]);
	report_text_score_row(b, _("Total"), &run->total);
	report_text_add(b, "");
	report_text_wrap(b, "", 0, _("Score: passed items out of the "
	    "counted ones (PASS, FAIL, WARN, UNKNOWN and answered MANUAL). "
	    "WAIVED, N/A and unanswered MANUAL items are not counted."));
	if (run->nunused > 0) {
		buf_init(&l, 0);
		for (i = 0; i < run->nunused; i++)
			buf_printf(&l, "%s%s", i ? ", " : "",
			    run->unused_waivers[i]);
		report_text_wrap(b, _("Waivers for items in no checklist: "),
		    4, buf_str(&l));
		buf_clear(&l);
	}
	report_text_add(b, "");

	b = report_text_block(d);
	report_text_heading(b, _("Verdicts"), '-');
	for (i = 0; i < CHECK_NVERDICTS; i++) {
		xasprintf(&t, "%-9s", report_verdict_name(i));
		report_text_wrap(b, t, 9, report_verdict_legend(i));
		free(t);
	}
	report_text_add(b, "");
}

static void
report_text_evidence(struct report_text_block *b, const struct report *r,
    const struct check_result *res)
{
	const struct fact	*f;
	struct evidence		*ev;
	char			*v, *t, *p;
	size_t			 i, j;

	xasprintf(&p, "%*s%s", IND, "", _("Evidence:"));
	report_text_push(b, p);
	if (res->nfacts == 0) {
		xasprintf(&p, "%*s", IND + 2, "");
		report_text_wrap(b, p, IND + 4, _("(no facts: see the answer "
		    "or the reason)"));
		free(p);
	}
	for (i = 0; i < res->nfacts; i++) {
		f = r->facts != NULL ? facts_get(r->facts, res->facts[i]) :
		    NULL;
		if (f == NULL)
			v = xstrdup(_("(not gathered)"));
		else if (f->state != FACT_KNOWN) {
			t = fact_value_text(f);
			xasprintf(&v, "%s: %s", t, f->reason != NULL ?
			    f->reason : "?");
			free(t);
		} else
			v = fact_value_text(f);
		xasprintf(&t, "%s (%s) = %s", factdef_label(res->facts[i]),
		    res->facts[i], v);
		xasprintf(&p, "%*s- ", IND + 2, "");
		report_text_wrap(b, p, IND + 4, t);
		free(p);
		free(t);
		free(v);
		if (f == NULL)
			continue;
		for (j = 0; j < f->nev; j++) {
			ev = &f->ev[j];
			xasprintf(&p, "%*s%s ", IND + 4, "", _("from"));
			report_text_wrap(b, p, IND + 6, ev->source);
			free(p);
			if (ev->text == NULL || *ev->text == '\0')
				continue;
			xasprintf(&p, "%*s> ", IND + 6, "");
			report_text_wrap(b, p, IND + 8, ev->text);
			free(p);
		}
	}
}

static void
report_text_item(struct report_text_block *b, const struct report *r,
    const struct check_result *res)
{
	const struct check_item	*it = res->item;
	const struct waiver	*wv = res->waiver;
	const struct attest	*at = res->attest;
	struct buf		 x;
	char			*p, *t;
	size_t			 i, lw;
	const char		*lab[7];

	lab[0] = _("Severity");
	lab[1] = _("Finding");
	lab[2] = _("Rationale");
	lab[3] = _("Remediation");
	lab[4] = _("References");
	lab[5] = _("Waiver");
	lab[6] = _("Attestation");
	lw = report_text_labelw(lab, nitems(lab));

	xasprintf(&t, "[%s]", report_verdict_name(res->verdict));
	xasprintf(&p, "%-*s%s  ", IND, t, it->id);
	free(t);
	report_text_wrap(b, p, IND, report_tr(it->title));
	free(p);
	buf_init(&x, 0);
	buf_adds(&x, report_severity_label(it->severity));
	if (it->advisory)
		buf_printf(&x, "; %s", _("advisory"));
	if (res->verdict != res->raw)
		buf_printf(&x, "; %s %s", _("verdict without the waiver:"),
		    report_verdict_name(res->raw));
	report_text_field(b, IND, lab[0], lw, buf_str(&x));
	buf_clear(&x);
	if (res->why != NULL && *res->why != '\0')
		report_text_field(b, IND, lab[1], lw, res->why);
	if (it->rationale != NULL && *it->rationale != '\0')
		report_text_field(b, IND, lab[2], lw,
		    report_tr(it->rationale));
	report_text_evidence(b, r, res);
	if (it->fix_text != NULL && *it->fix_text != '\0' &&
	    res->verdict != CHECK_PASS && res->verdict != CHECK_NA) {
		report_text_field(b, IND, lab[3], lw,
		    report_tr(it->fix_text));
		for (i = 0; i < CHECK_NFIX; i++) {
			if (it->fix_cmd[i] == NULL)
				continue;
			xasprintf(&p, "%*s%s: ", IND + 2, "",
			    report_fix_key(i));
			report_text_wrap(b, p, IND + 4, it->fix_cmd[i]);
			free(p);
		}
	}
	if (it->nrefs > 0) {
		buf_init(&x, 0);
		for (i = 0; i < it->nrefs; i++)
			buf_printf(&x, "%s%s", i ? "; " : "", it->refs[i]);
		report_text_field(b, IND, lab[4], lw, buf_str(&x));
		buf_clear(&x);
	}
	if (wv != NULL) {
		buf_init(&x, 0);
		buf_printf(&x, _("%s (owner %s, expires %s)"), wv->reason,
		    wv->owner, wv->expires);
		if (res->waiver_expired)
			buf_printf(&x, " %s", _("EXPIRED: no longer "
			    "applies"));
		else if (res->raw == CHECK_PASS || res->raw == CHECK_NA)
			buf_printf(&x, " %s", _("(not needed: nothing to "
			    "waive)"));
		report_text_field(b, IND, lab[5], lw, buf_str(&x));
		buf_clear(&x);
	}
	if (at != NULL) {
		buf_init(&x, 0);
		buf_printf(&x, _("%s, by %s on %s"), at->yes ? _("yes") :
		    _("no"), at->by != NULL ? at->by : "?",
		    at->date != NULL ? at->date : "?");
		if (at->note != NULL && *at->note != '\0')
			buf_printf(&x, ": %s", at->note);
		report_text_field(b, IND, lab[6], lw, buf_str(&x));
		buf_clear(&x);
	} else if (it->manual)
		report_text_field(b, IND, lab[6], lw, _("not answered yet"));
	report_text_add(b, "");
}

static void
report_text_items(const struct report *r, struct report_text_doc *d)
{
	const struct check_run		*run = r->run;
	const struct checklist		*cl;
	struct report_text_block	*b;
	char				*t;
	size_t				 l, i, shown;

	for (l = 0; l < run->lists->n; l++) {
		cl = &run->lists->v[l];
		b = report_text_block(d);
		xasprintf(&t, _("Checklist %s %s: %s"), cl->name,
		    cl->version != NULL ? cl->version : "-",
		    report_tr(cl->title));
		report_text_heading(b, t, '-');
		free(t);
		if (cl->description != NULL && *cl->description != '\0')
			report_text_wrap(b, "", 0,
			    report_tr(cl->description));
		report_text_add(b, "");
		shown = 0;
		for (i = 0; i < run->nresults; i++) {
			if (run->results[i].list != cl)
				continue;
			/* The heading stays with the first item. */
			if (shown++ > 0)
				b = report_text_block(d);
			report_text_item(b, r, &run->results[i]);
		}
		if (shown == 0)
			report_text_add(b, _("(no items)"));
	}
}

static void
report_text_changes(const struct report *r, struct report_text_doc *d)
{
	const struct report_audit	*a = &r->audit;
	struct report_text_block	*b;
	const struct json		*rec;
	const char			*lab[5], *s, *u, *act;
	struct buf			 l;
	char				*t, *what;
	size_t				 lw, i;
	long long			 seq, st;

	lab[0] = _("Audit log");
	lab[1] = _("Hash chain");
	lab[2] = _("Head hash");
	lab[3] = _("Shown");
	lab[4] = _("Note");
	lw = report_text_labelw(lab, nitems(lab));
	b = report_text_block(d);
	report_text_heading(b, _("Changes from the audit log"), '-');
	report_text_field(b, 0, lab[0], lw, a->path != NULL ? a->path :
	    "-");
	if (!a->readable) {
		report_text_field(b, 0, lab[1], lw, a->why != NULL ? a->why :
		    _("not read"));
	} else {
		if (a->intact)
			xasprintf(&t, P_("intact: %zu record verified",
			    "intact: %zu records verified", a->records),
			    a->records);
		else
			xasprintf(&t, _("BROKEN at line %zu: %s"),
			    a->bad_line, a->bad_reason != NULL ?
			    a->bad_reason : "?");
		report_text_field(b, 0, lab[1], lw, t);
		free(t);
		report_text_field(b, 0, lab[2], lw, a->head != NULL &&
		    *a->head != '\0' ? a->head : "-");
		if (a->why != NULL)
			report_text_field(b, 0, lab[4], lw, a->why);
	}
	if (a->scope != NULL)
		report_text_field(b, 0, lab[3], lw, a->scope);
	report_text_add(b, "");
	if (a->readable && a->nrecs == 0) {
		report_text_add(b, _("(no changes recorded)"));
		report_text_add(b, "");
	}
	for (i = 0; i < a->nrecs; i++) {
		rec = a->recs[i];
		b = report_text_block(d);
		if (json_get_int(rec, "seq", &seq) == -1)
			seq = -1;
		if (json_get_int(rec, "status", &st) == -1)
			st = -1;
		s = json_get_str(rec, "time");
		u = json_get_str(rec, "sudo_user");
		if (u == NULL)
			u = json_get_str(rec, "user");
		act = json_get_str(rec, "action");
		buf_init(&l, 0);
		buf_printf(&l, "#%lld %.19s %s %s/%s", seq, s != NULL ? s :
		    "?", u != NULL ? u : "?", json_get_str(rec, "step") !=
		    NULL ? json_get_str(rec, "step") : "-", act != NULL ?
		    act : "?");
		if (st >= 0)
			buf_printf(&l, _(", exit status %lld"), st);
		t = buf_steal(&l);
		report_text_wrap(b, "", 4, t);
		free(t);
		what = report_audit_what(rec);
		if (*what != '\0')
			report_text_wrap(b, "    ", 6, what);
		free(what);
	}
	if (a->nrecs > 0)
		report_text_add(b, "");
}

static void
report_text_signatures(struct report_text_doc *d)
{
	struct report_text_block	*b;
	const char			*lab[3];
	struct buf			 l;
	size_t				 lw, i;

	lab[0] = _("Prepared by");
	lab[1] = _("Reviewed by");
	lab[2] = _("Date");
	lw = report_text_labelw(lab, 2);
	b = report_text_block(d);
	report_text_heading(b, _("Signatures"), '-');
	for (i = 0; i < 2; i++) {
		report_text_add(b, "");
		report_text_add(b, "");
		buf_init(&l, 0);
		buf_add_padded(&l, lab[i], lw);
		buf_adds(&l, "  ________________________________  ");
		buf_adds(&l, lab[2]);
		buf_adds(&l, " ______________");
		report_text_add(b, buf_str(&l));
		buf_clear(&l);
	}
}

static char *
report_text_page_header(const char *host, int page)
{
	char	*h, *t;
	size_t	 over;

	xasprintf(&h, _("mailharden report — %s — page %d"), host, page);
	if (mh_width(h) < W)
		return h;
	over = mh_width(h) - (W - 1);
	free(h);
	t = report_text_trunc(host, mh_width(host) > over + 4 ?
	    mh_width(host) - over : 4);
	xasprintf(&h, _("mailharden report — %s — page %d"), t, page);
	free(t);
	return h;
}

static void
report_text_paginate(const struct report *r, struct report_text_doc *d,
    struct buf *out)
{
	const size_t	 room = REPORT_TEXT_PAGE - 2;
	size_t		 used = room, i, j;
	char		*h;
	int		 page = 0;

	for (i = 0; i < d->n; i++) {
		for (j = 0; j < d->b[i].n; j++) {
			/* A block that fits on a page starts on a fresh
			 * one rather than being split. */
			if (used >= room || (j == 0 && used > 0 &&
			    used + d->b[i].n > room && d->b[i].n <= room)) {
				h = report_text_page_header(report_host(r),
				    ++page);
				buf_printf(out, "%s%s\n\n", page > 1 ? "\f" :
				    "", h);
				free(h);
				used = 0;
			}
			/* No blank line at the top of a page. */
			if (used == 0 && d->b[i].line[j][0] == '\0')
				continue;
			buf_printf(out, "%s\n", d->b[i].line[j]);
			used++;
		}
	}
}

int
report_text_render(const struct report *r, struct buf *out)
{
	struct report_text_doc	d;

	memset(&d, 0, sizeof d);
	report_text_header(r, &d);
	report_text_scores(r, &d);
	report_text_items(r, &d);
	report_text_changes(r, &d);
	report_text_signatures(&d);
	report_text_paginate(r, &d, out);
	report_text_doc_free(&d);
	return 0;
}
