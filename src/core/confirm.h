/*
 * confirm.h - the dead-man switch after a firewall change on an SSH
 * session: a detached watcher process rolls the plan back unless the
 * operator confirms in time.
 *
 * The watcher is double-forked into its own session, ignores SIGHUP and
 * has no terminal, so it survives the SSH connection (and the mailharden
 * process) going away.  It keeps STATE_DIR/<plan>.state (plan, audit
 * log, deadline, pid) while it waits, notices STATE_DIR/<plan>.confirm
 * (or SIGUSR1) as the confirmation, and writes STATE_DIR/<plan>.done
 * ("confirmed" or "rolled-back ...") when it ends.  On timeout it runs
 * undo_run for the plan with action "rollback".
 */
#ifndef MH_CONFIRM_H
#define MH_CONFIRM_H

#include <stddef.h>

#define CONFIRM_STATE_DIR	"/run/mailharden"
#define CONFIRM_DEFAULT_TIMEOUT	60
#define CONFIRM_MAX_TIMEOUT	3600

struct confirm_req {
	const char	*state_dir;	/* NULL: CONFIRM_STATE_DIR */
	const char	*audit_path;	/* the log the plan was applied to */
	const char	*plan;
	int		 timeout_s;
};

enum confirm_state {
	CONFIRM_NONE,		/* no such plan waiting */
	CONFIRM_PENDING,
	CONFIRM_CONFIRMED,
	CONFIRM_ROLLED_BACK,
	CONFIRM_FAILED		/* the rollback itself failed */
};

/* Start the watcher; *pid is its process id.  -1 with *cause. */
int	confirm_arm(const struct confirm_req *, long *pid, char **cause);

/* Where a plan stands; *deadline (epoch s) when pending.  *detail
 * (caller frees, may be NULL) is the watcher's last word. */
enum confirm_state confirm_state(const char *dir, const char *plan,
	    long long *deadline, char **detail);

/* Plans with a live watcher (caller frees each and the vector). */
int	confirm_pending(const char *dir, char ***plans, size_t *n,
	    char **cause);

/*
 * Confirm plan: write its confirm file, signal the watcher and wait up
 * to wait_ms for its answer.  Returns the state seen: CONFIRMED on
 * success; ROLLED_BACK when it was too late.  -1 with *cause when the
 * confirm file cannot be written.
 */
int	confirm_send(const char *dir, const char *plan, int wait_ms,
	    enum confirm_state *, char **cause);

#endif
