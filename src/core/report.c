/*
 * report.c - the auditor's report: the model's helpers shared by the
 * three writers (names, labels, times, header values), the operator and
 * audit-log parts of the model, the report language and the dispatch to
 * report_text.c, report_html.c and report_json.c.
 */
#include "mh.h"

#include <sys/random.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <langinfo.h>
#include <locale.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "buf.h"
#include "check.h"
#include "checklist.h"
#include "exec.h"
#include "fact.h"
#include "json.h"
#include "report.h"
#include "report_int.h"

#define REPORT_LANG_MAX		32
#define REPORT_NAME_MAX		64

static const char *const report_verdicts[CHECK_NVERDICTS] = {
	"PASS", "FAIL", "WARN", "UNKNOWN", "WAIVED", "MANUAL", "N/A"
};

static const char *const report_legends[CHECK_NVERDICTS] = {
	N_("the control is in place"),
	N_("the control is missing or wrong: fix it"),
	N_("advisory: recommended, not required"),
	N_("a fact could not be found out; nothing is assumed"),
	N_("failed, but a waiver in force covers it"),
	N_("a person attests this control (see the answer)"),
	N_("does not apply to this host")
};

static const char *const report_sevs[CHECK_NSEV] = {
	"info", "low", "medium", "high", "critical"
};

static const char *const report_sev_labels[CHECK_NSEV] = {
	N_("info"), N_("low"), N_("medium"), N_("high"), N_("critical")
};

static const char *const report_fixes[CHECK_NFIX] = {
	"postfix", "firewalld", "ufw", "nft", "iptables"
};

static const char *const report_formats[] = { "text", "html", "json" };

const char *
report_verdict_name(enum check_verdict v)
{
	if ((unsigned)v >= CHECK_NVERDICTS)
		return "?";
	return report_verdicts[v];
}

const char *
report_verdict_legend(enum check_verdict v)
{
	if ((unsigned)v >= CHECK_NVERDICTS)
		return "?";
	return _(report_legends[v]);
}

const char *
report_severity_key(enum check_severity s)
{
	if ((unsigned)s >= CHECK_NSEV)
		return "?";
	return report_sevs[s];
}

const char *
report_severity_label(enum check_severity s)
{
	if ((unsigned)s >= CHECK_NSEV)
		return "?";
	return _(report_sev_labels[s]);
}

const char *
report_fix_key(enum check_fix f)
{
	if ((unsigned)f >= CHECK_NFIX)
		return "?";
	return report_fixes[f];
}

const char *
report_tr(const char *s)
{
	if (s == NULL || *s == '\0')
		return s;
	return _(s);
}

int
report_percent(const struct check_score *sc)
{
	if (sc == NULL || sc->counted == 0)
		return -1;
	return (int)((sc->passed * 100) / sc->counted);
}

void
report_time(time_t t, char out[REPORT_TIME_LEN])
{
	struct tm	tm;

	if (t <= 0 || gmtime_r(&t, &tm) == NULL) {
		snprintf(out, REPORT_TIME_LEN, "-");
		return;
	}
	strftime(out, REPORT_TIME_LEN, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

void
report_time_iso(time_t t, char out[REPORT_TIME_LEN])
{
	struct tm	tm;

	if (t <= 0 || gmtime_r(&t, &tm) == NULL) {
		snprintf(out, REPORT_TIME_LEN, "-");
		return;
	}
	strftime(out, REPORT_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
report_lang_tag(char *out, size_t outsz)
{
	const char	*m, *l;
	size_t		 n, i;

	m = setlocale(LC_MESSAGES, NULL);
	if (m == NULL || strcmp(m, "C") == 0 || strcmp(m, "POSIX") == 0 ||
	    strncmp(m, "C.", 2) == 0) {
		snprintf(out, outsz, "en");
		return;
	}
	if ((l = getenv("LANGUAGE")) != NULL && *l != '\0')
		m = l;
	n = strcspn(m, ".@:");
	if (n == 0 || n >= outsz || strspn(m, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ_") < n) {
		snprintf(out, outsz, "en");
		return;
	}
	for (i = 0; i < n; i++)
		out[i] = m[i] == '_' ? '-' : m[i];
	out[n] = '\0';
}

const char *
report_host(const struct report *r)
{
	const char	*s;

	if (r->facts == NULL)
		return "?";
	if ((s = facts_str(r->facts, "host.fqdn")) != NULL && *s != '\0')
		return s;
	if ((s = facts_str(r->facts, "host.hostname")) != NULL && *s != '\0')
		return s;
	return "?";
}

char *
report_os(const struct report *r)
{
	const char	*name = NULL, *ver = NULL;
	char		*s;

	if (r->facts != NULL) {
		name = facts_str(r->facts, "os.name");
		ver = facts_str(r->facts, "os.version_id");
	}
	if (name == NULL)
		return xstrdup(_("unknown"));
	if (ver != NULL && *ver != '\0' && strstr(name, ver) == NULL)
		xasprintf(&s, "%s (%s)", name, ver);
	else
		s = xstrdup(name);
	return s;
}

static void
report_addresses_add(const struct report *r, const char *name,
    struct buf *b)
{
	const struct fact	*f;
	size_t			 i;

	if (r->facts == NULL || (f = facts_get(r->facts, name)) == NULL ||
	    f->state != FACT_KNOWN)
		return;
	if (f->type == FACT_STR && f->s != NULL && *f->s != '\0')
		buf_printf(b, "%s%s", b->len ? ", " : "", f->s);
	if (f->type != FACT_LIST)
		return;
	for (i = 0; i < f->nlist; i++)
		buf_printf(b, "%s%s", b->len ? ", " : "", f->list[i]);
}

char *
report_addresses(const struct report *r)
{
	struct buf	b;

	buf_init(&b, 0);
	report_addresses_add(r, "net.public_ipv4", &b);
	report_addresses_add(r, "net.public_ipv6", &b);
	if (b.len == 0)
		buf_adds(&b, _("none known"));
	return buf_steal(&b);
}

char *
report_operator_text(const struct report *r)
{
	struct buf	b;

	buf_init(&b, 0);
	buf_adds(&b, r->op.user != NULL ? r->op.user : "?");
	if (r->op.sudo_user != NULL && *r->op.sudo_user != '\0')
		buf_printf(&b, _(" (sudo by %s)"), r->op.sudo_user);
	if (r->op.ssh_client != NULL && *r->op.ssh_client != '\0')
		buf_printf(&b, _(" from %s over SSH"), r->op.ssh_client);
	return buf_steal(&b);
}

const struct check_score *
report_list_score(const struct report *r, size_t l)
{
	if (r->run == NULL || r->run->per_list == NULL ||
	    r->run->lists == NULL || l >= r->run->lists->n)
		return NULL;
	return &r->run->per_list[l];
}

char *
report_audit_what(const struct json *rec)
{
	const struct json	*arr, *c;
	const char		**v, *path, *detail;
	char			*t, *u;
	size_t			 n = 0;

	arr = json_get(rec, "argv");
	path = json_get_str(rec, "path");
	detail = json_get_str(rec, "detail");
	if (arr != NULL && arr->type == JSON_ARRAY && json_count(arr) > 0) {
		v = xcalloc(json_count(arr) + 1, sizeof *v);
		for (c = arr->child; c != NULL; c = c->next)
			v[n++] = c->type == JSON_STRING ? c->str : "?";
		t = exec_argv_text(v);
		free(v);
		if (path != NULL) {
			xasprintf(&u, "%s > %s", t, path);
			free(t);
			t = u;
		}
		return t;
	}
	if (path != NULL && detail != NULL) {
		xasprintf(&t, "%s (%s)", path, detail);
		return t;
	}
	if (path != NULL)
		return xstrdup(path);
	return xstrdup(detail != NULL ? detail : "");
}

void
report_operator_init(struct report_operator *op)
{
	static char	 user[REPORT_NAME_MAX], ssh[REPORT_NAME_MAX];
	struct passwd	*pw;
	const char	*s;
	size_t		 n;

	memset(op, 0, sizeof *op);
	if ((pw = getpwuid(geteuid())) != NULL && pw->pw_name != NULL)
		snprintf(user, sizeof user, "%s", pw->pw_name);
	else
		snprintf(user, sizeof user, "uid %ld", (long)geteuid());
	op->user = user;
	if ((s = getenv("SUDO_USER")) != NULL && *s != '\0')
		op->sudo_user = s;
	if ((s = getenv("SSH_CLIENT")) == NULL || *s == '\0')
		s = getenv("SSH_CONNECTION");
	if (s != NULL && *s != '\0') {
		n = strcspn(s, " ");
		if (n >= sizeof ssh)
			n = sizeof ssh - 1;
		memcpy(ssh, s, n);
		ssh[n] = '\0';
		op->ssh_client = ssh;
	}
}

/* A record that changed something (or took a change back). */
static int
report_audit_is_change(const struct json *rec)
{
	const char	*a = json_get_str(rec, "action");

	if (a == NULL)
		return 0;
	return strcmp(a, "dry-run") != 0 && strcmp(a, "confirm-wait") != 0;
}

static int
report_audit_keep(const struct json *rec, const char *const *sessions,
    size_t nsessions, const char *since)
{
	const char	*s, *t;
	size_t		 i;

	if (!report_audit_is_change(rec))
		return 0;
	if (since != NULL) {
		t = json_get_str(rec, "time");
		if (t == NULL || strcmp(t, since) < 0)
			return 0;
	}
	if (sessions == NULL || nsessions == 0)
		return 1;
	if ((s = json_get_str(rec, "session")) == NULL)
		return 0;
	for (i = 0; i < nsessions; i++) {
		if (sessions[i] != NULL && strcmp(s, sessions[i]) == 0)
			return 1;
	}
	return 0;
}

static char *
report_audit_scope(const char *const *sessions, size_t nsessions,
    const char *since_text)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, 0);
	if (sessions != NULL && nsessions > 0) {
		buf_adds(&b, P_("Changes of session", "Changes of sessions",
		    nsessions));
		for (i = 0; i < nsessions; i++)
			buf_printf(&b, "%s %s", i ? "," : "", sessions[i]);
	} else
		buf_adds(&b, _("Every change in the log"));
	if (since_text != NULL)
		buf_printf(&b, _(", made at or after %s"), since_text);
	buf_adds(&b, ".");
	return buf_steal(&b);
}

void
report_audit_load(struct report_audit *a, const char *path,
    const char *const *sessions, size_t nsessions, time_t since)
{
	struct audit_verify	 v;
	struct json		**recs = NULL;
	char			*cause = NULL, iso[REPORT_TIME_LEN];
	char			 human[REPORT_TIME_LEN];
	const char		*since_iso = NULL;
	size_t			 n = 0, i;
	int			 rc;

	memset(a, 0, sizeof *a);
	memset(&v, 0, sizeof v);
	a->path = xstrdup(path != NULL ? path : AUDIT_DEFAULT_PATH);
	if (since > 0) {
		report_time_iso(since, iso);
		iso[strlen(iso) - 1] = '\0';	/* compare without the Z */
		since_iso = iso;
		report_time(since, human);
	}
	a->scope = report_audit_scope(sessions, nsessions,
	    since > 0 ? human : NULL);
	rc = audit_verify(a->path, &v, &cause);
	if (rc == -1) {
		a->why = cause;
		return;
	}
	a->readable = 1;
	a->records = v.records;
	a->intact = rc == 0;
	a->head = xstrdup(v.head);
	if (!a->intact) {
		a->bad_line = v.bad_line;
		a->bad_reason = xstrdup(v.reason != NULL ? v.reason : "?");
	}
	audit_verify_clear(&v);
	if (audit_read(a->path, &recs, &n, &cause) == -1) {
		a->why = cause;
		return;
	}
	a->recs = xcalloc(n + 1, sizeof *a->recs);
	for (i = 0; i < n; i++) {
		if (report_audit_keep(recs[i], sessions, nsessions,
		    since_iso)) {
			a->recs[a->nrecs++] = recs[i];
			recs[i] = NULL;
		}
	}
	for (i = 0; i < n; i++)
		json_free(recs[i]);
	free(recs);
}

void
report_audit_clear(struct report_audit *a)
{
	size_t	i;

	free((char *)a->path);
	free((char *)a->why);
	free((char *)a->bad_reason);
	free((char *)a->head);
	free((char *)a->scope);
	for (i = 0; i < a->nrecs; i++)
		json_free(a->recs[i]);
	free(a->recs);
	memset(a, 0, sizeof *a);
}

int
report_render(const struct report *r, enum report_format fmt,
    struct buf *out, char **cause)
{
	if (r == NULL || r->run == NULL || r->run->lists == NULL) {
		xasprintf(cause, _("report: no checklist results to render"));
		return -1;
	}
	switch (fmt) {
	case REPORT_TEXT:
		return report_text_render(r, out);
	case REPORT_HTML:
		return report_html_render(r, out);
	case REPORT_JSON:
		return report_json_render(r, out);
	}
	xasprintf(cause, _("report: unknown format %d"), (int)fmt);
	return -1;
}

int
report_format_parse(const char *s, enum report_format *fmt)
{
	size_t	i;

	if (s == NULL)
		return -1;
	for (i = 0; i < nitems(report_formats); i++) {
		if (strcmp(s, report_formats[i]) == 0) {
			*fmt = (enum report_format)i;
			return 0;
		}
	}
	return -1;
}

const char *
report_format_name(enum report_format fmt)
{
	if ((unsigned)fmt >= nitems(report_formats))
		return "?";
	return report_formats[fmt];
}

#if ENABLE_NLS
/* Is a catalog of ours installed for lang ("zh_CN", then "zh")? */
static int
report_has_catalog(const char *lang)
{
	struct stat	 st;
	const char	*dir;
	char		*p, base[REPORT_LANG_MAX];
	size_t		 n;
	int		 found;

	if ((dir = bindtextdomain(PACKAGE, NULL)) == NULL)
		return 0;
	n = strcspn(lang, ".@");
	snprintf(base, sizeof base, "%.*s", (int)n, lang);
	xasprintf(&p, "%s/%s/LC_MESSAGES/%s.mo", dir, base, PACKAGE);
	found = stat(p, &st) == 0;
	free(p);
	if (found)
		return 1;
	n = strcspn(base, "_");
	xasprintf(&p, "%s/%.*s/LC_MESSAGES/%s.mo", dir, (int)n, base,
	    PACKAGE);
	found = stat(p, &st) == 0;
	free(p);
	return found;
}
#endif

int
report_set_lang(const char *lang, char **cause)
{
	char		 base[REPORT_LANG_MAX], cand[3][REPORT_LANG_MAX + 8];
	const char	*set = NULL;
#if ENABLE_NLS
	char		*old;
#endif
	size_t		 n, i;

	if (lang == NULL || *lang == '\0')
		return 0;
	n = strlen(lang);
	if (n >= REPORT_LANG_MAX || strspn(lang, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.@-") != n) {
		xasprintf(cause, _("'%s' is not a language name (like zh_CN "
		    "or en)"), lang);
		return -1;
	}
	if (strcmp(lang, "C") == 0 || strcmp(lang, "POSIX") == 0 ||
	    strcmp(lang, "en") == 0 || strncmp(lang, "en_", 3) == 0 ||
	    strncmp(lang, "C.", 2) == 0) {
		/* The msgids are English: no catalog is needed. */
		setlocale(LC_MESSAGES, "C");
		return 0;
	}
	n = strcspn(lang, ".@");
	snprintf(base, sizeof base, "%.*s", (int)n, lang);
#if !ENABLE_NLS
	(void)set;
	(void)cand;
	(void)i;
	xasprintf(cause, _("this build of mailharden has no translations "
	    "(%s)"), base);
	return -1;
#else
	snprintf(cand[0], sizeof cand[0], "%s.UTF-8", base);
	snprintf(cand[1], sizeof cand[1], "%s.utf8", base);
	snprintf(cand[2], sizeof cand[2], "%s", lang);
	old = xstrdup(setlocale(LC_MESSAGES, NULL) != NULL ?
	    setlocale(LC_MESSAGES, NULL) : "C");
	for (i = 0; i < nitems(cand) && set == NULL; i++)
		set = setlocale(LC_MESSAGES, cand[i]);
	if (set == NULL) {
		xasprintf(cause, _("the locale %s.UTF-8 is not installed on "
		    "this machine (generate it with locale-gen or "
		    "localedef)"), base);
		free(old);
		return -1;
	}
	if (!report_has_catalog(base)) {
		setlocale(LC_MESSAGES, old);
		xasprintf(cause, _("mailharden has no %s translation "
		    "installed"), base);
		free(old);
		return -1;
	}
	free(old);
	i--;
	/* Widths and the catalog's output need a UTF-8 character set. */
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, cand[i]);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	/* $LANGUAGE would take precedence over LC_MESSAGES. */
	setenv("LANGUAGE", base, 1);
	textdomain(textdomain(NULL));
	return 0;
#endif
}

void
report_new_id(char out[REPORT_ID_LEN + 1])
{
	unsigned char	rnd[REPORT_ID_LEN / 2];
	size_t		i;

	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
		fatalx("getrandom failed");
	for (i = 0; i < sizeof rnd; i++)
		snprintf(out + 2 * i, 3, "%02x", rnd[i]);
}
