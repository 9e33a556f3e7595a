/*
 * check_dmarc.c - the DMARC parser (RFC 7489 and RFC 9989 tags), the
 * policy grade and findings, the report URI helpers (tables, no
 * network).
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "dmarc.h"
#include "spf.h"
#include "unit.h"

struct parse_case {
	const char	*text;
	int		 ok;
	const char	*needle;	/* reason (error) or grade (ok) */
	const char	*ids;		/* findings for x.example */
};

static const struct parse_case cases[] = {
	{ "v=DMARC1; p=reject; rua=mailto:dmarc@x.example", 1, "reject",
	    "" },
	{ "v=DMARC1; p=quarantine; rua=mailto:dmarc@x.example", 1,
	    "quarantine", "DM-10" },
	{ "v=DMARC1; p=none; rua=mailto:dmarc@x.example", 1, "none",
	    "DM-04" },
	{ "v=DMARC1; p=none", 1, "none", "DM-03 DM-04" },
	{ "v=DMARC1", 1, "none", "DM-02 DM-03 DM-04" },
	{ "v=DMARC1;p=REJECT;rua=mailto:d@x.example", 1, "reject", "" },
	{ " v = DMARC1 ; p = reject ; rua = mailto:d@x.example ; ", 1,
	    "reject", "" },
	{ "v=DMARC1; p=reject; t=y; rua=mailto:d@x.example", 1, "reject",
	    "DM-11" },
	{ "v=DMARC1; p=reject; pct=50; rua=mailto:d@x.example", 1, "reject",
	    "DM-06" },
	{ "v=DMARC1; p=reject; pct=100; rua=mailto:d@x.example", 1,
	    "reject", "DM-06" },
	{ "v=DMARC1; p=reject; sp=none; rua=mailto:d@x.example", 1,
	    "reject", "DM-07" },
	{ "v=DMARC1; p=reject; np=quarantine; rua=mailto:d@x.example", 1,
	    "reject", "DM-07" },
	{ "v=DMARC1; p=reject; adkim=s; aspf=s; rua=mailto:d@x.example", 1,
	    "reject", "DM-12" },
	{ "v=DMARC1; p=reject; fo=1; rua=mailto:d@x.example", 1, "reject",
	    "DM-13" },
	{ "v=DMARC1; p=reject; rua=https://x.example/r", 1, "reject",
	    "DM-09" },
	{ "v=DMARC1; p=reject; rua=mailto:not-an-address", 1, "reject",
	    "DM-09" },
	{ "v=DMARC1; p=reject; rua=mailto:d@x.example!10m, "
	    "mailto:e@y.example", 1, "reject", "" },
	{ "v=DMARC1; p=reject; rua=mailto:d@x.example!10q", 1, "reject",
	    "DM-09" },
	{ "v=DMARC1; p=reject; psd=n; rf=afrf; ri=3600; "
	    "rua=mailto:d@x.example", 1, "reject", "" },
	{ "v=DMARC1; p=reject; x_future=1; rua=mailto:d@x.example", 1,
	    "reject", "" },
	{ "p=reject; v=DMARC1", 0, "v=DMARC1", NULL },
	{ "v=DMARC2; p=reject", 0, "v=DMARC1", NULL },
	{ "v=dmarc1; p=reject", 0, "v=DMARC1", NULL },
	{ "v=DMARC1; p=always", 0, "\"always\"", NULL },
	{ "v=DMARC1; p=none; p=reject", 0, "twice", NULL },
	{ "v=DMARC1; p=reject; adkim=x", 0, "adkim", NULL },
	{ "v=DMARC1; p=reject; aspf=relaxed", 0, "aspf", NULL },
	{ "v=DMARC1; p=reject; pct=101", 0, "pct", NULL },
	{ "v=DMARC1; p=reject; pct=-1", 0, "pct", NULL },
	{ "v=DMARC1; p=reject; t=maybe", 0, "\"t\"", NULL },
	{ "v=DMARC1; p=reject; psd=x", 0, "psd", NULL },
	{ "v=DMARC1; p=reject; sp=bogus", 0, "sp", NULL },
	{ "v=DMARC1; p=reject; rua", 0, "rua", NULL },
	{ "v=DMARC1; p=reject; b@d=1", 0, "b@d", NULL },
	{ "v=DMARC1; p=reject\n", 0, "control", NULL },
};

START_TEST(t_parse)
{
	const struct parse_case	*c = &cases[_i];
	struct dmarc_record	 r;
	struct spf_findings	 fs;
	char			*cause = NULL, got[256];
	size_t			 i;
	int			 rv;

	memset(&fs, 0, sizeof fs);
	rv = dmarc_parse(c->text, &r, &cause);
	if (!c->ok) {
		ck_assert_msg(rv == -1, "%s parsed", c->text);
		ck_assert_msg(strstr(cause, c->needle) != NULL, "%s: reason "
		    "\"%s\" lacks %s", c->text, cause, c->needle);
		free(cause);
		return;
	}
	ck_assert_msg(rv == 0, "%s: %s", c->text, cause);
	ck_assert_str_eq(dmarc_grade(&r), c->needle);
	dmarc_check(&r, "x.example", &fs);
	got[0] = '\0';
	for (i = 0; i < fs.n; i++) {
		if (*got != '\0')
			strncat(got, " ", sizeof got - strlen(got) - 1);
		strncat(got, fs.v[i].id, sizeof got - strlen(got) - 1);
		ck_assert(*fs.v[i].fix != '\0');
	}
	ck_assert_msg(strcmp(got, c->ids) == 0, "%s: got \"%s\", want "
	    "\"%s\"", c->text, got, c->ids);
	spf_findings_free(&fs);
	dmarc_record_clear(&r);
}
END_TEST

START_TEST(t_fields)
{
	struct dmarc_record	 r;
	char			*cause = NULL;

	ck_assert_int_eq(dmarc_parse("v=DMARC1; p=quarantine; sp=reject; "
	    "np=reject; adkim=s; aspf=r; pct=0; t=n; psd=u; fo=1:d; "
	    "rua=mailto:a@x.example, mailto:b@y.example; "
	    "ruf=mailto:f@x.example", &r, &cause), 0);
	ck_assert_str_eq(r.p, "quarantine");
	ck_assert_str_eq(r.sp, "reject");
	ck_assert_str_eq(r.np, "reject");
	ck_assert_int_eq(r.adkim, 's');
	ck_assert_int_eq(r.aspf, 'r');
	ck_assert_int_eq(r.pct, 0);
	ck_assert_int_eq(r.t, 'n');
	ck_assert_int_eq(r.psd, 'u');
	ck_assert_str_eq(r.fo, "1:d");
	ck_assert_uint_eq(r.nrua, 2);
	ck_assert_str_eq(r.rua[1], "mailto:b@y.example");
	ck_assert_uint_eq(r.nruf, 1);
	dmarc_record_clear(&r);
}
END_TEST

struct ext_case {
	const char	*d, *uri;
	const char	*rd;	/* NULL: not a valid mailto URI */
	int		 external;
};

static const struct ext_case ext_cases[] = {
	{ "x.example", "mailto:d@x.example", "x.example", 0 },
	{ "x.example", "mailto:d@reports.x.example", "reports.x.example", 0 },
	{ "mail.x.example", "mailto:d@x.example", "x.example", 0 },
	{ "x.example", "mailto:d@y.example", "y.example", 1 },
	{ "x.example", "MAILTO:d@Y.Example!5m", "y.example", 1 },
	{ "a.x.example", "mailto:d@b.x.example", "b.x.example", 0 },
	{ "x.example", "https://y.example/", NULL, 0 },
	{ "x.example", "mailto:", NULL, 0 },
	{ "x.example", "mailto:d@y.example!", NULL, 0 },
};

START_TEST(t_external)
{
	const struct ext_case	*c = &ext_cases[_i];
	char			*rd = dmarc_uri_domain(c->uri);

	if (c->rd == NULL) {
		ck_assert_ptr_null(rd);
		return;
	}
	ck_assert_ptr_nonnull(rd);
	ck_assert_str_eq(rd, c->rd);
	ck_assert_int_eq(dmarc_external(c->d, rd), c->external);
	free(rd);
}
END_TEST

static Suite *
check_dmarc_suite(void)
{
	Suite	*s = suite_create("dmarc");
	TCase	*tc = tcase_create("dmarc");

	tcase_add_loop_test(tc, t_parse, 0, (int)nitems(cases));
	tcase_add_test(tc, t_fields);
	tcase_add_loop_test(tc, t_external, 0, (int)nitems(ext_cases));
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(check_dmarc_suite)
