/*
 * firewall.h - the Firewall step, shared by "mailharden ports" and the
 * wizard's Firewall view: which ports and why, the SSH ports to keep,
 * the backend (named, or the one detection says filters), the plan for
 * the ports to open and close, applying it through the audited plan
 * engine, the confirm-or-rollback watcher, and the texts for what must
 * be done elsewhere (Windows Server, the cloud security group and the
 * provider's port-25 block).  Never prints: texts go into a struct buf.
 */
#ifndef MH_FIREWALL_H
#define MH_FIREWALL_H

#include <stddef.h>

#include "confirm.h"
#include "fw.h"
#include "plan.h"

struct audit;
struct buf;
struct facts;

#define FIREWALL_DEFAULT_OPEN	"25,465,587"
#define FIREWALL_STATUS_PORTS	"25,465,587,993,995,110,143"
#define FIREWALL_QUERY_MS	10000
#define FIREWALL_CONFIRM_WAIT_MS 3000

/*
 * Translation of a msgid for the place the text is shown (the TUI only
 * shows translations its widgets can lay out).  NULL means gettext.
 */
typedef const char *(*firewall_tr_fn)(const char *);

enum firewall_advice {
	FIREWALL_PRESELECT,	/* chosen by default */
	FIREWALL_OPTIONAL,	/* only when mailboxes are served */
	FIREWALL_DISCOURAGED	/* plaintext: avoid */
};

/* A mail port and why one would open it (texts are N_()). */
struct firewall_port {
	int			 port;
	const char		*name;		/* "SMTP" */
	enum firewall_advice	 advice;
	const char		*summary;	/* a few words */
	const char		*why;		/* the explanation */
};

/* The mail ports in the order they are offered; *n gets the count. */
const struct firewall_port *firewall_ports(size_t *n);
const struct firewall_port *firewall_port_find(int);
/* "SMTP", "Submission", ... or "mail" for other ports. */
const char	*firewall_port_name(int);

/* Detection, the SSH ports and the chosen backend with its context. */
struct firewall {
	struct facts		*facts;
	const struct fw_backend	*be;		/* NULL until chosen */
	struct fw_ctx		 ctx;
	int			 ssh[FW_MAX_PORTS];
	size_t			 nssh;
	int			 foreign_root;	/* --root: not this machine */
};

/* SSH ports in use from the ssh.ports fact (22 when unknown). */
void	firewall_ssh_ports(const struct facts *, int *, size_t *);

/*
 * Run the detection the step needs (SSH always; the firewall unless
 * detect_fw is 0) under root (NULL = "/") and set up the context.
 */
void	firewall_init(struct firewall *, const char *root, int detect_fw);
/* The same from facts already detected (ssh.*, fw.*) when known has
 * fw.active; else as firewall_init(fw, root, 1). */
void	firewall_init_known(struct firewall *, const char *root,
	    const struct facts *known);
void	firewall_free(struct firewall *);

/*
 * Choose the backend: by name, or (name NULL) the one the fw.active
 * fact names.  The backend's probe must pass.  -1 with *cause (and
 * fw->be unchanged) otherwise.
 */
int	firewall_choose(struct firewall *, const char *name, char **cause);
int	firewall_use(struct firewall *, const struct fw_backend *,
	    char **cause);
/* "firewalld, ufw, ..." (the known backend names) into b. */
void	firewall_backend_names(struct buf *);

/* Is port open now (IPv4, IPv6) with the chosen backend? */
int	firewall_status(const struct firewall *, int port, int *open4,
	    int *open6, char **cause);

/* The plan opening open[] and closing close[]; NULL with *cause. */
struct plan *firewall_plan(const struct firewall *, const int *open,
	    size_t nopen, const int *close, size_t nclose, char **cause);

/*
 * Apply through the plan engine (write-ahead audit records; a failure
 * rolls the done steps back).  dry_run records the intent only.
 */
int	firewall_apply(struct plan *, struct audit *, int dry_run,
	    plan_progress_fn, void *, char **cause);

/* The audit log to use: the --audit-log path or the default. */
const char *firewall_audit_path(const char *);

/* Is this an SSH session ($SSH_CONNECTION)? */
int	firewall_on_ssh(void);
/* Must the change be confirmed (SSH session, or a timeout given)? */
int	firewall_need_confirm(int timeout_given);

/* One audit record of the step (confirm, confirm-wait).  Never fails
 * the caller: a warning comes back in *warn (may be NULL). */
void	firewall_record(struct audit *, const char *action,
	    const char *plan, int status, const char *detail, char **warn);

/*
 * Arm the confirm-or-rollback watcher for an applied plan and record
 * the wait.  When the watcher cannot start the plan is rolled back at
 * once (its lines go to out) and -1 is returned with *cause.
 */
int	firewall_arm(struct audit *, const char *audit_path,
	    const char *state_dir, const char *plan, int timeout_s,
	    long *pid, struct buf *out, char **cause);

/*
 * Confirm a waiting plan: record the operator's confirmation (how says
 * where it came from), stop the watcher, record its answer.  *st is
 * CONFIRM_CONFIRMED, or CONFIRM_ROLLED_BACK when it was too late.
 */
int	firewall_confirm(struct audit *, const char *state_dir,
	    const char *plan, const char *how, enum confirm_state *st,
	    char **cause);

/* Roll a plan back now from the log (lines into out). */
int	firewall_rollback_now(struct audit *, const char *audit_path,
	    const char *plan, const char *why, struct buf *out,
	    char **cause);

/*
 * Windows Server commands (PowerShell New-NetFirewallRule and netsh
 * advfirewall, check and remove) for ports[].
 */
void	firewall_windows(const int *, size_t, firewall_tr_fn, struct buf *);

/*
 * The cloud layer for provider (NULL: detect it under root): security
 * group console path and CLI commands for ports[], the outbound port-25
 * policy, how to unblock it and the relay alternative.  zh picks the
 * Chinese texts of clouds.conf.  Returns 0 (text in out; *found 0 when
 * no provider was detected), 1 when provider is not in clouds.conf
 * (*cause lists the known ones), -1 with *cause when the file is bad.
 */
int	firewall_cloud(const char *root, const char *provider,
	    const int *, size_t, firewall_tr_fn, int zh, struct buf *out,
	    int *found, char **cause);

#endif
