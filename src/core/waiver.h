/*
 * waiver.h - waivers and attestations, each in its own libconfig file.
 *
 * Waivers (default SYSCONFDIR/mailharden/waivers.conf, --waivers FILE):
 *
 *   waivers = (
 *     { id = "BL-07"; reason = "Relay host handles outbound";
 *       owner = "alice@example.com"; expires = "2027-03-31"; }
 *   );
 *
 * A waiver applies until the end of its expiry day (UTC); after that it
 * no longer counts and the item shows its own verdict with the expired
 * waiver flagged.  An expiry more than WAIVER_MAX_DAYS ahead is refused
 * (a waiver is temporary by definition).
 *
 * Attestations (answers to manual items; default
 * LOCALSTATEDIR/lib/mailharden/attestations.conf, --attestations FILE):
 *
 *   attestations = (
 *     { id = "CN-03"; answer = "yes"; note = "ICP filing 京ICP备...";
 *       by = "alice"; date = "2026-11-23"; }
 *   );
 *
 * Both files are written through the plan engine (audited, undoable);
 * waiver_file_text / attest_file_text give the new file content.
 */
#ifndef MH_WAIVER_H
#define MH_WAIVER_H

#include <stddef.h>
#include <time.h>

struct buf;

#define WAIVER_DEFAULT_PATH	SYSCONFDIR "/mailharden/waivers.conf"
#define ATTEST_DEFAULT_PATH	\
	LOCALSTATEDIR "/lib/mailharden/attestations.conf"
#define WAIVER_FILE_CAP		(256 * 1024)
#define WAIVER_MAX		1024
#define WAIVER_MAX_DAYS		(3 * 366)
#define WAIVER_TEXT_CAP		512	/* reason, owner, note */

struct waiver {
	char	*id;
	char	*reason;
	char	*owner;
	char	*expires;	/* "YYYY-MM-DD" as written */
	time_t	 until;		/* end of that day, UTC */
	int	 line;
};

struct waivers {
	char		*path;
	struct waiver	*v;
	size_t		 n;
};

struct attest {
	char	*id;
	int	 yes;		/* answer: yes = the control is in place */
	char	*note;
	char	*by;
	char	*date;		/* "YYYY-MM-DD" */
	int	 line;
};

struct attests {
	char		*path;
	struct attest	*v;
	size_t		 n;
};

/*
 * Load.  A missing file is an empty set (0) when missing_ok, else an
 * error.  -1 with *cause "FILE:LINE: reason" on syntax errors, missing
 * keys, bad dates, duplicate ids, texts over the cap or with control
 * characters.  now is the clock used for the WAIVER_MAX_DAYS limit.
 */
int		 waivers_load(const char *path, int missing_ok, time_t now,
		    struct waivers *, char **cause);
void		 waivers_clear(struct waivers *);
const struct waiver *waivers_find(const struct waivers *, const char *id);
int		 waiver_expired(const struct waiver *, time_t now);

int		 attests_load(const char *path, int missing_ok,
		    struct attests *, char **cause);
void		 attests_clear(struct attests *);
const struct attest *attests_find(const struct attests *, const char *id);

/*
 * Validate a new waiver / attestation (id syntax, texts, date format and
 * range) and return the whole file text with it added or replacing the
 * entry of the same id.  -1 with *cause on bad input.
 */
int		 waiver_file_text(const struct waivers *,
		    const struct waiver *add, time_t now, struct buf *out,
		    char **cause);
int		 attest_file_text(const struct attests *,
		    const struct attest *add, struct buf *out, char **cause);

/* "YYYY-MM-DD" -> the last second of that UTC day; -1 when invalid. */
time_t		 waiver_parse_date(const char *);

#endif
