/*
 * detect_os.c - the OS part of the System step: distribution id,
 * version, family, name, package manager and init system.
 *
 * Sources, in order: /etc/os-release, /usr/lib/os-release, then the
 * older release files (redhat-release and friends, SuSE-release,
 * alpine-release, arch-release, lsb-release, debian_version) to fill
 * what is still missing.  The package manager and the init system are
 * decided from the files installed under the root, not assumed from
 * the distribution name; on the live system PID 1 is compared with
 * the installed init.  Everything is read through rootfs (--root).
 */
#include "mh.h"

#include <sys/stat.h>

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "detect.h"
#include "fact.h"
#include "osrel.h"
#include "rootfs.h"

#define DETECT_OS_FILE_CAP	(64 * 1024)
#define DETECT_OS_VALUE_MAX	128
#define DETECT_OS_MAX_LIKE	16
#define DETECT_OS_MAX_HOPS	8

/* A value and where it came from. */
struct detect_os_val {
	char	*v;
	char	*src;
	char	*line;
};

struct detect_os_info {
	struct detect_os_val	 id;
	struct detect_os_val	 like;
	struct detect_os_val	 version_id;
	struct detect_os_val	 name;
	struct detect_os_val	 version;
	struct detect_os_val	 pretty;
	char			*why;		/* "; "-joined problems */
	int			 broken;	/* a source was unusable */
};

/* Family and the first major version that uses dnf (-1: not rhel). */
struct detect_os_map {
	const char	*id;
	const char	*family;	/* NULL: ambiguous, decide by tools */
	int		 dnf_since;
};

static const struct detect_os_map detect_os_maps[] = {
	{ "rhel",		"rhel",		8 },
	{ "centos",		"rhel",		8 },
	{ "rocky",		"rhel",		0 },
	{ "almalinux",		"rhel",		0 },
	{ "ol",			"rhel",		8 },
	{ "scientific",		"rhel",		8 },
	{ "fedora",		"rhel",		22 },
	{ "amzn",		"rhel",		2022 },
	{ "alinux",		"rhel",		3 },
	{ "aliyun",		"rhel",		3 },
	{ "anolis",		"rhel",		8 },
	{ "openeuler",		"rhel",		0 },
	{ "hce",		"rhel",		0 },
	{ "euleros",		"rhel",		3 },
	{ "tencentos",		"rhel",		3 },
	{ "tlinux",		"rhel",		3 },
	{ "opencloudos",	"rhel",		8 },
	{ "cloudlinux",		"rhel",		8 },
	{ "eurolinux",		"rhel",		8 },
	{ "virtuozzo",		"rhel",		8 },
	{ "miraclelinux",	"rhel",		8 },
	{ "circle",		"rhel",		0 },
	{ "navy",		"rhel",		0 },
	{ "bclinux",		"rhel",		8 },
	{ "ctyunos",		"rhel",		0 },
	/* Server editions are RPM based, desktop editions Debian based. */
	{ "kylin",		NULL,		0 },
	{ "uos",		NULL,		0 },
	{ "debian",		"debian",	-1 },
	{ "ubuntu",		"debian",	-1 },
	{ "linuxmint",		"debian",	-1 },
	{ "raspbian",		"debian",	-1 },
	{ "kali",		"debian",	-1 },
	{ "pop",		"debian",	-1 },
	{ "elementary",		"debian",	-1 },
	{ "zorin",		"debian",	-1 },
	{ "devuan",		"debian",	-1 },
	{ "deepin",		"debian",	-1 },
	{ "neon",		"debian",	-1 },
	{ "armbian",		"debian",	-1 },
	{ "parrot",		"debian",	-1 },
	{ "opensuse-leap",	"suse",		-1 },
	{ "opensuse-tumbleweed", "suse",	-1 },
	{ "opensuse-microos",	"suse",		-1 },
	{ "opensuse",		"suse",		-1 },
	{ "suse",		"suse",		-1 },
	{ "sles",		"suse",		-1 },
	{ "sles_sap",		"suse",		-1 },
	{ "sled",		"suse",		-1 },
	{ "sle-micro",		"suse",		-1 },
	{ "sl-micro",		"suse",		-1 },
	{ "alpine",		"alpine",	-1 },
	{ "postmarketos",	"alpine",	-1 },
	{ "arch",		"arch",		-1 },
	{ "archarm",		"arch",		-1 },
	{ "manjaro",		"arch",		-1 },
	{ "manjaro-arm",	"arch",		-1 },
	{ "endeavouros",	"arch",		-1 },
	{ "artix",		"arch",		-1 },
	{ "garuda",		"arch",		-1 },
	{ "cachyos",		"arch",		-1 },
};

/* "NAME release X (Y)" files: name prefix to id. */
static const struct {
	const char	*prefix;
	const char	*id;
} detect_os_names[] = {
	{ "CentOS",			"centos" },
	{ "Red Hat Enterprise Linux",	"rhel" },
	{ "Rocky Linux",		"rocky" },
	{ "AlmaLinux",			"almalinux" },
	{ "Oracle Linux",		"ol" },
	{ "Alibaba Cloud Linux",	"alinux" },
	{ "Aliyun Linux",		"alinux" },
	{ "Anolis OS",			"anolis" },
	{ "Amazon Linux",		"amzn" },
	{ "Fedora",			"fedora" },
	{ "openEuler",			"openeuler" },
	{ "Huawei Cloud EulerOS",	"hce" },
	{ "EulerOS",			"euleros" },
	{ "TencentOS",			"tencentos" },
	{ "Tencent tlinux",		"tencentos" },
	{ "OpenCloudOS",		"opencloudos" },
	{ "Kylin",			"kylin" },
	{ "UnionTech OS",		"uos" },
	{ "Scientific Linux",		"scientific" },
	{ "CloudLinux",			"cloudlinux" },
};

/* Package managers: fact value and the binary that proves it. */
static const struct {
	const char	*name;
	const char	*bin;
	const char	*family;
} detect_os_pms[] = {
	{ "dnf",	"dnf",		"rhel" },
	{ "yum",	"yum",		"rhel" },
	{ "apt",	"apt-get",	"debian" },
	{ "zypper",	"zypper",	"suse" },
	{ "apk",	"apk",		"alpine" },
	{ "pacman",	"pacman",	"arch" },
};

static void
detect_os_why(struct detect_os_info *info, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
detect_os_why(struct detect_os_info *info, const char *fmt, ...)
{
	va_list	 ap;
	char	*s, *t;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	if (info->why == NULL)
		info->why = s;
	else {
		xasprintf(&t, "%s; %s", info->why, s);
		free(info->why);
		free(s);
		info->why = t;
	}
}

static void
detect_os_val_clear(struct detect_os_val *v)
{
	free(v->v);
	free(v->src);
	free(v->line);
	memset(v, 0, sizeof *v);
}

/* Set v unless it already has a value (earlier sources win). */
static void
detect_os_val_set(struct detect_os_val *v, const char *value,
    const char *src, const char *line)
{
	if (v->v != NULL || value == NULL || *value == '\0')
		return;
	if (strlen(value) > DETECT_OS_VALUE_MAX)
		return;
	v->v = xstrdup(value);
	v->src = xstrdup(src);
	v->line = xstrdup(line);
}

static void
detect_os_info_clear(struct detect_os_info *info)
{
	detect_os_val_clear(&info->id);
	detect_os_val_clear(&info->like);
	detect_os_val_clear(&info->version_id);
	detect_os_val_clear(&info->name);
	detect_os_val_clear(&info->version);
	detect_os_val_clear(&info->pretty);
	free(info->why);
}

static void
detect_os_lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* An os-release ID (after lower-casing): [a-z0-9._-]+. */
static int
detect_os_valid_id(const char *s)
{
	if (*s == '\0' || strlen(s) > 64)
		return 0;
	for (; *s != '\0'; s++) {
		if (!islower((unsigned char)*s) &&
		    !isdigit((unsigned char)*s) && strchr("._-", *s) == NULL)
			return 0;
	}
	return 1;
}

static const struct detect_os_map *
detect_os_map_find(const char *id)
{
	size_t	i;

	for (i = 0; i < nitems(detect_os_maps); i++)
		if (strcmp(detect_os_maps[i].id, id) == 0)
			return &detect_os_maps[i];
	return NULL;
}

/* Leading number of a version ("9.3" -> 9, "V10" -> 10), or -1. */
static long
detect_os_major(const char *v)
{
	long	n = 0;
	int	digits = 0;

	if (v == NULL)
		return -1;
	while (*v != '\0' && !isdigit((unsigned char)*v) && isalpha(
	    (unsigned char)*v))
		v++;
	for (; isdigit((unsigned char)*v) && n < 100000; v++, digits++)
		n = n * 10 + (*v - '0');
	return digits ? n : -1;
}

/* Read a small text file; 0 and *out, or -1 (*why appended, *broken). */
static int
detect_os_read(const struct detect_ctx *ctx, struct detect_os_info *info,
    const char *path, char **out, size_t *len)
{
	char	*cause = NULL;

	*out = NULL;
	if (!rootfs_exists(ctx->root, path))
		return -1;
	if (rootfs_read(ctx->root, path, DETECT_OS_FILE_CAP, out, len,
	    &cause) == -1) {
		detect_os_why(info, "%s", cause);
		info->broken = 1;
		free(cause);
		return -1;
	}
	return 0;
}

static void
detect_os_from_kv(struct detect_os_val *v, const struct osrel *o,
    const char *key, const char *path)
{
	const struct osrel_kv	*kv = osrel_find(o, key);

	if (kv != NULL)
		detect_os_val_set(v, kv->value, path, kv->line);
}

/* /etc/os-release or /usr/lib/os-release.  0 when it gave an ID. */
static int
detect_os_osrelease(const struct detect_ctx *ctx,
    struct detect_os_info *info, const char *path)
{
	struct osrel		 o;
	const struct osrel_kv	*kv;
	char			*text, *id = NULL;
	size_t			 len;
	int			 rc = -1;

	if (detect_os_read(ctx, info, path, &text, &len) == -1)
		return -1;
	osrel_parse(&o, text, len);
	free(text);
	if ((kv = osrel_find(&o, "ID")) != NULL) {
		id = xstrdup(kv->value);
		detect_os_lower(id);
		if (!detect_os_valid_id(id)) {
			detect_os_why(info, _("%s: line %zu: ID is not a "
			    "valid id"), path, kv->lineno);
			info->broken = 1;
			goto out;
		}
	}
	if (id == NULL) {
		detect_os_why(info, _("%s: no usable ID line (%zu malformed "
		    "lines skipped)"), path, o.nbad);
		info->broken = 1;
	}
	if (id != NULL)
		detect_os_val_set(&info->id, id, path, kv->line);
	detect_os_from_kv(&info->like, &o, "ID_LIKE", path);
	detect_os_from_kv(&info->version_id, &o, "VERSION_ID", path);
	detect_os_from_kv(&info->name, &o, "NAME", path);
	detect_os_from_kv(&info->version, &o, "VERSION", path);
	detect_os_from_kv(&info->pretty, &o, "PRETTY_NAME", path);
	kv = osrel_find(&o, "BUILD_ID");
	if (kv != NULL && strcmp(kv->value, "rolling") == 0)
		detect_os_val_set(&info->version_id, "rolling", path,
		    kv->line);
	rc = id != NULL ? 0 : -1;
out:
	free(id);
	osrel_clear(&o);
	return rc;
}

/* Does a fallback for fid agree with what we have?  Then it may fill. */
static int
detect_os_agrees(const struct detect_os_info *info, const char *fid)
{
	return info->id.v == NULL || strcmp(info->id.v, fid) == 0;
}

/* First non-blank line of text (modified in place), or NULL. */
static char *
detect_os_first_line(char *text)
{
	char	*p = text, *line;

	while ((line = mh_next_line(&p)) != NULL) {
		line = mh_trim(line);
		if (*line != '\0')
			return line;
	}
	return NULL;
}

/* "CentOS Linux release 7.9.2009 (Core)" style files. */
static void
detect_os_release_file(const struct detect_ctx *ctx,
    struct detect_os_info *info, const char *path)
{
	char		*text, *line, *rel, *ver = NULL, *name;
	const char	*id = NULL;
	size_t		 len, i, n;

	if (detect_os_read(ctx, info, path, &text, &len) == -1)
		return;
	if ((line = detect_os_first_line(text)) == NULL ||
	    strlen(line) > DETECT_OS_VALUE_MAX ||
	    (rel = strstr(line, " release ")) == NULL) {
		detect_os_why(info, _("%s: not a \"NAME release VERSION\" "
		    "line"), path);
		info->broken = 1;
		goto out;
	}
	name = xstrndup(line, (size_t)(rel - line));
	for (i = 0; i < nitems(detect_os_names); i++) {
		n = strlen(detect_os_names[i].prefix);
		if (strncasecmp(name, detect_os_names[i].prefix, n) == 0) {
			id = detect_os_names[i].id;
			break;
		}
	}
	rel += strlen(" release ");
	for (n = 0; rel[n] != '\0' && rel[n] != ' '; n++)
		;
	if (n > 0)
		ver = xstrndup(rel, n);
	if (id == NULL) {
		detect_os_why(info, _("%s: unknown distribution \"%s\""),
		    path, name);
		if (info->name.v == NULL)
			detect_os_val_set(&info->name, line, path, line);
	} else if (detect_os_agrees(info, id)) {
		detect_os_val_set(&info->id, id, path, line);
		detect_os_val_set(&info->version_id, ver, path, line);
		detect_os_val_set(&info->pretty, line, path, line);
	}
	free(ver);
	free(name);
out:
	free(text);
}

/* /etc/SuSE-release: "openSUSE 13.2 (x86_64)", VERSION = , PATCHLEVEL = */
static void
detect_os_suse_release(const struct detect_ctx *ctx,
    struct detect_os_info *info, const char *path)
{
	char		*text, *p, *line, *first = NULL, *eq;
	char		*ver = NULL, *patch = NULL, *v = NULL, *vline = NULL;
	const char	*id;
	size_t		 len;

	if (detect_os_read(ctx, info, path, &text, &len) == -1)
		return;
	p = text;
	while ((line = mh_next_line(&p)) != NULL) {
		line = mh_trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		if (first == NULL) {
			first = line;
			continue;
		}
		if ((eq = strchr(line, '=')) == NULL)
			continue;
		*eq = '\0';
		if (strcmp(mh_trim(line), "VERSION") == 0 && ver == NULL) {
			ver = mh_trim(eq + 1);
			vline = ver;
		} else if (strcmp(mh_trim(line), "PATCHLEVEL") == 0)
			patch = mh_trim(eq + 1);
	}
	if (first == NULL || ver == NULL || strlen(first) >
	    DETECT_OS_VALUE_MAX) {
		detect_os_why(info, _("%s: no product line or VERSION"),
		    path);
		info->broken = 1;
		goto out;
	}
	if (strncasecmp(first, "openSUSE", 8) == 0)
		id = "opensuse";
	else if (strstr(first, "Desktop") != NULL)
		id = "sled";
	else
		id = "sles";
	if (patch != NULL && strcmp(patch, "0") != 0)
		xasprintf(&v, "%s.%s", ver, patch);
	else
		v = xstrdup(ver);
	if (detect_os_agrees(info, id)) {
		detect_os_val_set(&info->id, id, path, first);
		detect_os_val_set(&info->version_id, v, path, vline);
		detect_os_val_set(&info->pretty, first, path, first);
	}
out:
	free(v);
	free(text);
}

/* /etc/alpine-release "3.19.1", /etc/arch-release (often empty). */
static void
detect_os_simple_release(const struct detect_ctx *ctx,
    struct detect_os_info *info, const char *path, const char *id,
    const char *name)
{
	char	*text, *line, *pretty;
	size_t	 len;

	if (detect_os_read(ctx, info, path, &text, &len) == -1)
		return;
	line = detect_os_first_line(text);
	if (strcmp(id, "arch") == 0) {
		if (detect_os_agrees(info, id)) {
			detect_os_val_set(&info->id, id, path,
			    _("(file exists)"));
			detect_os_val_set(&info->version_id, "rolling", path,
			    _("(file exists)"));
			detect_os_val_set(&info->pretty, name, path,
			    _("(file exists)"));
		}
		goto out;
	}
	if (line == NULL || !isdigit((unsigned char)*line) ||
	    strlen(line) > 32) {
		detect_os_why(info, _("%s: not a version number"), path);
		info->broken = 1;
		goto out;
	}
	if (detect_os_agrees(info, id)) {
		xasprintf(&pretty, "%s %s", name, line);
		detect_os_val_set(&info->id, id, path, line);
		detect_os_val_set(&info->version_id, line, path, line);
		detect_os_val_set(&info->pretty, pretty, path, line);
		free(pretty);
	}
out:
	free(text);
}

/* /etc/lsb-release: DISTRIB_ID, DISTRIB_RELEASE, DISTRIB_DESCRIPTION. */
static void
detect_os_lsb_release(const struct detect_ctx *ctx,
    struct detect_os_info *info, const char *path)
{
	struct osrel		 o;
	const struct osrel_kv	*kv;
	char			*text, *id;
	size_t			 len;

	if (detect_os_read(ctx, info, path, &text, &len) == -1)
		return;
	osrel_parse(&o, text, len);
	free(text);
	if ((kv = osrel_find(&o, "DISTRIB_ID")) == NULL) {
		detect_os_why(info, _("%s: no DISTRIB_ID"), path);
		info->broken = 1;
		goto out;
	}
	id = xstrdup(kv->value);
	detect_os_lower(id);
	if (detect_os_valid_id(id) && detect_os_agrees(info, id)) {
		detect_os_val_set(&info->id, id, path, kv->line);
		detect_os_from_kv(&info->version_id, &o, "DISTRIB_RELEASE",
		    path);
		detect_os_from_kv(&info->pretty, &o, "DISTRIB_DESCRIPTION",
		    path);
	}
	free(id);
out:
	osrel_clear(&o);
}

/* /etc/debian_version: "12.5" (or "trixie/sid" on testing). */
static void
detect_os_debian_version(const struct detect_ctx *ctx,
    struct detect_os_info *info, const char *path)
{
	char	*text, *line, *pretty;
	size_t	 len;

	if (detect_os_read(ctx, info, path, &text, &len) == -1)
		return;
	if ((line = detect_os_first_line(text)) == NULL ||
	    strlen(line) > 32) {
		detect_os_why(info, _("%s: empty or too long"), path);
		info->broken = 1;
		goto out;
	}
	if (!detect_os_agrees(info, "debian"))
		goto out;
	detect_os_val_set(&info->id, "debian", path, line);
	if (isdigit((unsigned char)*line)) {
		detect_os_val_set(&info->version_id, line, path, line);
		xasprintf(&pretty, "Debian GNU/Linux %s", line);
	} else
		xasprintf(&pretty, "Debian GNU/Linux (%s)", line);
	detect_os_val_set(&info->pretty, pretty, path, line);
	free(pretty);
out:
	free(text);
}

static void
detect_os_gather(const struct detect_ctx *ctx, struct detect_os_info *info)
{
	static const char *const relfiles[] = {
		"/etc/redhat-release", "/etc/centos-release",
		"/etc/system-release", "/etc/alinux-release"
	};
	size_t	i;

	if (detect_os_osrelease(ctx, info, "/etc/os-release") == -1)
		detect_os_osrelease(ctx, info, "/usr/lib/os-release");
	if (info->id.v != NULL && info->version_id.v != NULL)
		return;
	for (i = 0; i < nitems(relfiles); i++)
		detect_os_release_file(ctx, info, relfiles[i]);
	detect_os_suse_release(ctx, info, "/etc/SuSE-release");
	detect_os_simple_release(ctx, info, "/etc/alpine-release", "alpine",
	    "Alpine Linux");
	detect_os_simple_release(ctx, info, "/etc/arch-release", "arch",
	    "Arch Linux");
	detect_os_lsb_release(ctx, info, "/etc/lsb-release");
	detect_os_debian_version(ctx, info, "/etc/debian_version");
}

/* Set an UNKNOWN or ERROR fact with the collected reason. */
static struct fact *
detect_os_missing(struct facts *fs, const struct detect_os_info *info,
    const char *name, enum fact_type type, const char *what)
{
	if (info->broken)
		return facts_set_error(fs, name, type, "%s", info->why);
	if (info->why != NULL)
		return facts_set_unknown(fs, name, type, "%s (%s)", what,
		    info->why);
	return facts_set_unknown(fs, name, type, "%s", what);
}

static void
detect_os_set_str(struct facts *fs, const char *name,
    const struct detect_os_val *v)
{
	struct fact	*f = facts_set_str(fs, name, v->v);

	fact_evidence(f, v->src, "%s", v->line);
}

static void
detect_os_name(struct facts *fs, const struct detect_os_info *info)
{
	struct fact	*f;
	char		*s;

	if (info->pretty.v != NULL) {
		detect_os_set_str(fs, "os.name", &info->pretty);
		return;
	}
	if (info->name.v == NULL) {
		detect_os_missing(fs, info, "os.name", FACT_STR,
		    _("no PRETTY_NAME or NAME found"));
		return;
	}
	if (info->version.v != NULL)
		xasprintf(&s, "%s %s", info->name.v, info->version.v);
	else
		s = xstrdup(info->name.v);
	f = facts_set_str(fs, "os.name", s);
	fact_evidence(f, info->name.src, "%s", info->name.line);
	if (info->version.v != NULL)
		fact_evidence(f, info->version.src, "%s", info->version.line);
	free(s);
}

static void
detect_os_like(struct facts *fs, const struct detect_os_info *info)
{
	struct fact	*f;
	char		*copy, *p, *w;
	size_t		 n = 0;

	f = facts_set_list(fs, "os.id_like");
	if (info->like.v == NULL) {
		if (info->id.v != NULL)
			fact_evidence(f, info->id.src, _("no ID_LIKE"));
		else
			detect_os_missing(fs, info, "os.id_like", FACT_LIST,
			    _("no os-release found"));
		return;
	}
	copy = xstrdup(info->like.v);
	detect_os_lower(copy);
	p = copy;
	while ((w = strsep(&p, " \t")) != NULL && n < DETECT_OS_MAX_LIKE) {
		if (*w == '\0' || !detect_os_valid_id(w))
			continue;
		fact_list_add(f, w);
		n++;
	}
	fact_evidence(f, info->like.src, "%s", info->like.line);
	free(copy);
}

/* Which package tools are installed: "rpm"-side or "deb"-side family. */
static const char *
detect_os_family_by_tools(const struct detect_ctx *ctx, char **bin)
{
	static const struct {
		const char	*bin;
		const char	*family;
	} tools[] = {
		{ "dnf", "rhel" }, { "yum", "rhel" }, { "rpm", "rhel" },
		{ "apt-get", "debian" }, { "dpkg", "debian" },
		{ "zypper", "suse" }, { "apk", "alpine" },
		{ "pacman", "arch" }
	};
	size_t	i;

	for (i = 0; i < nitems(tools); i++) {
		if ((*bin = rootfs_which(ctx->root, tools[i].bin)) != NULL)
			return tools[i].family;
	}
	return NULL;
}

static const char *
detect_os_family(const struct detect_ctx *ctx, struct facts *fs,
    const struct detect_os_info *info, const struct detect_os_map **mapp)
{
	const struct detect_os_map	*m = NULL;
	struct fact			*f;
	const char			*fam;
	char				*copy = NULL, *p, *w, *bin = NULL;

	*mapp = NULL;
	if (info->id.v != NULL && (m = detect_os_map_find(info->id.v)) !=
	    NULL && m->family != NULL) {
		*mapp = m;
		f = facts_set_str(fs, "os.family", m->family);
		fact_evidence(f, info->id.src, _("%s (ID %s is %s family)"),
		    info->id.line, info->id.v, m->family);
		return m->family;
	}
	if (m != NULL)
		*mapp = m;
	if (m == NULL && info->like.v != NULL) {
		copy = xstrdup(info->like.v);
		detect_os_lower(copy);
		p = copy;
		while ((w = strsep(&p, " \t")) != NULL) {
			m = detect_os_map_find(w);
			if (m != NULL && m->family != NULL)
				break;
			m = NULL;
		}
		if (m != NULL) {
			*mapp = m;
			f = facts_set_str(fs, "os.family", m->family);
			fact_evidence(f, info->like.src,
			    _("%s (like %s: %s family)"), info->like.line,
			    m->id, m->family);
			free(copy);
			return m->family;
		}
		free(copy);
	}
	fam = detect_os_family_by_tools(ctx, &bin);
	if (fam != NULL) {
		f = facts_set_str(fs, "os.family", fam);
		if (info->id.v != NULL && *mapp != NULL)
			fact_evidence(f, info->id.src, _("%s (ID %s is used "
			    "by RPM and Debian based editions)"),
			    info->id.line, info->id.v);
		else if (info->id.v != NULL)
			fact_evidence(f, info->id.src, _("%s (not in the "
			    "family table)"), info->id.line);
		fact_evidence(f, bin, _("%s is installed: %s family"), bin,
		    fam);
		free(bin);
		return fam;
	}
	if (info->id.v != NULL) {
		f = facts_set_str(fs, "os.family", "other");
		fact_evidence(f, info->id.src, _("%s (not in the family "
		    "table, no known package tool)"), info->id.line);
		return "other";
	}
	detect_os_missing(fs, info, "os.family", FACT_STR,
	    _("no os-release or release file found"));
	return NULL;
}

static void
detect_os_pkg_manager(const struct detect_ctx *ctx, struct facts *fs,
    const struct detect_os_info *info, const char *family,
    const struct detect_os_map *m)
{
	const char	*order[nitems(detect_os_pms)];
	const char	*expect = NULL, *pick = NULL, *pfam = NULL;
	const char	*id = info->id.v != NULL ? info->id.v : "?";
	const char	*ver = info->version_id.v != NULL ?
			    info->version_id.v : "?";
	struct fact	*f;
	char		*bin = NULL, *why = NULL;
	size_t		 i, j, n = 0;
	long		 major;

	if (family != NULL && strcmp(family, "rhel") == 0) {
		major = detect_os_major(info->version_id.v);
		if (m != NULL && m->dnf_since == 0)
			expect = "dnf";
		else if (m != NULL && major >= 0)
			expect = major >= m->dnf_since ? "dnf" : "yum";
		else if (major >= 0)
			expect = major >= 8 ? "dnf" : "yum";
	}
	if (expect != NULL)
		order[n++] = expect;
	for (i = 0; i < nitems(detect_os_pms); i++) {
		if (family == NULL ||
		    strcmp(detect_os_pms[i].family, family) != 0)
			continue;
		if (expect == NULL || strcmp(detect_os_pms[i].name, expect))
			order[n++] = detect_os_pms[i].name;
	}
	for (i = 0; i < nitems(detect_os_pms); i++) {
		for (j = 0; j < n; j++)
			if (strcmp(order[j], detect_os_pms[i].name) == 0)
				break;
		if (j == n)
			order[n++] = detect_os_pms[i].name;
	}
	for (i = 0; i < n && pick == NULL; i++) {
		for (j = 0; j < nitems(detect_os_pms); j++) {
			if (strcmp(detect_os_pms[j].name, order[i]) != 0)
				continue;
			bin = rootfs_which(ctx->root, detect_os_pms[j].bin);
			if (bin != NULL) {
				pick = detect_os_pms[j].name;
				pfam = detect_os_pms[j].family;
			}
			break;
		}
	}
	if (pick == NULL) {
		if (expect != NULL)
			xasprintf(&why, _("no package manager found in the "
			    "usual bin directories (%s %s would use %s)"),
			    id, ver, expect);
		else
			why = xstrdup(_("no package manager (dnf, yum, "
			    "apt-get, zypper, apk, pacman) found in the usual "
			    "bin directories"));
		facts_set_unknown(fs, "os.pkg_manager", FACT_STR, "%s", why);
		free(why);
		return;
	}
	f = facts_set_str(fs, "os.pkg_manager", pick);
	if (expect != NULL && strcmp(expect, pick) == 0)
		fact_evidence(f, bin, _("installed; %s %s uses %s"), id,
		    ver, pick);
	else if (expect != NULL)
		fact_evidence(f, bin, _("installed; %s %s would use %s, "
		    "which is not installed"), id, ver, expect);
	else if (family != NULL && strcmp(family, pfam) != 0)
		fact_evidence(f, bin, _("installed; unexpected for the %s "
		    "family"), family);
	else
		fact_evidence(f, bin, _("installed"));
	free(bin);
}

/* Collapse "." and ".." in an absolute target-side path, never above /. */
static char *
detect_os_normpath(const char *path)
{
	char	*out, *copy, *p, *w;
	size_t	 o = 0;

	out = xmalloc(strlen(path) + 2);
	copy = xstrdup(path);
	p = copy;
	while ((w = strsep(&p, "/")) != NULL) {
		if (*w == '\0' || strcmp(w, ".") == 0)
			continue;
		if (strcmp(w, "..") == 0) {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			continue;
		}
		out[o++] = '/';
		memcpy(out + o, w, strlen(w));
		o += strlen(w);
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	free(copy);
	return out;
}

/*
 * Follow the symlink at target-side path inside the root (absolute
 * link targets are re-rooted, never followed out of the tree).  Returns
 * the final target-side path; *first is the first link's text or NULL
 * when path is not a symlink.  *exists: the final file exists.
 */
static char *
detect_os_follow(const char *root, const char *path, char **first,
    int *exists)
{
	struct stat	 st;
	char		 buf[PATH_MAX], *cur, *full, *next, *slash;
	ssize_t		 n;
	int		 hop;

	*first = NULL;
	*exists = 0;
	cur = detect_os_normpath(path);
	for (hop = 0; hop < DETECT_OS_MAX_HOPS; hop++) {
		full = rootfs_path(root, cur);
		if (lstat(full, &st) == -1) {
			free(full);
			return cur;
		}
		if (!S_ISLNK(st.st_mode)) {
			*exists = 1;
			free(full);
			return cur;
		}
		n = readlink(full, buf, sizeof buf - 1);
		free(full);
		if (n <= 0)
			return cur;
		buf[n] = '\0';
		if (*first == NULL)
			*first = xstrdup(buf);
		if (buf[0] == '/')
			next = detect_os_normpath(buf);
		else {
			slash = strrchr(cur, '/');
			*slash = '\0';
			xasprintf(&full, "%s/%s", cur, buf);
			next = detect_os_normpath(full);
			free(full);
		}
		free(cur);
		cur = next;
	}
	return cur;
}

/* What PID 1 is called (comm) for an init system. */
static int
detect_os_pid1_matches(const char *init, const char *comm)
{
	if (strcmp(init, "systemd") == 0)
		return strcmp(comm, "systemd") == 0;
	if (strcmp(init, "openrc") == 0)
		return strcmp(comm, "init") == 0 ||
		    strcmp(comm, "openrc-init") == 0;
	if (strcmp(init, "sysvinit") == 0)
		return strcmp(comm, "init") == 0;
	return 1;
}

static void
detect_os_init(const struct detect_ctx *ctx, struct facts *fs)
{
	static const char *const inits[] = { "/sbin/init", "/usr/sbin/init" };
	static const char *const sd[] = {
		"/usr/lib/systemd/systemd", "/lib/systemd/systemd"
	};
	static const char *const orc[] = {
		"/sbin/openrc", "/usr/sbin/openrc", "/sbin/openrc-init"
	};
	struct fact	*f;
	const char	*init = NULL, *base, *initpath = NULL;
	char		*target = NULL, *first = NULL, *ev = NULL, *comm = NULL;
	char		*cause = NULL, *line;
	size_t		 i, len;
	int		 exists = 0, regular = 0;

	for (i = 0; i < nitems(inits) && target == NULL; i++) {
		target = detect_os_follow(ctx->root, inits[i], &first,
		    &exists);
		if (first == NULL && !exists) {
			free(target);
			target = NULL;
			continue;
		}
		initpath = inits[i];
		if (first == NULL) {
			regular = 1;
			break;
		}
		xasprintf(&ev, "%s -> %s", inits[i], first);
		base = strrchr(target, '/') + 1;
		if (strcmp(base, "systemd") == 0)
			init = "systemd";
		else if (strcmp(base, "openrc-init") == 0)
			init = "openrc";
	}
	for (i = 0; init == NULL && i < nitems(sd); i++) {
		if (rootfs_is_exec(ctx->root, sd[i])) {
			init = "systemd";
			free(ev);
			xasprintf(&ev, _("%s is installed"), sd[i]);
		}
	}
	for (i = 0; init == NULL && i < nitems(orc); i++) {
		if (rootfs_is_exec(ctx->root, orc[i])) {
			init = "openrc";
			if (ev != NULL) {
				line = ev;
				xasprintf(&ev, _("%s; %s is installed"), line,
				    orc[i]);
				free(line);
			} else
				xasprintf(&ev, _("%s is installed"), orc[i]);
		}
	}
	if (init == NULL && regular && rootfs_is_exec(ctx->root,
	    "/sbin/initctl")) {
		init = "other";
		xasprintf(&ev, _("%s is a program and /sbin/initctl exists "
		    "(upstart)"), initpath);
	} else if (init == NULL && regular && rootfs_exists(ctx->root,
	    "/etc/inittab")) {
		init = "sysvinit";
		xasprintf(&ev, _("%s is a program and /etc/inittab exists"),
		    initpath);
	} else if (init == NULL && initpath != NULL) {
		init = "other";
		if (ev == NULL)
			xasprintf(&ev, _("%s exists; not systemd, OpenRC or "
			    "SysV init"), initpath);
	}
	if (ctx->live && rootfs_read(NULL, "/proc/1/comm", 256, &comm, &len,
	    &cause) == 0)
		mh_trim(comm);
	if (init == NULL && comm != NULL && strcmp(comm, "systemd") == 0)
		init = "systemd";
	if (init == NULL) {
		f = facts_set_unknown(fs, "os.init", FACT_STR, _("no init "
		    "found (/sbin/init, systemd, openrc)"));
	} else {
		f = facts_set_str(fs, "os.init", init);
		if (ev != NULL)
			fact_evidence(f, initpath != NULL ? initpath :
			    "/sbin/init", "%s", ev);
	}
	if (!ctx->live) {
		facts_set_unknown(fs, "os.init_running", FACT_BOOL,
		    _("live state is not read with --root"));
		goto out;
	}
	if (comm == NULL) {
		fact_evidence(f, "/proc/1/comm", _("not readable: %s"),
		    cause);
		facts_set_unknown(fs, "os.init_running", FACT_BOOL,
		    _("/proc/1/comm not readable: %s"), cause);
	} else if (init != NULL && !detect_os_pid1_matches(init, comm)) {
		fact_evidence(f, "/proc/1/comm", _("PID 1 is \"%s\", not %s: "
		    "the installed init is not running (container or "
		    "chroot?), services cannot be managed through it"),
		    comm, init);
		f = facts_set_bool(fs, "os.init_running", 0);
		fact_evidence(f, "/proc/1/comm", _("PID 1 is \"%s\", not %s"),
		    comm, init);
	} else {
		fact_evidence(f, "/proc/1/comm", _("PID 1 is \"%s\""), comm);
		if (init != NULL) {
			f = facts_set_bool(fs, "os.init_running", 1);
			fact_evidence(f, "/proc/1/comm", _("PID 1 is \"%s\""),
			    comm);
		}
	}
out:
	free(cause);
	free(comm);
	free(ev);
	free(first);
	free(target);
}

void
detect_os_run(const struct detect_ctx *ctx, struct facts *fs)
{
	struct detect_os_info		 info;
	const struct detect_os_map	*m;
	const char			*family;

	memset(&info, 0, sizeof info);
	detect_os_gather(ctx, &info);
	detect_os_name(fs, &info);
	if (info.id.v != NULL)
		detect_os_set_str(fs, "os.id", &info.id);
	else
		detect_os_missing(fs, &info, "os.id", FACT_STR,
		    _("no os-release or release file found"));
	detect_os_like(fs, &info);
	if (info.version_id.v != NULL)
		detect_os_set_str(fs, "os.version_id", &info.version_id);
	else
		detect_os_missing(fs, &info, "os.version_id", FACT_STR,
		    _("no VERSION_ID found"));
	family = detect_os_family(ctx, fs, &info, &m);
	detect_os_pkg_manager(ctx, fs, &info, family, m);
	detect_os_init(ctx, fs);
	detect_os_info_clear(&info);
}
