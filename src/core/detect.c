/*
 * detect.c - run the detectors and the shared helper for live commands.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "detect.h"
#include "fact.h"
#include "procnet.h"
#include "rootfs.h"

struct detect_cache {
	int		 sockets_loaded;
	int		 sockets_ok;
	struct procnet	 sockets;
	char		*sockets_cause;
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

void
detect_all(const struct detect_ctx *ctx, struct facts *fs)
{
	struct detect_ctx	c = *ctx;
	struct detect_cache	cache;

	memset(&cache, 0, sizeof cache);
	c.cache = &cache;
	detect_os_run(&c, fs);
	detect_cloud_run(&c, fs);
	detect_net_run(&c, fs);
	detect_mta_run(&c, fs);
	detect_ssh_run(&c, fs);
	detect_fw_run(&c, fs);
	procnet_clear(&cache.sockets);
	free(cache.sockets_cause);
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
