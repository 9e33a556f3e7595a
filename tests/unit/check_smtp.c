/*
 * check_smtp.c - the SMTP reply parser (multi-line, bad codes, caps,
 * missing CRLF), banner disclosure, mynetworks matching, and the fact
 * mapping of the probes against a scripted server in a child process
 * (run with curl_easy_perform: the test-only path of probe_smtp).
 */
#include "mh.h"

#include <sys/socket.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "fact.h"
#include "probe_smtp.h"
#include "smtp.h"
#include "unit.h"

static int
parse(struct smtp_parser *p, const char *s)
{
	smtp_parser_init(p);
	return smtp_parse(p, s, strlen(s));
}

START_TEST(test_multiline)
{
	struct smtp_parser	p;

	ck_assert_int_eq(parse(&p, "220 mx ESMTP\r\n250-mx\r\n250-SIZE 100"
	    "\r\n250-AUTH PLAIN LOGIN\r\n250 STARTTLS\r\n"), 0);
	ck_assert_uint_eq(p.nreplies, 2);
	ck_assert_int_eq(p.replies[0].code, 220);
	ck_assert_uint_eq(p.replies[1].nlines, 4);
	ck_assert_str_eq(smtp_ehlo_find(&p.replies[1], "size"), "100");
	ck_assert_str_eq(smtp_ehlo_find(&p.replies[1], "AUTH"),
	    "PLAIN LOGIN");
	ck_assert_str_eq(smtp_ehlo_find(&p.replies[1], "STARTTLS"), "");
	ck_assert_ptr_null(smtp_ehlo_find(&p.replies[1], "VRFY"));
	ck_assert_uint_eq(p.bare_lf, 0);
	smtp_parser_clear(&p);
}
END_TEST

START_TEST(test_bad)
{
	struct smtp_parser	p;
	char			*big;

	ck_assert_int_eq(parse(&p, "999 no\r\n"), -1);
	ck_assert_ptr_nonnull(p.error);
	smtp_parser_clear(&p);
	ck_assert_int_eq(parse(&p, "2x0 no\r\n"), -1);
	smtp_parser_clear(&p);
	ck_assert_int_eq(parse(&p, "220x\r\n"), -1);
	smtp_parser_clear(&p);
	ck_assert_int_eq(parse(&p, "220-a\r\n250 b\r\n"), -1);
	ck_assert_ptr_nonnull(strstr(p.error, "changes"));
	smtp_parser_clear(&p);
	ck_assert_int_eq(parse(&p, "220 no crlf"), -1);
	ck_assert_ptr_nonnull(strstr(p.error, "CRLF"));
	smtp_parser_clear(&p);
	ck_assert_int_eq(parse(&p, "220-open\r\n"), -1);
	smtp_parser_clear(&p);
	ck_assert_int_eq(parse(&p, "220 bare\n"), 0);
	ck_assert_uint_eq(p.bare_lf, 1);
	smtp_parser_clear(&p);
	ck_assert_int_eq(parse(&p, "220\r\n"), 0);
	smtp_parser_clear(&p);
	ck_assert_int_eq(parse(&p, "220 a\x01\xff\r\n"), 0);
	ck_assert_str_eq(p.replies[0].lines[0], "a??");
	smtp_parser_clear(&p);

	big = malloc(SMTP_LINE_CAP + 16);
	memset(big, 'x', SMTP_LINE_CAP + 10);
	memcpy(big, "220 ", 4);
	memcpy(big + SMTP_LINE_CAP + 8, "\r\n", 3);
	ck_assert_int_eq(parse(&p, big), -1);
	ck_assert_ptr_nonnull(strstr(p.error, "4 KiB"));
	smtp_parser_clear(&p);
	free(big);
}
END_TEST

START_TEST(test_caps)
{
	struct smtp_parser	p;
	size_t			i;
	int			rc = 0;

	smtp_parser_init(&p);
	for (i = 0; i < SMTP_MAX_LINES + 5 && rc != -1; i++)
		rc = smtp_parser_line(&p, "250-x\r\n", 7);
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_nonnull(strstr(p.error, "too many lines"));
	smtp_parser_clear(&p);

	smtp_parser_init(&p);
	rc = 0;
	for (i = 0; i < SMTP_MAX_REPLIES + 5 && rc != -1; i++)
		rc = smtp_parser_line(&p, "250 x\r\n", 7);
	ck_assert_int_eq(rc, -1);
	ck_assert_uint_eq(p.nreplies, SMTP_MAX_REPLIES);
	smtp_parser_clear(&p);

	smtp_parser_init(&p);
	rc = 0;
	for (i = 0; i < 100 && rc != -1; i++) {
		char	line[2048];

		memset(line, 'y', sizeof line);
		memcpy(line, "220-", 4);
		rc = smtp_parser_line(&p, line, sizeof line);
	}
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_nonnull(strstr(p.error, "64 KiB"));
	smtp_parser_clear(&p);
}
END_TEST

START_TEST(test_banner)
{
	const char	*w;
	size_t		 n;

	ck_assert_int_eq(smtp_banner_discloses("mx.test.example ESMTP "
	    "Postfix (Debian/GNU)", &w, &n), 1);
	ck_assert_int_eq((int)n, 7);
	ck_assert_int_eq(smtp_banner_discloses("mail ESMTP Exim 4.96", &w,
	    &n), 1);
	ck_assert_int_eq(smtp_banner_discloses("mx ESMTP ready v8.15.2", &w,
	    &n), 1);
	ck_assert_int_eq(smtp_banner_discloses("mx.test.example ESMTP", &w,
	    &n), 0);
	ck_assert_int_eq(smtp_banner_discloses("mx1.example.org 192.0.2.1 "
	    "ESMTP", &w, &n), 0);
}
END_TEST

START_TEST(test_mynetworks)
{
	char	*key;

	ck_assert_int_eq(probe_smtp_in_mynetworks("127.0.0.1",
	    "127.0.0.0/8 [::1]/128"), 1);
	ck_assert_int_eq(probe_smtp_in_mynetworks("127.0.0.1",
	    "192.0.2.1/32"), 0);
	ck_assert_int_eq(probe_smtp_in_mynetworks("10.1.2.3", "0.0.0.0/0"), 1);
	ck_assert_int_eq(probe_smtp_in_mynetworks("10.1.2.3",
	    "10.1.0.0/17"), 1);
	ck_assert_int_eq(probe_smtp_in_mynetworks("10.1.200.3",
	    "10.1.0.0/17"), 0);
	ck_assert_int_eq(probe_smtp_in_mynetworks("::1", "[::1]/128"), 1);
	ck_assert_int_eq(probe_smtp_in_mynetworks("127.0.0.1",
	    "hash:/etc/postfix/network_table"), -1);
	key = probe_smtp_target_key("127.0.0.1:2525");
	ck_assert_str_eq(key, "127_0_0_1_2525");
	free(key);
}
END_TEST

/* A scripted server: answers each command line with the next reply. */
static pid_t
serve(const char *const *script, int *port)
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof sin;
	char			buf[1024];
	pid_t			pid;
	int			s, c, i;

	s = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(s, (struct sockaddr *)&sin, sizeof sin), 0);
	ck_assert_int_eq(listen(s, 8), 0);
	getsockname(s, (struct sockaddr *)&sin, &len);
	*port = ntohs(sin.sin_port);
	if ((pid = fork()) != 0) {
		close(s);
		return pid;
	}
	signal(SIGTERM, SIG_DFL);	/* Check's handler kills the group */
	alarm(10);
	for (;;) {
		if ((c = accept(s, NULL, NULL)) == -1)
			_exit(0);
		for (i = 0; script[i] != NULL; i++) {
			if (i > 0 && read(c, buf, sizeof buf) <= 0)
				break;
			if (write(c, script[i], strlen(script[i])) < 0)
				break;
		}
		close(c);
	}
}

static int
perform(void *ctx, void *easy, int timeout_ms, probe_curl_fn done, void *arg)
{
	CURLcode	rc;

	(void)ctx;
	curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
	rc = curl_easy_perform(easy);
	done(NULL, easy, (int)rc, 0, arg);
	return 0;
}

static const struct fact *
get(struct facts *fs, const char *name)
{
	const struct fact	*f = facts_get(fs, name);

	ck_assert_msg(f != NULL, "no fact %s", name);
	return f;
}

START_TEST(test_facts)
{
	static const char *const script[] = {
		"220 mx.example ESMTP Postfix 3.7.11\r\n",
		"250-mx.example\r\n250-PIPELINING\r\n250-SIZE 5000\r\n"
		    "250 AUTH PLAIN\r\n",
		"550 5.1.1 User unknown\r\n",
		"221 bye\r\n", NULL
	};
	static const char *const busy[] = {
		"421 4.7.0 Too busy\r\n", NULL
	};
	struct probe_smtp_opts	 o;
	struct probe_smtp_run	*r;
	struct facts		*fs;
	const struct fact	*f;
	char			 name[64];
	pid_t			 pid;
	int			 port;

	pid = serve(script, &port);
	fs = facts_create();
	memset(&o, 0, sizeof o);
	o.host = "127.0.0.1";
	o.port = (unsigned int)port;
	o.fact_port = 25;
	o.no_relay = 1;
	o.timeout_ms = 3000;
	r = probe_smtp_start_with(perform, NULL, fs, &o);
	ck_assert_uint_eq(probe_smtp_pending(r), 0);
	f = get(fs, "smtp.25.banner");
	ck_assert_str_eq(f->s, "mx.example ESMTP Postfix 3.7.11");
	ck_assert_uint_gt(f->nev, 0);
	ck_assert_int_eq(get(fs, "smtp.25.banner_discloses")->b, 1);
	ck_assert_int_eq(get(fs, "smtp.25.starttls")->b, 0);
	ck_assert_int_eq(get(fs, "smtp.25.auth_before_tls")->b, 1);
	ck_assert_int_eq((int)get(fs, "smtp.25.size")->i, 5000);
	ck_assert_int_eq(get(fs, "smtp.25.pipelining")->b, 1);
	ck_assert_int_eq(get(fs, "smtp.25.tls_version")->state, FACT_UNKNOWN);
	f = get(fs, "smtp.25.vrfy");
	ck_assert_int_eq(f->state, FACT_KNOWN);
	ck_assert_int_eq(f->b, 1);
	probe_smtp_free(r);
	facts_free(fs);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);

	pid = serve(busy, &port);
	fs = facts_create();
	o.port = (unsigned int)port;
	o.no_relay = 0;
	r = probe_smtp_start_with(perform, NULL, fs, &o);
	snprintf(name, sizeof name, "smtp.25.starttls");
	f = get(fs, name);
	ck_assert_int_eq(f->state, FACT_UNKNOWN);
	ck_assert_ptr_nonnull(strstr(f->reason, "421"));
	ck_assert_int_eq(get(fs, "smtp.25.open_relay")->state, FACT_UNKNOWN);
	probe_smtp_free(r);
	facts_free(fs);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}
END_TEST

static Suite *
smtp_suite(void)
{
	Suite	*s = suite_create("smtp");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_multiline);
	tcase_add_test(tc, test_bad);
	tcase_add_test(tc, test_caps);
	tcase_add_test(tc, test_banner);
	tcase_add_test(tc, test_mynetworks);
	tcase_add_test(tc, test_facts);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(smtp_suite)
