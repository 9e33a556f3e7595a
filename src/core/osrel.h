/*
 * osrel.h - parse os-release(5) text.
 *
 * Input is untrusted (it comes from --root trees and from the system):
 * lines are capped, quoting follows the shell subset os-release allows
 * ("..", '..', backslash escapes inside double quotes), anything else on
 * a line is skipped.  Fuzzed by tests/fuzz/fuzz_osrel.c.
 *
 * The same format serves /etc/lsb-release.
 */
#ifndef MH_OSREL_H
#define MH_OSREL_H

#include <stddef.h>

#define OSREL_KEY_MAX	64	/* longest key accepted */
#define OSREL_MAX_KEYS	128	/* distinct keys kept; more are dropped */

struct osrel_kv {
	char	*key;
	char	*value;
	char	*line;		/* the source line as written (for evidence) */
	size_t	 lineno;	/* 1-based */
};

struct osrel {
	struct osrel_kv	*kv;
	size_t		 n;
	size_t		 nbad;		/* malformed lines skipped */
	size_t		 ndropped;	/* keys dropped over OSREL_MAX_KEYS */
};

/* Parse text; never fails (bad lines are skipped).  Clear with osrel_clear. */
void		 osrel_parse(struct osrel *, const char *text, size_t len);
void		 osrel_clear(struct osrel *);
const char	*osrel_get(const struct osrel *, const char *key);
/* The whole entry for key (line and number for evidence), or NULL. */
const struct osrel_kv *osrel_find(const struct osrel *, const char *key);

#endif
