/*
 * check_cond.c - the checklist condition language: every operator on
 * every fact type, Kleene logic with UNKNOWN, absent and UNKNOWN facts
 * with the reason naming them, exists / known, any / all over patterns,
 * precedence, and syntax errors with their column.
 */
#include "mh.h"

#include <stdio.h>
#include <string.h>

#include "cond.h"
#include "fact.h"
#include "unit.h"

static struct facts *
fixture(void)
{
	struct facts	*fs = facts_create();
	struct fact	*f;

	facts_set_bool(fs, "smtp.25.starttls", 1);
	facts_set_bool(fs, "smtp.25.vrfy", 0);
	facts_set_bool(fs, "smtp.587.vrfy", 0);
	facts_set_unknown(fs, "smtp.465.vrfy", FACT_BOOL, "connection refused");
	facts_set_int(fs, "logs.retention_days", 28);
	facts_set_str(fs, "smtp.25.tls_version", "TLSv1.3");
	facts_set_str(fs, "postfix.smtpd_tls_protocols", ">=TLSv1.2");
	facts_set_str(fs, "postfix.anvil_rate_time_unit", "60");
	facts_set_str(fs, "dnsbl.zen.spamhaus.org", "clean");
	facts_set_str(fs, "dnsbl.bl.spamcop.net", "clean");
	facts_set_error(fs, "dnsbl.b.barracudacentral.org", FACT_STR,
	    "timeout");
	f = facts_set_list(fs, "fw.installed");
	fact_list_add(f, "nftables");
	fact_list_add(f, "ufw");
	facts_set_unknown(fs, "smtp.25.open_relay", FACT_BOOL,
	    "relay test not run: trusted client");
	return fs;
}

static const struct {
	const char	*text;
	enum cond_value	 want;
} evals[] = {
	{ "smtp.25.starttls", COND_TRUE },
	{ "smtp.25.vrfy", COND_FALSE },
	{ "not smtp.25.vrfy", COND_TRUE },
	{ "smtp.25.starttls == true", COND_TRUE },
	{ "smtp.25.starttls != true", COND_FALSE },
	{ "smtp.25.vrfy == false", COND_TRUE },
	{ "logs.retention_days >= 180", COND_FALSE },
	{ "logs.retention_days < 180", COND_TRUE },
	{ "logs.retention_days == 28", COND_TRUE },
	{ "logs.retention_days != 28", COND_FALSE },
	{ "logs.retention_days > -1", COND_TRUE },
	{ "logs.retention_days <= 28", COND_TRUE },
	{ "smtp.25.tls_version == \"TLSv1.3\"", COND_TRUE },
	{ "smtp.25.tls_version != \"TLSv1.3\"", COND_FALSE },
	{ "smtp.25.tls_version contains \"1.3\"", COND_TRUE },
	{ "smtp.25.tls_version matches \"^TLSv1\\\\.[23]$\"", COND_TRUE },
	{ "smtp.25.tls_version matches \"^TLSv1\\\\.[01]$\"", COND_FALSE },
	{ "postfix.anvil_rate_time_unit >= 60", COND_TRUE },
	{ "postfix.anvil_rate_time_unit > 60", COND_FALSE },
	{ "postfix.smtpd_tls_protocols >= 1", COND_UNKNOWN },
	{ "fw.installed contains \"ufw\"", COND_TRUE },
	{ "fw.installed contains \"firewalld\"", COND_FALSE },
	{ "fw.installed == \"nftables, ufw\"", COND_TRUE },
	{ "fw.installed matches \"^nft\"", COND_TRUE },
	{ "logs.retention_days == true", COND_UNKNOWN },
	{ "smtp.25.starttls == 1", COND_UNKNOWN },
	{ "logs.retention_days", COND_UNKNOWN },
	/* absent, unknown, error */
	{ "smtp.2525.starttls", COND_UNKNOWN },
	{ "smtp.25.open_relay == false", COND_UNKNOWN },
	{ "not smtp.25.open_relay", COND_UNKNOWN },
	/* Kleene */
	{ "smtp.25.vrfy and smtp.25.open_relay", COND_FALSE },
	{ "smtp.25.open_relay and smtp.25.vrfy", COND_FALSE },
	{ "smtp.25.starttls and smtp.25.open_relay", COND_UNKNOWN },
	{ "smtp.25.starttls or smtp.25.open_relay", COND_TRUE },
	{ "smtp.25.open_relay or smtp.25.starttls", COND_TRUE },
	{ "smtp.25.vrfy or smtp.25.open_relay", COND_UNKNOWN },
	/* precedence: not > and > or */
	{ "smtp.25.starttls or smtp.25.vrfy and smtp.25.vrfy", COND_TRUE },
	{ "(smtp.25.starttls or smtp.25.vrfy) and smtp.25.vrfy", COND_FALSE },
	{ "not smtp.25.vrfy and smtp.25.starttls", COND_TRUE },
	{ "not (smtp.25.vrfy or smtp.25.starttls)", COND_FALSE },
	{ "not not smtp.25.starttls", COND_TRUE },
	/* exists / known */
	{ "exists smtp.25.starttls", COND_TRUE },
	{ "exists smtp.2525.starttls", COND_FALSE },
	{ "exists smtp.25.open_relay", COND_UNKNOWN },
	{ "known smtp.25.open_relay", COND_FALSE },
	{ "known smtp.2525.starttls", COND_FALSE },
	{ "known logs.retention_days", COND_TRUE },
	/* any / all */
	{ "any dnsbl.** == \"listed\"", COND_UNKNOWN },
	{ "all dnsbl.** == \"clean\"", COND_UNKNOWN },
	{ "any dnsbl.** == \"clean\"", COND_TRUE },
	{ "all smtp.*.vrfy == false", COND_UNKNOWN },
	{ "any smtp.*.vrfy == true", COND_UNKNOWN },
	{ "all smtp.25.vrfy == false", COND_TRUE },
	{ "any nothing.** == \"x\"", COND_FALSE },
	{ "all nothing.** == \"x\"", COND_TRUE },
	{ "any dnsbl.zen.spamhaus.* == \"clean\"", COND_TRUE },
	{ "any dnsbl.zen.* == \"clean\"", COND_FALSE },
	/* strings with escapes */
	{ "smtp.25.tls_version != \"a \\\"quoted\\\" \\\\ one\"", COND_TRUE },
};

START_TEST(test_eval)
{
	struct facts	*fs = fixture();
	struct cond	*c;
	char		*cause = NULL, *why = NULL;
	enum cond_value	 v;

	c = cond_parse(evals[_i].text, &cause);
	ck_assert_msg(c != NULL, "%s: %s", evals[_i].text, cause);
	v = cond_eval(c, fs, &why);
	ck_assert_msg(v == evals[_i].want, "%s: got %s want %s (%s)",
	    evals[_i].text, cond_value_name(v),
	    cond_value_name(evals[_i].want), why != NULL ? why : "-");
	if (v == COND_UNKNOWN)
		ck_assert_msg(why != NULL, "%s: no reason", evals[_i].text);
	else
		ck_assert_ptr_null(why);
	free(why);
	cond_free(c);
	facts_free(fs);
}
END_TEST

START_TEST(test_why_names_the_fact)
{
	struct facts	*fs = fixture();
	struct cond	*c;
	char		*cause = NULL, *why = NULL;

	c = cond_parse("smtp.25.starttls and not smtp.25.open_relay", &cause);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(cond_eval(c, fs, &why), COND_UNKNOWN);
	ck_assert_ptr_nonnull(strstr(why, "smtp.25.open_relay"));
	ck_assert_ptr_nonnull(strstr(why, "trusted client"));
	free(why);
	why = NULL;
	cond_free(c);
	c = cond_parse("smtp.2525.starttls", &cause);
	ck_assert_int_eq(cond_eval(c, fs, &why), COND_UNKNOWN);
	ck_assert_ptr_nonnull(strstr(why, "smtp.2525.starttls"));
	free(why);
	cond_free(c);
	facts_free(fs);
}
END_TEST

static const struct {
	const char	*text;
	const char	*col;		/* "column N" expected in the cause */
} errors[] = {
	{ "", "column 1" },
	{ "smtp.25.vrfy ==", "column 16" },
	{ "smtp.25.vrfy == ", "column 17" },
	{ "smtp.25.vrfy and", "column 17" },
	{ "(smtp.25.vrfy", "column 14" },
	{ "smtp.25.vrfy)", "column 13" },
	{ "smtp.*.vrfy == true", "column 6" },
	{ "any smtp.*.vrfy", "column 16" },
	{ "logs.x < true", "column 8" },
	{ "logs.x contains 3", "column 8" },
	{ "logs.x matches \"(\"", "column 8" },
	{ "logs.x == \"open", "column 11" },
	{ "logs.x == 99999999999999999999", "column 11" },
	{ "logs.x == 12ab", "column 11" },
	{ "and smtp.25.vrfy", "column 1" },
	{ "exists", "column 7" },
	{ "smtp.25.vrfy smtp.587.vrfy", "column 14" },
	{ "logs..x", "column 1" },
	{ "logs.x. == 1", "column 1" },
	{ "logs.x = 1", "column 8" },
	{ "1 == logs.x", "column 1" },
	/* regexes glibc compiles or matches too slowly */
	{ "logs.x matches \"((a{255}){255}){255}\"", "column 8" },
	{ "logs.x matches \"a{1000}\"", "column 8" },
	{ "logs.x matches \"^(a*)*\\\\1c$\"", "column 8" },
};

/* The reason comes from the side that left it UNKNOWN. */
START_TEST(test_why_from_the_undecided_side)
{
	static const struct {
		const char	*text;
		const char	*fact;
	} t[] = {
		{ "(smtp.25.open_relay or smtp.25.starttls) and "
		    "smtp.465.vrfy", "smtp.465.vrfy" },
		{ "(smtp.25.vrfy and smtp.25.open_relay) or "
		    "smtp.465.vrfy", "smtp.465.vrfy" },
		{ "not (smtp.25.open_relay or smtp.25.starttls) or "
		    "smtp.465.vrfy", "smtp.465.vrfy" },
		{ "smtp.25.open_relay and smtp.465.vrfy",
		    "smtp.25.open_relay" },
	};
	struct facts	*fs = fixture();
	struct cond	*c;
	char		*cause = NULL, *why;
	size_t		 i;

	for (i = 0; i < nitems(t); i++) {
		why = NULL;
		c = cond_parse(t[i].text, &cause);
		ck_assert_ptr_nonnull(c);
		ck_assert_int_eq(cond_eval(c, fs, &why), COND_UNKNOWN);
		ck_assert_msg(strstr(why, t[i].fact) != NULL, "%s: %s",
		    t[i].text, why);
		free(why);
		cond_free(c);
	}
	facts_free(fs);
}
END_TEST

START_TEST(test_regex_bounds_allowed)
{
	struct cond	*c;
	char		*cause = NULL;

	/* sequential bounds are fine; an escaped backslash is no back-ref */
	c = cond_parse("logs.x matches \"^[0-9]{1,3}(\\\\.[0-9]{1,3}){3}$\" "
	    "and logs.x matches \"a\\\\\\\\1\"", &cause);
	ck_assert_msg(c != NULL, "%s", cause);
	cond_free(c);
}
END_TEST

START_TEST(test_syntax_errors)
{
	struct cond	*c;
	char		*cause = NULL;

	c = cond_parse(errors[_i].text, &cause);
	ck_assert_msg(c == NULL, "%s parsed", errors[_i].text);
	ck_assert_msg(strstr(cause, errors[_i].col) != NULL, "%s: %s",
	    errors[_i].text, cause);
	free(cause);
}
END_TEST

START_TEST(test_caps)
{
	char		 text[COND_TEXT_CAP + 64], *cause = NULL;
	struct cond	*c;
	size_t		 i, n = 0;

	memset(text, 0, sizeof text);
	for (i = 0; i < COND_MAX_DEPTH + 2; i++)
		text[n++] = '(';
	memcpy(text + n, "a.b", 3);
	n += 3;
	for (i = 0; i < COND_MAX_DEPTH + 2; i++)
		text[n++] = ')';
	ck_assert_ptr_null(cond_parse(text, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "nested too deep"));
	free(cause);
	memset(text, 0, sizeof text);
	for (i = 0; i < COND_MAX_DEPTH + 2; i++)
		memcpy(text + 4 * i, "not ", 4);
	memcpy(text + 4 * i, "a.b", 3);
	ck_assert_ptr_null(cond_parse(text, &cause));
	free(cause);
	memset(text, 'a', COND_TEXT_CAP + 1);
	text[COND_TEXT_CAP + 1] = '\0';
	ck_assert_ptr_null(cond_parse(text, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "longer than"));
	free(cause);
	memset(text, 0, sizeof text);
	for (i = 0, n = 0; i < COND_MAX_NAMES + 1; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "%sa.n%zu",
		    i > 0 ? " or " : "", i);
	ck_assert_ptr_null(cond_parse(text, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "fact names"));
	free(cause);
	(void)c;
}
END_TEST

START_TEST(test_names)
{
	struct cond		*c;
	const char *const	*v;
	char			*cause = NULL;
	size_t			 n;

	c = cond_parse("b.x and (a.y or b.x) and any dnsbl.** == \"x\" and "
	    "exists a.y", &cause);
	ck_assert_ptr_nonnull(c);
	v = cond_names(c, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(v[0], "b.x");
	ck_assert_str_eq(v[1], "a.y");
	ck_assert_str_eq(v[2], "dnsbl.**");
	cond_free(c);
}
END_TEST

START_TEST(test_match)
{
	ck_assert(cond_match("smtp.*.vrfy", "smtp.25.vrfy"));
	ck_assert(!cond_match("smtp.*.vrfy", "smtp.25.x.vrfy"));
	ck_assert(cond_match("dnsbl.**", "dnsbl.zen.spamhaus.org"));
	ck_assert(!cond_match("dnsbl.**", "dnsbl6.zen"));
	ck_assert(cond_match("a.b", "a.b"));
	ck_assert(!cond_match("a.b", "a.bc"));
}
END_TEST

static Suite *
cond_suite(void)
{
	Suite	*s = suite_create("cond");
	TCase	*tc = tcase_create("cond");

	tcase_add_loop_test(tc, test_eval, 0, (int)nitems(evals));
	tcase_add_test(tc, test_why_names_the_fact);
	tcase_add_test(tc, test_why_from_the_undecided_side);
	tcase_add_test(tc, test_regex_bounds_allowed);
	tcase_add_loop_test(tc, test_syntax_errors, 0, (int)nitems(errors));
	tcase_add_test(tc, test_caps);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_match);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(cond_suite)
