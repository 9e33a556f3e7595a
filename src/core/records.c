/*
 * records.c - generate the DNS records of a mail domain: SPF (new or
 * merged with what is published), DMARC and the external-report
 * authorization, PTR names for IPv4 and IPv6 with the provider's
 * procedure, MX, MTA-STS, TLS-RPT and TLSA 3 1 1 from a certificate.
 * Pure: validates its input and builds a list; zone.c prints it.
 */
#include "mh.h"

#include <sys/stat.h>
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "buf.h"
#include "clouds.h"
#include "records.h"
#include "validate.h"

#define RECORDS_SPF_MAX_TERMS	64

void
records_opts_init(struct records_opts *o)
{
	memset(o, 0, sizeof *o);
	o->spf_all = RECORDS_SPF_HARD;
	o->dmarc_pct = -1;
}

const char *
records_kind_name(enum records_kind k)
{
	switch (k) {
	case RECORDS_MX:
		return "mx";
	case RECORDS_SPF:
		return "spf";
	case RECORDS_DKIM:
		return "dkim";
	case RECORDS_DMARC:
		return "dmarc";
	case RECORDS_DMARC_AUTH:
		return "dmarc-report-auth";
	case RECORDS_MTA_STS:
		return "mta-sts";
	case RECORDS_TLS_RPT:
		return "tls-rpt";
	case RECORDS_TLSA:
		return "tlsa";
	case RECORDS_PTR:
		return "ptr";
	}
	return "?";
}

/* 1 when name is domain or below it. */
static int
records_in(const char *name, const char *domain)
{
	size_t	nl = strlen(name), dl = strlen(domain);

	if (nl == dl)
		return strcasecmp(name, domain) == 0;
	if (nl < dl + 1 || name[nl - dl - 1] != '.')
		return 0;
	return strcasecmp(name + nl - dl, domain) == 0;
}

struct record *
records_add(struct records *r, enum records_kind kind, const char *name,
    const char *type, const char *value, int ttl, const char *comment)
{
	struct record	*rec;
	size_t		 nl, dl;

	r->v = xreallocarray(r->v, r->n + 1, sizeof *r->v);
	rec = &r->v[r->n++];
	memset(rec, 0, sizeof *rec);
	rec->kind = kind;
	rec->name = xstrdup(name);
	rec->type = xstrdup(type);
	rec->value = xstrdup(value);
	rec->ttl = ttl > 0 ? ttl : RECORDS_DEFAULT_TTL;
	if (comment != NULL)
		rec->comment = xstrdup(comment);
	if (r->domain != NULL && records_in(name, r->domain)) {
		rec->in_zone = 1;
		nl = strlen(name);
		dl = strlen(r->domain);
		if (nl == dl)
			rec->host = xstrdup("@");
		else
			rec->host = xstrndup(name, nl - dl - 1);
	} else
		rec->host = xstrdup(name);
	return rec;
}

void
records_note(struct records *r, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	r->notes = xreallocarray(r->notes, r->nnotes + 1, sizeof *r->notes);
	r->notes[r->nnotes++] = s;
}

void
records_clear(struct records *r)
{
	size_t	i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].name);
		free(r->v[i].host);
		free(r->v[i].type);
		free(r->v[i].value);
		free(r->v[i].where);
		free(r->v[i].comment);
	}
	free(r->v);
	for (i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	free(r->notes);
	free(r->domain);
	free(r->sts_url);
	free(r->sts_policy);
	memset(r, 0, sizeof *r);
}

char *
records_ptr_name(const char *ip)
{
	static const char	 hex[] = "0123456789abcdef";
	unsigned char		 a[16];
	struct buf		 b;
	int			 i;

	if (ip == NULL)
		return NULL;
	buf_init(&b, 0);
	if (inet_pton(AF_INET, ip, a) == 1) {
		buf_printf(&b, "%u.%u.%u.%u.in-addr.arpa", a[3], a[2], a[1],
		    a[0]);
		return buf_steal(&b);
	}
	if (inet_pton(AF_INET6, ip, a) != 1) {
		buf_clear(&b);
		return NULL;
	}
	for (i = 15; i >= 0; i--) {
		buf_addc(&b, hex[a[i] & 0xf]);
		buf_addc(&b, '.');
		buf_addc(&b, hex[a[i] >> 4]);
		buf_addc(&b, '.');
	}
	buf_adds(&b, "ip6.arpa");
	return buf_steal(&b);
}

void
records_sts_id(time_t t, char out[16])
{
	struct tm	tm;

	gmtime_r(&t, &tm);
	if (strftime(out, 16, "%Y%m%dT%H%M%S", &tm) == 0)
		out[0] = '\0';
}

/* ---- SPF ---------------------------------------------------------- */

/* Whether ip4:/ip6: term text covers address a of family af. */
static int
records_spf_covers(const char *term, int af, const unsigned char *a)
{
	unsigned char	 net[16];
	char		 tmp[64], *slash, *end;
	const char	*p;
	long		 len;
	int		 max, i, bits;

	if (*term == '+')
		term++;
	if (af == AF_INET && strncasecmp(term, "ip4:", 4) == 0)
		max = 32;
	else if (af == AF_INET6 && strncasecmp(term, "ip6:", 4) == 0)
		max = 128;
	else
		return 0;
	p = term + 4;
	if (strlen(p) >= sizeof tmp)
		return 0;
	memcpy(tmp, p, strlen(p) + 1);
	len = max;
	if ((slash = strchr(tmp, '/')) != NULL) {
		*slash++ = '\0';
		errno = 0;
		len = strtol(slash, &end, 10);
		if (*slash == '\0' || *end != '\0' || len < 0 || len > max)
			return 0;
	}
	if (inet_pton(af, tmp, net) != 1)
		return 0;
	for (i = 0; i < max / 8 && len > 0; i++, len -= 8) {
		bits = len >= 8 ? 8 : (int)len;
		if (((net[i] ^ a[i]) & (0xff00 >> bits) & 0xff) != 0)
			return 0;
	}
	return 1;
}

static int
records_spf_is_all(const char *t)
{
	if (*t == '+' || *t == '-' || *t == '~' || *t == '?')
		t++;
	return strcasecmp(t, "all") == 0;
}

static int
records_spf_is_mx(const char *t)
{
	if (*t == '+')
		t++;
	return strcasecmp(t, "mx") == 0;
}

/* A modifier: name=value where name is ALPHA *( ALPHA DIGIT - _ . ). */
static int
records_spf_is_modifier(const char *t)
{
	const char	*p;

	if (!isalpha((unsigned char)*t))
		return 0;
	for (p = t; *p != '\0' && *p != '=' && *p != ':' && *p != '/'; p++)
		;
	return *p == '=';
}

static const char *
records_spf_known[] = {
	"all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists", NULL
};

/* The mechanism name of a term is known (else: permerror). */
static int
records_spf_mech_ok(const char *t)
{
	size_t	i, n;

	if (*t == '+' || *t == '-' || *t == '~' || *t == '?')
		t++;
	n = strcspn(t, ":/");
	for (i = 0; records_spf_known[i] != NULL; i++)
		if (strlen(records_spf_known[i]) == n &&
		    strncasecmp(t, records_spf_known[i], n) == 0)
			return 1;
	return 0;
}

static int
records_spf_has(char **v, size_t n, const char *t)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcasecmp(v[i], t) == 0)
			return 1;
	return 0;
}

/*
 * The record as pasted: a value, or quoted strings as dig prints them
 * ("v=spf1 ..." "...": concatenated with nothing between).
 */
static char *
records_spf_unquote(const char *in)
{
	struct buf	 b;
	const char	*p = in;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '"')
		return xstrdup(in);
	buf_init(&b, 0);
	while (*p == '"') {
		for (p++; *p != '\0' && *p != '"'; p++) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			buf_addc(&b, *p);
		}
		if (*p == '"')
			p++;
		while (*p == ' ' || *p == '\t')
			p++;
	}
	return buf_steal(&b);
}

int
records_spf(const char *ipv4, const char *ipv6, enum records_spf_all how,
    const char *existing, char **out, char **notes, char **cause)
{
	char		*copy = NULL, *tok, *last = NULL, *all = NULL;
	char		*mech[RECORDS_SPF_MAX_TERMS];
	char		*mods[RECORDS_SPF_MAX_TERMS];
	char		*t4 = NULL, *t6 = NULL;
	unsigned char	 a4[4], a6[16];
	size_t		 nmech = 0, nmods = 0, i, nafter = 0, nall = 0;
	int		 have_mx = 0, have4 = 0, have6 = 0, redirect = 0;
	int		 rc = -1, ndup = 0;
	struct buf	 b, nb;

	buf_init(&b, 0);
	buf_init(&nb, 0);
	if (ipv4 != NULL && inet_pton(AF_INET, ipv4, a4) != 1) {
		xasprintf(cause, _("not an IPv4 address: %s"), ipv4);
		goto out;
	}
	if (ipv6 != NULL && inet_pton(AF_INET6, ipv6, a6) != 1) {
		xasprintf(cause, _("not an IPv6 address: %s"), ipv6);
		goto out;
	}
	if (ipv4 != NULL)
		xasprintf(&t4, "ip4:%s", ipv4);
	if (ipv6 != NULL)
		xasprintf(&t6, "ip6:%s", ipv6);
	if (existing == NULL) {
		buf_adds(&b, "v=spf1 mx");
		if (t4 != NULL)
			buf_printf(&b, " %s", t4);
		if (t6 != NULL)
			buf_printf(&b, " %s", t6);
		buf_adds(&b, how == RECORDS_SPF_SOFT ? " ~all" : " -all");
		rc = 0;
		goto out;
	}
	if (strlen(existing) > 4096) {
		xasprintf(cause, _("the SPF record to merge is longer than "
		    "4096 bytes"));
		goto out;
	}
	copy = records_spf_unquote(existing);
	tok = strtok_r(copy, " \t", &last);
	if (tok == NULL || strcasecmp(tok, "v=spf1") != 0) {
		xasprintf(cause, _("the SPF record to merge does not start "
		    "with v=spf1"));
		goto out;
	}
	while ((tok = strtok_r(NULL, " \t", &last)) != NULL) {
		if (nmech >= RECORDS_SPF_MAX_TERMS ||
		    nmods >= RECORDS_SPF_MAX_TERMS) {
			xasprintf(cause, _("the SPF record to merge has more "
			    "than %d terms"), RECORDS_SPF_MAX_TERMS);
			goto out;
		}
		if (records_spf_is_modifier(tok)) {
			if (strncasecmp(tok, "redirect=", 9) == 0) {
				if (redirect) {
					xasprintf(cause, _("the SPF record to "
					    "merge has two redirect= "
					    "modifiers"));
					goto out;
				}
				redirect = 1;
			}
			mods[nmods++] = tok;
			continue;
		}
		if (!records_spf_mech_ok(tok)) {
			xasprintf(cause, _("the SPF record to merge has an "
			    "unknown mechanism '%s'"), tok);
			goto out;
		}
		if (all != NULL) {
			nafter++;
			if (records_spf_is_all(tok))
				nall++;
			continue;
		}
		if (records_spf_is_all(tok)) {
			all = tok;
			continue;
		}
		if (records_spf_has(mech, nmech, tok)) {
			ndup++;
			continue;
		}
		if (records_spf_is_mx(tok))
			have_mx = 1;
		if (ipv4 != NULL && records_spf_covers(tok, AF_INET, a4))
			have4 = 1;
		if (ipv6 != NULL && records_spf_covers(tok, AF_INET6, a6))
			have6 = 1;
		mech[nmech++] = tok;
	}
	buf_adds(&b, "v=spf1");
	for (i = 0; i < nmech; i++)
		buf_printf(&b, " %s", mech[i]);
	if (!have_mx) {
		buf_adds(&b, " mx");
		buf_printf(&nb, _("added mx (the domain's MX hosts)\n"));
	}
	if (t4 != NULL && !have4) {
		buf_printf(&b, " %s", t4);
		buf_printf(&nb, _("added %s\n"), t4);
	}
	if (t6 != NULL && !have6) {
		buf_printf(&b, " %s", t6);
		buf_printf(&nb, _("added %s\n"), t6);
	}
	if (all != NULL) {
		buf_printf(&b, " %s", all);
		if ((how == RECORDS_SPF_SOFT) != (*all == '~'))
			buf_printf(&nb, _("kept the published %s (the "
			    "record's own policy wins over --spf-all)\n"),
			    all);
	} else if (!redirect) {
		buf_adds(&b, how == RECORDS_SPF_SOFT ? " ~all" : " -all");
		buf_printf(&nb, _("added %s: the published record had "
		    "neither all nor redirect, so its default was neutral\n"),
		    how == RECORDS_SPF_SOFT ? "~all" : "-all");
	}
	for (i = 0; i < nmods; i++)
		buf_printf(&b, " %s", mods[i]);
	if (nafter > 0)
		buf_printf(&nb, P_("dropped %zu term after all (receivers "
		    "ignore it)%s\n", "dropped %zu terms after all (receivers "
		    "ignore them)%s\n", nafter), nafter, nall > 0 ?
		    _(", including a second all") : "");
	if (ndup > 0)
		buf_printf(&nb, P_("dropped %d duplicate term\n",
		    "dropped %d duplicate terms\n", ndup), ndup);
	if (all != NULL && redirect)
		buf_printf(&nb, _("note: redirect= is ignored because the "
		    "record has an all\n"));
	rc = 0;
out:
	free(copy);
	free(t4);
	free(t6);
	if (rc == 0) {
		*out = buf_steal(&b);
		if (notes != NULL) {
			if (nb.len > 0 && nb.data[nb.len - 1] == '\n')
				nb.data[--nb.len] = '\0';
			*notes = buf_steal(&nb);
		}
	}
	buf_clear(&b);
	buf_clear(&nb);
	return rc;
}

/* ---- TLSA --------------------------------------------------------- */

int
records_tlsa_pem(const char *pem, size_t len, char **hex, char **cause)
{
	static const char	 digits[] = "0123456789abcdef";
	BIO			*bio = NULL;
	X509			*x = NULL;
	unsigned char		*der = NULL, md[EVP_MAX_MD_SIZE];
	unsigned int		 mdlen = 0, i;
	int			 n, rc = -1;
	char			*s;

	if (len > RECORDS_CERT_CAP || len > (size_t)INT32_MAX) {
		xasprintf(cause, _("the certificate file is too large"));
		return -1;
	}
	bio = BIO_new_mem_buf(pem, (int)len);
	if (bio == NULL ||
	    (x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) == NULL) {
		xasprintf(cause, _("no PEM certificate could be read"));
		goto out;
	}
	n = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &der);
	if (n <= 0 || EVP_Digest(der, (size_t)n, md, &mdlen, EVP_sha256(),
	    NULL) != 1) {
		xasprintf(cause, _("the certificate's public key could not "
		    "be encoded"));
		goto out;
	}
	s = xmalloc((size_t)mdlen * 2 + 1);
	for (i = 0; i < mdlen; i++) {
		s[i * 2] = digits[md[i] >> 4];
		s[i * 2 + 1] = digits[md[i] & 0xf];
	}
	s[mdlen * 2] = '\0';
	*hex = s;
	rc = 0;
out:
	OPENSSL_free(der);
	X509_free(x);
	BIO_free(bio);
	return rc;
}

int
records_tlsa_file(const char *path, char **hex, char **cause)
{
	struct stat	 st;
	char		*data = NULL, *why = NULL;
	size_t		 len = 0;
	ssize_t		 r;
	int		 fd, rc = -1;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd == -1) {
		xasprintf(cause, _("certificate %s: %s"), path,
		    errno == ELOOP ? _("a symbolic link (refused)") :
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		xasprintf(cause, _("certificate %s: not a regular file"),
		    path);
		goto out;
	}
	if (st.st_size > RECORDS_CERT_CAP) {
		xasprintf(cause, _("certificate %s: larger than %d bytes"),
		    path, RECORDS_CERT_CAP);
		goto out;
	}
	data = xmalloc((size_t)st.st_size + 1);
	while (len < (size_t)st.st_size) {
		r = read(fd, data + len, (size_t)st.st_size - len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	data[len] = '\0';
	if (records_tlsa_pem(data, len, hex, &why) == -1) {
		xasprintf(cause, _("certificate %s: %s"), path, why);
		free(why);
		goto out;
	}
	rc = 0;
out:
	free(data);
	close(fd);
	return rc;
}

/* ---- the whole set ------------------------------------------------ */

/* The domain part of a mail address. */
static const char *
records_addr_domain(const char *addr)
{
	const char	*at = strrchr(addr, '@');

	return at != NULL ? at + 1 : addr;
}

static void
records_dmarc_advice(struct records *r, const char *policy)
{
	if (strcmp(policy, "none") == 0)
		records_note(r, _("DMARC p=none only monitors: start here, "
		    "read the aggregate reports for two to four weeks until "
		    "every legitimate sender passes SPF or DKIM aligned, then "
		    "move to p=quarantine and later p=reject."));
	else if (strcmp(policy, "quarantine") == 0)
		records_note(r, _("DMARC p=quarantine sends failing mail to "
		    "spam: use it after the reports show every legitimate "
		    "sender aligned; move to p=reject when quarantine has "
		    "run cleanly for some weeks."));
	else
		records_note(r, _("DMARC p=reject makes receivers refuse "
		    "failing mail: use it only after p=none and "
		    "p=quarantine showed every legitimate sender aligned."));
}

struct records_in {
	char	*domain, *host, *v4, *v6, *rua, *trua, *sel;
};

static void
records_in_clear(struct records_in *in)
{
	free(in->domain);
	free(in->host);
	free(in->v4);
	free(in->v6);
	free(in->rua);
	free(in->trua);
	free(in->sel);
}

static int
records_check(const struct records_opts *o, struct records_in *in,
    char **cause)
{
	char	*why = NULL, *h = NULL;

	if (o->domain == NULL) {
		xasprintf(cause, _("--domain: give the mail domain"));
		return -1;
	}
	if (validate_domain(o->domain, 1, &in->domain, &why) == -1) {
		xasprintf(cause, "--domain: %s", why);
		goto fail;
	}
	if (o->hostname == NULL)
		xasprintf(&h, "mail.%s", in->domain);
	if (validate_hostname(h != NULL ? h : o->hostname, &in->host,
	    &why) == -1) {
		xasprintf(cause, "--hostname: %s", why);
		goto fail;
	}
	if (o->ipv4 != NULL && validate_ip(o->ipv4, 4, o->allow_private,
	    &in->v4, &why) == -1) {
		xasprintf(cause, "--ipv4: %s", why);
		goto fail;
	}
	if (o->ipv6 != NULL && validate_ip(o->ipv6, 6, o->allow_private,
	    &in->v6, &why) == -1) {
		xasprintf(cause, "--ipv6: %s", why);
		goto fail;
	}
	if (o->dmarc_rua != NULL && validate_report_addr(o->dmarc_rua,
	    &in->rua, &why) == -1) {
		xasprintf(cause, "--dmarc-rua: %s", why);
		goto fail;
	}
	if (o->tlsrpt_rua != NULL && validate_report_addr(o->tlsrpt_rua,
	    &in->trua, &why) == -1) {
		xasprintf(cause, "--tlsrpt-rua: %s", why);
		goto fail;
	}
	if (o->selector != NULL && validate_selector(o->selector, &in->sel,
	    &why) == -1) {
		xasprintf(cause, "--selector: %s", why);
		goto fail;
	}
	if (o->dmarc_policy != NULL &&
	    validate_dmarc_policy(o->dmarc_policy, NULL, &why) == -1) {
		xasprintf(cause, "--dmarc-policy: %s", why);
		goto fail;
	}
	if ((o->adkim != 0 && o->adkim != 'r' && o->adkim != 's') ||
	    (o->aspf != 0 && o->aspf != 'r' && o->aspf != 's')) {
		xasprintf(cause, _("alignment: r (relaxed) or s (strict)"));
		goto fail;
	}
	if (o->dmarc_pct < -1 || o->dmarc_pct > 100) {
		xasprintf(cause, _("--dmarc-pct: 0 to 100"));
		goto fail;
	}
	if (o->sts_mode != NULL && strcmp(o->sts_mode, "testing") != 0 &&
	    strcmp(o->sts_mode, "enforce") != 0 &&
	    strcmp(o->sts_mode, "none") != 0) {
		xasprintf(cause, _("--mta-sts-mode: testing, enforce or "
		    "none"));
		goto fail;
	}
	if (o->sts_id != NULL && (*o->sts_id == '\0' ||
	    strlen(o->sts_id) > 32 ||
	    o->sts_id[strspn(o->sts_id, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")] != '\0')) {
		xasprintf(cause, _("--mta-sts-id: 1 to 32 letters and "
		    "digits"));
		goto fail;
	}
	free(h);
	return 0;
fail:
	free(why);
	free(h);
	return -1;
}

static void
records_gen_dmarc(const struct records_opts *o, const struct records_in *in,
    struct records *r, int ttl)
{
	struct buf	 b;
	char		*name;
	const char	*policy, *rd;

	policy = o->dmarc_policy != NULL ? o->dmarc_policy : "none";
	buf_init(&b, 0);
	buf_printf(&b, "v=DMARC1; p=%s", policy);
	if (in->rua != NULL)
		buf_printf(&b, "; rua=mailto:%s", in->rua);
	if (o->adkim != 0)
		buf_printf(&b, "; adkim=%c", o->adkim);
	if (o->aspf != 0)
		buf_printf(&b, "; aspf=%c", o->aspf);
	if (o->dmarc_pct >= 0)
		buf_printf(&b, "; pct=%d", o->dmarc_pct);
	xasprintf(&name, "_dmarc.%s", in->domain);
	records_add(r, RECORDS_DMARC, name, "TXT", buf_str(&b), ttl,
	    _("DMARC policy"));
	free(name);
	buf_clear(&b);
	records_dmarc_advice(r, policy);
	if (o->dmarc_pct >= 0)
		records_note(r, _("pct=%d was written because --dmarc-pct "
		    "asked for it, but RFC 9989 removed pct: receivers that "
		    "follow it ignore the tag, and values 1 to 99 were never "
		    "applied consistently."), o->dmarc_pct);
	if (in->rua == NULL) {
		records_note(r, _("No DMARC report address: without rua you "
		    "get no aggregate reports to tell when it is safe to "
		    "tighten the policy."));
		return;
	}
	rd = records_addr_domain(in->rua);
	if (records_in(rd, in->domain) || records_in(in->domain, rd))
		return;
	xasprintf(&name, "%s._report._dmarc.%s", in->domain, rd);
	records_add(r, RECORDS_DMARC_AUTH, name, "TXT", "v=DMARC1", ttl,
	    _("authorizes reports for this domain to go to another one"));
	xasprintf(&r->v[r->n - 1].where, _("in the zone of %s (the report "
	    "address's domain)"), rd);
	records_note(r, _("The DMARC reports go to %s, outside %s: the owner "
	    "of %s must publish %s TXT \"v=DMARC1\", or receivers drop the "
	    "reports (RFC 7489 7.1)."), rd, in->domain, rd, name);
	free(name);
}

static void
records_gen_ptr(const struct records_opts *o, const struct records_in *in,
    struct records *r, int ttl)
{
	const char	*ips[2], *proc;
	char		*name, *target;
	size_t		 i;

	ips[0] = in->v4;
	ips[1] = in->v6;
	xasprintf(&target, "%s.", in->host);
	for (i = 0; i < 2; i++) {
		if (ips[i] == NULL || (name = records_ptr_name(ips[i])) ==
		    NULL)
			continue;
		records_add(r, RECORDS_PTR, name, "PTR", target, ttl,
		    i == 0 ? _("reverse DNS of the IPv4 address") :
		    _("reverse DNS of the IPv6 address"));
		xasprintf(&r->v[r->n - 1].where, _("at the owner of %s (the "
		    "cloud provider or ISP), not in this zone"), ips[i]);
		free(name);
	}
	free(target);
	if (in->v4 == NULL && in->v6 == NULL) {
		records_note(r, _("No public address given (--ipv4, --ipv6): "
		    "no PTR or SPF ip4/ip6 records were generated."));
		return;
	}
	records_note(r, _("PTR records are set by whoever owns the address, "
	    "not in your zone; the name must resolve back to the same "
	    "address (A/AAAA of %s) and should equal the EHLO name."),
	    in->host);
	if (o->provider != NULL) {
		proc = clouds_tr(&o->provider->ptr);
		if (proc != NULL)
			records_note(r, _("How to set PTR at %s: %s"),
			    clouds_tr(&o->provider->name), proc);
	}
	if (in->v6 == NULL && in->v4 != NULL)
		records_note(r, _("If the server sends over IPv6, it needs an "
		    "IPv6 PTR too; without one, set Postfix inet_protocols "
		    "= ipv4."));
}

static int
records_gen_tlsa(const struct records_opts *o, const struct records_in *in,
    struct records *r, int ttl, char **cause)
{
	char	*hex = NULL, *name, *value;

	if (o->cert_file == NULL) {
		records_note(r, _("No certificate given (--cert): no TLSA "
		    "record.  TLSA (DANE) also needs a DNSSEC-signed zone."));
		return 0;
	}
	if (records_tlsa_file(o->cert_file, &hex, cause) == -1)
		return -1;
	xasprintf(&name, "_25._tcp.%s", in->host);
	xasprintf(&value, "3 1 1 %s", hex);
	records_add(r, RECORDS_TLSA, name, "TLSA", value, ttl,
	    _("DANE-EE: SHA-256 of the certificate's public key"));
	if (!r->v[r->n - 1].in_zone)
		xasprintf(&r->v[r->n - 1].where, _("in the zone of %s"),
		    in->host);
	records_note(r, _("TLSA 3 1 1 pins the key, not the certificate: "
	    "renew with the same key (certbot --reuse-key) or publish the "
	    "next key's TLSA two TTLs before switching.  It only helps in a "
	    "DNSSEC-signed zone."));
	free(name);
	free(value);
	free(hex);
	return 0;
}

int
records_generate(const struct records_opts *o, struct records *r,
    char **cause)
{
	struct records_in	 in;
	struct buf		 b;
	char			*name = NULL, *spf = NULL, *notes = NULL;
	char			*why = NULL, id[40], *p, *line, *last;
	const char		*mode, *trua;
	time_t			 now;
	int			 ttl, rc = -1;

	memset(r, 0, sizeof *r);
	memset(&in, 0, sizeof in);
	buf_init(&b, 0);
	if (records_check(o, &in, cause) == -1)
		goto out;
	ttl = o->ttl > 0 ? o->ttl : RECORDS_DEFAULT_TTL;
	r->domain = xstrdup(in.domain);

	/* MX */
	xasprintf(&name, "10 %s.", in.host);
	records_add(r, RECORDS_MX, in.domain, "MX", name, ttl,
	    _("mail for the domain goes to the mail host"));
	free(name);
	name = NULL;

	/* SPF */
	if (records_spf(in.v4, in.v6, o->spf_all, o->existing_spf, &spf,
	    &notes, &why) == -1) {
		xasprintf(cause, "--existing-spf: %s", why);
		free(why);
		goto fail;
	}
	records_add(r, RECORDS_SPF, in.domain, "TXT", spf,
	    ttl, o->existing_spf != NULL ? _("SPF, merged with the "
	    "published record") : _("SPF: who may send for the domain"));
	if (notes != NULL && *notes != '\0') {
		p = notes;
		while ((line = strtok_r(p, "\n", &last)) != NULL) {
			p = NULL;
			records_note(r, _("SPF merge: %s"), line);
		}
	}
	if (o->spf_all == RECORDS_SPF_SOFT)
		records_note(r, _("SPF ~all (softfail) marks mail from other "
		    "servers as suspicious instead of failing it: useful "
		    "while you find every sender, but -all is the strict end "
		    "state (NIST SP 800-177r1); with DMARC enforcing, the "
		    "difference is small."));
	if (strlen(spf) > RECORDS_SPF_WARN_LEN)
		records_note(r, _("The SPF record is %zu bytes: keep it under "
		    "about %d (RFC 7208 3.4) so it fits one UDP answer."),
		    strlen(spf), RECORDS_SPF_WARN_LEN);

	/* DKIM, when the caller has a key */
	if (o->dkim_value != NULL) {
		xasprintf(&name, "%s._domainkey.%s", in.sel != NULL ? in.sel :
		    "mail", in.domain);
		records_add(r, RECORDS_DKIM, name, "TXT", o->dkim_value, ttl,
		    _("DKIM public key"));
		free(name);
		name = NULL;
	}

	/* DMARC and its external authorization */
	records_gen_dmarc(o, &in, r, ttl);

	/* MTA-STS */
	now = o->now != 0 ? o->now : time(NULL);
	records_sts_id(now, id);
	if (o->sts_id != NULL)
		(void)snprintf(id, sizeof id, "%s", o->sts_id);
	mode = o->sts_mode != NULL ? o->sts_mode : "testing";
	xasprintf(&name, "_mta-sts.%s", in.domain);
	xasprintf(&p, "v=STSv1; id=%s", id);
	records_add(r, RECORDS_MTA_STS, name, "TXT", p, ttl,
	    _("MTA-STS: a policy exists; change id when it changes"));
	free(p);
	free(name);
	name = NULL;
	xasprintf(&r->sts_url, "https://mta-sts.%s/.well-known/mta-sts.txt",
	    in.domain);
	xasprintf(&r->sts_policy, "version: STSv1\r\nmode: %s\r\nmx: %s\r\n"
	    "max_age: %d\r\n", mode, in.host, RECORDS_STS_MAX_AGE);
	records_note(r, _("MTA-STS also needs the policy file at %s, served "
	    "over HTTPS with a trusted certificate for mta-sts.%s: publish "
	    "an A/AAAA or CNAME record for mta-sts.%s pointing at a web "
	    "server.  Start with mode testing and TLS-RPT, then enforce."),
	    r->sts_url, in.domain, in.domain);

	/* TLS-RPT */
	trua = in.trua != NULL ? in.trua : in.rua;
	if (trua != NULL) {
		xasprintf(&name, "_smtp._tls.%s", in.domain);
		xasprintf(&p, "v=TLSRPTv1; rua=mailto:%s", trua);
		records_add(r, RECORDS_TLS_RPT, name, "TXT", p, ttl,
		    _("TLS-RPT: where TLS failure reports go"));
		free(p);
		free(name);
		name = NULL;
	} else
		records_note(r, _("No report address: no TLS-RPT record "
		    "(give --tlsrpt-rua or --dmarc-rua)."));

	/* TLSA */
	if (records_gen_tlsa(o, &in, r, ttl, cause) == -1)
		goto fail;

	/* PTR */
	records_gen_ptr(o, &in, r, ttl);
	rc = 0;
	goto out;
fail:
	records_clear(r);
out:
	free(spf);
	free(notes);
	buf_clear(&b);
	records_in_clear(&in);
	return rc;
}
