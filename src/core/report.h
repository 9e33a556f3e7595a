/*
 * report.h - the auditor's report in three formats from one model:
 * text (80 columns, paginated with page headers and form feeds), HTML
 * (one self-contained file, A4 print stylesheet, rows never split across
 * pages) and JSON (schema "mailharden.report/1", doc/report.schema.json).
 *
 * Contents: the header (host, OS, public addresses, run id, start and
 * end time, operator, tool version, checklists and their versions), the
 * scores, one entry per item (id, title, verdict, why, the facts behind
 * it with their evidence, remediation and commands, references, waiver
 * or attestation), the changes from the audit log with the chain check
 * and head hash, and signature lines.  Strings are translated with the
 * catalog in force when report_write runs (report_set_lang picks it).
 */
#ifndef MH_REPORT_H
#define MH_REPORT_H

#include <stddef.h>
#include <time.h>

struct buf;
struct facts;
struct check_run;
struct json;

enum report_format {
	REPORT_TEXT,
	REPORT_HTML,
	REPORT_JSON
};

#define REPORT_TEXT_WIDTH	80
#define REPORT_TEXT_PAGE	60	/* lines per printed page */
#define REPORT_SCHEMA		"mailharden.report/1"

struct report_operator {
	const char	*user;		/* login name of the euid */
	const char	*sudo_user;	/* $SUDO_USER, may be NULL */
	const char	*ssh_client;	/* address from $SSH_CLIENT, may be
					   NULL */
};

struct report_audit {
	const char	*path;		/* the log file */
	int		 readable;	/* 0: could not be read (why) */
	const char	*why;
	int		 intact;	/* chain verified */
	size_t		 records;	/* in the whole log */
	size_t		 bad_line;	/* when !intact */
	const char	*bad_reason;
	const char	*head;		/* hex hash of the last good record */
	struct json	**recs;		/* the records shown (this run's
					   sessions, or since --since) */
	size_t		 nrecs;
	const char	*scope;		/* one line: which records and why */
};

struct report {
	const char		*run_id;	/* session id */
	time_t			 start;
	time_t			 end;
	struct report_operator	 op;
	const char		*version;	/* PACKAGE_VERSION */
	const struct facts	*facts;		/* host, OS, addresses, and
						   the evidence of items */
	const struct check_run	*run;
	struct report_audit	 audit;
};

#define REPORT_ID_LEN	32	/* hex digits of a run id */

/* A fresh random run id (REPORT_ID_LEN hex digits) into out. */
void		 report_new_id(char out[REPORT_ID_LEN + 1]);

/* Fill op from the environment and the euid (strings are static or
 * getenv's; valid until the environment changes). */
void		 report_operator_init(struct report_operator *);

/*
 * Fill r->audit from the log at path: verify the chain, keep the
 * records of the given sessions (NULL/0: every session) that changed
 * something (intent/result records), newer than since (0: any time).
 * A missing or unreadable log is not an error: readable = 0 and why.
 * Free with report_audit_clear.
 */
void		 report_audit_load(struct report_audit *, const char *path,
		    const char *const *sessions, size_t nsessions,
		    time_t since);
void		 report_audit_clear(struct report_audit *);

/* Render.  -1 with *cause only on an internal error. */
int		 report_render(const struct report *, enum report_format,
		    struct buf *out, char **cause);

/*
 * Switch the message catalog for the report ("zh_CN", "en", "C");
 * NULL or "" keeps the current one.  -1 with *cause when the language
 * has no catalog or no locale on this system.
 */
int		 report_set_lang(const char *lang, char **cause);

/* "text" / "html" / "json" -> format; -1 when unknown. */
int		 report_format_parse(const char *, enum report_format *);
const char	*report_format_name(enum report_format);

#endif
