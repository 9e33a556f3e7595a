/*
 * check.h - the checklist engine: evaluate loaded checklists over a fact
 * set, with waivers and attestations, into verdicts and scores.
 *
 * Per item, in order:
 *   when is FALSE                  -> N/A
 *   when is UNKNOWN                -> UNKNOWN (reason says which fact)
 *   manual                         -> MANUAL (attestation shown if any)
 *   expect TRUE                    -> PASS
 *   expect FALSE                   -> FAIL (WARN when advisory)
 *   expect UNKNOWN                 -> UNKNOWN
 * then a waiver in force turns FAIL, WARN, UNKNOWN or MANUAL into
 * WAIVED (the underlying verdict is kept in `raw`); an expired waiver
 * leaves the verdict and sets waiver_expired.  A waiver on a PASS or N/A
 * item is noted and changes nothing.
 *
 * Scores (per checklist and per severity): passed / counted, where
 * counted = PASS + FAIL + WARN + UNKNOWN + attested MANUAL, and passed =
 * PASS + MANUAL attested "yes".  WAIVED and N/A are not counted, and
 * neither is a MANUAL item still awaiting its answer.
 */
#ifndef MH_CHECK_H
#define MH_CHECK_H

#include <stddef.h>
#include <time.h>

#include "checklist.h"

struct facts;
struct waivers;
struct attests;
struct waiver;
struct attest;

enum check_verdict {
	CHECK_PASS,
	CHECK_FAIL,
	CHECK_WARN,
	CHECK_UNKNOWN,
	CHECK_WAIVED,
	CHECK_MANUAL,
	CHECK_NA,
	CHECK_NVERDICTS
};

struct check_result {
	const struct check_item	*item;		/* in the checklists */
	const struct checklist	*list;
	enum check_verdict	 verdict;
	enum check_verdict	 raw;		/* before any waiver */
	char			*why;		/* one line: UNKNOWN reason,
						   which fact failed; may be
						   NULL */
	char			**facts;	/* names of the facts read
						   (patterns expanded) */
	size_t			 nfacts;
	const struct waiver	*waiver;	/* the one found, in force or
						   not; NULL when none */
	int			 waiver_expired;
	const struct attest	*attest;	/* manual items */
};

struct check_score {
	size_t	count[CHECK_NVERDICTS];
	size_t	passed;
	size_t	counted;
};

struct check_run {
	const struct checklists	*lists;
	struct check_result	*results;	/* every item, list order */
	size_t			 nresults;
	struct check_score	*per_list;	/* lists->n entries */
	struct check_score	 per_sev[CHECK_NSEV];
	struct check_score	 total;
	time_t			 now;		/* the clock used */
	char			**unused_waivers; /* ids not in any list */
	size_t			 nunused;
};

/*
 * Evaluate every item of every list.  lists, fs, w and a must outlive
 * the run (results point into them); w and a may be NULL.  now is the
 * clock for waiver expiry (tests pass a fixed one).
 */
void		 check_run(struct check_run *, const struct checklists *,
		    const struct facts *fs, const struct waivers *w,
		    const struct attests *a, time_t now);
void		 check_run_clear(struct check_run *);

/* Exit status for the CLI: 1 when any FAIL (or UNKNOWN on a critical
 * item), else 0. */
int		 check_exit_status(const struct check_run *);

const char	*check_verdict_name(enum check_verdict);   /* "PASS" */
/* Percent 0..100 rounded down; -1 when nothing was counted. */
int		 check_score_percent(const struct check_score *);

#endif
