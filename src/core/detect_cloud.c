/*
 * detect_cloud.c - which cloud this machine runs in, offline: the DMI
 * strings under /sys/class/dmi/id and /run/cloud-init/cloud-id matched
 * against data/clouds.conf, and that provider's port-25 policy, unblock
 * and PTR procedures.  Facts: cloud.provider, cloud.name, cloud.port25,
 * cloud.port25_note, cloud.unblock, cloud.relay, cloud.ptr.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "clouds.h"
#include "datadir.h"
#include "detect.h"
#include "fact.h"
#include "rootfs.h"

#define DETECT_CLOUD_CAP	4096	/* one DMI value or cloud-id */

/* Read one small file; trimmed first line, or NULL (with *cause). */
static char *
detect_cloud_read(const char *root, const char *path, char **cause)
{
	char	*text = NULL, *p, *line, *v;

	*cause = NULL;
	if (rootfs_read(root, path, DETECT_CLOUD_CAP, &text, NULL,
	    cause) == -1)
		return NULL;
	p = text;
	line = mh_next_line(&p);
	v = xstrdup(line != NULL ? mh_trim(line) : "");
	free(text);
	return v;
}

/* Read the DMI files; returns how many could be read. */
static int
detect_cloud_dmi(const char *root, struct clouds_dmi *d, char **why)
{
	char	*path, *cause;
	int	 i, n = 0;

	*why = NULL;
	for (i = 0; i < CLOUDS_DMI_NKEYS; i++) {
		xasprintf(&path, "%s/%s", CLOUDS_DMI_DIR, clouds_dmi_name(i));
		d->v[i] = detect_cloud_read(root, path, &cause);
		if (d->v[i] != NULL)
			n++;
		else if (*why == NULL)
			*why = cause;
		else
			free(cause);
		free(path);
	}
	return n;
}

static void
detect_cloud_dmi_free(struct clouds_dmi *d)
{
	int	i;

	for (i = 0; i < CLOUDS_DMI_NKEYS; i++)
		free(d->v[i]);
}

/* Evidence: the file and its value. */
static void
detect_cloud_ev_file(struct fact *f, const char *root, const char *path,
    const char *value)
{
	char	*full = rootfs_path(root, path);

	fact_evidence(f, full, "%s", value);
	free(full);
}

/* Evidence: what matched and the clouds.conf entry used. */
static void
detect_cloud_ev_hit(struct fact *f, const char *root,
    const struct clouds *cl, const struct clouds_hit *hit,
    const struct clouds_dmi *d)
{
	const struct clouds_cond	*c;
	char				*path;
	size_t				 i;

	if (hit->m != NULL) {
		for (i = 0; i < hit->m->nconds; i++) {
			c = &hit->m->conds[i];
			xasprintf(&path, "%s/%s", CLOUDS_DMI_DIR,
			    clouds_dmi_name(c->key));
			detect_cloud_ev_file(f, root, path, d->v[c->key]);
			free(path);
		}
		xasprintf(&path, "%s:%d", cl->file, hit->m->line);
		for (i = 0; i < hit->m->nconds; i++) {
			c = &hit->m->conds[i];
			fact_evidence(f, path, "provider \"%s\": %s %s \"%s\"",
			    hit->p->id, clouds_dmi_name(c->key),
			    clouds_op_name(c->op), c->value);
		}
		free(path);
		return;
	}
	detect_cloud_ev_file(f, root, CLOUDS_CLOUD_ID_FILE, hit->cloud_init);
	xasprintf(&path, "%s:%d", cl->file, hit->p->line);
	fact_evidence(f, path, "provider \"%s\": cloud_init \"%s\"",
	    hit->p->id, hit->cloud_init);
	free(path);
}

static void
detect_cloud_ev_entry(struct fact *f, const struct clouds *cl,
    const struct clouds_provider *p, const char *what, const char *text)
{
	char	*src;

	xasprintf(&src, "%s:%d", cl->file, p->line);
	fact_evidence(f, src, "provider \"%s\": %s = \"%s\"", p->id, what,
	    text);
	free(src);
}

static void
detect_cloud_provider(struct facts *fs, const struct detect_ctx *ctx,
    const struct clouds *cl, const struct clouds_hit *hit,
    const struct clouds_dmi *d)
{
	const struct clouds_provider	*p = hit->p;
	struct fact			*f;
	char				*src;
	int				 zh = clouds_want_zh();

	f = facts_set_str(fs, "cloud.provider", p->id);
	detect_cloud_ev_hit(f, ctx->root, cl, hit, d);
	f = facts_set_str(fs, "cloud.name", clouds_text_get(&p->name, zh));
	detect_cloud_ev_entry(f, cl, p, "name", p->name.en);

	f = facts_set_str(fs, "cloud.port25",
	    clouds_outbound_name(p->outbound));
	xasprintf(&src, "%s:%d", cl->file, p->outbound_line);
	fact_evidence(f, src, "provider \"%s\": outbound = \"%s\"", p->id,
	    clouds_outbound_name(p->outbound));
	free(src);
	f = facts_set_str(fs, "cloud.port25_note",
	    clouds_text_get(&p->port25_note, zh));
	detect_cloud_ev_entry(f, cl, p, "port25.note", p->port25_note.en);
	f = facts_set_str(fs, "cloud.unblock",
	    clouds_text_get(&p->unblock, zh));
	detect_cloud_ev_entry(f, cl, p, "port25.unblock", p->unblock.en);
	f = facts_set_str(fs, "cloud.relay", clouds_text_get(&p->relay, zh));
	detect_cloud_ev_entry(f, cl, p, "port25.relay", p->relay.en);
	f = facts_set_str(fs, "cloud.ptr", clouds_text_get(&p->ptr, zh));
	detect_cloud_ev_entry(f, cl, p, "ptr", p->ptr.en);
}

/* DMI readable, nothing matched. */
static void
detect_cloud_none(struct facts *fs, const struct detect_ctx *ctx,
    const struct clouds_dmi *d, const char *cloud_id)
{
	struct fact	*f;
	char		*path;
	const char	*sv = d->v[CLOUDS_DMI_SYS_VENDOR];
	const char	*pn = d->v[CLOUDS_DMI_PRODUCT_NAME];
	int		 i;

	f = facts_set_str(fs, "cloud.provider", "none");
	fact_evidence(f, "DMI", "sys_vendor \"%s\", product_name \"%s\" "
	    "match no provider in clouds.conf", sv != NULL ? sv : "-",
	    pn != NULL ? pn : "-");
	for (i = 0; i < CLOUDS_DMI_NKEYS; i++) {
		if (d->v[i] == NULL || *d->v[i] == '\0')
			continue;
		xasprintf(&path, "%s/%s", CLOUDS_DMI_DIR, clouds_dmi_name(i));
		detect_cloud_ev_file(f, ctx->root, path, d->v[i]);
		free(path);
	}
	if (cloud_id != NULL) {
		detect_cloud_ev_file(f, ctx->root, CLOUDS_CLOUD_ID_FILE,
		    cloud_id);
	}
	f = facts_set_str(fs, "cloud.name", _("none (not a listed cloud)"));
	fact_evidence(f, "DMI", "sys_vendor \"%s\", product_name \"%s\"",
	    sv != NULL ? sv : "-", pn != NULL ? pn : "-");
	facts_set_unknown(fs, "cloud.port25", FACT_STR,
	    _("no known cloud provider (%s / %s): the Connectivity step "
	    "tests outbound 25"), sv != NULL ? sv : "-",
	    pn != NULL ? pn : "-");
}

void
detect_cloud_run(const struct detect_ctx *ctx, struct facts *fs)
{
	struct clouds		 cl;
	struct clouds_dmi	 d;
	struct clouds_hit	 hit;
	char			*conf, *cause = NULL, *why = NULL;
	char			*cloud_id, *cid_cause = NULL;
	int			 ndmi;

	memset(&d, 0, sizeof d);
	conf = datadir_file("clouds.conf");
	if (clouds_load(conf, &cl, &cause) == -1) {
		facts_set_error(fs, "cloud.provider", FACT_STR, "%s", cause);
		facts_set_error(fs, "cloud.port25", FACT_STR,
		    _("no provider table (%s is unusable)"), conf);
		free(cause);
		free(conf);
		return;
	}
	ndmi = detect_cloud_dmi(ctx->root, &d, &why);
	cloud_id = detect_cloud_read(ctx->root, CLOUDS_CLOUD_ID_FILE,
	    &cid_cause);
	if (clouds_match(&cl, ndmi > 0 ? &d : NULL, cloud_id, &hit))
		detect_cloud_provider(fs, ctx, &cl, &hit, &d);
	else if (ndmi > 0)
		detect_cloud_none(fs, ctx, &d, cloud_id);
	else {
		if (cloud_id != NULL) {
			facts_set_unknown(fs, "cloud.provider", FACT_STR,
			    _("DMI unreadable (%s); cloud-init id \"%s\" is "
			    "not a listed provider"), why, cloud_id);
		} else {
			facts_set_unknown(fs, "cloud.provider", FACT_STR,
			    _("DMI unreadable (%s; a container or a platform "
			    "without DMI) and no cloud-init id"), why);
		}
		facts_set_unknown(fs, "cloud.port25", FACT_STR,
		    _("cloud provider unknown"));
	}
	free(why);
	free(cid_cause);
	free(cloud_id);
	detect_cloud_dmi_free(&d);
	clouds_free(&cl);
	free(conf);
}
