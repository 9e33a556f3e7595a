/*
 * check_engine.c - the checklist engine over hand-built fact sets: the
 * loader's file:line errors, each of the seven verdicts, waivers in
 * force and expired one second either side of the end of the expiry
 * day, attestations and their effect on the scores, the exit status,
 * waivers for ids no list has, and the waiver / attestation file texts
 * round-tripping through their loaders.
 */
#include "mh.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "checklist.h"
#include "fact.h"
#include "waiver.h"
#include "unit.h"

static char tmpdir[64];

static char *
put(const char *name, const char *text)
{
	char	*path;
	FILE	*f;

	if (tmpdir[0] == '\0') {
		snprintf(tmpdir, sizeof tmpdir, "/tmp/mhengine.XXXXXX");
		ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	}
	xasprintf(&path, "%s/%s", tmpdir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	return path;
}

#define ITEM(id, extra)							\
	"  { id = \"" id "\"; title = \"t " id "\"; severity = \"high\";\n" \
	"    rationale = \"r\"; references = [ \"RFC 1\" ];\n"		\
	"    remediation = { text = \"fix\"; postfix = \"postconf\"; };\n" \
	"    " extra " }"

static const char good[] =
    "checklist = { name = \"t\"; title = \"T\"; version = \"2\";\n"
    "items = (\n"
    ITEM("T-PASS", "expect = \"a.yes\";") ",\n"
    ITEM("T-FAIL", "expect = \"a.no\";") ",\n"
    ITEM("T-WARN", "expect = \"a.no\"; advisory = true;") ",\n"
    ITEM("T-UNK", "expect = \"a.unknown\";") ",\n"
    ITEM("T-NA", "when = \"a.no\"; expect = \"a.yes\";") ",\n"
    ITEM("T-WHENU", "when = \"a.absent\"; expect = \"a.yes\";") ",\n"
    ITEM("T-MAN", "manual = true;") ",\n"
    ITEM("T-MAN2", "manual = true;") ",\n"
    ITEM("T-WAIVED", "expect = \"a.no\";") "\n"
    "); };\n";

static struct facts *
facts(void)
{
	struct facts	*fs = facts_create();

	facts_set_bool(fs, "a.yes", 1);
	facts_set_bool(fs, "a.no", 0);
	facts_set_unknown(fs, "a.unknown", FACT_BOOL, "timed out");
	return fs;
}

static const struct check_result *
find(const struct check_run *run, const char *id)
{
	size_t	i;

	for (i = 0; i < run->nresults; i++)
		if (strcmp(run->results[i].item->id, id) == 0)
			return &run->results[i];
	ck_abort_msg("no result for %s", id);
	return NULL;
}

/* 2027-01-15 00:00:00 UTC and the end of 2027-01-20. */
#define T_NOW		((time_t)1799971200)
#define T_END_0120	((time_t)1800489599)

struct fx {
	struct checklists	 cls;
	struct facts		*fs;
	struct waivers		 w;
	struct attests		 a;
	struct check_run	 run;
};

static void
fx_run(struct fx *fx, time_t now)
{
	char	*path, *cause = NULL;
	const char *names[1];

	path = put("t.conf", good);
	names[0] = path;
	ck_assert_msg(checklists_load(names, 1, &fx->cls, &cause) == 0, "%s",
	    cause);
	free(path);
	path = put("w.conf", "waivers = (\n"
	    "  { id = \"T-WAIVED\"; reason = \"relay host\"; owner = \"al\";"
	    " expires = \"2027-01-20\"; },\n"
	    "  { id = \"T-PASS\"; reason = \"r\"; owner = \"o\";"
	    " expires = \"2027-01-20\"; },\n"
	    "  { id = \"NOPE-1\"; reason = \"r\"; owner = \"o\";"
	    " expires = \"2027-01-20\"; }\n);\n");
	ck_assert_msg(waivers_load(path, 0, T_NOW, &fx->w, &cause) == 0,
	    "%s", cause);
	free(path);
	path = put("a.conf", "attestations = (\n"
	    "  { id = \"T-MAN\"; answer = \"yes\"; note = \"ICP 1\"; "
	    "by = \"al\"; date = \"2027-01-10\"; }\n);\n");
	ck_assert_msg(attests_load(path, 0, &fx->a, &cause) == 0, "%s",
	    cause);
	free(path);
	fx->fs = facts();
	check_run(&fx->run, &fx->cls, fx->fs, &fx->w, &fx->a, now);
}

static void
fx_free(struct fx *fx)
{
	check_run_clear(&fx->run);
	facts_free(fx->fs);
	waivers_clear(&fx->w);
	attests_clear(&fx->a);
	checklists_free(&fx->cls);
}

START_TEST(test_seven_verdicts)
{
	struct fx			 fx;
	const struct check_result	*r;

	memset(&fx, 0, sizeof fx);
	fx_run(&fx, T_NOW);
	ck_assert_int_eq(find(&fx.run, "T-PASS")->verdict, CHECK_PASS);
	ck_assert_ptr_nonnull(find(&fx.run, "T-PASS")->waiver);
	ck_assert_int_eq(find(&fx.run, "T-FAIL")->verdict, CHECK_FAIL);
	ck_assert_int_eq(find(&fx.run, "T-WARN")->verdict, CHECK_WARN);
	r = find(&fx.run, "T-UNK");
	ck_assert_int_eq(r->verdict, CHECK_UNKNOWN);
	ck_assert_ptr_nonnull(strstr(r->why, "timed out"));
	ck_assert_uint_eq(r->nfacts, 1);
	ck_assert_str_eq(r->facts[0], "a.unknown");
	ck_assert_int_eq(find(&fx.run, "T-NA")->verdict, CHECK_NA);
	ck_assert_int_eq(find(&fx.run, "T-WHENU")->verdict, CHECK_UNKNOWN);
	r = find(&fx.run, "T-MAN");
	ck_assert_int_eq(r->verdict, CHECK_MANUAL);
	ck_assert_ptr_nonnull(r->attest);
	ck_assert(r->attest->yes);
	ck_assert_ptr_null(find(&fx.run, "T-MAN2")->attest);
	r = find(&fx.run, "T-WAIVED");
	ck_assert_int_eq(r->verdict, CHECK_WAIVED);
	ck_assert_int_eq(r->raw, CHECK_FAIL);
	ck_assert_str_eq(r->waiver->owner, "al");
	ck_assert_int_eq(r->waiver_expired, 0);
	ck_assert_uint_eq(fx.run.nunused, 1);
	ck_assert_str_eq(fx.run.unused_waivers[0], "NOPE-1");
	fx_free(&fx);
}
END_TEST

START_TEST(test_scores)
{
	struct fx	fx;

	memset(&fx, 0, sizeof fx);
	fx_run(&fx, T_NOW);
	/* counted: PASS FAIL WARN UNK WHENU MAN(attested) = 6; passed:
	 * PASS + MAN yes = 2.  N/A, WAIVED, MAN2 (awaiting) not counted. */
	ck_assert_uint_eq(fx.run.total.counted, 6);
	ck_assert_uint_eq(fx.run.total.passed, 2);
	ck_assert_int_eq(check_score_percent(&fx.run.total), 33);
	ck_assert_uint_eq(fx.run.per_list[0].counted, 6);
	ck_assert_uint_eq(fx.run.per_sev[CHECK_SEV_HIGH].counted, 6);
	ck_assert_uint_eq(fx.run.per_sev[CHECK_SEV_LOW].counted, 0);
	ck_assert_int_eq(check_score_percent(&fx.run.per_sev[CHECK_SEV_LOW]),
	    -1);
	ck_assert_uint_eq(fx.run.total.count[CHECK_MANUAL], 2);
	ck_assert_uint_eq(fx.run.total.count[CHECK_WAIVED], 1);
	ck_assert_uint_eq(fx.run.total.count[CHECK_NA], 1);
	ck_assert_int_eq(check_exit_status(&fx.run), MH_EXIT_FINDINGS);
	ck_assert_str_eq(check_verdict_name(CHECK_NA), "N/A");
	fx_free(&fx);
}
END_TEST

START_TEST(test_waiver_expiry)
{
	struct fx			 fx;
	const struct check_result	*r;

	memset(&fx, 0, sizeof fx);
	fx_run(&fx, T_END_0120);
	ck_assert_int_eq(find(&fx.run, "T-WAIVED")->verdict, CHECK_WAIVED);
	fx_free(&fx);
	memset(&fx, 0, sizeof fx);
	fx_run(&fx, T_END_0120 + 1);
	r = find(&fx.run, "T-WAIVED");
	ck_assert_int_eq(r->verdict, CHECK_FAIL);
	ck_assert_int_eq(r->waiver_expired, 1);
	ck_assert_ptr_nonnull(r->waiver);
	fx_free(&fx);
}
END_TEST

START_TEST(test_exit_ok)
{
	struct checklists	 cls;
	struct check_run	 run;
	struct facts		*fs = facts();
	char			*path, *cause = NULL;
	const char		*names[1];

	path = put("ok.conf", "checklist = { name = \"ok\"; title = \"T\";"
	    " version = \"1\"; items = (\n" ITEM("OK-1", "expect = \"a.yes "
	    "and not a.no\";") "\n); };\n");
	names[0] = path;
	ck_assert_int_eq(checklists_load(names, 1, &cls, &cause), 0);
	check_run(&run, &cls, fs, NULL, NULL, T_NOW);
	ck_assert_int_eq(check_exit_status(&run), MH_EXIT_OK);
	ck_assert_int_eq(check_score_percent(&run.total), 100);
	check_run_clear(&run);
	checklists_free(&cls);
	facts_free(fs);
	free(path);
}
END_TEST

static const struct {
	const char	*text;
	const char	*want;
} bad_lists[] = {
	{ "checklist = { name = \"x\"\n title = ; };", ":2: " },
	{ "checklist = { name = \"x\"; title = \"T\"; version = \"1\";\n"
	  "items = (\n" ITEM("X-1", "expect = \"a.yes\";") ",\n"
	  ITEM("X-1", "expect = \"a.no\";") "\n); };", "used twice" },
	{ "checklist = { name = \"x\"; title = \"T\"; version = \"1\";\n"
	  "items = (\n" ITEM("X-1", "expect = \"a.yes ==\";") "\n); };",
	  "'expect': column" },
	{ "checklist = { name = \"x\"; title = \"T\"; version = \"1\";\n"
	  "items = (\n" ITEM("X-1", "manual = true; expect = \"a.yes\";")
	  "\n); };", "manual item" },
	{ "checklist = { name = \"x\"; title = \"T\"; version = \"1\";\n"
	  "items = (\n" ITEM("X-1", "") "\n); };", "missing 'expect'" },
	{ "checklist = { name = \"x\"; title = \"T\"; version = \"1\";\n"
	  "items = (\n" ITEM("x1", "expect = \"a.yes\";") "\n); };",
	  "must look like" },
	{ "checklist = { name = \"x\"; title = \"T\"; version = \"1\";\n"
	  "items = (\n" ITEM("X-1", "expect = \"a.yes\"; colour = \"r\";")
	  "\n); };", "unknown key 'colour'" },
	{ "checklist = { name = \"X\"; title = \"T\"; version = \"1\";"
	  " items = ( ); };", "lower case" },
	{ "list = { };", "no 'checklist" },
};

START_TEST(test_load_errors)
{
	struct checklist	 cl;
	char			*path, *cause = NULL;

	path = put("bad.conf", bad_lists[_i].text);
	ck_assert_int_eq(checklist_load(path, &cl, &cause), -1);
	ck_assert_msg(strstr(cause, bad_lists[_i].want) != NULL &&
	    strncmp(cause, path, strlen(path)) == 0, "%s", cause);
	free(cause);
	free(path);
}
END_TEST

START_TEST(test_lint_unknown_fact)
{
	struct checklist	 cl;
	char			*path, *cause = NULL, **msgs = NULL;
	size_t			 n = 0;

	path = put("lint.conf", "checklist = { name = \"l\"; title = \"T\";"
	    " version = \"1\"; items = (\n" ITEM("L-1", "expect = \"smtp.25."
	    "starttls and smtp.25.colour\";") ",\n" ITEM("L-2", "expect = "
	    "\"any dnsbl.** == \\\"listed\\\"\";") "\n); };\n");
	ck_assert_int_eq(checklist_load(path, &cl, &cause), 0);
	ck_assert_uint_eq(checklist_lint(&cl, &msgs, &n), 1);
	ck_assert_ptr_nonnull(strstr(msgs[0], "smtp.25.colour"));
	ck_assert_ptr_nonnull(strstr(msgs[0], ":2: L-1"));
	mh_strv_free(msgs, n);
	checklist_clear(&cl);
	free(path);
}
END_TEST

START_TEST(test_bundled_lint_clean)
{
	struct checklists	 cls;
	char			*cause = NULL, **msgs = NULL;
	size_t			 i, n = 0;

	ck_assert_msg(checklists_load(NULL, 0, &cls, &cause) == 0, "%s",
	    cause);
	ck_assert_uint_ge(cls.n, 5);
	for (i = 0; i < cls.n; i++)
		checklist_lint(&cls.v[i], &msgs, &n);
	ck_assert_msg(n == 0, "%s", n > 0 ? msgs[0] : "");
	checklists_free(&cls);
}
END_TEST

START_TEST(test_waiver_files)
{
	struct waivers	 w;
	struct attests	 a;
	struct waiver	 add;
	struct attest	 at;
	struct buf	 b;
	char		*path, *cause = NULL;

	memset(&w, 0, sizeof w);
	memset(&add, 0, sizeof add);
	add.id = (char *)"BL-07";
	add.reason = (char *)"relay \"host\" \\ handles it";
	add.owner = (char *)"alice";
	add.expires = (char *)"2027-01-20";
	buf_init(&b, 0);
	ck_assert_int_eq(waiver_file_text(NULL, &add, T_NOW, &b, &cause), 0);
	path = put("w2.conf", buf_str(&b));
	ck_assert_msg(waivers_load(path, 0, T_NOW, &w, &cause) == 0, "%s",
	    cause);
	ck_assert_str_eq(waivers_find(&w, "BL-07")->reason,
	    "relay \"host\" \\ handles it");
	buf_reset(&b);
	add.expires = (char *)"2026-12-01";
	ck_assert_int_eq(waiver_file_text(&w, &add, T_NOW, &b, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "past"));
	free(cause);
	add.expires = (char *)"2035-01-01";
	ck_assert_int_eq(waiver_file_text(&w, &add, T_NOW, &b, &cause), -1);
	free(cause);
	add.expires = (char *)"2027-02-30";
	ck_assert_int_eq(waiver_file_text(&w, &add, T_NOW, &b, &cause), -1);
	free(cause);
	add.expires = (char *)"2027-01-20";
	add.owner = (char *)"";
	ck_assert_int_eq(waiver_file_text(&w, &add, T_NOW, &b, &cause), -1);
	free(cause);
	add.owner = (char *)"bob\nx";
	ck_assert_int_eq(waiver_file_text(&w, &add, T_NOW, &b, &cause), -1);
	free(cause);
	add.id = (char *)"bl 7";
	add.owner = (char *)"bob";
	ck_assert_int_eq(waiver_file_text(&w, &add, T_NOW, &b, &cause), -1);
	free(cause);
	waivers_clear(&w);
	free(path);
	memset(&at, 0, sizeof at);
	at.id = (char *)"CN-03";
	at.yes = 1;
	at.note = (char *)"京ICP备12345678号";
	at.by = (char *)"alice";
	at.date = (char *)"2027-01-10";
	buf_reset(&b);
	ck_assert_int_eq(attest_file_text(NULL, &at, &b, &cause), 0);
	path = put("a2.conf", buf_str(&b));
	ck_assert_int_eq(attests_load(path, 0, &a, &cause), 0);
	ck_assert_str_eq(attests_find(&a, "CN-03")->note,
	    "京ICP备12345678号");
	attests_clear(&a);
	free(path);
	buf_clear(&b);
}
END_TEST

static const struct {
	const char	*text;
	const char	*want;
} bad_waivers[] = {
	{ "waivers = ( { id = \"A-1\"; reason = \"r\"; owner = \"o\"; } );",
	  "missing 'expires'" },
	{ "waivers = ( { id = \"A-1\"; reason = \"r\"; owner = \"o\";\n"
	  " expires = \"20270120\"; } );", "not a date" },
	{ "waivers = ( { id = \"A-1\"; reason = \"r\"; owner = \"o\";"
	  " expires = \"2027-01-20\"; },\n{ id = \"A-1\"; reason = \"r\";"
	  " owner = \"o\"; expires = \"2027-01-20\"; } );", ":2: " },
	{ "waivers = ( { id = \"A-1\"; reason = \"r\"; owner = \"o\";"
	  " expires = \"2040-01-20\"; } );", "temporary" },
	{ "waiver = ( );", "unknown key" },
	{ "waivers = ( { id = \"A-1\" ", ":1: " },
};

START_TEST(test_waiver_load_errors)
{
	struct waivers	 w;
	char		*path, *cause = NULL;

	path = put("wb.conf", bad_waivers[_i].text);
	ck_assert_int_eq(waivers_load(path, 0, T_NOW, &w, &cause), -1);
	ck_assert_msg(strstr(cause, bad_waivers[_i].want) != NULL, "%s",
	    cause);
	free(cause);
	free(path);
}
END_TEST

START_TEST(test_missing_files)
{
	struct waivers	 w;
	struct attests	 a;
	char		*cause = NULL;

	ck_assert_int_eq(waivers_load("/nonexistent.mh/w.conf", 1, T_NOW,
	    &w, &cause), 0);
	ck_assert_uint_eq(w.n, 0);
	waivers_clear(&w);
	ck_assert_int_eq(waivers_load("/nonexistent.mh/w.conf", 0, T_NOW,
	    &w, &cause), -1);
	free(cause);
	ck_assert_int_eq(attests_load("/nonexistent.mh/a.conf", 1, &a,
	    &cause), 0);
	attests_clear(&a);
}
END_TEST

#define ITEM_SEV(id, sev, extra)					\
	"  { id = \"" id "\"; title = \"t\"; severity = \"" sev "\";\n"	\
	"    rationale = \"r\"; remediation = { text = \"fix\"; };\n"	\
	"    " extra " }"

/*
 * Two lists, answers yes / no / none, waivers on MANUAL and UNKNOWN,
 * a critical UNKNOWN, a pattern expanded to the facts it read, and the
 * scores per list and per severity.
 */
START_TEST(test_more)
{
	struct checklists		 cls;
	struct facts			*fs = facts();
	struct waivers			 w;
	struct attests			 a;
	struct check_run		 run;
	const struct check_result	*r;
	char				*p[4], *cause = NULL;
	const char			*names[2];
	size_t				 i;

	p[0] = put("ma.conf", "checklist = { name = \"a\"; title = \"A\";"
	    " version = \"1\"; items = (\n"
	    ITEM_SEV("M-YES", "low", "manual = true;") ",\n"
	    ITEM_SEV("M-NO", "low", "manual = true;") ",\n"
	    ITEM_SEV("M-WAIT", "low", "manual = true;") ",\n"
	    ITEM_SEV("U-CRIT", "critical", "expect = \"a.unknown\";") ",\n"
	    ITEM_SEV("U-WAIVED", "medium", "expect = \"a.unknown\";") ",\n"
	    ITEM_SEV("P-ANY", "medium", "expect = \"any dnsbl.** == "
	    "\\\"clean\\\" and a.yes\";") "\n); };\n");
	p[1] = put("mb.conf", "checklist = { name = \"b\"; title = \"B\";"
	    " version = \"1\"; items = (\n"
	    ITEM_SEV("B-1", "low", "expect = \"a.yes\";") ",\n"
	    ITEM_SEV("B-2", "info", "expect = \"a.no\"; advisory = true;")
	    "\n); };\n");
	p[2] = put("mw.conf", "waivers = (\n"
	    "  { id = \"M-WAIT\"; reason = \"r\"; owner = \"o\";"
	    " expires = \"2027-01-20\"; },\n"
	    "  { id = \"U-WAIVED\"; reason = \"r\"; owner = \"o\";"
	    " expires = \"2027-01-20\"; }\n);\n");
	p[3] = put("mat.conf", "attestations = (\n"
	    "  { id = \"M-YES\"; answer = \"yes\"; note = \"n\"; by = \"b\";"
	    " date = \"2027-01-10\"; },\n"
	    "  { id = \"M-NO\"; answer = \"no\"; note = \"n\"; by = \"b\";"
	    " date = \"2027-01-10\"; }\n);\n");
	names[0] = p[0];
	names[1] = p[1];
	ck_assert_msg(checklists_load(names, 2, &cls, &cause) == 0, "%s",
	    cause);
	ck_assert_int_eq(waivers_load(p[2], 0, T_NOW, &w, &cause), 0);
	ck_assert_int_eq(attests_load(p[3], 0, &a, &cause), 0);
	facts_set_str(fs, "dnsbl.b.example", "clean");
	facts_set_str(fs, "dnsbl.a.example", "listed");
	check_run(&run, &cls, fs, &w, &a, T_NOW);

	ck_assert_uint_eq(run.nresults, 8);
	ck_assert_str_eq(run.results[6].list->name, "b");
	r = find(&run, "M-NO");
	ck_assert_int_eq(r->verdict, CHECK_MANUAL);
	ck_assert_int_eq(r->attest->yes, 0);
	r = find(&run, "M-WAIT");
	ck_assert_int_eq(r->verdict, CHECK_WAIVED);
	ck_assert_int_eq(r->raw, CHECK_MANUAL);
	ck_assert_ptr_null(r->attest);
	r = find(&run, "U-WAIVED");
	ck_assert_int_eq(r->verdict, CHECK_WAIVED);
	ck_assert_int_eq(r->raw, CHECK_UNKNOWN);
	r = find(&run, "P-ANY");
	ck_assert_int_eq(r->verdict, CHECK_PASS);
	ck_assert_ptr_null(r->why);
	ck_assert_uint_eq(r->nfacts, 3);
	for (i = 0; i < r->nfacts; i++)
		ck_assert_ptr_null(strchr(r->facts[i], '*'));
	ck_assert_int_eq(find(&run, "B-2")->verdict, CHECK_WARN);
	ck_assert_str_eq(find(&run, "B-2")->why, "expected: a.no");
	ck_assert_uint_eq(run.nunused, 0);

	/* a: M-YES M-NO U-CRIT P-ANY counted, M-YES P-ANY passed. */
	ck_assert_uint_eq(run.per_list[0].counted, 4);
	ck_assert_uint_eq(run.per_list[0].passed, 2);
	ck_assert_uint_eq(run.per_list[0].count[CHECK_WAIVED], 2);
	ck_assert_int_eq(check_score_percent(&run.per_list[1]), 50);
	ck_assert_int_eq(check_score_percent(&run.per_sev[CHECK_SEV_LOW]),
	    66);
	ck_assert_int_eq(
	    check_score_percent(&run.per_sev[CHECK_SEV_CRITICAL]), 0);
	ck_assert_int_eq(
	    check_score_percent(&run.per_sev[CHECK_SEV_MEDIUM]), 100);
	ck_assert_int_eq(check_score_percent(&run.per_sev[CHECK_SEV_INFO]),
	    0);
	ck_assert_int_eq(
	    check_score_percent(&run.per_sev[CHECK_SEV_HIGH]), -1);
	ck_assert_uint_eq(run.total.counted, 6);
	ck_assert_uint_eq(run.total.passed, 3);
	/* No FAIL, but a critical item is UNKNOWN. */
	ck_assert_uint_eq(run.total.count[CHECK_FAIL], 0);
	ck_assert_int_eq(check_exit_status(&run), MH_EXIT_FINDINGS);
	check_run_clear(&run);

	/* Known now: WARN alone does not fail the run. */
	facts_set_bool(fs, "a.unknown", 1);
	check_run(&run, &cls, fs, &w, &a, T_NOW);
	ck_assert_int_eq(find(&run, "U-CRIT")->verdict, CHECK_PASS);
	ck_assert_int_eq(check_exit_status(&run), MH_EXIT_OK);
	check_run_clear(&run);

	waivers_clear(&w);
	attests_clear(&a);
	checklists_free(&cls);
	facts_free(fs);
	for (i = 0; i < nitems(p); i++)
		free(p[i]);
}
END_TEST

static Suite *
engine_suite(void)
{
	Suite	*s = suite_create("engine");
	TCase	*tc = tcase_create("engine");

	tcase_add_test(tc, test_seven_verdicts);
	tcase_add_test(tc, test_scores);
	tcase_add_test(tc, test_waiver_expiry);
	tcase_add_test(tc, test_exit_ok);
	tcase_add_loop_test(tc, test_load_errors, 0, (int)nitems(bad_lists));
	tcase_add_test(tc, test_lint_unknown_fact);
	tcase_add_test(tc, test_bundled_lint_clean);
	tcase_add_test(tc, test_waiver_files);
	tcase_add_loop_test(tc, test_waiver_load_errors, 0,
	    (int)nitems(bad_waivers));
	tcase_add_test(tc, test_missing_files);
	tcase_add_test(tc, test_more);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(engine_suite)
