/*
 * check_plan.c - the plan engine with real commands and files in a
 * temporary directory: write-ahead records, rollback, refusal when the
 * log cannot be written, safe file writes with backups, dry runs, and
 * undo from the log (including an interrupted step).
 */
#include "mh.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "buf.h"
#include "json.h"
#include "plan.h"
#include "rootfs.h"
#include "undo.h"
#include "unit.h"

static const char *touch_bin = "/usr/bin/touch";
static const char *rm_bin = "/bin/rm";
static const char *test_bin = "/usr/bin/test";

struct fx {
	char		*dir;
	char		*log;
	struct audit	*a;
};

static void
fx_init(struct fx *fx)
{
	char	tmpl[] = "/tmp/mhplan.XXXXXX", *cause = NULL;

	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	fx->dir = xstrdup(tmpl);
	xasprintf(&fx->log, "%s/log/audit.log", fx->dir);
	ck_assert_int_eq(audit_open(fx->log, &fx->a, &cause), 0);
	if (access(test_bin, X_OK) != 0)
		test_bin = "/bin/test";
	if (access(rm_bin, X_OK) != 0)
		rm_bin = "/usr/bin/rm";
}

static void
fx_free(struct fx *fx)
{
	audit_close(fx->a);
	free(fx->log);
	free(fx->dir);
}

static char *
fx_path(struct fx *fx, const char *name)
{
	char	*p;

	xasprintf(&p, "%s/%s", fx->dir, name);
	return p;
}

static int
exists(const char *p)
{
	struct stat	st;

	return lstat(p, &st) == 0;
}

static char *
slurp(const char *p)
{
	char	*t = NULL, *cause = NULL;
	size_t	 len;

	if (rootfs_read(NULL, p, 1 << 20, &t, &len, &cause) == -1) {
		free(cause);
		return NULL;
	}
	return t;
}

static void
put(const char *p, const char *text)
{
	FILE	*f = fopen(p, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* touch path, undo rm -f path, verify test -e path. */
static void
add_touch(struct plan *pl, const char *path)
{
	const char	*argv[] = { touch_bin, path, NULL };
	const char	*inv[] = { rm_bin, "-f", path, NULL };
	const char	*ver[] = { test_bin, "-e", path, NULL };

	plan_add_cmd(pl, "touch", argv, inv, ver);
}

static struct json **
records(struct fx *fx, size_t *n)
{
	struct json	**recs;
	char		 *cause = NULL;

	ck_assert_int_eq(audit_read(fx->log, &recs, n, &cause), 0);
	return recs;
}

static const char *
act(struct json **r, size_t i)
{
	return json_get_str(r[i], "action");
}

START_TEST(test_intent_before_result)
{
	struct fx	 fx;
	struct plan	*pl;
	struct json	**r;
	char		*a, *cause = NULL;
	long long	 idx, st;
	size_t		 n;

	fx_init(&fx);
	a = fx_path(&fx, "a");
	pl = plan_create("test", "null");
	add_touch(pl, a);
	ck_assert_int_eq(plan_apply(pl, fx.a, 0, NULL, NULL, &cause), 0);
	ck_assert(exists(a));
	r = records(&fx, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(act(r, 0), "intent");
	ck_assert_str_eq(act(r, 1), "result");
	ck_assert_str_eq(json_get_str(r[0], "plan"), pl->id);
	ck_assert_int_eq(json_get_int(r[0], "index", &idx), 0);
	ck_assert_int_eq(idx, 0);
	ck_assert_ptr_nonnull(json_get(r[0], "inverse"));
	ck_assert_ptr_nonnull(json_get(r[0], "verify"));
	ck_assert_int_eq(json_get_int(r[0], "status", &st), -1);
	ck_assert_int_eq(json_get_int(r[1], "status", &st), 0);
	ck_assert_int_eq(st, 0);
	ck_assert_str_eq(json_get_str(r[1], "detail"), "verify=ok");
	audit_records_free(r, n);
	plan_free(pl);
	free(a);
	fx_free(&fx);
}
END_TEST

START_TEST(test_failure_rolls_back)
{
	struct fx	 fx;
	struct plan	*pl;
	struct json	**r;
	const char	*fail[] = { "/bin/false", NULL };
	char		*a, *b, *cause = NULL;
	long long	 st, idx;
	size_t		 n, i, rollbacks = 0;

	fx_init(&fx);
	a = fx_path(&fx, "a");
	b = fx_path(&fx, "b");
	pl = plan_create("test", NULL);
	add_touch(pl, a);
	add_touch(pl, b);
	plan_add_cmd(pl, "fails", fail, fail, NULL);
	ck_assert_int_eq(plan_apply(pl, fx.a, 0, NULL, NULL, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "step 3"));
	ck_assert_ptr_nonnull(strstr(cause, "rolled back"));
	free(cause);
	ck_assert(!exists(a));
	ck_assert(!exists(b));
	r = records(&fx, &n);
	/* 3 intents, 3 results, 2 x (rollback intent + result). */
	ck_assert_uint_eq(n, 10);
	for (i = 6; i < n; i++) {
		ck_assert_str_eq(act(r, i), "rollback");
		if (json_get_int(r[i], "status", &st) == 0) {
			ck_assert_int_eq(st, 0);
			rollbacks++;
		}
	}
	ck_assert_uint_eq(rollbacks, 2);
	/* Newest first: step index 1 is undone before index 0. */
	ck_assert_int_eq(json_get_int(r[6], "index", &idx), 0);
	ck_assert_int_eq(idx, 1);
	ck_assert_int_eq(json_get_int(r[8], "index", &idx), 0);
	ck_assert_int_eq(idx, 0);
	audit_records_free(r, n);
	plan_free(pl);
	free(a);
	free(b);
	fx_free(&fx);
}
END_TEST

START_TEST(test_verify_failure_rolls_back_the_step)
{
	struct fx	 fx;
	struct plan	*pl;
	const char	*argv[3] = { touch_bin, NULL, NULL };
	const char	*inv[4] = { rm_bin, "-f", NULL, NULL };
	const char	*ver[] = { "/bin/false", NULL };
	char		*a, *cause = NULL;

	fx_init(&fx);
	a = fx_path(&fx, "a");
	argv[1] = inv[2] = a;
	pl = plan_create("test", NULL);
	plan_add_cmd(pl, "touch, check fails", argv, inv, ver);
	ck_assert_int_eq(plan_apply(pl, fx.a, 0, NULL, NULL, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "check"));
	free(cause);
	ck_assert(!exists(a));
	plan_free(pl);
	free(a);
	fx_free(&fx);
}
END_TEST

START_TEST(test_unwritable_log_runs_nothing)
{
	struct fx	 fx;
	struct plan	*pl;
	char		*a, *cause = NULL;
	int		 fd;

	fx_init(&fx);
	a = fx_path(&fx, "a");
	/* A damaged last record: audit_append refuses to chain onto it. */
	fd = open(fx.log, O_WRONLY | O_APPEND);
	ck_assert_int_eq(write(fd, "{\"seq\":1,\"tor", 13), 13);
	close(fd);
	pl = plan_create("test", NULL);
	add_touch(pl, a);
	ck_assert_int_eq(plan_apply(pl, fx.a, 0, NULL, NULL, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "nothing was changed"));
	free(cause);
	ck_assert(!exists(a));
	plan_free(pl);
	free(a);
	fx_free(&fx);
}
END_TEST

START_TEST(test_dry_run_runs_nothing)
{
	struct fx	 fx;
	struct plan	*pl;
	struct json	**r;
	char		*a, *w, *cause = NULL;
	size_t		 n;

	fx_init(&fx);
	a = fx_path(&fx, "a");
	w = fx_path(&fx, "w.conf");
	pl = plan_create("test", NULL);
	add_touch(pl, a);
	plan_add_write(pl, "write", w, "x\n", 0600, 0);
	ck_assert_int_eq(plan_apply(pl, fx.a, 1, NULL, NULL, &cause), 0);
	ck_assert(!exists(a));
	ck_assert(!exists(w));
	r = records(&fx, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(act(r, 0), "dry-run");
	ck_assert_str_eq(act(r, 1), "dry-run");
	audit_records_free(r, n);
	plan_free(pl);
	free(a);
	free(w);
	fx_free(&fx);
}
END_TEST

START_TEST(test_write_refuses_symlinks)
{
	struct fx	 fx;
	struct plan	*pl;
	char		*target, *link, *sub, *via, *cause = NULL, *t;

	fx_init(&fx);
	target = fx_path(&fx, "target");
	link = fx_path(&fx, "link");
	sub = fx_path(&fx, "subdir-link");
	put(target, "precious\n");
	ck_assert_int_eq(symlink(target, link), 0);
	ck_assert_int_eq(symlink(fx.dir, sub), 0);
	xasprintf(&via, "%s/new.conf", sub);

	pl = plan_create("test", NULL);
	plan_add_write(pl, "through a link", link, "evil\n", 0644, 0);
	ck_assert_int_eq(plan_apply(pl, fx.a, 0, NULL, NULL, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "symbolic link"));
	free(cause);
	cause = NULL;
	plan_free(pl);
	t = slurp(target);
	ck_assert_str_eq(t, "precious\n");
	free(t);

	pl = plan_create("test", NULL);
	plan_add_write(pl, "parent is a link", via, "evil\n", 0644, 0);
	ck_assert_int_eq(plan_apply(pl, fx.a, 0, NULL, NULL, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "symbolic link"));
	free(cause);
	plan_free(pl);
	t = fx_path(&fx, "new.conf");
	ck_assert(!exists(t));
	free(t);
	free(target);
	free(link);
	free(sub);
	free(via);
	fx_free(&fx);
}
END_TEST

START_TEST(test_write_backup_and_undo)
{
	struct fx		 fx;
	struct plan		*pl;
	struct undo_sel		 sel;
	struct undo_report	 rep;
	struct json		**r;
	struct buf		 out;
	struct stat		 st;
	char			*old, *fresh, *bak, *t, *cause = NULL;
	char			 h[AUDIT_HASH_HEX + 1];
	size_t			 n;

	fx_init(&fx);
	old = fx_path(&fx, "main.cf");
	fresh = fx_path(&fx, "new.cf");
	put(old, "old content\n");
	audit_sha256_hex("old content\n", 12, h);
	pl = plan_create("test", NULL);
	plan_add_write(pl, "replace", old, "new content\n", 0640, 0);
	plan_add_write(pl, "create", fresh, "fresh\n", 0600, 1);
	ck_assert_int_eq(plan_apply(pl, fx.a, 0, NULL, NULL, &cause), 0);
	t = slurp(old);
	ck_assert_str_eq(t, "new content\n");
	free(t);
	ck_assert_int_eq(stat(old, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0640);
	ck_assert_int_eq(stat(fresh, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	xasprintf(&bak, "%s.mailharden-%s.bak", old, pl->id);
	t = slurp(bak);
	ck_assert_str_eq(t, "old content\n");
	free(t);
	r = records(&fx, &n);
	ck_assert_uint_eq(n, 4);
	ck_assert_ptr_nonnull(strstr(json_get_str(r[1], "detail"), h));
	ck_assert_ptr_nonnull(strstr(json_get_str(r[1], "detail"), bak));
	ck_assert_ptr_nonnull(strstr(json_get_str(r[3], "detail"),
	    "old=none"));
	audit_records_free(r, n);

	/* Exclusive create refuses an existing file. */
	plan_free(pl);
	pl = plan_create("test", NULL);
	plan_add_write(pl, "create again", fresh, "x\n", 0600, 1);
	ck_assert_int_eq(plan_apply(pl, fx.a, 0, NULL, NULL, &cause), -1);
	free(cause);
	cause = NULL;
	plan_free(pl);

	memset(&sel, 0, sizeof sel);
	sel.last = 1;
	buf_init(&out, 0);
	ck_assert_int_eq(undo_run(fx.log, fx.a, &sel, &out, &rep, &cause), 0);
	ck_assert_uint_eq(rep.undone, 2);
	t = slurp(old);
	ck_assert_str_eq(t, "old content\n");
	free(t);
	ck_assert(!exists(fresh));
	ck_assert(!exists(bak));
	undo_report_clear(&rep);
	/* Nothing left: a second undo --last finds nothing. */
	ck_assert_int_eq(undo_run(fx.log, fx.a, &sel, &out, &rep, &cause), 1);
	free(cause);
	undo_report_clear(&rep);
	buf_clear(&out);
	free(bak);
	free(old);
	free(fresh);
	fx_free(&fx);
}
END_TEST

START_TEST(test_save_step)
{
	struct fx	 fx;
	struct plan	*pl;
	const char	*argv[] = { "/bin/echo", "saved rules", NULL };
	char		*p, *t, *cause = NULL;

	fx_init(&fx);
	p = fx_path(&fx, "rules.v4");
	pl = plan_create("test", NULL);
	plan_add_save(pl, "save", argv, p, 0600);
	ck_assert_int_eq(plan_apply(pl, fx.a, 0, NULL, NULL, &cause), 0);
	t = slurp(p);
	ck_assert_str_eq(t, "saved rules\n");
	free(t);
	plan_free(pl);
	free(p);
	fx_free(&fx);
}
END_TEST

/* An intent record with no result, as if the process was killed. */
static void
fake_interrupted(struct fx *fx, const char *plan, const char *path)
{
	const char		*argv[] = { touch_bin, path, NULL };
	const char		*inv[] = { rm_bin, "-f", path, NULL };
	const char		*ver[] = { test_bin, "-e", path, NULL };
	struct audit_rec	 r = { "test", "intent", plan, 0, argv, inv,
		ver, NULL, -1, NULL, NULL };
	char			*cause = NULL;

	ck_assert_int_eq(audit_append(fx->a, &r, &cause), 0);
}

START_TEST(test_undo_interrupted_uses_verify)
{
	struct fx		 fx;
	struct undo_sel		 sel;
	struct undo_report	 rep;
	struct buf		 out;
	char			*a, *b, *cause = NULL;

	fx_init(&fx);
	a = fx_path(&fx, "a");
	b = fx_path(&fx, "b");
	/* Killed after the command ran: the effect is there. */
	fake_interrupted(&fx, "aaaa0001", a);
	put(a, "");
	/* Killed before it ran: nothing to undo. */
	fake_interrupted(&fx, "aaaa0002", b);
	memset(&sel, 0, sizeof sel);
	buf_init(&out, 0);
	sel.plan = "aaaa0002";
	ck_assert_int_eq(undo_run(fx.log, fx.a, &sel, &out, &rep, &cause), 0);
	ck_assert_uint_eq(rep.undone, 0);
	ck_assert_uint_eq(rep.skipped, 1);
	undo_report_clear(&rep);
	sel.plan = "aaaa0001";
	ck_assert_int_eq(undo_run(fx.log, fx.a, &sel, &out, &rep, &cause), 0);
	ck_assert_uint_eq(rep.undone, 1);
	ck_assert(!exists(a));
	undo_report_clear(&rep);
	/* Already undone: skipped, nothing run again. */
	put(a, "");
	ck_assert_int_eq(undo_run(fx.log, fx.a, &sel, &out, &rep, &cause), 0);
	ck_assert_uint_eq(rep.undone, 0);
	ck_assert_uint_eq(rep.skipped, 1);
	ck_assert(exists(a));
	undo_report_clear(&rep);
	/* Unknown plan. */
	sel.plan = "ffff";
	ck_assert_int_eq(undo_run(fx.log, fx.a, &sel, &out, &rep, &cause), 1);
	free(cause);
	buf_clear(&out);
	free(a);
	free(b);
	fx_free(&fx);
}
END_TEST

START_TEST(test_preview_shows_commands)
{
	struct plan	*pl;
	struct buf	 b;

	pl = plan_create("firewall", "null");
	add_touch(pl, "/tmp/x y");
	plan_add_write(pl, "conf", "/etc/x.conf", "a\n", 0644, 0);
	plan_note(pl, "a note %d", 7);
	buf_init(&b, 0);
	plan_preview(pl, &b);
	ck_assert_ptr_nonnull(strstr(buf_str(&b), " 1. touch"));
	ck_assert_ptr_nonnull(strstr(buf_str(&b), "undo:"));
	ck_assert_ptr_nonnull(strstr(buf_str(&b), "/etc/x.conf"));
	ck_assert_ptr_nonnull(strstr(buf_str(&b), "a note 7"));
	buf_reset(&b);
	plan_json(pl, &b);
	ck_assert_ptr_nonnull(strstr(buf_str(&b), "\"kind\":\"write\""));
	buf_clear(&b);
	plan_free(pl);
}
END_TEST

START_TEST(test_step_that_cannot_start_rolls_back)
{
	struct fx	 fx;
	struct plan	*pl;
	char		*a, *target, *link, *cause = NULL;

	fx_init(&fx);
	a = fx_path(&fx, "a");
	target = fx_path(&fx, "target");
	link = fx_path(&fx, "link");
	put(target, "x\n");
	ck_assert_int_eq(symlink(target, link), 0);
	pl = plan_create("test", NULL);
	add_touch(pl, a);
	plan_add_write(pl, "through a link", link, "evil\n", 0644, 0);
	ck_assert_int_eq(plan_apply(pl, fx.a, 0, NULL, NULL, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "rolled back"));
	free(cause);
	ck_assert(!exists(a));
	plan_free(pl);
	free(a);
	free(target);
	free(link);
	fx_free(&fx);
}
END_TEST

static Suite *
plan_suite(void)
{
	Suite	*s = suite_create("plan");
	TCase	*tc = tcase_create("plan");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_intent_before_result);
	tcase_add_test(tc, test_failure_rolls_back);
	tcase_add_test(tc, test_verify_failure_rolls_back_the_step);
	tcase_add_test(tc, test_unwritable_log_runs_nothing);
	tcase_add_test(tc, test_dry_run_runs_nothing);
	tcase_add_test(tc, test_write_refuses_symlinks);
	tcase_add_test(tc, test_step_that_cannot_start_rolls_back);
	tcase_add_test(tc, test_write_backup_and_undo);
	tcase_add_test(tc, test_save_step);
	tcase_add_test(tc, test_undo_interrupted_uses_verify);
	tcase_add_test(tc, test_preview_shows_commands);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(plan_suite)
