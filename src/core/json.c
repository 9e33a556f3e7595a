/*
 * json.c - a recursive-descent JSON parser with caps.
 *
 * Strings are decoded (escapes, \u surrogate pairs) into UTF-8; a \u0000
 * or invalid UTF-8 in a string is an error, so every decoded string is a
 * safe C string.
 */
#include "mh.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fact.h"
#include "json.h"

struct json_parser {
	const char	*p;
	const char	*start;
	const char	*end;
	size_t		 nodes;
	char		*cause;
};

static struct json *json_parse_value(struct json_parser *, int);

static int
json_fail(struct json_parser *jp, const char *what)
{
	if (jp->cause == NULL)
		xasprintf(&jp->cause, _("JSON: %s at byte %zu"), what,
		    (size_t)(jp->p - jp->start));
	return -1;
}

static void
json_ws(struct json_parser *jp)
{
	while (jp->p < jp->end && (*jp->p == ' ' || *jp->p == '\t' ||
	    *jp->p == '\n' || *jp->p == '\r'))
		jp->p++;
}

static struct json *
json_node(struct json_parser *jp, enum json_type type)
{
	struct json	*j;

	if (++jp->nodes > JSON_MAX_NODES) {
		json_fail(jp, _("too many values"));
		return NULL;
	}
	j = xcalloc(1, sizeof *j);
	j->type = type;
	return j;
}

static int
json_hex4(struct json_parser *jp, unsigned *out)
{
	unsigned	v = 0;
	int		i;
	char		c;

	if (jp->end - jp->p < 4)
		return json_fail(jp, _("short \\u escape"));
	for (i = 0; i < 4; i++) {
		c = *jp->p++;
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return json_fail(jp, _("bad \\u escape"));
	}
	*out = v;
	return 0;
}

static void
json_put_utf8(struct buf *b, unsigned cp)
{
	char	u[4];

	if (cp < 0x80) {
		buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 4);
	}
}

static int
json_escape(struct json_parser *jp, struct buf *b)
{
	unsigned	cp, lo;
	char		c = *jp->p++;

	switch (c) {
	case '"': case '\\': case '/':
		buf_addc(b, c);
		return 0;
	case 'b':
		buf_addc(b, '\b');
		return 0;
	case 'f':
		buf_addc(b, '\f');
		return 0;
	case 'n':
		buf_addc(b, '\n');
		return 0;
	case 'r':
		buf_addc(b, '\r');
		return 0;
	case 't':
		buf_addc(b, '\t');
		return 0;
	case 'u':
		break;
	default:
		return json_fail(jp, _("bad escape"));
	}
	if (json_hex4(jp, &cp) == -1)
		return -1;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (jp->end - jp->p < 6 || jp->p[0] != '\\' || jp->p[1] != 'u')
			return json_fail(jp, _("lone surrogate"));
		jp->p += 2;
		if (json_hex4(jp, &lo) == -1)
			return -1;
		if (lo < 0xdc00 || lo > 0xdfff)
			return json_fail(jp, _("bad surrogate pair"));
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	} else if (cp >= 0xdc00 && cp <= 0xdfff)
		return json_fail(jp, _("lone surrogate"));
	if (cp == 0)
		return json_fail(jp, _("NUL in string"));
	json_put_utf8(b, cp);
	return 0;
}

static char *
json_string(struct json_parser *jp)
{
	struct buf	 b;
	unsigned char	 c;

	jp->p++;	/* opening quote */
	buf_init(&b, 0);
	while (jp->p < jp->end && *jp->p != '"') {
		c = (unsigned char)*jp->p;
		if (c < 0x20) {
			json_fail(jp, _("control character in string"));
			goto fail;
		}
		if (c == '\\') {
			jp->p++;
			if (jp->p >= jp->end || json_escape(jp, &b) == -1) {
				json_fail(jp, _("bad escape"));
				goto fail;
			}
			continue;
		}
		buf_addc(&b, (char)c);
		jp->p++;
	}
	if (jp->p >= jp->end) {
		json_fail(jp, _("unterminated string"));
		goto fail;
	}
	jp->p++;
	if (!mh_utf8_valid(buf_str(&b), b.len)) {
		json_fail(jp, _("invalid UTF-8 in string"));
		goto fail;
	}
	return buf_steal(&b);
fail:
	buf_clear(&b);
	return NULL;
}

static struct json *
json_number(struct json_parser *jp)
{
	const char	*s = jp->p;
	char		 tmp[64], *end;
	struct json	*j;
	size_t		 n;

	if (jp->p < jp->end && *jp->p == '-')
		jp->p++;
	if (jp->p >= jp->end || *jp->p < '0' || *jp->p > '9') {
		json_fail(jp, _("bad number"));
		return NULL;
	}
	while (jp->p < jp->end && strchr("0123456789+-.eE", *jp->p) != NULL)
		jp->p++;
	n = (size_t)(jp->p - s);
	if (n >= sizeof tmp) {
		json_fail(jp, _("number too long"));
		return NULL;
	}
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if ((j = json_node(jp, JSON_NUMBER)) == NULL)
		return NULL;
	errno = 0;
	j->num = strtod(tmp, &end);
	if (*end != '\0' || !isfinite(j->num)) {
		free(j);
		json_fail(jp, _("bad number"));
		return NULL;
	}
	if (strpbrk(tmp, ".eE") == NULL) {
		errno = 0;
		j->inum = strtoll(tmp, &end, 10);
		j->is_int = errno == 0 && *end == '\0';
	}
	return j;
}

static int
json_literal(struct json_parser *jp, const char *word)
{
	size_t	n = strlen(word);

	if ((size_t)(jp->end - jp->p) < n || memcmp(jp->p, word, n) != 0)
		return json_fail(jp, _("unexpected character"));
	jp->p += n;
	return 0;
}

static struct json *
json_container(struct json_parser *jp, int depth, int object)
{
	struct json	*j, *item, **tail;
	char		*key;

	if ((j = json_node(jp, object ? JSON_OBJECT : JSON_ARRAY)) == NULL)
		return NULL;
	tail = &j->child;
	jp->p++;
	json_ws(jp);
	if (jp->p < jp->end && *jp->p == (object ? '}' : ']')) {
		jp->p++;
		return j;
	}
	for (;;) {
		key = NULL;
		json_ws(jp);
		if (object) {
			if (jp->p >= jp->end || *jp->p != '"' ||
			    (key = json_string(jp)) == NULL) {
				json_fail(jp, _("expected a member name"));
				goto fail;
			}
			json_ws(jp);
			if (jp->p >= jp->end || *jp->p++ != ':') {
				free(key);
				json_fail(jp, _("expected ':'"));
				goto fail;
			}
		}
		if ((item = json_parse_value(jp, depth + 1)) == NULL) {
			free(key);
			goto fail;
		}
		item->key = key;
		*tail = item;
		tail = &item->next;
		json_ws(jp);
		if (jp->p < jp->end && *jp->p == ',') {
			jp->p++;
			continue;
		}
		if (jp->p < jp->end && *jp->p == (object ? '}' : ']')) {
			jp->p++;
			return j;
		}
		json_fail(jp, object ? _("expected ',' or '}'") :
		    _("expected ',' or ']'"));
		goto fail;
	}
fail:
	json_free(j);
	return NULL;
}

static struct json *
json_parse_value(struct json_parser *jp, int depth)
{
	struct json	*j;
	char		*s;

	if (depth > JSON_MAX_DEPTH) {
		json_fail(jp, _("nested too deeply"));
		return NULL;
	}
	json_ws(jp);
	if (jp->p >= jp->end) {
		json_fail(jp, _("unexpected end"));
		return NULL;
	}
	switch (*jp->p) {
	case '{':
		return json_container(jp, depth, 1);
	case '[':
		return json_container(jp, depth, 0);
	case '"':
		if ((s = json_string(jp)) == NULL)
			return NULL;
		if ((j = json_node(jp, JSON_STRING)) == NULL) {
			free(s);
			return NULL;
		}
		j->str = s;
		return j;
	case 't':
	case 'f':
		if (json_literal(jp, *jp->p == 't' ? "true" : "false") == -1)
			return NULL;
		if ((j = json_node(jp, JSON_BOOL)) != NULL)
			j->b = jp->p[-1] == 'e' && jp->p[-2] == 'u';
		return j;
	case 'n':
		if (json_literal(jp, "null") == -1)
			return NULL;
		return json_node(jp, JSON_NULL);
	default:
		return json_number(jp);
	}
}

struct json *
json_parse(const char *text, size_t len, char **cause)
{
	struct json_parser	 jp;
	struct json		*j;

	memset(&jp, 0, sizeof jp);
	jp.p = jp.start = text;
	jp.end = text + len;
	j = json_parse_value(&jp, 0);
	if (j != NULL) {
		json_ws(&jp);
		if (jp.p != jp.end) {
			json_fail(&jp, _("trailing data"));
			json_free(j);
			j = NULL;
		}
	}
	if (j == NULL)
		*cause = jp.cause;
	else
		free(jp.cause);
	return j;
}

void
json_free(struct json *j)
{
	struct json	*next;

	while (j != NULL) {
		next = j->next;
		json_free(j->child);
		free(j->str);
		free(j->key);
		free(j);
		j = next;
	}
}

const struct json *
json_get(const struct json *j, const char *key)
{
	const struct json	*c;

	if (j == NULL || j->type != JSON_OBJECT)
		return NULL;
	for (c = j->child; c != NULL; c = c->next)
		if (c->key != NULL && strcmp(c->key, key) == 0)
			return c;
	return NULL;
}

const char *
json_get_str(const struct json *j, const char *key)
{
	const struct json	*c = json_get(j, key);

	return c != NULL && c->type == JSON_STRING ? c->str : NULL;
}

int
json_get_int(const struct json *j, const char *key, long long *v)
{
	const struct json	*c = json_get(j, key);

	if (c == NULL || c->type != JSON_NUMBER || !c->is_int)
		return -1;
	*v = c->inum;
	return 0;
}

size_t
json_count(const struct json *j)
{
	const struct json	*c;
	size_t			 n = 0;

	if (j == NULL)
		return 0;
	for (c = j->child; c != NULL; c = c->next)
		n++;
	return n;
}
