/*
 * detect.h - the System step: learn what this machine is.
 *
 * Each detector (detect_<area>.c) adds facts and never fails as a whole:
 * what it cannot learn becomes an UNKNOWN or ERROR fact with the reason.
 * Files are read through rootfs (honouring --root); live-state commands
 * (nft, ufw status, sshd -T, ...) run through exec only when ctx->live,
 * otherwise their facts are UNKNOWN with the reason.
 */
#ifndef MH_DETECT_H
#define MH_DETECT_H

#include "exec.h"

struct facts;
struct procnet;
struct detect_cache;

struct detect_ctx {
	const char	*root;		/* NULL or "/" = this machine */
	int		 live;		/* may run live-state commands */
	int		 is_root;	/* effective uid 0 */
	const char	*ssh_connection; /* $SSH_CONNECTION or NULL */
	int		 cmd_timeout_ms;
	struct detect_cache *cache;	/* set by detect_all, else NULL */
};

/* Fill ctx for this process: root from --root, env, euid. */
void	detect_ctx_init(struct detect_ctx *, const char *root);

/* Run every detector in order. */
void	detect_all(const struct detect_ctx *, struct facts *);

void	detect_os_run(const struct detect_ctx *, struct facts *);
void	detect_cloud_run(const struct detect_ctx *, struct facts *);
void	detect_net_run(const struct detect_ctx *, struct facts *);
void	detect_mta_run(const struct detect_ctx *, struct facts *);
void	detect_ssh_run(const struct detect_ctx *, struct facts *);
void	detect_fw_run(const struct detect_ctx *, struct facts *);

/*
 * The listening TCP sockets with their owning processes: read once per
 * detect_all and shared by the detectors (scanning /proc/<pid>/fd is
 * the slowest part of detection).  Outside detect_all it is read into
 * *local, which the caller clears with procnet_clear().  NULL with
 * *cause (caller frees) when /proc/net/tcp cannot be read.
 */
const struct procnet *detect_sockets(const struct detect_ctx *,
	    struct procnet *local, char **cause);

/*
 * Run a live read-only command NAME ARGS... found in the usual sbin/bin
 * directories.  Returns 0 when it ran (check res->status), -1 with a
 * one-line *reason (caller frees) when it was not run: --root given,
 * binary not installed, timeout.  *argvtext (caller frees, may be NULL)
 * is the command line for evidence.
 */
int	detect_cmd(const struct detect_ctx *, const char *const *argv,
	    struct exec_result *res, char **argvtext, char **reason);

#endif
