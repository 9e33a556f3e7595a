/*
 * smtp.c - parse SMTP replies from an untrusted server into validated,
 * capped, sanitized reply records; EHLO keyword lookup and banner
 * disclosure detection.  No I/O: the probes (probe_smtp.c) feed it the
 * lines libcurl hands them, the fuzz target feeds it anything.
 */
#include "mh.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fact.h"
#include "smtp.h"

/* Software names that give the MTA away in a banner. */
static const char *const smtp_software[] = {
	"postfix", "exim", "sendmail", "qmail", "microsoft", "exchange",
	"hmailserver", "opensmtpd", "haraka", "mailenable", "zimbra",
	"courier", "kerio", "icewarp", "communigate", "mdaemon", "smail",
	"coremail", "axigen", "merak", "argosoft", "surgemail", "xmail",
	"postini", "ironport", "zmailer", "mercury", "lotus", "domino"
};

void
smtp_parser_init(struct smtp_parser *p)
{
	memset(p, 0, sizeof *p);
}

static void
smtp_reply_clear(struct smtp_reply *r)
{
	size_t	i;

	for (i = 0; i < r->nlines; i++)
		free(r->lines[i]);
	free(r->lines);
	memset(r, 0, sizeof *r);
}

void
smtp_parser_clear(struct smtp_parser *p)
{
	size_t	i;

	for (i = 0; i < p->nreplies; i++)
		smtp_reply_clear(&p->replies[i]);
	free(p->replies);
	smtp_reply_clear(&p->cur);
	free(p->error);
	memset(p, 0, sizeof *p);
}

int
smtp_code_valid(const char *s)
{
	return s[0] >= '2' && s[0] <= '5' && s[1] >= '0' && s[1] <= '5' &&
	    s[2] >= '0' && s[2] <= '9';
}

static int
smtp_fail(struct smtp_parser *p, const char *reason)
{
	if (p->error == NULL)
		p->error = xstrdup(reason);
	return -1;
}

int
smtp_parser_line(struct smtp_parser *p, const char *line, size_t len)
{
	struct smtp_reply	*r = &p->cur;
	char			 code[4], *tmp;
	int			 c, last;

	if (p->error != NULL)
		return -1;
	p->bytes += len;
	if (p->bytes > SMTP_TRANSCRIPT_CAP)
		return smtp_fail(p, _("the server sent more than 64 KiB"));
	if (len > 0 && line[len - 1] == '\n') {
		len--;
		if (len > 0 && line[len - 1] == '\r')
			len--;
		else
			p->bare_lf++;
	}
	if (len > SMTP_LINE_CAP)
		return smtp_fail(p, _("a reply line is longer than 4 KiB"));
	if (len < 3 || !smtp_code_valid(line))
		return smtp_fail(p, _("a reply line has no valid reply code"));
	if (len > 3 && line[3] != ' ' && line[3] != '-')
		return smtp_fail(p, _("a reply code is not followed by a "
		    "space or a hyphen"));
	memcpy(code, line, 3);
	code[3] = '\0';
	c = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
	if (r->nlines > 0 && c != r->code)
		return smtp_fail(p, _("the reply code changes inside a "
		    "multi-line reply"));
	if (r->nlines >= SMTP_MAX_LINES)
		return smtp_fail(p, _("a reply has too many lines"));
	last = len == 3 || line[3] == ' ';
	if (last && p->nreplies >= SMTP_MAX_REPLIES)
		return smtp_fail(p, _("the server sent too many replies"));
	r->code = c;
	r->lines = xreallocarray(r->lines, r->nlines + 1, sizeof *r->lines);
	if (len > 4) {
		/* mh_sanitize wants a string: copy the slice first. */
		tmp = xstrndup(line + 4, len - 4);
		r->lines[r->nlines++] = mh_sanitize(tmp, SMTP_LINE_CAP);
		free(tmp);
	} else
		r->lines[r->nlines++] = xstrdup("");
	if (!last)
		return 0;
	p->replies = xreallocarray(p->replies, p->nreplies + 1,
	    sizeof *p->replies);
	p->replies[p->nreplies++] = *r;
	memset(r, 0, sizeof *r);
	return 1;
}

int
smtp_parse(struct smtp_parser *p, const char *buf, size_t len)
{
	const char	*nl;
	size_t		 n;

	while (len > 0) {
		nl = memchr(buf, '\n', len > SMTP_LINE_CAP + 2 ?
		    SMTP_LINE_CAP + 2 : len);
		if (nl == NULL) {
			if (len > SMTP_LINE_CAP + 1)
				return smtp_fail(p, _("a reply line is longer "
				    "than 4 KiB"));
			return smtp_fail(p, _("the last reply line has no "
			    "CRLF"));
		}
		n = (size_t)(nl - buf) + 1;
		if (smtp_parser_line(p, buf, n) == -1)
			return -1;
		buf += n;
		len -= n;
	}
	if (p->cur.nlines > 0)
		return smtp_fail(p, _("the last reply is not finished"));
	return p->error != NULL ? -1 : 0;
}

const char *
smtp_ehlo_find(const struct smtp_reply *r, const char *kw)
{
	size_t		 i, n = strlen(kw);
	const char	*s;

	/* Line 0 is "name greeting"; keywords follow. */
	for (i = 1; i < r->nlines; i++) {
		s = r->lines[i];
		if (strncasecmp(s, kw, n) != 0)
			continue;
		if (s[n] == '\0')
			return s + n;
		if (s[n] == ' ' || (s[n] == '=' && strcasecmp(kw, "AUTH") == 0))
			return s + n + 1;
	}
	return NULL;
}

/* Is the word w[0..n) a version number ("3.7.11", "v8.15.2", "4.96")? */
static int
smtp_banner_version(const char *w, size_t n)
{
	size_t	i, dots = 0, digits = 0, parts_ok = 1, numeric = 1;

	if (n > 0 && (w[0] == 'v' || w[0] == 'V')) {
		w++;
		n--;
	}
	if (n < 3 || !isdigit((unsigned char)w[0]))
		return 0;
	for (i = 0; i < n; i++) {
		if (w[i] == '.') {
			if (i + 1 >= n || !isdigit((unsigned char)w[i + 1]))
				parts_ok = 0;
			dots++;
		} else if (isdigit((unsigned char)w[i]))
			digits++;
		else
			numeric = 0;
	}
	if (dots == 0 || !parts_ok)
		return 0;
	/* An IPv4 address is not a version. */
	if (numeric && dots == 3)
		return 0;
	return digits > dots;
}

int
smtp_banner_discloses(const char *text, const char **what, size_t *whatlen)
{
	const char	*p = text, *w;
	size_t		 n, i;
	static const char seps[] = " \t()[]/;,:=\"'";

	while (*p != '\0') {
		p += strspn(p, seps);
		w = p;
		n = strcspn(p, seps);
		p += n;
		if (n == 0)
			continue;
		for (i = 0; i < nitems(smtp_software); i++) {
			if (strlen(smtp_software[i]) == n &&
			    strncasecmp(w, smtp_software[i], n) == 0)
				goto found;
		}
		if (smtp_banner_version(w, n))
			goto found;
	}
	return 0;
found:
	*what = w;
	*whatlen = n;
	return 1;
}
