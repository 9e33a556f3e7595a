/*
 * cond.h - the condition language of checklist items ("when" and
 * "expect"), parsed once and evaluated over a fact set with three-valued
 * logic: TRUE, FALSE, UNKNOWN.  A comparison over a fact that is absent,
 * UNKNOWN or ERROR is UNKNOWN (never TRUE or FALSE), so a check over it
 * is UNKNOWN too.
 *
 * Grammar (keywords are lower case; whitespace between tokens):
 *
 *   expr    := or
 *   or      := and { "or" and }
 *   and     := unary { "and" unary }
 *   unary   := "not" unary | primary
 *   primary := "(" expr ")"
 *            | "exists" NAME          TRUE when the fact is present and
 *                                     known, FALSE when absent, UNKNOWN
 *                                     when present but unknown / error
 *            | "known" NAME           TRUE when present and known, else
 *                                     FALSE (never UNKNOWN; for "when")
 *            | ("any" | "all") NAME OP VALUE
 *                                     over every fact matching the
 *                                     pattern NAME ("dnsbl.**",
 *                                     "smtp.*.vrfy"); no match: any =
 *                                     FALSE, all = TRUE; unknown members
 *                                     make it UNKNOWN unless decided
 *            | NAME OP VALUE
 *            | NAME                   a bool fact: TRUE when true
 *   OP      := "==" | "!=" | "<" | "<=" | ">" | ">="
 *            | "contains"             list has the item / string has the
 *                                     substring
 *            | "matches"              POSIX extended regex, whole value
 *                                     searched (anchor it yourself)
 *   VALUE   := "double-quoted string" (\" and \\ escapes)
 *            | integer | "true" | "false"
 *   NAME    := [a-z0-9_-] segments joined by "." ; "*" and "**" allowed
 *              only after any / all
 *
 * Comparisons: bool facts with true/false (== / != only); int facts with
 * integers; string facts with strings (== != contains matches, and < <=
 * > >= compare integers when both sides are integers); list facts with
 * contains (and == / != over the items joined by ", ").  A type mismatch
 * is UNKNOWN at run time and an error for the linter.
 *
 * Example:  "smtp.25.starttls and smtp.25.tls_version matches
 *            \"^TLSv1\\.[23]$\""
 */
#ifndef MH_COND_H
#define MH_COND_H

#include <stddef.h>

struct facts;
struct cond;

enum cond_value {
	COND_FALSE,
	COND_TRUE,
	COND_UNKNOWN
};

#define COND_TEXT_CAP		4096	/* longest condition accepted */
#define COND_MAX_DEPTH		32	/* nesting of ( and not */
#define COND_MAX_NAMES		64	/* fact names in one condition */

/*
 * Parse.  NULL with *cause ("column 12: expected an operator after
 * \"smtp.25.vrfy\"") on a syntax error; nothing is allocated then.
 */
struct cond	*cond_parse(const char *text, char **cause);
void		 cond_free(struct cond *);

/*
 * The fact names (and patterns) the condition reads, in order of first
 * use, without duplicates.  Valid while the cond lives.
 */
const char *const *cond_names(const struct cond *, size_t *n);

/*
 * Evaluate.  When the result is UNKNOWN and why is not NULL, *why gets
 * a one-line reason naming the first fact that made it so ("smtp.25.
 * starttls is UNKNOWN: connection refused"); the caller frees it.
 */
enum cond_value	 cond_eval(const struct cond *, const struct facts *,
		    char **why);

const char	*cond_value_name(enum cond_value);	/* "true" ... */

/* Does name match pattern ('*' one segment, final "**" the rest)? */
int		 cond_match(const char *pattern, const char *name);

#endif
