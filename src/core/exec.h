/*
 * exec.h - the one place that runs commands.
 *
 * Commands are argv arrays with an absolute argv[0]; there is no shell,
 * no PATH search, no system() or popen().  The child gets a fixed, small
 * environment (LC_ALL=C, a fixed PATH) so that its output is parseable,
 * stdin from /dev/null, its own process group, and is killed (the whole
 * group) when the timeout passes.  Output is captured into capped
 * buffers.
 *
 * Issue 3 puts plans, the write-ahead audit log and undo on top of this;
 * read-only queries (detection) call exec_run directly.
 */
#ifndef MH_EXEC_H
#define MH_EXEC_H

#include <stddef.h>

#include "buf.h"

#define EXEC_OUT_CAP	(512 * 1024)

struct exec_result {
	int		status;		/* exit status, or 128+signal */
	int		timed_out;
	struct buf	out;		/* stdout, capped */
	struct buf	err;		/* stderr, capped */
	long		elapsed_ms;
};

void	exec_result_init(struct exec_result *);
void	exec_result_clear(struct exec_result *);

/*
 * Run argv (argv[0] absolute) for at most timeout_ms.  Returns 0 when
 * the command ran (whatever its exit status; see res->status), -1 with
 * *cause when it could not be started or timed out.
 */
int	exec_run(const char *const *argv, int timeout_ms,
	    struct exec_result *res, char **cause);

/* argv as one line for evidence and previews ("/usr/sbin/nft list ruleset"). */
/*
 * Run up to 16 commands at once, each like exec_run (one deadline for
 * all).  Fill argv and an initialized res per job; on return rc is 0 or
 * -1 with cause set (the caller frees it).
 */
struct exec_job {
	const char *const	*argv;
	struct exec_result	 res;
	int			 rc;
	char			*cause;
	int			 pid;	/* private */
	int			 fd[2];	/* private */
};

void	exec_run_many(struct exec_job *, size_t n, int timeout_ms);

char	*exec_argv_text(const char *const *argv);

/*
 * Run fn(arg) in a detached process (the confirm watcher): double fork
 * into its own session so it is re-parented to init and survives this
 * process and its terminal, SIGHUP ignored, stdio on /dev/null, every
 * other descriptor but keep_fd closed, cwd "/".  fn should _exit().
 * Returns once the intermediate child is gone; -1 with *cause.
 */
int	exec_detach(void (*fn)(void *), void *arg, int keep_fd, char **cause);

#endif
