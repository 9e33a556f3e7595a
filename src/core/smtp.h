/*
 * smtp.h - SMTP reply parser (RFC 5321 section 4.2): "250-..." lines
 * continue a reply, "250 ..." ends it.  Pure functions over untrusted
 * bytes: every line, every reply and the whole transcript are capped,
 * reply codes are validated, and anything malformed is an error with a
 * one-line reason, never a guess.
 */
#ifndef MH_SMTP_H
#define MH_SMTP_H

#include <stddef.h>

#define SMTP_LINE_CAP		4096		/* one reply line */
#define SMTP_TRANSCRIPT_CAP	(64 * 1024)	/* everything read */
#define SMTP_MAX_LINES		128		/* lines in one reply */
#define SMTP_MAX_REPLIES	64		/* replies in a transcript */

struct smtp_reply {
	int	  code;		/* 200..599, validated */
	char	**lines;	/* text after "NNN-" / "NNN ", sanitized */
	size_t	  nlines;
};

struct smtp_parser {
	struct smtp_reply	*replies;	/* complete replies */
	size_t			 nreplies;
	struct smtp_reply	 cur;		/* the reply being read */
	size_t			 bytes;		/* bytes fed so far */
	size_t			 bare_lf;	/* lines ending in LF alone */
	char			*error;		/* first error; then stuck */
};

void	smtp_parser_init(struct smtp_parser *);
void	smtp_parser_clear(struct smtp_parser *);

/*
 * Feed one line (with or without its CRLF).  Returns 1 when it
 * completed a reply (the last one in replies), 0 when more lines are
 * needed, -1 on error (reason in p->error; every later call fails).
 */
int	smtp_parser_line(struct smtp_parser *, const char *, size_t);

/*
 * Parse a whole byte buffer (a transcript of replies).  A last line
 * without its line end, or a reply left open, is an error.  Returns 0
 * or -1 (reason in p->error).
 */
int	smtp_parse(struct smtp_parser *, const char *, size_t);

/* Is "NNN" a valid SMTP reply code (2..5, 0..5, 0..9)? */
int	smtp_code_valid(const char *);

/*
 * EHLO keyword lookup over a 250 reply (first line is the greeting
 * name): returns the parameters after the keyword ("" when none), or
 * NULL when the keyword is not offered.  Case-insensitive.
 */
const char *smtp_ehlo_find(const struct smtp_reply *, const char *);

/*
 * Does a banner disclose the software or its version?  Returns 1 and
 * sets *what to the disclosing word (points into text, *whatlen long),
 * or 0.
 */
int	smtp_banner_discloses(const char *text, const char **what,
	    size_t *whatlen);

#endif
