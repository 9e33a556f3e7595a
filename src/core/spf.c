/*
 * spf.c - SPF (RFC 7208): parse a record, lint it without DNS, and
 * evaluate it recursively over the probe engine: the 10 DNS-lookup and
 * 2 void-lookup limits through include/redirect/a/mx/exists/ptr, loops,
 * and whether the record authorizes the given IPv4 and IPv6 address.
 *
 * The evaluation is a walk over a cache of DNS answers: each walk runs
 * the whole tree in document order with what is known and asks for
 * what is missing; the missing queries of one level go out together,
 * the loop runs, and the walk starts again until nothing is missing.
 * The last, complete walk gives the counts in evaluation order, so the
 * term that went over a limit is named exactly.
 */
#include "mh.h"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <ares.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "probe.h"
#include "spf.h"

void
spf_findings_add(struct spf_findings *fs, const char *id, enum spf_sev sev,
    const char *fix, const char *fmt, ...)
{
	struct spf_finding	*f;
	va_list			 ap;

	fs->v = xreallocarray(fs->v, fs->n + 1, sizeof *fs->v);
	f = &fs->v[fs->n++];
	f->id = xstrdup(id);
	f->sev = sev;
	f->fix = xstrdup(fix != NULL ? fix : "");
	va_start(ap, fmt);
	xvasprintf(&f->text, fmt, ap);
	va_end(ap);
}

int
spf_findings_has(const struct spf_findings *fs, const char *id)
{
	size_t	i;

	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].id, id) == 0)
			return 1;
	return 0;
}

void
spf_findings_free(struct spf_findings *fs)
{
	size_t	i;

	for (i = 0; i < fs->n; i++) {
		free(fs->v[i].id);
		free(fs->v[i].text);
		free(fs->v[i].fix);
	}
	free(fs->v);
	fs->v = NULL;
	fs->n = 0;
}

const char *
spf_sev_name(enum spf_sev s)
{
	switch (s) {
	case SPF_SEV_INFO:
		return N_("info");
	case SPF_SEV_LOW:
		return N_("low");
	case SPF_SEV_MEDIUM:
		return N_("medium");
	case SPF_SEV_HIGH:
		return N_("high");
	case SPF_SEV_CRITICAL:
		return N_("critical");
	}
	return "?";
}

const char *
spf_res_name(enum spf_res r)
{
	static const char *const names[] = { "none", "neutral", "pass",
	    "fail", "softfail", "temperror", "permerror" };

	return names[r];
}

int
spf_is_spf(const char *s)
{
	return strncasecmp(s, "v=spf1", 6) == 0 &&
	    (s[6] == '\0' || s[6] == ' ');
}

/*
 * A domain-spec (RFC 7208 7.1): macro-string ending in "." toplabel or
 * a macro.  Counts the macros in *nmacro.  Returns 0 or -1.
 */
static int
spf_domain_spec(const char *s, int *nmacro)
{
	size_t		 i, len = strlen(s), last;
	const char	*top;
	int		 alpha, end_macro = 0;

	*nmacro = 0;
	if (len == 0 || len > 253 + 64)
		return -1;
	for (i = 0; i < len; i++) {
		end_macro = 0;
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e)
			return -1;
		if (s[i] != '%')
			continue;
		i++;
		if (s[i] == '%' || s[i] == '_' || s[i] == '-')
			continue;
		if (s[i] != '{')
			return -1;
		i++;
		if (strchr("slodiphcrtvSLODIPHCRTV", s[i]) == NULL ||
		    s[i] == '\0')
			return -1;
		i++;
		while (isdigit((unsigned char)s[i]))
			i++;
		if (s[i] == 'r' || s[i] == 'R')
			i++;
		while (s[i] != '\0' && strchr(".-+,/_=", s[i]) != NULL)
			i++;
		if (s[i] != '}')
			return -1;
		(*nmacro)++;
		end_macro = 1;
	}
	if (end_macro)
		return 0;
	last = len;
	if (s[last - 1] == '.')
		last--;
	top = NULL;
	for (i = last; i > 0; i--) {
		if (s[i - 1] == '.') {
			top = s + i;
			break;
		}
	}
	if (top == NULL || top == s + last)
		return -1;
	alpha = 0;
	for (; top < s + last; top++) {
		if (isalpha((unsigned char)*top))
			alpha = 1;
		else if (!isdigit((unsigned char)*top) && *top != '-')
			return -1;
	}
	return alpha ? 0 : -1;
}

/* "/n", "//m" or "/n//m" at s; -1 when bad. */
static int
spf_cidr(const char *s, int *c4, int *c6, int allow4, int allow6)
{
	char		*end;
	long		 v;

	if (*s == '\0')
		return 0;
	if (s[0] == '/' && s[1] != '/') {
		if (!allow4 || !isdigit((unsigned char)s[1]))
			return -1;
		v = strtol(s + 1, &end, 10);
		if (v < 0 || v > 32 ||
		    (s[1] == '0' && end - s > 2))
			return -1;
		*c4 = (int)v;
		s = end;
	}
	if (s[0] == '/' && s[1] == '/') {
		if (!allow6 || !isdigit((unsigned char)s[2]))
			return -1;
		v = strtol(s + 2, &end, 10);
		if (v < 0 || v > 128 || (s[2] == '0' && end - s > 3))
			return -1;
		*c6 = (int)v;
		s = end;
	}
	return *s == '\0' ? 0 : -1;
}

/* The prefix length after "ip4:a/" or "ip6:a/", at most *bits. */
static int
spf_prefix(const char *s, int *bits)
{
	char	*end;
	long	 v;

	if (!isdigit((unsigned char)*s) || (s[0] == '0' && s[1] != '\0'))
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < 0 || v > *bits)
		return -1;
	*bits = (int)v;
	return 0;
}

static int
spf_parse_term(struct spf_record *rec, char *tok, char **cause)
{
	struct spf_term	 t;
	char		*name, *arg = NULL, *slash, *p, qual = '+';
	int		 nm, need_arg = 0, allow_arg = 1, bits;
	size_t		 n;

	/* A modifier: name "=" macro-string, name = ALPHA *(ALNUM - _ .) */
	n = strcspn(tok, "=:/");
	if (tok[n] == '=' && n > 0 && isalpha((unsigned char)tok[0])) {
		for (p = tok; p < tok + n; p++)
			if (!isalnum((unsigned char)*p) &&
			    strchr("-_.", *p) == NULL)
				goto bad;
		tok[n] = '\0';
		arg = tok + n + 1;
		if (strcasecmp(tok, "redirect") == 0 ||
		    strcasecmp(tok, "exp") == 0) {
			if (spf_domain_spec(arg, &nm) == -1) {
				tok[n] = '=';
				goto bad;
			}
			rec->nmacros += nm;
			if (strcasecmp(tok, "redirect") == 0) {
				if (rec->redirect != NULL)
					goto dup;
				rec->redirect = xstrdup(arg);
				rec->redirect_macro = nm > 0;
			} else {
				if (rec->exp != NULL)
					goto dup;
				rec->exp = xstrdup(arg);
			}
		} else
			rec->nunknown++;
		tok[n] = '=';
		return 0;
	}

	memset(&t, 0, sizeof t);
	t.cidr4 = 32;
	t.cidr6 = 128;
	if (strchr("+-~?", tok[0]) != NULL)
		qual = *tok;
	name = tok + (qual != '+' || tok[0] == '+');
	n = strcspn(name, ":/");
	if (strncasecmp(name, "all", n) == 0 && n == 3) {
		t.mech = SPF_ALL;
		allow_arg = 0;
	} else if (strncasecmp(name, "include", n) == 0 && n == 7) {
		t.mech = SPF_INCLUDE;
		need_arg = 1;
	} else if (strncasecmp(name, "exists", n) == 0 && n == 6) {
		t.mech = SPF_EXISTS;
		need_arg = 1;
	} else if (strncasecmp(name, "a", n) == 0 && n == 1)
		t.mech = SPF_A;
	else if (strncasecmp(name, "mx", n) == 0 && n == 2)
		t.mech = SPF_MX;
	else if (strncasecmp(name, "ptr", n) == 0 && n == 3)
		t.mech = SPF_PTR;
	else if (strncasecmp(name, "ip4", n) == 0 && n == 3) {
		t.mech = SPF_IP4;
		need_arg = 1;
	} else if (strncasecmp(name, "ip6", n) == 0 && n == 3) {
		t.mech = SPF_IP6;
		need_arg = 1;
	} else {
		xasprintf(cause, _("unknown mechanism in \"%s\""), tok);
		return -1;
	}
	p = name + n;
	if (*p == ':') {
		if (!allow_arg)
			goto bad;
		arg = p + 1;
	} else if (need_arg || (*p == '/' && (t.mech == SPF_ALL ||
	    t.mech == SPF_PTR || t.mech == SPF_INCLUDE ||
	    t.mech == SPF_EXISTS)))
		goto bad;

	switch (t.mech) {
	case SPF_IP4:
	case SPF_IP6:
		arg = xstrdup(arg);
		slash = strchr(arg, '/');
		if (slash != NULL)
			*slash = '\0';
		if (inet_pton(t.mech == SPF_IP4 ? AF_INET : AF_INET6, arg,
		    t.addr) != 1) {
			free(arg);
			goto bad;
		}
		bits = t.mech == SPF_IP4 ? 32 : 128;
		if (slash != NULL && spf_prefix(slash + 1, &bits) == -1) {
			free(arg);
			goto bad;
		}
		if (t.mech == SPF_IP4)
			t.cidr4 = bits;
		else
			t.cidr6 = bits;
		free(arg);
		break;
	case SPF_A:
	case SPF_MX:
		if (*p == '/') {
			if (spf_cidr(p, &t.cidr4, &t.cidr6, 1, 1) == -1)
				goto bad;
			break;
		}
		if (arg == NULL)
			break;
		arg = xstrdup(arg);
		/* the cidr follows the domain-spec: split at "/" + digit */
		for (slash = arg; (slash = strchr(slash, '/')) != NULL;
		    slash++)
			if (isdigit((unsigned char)slash[1]) ||
			    slash[1] == '/')
				break;
		if (slash != NULL) {
			if (spf_cidr(slash, &t.cidr4, &t.cidr6, 1, 1) ==
			    -1) {
				free(arg);
				goto bad;
			}
			*slash = '\0';
		}
		if (spf_domain_spec(arg, &nm) == -1) {
			free(arg);
			goto bad;
		}
		t.domain = arg;
		t.macro = nm > 0;
		rec->nmacros += nm;
		break;
	case SPF_INCLUDE:
	case SPF_EXISTS:
	case SPF_PTR:
		if (arg == NULL)
			break;
		if (spf_domain_spec(arg, &nm) == -1)
			goto bad;
		t.domain = xstrdup(arg);
		t.macro = nm > 0;
		rec->nmacros += nm;
		break;
	case SPF_ALL:
		if (*p != '\0')
			goto bad;
		break;
	}
	t.qual = qual;
	t.text = xstrdup(tok);
	if (rec->nterms >= SPF_MAX_TERMS) {
		free(t.text);
		free(t.domain);
		xasprintf(cause, _("more than %d terms"), SPF_MAX_TERMS);
		return -1;
	}
	if (rec->all >= 0)
		rec->after_all++;
	if (t.mech == SPF_ALL && rec->all < 0)
		rec->all = (int)rec->nterms;
	if (t.mech == SPF_PTR)
		rec->nptr++;
	rec->terms = xreallocarray(rec->terms, rec->nterms + 1,
	    sizeof *rec->terms);
	rec->terms[rec->nterms++] = t;
	return 0;

dup:
	tok[n] = '=';
	xasprintf(cause, _("modifier given twice in \"%s\""), tok);
	return -1;
bad:
	xasprintf(cause, _("syntax error in \"%s\""), tok);
	return -1;
}

int
spf_parse(const char *text, struct spf_record *rec, char **cause)
{
	char	*copy = NULL, *p, *tok;
	int	 rv = -1;

	memset(rec, 0, sizeof *rec);
	rec->all = -1;
	if (strlen(text) > SPF_RECORD_CAP) {
		xasprintf(cause, _("record longer than %d bytes"),
		    SPF_RECORD_CAP);
		return -1;
	}
	if (!spf_is_spf(text)) {
		xasprintf(cause, _("does not start with \"v=spf1\""));
		return -1;
	}
	copy = xstrdup(text + 6);
	for (p = copy; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e) {
			xasprintf(cause, _("a control or non-ASCII byte at "
			    "offset %zu"), (size_t)(p - copy) + 6);
			goto out;
		}
	}
	p = copy;
	while ((tok = strsep(&p, " ")) != NULL) {
		if (*tok == '\0')
			continue;
		if (spf_parse_term(rec, tok, cause) == -1)
			goto out;
	}
	rv = 0;
out:
	free(copy);
	if (rv == -1)
		spf_record_clear(rec);
	return rv;
}

void
spf_record_clear(struct spf_record *rec)
{
	size_t	i;

	for (i = 0; i < rec->nterms; i++) {
		free(rec->terms[i].text);
		free(rec->terms[i].domain);
	}
	free(rec->terms);
	free(rec->redirect);
	free(rec->exp);
	memset(rec, 0, sizeof *rec);
	rec->all = -1;
}

void
spf_lint(const struct spf_record *rec, const char *domain,
    struct spf_findings *fs)
{
	const struct spf_term	*all = NULL;

	if (rec->all >= 0)
		all = &rec->terms[rec->all];
	if (all != NULL && all->qual == '+')
		spf_findings_add(fs, "SPF-03", SPF_SEV_CRITICAL,
		    _("End the record with -all (or ~all while rolling "
		    "out)."), _("%s: \"%s\" authorizes every host on the "
		    "Internet to send as this domain"), domain, all->text);
	else if (all != NULL && all->qual == '?')
		spf_findings_add(fs, "SPF-04", SPF_SEV_HIGH,
		    _("Use -all (or ~all while rolling out)."),
		    _("%s: \"?all\" asserts nothing (neutral)"), domain);
	else if (all == NULL && rec->redirect == NULL)
		spf_findings_add(fs, "SPF-05", SPF_SEV_MEDIUM,
		    _("Add -all (or ~all) at the end of the record."),
		    _("%s: no \"all\" and no redirect: the default result is "
		    "neutral"), domain);
	else if (all != NULL && all->qual == '~')
		spf_findings_add(fs, "SPF-06", SPF_SEV_INFO,
		    _("Move to -all once every sender is listed."),
		    _("%s: ~all (softfail) is a rollout setting"), domain);
	if (rec->nptr > 0)
		spf_findings_add(fs, "SPF-08", SPF_SEV_MEDIUM,
		    _("Replace ptr with ip4:/ip6: or a/mx terms."),
		    _("%s: the ptr mechanism is slow and unreliable; RFC "
		    "7208 5.5 says it should not be published"), domain);
	if (rec->after_all > 0)
		spf_findings_add(fs, "SPF-09", SPF_SEV_LOW,
		    _("Move every term before \"all\"."),
		    P_("%s: %d term after \"all\" is ignored",
		    "%s: %d terms after \"all\" are ignored", rec->after_all),
		    domain, rec->after_all);
	if (all != NULL && rec->redirect != NULL)
		spf_findings_add(fs, "SPF-17", SPF_SEV_LOW,
		    _("Remove either redirect= or all."),
		    _("%s: redirect= is ignored when the record has \"all\""),
		    domain);
	if (rec->nmacros > 0)
		spf_findings_add(fs, "SPF-15", SPF_SEV_INFO,
		    _("Check the macros by hand: they depend on each "
		    "message and are not expanded here."),
		    P_("%s: %d macro left unexpanded; terms with macros "
		    "are counted but not looked up", "%s: %d macros left "
		    "unexpanded; terms with macros are counted but not looked "
		    "up", rec->nmacros), domain, rec->nmacros);
}

/* The evaluation. */

struct spf_q {
	char		*name;
	int		 type;
	int		 done;
	int		 status;
	char		**answers;
	size_t		 nanswers;
	int		 ttl;
	char		*server;
};

struct spf_ev {
	struct probe_loop *loop;
	struct spf_q	**q;
	size_t		 nq;
	int		 overflow;
	unsigned char	 a4[4], a6[16];
	int		 has4, has6;
	/* one walk */
	int		 pending;
	int		 lookups, voids;
	int		 stop;		/* a limit was hit: walk is over */
	int		 temp;
	char		*over_by, *void_by, *why;
	struct spf_findings fs;
	const char	*stack[SPF_MAX_DEPTH + 1];
	int		 depth;
};

struct spf_qref {
	struct spf_ev	*ev;
	size_t		 i;
};

static void
spf_dns_cb(struct probe_loop *l, const struct probe_dns_result *r,
    void *arg)
{
	struct spf_qref	*ref = arg;
	struct spf_q	*q = ref->ev->q[ref->i];
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

/* The answer for (name, type), or NULL while it is being asked. */
static struct spf_q *
spf_get(struct spf_ev *ev, const char *name, int type)
{
	struct spf_qref	*ref;
	size_t		 i;

	for (i = 0; i < ev->nq; i++) {
		if (ev->q[i]->type == type &&
		    strcasecmp(ev->q[i]->name, name) == 0) {
			if (!ev->q[i]->done)
				ev->pending++;
			return ev->q[i]->done ? ev->q[i] : NULL;
		}
	}
	if (ev->nq >= SPF_MAX_QUERIES) {
		ev->overflow = 1;
		return NULL;
	}
	ev->q = xreallocarray(ev->q, ev->nq + 1, sizeof *ev->q);
	ev->q[ev->nq] = xcalloc(1, sizeof *ev->q[ev->nq]);
	ev->q[ev->nq]->name = xstrdup(name);
	ev->q[ev->nq]->type = type;
	ref = xmalloc(sizeof *ref);
	ref->ev = ev;
	ref->i = ev->nq++;
	ev->pending++;
	if (probe_dns(ev->loop, name, type, spf_dns_cb, ref) == -1) {
		free(ref);
		ev->q[ev->nq - 1]->done = 1;
		ev->q[ev->nq - 1]->status = ARES_ESERVFAIL;
		ev->q[ev->nq - 1]->server = xstrdup("?");
		ev->pending--;
		return ev->q[ev->nq - 1];
	}
	return NULL;
}

static int
spf_q_void(const struct spf_q *q)
{
	return q->status == ARES_ENOTFOUND || q->status == ARES_ENODATA ||
	    (q->status == ARES_SUCCESS && q->nanswers == 0);
}

static int
spf_q_failed(const struct spf_q *q)
{
	return !spf_q_void(q) && q->status != ARES_SUCCESS;
}

static void
spf_permerror(struct spf_ev *ev, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
spf_permerror(struct spf_ev *ev, const char *fmt, ...)
{
	va_list	ap;

	if (ev->why != NULL)
		return;
	va_start(ap, fmt);
	xvasprintf(&ev->why, fmt, ap);
	va_end(ap);
}

/* Count one DNS-querying term; 1 when the limit is now passed. */
static int
spf_count(struct spf_ev *ev, const char *domain, const char *term)
{
	if (ev->stop)
		return 1;
	if (++ev->lookups > SPF_MAX_LOOKUPS) {
		xasprintf(&ev->over_by, "%s (%s)", term, domain);
		spf_permerror(ev, _("more than %d DNS lookups: lookup "
		    "number %d is %s in the record of %s"), SPF_MAX_LOOKUPS,
		    ev->lookups, term, domain);
		ev->stop = 1;
		return 1;
	}
	return 0;
}

static int
spf_void(struct spf_ev *ev, const char *domain, const char *term)
{
	if (ev->stop)
		return 1;
	if (++ev->voids > SPF_MAX_VOID) {
		xasprintf(&ev->void_by, "%s (%s)", term, domain);
		spf_permerror(ev, _("more than %d void lookups: void "
		    "lookup number %d is %s in the record of %s"), SPF_MAX_VOID,
		    ev->voids, term, domain);
		ev->stop = 1;
		return 1;
	}
	return 0;
}

static int
spf_prefix_match(const unsigned char *a, const unsigned char *net,
    int bits)
{
	int	i;

	for (i = 0; i < bits / 8; i++)
		if (a[i] != net[i])
			return 0;
	if (bits % 8 != 0) {
		unsigned char	m = (unsigned char)(0xff << (8 - bits % 8));

		if ((a[i] & m) != (net[i] & m))
			return 0;
	}
	return 1;
}

/* Does any address answer of q match our address (family fam)? */
static int
spf_addr_match(const struct spf_ev *ev, const struct spf_q *q, int fam,
    int bits)
{
	unsigned char	 n[16];
	size_t		 i;

	if (q == NULL)
		return 0;
	for (i = 0; i < q->nanswers; i++) {
		if (inet_pton(fam, q->answers[i], n) != 1)
			continue;
		if (spf_prefix_match(fam == AF_INET ? ev->a4 : ev->a6, n,
		    bits))
			return 1;
	}
	return 0;
}

static enum spf_res
spf_qual_res(char q)
{
	switch (q) {
	case '-':
		return SPF_RES_FAIL;
	case '~':
		return SPF_RES_SOFTFAIL;
	case '?':
		return SPF_RES_NEUTRAL;
	default:
		return SPF_RES_PASS;
	}
}

static void	spf_walk(struct spf_ev *, const char *, const char *,
		    enum spf_res *);

/*
 * A/AAAA of name for an a or mx term: returns 1 when both are known,
 * sets *isvoid when neither has an answer, m[0]/m[1] the matches.
 */
static int
spf_addrs(struct spf_ev *ev, const char *name, const struct spf_term *t,
    int *isvoid, int *m, int *failed)
{
	struct spf_q	*qa, *qaaaa;

	qa = spf_get(ev, name, ns_t_a);
	qaaaa = spf_get(ev, name, ns_t_aaaa);
	if (qa == NULL || qaaaa == NULL)
		return 0;
	*isvoid = spf_q_void(qa) && spf_q_void(qaaaa);
	*failed = spf_q_failed(qa) || spf_q_failed(qaaaa);
	m[0] = ev->has4 && spf_addr_match(ev, qa, AF_INET, t->cidr4);
	m[1] = ev->has6 && spf_addr_match(ev, qaaaa, AF_INET6, t->cidr6);
	return 1;
}

/* One term; m[0], m[1] whether it matches; -1 on an error result. */
static void
spf_term(struct spf_ev *ev, const char *domain, const struct spf_term *t,
    int *m, enum spf_res *err)
{
	const char	*target = t->domain != NULL ? t->domain : domain;
	struct spf_q	*q;
	enum spf_res	 child[2];
	char		*name;
	int		 isvoid, failed, mm[2], k;
	size_t		 i, nnames;

	m[0] = m[1] = 0;
	switch (t->mech) {
	case SPF_ALL:
		m[0] = m[1] = 1;
		return;
	case SPF_IP4:
		m[0] = ev->has4 && spf_prefix_match(ev->a4, t->addr,
		    t->cidr4);
		return;
	case SPF_IP6:
		m[1] = ev->has6 && spf_prefix_match(ev->a6, t->addr,
		    t->cidr6);
		return;
	case SPF_PTR:
		spf_count(ev, domain, t->text);
		return;
	case SPF_EXISTS:
		if (spf_count(ev, domain, t->text) || t->macro)
			return;
		if ((q = spf_get(ev, target, ns_t_a)) == NULL)
			return;
		if (spf_q_void(q))
			spf_void(ev, domain, t->text);
		else if (spf_q_failed(q))
			ev->temp = 1;
		else
			m[0] = m[1] = 1;
		return;
	case SPF_A:
		if (spf_count(ev, domain, t->text) || t->macro)
			return;
		if (!spf_addrs(ev, target, t, &isvoid, m, &failed))
			return;
		if (failed)
			ev->temp = 1;
		else if (isvoid)
			spf_void(ev, domain, t->text);
		return;
	case SPF_MX:
		if (spf_count(ev, domain, t->text) || t->macro)
			return;
		if ((q = spf_get(ev, target, ns_t_mx)) == NULL)
			return;
		if (spf_q_failed(q)) {
			ev->temp = 1;
			return;
		}
		if (spf_q_void(q)) {
			spf_void(ev, domain, t->text);
			return;
		}
		nnames = q->nanswers;
		if (nnames > SPF_MAX_MX_NAMES) {
			spf_permerror(ev, _("%s in the record of %s has %zu "
			    "MX names (at most %d)"), t->text, domain,
			    nnames, SPF_MAX_MX_NAMES);
			*err = SPF_RES_PERMERROR;
			nnames = SPF_MAX_MX_NAMES;
		}
		for (i = 0; i < nnames && !ev->stop; i++) {
			name = strchr(q->answers[i], ' ');
			name = name != NULL ? name + 1 : q->answers[i];
			xasprintf(&name, "%s", name);
			k = (int)strlen(name);
			if (k > 0 && name[k - 1] == '.')
				name[k - 1] = '\0';
			/* each MX name's address lookup counts (4.6.4) */
			if (*name == '\0' || spf_count(ev, domain, t->text)) {
				free(name);
				continue;
			}
			if (spf_addrs(ev, name, t, &isvoid, mm, &failed)) {
				if (failed)
					ev->temp = 1;
				else if (isvoid)
					spf_void(ev, domain, t->text);
				m[0] |= mm[0];
				m[1] |= mm[1];
			}
			free(name);
		}
		return;
	case SPF_INCLUDE:
		if (spf_count(ev, domain, t->text) || t->macro)
			return;
		spf_walk(ev, target, t->text, child);
		for (k = 0; k < 2; k++) {
			if (child[k] == SPF_RES_PASS)
				m[k] = 1;
			else if (child[k] == SPF_RES_NONE ||
			    child[k] == SPF_RES_PERMERROR)
				*err = SPF_RES_PERMERROR;
			else if (child[k] == SPF_RES_TEMPERROR &&
			    *err != SPF_RES_PERMERROR)
				*err = SPF_RES_TEMPERROR;
		}
		return;
	}
}

/*
 * Evaluate the record at domain (reached through via, NULL at the
 * top); res[0], res[1] get the result for our IPv4 and IPv6 address.
 */
static void
spf_walk(struct spf_ev *ev, const char *domain, const char *via,
    enum spf_res *res)
{
	struct spf_record	 rec;
	struct spf_q		*q;
	struct buf		 b;
	enum spf_res		 err, sub[2];
	const char		*txt = NULL;
	char			*cause = NULL;
	int			 m[2], done[2] = { 0, 0 }, i, k, n;
	size_t			 j;

	res[0] = res[1] = SPF_RES_NEUTRAL;
	for (i = 0; i < ev->depth; i++) {
		if (strcasecmp(ev->stack[i], domain) == 0) {
			buf_init(&b, 1024);
			for (k = 0; k < ev->depth; k++)
				buf_printf(&b, "%s -> ", ev->stack[k]);
			buf_adds(&b, domain);
			spf_permerror(ev, _("include loop: %s (at %s)"),
			    buf_str(&b), via);
			if (!spf_findings_has(&ev->fs, "SPF-16"))
				spf_findings_add(&ev->fs, "SPF-16",
				    SPF_SEV_CRITICAL, _("Remove the include "
				    "or redirect that points back."),
				    _("include loop: %s"), buf_str(&b));
			buf_clear(&b);
			res[0] = res[1] = SPF_RES_PERMERROR;
			return;
		}
	}
	if (ev->depth >= SPF_MAX_DEPTH) {
		spf_permerror(ev, _("includes nested deeper than %d"),
		    SPF_MAX_DEPTH);
		res[0] = res[1] = SPF_RES_PERMERROR;
		return;
	}
	if ((q = spf_get(ev, domain, ns_t_txt)) == NULL)
		return;
	if (spf_q_failed(q)) {
		ev->temp = 1;
		res[0] = res[1] = SPF_RES_TEMPERROR;
		return;
	}
	n = 0;
	for (j = 0; j < q->nanswers; j++) {
		if (spf_is_spf(q->answers[j])) {
			n++;
			txt = q->answers[j];
		}
	}
	if (via != NULL && spf_q_void(q))
		spf_void(ev, domain, via);
	if (n == 0) {
		res[0] = res[1] = SPF_RES_NONE;
		if (via != NULL) {
			spf_permerror(ev, _("%s: %s has no SPF record"), via,
			    domain);
			if (!spf_findings_has(&ev->fs, "SPF-12"))
				spf_findings_add(&ev->fs, "SPF-12",
				    SPF_SEV_HIGH, _("Remove the term or fix "
				    "the name."), _("%s: the target %s has no "
				    "SPF record (permerror)"), via, domain);
		}
		return;
	}
	if (n > 1) {
		spf_permerror(ev, _("%s has %d SPF records"), domain, n);
		spf_findings_add(&ev->fs, "SPF-02", SPF_SEV_CRITICAL,
		    _("Merge them into one v=spf1 record."),
		    _("%s has %d v=spf1 records (permerror)"), domain, n);
		res[0] = res[1] = SPF_RES_PERMERROR;
		return;
	}
	if (spf_parse(txt, &rec, &cause) == -1) {
		spf_permerror(ev, _("%s: %s"), domain, cause);
		spf_findings_add(&ev->fs, "SPF-00", SPF_SEV_CRITICAL,
		    _("Correct the record's syntax."), _("%s: %s "
		    "(permerror)"), domain, cause);
		free(cause);
		res[0] = res[1] = SPF_RES_PERMERROR;
		return;
	}
	if (via == NULL)
		spf_lint(&rec, domain, &ev->fs);

	ev->stack[ev->depth++] = domain;
	err = SPF_RES_NONE;
	for (j = 0; j < rec.nterms && !ev->stop; j++) {
		if (rec.all >= 0 && (int)j > rec.all)
			break;
		spf_term(ev, domain, &rec.terms[j], m, &err);
		for (k = 0; k < 2; k++) {
			if (done[k])
				continue;
			if (err != SPF_RES_NONE) {
				res[k] = err;
				done[k] = 1;
			} else if (m[k]) {
				res[k] = spf_qual_res(rec.terms[j].qual);
				done[k] = 1;
			}
		}
		err = SPF_RES_NONE;
	}
	if (rec.redirect != NULL && rec.all < 0 && !ev->stop) {
		char	*term;

		xasprintf(&term, "redirect=%s", rec.redirect);
		if (!spf_count(ev, domain, term) && !rec.redirect_macro) {
			spf_walk(ev, rec.redirect, term, sub);
			for (k = 0; k < 2; k++) {
				if (done[k])
					continue;
				res[k] = sub[k] == SPF_RES_NONE ?
				    SPF_RES_PERMERROR : sub[k];
				done[k] = 1;
			}
		}
		free(term);
	}
	ev->depth--;
	spf_record_clear(&rec);
}

static void
spf_ev_reset(struct spf_ev *ev)
{
	ev->pending = 0;
	ev->lookups = ev->voids = 0;
	ev->stop = ev->temp = 0;
	free(ev->over_by);
	free(ev->void_by);
	free(ev->why);
	ev->over_by = ev->void_by = ev->why = NULL;
	spf_findings_free(&ev->fs);
	ev->depth = 0;
}

static void
spf_ev_free(struct spf_ev *ev)
{
	size_t	i, j;

	for (i = 0; i < ev->nq; i++) {
		free(ev->q[i]->name);
		free(ev->q[i]->server);
		for (j = 0; j < ev->q[i]->nanswers; j++)
			free(ev->q[i]->answers[j]);
		free(ev->q[i]->answers);
		free(ev->q[i]);
	}
	free(ev->q);
}

static const char *
spf_type_name(int type)
{
	switch (type) {
	case ns_t_a:
		return "A";
	case ns_t_aaaa:
		return "AAAA";
	case ns_t_mx:
		return "MX";
	default:
		return "TXT";
	}
}

int
spf_eval(struct probe_loop *loop, const char *domain, const char *ipv4,
    const char *ipv6, struct spf_result *r, char **cause)
{
	struct spf_ev	 ev;
	struct spf_q	*q;
	struct buf	 b;
	enum spf_res	 res[2];
	size_t		 i, j;
	int		 iter;

	memset(r, 0, sizeof *r);
	memset(&ev, 0, sizeof ev);
	ev.loop = loop;
	if (ipv4 != NULL && inet_pton(AF_INET, ipv4, ev.a4) == 1)
		ev.has4 = 1;
	if (ipv6 != NULL && inet_pton(AF_INET6, ipv6, ev.a6) == 1)
		ev.has6 = 1;
	for (iter = 0; iter < 4 * SPF_MAX_DEPTH; iter++) {
		spf_ev_reset(&ev);
		spf_walk(&ev, domain, NULL, res);
		if (ev.pending == 0 || ev.overflow)
			break;
		probe_loop_run(loop, -1);
	}
	if (ev.pending != 0 && !ev.overflow) {
		xasprintf(cause, _("the SPF evaluation did not finish"));
		spf_ev_reset(&ev);
		goto fail;
	}

	r->lookups = ev.lookups;
	r->voids = ev.voids;
	r->over_by = ev.over_by;
	r->void_by = ev.void_by;
	r->why = ev.why;
	r->findings = ev.fs;
	r->has4 = ev.has4;
	r->has6 = ev.has6;
	r->res4 = res[0];
	r->res6 = res[1];
	q = ev.nq > 0 ? ev.q[0] : NULL;
	if (q != NULL && q->done) {
		r->server = xstrdup(q->server != NULL ? q->server : "?");
		r->ttl = q->ttl;
		for (i = 0; i < q->nanswers; i++) {
			if (spf_is_spf(q->answers[i])) {
				r->nrecords++;
				if (r->record == NULL)
					r->record = xstrdup(q->answers[i]);
			}
		}
	}
	if (ev.overflow) {
		r->verdict = "temperror";
		if (r->why == NULL)
			xasprintf(&r->why, _("more than %d queries"),
			    SPF_MAX_QUERIES);
	} else if (r->nrecords == 0 && q != NULL && spf_q_failed(q))
		r->verdict = "temperror";
	else if (r->nrecords == 0)
		r->verdict = "none";
	else if (r->why != NULL)
		r->verdict = "permerror";
	else if (ev.temp)
		r->verdict = "temperror";
	else
		r->verdict = "valid";
	if (r->nrecords == 0 && strcmp(r->verdict, "none") == 0)
		spf_findings_add(&r->findings, "SPF-01", SPF_SEV_HIGH,
		    _("Publish one TXT record \"v=spf1 mx ip4:... -all\" at "
		    "the domain (see `mailharden records generate`)."),
		    _("%s has no SPF record"), domain);
	if (r->over_by != NULL || r->void_by != NULL)
		spf_findings_add(&r->findings, "SPF-07", SPF_SEV_CRITICAL,
		    _("Replace includes and a/mx terms with ip4:/ip6: "
		    "ranges, or remove unused includes."), "%s", r->why);
	if (strcmp(r->verdict, "valid") == 0) {
		if (ev.has4 && r->res4 != SPF_RES_PASS)
			spf_findings_add(&r->findings, "SPF-10",
			    SPF_SEV_HIGH, _("Add ip4:<address> (or mx/a when "
			    "they resolve to it) before \"all\"."),
			    _("the record does not authorize %s (result "
			    "%s)"), ipv4, spf_res_name(r->res4));
		if (ev.has6 && r->res6 != SPF_RES_PASS)
			spf_findings_add(&r->findings, "SPF-10",
			    SPF_SEV_HIGH, _("Add ip6:<address> (or mx/a when "
			    "they resolve to it) before \"all\"."),
			    _("the record does not authorize %s (result "
			    "%s)"), ipv6, spf_res_name(r->res6));
	}

	for (i = 0; i < ev.nq; i++) {
		q = ev.q[i];
		buf_init(&b, 4096);
		buf_printf(&b, "%s %s: ", q->name, spf_type_name(q->type));
		if (q->nanswers == 0)
			buf_adds(&b, ares_strerror(q->status));
		for (j = 0; j < q->nanswers; j++)
			buf_printf(&b, "%s\"%s\"", j > 0 ? " " : "",
			    q->answers[j]);
		buf_printf(&b, " (%s, ttl %d)", q->server != NULL ?
		    q->server : "?", q->ttl);
		r->trace = xreallocarray(r->trace, r->ntrace + 1,
		    sizeof *r->trace);
		r->trace[r->ntrace++] = buf_steal(&b);
	}
	ev.over_by = ev.void_by = ev.why = NULL;
	memset(&ev.fs, 0, sizeof ev.fs);
	spf_ev_free(&ev);
	return 0;

fail:
	spf_ev_free(&ev);
	return -1;
}

void
spf_result_clear(struct spf_result *r)
{
	size_t	i;

	free(r->record);
	free(r->server);
	free(r->over_by);
	free(r->void_by);
	free(r->why);
	spf_findings_free(&r->findings);
	for (i = 0; i < r->ntrace; i++)
		free(r->trace[i]);
	free(r->trace);
	memset(r, 0, sizeof *r);
}
