/*
 * report_html.c - the report as one self-contained HTML file: inline
 * CSS only (no scripts, fonts, images or links to anything outside),
 * every value HTML-escaped, an A4 print stylesheet whose table rows and
 * item blocks never break across pages, verdict badges that carry their
 * name (they read in grayscale too), a page footer with the host and
 * page number, and signature lines.
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "checklist.h"
#include "fact.h"
#include "factdef.h"
#include "json.h"
#include "report.h"
#include "report_int.h"
#include "waiver.h"

static const char report_html_css[] =
"* { box-sizing: border-box; }\n"
"html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
"body { font-family: \"Noto Sans\", \"Noto Sans CJK SC\", \"DejaVu Sans\","
" \"Liberation Sans\", Arial, sans-serif; font-size: 9.5pt;"
" line-height: 1.35; color: #111; margin: 0 auto; max-width: 190mm; }\n"
"h1 { font-size: 17pt; margin: 0 0 2mm 0; letter-spacing: .02em; }\n"
"h2 { font-size: 12.5pt; margin: 6mm 0 2mm 0; padding-bottom: 1mm;"
" border-bottom: 1.5pt solid #222; break-after: avoid;"
" page-break-after: avoid; }\n"
"h3 { font-size: 10.5pt; margin: 3mm 0 1.5mm 0; break-after: avoid;"
" page-break-after: avoid; }\n"
".cover { border: 1.5pt solid #222; padding: 4mm 5mm; }\n"
".sub { color: #444; margin: 0 0 3mm 0; }\n"
"table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm 0; }\n"
"th, td { border: .6pt solid #888; padding: 1.2mm 1.8mm;"
" vertical-align: top; text-align: left; }\n"
"th { background: #e8e8e8; font-weight: bold; }\n"
"thead { display: table-header-group; }\n"
"tr, .item { break-inside: avoid; page-break-inside: avoid; }\n"
"table.meta th { width: 32%; background: #f2f2f2; }\n"
"td.num, th.num { text-align: right; font-variant-numeric: tabular-nums;"
" white-space: nowrap; }\n"
"tr.total td { font-weight: bold; border-top: 1.4pt solid #222; }\n"
"tr.group td { background: #f2f2f2; font-weight: bold; }\n"
".mono, .hash, td.id { font-family: \"DejaVu Sans Mono\", \"Noto Sans Mono\","
" monospace; }\n"
".hash { word-break: break-all; }\n"
"td.id { white-space: nowrap; }\n"
".badge { display: inline-block; min-width: 17mm; padding: .3mm 1.5mm;"
" border: 1.2pt solid #000; border-radius: 1mm; font-weight: bold;"
" font-family: \"DejaVu Sans Mono\", monospace; font-size: 8.5pt;"
" text-align: center; white-space: nowrap; }\n"
".v-PASS { color: #0b5d1e; background: #e3f4e6; border-color: #0b5d1e; }\n"
".v-FAIL { color: #fff; background: #a40000; border-color: #a40000; }\n"
".v-WARN { color: #000; background: #ffd24d; border-color: #8a6d00; }\n"
".v-UNKNOWN { color: #000; background: #fff; border-style: dashed; }\n"
".v-WAIVED { color: #0b3c8c; background: #e4ecfa;"
" border-color: #0b3c8c; border-style: double; border-width: 2.4pt; }\n"
".v-MANUAL { color: #5a1f7a; background: #f3e8f9;"
" border-color: #5a1f7a; }\n"
".v-NA { color: #555; background: #fff; border-color: #999; }\n"
".item { border: .8pt solid #777; margin: 0 0 3mm 0; padding: 0; }\n"
".item table { margin: 0; }\n"
".item table.ihead td { border: none; border-bottom: .8pt solid #777;"
" background: #f4f4f4; }\n"
".item table.ihead td.title { font-weight: bold; width: 100%; }\n"
".item table.kv th { width: 21%; background: #fafafa; border-left: none; }\n"
".item table.kv td { border-right: none; }\n"
".item table.kv tr:last-child th, .item table.kv tr:last-child td"
" { border-bottom: none; }\n"
"ul.facts { margin: 0; padding-left: 4mm; }\n"
"ul.facts li { margin: 0 0 1mm 0; }\n"
".src { color: #333; font-size: 8.5pt; }\n"
"pre { white-space: pre-wrap; word-break: break-all; margin: .8mm 0;"
" padding: 1mm 1.5mm; background: #f4f4f4; border: .5pt solid #bbb;"
" font-family: \"DejaVu Sans Mono\", \"Noto Sans Mono\", monospace;"
" font-size: 8pt; }\n"
".fixkey { font-weight: bold; font-size: 8.5pt; }\n"
".expired { font-weight: bold; text-decoration: underline; }\n"
".note { font-size: 8.5pt; color: #333; }\n"
"table.sign td { height: 16mm; vertical-align: bottom; border: none;"
" border-bottom: .8pt solid #000; }\n"
"table.sign th { border: none; vertical-align: bottom; width: 18%;"
" background: none; }\n"
"@media screen { body { margin: 8mm auto; } }\n";

/* Append s with &, <, >, " and ' escaped and control bytes dropped. */
static void
report_html_esc(struct buf *b, const char *s)
{
	if (s == NULL)
		return;
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		case '"':
			buf_adds(b, "&quot;");
			break;
		case '\'':
			buf_adds(b, "&#39;");
			break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\n' &&
			    *s != '\t')
				break;
			buf_addc(b, *s);
			break;
		}
	}
}

/* A CSS string: anything not plainly safe as a \HEX escape. */
static void
report_html_css_str(struct buf *b, const char *s)
{
	unsigned char	c;

	buf_addc(b, '"');
	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (c >= 0x80 || (c >= '0' && c <= '9') ||
		    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == ' ' || c == '.' || c == '-' || c == ':' || c == '_')
			buf_addc(b, (char)c);
		else if (c >= 0x20)
			buf_printf(b, "\\%x ", c);
	}
	buf_addc(b, '"');
}

static void
report_html_tag(struct buf *b, const char *tag, const char *cls,
    const char *text)
{
	if (cls != NULL)
		buf_printf(b, "<%s class=\"%s\">", tag, cls);
	else
		buf_printf(b, "<%s>", tag);
	report_html_esc(b, text);
	buf_printf(b, "</%s>", tag);
}

static void
report_html_row(struct buf *b, const char *th, const char *td,
    const char *cls)
{
	buf_adds(b, "<tr>");
	report_html_tag(b, "th", NULL, th);
	report_html_tag(b, "td", cls, td);
	buf_adds(b, "</tr>\n");
}

static const char *
report_html_vclass(enum check_verdict v)
{
	return v == CHECK_NA ? "NA" : report_verdict_name(v);
}

static void
report_html_badge(struct buf *b, enum check_verdict v)
{
	buf_printf(b, "<span class=\"badge v-%s\">%s</span>",
	    report_html_vclass(v), report_verdict_name(v));
}

static void
report_html_head(const struct report *r, struct buf *b)
{
	char	lang[16], *t;

	report_lang_tag(lang, sizeof lang);
	buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n", lang);
	buf_adds(b, "<meta name=\"generator\" content=\"mailharden ");
	report_html_esc(b, r->version != NULL ? r->version :
	    PACKAGE_VERSION);
	buf_adds(b, "\">\n<title>");
	xasprintf(&t, _("Mail server security report: %s"), report_host(r));
	report_html_esc(b, t);
	free(t);
	buf_adds(b, "</title>\n<style>\n@page { size: A4; margin: 14mm 13mm "
	    "16mm 13mm;\n  @bottom-center { font-size: 8pt; color: #333; "
	    "content: ");
	xasprintf(&t, _("mailharden report — %s — page %s"),
	    report_host(r), "\x01");
	/* The page number is a CSS counter between two strings. */
	if (strchr(t, '\x01') != NULL) {
		*strchr(t, '\x01') = '\0';
		report_html_css_str(b, t);
		buf_adds(b, " counter(page) \" / \" counter(pages) ");
		report_html_css_str(b, t + strlen(t) + 1);
	} else
		report_html_css_str(b, t);
	free(t);
	buf_adds(b, "; }\n}\n");
	buf_adds(b, report_html_css);
	buf_adds(b, "</style>\n</head>\n<body>\n");
}

static void
report_html_cover(const struct report *r, struct buf *b)
{
	const struct checklists	*ls = r->run->lists;
	char			*os, *addr, *op, *v, t0[REPORT_TIME_LEN];
	char			 t1[REPORT_TIME_LEN];
	size_t			 i;

	os = report_os(r);
	addr = report_addresses(r);
	op = report_operator_text(r);
	report_time(r->start, t0);
	report_time(r->end, t1);
	buf_adds(b, "<header class=\"cover\">\n");
	report_html_tag(b, "h1", NULL, _("Mail server security report"));
	buf_adds(b, "\n");
	report_html_tag(b, "p", "sub", _("Hardening, authentication and "
	    "compliance checks of a mail server, with the evidence behind "
	    "every verdict."));
	buf_adds(b, "\n<table class=\"meta\">\n");
	report_html_row(b, _("Host"), report_host(r), "mono");
	report_html_row(b, _("Operating system"), os, NULL);
	report_html_row(b, _("Public addresses"), addr, "mono");
	report_html_row(b, _("Run id"), r->run_id != NULL ? r->run_id : "-",
	    "hash");
	report_html_row(b, _("Started"), t0, NULL);
	report_html_row(b, _("Finished"), t1, NULL);
	report_html_row(b, _("Operator"), op, NULL);
	xasprintf(&v, "mailharden %s", r->version != NULL ? r->version :
	    PACKAGE_VERSION);
	report_html_row(b, _("Tool version"), v, NULL);
	free(v);
	buf_adds(b, "<tr>");
	report_html_tag(b, "th", NULL, _("Checklists"));
	buf_adds(b, "<td>");
	for (i = 0; i < ls->n; i++) {
		if (i > 0)
			buf_adds(b, "<br>");
		buf_adds(b, "<span class=\"mono\">");
		report_html_esc(b, ls->v[i].name);
		buf_adds(b, " ");
		report_html_esc(b, ls->v[i].version);
		buf_adds(b, "</span> — ");
		report_html_esc(b, report_tr(ls->v[i].title));
	}
	buf_adds(b, "</td></tr>\n</table>\n</header>\n");
	free(os);
	free(addr);
	free(op);
}

static void
report_html_score_row(struct buf *b, const char *name,
    const struct check_score *sc, const char *cls)
{
	size_t	v;
	int	p;

	if (cls != NULL)
		buf_printf(b, "<tr class=\"%s\">", cls);
	else
		buf_adds(b, "<tr>");
	report_html_tag(b, "td", NULL, name);
	if ((p = report_percent(sc)) < 0)
		buf_adds(b, "<td class=\"num\">-</td>");
	else
		buf_printf(b, "<td class=\"num\">%d%% <span class=\"note\">"
		    "(%zu/%zu)</span></td>", p, sc->passed, sc->counted);
	for (v = 0; v < CHECK_NVERDICTS; v++)
		buf_printf(b, "<td class=\"num\">%zu</td>", sc->count[v]);
	buf_adds(b, "</tr>\n");
}

static void
report_html_scores(const struct report *r, struct buf *b)
{
	const struct check_run		*run = r->run;
	const struct check_score	*sc;
	size_t				 i;

	buf_adds(b, "<section>\n");
	report_html_tag(b, "h2", NULL, _("Scores"));
	buf_adds(b, "\n<table class=\"scores\">\n<thead><tr>");
	report_html_tag(b, "th", NULL, _("Checklist"));
	report_html_tag(b, "th", "num", _("Score"));
	for (i = 0; i < CHECK_NVERDICTS; i++)
		report_html_tag(b, "th", "num", report_verdict_name(i));
	buf_adds(b, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < run->lists->n; i++) {
		if ((sc = report_list_score(r, i)) != NULL)
			report_html_score_row(b, run->lists->v[i].name, sc,
			    NULL);
	}
	buf_adds(b, "<tr class=\"group\">");
	buf_printf(b, "<td colspan=\"%d\">", CHECK_NVERDICTS + 2);
	report_html_esc(b, _("By severity"));
	buf_adds(b, "</td></tr>\n");
	for (i = CHECK_NSEV; i-- > 0; )
		report_html_score_row(b, report_severity_label(i),
		    &run->per_sev[i], NULL);
	report_html_score_row(b, _("Total"), &run->total, "total");
	buf_adds(b, "</tbody>\n</table>\n");
	report_html_tag(b, "p", "note", _("Score: passed items out of the "
	    "counted ones (PASS, FAIL, WARN, UNKNOWN and answered MANUAL). "
	    "WAIVED, N/A and unanswered MANUAL items are not counted."));
	buf_adds(b, "\n");
	if (run->nunused > 0) {
		buf_adds(b, "<p class=\"note\">");
		report_html_esc(b, _("Waivers for items in no checklist: "));
		for (i = 0; i < run->nunused; i++) {
			buf_adds(b, i ? ", " : "");
			report_html_esc(b, run->unused_waivers[i]);
		}
		buf_adds(b, "</p>\n");
	}
	report_html_tag(b, "h3", NULL, _("Verdicts"));
	buf_adds(b, "\n<table class=\"legend\">\n<tbody>\n");
	for (i = 0; i < CHECK_NVERDICTS; i++) {
		buf_adds(b, "<tr><td style=\"width:22mm\">");
		report_html_badge(b, i);
		buf_adds(b, "</td>");
		report_html_tag(b, "td", NULL, report_verdict_legend(i));
		buf_adds(b, "</tr>\n");
	}
	buf_adds(b, "</tbody>\n</table>\n</section>\n");
}

static void
report_html_summary(const struct report *r, struct buf *b)
{
	const struct check_run		*run = r->run;
	const struct check_result	*res;
	size_t				 l, i;

	buf_adds(b, "<section>\n");
	report_html_tag(b, "h2", NULL, _("Summary of the items"));
	buf_adds(b, "\n<table class=\"summary\">\n<thead><tr>");
	report_html_tag(b, "th", NULL, _("Verdict"));
	report_html_tag(b, "th", NULL, _("Item"));
	report_html_tag(b, "th", NULL, _("Title"));
	report_html_tag(b, "th", NULL, _("Severity"));
	buf_adds(b, "</tr></thead>\n<tbody>\n");
	for (l = 0; l < run->lists->n; l++) {
		buf_adds(b, "<tr class=\"group\"><td colspan=\"4\">");
		report_html_esc(b, run->lists->v[l].name);
		buf_adds(b, " — ");
		report_html_esc(b, report_tr(run->lists->v[l].title));
		buf_adds(b, "</td></tr>\n");
		for (i = 0; i < run->nresults; i++) {
			res = &run->results[i];
			if (res->list != &run->lists->v[l])
				continue;
			buf_adds(b, "<tr><td>");
			report_html_badge(b, res->verdict);
			buf_adds(b, "</td>");
			report_html_tag(b, "td", "id", res->item->id);
			report_html_tag(b, "td", NULL,
			    report_tr(res->item->title));
			report_html_tag(b, "td", NULL,
			    report_severity_label(res->item->severity));
			buf_adds(b, "</tr>\n");
		}
	}
	buf_adds(b, "</tbody>\n</table>\n</section>\n");
}

static void
report_html_evidence(const struct report *r, const struct check_result *res,
    struct buf *b)
{
	const struct fact	*f;
	char			*v;
	size_t			 i, j;

	buf_adds(b, "<tr>");
	report_html_tag(b, "th", NULL, _("Evidence"));
	buf_adds(b, "<td>");
	if (res->nfacts == 0)
		report_html_esc(b, _("(no facts: see the answer or the "
		    "reason)"));
	else
		buf_adds(b, "<ul class=\"facts\">");
	for (i = 0; i < res->nfacts; i++) {
		f = r->facts != NULL ? facts_get(r->facts, res->facts[i]) :
		    NULL;
		buf_adds(b, "<li>");
		report_html_esc(b, factdef_label(res->facts[i]));
		buf_adds(b, " <span class=\"mono src\">(");
		report_html_esc(b, res->facts[i]);
		buf_adds(b, ")</span>: <b>");
		if (f == NULL)
			report_html_esc(b, _("(not gathered)"));
		else {
			v = fact_value_text(f);
			report_html_esc(b, v);
			free(v);
		}
		buf_adds(b, "</b>");
		if (f != NULL && f->state != FACT_KNOWN && f->reason != NULL) {
			buf_adds(b, " — ");
			report_html_esc(b, f->reason);
		}
		for (j = 0; f != NULL && j < f->nev; j++) {
			buf_adds(b, "<div class=\"src\">");
			report_html_esc(b, _("from"));
			buf_adds(b, " <span class=\"mono\">");
			report_html_esc(b, f->ev[j].source);
			buf_adds(b, "</span></div>");
			if (f->ev[j].text != NULL && *f->ev[j].text != '\0')
				report_html_tag(b, "pre", NULL,
				    f->ev[j].text);
		}
		buf_adds(b, "</li>");
	}
	if (res->nfacts > 0)
		buf_adds(b, "</ul>");
	buf_adds(b, "</td></tr>\n");
}

static void
report_html_item(const struct report *r, const struct check_result *res,
    struct buf *b)
{
	const struct check_item	*it = res->item;
	const struct waiver	*wv = res->waiver;
	const struct attest	*at = res->attest;
	struct buf		 x;
	size_t			 i;

	buf_adds(b, "<div class=\"item\">\n<table class=\"ihead\"><tr><td>");
	report_html_badge(b, res->verdict);
	buf_adds(b, "</td>");
	report_html_tag(b, "td", "id", it->id);
	report_html_tag(b, "td", "title", report_tr(it->title));
	buf_adds(b, "</tr></table>\n<table class=\"kv\">\n");
	buf_init(&x, 0);
	buf_adds(&x, report_severity_label(it->severity));
	if (it->advisory)
		buf_printf(&x, "; %s", _("advisory"));
	if (res->verdict != res->raw)
		buf_printf(&x, "; %s %s", _("verdict without the waiver:"),
		    report_verdict_name(res->raw));
	report_html_row(b, _("Severity"), buf_str(&x), NULL);
	buf_clear(&x);
	if (res->why != NULL && *res->why != '\0')
		report_html_row(b, _("Finding"), res->why, NULL);
	if (it->rationale != NULL && *it->rationale != '\0')
		report_html_row(b, _("Rationale"), report_tr(it->rationale),
		    NULL);
	report_html_evidence(r, res, b);
	if (it->fix_text != NULL && *it->fix_text != '\0' &&
	    res->verdict != CHECK_PASS && res->verdict != CHECK_NA) {
		buf_adds(b, "<tr>");
		report_html_tag(b, "th", NULL, _("Remediation"));
		buf_adds(b, "<td>");
		report_html_esc(b, report_tr(it->fix_text));
		for (i = 0; i < CHECK_NFIX; i++) {
			if (it->fix_cmd[i] == NULL)
				continue;
			buf_adds(b, "<div class=\"fixkey\">");
			report_html_esc(b, report_fix_key(i));
			buf_adds(b, "</div>");
			report_html_tag(b, "pre", NULL, it->fix_cmd[i]);
		}
		buf_adds(b, "</td></tr>\n");
	}
	if (it->nrefs > 0) {
		buf_init(&x, 0);
		for (i = 0; i < it->nrefs; i++)
			buf_printf(&x, "%s%s", i ? "; " : "", it->refs[i]);
		report_html_row(b, _("References"), buf_str(&x), NULL);
		buf_clear(&x);
	}
	if (wv != NULL) {
		buf_adds(b, "<tr>");
		report_html_tag(b, "th", NULL, _("Waiver"));
		buf_adds(b, "<td>");
		buf_init(&x, 0);
		buf_printf(&x, _("%s (owner %s, expires %s)"), wv->reason,
		    wv->owner, wv->expires);
		report_html_esc(b, buf_str(&x));
		buf_clear(&x);
		if (res->waiver_expired) {
			buf_adds(b, " ");
			report_html_tag(b, "span", "expired",
			    _("EXPIRED: no longer applies"));
		} else if (res->raw == CHECK_PASS || res->raw == CHECK_NA) {
			buf_adds(b, " ");
			report_html_esc(b, _("(not needed: nothing to "
			    "waive)"));
		}
		buf_adds(b, "</td></tr>\n");
	}
	if (at != NULL) {
		buf_init(&x, 0);
		buf_printf(&x, _("%s, by %s on %s"), at->yes ? _("yes") :
		    _("no"), at->by != NULL ? at->by : "?",
		    at->date != NULL ? at->date : "?");
		if (at->note != NULL && *at->note != '\0')
			buf_printf(&x, ": %s", at->note);
		report_html_row(b, _("Attestation"), buf_str(&x), NULL);
		buf_clear(&x);
	} else if (it->manual)
		report_html_row(b, _("Attestation"), _("not answered yet"),
		    NULL);
	buf_adds(b, "</table>\n</div>\n");
}

static void
report_html_items(const struct report *r, struct buf *b)
{
	const struct check_run	*run = r->run;
	const struct checklist	*cl;
	char			*t;
	size_t			 l, i, shown;

	for (l = 0; l < run->lists->n; l++) {
		cl = &run->lists->v[l];
		buf_adds(b, "<section class=\"checklist\">\n");
		xasprintf(&t, _("Checklist %s %s: %s"), cl->name,
		    cl->version != NULL ? cl->version : "-",
		    report_tr(cl->title));
		report_html_tag(b, "h2", NULL, t);
		free(t);
		buf_adds(b, "\n");
		if (cl->description != NULL && *cl->description != '\0') {
			report_html_tag(b, "p", NULL,
			    report_tr(cl->description));
			buf_adds(b, "\n");
		}
		shown = 0;
		for (i = 0; i < run->nresults; i++) {
			if (run->results[i].list == cl) {
				report_html_item(r, &run->results[i], b);
				shown++;
			}
		}
		if (shown == 0)
			report_html_tag(b, "p", NULL, _("(no items)"));
		buf_adds(b, "</section>\n");
	}
}

static void
report_html_changes(const struct report *r, struct buf *b)
{
	const struct report_audit	*a = &r->audit;
	const struct json		*rec;
	const char			*s, *u;
	char				*t;
	size_t				 i;
	long long			 seq, st;

	buf_adds(b, "<section>\n");
	report_html_tag(b, "h2", NULL, _("Changes from the audit log"));
	buf_adds(b, "\n<table class=\"meta\">\n");
	report_html_row(b, _("Audit log"), a->path != NULL ? a->path : "-",
	    "mono");
	if (!a->readable)
		report_html_row(b, _("Hash chain"), a->why != NULL ? a->why :
		    _("not read"), NULL);
	else {
		if (a->intact)
			xasprintf(&t, P_("intact: %zu record verified",
			    "intact: %zu records verified", a->records),
			    a->records);
		else
			xasprintf(&t, _("BROKEN at line %zu: %s"),
			    a->bad_line, a->bad_reason != NULL ?
			    a->bad_reason : "?");
		report_html_row(b, _("Hash chain"), t, NULL);
		free(t);
		report_html_row(b, _("Head hash"), a->head != NULL &&
		    *a->head != '\0' ? a->head : "-", "hash");
		if (a->why != NULL)
			report_html_row(b, _("Note"), a->why, NULL);
	}
	if (a->scope != NULL)
		report_html_row(b, _("Shown"), a->scope, NULL);
	buf_adds(b, "</table>\n");
	if (a->readable && a->nrecs == 0)
		report_html_tag(b, "p", NULL, _("(no changes recorded)"));
	if (a->nrecs > 0) {
		buf_adds(b, "<table class=\"changes\">\n<thead><tr>");
		report_html_tag(b, "th", "num", "#");
		report_html_tag(b, "th", NULL, _("Time (UTC)"));
		report_html_tag(b, "th", NULL, _("User"));
		report_html_tag(b, "th", NULL, _("Step / action"));
		report_html_tag(b, "th", "num", _("Status"));
		report_html_tag(b, "th", NULL, _("Command, file or detail"));
		buf_adds(b, "</tr></thead>\n<tbody>\n");
	}
	for (i = 0; i < a->nrecs; i++) {
		rec = a->recs[i];
		if (json_get_int(rec, "seq", &seq) == -1)
			seq = -1;
		buf_printf(b, "<tr><td class=\"num\">%lld</td>", seq);
		s = json_get_str(rec, "time");
		xasprintf(&t, "%.19s", s != NULL ? s : "?");
		if (strlen(t) > 10)
			t[10] = ' ';
		report_html_tag(b, "td", "mono", t);
		free(t);
		u = json_get_str(rec, "sudo_user");
		if (u == NULL)
			u = json_get_str(rec, "user");
		report_html_tag(b, "td", NULL, u != NULL ? u : "?");
		s = json_get_str(rec, "step");
		u = json_get_str(rec, "action");
		xasprintf(&t, "%s / %s", s != NULL ? s : "-",
		    u != NULL ? u : "?");
		report_html_tag(b, "td", NULL, t);
		free(t);
		if (json_get_int(rec, "status", &st) == 0)
			buf_printf(b, "<td class=\"num\">%lld</td>", st);
		else
			buf_adds(b, "<td class=\"num\">-</td>");
		t = report_audit_what(rec);
		report_html_tag(b, "td", "mono", t);
		free(t);
		buf_adds(b, "</tr>\n");
	}
	if (a->nrecs > 0)
		buf_adds(b, "</tbody>\n</table>\n");
	buf_adds(b, "</section>\n");
}

static void
report_html_signatures(struct buf *b)
{
	const char	*who[2];
	size_t		 i;

	who[0] = _("Prepared by");
	who[1] = _("Reviewed by");
	buf_adds(b, "<section class=\"item\" style=\"border:none\">\n");
	report_html_tag(b, "h2", NULL, _("Signatures"));
	buf_adds(b, "\n<table class=\"sign\">\n");
	for (i = 0; i < nitems(who); i++) {
		buf_adds(b, "<tr>");
		report_html_tag(b, "th", NULL, who[i]);
		buf_adds(b, "<td style=\"width:47%\"></td>");
		report_html_tag(b, "th", NULL, _("Date"));
		buf_adds(b, "<td></td></tr>\n");
	}
	buf_adds(b, "</table>\n</section>\n");
}

int
report_html_render(const struct report *r, struct buf *out)
{
	report_html_head(r, out);
	report_html_cover(r, out);
	report_html_scores(r, out);
	report_html_summary(r, out);
	report_html_items(r, out);
	report_html_changes(r, out);
	report_html_signatures(out);
	buf_adds(out, "</body>\n</html>\n");
	return 0;
}
