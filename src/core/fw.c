/*
 * fw.c - the table of host firewall backends, the lookups over it, the
 * --open/--close port list parser and the small helpers the backends
 * share (finding their binaries, the path of this program for helper
 * steps, argv lists).
 */
#include "mh.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fact.h"
#include "fw.h"
#include "fw_int.h"
#include "rootfs.h"

const struct fw_backend *const fw_backends[] = {
	&fw_firewalld_backend,
	&fw_ufw_backend,
	&fw_nft_backend,
	&fw_iptables_nft_backend,
	&fw_iptables_legacy_backend,
	&fw_null_backend,
	NULL
};

/* Service names accepted by fw_parse_ports (firewalld's names). */
static const struct {
	const char	*name;
	int		 port;
} fw_services[] = {
	{ "smtp",		25 },
	{ "submissions",	465 },
	{ "smtps",		465 },
	{ "submission",		587 },
	{ "imap",		143 },
	{ "imaps",		993 },
	{ "pop3",		110 },
	{ "pop3s",		995 },
	{ "ssh",		22 }
};

const struct fw_backend *
fw_backend_find(const char *name)
{
	size_t	i;

	if (name == NULL)
		return NULL;
	for (i = 0; fw_backends[i] != NULL; i++)
		if (strcmp(fw_backends[i]->name, name) == 0)
			return fw_backends[i];
	/* Aliases people type. */
	if (strcmp(name, "nft") == 0)
		return &fw_nft_backend;
	if (strcmp(name, "iptables") == 0)
		return &fw_iptables_nft_backend;
	return NULL;
}

const struct fw_backend *
fw_backend_active(const struct facts *fs)
{
	const char	*active;

	if (fs == NULL || (active = facts_str(fs, "fw.active")) == NULL)
		return NULL;
	if (strcmp(active, "none") == 0 || strcmp(active, "null") == 0)
		return NULL;
	return fw_backend_find(active);
}

static int
fw_parse_one(const char *item, int *port, char **cause)
{
	const char	*s = item;
	long		 v = 0;
	size_t		 i;

	for (i = 0; i < nitems(fw_services); i++) {
		if (strcasecmp(item, fw_services[i].name) == 0) {
			*port = fw_services[i].port;
			return 0;
		}
	}
	if (*s == '\0') {
		xasprintf(cause, _("empty item in the port list"));
		return -1;
	}
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s) || v > 65535) {
			xasprintf(cause, _("\"%s\" is not a port number "
			    "(1-65535) or a known service name"), item);
			return -1;
		}
		v = v * 10 + (*s - '0');
	}
	if (v < 1 || v > 65535) {
		xasprintf(cause, _("port %s is out of range (1-65535)"), item);
		return -1;
	}
	*port = (int)v;
	return 0;
}

int
fw_parse_ports(const char *text, int *ports, size_t *n, char **cause)
{
	char	*copy, *p, *item, *end;
	int	 port, rc = -1;
	size_t	 i;

	*n = 0;
	if (text == NULL || *text == '\0') {
		xasprintf(cause, _("empty port list"));
		return -1;
	}
	p = copy = xstrdup(text);
	for (;;) {
		end = strchr(p, ',');
		if (end != NULL)
			*end = '\0';
		item = mh_trim(p);
		if (fw_parse_one(item, &port, cause) != 0)
			goto out;
		if (item[strspn(item, "0123456789")] == '\0' &&
		    item[0] == '0') {
			xasprintf(cause, _("\"%s\": leading zero in a port "
			    "number"), item);
			goto out;
		}
		for (i = 0; i < *n; i++) {
			if (ports[i] == port) {
				xasprintf(cause, _("port %d is listed twice"),
				    port);
				goto out;
			}
		}
		if (*n == FW_MAX_PORTS) {
			xasprintf(cause, _("too many ports (at most %d)"),
			    FW_MAX_PORTS);
			goto out;
		}
		ports[(*n)++] = port;
		if (end == NULL)
			break;
		p = end + 1;
	}
	rc = 0;
out:
	if (rc != 0)
		*n = 0;
	free(copy);
	return rc;
}

char *
fw_which(const char *name, char **cause)
{
	char	*path;

	if ((path = rootfs_which(NULL, name)) == NULL)
		xasprintf(cause, _("%s is not installed"), name);
	return path;
}

char *
fw_self_path(char **cause)
{
	char	 buf[PATH_MAX];
	ssize_t	 n;

	n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0 || (size_t)n >= sizeof buf - 1) {
		xasprintf(cause, _("cannot find this program's path in "
		    "/proc/self/exe: %s"), n < 0 ? strerror(errno) :
		    _("too long"));
		return NULL;
	}
	buf[n] = '\0';
	if (buf[0] != '/' || strstr(buf, " (deleted)") != NULL) {
		xasprintf(cause, _("this program's path is unusable: %s"),
		    buf);
		return NULL;
	}
	return xstrdup(buf);
}

void
fw_argv_init(struct fw_argv *a)
{
	memset(a, 0, sizeof *a);
}

void
fw_argv_add(struct fw_argv *a, const char *s)
{
	if (a->n + 2 > nitems(a->v))
		fatalx("fw_argv_add: too many arguments");
	a->v[a->n++] = xstrdup(s);
	a->v[a->n] = NULL;
}

void
fw_argv_addf(struct fw_argv *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	fw_argv_add(a, s);
	free(s);
}

void
fw_argv_clear(struct fw_argv *a)
{
	size_t	i;

	for (i = 0; i < a->n; i++)
		free(a->v[i]);
	memset(a, 0, sizeof *a);
}

const char *const *
fw_argv_list(const struct fw_argv *a)
{
	return (const char *const *)a->v;
}

int
fw_is_ssh_port(const struct fw_ctx *ctx, int port)
{
	size_t	i;

	for (i = 0; i < ctx->nssh; i++)
		if (ctx->ssh_ports[i] == port)
			return 1;
	return 0;
}

int
fw_timeout(const struct fw_ctx *ctx)
{
	return ctx->timeout_ms > 0 ? ctx->timeout_ms : 10000;
}
