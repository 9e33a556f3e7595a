/*
 * check_audit.c - the JSON reader and the hash-chained audit log.
 */
#include "mh.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "json.h"
#include "rootfs.h"
#include "unit.h"

static char *
tmpdir(void)
{
	char	tmpl[] = "/tmp/mhaudit.XXXXXX";

	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	return xstrdup(tmpl);
}

START_TEST(test_json_values)
{
	const char	*t = "{\"a\":1,\"b\":[true,false,null],\"c\":"
	    "\"x\\u00e9\\ud83d\\ude00\\n\",\"d\":-2.5e1}";
	struct json	*j;
	char		*cause = NULL;
	long long	 v;

	j = json_parse(t, strlen(t), &cause);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(json_get_int(j, "a", &v), 0);
	ck_assert_int_eq(v, 1);
	ck_assert_uint_eq(json_count(json_get(j, "b")), 3);
	ck_assert_str_eq(json_get_str(j, "c"), "x\xc3\xa9\xf0\x9f\x98\x80\n");
	ck_assert(json_get(j, "d")->num == -25.0);
	ck_assert_int_eq(json_get_int(j, "d", &v), -1);
	json_free(j);
}
END_TEST

START_TEST(test_json_rejects)
{
	static const char	*bad[] = {
		"", "{", "{\"a\"}", "[1,]", "{\"a\":1,}", "\"\\u0000\"",
		"\"\\ud800\"", "\"\xff\"", "01x", "[1] 2", "nul", "\"a\tb\"",
		"{\"a\":1e999}", "-", "[\"\\x\"]"
	};
	struct json		*j;
	char			*cause;
	size_t			 i;

	for (i = 0; i < nitems(bad); i++) {
		cause = NULL;
		j = json_parse(bad[i], strlen(bad[i]), &cause);
		ck_assert_msg(j == NULL, "accepted: %s", bad[i]);
		ck_assert_ptr_nonnull(cause);
		free(cause);
	}
}
END_TEST

START_TEST(test_json_depth_cap)
{
	char	 deep[JSON_MAX_DEPTH * 2 + 8], *cause = NULL;
	size_t	 i;

	for (i = 0; i < JSON_MAX_DEPTH + 2; i++)
		deep[i] = '[';
	deep[i] = '\0';
	ck_assert_ptr_null(json_parse(deep, strlen(deep), &cause));
	ck_assert_ptr_nonnull(strstr(cause, "deep"));
	free(cause);
}
END_TEST

static void
append3(const char *path)
{
	static const char	*argv[] = { "/usr/sbin/ufw", "allow", "25/tcp",
		NULL };
	static const char	*inv[] = { "/usr/sbin/ufw", "delete", "allow",
		"25/tcp", NULL };
	struct audit_rec	 r = { "firewall", "intent", "p1", 0, argv, inv,
		NULL, NULL, -1, NULL, NULL };
	struct audit		*a;
	char			*cause = NULL;

	ck_assert_int_eq(audit_open(path, &a, &cause), 0);
	ck_assert_int_eq(audit_append(a, &r, &cause), 0);
	r.action = "result";
	r.status = 0;
	r.output = "Rule added\n\x01";
	ck_assert_int_eq(audit_append(a, &r, &cause), 0);
	r.action = "note";
	r.status = -1;
	r.detail = "done";
	ck_assert_int_eq(audit_append(a, &r, &cause), 0);
	audit_close(a);
}

START_TEST(test_audit_chain_ok)
{
	char			*dir = tmpdir(), *path, *cause = NULL;
	struct audit_verify	 v;
	struct stat		 st;
	struct json		**recs;
	size_t			 n;

	xasprintf(&path, "%s/sub/audit.log", dir);
	append3(path);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(audit_verify(path, &v, &cause), 0);
	ck_assert_uint_eq(v.records, 3);
	ck_assert_uint_eq(strlen(v.head), AUDIT_HASH_HEX);
	audit_verify_clear(&v);
	ck_assert_int_eq(audit_read(path, &recs, &n, &cause), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(json_get_str(recs[1], "action"), "result");
	ck_assert_str_eq(json_get_str(recs[1], "output"), "Rule added??");
	ck_assert_str_eq(json_get_str(recs[0], "prev"),
	    "0000000000000000000000000000000000000000000000000000000000000000");
	ck_assert_str_eq(json_get_str(recs[1], "prev"),
	    json_get_str(recs[0], "hash"));
	audit_records_free(recs, n);
	free(path);
	free(dir);
}
END_TEST

/* Rewrite the log through an edit function, then verify. */
static int
tamper(const char *path, void (*edit)(char **, size_t *), size_t *bad_line)
{
	char			*text, *lines[16], *p, *cause = NULL;
	size_t			 n = 0, len, i;
	struct audit_verify	 v;
	FILE			*f;
	int			 rc;

	ck_assert_int_eq(rootfs_read(NULL, path, 1 << 20, &text, &len,
	    &cause), 0);
	p = text;
	while (n < 16 && (lines[n] = mh_next_line(&p)) != NULL)
		n++;
	edit(lines, &n);
	f = fopen(path, "w");
	for (i = 0; i < n; i++)
		fprintf(f, "%s\n", lines[i]);
	fclose(f);
	free(text);
	rc = audit_verify(path, &v, &cause);
	*bad_line = v.bad_line;
	audit_verify_clear(&v);
	return rc;
}

static void
edit_change(char **l, size_t *n)
{
	(void)n;
	memcpy(strstr(l[1], "\"allow\""), "\"deny!\"", 7);
}

static void
edit_delete(char **l, size_t *n)
{
	l[1] = l[2];
	*n = 2;
}

static void
edit_swap(char **l, size_t *n)
{
	char	*t = l[1];

	(void)n;
	l[1] = l[2];
	l[2] = t;
}

static void
edit_truncate_last(char **l, size_t *n)
{
	(void)n;
	l[2][strlen(l[2]) / 2] = '\0';
}

START_TEST(test_audit_tamper)
{
	static void	(*edits[])(char **, size_t *) = {
		edit_change, edit_delete, edit_swap, edit_truncate_last
	};
	static const size_t want[] = { 2, 2, 2, 3 };
	char		*dir = tmpdir(), *path;
	size_t		 bad;

	xasprintf(&path, "%s/audit.log", dir);
	append3(path);
	ck_assert_int_eq(tamper(path, edit_change, &bad), 1);
	ck_assert_uint_eq(bad, want[0]);
	for (size_t i = 1; i < nitems(edits); i++) {
		unlink(path);
		append3(path);
		ck_assert_int_eq(tamper(path, edits[i], &bad), 1);
		ck_assert_uint_eq(bad, want[i]);
	}
	free(path);
	free(dir);
}
END_TEST

START_TEST(test_audit_refuses_damaged_tail)
{
	char			*dir = tmpdir(), *path, *cause = NULL;
	struct audit		*a;
	struct audit_rec	 r = { "x", "note", NULL, -1, NULL, NULL, NULL,
		NULL, -1, NULL, NULL };
	int			 fd;

	xasprintf(&path, "%s/audit.log", dir);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	ck_assert_int_eq(write(fd, "{\"seq\":1,\"tor", 13), 13);
	close(fd);
	ck_assert_int_eq(audit_open(path, &a, &cause), 0);
	ck_assert_int_eq(audit_append(a, &r, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	free(cause);
	audit_close(a);
	free(path);
	free(dir);
}
END_TEST

START_TEST(test_audit_refuses_symlink)
{
	char		*dir = tmpdir(), *path, *cause = NULL;
	struct audit	*a;

	xasprintf(&path, "%s/audit.log", dir);
	ck_assert_int_eq(symlink("/etc/passwd", path), 0);
	ck_assert_int_eq(audit_open(path, &a, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	free(cause);
	free(path);
	free(dir);
}
END_TEST

static Suite *
audit_suite(void)
{
	Suite	*s = suite_create("audit");
	TCase	*tc = tcase_create("audit");

	tcase_add_test(tc, test_json_values);
	tcase_add_test(tc, test_json_rejects);
	tcase_add_test(tc, test_json_depth_cap);
	tcase_add_test(tc, test_audit_chain_ok);
	tcase_add_test(tc, test_audit_tamper);
	tcase_add_test(tc, test_audit_refuses_damaged_tail);
	tcase_add_test(tc, test_audit_refuses_symlink);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(audit_suite)
