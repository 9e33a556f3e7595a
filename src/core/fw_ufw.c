/*
 * fw_ufw.c - the ufw backend: open and close tcp ports with `ufw allow`
 * and `ufw delete allow`, enabling an inactive ufw (SSH allowed first)
 * only when the operator asked for it.
 *
 * What is allowed comes from the rule tuples ufw keeps in
 * /etc/ufw/user.rules and user6.rules (the same data `ufw status`
 * prints, and readable while ufw is inactive); whether ufw filters comes
 * from the first line of `ufw status`.  Rules persist by themselves.
 */
#include "mh.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "exec.h"
#include "fw.h"
#include "plan.h"
#include "rootfs.h"

#define FW_UFW_USER4	"/etc/ufw/user.rules"
#define FW_UFW_USER6	"/etc/ufw/user6.rules"
#define FW_UFW_DEFAULT	"/etc/default/ufw"
#define FW_UFW_TUPLE	"### tuple ### "
#define FW_UFW_TIMEOUT	30000
#define FW_UFW_COMMENT	"mailharden"

/* What the rules say about one tcp port in one family. */
struct fw_ufw_port {
	int	verdict;	/* 1 allowed, 0 denied, -1 no rule matches */
	int	exact;		/* an "allow tcp N any in" tuple exists */
	char	deny[8];	/* the deciding rule is "deny|reject tcp N
				   any in": ufw allow rewrites it in place */
	char	comment[65];	/* of the exact allow tuple, hex */
};

/* ufw's configuration and state. */
struct fw_ufw {
	int	 active;	/* `ufw status`: 1 active, 0 inactive */
	int	 ipv6;		/* IPV6=yes */
	int	 policy_accept;	/* DEFAULT_INPUT_POLICY="ACCEPT" */
	char	*rules4;	/* user.rules */
	char	*rules6;	/* user6.rules ("" when absent) */
	char	*ufw;		/* absolute paths */
	char	*grep;
	char	*iptables;
};

static int	fw_ufw_probe(const struct fw_ctx *, char **);
static int	fw_ufw_status(const struct fw_ctx *, int, int *, int *,
		    char **);
static int	fw_ufw_plan_open(const struct fw_ctx *, const int *, size_t,
		    struct plan *, char **);
static int	fw_ufw_plan_close(const struct fw_ctx *, const int *, size_t,
		    struct plan *, char **);
static int	fw_ufw_snapshot(const struct fw_ctx *, struct buf *, char **);

const struct fw_backend fw_ufw_backend = {
	"ufw",
	N_("ufw (Uncomplicated Firewall)"),
	fw_ufw_probe,
	fw_ufw_status,
	fw_ufw_plan_open,
	fw_ufw_plan_close,
	fw_ufw_snapshot
};

static void
fw_ufw_free(struct fw_ufw *u)
{
	free(u->rules4);
	free(u->rules6);
	free(u->ufw);
	free(u->grep);
	free(u->iptables);
	memset(u, 0, sizeof *u);
}

static int
fw_ufw_timeout(const struct fw_ctx *ctx)
{
	return ctx != NULL && ctx->timeout_ms > 0 ? ctx->timeout_ms :
	    FW_UFW_TIMEOUT;
}

/* Is port in a ufw port field ("25", "465,587", "6000:6007", "any")? */
int	fw_ufw_port_in(const char *, int);
int
fw_ufw_port_in(const char *field, int port)
{
	const char	*p = field;
	char		*end;
	long		 lo, hi;
	int		 found = 0;

	if (strcmp(field, "any") == 0)
		return 1;
	while (*p != '\0') {
		if (*p < '0' || *p > '9')
			return -1;
		lo = strtol(p, &end, 10);
		hi = lo;
		if (*end == ':') {
			p = end + 1;
			if (*p < '0' || *p > '9')
				return -1;
			hi = strtol(p, &end, 10);
		}
		if (lo < 1 || hi > 65535 || lo > hi)
			return -1;
		if (port >= lo && port <= hi)
			found = 1;
		if (*end == ',')
			end++;
		else if (*end != '\0')
			return -1;
		p = end;
	}
	return found;
}

/*
 * Scan the rule tuples of one family for an inbound tcp port: the first
 * rule for any source, any destination and no interface decides (as in
 * ufw-user-input).  -1 with *cause on a malformed tuple.
 */
int	fw_ufw_scan(const char *, int, int, struct fw_ufw_port *, char **);
int
fw_ufw_scan(const char *text, int family, int port, struct fw_ufw_port *r,
    char **cause)
{
	const char	*any = family == 6 ? "::/0" : "0.0.0.0/0";
	char		*copy, *p, *line, *f[10], *save, *act;
	size_t		 nf, lineno = 0;
	int		 in, rc = -1, allow, exact;

	r->verdict = -1;
	r->exact = 0;
	*r->deny = *r->comment = '\0';
	p = copy = xstrdup(text);
	while ((line = mh_next_line(&p)) != NULL) {
		lineno++;
		if (strncmp(line, FW_UFW_TUPLE, strlen(FW_UFW_TUPLE)) != 0)
			continue;
		line += strlen(FW_UFW_TUPLE);
		nf = 0;
		for (act = strtok_r(line, " \t", &save); act != NULL;
		    act = strtok_r(NULL, " \t", &save)) {
			if (nf == nitems(f))
				break;
			f[nf++] = act;
		}
		/* action proto dport dst sport src [dapp sapp] dir [comment] */
		if (nf < 7) {
			xasprintf(cause, _("line %zu: malformed rule tuple"),
			    lineno);
			goto out;
		}
		if (strncmp(f[0], "route:", 6) == 0)
			continue;
		if ((in = fw_ufw_port_in(f[2], port)) == -1) {
			xasprintf(cause,
			    _("line %zu: bad port field \"%.32s\""), lineno,
			    f[2]);
			goto out;
		}
		act = f[0];
		if (strncmp(act, "allow", 5) == 0 ||
		    strncmp(act, "limit", 5) == 0)
			allow = 1;
		else if (strncmp(act, "deny", 4) == 0 ||
		    strncmp(act, "reject", 6) == 0)
			allow = 0;
		else {
			xasprintf(cause,
			    _("line %zu: unknown action \"%.16s\""), lineno,
			    act);
			goto out;
		}
		/* Direction is f[6], or f[8] after two application names. */
		if (strcmp(f[6], "in") != 0 && (nf < 9 ||
		    strncmp(f[6], "comment=", 8) == 0 ||
		    strcmp(f[8], "in") != 0))
			continue;
		if (!in || (strcmp(f[1], "tcp") != 0 &&
		    strcmp(f[1], "any") != 0) ||
		    strcmp(f[3], any) != 0 || strcmp(f[4], "any") != 0 ||
		    strcmp(f[5], any) != 0)
			continue;
		exact = strcmp(f[1], "tcp") == 0 && strcmp(f[6], "in") == 0 &&
		    strspn(f[2], "0123456789") == strlen(f[2]);
		if (r->verdict == -1) {
			r->verdict = allow;
			if (!allow && exact && (strcmp(act, "deny") == 0 ||
			    strcmp(act, "reject") == 0))
				snprintf(r->deny, sizeof r->deny, "%s", act);
		}
		if (strcmp(act, "allow") == 0 && exact && !r->exact) {
			r->exact = 1;
			if (nf > 7 && strncmp(f[7], "comment=", 8) == 0 &&
			    strlen(f[7] + 8) < sizeof r->comment)
				snprintf(r->comment, sizeof r->comment, "%s",
				    f[7] + 8);
		}
	}
	rc = 0;
out:
	free(copy);
	return rc;
}

/* KEY=value in /etc/default/ufw, quotes removed (caller frees) or NULL. */
char	*fw_ufw_default_get(const char *, const char *);
char *
fw_ufw_default_get(const char *text, const char *key)
{
	char	*copy, *p, *line, *v, *out = NULL;
	size_t	 klen = strlen(key), vlen;

	p = copy = xstrdup(text);
	while ((line = mh_next_line(&p)) != NULL) {
		line = mh_trim(line);
		if (strncmp(line, key, klen) != 0 || line[klen] != '=')
			continue;
		v = line + klen + 1;
		vlen = strlen(v);
		if (vlen >= 2 && (*v == '"' || *v == '\'') &&
		    v[vlen - 1] == *v) {
			v[vlen - 1] = '\0';
			v++;
		}
		free(out);
		out = xstrdup(v);
	}
	free(copy);
	return out;
}

/* First line of `ufw status`: 1 active, 0 inactive, -1 else. */
int	fw_ufw_parse_state(const char *);
int
fw_ufw_parse_state(const char *out)
{
	size_t	len = strcspn(out, "\n");

	if (len == 14 && strncmp(out, "Status: active", 14) == 0)
		return 1;
	if (len == 16 && strncmp(out, "Status: inactive", 16) == 0)
		return 0;
	return -1;
}

static int
fw_ufw_load(const struct fw_ctx *ctx, struct fw_ufw *u, int want_state,
    char **cause)
{
	struct exec_result	 res;
	const char		*argv[3];
	char			*text = NULL, *v, *why = NULL;
	int			 rc = -1;

	memset(u, 0, sizeof *u);
	exec_result_init(&res);
	if ((u->ufw = rootfs_which(NULL, "ufw")) == NULL) {
		*cause = xstrdup(_("ufw is not installed"));
		goto out;
	}
	if ((u->grep = rootfs_which(NULL, "grep")) == NULL ||
	    (u->iptables = rootfs_which(NULL, "iptables")) == NULL) {
		*cause = xstrdup(_("grep or iptables is not installed"));
		goto out;
	}
	if (geteuid() != 0) {
		*cause = xstrdup(_("ufw needs root"));
		goto out;
	}
	if (rootfs_read(NULL, FW_UFW_DEFAULT, MH_FILE_CAP, &text, NULL,
	    &why) == -1) {
		xasprintf(cause, "%s: %s", FW_UFW_DEFAULT, why);
		goto out;
	}
	v = fw_ufw_default_get(text, "IPV6");
	u->ipv6 = v != NULL && strcmp(v, "yes") == 0;
	free(v);
	v = fw_ufw_default_get(text, "DEFAULT_INPUT_POLICY");
	u->policy_accept = v != NULL && strcmp(v, "ACCEPT") == 0;
	free(v);
	if (rootfs_read(NULL, FW_UFW_USER4, MH_FILE_CAP, &u->rules4, NULL,
	    &why) == -1) {
		xasprintf(cause, "%s: %s", FW_UFW_USER4, why);
		goto out;
	}
	if (rootfs_read(NULL, FW_UFW_USER6, MH_FILE_CAP, &u->rules6, NULL,
	    &why) == -1) {
		if (u->ipv6) {
			xasprintf(cause, "%s: %s", FW_UFW_USER6, why);
			goto out;
		}
		free(why);
		why = NULL;
		u->rules6 = xstrdup("");
	}
	if (want_state) {
		argv[0] = u->ufw;
		argv[1] = "status";
		argv[2] = NULL;
		if (exec_run(argv, fw_ufw_timeout(ctx), &res, &why) == -1) {
			xasprintf(cause, "ufw status: %s", why);
			goto out;
		}
		if (res.status != 0 || (u->active =
		    fw_ufw_parse_state(buf_str(&res.out))) == -1) {
			xasprintf(cause, _("`ufw status` failed (exit %d): "
			    "%.80s"), res.status, res.status != 0 ?
			    buf_str(&res.err) : buf_str(&res.out));
			goto out;
		}
	}
	rc = 0;
out:
	exec_result_clear(&res);
	free(text);
	free(why);
	if (rc == -1)
		fw_ufw_free(u);
	return rc;
}

static int
fw_ufw_probe(const struct fw_ctx *ctx, char **cause)
{
	struct fw_ufw	u;

	if (fw_ufw_load(ctx, &u, 1, cause) == -1)
		return -1;
	fw_ufw_free(&u);
	return 0;
}

/* Per family: does ufw let port through (no ufw, or rule, or policy)? */
static int
fw_ufw_port_state(const struct fw_ufw *u, int port, struct fw_ufw_port *p4,
    struct fw_ufw_port *p6, int *open4, int *open6, char **cause)
{
	char	*why = NULL;

	if (fw_ufw_scan(u->rules4, 4, port, p4, &why) == -1) {
		xasprintf(cause, "%s: %s", FW_UFW_USER4, why);
		free(why);
		return -1;
	}
	if (fw_ufw_scan(u->rules6, 6, port, p6, &why) == -1) {
		xasprintf(cause, "%s: %s", FW_UFW_USER6, why);
		free(why);
		return -1;
	}
	*open4 = p4->verdict == -1 ? u->policy_accept : p4->verdict;
	*open6 = p6->verdict == -1 ? u->policy_accept : p6->verdict;
	if (!u->ipv6)
		*open6 = 1;	/* ufw leaves IPv6 alone */
	return 0;
}

static int
fw_ufw_status(const struct fw_ctx *ctx, int port, int *open4, int *open6,
    char **cause)
{
	struct fw_ufw		u;
	struct fw_ufw_port	p4, p6;
	int			rc;

	if (fw_ufw_load(ctx, &u, 1, cause) == -1)
		return -1;
	rc = fw_ufw_port_state(&u, port, &p4, &p6, open4, open6, cause);
	if (rc == 0 && !u.active)
		*open4 = *open6 = 1;	/* an inactive ufw filters nothing */
	fw_ufw_free(&u);
	return rc;
}

static void
fw_ufw_argv(const char **argv, size_t max, ...)
{
	va_list	ap;
	size_t	n = 0;

	va_start(ap, max);
	while (n < max - 1 && (argv[n] = va_arg(ap, const char *)) != NULL)
		n++;
	argv[n] = NULL;
	va_end(ap);
}

/* The tuple an "allow tcp N" rule leaves in user*.rules, as an ERE. */
static char *
fw_ufw_tuple_re(int family, int port)
{
	const char	*any = family == 6 ? "::/0" : "0\\.0\\.0\\.0/0";
	char		*re;

	xasprintf(&re, "^### tuple ### allow tcp %d %s any %s in"
	    "( comment=[0-9a-f]*)?$", port, any, any);
	return re;
}

/*
 * One allow step for port in the families wanted (both, or one when the
 * other is already allowed); prepend when a deny rule comes first.
 */
static void
fw_ufw_add_allow(const struct fw_ufw *u, struct plan *pl, int port,
    int want4, int want6, int prepend, const char *deny, int ssh)
{
	struct plan_step	*st;
	const char		*argv[16], *inv[16], *ver[8], *from;
	char			*spec, *portstr, *title, *re, *file;
	int			 family;

	xasprintf(&spec, "%d/tcp", port);
	xasprintf(&portstr, "%d", port);
	family = want6 && u->ipv6 ? 6 : 4;
	if (want4 && (want6 || !u->ipv6)) {
		if (prepend)
			fw_ufw_argv(argv, nitems(argv), u->ufw, "prepend",
			    "allow", spec, "comment", FW_UFW_COMMENT,
			    (char *)NULL);
		else
			fw_ufw_argv(argv, nitems(argv), u->ufw, "allow", spec,
			    "comment", FW_UFW_COMMENT, (char *)NULL);
		if (deny != NULL)
			fw_ufw_argv(inv, nitems(inv), u->ufw, deny, spec,
			    (char *)NULL);
		else
			fw_ufw_argv(inv, nitems(inv), u->ufw, "delete",
			    "allow", spec, (char *)NULL);
	} else {
		from = want4 ? "0.0.0.0/0" : "::/0";
		family = want4 ? 4 : 6;
		if (prepend)
			fw_ufw_argv(argv, nitems(argv), u->ufw, "prepend",
			    "allow", "proto", "tcp", "from", from, "to", "any",
			    "port", portstr, "comment", FW_UFW_COMMENT,
			    (char *)NULL);
		else
			fw_ufw_argv(argv, nitems(argv), u->ufw, "allow",
			    "proto", "tcp", "from", from, "to", "any", "port",
			    portstr, "comment", FW_UFW_COMMENT, (char *)NULL);
		fw_ufw_argv(inv, nitems(inv), u->ufw, "delete", "allow",
		    "proto", "tcp", "from", from, "to", "any", "port", portstr,
		    (char *)NULL);
	}
	re = fw_ufw_tuple_re(family, port);
	file = family == 6 ? FW_UFW_USER6 : FW_UFW_USER4;
	fw_ufw_argv(ver, nitems(ver), u->grep, "-qE", "--", re, file,
	    (char *)NULL);
	if (ssh)
		xasprintf(&title, _("Allow SSH port %d/tcp in ufw (before "
		    "enabling it)"), port);
	else if (want4 && want6 && u->ipv6)
		xasprintf(&title, _("Allow %d/tcp in ufw (IPv4 and IPv6)"),
		    port);
	else
		xasprintf(&title, _("Allow %d/tcp in ufw (IPv%d)"), port,
		    family);
	st = plan_add_cmd(pl, title, argv, inv, ver);
	st->keeps_ssh = ssh;
	st->timeout_ms = FW_UFW_TIMEOUT;
	free(title);
	free(re);
	free(spec);
	free(portstr);
}

static int
fw_ufw_is_ssh(const struct fw_ctx *ctx, int port)
{
	size_t	i;

	for (i = 0; i < ctx->nssh; i++)
		if (ctx->ssh_ports[i] == port)
			return 1;
	return 0;
}

/* Add allow steps for ports not yet allowed; ufw active or not. */
static int
fw_ufw_allow_ports(const struct fw_ufw *u, struct plan *pl, const int *ports,
    size_t n, int ssh, char **cause)
{
	struct fw_ufw_port	p4, p6;
	size_t			i, j;
	const char		*deny;
	int			o4, o6, want4, want6, prepend;

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
		if (fw_ufw_port_state(u, ports[i], &p4, &p6, &o4, &o6,
		    cause) == -1)
			return -1;
		/* A rule is wanted where no rule allows, policy or not. */
		want4 = p4.verdict != 1;
		want6 = u->ipv6 && p6.verdict != 1;
		if (!want4 && !want6)
			continue;
		prepend = (want4 && p4.verdict == 0) ||
		    (want6 && p6.verdict == 0);
		/*
		 * `ufw allow` turns an identical deny tuple into an allow in
		 * place (and prepend would skip it): undo is the deny again.
		 */
		deny = NULL;
		if (want4 && *p4.deny != '\0' && (!u->ipv6 || (want6 &&
		    strcmp(p4.deny, p6.deny) == 0)))
			deny = p4.deny;
		if (deny != NULL)
			prepend = 0;
		fw_ufw_add_allow(u, pl, ports[i], want4, want6, prepend, deny,
		    ssh);
	}
	return 0;
}

static int
fw_ufw_plan_open(const struct fw_ctx *ctx, const int *ports, size_t n,
    struct plan *pl, char **cause)
{
	struct fw_ufw		 u;
	struct plan_step	*st;
	const char		*argv[4], *inv[4], *ver[4];
	size_t			 before;
	int			 rc = -1;

	if (fw_ufw_load(ctx, &u, 1, cause) == -1)
		return -1;
	if (!u.active && !ctx->enable) {
		plan_note(pl, _("ufw is inactive, so it blocks nothing and "
		    "no ufw rule is needed; choose to enable ufw to have it "
		    "filter (SSH is then allowed first)."));
		rc = 0;
		goto out;
	}
	before = pl->n;
	if (!u.active) {
		if (ctx->nssh == 0) {
			*cause = xstrdup(_("refusing to enable ufw: the SSH "
			    "ports in use are not known"));
			goto out;
		}
		if (fw_ufw_allow_ports(&u, pl, ctx->ssh_ports, ctx->nssh, 1,
		    cause) == -1)
			goto out;
	}
	if (fw_ufw_allow_ports(&u, pl, ports, n, 0, cause) == -1)
		goto out;
	if (!u.active) {
		fw_ufw_argv(argv, nitems(argv), u.ufw, "--force", "enable",
		    (char *)NULL);
		fw_ufw_argv(inv, nitems(inv), u.ufw, "--force", "disable",
		    (char *)NULL);
		fw_ufw_argv(ver, nitems(ver), u.iptables, "-S",
		    "ufw-user-input", (char *)NULL);
		st = plan_add_cmd(pl, _("Enable ufw (default policy for "
		    "incoming traffic applies from now on)"), argv, inv, ver);
		st->timeout_ms = FW_UFW_TIMEOUT;
		plan_note(pl, _("ufw is enabled only after the SSH ports are "
		    "allowed; its before.rules accept established and related "
		    "traffic, so this session stays up."));
	}
	if (pl->n > before)
		plan_note(pl, _("ufw rules persist by themselves "
		    "(/etc/ufw/user.rules, /etc/ufw/user6.rules); nothing "
		    "else needs saving."));
	if (u.ipv6)
		plan_note(pl, _("IPV6=yes in /etc/default/ufw: each ufw rule "
		    "covers IPv4 and IPv6."));
	else
		plan_note(pl, _("IPV6=no in /etc/default/ufw: ufw rules cover "
		    "IPv4 only and ufw does not filter IPv6."));
	rc = 0;
out:
	fw_ufw_free(&u);
	return rc;
}

/* A ufw rule comment from its hex form; "" when odd or not printable. */
static char *
fw_ufw_unhex(const char *hex)
{
	char	*out, *p;
	size_t	 len = strlen(hex), i;
	int	 hi, lo;

	out = p = xcalloc(1, len / 2 + 1);
	if (len % 2 != 0)
		return out;
	for (i = 0; i < len; i += 2) {
		hi = hex[i] <= '9' ? hex[i] - '0' : hex[i] - 'a' + 10;
		lo = hex[i + 1] <= '9' ? hex[i + 1] - '0' :
		    hex[i + 1] - 'a' + 10;
		if (hi < 0 || hi > 15 || lo < 0 || lo > 15 ||
		    hi * 16 + lo < 0x20 || hi * 16 + lo > 0x7e) {
			*out = '\0';
			return out;
		}
		*p++ = (char)(hi * 16 + lo);
	}
	return out;
}

static int
fw_ufw_plan_close(const struct fw_ctx *ctx, const int *ports, size_t n,
    struct plan *pl, char **cause)
{
	struct fw_ufw		 u;
	struct fw_ufw_port	 p4, p6;
	struct plan_step	*st;
	const char		*argv[16], *inv[16], *from;
	char			*spec, *portstr, *title, *comment;
	size_t			 i;
	int			 o4, o6, has4, has6, rc = -1;

	if (fw_ufw_load(ctx, &u, 0, cause) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (fw_ufw_is_ssh(ctx, ports[i])) {
			plan_note(pl, _("Port %d/tcp is an SSH port in use: "
			    "it is never closed."), ports[i]);
			continue;
		}
		if (fw_ufw_port_state(&u, ports[i], &p4, &p6, &o4, &o6,
		    cause) == -1)
			goto out;
		has4 = p4.exact;
		has6 = u.ipv6 && p6.exact;
		if (!has4 && !has6) {
			if (p4.verdict == 1 || p6.verdict == 1)
				plan_note(pl, _("Port %d/tcp is allowed by a "
				    "ufw rule of another form (a range, "
				    "\"any\" protocol or limit); it is left "
				    "alone."), ports[i]);
			continue;
		}
		xasprintf(&spec, "%d/tcp", ports[i]);
		xasprintf(&portstr, "%d", ports[i]);
		/* Undo re-adds the rule (at the end) with its comment. */
		comment = fw_ufw_unhex(has4 ? p4.comment : p6.comment);
		if (has4 == has6 || !u.ipv6) {
			fw_ufw_argv(argv, nitems(argv), u.ufw, "delete",
			    "allow", spec, (char *)NULL);
			fw_ufw_argv(inv, nitems(inv), u.ufw, "allow", spec,
			    *comment != '\0' ? "comment" : NULL, comment,
			    (char *)NULL);
			xasprintf(&title, _("Remove the ufw rule allowing "
			    "%d/tcp"), ports[i]);
		} else {
			from = has4 ? "0.0.0.0/0" : "::/0";
			fw_ufw_argv(argv, nitems(argv), u.ufw, "delete",
			    "allow", "proto", "tcp", "from", from, "to", "any",
			    "port", portstr, (char *)NULL);
			fw_ufw_argv(inv, nitems(inv), u.ufw, "allow", "proto",
			    "tcp", "from", from, "to", "any", "port", portstr,
			    *comment != '\0' ? "comment" : NULL, comment,
			    (char *)NULL);
			xasprintf(&title, _("Remove the ufw rule allowing "
			    "%d/tcp (IPv%d)"), ports[i], has4 ? 4 : 6);
		}
		/* No read-only command exits 0 when a rule is absent. */
		st = plan_add_cmd(pl, title, argv, inv, NULL);
		st->timeout_ms = FW_UFW_TIMEOUT;
		free(title);
		free(spec);
		free(portstr);
		free(comment);
	}
	rc = 0;
out:
	fw_ufw_free(&u);
	return rc;
}

static void
fw_ufw_snapshot_rules(struct buf *b, const char *name, const char *text)
{
	char	*copy, *p, *line;

	p = copy = xstrdup(text);
	while ((line = mh_next_line(&p)) != NULL)
		if (strncmp(line, FW_UFW_TUPLE, strlen(FW_UFW_TUPLE)) == 0)
			buf_printf(b, "%s: %s\n", name,
			    line + strlen(FW_UFW_TUPLE));
	free(copy);
}

static int
fw_ufw_snapshot(const struct fw_ctx *ctx, struct buf *b, char **cause)
{
	struct fw_ufw	u;

	if (fw_ufw_load(ctx, &u, 1, cause) == -1)
		return -1;
	buf_printf(b, "ufw: %s\nipv6: %s\ndefault incoming: %s\n",
	    u.active ? "active" : "inactive", u.ipv6 ? "yes" : "no",
	    u.policy_accept ? "allow" : "deny");
	fw_ufw_snapshot_rules(b, "v4", u.rules4);
	fw_ufw_snapshot_rules(b, "v6", u.rules6);
	fw_ufw_free(&u);
	return 0;
}
