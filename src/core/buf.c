/*
 * buf.c - growable, capped byte buffers and JSON string escaping.
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "buf.h"

void
buf_init(struct buf *b, size_t cap)
{
	memset(b, 0, sizeof *b);
	b->cap = cap;
}

void
buf_clear(struct buf *b)
{
	free(b->data);
	buf_init(b, b->cap);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->truncated = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	size_t	want;

	if (b->cap != 0 && b->len + n > b->cap) {
		b->truncated = 1;
		n = b->cap > b->len ? b->cap - b->len : 0;
	}
	want = b->len + n + 1;
	if (want > b->size) {
		size_t	size = b->size ? b->size : 64;

		while (size < want)
			size *= 2;
		b->data = xreallocarray(b->data, size, 1);
		b->size = size;
	}
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	char	*s;
	int	 n;

	n = xvasprintf(&s, fmt, ap);
	buf_add(b, s, (size_t)n);
	free(s);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *
buf_str(const struct buf *b)
{
	return b->data != NULL ? b->data : "";
}

char *
buf_steal(struct buf *b)
{
	char	*s;

	s = b->data != NULL ? b->data : xstrdup("");
	buf_init(b, b->cap);
	return s;
}

void
buf_json_str(struct buf *b, const char *s)
{
	const unsigned char	*p;

	buf_addc(b, '"');
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			buf_adds(b, "\\\"");
			break;
		case '\\':
			buf_adds(b, "\\\\");
			break;
		case '\n':
			buf_adds(b, "\\n");
			break;
		case '\r':
			buf_adds(b, "\\r");
			break;
		case '\t':
			buf_adds(b, "\\t");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				buf_printf(b, "\\u%04x", *p);
			else
				buf_addc(b, (char)*p);
		}
	}
	buf_addc(b, '"');
}

size_t
mh_width(const char *s)
{
	mbstate_t	st;
	wchar_t		wc;
	size_t		n, w = 0, left = strlen(s);
	int		cw;

	memset(&st, 0, sizeof st);
	while (left > 0) {
		n = mbrtowc(&wc, s, left, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof st);
			n = 1;
			cw = 1;
		} else if ((cw = wcwidth(wc)) < 0)
			cw = 1;
		w += (size_t)cw;
		s += n;
		left -= n;
	}
	return w;
}

void
buf_add_padded(struct buf *b, const char *s, size_t width)
{
	size_t	w = mh_width(s);

	buf_adds(b, s);
	while (w++ < width)
		buf_addc(b, ' ');
}
