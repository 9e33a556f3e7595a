/*
 * audit.h - the append-only, hash-chained audit log.
 *
 * JSON Lines, mode 0600, one writer at a time (flock).  Each record
 * carries a sequence number, UTC time, session id, who (uid, user,
 * SUDO_USER, SSH client), host, step, action, argv and inverse argv,
 * exit status, an output excerpt, the previous record's hash and its
 * own: SHA-256 over the record's text without its "hash" member.  A
 * record is written with one write() and fsync'd before audit_append
 * returns, so an intent record is on disk before its command runs.
 */
#ifndef MH_AUDIT_H
#define MH_AUDIT_H

#include <stddef.h>

#define AUDIT_DEFAULT_PATH	LOCALSTATEDIR "/log/mailharden/audit.log"
#define AUDIT_OUTPUT_CAP	2048
#define AUDIT_HASH_HEX		64
#define AUDIT_LINE_CAP		(256 * 1024)

struct audit;
struct json;

/* What a caller records; NULL / -1 members are left out. */
struct audit_rec {
	const char		*step;		/* "firewall", "dkim" */
	const char		*action;	/* intent, result, ... */
	const char		*plan;		/* ties records together */
	int			 index;		/* step of the plan, or -1 */
	const char *const	*argv;
	const char *const	*inverse;
	const char *const	*verify;	/* check that the step holds */
	const char		*path;		/* file written, if any */
	int			 status;	/* result exit status, or -1 */
	const char		*output;	/* excerpt; capped */
	const char		*detail;	/* free text (file hash, ...) */
};

/* Open (creating it 0600, and its directory 0700) for appending. */
int		 audit_open(const char *path, struct audit **, char **cause);
void		 audit_close(struct audit *);
const char	*audit_session(const struct audit *);
/* Lock, chain, write, fsync, unlock.  -1 with *cause: nothing written. */
int		 audit_append(struct audit *, const struct audit_rec *,
		    char **cause);

struct audit_verify {
	size_t	records;
	size_t	bad_line;	/* 1-based line of the first bad record */
	long long bad_seq;	/* its seq when readable, else -1 */
	char	*reason;	/* why it is bad (caller frees) */
	char	 head[AUDIT_HASH_HEX + 1];	/* last good record's hash */
};

/*
 * Check the whole chain.  Returns 0 when intact, 1 when a record is bad
 * (v->bad_line, v->reason), -1 with *cause when the file cannot be read.
 */
int		 audit_verify(const char *path, struct audit_verify *,
		    char **cause);
void		 audit_verify_clear(struct audit_verify *);

/* Every record, parsed (for show and undo).  Free with audit_records_free. */
int		 audit_read(const char *path, struct json ***recs, size_t *n,
		    char **cause);
void		 audit_records_free(struct json **, size_t);

/* Hex SHA-256 of data into out[65]. */
void		 audit_sha256_hex(const void *, size_t, char *out);

#endif
