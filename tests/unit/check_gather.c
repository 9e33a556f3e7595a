/*
 * check_gather.c - the local facts gather adds for the checklists: the
 * mail log retention from logrotate (Debian weekly x 4, RHEL syslog
 * stanza with the global period, daily with maxage, size rotation, no
 * rule, no configuration), journald MaxRetentionSec with drop-ins, and
 * an offline gather over a --root fixture.
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fact.h"
#include "gather.h"
#include "unit.h"

static struct facts	*fs;

static void
setup(void)
{
	fs = facts_create();
}

static void
teardown(void)
{
	facts_free(fs);
}

static void
logs(const char *fixture)
{
	char	*root = unit_data(fixture);

	gather_logs(root, fs);
	free(root);
}

static long long
known_int(const char *name)
{
	const struct fact	*f = facts_get(fs, name);

	ck_assert_msg(f != NULL, "%s absent", name);
	ck_assert_msg(f->state == FACT_KNOWN, "%s not known: %s", name,
	    f->reason != NULL ? f->reason : "");
	ck_assert_int_eq(f->type, FACT_INT);
	return f->i;
}

/* Some evidence line of the fact contains text. */
static int
has_evidence(const char *name, const char *text)
{
	const struct fact	*f = facts_get(fs, name);
	size_t			 i;

	for (i = 0; f != NULL && i < f->nev; i++)
		if (strstr(f->ev[i].text, text) != NULL)
			return 1;
	return 0;
}

static const char *
reason(const char *name)
{
	const struct fact	*f = facts_get(fs, name);

	ck_assert_msg(f != NULL, "%s absent", name);
	ck_assert_int_eq(f->state, FACT_UNKNOWN);
	ck_assert_ptr_nonnull(f->reason);
	return f->reason;
}

START_TEST(test_debian_weekly_4)
{
	const struct fact	*f;

	logs("logs/debian");
	ck_assert_int_eq(known_int("logs.retention_days"), 28);
	ck_assert_str_eq(facts_str(fs, "logs.rotate_config"),
	    "/etc/logrotate.d/rsyslog");
	ck_assert(has_evidence("logs.retention_days",
	    "/etc/logrotate.d/rsyslog:15: rotate 4"));
	ck_assert(has_evidence("logs.retention_days",
	    "/etc/logrotate.d/rsyslog:16: weekly"));
	ck_assert(has_evidence("logs.retention_days", "4 x 7 day(s) = 28"));
	/* mail.dpkg-old (rotate 1000 daily) is skipped like logrotate */
	f = facts_get(fs, "logs.mail_files");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->state, FACT_KNOWN);
	ck_assert(fact_list_has(f, "/var/log/mail.log"));
	ck_assert(fact_list_has(f, "/var/log/mail.err"));
	ck_assert(!fact_list_has(f, "/var/log/syslog"));
	ck_assert_ptr_null(facts_get(fs, "logs.journald_max_days"));
}
END_TEST

START_TEST(test_rhel_syslog_26_weekly)
{
	logs("logs/rhel");
	ck_assert_int_eq(known_int("logs.retention_days"), 182);
	ck_assert_str_eq(facts_str(fs, "logs.rotate_config"),
	    "/etc/logrotate.d/syslog");
	/* the period comes from the global "weekly" in logrotate.conf */
	ck_assert(has_evidence("logs.retention_days",
	    "/etc/logrotate.conf:3: weekly"));
	ck_assert(has_evidence("logs.retention_days",
	    "/etc/logrotate.d/syslog:7: rotate 26"));
	ck_assert(fact_list_has(facts_get(fs, "logs.mail_files"),
	    "/var/log/maillog"));
}
END_TEST

START_TEST(test_maxage_wins)
{
	logs("logs/maxage");
	ck_assert_int_eq(known_int("logs.retention_days"), 90);
	ck_assert(has_evidence("logs.retention_days", "maxage 90"));
	ck_assert(has_evidence("logs.retention_days", "(maxage)"));
	ck_assert(fact_list_has(facts_get(fs, "logs.mail_files"),
	    "/var/log/mail.log"));
}
END_TEST

START_TEST(test_missing_config)
{
	logs("logs/missing");
	ck_assert_ptr_nonnull(strstr(reason("logs.retention_days"),
	    "/etc/logrotate.conf"));
	reason("logs.rotate_config");
	ck_assert_int_eq(facts_get(fs, "logs.mail_files")->nlist, 0);
}
END_TEST

START_TEST(test_no_rule)
{
	logs("logs/norule");
	ck_assert_ptr_nonnull(strstr(reason("logs.retention_days"),
	    "no logrotate rule rotates the mail log"));
}
END_TEST

START_TEST(test_size_unknown)
{
	logs("logs/size");
	ck_assert_ptr_nonnull(strstr(reason("logs.retention_days"),
	    "size 100M"));
}
END_TEST

/* Include loops, garbage, unterminated stanzas: bounded, no crash. */
START_TEST(test_hostile)
{
	logs("logs/hostile");
	ck_assert_int_eq(known_int("logs.retention_days"), 2);
	ck_assert_str_eq(facts_str(fs, "logs.rotate_config"),
	    "/etc/logrotate.d/mail");
}
END_TEST

START_TEST(test_journald)
{
	logs("logs/journald");
	/* 6 months of 30.44 days; the [Upload] section does not count */
	ck_assert_int_eq(known_int("logs.journald_max_days"), 182);
	ck_assert(has_evidence("logs.journald_max_days",
	    "50-retention.conf:2: MaxRetentionSec=6month"));
	reason("logs.retention_days");
}
END_TEST

START_TEST(test_offline_root)
{
	struct gather_opts	 o;
	char			*root = unit_data("logs/rhel");

	memset(&o, 0, sizeof o);
	o.root = root;
	o.offline = 1;
	ck_assert_int_eq(gather_run(&o, fs, NULL), 0);
	ck_assert_str_eq(facts_str(fs, "os.id"), "rocky");
	ck_assert_int_eq(known_int("logs.retention_days"), 182);
	ck_assert_ptr_nonnull(strstr(reason("fw.port.25.allowed"),
	    "--root"));
	reason("fw.port.587.allowed_v6");
	/* offline: no probe ran */
	ck_assert_ptr_null(facts_get(fs, "smtp.25.starttls"));
	free(root);
}
END_TEST

/* facts_merge copies values, states, reasons and evidence. */
START_TEST(test_merge)
{
	struct facts		*src = facts_create();
	const struct fact	*f;
	struct fact		*n;

	n = facts_set_list(src, "dns.mx");
	fact_list_add(n, "10 mx.example.com");
	fact_evidence(n, "127.0.0.1", "example.com MX");
	facts_set_int(src, "records.dkim.bits", 2048);
	facts_set_bool(src, "smtp.25.starttls", 1);
	facts_set_error(src, "dns.dmarc", FACT_LIST, "timeout");
	facts_set_str(fs, "mta.name", "postfix");
	facts_set_bool(fs, "smtp.25.starttls", 0);
	facts_merge(fs, src);
	facts_free(src);
	ck_assert_uint_eq(fs->n, 5);
	f = facts_get(fs, "dns.mx");
	ck_assert(fact_list_has(f, "10 mx.example.com"));
	ck_assert_uint_eq(f->nev, 1);
	ck_assert_str_eq(f->ev[0].text, "example.com MX");
	ck_assert_int_eq(known_int("records.dkim.bits"), 2048);
	ck_assert_int_eq(facts_get(fs, "smtp.25.starttls")->b, 1);
	f = facts_get(fs, "dns.dmarc");
	ck_assert_int_eq(f->state, FACT_ERROR);
	ck_assert_str_eq(f->reason, "timeout");
	ck_assert_str_eq(facts_str(fs, "mta.name"), "postfix");
}
END_TEST

static Suite *
gather_suite(void)
{
	Suite	*s = suite_create("gather");
	TCase	*tc = tcase_create("logs");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_debian_weekly_4);
	tcase_add_test(tc, test_rhel_syslog_26_weekly);
	tcase_add_test(tc, test_maxage_wins);
	tcase_add_test(tc, test_missing_config);
	tcase_add_test(tc, test_no_rule);
	tcase_add_test(tc, test_size_unknown);
	tcase_add_test(tc, test_hostile);
	tcase_add_test(tc, test_journald);
	tcase_add_test(tc, test_offline_root);
	tcase_add_test(tc, test_merge);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(gather_suite)
