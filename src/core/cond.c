/*
 * cond.c - the condition language of checklist items: a tokenizer and
 * a recursive-descent parser into a small tree, and an evaluator with
 * three-valued (Kleene) logic over a fact set.  See cond.h.
 */
#include "mh.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cond.h"
#include "fact.h"
#include "factdef.h"

#define COND_RE_BOUND	255	/* largest {n,m} bound in a regex */
#define COND_RE_COST	10000	/* product of a regex's {n,m} bounds */

enum cond_kind {
	COND_AND,
	COND_OR,
	COND_NOT,
	COND_EXISTS,
	COND_KNOWN,
	COND_CMP,
	COND_BOOL,
	COND_ANY,
	COND_ALL
};

enum cond_op {
	COND_OP_EQ,
	COND_OP_NE,
	COND_OP_LT,
	COND_OP_LE,
	COND_OP_GT,
	COND_OP_GE,
	COND_OP_CONTAINS,
	COND_OP_MATCHES
};

enum cond_vtype {
	COND_V_STR,
	COND_V_INT,
	COND_V_BOOL
};

struct cond_node {
	enum cond_kind		 kind;
	enum cond_op		 op;
	const char		*name;		/* in cond->names */
	enum cond_vtype		 vtype;
	char			*s;
	long long		 i;
	int			 b;
	regex_t			 re;
	int			 has_re;
	struct cond_node	*l;
	struct cond_node	*r;
};

struct cond {
	struct cond_node	*root;
	char			*names[COND_MAX_NAMES];
	size_t			 nnames;
};

/* The parser's state: the text, where it is, the first error. */
struct cond_ps {
	const char	*text;
	size_t		 pos;
	int		 depth;
	struct cond	*c;
	char		*err;
};

static const char *const cond_op_names[] = {
	"==", "!=", "<", "<=", ">", ">=", "contains", "matches"
};

static void	cond_node_free(struct cond_node *);
static struct cond_node *cond_parse_or(struct cond_ps *);

static struct cond_node *
cond_fail(struct cond_ps *ps, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static struct cond_node *
cond_fail(struct cond_ps *ps, size_t at, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (ps->err != NULL)
		return NULL;
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	xasprintf(&ps->err, _("column %zu: %s"), at + 1, msg);
	free(msg);
	return NULL;
}

static void
cond_skip(struct cond_ps *ps)
{
	while (ps->text[ps->pos] == ' ' || ps->text[ps->pos] == '\t' ||
	    ps->text[ps->pos] == '\n' || ps->text[ps->pos] == '\r')
		ps->pos++;
}

static int
cond_namechar(int ch)
{
	return islower((unsigned char)ch) || isupper((unsigned char)ch) ||
	    isdigit((unsigned char)ch) || ch == '_' || ch == '-' ||
	    ch == '.' || ch == '*';
}

/* The next word (name or keyword) without consuming it; 0 if none. */
static size_t
cond_word(const struct cond_ps *ps, const char **start)
{
	const char	*p = ps->text + ps->pos;
	size_t		 n = 0;

	*start = p;
	if (!isalpha((unsigned char)*p))
		return 0;
	while (cond_namechar(p[n]))
		n++;
	return n;
}

static int
cond_is_word(const struct cond_ps *ps, const char *kw)
{
	const char	*w;
	size_t		 n = cond_word(ps, &w);

	return n == strlen(kw) && strncmp(w, kw, n) == 0;
}

static int
cond_accept(struct cond_ps *ps, const char *kw)
{
	cond_skip(ps);
	if (!cond_is_word(ps, kw))
		return 0;
	ps->pos += strlen(kw);
	return 1;
}

static const char *const cond_keywords[] = {
	"and", "or", "not", "exists", "known", "any", "all", "true", "false",
	"contains", "matches", NULL
};

/* Keep one copy of each name; returns it. */
static const char *
cond_intern(struct cond_ps *ps, const char *w, size_t n, size_t at)
{
	struct cond	*c = ps->c;
	size_t		 i;

	for (i = 0; i < c->nnames; i++)
		if (strlen(c->names[i]) == n && strncmp(c->names[i], w, n) == 0)
			return c->names[i];
	if (c->nnames == COND_MAX_NAMES) {
		cond_fail(ps, at, _("more than %d fact names"),
		    COND_MAX_NAMES);
		return NULL;
	}
	c->names[c->nnames] = xstrndup(w, n);
	return c->names[c->nnames++];
}

/* A fact name (or a pattern when pattern is set). */
static const char *
cond_name(struct cond_ps *ps, int pattern)
{
	const char	*w, *p;
	size_t		 n, at, i;

	cond_skip(ps);
	at = ps->pos;
	if ((n = cond_word(ps, &w)) == 0)
		return (cond_fail(ps, at, _("expected a fact name")), NULL);
	for (i = 0; cond_keywords[i] != NULL; i++)
		if (strlen(cond_keywords[i]) == n &&
		    strncmp(w, cond_keywords[i], n) == 0)
			return (cond_fail(ps, at, _("expected a fact name, not "
			    "\"%s\""), cond_keywords[i]), NULL);
	if (w[n - 1] == '.' || memmem(w, n, "..", 2) != NULL)
		return (cond_fail(ps, at, _("\"%.*s\" is not a fact name"),
		    (int)n, w), NULL);
	if (!pattern && (p = memchr(w, '*', n)) != NULL)
		return (cond_fail(ps, at + (size_t)(p - w), _("a pattern "
		    "needs \"any\" or \"all\" before it")), NULL);
	ps->pos += n;
	return cond_intern(ps, w, n, at);
}

static int
cond_op(struct cond_ps *ps, enum cond_op *op)
{
	const char	*p;
	size_t		 i, n;

	cond_skip(ps);
	p = ps->text + ps->pos;
	for (i = nitems(cond_op_names); i-- > 0;) {
		n = strlen(cond_op_names[i]);
		if (strncmp(p, cond_op_names[i], n) != 0)
			continue;
		if (isalpha((unsigned char)*p) && cond_namechar(p[n]))
			continue;
		*op = (enum cond_op)i;
		ps->pos += n;
		return 0;
	}
	return -1;
}

static int
cond_string(struct cond_ps *ps, struct cond_node *nd)
{
	struct buf	b;
	const char	*p = ps->text + ps->pos + 1;
	size_t		 at = ps->pos;

	buf_init(&b, 0);
	for (; *p != '"'; p++) {
		if (*p == '\0') {
			buf_clear(&b);
			cond_fail(ps, at, _("the string is not closed"));
			return -1;
		}
		if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
			p++;
		buf_addc(&b, *p);
	}
	ps->pos = (size_t)(p + 1 - ps->text);
	nd->vtype = COND_V_STR;
	nd->s = buf_steal(&b);
	if (nd->s == NULL)
		nd->s = xstrdup("");
	return 0;
}

static int
cond_integer(struct cond_ps *ps, struct cond_node *nd)
{
	const char	*p = ps->text + ps->pos;
	char		*end;
	size_t		 at = ps->pos;

	errno = 0;
	nd->i = strtoll(p, &end, 10);
	if (errno == ERANGE) {
		cond_fail(ps, at, _("the number is out of range"));
		return -1;
	}
	if (cond_namechar(*end)) {
		cond_fail(ps, at, _("not a number"));
		return -1;
	}
	nd->vtype = COND_V_INT;
	ps->pos = (size_t)(end - ps->text);
	return 0;
}

static int
cond_value(struct cond_ps *ps, struct cond_node *nd)
{
	const char	*p;

	cond_skip(ps);
	p = ps->text + ps->pos;
	if (*p == '"')
		return cond_string(ps, nd);
	if (isdigit((unsigned char)*p) ||
	    (*p == '-' && isdigit((unsigned char)p[1])))
		return cond_integer(ps, nd);
	nd->vtype = COND_V_BOOL;
	if (cond_accept(ps, "true"))
		return (nd->b = 1, 0);
	if (cond_accept(ps, "false"))
		return (nd->b = 0, 0);
	cond_fail(ps, ps->pos, _("expected a value: \"string\", a number, "
	    "true or false"));
	return -1;
}

/*
 * glibc compiles bounded repetitions by copying them, so nested bounds
 * ("((a{255}){255}){255}") take minutes and gigabytes, and
 * back-references make matching exponential: refuse both.
 */
static const char *
cond_re_risky(const char *re)
{
	unsigned long	 lo, hi, cost = 1;
	const char	*s;
	char		*end;

	for (s = re; *s != '\0'; s++) {
		if (s[0] == '\\' && s[1] >= '1' && s[1] <= '9')
			return _("back-references are not supported");
		if (s[0] == '\\' && s[1] != '\0') {
			s++;		/* an escaped character */
			continue;
		}
		if (s[0] != '{' || !isdigit((unsigned char)s[1]))
			continue;
		lo = strtoul(s + 1, &end, 10);
		hi = lo;
		if (*end == ',')
			hi = isdigit((unsigned char)end[1]) ?
			    strtoul(end + 1, &end, 10) : lo + 1;
		if (lo > COND_RE_BOUND || hi > COND_RE_BOUND)
			return _("a repetition count over 255");
		cost *= hi + 1;
		if (cost > COND_RE_COST)
			return _("too many nested repetitions");
	}
	return NULL;
}

/* The operator and value of a comparison, checked for fit. */
static int
cond_compare(struct cond_ps *ps, struct cond_node *nd)
{
	const char	*risky;
	size_t		 at;
	char		 msg[256];
	int		 r;

	cond_skip(ps);
	at = ps->pos;
	if (cond_op(ps, &nd->op) == -1) {
		cond_fail(ps, at, _("expected an operator after \"%s\""),
		    nd->name);
		return -1;
	}
	if (cond_value(ps, nd) == -1)
		return -1;
	if ((nd->op == COND_OP_CONTAINS || nd->op == COND_OP_MATCHES) &&
	    nd->vtype != COND_V_STR) {
		cond_fail(ps, at, _("\"%s\" needs a \"string\""),
		    cond_op_names[nd->op]);
		return -1;
	}
	if (nd->vtype == COND_V_BOOL && nd->op != COND_OP_EQ &&
	    nd->op != COND_OP_NE) {
		cond_fail(ps, at, _("true and false compare with == or != "
		    "only"));
		return -1;
	}
	if (nd->op != COND_OP_MATCHES)
		return 0;
	if ((risky = cond_re_risky(nd->s)) != NULL) {
		cond_fail(ps, at, _("bad regular expression: %s"), risky);
		return -1;
	}
	if ((r = regcomp(&nd->re, nd->s, REG_EXTENDED | REG_NOSUB)) != 0) {
		regerror(r, NULL, msg, sizeof msg);
		cond_fail(ps, at, _("bad regular expression: %s"), msg);
		return -1;
	}
	nd->has_re = 1;
	return 0;
}

static struct cond_node *
cond_primary_name(struct cond_ps *ps, enum cond_kind kind, int pattern)
{
	struct cond_node	*nd = xcalloc(1, sizeof *nd);

	nd->kind = kind;
	if ((nd->name = cond_name(ps, pattern)) == NULL)
		goto fail;
	if (kind == COND_ANY || kind == COND_ALL || kind == COND_CMP) {
		if (cond_compare(ps, nd) == -1)
			goto fail;
	}
	return nd;
fail:
	cond_node_free(nd);
	return NULL;
}

static struct cond_node *
cond_primary(struct cond_ps *ps)
{
	struct cond_node	*nd;
	enum cond_op		 op;
	size_t			 at, save;

	cond_skip(ps);
	at = ps->pos;
	if (ps->text[ps->pos] == '(') {
		ps->pos++;
		if (++ps->depth > COND_MAX_DEPTH)
			return cond_fail(ps, at, _("nested too deep"));
		if ((nd = cond_parse_or(ps)) == NULL)
			return NULL;
		ps->depth--;
		cond_skip(ps);
		if (ps->text[ps->pos] != ')') {
			cond_node_free(nd);
			return cond_fail(ps, ps->pos, _("expected \")\""));
		}
		ps->pos++;
		return nd;
	}
	if (cond_accept(ps, "exists"))
		return cond_primary_name(ps, COND_EXISTS, 0);
	if (cond_accept(ps, "known"))
		return cond_primary_name(ps, COND_KNOWN, 0);
	if (cond_accept(ps, "any"))
		return cond_primary_name(ps, COND_ANY, 1);
	if (cond_accept(ps, "all"))
		return cond_primary_name(ps, COND_ALL, 1);
	if (ps->text[ps->pos] == '\0')
		return cond_fail(ps, at, _("the condition ends too early"));
	/* NAME OP VALUE, or a bare NAME (a bool fact). */
	nd = xcalloc(1, sizeof *nd);
	if ((nd->name = cond_name(ps, 0)) == NULL) {
		free(nd);
		return NULL;
	}
	save = ps->pos;
	if (cond_op(ps, &op) == -1) {
		nd->kind = COND_BOOL;
		return nd;
	}
	ps->pos = save;
	nd->kind = COND_CMP;
	if (cond_compare(ps, nd) == -1) {
		cond_node_free(nd);
		return NULL;
	}
	return nd;
}

static struct cond_node *
cond_binary(enum cond_kind kind, struct cond_node *l, struct cond_node *r)
{
	struct cond_node	*nd = xcalloc(1, sizeof *nd);

	nd->kind = kind;
	nd->l = l;
	nd->r = r;
	return nd;
}

static struct cond_node *
cond_parse_unary(struct cond_ps *ps)
{
	struct cond_node	*nd;
	size_t			 at;

	cond_skip(ps);
	at = ps->pos;
	if (!cond_accept(ps, "not"))
		return cond_primary(ps);
	if (++ps->depth > COND_MAX_DEPTH)
		return cond_fail(ps, at, _("nested too deep"));
	if ((nd = cond_parse_unary(ps)) == NULL)
		return NULL;
	ps->depth--;
	return cond_binary(COND_NOT, nd, NULL);
}

static struct cond_node *
cond_parse_and(struct cond_ps *ps)
{
	struct cond_node	*l, *r;

	if ((l = cond_parse_unary(ps)) == NULL)
		return NULL;
	while (cond_accept(ps, "and")) {
		if ((r = cond_parse_unary(ps)) == NULL) {
			cond_node_free(l);
			return NULL;
		}
		l = cond_binary(COND_AND, l, r);
	}
	return l;
}

static struct cond_node *
cond_parse_or(struct cond_ps *ps)
{
	struct cond_node	*l, *r;

	if ((l = cond_parse_and(ps)) == NULL)
		return NULL;
	while (cond_accept(ps, "or")) {
		if ((r = cond_parse_and(ps)) == NULL) {
			cond_node_free(l);
			return NULL;
		}
		l = cond_binary(COND_OR, l, r);
	}
	return l;
}

struct cond *
cond_parse(const char *text, char **cause)
{
	struct cond_ps	 ps;
	struct cond	*c;

	if (strlen(text) > COND_TEXT_CAP) {
		xasprintf(cause, _("the condition is longer than %d bytes"),
		    COND_TEXT_CAP);
		return NULL;
	}
	memset(&ps, 0, sizeof ps);
	ps.text = text;
	ps.c = c = xcalloc(1, sizeof *c);
	c->root = cond_parse_or(&ps);
	if (c->root != NULL) {
		cond_skip(&ps);
		if (text[ps.pos] != '\0')
			cond_fail(&ps, ps.pos, _("unexpected \"%.20s\" "
			    "(missing \"and\" or \"or\"?)"), text + ps.pos);
	}
	if (ps.err != NULL) {
		*cause = ps.err;
		cond_free(c);
		return NULL;
	}
	return c;
}

static void
cond_node_free(struct cond_node *nd)
{
	if (nd == NULL)
		return;
	cond_node_free(nd->l);
	cond_node_free(nd->r);
	if (nd->has_re)
		regfree(&nd->re);
	free(nd->s);
	free(nd);
}

void
cond_free(struct cond *c)
{
	size_t	i;

	if (c == NULL)
		return;
	cond_node_free(c->root);
	for (i = 0; i < c->nnames; i++)
		free(c->names[i]);
	free(c);
}

const char *const *
cond_names(const struct cond *c, size_t *n)
{
	*n = c->nnames;
	return (const char *const *)c->names;
}

const char *
cond_value_name(enum cond_value v)
{
	switch (v) {
	case COND_TRUE:
		return "true";
	case COND_FALSE:
		return "false";
	default:
		return "unknown";
	}
}

/* ---- evaluation ------------------------------------------------------ */

/* '*' = one segment, a final "**" = one or more (the catalogue's rule). */
int
cond_match(const char *pat, const char *name)
{
	return factdef_match(pat, name);
}

static enum cond_value
cond_unknown(char **why, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static enum cond_value
cond_unknown(char **why, const char *fmt, ...)
{
	va_list	ap;

	if (why != NULL && *why == NULL) {
		va_start(ap, fmt);
		xvasprintf(why, fmt, ap);
		va_end(ap);
	}
	return COND_UNKNOWN;
}

static enum cond_value
cond_tf(int b)
{
	return b ? COND_TRUE : COND_FALSE;
}

static enum cond_value
cond_order(enum cond_op op, long long a, long long b)
{
	switch (op) {
	case COND_OP_EQ:
		return cond_tf(a == b);
	case COND_OP_NE:
		return cond_tf(a != b);
	case COND_OP_LT:
		return cond_tf(a < b);
	case COND_OP_LE:
		return cond_tf(a <= b);
	case COND_OP_GT:
		return cond_tf(a > b);
	case COND_OP_GE:
		return cond_tf(a >= b);
	default:
		return COND_UNKNOWN;
	}
}

static int
cond_strint(const char *s, long long *v)
{
	char	*end;

	errno = 0;
	*v = strtoll(s, &end, 10);
	return *s != '\0' && *end == '\0' && errno == 0 ? 0 : -1;
}

static enum cond_value
cond_cmp_str(const struct cond_node *nd, const char *v)
{
	long long	a;

	if (nd->vtype == COND_V_INT)
		return cond_strint(v, &a) == 0 ?
		    cond_order(nd->op, a, nd->i) : COND_UNKNOWN;
	if (nd->vtype != COND_V_STR)
		return COND_UNKNOWN;
	switch (nd->op) {
	case COND_OP_EQ:
		return cond_tf(strcmp(v, nd->s) == 0);
	case COND_OP_NE:
		return cond_tf(strcmp(v, nd->s) != 0);
	case COND_OP_CONTAINS:
		return cond_tf(strstr(v, nd->s) != NULL);
	case COND_OP_MATCHES:
		return cond_tf(regexec(&nd->re, v, 0, NULL, 0) == 0);
	default:
		return COND_UNKNOWN;
	}
}

static enum cond_value
cond_cmp_list(const struct cond_node *nd, const struct fact *f)
{
	enum cond_value	 v;
	char		*joined;
	size_t		 i;

	if (nd->vtype != COND_V_STR)
		return COND_UNKNOWN;
	if (nd->op == COND_OP_CONTAINS)
		return cond_tf(fact_list_has(f, nd->s));
	if (nd->op == COND_OP_MATCHES) {
		for (i = 0; i < f->nlist; i++)
			if (regexec(&nd->re, f->list[i], 0, NULL, 0) == 0)
				return COND_TRUE;
		return COND_FALSE;
	}
	joined = fact_value_text(f);
	v = cond_cmp_str(nd, joined);
	free(joined);
	return v;
}

/* A known fact against the node's operator and value. */
static enum cond_value
cond_cmp_fact(const struct cond_node *nd, const struct fact *f, char **why)
{
	enum cond_value	v = COND_UNKNOWN;

	switch (f->type) {
	case FACT_BOOL:
		if (nd->vtype == COND_V_BOOL)
			v = cond_tf(nd->op == COND_OP_EQ ? !f->b == !nd->b :
			    !f->b != !nd->b);
		break;
	case FACT_INT:
		if (nd->vtype == COND_V_INT)
			v = cond_order(nd->op, f->i, nd->i);
		break;
	case FACT_STR:
		v = cond_cmp_str(nd, f->s);
		break;
	case FACT_LIST:
		v = cond_cmp_list(nd, f);
		break;
	}
	if (v == COND_UNKNOWN)
		return cond_unknown(why, _("%s is a %s fact: it cannot be "
		    "compared with %s that way"), f->name,
		    fact_type_name(f->type), cond_op_names[nd->op]);
	return v;
}

/* The fact when known; else UNKNOWN with the reason. */
static const struct fact *
cond_fact(const struct facts *fs, const char *name, char **why)
{
	const struct fact	*f = facts_get(fs, name);

	if (f == NULL) {
		cond_unknown(why, _("%s was not found out in this run"),
		    name);
		return NULL;
	}
	if (f->state != FACT_KNOWN) {
		cond_unknown(why, _("%s is UNKNOWN: %s"), name,
		    f->reason != NULL ? f->reason : "?");
		return NULL;
	}
	return f;
}

static enum cond_value
cond_quantify(const struct cond_node *nd, const struct facts *fs,
    char **why)
{
	enum cond_value	 v, acc;
	int		 any = nd->kind == COND_ANY, unknown = 0;
	size_t		 i;

	acc = any ? COND_FALSE : COND_TRUE;
	for (i = 0; i < fs->n; i++) {
		if (!cond_match(nd->name, fs->v[i].name))
			continue;
		if (cond_fact(fs, fs->v[i].name, why) == NULL) {
			unknown = 1;
			continue;
		}
		v = cond_cmp_fact(nd, &fs->v[i], why);
		if (v == COND_UNKNOWN)
			unknown = 1;
		else if (any && v == COND_TRUE)
			return COND_TRUE;
		else if (!any && v == COND_FALSE)
			return COND_FALSE;
	}
	return unknown ? COND_UNKNOWN : acc;
}

static enum cond_value	cond_eval_node(const struct cond_node *,
			    const struct facts *, char **);

/*
 * "and" / "or": each side gets its own reason, and an UNKNOWN result
 * takes the reason of a side that is UNKNOWN; a side decided away
 * ("x or true") does not name its fact.
 */
static enum cond_value
cond_both(const struct cond_node *nd, const struct facts *fs, char **why)
{
	enum cond_value	 a, b, v, decide;
	char		*ra = NULL, *rb = NULL, **keep;

	decide = nd->kind == COND_AND ? COND_FALSE : COND_TRUE;
	a = cond_eval_node(nd->l, fs, &ra);
	b = cond_eval_node(nd->r, fs, &rb);
	if (a == decide || b == decide)
		v = decide;
	else if (a == COND_UNKNOWN || b == COND_UNKNOWN)
		v = COND_UNKNOWN;
	else
		v = cond_tf(decide == COND_FALSE);
	if (v == COND_UNKNOWN && why != NULL && *why == NULL) {
		keep = a == COND_UNKNOWN ? &ra : &rb;
		*why = *keep;
		*keep = NULL;
	}
	free(ra);
	free(rb);
	return v;
}

static enum cond_value
cond_eval_node(const struct cond_node *nd, const struct facts *fs,
    char **why)
{
	const struct fact	*f;
	enum cond_value		 a;

	switch (nd->kind) {
	case COND_AND:
	case COND_OR:
		return cond_both(nd, fs, why);
	case COND_NOT:
		a = cond_eval_node(nd->l, fs, why);
		return a == COND_UNKNOWN ? a : cond_tf(a == COND_FALSE);
	case COND_EXISTS:
		if (facts_get(fs, nd->name) == NULL)
			return COND_FALSE;
		return cond_fact(fs, nd->name, why) != NULL ? COND_TRUE :
		    COND_UNKNOWN;
	case COND_KNOWN:
		f = facts_get(fs, nd->name);
		return cond_tf(f != NULL && f->state == FACT_KNOWN);
	case COND_ANY:
	case COND_ALL:
		return cond_quantify(nd, fs, why);
	case COND_BOOL:
		if ((f = cond_fact(fs, nd->name, why)) == NULL)
			return COND_UNKNOWN;
		if (f->type != FACT_BOOL)
			return cond_unknown(why, _("%s is not a yes/no fact: "
			    "compare it with a value"), nd->name);
		return cond_tf(f->b);
	case COND_CMP:
		if ((f = cond_fact(fs, nd->name, why)) == NULL)
			return COND_UNKNOWN;
		return cond_cmp_fact(nd, f, why);
	}
	return COND_UNKNOWN;
}

enum cond_value
cond_eval(const struct cond *c, const struct facts *fs, char **why)
{
	enum cond_value	 v;
	char		*reason = NULL;

	v = cond_eval_node(c->root, fs, &reason);
	if (v == COND_UNKNOWN && why != NULL && reason != NULL) {
		*why = reason;
		return v;
	}
	free(reason);
	return v;
}
