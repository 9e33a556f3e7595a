/*
 * undo.c - take back applied steps: one step at a time (the rollback in
 * plan_apply) or whole plans read back from the audit log (mailharden
 * undo, the confirm watcher's rollback), newest first, each audited.
 */
#include "mh.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "exec.h"
#include "json.h"
#include "plan.h"
#include "undo.h"

#define UNDO_DEFAULT_TIMEOUT_MS	30000

/* A forward step as the log tells it. */
struct undo_entry {
	const char		*plan;
	const char		*session;
	int			 index;
	const struct json	*intent;
	const struct json	*result;
	int			 undone;
	size_t			 pos;		/* record of the intent */
};

int
undo_one(struct audit *a, const char *action, const struct undo_item *it,
    const char *reason, char **cause)
{
	struct audit_rec	 r;
	struct exec_result	 res;
	char			*detail = NULL, *err = NULL, *out = NULL;
	int			 ok = 0, timeout;

	timeout = it->timeout_ms > 0 ? it->timeout_ms : UNDO_DEFAULT_TIMEOUT_MS;
	memset(&r, 0, sizeof r);
	r.step = it->step;
	r.action = action;
	r.plan = it->plan;
	r.index = it->index;
	r.status = -1;
	r.inverse = it->argv;
	if (it->path != NULL) {
		r.path = it->path;
		if (it->backup != NULL)
			xasprintf(&detail, "put back %s; %s", it->backup,
			    reason != NULL ? reason : "");
		else
			xasprintf(&detail, "remove the file; %s",
			    reason != NULL ? reason : "");
	} else {
		r.argv = it->inverse;
		detail = xstrdup(reason != NULL ? reason : "");
	}
	r.detail = detail;
	if (audit_append(a, &r, cause) == -1) {
		free(detail);
		return -1;
	}

	exec_result_init(&res);
	if (it->path != NULL) {
		ok = plan_file_restore(it->path, it->backup,
		    it->backup != NULL, it->new_hex, &err) == 0;
	} else if (it->inverse == NULL || it->inverse[0] == NULL)
		xasprintf(&err, _("the step has no inverse command"));
	else if (exec_run(it->inverse, timeout, &res, &err) == 0) {
		ok = res.status == 0;
		if (!ok)
			xasprintf(&err, _("exit status %d"), res.status);
	}
	xasprintf(&out, "%s%s%s", buf_str(&res.out), buf_str(&res.err),
	    err != NULL ? err : "");
	r.status = ok ? 0 : (res.status > 0 ? res.status : 1);
	r.output = out;
	if (audit_append(a, &r, cause) == -1)
		ok = 0;
	else if (!ok)
		*cause = xstrdup(err != NULL ? err : "?");
	exec_result_clear(&res);
	free(err);
	free(out);
	free(detail);
	return ok ? 0 : -1;
}

/* A JSON string array as a NULL-terminated vector (caller frees v). */
static const char **
undo_argv(const struct json *rec, const char *key)
{
	const struct json	*arr, *c;
	const char		**v;
	size_t			  n = 0;

	if ((arr = json_get(rec, key)) == NULL || arr->type != JSON_ARRAY)
		return NULL;
	v = xcalloc(json_count(arr) + 1, sizeof *v);
	for (c = arr->child; c != NULL; c = c->next) {
		if (c->type != JSON_STRING) {
			free(v);
			return NULL;
		}
		v[n++] = c->str;
	}
	if (n == 0) {
		free(v);
		return NULL;
	}
	return v;
}

static int
undo_has_status(const struct json *rec, long long *st)
{
	return json_get_int(rec, "status", st) == 0;
}

static int
undo_streq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* Build the list of forward steps from the records. */
static struct undo_entry *
undo_entries(struct json **recs, size_t n, size_t *nent)
{
	struct undo_entry	*e = NULL, *x;
	const char		*act, *plan;
	long long		 idx, st;
	size_t			 i, k;

	*nent = 0;
	for (i = 0; i < n; i++) {
		act = json_get_str(recs[i], "action");
		plan = json_get_str(recs[i], "plan");
		if (act == NULL || plan == NULL ||
		    json_get_int(recs[i], "index", &idx) == -1)
			continue;
		x = NULL;
		for (k = 0; k < *nent; k++)
			if (e[k].index == idx && strcmp(e[k].plan, plan) == 0)
				x = &e[k];
		if (strcmp(act, "intent") == 0 && x == NULL) {
			e = xreallocarray(e, *nent + 1, sizeof *e);
			x = &e[(*nent)++];
			memset(x, 0, sizeof *x);
			x->plan = plan;
			x->index = (int)idx;
			x->intent = recs[i];
			x->session = json_get_str(recs[i], "session");
			x->pos = i;
		} else if (x == NULL)
			continue;
		else if (strcmp(act, "result") == 0)
			x->result = recs[i];
		else if ((strcmp(act, "undo") == 0 ||
		    strcmp(act, "rollback") == 0) &&
		    undo_has_status(recs[i], &st) && st == 0)
			x->undone = 1;
	}
	return e;
}

static int
undo_in_effect(const struct undo_entry *e)
{
	long long	st;

	if (e->undone)
		return 0;
	if (e->result == NULL)
		return 1;		/* interrupted: maybe */
	return undo_has_status(e->result, &st) && st == 0;
}

/* Plans to undo, newest first (by their newest intent). */
static size_t
undo_select(const struct undo_entry *e, size_t n, const struct undo_sel *sel,
    const char ***plans)
{
	const char	**v = NULL;
	size_t		  np = 0, i, k, j;

	for (i = n; i-- > 0;) {
		if (sel->plan != NULL && strcmp(e[i].plan, sel->plan) != 0)
			continue;
		if (sel->session != NULL &&
		    !undo_streq(e[i].session, sel->session))
			continue;
		if (sel->last && !undo_in_effect(&e[i]))
			continue;
		for (k = 0; k < np; k++)
			if (strcmp(v[k], e[i].plan) == 0)
				break;
		if (k < np)
			continue;
		v = xreallocarray(v, np + 1, sizeof *v);
		v[np++] = e[i].plan;
		if (sel->last)
			break;
	}
	/* Order by the position of each plan's first intent, newest first. */
	for (i = 1; i < np; i++) {
		for (j = i; j > 0; j--) {
			size_t pa = 0, pb = 0;

			for (k = 0; k < n; k++) {
				if (strcmp(e[k].plan, v[j - 1]) == 0 && pa == 0)
					pa = e[k].pos + 1;
				if (strcmp(e[k].plan, v[j]) == 0 && pb == 0)
					pb = e[k].pos + 1;
			}
			if (pb > pa) {
				const char *t = v[j];

				v[j] = v[j - 1];
				v[j - 1] = t;
			}
		}
	}
	*plans = v;
	return np;
}

/*
 * An interrupted step (intent, no result): is its effect there?  1 yes,
 * 0 no, -1 cannot tell (*why).
 */
static int
undo_effect_present(const struct undo_entry *e, const struct undo_sel *sel,
    char **why)
{
	const char		**verify;
	const char		 *path, *detail;
	char			  old[AUDIT_HASH_HEX + 1];
	char			  new[AUDIT_HASH_HEX + 1];
	char			  bak[PATH_MAX], cur[AUDIT_HASH_HEX + 1];
	struct exec_result	  res;
	int			  exists, rc;

	path = json_get_str(e->intent, "path");
	if (path != NULL) {
		detail = json_get_str(e->intent, "detail");
		plan_file_detail(detail, old, new, bak, sizeof bak);
		if (plan_file_hash(path, cur, &exists, why) == -1)
			return -1;
		if (strcmp(cur, old) == 0)
			return 0;
		return 1;
	}
	if ((verify = undo_argv(e->intent, "verify")) == NULL) {
		xasprintf(why, _("it was interrupted and has no check to "
		    "tell whether it took effect"));
		return -1;
	}
	exec_result_init(&res);
	rc = exec_run(verify, sel->timeout_ms > 0 ? sel->timeout_ms :
	    UNDO_DEFAULT_TIMEOUT_MS, &res, why);
	if (rc == 0)
		rc = res.status == 0;
	exec_result_clear(&res);
	free(verify);
	return rc;
}

static void
undo_say_argv(struct buf *out, const char *verb, const char **argv)
{
	char	*t;

	if (argv == NULL)
		return;
	t = exec_argv_text(argv);
	buf_printf(out, "    %s %s\n", verb, t);
	free(t);
}

/* Undo one logged step.  0 done or skipped, -1 failed. */
static int
undo_entry(struct audit *a, const struct undo_entry *e,
    const struct undo_sel *sel, struct buf *out, struct undo_report *rep)
{
	const struct json	*src;
	struct undo_item	 it;
	const char		**argv, **inverse, *action;
	char			 old[AUDIT_HASH_HEX + 1];
	char			 new[AUDIT_HASH_HEX + 1];
	char			 bak[PATH_MAX], *why = NULL, *reason = NULL;
	long long		 st;
	int			 present, rc = 0;

	buf_printf(out, _("plan %s step %d: "), e->plan, e->index + 1);
	if (e->undone) {
		buf_adds(out, _("already undone\n"));
		rep->skipped++;
		return 0;
	}
	if (e->result != NULL && undo_has_status(e->result, &st) && st != 0) {
		buf_printf(out, _("did not complete (status %lld); nothing "
		    "to undo\n"), st);
		rep->skipped++;
		return 0;
	}
	if (e->result == NULL) {
		present = undo_effect_present(e, sel, &why);
		if (present == 0) {
			buf_adds(out, _("interrupted before it took effect; "
			    "nothing to undo\n"));
			rep->skipped++;
			return 0;
		}
		if (present == -1) {
			buf_printf(out, _("NOT UNDONE: %s; check it by hand\n"),
			    why);
			free(why);
			rep->failed++;
			return -1;
		}
	}
	src = e->result != NULL ? e->result : e->intent;
	argv = undo_argv(e->intent, "argv");
	inverse = undo_argv(e->intent, "inverse");
	memset(&it, 0, sizeof it);
	it.step = json_get_str(e->intent, "step");
	it.plan = e->plan;
	it.index = e->index;
	it.argv = argv;
	it.inverse = inverse;
	it.path = json_get_str(e->intent, "path");
	it.timeout_ms = sel->timeout_ms;
	if (it.path != NULL) {
		plan_file_detail(json_get_str(src, "detail"), old, new, bak,
		    sizeof bak);
		it.backup = bak[0] != '\0' && strcmp(bak, "none") != 0 ?
		    bak : NULL;
		it.new_hex = new;
	}
	action = sel->action != NULL ? sel->action : "undo";
	if (sel->dry_run) {
		buf_adds(out, _("would be undone:\n"));
		if (it.path != NULL && it.backup != NULL)
			buf_printf(out, _("    put back %s from %s\n"), it.path,
			    it.backup);
		else if (it.path != NULL)
			buf_printf(out, _("    remove %s\n"), it.path);
		else
			undo_say_argv(out, _("run"), inverse);
		rep->undone++;
		goto out;
	}
	xasprintf(&reason, "%s%s", sel->reason != NULL ? sel->reason :
	    "mailharden undo", e->result == NULL ?
	    " (step was interrupted; its effect was found in place)" : "");
	if (undo_one(a, action, &it, reason, &why) == 0) {
		buf_adds(out, _("undone\n"));
		if (it.path != NULL && it.backup != NULL)
			buf_printf(out, _("    put back %s\n"), it.path);
		else if (it.path != NULL)
			buf_printf(out, _("    removed %s\n"), it.path);
		else
			undo_say_argv(out, _("ran"), inverse);
		rep->undone++;
	} else {
		buf_printf(out, _("FAILED: %s\n"), why);
		free(why);
		rep->failed++;
		rc = -1;
	}
out:
	free(reason);
	free(argv);
	free(inverse);
	return rc;
}

int
undo_run(const char *path, struct audit *a, const struct undo_sel *sel,
    struct buf *out, struct undo_report *rep, char **cause)
{
	struct json		**recs = NULL;
	struct undo_entry	 *e = NULL;
	const char		**plans = NULL;
	struct buf		  pl;
	size_t			  n, ne, np, i, k;
	int			  rc = -1;

	memset(rep, 0, sizeof *rep);
	if (audit_read(path, &recs, &n, cause) == -1)
		return -1;
	e = undo_entries(recs, n, &ne);
	np = undo_select(e, ne, sel, &plans);
	if (np == 0) {
		if (sel->plan != NULL)
			xasprintf(cause, _("no applied plan %s in %s"),
			    sel->plan, path);
		else if (sel->session != NULL)
			xasprintf(cause, _("no applied plan of session %s in "
			    "%s"), sel->session, path);
		else
			xasprintf(cause, _("nothing to undo in %s"), path);
		rc = 1;
		goto out;
	}
	buf_init(&pl, 0);
	for (i = 0; i < np; i++) {
		buf_printf(&pl, "%s%s", i ? "," : "", plans[i]);
		for (k = ne; k-- > 0;) {
			if (strcmp(e[k].plan, plans[i]) != 0)
				continue;
			undo_entry(a, &e[k], sel, out, rep);
		}
	}
	rep->plans = buf_steal(&pl);
	if (rep->failed > 0) {
		xasprintf(cause, P_("%zu step could not be undone",
		    "%zu steps could not be undone", rep->failed),
		    rep->failed);
		goto out;
	}
	rc = 0;
out:
	free(plans);
	free(e);
	audit_records_free(recs, n);
	return rc;
}

void
undo_report_clear(struct undo_report *rep)
{
	free(rep->plans);
	rep->plans = NULL;
}
