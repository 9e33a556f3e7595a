/*
 * fw_null.c - a firewall backend that changes nothing real, for dry
 * runs and tests.
 *
 * With MAILHARDEN_FW_NULL_STATE set to a directory, a port is "open"
 * when DIR/tcp-N exists: opening is `touch DIR/tcp-N` (undo `rm -f`,
 * verification `test -e`), closing the reverse, so tests can watch
 * plans, undo and idempotency through the real plan engine.  Without
 * it every step is /bin/true and nothing is ever open.
 */
#include "mh.h"

#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fw.h"
#include "fw_int.h"
#include "plan.h"
#include "rootfs.h"

#define FW_NULL_ENV	"MAILHARDEN_FW_NULL_STATE"

/* The state directory, NULL when unset; -1 + cause when unusable. */
static int
fw_null_dir(const char **dir, char **cause)
{
	struct stat	 sb;
	const char	*d = getenv(FW_NULL_ENV);

	*dir = NULL;
	if (d == NULL || *d == '\0')
		return 0;
	if (*d != '/' || strlen(d) > 1024 || strstr(d, "/../") != NULL ||
	    stat(d, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		xasprintf(cause, _("%s=%s is not an absolute path to a "
		    "directory"), FW_NULL_ENV, d);
		return -1;
	}
	*dir = d;
	return 0;
}

static int
fw_null_probe(const struct fw_ctx *ctx, char **cause)
{
	const char	*dir;

	(void)ctx;
	return fw_null_dir(&dir, cause);
}

static int
fw_null_is_open(const char *dir, int port)
{
	struct stat	 sb;
	char		*path;
	int		 r;

	if (dir == NULL)
		return 0;
	xasprintf(&path, "%s/tcp-%d", dir, port);
	r = lstat(path, &sb) == 0;
	free(path);
	return r;
}

static int
fw_null_status(const struct fw_ctx *ctx, int port, int *open4, int *open6,
    char **cause)
{
	const char	*dir;

	(void)ctx;
	if (fw_null_dir(&dir, cause) != 0)
		return -1;
	*open4 = *open6 = fw_null_is_open(dir, port);
	return 0;
}

static char *
fw_null_tool(const char *name, char **cause)
{
	return fw_which(name, cause);
}

static int
fw_null_plan(const struct fw_ctx *ctx, const int *ports, size_t n,
    struct plan *pl, int open, char **cause)
{
	const char	*dir, *argv[4], *inv[4], *ver[4];
	char		*touch = NULL, *rm = NULL, *test = NULL, *tru = NULL;
	char		*path, *title;
	size_t		 i;
	int		 rc = -1;

	if (fw_null_dir(&dir, cause) != 0)
		return -1;
	if (!open) {
		for (i = 0; i < n; i++) {
			if (fw_is_ssh_port(ctx, ports[i])) {
				xasprintf(cause, _("refusing to close port "
				    "%d: it is an SSH port in use"),
				    ports[i]);
				return -1;
			}
		}
	}
	if ((tru = fw_null_tool("true", cause)) == NULL)
		goto out;
	if (dir != NULL && ((touch = fw_null_tool("touch", cause)) == NULL ||
	    (rm = fw_null_tool("rm", cause)) == NULL ||
	    (test = fw_null_tool("test", cause)) == NULL))
		goto out;
	if (dir == NULL)
		plan_note(pl, _("null backend: nothing is changed (set %s to "
		    "a directory to record state)"), FW_NULL_ENV);
	for (i = 0; i < n; i++) {
		if (fw_null_is_open(dir, ports[i]) == open && dir != NULL)
			continue;
		xasprintf(&title, open ? _("null: open TCP port %d") :
		    _("null: close TCP port %d"), ports[i]);
		if (dir == NULL) {
			argv[0] = tru;
			argv[1] = NULL;
			plan_add_cmd(pl, title, argv, argv, NULL);
			free(title);
			continue;
		}
		xasprintf(&path, "%s/tcp-%d", dir, ports[i]);
		argv[0] = open ? touch : rm;
		inv[0] = open ? rm : touch;
		argv[1] = open ? path : "-f";
		argv[2] = open ? NULL : path;
		inv[1] = open ? "-f" : path;
		inv[2] = open ? path : NULL;
		argv[3] = inv[3] = NULL;
		ver[0] = test;
		ver[1] = "-e";
		ver[2] = path;
		ver[3] = NULL;
		plan_add_cmd(pl, title, argv, inv, open ? ver : NULL);
		free(path);
		free(title);
	}
	rc = 0;
out:
	free(tru);
	free(touch);
	free(rm);
	free(test);
	return rc;
}

static int
fw_null_plan_open(const struct fw_ctx *ctx, const int *ports, size_t n,
    struct plan *pl, char **cause)
{
	return fw_null_plan(ctx, ports, n, pl, 1, cause);
}

static int
fw_null_plan_close(const struct fw_ctx *ctx, const int *ports, size_t n,
    struct plan *pl, char **cause)
{
	return fw_null_plan(ctx, ports, n, pl, 0, cause);
}

static int
fw_null_snapshot(const struct fw_ctx *ctx, struct buf *out, char **cause)
{
	const char	*dir;
	int		 port;

	(void)ctx;
	if (fw_null_dir(&dir, cause) != 0)
		return -1;
	buf_adds(out, "== null\n");
	/* Ports in order, so that snapshots compare. */
	for (port = 1; dir != NULL && port <= 65535; port++)
		if (fw_null_is_open(dir, port))
			buf_printf(out, "tcp %d open\n", port);
	return 0;
}

const struct fw_backend fw_null_backend = {
	"null",
	N_("null (changes nothing; for dry runs and tests)"),
	fw_null_probe,
	fw_null_status,
	fw_null_plan_open,
	fw_null_plan_close,
	fw_null_snapshot
};
