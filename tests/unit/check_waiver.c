/*
 * check_waiver.c - waivers and attestations: the date parser and the end
 * of the expiry day, the loaders' exact "FILE:LINE: reason" errors
 * (duplicates naming both lines, bad ids, dates, answers, texts over the
 * cap or with control characters, unknown keys), missing and empty
 * files, and the file texts replacing an entry and reading back through
 * the loaders with quotes, backslashes and CJK intact.
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "waiver.h"
#include "unit.h"

static char tmpdir[64];

static char *
put(const char *name, const char *text)
{
	char	*path;
	FILE	*f;

	if (tmpdir[0] == '\0') {
		snprintf(tmpdir, sizeof tmpdir, "/tmp/mhwaiver.XXXXXX");
		ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	}
	xasprintf(&path, "%s/%s", tmpdir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	return path;
}

/* 2027-01-15 00:00:00 UTC and the last second of 2027-01-20. */
#define T_NOW		((time_t)1799971200)
#define T_END_0120	((time_t)1800489599)

START_TEST(test_parse_date)
{
	static const char *const bad[] = {
		"", "2027-1-20", "2027-01-2", "2027/01/20", "2027-01-20x",
		"2027-13-01", "2027-00-10", "2027-01-00", "2027-01-32",
		"2023-02-29", "2027-04-31", "1999-12-31", "2027-+1-05",
		"2027- 1-05", "-027-01-05", "20270-1-05", "yyyy-mm-dd"
	};
	size_t	i;

	ck_assert_int_eq(waiver_parse_date("2027-01-20"), T_END_0120);
	ck_assert_int_eq(waiver_parse_date("2024-02-29"),
	    (time_t)1709251199);
	ck_assert_int_eq(waiver_parse_date("2026-12-31"),
	    (time_t)1798761599);
	for (i = 0; i < nitems(bad); i++)
		ck_assert_msg(waiver_parse_date(bad[i]) == -1, "%s", bad[i]);
}
END_TEST

START_TEST(test_load_good)
{
	struct waivers		 w;
	const struct waiver	*x;
	char			*path, *cause = NULL;

	path = put("good.conf", "# waivers\n"
	    "waivers = (\n"
	    "  { id = \"BL-07\"; reason = \"Relay host handles outbound\";\n"
	    "    owner = \"alice@example.com\"; expires = \"2027-01-20\"; },\n"
	    "  { id = \"CN-03\"; reason = \"备案中\"; owner = \"王\";\n"
	    "    expires = \"2027-01-14\"; }\n"
	    ");\n");
	ck_assert_msg(waivers_load(path, 0, T_NOW, &w, &cause) == 0, "%s",
	    cause);
	ck_assert_str_eq(w.path, path);
	ck_assert_uint_eq(w.n, 2);
	x = waivers_find(&w, "BL-07");
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(x->line, 3);
	ck_assert_str_eq(x->owner, "alice@example.com");
	ck_assert_str_eq(x->expires, "2027-01-20");
	ck_assert_int_eq(x->until, T_END_0120);
	ck_assert_int_eq(waiver_expired(x, T_END_0120), 0);
	ck_assert_int_eq(waiver_expired(x, T_END_0120 + 1), 1);
	x = waivers_find(&w, "CN-03");
	ck_assert_int_eq(x->line, 5);
	ck_assert_str_eq(x->reason, "备案中");
	/* Already expired when loaded: kept, and flagged by the engine. */
	ck_assert_int_eq(waiver_expired(x, T_NOW), 1);
	ck_assert_ptr_null(waivers_find(&w, "BL-08"));
	waivers_clear(&w);
	free(path);
}
END_TEST

START_TEST(test_load_empty)
{
	struct waivers	 w;
	struct attests	 a;
	char		*path, *cause = NULL;

	path = put("empty.conf", "");
	ck_assert_msg(waivers_load(path, 0, T_NOW, &w, &cause) == 0, "%s",
	    cause);
	ck_assert_uint_eq(w.n, 0);
	waivers_clear(&w);
	free(path);
	path = put("comments.conf", "# nothing yet\nattestations = ( );\n");
	ck_assert_msg(attests_load(path, 0, &a, &cause) == 0, "%s", cause);
	ck_assert_uint_eq(a.n, 0);
	ck_assert_ptr_null(attests_find(&a, "CN-03"));
	attests_clear(&a);
	free(path);
	ck_assert_int_eq(attests_load("/nonexistent.mh/a.conf", 0, &a,
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "/nonexistent.mh/a.conf"));
	free(cause);
}
END_TEST

#define W(id, extra)							\
	"  { id = \"" id "\"; reason = \"r\"; owner = \"o\"; " extra " }"

static const struct {
	const char	*text;
	int		 line;
	const char	*want;
} bad_waivers[] = {
	{ "waivers = (\n" W("A-1", "expires = \"2027-01-20\";") ",\n"
	  W("A-1", "expires = \"2027-01-20\";") "\n);", 3,
	  "a second waiver for A-1 (the first is at line 2)" },
	{ "waivers = (\n\n" W("a-1", "expires = \"2027-01-20\";") "\n);", 3,
	  "'a-1' is not an item id" },
	{ "waivers = (\n" W("A-1", "expires = \"2027-01-32\";") "\n);", 2,
	  "expires '2027-01-32' is not a date" },
	{ "waivers = (\n" W("A-1", "expires = \"2030-01-20\";") "\n);", 2,
	  "is more than 1098 days ahead" },
	{ "waivers = (\n" W("A-1", "\n expires = \"2027-01-20\";"
	  " colour = \"r\";") "\n);", 3, "unknown key 'colour'" },
	{ "waivers = (\n  { id = \"A-1\"; reason = \"tab\\there\";\n"
	  "    owner = \"o\"; expires = \"2027-01-20\"; }\n);", 2,
	  "'reason' contains a control character" },
	{ "waivers = (\n  { id = \"A-1\"; reason = \"r\";\n"
	  "    owner = \"\"; expires = \"2027-01-20\"; }\n);", 3,
	  "'owner' must not be empty" },
	{ "waivers = (\n  { id = \"A-1\"; reason = 5;\n"
	  "    owner = \"o\"; expires = \"2027-01-20\"; }\n);", 2,
	  "'reason' must be a string" },
	{ "waivers = (\n" W("A-1", "") "\n);", 2, "missing 'expires'" },
	{ "\nwaiver = ( );", 2, "unknown key 'waiver' (expected 'waivers')" },
	{ "waivers = (\n  \"A-1\" );", 2, "a waiver must be a group" },
	{ "waivers = (\n" W("A-1", "expires = ;") "\n);", 2,
	  "syntax error" },
};

START_TEST(test_waiver_errors)
{
	struct waivers	 w;
	char		*path, *cause = NULL, *prefix;

	path = put("bad.conf", bad_waivers[_i].text);
	ck_assert_int_eq(waivers_load(path, 0, T_NOW, &w, &cause), -1);
	xasprintf(&prefix, "%s:%d: ", path, bad_waivers[_i].line);
	ck_assert_msg(strncmp(cause, prefix, strlen(prefix)) == 0 &&
	    strstr(cause, bad_waivers[_i].want) != NULL, "%d: got \"%s\"",
	    _i, cause);
	ck_assert_uint_eq(w.n, 0);
	free(prefix);
	free(cause);
	free(path);
}
END_TEST

START_TEST(test_text_cap)
{
	struct waivers	 w;
	struct buf	 b;
	char		*path, *cause = NULL, long_text[WAIVER_TEXT_CAP + 2];

	memset(long_text, 'x', sizeof long_text - 1);
	long_text[WAIVER_TEXT_CAP] = '\0';	/* exactly the cap */
	buf_init(&b, 0);
	buf_printf(&b, "waivers = (\n  { id = \"A-1\"; reason = \"%s\";\n"
	    "    owner = \"o\"; expires = \"2027-01-20\"; }\n);\n",
	    long_text);
	path = put("cap.conf", buf_str(&b));
	ck_assert_msg(waivers_load(path, 0, T_NOW, &w, &cause) == 0, "%s",
	    cause);
	waivers_clear(&w);
	free(path);
	long_text[WAIVER_TEXT_CAP] = 'x';	/* one over */
	long_text[WAIVER_TEXT_CAP + 1] = '\0';
	buf_reset(&b);
	buf_printf(&b, "waivers = (\n  { id = \"A-1\"; reason = \"%s\";\n"
	    "    owner = \"o\"; expires = \"2027-01-20\"; }\n);\n",
	    long_text);
	path = put("cap2.conf", buf_str(&b));
	ck_assert_int_eq(waivers_load(path, 0, T_NOW, &w, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, ":2: 'reason' is too long"));
	free(cause);
	free(path);
	buf_clear(&b);
}
END_TEST

#define A(id, answer, extra)						\
	"  { id = \"" id "\"; answer = \"" answer "\"; note = \"n\";"	\
	" by = \"al\"; " extra " }"

static const struct {
	const char	*text;
	int		 line;
	const char	*want;
} bad_attests[] = {
	{ "attestations = (\n" A("CN-03", "maybe", "date = \"2027-01-10\";")
	  "\n);", 2, "answer must be \"yes\" or \"no\"" },
	{ "attestations = (\n" A("CN-03", "yes", "date = \"10/01/2027\";")
	  "\n);", 2, "date '10/01/2027' is not a date" },
	{ "attestations = (\n" A("CN-03", "yes", "date = \"2027-01-10\";")
	  ",\n\n" A("CN-03", "no", "date = \"2027-01-11\";") "\n);", 4,
	  "a second answer for CN-03 (the first is at line 2)" },
	{ "attestations = (\n" A("CN-03", "yes", "") "\n);", 2,
	  "missing 'date'" },
	{ "attestations = (\n" A("CN 03", "yes", "date = \"2027-01-10\";")
	  "\n);", 2, "'CN 03' is not an item id" },
	{ "waivers = ( );", 1, "unknown key 'waivers' (expected "
	  "'attestations')" },
};

START_TEST(test_attest_errors)
{
	struct attests	 a;
	char		*path, *cause = NULL, *prefix;

	path = put("bada.conf", bad_attests[_i].text);
	ck_assert_int_eq(attests_load(path, 0, &a, &cause), -1);
	xasprintf(&prefix, "%s:%d: ", path, bad_attests[_i].line);
	ck_assert_msg(strncmp(cause, prefix, strlen(prefix)) == 0 &&
	    strstr(cause, bad_attests[_i].want) != NULL, "%d: got \"%s\"",
	    _i, cause);
	ck_assert_uint_eq(a.n, 0);
	free(prefix);
	free(cause);
	free(path);
}
END_TEST

START_TEST(test_waiver_round_trip)
{
	struct waivers		 w, w2;
	struct waiver		 add;
	struct buf		 b;
	char			*path, *cause = NULL;

	path = put("rt.conf", "waivers = (\n"
	    W("BL-01", "expires = \"2027-01-20\";") ",\n"
	    W("BL-02", "expires = \"2027-01-16\";") "\n);\n");
	ck_assert_int_eq(waivers_load(path, 0, T_NOW, &w, &cause), 0);
	free(path);

	memset(&add, 0, sizeof add);
	add.id = (char *)"BL-01";
	add.reason = (char *)"say \"relay\" \\ 经由中继 ; } # no comment";
	add.owner = (char *)"bob";
	add.expires = (char *)"2027-02-01";
	buf_init(&b, 0);
	ck_assert_msg(waiver_file_text(&w, &add, T_NOW, &b, &cause) == 0,
	    "%s", cause);
	path = put("rt2.conf", buf_str(&b));
	ck_assert_msg(waivers_load(path, 0, T_NOW, &w2, &cause) == 0, "%s",
	    cause);
	ck_assert_uint_eq(w2.n, 2);		/* replaced, not added */
	ck_assert_str_eq(w2.v[0].id, "BL-02");	/* the others first */
	ck_assert_str_eq(w2.v[1].id, "BL-01");
	ck_assert_str_eq(w2.v[1].reason, add.reason);
	ck_assert_str_eq(w2.v[1].owner, "bob");
	ck_assert_str_eq(w2.v[1].expires, "2027-02-01");
	waivers_clear(&w2);
	free(path);

	/* Added to an empty set, and the limits of the expiry. */
	add.id = (char *)"BL-09";
	add.expires = (char *)"2027-01-14";
	buf_reset(&b);
	ck_assert_int_eq(waiver_file_text(&w, &add, T_NOW, &b, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "2027-01-14 is in the past"));
	free(cause);
	add.expires = (char *)"2027-01-15";	/* today still counts */
	ck_assert_int_eq(waiver_file_text(NULL, &add, T_NOW, &b, &cause),
	    0);
	ck_assert_ptr_null(strstr(buf_str(&b), "BL-01"));
	path = put("rt3.conf", buf_str(&b));
	ck_assert_int_eq(waivers_load(path, 0, T_NOW, &w2, &cause), 0);
	ck_assert_uint_eq(w2.n, 1);
	waivers_clear(&w2);
	free(path);
	add.expires = (char *)"2030-01-16";	/* ends < 1098 days on */
	buf_reset(&b);
	ck_assert_int_eq(waiver_file_text(NULL, &add, T_NOW, &b, &cause), 0);
	add.expires = (char *)"2030-01-17";
	ck_assert_int_eq(waiver_file_text(NULL, &add, T_NOW, &b, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "temporary"));
	free(cause);
	add.expires = (char *)"2027-01-20";
	add.reason = (char *)"line\nbreak";
	ck_assert_int_eq(waiver_file_text(NULL, &add, T_NOW, &b, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "reason: contains a control"));
	free(cause);
	add.reason = (char *)"\xff\xfe";
	ck_assert_int_eq(waiver_file_text(NULL, &add, T_NOW, &b, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "UTF-8"));
	free(cause);
	add.reason = NULL;
	ck_assert_int_eq(waiver_file_text(NULL, &add, T_NOW, &b, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "must not be empty"));
	free(cause);
	add.reason = (char *)"r";
	add.id = (char *)"BL-01-";
	ck_assert_int_eq(waiver_file_text(NULL, &add, T_NOW, &b, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "not an item id"));
	free(cause);
	waivers_clear(&w);
	buf_clear(&b);
}
END_TEST

START_TEST(test_attest_round_trip)
{
	struct attests		 a, a2;
	struct attest		 add;
	const struct attest	*x;
	struct buf		 b;
	char			*path, *cause = NULL;

	path = put("at.conf", "attestations = (\n"
	    A("CN-03", "yes", "date = \"2027-01-10\";") ",\n"
	    A("CN-04", "no", "date = \"2027-01-11\";") "\n);\n");
	ck_assert_int_eq(attests_load(path, 0, &a, &cause), 0);
	ck_assert_uint_eq(a.n, 2);
	ck_assert_int_eq(attests_find(&a, "CN-03")->yes, 1);
	ck_assert_int_eq(attests_find(&a, "CN-04")->yes, 0);
	ck_assert_int_eq(attests_find(&a, "CN-04")->line, 3);
	free(path);

	memset(&add, 0, sizeof add);
	add.id = (char *)"CN-03";
	add.yes = 0;
	add.note = (char *)"filing \"lapsed\" \\ 京ICP备12345678号";
	add.by = (char *)"alice";
	add.date = (char *)"2027-01-12";
	buf_init(&b, 0);
	ck_assert_int_eq(attest_file_text(&a, &add, &b, &cause), 0);
	path = put("at2.conf", buf_str(&b));
	ck_assert_msg(attests_load(path, 0, &a2, &cause) == 0, "%s", cause);
	ck_assert_uint_eq(a2.n, 2);
	x = attests_find(&a2, "CN-03");
	ck_assert_int_eq(x->yes, 0);
	ck_assert_str_eq(x->note, add.note);
	ck_assert_str_eq(x->by, "alice");
	ck_assert_str_eq(x->date, "2027-01-12");
	ck_assert_int_eq(attests_find(&a2, "CN-04")->yes, 0);
	attests_clear(&a2);
	free(path);

	add.date = (char *)"2027-02-30";
	buf_reset(&b);
	ck_assert_int_eq(attest_file_text(&a, &add, &b, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "not a date"));
	free(cause);
	add.date = (char *)"2027-01-12";
	add.by = (char *)"";
	ck_assert_int_eq(attest_file_text(&a, &add, &b, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "name: must not be empty"));
	free(cause);
	attests_clear(&a);
	buf_clear(&b);
}
END_TEST

static Suite *
waiver_suite(void)
{
	Suite	*s = suite_create("waiver");
	TCase	*tc = tcase_create("waiver");

	tcase_add_test(tc, test_parse_date);
	tcase_add_test(tc, test_load_good);
	tcase_add_test(tc, test_load_empty);
	tcase_add_loop_test(tc, test_waiver_errors, 0,
	    (int)nitems(bad_waivers));
	tcase_add_test(tc, test_text_cap);
	tcase_add_loop_test(tc, test_attest_errors, 0,
	    (int)nitems(bad_attests));
	tcase_add_test(tc, test_waiver_round_trip);
	tcase_add_test(tc, test_attest_round_trip);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(waiver_suite)
