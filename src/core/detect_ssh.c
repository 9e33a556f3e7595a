/*
 * detect_ssh.c - the SSH port(s) in use and this SSH session, so that a
 * firewall change never locks the operator out (standards §4.7).
 *
 * ssh.ports is the union of every source, each named in the evidence:
 * the server port of $SSH_CONNECTION, `sshd -T` (live, root), the Port
 * and ListenAddress directives of sshd_config and the files it
 * Includes, and the listening sockets owned by an sshd process.  A
 * port too many is harmless here; a port missed locks someone out.
 */
#include "mh.h"

#include <ctype.h>
#include <stdarg.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "detect.h"
#include "fact.h"
#include "ipaddr.h"
#include "procnet.h"
#include "rootfs.h"

#define DETECT_SSH_MAX_PORTS	64
#define DETECT_SSH_MAX_EV	FACT_MAX_EVIDENCE
#define DETECT_SSH_MAX_DEPTH	8	/* nested Include */
#define DETECT_SSH_MAX_FILES	64	/* files read through Include */
#define DETECT_SSH_CONN_MAX	256

struct detect_ssh {
	const struct detect_ctx	*ctx;
	int			 ports[DETECT_SSH_MAX_PORTS];
	size_t			 nports;
	char			*evsrc[DETECT_SSH_MAX_EV];
	char			*evtext[DETECT_SSH_MAX_EV];
	size_t			 nev;
	size_t			 nfiles;
	int			 config_ports;	/* Port/ListenAddress seen */
};

struct detect_ssh_conn {
	char	client[64];
	int	client_port;
	char	server[64];
	int	server_port;
};

static void
detect_ssh_ev(struct detect_ssh *st, const char *src, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
detect_ssh_ev(struct detect_ssh *st, const char *src, const char *fmt, ...)
{
	va_list	ap;

	if (st->nev >= DETECT_SSH_MAX_EV)
		return;
	st->evsrc[st->nev] = xstrdup(src);
	va_start(ap, fmt);
	xvasprintf(&st->evtext[st->nev], fmt, ap);
	va_end(ap);
	st->nev++;
}

static void
detect_ssh_add(struct detect_ssh *st, int port)
{
	size_t	i;

	for (i = 0; i < st->nports; i++)
		if (st->ports[i] == port)
			return;
	if (st->nports < DETECT_SSH_MAX_PORTS)
		st->ports[st->nports++] = port;
}

/* A decimal port 1..65535, whole string; -1 otherwise. */
static int
detect_ssh_port(const char *s)
{
	long	v = 0;
	size_t	i, len = strlen(s);

	if (len == 0 || len > 5)
		return -1;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v >= 1 && v <= 65535 ? (int)v : -1;
}

/* An address from SSH_CONNECTION, with an optional "%zone" suffix. */
static int
detect_ssh_addr(const char *s, char *out, size_t size)
{
	char	 tmp[64];
	size_t	 n = strcspn(s, "%");

	if (n == 0 || n >= sizeof tmp || strlen(s) >= size)
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (ipaddr_family(tmp) == 0)
		return -1;
	if (s[n] == '%' && (s[n + 1] == '\0' || ipaddr_family(tmp) != 6))
		return -1;
	snprintf(out, size, "%s", s);
	return 0;
}

/* "client_ip client_port server_ip server_port". */
static int
detect_ssh_parse_conn(const char *s, struct detect_ssh_conn *c,
    char **cause)
{
	char	 buf[DETECT_SSH_CONN_MAX], *tok[5], *save, *t;
	size_t	 n = 0;

	memset(c, 0, sizeof *c);
	if (strlen(s) >= sizeof buf) {
		xasprintf(cause, _("SSH_CONNECTION is too long"));
		return -1;
	}
	snprintf(buf, sizeof buf, "%s", s);
	for (t = strtok_r(buf, " ", &save); t != NULL && n < 5;
	    t = strtok_r(NULL, " ", &save))
		tok[n++] = t;
	if (n != 4) {
		xasprintf(cause, _("SSH_CONNECTION does not have the four "
		    "fields \"client_ip client_port server_ip server_port\""));
		return -1;
	}
	if (detect_ssh_addr(tok[0], c->client, sizeof c->client) == -1 ||
	    detect_ssh_addr(tok[2], c->server, sizeof c->server) == -1) {
		xasprintf(cause, _("SSH_CONNECTION holds an invalid "
		    "address"));
		return -1;
	}
	if ((c->client_port = detect_ssh_port(tok[1])) == -1 ||
	    (c->server_port = detect_ssh_port(tok[3])) == -1) {
		xasprintf(cause, _("SSH_CONNECTION holds an invalid port"));
		return -1;
	}
	return 0;
}

/* Port of "ListenAddress host:port" / "[v6]:port"; -1 when none. */
static int
detect_ssh_listen_port(const char *v)
{
	const char	*c;
	char		 tmp[16];

	if (*v == '[') {
		if ((c = strstr(v, "]:")) == NULL)
			return -1;
		c += 2;
	} else {
		if ((c = strchr(v, ':')) == NULL || strchr(c + 1, ':') != NULL)
			return -1;
		c++;
	}
	snprintf(tmp, sizeof tmp, "%.*s", (int)strcspn(c, " \t"), c);
	return detect_ssh_port(tmp);
}

static void detect_ssh_config(struct detect_ssh *, const char *, int);

static void
detect_ssh_include(struct detect_ssh *st, const char *from, int lineno,
    char *pattern, int depth)
{
	glob_t	 g;
	char	*abs, *full, *pre;
	size_t	 plen, i;

	if (*pattern == '/')
		abs = xstrdup(pattern);
	else
		xasprintf(&abs, "/etc/ssh/%s", pattern);
	pre = rootfs_path(st->ctx->root, "/");
	plen = strlen(pre) - 1;
	full = rootfs_path(st->ctx->root, abs);
	memset(&g, 0, sizeof g);
	if (glob(full, 0, NULL, &g) != 0 || g.gl_pathc == 0) {
		detect_ssh_ev(st, from, _("line %d: Include %s matches no "
		    "file"), lineno, abs);
		goto out;
	}
	for (i = 0; i < g.gl_pathc; i++) {
		if (strlen(g.gl_pathv[i]) <= plen)
			continue;
		detect_ssh_config(st, g.gl_pathv[i] + plen, depth + 1);
	}
out:
	globfree(&g);
	free(abs);
	free(full);
	free(pre);
}

/* Read one sshd_config file (target path) and what it Includes. */
static void
detect_ssh_config(struct detect_ssh *st, const char *path, int depth)
{
	char	*txt = NULL, *cause = NULL, *p, *line, *kw, *val, *w, *save;
	int	 lineno = 0, port;

	if (depth > DETECT_SSH_MAX_DEPTH) {
		detect_ssh_ev(st, path, _("Include nested deeper than %d: "
		    "not read"), DETECT_SSH_MAX_DEPTH);
		return;
	}
	if (st->nfiles >= DETECT_SSH_MAX_FILES) {
		detect_ssh_ev(st, path, _("more than %d included files: not "
		    "read"), DETECT_SSH_MAX_FILES);
		return;
	}
	st->nfiles++;
	if (rootfs_read(st->ctx->root, path, MH_FILE_CAP, &txt, NULL,
	    &cause) == -1) {
		detect_ssh_ev(st, path, _("not read: %s"), cause);
		free(cause);
		return;
	}
	p = txt;
	while ((line = mh_next_line(&p)) != NULL) {
		lineno++;
		line = mh_trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		kw = line;
		val = kw + strcspn(kw, " \t=");
		if (*val != '\0') {
			*val++ = '\0';
			val += strspn(val, " \t");
			if (*val == '=')
				val++;
			val = mh_trim(val);
		}
		if (strcasecmp(kw, "Port") == 0) {
			st->config_ports = 1;
			if ((port = detect_ssh_port(val)) == -1) {
				detect_ssh_ev(st, path, _("line %d: bad Port "
				    "value \"%s\" ignored"), lineno, val);
				continue;
			}
			detect_ssh_add(st, port);
			detect_ssh_ev(st, path, "line %d: Port %d", lineno,
			    port);
		} else if (strcasecmp(kw, "ListenAddress") == 0) {
			if ((port = detect_ssh_listen_port(val)) == -1)
				continue;
			st->config_ports = 1;
			detect_ssh_add(st, port);
			detect_ssh_ev(st, path, "line %d: ListenAddress %s",
			    lineno, val);
		} else if (strcasecmp(kw, "Include") == 0) {
			for (w = strtok_r(val, " \t", &save); w != NULL;
			    w = strtok_r(NULL, " \t", &save))
				detect_ssh_include(st, path, lineno, w, depth);
		}
	}
	free(txt);
}

static int
detect_ssh_sshd_t(struct detect_ssh *st)
{
	static const char *const argv[] = { "sshd", "-T", NULL };
	struct exec_result	 res;
	char			*argvtext = NULL, *reason = NULL, *copy, *p;
	char			*line;
	int			 port, found = 0;

	if (!st->ctx->live)
		return 0;	/* the caller says why */
	if (!st->ctx->is_root) {
		detect_ssh_ev(st, "sshd -T", _("not run: needs root"));
		return 0;
	}
	exec_result_init(&res);
	if (detect_cmd(st->ctx, argv, &res, &argvtext, &reason) == -1) {
		detect_ssh_ev(st, "sshd -T", _("not run: %s"), reason);
		goto out;
	}
	if (res.status != 0) {
		copy = xstrdup(buf_str(&res.err));
		p = copy;
		line = mh_next_line(&p);
		detect_ssh_ev(st, argvtext, _("failed (exit %d: %s); the "
		    "configuration files are read instead"), res.status,
		    line != NULL ? line : "");
		free(copy);
		goto out;
	}
	copy = xstrdup(buf_str(&res.out));
	p = copy;
	while ((line = mh_next_line(&p)) != NULL) {
		if (strncmp(line, "port ", 5) != 0)
			continue;
		if ((port = detect_ssh_port(mh_trim(line + 5))) == -1)
			continue;
		detect_ssh_add(st, port);
		detect_ssh_ev(st, argvtext, "port %d", port);
		found = 1;
	}
	if (!found)
		detect_ssh_ev(st, argvtext, _("printed no port line"));
	free(copy);
out:
	free(argvtext);
	free(reason);
	exec_result_clear(&res);
	return found;
}

static void
detect_ssh_sockets(struct detect_ssh *st)
{
	struct procnet	 local;
	const struct procnet *pn;
	char		*cause = NULL, *src;
	size_t		 i, owned = 0;

	if ((pn = detect_sockets(st->ctx, &local, &cause)) == NULL) {
		detect_ssh_ev(st, "/proc/net/tcp", _("not read: %s"), cause);
		free(cause);
		return;
	}
	for (i = 0; i < pn->n; i++) {
		if (pn->v[i].pid == 0)
			continue;
		owned++;
		if (strcmp(pn->v[i].comm, "sshd") != 0)
			continue;
		detect_ssh_add(st, pn->v[i].port);
		xasprintf(&src, "/proc/%d/fd", pn->v[i].pid);
		detect_ssh_ev(st, src, _("sshd (pid %d) listens on %s port "
		    "%d"), pn->v[i].pid, pn->v[i].addr, pn->v[i].port);
		free(src);
	}
	if (owned == 0 && pn->n > 0)
		detect_ssh_ev(st, "/proc/*/fd", _("owners of the listening "
		    "sockets not visible (needs root)"));
	procnet_clear(&local);
}

static int
detect_ssh_cmp(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void
detect_ssh_session(const struct detect_ctx *ctx, struct facts *fs,
    struct detect_ssh *st)
{
	struct detect_ssh_conn	 c;
	struct fact		*f;
	char			*cause = NULL, *client;

	if (ctx->ssh_connection == NULL || *ctx->ssh_connection == '\0') {
		f = facts_set_bool(fs, "ssh.session", 0);
		fact_evidence(f, "env SSH_CONNECTION", _("not set"));
		facts_set_unknown(fs, "ssh.client", FACT_STR,
		    _("not in an SSH session (SSH_CONNECTION is not set)"));
		return;
	}
	if (detect_ssh_parse_conn(ctx->ssh_connection, &c, &cause) == -1) {
		facts_set_error(fs, "ssh.session", FACT_BOOL, "%s", cause);
		facts_set_error(fs, "ssh.client", FACT_STR, "%s", cause);
		detect_ssh_ev(st, "env SSH_CONNECTION", _("ignored: %s"),
		    cause);
		free(cause);
		return;
	}
	f = facts_set_bool(fs, "ssh.session", 1);
	fact_evidence(f, "env SSH_CONNECTION", "%s", ctx->ssh_connection);
	if (strchr(c.client, ':') != NULL)
		xasprintf(&client, "[%s]:%d", c.client, c.client_port);
	else
		xasprintf(&client, "%s:%d", c.client, c.client_port);
	f = facts_set_str(fs, "ssh.client", client);
	fact_evidence(f, "env SSH_CONNECTION", "%s", ctx->ssh_connection);
	free(client);
	detect_ssh_add(st, c.server_port);
	detect_ssh_ev(st, "env SSH_CONNECTION", _("this session came in on "
	    "%s port %d"), c.server, c.server_port);
}

void
detect_ssh_run(const struct detect_ctx *ctx, struct facts *fs)
{
	struct detect_ssh	 st;
	struct fact		*f;
	char			 num[16];
	size_t			 i;

	memset(&st, 0, sizeof st);
	st.ctx = ctx;
	detect_ssh_session(ctx, fs, &st);
	detect_ssh_sshd_t(&st);
	if (!ctx->live)
		detect_ssh_ev(&st, "sshd -T", _("not run: live state is not "
		    "read with --root"));
	if (rootfs_exists(ctx->root, "/etc/ssh/sshd_config")) {
		detect_ssh_config(&st, "/etc/ssh/sshd_config", 0);
		if (!st.config_ports) {
			detect_ssh_add(&st, 22);
			detect_ssh_ev(&st, "/etc/ssh/sshd_config",
			    _("no Port directive: default 22"));
		}
	} else
		detect_ssh_ev(&st, "/etc/ssh/sshd_config", _("not present"));
	detect_ssh_sockets(&st);

	if (st.nports == 0)
		f = facts_set_unknown(fs, "ssh.ports", FACT_LIST,
		    _("no source names an SSH port (no SSH session, no "
		    "sshd_config, no sshd -T, no sshd listener)"));
	else {
		qsort(st.ports, st.nports, sizeof st.ports[0],
		    detect_ssh_cmp);
		f = facts_set_list(fs, "ssh.ports");
		for (i = 0; i < st.nports; i++) {
			snprintf(num, sizeof num, "%d", st.ports[i]);
			fact_list_add(f, num);
		}
	}
	for (i = 0; i < st.nev; i++) {
		fact_evidence(f, st.evsrc[i], "%s", st.evtext[i]);
		free(st.evsrc[i]);
		free(st.evtext[i]);
	}
}
