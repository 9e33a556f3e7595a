/*
 * plan.h - a change to the system: a list of steps, each with its
 * command, its inverse and a verification; applied only through the
 * executor, each step preceded by an fsync'd intent record in the audit
 * log and followed by a result record.
 *
 * Step kinds:
 *   PLAN_CMD     run argv; undo = run inverse.
 *   PLAN_WRITE   write content to path (mode, created exclusively when
 *                excl, never through a symlink); the old file, if any,
 *                is kept as path.mailharden-<plan>.bak; undo = restore
 *                the backup, or remove the file when there was none.
 *   PLAN_SAVE    run argv and write its stdout to path the same way
 *                (iptables-save > /etc/iptables/rules.v4); same undo.
 * verify (optional) is a read-only command whose exit status 0 means
 * the step's effect is in place; plan_apply runs it after the step and
 * undo uses it to decide whether a step interrupted between its intent
 * and result records needs undoing.
 */
#ifndef MH_PLAN_H
#define MH_PLAN_H

#include <stddef.h>

struct audit;
struct buf;

enum plan_kind {
	PLAN_CMD,
	PLAN_WRITE,
	PLAN_SAVE
};

struct plan_step {
	enum plan_kind	  kind;
	char		 *title;	/* one line for the preview */
	char		**argv;		/* NULL-terminated, absolute argv[0] */
	char		**inverse;	/* PLAN_CMD: NULL-terminated */
	char		**verify;	/* optional, NULL-terminated */
	char		 *path;		/* PLAN_WRITE / PLAN_SAVE */
	char		 *content;	/* PLAN_WRITE */
	int		  mode;		/* PLAN_WRITE / PLAN_SAVE file mode */
	int		  excl;		/* PLAN_WRITE: fail if it exists */
	int		  keeps_ssh;	/* protects the operator's session */
	int		  timeout_ms;
};

struct plan {
	char		 *id;		/* random hex; in every audit record */
	char		 *step;		/* wizard step: "firewall", "dkim" */
	char		 *backend;	/* "ufw", "nftables", ... or NULL */
	struct plan_step *v;
	size_t		  n;
	char		**notes;	/* said with the preview */
	size_t		  nnotes;
};

struct plan	*plan_create(const char *step, const char *backend);
void		 plan_free(struct plan *);

/* Lists are NULL-terminated and copied; verify may be NULL. */
struct plan_step *plan_add_cmd(struct plan *, const char *title,
		    const char *const *argv, const char *const *inverse,
		    const char *const *verify);
struct plan_step *plan_add_write(struct plan *, const char *title,
		    const char *path, const char *content, int mode,
		    int excl);
/*
 * When the directory of path is missing, add a step creating it (0755;
 * undo removes it).  1 when added, 0 when it exists, -1 with *cause when
 * something else is in the way.
 */
int		 plan_add_mkdir_for(struct plan *, const char *path,
		    char **cause);
struct plan_step *plan_add_save(struct plan *, const char *title,
		    const char *const *argv, const char *path, int mode);
void		 plan_note(struct plan *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/* The exact commands, numbered, with their inverses and the notes. */
void		 plan_preview(const struct plan *, struct buf *);
void		 plan_json(const struct plan *, struct buf *);

enum plan_event {
	PLAN_EV_START,		/* about to run step i */
	PLAN_EV_DONE,		/* step i done and verified */
	PLAN_EV_FAILED,		/* step i failed; msg says why */
	PLAN_EV_ROLLBACK	/* undoing step i after a failure */
};
typedef void	(*plan_progress_fn)(void *, const struct plan *, size_t,
		    enum plan_event, const char *);

/*
 * Apply every step in order.  Nothing runs when the intent record
 * cannot be written.  When a step or its verification fails, the steps
 * done so far are undone newest first (each audited) and -1 is returned
 * with *cause.  dry_run: intent records say "dry-run", nothing runs.
 */
int		 plan_apply(struct plan *, struct audit *, int dry_run,
		    plan_progress_fn, void *, char **cause);

/*
 * File steps, shared with undo.  The detail text of a file step's audit
 * records is "old=<sha256|none> new=<sha256|?> backup=<path|none>".
 * plan_file_hash: *exists 0 and hex "none" when the file is absent; -1
 * with *cause when it is not a regular file, is a symlink or unreadable.
 * plan_file_restore puts the backup back (had_old) or removes the file
 * the step created; when want_hex is given and the file no longer has
 * that content, it refuses (someone changed it since).
 */
#define PLAN_FILE_CAP	(16 * 1024 * 1024)
int		 plan_file_hash(const char *path, char *hex, int *exists,
		    char **cause);
int		 plan_file_restore(const char *path, const char *backup,
		    int had_old, const char *want_hex, char **cause);
/* Parse a detail text; members absent stay "" (bufs of 65 / PATH_MAX). */
void		 plan_file_detail(const char *detail, char *old, char *new,
		    char *backup, size_t backupsz);

#endif
