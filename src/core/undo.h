/*
 * undo.h - take changes back, from a plan being applied (rollback) or
 * from the audit log (mailharden undo, the confirm watcher).
 *
 * Every undone step is audited like a forward step: a record with the
 * action ("undo" or "rollback") and no status before it runs (intent),
 * and one with the same action and its exit status after (result).  A
 * step counts as undone once such a result with status 0 exists.
 */
#ifndef MH_UNDO_H
#define MH_UNDO_H

#include <stddef.h>

struct audit;
struct buf;

/* One step to take back. */
struct undo_item {
	const char		*step;		/* "firewall" */
	const char		*plan;
	int			 index;
	const char *const	*argv;		/* what was run */
	const char *const	*inverse;	/* command steps */
	const char		*path;		/* file steps */
	const char		*backup;	/* NULL: no old file */
	const char		*new_hex;	/* content the step wrote */
	int			 timeout_ms;
};

/*
 * Audit (intent), undo, audit (result).  action is "undo" or
 * "rollback"; reason goes into the records' detail.  0 when undone.
 */
int	undo_one(struct audit *, const char *action,
	    const struct undo_item *, const char *reason, char **cause);

/* What to undo from the log: one of plan, session or last. */
struct undo_sel {
	const char	*plan;
	const char	*session;
	int		 last;		/* newest plan still in effect */
	const char	*action;	/* "undo" (default) or "rollback" */
	const char	*reason;	/* into the records' detail */
	int		 timeout_ms;
	int		 dry_run;	/* say what would be done */
};

struct undo_report {
	size_t	 undone;
	size_t	 skipped;
	size_t	 failed;
	char	*plans;		/* the plan ids, comma-separated */
};

/*
 * Undo from the log at path (a already open on it for writing), newest
 * first, skipping steps already undone; a step with an intent but no
 * result is checked (its verify command, or the file's hash) and undone
 * only when its effect is there.  One line per step goes to out.
 * Returns 0 when everything needed was undone, 1 when nothing matched
 * the selection (*cause says so), -1 with *cause on failure.
 */
int	undo_run(const char *path, struct audit *, const struct undo_sel *,
	    struct buf *out, struct undo_report *, char **cause);
void	undo_report_clear(struct undo_report *);

#endif
