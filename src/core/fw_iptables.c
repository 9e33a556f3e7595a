/*
 * fw_iptables.c - the iptables / ip6tables backends, nf_tables and
 * legacy variants, each calling its own binaries explicitly (never the
 * alternatives-chosen "iptables", never update-alternatives).
 *
 * State comes from `iptables-save -t filter` (read-only).  A port is
 * open when walking INPUT (and the chains it jumps to, bounded) for a
 * new TCP connection to it reaches an ACCEPT before anything that may
 * drop it.  Opening inserts
 *   -I INPUT <pos> -p tcp --dport N -m conntrack --ctstate NEW
 *      -m comment --comment mailharden -j ACCEPT
 * before the first DROP/REJECT; undo is -D with the same spec and the
 * verification -C.  Under a default-deny INPUT the loopback and
 * ESTABLISHED,RELATED accepts are added first when missing.
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

#define FW_IPT_MAX_RULES	4096
#define FW_IPT_MAX_CHAINS	512
#define FW_IPT_MAX_TOKENS	64
#define FW_IPT_DEPTH		8
#define FW_IPT_COMMENT		"mailharden"

struct fw_ipt_variant {
	const char	*name;		/* backend name */
	const char	*ipt[2];	/* iptables-nft, ip6tables-nft */
	const char	*save[2];	/* iptables-nft-save, ... */
};

static const struct fw_ipt_variant fw_iptables_nft = {
	"iptables-nft",
	{ "iptables-nft", "ip6tables-nft" },
	{ "iptables-nft-save", "ip6tables-nft-save" }
};
static const struct fw_ipt_variant fw_iptables_legacy = {
	"iptables-legacy",
	{ "iptables-legacy", "ip6tables-legacy" },
	{ "iptables-legacy-save", "ip6tables-legacy-save" }
};

static const char *const fw_iptables_fam[2] = { "IPv4", "IPv6" };

struct fw_ipt_rule {
	char	*chain;
	char	*tok[FW_IPT_MAX_TOKENS];	/* after "-A CHAIN" */
	size_t	 ntok;
	char	*text;				/* the whole line */
};

struct fw_ipt_state {
	char			 policy[32];	/* INPUT policy */
	char			*chains[FW_IPT_MAX_CHAINS];
	size_t			 nchains;
	struct fw_ipt_rule	*r;
	size_t			 n;
	char			*raw;		/* the save output */
};

enum fw_ipt_match {
	FW_IPT_NO,
	FW_IPT_YES,
	FW_IPT_MAYBE
};

enum fw_ipt_verdict {
	FW_IPT_NONE,		/* fell off the chain */
	FW_IPT_ACCEPT,
	FW_IPT_DROP,
	FW_IPT_RETURN
};

static void
fw_iptables_state_free(struct fw_ipt_state *st)
{
	size_t	i, j;

	for (i = 0; i < st->n; i++) {
		free(st->r[i].chain);
		free(st->r[i].text);
		for (j = 0; j < st->r[i].ntok; j++)
			free(st->r[i].tok[j]);
	}
	free(st->r);
	for (i = 0; i < st->nchains; i++)
		free(st->chains[i]);
	free(st->raw);
	memset(st, 0, sizeof *st);
}

/* Split an iptables-save rule line; "quoted strings" are one token. */
static int
fw_iptables_split(const char *line, char **tok, size_t max, size_t *n)
{
	const char	*s = line;
	struct buf	 b;

	*n = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			return 0;
		if (*n == max)
			return -1;
		buf_init(&b, MH_LINE_CAP);
		if (*s == '"') {
			s++;
			while (*s != '\0' && *s != '"') {
				if (*s == '\\' && s[1] != '\0')
					s++;
				buf_addc(&b, *s++);
			}
			if (*s != '"') {
				buf_clear(&b);
				return -1;
			}
			s++;
		} else {
			while (*s != '\0' && *s != ' ' && *s != '\t')
				buf_addc(&b, *s++);
		}
		tok[(*n)++] = buf_steal(&b);
	}
}

static int
fw_iptables_parse(const char *text, struct fw_ipt_state *st, char **cause)
{
	char		*copy, *p, *line, *name, *rest;
	int		 in_filter = 0, rc = -1;
	unsigned long	 lineno = 0;
	struct fw_ipt_rule *r;

	memset(st, 0, sizeof *st);
	strncpy(st->policy, "ACCEPT", sizeof st->policy - 1);
	p = copy = xstrdup(text);
	while ((line = mh_next_line(&p)) != NULL) {
		lineno++;
		line = mh_trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		if (*line == '*') {
			in_filter = strcmp(line, "*filter") == 0;
			continue;
		}
		if (!in_filter || strcmp(line, "COMMIT") == 0)
			continue;
		if (*line == ':') {
			rest = line + 1;
			name = rest;
			rest += strcspn(rest, " \t");
			if (*rest != '\0')
				*rest++ = '\0';
			if (*name == '\0' || strlen(name) > 28 ||
			    st->nchains == FW_IPT_MAX_CHAINS)
				goto bad;
			if (strcmp(name, "INPUT") == 0) {
				rest = mh_trim(rest);
				rest[strcspn(rest, " \t")] = '\0';
				if (*rest == '\0' ||
				    strlen(rest) >= sizeof st->policy)
					goto bad;
				memcpy(st->policy, rest, strlen(rest) + 1);
			}
			st->chains[st->nchains++] = xstrdup(name);
			continue;
		}
		if (strncmp(line, "-A ", 3) != 0 || st->n == FW_IPT_MAX_RULES)
			goto bad;
		st->r = xreallocarray(st->r, st->n + 1, sizeof *st->r);
		r = &st->r[st->n];
		memset(r, 0, sizeof *r);
		if (fw_iptables_split(line + 3, r->tok, FW_IPT_MAX_TOKENS,
		    &r->ntok) != 0 || r->ntok < 1) {
			st->n++;
			goto bad;
		}
		st->n++;
		r->text = xstrdup(line);
		r->chain = r->tok[0];
		memmove(r->tok, r->tok + 1, (r->ntok - 1) * sizeof *r->tok);
		r->ntok--;
	}
	rc = 0;
	goto out;
bad:
	xasprintf(cause, _("unexpected iptables-save output at line %lu"),
	    lineno);
out:
	free(copy);
	return rc;
}

static int
fw_iptables_is_chain(const struct fw_ipt_state *st, const char *name)
{
	size_t	i;

	for (i = 0; i < st->nchains; i++)
		if (strcmp(st->chains[i], name) == 0)
			return 1;
	return 0;
}

/* Does "25", "20:30" or "22,25,465:587" cover port? */
static int
fw_iptables_portlist(const char *list, int port)
{
	char	*copy, *p, *item, *colon;
	long	 lo, hi;
	int	 hit = 0;

	p = copy = xstrdup(list);
	while ((item = strsep(&p, ",")) != NULL) {
		colon = strchr(item, ':');
		if (colon != NULL)
			*colon++ = '\0';
		lo = *item == '\0' ? 0 : strtol(item, NULL, 10);
		hi = colon == NULL ? lo :
		    (*colon == '\0' ? 65535 : strtol(colon, NULL, 10));
		if (port >= lo && port <= hi)
			hit = 1;
	}
	free(copy);
	return hit;
}

static int
fw_iptables_has_word(const char *list, const char *word)
{
	char	*copy, *p, *item;
	int	 hit = 0;

	p = copy = xstrdup(list);
	while ((item = strsep(&p, ",")) != NULL)
		if (strcmp(item, word) == 0)
			hit = 1;
	free(copy);
	return hit;
}

static int
fw_iptables_any_addr(const char *a)
{
	return strcmp(a, "0.0.0.0/0") == 0 || strcmp(a, "::/0") == 0;
}

/*
 * Would this rule's conditions match a new TCP connection to port from
 * another host?  *target gets the -j/-g target (NULL when none).
 */
static enum fw_ipt_match
fw_iptables_match(const struct fw_ipt_rule *r, int port, const char **target)
{
	enum fw_ipt_match	 m = FW_IPT_YES;
	size_t			 i;
	const char		*o, *v;
	int			 neg = 0, tcp = 0;

	*target = NULL;
	for (i = 0; i + 1 < r->ntok; i++)
		if (strcmp(r->tok[i], "-j") == 0 ||
		    strcmp(r->tok[i], "-g") == 0)
			*target = r->tok[i + 1];
	for (i = 0; i < r->ntok; i++) {
		o = r->tok[i];
		v = i + 1 < r->ntok ? r->tok[i + 1] : NULL;
		if (strcmp(o, "!") == 0) {
			neg = 1;
			continue;
		}
		if (strcmp(o, "-j") == 0 || strcmp(o, "-g") == 0)
			break;	/* the rest are target options */
		if (v == NULL)
			return FW_IPT_MAYBE;
		if (strcmp(o, "-m") == 0) {
			if (strcmp(v, "tcp") != 0 &&
			    strcmp(v, "conntrack") != 0 &&
			    strcmp(v, "state") != 0 &&
			    strcmp(v, "comment") != 0 &&
			    strcmp(v, "multiport") != 0)
				m = FW_IPT_MAYBE;
		} else if (strcmp(o, "-p") == 0) {
			tcp = strcmp(v, "tcp") == 0 || strcmp(v, "6") == 0;
			if (neg ? tcp : !tcp)
				return FW_IPT_NO;
		} else if (strcmp(o, "--dport") == 0 ||
		    strcmp(o, "--dports") == 0 ||
		    strcmp(o, "--destination-port") == 0 ||
		    strcmp(o, "--destination-ports") == 0 ||
		    strcmp(o, "--ports") == 0) {
			if (fw_iptables_portlist(v, port) == neg)
				return FW_IPT_NO;
		} else if (strcmp(o, "--ctstate") == 0 ||
		    strcmp(o, "--state") == 0) {
			if (fw_iptables_has_word(v, "NEW") == neg)
				return FW_IPT_NO;
		} else if (strcmp(o, "--comment") == 0) {
			/* no effect */
		} else if (strcmp(o, "-i") == 0) {
			if (strcmp(v, "lo") == 0)
				return neg ? m : FW_IPT_NO;
			m = FW_IPT_MAYBE;
		} else if (strcmp(o, "-s") == 0 || strcmp(o, "-d") == 0) {
			if (!fw_iptables_any_addr(v))
				m = FW_IPT_MAYBE;
		} else
			m = FW_IPT_MAYBE;
		neg = 0;
		i++;
	}
	return m;
}

static int
fw_iptables_drop_target(const char *t)
{
	return t != NULL && (strcmp(t, "DROP") == 0 ||
	    strcmp(t, "REJECT") == 0);
}

/*
 * Walk chain for port.  *at (top level only) gets the index of the
 * deciding rule.
 */
static enum fw_ipt_verdict
fw_iptables_walk(const struct fw_ipt_state *st, const char *chain, int port,
    int depth, size_t *at)
{
	enum fw_ipt_verdict	 sub;
	enum fw_ipt_match	 m;
	const char		*t;
	size_t			 i;

	for (i = 0; i < st->n; i++) {
		if (strcmp(st->r[i].chain, chain) != 0)
			continue;
		m = fw_iptables_match(&st->r[i], port, &t);
		if (at != NULL)
			*at = i;
		if (t == NULL || m == FW_IPT_NO)
			continue;
		if (strcmp(t, "ACCEPT") == 0) {
			if (m == FW_IPT_YES)
				return FW_IPT_ACCEPT;
		} else if (fw_iptables_drop_target(t))
			return FW_IPT_DROP;
		else if (strcmp(t, "RETURN") == 0) {
			if (m == FW_IPT_YES)
				return FW_IPT_RETURN;
		} else if (fw_iptables_is_chain(st, t)) {
			if (depth >= FW_IPT_DEPTH)
				return FW_IPT_DROP;	/* cannot tell */
			sub = fw_iptables_walk(st, t, port, depth + 1, NULL);
			if (sub == FW_IPT_DROP ||
			    (sub == FW_IPT_ACCEPT && m == FW_IPT_YES))
				return sub;
		}
	}
	return FW_IPT_NONE;
}

/* Is port open per this state?  *decide: INPUT index that drops it. */
static int
fw_iptables_port_open(const struct fw_ipt_state *st, int port)
{
	enum fw_ipt_verdict	v;

	v = fw_iptables_walk(st, "INPUT", port, 0, NULL);
	if (v == FW_IPT_ACCEPT)
		return 1;
	if (v == FW_IPT_DROP)
		return 0;
	return strcmp(st->policy, "ACCEPT") == 0;
}

/* 1-based position in INPUT of the first DROP/REJECT, else n + 1. */
static int
fw_iptables_first_drop(const struct fw_ipt_state *st, int *deny)
{
	const char	*t;
	size_t		 i;
	int		 pos = 0, first = 0;

	*deny = strcmp(st->policy, "ACCEPT") != 0;
	for (i = 0; i < st->n; i++) {
		if (strcmp(st->r[i].chain, "INPUT") != 0)
			continue;
		pos++;
		fw_iptables_match(&st->r[i], 0, &t);
		if (fw_iptables_drop_target(t)) {
			if (first == 0)
				first = pos;
			/* -j DROP with no condition: default deny */
			if (strcmp(st->r[i].tok[0], "-j") == 0)
				*deny = 1;
		}
	}
	return first != 0 ? first : pos + 1;
}

/* Is rule (its tokens, comments ignored) in INPUT before position pos? */
static int
fw_iptables_has_before(const struct fw_ipt_state *st, int pos,
    const char *const *want)
{
	size_t	 i, j, k;
	int	 at = 0, same;

	for (i = 0; i < st->n; i++) {
		if (strcmp(st->r[i].chain, "INPUT") != 0)
			continue;
		if (++at >= pos)
			break;
		same = 1;
		for (j = 0, k = 0; j < st->r[i].ntok && same; j++) {
			if (strcmp(st->r[i].tok[j], "-m") == 0 &&
			    j + 3 < st->r[i].ntok &&
			    strcmp(st->r[i].tok[j + 1], "comment") == 0) {
				j += 3;
				continue;
			}
			if (want[k] == NULL ||
			    strcmp(st->r[i].tok[j], want[k]) != 0)
				same = 0;
			k++;
		}
		if (same && want[k] == NULL)
			return 1;
	}
	return 0;
}

/*
 * Has the legacy x_tables filter table been created in this network
 * namespace?  Asking iptables-legacy(-save) for it would create it, so
 * look at /proc/net/ip{,6}_tables_names first.
 */
static int
fw_iptables_legacy_has_filter(int fam)
{
	char	*text = NULL, *p, *line, *cause = NULL;
	int	 found = 0;

	if (rootfs_read(NULL, fam == 0 ? "/proc/net/ip_tables_names" :
	    "/proc/net/ip6_tables_names", 4096, &text, NULL, &cause) == 0) {
		p = text;
		while (!found && (line = mh_next_line(&p)) != NULL)
			found = strcmp(mh_trim(line), "filter") == 0;
	}
	free(text);
	free(cause);
	return found;
}

static int
fw_iptables_read(const struct fw_ipt_variant *var, const struct fw_ctx *ctx,
    int fam, struct fw_ipt_state *st, char **cause)
{
	struct exec_result	 res;
	char			*bin, *why = NULL;
	const char		*argv[4];
	int			 rc = -1;

	memset(st, 0, sizeof *st);
	if (var == &fw_iptables_legacy && !fw_iptables_legacy_has_filter(fam)) {
		/* no table: no rules, nothing filters */
		if (fw_iptables_parse("", st, cause) != 0)
			return -1;
		st->raw = xstrdup("");
		return 0;
	}
	exec_result_init(&res);
	if ((bin = fw_which(var->save[fam], cause)) == NULL)
		return -1;
	argv[0] = bin;
	argv[1] = "-t";
	argv[2] = "filter";
	argv[3] = NULL;
	if (exec_run(argv, fw_timeout(ctx), &res, &why) != 0) {
		xasprintf(cause, "%s: %s", var->save[fam], why);
		goto out;
	}
	if (res.status != 0 || res.out.truncated) {
		xasprintf(cause, _("%s failed (exit %d): %s"), var->save[fam],
		    res.status, res.out.truncated ? _("output too large") :
		    mh_trim(res.err.data == NULL ? (char *)"" : res.err.data));
		goto out;
	}
	if (fw_iptables_parse(buf_str(&res.out), st, &why) != 0) {
		xasprintf(cause, "%s: %s", var->save[fam], why);
		fw_iptables_state_free(st);
		goto out;
	}
	st->raw = xstrdup(buf_str(&res.out));
	rc = 0;
out:
	free(why);
	free(bin);
	exec_result_clear(&res);
	return rc;
}

static int
fw_iptables_probe(const struct fw_ipt_variant *var, char **cause)
{
	char	*p;
	int	 i;

	for (i = 0; i < 2; i++) {
		if ((p = fw_which(var->ipt[i], cause)) == NULL)
			return -1;
		free(p);
		if ((p = fw_which(var->save[i], cause)) == NULL)
			return -1;
		free(p);
	}
	return 0;
}

static int
fw_iptables_status(const struct fw_ipt_variant *var, const struct fw_ctx *ctx,
    int port, int *open4, int *open6, char **cause)
{
	struct fw_ipt_state	st;
	int			fam, *open[2] = { open4, open6 };

	for (fam = 0; fam < 2; fam++) {
		if (fw_iptables_read(var, ctx, fam, &st, cause) != 0)
			return -1;
		*open[fam] = fw_iptables_port_open(&st, port);
		fw_iptables_state_free(&st);
	}
	return 0;
}

/* The rule spec (after -I/-D/-C INPUT [pos]) for opening port. */
static void
fw_iptables_spec(struct fw_argv *a, int port)
{
	fw_argv_add(a, "-p");
	fw_argv_add(a, "tcp");
	fw_argv_add(a, "--dport");
	fw_argv_addf(a, "%d", port);
	fw_argv_add(a, "-m");
	fw_argv_add(a, "conntrack");
	fw_argv_add(a, "--ctstate");
	fw_argv_add(a, "NEW");
	fw_argv_add(a, "-m");
	fw_argv_add(a, "comment");
	fw_argv_add(a, "--comment");
	fw_argv_add(a, FW_IPT_COMMENT);
	fw_argv_add(a, "-j");
	fw_argv_add(a, "ACCEPT");
}

static void
fw_iptables_head(struct fw_argv *a, const char *bin, const char *op,
    int pos)
{
	fw_argv_init(a);
	fw_argv_add(a, bin);
	fw_argv_add(a, "-w");
	fw_argv_add(a, "5");
	fw_argv_add(a, op);
	fw_argv_add(a, "INPUT");
	if (pos > 0)
		fw_argv_addf(a, "%d", pos);
}

/* Add the insert step for spec tokens (NULL-terminated). */
static struct plan_step *
fw_iptables_add_insert(struct plan *pl, const char *bin, int pos,
    const char *title, const char *const *spec)
{
	struct fw_argv		 a, inv, ver;
	struct plan_step	*s;
	size_t			 i;

	fw_iptables_head(&a, bin, "-I", pos);
	fw_iptables_head(&inv, bin, "-D", 0);
	fw_iptables_head(&ver, bin, "-C", 0);
	for (i = 0; spec[i] != NULL; i++) {
		fw_argv_add(&a, spec[i]);
		fw_argv_add(&inv, spec[i]);
		fw_argv_add(&ver, spec[i]);
	}
	s = plan_add_cmd(pl, title, fw_argv_list(&a), fw_argv_list(&inv),
	    fw_argv_list(&ver));
	fw_argv_clear(&a);
	fw_argv_clear(&inv);
	fw_argv_clear(&ver);
	return s;
}

static const char *const fw_iptables_lo[] = {
	"-i", "lo", "-j", "ACCEPT", NULL
};
static const char *const fw_iptables_est[] = {
	"-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j",
	"ACCEPT", NULL
};
static const char *const fw_iptables_est2[] = {
	"-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j",
	"ACCEPT", NULL
};
static const char *const fw_iptables_est3[] = {
	"-m", "state", "--state", "RELATED,ESTABLISHED", "-j", "ACCEPT", NULL
};

/* Where the rules must be saved to survive a reboot, or NULL. */
static const char *
fw_iptables_persist_path(int fam)
{
	static const char *const paths[2][2] = {
		{ "/etc/iptables/rules.v4", "/etc/sysconfig/iptables" },
		{ "/etc/iptables/rules.v6", "/etc/sysconfig/ip6tables" }
	};
	int	i;

	for (i = 0; i < 2; i++)
		if (rootfs_exists(NULL, paths[fam][i]))
			return paths[fam][i];
	return NULL;
}

static void
fw_iptables_persist(const struct fw_ipt_variant *var, struct plan *pl,
    int fam)
{
	const char	*path, *argv[2];
	char		*bin, *why = NULL;

	path = fw_iptables_persist_path(fam);
	if (path == NULL) {
		plan_note(pl, _("%s: these %s rules will NOT survive a "
		    "reboot: neither /etc/iptables/rules.v%c "
		    "(netfilter-persistent) nor %s (iptables-services) "
		    "exists.  Install iptables-persistent and run "
		    "`netfilter-persistent save` (Debian/Ubuntu) or "
		    "iptables-services and `service %s save` (RHEL)."),
		    var->name, fw_iptables_fam[fam], fam == 0 ? '4' : '6',
		    fam == 0 ? "/etc/sysconfig/iptables" :
		    "/etc/sysconfig/ip6tables", fam == 0 ? "iptables" :
		    "ip6tables");
		return;
	}
	if ((bin = fw_which(var->save[fam], &why)) == NULL) {
		plan_note(pl, "%s", why);
		free(why);
		return;
	}
	argv[0] = bin;
	argv[1] = NULL;
	plan_add_save(pl, _("save the rules so that they survive a reboot"),
	    argv, path, 0600);
	free(bin);
}

static int
fw_iptables_plan_open(const struct fw_ipt_variant *var,
    const struct fw_ctx *ctx, const int *ports, size_t n, struct plan *pl,
    char **cause)
{
	struct fw_ipt_state	 st;
	struct plan_step	*s;
	struct fw_argv		 spec;
	char			*bin, *title;
	int			 fam, pos, deny, added;
	size_t			 i;

	for (fam = 0; fam < 2; fam++) {
		if (fw_iptables_read(var, ctx, fam, &st, cause) != 0)
			return -1;
		if ((bin = fw_which(var->ipt[fam], cause)) == NULL) {
			fw_iptables_state_free(&st);
			return -1;
		}
		pos = fw_iptables_first_drop(&st, &deny);
		added = 0;
		for (i = 0; i < n; i++)
			if (!fw_iptables_port_open(&st, ports[i]))
				break;
		if (i < n && deny &&
		    !fw_iptables_has_before(&st, pos, fw_iptables_lo)) {
			xasprintf(&title, _("%s: accept loopback traffic"),
			    fw_iptables_fam[fam]);
			s = fw_iptables_add_insert(pl, bin, pos, title,
			    fw_iptables_lo);
			s->keeps_ssh = 1;
			free(title);
			pos++;
			added++;
		}
		if (i < n && deny &&
		    !fw_iptables_has_before(&st, pos, fw_iptables_est) &&
		    !fw_iptables_has_before(&st, pos, fw_iptables_est2) &&
		    !fw_iptables_has_before(&st, pos, fw_iptables_est3)) {
			xasprintf(&title, _("%s: accept established and "
			    "related connections (keeps this session)"),
			    fw_iptables_fam[fam]);
			s = fw_iptables_add_insert(pl, bin, pos, title,
			    fw_iptables_est);
			s->keeps_ssh = 1;
			free(title);
			pos++;
			added++;
		}
		for (i = 0; i < n; i++) {
			if (fw_iptables_port_open(&st, ports[i]))
				continue;
			fw_argv_init(&spec);
			fw_iptables_spec(&spec, ports[i]);
			xasprintf(&title, _("%s: open TCP port %d"),
			    fw_iptables_fam[fam], ports[i]);
			fw_iptables_add_insert(pl, bin, pos, title,
			    fw_argv_list(&spec));
			free(title);
			fw_argv_clear(&spec);
			pos++;
			added++;
		}
		if (added > 0)
			fw_iptables_persist(var, pl, fam);
		free(bin);
		fw_iptables_state_free(&st);
	}
	return 0;
}

/* A rule that accepts exactly port (a single --dport), deletable. */
static int
fw_iptables_is_own_accept(const struct fw_ipt_rule *r, int port)
{
	const char	*t;
	char		 want[16];
	size_t		 i;
	int		 single = 0;

	if (strcmp(r->chain, "INPUT") != 0 ||
	    fw_iptables_match(r, port, &t) != FW_IPT_YES ||
	    t == NULL || strcmp(t, "ACCEPT") != 0)
		return 0;
	snprintf(want, sizeof want, "%d", port);
	for (i = 0; i + 1 < r->ntok; i++) {
		if (strcmp(r->tok[i], "--dport") == 0 &&
		    strcmp(r->tok[i + 1], want) == 0)
			single = 1;
		if (strcmp(r->tok[i], "-s") == 0 || strcmp(r->tok[i],
		    "--dports") == 0)
			return 0;
	}
	return single;
}

static int
fw_iptables_plan_close(const struct fw_ipt_variant *var,
    const struct fw_ctx *ctx, const int *ports, size_t n, struct plan *pl,
    char **cause)
{
	struct fw_ipt_state	 st;
	struct fw_argv		 a, inv;
	char			*bin, *title, *gone;
	int			 fam, at, added, shift, before;
	size_t			 i, j, k;

	for (i = 0; i < n; i++) {
		if (fw_is_ssh_port(ctx, ports[i])) {
			xasprintf(cause, _("refusing to close port %d: it is "
			    "an SSH port in use"), ports[i]);
			return -1;
		}
	}
	for (fam = 0; fam < 2; fam++) {
		if (fw_iptables_read(var, ctx, fam, &st, cause) != 0)
			return -1;
		if ((bin = fw_which(var->ipt[fam], cause)) == NULL) {
			fw_iptables_state_free(&st);
			return -1;
		}
		added = 0;
		gone = xcalloc(st.n > 0 ? st.n : 1, 1);
		for (i = 0; i < n; i++) {
			at = 0;
			before = added;
			for (j = 0; j < st.n; j++) {
				if (strcmp(st.r[j].chain, "INPUT") != 0)
					continue;
				at++;
				if (!fw_iptables_is_own_accept(&st.r[j],
				    ports[i]))
					continue;
				/*
				 * Undo runs newest first: re-insert where the
				 * rule was once the earlier deletions above
				 * it are taken into account.
				 */
				shift = 0;
				for (k = 0; k < j; k++)
					shift += gone[k];
				gone[j] = 1;
				fw_iptables_head(&a, bin, "-D", 0);
				fw_iptables_head(&inv, bin, "-I", at - shift);
				for (k = 0; k < st.r[j].ntok; k++) {
					fw_argv_add(&a, st.r[j].tok[k]);
					fw_argv_add(&inv, st.r[j].tok[k]);
				}
				xasprintf(&title, _("%s: remove \"%s\""),
				    fw_iptables_fam[fam], st.r[j].text);
				plan_add_cmd(pl, title, fw_argv_list(&a),
				    fw_argv_list(&inv), NULL);
				free(title);
				fw_argv_clear(&a);
				fw_argv_clear(&inv);
				added++;
			}
			if (fw_iptables_port_open(&st, ports[i]) &&
			    added == before)
				plan_note(pl, _("%s: port %d stays open: no "
				    "single-port ACCEPT rule of its own (the "
				    "policy or a wider rule allows it)"),
				    fw_iptables_fam[fam], ports[i]);
		}
		if (added > 0)
			fw_iptables_persist(var, pl, fam);
		free(gone);
		free(bin);
		fw_iptables_state_free(&st);
	}
	return 0;
}

static int
fw_iptables_snapshot(const struct fw_ipt_variant *var,
    const struct fw_ctx *ctx, struct buf *out, char **cause)
{
	struct fw_ipt_state	 st;
	char			*p, *line, *br;
	int			 fam;

	for (fam = 0; fam < 2; fam++) {
		if (fw_iptables_read(var, ctx, fam, &st, cause) != 0)
			return -1;
		buf_printf(out, "== %s\n", var->save[fam]);
		p = st.raw;
		while ((line = mh_next_line(&p)) != NULL) {
			if (*line == '#' || *line == '\0')
				continue;
			if (*line == ':' && (br = strrchr(line, '[')) != NULL &&
			    br > line && br[-1] == ' ')
				br[-1] = '\0';
			buf_printf(out, "%s\n", line);
		}
		fw_iptables_state_free(&st);
	}
	return 0;
}

#define FW_IPT_WRAP(v)							\
static int								\
fw_iptables_##v##_probe(const struct fw_ctx *ctx, char **cause)	\
{									\
	(void)ctx;							\
	return fw_iptables_probe(&fw_iptables_##v, cause);		\
}									\
static int								\
fw_iptables_##v##_status(const struct fw_ctx *ctx, int port,		\
    int *o4, int *o6, char **cause)					\
{									\
	return fw_iptables_status(&fw_iptables_##v, ctx, port, o4, o6,	\
	    cause);							\
}									\
static int								\
fw_iptables_##v##_open(const struct fw_ctx *ctx, const int *ports,	\
    size_t n, struct plan *pl, char **cause)				\
{									\
	return fw_iptables_plan_open(&fw_iptables_##v, ctx, ports, n,	\
	    pl, cause);							\
}									\
static int								\
fw_iptables_##v##_close(const struct fw_ctx *ctx, const int *ports,	\
    size_t n, struct plan *pl, char **cause)				\
{									\
	return fw_iptables_plan_close(&fw_iptables_##v, ctx, ports, n,	\
	    pl, cause);							\
}									\
static int								\
fw_iptables_##v##_snapshot(const struct fw_ctx *ctx, struct buf *out,	\
    char **cause)							\
{									\
	return fw_iptables_snapshot(&fw_iptables_##v, ctx, out, cause);	\
}

FW_IPT_WRAP(nft)
FW_IPT_WRAP(legacy)

const struct fw_backend fw_iptables_nft_backend = {
	"iptables-nft",
	N_("iptables-nft (iptables / ip6tables, nf_tables variant)"),
	fw_iptables_nft_probe,
	fw_iptables_nft_status,
	fw_iptables_nft_open,
	fw_iptables_nft_close,
	fw_iptables_nft_snapshot
};

const struct fw_backend fw_iptables_legacy_backend = {
	"iptables-legacy",
	N_("iptables-legacy (iptables / ip6tables, legacy x_tables)"),
	fw_iptables_legacy_probe,
	fw_iptables_legacy_status,
	fw_iptables_legacy_open,
	fw_iptables_legacy_close,
	fw_iptables_legacy_snapshot
};
