/*
 * fuzz_smtp.c - fuzz the SMTP reply parser: whole transcripts through
 * smtp_parse, the same bytes line by line through smtp_parser_line, and
 * every parsed reply through the EHLO lookup and banner check.  Every
 * reply must be within the caps with a valid code.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "smtp.h"

const char *fuzz_corpus_name = "smtp";

static void
fuzz_smtp_check(const struct smtp_parser *p)
{
	const struct smtp_reply	*r;
	const char		*w;
	size_t			 i, j, wl;

	if (p->nreplies > SMTP_MAX_REPLIES)
		abort();
	for (i = 0; i < p->nreplies; i++) {
		r = &p->replies[i];
		if (r->code < 200 || r->code > 559 || r->nlines == 0 ||
		    r->nlines > SMTP_MAX_LINES)
			abort();
		for (j = 0; j < r->nlines; j++)
			if (strlen(r->lines[j]) > SMTP_LINE_CAP)
				abort();
		(void)smtp_ehlo_find(r, "AUTH");
		(void)smtp_ehlo_find(r, "SIZE");
		if (smtp_banner_discloses(r->lines[0], &w, &wl) &&
		    (wl == 0 || w < r->lines[0] ||
		    w + wl > r->lines[0] + strlen(r->lines[0])))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smtp_parser	 p;
	const char		*s = (const char *)data, *nl;
	size_t			 n;

	smtp_parser_init(&p);
	if (smtp_parse(&p, s, size) == -1 && p.error == NULL)
		abort();
	fuzz_smtp_check(&p);
	smtp_parser_clear(&p);

	smtp_parser_init(&p);
	while (size > 0) {
		nl = memchr(s, '\n', size);
		n = nl != NULL ? (size_t)(nl - s) + 1 : size;
		if (smtp_parser_line(&p, s, n) == -1)
			break;
		s += n;
		size -= n;
	}
	fuzz_smtp_check(&p);
	smtp_parser_clear(&p);
	return 0;
}
