/*
 * fw_nft.c - the nftables backend.
 *
 * Rules go into the base chain(s) that really filter input: type filter
 * hook input, family inet / ip / ip6, with policy drop or a drop/reject
 * rule, in tables that are not firewalld's or iptables-nft's.  An
 * accept in a table of our own would not override a drop elsewhere, so
 * we never make one; when nothing filters input there is nothing to
 * open.  "tcp dport N accept comment "mailharden"" is inserted before
 * the chain's first drop/reject (by handle) or appended.
 *
 * A rule's handle is only known once it exists, so the inverse and the
 * verification of an added rule are helper steps, `mailharden
 * __fw-helper nft-delete|nft-check FAMILY TABLE CHAIN TEXT`, which list
 * the chain with handles and act on the first rule whose text is TEXT
 * (fw_helper below).  The helper also prints the ruleset with the
 * nftables.conf header for the persistence step.
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "exec.h"
#include "fw.h"
#include "fw_int.h"
#include "plan.h"
#include "rootfs.h"

#define FW_NFT_MAX_TABLES	256
#define FW_NFT_MAX_CHAINS	1024
#define FW_NFT_MAX_RULES	8192
#define FW_NFT_DEPTH		8
#define FW_NFT_COMMENT		"comment \"mailharden\""

struct fw_nft_rule {
	char		*text;		/* counters and handle removed */
	long		 handle;
};

struct fw_nft_chain {
	char		*family;
	char		*table;
	char		*name;
	int		 base_input;	/* type filter hook input */
	int		 policy_drop;
	int		 foreign;	/* firewalld / iptables-nft table */
	struct fw_nft_rule *r;
	size_t		 n;
};

struct fw_nft_rs {
	struct fw_nft_chain *c;
	size_t		 n;
};

enum fw_nft_match {
	FW_NFT_NO,
	FW_NFT_YES,
	FW_NFT_MAYBE
};

enum fw_nft_verdict {
	FW_NFT_NONE,
	FW_NFT_ACCEPT,
	FW_NFT_DROP,
	FW_NFT_RETURN
};

static void
fw_nft_rs_free(struct fw_nft_rs *rs)
{
	size_t	i, j;

	for (i = 0; i < rs->n; i++) {
		for (j = 0; j < rs->c[i].n; j++)
			free(rs->c[i].r[j].text);
		free(rs->c[i].r);
		free(rs->c[i].family);
		free(rs->c[i].table);
		free(rs->c[i].name);
	}
	free(rs->c);
	memset(rs, 0, sizeof *rs);
}

static int
fw_nft_name_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > 64)
		return 0;
	return s[strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")] == '\0';
}

static int
fw_nft_braces(const char *s)
{
	int	d = 0, q = 0;

	for (; *s != '\0'; s++) {
		if (*s == '"')
			q = !q;
		else if (!q && *s == '{')
			d++;
		else if (!q && *s == '}')
			d--;
		else if (!q && *s == '#')
			break;
	}
	return d;
}

/* Remove " # handle N" (into *handle) and "counter packets N bytes M". */
static char *
fw_nft_clean(const char *line, long *handle)
{
	struct buf	 b;
	const char	*h, *s;
	char		*end;

	*handle = -1;
	h = strstr(line, " # handle ");
	if (h != NULL) {
		*handle = strtol(h + 10, &end, 10);
		if (*end != '\0' || *handle <= 0)
			*handle = -1;
	}
	buf_init(&b, MH_LINE_CAP);
	s = line;
	while (*s != '\0' && (h == NULL || s < h)) {
		if (strncmp(s, "counter packets ", 16) == 0) {
			buf_adds(&b, "counter");
			s += 16;
			s += strspn(s, "0123456789");
			if (strncmp(s, " bytes ", 7) == 0) {
				s += 7;
				s += strspn(s, "0123456789");
			}
			continue;
		}
		buf_addc(&b, *s++);
	}
	end = xstrdup(mh_trim((char *)buf_str(&b)));
	buf_clear(&b);
	return end;
}

/*
 * A table nft must not touch: firewalld's, or one iptables-nft made
 * (ip/ip6/arp tables named like iptables tables with upper-case chains).
 */
static int
fw_nft_foreign(const char *fam, const char *tab, const char *chain)
{
	static const char *const ipt[] = { "filter", "nat", "mangle", "raw",
	    "security" };
	size_t	i;

	if (strcmp(tab, "firewalld") == 0)
		return 1;
	if (strcmp(fam, "ip") != 0 && strcmp(fam, "ip6") != 0 &&
	    strcmp(fam, "arp") != 0 && strcmp(fam, "bridge") != 0)
		return 0;
	for (i = 0; i < nitems(ipt); i++)
		if (strcmp(tab, ipt[i]) == 0)
			break;
	if (i == nitems(ipt))
		return 0;
	return chain[strspn(chain, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_-0123456789")]
	    == '\0';
}

/* Parse `nft -a list ruleset` (or `list chain`). */
static int
fw_nft_parse(const char *text, struct fw_nft_rs *rs, char **cause)
{
	char			*copy, *p, *line, fam[16], tab[80], name[80];
	char			*t, *iptnft = NULL;
	unsigned long		 lineno = 0;
	int			 depth = 0, skip = 0, rc = -1, d;
	struct fw_nft_chain	*c = NULL;
	struct fw_nft_rule	*r;
	long			 h;

	memset(rs, 0, sizeof *rs);
	*fam = *tab = '\0';
	p = copy = xstrdup(text);
	while ((line = mh_next_line(&p)) != NULL) {
		lineno++;
		line = mh_trim(line);
		if (*line == '\0')
			continue;
		if (*line == '#') {
			if (strstr(line, "managed by iptables-nft") != NULL) {
				free(iptnft);
				iptnft = xstrdup(line);
			}
			continue;
		}
		d = fw_nft_braces(line);
		if (skip > 0) {
			skip += d;
			if (skip < 0)
				goto bad;
			continue;
		}
		if (depth == 0) {
			if (sscanf(line, "table %15s %79s {", fam, tab) != 2 ||
			    d != 1)
				goto bad;
			depth = 1;
			continue;
		}
		if (depth == 1) {
			if (strcmp(line, "}") == 0) {
				depth = 0;
				free(iptnft);
				iptnft = NULL;
				continue;
			}
			if (strncmp(line, "chain ", 6) != 0) {
				/* set, map, flowtable, counter ... */
				if (d < 0)
					goto bad;
				skip = d;
				continue;
			}
			if (sscanf(line, "chain %79s {", name) != 1 || d != 1 ||
			    rs->n == FW_NFT_MAX_CHAINS)
				goto bad;
			rs->c = xreallocarray(rs->c, rs->n + 1, sizeof *rs->c);
			c = &rs->c[rs->n++];
			memset(c, 0, sizeof *c);
			c->family = xstrdup(fam);
			c->table = xstrdup(tab);
			c->name = xstrdup(name);
			c->foreign = (iptnft != NULL &&
			    strstr(iptnft, tab) != NULL) ||
			    fw_nft_foreign(fam, tab, name);
			depth = 2;
			continue;
		}
		/* depth 2: inside a chain */
		if (strcmp(line, "}") == 0) {
			depth = 1;
			continue;
		}
		if (d != 0)
			goto bad;
		if (strncmp(line, "type ", 5) == 0) {
			t = strstr(line, " hook ");
			c->base_input = t != NULL &&
			    strncmp(line, "type filter ", 12) == 0 &&
			    strncmp(t, " hook input ", 12) == 0;
			c->policy_drop = strstr(line, "policy drop;") != NULL;
			continue;
		}
		if (c->n == FW_NFT_MAX_RULES)
			goto bad;
		c->r = xreallocarray(c->r, c->n + 1, sizeof *c->r);
		r = &c->r[c->n++];
		r->text = fw_nft_clean(line, &h);
		r->handle = h;
	}
	if (depth != 0 || skip != 0) {
		xasprintf(cause, _("nft output ends inside a block"));
		goto out;
	}
	rc = 0;
	goto out;
bad:
	xasprintf(cause, _("unexpected nft output at line %lu"), lineno);
out:
	if (rc != 0)
		fw_nft_rs_free(rs);
	free(iptnft);
	free(copy);
	return rc;
}

static int
fw_nft_covers(const struct fw_nft_chain *c, int fam)
{
	if (strcmp(c->family, "inet") == 0)
		return 1;
	if (strcmp(c->family, "ip") == 0)
		return fam == 0;
	if (strcmp(c->family, "ip6") == 0)
		return fam == 1;
	return 0;
}

static int
fw_nft_is_drop(const char *verdict)
{
	return strcmp(verdict, "drop") == 0 || strcmp(verdict, "reject") == 0;
}

static int
fw_nft_is_verdict(const char *w)
{
	return fw_nft_is_drop(w) || strcmp(w, "accept") == 0 ||
	    strcmp(w, "jump") == 0 || strcmp(w, "goto") == 0 ||
	    strcmp(w, "return") == 0;
}

/* Does "25", "20-30" or "{ 22, 25 }" (tokens from *i) hold port? */
static int
fw_nft_ports(char **tok, size_t n, size_t *i, int port)
{
	int	 hit = 0, set;
	long	 lo, hi;
	char	*dash, *w;

	set = *i < n && strcmp(tok[*i], "{") == 0;
	if (set)
		(*i)++;
	for (; *i < n; (*i)++) {
		w = tok[*i];
		if (set && strcmp(w, "}") == 0)
			break;
		lo = strtol(w, &dash, 10);
		hi = *dash == '-' ? strtol(dash + 1, NULL, 10) : lo;
		if (port >= lo && port <= hi)
			hit = 1;
		if (!set)
			break;
	}
	return hit;
}

static enum fw_nft_match
fw_nft_match(char **tok, size_t n, int port, int fam)
{
	enum fw_nft_match	m = FW_NFT_YES;
	size_t			i;
	int			neg, hit;
	const char		*w, *v;

	for (i = 0; i < n; i++) {
		w = tok[i];
		v = i + 1 < n ? tok[i + 1] : "";
		if (strcmp(w, "counter") == 0)
			continue;
		if (strcmp(w, "comment") == 0) {
			i++;
			continue;
		}
		if ((strcmp(w, "tcp") == 0 || strcmp(w, "th") == 0) &&
		    strcmp(v, "dport") == 0) {
			i += 2;
			neg = i < n && strcmp(tok[i], "!=") == 0;
			if (neg)
				i++;
			if (i < n && tok[i][0] == '@') {
				m = FW_NFT_MAYBE;
				continue;
			}
			hit = fw_nft_ports(tok, n, &i, port);
			if (hit == neg)
				return FW_NFT_NO;
			continue;
		}
		if (strcmp(w, "ct") == 0 && strcmp(v, "state") == 0) {
			i += 2;
			if (i >= n)
				return FW_NFT_MAYBE;
			if (strcmp(tok[i], "!=") == 0) {
				m = FW_NFT_MAYBE;
				i++;
				continue;
			}
			hit = 0;
			if (strcmp(tok[i], "{") == 0) {
				for (; i < n && strcmp(tok[i], "}") != 0; i++)
					if (strstr(tok[i], "new") != NULL)
						hit = 1;
			} else
				hit = strstr(tok[i], "new") != NULL;
			if (!hit)
				return FW_NFT_NO;
			continue;
		}
		if ((strcmp(w, "iif") == 0 || strcmp(w, "iifname") == 0) &&
		    i + 1 < n) {
			i++;
			if (strcmp(tok[i], "\"lo\"") == 0 ||
			    strcmp(tok[i], "lo") == 0)
				return FW_NFT_NO;
			m = FW_NFT_MAYBE;
			continue;
		}
		if (strcmp(w, "meta") == 0 && strcmp(v, "l4proto") == 0 &&
		    i + 2 < n) {
			i += 2;
			if (strcmp(tok[i], "tcp") != 0 &&
			    strcmp(tok[i], "6") != 0)
				m = strcmp(tok[i], "{") == 0 ? FW_NFT_MAYBE :
				    FW_NFT_NO;
			if (m == FW_NFT_NO)
				return m;
			continue;
		}
		if (strcmp(w, "meta") == 0 && strcmp(v, "nfproto") == 0 &&
		    i + 2 < n) {
			i += 2;
			if ((strcmp(tok[i], "ipv4") == 0 && fam != 0) ||
			    (strcmp(tok[i], "ipv6") == 0 && fam != 1))
				return FW_NFT_NO;
			continue;
		}
		if (strcmp(w, "ip") == 0 && fam == 1)
			return FW_NFT_NO;
		if (strcmp(w, "ip6") == 0 && fam == 0)
			return FW_NFT_NO;
		m = FW_NFT_MAYBE;
	}
	return m;
}

/* Split a rule's text; { and } stand alone, commas go. */
static size_t
fw_nft_split(const char *text, char **tok, size_t max, char **copy)
{
	struct buf	 b;
	const char	*s;
	char		*p, *w;
	size_t		 n = 0;

	buf_init(&b, 0);
	for (s = text; *s != '\0'; s++) {
		if (*s == '{' || *s == '}') {
			buf_addc(&b, ' ');
			buf_addc(&b, *s);
			buf_addc(&b, ' ');
		} else if (*s == ',' || *s == '\t')
			buf_addc(&b, ' ');
		else
			buf_addc(&b, *s);
	}
	p = *copy = buf_steal(&b);
	if (p == NULL) {
		p = *copy = xstrdup("");
	}
	while ((w = strsep(&p, " ")) != NULL && n < max)
		if (*w != '\0')
			tok[n++] = w;
	return n;
}

static const struct fw_nft_chain *
fw_nft_find(const struct fw_nft_rs *rs, const char *fam, const char *tab,
    const char *name)
{
	size_t	i;

	for (i = 0; i < rs->n; i++)
		if (strcmp(rs->c[i].family, fam) == 0 &&
		    strcmp(rs->c[i].table, tab) == 0 &&
		    strcmp(rs->c[i].name, name) == 0)
			return &rs->c[i];
	return NULL;
}

static enum fw_nft_verdict
fw_nft_walk(const struct fw_nft_rs *rs, const struct fw_nft_chain *c,
    int port, int fam, int depth)
{
	const struct fw_nft_chain	*sub;
	enum fw_nft_verdict		 sv;
	enum fw_nft_match		 m;
	char				*tok[128], *copy;
	size_t				 i, n, v;

	for (i = 0; i < c->n; i++) {
		n = fw_nft_split(c->r[i].text, tok, nitems(tok), &copy);
		for (v = 0; v < n && !fw_nft_is_verdict(tok[v]); v++)
			;
		if (v == n) {
			free(copy);
			continue;
		}
		m = fw_nft_match(tok, v, port, fam);
		sv = FW_NFT_NONE;
		if (m == FW_NFT_NO)
			;
		else if (strcmp(tok[v], "accept") == 0) {
			if (m == FW_NFT_YES)
				sv = FW_NFT_ACCEPT;
		} else if (fw_nft_is_drop(tok[v]))
			sv = FW_NFT_DROP;
		else if (strcmp(tok[v], "return") == 0) {
			if (m == FW_NFT_YES)
				sv = FW_NFT_RETURN;
		} else if (v + 1 < n) {
			sub = fw_nft_find(rs, c->family, c->table, tok[v + 1]);
			if (sub == NULL || depth >= FW_NFT_DEPTH)
				sv = FW_NFT_DROP;	/* cannot tell */
			else {
				sv = fw_nft_walk(rs, sub, port, fam,
				    depth + 1);
				if (sv == FW_NFT_RETURN ||
				    (sv == FW_NFT_ACCEPT && m != FW_NFT_YES))
					sv = FW_NFT_NONE;
			}
		}
		free(copy);
		if (sv != FW_NFT_NONE)
			return sv;
	}
	return FW_NFT_NONE;
}

/* A base input chain of ours to manage: filters, not foreign. */
static int
fw_nft_filters(const struct fw_nft_chain *c)
{
	char	*tok[128], *copy;
	size_t	 i, n, v;
	int	 drop = 0;

	if (!c->base_input || c->foreign ||
	    (!fw_nft_covers(c, 0) && !fw_nft_covers(c, 1)))
		return 0;
	if (c->policy_drop)
		return 1;
	for (i = 0; i < c->n && !drop; i++) {
		n = fw_nft_split(c->r[i].text, tok, nitems(tok), &copy);
		for (v = 0; v < n; v++)
			if (fw_nft_is_drop(tok[v]))
				drop = 1;
		free(copy);
	}
	return drop;
}

/* Is port accepted in chain c for family fam? */
static int
fw_nft_chain_open(const struct fw_nft_rs *rs, const struct fw_nft_chain *c,
    int port, int fam)
{
	enum fw_nft_verdict	v;

	if (!fw_nft_covers(c, fam))
		return 1;
	v = fw_nft_walk(rs, c, port, fam, 0);
	if (v == FW_NFT_ACCEPT)
		return 1;
	if (v == FW_NFT_DROP)
		return 0;
	return !c->policy_drop;
}

static int
fw_nft_read(const struct fw_ctx *ctx, const char *const *args,
    struct fw_nft_rs *rs, struct buf *raw, char **cause)
{
	struct exec_result	 res;
	const char		*argv[16];
	char			*bin, *why = NULL;
	size_t			 i;
	int			 rc = -1;

	if ((bin = fw_which("nft", cause)) == NULL)
		return -1;
	argv[0] = bin;
	for (i = 0; args[i] != NULL && i + 2 < nitems(argv); i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	exec_result_init(&res);
	if (exec_run(argv, ctx == NULL ? 10000 : fw_timeout(ctx), &res,
	    &why) != 0) {
		xasprintf(cause, "nft: %s", why);
		goto out;
	}
	if (res.status != 0 || res.out.truncated) {
		xasprintf(cause, _("nft failed (exit %d): %s"), res.status,
		    res.out.truncated ? _("output too large") :
		    mh_trim(res.err.data == NULL ? (char *)"" :
		    res.err.data));
		goto out;
	}
	if (rs != NULL && fw_nft_parse(buf_str(&res.out), rs, &why) != 0) {
		xasprintf(cause, "nft: %s", why);
		goto out;
	}
	if (raw != NULL)
		buf_adds(raw, buf_str(&res.out));
	rc = 0;
out:
	free(why);
	free(bin);
	exec_result_clear(&res);
	return rc;
}

static int
fw_nft_read_ruleset(const struct fw_ctx *ctx, struct fw_nft_rs *rs,
    char **cause)
{
	static const char *const args[] = { "-a", "list", "ruleset", NULL };

	return fw_nft_read(ctx, args, rs, NULL, cause);
}

static int
fw_nft_probe(const struct fw_ctx *ctx, char **cause)
{
	char	*p;

	(void)ctx;
	if ((p = fw_which("nft", cause)) == NULL)
		return -1;
	free(p);
	return 0;
}

static int
fw_nft_status(const struct fw_ctx *ctx, int port, int *open4, int *open6,
    char **cause)
{
	struct fw_nft_rs	rs;
	size_t			i;

	if (fw_nft_read_ruleset(ctx, &rs, cause) != 0)
		return -1;
	*open4 = *open6 = 1;
	for (i = 0; i < rs.n; i++) {
		if (!fw_nft_filters(&rs.c[i]))
			continue;
		if (!fw_nft_chain_open(&rs, &rs.c[i], port, 0))
			*open4 = 0;
		if (!fw_nft_chain_open(&rs, &rs.c[i], port, 1))
			*open6 = 0;
	}
	fw_nft_rs_free(&rs);
	return 0;
}

/* Handle of the first drop/reject rule of c, or -1. */
static long
fw_nft_first_drop(const struct fw_nft_chain *c)
{
	char	*tok[128], *copy;
	size_t	 i, n, v;
	long	 h = -1;

	for (i = 0; i < c->n && h == -1; i++) {
		n = fw_nft_split(c->r[i].text, tok, nitems(tok), &copy);
		for (v = 0; v < n; v++)
			if (fw_nft_is_drop(tok[v]) && c->r[i].handle > 0)
				h = c->r[i].handle;
		free(copy);
	}
	return h;
}

/* Policy drop, or a drop/reject rule with no condition at all? */
static int
fw_nft_default_deny(const struct fw_nft_chain *c)
{
	char	*tok[128], *copy;
	size_t	 i, n, v;
	int	 deny = c->policy_drop;

	for (i = 0; i < c->n && !deny; i++) {
		n = fw_nft_split(c->r[i].text, tok, nitems(tok), &copy);
		for (v = 0; v < n && strcmp(tok[v], "counter") == 0; v++)
			;
		if (v < n && fw_nft_is_drop(tok[v]))
			deny = 1;
		free(copy);
	}
	return deny;
}

static int
fw_nft_has_before(const struct fw_nft_chain *c, long drop, const char *text)
{
	size_t	i;

	for (i = 0; i < c->n; i++) {
		if (drop > 0 && c->r[i].handle == drop)
			return 0;
		if (strcmp(c->r[i].text, text) == 0 ||
		    (strncmp(c->r[i].text, text, strlen(text)) == 0 &&
		    strncmp(c->r[i].text + strlen(text), " comment ", 9) == 0))
			return 1;
	}
	return 0;
}

/*
 * Step: add rule (expression words, the listing shows them as
 * "words comment "mailharden"") into c before handle drop.
 */
static struct plan_step *
fw_nft_add_rule(struct plan *pl, const char *nft, const char *self,
    const struct fw_nft_chain *c, long drop, const char *words,
    const char *title)
{
	struct fw_argv		 a, inv, ver;
	struct plan_step	*s;
	char			*copy, *p, *w, *text;

	xasprintf(&text, "%s %s", words, FW_NFT_COMMENT);
	fw_argv_init(&a);
	fw_argv_add(&a, nft);
	fw_argv_add(&a, drop > 0 ? "insert" : "add");
	fw_argv_add(&a, "rule");
	fw_argv_add(&a, c->family);
	fw_argv_add(&a, c->table);
	fw_argv_add(&a, c->name);
	if (drop > 0) {
		fw_argv_add(&a, "position");
		fw_argv_addf(&a, "%ld", drop);
	}
	p = copy = xstrdup(text);
	while ((w = strsep(&p, " ")) != NULL)
		fw_argv_add(&a, w);
	free(copy);
	fw_argv_init(&inv);
	fw_argv_init(&ver);
	fw_argv_add(&inv, self);
	fw_argv_add(&ver, self);
	fw_argv_add(&inv, FW_HELPER_ARG);
	fw_argv_add(&ver, FW_HELPER_ARG);
	fw_argv_add(&inv, "nft-delete");
	fw_argv_add(&ver, "nft-check");
	fw_argv_add(&inv, c->family);
	fw_argv_add(&ver, c->family);
	fw_argv_add(&inv, c->table);
	fw_argv_add(&ver, c->table);
	fw_argv_add(&inv, c->name);
	fw_argv_add(&ver, c->name);
	fw_argv_add(&inv, text);
	fw_argv_add(&ver, text);
	s = plan_add_cmd(pl, title, fw_argv_list(&a), fw_argv_list(&inv),
	    fw_argv_list(&ver));
	fw_argv_clear(&a);
	fw_argv_clear(&inv);
	fw_argv_clear(&ver);
	free(text);
	return s;
}

static void
fw_nft_persist(struct plan *pl, const char *self)
{
	const char	*argv[4];
	const char	*path;

	if (rootfs_exists(NULL, "/etc/nftables.conf"))
		path = "/etc/nftables.conf";
	else if (rootfs_exists(NULL, "/etc/sysconfig/nftables.conf"))
		path = "/etc/sysconfig/nftables.conf";
	else {
		plan_note(pl, _("nftables: these rules will NOT survive a "
		    "reboot: neither /etc/nftables.conf (Debian/Ubuntu) "
		    "nor /etc/sysconfig/nftables.conf (RHEL) exists.  Save "
		    "them with `nft list ruleset` into the file your "
		    "nftables service loads and enable that service."));
		return;
	}
	argv[0] = self;
	argv[1] = FW_HELPER_ARG;
	argv[2] = "nft-save";
	argv[3] = NULL;
	plan_add_save(pl, _("save the whole ruleset (with \"flush ruleset\") "
	    "so that it survives a reboot"), argv, path,
	    strcmp(path, "/etc/nftables.conf") == 0 ? 0755 : 0600);
	plan_note(pl, _("nftables: %s will be replaced by the current "
	    "ruleset (the old file is kept as a backup and restored by "
	    "undo); make sure `systemctl enable nftables` is set."), path);
}

static int
fw_nft_plan_open(const struct fw_ctx *ctx, const int *ports, size_t n,
    struct plan *pl, char **cause)
{
	struct fw_nft_rs	 rs;
	const struct fw_nft_chain *c;
	struct plan_step	*s;
	char			*nft = NULL, *self = NULL, *words, *title;
	size_t			 i, j, nfilter = 0, added = 0;
	long			 drop;
	int			 rc = -1;

	if (fw_nft_read_ruleset(ctx, &rs, cause) != 0)
		return -1;
	if ((nft = fw_which("nft", cause)) == NULL ||
	    (self = fw_self_path(cause)) == NULL)
		goto out;
	for (i = 0; i < rs.n; i++) {
		c = &rs.c[i];
		if (!fw_nft_filters(c))
			continue;
		if (!fw_nft_name_ok(c->family) || !fw_nft_name_ok(c->table) ||
		    !fw_nft_name_ok(c->name)) {
			xasprintf(cause, _("nftables chain %s %s %s has a name "
			    "this tool does not handle"), c->family, c->table,
			    c->name);
			goto out;
		}
		nfilter++;
		for (j = 0; j < n; j++)
			if (!fw_nft_chain_open(&rs, c, ports[j], 0) ||
			    !fw_nft_chain_open(&rs, c, ports[j], 1))
				break;
		if (j == n)
			continue;
		drop = fw_nft_first_drop(c);
		if (fw_nft_default_deny(c) && !fw_nft_has_before(c, drop,
		    "ct state established,related accept")) {
			xasprintf(&title, _("nftables %s %s %s: accept "
			    "established and related connections"),
			    c->family, c->table, c->name);
			s = fw_nft_add_rule(pl, nft, self, c, drop,
			    "ct state established,related accept", title);
			s->keeps_ssh = 1;
			free(title);
			added++;
		}
		for (j = 0; j < n; j++) {
			if (fw_nft_chain_open(&rs, c, ports[j], 0) &&
			    fw_nft_chain_open(&rs, c, ports[j], 1))
				continue;
			xasprintf(&words, "tcp dport %d accept", ports[j]);
			xasprintf(&title, _("nftables %s %s %s: open TCP port "
			    "%d"), c->family, c->table, c->name, ports[j]);
			fw_nft_add_rule(pl, nft, self, c, drop, words, title);
			free(words);
			free(title);
			added++;
		}
	}
	if (nfilter == 0)
		plan_note(pl, _("nftables: no base chain of its own filters "
		    "input (type filter hook input with a drop), so there is "
		    "nothing to open; no table is invented."));
	if (added > 0)
		fw_nft_persist(pl, self);
	rc = 0;
out:
	free(nft);
	free(self);
	fw_nft_rs_free(&rs);
	return rc;
}

/* Is c->r[i] a rule accepting exactly port, which close may delete? */
static int
fw_nft_is_port_rule(const struct fw_nft_rule *r, int port)
{
	char	*a, *b;
	int	 hit;

	xasprintf(&a, "tcp dport %d accept", port);
	xasprintf(&b, "tcp dport %d accept %s", port, FW_NFT_COMMENT);
	hit = strcmp(r->text, a) == 0 || strcmp(r->text, b) == 0;
	free(a);
	free(b);
	return hit;
}

static int
fw_nft_plan_close(const struct fw_ctx *ctx, const int *ports, size_t n,
    struct plan *pl, char **cause)
{
	struct fw_nft_rs	 rs;
	const struct fw_nft_chain *c;
	struct fw_argv		 a, inv;
	char			*nft = NULL, *self = NULL, *copy, *p, *w;
	char			*title;
	size_t			 i, j, k, added = 0;
	int			 rc = -1;

	for (j = 0; j < n; j++) {
		if (fw_is_ssh_port(ctx, ports[j])) {
			xasprintf(cause, _("refusing to close port %d: it is "
			    "an SSH port in use"), ports[j]);
			return -1;
		}
	}
	if (fw_nft_read_ruleset(ctx, &rs, cause) != 0)
		return -1;
	if ((nft = fw_which("nft", cause)) == NULL ||
	    (self = fw_self_path(cause)) == NULL)
		goto out;
	for (i = 0; i < rs.n; i++) {
		c = &rs.c[i];
		if (!fw_nft_filters(c) || !fw_nft_name_ok(c->table) ||
		    !fw_nft_name_ok(c->name))
			continue;
		for (k = 0; k < c->n; k++) {
			for (j = 0; j < n; j++)
				if (fw_nft_is_port_rule(&c->r[k], ports[j]))
					break;
			if (j == n || c->r[k].handle <= 0)
				continue;
			fw_argv_init(&a);
			fw_argv_add(&a, nft);
			fw_argv_add(&a, "delete");
			fw_argv_add(&a, "rule");
			fw_argv_add(&a, c->family);
			fw_argv_add(&a, c->table);
			fw_argv_add(&a, c->name);
			fw_argv_add(&a, "handle");
			fw_argv_addf(&a, "%ld", c->r[k].handle);
			fw_argv_init(&inv);
			fw_argv_add(&inv, nft);
			fw_argv_add(&inv, k + 1 < c->n ? "insert" : "add");
			fw_argv_add(&inv, "rule");
			fw_argv_add(&inv, c->family);
			fw_argv_add(&inv, c->table);
			fw_argv_add(&inv, c->name);
			if (k + 1 < c->n) {
				fw_argv_add(&inv, "position");
				fw_argv_addf(&inv, "%ld", c->r[k + 1].handle);
			}
			p = copy = xstrdup(c->r[k].text);
			while ((w = strsep(&p, " ")) != NULL)
				fw_argv_add(&inv, w);
			free(copy);
			xasprintf(&title, _("nftables %s %s %s: remove \"%s\""),
			    c->family, c->table, c->name, c->r[k].text);
			plan_add_cmd(pl, title, fw_argv_list(&a),
			    fw_argv_list(&inv), NULL);
			free(title);
			fw_argv_clear(&a);
			fw_argv_clear(&inv);
			added++;
		}
	}
	if (added > 0)
		fw_nft_persist(pl, self);
	rc = 0;
out:
	free(nft);
	free(self);
	fw_nft_rs_free(&rs);
	return rc;
}

static int
fw_nft_snapshot(const struct fw_ctx *ctx, struct buf *out, char **cause)
{
	static const char *const args[] = { "list", "ruleset", NULL };
	struct buf	 raw;
	char		*p, *line, *clean;
	long		 h;
	int		 rc;

	buf_init(&raw, 0);
	rc = fw_nft_read(ctx, args, NULL, &raw, cause);
	if (rc == 0 && raw.data != NULL) {
		p = raw.data;
		while ((line = mh_next_line(&p)) != NULL) {
			clean = fw_nft_clean(line, &h);
			buf_printf(out, "%s\n", clean);
			free(clean);
		}
	}
	buf_clear(&raw);
	return rc;
}

/* __fw-helper nft-delete|nft-check FAMILY TABLE CHAIN TEXT */
static int
fw_nft_helper_rule(char **argv, int del, struct buf *out, char **cause)
{
	struct fw_nft_rs	 rs;
	struct exec_result	 res;
	const char		*args[7], *dargv[9];
	char			*nft = NULL, *why = NULL, hs[32];
	size_t			 i, j;
	long			 h = -1;
	int			 rc = 3;

	if (!fw_nft_name_ok(argv[0]) || !fw_nft_name_ok(argv[1]) ||
	    !fw_nft_name_ok(argv[2])) {
		xasprintf(cause, _("bad nftables chain name"));
		return 2;
	}
	args[0] = "-a";
	args[1] = "list";
	args[2] = "chain";
	args[3] = argv[0];
	args[4] = argv[1];
	args[5] = argv[2];
	args[6] = NULL;
	if (fw_nft_read(NULL, args, &rs, NULL, cause) != 0)
		return 3;
	for (i = 0; i < rs.n && h == -1; i++) {
		if (strcmp(rs.c[i].name, argv[2]) != 0)
			continue;
		for (j = 0; j < rs.c[i].n; j++)
			if (strcmp(rs.c[i].r[j].text, argv[3]) == 0) {
				h = rs.c[i].r[j].handle;
				break;
			}
	}
	fw_nft_rs_free(&rs);
	if (!del) {
		if (h <= 0) {
			xasprintf(cause, _("rule \"%s\" is not in %s %s %s"),
			    argv[3], argv[0], argv[1], argv[2]);
			return 1;
		}
		buf_printf(out, "handle %ld\n", h);
		return 0;
	}
	if (h <= 0) {
		buf_printf(out, "rule \"%s\" is already gone\n", argv[3]);
		return 0;
	}
	if ((nft = fw_which("nft", cause)) == NULL)
		return 3;
	snprintf(hs, sizeof hs, "%ld", h);
	dargv[0] = nft;
	dargv[1] = "delete";
	dargv[2] = "rule";
	dargv[3] = argv[0];
	dargv[4] = argv[1];
	dargv[5] = argv[2];
	dargv[6] = "handle";
	dargv[7] = hs;
	dargv[8] = NULL;
	exec_result_init(&res);
	if (exec_run(dargv, 10000, &res, &why) != 0)
		xasprintf(cause, "nft: %s", why);
	else if (res.status != 0)
		xasprintf(cause, _("nft delete failed (exit %d): %s"),
		    res.status, mh_trim(res.err.data == NULL ? (char *)"" :
		    res.err.data));
	else {
		buf_printf(out, "deleted handle %ld\n", h);
		rc = 0;
	}
	exec_result_clear(&res);
	free(why);
	free(nft);
	return rc;
}

/* Is table fam/tab foreign per the parsed ruleset? */
static int
fw_nft_table_foreign(const struct fw_nft_rs *rs, const char *fam,
    const char *tab)
{
	size_t	i;

	if (strcmp(tab, "firewalld") == 0)
		return 1;
	for (i = 0; i < rs->n; i++)
		if (strcmp(rs->c[i].family, fam) == 0 &&
		    strcmp(rs->c[i].table, tab) == 0 && rs->c[i].foreign)
			return 1;
	return 0;
}

/*
 * __fw-helper nft-save: the ruleset for nftables.conf, without the
 * tables of firewalld and iptables-nft (they restore their own, and
 * iptables-nft's xt expressions may not load through nft -f).
 */
static int
fw_nft_helper_save(struct buf *out, char **cause)
{
	static const char *const args[] = { "list", "ruleset", NULL };
	struct fw_nft_rs	 rs;
	struct buf		 raw;
	char			*p, *line, fam[16], tab[80];
	int			 skip = 0, depth = 0, rc = 3;

	buf_init(&raw, 0);
	if (fw_nft_read(NULL, args, &rs, &raw, cause) != 0)
		goto out;
	buf_adds(out, "#!/usr/sbin/nft -f\n"
	    "# written by mailharden from `nft list ruleset`\n"
	    "flush ruleset\n\n");
	p = raw.data == NULL ? (char *)"" : raw.data;
	while ((line = mh_next_line(&p)) != NULL) {
		if (depth == 0 && sscanf(line, "table %15s %79s {", fam,
		    tab) == 2) {
			skip = fw_nft_table_foreign(&rs, fam, tab);
			if (skip)
				buf_printf(out, "# table %s %s left out: it "
				    "belongs to firewalld or iptables-nft\n",
				    fam, tab);
		}
		depth += fw_nft_braces(line);
		if (!skip)
			buf_printf(out, "%s\n", line);
		if (depth == 0)
			skip = 0;
	}
	fw_nft_rs_free(&rs);
	rc = 0;
out:
	buf_clear(&raw);
	return rc;
}

int
fw_helper(int argc, char **argv, struct buf *out, char **cause)
{
	if (argc == 2 && strcmp(argv[1], "nft-save") == 0)
		return fw_nft_helper_save(out, cause);
	if (argc == 6 && strcmp(argv[1], "nft-delete") == 0)
		return fw_nft_helper_rule(argv + 2, 1, out, cause);
	if (argc == 6 && strcmp(argv[1], "nft-check") == 0)
		return fw_nft_helper_rule(argv + 2, 0, out, cause);
	xasprintf(cause, _("usage: %s nft-save | nft-delete|nft-check "
	    "FAMILY TABLE CHAIN RULE"), FW_HELPER_ARG);
	return 2;
}

const struct fw_backend fw_nft_backend = {
	"nftables",
	N_("nftables (nft, the base chain that filters input)"),
	fw_nft_probe,
	fw_nft_status,
	fw_nft_plan_open,
	fw_nft_plan_close,
	fw_nft_snapshot
};
