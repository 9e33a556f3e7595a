/*
 * records_verify.c - the live verification of a mail domain's DNS
 * records through the probe engine: SPF (recursive, spf.c), DMARC
 * (dmarc.c) with the external report authorizations, the DKIM key
 * against the local key file (dkim.c), the FCrDNS chain of each address,
 * MTA-STS (TXT and the HTTPS policy over libcurl) and TLS-RPT.
 *
 * First every independent query goes out at once; the SPF evaluation
 * runs the loop level by level (the other answers arrive meanwhile);
 * then the queries that depend on answers (report authorizations, the
 * addresses of PTR names, the policy fetch) go out together.
 */
#include "mh.h"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <ares.h>
#include <ctype.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "dkim.h"
#include "dmarc.h"
#include "fact.h"
#include "probe.h"
#include "records_verify.h"
#include "rootfs.h"
#include "spf.h"

#define RV_DEFAULT_TIMEOUT_MS	20000
#define RV_MAX_Q		64
#define RV_STS_CAP		65536
#define RV_STS_MAX_AGE		31557600L

struct rv_q {
	char		*name;
	int		 type;
	int		 done;
	int		 status;
	char		**answers;
	size_t		 nanswers;
	int		 ttl;
	char		*server;
};

struct rv {
	const struct records_verify_opts *o;
	struct probe_loop *loop;
	struct facts	*fs;
	struct spf_findings *out;
	struct rv_q	 q[RV_MAX_Q];
	size_t		 nq;
	/* MTA-STS policy fetch */
	struct buf	 sts_body;
	int		 sts_done;
	int		 sts_code;
	long		 sts_http;
	char		*sts_ctype;
	char		*sts_err;
	struct curl_slist *sts_connect;
};

struct rv_ref {
	struct rv	*rv;
	size_t		 i;
};

static void
records_verify_dns_cb(struct probe_loop *l, const struct probe_dns_result *r,
    void *arg)
{
	struct rv_ref	*ref = arg;
	struct rv_q	*q = &ref->rv->q[ref->i];
	size_t		 i;

	(void)l;
	q->done = 1;
	q->status = r->timed_out ? ARES_ETIMEOUT : r->status;
	q->ttl = r->ttl;
	q->server = xstrdup(r->server != NULL ? r->server : "?");
	if (r->nanswers > 0) {
		q->answers = xcalloc(r->nanswers, sizeof *q->answers);
		for (i = 0; i < r->nanswers; i++)
			q->answers[i] = xstrdup(r->answers[i]);
		q->nanswers = r->nanswers;
	}
	free(ref);
}

static void
records_verify_ask(struct rv *rv, const char *name, int type)
{
	struct rv_ref	*ref;
	size_t		 i;

	for (i = 0; i < rv->nq; i++)
		if (rv->q[i].type == type &&
		    strcasecmp(rv->q[i].name, name) == 0)
			return;
	if (rv->nq >= RV_MAX_Q)
		return;
	rv->q[rv->nq].name = xstrdup(name);
	rv->q[rv->nq].type = type;
	ref = xmalloc(sizeof *ref);
	ref->rv = rv;
	ref->i = rv->nq++;
	if (probe_dns(rv->loop, name, type, records_verify_dns_cb, ref) ==
	    -1) {
		free(ref);
		rv->q[rv->nq - 1].done = 1;
		rv->q[rv->nq - 1].status = ARES_ESERVFAIL;
	}
}

static const struct rv_q *
records_verify_get(const struct rv *rv, const char *name, int type)
{
	size_t	i;

	for (i = 0; i < rv->nq; i++)
		if (rv->q[i].type == type && rv->q[i].done &&
		    strcasecmp(rv->q[i].name, name) == 0)
			return &rv->q[i];
	return NULL;
}

static int
records_verify_void(const struct rv_q *q)
{
	return q->status == ARES_ENOTFOUND || q->status == ARES_ENODATA ||
	    (q->status == ARES_SUCCESS && q->nanswers == 0);
}

static const char *
records_verify_tname(int type)
{
	switch (type) {
	case ns_t_a:
		return "A";
	case ns_t_aaaa:
		return "AAAA";
	case ns_t_mx:
		return "MX";
	case ns_t_ptr:
		return "PTR";
	default:
		return "TXT";
	}
}

/* Evidence: the whole answer, which server gave it, the TTL. */
static void
records_verify_ev(struct fact *f, const struct rv_q *q)
{
	struct buf	b;
	size_t		i;

	if (f == NULL || q == NULL)
		return;
	buf_init(&b, MH_LINE_CAP);
	buf_printf(&b, "%s %s: ", q->name, records_verify_tname(q->type));
	if (q->nanswers == 0)
		buf_adds(&b, ares_strerror(q->status));
	for (i = 0; i < q->nanswers; i++)
		buf_printf(&b, "%s\"%s\"", i > 0 ? " " : "", q->answers[i]);
	buf_printf(&b, " (ttl %d)", q->ttl);
	fact_evidence(f, q->server != NULL ? q->server : "?", "%s",
	    buf_str(&b));
	buf_clear(&b);
}

static struct fact *
records_verify_unknown(struct rv *rv, const char *name, enum fact_type t,
    const struct rv_q *q)
{
	struct fact	*f;

	if (q == NULL)
		f = facts_set_unknown(rv->fs, name, t, "%s",
		    _("no answer in time"));
	else
		f = facts_set_error(rv->fs, name, t, "%s: %s", q->name,
		    ares_strerror(q->status));
	records_verify_ev(f, q);
	return f;
}

/* The records among q's answers that start with prefix (case-less). */
static size_t
records_verify_pick(const struct rv_q *q, const char *prefix,
    const char **first)
{
	size_t	i, n = 0, len = strlen(prefix);

	*first = NULL;
	for (i = 0; q != NULL && i < q->nanswers; i++) {
		if (strncasecmp(q->answers[i], prefix, len) == 0 &&
		    (q->answers[i][len] == '\0' ||
		    q->answers[i][len] == ';' ||
		    q->answers[i][len] == ' ')) {
			if (n++ == 0)
				*first = q->answers[i];
		}
	}
	return n;
}

static void
records_verify_spf(struct rv *rv)
{
	const struct records_verify_opts *o = rv->o;
	struct spf_result	 r;
	struct fact		*f;
	char			*cause = NULL;
	size_t			 i;

	if (spf_eval(rv->loop, o->domain, o->ipv4, o->ipv6, &r, &cause) ==
	    -1) {
		facts_set_error(rv->fs, "records.spf.verdict", FACT_STR, "%s",
		    cause);
		free(cause);
		return;
	}
	if (r.record != NULL) {
		f = facts_set_str(rv->fs, "records.spf.record", r.record);
		fact_evidence(f, r.server, "%s TXT (ttl %d)", o->domain,
		    r.ttl);
	} else
		facts_set_unknown(rv->fs, "records.spf.record", FACT_STR,
		    _("no v=spf1 record at %s"), o->domain);
	f = facts_set_str(rv->fs, "records.spf.verdict", r.verdict);
	if (r.why != NULL)
		fact_evidence(f, "spf", "%s", r.why);
	for (i = 0; i < r.ntrace; i++)
		fact_evidence(f, "dns", "%s", r.trace[i]);
	f = facts_set_int(rv->fs, "records.spf.lookups", r.lookups);
	if (r.over_by != NULL)
		fact_evidence(f, "spf", _("over the limit at %s"), r.over_by);
	f = facts_set_int(rv->fs, "records.spf.voids", r.voids);
	if (r.void_by != NULL)
		fact_evidence(f, "spf", _("over the limit at %s"), r.void_by);
	if (r.has4)
		facts_set_str(rv->fs, "records.spf.ipv4",
		    spf_res_name(r.res4));
	if (r.has6)
		facts_set_str(rv->fs, "records.spf.ipv6",
		    spf_res_name(r.res6));
	for (i = 0; i < r.findings.n; i++)
		spf_findings_add(rv->out, r.findings.v[i].id,
		    r.findings.v[i].sev, r.findings.v[i].fix, "%s",
		    r.findings.v[i].text);
	spf_result_clear(&r);
}

/* SPF-13: the HELO name should have its own record (null senders). */
static void
records_verify_helo(struct rv *rv, int phase)
{
	const struct rv_q	*q;
	struct fact		*f;
	const char		*txt;
	size_t			 n;

	if (rv->o->hostname == NULL ||
	    strcasecmp(rv->o->hostname, rv->o->domain) == 0)
		return;
	if (phase == 0) {
		records_verify_ask(rv, rv->o->hostname, ns_t_txt);
		return;
	}
	if (phase == 1)
		return;
	q = records_verify_get(rv, rv->o->hostname, ns_t_txt);
	if (q == NULL || (q->status != ARES_SUCCESS &&
	    !records_verify_void(q))) {
		records_verify_unknown(rv, "records.spf.helo", FACT_STR, q);
		return;
	}
	n = records_verify_pick(q, "v=spf1", &txt);
	if (n == 0) {
		f = facts_set_unknown(rv->fs, "records.spf.helo", FACT_STR,
		    _("no v=spf1 record at %s"), rv->o->hostname);
		records_verify_ev(f, q);
		spf_findings_add(rv->out, "SPF-13", SPF_SEV_LOW,
		    _("Publish \"v=spf1 a -all\" at the mail host name."),
		    _("the HELO name %s has no SPF record (bounces with an "
		    "empty sender are checked against it)"),
		    rv->o->hostname);
		return;
	}
	f = facts_set_str(rv->fs, "records.spf.helo", txt);
	records_verify_ev(f, q);
	if (n > 1)
		spf_findings_add(rv->out, "SPF-02", SPF_SEV_CRITICAL,
		    _("Merge them into one v=spf1 record."),
		    _("%s has %zu v=spf1 records (permerror)"),
		    rv->o->hostname, n);
}

static char *
records_verify_name(const char *a, const char *b)
{
	char	*s;

	xasprintf(&s, "%s.%s", a, b);
	return s;
}

static void
records_verify_dmarc_auth(struct rv *rv, const struct dmarc_record *r,
    int phase)
{
	const char		*d = rv->o->domain, *txt;
	const struct rv_q	*qa;
	struct fact		*fl;
	char			*rd, *an;
	char			**uris;
	size_t			 i, nu, k;

	/* External report destinations need <d>._report._dmarc.<rd>. */
	fl = NULL;
	for (k = 0; k < 2; k++) {
		uris = k == 0 ? r->rua : r->ruf;
		nu = k == 0 ? r->nrua : r->nruf;
		for (i = 0; i < nu; i++) {
			if ((rd = dmarc_uri_domain(uris[i])) == NULL)
				continue;
			if (!dmarc_external(d, rd)) {
				free(rd);
				continue;
			}
			xasprintf(&an, "%s._report._dmarc.%s", d, rd);
			if (phase == 1) {
				records_verify_ask(rv, an, ns_t_txt);
				goto next;
			}
			if (fl == NULL)
				fl = facts_set_list(rv->fs,
				    "records.dmarc.report_auth");
			qa = records_verify_get(rv, an, ns_t_txt);
			records_verify_ev(fl, qa);
			if (qa != NULL && records_verify_pick(qa, "v=DMARC1",
			    &txt) > 0) {
				fact_list_add(fl, rd);
				goto next;
			}
			spf_findings_add(rv->out, "DM-05", SPF_SEV_HIGH,
			    _("Ask the report receiver to publish TXT "
			    "\"v=DMARC1\" at that name, or use an address in "
			    "your own domain."), _("%s points to %s, but %s "
			    "has no v=DMARC1 record: reports are dropped"),
			    uris[i], rd, an);
next:
			free(an);
			free(rd);
		}
	}
}

#define RV_DMARC_WALK	8	/* RFC 9989 tree walk: at most 8 labels */

/*
 * The names the DNS tree walk of RFC 9989 looks at above d, closest
 * first: each parent domain, starting at the 7-label suffix when d has
 * more than 8 labels, down to the top-level domain.  Returns how many
 * were put in v (each points into d).
 */
static size_t
records_verify_walk(const char *d, const char **v, size_t max)
{
	const char	*p;
	size_t		 labels = 1, n = 0;

	for (p = d; *p != '\0'; p++)
		if (*p == '.')
			labels++;
	p = d;
	while (labels > 1 && n < max) {
		p = strchr(p, '.') + 1;
		labels--;
		if (labels >= RV_DMARC_WALK)
			continue;
		v[n++] = p;
	}
	return n;
}

/* Ask for every _dmarc name of the tree walk (in parallel). */
static void
records_verify_dmarc_ask_up(struct rv *rv)
{
	const char	*up[RV_DMARC_WALK];
	char		*name;
	size_t		 n, i;

	n = records_verify_walk(rv->o->domain, up, nitems(up));
	for (i = 0; i < n; i++) {
		name = records_verify_name("_dmarc", up[i]);
		records_verify_ask(rv, name, ns_t_txt);
		free(name);
	}
}

/*
 * No record at _dmarc.<d>: the first record up the tree applies
 * (its sp= to a subdomain, else its p=).  0 when one was found.
 */
static int
records_verify_dmarc_walk(struct rv *rv, const struct rv_q *own)
{
	const char		*up[RV_DMARC_WALK], *txt, *pol;
	const struct rv_q	*q;
	struct dmarc_record	 r;
	struct fact		*f;
	char			*name, *cause = NULL;
	size_t			 n, i;

	n = records_verify_walk(rv->o->domain, up, nitems(up));
	for (i = 0; i < n; i++) {
		name = records_verify_name("_dmarc", up[i]);
		q = records_verify_get(rv, name, ns_t_txt);
		if (q == NULL ||
		    records_verify_pick(q, "v=DMARC1", &txt) != 1 ||
		    dmarc_parse(txt, &r, &cause) == -1) {
			free(cause);
			cause = NULL;
			free(name);
			continue;
		}
		f = facts_set_str(rv->fs, "records.dmarc.record", txt);
		records_verify_ev(f, own);
		records_verify_ev(f, q);
		f = facts_set_str(rv->fs, "records.dmarc.source", name);
		fact_evidence(f, "dmarc", _("no record at _dmarc.%s; the DNS "
		    "tree walk (RFC 9989) found this one"), rv->o->domain);
		pol = r.sp != NULL ? r.sp : dmarc_grade(&r);
		f = facts_set_str(rv->fs, "records.dmarc.policy", pol);
		fact_evidence(f, name, _("%s applies to %s (np=%s for names "
		    "that do not exist)"), r.sp != NULL ? "sp" : "p",
		    rv->o->domain, r.np != NULL ? r.np : pol);
		spf_findings_add(rv->out, "DM-14", SPF_SEV_LOW,
		    _("Publish a record at _dmarc of this domain if it needs "
		    "its own policy or reports."),
		    _("%s has no DMARC record of its own: the record at %s "
		    "applies (policy %s)"), rv->o->domain, name, pol);
		dmarc_record_clear(&r);
		free(name);
		return 0;
	}
	return -1;
}

static void
records_verify_dmarc(struct rv *rv, int phase)
{
	const char		*d = rv->o->domain, *txt;
	struct dmarc_record	 r;
	const struct rv_q	*q;
	struct fact		*f;
	char			*name, *cause = NULL;
	size_t			 n;

	name = records_verify_name("_dmarc", d);
	if (phase == 0) {
		records_verify_ask(rv, name, ns_t_txt);
		free(name);
		records_verify_dmarc_ask_up(rv);
		return;
	}
	q = records_verify_get(rv, name, ns_t_txt);
	free(name);
	n = records_verify_pick(q, "v=DMARC1", &txt);
	if (phase == 1) {
		if (n == 1 && dmarc_parse(txt, &r, &cause) == 0) {
			records_verify_dmarc_auth(rv, &r, 1);
			dmarc_record_clear(&r);
		}
		free(cause);
		return;
	}
	if (q == NULL || (!records_verify_void(q) &&
	    q->status != ARES_SUCCESS)) {
		records_verify_unknown(rv, "records.dmarc.record", FACT_STR,
		    q);
		return;
	}
	if (n == 0) {
		if (records_verify_dmarc_walk(rv, q) == 0)
			return;
		f = facts_set_unknown(rv->fs, "records.dmarc.record",
		    FACT_STR, _("no v=DMARC1 record at _dmarc.%s"), d);
		records_verify_ev(f, q);
		spf_findings_add(rv->out, "DM-01", SPF_SEV_HIGH,
		    _("Publish \"v=DMARC1; p=none; rua=mailto:dmarc@<domain>\""
		    " at _dmarc (see `mailharden records generate`)."),
		    _("no DMARC record at _dmarc.%s nor at a parent domain "
		    "(RFC 9989 tree walk)"), d);
		return;
	}
	name = records_verify_name("_dmarc", d);
	f = facts_set_str(rv->fs, "records.dmarc.source", name);
	free(name);
	fact_evidence(f, "dmarc", _("the domain's own record"));
	f = facts_set_str(rv->fs, "records.dmarc.record", txt);
	records_verify_ev(f, q);
	if (n > 1) {
		spf_findings_add(rv->out, "DM-02", SPF_SEV_CRITICAL,
		    _("Keep exactly one v=DMARC1 record at _dmarc."),
		    _("_dmarc.%s has %zu DMARC records: receivers apply no "
		    "policy"), d, n);
		facts_set_str(rv->fs, "records.dmarc.policy", "invalid");
		return;
	}
	if (dmarc_parse(txt, &r, &cause) == -1) {
		spf_findings_add(rv->out, "DM-02", SPF_SEV_CRITICAL,
		    _("Correct the record's syntax."), _("_dmarc.%s: %s"), d,
		    cause);
		f = facts_set_str(rv->fs, "records.dmarc.policy", "invalid");
		fact_evidence(f, "dmarc", "%s", cause);
		free(cause);
		return;
	}
	f = facts_set_str(rv->fs, "records.dmarc.policy", dmarc_grade(&r));
	records_verify_ev(f, q);
	xasprintf(&name, "adkim=%c aspf=%c", r.adkim, r.aspf);
	facts_set_str(rv->fs, "records.dmarc.alignment", name);
	free(name);
	dmarc_check(&r, d, rv->out);

	records_verify_dmarc_auth(rv, &r, 2);
	dmarc_record_clear(&r);
}

static void
records_verify_dkim(struct rv *rv, int phase)
{
	const struct records_verify_opts *o = rv->o;
	const struct rv_q	*q;
	struct dkim_record	 dr;
	struct fact		*f;
	char			*name, *path, *key = NULL, *cause = NULL;
	const char		*txt;
	size_t			 len;
	int			 bits = 0, m;

	if (o->selector == NULL)
		return;
	xasprintf(&name, "%s._domainkey.%s", o->selector, o->domain);
	if (phase == 0) {
		records_verify_ask(rv, name, ns_t_txt);
		free(name);
		return;
	}
	if (phase == 1) {
		free(name);
		return;
	}
	q = records_verify_get(rv, name, ns_t_txt);
	free(name);
	if (q == NULL || q->nanswers == 0) {
		if (q != NULL && records_verify_void(q))
			spf_findings_add(rv->out, "DKIM-01", SPF_SEV_HIGH,
			    _("Publish the key record from `mailharden dkim "
			    "keygen` / `records generate`."), _("no DKIM key "
			    "record at %s._domainkey.%s"), o->selector,
			    o->domain);
		records_verify_unknown(rv, "records.dkim.record", FACT_STR, q);
		return;
	}
	if (records_verify_pick(q, "v=DKIM1", &txt) == 0)
		txt = q->answers[0];
	f = facts_set_str(rv->fs, "records.dkim.record", txt);
	records_verify_ev(f, q);
	if (dkim_record_parse(txt, &dr, &cause) == -1) {
		spf_findings_add(rv->out, "DKIM-02", SPF_SEV_HIGH,
		    _("Publish the record exactly as generated."),
		    _("%s._domainkey.%s: %s"), o->selector, o->domain, cause);
		free(cause);
		return;
	}
	if (dr.testing)
		spf_findings_add(rv->out, "DKIM-03", SPF_SEV_LOW,
		    _("Remove t=y once signing works."), _("%s._domainkey.%s:"
		    " t=y (testing): receivers treat signatures as "
		    "unsigned"), o->selector, o->domain);
	if (dr.revoked)
		spf_findings_add(rv->out, "DKIM-04", SPF_SEV_HIGH,
		    _("Publish the current key."), _("%s._domainkey.%s: the "
		    "key is revoked (empty p=)"), o->selector, o->domain);
	dkim_record_clear(&dr);

	path = o->dkim_key != NULL ? xstrdup(o->dkim_key) :
	    dkim_key_path(DKIM_DEFAULT_KEYDIR, o->domain, o->selector,
	    ".private");
	if (rootfs_read(NULL, path, DKIM_KEYFILE_CAP, &key, &len,
	    &cause) == -1) {
		facts_set_unknown(rv->fs, "records.dkim.match", FACT_BOOL,
		    _("%s: %s"), path, cause);
		free(cause);
		free(path);
		return;
	}
	m = dkim_key_matches(txt, key, len, &bits, &cause);
	if (m == -1)
		f = facts_set_error(rv->fs, "records.dkim.match", FACT_BOOL,
		    "%s", cause);
	else
		f = facts_set_bool(rv->fs, "records.dkim.match", m);
	fact_evidence(f, path, _("local key compared with %s._domainkey.%s"),
	    o->selector, o->domain);
	if (m == 0)
		spf_findings_add(rv->out, "DKIM-05", SPF_SEV_CRITICAL,
		    _("Publish the record for the local key (`mailharden "
		    "records generate`) or sign with the published key."),
		    _("the published key at %s._domainkey.%s is not the "
		    "local key %s: %s"), o->selector, o->domain, path,
		    cause != NULL ? cause : "");
	if (bits > 0) {
		facts_set_int(rv->fs, "records.dkim.bits", bits);
		if (bits < DKIM_MIN_BITS)
			spf_findings_add(rv->out, "DKIM-06",
			    SPF_SEV_CRITICAL, _("Generate a 2048-bit key."),
			    _("the published DKIM key has only %d bits"),
			    bits);
	}
	free(cause);
	free(key);
	free(path);
}

/* d.c.b.a.in-addr.arpa / nibbles.ip6.arpa */
static char *
records_verify_rev(const char *ip)
{
	unsigned char	 a[16];
	struct buf	 b;
	int		 i;

	buf_init(&b, 128);
	if (inet_pton(AF_INET, ip, a) == 1) {
		buf_printf(&b, "%u.%u.%u.%u.in-addr.arpa", a[3], a[2], a[1],
		    a[0]);
		return buf_steal(&b);
	}
	if (inet_pton(AF_INET6, ip, a) != 1) {
		buf_clear(&b);
		return NULL;
	}
	for (i = 15; i >= 0; i--)
		buf_printf(&b, "%x.%x.", a[i] & 0xf, a[i] >> 4);
	buf_adds(&b, "ip6.arpa");
	return buf_steal(&b);
}

static char *
records_verify_mxname(const char *ans)
{
	const char	*s = strchr(ans, ' ');
	char		*n = xstrdup(s != NULL ? s + 1 : ans);
	size_t		 len = strlen(n);

	if (len > 0 && n[len - 1] == '.')
		n[len - 1] = '\0';
	return n;
}

static int
records_verify_same_ip(const char *a, const char *b, int fam)
{
	unsigned char	x[16], y[16];

	return inet_pton(fam, a, x) == 1 && inet_pton(fam, b, y) == 1 &&
	    memcmp(x, y, fam == AF_INET ? 4 : 16) == 0;
}

static void
records_verify_fcrdns(struct rv *rv, const char *ip, int fam, int phase)
{
	const struct records_verify_opts *o = rv->o;
	const struct rv_q	*q, *qa, *qmx;
	struct fact		*f;
	const char		*fname = fam == AF_INET ?
				    "records.fcrdns.ipv4" :
				    "records.fcrdns.ipv6";
	char			*rev, *ptr = NULL;
	size_t			 i;
	int			 ok = 1, fwd = 0, mx = 0;

	if (ip == NULL || (rev = records_verify_rev(ip)) == NULL)
		return;
	if (phase == 0) {
		records_verify_ask(rv, rev, ns_t_ptr);
		if (o->hostname != NULL)
			records_verify_ask(rv, o->hostname,
			    fam == AF_INET ? ns_t_a : ns_t_aaaa);
		records_verify_ask(rv, o->domain, ns_t_mx);
		free(rev);
		return;
	}
	q = records_verify_get(rv, rev, ns_t_ptr);
	free(rev);
	if (q != NULL && q->nanswers > 0)
		ptr = records_verify_mxname(q->answers[0]);
	if (phase == 1) {
		if (ptr != NULL)
			records_verify_ask(rv, ptr, fam == AF_INET ? ns_t_a :
			    ns_t_aaaa);
		free(ptr);
		return;
	}
	if (q == NULL || (q->status != ARES_SUCCESS &&
	    !records_verify_void(q))) {
		records_verify_unknown(rv, fname, FACT_STR, q);
		return;
	}
	if (ptr == NULL) {
		f = facts_set_str(rv->fs, fname, "no PTR");
		fact_evidence(f, "link 1", _("PTR of %s"), ip);
		records_verify_ev(f, q);
		spf_findings_add(rv->out, "PTR-01", SPF_SEV_HIGH,
		    _("Ask the provider to set the PTR of this address to "
		    "the mail host name (see `mailharden records "
		    "generate`)."), _("%s has no PTR record"), ip);
		return;
	}
	f = facts_set_str(rv->fs, fname, "");
	fact_evidence(f, "link 1", _("PTR of %s = %s"), ip, ptr);
	records_verify_ev(f, q);
	if (q->nanswers > 1) {
		ok = 0;
		spf_findings_add(rv->out, "PTR-07", SPF_SEV_MEDIUM,
		    _("Keep one PTR per address."), _("%s has %zu PTR "
		    "records"), ip, q->nanswers);
	}
	if (o->hostname != NULL) {
		fact_evidence(f, "link 2", _("PTR name %s %s host name %s"),
		    ptr, strcasecmp(ptr, o->hostname) == 0 ? "=" : "!=",
		    o->hostname);
		if (strcasecmp(ptr, o->hostname) != 0) {
			ok = 0;
			spf_findings_add(rv->out, "PTR-02", SPF_SEV_HIGH,
			    _("Set the PTR to the mail host name (in the "
			    "provider's console)."), _("the PTR of %s is %s, "
			    "not the mail host name %s"), ip, ptr,
			    o->hostname);
		}
	}
	qa = records_verify_get(rv, ptr, fam == AF_INET ? ns_t_a :
	    ns_t_aaaa);
	for (i = 0; qa != NULL && i < qa->nanswers; i++)
		if (records_verify_same_ip(qa->answers[i], ip, fam))
			fwd = 1;
	fact_evidence(f, "link 3", _("%s of %s %s %s"), fam == AF_INET ?
	    "A" : "AAAA", ptr, fwd ? _("contains") : _("lacks"), ip);
	records_verify_ev(f, qa);
	if (!fwd) {
		ok = 0;
		spf_findings_add(rv->out, "PTR-03", SPF_SEV_HIGH,
		    _("Publish an A/AAAA record for the PTR name pointing to "
		    "this address."), _("%s -> %s does not resolve back to "
		    "%s (not forward-confirmed)"), ip, ptr, ip);
	}
	if (o->ehlo != NULL) {
		fact_evidence(f, "link 4", _("EHLO name %s %s %s"), o->ehlo,
		    strcasecmp(o->ehlo, ptr) == 0 ? "=" : "!=", ptr);
		if (strcasecmp(o->ehlo, ptr) != 0) {
			ok = 0;
			spf_findings_add(rv->out, "PTR-04", SPF_SEV_MEDIUM,
			    _("Set the MTA's HELO name (Postfix "
			    "smtp_helo_name/myhostname) to the PTR name."),
			    _("EHLO name %s differs from the PTR name %s"),
			    o->ehlo, ptr);
		}
	}
	if (o->cert_name != NULL) {
		fact_evidence(f, "link 5", _("certificate name %s %s %s"),
		    o->cert_name, strcasecmp(o->cert_name, ptr) == 0 ?
		    "=" : "!=", ptr);
		if (strcasecmp(o->cert_name, ptr) != 0) {
			ok = 0;
			spf_findings_add(rv->out, "PTR-05", SPF_SEV_LOW,
			    _("Get a certificate for the mail host name."),
			    _("certificate name %s differs from %s"),
			    o->cert_name, ptr);
		}
	}
	qmx = records_verify_get(rv, o->domain, ns_t_mx);
	if (qmx != NULL && qmx->nanswers > 0) {
		for (i = 0; i < qmx->nanswers; i++) {
			char	*n = records_verify_mxname(qmx->answers[i]);

			if (strcasecmp(n, ptr) == 0)
				mx = 1;
			free(n);
		}
		fact_evidence(f, "link 6", _("MX of %s %s %s"), o->domain,
		    mx ? _("includes") : _("does not include"), ptr);
		records_verify_ev(f, qmx);
		if (!mx)
			spf_findings_add(rv->out, "PTR-06", SPF_SEV_LOW,
			    _("Point the MX at the mail host name when this "
			    "server receives mail."), _("the MX of %s does "
			    "not name %s"), o->domain, ptr);
	}
	free(f->s);
	f->s = xstrdup(ok ? "ok" : "broken");
	free(ptr);
}

/* TLS-RPT: v=TLSRPTv1; rua=mailto:...,https://... */
static void
records_verify_tlsrpt(struct rv *rv, int phase)
{
	const struct rv_q	*q;
	struct fact		*f;
	const char		*txt;
	char			*name, *copy, *p, *tag, *u;
	size_t			 n;
	int			 rua = 0, bad = 0;

	name = records_verify_name("_smtp._tls", rv->o->domain);
	if (phase == 0) {
		records_verify_ask(rv, name, ns_t_txt);
		free(name);
		return;
	}
	if (phase == 1) {
		free(name);
		return;
	}
	q = records_verify_get(rv, name, ns_t_txt);
	free(name);
	if (q == NULL || (q->status != ARES_SUCCESS &&
	    !records_verify_void(q))) {
		records_verify_unknown(rv, "records.tlsrpt", FACT_STR, q);
		return;
	}
	n = records_verify_pick(q, "v=TLSRPTv1", &txt);
	if (n == 0) {
		f = facts_set_unknown(rv->fs, "records.tlsrpt", FACT_STR,
		    _("no v=TLSRPTv1 record"));
		records_verify_ev(f, q);
		spf_findings_add(rv->out, "TLSRPT-01", SPF_SEV_LOW,
		    _("Publish \"v=TLSRPTv1; rua=mailto:tlsrpt@<domain>\" at "
		    "_smtp._tls."), _("no TLS-RPT record at _smtp._tls.%s"),
		    rv->o->domain);
		return;
	}
	f = facts_set_str(rv->fs, "records.tlsrpt", txt);
	records_verify_ev(f, q);
	copy = xstrdup(txt);
	p = copy;
	while ((tag = strsep(&p, ";")) != NULL) {
		while (*tag == ' ')
			tag++;
		if (strncmp(tag, "rua=", 4) != 0)
			continue;
		rua = 1;
		tag += 4;
		while ((u = strsep(&tag, ",")) != NULL) {
			while (*u == ' ')
				u++;
			if (strncasecmp(u, "mailto:", 7) != 0 &&
			    strncasecmp(u, "https://", 8) != 0)
				bad = 1;
			else if (strncasecmp(u, "mailto:", 7) == 0 &&
			    strchr(u, '@') == NULL)
				bad = 1;
		}
	}
	free(copy);
	if (n > 1 || !rua || bad)
		spf_findings_add(rv->out, "TLSRPT-02", SPF_SEV_MEDIUM,
		    _("Publish exactly one \"v=TLSRPTv1; rua=mailto:...\" "
		    "record."), _("_smtp._tls.%s: %s"), rv->o->domain,
		    n > 1 ? _("more than one record") : !rua ?
		    _("no rua=") : _("a rua URI is neither mailto: nor "
		    "https:"));
}

static size_t
records_verify_sts_write(char *ptr, size_t size, size_t n, void *arg)
{
	struct rv	*rv = arg;

	if (rv->sts_body.len + size * n > RV_STS_CAP)
		return 0;
	buf_add(&rv->sts_body, ptr, size * n);
	return size * n;
}

static void
records_verify_sts_cb(struct probe_loop *l, void *easy, int code,
    long ms, void *arg)
{
	struct rv	*rv = arg;
	char		*ct = NULL;

	(void)l;
	(void)ms;
	rv->sts_done = 1;
	rv->sts_code = code;
	curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &rv->sts_http);
	curl_easy_getinfo(easy, CURLINFO_CONTENT_TYPE, &ct);
	if (ct != NULL)
		rv->sts_ctype = xstrdup(ct);
	if (code != CURLE_OK)
		rv->sts_err = xstrdup(curl_easy_strerror(code));
	curl_easy_cleanup(easy);
}

/* A loopback "HOST:PORT" for the tests' connect-to; else NULL. */
static int
records_verify_loopback(const char *s)
{
	return strncmp(s, "127.", 4) == 0 || strncmp(s, "[::1]:", 6) == 0;
}

static void
records_verify_sts_fetch(struct rv *rv)
{
	const struct records_verify_opts *o = rv->o;
	struct curl_slist	*ct = NULL;
	const struct rv_q	*qa;
	CURL			*e;
	char			*url, *map;

	if ((e = curl_easy_init()) == NULL)
		return;
	xasprintf(&url, "https://mta-sts.%s/.well-known/mta-sts.txt",
	    o->domain);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, records_verify_sts_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, rv);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE, (long)RV_STS_CAP);
	if (o->sts_cafile != NULL)
		curl_easy_setopt(e, CURLOPT_CAINFO, o->sts_cafile);
	if (o->sts_connect != NULL && records_verify_loopback(o->sts_connect)) {
		xasprintf(&map, "mta-sts.%s:443:%s", o->domain,
		    o->sts_connect);
		ct = curl_slist_append(NULL, map);
		free(map);
		curl_easy_setopt(e, CURLOPT_CONNECT_TO, ct);
	} else {
		/* The address comes from our resolver, not curl's. */
		xasprintf(&map, "mta-sts.%s", o->domain);
		qa = records_verify_get(rv, map, ns_t_a);
		free(map);
		if (qa == NULL || qa->nanswers == 0) {
			xasprintf(&rv->sts_err, _("mta-sts.%s has no address "
			    "record"), o->domain);
			rv->sts_done = 1;
			curl_easy_cleanup(e);
			free(url);
			return;
		}
		xasprintf(&map, "mta-sts.%s:443:%s", o->domain,
		    qa->answers[0]);
		ct = curl_slist_append(NULL, map);
		free(map);
		curl_easy_setopt(e, CURLOPT_RESOLVE, ct);
	}
	rv->sts_connect = ct;
	free(url);
	buf_init(&rv->sts_body, RV_STS_CAP);
	if (probe_curl(rv->loop, e, 10000, records_verify_sts_cb, rv) == -1)
		rv->sts_done = 1;
}

/* Does MX host name match a policy pattern ("*.example.net" too)? */
static int
records_verify_sts_match(const char *pat, const char *host)
{
	const char	*dot;

	if (strncmp(pat, "*.", 2) == 0) {
		dot = strchr(host, '.');
		return dot != NULL && dot != host &&
		    strcasecmp(dot + 1, pat + 2) == 0;
	}
	return strcasecmp(pat, host) == 0;
}

static void
records_verify_sts_policy(struct rv *rv, struct fact *f)
{
	const struct rv_q	*qmx;
	char			*copy, *p, *line, *v, *mode = NULL;
	char			*pats[32], *n;
	size_t			 npat = 0, i, j;
	long			 age = -1;
	int			 first = 1, version = 0, hit;

	copy = xstrdup(buf_str(&rv->sts_body));
	p = copy;
	while ((line = strsep(&p, "\n")) != NULL) {
		if ((v = strchr(line, '\r')) != NULL)
			*v = '\0';
		if (*line == '\0')
			continue;
		if ((v = strchr(line, ':')) == NULL)
			continue;
		*v++ = '\0';
		while (*v == ' ' || *v == '\t')
			v++;
		if (strcmp(line, "version") == 0)
			version = first && strcmp(v, "STSv1") == 0;
		else if (strcmp(line, "mode") == 0)
			mode = v;
		else if (strcmp(line, "max_age") == 0)
			age = strtol(v, NULL, 10);
		else if (strcmp(line, "mx") == 0 && npat < nitems(pats))
			pats[npat++] = v;
		first = 0;
	}
	fact_evidence(f, "https", "mode %s, %zu mx pattern(s), max_age %ld",
	    mode != NULL ? mode : "?", npat, age);
	if (!version)
		spf_findings_add(rv->out, "STS-02", SPF_SEV_HIGH,
		    _("Start the policy with \"version: STSv1\"."),
		    _("MTA-STS policy of %s: version is not STSv1 on the "
		    "first line"), rv->o->domain);
	if (mode == NULL || (strcmp(mode, "enforce") != 0 &&
	    strcmp(mode, "testing") != 0 && strcmp(mode, "none") != 0))
		spf_findings_add(rv->out, "STS-02", SPF_SEV_HIGH,
		    _("Set mode: testing (then enforce)."),
		    _("MTA-STS policy of %s: mode missing or not "
		    "enforce/testing/none"), rv->o->domain);
	else {
		free(f->s);
		f->s = xstrdup(mode);
	}
	if (age < 0 || age > RV_STS_MAX_AGE)
		spf_findings_add(rv->out, "STS-05", SPF_SEV_MEDIUM,
		    _("Set max_age between 86400 and 31557600."),
		    _("MTA-STS policy of %s: max_age missing or over "
		    "31557600"), rv->o->domain);
	else if (mode != NULL && strcmp(mode, "enforce") == 0 &&
	    age < 86400)
		spf_findings_add(rv->out, "STS-05", SPF_SEV_LOW,
		    _("Use max_age of at least 86400 in enforce mode."),
		    _("MTA-STS policy of %s: max_age %ld is short"),
		    rv->o->domain, age);
	qmx = records_verify_get(rv, rv->o->domain, ns_t_mx);
	for (i = 0; qmx != NULL && i < qmx->nanswers; i++) {
		n = records_verify_mxname(qmx->answers[i]);
		for (hit = 0, j = 0; j < npat; j++)
			if (records_verify_sts_match(pats[j], n))
				hit = 1;
		if (!hit)
			spf_findings_add(rv->out, "STS-03", SPF_SEV_HIGH,
			    _("Add an \"mx:\" line for every MX host."),
			    _("MTA-STS policy of %s: the MX %s matches no "
			    "mx: pattern"), rv->o->domain, n);
		free(n);
	}
	free(copy);
}

static void
records_verify_sts(struct rv *rv, int phase)
{
	const struct rv_q	*q;
	struct fact		*f;
	const char		*txt, *id;
	char			*name;
	size_t			 n, k;

	name = records_verify_name("_mta-sts", rv->o->domain);
	if (phase == 0) {
		records_verify_ask(rv, name, ns_t_txt);
		records_verify_ask(rv, rv->o->domain, ns_t_mx);
		free(name);
		xasprintf(&name, "mta-sts.%s", rv->o->domain);
		records_verify_ask(rv, name, ns_t_a);
		free(name);
		return;
	}
	q = records_verify_get(rv, name, ns_t_txt);
	free(name);
	n = records_verify_pick(q, "v=STSv1", &txt);
	if (phase == 1) {
		if (n == 1)
			records_verify_sts_fetch(rv);
		return;
	}
	if (q == NULL || (q->status != ARES_SUCCESS &&
	    !records_verify_void(q))) {
		records_verify_unknown(rv, "records.mta_sts", FACT_STR, q);
		return;
	}
	if (n == 0) {
		f = facts_set_unknown(rv->fs, "records.mta_sts", FACT_STR,
		    _("no v=STSv1 record"));
		records_verify_ev(f, q);
		spf_findings_add(rv->out, "STS-00", SPF_SEV_INFO,
		    _("Publish MTA-STS (mode testing first) with TLS-RPT."),
		    _("no MTA-STS record at _mta-sts.%s"), rv->o->domain);
		return;
	}
	f = facts_set_str(rv->fs, "records.mta_sts", _("no policy"));
	records_verify_ev(f, q);
	id = strstr(txt, "id=");
	k = id != NULL ? strspn(id + 3, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") : 0;
	if (n > 1 || id == NULL || k == 0 || k > 32 ||
	    (id[3 + k] != '\0' && id[3 + k] != ';' && id[3 + k] != ' '))
		spf_findings_add(rv->out, "STS-01", SPF_SEV_HIGH,
		    _("Publish one \"v=STSv1; id=<1-32 letters or digits>\" "
		    "record."), _("_mta-sts.%s: %s"), rv->o->domain,
		    n > 1 ? _("more than one v=STSv1 record") :
		    _("id= missing or not 1-32 letters and digits"));
	if (!rv->sts_done || rv->sts_err != NULL || rv->sts_http != 200) {
		fact_evidence(f, "https", "mta-sts.%s: %s (HTTP %ld)",
		    rv->o->domain, rv->sts_err != NULL ? rv->sts_err :
		    _("no answer"), rv->sts_http);
		spf_findings_add(rv->out, "STS-02", SPF_SEV_HIGH,
		    _("Serve the policy over HTTPS with a valid certificate "
		    "for mta-sts.<domain>, HTTP 200, no redirect."),
		    _("the MTA-STS policy of %s could not be fetched: %s "
		    "(HTTP %ld)"), rv->o->domain, rv->sts_err != NULL ?
		    rv->sts_err : _("no answer"), rv->sts_http);
		return;
	}
	fact_evidence(f, "https", "https://mta-sts.%s/.well-known/"
	    "mta-sts.txt: HTTP %ld, %s", rv->o->domain, rv->sts_http,
	    rv->sts_ctype != NULL ? rv->sts_ctype : "?");
	if (rv->sts_ctype == NULL ||
	    strncasecmp(rv->sts_ctype, "text/plain", 10) != 0)
		spf_findings_add(rv->out, "STS-02", SPF_SEV_MEDIUM,
		    _("Serve the policy as text/plain."),
		    _("the MTA-STS policy of %s is served as %s"),
		    rv->o->domain, rv->sts_ctype != NULL ? rv->sts_ctype :
		    "?");
	records_verify_sts_policy(rv, f);
}

int
records_verify(const struct records_verify_opts *o, struct facts *fs,
    struct spf_findings *out, char **cause)
{
	struct probe_opts	 po;
	struct rv		 rv;
	size_t			 i, j;
	int			 phase;

	memset(&rv, 0, sizeof rv);
	rv.o = o;
	rv.fs = fs;
	rv.out = out;
	memset(&po, 0, sizeof po);
	po.dns_server = o->dns_server;
	po.run_deadline_ms = o->timeout_ms > 0 ? o->timeout_ms :
	    RV_DEFAULT_TIMEOUT_MS;
	if ((rv.loop = probe_loop_create(&po, cause)) == NULL)
		return -1;

	for (phase = 0; phase < 3; phase++) {
		records_verify_dmarc(&rv, phase);
		records_verify_dkim(&rv, phase);
		records_verify_fcrdns(&rv, o->ipv4, AF_INET, phase);
		records_verify_fcrdns(&rv, o->ipv6, AF_INET6, phase);
		records_verify_tlsrpt(&rv, phase);
		records_verify_sts(&rv, phase);
		records_verify_helo(&rv, phase);
		if (phase == 0)
			records_verify_spf(&rv);
		if (phase < 2)
			probe_loop_run(rv.loop, -1);
	}

	probe_loop_free(rv.loop);
	for (i = 0; i < rv.nq; i++) {
		free(rv.q[i].name);
		free(rv.q[i].server);
		for (j = 0; j < rv.q[i].nanswers; j++)
			free(rv.q[i].answers[j]);
		free(rv.q[i].answers);
	}
	if (rv.sts_body.data != NULL)
		buf_clear(&rv.sts_body);
	free(rv.sts_ctype);
	free(rv.sts_err);
	curl_slist_free_all(rv.sts_connect);
	return 0;
}
