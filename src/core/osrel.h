/*
 * osrel.h - parse os-release(5) text.
 *
 * Input is untrusted (it comes from --root trees and from the system):
 * lines are capped, quoting follows the shell subset os-release allows
 * ("..", '..', backslash escapes inside double quotes), anything else on
 * a line is skipped.  Fuzzed by tests/fuzz/fuzz_osrel.c.
 */
#ifndef MH_OSREL_H
#define MH_OSREL_H

#include <stddef.h>

struct osrel_kv {
	char	*key;
	char	*value;
};

struct osrel {
	struct osrel_kv	*kv;
	size_t		 n;
};

/* Parse text; never fails (bad lines are skipped).  Clear with osrel_clear. */
void		 osrel_parse(struct osrel *, const char *text, size_t len);
void		 osrel_clear(struct osrel *);
const char	*osrel_get(const struct osrel *, const char *key);

#endif
