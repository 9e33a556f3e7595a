/*
 * dmarc.c - DMARC records (RFC 7489, RFC 9989): parse the tag list,
 * grade the policy and the alignment, check the report URIs and tell
 * which report destinations need an external authorization record.
 */
#include "mh.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dmarc.h"
#include "spf.h"
#include "validate.h"

int
dmarc_is_dmarc(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s != 'v' && *s != 'V')
		return 0;
	s++;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s++ != '=')
		return 0;
	while (*s == ' ' || *s == '\t')
		s++;
	if (strncmp(s, "DMARC1", 6) != 0)
		return 0;
	s += 6;
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0' || *s == ';';
}

static int
dmarc_policy_ok(const char *v)
{
	return strcasecmp(v, "none") == 0 ||
	    strcasecmp(v, "quarantine") == 0 ||
	    strcasecmp(v, "reject") == 0;
}

static void
dmarc_uris(char *v, char ***out, size_t *n)
{
	char	*u;

	while ((u = strsep(&v, ",")) != NULL) {
		u = u + strspn(u, " \t");
		while (*u != '\0' && (u[strlen(u) - 1] == ' ' ||
		    u[strlen(u) - 1] == '\t'))
			u[strlen(u) - 1] = '\0';
		if (*u == '\0' || *n >= DMARC_MAX_URIS)
			continue;
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[(*n)++] = xstrdup(u);
	}
}

static char *
dmarc_trim(char *s)
{
	size_t	len;

	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		s[--len] = '\0';
	return s;
}

int
dmarc_parse(const char *text, struct dmarc_record *r, char **cause)
{
	static const char *const known[] = { "v", "p", "sp", "np", "adkim",
	    "aspf", "rua", "ruf", "pct", "fo", "rf", "ri", "t", "psd" };
	char		*copy, *p, *tag, *eq, *name, *val, *end;
	unsigned int	 seen = 0;
	size_t		 i, k;
	long		 v;
	int		 rv = -1;

	memset(r, 0, sizeof *r);
	r->pct = -1;
	r->adkim = r->aspf = 'r';
	if (strlen(text) > DMARC_RECORD_CAP) {
		xasprintf(cause, _("record longer than %d bytes"),
		    DMARC_RECORD_CAP);
		return -1;
	}
	for (p = (char *)text; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 && *p != '\t') {
			xasprintf(cause, _("a control byte in the record"));
			return -1;
		}
	}
	if (!dmarc_is_dmarc(text)) {
		xasprintf(cause, _("the record does not start with "
		    "\"v=DMARC1\""));
		return -1;
	}
	copy = xstrdup(text);
	p = copy;
	while ((tag = strsep(&p, ";")) != NULL) {
		tag = dmarc_trim(tag);
		if (*tag == '\0')
			continue;
		if ((eq = strchr(tag, '=')) == NULL) {
			xasprintf(cause, _("tag without \"=\": \"%s\""), tag);
			goto out;
		}
		*eq = '\0';
		name = dmarc_trim(tag);
		val = dmarc_trim(eq + 1);
		r->ntags++;
		for (k = 0; k < nitems(known); k++)
			if (strcasecmp(name, known[k]) == 0)
				break;
		if (k == nitems(known)) {
			for (i = 0; name[i] != '\0'; i++)
				if (!isalnum((unsigned char)name[i]) &&
				    name[i] != '_')
					break;
			if (name[i] != '\0' || i == 0) {
				xasprintf(cause, _("bad tag name \"%s\""),
				    name);
				goto out;
			}
			r->nunknown++;
			continue;
		}
		if (seen & (1u << k)) {
			xasprintf(cause, _("tag \"%s\" given twice"), name);
			goto out;
		}
		seen |= 1u << k;
		switch (k) {
		case 0:	/* v, checked above */
			break;
		case 1:
		case 2:
		case 3:
			if (!dmarc_policy_ok(val)) {
				xasprintf(cause, _("bad value \"%s\" for tag "
				    "\"%s\""), val, name);
				goto out;
			}
			for (i = 0; val[i] != '\0'; i++)
				val[i] = (char)tolower((unsigned char)val[i]);
			if (k == 1)
				r->p = xstrdup(val);
			else if (k == 2)
				r->sp = xstrdup(val);
			else
				r->np = xstrdup(val);
			break;
		case 4:
		case 5:
			if (strcasecmp(val, "r") != 0 &&
			    strcasecmp(val, "s") != 0) {
				xasprintf(cause, _("bad value \"%s\" for tag "
				    "\"%s\" (r or s)"), val, name);
				goto out;
			}
			if (k == 4)
				r->adkim = (char)tolower((unsigned char)*val);
			else
				r->aspf = (char)tolower((unsigned char)*val);
			break;
		case 6:
			dmarc_uris(val, &r->rua, &r->nrua);
			break;
		case 7:
			dmarc_uris(val, &r->ruf, &r->nruf);
			break;
		case 8:
			v = strtol(val, &end, 10);
			if (!isdigit((unsigned char)*val) || *end != '\0' ||
			    v < 0 || v > 100) {
				xasprintf(cause, _("bad value \"%s\" for tag "
				    "\"pct\" (0 to 100)"), val);
				goto out;
			}
			r->pct = (int)v;
			break;
		case 9:
			r->fo = xstrdup(val);
			break;
		case 12:
		case 13:
			if (strlen(val) != 1 || strchr(k == 12 ? "yYnN" :
			    "yYnNuU", *val) == NULL) {
				xasprintf(cause, _("bad value \"%s\" for tag "
				    "\"%s\""), val, name);
				goto out;
			}
			if (k == 12)
				r->t = (char)tolower((unsigned char)*val);
			else
				r->psd = (char)tolower((unsigned char)*val);
			break;
		default:	/* rf, ri: removed in RFC 9989, ignored */
			break;
		}
	}
	rv = 0;
out:
	free(copy);
	if (rv == -1)
		dmarc_record_clear(r);
	return rv;
}

void
dmarc_record_clear(struct dmarc_record *r)
{
	size_t	i;

	free(r->p);
	free(r->sp);
	free(r->np);
	free(r->fo);
	for (i = 0; i < r->nrua; i++)
		free(r->rua[i]);
	free(r->rua);
	for (i = 0; i < r->nruf; i++)
		free(r->ruf[i]);
	free(r->ruf);
	memset(r, 0, sizeof *r);
	r->pct = -1;
}

const char *
dmarc_grade(const struct dmarc_record *r)
{
	return r->p != NULL ? r->p : "none";
}

static int
dmarc_rank(const char *p)
{
	if (p == NULL || strcmp(p, "none") == 0)
		return 0;
	return strcmp(p, "quarantine") == 0 ? 1 : 2;
}

char *
dmarc_uri_domain(const char *uri)
{
	char	*addr, *bang, *norm = NULL, *cause = NULL, *at, *d;

	if (strncasecmp(uri, "mailto:", 7) != 0)
		return NULL;
	addr = xstrdup(uri + 7);
	if ((bang = strchr(addr, '!')) != NULL) {
		if (strspn(bang + 1, "0123456789") == 0 ||
		    strspn(bang + 1 + strspn(bang + 1, "0123456789"),
		    "kmgtKMGT") != strlen(bang + 1 + strspn(bang + 1,
		    "0123456789"))) {
			free(addr);
			return NULL;
		}
		*bang = '\0';
	}
	if (validate_mailaddr(addr, &norm, &cause) == -1) {
		free(cause);
		free(addr);
		return NULL;
	}
	free(addr);
	at = strrchr(norm, '@');
	d = xstrdup(at != NULL ? at + 1 : norm);
	free(norm);
	return d;
}

static const char *
dmarc_last2(const char *d)
{
	const char	*p = d + strlen(d), *dot = NULL;
	int		 n = 0;

	while (p > d) {
		p--;
		if (*p == '.' && ++n == 2) {
			dot = p + 1;
			break;
		}
	}
	return dot != NULL ? dot : d;
}

static int
dmarc_under(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b);

	if (strcasecmp(a, b) == 0)
		return 1;
	return la > lb && a[la - lb - 1] == '.' &&
	    strcasecmp(a + la - lb, b) == 0;
}

int
dmarc_external(const char *d, const char *rd)
{
	if (dmarc_under(rd, d) || dmarc_under(d, rd))
		return 0;
	return strcasecmp(dmarc_last2(d), dmarc_last2(rd)) != 0;
}

static void
dmarc_check_uris(char **v, size_t n, const char *tag, const char *domain,
    struct spf_findings *fs)
{
	char	*d;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if ((d = dmarc_uri_domain(v[i])) == NULL) {
			spf_findings_add(fs, "DM-09", SPF_SEV_MEDIUM,
			    _("Use mailto:address@domain (optionally "
			    "!size)."), _("_dmarc.%s: %s URI \"%s\" is not "
			    "a valid mailto: URI"), domain, tag, v[i]);
			continue;
		}
		free(d);
	}
}

void
dmarc_check(const struct dmarc_record *r, const char *domain,
    struct spf_findings *fs)
{
	int	rank = dmarc_rank(r->p);

	if (r->p == NULL)
		spf_findings_add(fs, "DM-02", SPF_SEV_HIGH,
		    _("Add p=none (then quarantine, then reject) right "
		    "after v=DMARC1."), _("_dmarc.%s: no p= tag: RFC 7489 "
		    "receivers ignore the record, RFC 9989 ones read it as "
		    "p=none"), domain);
	if (rank == 0 && r->nrua == 0)
		spf_findings_add(fs, "DM-03", SPF_SEV_MEDIUM,
		    _("Add rua=mailto:dmarc@<domain> to receive aggregate "
		    "reports."), _("_dmarc.%s: p=none without rua: "
		    "monitoring without any data"), domain);
	if (rank == 0)
		spf_findings_add(fs, "DM-04", SPF_SEV_INFO,
		    _("Once the reports show only your own servers, move to "
		    "p=quarantine and then p=reject."), _("_dmarc.%s: policy "
		    "none: monitoring only, nothing is rejected"), domain);
	else if (rank == 1)
		spf_findings_add(fs, "DM-10", SPF_SEV_INFO,
		    _("Move to p=reject when the reports stay clean."),
		    _("_dmarc.%s: policy quarantine: failing mail goes to "
		    "spam"), domain);
	if (r->t == 'y')
		spf_findings_add(fs, "DM-11", SPF_SEV_MEDIUM,
		    _("Remove t=y when the rollout is done."),
		    _("_dmarc.%s: t=y (RFC 9989 testing): receivers apply "
		    "one level less than p"), domain);
	if (r->pct >= 0 && r->pct < 100)
		spf_findings_add(fs, "DM-06", SPF_SEV_MEDIUM,
		    _("Remove pct (use t=y for testing)."),
		    _("_dmarc.%s: pct=%d: removed in RFC 9989 and applied "
		    "inconsistently"), domain, r->pct);
	else if (r->pct == 100)
		spf_findings_add(fs, "DM-06", SPF_SEV_INFO,
		    _("Remove pct=100 (it is the default and gone from RFC "
		    "9989)."), _("_dmarc.%s: pct is no longer part of DMARC "
		    "(RFC 9989)"), domain);
	if (r->sp != NULL && dmarc_rank(r->sp) < rank)
		spf_findings_add(fs, "DM-07", SPF_SEV_LOW,
		    _("Make sp= at least as strict as p= or remove it."),
		    _("_dmarc.%s: sp=%s is weaker than p=%s"), domain, r->sp,
		    r->p);
	if (r->np != NULL && dmarc_rank(r->np) < rank)
		spf_findings_add(fs, "DM-07", SPF_SEV_LOW,
		    _("Make np= at least as strict as p= or remove it."),
		    _("_dmarc.%s: np=%s is weaker than p=%s"), domain, r->np,
		    r->p);
	if (r->adkim == 's' || r->aspf == 's')
		spf_findings_add(fs, "DM-12", SPF_SEV_INFO,
		    _("Keep strict alignment only if every sender uses "
		    "exactly this domain."), _("_dmarc.%s: strict alignment "
		    "(adkim=%c, aspf=%c): subdomains do not align"), domain,
		    r->adkim, r->aspf);
	if (r->fo != NULL && r->nruf == 0)
		spf_findings_add(fs, "DM-13", SPF_SEV_LOW,
		    _("Remove fo= or add ruf=."), _("_dmarc.%s: fo= has no "
		    "effect without ruf="), domain);
	dmarc_check_uris(r->rua, r->nrua, "rua", domain, fs);
	dmarc_check_uris(r->ruf, r->nruf, "ruf", domain, fs);
}
