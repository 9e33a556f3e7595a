/*
 * checklist.h - checklists are data: libconfig files in data/checklists/
 * (or given by path), loaded, validated and linted here.  No C code per
 * item; an item reads facts through its "when" and "expect" conditions
 * (cond.h).
 *
 * A file:
 *
 *   checklist = {
 *     name = "baseline";                # file stem; [a-z0-9-]+
 *     title = "Mail server hardening baseline";
 *     version = "1.0";                  # printed in reports
 *     description = "...";
 *     items = (
 *       {
 *         id = "BL-01";                 # unique across all checklists;
 *                                       # [A-Z0-9]+(-[A-Z0-9]+)*
 *         title = "SMTP offers STARTTLS on port 25";
 *         severity = "high";            # info | low | medium | high |
 *                                       # critical
 *         rationale = "...";
 *         references = [ "RFC 3207", "NIST SP 800-177r1 4.1" ];  # optional
 *         when = "port.25.listening";   # optional; false -> N/A
 *         expect = "smtp.25.starttls";  # required unless manual
 *         advisory = true;              # optional: a failed expect is
 *                                       # WARN, not FAIL
 *         remediation = {
 *           text = "...";               # required
 *           postfix = "postconf -e ...";  # optional commands, one key
 *           firewalld = "..."; ufw = "..."; nft = "..."; iptables = "...";
 *         };
 *         manual = true;                # optional: a person attests;
 *                                       # then no expect
 *       }
 *     );
 *   };
 *
 * Titles, rationales and remediation texts are English msgids: printers
 * pass them through _() (the catalog holds them, see
 * scripts/checklist-msgs.sh).  Every string kept here is a copy owned by
 * the struct (libconfig is destroyed after loading).
 */
#ifndef MH_CHECKLIST_H
#define MH_CHECKLIST_H

#include <stddef.h>

struct cond;

#define CHECKLIST_FILE_CAP	(1024 * 1024)
#define CHECKLIST_MAX_ITEMS	512
#define CHECKLIST_MAX_REFS	16

enum check_severity {
	CHECK_SEV_INFO,
	CHECK_SEV_LOW,
	CHECK_SEV_MEDIUM,
	CHECK_SEV_HIGH,
	CHECK_SEV_CRITICAL,
	CHECK_NSEV
};

/* Remediation commands, by the backend / MTA they are for. */
enum check_fix {
	CHECK_FIX_POSTFIX,
	CHECK_FIX_FIREWALLD,
	CHECK_FIX_UFW,
	CHECK_FIX_NFT,
	CHECK_FIX_IPTABLES,
	CHECK_NFIX
};

struct check_item {
	char			*id;
	char			*title;		/* English msgid */
	enum check_severity	 severity;
	char			*rationale;	/* English msgid */
	char			**refs;
	size_t			 nrefs;
	char			*when_text;	/* NULL: always applies */
	struct cond		*when;
	char			*expect_text;	/* NULL when manual */
	struct cond		*expect;
	int			 advisory;	/* failed expect -> WARN */
	int			 manual;
	char			*fix_text;	/* English msgid */
	char			*fix_cmd[CHECK_NFIX];	/* NULL when none */
	int			 line;		/* of the item in its file */
};

struct checklist {
	char			*name;
	char			*title;		/* English msgid */
	char			*version;
	char			*description;	/* English msgid, may be NULL */
	char			*path;		/* the file it came from */
	struct check_item	*items;
	size_t			 nitems;
};

struct checklists {
	struct checklist	*v;
	size_t			 n;
};

/*
 * Load one file.  -1 with *cause "FILE:LINE: reason" on any error
 * (syntax, missing or mistyped key, bad condition, duplicate id within
 * the file, unknown severity or key); nothing is returned then.
 */
int		 checklist_load(const char *path, struct checklist *,
		    char **cause);
void		 checklist_clear(struct checklist *);

/*
 * Load several: names ("baseline") are looked up as
 * datadir/checklists/NAME.conf, anything with a '/' or ending in ".conf"
 * is a path.  names == NULL loads every bundled *.conf in name order.
 * Also rejects an item id used twice across the files (naming both).
 */
int		 checklists_load(const char *const *names, size_t n,
		    struct checklists *, char **cause);
void		 checklists_free(struct checklists *);

/* Bundled checklist names, sorted (free with mh_strv_free). */
char		**checklists_bundled(size_t *n, char **cause);

const struct check_item *checklists_find(const struct checklists *,
		    const char *id, const struct checklist **in);

/*
 * Lint a loaded checklist: every fact name in when / expect is in the
 * fact catalogue (factdef.h), patterns only under any / all, the
 * comparison types fit.  Problems are appended to *msgs as
 * "FILE:LINE: reason" lines (free with mh_strv_free); returns
 * the count (0 = clean).  Load errors are not lint problems: a file that
 * does not load fails checklist_load with its own file:line.
 */
size_t		 checklist_lint(const struct checklist *, char ***msgs,
		    size_t *nmsgs);

const char	*checklist_severity_name(enum check_severity); /* "high" */
const char	*checklist_fix_name(enum check_fix);		/* "postfix" */

#endif
