/*
 * check_checklist.c - the checklist loader and linter over the fixture
 * files in tests/data/checklists: every field of a good file, each bad
 * file failing with its exact "FILE:LINE: reason", ids clashing across
 * files naming both places, names against paths, the bundled lists, and
 * lint messages for unknown facts and patterns.
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklist.h"
#include "unit.h"

static char *
fixture(const char *name)
{
	char	*rel, *p;

	xasprintf(&rel, "checklists/%s", name);
	p = unit_data(rel);
	free(rel);
	return p;
}

START_TEST(test_good)
{
	struct checklist	 cl;
	const struct check_item	*it;
	char			*path, *cause = NULL, **msgs = NULL;
	size_t			 n = 0;

	path = fixture("good.conf");
	ck_assert_msg(checklist_load(path, &cl, &cause) == 0, "%s", cause);
	ck_assert_str_eq(cl.name, "good");
	ck_assert_str_eq(cl.title, "Good list");
	ck_assert_str_eq(cl.version, "1.2");
	ck_assert_str_eq(cl.description, "Fixture for the loader tests.");
	ck_assert_str_eq(cl.path, path);
	ck_assert_uint_eq(cl.nitems, 3);

	it = &cl.items[0];
	ck_assert_str_eq(it->id, "GD-01");
	ck_assert_int_eq(it->line, 8);
	ck_assert_int_eq(it->severity, CHECK_SEV_HIGH);
	ck_assert_uint_eq(it->nrefs, 2);
	ck_assert_str_eq(it->refs[1], "NIST SP 800-177r1 4.1");
	ck_assert_str_eq(it->when_text, "port.25.listening");
	ck_assert_ptr_nonnull(it->when);
	ck_assert_str_eq(it->expect_text, "smtp.25.starttls");
	ck_assert_int_eq(it->advisory, 0);
	ck_assert_int_eq(it->manual, 0);
	ck_assert_str_eq(it->fix_text, "Enable STARTTLS.");
	ck_assert_str_eq(it->fix_cmd[CHECK_FIX_POSTFIX],
	    "postconf -e 'smtpd_tls_security_level = may'");
	ck_assert_ptr_null(it->fix_cmd[CHECK_FIX_UFW]);

	it = &cl.items[1];
	ck_assert_int_eq(it->severity, CHECK_SEV_MEDIUM);
	ck_assert_int_eq(it->advisory, 1);
	ck_assert_ptr_null(it->when_text);
	ck_assert_uint_eq(it->nrefs, 0);
	ck_assert_str_eq(it->fix_cmd[CHECK_FIX_FIREWALLD],
	    "firewall-cmd --list-all");
	ck_assert_str_eq(it->fix_cmd[CHECK_FIX_UFW], "ufw status");
	ck_assert_str_eq(it->fix_cmd[CHECK_FIX_NFT], "nft list ruleset");
	ck_assert_str_eq(it->fix_cmd[CHECK_FIX_IPTABLES], "iptables -S");

	it = &cl.items[2];
	ck_assert_int_eq(it->manual, 1);
	ck_assert_int_eq(it->severity, CHECK_SEV_INFO);
	ck_assert_ptr_null(it->expect_text);
	ck_assert_ptr_null(it->expect);

	ck_assert_uint_eq(checklist_lint(&cl, &msgs, &n), 0);
	ck_assert_uint_eq(n, 0);
	checklist_clear(&cl);
	ck_assert_ptr_null(cl.items);
	free(path);
}
END_TEST

static const struct {
	const char	*file;
	int		 line;
	const char	*want;
} bad[] = {
	{ "syntax.conf",	5,	"syntax error" },
	{ "dup-id.conf",	9,	"DU-01 is used twice (first at line "
				"7)" },
	{ "bad-severity.conf",	10,	"severity 'severe' is not one of" },
	{ "manual-expect.conf",	7,	"ME-01: a manual item has no" },
	{ "unknown-key.conf",	12,	"unknown key 'colour'" },
	{ "unknown-fix.conf",	14,	"unknown key 'exim'" },
	{ "bad-cond.conf",	11,	"'expect': column" },
	{ "wildcard.conf",	11,	"'when': " },
	{ "bad-id.conf",	7,	"id 'bd-1' must look like BL-01" },
	{ "no-fix.conf",	7,	"missing 'remediation'" },
};

START_TEST(test_bad)
{
	struct checklist	 cl;
	char			*path, *cause = NULL, *prefix;

	path = fixture(bad[_i].file);
	ck_assert_int_eq(checklist_load(path, &cl, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	xasprintf(&prefix, "%s:%d: ", path, bad[_i].line);
	ck_assert_msg(strncmp(cause, prefix, strlen(prefix)) == 0 &&
	    strstr(cause, bad[_i].want) != NULL, "%s: got \"%s\"",
	    bad[_i].file, cause);
	ck_assert_ptr_null(strchr(cause, '\n'));
	ck_assert_ptr_null(cl.items);
	free(prefix);
	free(cause);
	free(path);
}
END_TEST

START_TEST(test_missing_file)
{
	struct checklist	 cl;
	char			*cause = NULL;

	ck_assert_int_eq(checklist_load("/nonexistent.mh/x.conf", &cl,
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "/nonexistent.mh/x.conf"));
	free(cause);
}
END_TEST

START_TEST(test_dup_across)
{
	struct checklists	 cls;
	char			*p[3], *cause = NULL, *want;
	const char		*names[3];
	size_t			 i;

	p[0] = fixture("good.conf");
	p[1] = fixture("other.conf");
	p[2] = fixture("clash-with-good.conf");
	for (i = 0; i < 3; i++)
		names[i] = p[i];
	ck_assert_int_eq(checklists_load(names, 2, &cls, &cause), 0);
	ck_assert_uint_eq(cls.n, 2);
	checklists_free(&cls);
	ck_assert_int_eq(checklists_load(names, 3, &cls, &cause), -1);
	xasprintf(&want, "%s:9: id GD-02 is also used at %s:21", p[2], p[0]);
	ck_assert_str_eq(cause, want);
	ck_assert_uint_eq(cls.n, 0);
	free(want);
	free(cause);
	for (i = 0; i < 3; i++)
		free(p[i]);
}
END_TEST

START_TEST(test_find)
{
	struct checklists	 cls;
	const struct checklist	*in = NULL;
	const struct check_item	*it;
	char			*p[2], *cause = NULL;
	const char		*names[2];

	p[0] = fixture("good.conf");
	p[1] = fixture("other.conf");
	names[0] = p[0];
	names[1] = p[1];
	ck_assert_int_eq(checklists_load(names, 2, &cls, &cause), 0);
	it = checklists_find(&cls, "OT-01", &in);
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(in->name, "other");
	ck_assert_int_eq(it->severity, CHECK_SEV_CRITICAL);
	ck_assert_ptr_nonnull(checklists_find(&cls, "GD-03", NULL));
	ck_assert_ptr_null(checklists_find(&cls, "GD-04", &in));
	checklists_free(&cls);
	free(p[0]);
	free(p[1]);
}
END_TEST

START_TEST(test_names_and_bundled)
{
	struct checklists	 cls;
	char			**b, *cause = NULL;
	const char		*names[1];
	size_t			 n, i;

	b = checklists_bundled(&n, &cause);
	ck_assert_msg(b != NULL, "%s", cause);
	ck_assert_uint_ge(n, 5);
	for (i = 0; i + 1 < n; i++)
		ck_assert_int_lt(strcmp(b[i], b[i + 1]), 0);
	for (i = 0; i < n; i++)
		if (strcmp(b[i], "baseline") == 0)
			break;
	ck_assert_uint_lt(i, n);

	names[0] = "baseline";
	ck_assert_msg(checklists_load(names, 1, &cls, &cause) == 0, "%s",
	    cause);
	ck_assert_str_eq(cls.v[0].name, "baseline");
	ck_assert_ptr_nonnull(strstr(cls.v[0].path,
	    "checklists/baseline.conf"));
	checklists_free(&cls);

	ck_assert_int_eq(checklists_load(NULL, 0, &cls, &cause), 0);
	ck_assert_uint_eq(cls.n, n);
	for (i = 0; i < n; i++)
		ck_assert_str_eq(cls.v[i].name, b[i]);
	checklists_free(&cls);
	mh_strv_free(b, n);

	names[0] = "no-such-list";
	ck_assert_int_eq(checklists_load(names, 1, &cls, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "checklists/no-such-list.conf"));
	free(cause);
}
END_TEST

START_TEST(test_lint)
{
	struct checklist	 cl;
	char			*path, *cause = NULL, **msgs = NULL, *want;
	size_t			 n = 0;

	path = fixture("unknown-fact.conf");
	ck_assert_msg(checklist_load(path, &cl, &cause) == 0, "%s", cause);
	ck_assert_uint_eq(checklist_lint(&cl, &msgs, &n), 2);
	ck_assert_uint_eq(n, 2);
	xasprintf(&want, "%s:8: UN-01: 'expect' reads the unknown fact "
	    "smtp.25.colour", path);
	ck_assert_str_eq(msgs[0], want);
	free(want);
	xasprintf(&want, "%s:11: UN-02: 'expect' reads the unknown fact "
	    "smtpx.*.starttls", path);
	ck_assert_str_eq(msgs[1], want);
	free(want);
	/* Appends to what is there and counts only its own. */
	ck_assert_uint_eq(checklist_lint(&cl, &msgs, &n), 2);
	ck_assert_uint_eq(n, 4);
	mh_strv_free(msgs, n);
	checklist_clear(&cl);
	free(path);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(checklist_severity_name(CHECK_SEV_INFO), "info");
	ck_assert_str_eq(checklist_severity_name(CHECK_SEV_CRITICAL),
	    "critical");
	ck_assert_str_eq(checklist_severity_name(CHECK_NSEV), "?");
	ck_assert_str_eq(checklist_fix_name(CHECK_FIX_POSTFIX), "postfix");
	ck_assert_str_eq(checklist_fix_name(CHECK_FIX_IPTABLES), "iptables");
	ck_assert_str_eq(checklist_fix_name(CHECK_NFIX), "?");
}
END_TEST

static Suite *
checklist_suite(void)
{
	Suite	*s = suite_create("checklist");
	TCase	*tc = tcase_create("checklist");

	tcase_add_test(tc, test_good);
	tcase_add_loop_test(tc, test_bad, 0, (int)nitems(bad));
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_dup_across);
	tcase_add_test(tc, test_find);
	tcase_add_test(tc, test_names_and_bundled);
	tcase_add_test(tc, test_lint);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(checklist_suite)
