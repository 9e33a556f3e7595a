/*
 * osrel.c - parse os-release(5) (and lsb-release) text from untrusted
 * files.
 *
 * Each line is KEY=VALUE.  VALUE is a run of segments as a shell would
 * read them: unquoted text (a backslash takes the next byte literally),
 * "double quoted" text (backslash escapes only \" \\ \$ \`), or 'single
 * quoted' text.  Lines that are blank or start with '#' are ignored;
 * lines with an unterminated quote, a bad key, a key over OSREL_KEY_MAX,
 * control bytes or more than MH_LINE_CAP bytes are skipped and counted.
 * A key given twice keeps its last value.  At most OSREL_MAX_KEYS keys.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "osrel.h"

static int
osrel_is_key_start(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int
osrel_is_key_char(unsigned char c)
{
	return osrel_is_key_start(c) || (c >= '0' && c <= '9');
}

static int
osrel_is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Decode the value in p[0..n) into a new string.  Returns NULL when the
 * value is malformed (unterminated quote, control byte).
 */
static char *
osrel_value(const unsigned char *p, size_t n)
{
	char	*out;
	size_t	 i = 0, o = 0, keep = 0;
	int	 q;

	out = xmalloc(n + 1);
	while (i < n) {
		if (p[i] < 0x20 && p[i] != '\t')
			goto bad;
		if (p[i] == '"' || p[i] == '\'') {
			q = p[i++];
			for (;;) {
				if (i >= n)
					goto bad;	/* unterminated */
				if (p[i] < 0x20 && p[i] != '\t')
					goto bad;
				if (p[i] == q)
					break;
				if (q == '"' && p[i] == '\\' && i + 1 < n &&
				    strchr("\"\\$`", p[i + 1]) != NULL)
					i++;
				out[o++] = (char)p[i++];
			}
			i++;		/* closing quote */
			keep = o;
			continue;
		}
		if (p[i] == '\\') {
			if (++i >= n)
				break;	/* trailing backslash: dropped */
			if (p[i] < 0x20 && p[i] != '\t')
				goto bad;
			out[o++] = (char)p[i++];
			keep = o;
			continue;
		}
		out[o++] = (char)p[i];
		if (!osrel_is_blank(p[i]))
			keep = o;
		i++;
	}
	out[keep] = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

static void
osrel_store(struct osrel *o, const char *key, char *value,
    const unsigned char *line, size_t linelen, size_t lineno)
{
	struct osrel_kv	*kv = NULL;
	size_t		 i;

	for (i = 0; i < o->n; i++) {
		if (strcmp(o->kv[i].key, key) == 0) {
			kv = &o->kv[i];
			free(kv->value);
			free(kv->line);
			break;
		}
	}
	if (kv == NULL) {
		if (o->n >= OSREL_MAX_KEYS) {
			o->ndropped++;
			free(value);
			return;
		}
		o->kv = xreallocarray(o->kv, o->n + 1, sizeof *o->kv);
		kv = &o->kv[o->n++];
		kv->key = xstrdup(key);
	}
	kv->value = value;
	kv->line = xstrndup((const char *)line, linelen);
	kv->lineno = lineno;
}

/* One line (no newline), already known to be at most MH_LINE_CAP bytes. */
static void
osrel_line(struct osrel *o, const unsigned char *p, size_t n, size_t lineno)
{
	char	 key[OSREL_KEY_MAX + 1];
	char	*value;
	size_t	 i = 0, k;

	while (n > 0 && (osrel_is_blank(p[n - 1]) || p[n - 1] == '\r'))
		n--;
	while (i < n && osrel_is_blank(p[i]))
		i++;
	if (i == n || p[i] == '#')
		return;
	p += i;
	n -= i;
	if (!osrel_is_key_start(p[0]))
		goto bad;
	for (k = 0; k < n && osrel_is_key_char(p[k]); k++)
		;
	if (k > OSREL_KEY_MAX)
		goto bad;
	memcpy(key, p, k);
	key[k] = '\0';
	for (i = k; i < n && osrel_is_blank(p[i]); i++)
		;
	if (i == n || p[i] != '=')
		goto bad;
	for (i++; i < n && osrel_is_blank(p[i]); i++)
		;
	if ((value = osrel_value(p + i, n - i)) == NULL)
		goto bad;
	osrel_store(o, key, value, p, n, lineno);
	return;
bad:
	o->nbad++;
}

void
osrel_parse(struct osrel *o, const char *text, size_t len)
{
	const unsigned char	*p = (const unsigned char *)text, *nl;
	size_t			 left = len, n, lineno = 0;

	memset(o, 0, sizeof *o);
	if (text == NULL)
		return;
	while (left > 0) {
		lineno++;
		nl = memchr(p, '\n', left);
		n = nl != NULL ? (size_t)(nl - p) : left;
		if (n > MH_LINE_CAP || memchr(p, '\0', n) != NULL)
			o->nbad++;
		else
			osrel_line(o, p, n, lineno);
		if (nl == NULL)
			break;
		p = nl + 1;
		left -= n + 1;
	}
}

void
osrel_clear(struct osrel *o)
{
	size_t	i;

	for (i = 0; i < o->n; i++) {
		free(o->kv[i].key);
		free(o->kv[i].value);
		free(o->kv[i].line);
	}
	free(o->kv);
	memset(o, 0, sizeof *o);
}

const struct osrel_kv *
osrel_find(const struct osrel *o, const char *key)
{
	size_t	i;

	for (i = 0; i < o->n; i++)
		if (strcmp(o->kv[i].key, key) == 0)
			return &o->kv[i];
	return NULL;
}

const char *
osrel_get(const struct osrel *o, const char *key)
{
	const struct osrel_kv	*kv = osrel_find(o, key);

	return kv != NULL ? kv->value : NULL;
}
