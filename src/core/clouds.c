/*
 * clouds.c - load, validate and query the cloud provider table
 * (data/clouds.conf): DMI markers, port-25 policy, unblock, PTR and
 * security-group advice.  libconfig 1.5: every string is copied out
 * before config_destroy, and errors name file:line.
 */
#include "mh.h"

#include <ctype.h>
#include <libconfig.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clouds.h"
#include "rootfs.h"

#define CLOUDS_ID_MAX		32
#define CLOUDS_MAX_MATCHES	32
#define CLOUDS_MAX_CONDS	8
#define CLOUDS_MAX_IDS		16

static const char *const clouds_dmi_names[CLOUDS_DMI_NKEYS] = {
	"chassis_asset_tag",
	"sys_vendor",
	"product_name",
	"product_version",
	"bios_vendor",
	"bios_version",
	"board_vendor",
	"chassis_vendor"
};

static const char *const clouds_op_names[] = {
	"equals", "contains", "prefix"
};

static const char *const clouds_outbound_names[] = {
	"blocked", "restricted", "open", "varies"
};

static const char *const clouds_provider_keys[] = {
	"id", "name", "name_zh", "dmi", "cloud_init", "port25", "ptr",
	"ptr_zh", "security_group", NULL
};
static const char *const clouds_port25_keys[] = {
	"outbound", "note", "note_zh", "unblock", "unblock_zh", "relay",
	"relay_zh", NULL
};
static const char *const clouds_sg_keys[] = {
	"console", "console_zh", "cli", NULL
};

/* Loader state: where errors point. */
struct clouds_ld {
	const char	*file;
	char		**cause;
};

const char *
clouds_dmi_name(enum clouds_dmi_key k)
{
	if ((unsigned)k >= CLOUDS_DMI_NKEYS)
		return "?";
	return clouds_dmi_names[k];
}

int
clouds_dmi_key(const char *name)
{
	int	i;

	for (i = 0; i < CLOUDS_DMI_NKEYS; i++) {
		if (strcmp(clouds_dmi_names[i], name) == 0)
			return i;
	}
	return -1;
}

const char *
clouds_op_name(enum clouds_op op)
{
	if ((size_t)op >= nitems(clouds_op_names))
		return "?";
	return clouds_op_names[op];
}

const char *
clouds_outbound_name(enum clouds_outbound o)
{
	if ((size_t)o >= nitems(clouds_outbound_names))
		return "?";
	return clouds_outbound_names[o];
}

int
clouds_outbound_parse(const char *s, enum clouds_outbound *o)
{
	size_t	i;

	for (i = 0; i < nitems(clouds_outbound_names); i++) {
		if (strcmp(clouds_outbound_names[i], s) == 0) {
			*o = (enum clouds_outbound)i;
			return 0;
		}
	}
	return -1;
}

/* Set *cause to "file:line: message" (line <= 0: "file: message"). */
#define clouds_err(ld, line, ...) \
	mh_errat((ld)->cause, (ld)->file, (line), __VA_ARGS__)

/* A trimmed copy of s (mh_trim moves the start, so copy after it). */
static char *
clouds_strdup_trim(const char *s)
{
	char	*tmp = xstrdup(s), *r;

	r = xstrdup(mh_trim(tmp));
	free(tmp);
	return r;
}

static int
clouds_line(const config_setting_t *s)
{
	return (int)config_setting_source_line(s);
}

static void
clouds_text_free(struct clouds_text *t)
{
	free(t->en);
	free(t->zh);
	t->en = t->zh = NULL;
}

static void
clouds_provider_free(struct clouds_provider *p)
{
	size_t	i, j;

	free(p->id);
	clouds_text_free(&p->name);
	for (i = 0; i < p->nmatches; i++) {
		for (j = 0; j < p->matches[i].nconds; j++)
			free(p->matches[i].conds[j].value);
		free(p->matches[i].conds);
	}
	free(p->matches);
	for (i = 0; i < p->ncloud_init; i++)
		free(p->cloud_init[i]);
	free(p->cloud_init);
	clouds_text_free(&p->port25_note);
	clouds_text_free(&p->unblock);
	clouds_text_free(&p->relay);
	clouds_text_free(&p->ptr);
	clouds_text_free(&p->sg_console);
	free(p->sg_cli);
	memset(p, 0, sizeof *p);
}

void
clouds_free(struct clouds *cl)
{
	size_t	i;

	for (i = 0; i < cl->n; i++)
		clouds_provider_free(&cl->v[i]);
	free(cl->v);
	free(cl->file);
	memset(cl, 0, sizeof *cl);
}

/* Every member of group g must be named in keys. */
static int
clouds_check_keys(struct clouds_ld *ld, const config_setting_t *g,
    const char *const *keys, const char *what)
{
	config_setting_t	*m;
	const char		*name;
	int			 i, k, n = config_setting_length(g);

	for (i = 0; i < n; i++) {
		m = config_setting_get_elem(g, (unsigned int)i);
		name = config_setting_name(m);
		if (name == NULL)
			name = "";
		for (k = 0; keys[k] != NULL; k++) {
			if (strcmp(keys[k], name) == 0)
				break;
		}
		if (keys[k] == NULL) {
			return clouds_err(ld, clouds_line(m),
			    _("%s: unknown setting '%s'"), what, name);
		}
	}
	return 0;
}

/*
 * Copy string member 'key' of g, trimmed, into *out.  Missing: error
 * when required, else *out stays NULL.  Wrong type or empty: error.
 */
static int
clouds_get_str(struct clouds_ld *ld, const config_setting_t *g,
    const char *key, int required, const char *what, char **out)
{
	config_setting_t	*m;
	const char		*s;
	char			*copy;

	*out = NULL;
	if ((m = config_setting_get_member(g, key)) == NULL) {
		if (!required)
			return 0;
		return clouds_err(ld, clouds_line(g),
		    _("%s: missing '%s'"), what, key);
	}
	if (config_setting_type(m) != CONFIG_TYPE_STRING ||
	    (s = config_setting_get_string(m)) == NULL) {
		return clouds_err(ld, clouds_line(m),
		    _("%s: '%s' must be a string"), what, key);
	}
	copy = clouds_strdup_trim(s);
	if (*copy == '\0') {
		free(copy);
		return clouds_err(ld, clouds_line(m),
		    _("%s: '%s' is empty"), what, key);
	}
	*out = copy;
	return 0;
}

/* key and key_zh into a clouds_text. */
static int
clouds_get_text(struct clouds_ld *ld, const config_setting_t *g,
    const char *key, int required, const char *what, struct clouds_text *t)
{
	char	*zhkey;
	int	 rc;

	if (clouds_get_str(ld, g, key, required, what, &t->en) == -1)
		return -1;
	xasprintf(&zhkey, "%s_zh", key);
	rc = clouds_get_str(ld, g, zhkey, 0, what, &t->zh);
	free(zhkey);
	if (rc == 0 && t->zh != NULL && t->en == NULL) {
		return clouds_err(ld, clouds_line(g),
		    _("%s: '%s_zh' without '%s'"), what, key, key);
	}
	return rc;
}

static int
clouds_key_tier(enum clouds_dmi_key k)
{
	switch (k) {
	case CLOUDS_DMI_CHASSIS_ASSET_TAG:
		return 0;
	case CLOUDS_DMI_SYS_VENDOR:
		return 1;
	case CLOUDS_DMI_PRODUCT_NAME:
		return 2;
	default:
		return 3;
	}
}

/* One condition: 'sys_vendor = { equals = "X"; };' */
static int
clouds_load_cond(struct clouds_ld *ld, const config_setting_t *c,
    const char *what, struct clouds_cond *out)
{
	config_setting_t	*m;
	const char		*name = config_setting_name(c), *s;
	int			 key;
	size_t			 op;

	if (name == NULL || (key = clouds_dmi_key(name)) == -1) {
		return clouds_err(ld, clouds_line(c),
		    _("%s: unknown DMI file '%s'"), what,
		    name == NULL ? "" : name);
	}
	if (config_setting_type(c) != CONFIG_TYPE_GROUP ||
	    config_setting_length(c) != 1) {
		return clouds_err(ld, clouds_line(c),
		    _("%s: '%s' needs exactly one of equals, contains, "
		    "prefix"), what, name);
	}
	m = config_setting_get_elem(c, 0);
	for (op = 0; op < nitems(clouds_op_names); op++) {
		if (config_setting_name(m) != NULL &&
		    strcmp(config_setting_name(m), clouds_op_names[op]) == 0)
			break;
	}
	if (op == nitems(clouds_op_names)) {
		return clouds_err(ld, clouds_line(m),
		    _("%s: '%s' needs exactly one of equals, contains, "
		    "prefix"), what, name);
	}
	if (config_setting_type(m) != CONFIG_TYPE_STRING ||
	    (s = config_setting_get_string(m)) == NULL) {
		return clouds_err(ld, clouds_line(m),
		    _("%s: %s %s: the value must be a string"), what, name,
		    clouds_op_names[op]);
	}
	out->key = (enum clouds_dmi_key)key;
	out->op = (enum clouds_op)op;
	out->value = clouds_strdup_trim(s);
	if (*out->value == '\0') {
		return clouds_err(ld, clouds_line(m),
		    _("%s: %s %s: the value is empty"), what, name,
		    clouds_op_names[op]);
	}
	return 0;
}

static int
clouds_load_dmi(struct clouds_ld *ld, const config_setting_t *g,
    const char *what, struct clouds_provider *p)
{
	config_setting_t	*dmi, *grp;
	struct clouds_match	*m;
	int			 i, j, n, nc;

	if ((dmi = config_setting_get_member(g, "dmi")) == NULL)
		return 0;
	if (!config_setting_is_list(dmi) && !config_setting_is_array(dmi)) {
		return clouds_err(ld, clouds_line(dmi),
		    _("%s: 'dmi' must be a list of groups"), what);
	}
	n = config_setting_length(dmi);
	if (n > CLOUDS_MAX_MATCHES) {
		return clouds_err(ld, clouds_line(dmi),
		    _("%s: more than %d dmi groups"), what,
		    CLOUDS_MAX_MATCHES);
	}
	p->matches = xcalloc((size_t)n + 1, sizeof *p->matches);
	for (i = 0; i < n; i++) {
		grp = config_setting_get_elem(dmi, (unsigned int)i);
		nc = config_setting_length(grp);
		if (config_setting_type(grp) != CONFIG_TYPE_GROUP || nc == 0 ||
		    nc > CLOUDS_MAX_CONDS) {
			return clouds_err(ld, clouds_line(grp),
			    _("%s: a dmi entry must be a group of 1 to %d "
			    "conditions"), what, CLOUDS_MAX_CONDS);
		}
		m = &p->matches[p->nmatches++];
		m->line = clouds_line(grp);
		m->tier = 3;
		m->conds = xcalloc((size_t)nc, sizeof *m->conds);
		for (j = 0; j < nc; j++) {
			if (clouds_load_cond(ld, config_setting_get_elem(grp,
			    (unsigned int)j), what, &m->conds[j]) == -1) {
				m->nconds = (size_t)j + 1;
				return -1;
			}
			m->nconds = (size_t)j + 1;
			if (clouds_key_tier(m->conds[j].key) < m->tier)
				m->tier = clouds_key_tier(m->conds[j].key);
		}
	}
	return 0;
}

static int
clouds_load_cloud_init(struct clouds_ld *ld, const config_setting_t *g,
    const char *what, struct clouds_provider *p)
{
	config_setting_t	*ci, *e;
	const char		*s;
	char			*copy;
	int			 i, n;

	if ((ci = config_setting_get_member(g, "cloud_init")) == NULL)
		return 0;
	if (!config_setting_is_list(ci) && !config_setting_is_array(ci)) {
		return clouds_err(ld, clouds_line(ci),
		    _("%s: 'cloud_init' must be a list of strings"), what);
	}
	n = config_setting_length(ci);
	if (n > CLOUDS_MAX_IDS) {
		return clouds_err(ld, clouds_line(ci),
		    _("%s: more than %d cloud_init ids"), what,
		    CLOUDS_MAX_IDS);
	}
	p->cloud_init = xcalloc((size_t)n + 1, sizeof *p->cloud_init);
	for (i = 0; i < n; i++) {
		e = config_setting_get_elem(ci, (unsigned int)i);
		if (config_setting_type(e) != CONFIG_TYPE_STRING ||
		    (s = config_setting_get_string(e)) == NULL) {
			return clouds_err(ld, clouds_line(ci),
			    _("%s: 'cloud_init' must be a list of strings"),
			    what);
		}
		copy = clouds_strdup_trim(s);
		p->cloud_init[p->ncloud_init++] = copy;
		if (*copy == '\0') {
			return clouds_err(ld, clouds_line(ci),
			    _("%s: empty cloud_init id"), what);
		}
	}
	return 0;
}

static int
clouds_load_port25(struct clouds_ld *ld, const config_setting_t *g,
    const char *what, struct clouds_provider *p)
{
	config_setting_t	*pg, *ob;
	char			*out = NULL;

	if ((pg = config_setting_get_member(g, "port25")) == NULL) {
		return clouds_err(ld, clouds_line(g),
		    _("%s: missing 'port25'"), what);
	}
	if (config_setting_type(pg) != CONFIG_TYPE_GROUP) {
		return clouds_err(ld, clouds_line(pg),
		    _("%s: 'port25' must be a group"), what);
	}
	if (clouds_check_keys(ld, pg, clouds_port25_keys, what) == -1)
		return -1;
	if (clouds_get_str(ld, pg, "outbound", 1, what, &out) == -1)
		return -1;
	ob = config_setting_get_member(pg, "outbound");
	p->outbound_line = clouds_line(ob);
	if (clouds_outbound_parse(out, &p->outbound) == -1) {
		clouds_err(ld, p->outbound_line,
		    _("%s: unknown outbound \"%s\" (want blocked, restricted, "
		    "open or varies)"), what, out);
		free(out);
		return -1;
	}
	free(out);
	if (clouds_get_text(ld, pg, "note", 1, what, &p->port25_note) == -1 ||
	    clouds_get_text(ld, pg, "unblock", 1, what, &p->unblock) == -1 ||
	    clouds_get_text(ld, pg, "relay", 1, what, &p->relay) == -1)
		return -1;
	return 0;
}

static int
clouds_load_sg(struct clouds_ld *ld, const config_setting_t *g,
    const char *what, struct clouds_provider *p)
{
	config_setting_t	*sg;

	if ((sg = config_setting_get_member(g, "security_group")) == NULL)
		return 0;
	if (config_setting_type(sg) != CONFIG_TYPE_GROUP) {
		return clouds_err(ld, clouds_line(sg),
		    _("%s: 'security_group' must be a group"), what);
	}
	if (clouds_check_keys(ld, sg, clouds_sg_keys, what) == -1 ||
	    clouds_get_text(ld, sg, "console", 1, what, &p->sg_console) == -1 ||
	    clouds_get_str(ld, sg, "cli", 0, what, &p->sg_cli) == -1)
		return -1;
	if (p->sg_cli != NULL && strstr(p->sg_cli, "{port}") == NULL) {
		return clouds_err(ld, clouds_line(config_setting_get_member(sg,
		    "cli")), _("%s: 'cli' has no {port} placeholder"), what);
	}
	return 0;
}

static int
clouds_id_valid(const char *id)
{
	size_t	i;

	if (*id == '\0' || strlen(id) > CLOUDS_ID_MAX ||
	    strcmp(id, "none") == 0)
		return 0;
	for (i = 0; id[i] != '\0'; i++) {
		if (!islower((unsigned char)id[i]) &&
		    !isdigit((unsigned char)id[i]) && id[i] != '-' &&
		    id[i] != '_')
			return 0;
	}
	return 1;
}

static int
clouds_load_provider(struct clouds_ld *ld, struct clouds *cl,
    const config_setting_t *g, struct clouds_provider *p)
{
	const struct clouds_provider	*dup;
	char				*what = NULL;
	int				 rc = -1;

	p->line = clouds_line(g);
	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		clouds_err(ld, p->line, _("a provider must be a group"));
		goto out;
	}
	if (clouds_get_str(ld, g, "id", 1, _("provider"), &p->id) == -1)
		goto out;
	if (!clouds_id_valid(p->id)) {
		clouds_err(ld, clouds_line(config_setting_get_member(g, "id")),
		    _("provider id '%s' is not valid (a-z, 0-9, - and _, at "
		    "most %d characters, not \"none\")"), p->id,
		    CLOUDS_ID_MAX);
		goto out;
	}
	if ((dup = clouds_find(cl, p->id)) != NULL) {
		clouds_err(ld, clouds_line(config_setting_get_member(g, "id")),
		    _("duplicate provider id '%s' (first at line %d)"), p->id,
		    dup->line);
		goto out;
	}
	xasprintf(&what, _("provider '%s'"), p->id);
	if (clouds_check_keys(ld, g, clouds_provider_keys, what) == -1 ||
	    clouds_get_text(ld, g, "name", 1, what, &p->name) == -1 ||
	    clouds_load_dmi(ld, g, what, p) == -1 ||
	    clouds_load_cloud_init(ld, g, what, p) == -1 ||
	    clouds_load_port25(ld, g, what, p) == -1 ||
	    clouds_get_text(ld, g, "ptr", 1, what, &p->ptr) == -1 ||
	    clouds_load_sg(ld, g, what, p) == -1)
		goto out;
	rc = 0;
out:
	free(what);
	return rc;
}

static int
clouds_load_config(struct clouds_ld *ld, config_t *cf, struct clouds *cl)
{
	config_setting_t	*root, *v, *list;
	int			 i, n;

	root = config_root_setting(cf);
	if (clouds_check_keys(ld, root, (const char *const []){ "version",
	    "providers", NULL }, _("top level")) == -1)
		return -1;
	if ((v = config_setting_get_member(root, "version")) == NULL)
		return clouds_err(ld, 0, _("missing 'version = 1;'"));
	if (config_setting_type(v) != CONFIG_TYPE_INT ||
	    config_setting_get_int(v) != 1) {
		return clouds_err(ld, clouds_line(v),
		    _("unsupported version (want 'version = 1;')"));
	}
	if ((list = config_setting_get_member(root, "providers")) == NULL)
		return clouds_err(ld, 0, _("missing 'providers'"));
	if (!config_setting_is_list(list) && !config_setting_is_array(list)) {
		return clouds_err(ld, clouds_line(list),
		    _("'providers' must be a list ( ... )"));
	}
	n = config_setting_length(list);
	if (n == 0) {
		return clouds_err(ld, clouds_line(list),
		    _("'providers' is empty"));
	}
	if (n > CLOUDS_MAX_PROVIDERS) {
		return clouds_err(ld, clouds_line(list),
		    _("more than %d providers"), CLOUDS_MAX_PROVIDERS);
	}
	cl->v = xcalloc((size_t)n, sizeof *cl->v);
	for (i = 0; i < n; i++) {
		if (clouds_load_provider(ld, cl,
		    config_setting_get_elem(list, (unsigned int)i),
		    &cl->v[cl->n]) == -1) {
			clouds_provider_free(&cl->v[cl->n]);
			return -1;
		}
		cl->n++;
	}
	return 0;
}

int
clouds_load_string(const char *text, const char *name, struct clouds *cl,
    char **cause)
{
	struct clouds_ld	 ld = { name, cause };
	config_t		 cf;
	const char		*p;
	int			 line, rc = -1;

	memset(cl, 0, sizeof *cl);
	/* No @include: the file must not pull in other files. */
	if ((p = strstr(text, "@include")) != NULL) {
		for (line = 1; text < p; text++)
			line += *text == '\n';
		return clouds_err(&ld, line, _("@include is not allowed"));
	}
	config_init(&cf);
	if (!config_read_string(&cf, text)) {
		clouds_err(&ld, config_error_line(&cf), "%s",
		    config_error_text(&cf) != NULL ? config_error_text(&cf) :
		    _("syntax error"));
		goto out;
	}
	cl->file = xstrdup(name);
	if (clouds_load_config(&ld, &cf, cl) == -1) {
		clouds_free(cl);
		goto out;
	}
	rc = 0;
out:
	config_destroy(&cf);
	return rc;
}

int
clouds_load(const char *path, struct clouds *cl, char **cause)
{
	char	*text = NULL, *why = NULL;
	int	 rc;

	memset(cl, 0, sizeof *cl);
	if (rootfs_read(NULL, path, MH_FILE_CAP, &text, NULL, &why) == -1) {
		*cause = why;
		return -1;
	}
	rc = clouds_load_string(text, path, cl, cause);
	free(text);
	return rc;
}

const struct clouds_provider *
clouds_find(const struct clouds *cl, const char *id)
{
	size_t	i;

	if (id == NULL)
		return NULL;
	for (i = 0; i < cl->n; i++) {
		if (cl->v[i].id != NULL && strcmp(cl->v[i].id, id) == 0)
			return &cl->v[i];
	}
	return NULL;
}

/* Case-insensitive (ASCII) substring test. */
static int
clouds_icontains(const char *hay, const char *needle)
{
	size_t	n = strlen(needle);

	for (; *hay != '\0'; hay++) {
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	}
	return n == 0;
}

int
clouds_cond_holds(const struct clouds_cond *c, const char *value)
{
	char	*v;
	int	 r = 0;

	if (value == NULL)
		return 0;
	v = clouds_strdup_trim(value);
	switch (c->op) {
	case CLOUDS_OP_EQUALS:
		r = strcasecmp(v, c->value) == 0;
		break;
	case CLOUDS_OP_CONTAINS:
		r = clouds_icontains(v, c->value);
		break;
	case CLOUDS_OP_PREFIX:
		r = strncasecmp(v, c->value, strlen(c->value)) == 0;
		break;
	}
	free(v);
	return r;
}

static int
clouds_match_holds(const struct clouds_match *m, const struct clouds_dmi *d)
{
	size_t	i;

	for (i = 0; i < m->nconds; i++) {
		if (!clouds_cond_holds(&m->conds[i], d->v[m->conds[i].key]))
			return 0;
	}
	return m->nconds > 0;
}

int
clouds_match(const struct clouds *cl, const struct clouds_dmi *d,
    const char *cloud_id, struct clouds_hit *hit)
{
	const struct clouds_provider	*p;
	char				*id;
	size_t				 i, j;
	int				 tier, found = 0;

	memset(hit, 0, sizeof *hit);
	for (tier = 0; d != NULL && tier <= 3; tier++) {
		for (i = 0; i < cl->n; i++) {
			p = &cl->v[i];
			for (j = 0; j < p->nmatches; j++) {
				if (p->matches[j].tier != tier ||
				    !clouds_match_holds(&p->matches[j], d))
					continue;
				hit->p = p;
				hit->m = &p->matches[j];
				return 1;
			}
		}
	}
	if (cloud_id == NULL)
		return 0;
	id = clouds_strdup_trim(cloud_id);
	for (i = 0; !found && *id != '\0' && i < cl->n; i++) {
		p = &cl->v[i];
		for (j = 0; j < p->ncloud_init; j++) {
			if (strcasecmp(p->cloud_init[j], id) == 0) {
				hit->p = p;
				hit->cloud_init = p->cloud_init[j];
				found = 1;
				break;
			}
		}
	}
	free(id);
	return found;
}

int
clouds_locale_is_zh(const char *loc)
{
	return loc != NULL && strncmp(loc, "zh", 2) == 0;
}

/*
 * Show the zh texts exactly when the messages are in Chinese: ask the
 * catalogue itself (LANGUAGE, LC_ALL, LC_MESSAGES and LANG all decide
 * that, and only gettext knows how they combined).
 */
int
clouds_want_zh(void)
{
	/* TRANSLATORS: the code of this translation's language, e.g. zh_CN */
	return clouds_locale_is_zh(_("language-code: en")) ||
	    clouds_locale_is_zh(setlocale(LC_MESSAGES, NULL));
}

const char *
clouds_text_get(const struct clouds_text *t, int zh)
{
	if (zh && t->zh != NULL)
		return t->zh;
	return t->en;
}

const char *
clouds_tr(const struct clouds_text *t)
{
	return clouds_text_get(t, clouds_want_zh());
}

char *
clouds_sg_command(const struct clouds_provider *p, unsigned int port)
{
	struct buf	 b;
	const char	*s, *q;

	if (p->sg_cli == NULL)
		return NULL;
	buf_init(&b, 0);
	for (s = p->sg_cli; (q = strstr(s, "{port}")) != NULL; s = q + 6) {
		buf_add(&b, s, (size_t)(q - s));
		buf_printf(&b, "%u", port);
	}
	buf_adds(&b, s);
	return buf_steal(&b);
}
