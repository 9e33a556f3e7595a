/*
 * connectivity.c - the Connectivity step: start every probe at once on
 * one probe loop (detected listening ports, DNS and the resolver, the
 * DNSBL zones, the DNS look-ups the records step needs, SMTP on 25, 587
 * and 465 with the open-relay test, outbound 25), collect the facts,
 * and derive one row per probe with a verdict and a one-line summary
 * (the table in connectivity_judge) for the CLI and the TUI alike.
 */
#include "mh.h"

#include <arpa/nameser.h>
#include <ares.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "connectivity.h"
#include "datadir.h"
#include "detect.h"
#include "dnsbl.h"
#include "fact.h"
#include "postconf.h"
#include "probe.h"
#include "probe_smtp.h"
#include "resolver.h"

#define CONN_MAX_ROWS	512
#define CONN_MAX_Q	32

enum conn_kind {
	CK_LISTEN, CK_DNS_WORKS, CK_RESOLVER, CK_DNSBL, CK_MX, CK_HOST_A,
	CK_HOST_AAAA, CK_PTR4, CK_PTR6, CK_SPF, CK_DMARC, CK_DKIM,
	CK_MTASTS, CK_TLSRPT, CK_BANNER, CK_DISCLOSE, CK_STARTTLS, CK_TLS,
	CK_CERT, CK_AUTH_PRE, CK_AUTH_POST, CK_VRFY, CK_EXPN, CK_RELAY,
	CK_OUTBOUND, CK_OUTBOUND6, CK_OUT_TARGET
};

/* One DNS look-up whose answer becomes the fact dns.<what>. */
struct conn_q {
	struct connectivity	*c;
	char			*fact;
	const char		*type;
};

struct conn_rowx {
	struct conn_row	 r;
	enum conn_kind	 kind;
	unsigned int	 port;
	char		*pfx;		/* "smtp.25", "smtps.465" */
};

struct connectivity {
	struct facts		*fs;
	struct probe_loop	*loop;
	struct dnsbl		 bl;
	int			 bl_loaded;
	struct probe_smtp_run	*smtp[3];
	struct probe_smtp_run	*out;
	char			**targets;
	size_t			 ntargets;
	struct conn_q		 q[CONN_MAX_Q];
	size_t			 nq;
	struct conn_rowx	*rows;
	struct conn_row		*pub;
	size_t			 nrows;
	char			*hostname;
	char			*ipv4;
	char			*ipv6;
	char			*selector;
	int			 finished;
	long long		 t0;
	long long		 t1;
};

static long long
connectivity_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *
connectivity_verdict_name(enum conn_verdict v)
{
	switch (v) {
	case CONN_PENDING:
		return "...";
	case CONN_PASS:
		return "PASS";
	case CONN_WARN:
		return "WARN";
	case CONN_FAIL:
		return "FAIL";
	case CONN_UNKNOWN:
		break;
	}
	return "UNKNOWN";
}

int
connectivity_portmap(const char *s, struct conn_opts *o, char **cause)
{
	char		*copy, *tok, *save = NULL, *eq, *end;
	unsigned long	 a, b;
	int		 rc = -1;

	copy = xstrdup(s);
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if ((eq = strchr(tok, '=')) == NULL) {
			xasprintf(cause, _("'%s': want PORT=PORT"), tok);
			goto out;
		}
		*eq = '\0';
		a = strtoul(tok, &end, 10);
		if (*tok == '\0' || *end != '\0' || a < 1 || a > 65535)
			goto bad;
		b = strtoul(eq + 1, &end, 10);
		if (eq[1] == '\0' || *end != '\0' || b < 1 || b > 65535)
			goto bad;
		if (o->nportmap >= CONN_MAX_PORTMAP) {
			xasprintf(cause, _("at most %d port mappings"),
			    CONN_MAX_PORTMAP);
			goto out;
		}
		o->portmap[o->nportmap].from = (unsigned int)a;
		o->portmap[o->nportmap].to = (unsigned int)b;
		o->nportmap++;
	}
	if (o->nportmap == 0) {
		xasprintf(cause, _("'%s': no PORT=PORT"), s);
		goto out;
	}
	rc = 0;
	goto out;
bad:
	xasprintf(cause, _("'%s=%s': ports are 1 to 65535"), tok, eq + 1);
out:
	free(copy);
	return rc;
}

/* Copy a detected fact (value, state, evidence) into fs. */
static void
connectivity_copy(struct facts *fs, const struct fact *f)
{
	struct fact	*n = NULL;
	size_t		 i;

	if (f->state != FACT_KNOWN) {
		if (f->state == FACT_UNKNOWN)
			facts_set_unknown(fs, f->name, f->type, "%s",
			    f->reason != NULL ? f->reason : "");
		else
			facts_set_error(fs, f->name, f->type, "%s",
			    f->reason != NULL ? f->reason : "");
		return;
	}
	switch (f->type) {
	case FACT_BOOL:
		n = facts_set_bool(fs, f->name, f->b);
		break;
	case FACT_INT:
		n = facts_set_int(fs, f->name, f->i);
		break;
	case FACT_STR:
		n = facts_set_str(fs, f->name, f->s);
		break;
	case FACT_LIST:
		n = facts_set_list(fs, f->name);
		for (i = 0; i < f->nlist; i++)
			fact_list_add(n, f->list[i]);
		break;
	}
	for (i = 0; i < f->nev; i++)
		fact_evidence(n, f->ev[i].source, "%s", f->ev[i].text);
}

static void
connectivity_dns_cb(struct probe_loop *l, const struct probe_dns_result *r,
    void *arg)
{
	struct conn_q	*q = arg;
	struct facts	*fs = q->c->fs;
	struct fact	*f;
	size_t		 i;

	(void)l;
	if (r->status == ARES_SUCCESS || r->status == ARES_ENOTFOUND ||
	    r->status == ARES_ENODATA) {
		f = facts_set_list(fs, q->fact);
		for (i = 0; i < r->nanswers; i++)
			fact_list_add(f, r->answers[i]);
		fact_evidence(f, r->server, "%s %s: %s, %zu record(s), ttl %d "
		    "(%ld ms)", r->name, q->type, r->status_text, r->nanswers,
		    r->ttl, r->elapsed_ms);
		for (i = 0; i < r->nanswers && i < 8; i++)
			fact_evidence(f, r->server, "%s %s %s", r->name,
			    q->type, r->answers[i]);
	} else if (r->timed_out)
		f = facts_set_unknown(fs, q->fact, FACT_LIST, "%s %s: no "
		    "answer from %s in %ld ms", r->name, q->type,
		    r->server != NULL ? r->server : "?", r->elapsed_ms);
	else
		f = facts_set_unknown(fs, q->fact, FACT_LIST, "%s %s: %s",
		    r->name, q->type, r->status_text);
	(void)f;
}

static void
connectivity_lookup(struct connectivity *c, const char *fact,
    const char *name, int type, const char *tname)
{
	struct conn_q	*q;

	if (c->nq >= CONN_MAX_Q)
		return;
	q = &c->q[c->nq++];
	q->c = c;
	q->fact = xstrdup(fact);
	q->type = tname;
	if (probe_dns(c->loop, name, type, connectivity_dns_cb, q) == -1)
		facts_set_error(c->fs, fact, FACT_LIST, "cannot start the "
		    "query %s %s", name, tname);
}

static void
connectivity_ptr(struct connectivity *c, const char *fact, const char *ip,
    int v6)
{
	struct dnsbl_zone	 z;
	char			*rev = NULL, *cause = NULL;

	memset(&z, 0, sizeof z);
	z.zone = (char *)(v6 ? "ip6.arpa" : "in-addr.arpa");
	z.kind = DNSBL_KIND_IP;
	z.ipv6 = 1;
	if (dnsbl_query_name(&z, ip, &rev, &cause) == -1) {
		facts_set_unknown(c->fs, fact, FACT_LIST, "%s", cause);
		free(cause);
		return;
	}
	connectivity_lookup(c, fact, rev, ns_t_ptr, "PTR");
	free(rev);
}

static void
connectivity_add(struct connectivity *c, enum conn_kind k, unsigned int port,
    const char *pfx, const char *id)
{
	struct conn_rowx	*x;

	if (c->nrows >= CONN_MAX_ROWS)
		return;
	x = &c->rows[c->nrows++];
	x->kind = k;
	x->port = port;
	x->pfx = pfx != NULL ? xstrdup(pfx) : NULL;
	x->r.id = xstrdup(id);
	x->r.verdict = CONN_PENDING;
	x->r.summary = xstrdup("");
}

static void
connectivity_fact(struct conn_rowx *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void
connectivity_fact(struct conn_rowx *x, const char *fmt, ...)
{
	va_list	ap;
	char	*s;

	if (x->r.nfacts >= nitems(x->r.facts))
		return;
	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	x->r.facts[x->r.nfacts++] = s;
}

/* The title of a row (translated). */
static char *
connectivity_title(const struct conn_rowx *x)
{
	char		*s;
	unsigned int	 p = x->port;

	switch (x->kind) {
	case CK_LISTEN:
		xasprintf(&s, _("Port %u listening here"), p);
		break;
	case CK_DNS_WORKS:
		s = xstrdup(_("DNS resolution"));
		break;
	case CK_RESOLVER:
		s = xstrdup(_("Resolver fit for DNSBLs"));
		break;
	case CK_DNSBL:
		if (strncmp(x->r.id, "dnsbl6.", 7) == 0)
			xasprintf(&s, _("DNSBL %s (IPv6)"), x->r.id + 7);
		else
			xasprintf(&s, _("DNSBL %s"), x->r.id + 6);
		break;
	case CK_MX:
		s = xstrdup(_("MX records"));
		break;
	case CK_HOST_A:
		s = xstrdup(_("Mail host A record"));
		break;
	case CK_HOST_AAAA:
		s = xstrdup(_("Mail host AAAA record"));
		break;
	case CK_PTR4:
		s = xstrdup(_("PTR of the IPv4 address"));
		break;
	case CK_PTR6:
		s = xstrdup(_("PTR of the IPv6 address"));
		break;
	case CK_SPF:
		s = xstrdup(_("SPF record"));
		break;
	case CK_DMARC:
		s = xstrdup(_("DMARC record"));
		break;
	case CK_DKIM:
		s = xstrdup(_("DKIM key"));
		break;
	case CK_MTASTS:
		s = xstrdup(_("MTA-STS record"));
		break;
	case CK_TLSRPT:
		s = xstrdup(_("TLS-RPT record"));
		break;
	case CK_BANNER:
		xasprintf(&s, _("Port %u greets"), p);
		break;
	case CK_DISCLOSE:
		xasprintf(&s, _("Port %u banner hides software"), p);
		break;
	case CK_STARTTLS:
		xasprintf(&s, _("Port %u STARTTLS"), p);
		break;
	case CK_TLS:
		xasprintf(&s, _("Port %u TLS version"), p);
		break;
	case CK_CERT:
		xasprintf(&s, _("Port %u certificate"), p);
		break;
	case CK_AUTH_PRE:
		xasprintf(&s, _("Port %u no AUTH before TLS"), p);
		break;
	case CK_AUTH_POST:
		xasprintf(&s, _("Port %u AUTH after TLS"), p);
		break;
	case CK_VRFY:
		xasprintf(&s, _("Port %u VRFY refused"), p);
		break;
	case CK_EXPN:
		xasprintf(&s, _("Port %u EXPN refused"), p);
		break;
	case CK_RELAY:
		xasprintf(&s, _("Port %u not an open relay"), p);
		break;
	case CK_OUTBOUND6:
		s = xstrdup(_("Outbound port 25 over IPv6"));
		break;
	case CK_OUT_TARGET:
		xasprintf(&s, _("Outbound 25 to %s"), x->pfx);
		break;
	case CK_OUTBOUND:
	default:
		s = xstrdup(_("Outbound port 25"));
		break;
	}
	return s;
}

/* The rows of one SMTP port. */
static void
connectivity_smtp_rows(struct connectivity *c, unsigned int port)
{
	static const enum conn_kind k25[] = { CK_BANNER, CK_DISCLOSE,
	    CK_STARTTLS, CK_TLS, CK_CERT, CK_AUTH_PRE, CK_VRFY, CK_EXPN,
	    CK_RELAY };
	static const enum conn_kind k587[] = { CK_BANNER, CK_DISCLOSE,
	    CK_STARTTLS, CK_TLS, CK_CERT, CK_AUTH_PRE, CK_AUTH_POST,
	    CK_VRFY, CK_EXPN, CK_RELAY };
	static const enum conn_kind k465[] = { CK_BANNER, CK_DISCLOSE,
	    CK_TLS, CK_CERT, CK_AUTH_POST, CK_VRFY, CK_EXPN, CK_RELAY };
	static const char *const key[] = {
		[CK_BANNER] = "banner", [CK_DISCLOSE] = "banner_discloses",
		[CK_STARTTLS] = "starttls", [CK_TLS] = "tls_version",
		[CK_CERT] = "cert_trusted", [CK_AUTH_PRE] = "auth_before_tls",
		[CK_AUTH_POST] = "auth_after_tls", [CK_VRFY] = "vrfy",
		[CK_EXPN] = "expn", [CK_RELAY] = "open_relay"
	};
	const enum conn_kind	*k;
	struct conn_rowx	*x;
	size_t			 n, i;
	char			*pfx, *id;

	if (port == 465) {
		k = k465;
		n = nitems(k465);
	} else if (port == 587) {
		k = k587;
		n = nitems(k587);
	} else {
		k = k25;
		n = nitems(k25);
	}
	xasprintf(&pfx, "%s.%u", port == 465 ? "smtps" : "smtp", port);
	for (i = 0; i < n; i++) {
		xasprintf(&id, "%s.%s", pfx, key[k[i]]);
		connectivity_add(c, k[i], port, pfx, id);
		x = &c->rows[c->nrows - 1];
		connectivity_fact(x, "%s", id);
		switch (k[i]) {
		case CK_TLS:
			connectivity_fact(x, "%s.tls_cipher", pfx);
			break;
		case CK_CERT:
			connectivity_fact(x, "%s.cert_hostname_match", pfx);
			connectivity_fact(x, "%s.cert_days_left", pfx);
			break;
		case CK_RELAY:
			connectivity_fact(x, "%s.relay_test_trusted", pfx);
			break;
		default:
			break;
		}
		if (k[i] != CK_BANNER)
			connectivity_fact(x, "%s.banner", pfx);
		free(id);
	}
	free(pfx);
}

static unsigned int
connectivity_map(const struct conn_opts *o, unsigned int port)
{
	size_t	i;

	for (i = 0; i < o->nportmap; i++)
		if (o->portmap[i].from == port)
			return o->portmap[i].to;
	return port;
}

static void
connectivity_rows_init(struct connectivity *c)
{
	static const unsigned int	 ports[] = { 25, 587, 465 };
	const char			*simple[][2] = {
		{ "dns.works", NULL }, { "dns.resolver_public", NULL },
		{ "dns.mx", NULL }, { "dns.host_a", NULL },
		{ "dns.host_aaaa", NULL }, { "dns.ptr_ipv4", NULL },
		{ "dns.ptr_ipv6", NULL }, { "dns.spf", NULL },
		{ "dns.dmarc", NULL }, { "dns.dkim", NULL },
		{ "dns.mta_sts", NULL }, { "dns.tlsrpt", NULL }
	};
	static const enum conn_kind	 skind[] = { CK_DNS_WORKS,
	    CK_RESOLVER, CK_MX, CK_HOST_A, CK_HOST_AAAA, CK_PTR4, CK_PTR6,
	    CK_SPF, CK_DMARC, CK_DKIM, CK_MTASTS, CK_TLSRPT };
	const struct dnsbl_zone		*z;
	char				*id, *key;
	size_t				 i;
	int				 fam;

	for (i = 0; i < nitems(ports); i++) {
		xasprintf(&id, "port.%u.listening", ports[i]);
		connectivity_add(c, CK_LISTEN, ports[i], NULL, id);
		connectivity_fact(&c->rows[c->nrows - 1], "%s", id);
		connectivity_fact(&c->rows[c->nrows - 1],
		    "port.%u.addresses", ports[i]);
		free(id);
	}
	for (i = 0; i < nitems(ports); i++)
		connectivity_smtp_rows(c, ports[i]);
	connectivity_add(c, CK_OUTBOUND, 25, NULL, "outbound.25");
	connectivity_fact(&c->rows[c->nrows - 1], "outbound.25");
	connectivity_fact(&c->rows[c->nrows - 1], "outbound.advice");
	connectivity_add(c, CK_OUTBOUND6, 25, NULL, "outbound.25.ipv6");
	connectivity_fact(&c->rows[c->nrows - 1], "outbound.25.ipv6");
	connectivity_fact(&c->rows[c->nrows - 1], "outbound.advice");
	for (i = 0; i < c->ntargets; i++) {
		/* one compact row per target: both families */
		key = probe_smtp_target_key(c->targets[i]);
		xasprintf(&id, "outbound.25.%s", key);
		connectivity_add(c, CK_OUT_TARGET, 25, c->targets[i], id);
		fam = probe_smtp_target_families(c->targets[i]);
		if (fam & 1)
			connectivity_fact(&c->rows[c->nrows - 1], "%s.ipv4",
			    id);
		if (fam & 2)
			connectivity_fact(&c->rows[c->nrows - 1], "%s.ipv6",
			    id);
		free(id);
		free(key);
	}
	for (i = 0; i < nitems(skind); i++) {
		connectivity_add(c, skind[i], 0, NULL, simple[i][0]);
		connectivity_fact(&c->rows[c->nrows - 1], "%s", simple[i][0]);
	}
	for (i = 0; i < c->nrows; i++)
		if (c->rows[i].kind == CK_RESOLVER)
			connectivity_fact(&c->rows[i], "dns.resolvers");
	for (i = 0; c->bl_loaded && i < c->bl.n; i++) {
		z = &c->bl.v[i];
		xasprintf(&id, "dnsbl.%s", z->zone);
		connectivity_add(c, CK_DNSBL, 0, NULL, id);
		connectivity_fact(&c->rows[c->nrows - 1], "%s", id);
		free(id);
		if (z->kind != DNSBL_KIND_IP || !z->ipv6)
			continue;
		xasprintf(&id, "dnsbl6.%s", z->zone);
		connectivity_add(c, CK_DNSBL, 0, NULL, id);
		connectivity_fact(&c->rows[c->nrows - 1], "%s", id);
		free(id);
	}
	for (i = 0; i < c->nrows; i++)
		c->rows[i].r.title = connectivity_title(&c->rows[i]);
}

struct connectivity *
connectivity_start(const struct conn_opts *o, char **cause)
{
	struct connectivity	*c;
	struct probe_opts	 po;
	struct probe_smtp_opts	 so;
	struct dnsbl_subject	 subj;
	struct detect_ctx	 ctx;
	struct facts		*sys;
	const struct fact	*f;
	const char		*domain = o->domain, *host;
	char			*path, *name, *why = NULL;
	size_t			 i;
	int			 pub;
	static const unsigned int ports[] = { 25, 587, 465 };

	c = xcalloc(1, sizeof *c);
	c->t0 = connectivity_now();
	c->fs = facts_create();
	c->rows = xcalloc(CONN_MAX_ROWS, sizeof *c->rows);
	c->hostname = o->hostname != NULL ? xstrdup(o->hostname) : NULL;
	c->ipv4 = o->ipv4 != NULL ? xstrdup(o->ipv4) : NULL;
	c->ipv6 = o->ipv6 != NULL ? xstrdup(o->ipv6) : NULL;
	c->selector = xstrdup(o->selector != NULL ? o->selector : "mail");

	path = o->dnsbl_conf != NULL ? xstrdup(o->dnsbl_conf) :
	    datadir_file("dnsbl.conf");
	if (dnsbl_load(path, &c->bl, cause) == -1) {
		free(path);
		goto fail;
	}
	free(path);
	c->bl_loaded = 1;
	if (o->outbound == NULL) {
		path = datadir_file("outbound.conf");
		if (probe_smtp_outbound_load(path, &c->targets, &c->ntargets,
		    cause) == -1) {
			free(path);
			goto fail;
		}
		free(path);
	} else {
		c->ntargets = o->noutbound;
		c->targets = xcalloc(o->noutbound + 1, sizeof *c->targets);
		for (i = 0; i < o->noutbound; i++)
			c->targets[i] = xstrdup(o->outbound[i]);
	}

	memset(&po, 0, sizeof po);
	po.dns_server = o->dns_server;
	po.max_parallel = o->max_parallel;
	po.run_deadline_ms = o->deadline_ms > 0 ? o->deadline_ms :
	    CONN_DEFAULT_DEADLINE_MS;
	if ((c->loop = probe_loop_create(&po, cause)) == NULL)
		goto fail;

	/* What this machine is (listening ports, MTA, cloud policy). */
	sys = facts_create();
	detect_ctx_init(&ctx, o->root);
	detect_all(&ctx, sys);
	for (i = 0; i < sys->n; i++) {
		f = &sys->v[i];
		if (strncmp(f->name, "port.", 5) == 0 ||
		    strncmp(f->name, "cloud.", 6) == 0 ||
		    strncmp(f->name, "mta.", 4) == 0)
			connectivity_copy(c->fs, f);
	}
	facts_free(sys);
	postconf_run(&ctx, o->postfix_dir, c->fs);
	resolver_detect(o->root, o->dns_server, c->fs);

	connectivity_rows_init(c);

	/* SMTP first: the longest chains. */
	host = o->host != NULL ? o->host : (o->hostname != NULL ?
	    o->hostname : "127.0.0.1");
	for (i = 0; i < nitems(ports); i++) {
		memset(&so, 0, sizeof so);
		so.host = host;
		so.port = connectivity_map(o, ports[i]);
		so.fact_port = ports[i];
		so.implicit_tls = ports[i] == 465;
		so.mail_host = o->hostname;
		so.timeout_ms = o->smtp_timeout_ms;
		c->smtp[i] = probe_smtp_start(c->loop, c->fs, &so);
	}
	c->out = probe_smtp_outbound(c->loop, c->fs,
	    (const char *const *)c->targets, c->ntargets, o->smtp_timeout_ms);

	/* DNS: resolution, records, PTR. */
	if (domain == NULL)
		domain = o->hostname;
	if (domain != NULL)
		resolver_check_works(c->loop, c->fs, domain);
	else
		facts_set_unknown(c->fs, "dns.works", FACT_BOOL, "%s",
		    _("no mail domain or host name set"));
	if (o->domain != NULL) {
		connectivity_lookup(c, "dns.mx", o->domain, ns_t_mx, "MX");
		connectivity_lookup(c, "dns.spf", o->domain, ns_t_txt, "TXT");
		xasprintf(&name, "_dmarc.%s", o->domain);
		connectivity_lookup(c, "dns.dmarc", name, ns_t_txt, "TXT");
		free(name);
		xasprintf(&name, "%s._domainkey.%s", c->selector, o->domain);
		connectivity_lookup(c, "dns.dkim", name, ns_t_txt, "TXT");
		free(name);
		xasprintf(&name, "_mta-sts.%s", o->domain);
		connectivity_lookup(c, "dns.mta_sts", name, ns_t_txt, "TXT");
		free(name);
		xasprintf(&name, "_smtp._tls.%s", o->domain);
		connectivity_lookup(c, "dns.tlsrpt", name, ns_t_txt, "TXT");
		free(name);
	} else {
		static const char *const dn[] = { "dns.mx", "dns.spf",
		    "dns.dmarc", "dns.dkim", "dns.mta_sts", "dns.tlsrpt" };

		for (i = 0; i < nitems(dn); i++)
			facts_set_unknown(c->fs, dn[i], FACT_LIST, "%s",
			    _("no mail domain set (--domain)"));
	}
	if (o->hostname != NULL) {
		connectivity_lookup(c, "dns.host_a", o->hostname, ns_t_a, "A");
		connectivity_lookup(c, "dns.host_aaaa", o->hostname,
		    ns_t_aaaa, "AAAA");
	} else {
		facts_set_unknown(c->fs, "dns.host_a", FACT_LIST, "%s",
		    _("no mail host name set (--hostname)"));
		facts_set_unknown(c->fs, "dns.host_aaaa", FACT_LIST, "%s",
		    _("no mail host name set (--hostname)"));
	}
	if (o->ipv4 != NULL)
		connectivity_ptr(c, "dns.ptr_ipv4", o->ipv4, 0);
	else
		facts_set_unknown(c->fs, "dns.ptr_ipv4", FACT_LIST, "%s",
		    _("no public IPv4 address set (--ipv4)"));
	if (o->ipv6 != NULL)
		connectivity_ptr(c, "dns.ptr_ipv6", o->ipv6, 1);
	else
		facts_set_unknown(c->fs, "dns.ptr_ipv6", FACT_LIST, "%s",
		    _("no public IPv6 address set (--ipv6)"));

	/* DNSBL: not through a public resolver. */
	memset(&subj, 0, sizeof subj);
	subj.ipv4 = o->ipv4;
	subj.ipv6 = o->ipv6;
	subj.domain = o->domain;
	f = facts_get(c->fs, "dns.resolver_public");
	pub = f != NULL && f->state == FACT_KNOWN && f->b;
	if (pub && f->nev > 0)
		why = xstrdup(f->ev[0].text);
	dnsbl_start(c->loop, &c->bl, &subj, c->fs, pub, why);
	free(why);
	for (i = 0; i < c->bl.n; i++) {
		/* zones with no subject: say why instead of a blank row */
		const struct dnsbl_zone *z = &c->bl.v[i];

		xasprintf(&name, "dnsbl.%s", z->zone);
		if (facts_get(c->fs, name) == NULL && (z->kind ==
		    DNSBL_KIND_DOMAIN ? o->domain == NULL : o->ipv4 == NULL))
			facts_set_unknown(c->fs, name, FACT_STR, "%s",
			    z->kind == DNSBL_KIND_DOMAIN ?
			    _("no mail domain set (--domain)") :
			    _("no public IPv4 address set (--ipv4)"));
		free(name);
		xasprintf(&name, "dnsbl6.%s", z->zone);
		if (z->kind == DNSBL_KIND_IP && z->ipv6 && o->ipv6 == NULL)
			facts_set_unknown(c->fs, name, FACT_STR, "%s",
			    _("no public IPv6 address set (--ipv6)"));
		free(name);
	}
	connectivity_update(c);
	return c;
fail:
	connectivity_free(c);
	return NULL;
}

size_t
connectivity_step(struct connectivity *c, int max_ms)
{
	size_t	n;

	if (c->finished)
		return 0;
	n = probe_loop_run(c->loop, max_ms);
	connectivity_update(c);
	if (n == 0)
		connectivity_finish(c);
	return n;
}

void
connectivity_finish(struct connectivity *c)
{
	if (c->finished)
		return;
	c->finished = 1;
	c->t1 = connectivity_now();
	connectivity_update(c);
}

int
connectivity_done(const struct connectivity *c)
{
	return c->finished;
}

long
connectivity_elapsed_ms(const struct connectivity *c)
{
	return (long)((c->finished ? c->t1 : connectivity_now()) - c->t0);
}

const struct facts *
connectivity_facts(const struct connectivity *c)
{
	return c->fs;
}

const struct conn_row *
connectivity_rows(const struct connectivity *c, size_t *n)
{
	*n = c->nrows;
	return c->pub;
}

void
connectivity_free(struct connectivity *c)
{
	size_t	i, j;

	if (c == NULL)
		return;
	for (i = 0; i < nitems(c->smtp); i++)
		probe_smtp_free(c->smtp[i]);
	probe_smtp_free(c->out);
	probe_loop_free(c->loop);
	for (i = 0; i < c->nq; i++)
		free(c->q[i].fact);
	for (i = 0; i < c->ntargets; i++)
		free(c->targets[i]);
	free(c->targets);
	for (i = 0; i < c->nrows; i++) {
		free(c->rows[i].pfx);
		free(c->rows[i].r.id);
		free(c->rows[i].r.title);
		free(c->rows[i].r.summary);
		for (j = 0; j < c->rows[i].r.nfacts; j++)
			free(c->rows[i].r.facts[j]);
	}
	free(c->rows);
	free(c->pub);
	if (c->bl_loaded)
		dnsbl_free(&c->bl);
	if (c->fs != NULL)
		facts_free(c->fs);
	free(c->hostname);
	free(c->ipv4);
	free(c->ipv6);
	free(c->selector);
	free(c);
}

/* ---- verdicts ------------------------------------------------------- */

static const struct fact *
connectivity_get(const struct connectivity *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static const struct fact *
connectivity_get(const struct connectivity *c, const char *fmt, ...)
{
	va_list			 ap;
	char			*s;
	const struct fact	*f;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	f = facts_get(c->fs, s);
	free(s);
	return f;
}

static int
connectivity_known_bool(const struct fact *f, int *v)
{
	if (f == NULL || f->state != FACT_KNOWN || f->type != FACT_BOOL)
		return 0;
	*v = f->b;
	return 1;
}

/* Does a list fact hold a record starting with prefix? */
static const char *
connectivity_has(const struct fact *f, const char *prefix, size_t *count)
{
	const char	*hit = NULL;
	size_t		 i, n = 0;

	for (i = 0; f != NULL && i < f->nlist; i++) {
		if (prefix == NULL || strncasecmp(f->list[i], prefix,
		    strlen(prefix)) == 0) {
			if (hit == NULL)
				hit = f->list[i];
			n++;
		}
	}
	if (count != NULL)
		*count = n;
	return hit;
}

/* Same name, ignoring case and a trailing dot. */
static int
connectivity_same_name(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b);

	if (la > 0 && a[la - 1] == '.')
		la--;
	if (lb > 0 && b[lb - 1] == '.')
		lb--;
	return la == lb && strncasecmp(a, b, la) == 0;
}

static enum conn_verdict
connectivity_record(const struct fact *f, const char *prefix,
    enum conn_verdict missing, const char *what, char **sum)
{
	const char	*hit;
	size_t		 n;

	if ((hit = connectivity_has(f, prefix, &n)) == NULL) {
		xasprintf(sum, _("no %s record"), what);
		return missing;
	}
	if (n > 1 && prefix != NULL) {
		xasprintf(sum, _("%zu %s records: only one may exist"), n,
		    what);
		return CONN_FAIL;
	}
	*sum = xstrdup(hit);
	return CONN_PASS;
}

static enum conn_verdict
connectivity_addr(const struct connectivity *c, const struct fact *f,
    const char *want, int v6, char **sum)
{
	const char	*first;

	first = connectivity_has(f, NULL, NULL);
	if (want == NULL) {
		if (first == NULL) {
			*sum = xstrdup(v6 ? _("no AAAA record (no IPv6 "
			    "address set)") : _("no A record (no IPv4 "
			    "address set)"));
			return v6 ? CONN_PASS : CONN_WARN;
		}
		xasprintf(sum, _("%s (not checked: no address set)"), first);
		return CONN_WARN;
	}
	if (first == NULL) {
		xasprintf(sum, _("no %s record for %s"), v6 ? "AAAA" : "A",
		    c->hostname);
		return CONN_FAIL;
	}
	if (!fact_list_has(f, want)) {
		xasprintf(sum, _("%s, not %s"), first, want);
		return CONN_WARN;
	}
	*sum = xstrdup(want);
	return CONN_PASS;
}

static enum conn_verdict
connectivity_ptrv(const struct connectivity *c, const struct fact *f,
    const char *ip, char **sum)
{
	const char	*first;
	size_t		 i;

	if ((first = connectivity_has(f, NULL, NULL)) == NULL) {
		xasprintf(sum, _("no PTR for %s: many receivers reject mail"),
		    ip);
		return CONN_FAIL;
	}
	if (c->hostname == NULL) {
		xasprintf(sum, _("%s (no mail host name to compare)"), first);
		return CONN_WARN;
	}
	for (i = 0; i < f->nlist; i++)
		if (connectivity_same_name(f->list[i], c->hostname)) {
			*sum = xstrdup(f->list[i]);
			return CONN_PASS;
		}
	xasprintf(sum, _("%s, not %s"), first, c->hostname);
	return CONN_WARN;
}

static enum conn_verdict
connectivity_smtp(const struct connectivity *c, const struct conn_rowx *x,
    const struct fact *f, char **sum)
{
	const struct fact	*g;
	unsigned int		 p = x->port;
	int			 b, t;

	switch (x->kind) {
	case CK_BANNER:
		*sum = xstrdup(f->s != NULL ? f->s : "");
		return CONN_PASS;
	case CK_DISCLOSE:
		if (!f->b) {
			*sum = xstrdup(_("no software or version shown"));
			return CONN_PASS;
		}
		xasprintf(sum, _("banner shows the software%s%s"),
		    f->nev > 0 ? ": " : "", f->nev > 0 ? f->ev[0].text : "");
		return CONN_WARN;
	case CK_STARTTLS:
		if (f->b) {
			*sum = xstrdup(_("offered"));
			return CONN_PASS;
		}
		xasprintf(sum, _("no STARTTLS on %u: mail travels in clear"),
		    p);
		return CONN_FAIL;
	case CK_TLS:
		g = connectivity_get(c, "%s.tls_cipher", x->pfx);
		xasprintf(sum, "%s%s%s", f->s != NULL ? f->s : "",
		    g != NULL && g->state == FACT_KNOWN ? " " : "",
		    g != NULL && g->state == FACT_KNOWN ? g->s : "");
		if (f->s != NULL && (strcmp(f->s, "TLSv1.2") == 0 ||
		    strcmp(f->s, "TLSv1.3") == 0))
			return CONN_PASS;
		if (f->s != NULL && (strncmp(f->s, "SSL", 3) == 0 ||
		    strcmp(f->s, "TLSv1") == 0 ||
		    strcmp(f->s, "TLSv1.0") == 0 ||
		    strcmp(f->s, "TLSv1.1") == 0)) {
			free(*sum);
			xasprintf(sum, _("%s is obsolete"), f->s);
			return CONN_FAIL;
		}
		return CONN_WARN;
	case CK_CERT:
		g = connectivity_get(c, "%s.cert_days_left", x->pfx);
		if (g != NULL && g->state == FACT_KNOWN && g->i < 0) {
			*sum = xstrdup(_("certificate expired"));
			return CONN_FAIL;
		}
		if (connectivity_known_bool(connectivity_get(c,
		    "%s.cert_hostname_match", x->pfx), &b) && !b) {
			*sum = xstrdup(_("certificate does not name the mail "
			    "host"));
			return CONN_WARN;
		}
		if (!f->b) {
			*sum = xstrdup(_("not trusted (self-signed or unknown "
			    "issuer)"));
			return CONN_WARN;
		}
		if (g != NULL && g->state == FACT_KNOWN && g->i < 14) {
			xasprintf(sum, _("expires in %lld days"), g->i);
			return CONN_WARN;
		}
		*sum = xstrdup(_("trusted, names the mail host"));
		return CONN_PASS;
	case CK_AUTH_PRE:
		if (f->b) {
			*sum = xstrdup(_("AUTH offered before TLS: passwords "
			    "in clear"));
			return CONN_FAIL;
		}
		*sum = xstrdup(_("not offered before TLS"));
		return CONN_PASS;
	case CK_AUTH_POST:
		if (f->b) {
			*sum = xstrdup(_("offered"));
			return CONN_PASS;
		}
		xasprintf(sum, _("no AUTH on %u: clients cannot submit"), p);
		return CONN_WARN;
	case CK_VRFY:
	case CK_EXPN:
		if (f->b) {
			*sum = xstrdup(x->kind == CK_VRFY ?
			    _("VRFY confirms addresses") :
			    _("EXPN expands lists"));
			return CONN_WARN;
		}
		*sum = xstrdup(_("refused"));
		return CONN_PASS;
	case CK_RELAY:
		if (connectivity_known_bool(connectivity_get(c,
		    "%s.relay_test_trusted", x->pfx), &t) && t) {
			*sum = xstrdup(_("tested from a trusted address: "
			    "proves nothing"));
			return CONN_UNKNOWN;
		}
		if (f->b) {
			*sum = xstrdup(_("OPEN RELAY: accepted mail for an "
			    "outside domain"));
			return CONN_FAIL;
		}
		*sum = xstrdup(_("relaying refused"));
		return CONN_PASS;
	default:
		break;
	}
	*sum = xstrdup("");
	return CONN_UNKNOWN;
}

/*
 * One outbound target, both families in one row: "IPv4 open, IPv6
 * no_address".  PASS when a family greeted and the other did too or has
 * no address; WARN when some family did not get through (the summary
 * rows carry the FAIL); UNKNOWN when no family gave a clear answer.
 */
static enum conn_verdict
connectivity_out_target(const struct connectivity *c,
    const struct conn_rowx *x, char **sum)
{
	const struct fact	*f;
	struct buf		 b;
	size_t			 i, n;
	int			 open = 0, bad = 0, clear = 0, missing = 0;
	const char		*v, *fam;

	buf_init(&b, 256);
	for (i = 0; i < x->r.nfacts; i++) {
		f = facts_get(c->fs, x->r.facts[i]);
		n = strlen(x->r.facts[i]);
		fam = n > 5 && strcmp(x->r.facts[i] + n - 5, ".ipv6") == 0 ?
		    "IPv6" : "IPv4";
		if (b.len > 0)
			buf_adds(&b, ", ");
		if (f == NULL) {
			missing++;
			buf_printf(&b, "%s %s", fam, c->finished ?
			    _("no result") : "...");
			continue;
		}
		if (f->state != FACT_KNOWN || f->s == NULL) {
			buf_printf(&b, "%s %s", fam, _("unknown"));
			continue;
		}
		v = f->s;
		buf_printf(&b, "%s %s", fam, v);
		clear++;
		if (strcmp(v, "open") == 0)
			open++;
		else if (strcmp(v, "no_address") != 0)
			bad++;
	}
	*sum = buf_steal(&b);
	if (missing > 0 && !c->finished)
		return CONN_PENDING;
	if (clear == 0)
		return CONN_UNKNOWN;
	if (open > 0 && bad == 0)
		return CONN_PASS;
	return CONN_WARN;
}

/* The table: a row's verdict and summary from the facts. */
static enum conn_verdict
connectivity_judge(const struct connectivity *c, const struct conn_rowx *x,
    char **sum)
{
	const struct fact	*f;
	const char		*v;

	*sum = NULL;
	if (x->kind == CK_OUT_TARGET)
		return connectivity_out_target(c, x, sum);
	f = facts_get(c->fs, x->r.facts[0]);
	if (f == NULL) {
		if (!c->finished)
			return CONN_PENDING;
		if (x->kind == CK_LISTEN) {
			*sum = xstrdup(_("not detected"));
			return CONN_UNKNOWN;
		}
		*sum = xstrdup(_("no result by the deadline"));
		return CONN_UNKNOWN;
	}
	if (f->state != FACT_KNOWN) {
		*sum = xstrdup(f->reason != NULL ? f->reason : "");
		return CONN_UNKNOWN;
	}
	switch (x->kind) {
	case CK_LISTEN:
		if (f->b) {
			f = connectivity_get(c, "port.%u.addresses", x->port);
			*sum = f != NULL && f->state == FACT_KNOWN ?
			    fact_value_text(f) : xstrdup(_("listening"));
			return CONN_PASS;
		}
		xasprintf(sum, _("nothing listens on port %u"), x->port);
		return x->port == 25 ? CONN_FAIL : CONN_WARN;
	case CK_DNS_WORKS:
		*sum = xstrdup(f->b ? _("the resolver answers") :
		    _("DNS look-ups fail"));
		return f->b ? CONN_PASS : CONN_FAIL;
	case CK_RESOLVER:
		if (f->b) {
			xasprintf(sum, _("public resolver: DNSBLs refuse it "
			    "(%s)"), f->nev > 0 ? f->ev[0].text : "");
			return CONN_WARN;
		}
		*sum = xstrdup(_("not a public resolver"));
		return CONN_PASS;
	case CK_DNSBL:
		v = f->s != NULL ? f->s : "";
		if (strcmp(v, "listed") == 0) {
			xasprintf(sum, _("LISTED: %s"), f->nev > 0 ?
			    f->ev[0].text : "");
			return CONN_FAIL;
		}
		*sum = xstrdup(_("not listed"));
		return CONN_PASS;
	case CK_MX:
		return connectivity_record(f, NULL, CONN_WARN, "MX", sum);
	case CK_HOST_A:
		return connectivity_addr(c, f, c->ipv4, 0, sum);
	case CK_HOST_AAAA:
		return connectivity_addr(c, f, c->ipv6, 1, sum);
	case CK_PTR4:
		return connectivity_ptrv(c, f, c->ipv4, sum);
	case CK_PTR6:
		return connectivity_ptrv(c, f, c->ipv6, sum);
	case CK_SPF:
		return connectivity_record(f, "v=spf1", CONN_WARN, "SPF", sum);
	case CK_DMARC:
		return connectivity_record(f, "v=DMARC1", CONN_WARN, "DMARC",
		    sum);
	case CK_DKIM:
		return connectivity_record(f, NULL, CONN_WARN, "DKIM", sum);
	case CK_MTASTS:
		return connectivity_record(f, "v=STSv1", CONN_WARN, "MTA-STS",
		    sum);
	case CK_TLSRPT:
		return connectivity_record(f, "v=TLSRPTv1", CONN_WARN,
		    "TLS-RPT", sum);
	case CK_OUTBOUND:
		v = f->s != NULL ? f->s : "";
		if (strcmp(v, "open") == 0) {
			*sum = xstrdup(_("mail servers answer on port 25"));
			return CONN_PASS;
		}
		if (strcmp(v, "unknown") == 0) {
			*sum = xstrdup(_("no target gave a clear answer"));
			return CONN_UNKNOWN;
		}
		xasprintf(sum, _("%s: see the advice (relay host on "
		    "587/465)"), v);
		return strcmp(v, "mixed") == 0 ? CONN_WARN : CONN_FAIL;
	case CK_OUTBOUND6:
		v = f->s != NULL ? f->s : "";
		if (strcmp(v, "open") == 0) {
			*sum = xstrdup(_("mail servers answer over IPv6"));
			return CONN_PASS;
		}
		if (strcmp(v, "unknown") == 0) {
			*sum = xstrdup(_("no target gave a clear answer over "
			    "IPv6"));
			return CONN_UNKNOWN;
		}
		if (strcmp(v, "no_address") == 0) {
			*sum = xstrdup(_("no target has an IPv6 address"));
			return CONN_UNKNOWN;
		}
		xasprintf(sum, _("%s: IPv6 mail may not leave (see the "
		    "advice)"), v);
		return CONN_WARN;
	default:
		return connectivity_smtp(c, x, f, sum);
	}
}

size_t
connectivity_update(struct connectivity *c)
{
	struct conn_rowx	*x;
	enum conn_verdict	 v;
	char			*sum;
	size_t			 i, changed = 0;

	for (i = 0; i < c->nrows; i++) {
		x = &c->rows[i];
		v = connectivity_judge(c, x, &sum);
		if (sum == NULL)
			sum = xstrdup("");
		if (v != x->r.verdict || strcmp(sum, x->r.summary) != 0)
			changed++;
		free(x->r.summary);
		x->r.summary = mh_sanitize(sum, 512);
		free(sum);
		x->r.verdict = v;
	}
	free(c->pub);
	c->pub = xcalloc(c->nrows + 1, sizeof *c->pub);
	for (i = 0; i < c->nrows; i++)
		c->pub[i] = c->rows[i].r;
	return changed;
}
