/*
 * json.h - a small JSON reader for our own files (the audit log) and
 * for untrusted command output (nft -j).  Depth, size and number of
 * nodes are capped; anything malformed is an error with the byte
 * offset.  Fuzzed by tests/fuzz/fuzz_json.c.
 */
#ifndef MH_JSON_H
#define MH_JSON_H

#include <stddef.h>

enum json_type {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT
};

struct json {
	enum json_type	 type;
	int		 b;
	double		 num;
	long long	 inum;		/* integral value when is_int */
	int		 is_int;
	char		*str;		/* JSON_STRING (NUL-free, UTF-8) */
	char		*key;		/* member name when inside an object */
	struct json	*child;		/* first element / member */
	struct json	*next;		/* next sibling */
};

#define JSON_MAX_DEPTH	64
#define JSON_MAX_NODES	200000

/* Parse text[0..len); returns the root or NULL with *cause. */
struct json	*json_parse(const char *text, size_t len, char **cause);
void		 json_free(struct json *);

/* Member of an object by name, or NULL. */
const struct json *json_get(const struct json *, const char *key);
/* String member, or NULL when absent or not a string. */
const char	*json_get_str(const struct json *, const char *key);
/* Integer member into *v; -1 when absent or not an integer. */
int		 json_get_int(const struct json *, const char *key,
		    long long *v);
size_t		 json_count(const struct json *);

#endif
