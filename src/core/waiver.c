/*
 * waiver.c - waivers (item id, reason, owner, expiry) and attestations
 * (answers to manual items), each kept in its own libconfig file: load
 * with file:line errors, look up, and write a new file text with one
 * entry added or replaced.  See waiver.h.
 */
#include "mh.h"

#include <ctype.h>
#include <errno.h>
#include <libconfig.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "fact.h"
#include "rootfs.h"
#include "waiver.h"

/* What a loader needs: the file, the cause, the clock. */
struct waiver_ld {
	const char	*file;
	char		**cause;
	time_t		 now;
};

#define waiver_err(ld, line, ...) \
	mh_errat((ld)->cause, (ld)->file, (line), __VA_ARGS__)

static int
waiver_line(const config_setting_t *s)
{
	return (int)config_setting_source_line(s);
}

time_t
waiver_parse_date(const char *s)
{
	struct tm	tm;
	int		y, m, d, i;
	char		tail;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return -1;	/* no signs or blanks for sscanf */
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return -1;
	if (y < 2000 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 23;
	tm.tm_min = 59;
	tm.tm_sec = 59;
	if (timegm(&tm) == -1)
		return -1;
	if (tm.tm_mday != d || tm.tm_mon != m - 1)
		return -1;	/* 2026-02-30 rolled over */
	return timegm(&tm);
}

int
waiver_expired(const struct waiver *w, time_t now)
{
	return now > w->until;
}

/* An id as checklist.h allows: [A-Z0-9]+(-[A-Z0-9]+)*. */
static int
waiver_id_ok(const char *id)
{
	size_t	i, n = strlen(id);

	if (n == 0 || n > 32 || id[0] == '-' || id[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++) {
		if (id[i] == '-' && id[i + 1] == '-')
			return 0;
		if (!isupper((unsigned char)id[i]) &&
		    !isdigit((unsigned char)id[i]) && id[i] != '-')
			return 0;
	}
	return 1;
}

/* A free text: present, capped, valid UTF-8, no control characters. */
static const char *
waiver_text_bad(const char *s, int required)
{
	size_t	i, n = strlen(s);

	if (required && n == 0)
		return _("must not be empty");
	if (n > WAIVER_TEXT_CAP)
		return _("is too long");
	if (!mh_utf8_valid(s, n))
		return _("is not valid UTF-8");
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return _("contains a control character");
	return NULL;
}

static int
waiver_get(struct waiver_ld *ld, const config_setting_t *g,
    const char *key, int required, char **out)
{
	config_setting_t	*m;
	const char		*s, *bad;

	*out = NULL;
	if ((m = config_setting_get_member(g, key)) == NULL) {
		if (!required)
			return 0;
		return waiver_err(ld, waiver_line(g), _("missing '%s'"), key);
	}
	if (config_setting_type(m) != CONFIG_TYPE_STRING ||
	    (s = config_setting_get_string(m)) == NULL)
		return waiver_err(ld, waiver_line(m), _("'%s' must be a "
		    "string"), key);
	if ((bad = waiver_text_bad(s, required)) != NULL)
		return waiver_err(ld, waiver_line(m), "'%s' %s", key, bad);
	*out = xstrdup(s);
	return 0;
}

/* Every member of g must be one of keys. */
static int
waiver_keys(struct waiver_ld *ld, const config_setting_t *g,
    const char *const *keys)
{
	config_setting_t	*m;
	const char		*name;
	int			 i, k, n = config_setting_length(g);

	for (i = 0; i < n; i++) {
		m = config_setting_get_elem(g, (unsigned int)i);
		name = config_setting_name(m);
		for (k = 0; keys[k] != NULL; k++)
			if (name != NULL && strcmp(name, keys[k]) == 0)
				break;
		if (keys[k] == NULL)
			return waiver_err(ld, waiver_line(m), _("unknown key "
			    "'%s'"), name != NULL ? name : "?");
	}
	return 0;
}

static int
waiver_load_id(struct waiver_ld *ld, const config_setting_t *g, char **id)
{
	if (waiver_get(ld, g, "id", 1, id) == -1)
		return -1;
	if (!waiver_id_ok(*id))
		return waiver_err(ld, waiver_line(g), _("'%s' is not an item "
		    "id (like BL-01)"), *id);
	return 0;
}

static int
waiver_load_one(struct waiver_ld *ld, const config_setting_t *g,
    struct waiver *w)
{
	static const char *const keys[] = {
		"id", "reason", "owner", "expires", NULL
	};

	w->line = waiver_line(g);
	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return waiver_err(ld, w->line, _("a waiver must be a group "
		    "{ ... }"));
	if (waiver_keys(ld, g, keys) == -1 ||
	    waiver_load_id(ld, g, &w->id) == -1 ||
	    waiver_get(ld, g, "reason", 1, &w->reason) == -1 ||
	    waiver_get(ld, g, "owner", 1, &w->owner) == -1 ||
	    waiver_get(ld, g, "expires", 1, &w->expires) == -1)
		return -1;
	if ((w->until = waiver_parse_date(w->expires)) == -1)
		return waiver_err(ld, w->line, _("expires '%s' is not a date "
		    "(YYYY-MM-DD)"), w->expires);
	if (w->until - ld->now > (time_t)WAIVER_MAX_DAYS * 86400)
		return waiver_err(ld, w->line, _("expires %s is more than %d "
		    "days ahead: a waiver is temporary"), w->expires,
		    WAIVER_MAX_DAYS);
	return 0;
}

static int
waiver_load_attest(struct waiver_ld *ld, const config_setting_t *g,
    struct attest *a)
{
	static const char *const keys[] = {
		"id", "answer", "note", "by", "date", NULL
	};
	char	*answer = NULL;
	int	 rc = -1;

	a->line = waiver_line(g);
	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return waiver_err(ld, a->line, _("an attestation must be a "
		    "group { ... }"));
	if (waiver_keys(ld, g, keys) == -1 ||
	    waiver_load_id(ld, g, &a->id) == -1 ||
	    waiver_get(ld, g, "answer", 1, &answer) == -1 ||
	    waiver_get(ld, g, "note", 1, &a->note) == -1 ||
	    waiver_get(ld, g, "by", 1, &a->by) == -1 ||
	    waiver_get(ld, g, "date", 1, &a->date) == -1)
		goto out;
	if (strcmp(answer, "yes") != 0 && strcmp(answer, "no") != 0) {
		waiver_err(ld, a->line, _("answer must be \"yes\" or "
		    "\"no\""));
		goto out;
	}
	a->yes = strcmp(answer, "yes") == 0;
	if (waiver_parse_date(a->date) == -1) {
		waiver_err(ld, a->line, _("date '%s' is not a date "
		    "(YYYY-MM-DD)"), a->date);
		goto out;
	}
	rc = 0;
out:
	free(answer);
	return rc;
}

/* Read and parse path into cf; *missing set when it does not exist. */
static int
waiver_read(struct waiver_ld *ld, config_t *cf, int *missing)
{
	char	*text = NULL, *why = NULL;
	int	 rc = -1;

	*missing = 0;
	if (rootfs_read(NULL, ld->file, WAIVER_FILE_CAP, &text, NULL,
	    &why) == -1) {
		*missing = rootfs_exists(NULL, ld->file) == 0;
		*ld->cause = why;
		return -1;
	}
	if (!config_read_string(cf, text)) {
		waiver_err(ld, config_error_line(cf), "%s",
		    config_error_text(cf) != NULL ? config_error_text(cf) :
		    _("syntax error"));
		goto out;
	}
	rc = 0;
out:
	free(text);
	return rc;
}

/* The list named key at the top, or NULL (an empty file is fine). */
static int
waiver_list(struct waiver_ld *ld, config_t *cf, const char *key,
    config_setting_t **out)
{
	config_setting_t	*root = config_root_setting(cf), *l, *m;
	int			 i;

	*out = NULL;
	for (i = 0; i < config_setting_length(root); i++) {
		m = config_setting_get_elem(root, (unsigned int)i);
		if (strcmp(config_setting_name(m), key) != 0)
			return waiver_err(ld, waiver_line(m), _("unknown key "
			    "'%s' (expected '%s')"), config_setting_name(m),
			    key);
	}
	if ((l = config_lookup(cf, key)) == NULL)
		return 0;
	if (!config_setting_is_list(l) && !config_setting_is_array(l))
		return waiver_err(ld, waiver_line(l), _("'%s' must be a list "
		    "( ... )"), key);
	if (config_setting_length(l) > WAIVER_MAX)
		return waiver_err(ld, waiver_line(l), _("more than %d "
		    "entries"), WAIVER_MAX);
	*out = l;
	return 0;
}

/*
 * Read path and find its list named key.  1 when the file is missing
 * and that is fine (an empty set), 0 with *l (NULL for an empty file)
 * and *n, -1 with *ld->cause.
 */
static int
waiver_begin(struct waiver_ld *ld, config_t *cf, const char *key,
    int missing_ok, config_setting_t **l, int *n)
{
	int	missing;

	if (waiver_read(ld, cf, &missing) == -1) {
		if (!missing || !missing_ok)
			return -1;
		free(*ld->cause);
		*ld->cause = NULL;
		return 1;
	}
	if (waiver_list(ld, cf, key, l) == -1)
		return -1;
	*n = *l != NULL ? config_setting_length(*l) : 0;
	return 0;
}

int
waivers_load(const char *path, int missing_ok, time_t now,
    struct waivers *w, char **cause)
{
	struct waiver_ld	 ld = { path, cause, now };
	config_t		 cf;
	config_setting_t	*l = NULL;
	int			 i, k, n = 0, rc = -1;

	memset(w, 0, sizeof *w);
	w->path = xstrdup(path);
	config_init(&cf);
	if ((k = waiver_begin(&ld, &cf, "waivers", missing_ok, &l, &n)) != 0) {
		rc = k == 1 ? 0 : -1;
		goto out;
	}
	w->v = xcalloc(n > 0 ? (size_t)n : 1, sizeof *w->v);
	for (i = 0; i < n; i++) {
		if (waiver_load_one(&ld, config_setting_get_elem(l,
		    (unsigned int)i), &w->v[w->n++]) == -1)
			goto out;
		for (k = 0; k < i; k++)
			if (strcmp(w->v[k].id, w->v[i].id) == 0) {
				waiver_err(&ld, w->v[i].line, _("a second "
				    "waiver for %s (the first is at line %d)"),
				    w->v[i].id, w->v[k].line);
				goto out;
			}
	}
	rc = 0;
out:
	config_destroy(&cf);
	if (rc == -1)
		waivers_clear(w);
	return rc;
}

void
waivers_clear(struct waivers *w)
{
	size_t	i;

	for (i = 0; i < w->n; i++) {
		free(w->v[i].id);
		free(w->v[i].reason);
		free(w->v[i].owner);
		free(w->v[i].expires);
	}
	free(w->v);
	free(w->path);
	memset(w, 0, sizeof *w);
}

const struct waiver *
waivers_find(const struct waivers *w, const char *id)
{
	size_t	i;

	for (i = 0; i < w->n; i++)
		if (strcmp(w->v[i].id, id) == 0)
			return &w->v[i];
	return NULL;
}

int
attests_load(const char *path, int missing_ok, struct attests *a,
    char **cause)
{
	struct waiver_ld	 ld = { path, cause, 0 };
	config_t		 cf;
	config_setting_t	*l = NULL;
	int			 i, k, n = 0, rc = -1;

	memset(a, 0, sizeof *a);
	a->path = xstrdup(path);
	config_init(&cf);
	if ((k = waiver_begin(&ld, &cf, "attestations", missing_ok, &l,
	    &n)) != 0) {
		rc = k == 1 ? 0 : -1;
		goto out;
	}
	a->v = xcalloc(n > 0 ? (size_t)n : 1, sizeof *a->v);
	for (i = 0; i < n; i++) {
		if (waiver_load_attest(&ld, config_setting_get_elem(l,
		    (unsigned int)i), &a->v[a->n++]) == -1)
			goto out;
		for (k = 0; k < i; k++)
			if (strcmp(a->v[k].id, a->v[i].id) == 0) {
				waiver_err(&ld, a->v[i].line, _("a second "
				    "answer for %s (the first is at line %d)"),
				    a->v[i].id, a->v[k].line);
				goto out;
			}
	}
	rc = 0;
out:
	config_destroy(&cf);
	if (rc == -1)
		attests_clear(a);
	return rc;
}

void
attests_clear(struct attests *a)
{
	size_t	i;

	for (i = 0; i < a->n; i++) {
		free(a->v[i].id);
		free(a->v[i].note);
		free(a->v[i].by);
		free(a->v[i].date);
	}
	free(a->v);
	free(a->path);
	memset(a, 0, sizeof *a);
}

const struct attest *
attests_find(const struct attests *a, const char *id)
{
	size_t	i;

	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i].id, id) == 0)
			return &a->v[i];
	return NULL;
}

/* key = "value"; with libconfig escapes. */
static void
waiver_put(struct buf *b, const char *key, const char *v, int last)
{
	const char	*p;

	buf_printf(b, "%s = \"", key);
	for (p = v; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *p);
	}
	buf_adds(b, last ? "\"; }" : "\"; ");
}

static void
waiver_put_waiver(struct buf *b, const struct waiver *w, int comma)
{
	buf_adds(b, "  { ");
	waiver_put(b, "id", w->id, 0);
	waiver_put(b, "reason", w->reason, 0);
	waiver_put(b, "owner", w->owner, 0);
	waiver_put(b, "expires", w->expires, 1);
	buf_adds(b, comma ? ",\n" : "\n");
}

static void
waiver_put_attest(struct buf *b, const struct attest *a, int comma)
{
	buf_adds(b, "  { ");
	waiver_put(b, "id", a->id, 0);
	waiver_put(b, "answer", a->yes ? "yes" : "no", 0);
	waiver_put(b, "note", a->note, 0);
	waiver_put(b, "by", a->by, 0);
	waiver_put(b, "date", a->date, 1);
	buf_adds(b, comma ? ",\n" : "\n");
}

/* The id and texts of a new entry; -1 with *cause. */
static int
waiver_check_new(const char *id, const char *const *texts,
    const char *const *names, size_t n, char **cause)
{
	const char	*bad;
	size_t		 i;

	if (id == NULL || !waiver_id_ok(id)) {
		xasprintf(cause, _("'%s' is not an item id (like BL-01)"),
		    id != NULL ? id : "");
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (texts[i] == NULL ||
		    (bad = waiver_text_bad(texts[i], 1)) != NULL) {
			xasprintf(cause, "%s: %s", _(names[i]),
			    texts[i] == NULL ? _("must not be empty") : bad);
			return -1;
		}
	}
	return 0;
}

int
waiver_file_text(const struct waivers *w, const struct waiver *add,
    time_t now, struct buf *out, char **cause)
{
	const char *const	 texts[] = { add->reason, add->owner,
				    add->expires };
	const char *const	 names[] = { N_("reason"), N_("owner"),
				    N_("expiry date") };
	time_t			 until;
	size_t			 i;

	if (waiver_check_new(add->id, texts, names, nitems(texts),
	    cause) == -1)
		return -1;
	if ((until = waiver_parse_date(add->expires)) == -1) {
		xasprintf(cause, _("'%s' is not a date (YYYY-MM-DD)"),
		    add->expires);
		return -1;
	}
	if (until < now) {
		xasprintf(cause, _("%s is in the past"), add->expires);
		return -1;
	}
	if (until - now > (time_t)WAIVER_MAX_DAYS * 86400) {
		xasprintf(cause, _("%s is more than %d days ahead: a waiver "
		    "is temporary"), add->expires, WAIVER_MAX_DAYS);
		return -1;
	}
	buf_adds(out, "# mailharden waivers: item id, reason, owner, expiry "
	    "(YYYY-MM-DD, UTC).\nwaivers = (\n");
	for (i = 0; w != NULL && i < w->n; i++)
		if (strcmp(w->v[i].id, add->id) != 0)
			waiver_put_waiver(out, &w->v[i], 1);
	waiver_put_waiver(out, add, 0);
	buf_adds(out, ");\n");
	return 0;
}

int
attest_file_text(const struct attests *a, const struct attest *add,
    struct buf *out, char **cause)
{
	const char *const	 texts[] = { add->note, add->by, add->date };
	const char *const	 names[] = { N_("note"), N_("name"),
				    N_("date") };
	size_t			 i;

	if (waiver_check_new(add->id, texts, names, nitems(texts),
	    cause) == -1)
		return -1;
	if (waiver_parse_date(add->date) == -1) {
		xasprintf(cause, _("'%s' is not a date (YYYY-MM-DD)"),
		    add->date);
		return -1;
	}
	buf_adds(out, "# mailharden attestations: answers to manual "
	    "checklist items.\nattestations = (\n");
	for (i = 0; a != NULL && i < a->n; i++)
		if (strcmp(a->v[i].id, add->id) != 0)
			waiver_put_attest(out, &a->v[i], 1);
	waiver_put_attest(out, add, 0);
	buf_adds(out, ");\n");
	return 0;
}
