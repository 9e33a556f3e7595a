/*
 * detect_net.c - host name, fully qualified name and interface
 * addresses (public or private, NAT hint) for the System step.
 *
 * The FQDN comes only from local files (the host name itself when it
 * is dotted, /etc/hostname, /etc/hosts, /etc/mailname): detection must
 * never send a packet, so no DNS query is made.  Interface addresses
 * are live state (getifaddrs) and are UNKNOWN under --root.
 */
#include "mh.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <ctype.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "detect.h"
#include "fact.h"
#include "ipaddr.h"
#include "rootfs.h"

#define DETECT_NET_NAME_MAX	253
#define DETECT_NET_HOSTS_CAP	(1024 * 1024)
#define DETECT_NET_MAX_ADDRS	128

struct detect_net_addr {
	char			 addr[64];
	char			 ifname[IF_NAMESIZE + 1];
	int			 family;
	enum ipaddr_class	 cls;
};

/* A syntactically valid host name (labels of letters, digits, '-'). */
static int
detect_net_valid_name(const char *s)
{
	size_t	len = strlen(s), label = 0, i;

	if (len == 0 || len > DETECT_NET_NAME_MAX)
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (label == 0 || s[i - 1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return 0;
		if (label == 0 && s[i] == '-')
			return 0;
		if (++label > 63)
			return 0;
	}
	return s[len - 1] != '-';
}

static int
detect_net_is_fqdn(const char *s)
{
	const char	*dot = strchr(s, '.');

	if (!detect_net_valid_name(s) || dot == NULL || dot[1] == '\0')
		return 0;
	if (strncmp(s, "localhost", 9) == 0 || strstr(s, ".localdomain")
	    != NULL)
		return 0;
	return ipaddr_family(s) == 0;	/* "10.0.0.1" is no name */
}

/* First meaningful line of a small file (caller frees), or NULL. */
static char *
detect_net_first_line(const char *root, const char *path, int *lineno,
    char **cause)
{
	char	*txt = NULL, *p, *line, *out = NULL;
	int	 n = 0;

	if (rootfs_read(root, path, 4096, &txt, NULL, cause) == -1)
		return NULL;
	p = txt;
	while ((line = mh_next_line(&p)) != NULL) {
		n++;
		line = mh_trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		out = xstrdup(line);
		*lineno = n;
		break;
	}
	if (out == NULL)
		xasprintf(cause, _("%s is empty"), path);
	free(txt);
	return out;
}

/*
 * The host's line in /etc/hosts: a line naming host (short or dotted)
 * whose names include a dotted one.  Returns that name (caller frees).
 */
static char *
detect_net_hosts_fqdn(const char *root, const char *host, char **evtext)
{
	char	*txt = NULL, *cause = NULL, *p, *line, *copy, *tok, *save;
	char	*cand, *out = NULL, *hash;
	size_t	 hlen = strlen(host);
	int	 n = 0, named;

	if (rootfs_read(root, "/etc/hosts", DETECT_NET_HOSTS_CAP, &txt, NULL,
	    &cause) == -1) {
		free(cause);
		return NULL;
	}
	p = txt;
	while (out == NULL && (line = mh_next_line(&p)) != NULL) {
		n++;
		if ((hash = strchr(line, '#')) != NULL)
			*hash = '\0';
		copy = xstrdup(line);
		named = 0;
		cand = NULL;
		tok = strtok_r(copy, " \t", &save);	/* the address */
		if (tok != NULL && ipaddr_family(tok) != 0) {
			while ((tok = strtok_r(NULL, " \t", &save)) != NULL) {
				if (strcasecmp(tok, host) == 0 ||
				    (strncasecmp(tok, host, hlen) == 0 &&
				    tok[hlen] == '.'))
					named = 1;
				if (cand == NULL && detect_net_is_fqdn(tok))
					cand = tok;
			}
		}
		if (named && cand != NULL) {
			out = xstrdup(cand);
			xasprintf(evtext, "line %d: %s", n, mh_trim(line));
		}
		free(copy);
	}
	free(txt);
	return out;
}

static void
detect_net_hostname(const struct detect_ctx *ctx, struct facts *fs,
    char **hostp)
{
	struct fact	*f;
	char		 name[DETECT_NET_NAME_MAX + 2], *line, *cause = NULL;
	int		 lineno = 0;

	*hostp = NULL;
	if (ctx->live) {
		memset(name, 0, sizeof name);
		if (gethostname(name, sizeof name - 1) == -1) {
			facts_set_error(fs, "host.hostname", FACT_STR,
			    _("gethostname() failed"));
			return;
		}
		if (!detect_net_valid_name(name)) {
			facts_set_error(fs, "host.hostname", FACT_STR,
			    _("the host name \"%s\" is not a valid name"),
			    name);
			return;
		}
		f = facts_set_str(fs, "host.hostname", name);
		fact_evidence(f, "gethostname()", "%s", name);
		*hostp = xstrdup(name);
		return;
	}
	line = detect_net_first_line(ctx->root, "/etc/hostname", &lineno,
	    &cause);
	if (line == NULL) {
		facts_set_unknown(fs, "host.hostname", FACT_STR, "%s", cause);
		free(cause);
		return;
	}
	if (!detect_net_valid_name(line)) {
		facts_set_error(fs, "host.hostname", FACT_STR,
		    _("/etc/hostname line %d is not a valid host name"),
		    lineno);
		free(line);
		return;
	}
	f = facts_set_str(fs, "host.hostname", line);
	fact_evidence(f, "/etc/hostname", "line %d: %s", lineno, line);
	*hostp = line;
}

static void
detect_net_fqdn(const struct detect_ctx *ctx, struct facts *fs,
    const char *host)
{
	struct fact	*f;
	char		*fqdn = NULL, *src = NULL, *text = NULL, *line;
	char		*cause = NULL, *mailname = NULL, *short_name;
	int		 lineno = 0;

	if (host != NULL && detect_net_is_fqdn(host)) {
		fqdn = xstrdup(host);
		src = xstrdup(ctx->live ? "gethostname()" : "/etc/hostname");
		xasprintf(&text, _("the host name is dotted: %s"), host);
	}
	if (fqdn == NULL && ctx->live) {
		line = detect_net_first_line(ctx->root, "/etc/hostname",
		    &lineno, &cause);
		free(cause);
		cause = NULL;
		if (line != NULL && detect_net_is_fqdn(line)) {
			fqdn = line;
			src = xstrdup("/etc/hostname");
			xasprintf(&text, "line %d: %s", lineno, line);
		} else
			free(line);
	}
	if (fqdn == NULL && host != NULL) {
		short_name = xstrndup(host, strcspn(host, "."));
		fqdn = detect_net_hosts_fqdn(ctx->root, short_name, &text);
		if (fqdn != NULL)
			src = xstrdup("/etc/hosts");
		free(short_name);
	}
	mailname = detect_net_first_line(ctx->root, "/etc/mailname", &lineno,
	    &cause);
	free(cause);
	if (fqdn == NULL && mailname != NULL && detect_net_is_fqdn(mailname)) {
		fqdn = xstrdup(mailname);
		src = xstrdup("/etc/mailname");
		xasprintf(&text, "line %d: %s", lineno, mailname);
	}
	if (fqdn == NULL) {
		if (host == NULL)
			facts_set_unknown(fs, "host.fqdn", FACT_STR,
			    _("the host name is not known, so neither is its "
			    "FQDN"));
		else
			facts_set_unknown(fs, "host.fqdn", FACT_STR,
			    _("no FQDN found for \"%s\": the host name is not "
			    "dotted and neither /etc/hosts nor /etc/mailname "
			    "names a dotted one (no DNS query is made)"), host);
		free(mailname);
		return;
	}
	f = facts_set_str(fs, "host.fqdn", fqdn);
	fact_evidence(f, src, "%s", text);
	if (mailname != NULL && strcmp(src, "/etc/mailname") != 0) {
		if (strcasecmp(mailname, fqdn) == 0)
			fact_evidence(f, "/etc/mailname", _("agrees: %s"),
			    mailname);
		else
			fact_evidence(f, "/etc/mailname",
			    _("differs: %s (the name the MTA may use)"),
			    mailname);
	}
	fact_evidence(f, "DNS", _("not asked: detection sends no traffic"));
	free(mailname);
	free(fqdn);
	free(src);
	free(text);
}

/* Live interface addresses, skipping loopback and link-local ones. */
static int
detect_net_addrs(struct detect_net_addr *v, size_t max, size_t *np,
    size_t *skipped, char **cause)
{
	struct ifaddrs		*ifa, *i;
	struct detect_net_addr	 a;
	const void		*bytes;
	size_t			 n = 0, k;
	int			 dup;

	*np = 0;
	*skipped = 0;
	if (getifaddrs(&ifa) == -1) {
		xasprintf(cause, _("getifaddrs() failed"));
		return -1;
	}
	for (i = ifa; i != NULL && n < max; i = i->ifa_next) {
		if (i->ifa_addr == NULL)
			continue;
		memset(&a, 0, sizeof a);
		if (i->ifa_addr->sa_family == AF_INET) {
			a.family = 4;
			bytes = &((struct sockaddr_in *)(void *)
			    i->ifa_addr)->sin_addr;
		} else if (i->ifa_addr->sa_family == AF_INET6) {
			a.family = 6;
			bytes = &((struct sockaddr_in6 *)(void *)
			    i->ifa_addr)->sin6_addr;
		} else
			continue;
		if (inet_ntop(a.family == 4 ? AF_INET : AF_INET6, bytes,
		    a.addr, sizeof a.addr) == NULL)
			continue;
		a.cls = ipaddr_classify_bytes(bytes, a.family);
		if (a.cls == IPADDR_LOOPBACK || a.cls == IPADDR_LINKLOCAL) {
			(*skipped)++;
			continue;
		}
		snprintf(a.ifname, sizeof a.ifname, "%s",
		    i->ifa_name != NULL ? i->ifa_name : "?");
		for (dup = 0, k = 0; k < n; k++)
			if (strcmp(v[k].addr, a.addr) == 0)
				dup = 1;
		if (!dup)
			v[n++] = a;
	}
	freeifaddrs(ifa);
	*np = n;
	return 0;
}

static void
detect_net_family(struct facts *fs, const struct detect_net_addr *v,
    size_t n, size_t skipped, int family)
{
	struct fact	*f;
	const char	*name = family == 4 ? "net.ipv4" : "net.ipv6";
	const char	*pname = family == 4 ? "net.public_ipv4" :
			    "net.public_ipv6";
	const char	*pub = NULL;
	struct buf	 others;
	size_t		 i, count = 0;

	f = facts_set_list(fs, name);
	for (i = 0; i < n; i++) {
		if (v[i].family != family)
			continue;
		count++;
		fact_list_add(f, v[i].addr);
		fact_evidence(f, "getifaddrs()", "%s: %s (%s)", v[i].ifname,
		    v[i].addr, ipaddr_class_name(v[i].cls));
	}
	if (count == 0)
		fact_evidence(f, "getifaddrs()",
		    _("no IPv%d address besides loopback and link-local"),
		    family);
	if (skipped > 0)
		fact_evidence(f, "getifaddrs()", _("%zu loopback or link-local "
		    "addresses (both families) not listed"), skipped);

	buf_init(&others, 1024);
	for (i = 0; i < n; i++) {
		if (v[i].family != family)
			continue;
		if (v[i].cls == IPADDR_PUBLIC) {
			if (pub == NULL)
				pub = v[i].addr;
		} else
			buf_printf(&others, "%s%s (%s)", others.len ? ", " :
			    "", v[i].addr, ipaddr_class_name(v[i].cls));
	}
	if (pub == NULL) {
		facts_set_unknown(fs, pname, FACT_STR,
		    _("no public IPv%d address on any interface%s%s%s"),
		    family, others.len ? " (" : "", buf_str(&others),
		    others.len ? ")" : "");
		buf_clear(&others);
		return;
	}
	f = facts_set_str(fs, pname, pub);
	for (i = 0; i < n; i++)
		if (v[i].family == family && v[i].cls == IPADDR_PUBLIC)
			fact_evidence(f, "getifaddrs()", "%s: %s (public)",
			    v[i].ifname, v[i].addr);
	buf_clear(&others);
}

static void
detect_net_nat(struct facts *fs, const struct detect_net_addr *v,
    size_t n)
{
	struct fact	*f;
	size_t		 i, pub4 = 0, priv4 = 0, pub6 = 0;

	for (i = 0; i < n; i++) {
		if (v[i].family == 4 && v[i].cls == IPADDR_PUBLIC)
			pub4++;
		if (v[i].family == 4 && (v[i].cls == IPADDR_PRIVATE ||
		    v[i].cls == IPADDR_SHARED))
			priv4++;
		if (v[i].family == 6 && v[i].cls == IPADDR_PUBLIC)
			pub6++;
	}
	if (pub4 == 0 && priv4 == 0) {
		facts_set_unknown(fs, "net.nat_hint", FACT_BOOL,
		    _("no public and no private IPv4 address on any "
		    "interface"));
		return;
	}
	f = facts_set_bool(fs, "net.nat_hint", pub4 == 0);
	if (pub4 == 0)
		fact_evidence(f, "getifaddrs()", _("only private or shared "
		    "(CGNAT) IPv4 addresses (%zu): the public address is "
		    "elsewhere (cloud 1:1 NAT or a router) and must be "
		    "confirmed by the operator"), priv4);
	else
		fact_evidence(f, "getifaddrs()", _("%zu public IPv4 "
		    "address(es) on the interfaces"), pub4);
	if (pub6 > 0)
		fact_evidence(f, "getifaddrs()", _("%zu public IPv6 "
		    "address(es): IPv6 is not behind NAT"), pub6);
}

void
detect_net_run(const struct detect_ctx *ctx, struct facts *fs)
{
	struct detect_net_addr	*v;
	char			*host = NULL, *cause = NULL;
	size_t			 n = 0, skipped = 0;
	static const char	*const names[] = {
		"net.ipv4", "net.ipv6", "net.public_ipv4", "net.public_ipv6"
	};
	size_t			 i;

	detect_net_hostname(ctx, fs, &host);
	detect_net_fqdn(ctx, fs, host);
	free(host);

	if (!ctx->live) {
		for (i = 0; i < nitems(names); i++)
			facts_set_unknown(fs, names[i], i < 2 ? FACT_LIST :
			    FACT_STR, _("live state: interface addresses are "
			    "not read with --root"));
		facts_set_unknown(fs, "net.nat_hint", FACT_BOOL,
		    _("live state: interface addresses are not read with "
		    "--root"));
		return;
	}
	v = xcalloc(DETECT_NET_MAX_ADDRS, sizeof *v);
	if (detect_net_addrs(v, DETECT_NET_MAX_ADDRS, &n, &skipped,
	    &cause) == -1) {
		for (i = 0; i < nitems(names); i++)
			facts_set_error(fs, names[i], i < 2 ? FACT_LIST :
			    FACT_STR, "%s", cause);
		facts_set_error(fs, "net.nat_hint", FACT_BOOL, "%s", cause);
		free(cause);
		free(v);
		return;
	}
	detect_net_family(fs, v, n, skipped, 4);
	detect_net_family(fs, v, n, skipped, 6);
	detect_net_nat(fs, v, n);
	free(v);
}
