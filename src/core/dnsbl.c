/*
 * dnsbl.c - DNS blocklists: load data/dnsbl.conf (libconfig, file:line
 * errors), build RFC 5782 query names, decode answers into listed /
 * clean / unknown (error codes such as 127.255.255.254 are never
 * "listed"), and run the queries on the probe loop, fetching the TXT
 * reason for real listings.
 */
#include "mh.h"

#include <sys/types.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netinet/in.h>

#include <ares.h>
#include <ctype.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dnsbl.h"
#include "fact.h"
#include "probe.h"
#include "rootfs.h"

struct dnsbl_ld {
	const char	*file;
	char		**cause;
};

/* One query in flight (A, then TXT for listings). */
struct dnsbl_q {
	const struct dnsbl	*bl;
	const struct dnsbl_zone	*z;
	struct facts		*fs;
	char			*fact;
	char			*qname;
	char			*subject;
	char			*answer;	/* the A answer as text */
	char			*reason;
};

static const char *const dnsbl_zone_keys[] = {
	"zone", "name", "kind", "ipv6", "info", "listed", "errors", NULL
};

/* Set *cause to "file:line: message" (line <= 0: "file: message"). */
#define dnsbl_err(ld, line, ...) \
	mh_errat((ld)->cause, (ld)->file, (line), __VA_ARGS__)

const char *
dnsbl_verdict_name(enum dnsbl_verdict v)
{
	switch (v) {
	case DNSBL_CLEAN:
		return "clean";
	case DNSBL_LISTED:
		return "listed";
	default:
		return "unknown";
	}
}

static void
dnsbl_codes_free(struct dnsbl_code *c, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(c[i].code);
		free(c[i].meaning);
	}
	free(c);
}

void
dnsbl_free(struct dnsbl *bl)
{
	size_t	i;

	for (i = 0; i < bl->n; i++) {
		free(bl->v[i].zone);
		free(bl->v[i].name);
		free(bl->v[i].info);
		dnsbl_codes_free(bl->v[i].codes, bl->v[i].ncodes);
		dnsbl_codes_free(bl->v[i].errors, bl->v[i].nerrors);
	}
	free(bl->v);
	dnsbl_codes_free(bl->errors, bl->nerrors);
	memset(bl, 0, sizeof *bl);
}

static int
dnsbl_line(const config_setting_t *s)
{
	return (int)config_setting_source_line(s);
}

static int
dnsbl_get_str(struct dnsbl_ld *ld, const config_setting_t *g,
    const char *key, int required, char **out)
{
	config_setting_t	*m;
	const char		*s;

	*out = NULL;
	if ((m = config_setting_get_member(g, key)) == NULL) {
		if (!required)
			return 0;
		return dnsbl_err(ld, dnsbl_line(g), _("missing '%s'"), key);
	}
	if (config_setting_type(m) != CONFIG_TYPE_STRING ||
	    (s = config_setting_get_string(m)) == NULL || *s == '\0')
		return dnsbl_err(ld, dnsbl_line(m),
		    _("'%s' must be a non-empty string"), key);
	*out = xstrdup(s);
	return 0;
}

/* A list of { code = "127.0.0.2"; meaning = "..."; } groups. */
static int
dnsbl_get_codes(struct dnsbl_ld *ld, const config_setting_t *g,
    const char *key, struct dnsbl_code **out, size_t *nout)
{
	config_setting_t	*l, *e;
	struct in_addr		 a;
	int			 i, n;
	char			*code, *meaning;

	*out = NULL;
	*nout = 0;
	if ((l = config_setting_get_member(g, key)) == NULL)
		return 0;
	if (!config_setting_is_list(l))
		return dnsbl_err(ld, dnsbl_line(l),
		    _("'%s' must be a list ( ... )"), key);
	n = config_setting_length(l);
	if (n > DNSBL_MAX_CODES)
		return dnsbl_err(ld, dnsbl_line(l), _("'%s': too many codes"),
		    key);
	for (i = 0; i < n; i++) {
		e = config_setting_get_elem(l, (unsigned)i);
		if (!config_setting_is_group(e))
			return dnsbl_err(ld, dnsbl_line(e),
			    _("'%s': each entry is { code = ...; meaning = "
			    "...; }"), key);
		if (dnsbl_get_str(ld, e, "code", 1, &code) == -1)
			return -1;
		if (inet_pton(AF_INET, code, &a) != 1 ||
		    (ntohl(a.s_addr) >> 24) != 127) {
			free(code);
			return dnsbl_err(ld, dnsbl_line(e),
			    _("'%s': code must be an address in 127.0.0.0/8"),
			    key);
		}
		if (dnsbl_get_str(ld, e, "meaning", 1, &meaning) == -1) {
			free(code);
			return -1;
		}
		*out = xreallocarray(*out, *nout + 1, sizeof **out);
		(*out)[*nout].code = code;
		(*out)[(*nout)++].meaning = meaning;
	}
	return 0;
}

static int
dnsbl_zone_syntax(const char *z)
{
	size_t	i, lab = 0;

	if (strlen(z) > 200 || *z == '.' || *z == '\0')
		return -1;
	for (i = 0; z[i] != '\0'; i++) {
		if (z[i] == '.') {
			if (lab == 0)
				return -1;
			lab = 0;
		} else if (isalnum((unsigned char)z[i]) || z[i] == '-' ||
		    z[i] == '_') {
			if (++lab > 63)
				return -1;
		} else
			return -1;
	}
	return lab == 0 ? -1 : 0;
}

static int
dnsbl_load_zone(struct dnsbl_ld *ld, const config_setting_t *g,
    struct dnsbl *bl)
{
	struct dnsbl_zone	 z;
	config_setting_t	*m;
	const char		*name;
	char			*kind = NULL;
	int			 i, k, b;
	size_t			 j;

	memset(&z, 0, sizeof z);
	z.line = dnsbl_line(g);
	if (!config_setting_is_group(g))
		return dnsbl_err(ld, z.line, _("each zone is a group { ... }"));
	for (i = 0; i < config_setting_length(g); i++) {
		m = config_setting_get_elem(g, (unsigned)i);
		name = config_setting_name(m);
		for (k = 0; dnsbl_zone_keys[k] != NULL; k++)
			if (name != NULL && strcmp(name, dnsbl_zone_keys[k]) ==
			    0)
				break;
		if (dnsbl_zone_keys[k] == NULL)
			return dnsbl_err(ld, dnsbl_line(m),
			    _("unknown setting '%s'"), name ? name : "");
	}
	if (dnsbl_get_str(ld, g, "zone", 1, &z.zone) == -1)
		goto fail;
	if (dnsbl_zone_syntax(z.zone) == -1) {
		dnsbl_err(ld, z.line, _("bad zone name '%s'"), z.zone);
		goto fail;
	}
	for (j = 0; j < bl->n; j++)
		if (strcasecmp(bl->v[j].zone, z.zone) == 0) {
			dnsbl_err(ld, z.line, _("zone '%s' listed twice "
			    "(line %d)"), z.zone, bl->v[j].line);
			goto fail;
		}
	if (dnsbl_get_str(ld, g, "name", 1, &z.name) == -1 ||
	    dnsbl_get_str(ld, g, "info", 0, &z.info) == -1 ||
	    dnsbl_get_str(ld, g, "kind", 1, &kind) == -1)
		goto fail;
	if (strcmp(kind, "ip") == 0)
		z.kind = DNSBL_KIND_IP;
	else if (strcmp(kind, "domain") == 0)
		z.kind = DNSBL_KIND_DOMAIN;
	else {
		dnsbl_err(ld, z.line, _("kind must be \"ip\" or \"domain\""));
		goto fail;
	}
	if ((m = config_setting_get_member(g, "ipv6")) != NULL) {
		if (config_setting_type(m) != CONFIG_TYPE_BOOL) {
			dnsbl_err(ld, dnsbl_line(m), _("ipv6 must be true or "
			    "false"));
			goto fail;
		}
		b = config_setting_get_bool(m);
		z.ipv6 = b && z.kind == DNSBL_KIND_IP;
	}
	if (dnsbl_get_codes(ld, g, "listed", &z.codes, &z.ncodes) == -1 ||
	    dnsbl_get_codes(ld, g, "errors", &z.errors, &z.nerrors) == -1)
		goto fail;
	if (z.ncodes == 0) {
		dnsbl_err(ld, z.line, _("zone '%s' has no 'listed' codes"),
		    z.zone);
		goto fail;
	}
	free(kind);
	bl->v = xreallocarray(bl->v, bl->n + 1, sizeof *bl->v);
	bl->v[bl->n++] = z;
	return 0;
fail:
	free(kind);
	free(z.zone);
	free(z.name);
	free(z.info);
	dnsbl_codes_free(z.codes, z.ncodes);
	dnsbl_codes_free(z.errors, z.nerrors);
	return -1;
}

static int
dnsbl_load_config(config_t *cf, const char *file, struct dnsbl *bl,
    char **cause)
{
	struct dnsbl_ld		 ld = { file, cause };
	config_setting_t	*root, *zones, *m;
	const char		*name;
	int			 i, n;

	root = config_root_setting(cf);
	for (i = 0; i < config_setting_length(root); i++) {
		m = config_setting_get_elem(root, (unsigned)i);
		name = config_setting_name(m);
		if (name == NULL || (strcmp(name, "zones") != 0 &&
		    strcmp(name, "errors") != 0))
			return dnsbl_err(&ld, dnsbl_line(m),
			    _("unknown setting '%s'"), name ? name : "");
	}
	if (dnsbl_get_codes(&ld, root, "errors", &bl->errors,
	    &bl->nerrors) == -1)
		return -1;
	if ((zones = config_setting_get_member(root, "zones")) == NULL ||
	    !config_setting_is_list(zones))
		return dnsbl_err(&ld, 0, _("missing 'zones = ( ... );'"));
	n = config_setting_length(zones);
	if (n > DNSBL_MAX_ZONES)
		return dnsbl_err(&ld, dnsbl_line(zones), _("too many zones"));
	for (i = 0; i < n; i++)
		if (dnsbl_load_zone(&ld, config_setting_get_elem(zones,
		    (unsigned)i), bl) == -1)
			return -1;
	return 0;
}

int
dnsbl_load_string(const char *text, const char *name, struct dnsbl *bl,
    char **cause)
{
	config_t		cf;
	struct dnsbl_ld		ld = { name, cause };
	int			rc = -1;

	memset(bl, 0, sizeof *bl);
	config_init(&cf);
	if (!config_read_string(&cf, text)) {
		dnsbl_err(&ld, config_error_line(&cf), "%s",
		    config_error_text(&cf) != NULL ? config_error_text(&cf) :
		    "parse error");
		goto out;
	}
	rc = dnsbl_load_config(&cf, name, bl, cause);
out:
	config_destroy(&cf);
	if (rc == -1)
		dnsbl_free(bl);
	return rc;
}

int
dnsbl_load(const char *path, struct dnsbl *bl, char **cause)
{
	char	*text = NULL, *why = NULL;
	int	 rc;

	memset(bl, 0, sizeof *bl);
	if (rootfs_read(NULL, path, MH_FILE_CAP, &text, NULL, &why) == -1) {
		*cause = why;	/* it names the path */
		return -1;
	}
	rc = dnsbl_load_string(text, path, bl, cause);
	free(text);
	return rc;
}

int
dnsbl_query_name(const struct dnsbl_zone *z, const char *subject,
    char **out, char **cause)
{
	unsigned char	 a[16];
	struct buf	 b;
	int		 i;
	char		*d;
	size_t		 len;

	*out = NULL;
	if (z->kind == DNSBL_KIND_DOMAIN) {
		if (inet_pton(AF_INET, subject, a) == 1 ||
		    strchr(subject, ':') != NULL) {
			xasprintf(cause, _("%s lists domains, not addresses"),
			    z->zone);
			return -1;
		}
		d = xstrdup(subject);
		len = strlen(d);
		if (len > 0 && d[len - 1] == '.')
			d[--len] = '\0';
		if (dnsbl_zone_syntax(d) == -1 || len + strlen(z->zone) >
		    250) {
			xasprintf(cause, _("'%s' is not a domain name"),
			    subject);
			free(d);
			return -1;
		}
		for (i = 0; d[i] != '\0'; i++)
			d[i] = (char)tolower((unsigned char)d[i]);
		xasprintf(out, "%s.%s", d, z->zone);
		free(d);
		return 0;
	}
	if (inet_pton(AF_INET, subject, a) == 1) {
		xasprintf(out, "%u.%u.%u.%u.%s", a[3], a[2], a[1], a[0],
		    z->zone);
		return 0;
	}
	if (inet_pton(AF_INET6, subject, a) == 1) {
		if (!z->ipv6) {
			xasprintf(cause, _("%s does not list IPv6 addresses"),
			    z->zone);
			return -1;
		}
		buf_init(&b, 0);
		for (i = 15; i >= 0; i--)
			buf_printf(&b, "%x.%x.", a[i] & 0xf, a[i] >> 4);
		buf_adds(&b, z->zone);
		*out = buf_steal(&b);
		return 0;
	}
	xasprintf(cause, _("'%s' is not an IP address"), subject);
	return -1;
}

static const struct dnsbl_code *
dnsbl_find_code(const struct dnsbl_code *c, size_t n, const char *a)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(c[i].code, a) == 0)
			return &c[i];
	return NULL;
}

enum dnsbl_verdict
dnsbl_decode(const struct dnsbl *bl, const struct dnsbl_zone *z, int status,
    int timed_out, char *const *answers, size_t nanswers, char **reason)
{
	const struct dnsbl_code	*c;
	struct in_addr		 a;
	struct buf		 b;
	size_t			 i, nlisted = 0;
	uint32_t		 h;

	*reason = NULL;
	if (timed_out || status == ARES_ETIMEOUT) {
		xasprintf(reason, _("no answer from the resolver (timeout)"));
		return DNSBL_UNKNOWN;
	}
	if (status == ARES_ENOTFOUND) {
		xasprintf(reason, _("not listed (NXDOMAIN)"));
		return DNSBL_CLEAN;
	}
	if (status == ARES_ENODATA) {
		xasprintf(reason, _("not listed (no A record)"));
		return DNSBL_CLEAN;
	}
	if (status == ARES_EREFUSED) {
		xasprintf(reason, _("the resolver refused the query"));
		return DNSBL_UNKNOWN;
	}
	if (status != ARES_SUCCESS) {
		xasprintf(reason, _("DNS error: %s"), ares_strerror(status));
		return DNSBL_UNKNOWN;
	}
	if (nanswers == 0) {
		xasprintf(reason, _("not listed (no A record)"));
		return DNSBL_CLEAN;
	}
	/* Any error code wins over listed codes: never "listed" then. */
	for (i = 0; i < nanswers; i++) {
		if (inet_pton(AF_INET, answers[i], &a) != 1) {
			xasprintf(reason, _("unexpected answer '%.64s'"),
			    answers[i]);
			return DNSBL_UNKNOWN;
		}
		h = ntohl(a.s_addr);
		if ((c = dnsbl_find_code(z->errors, z->nerrors,
		    answers[i])) != NULL ||
		    (c = dnsbl_find_code(bl->errors, bl->nerrors,
		    answers[i])) != NULL) {
			xasprintf(reason, _("error code %s: %s"), answers[i],
			    c->meaning);
			return DNSBL_UNKNOWN;
		}
		if ((h >> 8) == 0x7fffff) {
			xasprintf(reason, _("error code %s (127.255.255.0/24 "
			    "is the error range)"), answers[i]);
			return DNSBL_UNKNOWN;
		}
		if ((h >> 24) != 127) {
			xasprintf(reason, _("answer %s is outside 127.0.0.0/8 "
			    "(the resolver may rewrite NXDOMAIN)"),
			    answers[i]);
			return DNSBL_UNKNOWN;
		}
	}
	buf_init(&b, 1024);
	for (i = 0; i < nanswers; i++) {
		c = dnsbl_find_code(z->codes, z->ncodes, answers[i]);
		if (b.len > 0)
			buf_adds(&b, "; ");
		if (c != NULL) {
			buf_printf(&b, "%s %s", answers[i], c->meaning);
			nlisted++;
		} else
			buf_printf(&b, _("%s (code not documented)"),
			    answers[i]);
	}
	if (nlisted == 0) {
		buf_clear(&b);
		xasprintf(reason, _("answer %s is not a code this list "
		    "documents"), answers[0]);
		return DNSBL_UNKNOWN;
	}
	*reason = buf_steal(&b);
	return DNSBL_LISTED;
}

static void
dnsbl_q_free(struct dnsbl_q *q)
{
	free(q->fact);
	free(q->qname);
	free(q->subject);
	free(q->answer);
	free(q->reason);
	free(q);
}

static char *
dnsbl_join(const struct probe_dns_result *r)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, 2048);
	for (i = 0; i < r->nanswers; i++) {
		if (i > 0)
			buf_adds(&b, " ");
		buf_adds(&b, r->answers[i]);
	}
	if (r->nanswers == 0)
		buf_adds(&b, r->status_text);
	return buf_steal(&b);
}

static void
dnsbl_txt_cb(struct probe_loop *l, const struct probe_dns_result *r,
    void *arg)
{
	struct dnsbl_q	*q = arg;
	struct fact	*f;
	char		*txt;

	(void)l;
	f = facts_set_str(q->fs, q->fact, "listed");
	fact_evidence(f, r->server, "%s A: %s (%s)", q->qname, q->answer,
	    q->reason);
	txt = dnsbl_join(r);
	fact_evidence(f, r->server, "%s TXT: %s", q->qname, txt);
	if (q->z->info != NULL)
		fact_evidence(f, q->z->name, "%s", q->z->info);
	free(txt);
	dnsbl_q_free(q);
}

static void
dnsbl_a_cb(struct probe_loop *l, const struct probe_dns_result *r,
    void *arg)
{
	struct dnsbl_q		*q = arg;
	struct fact		*f;
	enum dnsbl_verdict	 v;

	v = dnsbl_decode(q->bl, q->z, r->status, r->timed_out, r->answers,
	    r->nanswers, &q->reason);
	q->answer = dnsbl_join(r);
	if (v == DNSBL_LISTED && probe_dns(l, q->qname, ns_t_txt,
	    dnsbl_txt_cb, q) == 0)
		return;
	if (v == DNSBL_UNKNOWN)
		f = facts_set_unknown(q->fs, q->fact, FACT_STR, "%s: %s",
		    q->z->name, q->reason);
	else
		f = facts_set_str(q->fs, q->fact, dnsbl_verdict_name(v));
	fact_evidence(f, r->server, "%s A: %s (%ld ms)", q->qname, q->answer,
	    r->elapsed_ms);
	dnsbl_q_free(q);
}

static int
dnsbl_start_one(struct probe_loop *l, const struct dnsbl *bl,
    const struct dnsbl_zone *z, const char *subject, const char *prefix,
    struct facts *fs, int resolver_public, const char *public_why)
{
	struct dnsbl_q	*q;
	char		*qname = NULL, *cause = NULL, *fact;
	struct fact	*f;

	xasprintf(&fact, "%s.%s", prefix, z->zone);
	if (dnsbl_query_name(z, subject, &qname, &cause) == -1) {
		facts_set_unknown(fs, fact, FACT_STR, "%s", cause);
		free(cause);
		free(fact);
		return 1;
	}
	if (resolver_public) {
		f = facts_set_unknown(fs, fact, FACT_STR, _("not queried: %s"),
		    public_why != NULL ? public_why : _("the resolver is a "
		    "public one, which DNSBLs refuse"));
		fact_evidence(f, "dns.resolver_public", "%s", qname);
		free(qname);
		free(fact);
		return 1;
	}
	q = xcalloc(1, sizeof *q);
	q->bl = bl;
	q->z = z;
	q->fs = fs;
	q->fact = fact;
	q->qname = qname;
	q->subject = xstrdup(subject);
	if (probe_dns(l, qname, ns_t_a, dnsbl_a_cb, q) == -1) {
		facts_set_error(fs, fact, FACT_STR, "cannot start the query "
		    "%s", qname);
		dnsbl_q_free(q);
	}
	return 1;
}

size_t
dnsbl_start(struct probe_loop *l, const struct dnsbl *bl,
    const struct dnsbl_subject *s, struct facts *fs, int resolver_public,
    const char *public_why)
{
	const struct dnsbl_zone	*z;
	size_t			 i, n = 0;

	for (i = 0; i < bl->n; i++) {
		z = &bl->v[i];
		if (z->kind == DNSBL_KIND_IP) {
			if (s->ipv4 != NULL)
				n += dnsbl_start_one(l, bl, z, s->ipv4,
				    "dnsbl", fs, resolver_public, public_why);
			if (s->ipv6 != NULL && z->ipv6)
				n += dnsbl_start_one(l, bl, z, s->ipv6,
				    "dnsbl6", fs, resolver_public,
				    public_why);
		} else if (s->domain != NULL)
			n += dnsbl_start_one(l, bl, z, s->domain, "dnsbl", fs,
			    resolver_public, public_why);
	}
	return n;
}
