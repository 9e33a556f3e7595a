/*
 * fwparse.c - parse iptables-save, nft list ruleset, ufw status and
 * firewall-cmd --state output, and decide which firewall filters
 * inbound traffic and which frontends conflict.
 *
 * The parsers are strict: output these tools never print (garbage, a
 * truncated capture, unbalanced braces) is an error with the line
 * number, never a guess.
 */
#include "mh.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fwparse.h"
#include "rootfs.h"

/* Next white-space separated token of *p (in place), NULL at the end. */
static char *
fwparse_tok(char **p)
{
	char	*s = *p, *t;

	while (*s != '\0' && isspace((unsigned char)*s))
		s++;
	if (*s == '\0') {
		*p = s;
		return NULL;
	}
	t = s;
	while (*s != '\0' && !isspace((unsigned char)*s))
		s++;
	if (*s != '\0')
		*s++ = '\0';
	*p = s;
	return t;
}

static int
fwparse_name_ok(const char *s, size_t max)
{
	size_t	n = strlen(s);

	if (n == 0 || n >= max)
		return 0;
	for (; *s != '\0'; s++)
		if (!isgraph((unsigned char)*s))
			return 0;
	return 1;
}

static int
fwparse_prefix(const char *s, const char *pfx)
{
	return strncmp(s, pfx, strlen(pfx)) == 0;
}

static int
fwparse_ipt_is_docker(const char *chain, const char *rule)
{
	return fwparse_prefix(chain, "DOCKER") ||
	    strstr(rule, "-j DOCKER") != NULL ||
	    strstr(rule, "-g DOCKER") != NULL ||
	    strstr(rule, "-i docker0") != NULL ||
	    strstr(rule, "-o docker0") != NULL;
}

int
fwparse_ipt(const char *text, struct fwparse_ipt *ipt, char **cause)
{
	char		*copy, *p, *line, *chain, *pol, *rest, *table = NULL;
	unsigned long	 lineno = 0;
	int		 rc = -1, filter = 0;

	memset(ipt, 0, sizeof *ipt);
	p = copy = xstrdup(text);
	while ((line = mh_next_line(&p)) != NULL) {
		lineno++;
		line = mh_trim(line);
		if (*line == '\0')
			continue;
		if (*line == '#') {
			if (strstr(line, "iptables-legacy tables present") !=
			    NULL)
				ipt->legacy_warning = 1;
			continue;
		}
		if (*line == '*') {
			if (table != NULL) {
				xasprintf(cause, _("line %lu: table %s has no "
				    "COMMIT"), lineno, table);
				goto out;
			}
			if (!fwparse_name_ok(line + 1, FWPARSE_NAME) ||
			    ipt->ntables == FWPARSE_IPT_TABLES)
				goto bad;
			table = ipt->tables[ipt->ntables++];
			memcpy(table, line + 1, strlen(line + 1) + 1);
			filter = strcmp(table, "filter") == 0;
			continue;
		}
		if (table == NULL)
			goto bad;
		if (strcmp(line, "COMMIT") == 0) {
			table = NULL;
			continue;
		}
		if (*line == ':') {
			rest = line + 1;
			chain = fwparse_tok(&rest);
			pol = fwparse_tok(&rest);
			if (chain == NULL || pol == NULL ||
			    !fwparse_name_ok(chain, FWPARSE_NAME) ||
			    !fwparse_name_ok(pol, FWPARSE_NAME))
				goto bad;
			if (fwparse_prefix(chain, "DOCKER"))
				ipt->docker_chains++;
			if (fwparse_prefix(chain, "ufw-") ||
			    fwparse_prefix(chain, "ufw6-"))
				ipt->ufw_chains++;
			if (strcmp(chain, "ufw-user-input") == 0 ||
			    strcmp(chain, "ufw6-user-input") == 0)
				ipt->ufw_user_input = 1;
			if (strcmp(chain, "INPUT_direct") == 0 ||
			    strcmp(chain, "INPUT_ZONES") == 0)
				ipt->fwd_chains++;
			if (filter && strcmp(chain, "INPUT") == 0)
				memcpy(ipt->input_policy, pol,
				    strlen(pol) + 1);
			continue;
		}
		if (strncmp(line, "-A ", 3) == 0) {
			rest = line + 3;
			chain = fwparse_tok(&rest);
			if (chain == NULL || !fwparse_name_ok(chain,
			    FWPARSE_NAME))
				goto bad;
			if (fwparse_ipt_is_docker(chain, rest))
				ipt->docker_rules++;
			else if (filter && strcmp(chain, "OUTPUT") != 0) {
				if (ipt->rules < INT_MAX)
					ipt->rules++;
				if (strcmp(chain, "INPUT") == 0 &&
				    ipt->input_rules < INT_MAX)
					ipt->input_rules++;
			}
			continue;
		}
		goto bad;
	}
	if (table != NULL) {
		xasprintf(cause, _("output ends inside table %s (no COMMIT): "
		    "truncated"), table);
		goto out;
	}
	rc = 0;
	goto out;
bad:
	xasprintf(cause, _("line %lu not understood: %.60s"), lineno, line);
out:
	free(copy);
	return rc;
}

int
fwparse_ipt_has_table(const struct fwparse_ipt *ipt, const char *name)
{
	size_t	i;

	for (i = 0; i < ipt->ntables; i++)
		if (strcmp(ipt->tables[i], name) == 0)
			return 1;
	return 0;
}

/* Brace balance of a line, ignoring braces inside "strings". */
static int
fwparse_braces(const char *s)
{
	int	d = 0, q = 0;

	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0')
			s++;
		else if (*s == '"')
			q = !q;
		else if (!q && *s == '{')
			d++;
		else if (!q && *s == '}')
			d--;
	}
	return d;
}

static char *
fwparse_unquote(char *s)
{
	size_t	n = strlen(s);

	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s[n - 1] = '\0';
		s++;
	}
	return s;
}

static int
fwparse_nft_family_ok(const char *f)
{
	static const char	*fams[] = {
		"ip", "ip6", "inet", "arp", "bridge", "netdev"
	};
	size_t			 i;

	for (i = 0; i < nitems(fams); i++)
		if (strcmp(f, fams[i]) == 0)
			return 1;
	return 0;
}

/* The "type filter hook input priority 0; policy drop;" line. */
static void
fwparse_nft_chain_type(char *line, char *type, char *hook, char *policy)
{
	char	*tok, *p = line, *prev = NULL;
	size_t	 n;

	while ((tok = fwparse_tok(&p)) != NULL) {
		n = strcspn(tok, ";");
		tok[n] = '\0';
		if (prev != NULL && strlen(tok) < FWPARSE_NAME) {
			if (strcmp(prev, "type") == 0)
				memcpy(type, tok, strlen(tok) + 1);
			else if (strcmp(prev, "hook") == 0)
				memcpy(hook, tok, strlen(tok) + 1);
			else if (strcmp(prev, "policy") == 0)
				memcpy(policy, tok, strlen(tok) + 1);
		}
		prev = tok;
	}
}

static void
fwparse_nft_end_chain(struct fwparse_nft_table *t, const char *family,
    const char *type, const char *hook, const char *policy, int rules)
{
	t->chains++;
	if (t->rules < INT_MAX - rules)
		t->rules += rules;
	if (strcmp(type, "filter") != 0 || strcmp(hook, "input") != 0)
		return;
	if (strcmp(family, "ip") != 0 && strcmp(family, "ip6") != 0 &&
	    strcmp(family, "inet") != 0)
		return;
	t->input_chains++;
	if (t->input_rules < INT_MAX - rules)
		t->input_rules += rules;
	if (strcmp(policy, "drop") == 0)
		t->input_drop = 1;
}

int
fwparse_nft(const char *text, struct fwparse_nft *nft, char **cause)
{
	struct fwparse_nft_table	*t = NULL;
	char				*copy, *p, *line, *q, *kw, *fam, *nm;
	char				 type[FWPARSE_NAME], hook[FWPARSE_NAME];
	char				 policy[FWPARSE_NAME];
	unsigned long			 lineno = 0;
	int				 depth = 0, delta, in_chain = 0;
	int				 rules = 0, rc = -1;

	memset(nft, 0, sizeof *nft);
	p = copy = xstrdup(text);
	while ((line = mh_next_line(&p)) != NULL) {
		lineno++;
		line = mh_trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		delta = fwparse_braces(line);
		if (depth == 0) {
			q = line;
			kw = fwparse_tok(&q);
			fam = fwparse_tok(&q);
			nm = fwparse_tok(&q);
			if (kw == NULL || strcmp(kw, "table") != 0 ||
			    fam == NULL || !fwparse_nft_family_ok(fam) ||
			    nm == NULL || delta != 1 ||
			    fwparse_tok(&q) == NULL)
				goto bad;
			nm = fwparse_unquote(nm);
			if (!fwparse_name_ok(nm, 257))
				goto bad;
			if (nft->n == FWPARSE_MAX_TABLES) {
				xasprintf(cause, _("more than %d tables"),
				    FWPARSE_MAX_TABLES);
				goto out;
			}
			nft->t = xreallocarray(nft->t, nft->n + 1,
			    sizeof *nft->t);
			t = &nft->t[nft->n++];
			memset(t, 0, sizeof *t);
			t->family = xstrdup(fam);
			t->name = xstrdup(nm);
		} else if (depth == 1 && delta > 0) {
			in_chain = strncmp(line, "chain ", 6) == 0;
			if (in_chain) {
				*type = *hook = *policy = '\0';
				rules = 0;
			}
			if (in_chain && delta != 1)
				goto bad;
		} else if (depth == 2 && in_chain) {
			if (strcmp(line, "}") == 0) {
				fwparse_nft_end_chain(t, t->family, type, hook,
				    policy, rules);
				in_chain = 0;
			} else if (strncmp(line, "type ", 5) == 0 ||
			    strncmp(line, "policy ", 7) == 0)
				fwparse_nft_chain_type(line, type, hook,
				    policy);
			else if (strncmp(line, "comment ", 8) != 0 &&
			    strncmp(line, "devices ", 8) != 0 &&
			    *line != '}' && rules < INT_MAX)
				rules++;
		}
		depth += delta;
		if (depth < 0 || depth > 64)
			goto bad;
	}
	if (depth != 0) {
		xasprintf(cause, _("output ends inside a block (unbalanced "
		    "braces): truncated"));
		goto out;
	}
	rc = 0;
	goto out;
bad:
	xasprintf(cause, _("line %lu not understood: %.60s"), lineno, line);
out:
	if (rc == -1)
		fwparse_nft_free(nft);
	free(copy);
	return rc;
}

void
fwparse_nft_free(struct fwparse_nft *nft)
{
	size_t	i;

	for (i = 0; i < nft->n; i++) {
		free(nft->t[i].family);
		free(nft->t[i].name);
	}
	free(nft->t);
	nft->t = NULL;
	nft->n = 0;
}

static int
fwparse_ipt_table_name(const char *name)
{
	static const char	*names[] = {
		"filter", "nat", "mangle", "raw", "security"
	};
	size_t			 i;

	for (i = 0; i < nitems(names); i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

void
fwparse_nft_owners(struct fwparse_nft *nft, const struct fwparse_ipt *v4,
    const struct fwparse_ipt *v6)
{
	struct fwparse_nft_table	*t;
	const struct fwparse_ipt	*ipt;
	size_t				 i;

	for (i = 0; i < nft->n; i++) {
		t = &nft->t[i];
		t->owner = FWPARSE_OWN_NFT;
		if (strcmp(t->name, "firewalld") == 0) {
			t->owner = FWPARSE_OWN_FIREWALLD;
			continue;
		}
		if (fwparse_prefix(t->name, "docker")) {
			t->owner = FWPARSE_OWN_DOCKER;
			continue;
		}
		if (strcmp(t->family, "ip") == 0)
			ipt = v4;
		else if (strcmp(t->family, "ip6") == 0)
			ipt = v6;
		else
			continue;
		if (ipt != NULL) {
			if (fwparse_ipt_has_table(ipt, t->name))
				t->owner = FWPARSE_OWN_IPTNFT;
		} else if (fwparse_ipt_table_name(t->name))
			t->owner = FWPARSE_OWN_IPTNFT;
	}
}

int
fwparse_nft_filters(const struct fwparse_nft_table *t)
{
	return t->input_rules > 0 || t->input_drop;
}

const char *
fwparse_owner_name(enum fwparse_owner o)
{
	switch (o) {
	case FWPARSE_OWN_IPTNFT:
		return "iptables-nft";
	case FWPARSE_OWN_FIREWALLD:
		return "firewalld";
	case FWPARSE_OWN_DOCKER:
		return "docker";
	default:
		return "nftables";
	}
}

/* First non-empty line of text (copy, caller frees), or NULL. */
static char *
fwparse_first_line(const char *text)
{
	char	*copy, *p, *line, *r = NULL;

	p = copy = xstrdup(text);
	while ((line = mh_next_line(&p)) != NULL) {
		line = mh_trim(line);
		if (*line != '\0') {
			r = xstrdup(line);
			break;
		}
	}
	free(copy);
	return r;
}

int
fwparse_ufw_status(const char *text, char **cause)
{
	char	*first = fwparse_first_line(text);
	int	 rc = -1;

	if (first == NULL)
		xasprintf(cause, _("`ufw status` printed nothing"));
	else if (strcmp(first, "Status: active") == 0)
		rc = 1;
	else if (strcmp(first, "Status: inactive") == 0)
		rc = 0;
	else
		xasprintf(cause, _("unexpected `ufw status` output: %.60s"),
		    first);
	free(first);
	return rc;
}

int
fwparse_ufw_conf(const char *text, char **linep)
{
	char	*copy, *p, *line, *v;
	int	 rc = -1;

	*linep = NULL;
	p = copy = xstrdup(text);
	while ((line = mh_next_line(&p)) != NULL) {
		line = mh_trim(line);
		if (strncmp(line, "ENABLED=", 8) != 0)
			continue;
		v = line + 8;
		if (*v == '"' || *v == '\'')
			v++;
		free(*linep);
		*linep = xstrdup(line);
		if (strncmp(v, "yes", 3) == 0)
			rc = 1;
		else if (strncmp(v, "no", 2) == 0)
			rc = 0;
		else
			rc = -1;
	}
	free(copy);
	return rc;
}

int
fwparse_fwcmd_state(int status, const char *out, const char *err,
    char **cause)
{
	char	*first = fwparse_first_line(out), *e;
	int	 rc = -1;

	if (status == 0 && first != NULL && strcmp(first, "running") == 0)
		rc = 1;
	else if (status == 252 || (first != NULL &&
	    strcmp(first, "not running") == 0))
		rc = 0;
	else {
		e = fwparse_first_line(err);
		xasprintf(cause, _("`firewall-cmd --state` exit %d: %.60s"),
		    status, e != NULL ? e : (first != NULL ? first : ""));
		free(e);
	}
	free(first);
	return rc;
}

int
fwparse_names(const char *text)
{
	char	*copy, *p, *line;
	int	 n = 0;

	p = copy = xstrdup(text);
	while ((line = mh_next_line(&p)) != NULL) {
		line = mh_trim(line);
		if (*line == '\0')
			continue;
		if (!fwparse_name_ok(line, FWPARSE_NAME)) {
			n = -1;
			break;
		}
		n++;
	}
	free(copy);
	return n;
}

void
fwparse_state_init(struct fwparse_state *st)
{
	st->firewalld = st->firewalld_enabled = -1;
	st->ufw = st->ufw_enabled = -1;
	st->nft = st->nft_own_tables = -1;
	st->ipt_nft = st->ipt_nft_rules = -1;
	st->ipt_nft_ufw = st->ipt_nft_fwd = 0;
	st->ipt_legacy = st->ipt_legacy_rules = -1;
	st->ipt_legacy_ufw = st->ipt_legacy_fwd = 0;
	st->docker = -1;
}

static void
fwparse_conflict(struct fwparse_verdict *v, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
fwparse_conflict(struct fwparse_verdict *v, const char *fmt, ...)
{
	va_list	ap;

	if (v->nconflicts == FWPARSE_MAX_CONFLICTS)
		return;
	va_start(ap, fmt);
	xvasprintf(&v->conflicts[v->nconflicts++], fmt, ap);
	va_end(ap);
}

/* Is this backend's filtering the work of an active manager? */
static int
fwparse_managed(const struct fwparse_state *st, int ufw_here, int fwd_here)
{
	return (st->ufw == 1 && ufw_here) || (st->firewalld == 1 && fwd_here);
}

static void
fwparse_add_unknown(struct fwparse_verdict *v, const char *what)
{
	char	*n;

	if (v->unknown == NULL) {
		v->unknown = xstrdup(what);
		return;
	}
	xasprintf(&n, "%s, %s", v->unknown, what);
	free(v->unknown);
	v->unknown = n;
}

void
fwparse_decide(const struct fwparse_state *st, struct fwparse_verdict *v)
{
	int	 nft_m, leg_m;
	char	*list, *n;
	size_t	 i;

	memset(v, 0, sizeof *v);
	nft_m = fwparse_managed(st, st->ipt_nft_ufw, st->ipt_nft_fwd);
	leg_m = fwparse_managed(st, st->ipt_legacy_ufw, st->ipt_legacy_fwd);

	if (st->firewalld == 1)
		v->filtering[v->nfiltering++] = "firewalld";
	if (st->ufw == 1)
		v->filtering[v->nfiltering++] = "ufw";
	if (st->nft == 1)
		v->filtering[v->nfiltering++] = "nftables";
	if (st->ipt_nft == 1 && !nft_m)
		v->filtering[v->nfiltering++] = "iptables-nft";
	if (st->ipt_legacy == 1 && !leg_m)
		v->filtering[v->nfiltering++] = "iptables-legacy";

	if (st->firewalld == -1)
		fwparse_add_unknown(v, "firewalld");
	if (st->ufw == -1)
		fwparse_add_unknown(v, "ufw");
	if (st->nft == -1)
		fwparse_add_unknown(v, "nftables");
	if (st->ipt_nft == -1)
		fwparse_add_unknown(v, "iptables-nft");
	if (st->ipt_legacy == -1)
		fwparse_add_unknown(v, "iptables-legacy");

	if (v->nfiltering > 0)
		v->active = v->filtering[0];
	else if (v->unknown == NULL)
		v->active = "none";

	/* Conflicts: CIS wants a single firewall configuration utility. */
	if ((st->ufw == 1 || st->ufw_enabled == 1) &&
	    (st->firewalld == 1 || st->firewalld_enabled == 1))
		fwparse_conflict(v, _("ufw and firewalld are both enabled: "
		    "use a single firewall configuration utility"));
	if (v->nfiltering > 1) {
		list = xstrdup(v->filtering[0]);
		for (i = 1; i < v->nfiltering; i++) {
			xasprintf(&n, "%s + %s", list, v->filtering[i]);
			free(list);
			list = n;
		}
		fwparse_conflict(v, _("several firewalls filter inbound "
		    "traffic (%s): a packet must pass every one of them"),
		    list);
		free(list);
	}
	if (st->ipt_nft_rules > 0 && st->ipt_legacy_rules > 0)
		fwparse_conflict(v, _("iptables-legacy and iptables-nft both "
		    "hold rules (%d legacy, %d nft): both rule sets are "
		    "traversed"), st->ipt_legacy_rules, st->ipt_nft_rules);
	if (st->nft_own_tables > 0 && (st->firewalld == 1 || st->ufw == 1))
		fwparse_conflict(v, _("a separate nftables table exists next "
		    "to %s: its rules apply too and may be flushed by "
		    "nftables.service"), st->firewalld == 1 ? "firewalld" :
		    "ufw");
	if (st->docker == 1)
		fwparse_conflict(v, _("Docker chains are present: Docker "
		    "changes iptables itself and published container ports "
		    "bypass ufw/firewalld INPUT rules"));
}

void
fwparse_verdict_free(struct fwparse_verdict *v)
{
	size_t	i;

	for (i = 0; i < v->nconflicts; i++)
		free(v->conflicts[i]);
	free(v->unknown);
	memset(v, 0, sizeof *v);
}
