/*
 * check_report.c - the report writers over a model built by hand
 * (report_fixture.h): text lines fit 80 display columns and pages carry
 * their headers, item blocks are not split, HTML escapes hostile strings
 * and loads nothing from outside, JSON parses and names its schema, the
 * audit part keeps this session's changes and notices a broken chain.
 */
#include "mh.h"

#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "json.h"
#include "report_fixture.h"
#include "unit.h"

static char	tmpdir[] = "/tmp/check_report.XXXXXX";
static char	logpath[128];

static void
setup(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(logpath, sizeof logpath, "%s/audit/audit.log", tmpdir);
}

static void
teardown(void)
{
	char	p[160];

	unlink(logpath);
	snprintf(p, sizeof p, "%s/audit", tmpdir);
	rmdir(p);
	rmdir(tmpdir);
	memcpy(tmpdir + strlen(tmpdir) - 6, "XXXXXX", 6);
}

static char *
render(struct rfix *x, enum report_format f)
{
	struct buf	 b;
	char		*cause = NULL;

	buf_init(&b, 0);
	ck_assert_int_eq(report_render(&x->r, f, &b, &cause), 0);
	return buf_steal(&b);
}

START_TEST(test_format_names)
{
	enum report_format	f;

	ck_assert_int_eq(report_format_parse("html", &f), 0);
	ck_assert_int_eq(f, REPORT_HTML);
	ck_assert_int_eq(report_format_parse("json", &f), 0);
	ck_assert_int_eq(f, REPORT_JSON);
	ck_assert_int_eq(report_format_parse("text", &f), 0);
	ck_assert_int_eq(f, REPORT_TEXT);
	ck_assert_int_eq(report_format_parse("pdf", &f), -1);
	ck_assert_str_eq(report_format_name(REPORT_HTML), "html");
}
END_TEST

START_TEST(test_text_width_pages)
{
	struct rfix	 x;
	char		*t, *page, *save = NULL, *line, *s2, want[128];
	size_t		 lines;
	int		 n = 0;

	rfix_build(&x, 40, 1, 1, logpath);
	t = render(&x, REPORT_TEXT);
	for (page = strtok_r(t, "\f", &save); page != NULL;
	    page = strtok_r(NULL, "\f", &save)) {
		n++;
		snprintf(want, sizeof want,
		    "mailharden report — mail.example.com — page %d\n", n);
		ck_assert_msg(strncmp(page, want, strlen(want)) == 0,
		    "page %d starts with '%.60s'", n, page);
		lines = 0;
		for (line = page; *line != '\0'; line = s2 + 1) {
			if ((s2 = strchr(line, '\n')) == NULL)
				s2 = line + strlen(line) - 1;
			else
				*s2 = '\0';
			ck_assert_msg(mh_width(line) <= REPORT_TEXT_WIDTH,
			    "line over 80 columns: '%s'", line);
			lines++;
		}
		ck_assert_msg(lines <= REPORT_TEXT_PAGE, "page %d has %zu "
		    "lines", n, lines);
	}
	ck_assert_int_gt(n, 2);
	free(t);
	rfix_free(&x);
}
END_TEST

/* The "[VERDICT] ID" line and the item's last reference share a page. */
START_TEST(test_text_items_not_split)
{
	struct rfix	 x;
	char		*t, **pages = NULL, *save = NULL, *p, head[32];
	char		 ref[32];
	size_t		 np = 0, i, k, found;
	const char	*id;

	rfix_build(&x, 40, 0, 0, NULL);
	t = render(&x, REPORT_TEXT);
	for (p = strtok_r(t, "\f", &save); p != NULL;
	    p = strtok_r(NULL, "\f", &save)) {
		pages = xreallocarray(pages, np + 1, sizeof *pages);
		pages[np++] = p;
	}
	for (k = 0; k < x.run.nresults; k++) {
		id = x.run.results[k].item->id;
		snprintf(head, sizeof head, " %s  ", id);
		snprintf(ref, sizeof ref, "Ref-%s\n", id);
		found = 0;
		for (i = 0; i < np; i++) {
			if (strstr(pages[i], head) == NULL)
				continue;
			found++;
			ck_assert_msg(strstr(pages[i], ref) != NULL,
			    "item %s is split across pages", id);
		}
		ck_assert_msg(found == 1, "item %s found %zu times", id,
		    found);
	}
	ck_assert_uint_gt(np, 2);
	free(pages);
	free(t);
	rfix_free(&x);
}
END_TEST

START_TEST(test_text_content)
{
	struct rfix	x;
	char		*t;

	rfix_build(&x, 12, 0, 0, logpath);
	t = render(&x, REPORT_TEXT);
	ck_assert_ptr_nonnull(strstr(t, "[FAIL]    BL-02  Sample control 2"));
	ck_assert_ptr_nonnull(strstr(t, "[N/A]"));
	ck_assert_ptr_nonnull(strstr(t, "[WAIVED]"));
	ck_assert_ptr_nonnull(strstr(t, "EXPIRED"));
	ck_assert_ptr_nonnull(strstr(t, "Operator:"));
	ck_assert_ptr_nonnull(strstr(t, "root (sudo by alice) from "
	    "198.51.100.7 over SSH"));
	ck_assert_ptr_nonnull(strstr(t, "203.0.113.25, 2001:db8::25"));
	ck_assert_ptr_nonnull(strstr(t, "line 41: smtpd_tls_security_level"));
	ck_assert_ptr_nonnull(strstr(t, "no resolver answered within 5 s"));
	ck_assert_ptr_nonnull(strstr(t, "postconf -e"));
	ck_assert_ptr_nonnull(strstr(t, "intact: 4 records verified"));
	ck_assert_ptr_nonnull(strstr(t, x.r.audit.head));
	ck_assert_ptr_nonnull(strstr(t, "/usr/sbin/ufw allow 25/tcp"));
	ck_assert_ptr_null(strstr(t, "dry-run"));
	ck_assert_ptr_nonnull(strstr(t, "Prepared by"));
	ck_assert_ptr_nonnull(strstr(t, "Reviewed by"));
	free(t);
	rfix_free(&x);
}
END_TEST

START_TEST(test_text_long_host)
{
	struct rfix	 x;
	char		*t, *nl;

	rfix_build(&x, 4, 0, 0, NULL);
	facts_set_str(x.fs, "host.fqdn", "a-very-long-host-name-that-goes-on."
	    "and-on.and-on.and-on.example.com");
	t = render(&x, REPORT_TEXT);
	nl = strchr(t, '\n');
	*nl = '\0';
	ck_assert_int_lt(mh_width(t), REPORT_TEXT_WIDTH);
	ck_assert_ptr_nonnull(strstr(t, "page 1"));
	free(t);
	rfix_free(&x);
}
END_TEST

START_TEST(test_html_escaping)
{
	struct rfix	 x;
	char		*h, *p, *e;

	rfix_build(&x, 10, 1, 0, logpath);
	h = render(&x, REPORT_HTML);
	ck_assert_ptr_null(strstr(h, "<script"));
	ck_assert_ptr_nonnull(strstr(h, "&lt;script&gt;alert(&quot;x&quot;)"
	    "&lt;/script&gt; &amp; &#39;q&#39;"));
	ck_assert_ptr_nonnull(strstr(h, "/etc/&quot;quoted&quot; &lt;file"
	    "&gt;"));
	ck_assert_ptr_null(strstr(h, "http://"));
	ck_assert_ptr_null(strstr(h, "https://"));
	ck_assert_ptr_null(strstr(h, "src="));
	ck_assert_ptr_null(strstr(h, "href="));
	ck_assert_ptr_null(strstr(h, "url("));
	ck_assert_ptr_null(strstr(h, "@import"));
	/* Every tag is one of ours: no attribute but class/style/lang/... */
	for (p = h; (p = strchr(p, '<')) != NULL; p = e) {
		e = strchr(p, '>');
		ck_assert_ptr_nonnull(e);
		ck_assert_ptr_null(memchr(p + 1, '<', (size_t)(e - p - 1)));
	}
	ck_assert_ptr_nonnull(strstr(h, "<meta charset=\"utf-8\">"));
	ck_assert_ptr_nonnull(strstr(h, "<html lang=\"en\">"));
	ck_assert_ptr_nonnull(strstr(h, "size: A4"));
	ck_assert_ptr_nonnull(strstr(h, "tr, .item { break-inside: avoid; "
	    "page-break-inside: avoid; }"));
	ck_assert_ptr_nonnull(strstr(h, "<span class=\"badge v-FAIL\">FAIL"
	    "</span>"));
	ck_assert_ptr_nonnull(strstr(h, "<span class=\"badge v-NA\">N/A"));
	ck_assert_ptr_nonnull(strstr(h, x.r.audit.head));
	ck_assert_ptr_nonnull(strstr(h, "Prepared by"));
	free(h);
	rfix_free(&x);
}
END_TEST

START_TEST(test_json)
{
	struct rfix		 x;
	struct json		*j;
	const struct json	*items, *it, *a, *ch;
	char			*t, *cause = NULL;
	long long		 v;

	rfix_build(&x, 20, 1, 1, logpath);
	t = render(&x, REPORT_JSON);
	j = json_parse(t, strlen(t), &cause);
	ck_assert_msg(j != NULL, "json: %s", cause);
	ck_assert_str_eq(json_get_str(j, "schema"), REPORT_SCHEMA);
	items = json_get(j, "items");
	ck_assert_ptr_nonnull(items);
	ck_assert_uint_eq(json_count(items), 20);
	it = items->child->next;
	ck_assert_str_eq(json_get_str(it, "id"), "BL-02");
	ck_assert_str_eq(json_get_str(it, "verdict"), "FAIL");
	ck_assert_str_eq(json_get_str(items->child, "verdict"), "PASS");
	a = json_get(j, "audit");
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(json_get(a, "intact")->b, 1);
	ck_assert_int_eq(json_get_int(a, "records", &v), 0);
	ck_assert_int_eq(v, 4);
	ch = json_get(a, "changes");
	ck_assert_uint_eq(json_count(ch), 2);
	ck_assert_str_eq(json_get_str(ch->child, "action"), "intent");
	ck_assert_str_eq(json_get_str(ch->child, "session"), x.session);
	ck_assert_int_eq(json_get_int(json_get(json_get(j, "scores"),
	    "total"), "counted", &v), 0);
	ck_assert_int_eq(v, (long long)x.run.total.counted);
	json_free(j);
	free(t);
	rfix_free(&x);
}
END_TEST

START_TEST(test_audit_missing_and_broken)
{
	struct report_audit	 a;
	struct rfix		 x;
	FILE			*f;
	char			*txt, *p;
	long			 len;

	report_audit_load(&a, "/nonexistent/mh/audit.log", NULL, 0, 0);
	ck_assert_int_eq(a.readable, 0);
	ck_assert_ptr_nonnull(a.why);
	report_audit_clear(&a);

	rfix_build(&x, 2, 0, 0, logpath);
	rfix_free(&x);
	/* Every session, and nothing before the far future. */
	report_audit_load(&a, logpath, NULL, 0, 0);
	ck_assert_int_eq(a.intact, 1);
	ck_assert_uint_eq(a.nrecs, 3);
	report_audit_clear(&a);
	report_audit_load(&a, logpath, NULL, 0, 4102444800);
	ck_assert_uint_eq(a.nrecs, 0);
	ck_assert_ptr_nonnull(strstr(a.scope, "2100-01-01"));
	report_audit_clear(&a);

	f = fopen(logpath, "r+");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	txt = xcalloc(1, (size_t)len + 1);
	ck_assert_int_eq(fread(txt, 1, (size_t)len, f), len);
	p = strstr(txt, "25/tcp");
	p[0] = '2';
	p[1] = '6';
	rewind(f);
	fwrite(txt, 1, (size_t)len, f);
	fclose(f);
	free(txt);
	report_audit_load(&a, logpath, NULL, 0, 0);
	ck_assert_int_eq(a.readable, 1);
	ck_assert_int_eq(a.intact, 0);
	ck_assert_uint_eq(a.bad_line, 1);
	ck_assert_ptr_nonnull(a.bad_reason);
	report_audit_clear(&a);
}
END_TEST

START_TEST(test_set_lang)
{
	char	*cause = NULL;

	ck_assert_int_eq(report_set_lang(NULL, &cause), 0);
	ck_assert_int_eq(report_set_lang("", &cause), 0);
	ck_assert_int_eq(report_set_lang("en", &cause), 0);
	ck_assert_int_eq(report_set_lang("zz_QQ", &cause), -1);
	ck_assert_ptr_nonnull(cause);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(report_set_lang("zh_CN; rm -rf /", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "not a language name"));
	free(cause);
}
END_TEST

static Suite *
report_suite(void)
{
	Suite	*s = suite_create("report");
	TCase	*tc = tcase_create("report");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_format_names);
	tcase_add_test(tc, test_text_width_pages);
	tcase_add_test(tc, test_text_items_not_split);
	tcase_add_test(tc, test_text_content);
	tcase_add_test(tc, test_text_long_host);
	tcase_add_test(tc, test_html_escaping);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_audit_missing_and_broken);
	tcase_add_test(tc, test_set_lang);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(report_suite)
