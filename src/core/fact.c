/*
 * fact.c - the fact store: typed values with state and evidence.
 *
 * A set is a small array kept in insertion order (detection produces a
 * few dozen facts; a linear lookup is cheaper than any index here).
 */
#include "mh.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fact.h"

static size_t
utf8_len(const unsigned char *p, size_t left)
{
	size_t	n, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > left)
		return 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if (n == 3 && p[0] == 0xe0 && p[1] < 0xa0)
		return 0;	/* overlong */
	if (n == 3 && p[0] == 0xed && p[1] >= 0xa0)
		return 0;	/* surrogate */
	if (n == 4 && p[0] == 0xf0 && p[1] < 0x90)
		return 0;
	if (n == 4 && p[0] == 0xf4 && p[1] >= 0x90)
		return 0;
	return n;
}

int
mh_utf8_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n;

	while (len > 0) {
		if ((n = utf8_len(p, len)) == 0)
			return 0;
		p += n;
		len -= n;
	}
	return 1;
}

char *
mh_sanitize(const char *s, size_t cap)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 left = strlen(s), n;
	struct buf		 b;

	buf_init(&b, cap);
	while (left > 0 && !b.truncated) {
		n = utf8_len(p, left);
		if (n == 0 || (n == 1 && (*p < 0x20 || *p == 0x7f))) {
			buf_addc(&b, *p == '\t' ? ' ' : '?');
			n = 1;
		} else if (b.cap == 0 || b.len + n <= b.cap)
			buf_add(&b, p, n);
		else
			break;
		p += n;
		left -= n;
	}
	return buf_steal(&b);
}

static char *
clean(const char *s)
{
	return mh_sanitize(s, MH_LINE_CAP);
}

struct facts *
facts_create(void)
{
	return xcalloc(1, sizeof (struct facts));
}

static void
fact_clear_value(struct fact *f)
{
	size_t	i;

	free(f->s);
	for (i = 0; i < f->nlist; i++)
		free(f->list[i]);
	free(f->list);
	free(f->reason);
	for (i = 0; i < f->nev; i++) {
		free(f->ev[i].source);
		free(f->ev[i].text);
	}
	free(f->ev);
	f->s = NULL;
	f->list = NULL;
	f->nlist = 0;
	f->reason = NULL;
	f->ev = NULL;
	f->nev = 0;
	f->b = 0;
	f->i = 0;
}

void
facts_free(struct facts *fs)
{
	size_t	i;

	if (fs == NULL)
		return;
	for (i = 0; i < fs->n; i++) {
		fact_clear_value(&fs->v[i]);
		free(fs->v[i].name);
	}
	free(fs->v);
	free(fs);
}

static struct fact *
facts_slot(struct facts *fs, const char *name, enum fact_type type,
    enum fact_state state)
{
	struct fact	*f;
	size_t		 i;

	for (i = 0; i < fs->n; i++) {
		if (strcmp(fs->v[i].name, name) == 0) {
			f = &fs->v[i];
			fact_clear_value(f);
			goto out;
		}
	}
	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? fs->cap * 2 : 32;
		fs->v = xreallocarray(fs->v, fs->cap, sizeof *fs->v);
	}
	f = &fs->v[fs->n++];
	memset(f, 0, sizeof *f);
	f->name = xstrdup(name);
out:
	f->type = type;
	f->state = state;
	return f;
}

struct fact *
facts_set_bool(struct facts *fs, const char *name, int v)
{
	struct fact	*f = facts_slot(fs, name, FACT_BOOL, FACT_KNOWN);

	f->b = v != 0;
	return f;
}

struct fact *
facts_set_int(struct facts *fs, const char *name, long long v)
{
	struct fact	*f = facts_slot(fs, name, FACT_INT, FACT_KNOWN);

	f->i = v;
	return f;
}

struct fact *
facts_set_str(struct facts *fs, const char *name, const char *v)
{
	struct fact	*f = facts_slot(fs, name, FACT_STR, FACT_KNOWN);

	f->s = clean(v);
	return f;
}

struct fact *
facts_set_list(struct facts *fs, const char *name)
{
	return facts_slot(fs, name, FACT_LIST, FACT_KNOWN);
}

static struct fact *
facts_set_state(struct facts *fs, const char *name, enum fact_type type,
    enum fact_state state, const char *fmt, va_list ap)
{
	struct fact	*f = facts_slot(fs, name, type, state);
	char		*reason;

	xvasprintf(&reason, fmt, ap);
	f->reason = clean(reason);
	free(reason);
	return f;
}

struct fact *
facts_set_unknown(struct facts *fs, const char *name, enum fact_type type,
    const char *fmt, ...)
{
	struct fact	*f;
	va_list		 ap;

	va_start(ap, fmt);
	f = facts_set_state(fs, name, type, FACT_UNKNOWN, fmt, ap);
	va_end(ap);
	return f;
}

struct fact *
facts_set_error(struct facts *fs, const char *name, enum fact_type type,
    const char *fmt, ...)
{
	struct fact	*f;
	va_list		 ap;

	va_start(ap, fmt);
	f = facts_set_state(fs, name, type, FACT_ERROR, fmt, ap);
	va_end(ap);
	return f;
}

void
fact_list_add(struct fact *f, const char *s)
{
	if (f->nlist >= FACT_MAX_LIST || fact_list_has(f, s))
		return;
	f->list = xreallocarray(f->list, f->nlist + 1, sizeof *f->list);
	f->list[f->nlist++] = clean(s);
}

int
fact_list_has(const struct fact *f, const char *s)
{
	size_t	i;

	for (i = 0; i < f->nlist; i++)
		if (strcmp(f->list[i], s) == 0)
			return 1;
	return 0;
}

void
fact_evidence(struct fact *f, const char *source, const char *fmt, ...)
{
	struct evidence	*e;
	va_list		 ap;
	char		*text;

	if (f->nev >= FACT_MAX_EVIDENCE)
		return;
	va_start(ap, fmt);
	xvasprintf(&text, fmt, ap);
	va_end(ap);
	f->ev = xreallocarray(f->ev, f->nev + 1, sizeof *f->ev);
	e = &f->ev[f->nev++];
	e->source = clean(source);
	e->text = clean(text);
	e->when = time(NULL);
	free(text);
}

void
facts_merge(struct facts *dst, const struct facts *src)
{
	const struct fact	*f;
	struct fact		*n = NULL;
	size_t			 i, j;

	for (i = 0; i < src->n; i++) {
		f = &src->v[i];
		if (f->state == FACT_UNKNOWN)
			n = facts_set_unknown(dst, f->name, f->type, "%s",
			    f->reason != NULL ? f->reason : "");
		else if (f->state == FACT_ERROR)
			n = facts_set_error(dst, f->name, f->type, "%s",
			    f->reason != NULL ? f->reason : "");
		else if (f->type == FACT_BOOL)
			n = facts_set_bool(dst, f->name, f->b);
		else if (f->type == FACT_INT)
			n = facts_set_int(dst, f->name, f->i);
		else if (f->type == FACT_STR)
			n = facts_set_str(dst, f->name, f->s);
		else {
			n = facts_set_list(dst, f->name);
			for (j = 0; j < f->nlist; j++)
				fact_list_add(n, f->list[j]);
		}
		for (j = 0; j < f->nev; j++) {
			fact_evidence(n, f->ev[j].source, "%s",
			    f->ev[j].text);
			if (n->nev > 0)
				n->ev[n->nev - 1].when = f->ev[j].when;
		}
	}
}

const struct fact *
facts_get(const struct facts *fs, const char *name)
{
	size_t	i;

	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].name, name) == 0)
			return &fs->v[i];
	return NULL;
}

const char *
facts_str(const struct facts *fs, const char *name)
{
	const struct fact	*f = facts_get(fs, name);

	if (f == NULL || f->state != FACT_KNOWN || f->type != FACT_STR)
		return NULL;
	return f->s;
}

const char *
fact_state_name(enum fact_state st)
{
	switch (st) {
	case FACT_KNOWN:
		return "known";
	case FACT_UNKNOWN:
		return "unknown";
	case FACT_ERROR:
		return "error";
	}
	return "?";
}

const char *
fact_type_name(enum fact_type t)
{
	switch (t) {
	case FACT_BOOL:
		return "bool";
	case FACT_INT:
		return "int";
	case FACT_STR:
		return "string";
	case FACT_LIST:
		return "list";
	}
	return "?";
}

char *
fact_value_text(const struct fact *f)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, 0);
	if (f->state != FACT_KNOWN) {
		buf_adds(&b, f->state == FACT_ERROR ? _("ERROR") :
		    _("UNKNOWN"));
		return buf_steal(&b);
	}
	switch (f->type) {
	case FACT_BOOL:
		buf_adds(&b, f->b ? _("yes") : _("no"));
		break;
	case FACT_INT:
		buf_printf(&b, "%lld", f->i);
		break;
	case FACT_STR:
		buf_adds(&b, f->s);
		break;
	case FACT_LIST:
		if (f->nlist == 0)
			buf_adds(&b, _("(none)"));
		for (i = 0; i < f->nlist; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", f->list[i]);
		break;
	}
	return buf_steal(&b);
}

static void
fact_json_value(const struct fact *f, struct buf *b)
{
	size_t	i;

	if (f->state != FACT_KNOWN) {
		buf_adds(b, "null");
		return;
	}
	switch (f->type) {
	case FACT_BOOL:
		buf_adds(b, f->b ? "true" : "false");
		break;
	case FACT_INT:
		buf_printf(b, "%lld", f->i);
		break;
	case FACT_STR:
		buf_json_str(b, f->s);
		break;
	case FACT_LIST:
		buf_addc(b, '[');
		for (i = 0; i < f->nlist; i++) {
			if (i > 0)
				buf_addc(b, ',');
			buf_json_str(b, f->list[i]);
		}
		buf_addc(b, ']');
		break;
	}
}

static void
fact_json(const struct fact *f, struct buf *b)
{
	char		 when[32];
	struct tm	 tm;
	size_t		 i;

	buf_adds(b, "{\"name\":");
	buf_json_str(b, f->name);
	buf_printf(b, ",\"type\":\"%s\",\"state\":\"%s\",\"value\":",
	    fact_type_name(f->type), fact_state_name(f->state));
	fact_json_value(f, b);
	if (f->reason != NULL) {
		buf_adds(b, ",\"reason\":");
		buf_json_str(b, f->reason);
	}
	buf_adds(b, ",\"evidence\":[");
	for (i = 0; i < f->nev; i++) {
		gmtime_r(&f->ev[i].when, &tm);
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
		buf_adds(b, i ? ",{\"source\":" : "{\"source\":");
		buf_json_str(b, f->ev[i].source);
		buf_adds(b, ",\"text\":");
		buf_json_str(b, f->ev[i].text);
		buf_printf(b, ",\"time\":\"%s\"}", when);
	}
	buf_adds(b, "]}");
}

void
facts_json(const struct facts *fs, struct buf *b)
{
	size_t	i;

	buf_addc(b, '[');
	for (i = 0; i < fs->n; i++) {
		buf_adds(b, i ? ",\n  " : "\n  ");
		fact_json(&fs->v[i], b);
	}
	buf_adds(b, fs->n ? "\n]" : "]");
}
