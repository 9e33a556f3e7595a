/*
 * fact.h - the one model everything reads.
 *
 * A fact is a dotted name ("os.id", "fw.active"), a typed value, a
 * state and the evidence that produced it.  UNKNOWN and ERROR facts
 * carry a one-line reason instead of a value: a check over them is
 * UNKNOWN, never PASS or FAIL.
 *
 * Every string stored in a fact (value, list item, reason, evidence) is
 * sanitized on the way in: invalid UTF-8 and control characters become
 * '?', and it is capped at MH_LINE_CAP bytes.  Readers may print them
 * as they are.
 */
#ifndef MH_FACT_H
#define MH_FACT_H

#include <stddef.h>
#include <time.h>

struct buf;

enum fact_type {
	FACT_BOOL,
	FACT_INT,
	FACT_STR,
	FACT_LIST
};

enum fact_state {
	FACT_KNOWN,
	FACT_UNKNOWN,	/* could not be found out (not root, --root, absent) */
	FACT_ERROR	/* tried and failed (unreadable, garbage, timeout) */
};

struct evidence {
	char	*source;	/* file path, argv, "env SSH_CONNECTION" ... */
	char	*text;		/* the line(s) that gave the value */
	time_t	 when;
};

#define FACT_MAX_EVIDENCE	32
#define FACT_MAX_LIST		256

struct fact {
	char		*name;
	enum fact_type	 type;
	enum fact_state	 state;
	int		 b;
	long long	 i;
	char		*s;
	char		**list;
	size_t		 nlist;
	char		*reason;	/* UNKNOWN / ERROR: why */
	struct evidence	*ev;
	size_t		 nev;
};

struct facts {
	struct fact	*v;
	size_t		 n;
	size_t		 cap;
};

struct facts	*facts_create(void);
void		 facts_free(struct facts *);

/*
 * Setters create the fact or replace an existing one of that name
 * (value, state and evidence are reset).  They return the fact so that
 * evidence can be attached; the pointer is valid until the next setter
 * call on the same set.
 */
struct fact	*facts_set_bool(struct facts *, const char *, int);
struct fact	*facts_set_int(struct facts *, const char *, long long);
struct fact	*facts_set_str(struct facts *, const char *, const char *);
struct fact	*facts_set_list(struct facts *, const char *);
struct fact	*facts_set_unknown(struct facts *, const char *,
		    enum fact_type, const char *, ...)
		    __attribute__((format(printf, 4, 5)));
struct fact	*facts_set_error(struct facts *, const char *,
		    enum fact_type, const char *, ...)
		    __attribute__((format(printf, 4, 5)));

void		 fact_list_add(struct fact *, const char *);
int		 fact_list_has(const struct fact *, const char *);
void		 fact_evidence(struct fact *, const char *source,
		    const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

/* Copy every fact of src (value, state, reason, evidence) into dst. */
void		 facts_merge(struct facts *dst, const struct facts *src);

const struct fact *facts_get(const struct facts *, const char *);
/* Known string value, or NULL when absent / not known / not a string. */
const char	*facts_str(const struct facts *, const char *);

/* The value as one line of text ("yes", "42", "a, b", "UNKNOWN"). */
char		*fact_value_text(const struct fact *);
const char	*fact_state_name(enum fact_state);
const char	*fact_type_name(enum fact_type);

/* JSON: an array of fact objects (schema in doc/internals.md). */
void		 facts_json(const struct facts *, struct buf *);

/* Is s[0..len) valid UTF-8 (no overlongs, no surrogates)? */
int		 mh_utf8_valid(const char *, size_t);
/* Copy s, replacing invalid UTF-8 and control bytes by '?', capped. */
char		*mh_sanitize(const char *, size_t cap);

#endif
