/*
 * check.c - the checklist engine: every item of every loaded checklist
 * evaluated over one fact set, then waivers and attestations applied,
 * then the scores.  See check.h for the rules.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cond.h"
#include "fact.h"
#include "waiver.h"

static const char *const check_verdict_names[CHECK_NVERDICTS] = {
	"PASS", "FAIL", "WARN", "UNKNOWN", "WAIVED", "MANUAL", "N/A"
};

const char *
check_verdict_name(enum check_verdict v)
{
	if ((unsigned)v >= CHECK_NVERDICTS)
		return "?";
	return check_verdict_names[v];
}

int
check_score_percent(const struct check_score *sc)
{
	if (sc->counted == 0)
		return -1;
	return (int)(sc->passed * 100 / sc->counted);
}

/* Add name (or every fact a pattern matches) to the result's list. */
static void
check_add_fact(struct check_result *r, const struct facts *fs,
    const char *name)
{
	size_t	i, k;

	if (strchr(name, '*') == NULL) {
		for (k = 0; k < r->nfacts; k++)
			if (strcmp(r->facts[k], name) == 0)
				return;
		r->facts = xreallocarray(r->facts, r->nfacts + 1,
		    sizeof *r->facts);
		r->facts[r->nfacts++] = xstrdup(name);
		return;
	}
	for (i = 0; i < fs->n; i++)
		if (cond_match(name, fs->v[i].name))
			check_add_fact(r, fs, fs->v[i].name);
}

static void
check_add_names(struct check_result *r, const struct facts *fs,
    const struct cond *c)
{
	const char *const	*v;
	size_t			 n, i;

	if (c == NULL)
		return;
	v = cond_names(c, &n);
	for (i = 0; i < n; i++)
		check_add_fact(r, fs, v[i]);
}

/* The verdict before waivers. */
static enum check_verdict
check_item_raw(const struct check_item *it, const struct facts *fs,
    char **why)
{
	enum cond_value	v;

	if (it->when != NULL) {
		v = cond_eval(it->when, fs, why);
		if (v == COND_FALSE) {
			xasprintf(why, _("does not apply: %s is false"),
			    it->when_text);
			return CHECK_NA;
		}
		if (v == COND_UNKNOWN)
			return CHECK_UNKNOWN;
	}
	if (it->manual)
		return CHECK_MANUAL;
	v = cond_eval(it->expect, fs, why);
	if (v == COND_TRUE)
		return CHECK_PASS;
	if (v == COND_UNKNOWN)
		return CHECK_UNKNOWN;
	xasprintf(why, _("expected: %s"), it->expect_text);
	return it->advisory ? CHECK_WARN : CHECK_FAIL;
}

static void
check_apply_waiver(struct check_result *r, const struct waivers *w,
    time_t now)
{
	if (w == NULL || (r->waiver = waivers_find(w, r->item->id)) == NULL)
		return;
	if (waiver_expired(r->waiver, now)) {
		r->waiver_expired = 1;
		return;
	}
	switch (r->raw) {
	case CHECK_FAIL:
	case CHECK_WARN:
	case CHECK_UNKNOWN:
	case CHECK_MANUAL:
		r->verdict = CHECK_WAIVED;
		break;
	default:
		break;
	}
}

static void
check_count(struct check_score *sc, const struct check_result *r)
{
	sc->count[r->verdict]++;
	switch (r->verdict) {
	case CHECK_PASS:
		sc->passed++;
		sc->counted++;
		break;
	case CHECK_FAIL:
	case CHECK_WARN:
	case CHECK_UNKNOWN:
		sc->counted++;
		break;
	case CHECK_MANUAL:
		if (r->attest == NULL)
			break;
		sc->counted++;
		if (r->attest->yes)
			sc->passed++;
		break;
	default:
		break;
	}
}

static void
check_one(struct check_run *run, struct check_result *r,
    const struct facts *fs, const struct waivers *w,
    const struct attests *a)
{
	const struct check_item	*it = r->item;

	r->raw = r->verdict = check_item_raw(it, fs, &r->why);
	check_add_names(r, fs, it->when);
	check_add_names(r, fs, it->expect);
	if (it->manual && a != NULL)
		r->attest = attests_find(a, it->id);
	check_apply_waiver(r, w, run->now);
}

static void
check_unused_waivers(struct check_run *run, const struct checklists *cl,
    const struct waivers *w)
{
	size_t	i;

	if (w == NULL)
		return;
	for (i = 0; i < w->n; i++) {
		if (checklists_find(cl, w->v[i].id, NULL) != NULL)
			continue;
		run->unused_waivers = xreallocarray(run->unused_waivers,
		    run->nunused + 1, sizeof *run->unused_waivers);
		run->unused_waivers[run->nunused++] = xstrdup(w->v[i].id);
	}
}

void
check_run(struct check_run *run, const struct checklists *cl,
    const struct facts *fs, const struct waivers *w,
    const struct attests *a, time_t now)
{
	struct check_result	*r;
	size_t			 i, k, n = 0;

	memset(run, 0, sizeof *run);
	run->lists = cl;
	run->now = now;
	for (i = 0; i < cl->n; i++)
		n += cl->v[i].nitems;
	run->results = xcalloc(n > 0 ? n : 1, sizeof *run->results);
	run->per_list = xcalloc(cl->n > 0 ? cl->n : 1,
	    sizeof *run->per_list);
	for (i = 0; i < cl->n; i++) {
		for (k = 0; k < cl->v[i].nitems; k++) {
			r = &run->results[run->nresults++];
			r->item = &cl->v[i].items[k];
			r->list = &cl->v[i];
			check_one(run, r, fs, w, a);
			check_count(&run->per_list[i], r);
			check_count(&run->per_sev[r->item->severity], r);
			check_count(&run->total, r);
		}
	}
	check_unused_waivers(run, cl, w);
}

void
check_run_clear(struct check_run *run)
{
	size_t	i, k;

	for (i = 0; i < run->nresults; i++) {
		free(run->results[i].why);
		for (k = 0; k < run->results[i].nfacts; k++)
			free(run->results[i].facts[k]);
		free(run->results[i].facts);
	}
	free(run->results);
	free(run->per_list);
	mh_strv_free(run->unused_waivers, run->nunused);
	memset(run, 0, sizeof *run);
}

int
check_exit_status(const struct check_run *run)
{
	const struct check_result	*r;
	size_t				 i;

	for (i = 0; i < run->nresults; i++) {
		r = &run->results[i];
		if (r->verdict == CHECK_FAIL)
			return MH_EXIT_FINDINGS;
		if (r->verdict == CHECK_UNKNOWN &&
		    r->item->severity == CHECK_SEV_CRITICAL)
			return MH_EXIT_FINDINGS;
	}
	return MH_EXIT_OK;
}
