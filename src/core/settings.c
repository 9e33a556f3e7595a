/*
 * settings.c - the operator's answers of the Domain step: read from
 * the libconfig settings file with FILE:LINE reasons, filled from
 * detection, overridden by options, validated field by field, and
 * written back only through the plan engine (audited, undoable).
 */
#include "mh.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libconfig.h>

#include "audit.h"
#include "buf.h"
#include "detect.h"
#include "fact.h"
#include "plan.h"
#include "settings.h"
#include "validate.h"

static const struct {
	const char	*key;
	const char	*label;
	const char	*option;
} settings_fields[SETTINGS_NFIELDS] = {
	{ "domains",		N_("Mail domain(s)"),	"--domain" },
	{ "hostname",		N_("Mail host name"),	"--hostname" },
	{ "ipv4",		N_("Public IPv4"),	"--ipv4" },
	{ "ipv6",		N_("Public IPv6"),	"--ipv6" },
	{ "dkim_selector",	N_("DKIM selector"),	"--selector" },
	{ "dmarc_policy",	N_("DMARC policy"),	"--dmarc-policy" },
	{ "dmarc_rua",		N_("DMARC reports to"),	"--dmarc-rua" },
};

void
settings_init(struct settings *s)
{
	memset(s, 0, sizeof *s);
}

static void
settings_domains_free(struct settings *s)
{
	size_t	i;

	for (i = 0; i < s->ndomains; i++)
		free(s->domains[i]);
	free(s->domains);
	s->domains = NULL;
	s->ndomains = 0;
}

void
settings_clear(struct settings *s)
{
	size_t	i;

	settings_domains_free(s);
	for (i = 0; i < SETTINGS_NFIELDS; i++) {
		free(s->v[i]);
		free(s->where[i]);
	}
	settings_init(s);
}

const char *
settings_field_key(enum settings_field f)
{
	return settings_fields[f].key;
}

const char *
settings_field_label(enum settings_field f)
{
	return settings_fields[f].label;
}

const char *
settings_field_option(enum settings_field f)
{
	return settings_fields[f].option;
}

const char *
settings_src_name(enum settings_src src)
{
	switch (src) {
	case SETTINGS_SRC_UNSET:
		return N_("not set");
	case SETTINGS_SRC_DEFAULT:
		return N_("default");
	case SETTINGS_SRC_DETECT:
		return N_("detected");
	case SETTINGS_SRC_FILE:
		return N_("settings file");
	case SETTINGS_SRC_OPTION:
		return N_("option");
	case SETTINGS_SRC_FORM:
		return N_("typed in");
	}
	return "?";
}

const char *
settings_domain(const struct settings *s)
{
	return s->ndomains > 0 ? s->domains[0] : NULL;
}

char *
settings_value(const struct settings *s, enum settings_field f)
{
	struct buf	b;
	size_t		i;

	if (f != SETTINGS_DOMAINS)
		return xstrdup(s->v[f] != NULL ? s->v[f] : "");
	buf_init(&b, 0);
	for (i = 0; i < s->ndomains; i++)
		buf_printf(&b, "%s%s", i > 0 ? ", " : "", s->domains[i]);
	buf_addc(&b, '\0');
	return buf_steal(&b);
}

/* Split a domain list at commas and white space, validate, dedupe. */
static int
settings_domain_list(const char *text, char ***list, size_t *n,
    char **cause)
{
	char	*copy, *tok, *save = NULL, *norm, **v = NULL;
	size_t	 nv = 0, i;
	int	 dup;

	copy = xstrdup(text);
	for (tok = strtok_r(copy, ", \t\n", &save); tok != NULL;
	    tok = strtok_r(NULL, ", \t\n", &save)) {
		if (validate_domain(tok, 1, &norm, cause) == -1)
			goto bad;
		dup = 0;
		for (i = 0; i < nv; i++)
			if (strcmp(v[i], norm) == 0)
				dup = 1;
		if (dup) {
			free(norm);
			continue;
		}
		if (nv >= SETTINGS_MAX_DOMAINS) {
			free(norm);
			xasprintf(cause, _("domains: more than %d"),
			    SETTINGS_MAX_DOMAINS);
			goto bad;
		}
		v = xreallocarray(v, nv + 1, sizeof *v);
		v[nv++] = norm;
	}
	free(copy);
	if (nv == 0) {
		xasprintf(cause, _("domain: empty"));
		free(v);
		return -1;
	}
	*list = v;
	*n = nv;
	return 0;
bad:
	for (i = 0; i < nv; i++)
		free(v[i]);
	free(v);
	free(copy);
	return -1;
}

int
settings_check(enum settings_field f, const char *text, int allow_private,
    char **out, char **cause)
{
	char	**v, *norm = NULL;
	size_t	  n, i;
	struct buf b;
	int	  rc = -1;

	switch (f) {
	case SETTINGS_DOMAINS:
		if (settings_domain_list(text, &v, &n, cause) == -1)
			return -1;
		buf_init(&b, 0);
		for (i = 0; i < n; i++) {
			buf_printf(&b, "%s%s", i > 0 ? ", " : "", v[i]);
			free(v[i]);
		}
		free(v);
		buf_addc(&b, '\0');
		norm = buf_steal(&b);
		rc = 0;
		break;
	case SETTINGS_HOSTNAME:
		rc = validate_hostname(text, &norm, cause);
		break;
	case SETTINGS_IPV4:
		rc = validate_ip(text, 4, allow_private, &norm, cause);
		break;
	case SETTINGS_IPV6:
		rc = validate_ip(text, 6, allow_private, &norm, cause);
		break;
	case SETTINGS_SELECTOR:
		rc = validate_selector(text, &norm, cause);
		break;
	case SETTINGS_POLICY:
		rc = validate_dmarc_policy(text, &norm, cause);
		break;
	case SETTINGS_RUA:
		rc = validate_report_addr(text, &norm, cause);
		break;
	case SETTINGS_NFIELDS:
		xasprintf(cause, "no such field");
		break;
	}
	if (rc == 0 && out != NULL)
		*out = norm;
	else
		free(norm);
	return rc;
}

int
settings_set(struct settings *s, enum settings_field f, const char *text,
    enum settings_src src, const char *where, char **cause)
{
	char	**v, *norm = NULL;
	size_t	  n;

	if (f == SETTINGS_DOMAINS) {
		if (settings_domain_list(text, &v, &n, cause) == -1)
			return -1;
		settings_domains_free(s);
		s->domains = v;
		s->ndomains = n;
	} else {
		if (settings_check(f, text, s->allow_private, &norm,
		    cause) == -1)
			return -1;
		free(s->v[f]);
		s->v[f] = norm;
	}
	s->src[f] = src;
	free(s->where[f]);
	s->where[f] = where != NULL ? xstrdup(where) : NULL;
	return 0;
}

int
settings_arg(struct settings_args *a, int c, const char *arg)
{
	char	*j;

	switch (c) {
	case SETTINGS_OPT_DOMAIN:
		if (a->domains == NULL)
			a->domains = xstrdup(arg);
		else {
			xasprintf(&j, "%s,%s", a->domains, arg);
			free(a->domains);
			a->domains = j;
		}
		a->v[SETTINGS_DOMAINS] = a->domains;
		break;
	case SETTINGS_OPT_HOSTNAME:
		a->v[SETTINGS_HOSTNAME] = arg;
		break;
	case SETTINGS_OPT_IPV4:
		a->v[SETTINGS_IPV4] = arg;
		break;
	case SETTINGS_OPT_IPV6:
		a->v[SETTINGS_IPV6] = arg;
		break;
	case SETTINGS_OPT_SELECTOR:
		a->v[SETTINGS_SELECTOR] = arg;
		break;
	case SETTINGS_OPT_POLICY:
		a->v[SETTINGS_POLICY] = arg;
		break;
	case SETTINGS_OPT_RUA:
		a->v[SETTINGS_RUA] = arg;
		break;
	case SETTINGS_OPT_ALLOW_PRIVATE:
		a->allow_private = 1;
		break;
	default:
		return 0;
	}
	a->given = 1;
	return 1;
}

void
settings_args_clear(struct settings_args *a)
{
	free(a->domains);
	memset(a, 0, sizeof *a);
}

/* One setting of the file: a string, or for domains a list of them. */
static int
settings_load_one(struct settings *s, config_setting_t *cs, const char *name,
    char **cause)
{
	config_setting_t	*e;
	const char		*key = config_setting_name(cs), *str;
	char			*where = NULL, *why = NULL;
	struct buf		 b;
	int			 line = config_setting_source_line(cs), n, i;
	size_t			 f;
	int			 rc = -1;

	buf_init(&b, 0);
	xasprintf(&where, "%s:%d", name, line);
	if (key != NULL && strcmp(key, "allow_private") == 0) {
		if (config_setting_type(cs) != CONFIG_TYPE_BOOL) {
			xasprintf(cause, _("%s: allow_private: expected true "
			    "or false"), where);
			goto out;
		}
		rc = 0;		/* read first, see settings_load_text */
		goto out;
	}
	for (f = 0; f < SETTINGS_NFIELDS; f++)
		if (key != NULL && strcmp(key, settings_fields[f].key) == 0)
			break;
	if (f == SETTINGS_NFIELDS) {
		xasprintf(cause, _("%s: unknown setting '%s' (known: domains, "
		    "hostname, ipv4, ipv6, dkim_selector, dmarc_policy, "
		    "dmarc_rua, allow_private)"), where,
		    key != NULL ? key : "?");
		goto out;
	}
	if (f == SETTINGS_DOMAINS && (config_setting_is_array(cs) ||
	    config_setting_is_list(cs))) {
		n = config_setting_length(cs);
		for (i = 0; i < n; i++) {
			e = config_setting_get_elem(cs, (unsigned)i);
			if (e == NULL ||
			    (str = config_setting_get_string(e)) == NULL) {
				xasprintf(cause, _("%s: domains: expected a "
				    "list of strings"), where);
				goto out;
			}
			buf_printf(&b, "%s%s", i > 0 ? "," : "", str);
		}
		if (n == 0) {
			xasprintf(cause, _("%s: domains: the list is empty"),
			    where);
			goto out;
		}
		buf_addc(&b, '\0');
		str = buf_str(&b);
	} else if ((str = config_setting_get_string(cs)) == NULL) {
		xasprintf(cause, _("%s: %s: expected a string in double "
		    "quotes"), where, key);
		goto out;
	}
	if (settings_set(s, f, str, SETTINGS_SRC_FILE, where, &why) == -1) {
		xasprintf(cause, "%s: %s", where, why);
		goto out;
	}
	rc = 0;
out:
	free(why);
	free(where);
	buf_clear(&b);
	return rc;
}

int
settings_load_text(struct settings *s, const char *text, size_t len,
    const char *name, char **cause)
{
	config_t		 cfg;
	config_setting_t	*root, *cs;
	char			*copy;
	int			 i, n, b, rc = -1;

	if (len > SETTINGS_FILE_CAP) {
		xasprintf(cause, _("%s: larger than %d bytes"), name,
		    SETTINGS_FILE_CAP);
		return -1;
	}
	if (memchr(text, '\0', len) != NULL) {
		xasprintf(cause, _("%s: has a NUL byte; not a settings file"),
		    name);
		return -1;
	}
	copy = xstrndup(text, len);
	config_init(&cfg);
	if (config_read_string(&cfg, copy) != CONFIG_TRUE) {
		xasprintf(cause, "%s:%d: %s", name, config_error_line(&cfg),
		    config_error_text(&cfg) != NULL ?
		    config_error_text(&cfg) : _("parse error"));
		goto out;
	}
	if (config_lookup_bool(&cfg, "allow_private", &b) == CONFIG_TRUE &&
	    b != 0)
		s->allow_private = 1;
	root = config_root_setting(&cfg);
	n = config_setting_length(root);
	for (i = 0; i < n; i++) {
		cs = config_setting_get_elem(root, (unsigned)i);
		if (cs != NULL && settings_load_one(s, cs, name, cause) == -1)
			goto out;
	}
	rc = 0;
out:
	config_destroy(&cfg);
	free(copy);
	return rc;
}

int
settings_load(struct settings *s, const char *path, char **cause)
{
	struct stat	 st;
	char		*text = NULL;
	ssize_t		 r;
	size_t		 len = 0;
	int		 fd, rc = -1;

	if (path == NULL)
		path = SETTINGS_DEFAULT_PATH;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd == -1) {
		if (errno == ENOENT) {
			s->file_found = 0;
			return 0;
		}
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		xasprintf(cause, _("%s: not a regular file"), path);
		goto out;
	}
	if (st.st_size > SETTINGS_FILE_CAP) {
		xasprintf(cause, _("%s: larger than %d bytes"), path,
		    SETTINGS_FILE_CAP);
		goto out;
	}
	text = xmalloc(SETTINGS_FILE_CAP + 1);
	while (len <= SETTINGS_FILE_CAP) {
		r = read(fd, text + len, SETTINGS_FILE_CAP + 1 - len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			xasprintf(cause, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	s->file_found = 1;
	rc = settings_load_text(s, text, len, path, cause);
out:
	free(text);
	close(fd);
	return rc;
}

static void
settings_prefill_one(struct settings *s, enum settings_field f,
    const char *value, const char *from)
{
	char	*why = NULL;

	if (s->src[f] != SETTINGS_SRC_UNSET || value == NULL)
		return;
	if (settings_set(s, f, value, SETTINGS_SRC_DETECT, from, &why) == -1)
		free(why);	/* e.g. a one-label name: leave it unset */
}

void
settings_prefill(struct settings *s, const struct facts *fs)
{
	const char	*fqdn, *dot;

	if (fs == NULL)
		return;
	fqdn = facts_str(fs, "host.fqdn");
	settings_prefill_one(s, SETTINGS_HOSTNAME, fqdn, "host.fqdn");
	if (fqdn != NULL && (dot = strchr(fqdn, '.')) != NULL &&
	    strchr(dot + 1, '.') != NULL)
		settings_prefill_one(s, SETTINGS_DOMAINS, dot + 1,
		    "host.fqdn minus its first label");
	settings_prefill_one(s, SETTINGS_IPV4,
	    facts_str(fs, "net.public_ipv4"), "net.public_ipv4");
	settings_prefill_one(s, SETTINGS_IPV6,
	    facts_str(fs, "net.public_ipv6"), "net.public_ipv6");
}

void
settings_detect(const char *root, struct facts *fs)
{
	struct detect_ctx	ctx;

	detect_ctx_init(&ctx, root);
	detect_net_run(&ctx, fs);
}

void
settings_defaults(struct settings *s)
{
	char	*rua, *why = NULL;

	if (s->src[SETTINGS_SELECTOR] == SETTINGS_SRC_UNSET) {
		s->v[SETTINGS_SELECTOR] = xstrdup(SETTINGS_DEFAULT_SELECTOR);
		s->src[SETTINGS_SELECTOR] = SETTINGS_SRC_DEFAULT;
	}
	if (s->src[SETTINGS_POLICY] == SETTINGS_SRC_UNSET) {
		s->v[SETTINGS_POLICY] = xstrdup(SETTINGS_DEFAULT_POLICY);
		s->src[SETTINGS_POLICY] = SETTINGS_SRC_DEFAULT;
	}
	if (s->src[SETTINGS_RUA] == SETTINGS_SRC_UNSET &&
	    settings_domain(s) != NULL) {
		/* postmaster@ must exist on every mail domain (RFC 5321) */
		xasprintf(&rua, "postmaster@%s", settings_domain(s));
		if (validate_report_addr(rua, NULL, &why) == 0) {
			s->v[SETTINGS_RUA] = rua;
			s->src[SETTINGS_RUA] = SETTINGS_SRC_DEFAULT;
		} else {
			free(why);	/* a domain too long for it */
			free(rua);
		}
	}
}

int
settings_resolve(struct settings *s, const char *path,
    const struct facts *fs, const struct settings_args *a, char **cause)
{
	char	*why = NULL;
	size_t	 f;

	if (a != NULL && a->allow_private)
		s->allow_private = 1;
	if (settings_load(s, path, cause) == -1)
		return -1;
	for (f = 0; a != NULL && f < SETTINGS_NFIELDS; f++) {
		if (a->v[f] == NULL)
			continue;
		if (settings_set(s, f, a->v[f], SETTINGS_SRC_OPTION,
		    settings_fields[f].option, &why) == -1) {
			xasprintf(cause, "%s: %s", settings_fields[f].option,
			    why);
			free(why);
			return -1;
		}
	}
	settings_prefill(s, fs);
	settings_defaults(s);
	return 0;
}

static void
settings_text_str(struct buf *b, const char *key, const char *v)
{
	if (v == NULL)
		return;
	buf_printf(b, "%s = ", key);
	buf_json_str(b, v);	/* A-labels and addresses: plain ASCII */
	buf_adds(b, ";\n");
}

void
settings_text(const struct settings *s, struct buf *b)
{
	size_t	i;

	buf_adds(b, "# mailharden settings (the Domain step).  Written by "
	    "mailharden; edit with\n# 'mailharden domain set' or by hand "
	    "(libconfig syntax).\n");
	buf_adds(b, "# domains: the first is the main mail domain.\n");
	for (i = 0; i < s->ndomains; i++) {
		buf_adds(b, i > 0 ? ", " : "domains = [ ");
		buf_json_str(b, s->domains[i]);
	}
	if (s->ndomains > 0)
		buf_adds(b, " ];\n");
	settings_text_str(b, "hostname", s->v[SETTINGS_HOSTNAME]);
	settings_text_str(b, "ipv4", s->v[SETTINGS_IPV4]);
	settings_text_str(b, "ipv6", s->v[SETTINGS_IPV6]);
	settings_text_str(b, "dkim_selector", s->v[SETTINGS_SELECTOR]);
	buf_adds(b, "# none -> quarantine -> reject, after reading the "
	    "reports.\n");
	settings_text_str(b, "dmarc_policy", s->v[SETTINGS_POLICY]);
	settings_text_str(b, "dmarc_rua", s->v[SETTINGS_RUA]);
	if (s->allow_private)
		buf_adds(b, "# lab use: private addresses accepted\n"
		    "allow_private = true;\n");
}

static const char *
settings_where(const struct settings *s, size_t f)
{
	return s->where[f] != NULL ? s->where[f] : "";
}

void
settings_show(const struct settings *s, const char *path, struct buf *b)
{
	char	*v;
	size_t	 f;

	buf_printf(b, _("Settings file: %s (%s)\n\n"), path,
	    s->file_found ? _("found") : _("not there yet; values below are "
	    "detected or defaults"));
	for (f = 0; f < SETTINGS_NFIELDS; f++) {
		v = settings_value(s, f);
		buf_printf(b, "  %-18s %s\n", _(settings_fields[f].label),
		    *v != '\0' ? v : _("(not set)"));
		if (s->src[f] != SETTINGS_SRC_UNSET)
			buf_printf(b, "  %-18s (%s%s%s)\n", "",
			    _(settings_src_name(s->src[f])),
			    *settings_where(s, f) != '\0' ? ": " : "",
			    settings_where(s, f));
		free(v);
	}
	if (s->allow_private)
		buf_printf(b, _("\n  Private addresses are allowed (lab "
		    "use).\n"));
	if (s->v[SETTINGS_POLICY] != NULL &&
	    strcmp(s->v[SETTINGS_POLICY], "none") == 0)
		buf_printf(b, _("\nDMARC rollout: start with p=none and "
		    "read the aggregate reports for 2-4\nweeks; when every "
		    "legitimate source passes SPF or DKIM, move to\n"
		    "quarantine, then reject.\n"));
	if (settings_domain(s) == NULL)
		buf_printf(b, _("\nNo mail domain yet: set one with "
		    "'mailharden domain set --domain example.com'.\n"));
}

void
settings_json(const struct settings *s, const char *path, struct buf *b)
{
	size_t	f, i;

	buf_adds(b, "{\"schema\":1,\"path\":");
	buf_json_str(b, path);
	buf_printf(b, ",\"file_found\":%s,\"allow_private\":%s,\"settings\":{",
	    s->file_found ? "true" : "false",
	    s->allow_private ? "true" : "false");
	for (f = 0; f < SETTINGS_NFIELDS; f++) {
		buf_printf(b, "%s\"%s\":{\"value\":", f > 0 ? "," : "",
		    settings_fields[f].key);
		if (f == SETTINGS_DOMAINS) {
			buf_addc(b, '[');
			for (i = 0; i < s->ndomains; i++) {
				if (i > 0)
					buf_addc(b, ',');
				buf_json_str(b, s->domains[i]);
			}
			buf_addc(b, ']');
		} else if (s->v[f] != NULL)
			buf_json_str(b, s->v[f]);
		else
			buf_adds(b, "null");
		buf_printf(b, ",\"source\":\"%s\",\"where\":",
		    s->src[f] == SETTINGS_SRC_UNSET ? "unset" :
		    s->src[f] == SETTINGS_SRC_DEFAULT ? "default" :
		    s->src[f] == SETTINGS_SRC_DETECT ? "detection" :
		    s->src[f] == SETTINGS_SRC_FILE ? "file" :
		    s->src[f] == SETTINGS_SRC_OPTION ? "option" : "form");
		if (s->where[f] != NULL)
			buf_json_str(b, s->where[f]);
		else
			buf_adds(b, "null");
		buf_addc(b, '}');
	}
	buf_adds(b, "}}\n");
}

/* Absolute path; the directory part resolved against the cwd. */
static char *
settings_abs(const char *path)
{
	char	cwd[PATH_MAX], *s;

	if (path[0] == '/' || getcwd(cwd, sizeof cwd) == NULL)
		return xstrdup(path);
	xasprintf(&s, "%s/%s", cwd, path);
	return s;
}

int
settings_plan(const struct settings *s, const char *path,
    struct plan **out, char **cause)
{
	const char	*mkdir_argv[] = { "/bin/mkdir", "-p", "-m", "0755",
			    NULL, NULL };
	const char	*rmdir_argv[] = { "/bin/rmdir", NULL, NULL };
	const char	*test_argv[] = { "/usr/bin/test", "-d", NULL, NULL };
	struct plan	*p;
	struct stat	 st;
	struct buf	 b;
	char		*abs, *dir, *slash, hex[AUDIT_HASH_HEX + 1], now[65];
	int		 exists;

	*out = NULL;
	if (settings_domain(s) == NULL) {
		xasprintf(cause, _("no mail domain: give one, e.g. --domain "
		    "example.com"));
		return -1;
	}
	if (path == NULL)
		path = SETTINGS_DEFAULT_PATH;
	abs = settings_abs(path);
	if (lstat(abs, &st) == 0 && S_ISLNK(st.st_mode)) {
		xasprintf(cause, _("%s is a symbolic link; refusing to write "
		    "through it"), abs);
		free(abs);
		return -1;
	}
	if (lstat(abs, &st) == 0 && !S_ISREG(st.st_mode)) {
		xasprintf(cause, _("%s is not a regular file"), abs);
		free(abs);
		return -1;
	}
	buf_init(&b, 0);
	settings_text(s, &b);
	p = plan_create("domain", NULL);
	dir = xstrdup(abs);
	slash = strrchr(dir, '/');
	if (slash != NULL && slash != dir)
		*slash = '\0';
	exists = 0;
	if (slash != NULL && slash != dir && lstat(dir, &st) == -1) {
		mkdir_argv[4] = dir;
		rmdir_argv[1] = dir;
		test_argv[2] = dir;
		plan_add_cmd(p, _("create the settings directory (mode 0755)"),
		    mkdir_argv, rmdir_argv, test_argv);
	} else if (plan_file_hash(abs, hex, &exists, cause) == -1) {
		plan_free(p);
		free(dir);
		free(abs);
		buf_clear(&b);
		return -1;
	}
	audit_sha256_hex(buf_str(&b), strlen(buf_str(&b)), now);
	if (!exists || strcmp(hex, now) != 0)
		plan_add_write(p, _("write the mail settings"), abs,
		    buf_str(&b), 0644, 0);
	free(dir);
	free(abs);
	buf_clear(&b);
	*out = p;
	return 0;
}

int
settings_apply(struct plan *p, const char *audit_path, int dry_run,
    char **cause)
{
	struct audit	*a = NULL;
	char		*why = NULL;
	int		 rc;

	if (audit_path == NULL)
		audit_path = AUDIT_DEFAULT_PATH;
	if (p->n == 0)
		return 0;
	if (audit_open(audit_path, &a, &why) == -1) {
		if (dry_run) {
			free(why);	/* nothing to log to; nothing done */
			return 0;
		}
		xasprintf(cause, _("%s; nothing was changed"), why);
		free(why);
		return -1;
	}
	rc = plan_apply(p, a, dry_run, NULL, NULL, cause);
	audit_close(a);
	return rc;
}
