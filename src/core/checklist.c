/*
 * checklist.c - load checklists (libconfig data files) into memory with
 * "file:line: reason" errors, find the bundled ones, and lint them
 * against the fact catalogue.  See checklist.h for the format.
 */
#include "mh.h"

#include <ctype.h>
#include <dirent.h>
#include <libconfig.h>
#include <stdlib.h>
#include <string.h>

#include "checklist.h"
#include "cond.h"
#include "datadir.h"
#include "fact.h"
#include "factdef.h"
#include "rootfs.h"

struct checklist_ld {
	const char	*file;
	char		**cause;
};

#define checklist_err(ld, line, ...) \
	mh_errat((ld)->cause, (ld)->file, (line), __VA_ARGS__)

static const char *const checklist_sev_names[CHECK_NSEV] = {
	"info", "low", "medium", "high", "critical"
};

static const char *const checklist_fix_names[CHECK_NFIX] = {
	"postfix", "firewalld", "ufw", "nft", "iptables"
};

const char *
checklist_severity_name(enum check_severity s)
{
	return (unsigned)s < CHECK_NSEV ? checklist_sev_names[s] : "?";
}

const char *
checklist_fix_name(enum check_fix f)
{
	return (unsigned)f < CHECK_NFIX ? checklist_fix_names[f] : "?";
}

static int
checklist_line(const config_setting_t *s)
{
	return (int)config_setting_source_line(s);
}

static int
checklist_keys(struct checklist_ld *ld, const config_setting_t *g,
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
			return checklist_err(ld, checklist_line(m),
			    _("unknown key '%s'"), name != NULL ? name : "?");
	}
	return 0;
}

static int
checklist_str(struct checklist_ld *ld, const config_setting_t *g,
    const char *key, int required, char **out)
{
	config_setting_t	*m;
	const char		*s;

	*out = NULL;
	if ((m = config_setting_get_member(g, key)) == NULL) {
		if (!required)
			return 0;
		return checklist_err(ld, checklist_line(g),
		    _("missing '%s'"), key);
	}
	if (config_setting_type(m) != CONFIG_TYPE_STRING ||
	    (s = config_setting_get_string(m)) == NULL || *s == '\0')
		return checklist_err(ld, checklist_line(m),
		    _("'%s' must be a non-empty string"), key);
	if (!mh_utf8_valid(s, strlen(s)))
		return checklist_err(ld, checklist_line(m),
		    _("'%s' is not valid UTF-8"), key);
	*out = xstrdup(s);
	return 0;
}

static int
checklist_bool(struct checklist_ld *ld, const config_setting_t *g,
    const char *key, int *out)
{
	config_setting_t	*m;

	*out = 0;
	if ((m = config_setting_get_member(g, key)) == NULL)
		return 0;
	if (config_setting_type(m) != CONFIG_TYPE_BOOL)
		return checklist_err(ld, checklist_line(m),
		    _("'%s' must be true or false"), key);
	*out = config_setting_get_bool(m);
	return 0;
}

/* A condition: text kept, parsed, errors at the key's line. */
static int
checklist_cond(struct checklist_ld *ld, const config_setting_t *g,
    const char *key, int required, char **text, struct cond **c)
{
	char	*why = NULL;

	*c = NULL;
	if (checklist_str(ld, g, key, required, text) == -1)
		return -1;
	if (*text == NULL)
		return 0;
	if ((*c = cond_parse(*text, &why)) == NULL) {
		checklist_err(ld, checklist_line(config_setting_get_member(g,
		    key)), _("'%s': %s"), key, why);
		free(why);
		return -1;
	}
	return 0;
}

static int
checklist_id_ok(const char *id)
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

static int
checklist_severity(struct checklist_ld *ld, const config_setting_t *g,
    enum check_severity *sev)
{
	char	*s = NULL;
	size_t	 i;

	if (checklist_str(ld, g, "severity", 1, &s) == -1)
		return -1;
	for (i = 0; i < CHECK_NSEV; i++)
		if (strcmp(s, checklist_sev_names[i]) == 0) {
			*sev = (enum check_severity)i;
			free(s);
			return 0;
		}
	checklist_err(ld, checklist_line(config_setting_get_member(g,
	    "severity")), _("severity '%s' is not one of info, low, medium, "
	    "high, critical"), s);
	free(s);
	return -1;
}

static int
checklist_refs(struct checklist_ld *ld, const config_setting_t *g,
    struct check_item *it)
{
	config_setting_t	*m, *e;
	const char		*s;
	int			 i, n;

	if ((m = config_setting_get_member(g, "references")) == NULL)
		return 0;	/* a local list may have none */
	if (!config_setting_is_array(m) && !config_setting_is_list(m))
		return checklist_err(ld, checklist_line(m), _("'references' "
		    "must be a list of strings [ \"...\" ]"));
	if ((n = config_setting_length(m)) > CHECKLIST_MAX_REFS)
		return checklist_err(ld, checklist_line(m), _("more than %d "
		    "references"), CHECKLIST_MAX_REFS);
	it->refs = xcalloc(n > 0 ? (size_t)n : 1, sizeof *it->refs);
	for (i = 0; i < n; i++) {
		e = config_setting_get_elem(m, (unsigned int)i);
		if (config_setting_type(e) != CONFIG_TYPE_STRING ||
		    (s = config_setting_get_string(e)) == NULL || *s == '\0')
			return checklist_err(ld, checklist_line(m),
			    _("'references' must be a list of strings"));
		it->refs[it->nrefs++] = xstrdup(s);
	}
	return 0;
}

static int
checklist_fix(struct checklist_ld *ld, const config_setting_t *g,
    struct check_item *it)
{
	static const char *const keys[] = {
		"text", "postfix", "firewalld", "ufw", "nft", "iptables", NULL
	};
	config_setting_t	*m;
	size_t			 i;

	if ((m = config_setting_get_member(g, "remediation")) == NULL)
		return checklist_err(ld, checklist_line(g),
		    _("missing 'remediation'"));
	if (config_setting_type(m) != CONFIG_TYPE_GROUP)
		return checklist_err(ld, checklist_line(m), _("'remediation' "
		    "must be a group { text = \"...\"; ... }"));
	if (checklist_keys(ld, m, keys) == -1 ||
	    checklist_str(ld, m, "text", 1, &it->fix_text) == -1)
		return -1;
	for (i = 0; i < CHECK_NFIX; i++)
		if (checklist_str(ld, m, checklist_fix_names[i], 0,
		    &it->fix_cmd[i]) == -1)
			return -1;
	return 0;
}

static int
checklist_item(struct checklist_ld *ld, const config_setting_t *g,
    struct check_item *it)
{
	static const char *const keys[] = {
		"id", "title", "severity", "rationale", "references", "when",
		"expect", "advisory", "remediation", "manual", NULL
	};

	it->line = checklist_line(g);
	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return checklist_err(ld, it->line, _("an item must be a group "
		    "{ ... }"));
	if (checklist_keys(ld, g, keys) == -1 ||
	    checklist_str(ld, g, "id", 1, &it->id) == -1)
		return -1;
	if (!checklist_id_ok(it->id))
		return checklist_err(ld, it->line, _("id '%s' must look like "
		    "BL-01 (capitals, digits and dashes)"), it->id);
	if (checklist_str(ld, g, "title", 1, &it->title) == -1 ||
	    checklist_severity(ld, g, &it->severity) == -1 ||
	    checklist_str(ld, g, "rationale", 1, &it->rationale) == -1 ||
	    checklist_refs(ld, g, it) == -1 ||
	    checklist_bool(ld, g, "manual", &it->manual) == -1 ||
	    checklist_bool(ld, g, "advisory", &it->advisory) == -1 ||
	    checklist_cond(ld, g, "when", 0, &it->when_text,
	    &it->when) == -1 ||
	    checklist_cond(ld, g, "expect", !it->manual, &it->expect_text,
	    &it->expect) == -1 ||
	    checklist_fix(ld, g, it) == -1)
		return -1;
	if (it->manual && it->expect != NULL)
		return checklist_err(ld, it->line, _("%s: a manual item has "
		    "no 'expect' (a person answers it)"), it->id);
	return 0;
}

static int
checklist_items(struct checklist_ld *ld, const config_setting_t *top,
    struct checklist *cl)
{
	config_setting_t	*l;
	int			 i, n;
	size_t			 k;

	if ((l = config_setting_get_member(top, "items")) == NULL)
		return checklist_err(ld, checklist_line(top),
		    _("missing 'items'"));
	if (!config_setting_is_list(l))
		return checklist_err(ld, checklist_line(l), _("'items' must be "
		    "a list ( { ... }, ... )"));
	if ((n = config_setting_length(l)) > CHECKLIST_MAX_ITEMS)
		return checklist_err(ld, checklist_line(l), _("more than %d "
		    "items"), CHECKLIST_MAX_ITEMS);
	cl->items = xcalloc(n > 0 ? (size_t)n : 1, sizeof *cl->items);
	for (i = 0; i < n; i++) {
		if (checklist_item(ld, config_setting_get_elem(l,
		    (unsigned int)i), &cl->items[cl->nitems++]) == -1)
			return -1;
		for (k = 0; k + 1 < cl->nitems; k++)
			if (strcmp(cl->items[k].id, cl->items[i].id) == 0)
				return checklist_err(ld, cl->items[i].line,
				    _("id %s is used twice (first at line "
				    "%d)"), cl->items[i].id,
				    cl->items[k].line);
	}
	return 0;
}

static int
checklist_name_ok(const char *s)
{
	for (; *s != '\0'; s++)
		if (!islower((unsigned char)*s) &&
		    !isdigit((unsigned char)*s) && *s != '-')
			return 0;
	return 1;
}

static int
checklist_top(struct checklist_ld *ld, config_t *cf, struct checklist *cl)
{
	static const char *const keys[] = {
		"name", "title", "version", "description", "items", NULL
	};
	config_setting_t	*top;

	if ((top = config_lookup(cf, "checklist")) == NULL ||
	    config_setting_type(top) != CONFIG_TYPE_GROUP)
		return checklist_err(ld, 0, _("no 'checklist = { ... };' "
		    "group"));
	if (config_setting_length(config_root_setting(cf)) != 1)
		return checklist_err(ld, 0, _("only 'checklist' may be at "
		    "the top"));
	if (checklist_keys(ld, top, keys) == -1 ||
	    checklist_str(ld, top, "name", 1, &cl->name) == -1)
		return -1;
	if (!checklist_name_ok(cl->name))
		return checklist_err(ld, checklist_line(top), _("name '%s' "
		    "must be lower case letters, digits and dashes"),
		    cl->name);
	if (checklist_str(ld, top, "title", 1, &cl->title) == -1 ||
	    checklist_str(ld, top, "version", 1, &cl->version) == -1 ||
	    checklist_str(ld, top, "description", 0,
	    &cl->description) == -1)
		return -1;
	return checklist_items(ld, top, cl);
}

int
checklist_load(const char *path, struct checklist *cl, char **cause)
{
	struct checklist_ld	 ld = { path, cause };
	config_t		 cf;
	char			*text = NULL;
	int			 rc = -1;

	memset(cl, 0, sizeof *cl);
	config_init(&cf);
	if (rootfs_read(NULL, path, CHECKLIST_FILE_CAP, &text, NULL,
	    cause) == -1)
		goto out;
	if (!config_read_string(&cf, text)) {
		checklist_err(&ld, config_error_line(&cf), "%s",
		    config_error_text(&cf) != NULL ? config_error_text(&cf) :
		    _("syntax error"));
		goto out;
	}
	cl->path = xstrdup(path);
	if (checklist_top(&ld, &cf, cl) == -1)
		goto out;
	rc = 0;
out:
	free(text);
	config_destroy(&cf);
	if (rc == -1)
		checklist_clear(cl);
	return rc;
}

static void
checklist_item_clear(struct check_item *it)
{
	size_t	i;

	free(it->id);
	free(it->title);
	free(it->rationale);
	mh_strv_free(it->refs, it->nrefs);
	free(it->when_text);
	cond_free(it->when);
	free(it->expect_text);
	cond_free(it->expect);
	free(it->fix_text);
	for (i = 0; i < CHECK_NFIX; i++)
		free(it->fix_cmd[i]);
}

void
checklist_clear(struct checklist *cl)
{
	size_t	i;

	for (i = 0; i < cl->nitems; i++)
		checklist_item_clear(&cl->items[i]);
	free(cl->items);
	free(cl->name);
	free(cl->title);
	free(cl->version);
	free(cl->description);
	free(cl->path);
	memset(cl, 0, sizeof *cl);
}

static int
checklist_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
checklists_bundled(size_t *n, char **cause)
{
	char		*dir, **v = NULL;
	DIR		*d;
	struct dirent	*e;
	size_t		 len;

	*n = 0;
	dir = datadir_file("checklists");
	if ((d = opendir(dir)) == NULL) {
		xasprintf(cause, _("%s: cannot read the checklists "
		    "directory"), dir);
		free(dir);
		return NULL;
	}
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len <= 5 || e->d_name[0] == '.' ||
		    strcmp(e->d_name + len - 5, ".conf") != 0)
			continue;
		v = xreallocarray(v, *n + 1, sizeof *v);
		v[(*n)++] = xstrndup(e->d_name, len - 5);
	}
	closedir(d);
	free(dir);
	if (*n > 0)
		qsort(v, *n, sizeof *v, checklist_cmp);
	else
		v = xcalloc(1, sizeof *v);
	return v;
}

/* "baseline" -> datadir/checklists/baseline.conf; a path stays. */
static char *
checklist_path(const char *name)
{
	char	*rel, *p;
	size_t	 len = strlen(name);

	if (strchr(name, '/') != NULL ||
	    (len > 5 && strcmp(name + len - 5, ".conf") == 0))
		return xstrdup(name);
	xasprintf(&rel, "checklists/%s.conf", name);
	p = datadir_file(rel);
	free(rel);
	return p;
}

/* An id used in two loaded files is an error naming both. */
static int
checklists_dups(const struct checklists *cls, char **cause)
{
	const struct check_item	*a, *b;
	size_t			 i, j, k, l;

	for (i = 0; i < cls->n; i++)
		for (j = i + 1; j < cls->n; j++)
			for (k = 0; k < cls->v[i].nitems; k++)
				for (l = 0; l < cls->v[j].nitems; l++) {
					a = &cls->v[i].items[k];
					b = &cls->v[j].items[l];
					if (strcmp(a->id, b->id) != 0)
						continue;
					xasprintf(cause, _("%s:%d: id %s is "
					    "also used at %s:%d"),
					    cls->v[j].path, b->line, b->id,
					    cls->v[i].path, a->line);
					return -1;
				}
	return 0;
}

int
checklists_load(const char *const *names, size_t n, struct checklists *cls,
    char **cause)
{
	char	**bundled = NULL, *path;
	size_t	  nb = 0, i;
	int	  rc = -1;

	memset(cls, 0, sizeof *cls);
	if (names == NULL) {
		if ((bundled = checklists_bundled(&nb, cause)) == NULL)
			return -1;
		names = (const char *const *)bundled;
		n = nb;
	}
	cls->v = xcalloc(n > 0 ? n : 1, sizeof *cls->v);
	for (i = 0; i < n; i++) {
		path = checklist_path(names[i]);
		if (checklist_load(path, &cls->v[cls->n], cause) == -1) {
			free(path);
			goto out;
		}
		free(path);
		cls->n++;
	}
	rc = checklists_dups(cls, cause);
out:
	mh_strv_free(bundled, nb);
	if (rc == -1)
		checklists_free(cls);
	return rc;
}

void
checklists_free(struct checklists *cls)
{
	size_t	i;

	for (i = 0; i < cls->n; i++)
		checklist_clear(&cls->v[i]);
	free(cls->v);
	memset(cls, 0, sizeof *cls);
}

const struct check_item *
checklists_find(const struct checklists *cls, const char *id,
    const struct checklist **in)
{
	size_t	i, k;

	for (i = 0; i < cls->n; i++)
		for (k = 0; k < cls->v[i].nitems; k++)
			if (strcmp(cls->v[i].items[k].id, id) == 0) {
				if (in != NULL)
					*in = &cls->v[i];
				return &cls->v[i].items[k];
			}
	return NULL;
}

/* Is name (or pattern) one the catalogue knows? */
static int
checklist_known_name(const char *name)
{
	const struct factdef	*all;
	size_t			 n, i;

	if (strchr(name, '*') == NULL)
		return factdef_find(name) != NULL;
	all = factdef_all(&n);
	for (i = 0; i < n; i++)
		if (strcmp(all[i].name, name) == 0 ||
		    cond_match(all[i].name, name) ||
		    cond_match(name, all[i].name))
			return 1;
	return 0;
}

static void
checklist_lint_cond(const struct checklist *cl, const struct check_item *it,
    const struct cond *c, const char *key, char ***msgs, size_t *nmsgs)
{
	const char *const	*v;
	size_t			 n, i;

	if (c == NULL)
		return;
	v = cond_names(c, &n);
	for (i = 0; i < n; i++) {
		if (checklist_known_name(v[i]))
			continue;
		*msgs = xreallocarray(*msgs, *nmsgs + 1, sizeof **msgs);
		xasprintf(&(*msgs)[(*nmsgs)++], _("%s:%d: %s: '%s' reads "
		    "the unknown fact %s"), cl->path, it->line, it->id, key,
		    v[i]);
	}
}

size_t
checklist_lint(const struct checklist *cl, char ***msgs, size_t *nmsgs)
{
	const struct check_item	*it;
	size_t			 i, before = *nmsgs;

	for (i = 0; i < cl->nitems; i++) {
		it = &cl->items[i];
		checklist_lint_cond(cl, it, it->when, "when", msgs, nmsgs);
		checklist_lint_cond(cl, it, it->expect, "expect", msgs,
		    nmsgs);
	}
	return *nmsgs - before;
}
