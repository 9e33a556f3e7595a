/*
 * resolver.c - find the resolver(s) this machine queries and classify
 * them: a public resolver (Google, Cloudflare, Quad9, 114DNS, AliDNS...)
 * or a shared cloud forwarder makes DNSBL answers worthless, because
 * the lists refuse queries from those.  Also the dns.works test query.
 */
#include "mh.h"

#include <arpa/nameser.h>

#include <ares.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fact.h"
#include "ipaddr.h"
#include "probe.h"
#include "resolver.h"
#include "rootfs.h"

#define RESOLVER_MAX	16

static const struct {
	const char	*ip;
	const char	*name;
} resolver_public[] = {
	{ "8.8.8.8", "Google Public DNS" },
	{ "8.8.4.4", "Google Public DNS" },
	{ "2001:4860:4860::8888", "Google Public DNS" },
	{ "2001:4860:4860::8844", "Google Public DNS" },
	{ "1.1.1.1", "Cloudflare" },
	{ "1.0.0.1", "Cloudflare" },
	{ "2606:4700:4700::1111", "Cloudflare" },
	{ "2606:4700:4700::1001", "Cloudflare" },
	{ "9.9.9.9", "Quad9" },
	{ "149.112.112.112", "Quad9" },
	{ "2620:fe::fe", "Quad9" },
	{ "2620:fe::9", "Quad9" },
	{ "208.67.222.222", "OpenDNS" },
	{ "208.67.220.220", "OpenDNS" },
	{ "2620:119:35::35", "OpenDNS" },
	{ "2620:119:53::53", "OpenDNS" },
	{ "114.114.114.114", "114DNS" },
	{ "114.114.115.115", "114DNS" },
	{ "223.5.5.5", "AliDNS" },
	{ "223.6.6.6", "AliDNS" },
	{ "2400:3200::1", "AliDNS" },
	{ "2400:3200:baba::1", "AliDNS" },
	{ "119.29.29.29", "DNSPod" },
	{ "182.254.116.116", "DNSPod" },
	{ "2402:4e00::", "DNSPod" },
	{ "180.76.76.76", "Baidu DNS" },
	{ "2400:da00::6666", "Baidu DNS" },
	{ "1.2.4.8", "CNNIC SDNS" },
	{ "210.2.4.8", "CNNIC SDNS" },
	{ "94.140.14.14", "AdGuard DNS" },
	{ "94.140.15.15", "AdGuard DNS" },
	{ "76.76.2.0", "Control D" },
	{ "185.228.168.9", "CleanBrowsing" },
	{ "64.6.64.6", "Verisign" },
	{ "64.6.65.6", "Verisign" },
	{ "4.2.2.1", "Level3" },
	{ "4.2.2.2", "Level3" },
	/* Shared cloud forwarders (Spamhaus refuses some of them). */
	{ "169.254.169.253", "AWS VPC resolver (shared)" },
	{ "fd00:ec2::253", "AWS VPC resolver (shared)" },
	{ "168.63.129.16", "Azure DNS (shared)" },
	{ "100.100.2.136", "Alibaba Cloud resolver (shared)" },
	{ "100.100.2.138", "Alibaba Cloud resolver (shared)" },
	{ "183.60.83.19", "Tencent Cloud resolver (shared)" },
	{ "183.60.82.98", "Tencent Cloud resolver (shared)" },
};

const char *
resolver_public_name(const char *ip)
{
	size_t	i;

	if (ip == NULL)
		return NULL;
	for (i = 0; i < nitems(resolver_public); i++)
		if (strcasecmp(resolver_public[i].ip, ip) == 0)
			return resolver_public[i].name;
	return NULL;
}

/* nameserver lines of a resolv.conf: addresses and line numbers. */
static size_t
resolver_parse(char *txt, char **out, int *lines, size_t max)
{
	char	*p = txt, *line, *w, *pct;
	size_t	 n = 0;
	int	 ln = 0;

	while ((line = mh_next_line(&p)) != NULL && n < max) {
		ln++;
		line = mh_trim(line);
		if (strncmp(line, "nameserver", 10) != 0 ||
		    (line[10] != ' ' && line[10] != '\t'))
			continue;
		w = mh_trim(line + 10);
		w[strcspn(w, " \t#;")] = '\0';
		if ((pct = strchr(w, '%')) != NULL)
			*pct = '\0';
		if (ipaddr_family(w) == 0)
			continue;
		out[n] = xstrdup(w);
		lines[n++] = ln;
	}
	return n;
}

static void
resolver_set(struct facts *fs, char **srv, int *lines, size_t n,
    const char *src)
{
	struct fact	*f;
	const char	*pub = NULL, *pubip = NULL;
	size_t		 i;

	f = facts_set_list(fs, "dns.resolvers");
	for (i = 0; i < n; i++) {
		fact_list_add(f, srv[i]);
		if (lines != NULL)
			fact_evidence(f, src, "line %d: nameserver %s",
			    lines[i], srv[i]);
		else
			fact_evidence(f, src, "%s", srv[i]);
		if (pub == NULL && (pub = resolver_public_name(srv[i])) !=
		    NULL)
			pubip = srv[i];
	}
	f = facts_set_bool(fs, "dns.resolver_public", pub != NULL);
	if (pub != NULL)
		fact_evidence(f, src, "%s is %s (public or shared "
		    "forwarding resolver)", pubip, pub);
	else
		fact_evidence(f, src, "no known public resolver among %zu "
		    "server(s)", n);
}

void
resolver_detect(const char *root, const char *dns_server, struct facts *fs)
{
	char	*txt = NULL, *txt2 = NULL, *cause = NULL;
	char	*srv[RESOLVER_MAX], *srv2[RESOLVER_MAX], host[64];
	int	 lines[RESOLVER_MAX], lines2[RESOLVER_MAX];
	size_t	 n = 0, n2 = 0, i, hl;
	const char *c;

	if (dns_server != NULL) {
		/* --dns-server IP[:PORT] / [IPv6]:PORT: classify the IP. */
		c = dns_server;
		if (*c == '[') {
			hl = strcspn(c + 1, "]");
			c++;
		} else if (strchr(c, ':') != NULL && strchr(strchr(c, ':') +
		    1, ':') == NULL)
			hl = strcspn(c, ":");
		else
			hl = strlen(c);
		snprintf(host, sizeof host, "%.*s", (int)hl, c);
		srv[0] = host;
		resolver_set(fs, srv, NULL, 1, "--dns-server");
		return;
	}
	if (rootfs_read(root, "/etc/resolv.conf", MH_FILE_CAP, &txt, NULL,
	    &cause) == -1) {
		facts_set_unknown(fs, "dns.resolvers", FACT_LIST,
		    "/etc/resolv.conf: %s", cause);
		facts_set_unknown(fs, "dns.resolver_public", FACT_BOOL,
		    "/etc/resolv.conf: %s", cause);
		free(cause);
		return;
	}
	n = resolver_parse(txt, srv, lines, RESOLVER_MAX);
	if (n == 1 && strcmp(srv[0], "127.0.0.53") == 0 &&
	    rootfs_read(root, "/run/systemd/resolve/resolv.conf",
	    MH_FILE_CAP, &txt2, NULL, &cause) == 0 &&
	    (n2 = resolver_parse(txt2, srv2, lines2, RESOLVER_MAX)) > 0) {
		/* systemd-resolved stub: its upstreams decide. */
		resolver_set(fs, srv2, lines2, n2,
		    "/run/systemd/resolve/resolv.conf");
		fact_evidence((struct fact *)facts_get(fs, "dns.resolvers"),
		    "/etc/resolv.conf", "nameserver 127.0.0.53 "
		    "(systemd-resolved stub)");
	} else if (n == 0) {
		facts_set_unknown(fs, "dns.resolvers", FACT_LIST,
		    "/etc/resolv.conf names no nameserver (glibc then uses "
		    "127.0.0.1)");
		facts_set_unknown(fs, "dns.resolver_public", FACT_BOOL,
		    "no nameserver in /etc/resolv.conf");
	} else
		resolver_set(fs, srv, lines, n, "/etc/resolv.conf");
	for (i = 0; i < n; i++)
		free(srv[i]);
	for (i = 0; i < n2; i++)
		free(srv2[i]);
	free(cause);
	free(txt);
	free(txt2);
}

static void
resolver_works_cb(struct probe_loop *l, const struct probe_dns_result *r,
    void *arg)
{
	struct facts	*fs = arg;
	struct fact	*f;

	(void)l;
	if (r->status == ARES_SUCCESS || r->status == ARES_ENODATA ||
	    r->status == ARES_ENOTFOUND) {
		f = facts_set_bool(fs, "dns.works", 1);
		fact_evidence(f, r->server, "%s A: %s%s%s (%ld ms)", r->name,
		    r->status_text, r->nanswers > 0 ? ", " : "",
		    r->nanswers > 0 ? r->answers[0] : "", r->elapsed_ms);
	} else if (r->timed_out) {
		f = facts_set_bool(fs, "dns.works", 0);
		fact_evidence(f, r->server, "%s A: no answer (timeout after "
		    "%ld ms)", r->name, r->elapsed_ms);
	} else {
		f = facts_set_bool(fs, "dns.works", 0);
		fact_evidence(f, r->server, "%s A: %s (%ld ms)", r->name,
		    r->status_text, r->elapsed_ms);
	}
}

int
resolver_check_works(struct probe_loop *l, struct facts *fs,
    const char *name)
{
	if (probe_dns(l, name, ns_t_a, resolver_works_cb, fs) == -1) {
		facts_set_error(fs, "dns.works", FACT_BOOL,
		    "cannot start a DNS query for %s", name);
		return -1;
	}
	return 0;
}
