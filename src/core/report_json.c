/*
 * report_json.c - the report as one JSON document, schema
 * "mailharden.report/1" (doc/report.schema.json, described in
 * doc/internals.md).  Texts from the checklists stay the English
 * msgids and verdicts their fixed names, so that the document compares
 * across runs and languages; "language" says which catalog the other
 * formats would use.
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

/* A string or null. */
static void
report_json_str(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_adds(b, "null");
	else
		buf_json_str(b, s);
}

static void
report_json_key(struct buf *b, int *first, const char *key)
{
	if (!*first)
		buf_addc(b, ',');
	*first = 0;
	buf_json_str(b, key);
	buf_addc(b, ':');
}

static void
report_json_kv(struct buf *b, int *first, const char *key, const char *v)
{
	report_json_key(b, first, key);
	report_json_str(b, v);
}

static void
report_json_time(struct buf *b, int *first, const char *key, time_t t)
{
	char	iso[REPORT_TIME_LEN];

	report_json_key(b, first, key);
	if (t <= 0) {
		buf_adds(b, "null");
		return;
	}
	report_time_iso(t, iso);
	buf_json_str(b, iso);
}

/* A parsed node written back (audit records). */
static void
report_json_node(struct buf *b, const struct json *j, int depth)
{
	const struct json	*c;

	if (depth > JSON_MAX_DEPTH) {
		buf_adds(b, "null");
		return;
	}
	switch (j->type) {
	case JSON_NULL:
		buf_adds(b, "null");
		break;
	case JSON_BOOL:
		buf_adds(b, j->b ? "true" : "false");
		break;
	case JSON_NUMBER:
		if (j->is_int)
			buf_printf(b, "%lld", j->inum);
		else
			buf_printf(b, "%.17g", j->num);
		break;
	case JSON_STRING:
		buf_json_str(b, j->str != NULL ? j->str : "");
		break;
	case JSON_ARRAY:
	case JSON_OBJECT:
		buf_addc(b, j->type == JSON_ARRAY ? '[' : '{');
		for (c = j->child; c != NULL; c = c->next) {
			if (c != j->child)
				buf_addc(b, ',');
			if (j->type == JSON_OBJECT) {
				buf_json_str(b, c->key != NULL ? c->key : "");
				buf_addc(b, ':');
			}
			report_json_node(b, c, depth + 1);
		}
		buf_addc(b, j->type == JSON_ARRAY ? ']' : '}');
		break;
	}
}

static void
report_json_score(struct buf *b, const struct check_score *sc)
{
	size_t	v;
	int	p, first = 1;

	buf_adds(b, "{\"counts\":{");
	for (v = 0; v < CHECK_NVERDICTS; v++) {
		report_json_key(b, &first, report_verdict_name(v));
		buf_printf(b, "%zu", sc->count[v]);
	}
	buf_printf(b, "},\"passed\":%zu,\"counted\":%zu,\"percent\":",
	    sc->passed, sc->counted);
	if ((p = report_percent(sc)) < 0)
		buf_adds(b, "null}");
	else
		buf_printf(b, "%d}", p);
}

static void
report_json_fact_list(struct buf *b, const struct report *r,
    const char *name)
{
	const struct fact	*f = NULL;
	size_t			 i;

	if (r->facts != NULL)
		f = facts_get(r->facts, name);
	buf_addc(b, '[');
	if (f != NULL && f->state == FACT_KNOWN && f->type == FACT_LIST) {
		for (i = 0; i < f->nlist; i++) {
			if (i > 0)
				buf_addc(b, ',');
			buf_json_str(b, f->list[i]);
		}
	} else if (f != NULL && f->state == FACT_KNOWN &&
	    f->type == FACT_STR && f->s != NULL && *f->s != '\0')
		buf_json_str(b, f->s);
	buf_addc(b, ']');
}

static void
report_json_header(const struct report *r, struct buf *b)
{
	const struct facts	*fs = r->facts;
	char			 lang[16], *os;
	int			 first = 1;

	report_lang_tag(lang, sizeof lang);
	buf_printf(b, "\"schema\":\"%s\",", REPORT_SCHEMA);
	buf_adds(b, "\"generator\":{\"name\":\"mailharden\",\"version\":");
	buf_json_str(b, r->version != NULL ? r->version : PACKAGE_VERSION);
	buf_adds(b, "},\"language\":");
	buf_json_str(b, lang);
	buf_adds(b, ",\"run\":{");
	report_json_kv(b, &first, "id", r->run_id);
	report_json_time(b, &first, "start", r->start);
	report_json_time(b, &first, "end", r->end);
	buf_adds(b, "},\"host\":{");
	first = 1;
	report_json_kv(b, &first, "name", report_host(r));
	report_json_kv(b, &first, "hostname", fs != NULL ?
	    facts_str(fs, "host.hostname") : NULL);
	report_json_kv(b, &first, "fqdn", fs != NULL ?
	    facts_str(fs, "host.fqdn") : NULL);
	os = report_os(r);
	report_json_kv(b, &first, "os", os);
	free(os);
	report_json_kv(b, &first, "os_id", fs != NULL ?
	    facts_str(fs, "os.id") : NULL);
	report_json_kv(b, &first, "os_version", fs != NULL ?
	    facts_str(fs, "os.version_id") : NULL);
	buf_adds(b, ",\"public_ipv4\":");
	report_json_fact_list(b, r, "net.public_ipv4");
	buf_adds(b, ",\"public_ipv6\":");
	report_json_fact_list(b, r, "net.public_ipv6");
	buf_adds(b, "},\"operator\":{");
	first = 1;
	report_json_kv(b, &first, "user", r->op.user);
	report_json_kv(b, &first, "sudo_user", r->op.sudo_user);
	report_json_kv(b, &first, "ssh_client", r->op.ssh_client);
	buf_adds(b, "}");
}

static void
report_json_checklists(const struct report *r, struct buf *b)
{
	const struct checklists		*ls = r->run->lists;
	const struct check_score	*sc;
	size_t				 i;
	int				 first;

	buf_adds(b, ",\"checklists\":[");
	for (i = 0; i < ls->n; i++) {
		buf_adds(b, i ? ",{" : "{");
		first = 1;
		report_json_kv(b, &first, "name", ls->v[i].name);
		report_json_kv(b, &first, "title", ls->v[i].title);
		report_json_kv(b, &first, "version", ls->v[i].version);
		report_json_kv(b, &first, "description",
		    ls->v[i].description);
		report_json_kv(b, &first, "path", ls->v[i].path);
		report_json_key(b, &first, "score");
		if ((sc = report_list_score(r, i)) != NULL)
			report_json_score(b, sc);
		else
			buf_adds(b, "null");
		buf_addc(b, '}');
	}
	buf_adds(b, "],\"scores\":{\"total\":");
	report_json_score(b, &r->run->total);
	buf_adds(b, ",\"by_severity\":{");
	for (i = 0; i < CHECK_NSEV; i++) {
		buf_printf(b, "%s\"%s\":", i ? "," : "",
		    report_severity_key(i));
		report_json_score(b, &r->run->per_sev[i]);
	}
	buf_adds(b, "}}");
}

static void
report_json_fact(const struct report *r, const char *name, struct buf *b)
{
	const struct fact	*f = NULL;
	size_t			 i;
	int			 first = 1;

	if (r->facts != NULL)
		f = facts_get(r->facts, name);
	buf_addc(b, '{');
	report_json_kv(b, &first, "name", name);
	report_json_kv(b, &first, "label", factdef_label(name));
	if (f == NULL) {
		buf_adds(b, ",\"state\":\"absent\",\"type\":null,"
		    "\"value\":null,\"reason\":null,\"evidence\":[]}");
		return;
	}
	report_json_kv(b, &first, "state", f->state == FACT_KNOWN ? "known" :
	    f->state == FACT_UNKNOWN ? "unknown" : "error");
	report_json_kv(b, &first, "type", fact_type_name(f->type));
	report_json_key(b, &first, "value");
	if (f->state != FACT_KNOWN)
		buf_adds(b, "null");
	else if (f->type == FACT_BOOL)
		buf_adds(b, f->b ? "true" : "false");
	else if (f->type == FACT_INT)
		buf_printf(b, "%lld", f->i);
	else if (f->type == FACT_STR)
		report_json_str(b, f->s != NULL ? f->s : "");
	else {
		buf_addc(b, '[');
		for (i = 0; i < f->nlist; i++) {
			if (i > 0)
				buf_addc(b, ',');
			buf_json_str(b, f->list[i]);
		}
		buf_addc(b, ']');
	}
	report_json_kv(b, &first, "reason", f->reason);
	buf_adds(b, ",\"evidence\":[");
	for (i = 0; i < f->nev; i++) {
		buf_adds(b, i ? ",{" : "{");
		first = 1;
		report_json_kv(b, &first, "source", f->ev[i].source != NULL ?
		    f->ev[i].source : "");
		report_json_kv(b, &first, "text", f->ev[i].text != NULL ?
		    f->ev[i].text : "");
		report_json_time(b, &first, "time", f->ev[i].when);
		buf_addc(b, '}');
	}
	buf_adds(b, "]}");
}

static void
report_json_item(const struct report *r, const struct check_result *res,
    struct buf *b)
{
	const struct check_item	*it = res->item;
	const struct waiver	*wv = res->waiver;
	const struct attest	*at = res->attest;
	size_t			 i;
	int			 first = 1, f2;

	buf_addc(b, '{');
	report_json_kv(b, &first, "id", it->id);
	report_json_kv(b, &first, "checklist", res->list != NULL ?
	    res->list->name : NULL);
	report_json_kv(b, &first, "title", it->title);
	report_json_kv(b, &first, "severity",
	    report_severity_key(it->severity));
	report_json_kv(b, &first, "verdict",
	    report_verdict_name(res->verdict));
	report_json_kv(b, &first, "raw_verdict",
	    report_verdict_name(res->raw));
	report_json_kv(b, &first, "why", res->why);
	buf_printf(b, ",\"advisory\":%s,\"manual\":%s",
	    it->advisory ? "true" : "false", it->manual ? "true" : "false");
	report_json_kv(b, &first, "when", it->when_text);
	report_json_kv(b, &first, "expect", it->expect_text);
	report_json_kv(b, &first, "rationale", it->rationale);
	buf_adds(b, ",\"references\":[");
	for (i = 0; i < it->nrefs; i++) {
		if (i > 0)
			buf_addc(b, ',');
		buf_json_str(b, it->refs[i]);
	}
	buf_adds(b, "],\"remediation\":{\"text\":");
	report_json_str(b, it->fix_text);
	buf_adds(b, ",\"commands\":{");
	f2 = 1;
	for (i = 0; i < CHECK_NFIX; i++) {
		if (it->fix_cmd[i] != NULL)
			report_json_kv(b, &f2, report_fix_key(i),
			    it->fix_cmd[i]);
	}
	buf_adds(b, "}},\"facts\":[");
	for (i = 0; i < res->nfacts; i++) {
		if (i > 0)
			buf_addc(b, ',');
		report_json_fact(r, res->facts[i], b);
	}
	buf_adds(b, "],\"waiver\":");
	if (wv == NULL)
		buf_adds(b, "null");
	else {
		buf_addc(b, '{');
		f2 = 1;
		report_json_kv(b, &f2, "reason", wv->reason);
		report_json_kv(b, &f2, "owner", wv->owner);
		report_json_kv(b, &f2, "expires", wv->expires);
		buf_printf(b, ",\"expired\":%s,\"applied\":%s}",
		    res->waiver_expired ? "true" : "false",
		    res->verdict == CHECK_WAIVED ? "true" : "false");
	}
	buf_adds(b, ",\"attestation\":");
	if (at == NULL)
		buf_adds(b, "null");
	else {
		buf_printf(b, "{\"answer\":\"%s\"", at->yes ? "yes" : "no");
		f2 = 0;
		report_json_kv(b, &f2, "note", at->note);
		report_json_kv(b, &f2, "by", at->by);
		report_json_kv(b, &f2, "date", at->date);
		buf_addc(b, '}');
	}
	buf_addc(b, '}');
}

static void
report_json_audit(const struct report *r, struct buf *b)
{
	const struct report_audit	*a = &r->audit;
	size_t				 i;
	int				 first = 1;

	buf_adds(b, ",\"audit\":{");
	report_json_kv(b, &first, "path", a->path);
	buf_printf(b, ",\"readable\":%s", a->readable ? "true" : "false");
	report_json_kv(b, &first, "why", a->why);
	buf_adds(b, ",\"intact\":");
	buf_adds(b, !a->readable ? "null" : a->intact ? "true" : "false");
	buf_printf(b, ",\"records\":%zu,\"bad_line\":", a->records);
	if (a->readable && !a->intact)
		buf_printf(b, "%zu", a->bad_line);
	else
		buf_adds(b, "null");
	report_json_kv(b, &first, "bad_reason", a->bad_reason);
	report_json_kv(b, &first, "head", a->head != NULL &&
	    *a->head != '\0' ? a->head : NULL);
	report_json_kv(b, &first, "scope", a->scope);
	buf_adds(b, ",\"changes\":[");
	for (i = 0; i < a->nrecs; i++) {
		if (i > 0)
			buf_adds(b, ",\n");
		report_json_node(b, a->recs[i], 0);
	}
	buf_adds(b, "]}");
}

int
report_json_render(const struct report *r, struct buf *b)
{
	const struct check_run	*run = r->run;
	size_t			 i;

	buf_addc(b, '{');
	report_json_header(r, b);
	report_json_checklists(r, b);
	buf_adds(b, ",\n\"items\":[\n");
	for (i = 0; i < run->nresults; i++) {
		if (i > 0)
			buf_adds(b, ",\n");
		report_json_item(r, &run->results[i], b);
	}
	buf_adds(b, "],\n\"unused_waivers\":[");
	for (i = 0; i < run->nunused; i++) {
		if (i > 0)
			buf_addc(b, ',');
		buf_json_str(b, run->unused_waivers[i]);
	}
	buf_addc(b, ']');
	report_json_audit(r, b);
	buf_adds(b, "}\n");
	return 0;
}
