/*
 * fw_firewalld.c - the firewalld backend: open and close tcp ports in
 * the zone of the interface that carries the public address.
 *
 * With the daemon running, each port is added to the runtime and to the
 * permanent configuration (two steps, so no reload is needed and the
 * rule survives a restart); without it, firewall-offline-cmd changes
 * the permanent configuration, which takes effect when firewalld
 * starts.  firewalld zones cover IPv4 and IPv6 alike.
 */
#include "mh.h"

#include <sys/types.h>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "exec.h"
#include "fact.h"
#include "fw.h"
#include "plan.h"
#include "rootfs.h"

#define FW_FIREWALLD_TIMEOUT	30000
#define FW_FIREWALLD_NAME	64

struct fw_firewalld {
	int	 running;	/* daemon answers `firewall-cmd --state` */
	char	*cmd;		/* firewall-cmd or firewall-offline-cmd */
	char	*zone;
	char	*zone_how;	/* one line: how the zone was chosen */
	int	 timeout_ms;
};

static int	fw_firewalld_probe(const struct fw_ctx *, char **);
static int	fw_firewalld_status(const struct fw_ctx *, int, int *,
		    int *, char **);
static int	fw_firewalld_plan_open(const struct fw_ctx *, const int *,
		    size_t, struct plan *, char **);
static int	fw_firewalld_plan_close(const struct fw_ctx *, const int *,
		    size_t, struct plan *, char **);
static int	fw_firewalld_snapshot(const struct fw_ctx *, struct buf *,
		    char **);

const struct fw_backend fw_firewalld_backend = {
	"firewalld",
	N_("firewalld (zones, runtime and permanent)"),
	fw_firewalld_probe,
	fw_firewalld_status,
	fw_firewalld_plan_open,
	fw_firewalld_plan_close,
	fw_firewalld_snapshot
};

/* Services that open a mail or SSH port in firewalld's own catalogue. */
static const struct {
	int		 port;
	const char	*service;
} fw_firewalld_services[] = {
	{ 25, "smtp" },
	{ 465, "smtps" },
	{ 587, "submission" },
	{ 587, "smtp-submission" },
	{ 993, "imaps" },
	{ 995, "pop3s" },
	{ 143, "imap" },
	{ 110, "pop3" },
	{ 22, "ssh" }
};

static void
fw_firewalld_free(struct fw_firewalld *f)
{
	free(f->cmd);
	free(f->zone);
	free(f->zone_how);
	memset(f, 0, sizeof *f);
}

/* A zone or interface name: letters, digits and _ - . only. */
int	fw_firewalld_name_ok(const char *);
int
fw_firewalld_name_ok(const char *s)
{
	size_t	len = strlen(s);

	if (len == 0 || len > FW_FIREWALLD_NAME)
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_-.") == len && *s != '-';
}

/*
 * Run cmd ARGS...; *out gets the first line of stdout (trimmed, may be
 * NULL).  Returns the exit status, or -1 with *cause when it did not run.
 */
static int
fw_firewalld_run(const struct fw_firewalld *f, char **out, char **cause,
    ...)
{
	struct exec_result	 res;
	const char		*argv[12];
	va_list			 ap;
	char			*copy, *p, *line, *why = NULL;
	size_t			 n = 0;
	int			 rc = -1;

	if (out != NULL)
		*out = NULL;
	argv[n++] = f->cmd;
	va_start(ap, cause);
	while (n < nitems(argv) - 1 &&
	    (argv[n] = va_arg(ap, const char *)) != NULL)
		n++;
	argv[n] = NULL;
	va_end(ap);
	exec_result_init(&res);
	if (exec_run(argv, f->timeout_ms, &res, &why) == -1) {
		xasprintf(cause, "%s %s: %s", argv[0], argv[1], why);
		free(why);
		goto out;
	}
	if (out != NULL) {
		p = copy = xstrdup(buf_str(&res.out));
		if ((line = mh_next_line(&p)) != NULL)
			*out = xstrdup(mh_trim(line));
		free(copy);
	}
	rc = res.status;
out:
	exec_result_clear(&res);
	return rc;
}

/* The interface holding addr (text, maybe with /prefix), or NULL. */
static char *
fw_firewalld_iface_of(const char *addr)
{
	struct ifaddrs	*ifa, *i;
	unsigned char	 want[16];
	char		*a, *slash, *name = NULL;
	int		 fam;
	const void	*have;

	a = xstrdup(addr);
	if ((slash = strchr(a, '/')) != NULL)
		*slash = '\0';
	fam = strchr(a, ':') != NULL ? AF_INET6 : AF_INET;
	if (inet_pton(fam, a, want) != 1 || getifaddrs(&ifa) == -1) {
		free(a);
		return NULL;
	}
	for (i = ifa; i != NULL && name == NULL; i = i->ifa_next) {
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != fam)
			continue;
		if (fam == AF_INET)
			have = &((struct sockaddr_in *)(void *)
			    i->ifa_addr)->sin_addr;
		else
			have = &((struct sockaddr_in6 *)(void *)
			    i->ifa_addr)->sin6_addr;
		if (memcmp(have, want, fam == AF_INET ? 4 : 16) == 0 &&
		    fw_firewalld_name_ok(i->ifa_name))
			name = xstrdup(i->ifa_name);
	}
	freeifaddrs(ifa);
	free(a);
	return name;
}

/* The interface of the IPv4 default route in /proc/net/route, or NULL. */
char	*fw_firewalld_route_iface(const char *);
char *
fw_firewalld_route_iface(const char *text)
{
	char	*copy, *p, *line, *name = NULL, ifn[FW_FIREWALLD_NAME + 1];
	char	 dst[16], mask[16];
	size_t	 lineno = 0;

	p = copy = xstrdup(text);
	while ((line = mh_next_line(&p)) != NULL && name == NULL) {
		if (lineno++ == 0)
			continue;	/* header */
		if (sscanf(line, "%64s %15s %*s %*s %*s %*s %*s %15s", ifn,
		    dst, mask) != 3)
			continue;
		if (strcmp(dst, "00000000") == 0 &&
		    strcmp(mask, "00000000") == 0 && fw_firewalld_name_ok(ifn))
			name = xstrdup(ifn);
	}
	free(copy);
	return name;
}

/* Interface carrying the public address, else the default route's. */
static char *
fw_firewalld_public_iface(const struct fw_ctx *ctx, char **how)
{
	static const char	*names[] = { "net.public_ipv4",
				    "net.public_ipv6" };
	const struct fact	*fa;
	char			*name = NULL, *text = NULL, *why = NULL;
	size_t			 i, j;

	for (i = 0; ctx->facts != NULL && i < nitems(names); i++) {
		fa = facts_get(ctx->facts, names[i]);
		if (fa == NULL || fa->state != FACT_KNOWN ||
		    fa->type != FACT_LIST)
			continue;
		for (j = 0; j < fa->nlist && name == NULL; j++)
			if ((name = fw_firewalld_iface_of(fa->list[j])) !=
			    NULL)
				xasprintf(how, _("interface %s carries the "
				    "public address %s"), name, fa->list[j]);
		if (name != NULL)
			return name;
	}
	if (rootfs_read(NULL, "/proc/net/route", MH_FILE_CAP, &text, NULL,
	    &why) == 0 && (name = fw_firewalld_route_iface(text)) != NULL)
		xasprintf(how, _("interface %s carries the default route"),
		    name);
	free(text);
	free(why);
	return name;
}

static int
fw_firewalld_load(const struct fw_ctx *ctx, struct fw_firewalld *f,
    char **cause)
{
	char	*out = NULL, *iface = NULL, *how = NULL;
	int	 st, rc = -1;

	memset(f, 0, sizeof *f);
	f->timeout_ms = ctx->timeout_ms > 0 ? ctx->timeout_ms :
	    FW_FIREWALLD_TIMEOUT;
	if (geteuid() != 0) {
		*cause = xstrdup(_("firewalld changes need root"));
		goto out;
	}
	if ((f->cmd = rootfs_which(NULL, "firewall-cmd")) != NULL) {
		st = fw_firewalld_run(f, &out, cause, "--state", (char *)NULL);
		if (st == -1)
			goto out;
		f->running = st == 0 && out != NULL &&
		    strcmp(out, "running") == 0;
		free(out);
		out = NULL;
	}
	if (!f->running) {
		free(f->cmd);
		if ((f->cmd = rootfs_which(NULL, "firewall-offline-cmd")) ==
		    NULL) {
			*cause = xstrdup(_("firewalld is not running and "
			    "firewall-offline-cmd is not installed"));
			goto out;
		}
	}
	if (ctx->zone != NULL) {
		if (!fw_firewalld_name_ok(ctx->zone)) {
			xasprintf(cause, _("bad zone name \"%.64s\""),
			    ctx->zone);
			goto out;
		}
		f->zone = xstrdup(ctx->zone);
		f->zone_how = xstrdup(_("zone given by the operator"));
		rc = 0;
		goto out;
	}
	if ((iface = fw_firewalld_public_iface(ctx, &how)) != NULL) {
		char	*opt;

		xasprintf(&opt, "--get-zone-of-interface=%s", iface);
		st = fw_firewalld_run(f, &out, cause, opt, (char *)NULL);
		free(opt);
		if (st == -1)
			goto out;
		if (st == 0 && out != NULL && fw_firewalld_name_ok(out)) {
			f->zone = out;
			out = NULL;
			xasprintf(&f->zone_how, _("zone of %s (%s)"), iface,
			    how);
			rc = 0;
			goto out;
		}
		free(out);
		out = NULL;
	}
	st = fw_firewalld_run(f, &out, cause, "--get-default-zone",
	    (char *)NULL);
	if (st == -1)
		goto out;
	if (st != 0 || out == NULL || !fw_firewalld_name_ok(out)) {
		xasprintf(cause, _("`%s --get-default-zone` failed (exit %d)"),
		    f->cmd, st);
		goto out;
	}
	f->zone = out;
	out = NULL;
	if (iface != NULL)
		xasprintf(&f->zone_how, _("default zone (%s is in no zone)"),
		    iface);
	else
		f->zone_how = xstrdup(_("default zone"));
	rc = 0;
out:
	free(out);
	free(iface);
	free(how);
	if (rc == -1)
		fw_firewalld_free(f);
	return rc;
}

static int
fw_firewalld_probe(const struct fw_ctx *ctx, char **cause)
{
	struct fw_firewalld	f;

	if (fw_firewalld_load(ctx, &f, cause) == -1)
		return -1;
	fw_firewalld_free(&f);
	return 0;
}

/*
 * Is port open in the zone, in the runtime (permanent 0) or permanent
 * configuration, by port (*byport) or by a service?  1, 0 or -1.
 */
static int
fw_firewalld_query(const struct fw_firewalld *f, int permanent, int port,
    int *byport, char **cause)
{
	const char	*perm = permanent && f->running ? "--permanent" : NULL;
	char		*zone, *opt;
	size_t		 i;
	int		 st, rc = -1;

	*byport = 0;
	xasprintf(&zone, "--zone=%s", f->zone);
	xasprintf(&opt, "--query-port=%d/tcp", port);
	if (perm != NULL)
		st = fw_firewalld_run(f, NULL, cause, perm, zone, opt,
		    (char *)NULL);
	else
		st = fw_firewalld_run(f, NULL, cause, zone, opt,
		    (char *)NULL);
	if (st == -1)
		goto out;
	if (st != 0 && st != 1) {
		xasprintf(cause, _("`%s %s %s` failed (exit %d)"), f->cmd,
		    zone, opt, st);
		goto out;
	}
	if (st == 0) {
		*byport = 1;
		rc = 1;
		goto out;
	}
	for (i = 0; i < nitems(fw_firewalld_services); i++) {
		if (fw_firewalld_services[i].port != port)
			continue;
		free(opt);
		xasprintf(&opt, "--query-service=%s",
		    fw_firewalld_services[i].service);
		if (perm != NULL)
			st = fw_firewalld_run(f, NULL, cause, perm, zone, opt,
			    (char *)NULL);
		else
			st = fw_firewalld_run(f, NULL, cause, zone, opt,
			    (char *)NULL);
		if (st == -1)
			goto out;
		/* Unknown service names fail: they open nothing. */
		if (st == 0) {
			rc = 1;
			goto out;
		}
	}
	rc = 0;
out:
	free(zone);
	free(opt);
	return rc;
}

static int
fw_firewalld_status(const struct fw_ctx *ctx, int port, int *open4,
    int *open6, char **cause)
{
	struct fw_firewalld	f;
	int			r, byport;

	if (fw_firewalld_load(ctx, &f, cause) == -1)
		return -1;
	/* Offline, the permanent configuration is what will filter. */
	r = fw_firewalld_query(&f, !f.running, port, &byport, cause);
	fw_firewalld_free(&f);
	if (r == -1)
		return -1;
	*open4 = *open6 = r;
	return 0;
}

static void
fw_firewalld_step(const struct fw_firewalld *f, struct plan *pl,
    int permanent, int port, int add, int ssh)
{
	struct plan_step	*st;
	const char		*argv[6], *inv[6], *ver[6];
	char			*zone, *addo, *remo, *qo, *title;
	size_t			 n = 0;

	xasprintf(&zone, "--zone=%s", f->zone);
	xasprintf(&addo, "--add-port=%d/tcp", port);
	xasprintf(&remo, "--remove-port=%d/tcp", port);
	xasprintf(&qo, "--query-port=%d/tcp", port);
	argv[n] = inv[n] = ver[n] = f->cmd;
	n++;
	if (permanent && f->running) {
		argv[n] = inv[n] = ver[n] = "--permanent";
		n++;
	}
	argv[n] = inv[n] = ver[n] = zone;
	n++;
	argv[n] = add ? addo : remo;
	inv[n] = add ? remo : addo;
	ver[n] = qo;
	n++;
	argv[n] = inv[n] = ver[n] = NULL;
	if (!f->running)
		xasprintf(&title, add ? _("Allow %d/tcp in firewalld zone %s "
		    "(permanent configuration, daemon not running)") :
		    _("Remove %d/tcp from firewalld zone %s (permanent "
		    "configuration, daemon not running)"), port, f->zone);
	else if (permanent)
		xasprintf(&title, add ? _("Allow %d/tcp in firewalld zone %s "
		    "(permanent)") : _("Remove %d/tcp from firewalld zone %s "
		    "(permanent)"), port, f->zone);
	else
		xasprintf(&title, add ? _("Allow %d/tcp in firewalld zone %s "
		    "(runtime)") : _("Remove %d/tcp from firewalld zone %s "
		    "(runtime)"), port, f->zone);
	/* A removal has no read-only check that exits 0 on success. */
	st = plan_add_cmd(pl, title, argv, inv, add ? ver : NULL);
	st->keeps_ssh = ssh;
	st->timeout_ms = FW_FIREWALLD_TIMEOUT;
	free(title);
	free(zone);
	free(addo);
	free(remo);
	free(qo);
}

static int
fw_firewalld_is_ssh(const struct fw_ctx *ctx, int port)
{
	size_t	i;

	for (i = 0; i < ctx->nssh; i++)
		if (ctx->ssh_ports[i] == port)
			return 1;
	return 0;
}

/* Steps adding the ports missing in each configuration. */
static int
fw_firewalld_add_ports(const struct fw_firewalld *f, struct plan *pl,
    const int *ports, size_t n, int ssh, char **cause)
{
	size_t	i, j;
	int	rt, pm, byport;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (ports[j] == ports[i])
				break;
		if (j < i)
			continue;
		if (ports[i] < 1 || ports[i] > 65535) {
			xasprintf(cause, _("bad port %d"), ports[i]);
			return -1;
		}
		rt = 1;
		if (f->running && (rt = fw_firewalld_query(f, 0, ports[i],
		    &byport, cause)) == -1)
			return -1;
		if ((pm = fw_firewalld_query(f, 1, ports[i], &byport,
		    cause)) == -1)
			return -1;
		if (!rt)
			fw_firewalld_step(f, pl, 0, ports[i], 1, ssh);
		if (!pm)
			fw_firewalld_step(f, pl, 1, ports[i], 1, ssh);
	}
	return 0;
}

static void
fw_firewalld_notes(const struct fw_firewalld *f, struct plan *pl)
{
	plan_note(pl, _("firewalld zone %s: %s."), f->zone, f->zone_how);
	plan_note(pl, _("firewalld zones cover IPv4 and IPv6: one rule per "
	    "port serves both."));
	if (f->running)
		plan_note(pl, _("Each change is made in the runtime and in "
		    "the permanent configuration: it works now and survives "
		    "a reload or reboot, with no --reload needed."));
	else
		plan_note(pl, _("firewalld is not running: "
		    "firewall-offline-cmd changes the permanent configuration "
		    "only, which takes effect when firewalld starts."));
}

static int
fw_firewalld_plan_open(const struct fw_ctx *ctx, const int *ports,
    size_t n, struct plan *pl, char **cause)
{
	struct fw_firewalld	f;
	int			rc = -1;

	if (fw_firewalld_load(ctx, &f, cause) == -1)
		return -1;
	/*
	 * Offline, the configuration written is what filters once firewalld
	 * starts: keep the SSH ports in it first.
	 */
	if (!f.running && ctx->nssh > 0) {
		if (fw_firewalld_add_ports(&f, pl, ctx->ssh_ports, ctx->nssh,
		    1, cause) == -1)
			goto out;
	}
	if (fw_firewalld_add_ports(&f, pl, ports, n, 0, cause) == -1)
		goto out;
	fw_firewalld_notes(&f, pl);
	rc = 0;
out:
	fw_firewalld_free(&f);
	return rc;
}

static int
fw_firewalld_plan_close(const struct fw_ctx *ctx, const int *ports,
    size_t n, struct plan *pl, char **cause)
{
	struct fw_firewalld	f;
	size_t			i;
	int			layer, r, byport, rc = -1;

	if (fw_firewalld_load(ctx, &f, cause) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (fw_firewalld_is_ssh(ctx, ports[i])) {
			plan_note(pl, _("Port %d/tcp is an SSH port in use: "
			    "it is never closed."), ports[i]);
			continue;
		}
		for (layer = f.running ? 0 : 1; layer < 2; layer++) {
			if ((r = fw_firewalld_query(&f, layer, ports[i],
			    &byport, cause)) == -1)
				goto out;
			if (r && byport)
				fw_firewalld_step(&f, pl, layer, ports[i], 0,
				    0);
			else if (r)
				plan_note(pl, _("Port %d/tcp is open through "
				    "a firewalld service in zone %s (%s); the "
				    "service is left alone."), ports[i], f.zone,
				    layer ? _("permanent") : _("runtime"));
		}
	}
	fw_firewalld_notes(&f, pl);
	rc = 0;
out:
	fw_firewalld_free(&f);
	return rc;
}

/* Append `cmd [--permanent] --zone=Z --list-all`, trimmed lines. */
static int
fw_firewalld_list(const struct fw_firewalld *f, int permanent,
    struct buf *b, char **cause)
{
	struct exec_result	 res;
	const char		*argv[5];
	char			*zone, *copy, *p, *line, *why = NULL;
	size_t			 n = 0;
	int			 rc = -1;

	xasprintf(&zone, "--zone=%s", f->zone);
	argv[n++] = f->cmd;
	if (permanent && f->running)
		argv[n++] = "--permanent";
	argv[n++] = zone;
	argv[n++] = "--list-all";
	argv[n] = NULL;
	exec_result_init(&res);
	if (exec_run(argv, f->timeout_ms, &res, &why) == -1) {
		xasprintf(cause, "%s --list-all: %s", f->cmd, why);
		goto out;
	}
	if (res.status != 0 || res.out.truncated) {
		xasprintf(cause, _("`%s --list-all` failed (exit %d)"), f->cmd,
		    res.status);
		goto out;
	}
	p = copy = xstrdup(buf_str(&res.out));
	while ((line = mh_next_line(&p)) != NULL)
		if (*mh_trim(line) != '\0')
			buf_printf(b, "%s: %s\n", permanent ? "permanent" :
			    "runtime", line);
	free(copy);
	rc = 0;
out:
	exec_result_clear(&res);
	free(zone);
	free(why);
	return rc;
}

static int
fw_firewalld_snapshot(const struct fw_ctx *ctx, struct buf *b, char **cause)
{
	struct fw_firewalld	f;
	int			rc = -1;

	if (fw_firewalld_load(ctx, &f, cause) == -1)
		return -1;
	buf_printf(b, "firewalld: %s\nzone: %s\n", f.running ? "running" :
	    "not running", f.zone);
	if (f.running && fw_firewalld_list(&f, 0, b, cause) == -1)
		goto out;
	if (fw_firewalld_list(&f, 1, b, cause) == -1)
		goto out;
	rc = 0;
out:
	fw_firewalld_free(&f);
	return rc;
}
