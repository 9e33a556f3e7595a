/*
 * check_spf.c - the SPF parser and lint (tables, no network), and the
 * recursive evaluation over the lint corpus: tests/data/spf/
 * spf.example.zone served by tests/fixtures/pydns.py on a loopback port
 * (chosen at run time, read from --port-file), with the lookup count,
 * void count, verdict, findings and per-address result of each name in
 * tests/data/spf/expect.txt.
 */
#include "mh.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe.h"
#include "spf.h"
#include "unit.h"

#define CORPUS_MAX	128

struct corpus_row {
	char	 name[64];
	int	 lookups, voids;
	char	 verdict[16];
	char	 ids[256];	/* space-separated, sorted as written */
	char	 res4[16], res6[16];
};

static struct corpus_row corpus[CORPUS_MAX];
static int		 ncorpus;
static pid_t		 dns_pid;
static char		 dns_server[64];
static char		 tmpdir[] = "/tmp/check_spf.XXXXXX";

/* Parser table. */
struct parse_case {
	const char	*text;
	int		 ok;
	const char	*needle;	/* in the reason, or NULL */
	int		 nterms;
	int		 nmacros;
};

static const struct parse_case parse_cases[] = {
	{ "v=spf1 -all", 1, NULL, 1, 0 },
	{ "v=spf1", 1, NULL, 0, 0 },
	{ "v=spf1   ip4:192.0.2.1   -all  ", 1, NULL, 2, 0 },
	{ "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 mx a:x.example/24//64 "
	    "~all", 1, NULL, 5, 0 },
	{ "v=spf1 include:_spf.example.com ?all", 1, NULL, 2, 0 },
	{ "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} -all", 1, NULL, 2, 3 },
	{ "v=spf1 redirect=_spf.example.com", 1, NULL, 0, 0 },
	{ "v=spf1 exp=explain.%{d} -all", 1, NULL, 1, 1 },
	{ "v=spf1 a/24 mx//64 ptr ptr:example.org -all", 1, NULL, 5, 0 },
	{ "v=spf1 foo=bar x-y.z=%{d} -all", 1, NULL, 1, 0 },
	{ "V=SPF1 IP4:192.0.2.1 -ALL", 1, NULL, 2, 0 },
	{ "v=spf1 a:%{d}", 1, NULL, 1, 1 },
	{ "v=spf10 -all", 0, "v=spf1", 0, 0 },
	{ "spf2.0/pra -all", 0, "v=spf1", 0, 0 },
	{ "v=spf1 foo:bar.example -all", 0, "foo:bar.example", 0, 0 },
	{ "v=spf1 include: -all", 0, "include:", 0, 0 },
	{ "v=spf1 include -all", 0, "\"include\"", 0, 0 },
	{ "v=spf1 ip4:192.0.2.300", 0, "ip4:192.0.2.300", 0, 0 },
	{ "v=spf1 ip4:192.0.2.0/33", 0, "ip4:192.0.2.0/33", 0, 0 },
	{ "v=spf1 ip6:2001:db8::/129", 0, "ip6:2001:db8::/129", 0, 0 },
	{ "v=spf1 ip4:2001:db8::1", 0, "ip4:2001:db8::1", 0, 0 },
	{ "v=spf1 ip6:192.0.2.1", 0, "ip6:192.0.2.1", 0, 0 },
	{ "v=spf1 all:x", 0, "all:x", 0, 0 },
	{ "v=spf1 -all/24", 0, "-all/24", 0, 0 },
	{ "v=spf1 include:localhost", 0, "include:localhost", 0, 0 },
	{ "v=spf1 include:example.123", 0, "include:example.123", 0, 0 },
	{ "v=spf1 exists:%{z}.example.com", 0, "%{z}", 0, 0 },
	{ "v=spf1 exists:%x.example.com", 0, "%x", 0, 0 },
	{ "v=spf1 redirect=a.example redirect=b.example", 0, "twice", 0, 0 },
	{ "v=spf1 exp=a.example exp=b.example", 0, "twice", 0, 0 },
	{ "v=spf1 a:x.example/24/", 0, "a:x.example/24/", 0, 0 },
	{ "v=spf1 mx:/24", 0, "mx:/24", 0, 0 },
	{ "v=spf1 ip4:192.0.2.1/024", 0, "/024", 0, 0 },
	{ "v=spf1 \001 -all", 0, "control", 0, 0 },
	{ "v=spf1 ip4:192.0.2.1 \xc3\xa9", 0, "non-ASCII", 0, 0 },
	{ "v=spf1 =x", 0, "=x", 0, 0 },
};

START_TEST(t_parse)
{
	const struct parse_case	*c = &parse_cases[_i];
	struct spf_record	 rec;
	char			*cause = NULL;
	int			 rv;

	rv = spf_parse(c->text, &rec, &cause);
	if (c->ok) {
		ck_assert_msg(rv == 0, "%s: %s", c->text, cause);
		ck_assert_int_eq((int)rec.nterms, c->nterms);
		ck_assert_int_eq(rec.nmacros, c->nmacros);
		spf_record_clear(&rec);
	} else {
		ck_assert_msg(rv == -1, "%s parsed", c->text);
		ck_assert_ptr_nonnull(cause);
		if (c->needle != NULL)
			ck_assert_msg(strstr(cause, c->needle) != NULL,
			    "%s: reason \"%s\" lacks \"%s\"", c->text, cause,
			    c->needle);
		free(cause);
	}
}
END_TEST

START_TEST(t_parse_fields)
{
	struct spf_record	 rec;
	char			*cause = NULL;

	ck_assert_int_eq(spf_parse("v=spf1 -ip4:192.0.2.0/24 "
	    "~a:mail.example.org/28//56 ?mx +include:x.example ptr "
	    "ip6:2001:db8::/48 all redirect=r.example exp=e.example "
	    "ip4:192.0.2.9", &rec, &cause), 0);
	ck_assert_int_eq((int)rec.nterms, 8);
	ck_assert_int_eq(rec.terms[0].qual, '-');
	ck_assert_int_eq(rec.terms[0].mech, SPF_IP4);
	ck_assert_int_eq(rec.terms[0].cidr4, 24);
	ck_assert_int_eq(rec.terms[1].qual, '~');
	ck_assert_int_eq(rec.terms[1].mech, SPF_A);
	ck_assert_str_eq(rec.terms[1].domain, "mail.example.org");
	ck_assert_int_eq(rec.terms[1].cidr4, 28);
	ck_assert_int_eq(rec.terms[1].cidr6, 56);
	ck_assert_int_eq(rec.terms[2].qual, '?');
	ck_assert_ptr_null(rec.terms[2].domain);
	ck_assert_int_eq(rec.terms[3].mech, SPF_INCLUDE);
	ck_assert_int_eq(rec.terms[3].qual, '+');
	ck_assert_int_eq(rec.terms[5].cidr6, 48);
	ck_assert_int_eq(rec.all, 6);
	ck_assert_int_eq(rec.after_all, 1);
	ck_assert_int_eq(rec.nptr, 1);
	ck_assert_str_eq(rec.redirect, "r.example");
	ck_assert_str_eq(rec.exp, "e.example");
	spf_record_clear(&rec);
}
END_TEST

/* Lint table: record -> the ids that must be reported. */
struct lint_case {
	const char	*text;
	const char	*ids;
};

static const struct lint_case lint_cases[] = {
	{ "v=spf1 mx -all", "" },
	{ "v=spf1 +all", "SPF-03" },
	{ "v=spf1 all", "SPF-03" },
	{ "v=spf1 ?all", "SPF-04" },
	{ "v=spf1 mx", "SPF-05" },
	{ "v=spf1 mx redirect=x.example", "" },
	{ "v=spf1 mx ~all", "SPF-06" },
	{ "v=spf1 ptr -all", "SPF-08" },
	{ "v=spf1 -all mx", "SPF-09" },
	{ "v=spf1 -all redirect=x.example", "SPF-17" },
	{ "v=spf1 exists:%{i}.x.example -all", "SPF-15" },
};

START_TEST(t_lint)
{
	const struct lint_case	*c = &lint_cases[_i];
	struct spf_record	 rec;
	struct spf_findings	 fs;
	char			*cause = NULL, got[256];
	size_t			 i;

	memset(&fs, 0, sizeof fs);
	ck_assert_int_eq(spf_parse(c->text, &rec, &cause), 0);
	spf_lint(&rec, "x.example", &fs);
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
	spf_record_clear(&rec);
}
END_TEST

static void
check_spf_load_corpus(void)
{
	char		*path = unit_data("spf/expect.txt"), line[512], *p;
	char		*tok;
	FILE		*f;
	struct corpus_row *r;

	if ((f = fopen(path, "r")) == NULL)
		abort();
	while (fgets(line, sizeof line, f) != NULL && ncorpus < CORPUS_MAX) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		r = &corpus[ncorpus++];
		memset(r, 0, sizeof *r);
		p = line;
		tok = strsep(&p, " \t");
		snprintf(r->name, sizeof r->name, "%s", tok);
		while (p != NULL && (*p == ' ' || *p == '\t'))
			p++;
		if (sscanf(p, "%d %d %15s", &r->lookups, &r->voids,
		    r->verdict) != 3)
			abort();
		strsep(&p, " \t");
		strsep(&p, " \t");
		strsep(&p, " \t");
		while ((tok = strsep(&p, " \t")) != NULL) {
			if (*tok == '\0')
				continue;
			if (strncmp(tok, "4=", 2) == 0)
				snprintf(r->res4, sizeof r->res4, "%s",
				    tok + 2);
			else if (strncmp(tok, "6=", 2) == 0)
				snprintf(r->res6, sizeof r->res6, "%s",
				    tok + 2);
			else {
				if (*r->ids != '\0')
					strncat(r->ids, " ", sizeof r->ids -
					    strlen(r->ids) - 1);
				strncat(r->ids, tok, sizeof r->ids -
				    strlen(r->ids) - 1);
			}
		}
	}
	fclose(f);
	free(path);
}

static void
check_spf_dns_start(void)
{
	const char	*top = getenv("top_srcdir");
	char		*script, *zone, *pf, buf[32];
	FILE		*f;
	int		 i;

	if (top == NULL)
		top = ".";
	if (mkdtemp(tmpdir) == NULL)
		abort();
	if (asprintf(&script, "%s/tests/fixtures/pydns.py", top) == -1 ||
	    asprintf(&zone, "%s/tests/data/spf/spf.example.zone", top) == -1 ||
	    asprintf(&pf, "%s/port", tmpdir) == -1)
		abort();
	if ((dns_pid = fork()) == 0) {
		char	*argv[] = { "/usr/bin/python3", script, "--port", "0",
		    "--port-file", pf, zone, NULL };

		if (freopen("/dev/null", "w", stdout) == NULL)
			_exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	for (i = 0; i < 200; i++) {
		if ((f = fopen(pf, "r")) != NULL) {
			if (fgets(buf, sizeof buf, f) != NULL) {
				fclose(f);
				snprintf(dns_server, sizeof dns_server,
				    "127.0.0.1:%ld", strtol(buf, NULL, 10));
				break;
			}
			fclose(f);
		}
		usleep(50000);
	}
	free(script);
	free(zone);
	free(pf);
}

static void
check_spf_dns_stop(void)
{
	char	path[sizeof tmpdir + 16];

	if (dns_pid > 0) {
		kill(dns_pid, SIGTERM);
		waitpid(dns_pid, NULL, 0);
	}
	snprintf(path, sizeof path, "%s/port", tmpdir);
	unlink(path);
	rmdir(tmpdir);
}

static struct probe_loop *
check_spf_loop(void)
{
	struct probe_opts	 po;
	struct probe_loop	*l;
	char			*cause = NULL;

	ck_assert_msg(dns_server[0] != '\0', "the DNS fixture did not start "
	    "(python3-dnslib missing?)");
	memset(&po, 0, sizeof po);
	po.dns_server = dns_server;
	po.run_deadline_ms = 20000;
	po.dns_timeout_ms = 1000;
	l = probe_loop_create(&po, &cause);
	ck_assert_msg(l != NULL, "%s", cause);
	return l;
}

START_TEST(t_corpus)
{
	const struct corpus_row	*c;
	struct spf_result	 r;
	struct probe_loop	*l;
	char			*cause = NULL, *name, got[256];
	size_t			 i;

	ck_assert_int_ge(ncorpus, 30);
	ck_assert_int_lt(_i, ncorpus);
	c = &corpus[_i];
	l = check_spf_loop();
	if (asprintf(&name, "%s.spf.example", c->name) == -1)
		abort();
	ck_assert_msg(spf_eval(l, name, "192.0.2.1", "2001:db8::1", &r,
	    &cause) == 0, "%s: %s", name, cause);
	got[0] = '\0';
	for (i = 0; i < r.findings.n; i++) {
		if (strcmp(r.findings.v[i].id, "SPF-10") == 0)
			continue;
		if (*got != '\0')
			strncat(got, " ", sizeof got - strlen(got) - 1);
		strncat(got, r.findings.v[i].id, sizeof got - strlen(got) - 1);
	}
	ck_assert_msg(strcmp(r.verdict, c->verdict) == 0, "%s: verdict %s, "
	    "want %s (%s)", name, r.verdict, c->verdict, r.why);
	ck_assert_msg(r.lookups == c->lookups, "%s: %d lookups, want %d",
	    name, r.lookups, c->lookups);
	ck_assert_msg(r.voids == c->voids, "%s: %d voids, want %d", name,
	    r.voids, c->voids);
	ck_assert_msg(strcmp(got, c->ids) == 0, "%s: findings \"%s\", want "
	    "\"%s\"", name, got, c->ids);
	if (*c->res4 != '\0')
		ck_assert_msg(strcmp(spf_res_name(r.res4), c->res4) == 0,
		    "%s: IPv4 %s, want %s", name, spf_res_name(r.res4),
		    c->res4);
	if (*c->res6 != '\0')
		ck_assert_msg(strcmp(spf_res_name(r.res6), c->res6) == 0,
		    "%s: IPv6 %s, want %s", name, spf_res_name(r.res6),
		    c->res6);
	/* Evidence: the first answer names the server and the TTL. */
	ck_assert_uint_gt(r.ntrace, 0);
	ck_assert_msg(strstr(r.trace[0], dns_server) != NULL &&
	    strstr(r.trace[0], "ttl") != NULL, "%s", r.trace[0]);
	spf_result_clear(&r);
	free(name);
	probe_loop_free(l);
}
END_TEST

/* Named terms: the include that went over and the 3rd void. */
START_TEST(t_named)
{
	struct spf_result	 r;
	struct probe_loop	*l = check_spf_loop();
	char			*cause = NULL;

	ck_assert_int_eq(spf_eval(l, "nest.spf.example", NULL, NULL, &r,
	    &cause), 0);
	ck_assert_str_eq(r.over_by, "a:h2.spf.example (nest2.spf.example)");
	ck_assert_ptr_nonnull(strstr(r.why, "nest2.spf.example"));
	spf_result_clear(&r);
	ck_assert_int_eq(spf_eval(l, "void3.spf.example", NULL, NULL, &r,
	    &cause), 0);
	ck_assert_str_eq(r.void_by, "a:nx3.spf.example (void3.spf.example)");
	spf_result_clear(&r);
	ck_assert_int_eq(spf_eval(l, "loop-a.spf.example", NULL, NULL, &r,
	    &cause), 0);
	ck_assert_ptr_nonnull(strstr(r.why, "loop-a.spf.example -> "
	    "loop-b.spf.example -> loop-a.spf.example"));
	spf_result_clear(&r);
	ck_assert_int_eq(spf_eval(l, "syn-ip4.spf.example", NULL, NULL, &r,
	    &cause), 0);
	ck_assert_ptr_nonnull(strstr(r.why, "ip4:192.0.2.300"));
	spf_result_clear(&r);
	probe_loop_free(l);
}
END_TEST

/* A server that does not answer: temperror, not "none". */
START_TEST(t_no_server)
{
	struct probe_opts	 po;
	struct probe_loop	*l;
	struct spf_result	 r;
	char			*cause = NULL;

	memset(&po, 0, sizeof po);
	po.dns_server = "127.0.0.1:9";
	po.dns_timeout_ms = 300;
	po.dns_tries = 1;
	po.run_deadline_ms = 5000;
	l = probe_loop_create(&po, &cause);
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(spf_eval(l, "ok-ip.spf.example", "192.0.2.1", NULL,
	    &r, &cause), 0);
	ck_assert_str_eq(r.verdict, "temperror");
	ck_assert(!spf_findings_has(&r.findings, "SPF-01"));
	spf_result_clear(&r);
	probe_loop_free(l);
}
END_TEST

static Suite *
check_spf_suite(void)
{
	Suite	*s = suite_create("spf");
	TCase	*tc;

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, t_parse, 0, (int)nitems(parse_cases));
	tcase_add_test(tc, t_parse_fields);
	tcase_add_loop_test(tc, t_lint, 0, (int)nitems(lint_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("corpus");
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, check_spf_dns_start,
	    check_spf_dns_stop);
	/* one TAP line per corpus row */
	check_spf_load_corpus();
	tcase_add_loop_test(tc, t_corpus, 0, ncorpus);
	tcase_add_test(tc, t_named);
	tcase_add_test(tc, t_no_server);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(check_spf_suite)
