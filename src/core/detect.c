/*
 * detect.c - run the detectors and the shared helper for live commands.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "detect.h"
#include "exec.h"
#include "fact.h"
#include "procnet.h"
#include "rootfs.h"

#define DETECT_PRE_MAX	4

/*
 * A live command started ahead of time, all at once, so that detection
 * waits for the slowest of them instead of their sum; detect_cmd hands
 * the result out once to the detector that asks for the same argv.
 */
struct detect_pre {
	char		*key;		/* argv as given, joined */
	char		*path;		/* argv[0] resolved */
	const char	*argv[4];
	struct exec_job	 job;
	int		 used;
};

struct detect_cache {
	int		 sockets_loaded;
	int		 sockets_ok;
	struct procnet	 sockets;
	char		*sockets_cause;
	struct detect_pre pre[DETECT_PRE_MAX];
	size_t		 npre;
};

/* The read-only commands every live detection as root runs. */
static const char *const detect_pre_cmds[DETECT_PRE_MAX][4] = {
	{ "sshd", "-T", NULL },
	{ "iptables-nft-save", NULL },
	{ "ip6tables-nft-save", NULL },
	{ "nft", "list", "ruleset", NULL }
};

#define DETECT_CMD_TIMEOUT_MS	5000

void
detect_ctx_init(struct detect_ctx *ctx, const char *root)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->root = rootfs_is_live(root) ? NULL : root;
	ctx->live = ctx->root == NULL;
	ctx->is_root = geteuid() == 0;
	ctx->ssh_connection = getenv("SSH_CONNECTION");
	ctx->cmd_timeout_ms = DETECT_CMD_TIMEOUT_MS;
}

static void
detect_prefetch(const struct detect_ctx *ctx, struct detect_cache *c)
{
	struct exec_job		 jobs[DETECT_PRE_MAX];
	struct detect_pre	*p;
	size_t			 i, k;
	char			*path;

	if (!ctx->live || !ctx->is_root)
		return;
	for (i = 0; i < DETECT_PRE_MAX; i++) {
		if ((path = rootfs_which(NULL, detect_pre_cmds[i][0])) == NULL)
			continue;
		p = &c->pre[c->npre++];
		p->key = exec_argv_text(detect_pre_cmds[i]);
		p->path = path;
		for (k = 0; detect_pre_cmds[i][k] != NULL; k++)
			p->argv[k] = detect_pre_cmds[i][k];
		p->argv[0] = path;
	}
	memset(jobs, 0, sizeof jobs);
	for (i = 0; i < c->npre; i++) {
		jobs[i].argv = c->pre[i].argv;
		exec_result_init(&jobs[i].res);
	}
	exec_run_many(jobs, c->npre, ctx->cmd_timeout_ms);
	for (i = 0; i < c->npre; i++)
		c->pre[i].job = jobs[i];
}

static void
detect_prefetch_clear(struct detect_cache *c)
{
	size_t	i;

	for (i = 0; i < c->npre; i++) {
		free(c->pre[i].key);
		free(c->pre[i].path);
		free(c->pre[i].job.cause);
		if (!c->pre[i].used)
			exec_result_clear(&c->pre[i].job.res);
	}
}

/* The prefetched result for argv, handed out once; NULL when none. */
static struct detect_pre *
detect_prefetched(const struct detect_ctx *ctx, const char *const *argv)
{
	struct detect_cache	*c = ctx->cache;
	char			*key;
	size_t			 i;

	if (c == NULL || c->npre == 0)
		return NULL;
	key = exec_argv_text(argv);
	for (i = 0; i < c->npre; i++)
		if (!c->pre[i].used && strcmp(c->pre[i].key, key) == 0)
			break;
	free(key);
	if (i == c->npre)
		return NULL;
	c->pre[i].used = 1;
	return &c->pre[i];
}

void
detect_all(const struct detect_ctx *ctx, struct facts *fs)
{
	struct detect_ctx	c = *ctx;
	struct detect_cache	cache;

	memset(&cache, 0, sizeof cache);
	c.cache = &cache;
	detect_prefetch(&c, &cache);
	detect_os_run(&c, fs);
	detect_cloud_run(&c, fs);
	detect_net_run(&c, fs);
	detect_mta_run(&c, fs);
	detect_ssh_run(&c, fs);
	detect_fw_run(&c, fs);
	procnet_clear(&cache.sockets);
	free(cache.sockets_cause);
	detect_prefetch_clear(&cache);
}

static int
detect_sockets_load(const struct detect_ctx *ctx, struct procnet *pn,
    char **cause)
{
	memset(pn, 0, sizeof *pn);
	if (procnet_load(pn, ctx->root, cause) == -1)
		return -1;
	procnet_owners(pn, ctx->root);
	return 0;
}

const struct procnet *
detect_sockets(const struct detect_ctx *ctx, struct procnet *local,
    char **cause)
{
	struct detect_cache	*c = ctx->cache;

	memset(local, 0, sizeof *local);
	if (c == NULL)
		return detect_sockets_load(ctx, local, cause) == 0 ? local :
		    NULL;
	if (!c->sockets_loaded) {
		c->sockets_loaded = 1;
		c->sockets_ok = detect_sockets_load(ctx, &c->sockets,
		    &c->sockets_cause) == 0;
	}
	if (c->sockets_ok)
		return &c->sockets;
	*cause = xstrdup(c->sockets_cause);
	return NULL;
}

int
detect_cmd(const struct detect_ctx *ctx, const char *const *argv,
    struct exec_result *res, char **argvtext, char **reason)
{
	struct detect_pre	*pre;
	const char	**full = NULL;
	char		 *path = NULL, *cause = NULL;
	size_t		  n;
	int		  rc = -1;

	if (argvtext != NULL)
		*argvtext = NULL;
	if (!ctx->live) {
		xasprintf(reason, _("live state is not read with --root "
		    "(`%s` was not run)"), argv[0]);
		return -1;
	}
	if ((pre = detect_prefetched(ctx, argv)) != NULL) {
		exec_result_clear(res);
		*res = pre->job.res;
		if (argvtext != NULL)
			*argvtext = exec_argv_text(pre->argv);
		if (pre->job.rc == -1) {
			*reason = pre->job.cause;
			pre->job.cause = NULL;
		}
		return pre->job.rc;
	}
	if ((path = rootfs_which(NULL, argv[0])) == NULL) {
		xasprintf(reason, _("%s is not installed"), argv[0]);
		return -1;
	}
	for (n = 0; argv[n] != NULL; n++)
		;
	full = xcalloc(n + 1, sizeof *full);
	memcpy(full, argv, n * sizeof *full);
	full[0] = path;
	if (argvtext != NULL)
		*argvtext = exec_argv_text(full);
	if (exec_run(full, ctx->cmd_timeout_ms, res, &cause) == -1) {
		*reason = cause;
		goto out;
	}
	rc = 0;
out:
	free(full);
	free(path);
	return rc;
}
