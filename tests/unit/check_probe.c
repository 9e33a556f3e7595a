/*
 * check_probe.c - the probe engine against the loopback DNS fixture
 * (tests/fixtures/pydns.py on a port chosen at run time): answers of
 * every type, concurrency vs max_parallel=1, per-probe and run
 * deadlines; the DNSBL decoder, query names, dnsbl.conf, the DNSBL
 * probes end to end, and resolver classification.
 */
#include "mh.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netinet/in.h>

#include <ares.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dnsbl.h"
#include "fact.h"
#include "probe.h"
#include "resolver.h"
#include "unit.h"

#define DELAY_MS	200

struct fixture {
	pid_t	pid;
	char	server[64];
};

static struct fixture	fx_fast, fx_slow;
static char		tmpdir[] = "/tmp/check_probe.XXXXXX";

static long long
check_probe_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
check_probe_fx_start(struct fixture *fx, int delay, const char *tag)
{
	const char	*top = getenv("top_srcdir");
	char		*script, *zones, *pf, delay_s[16], buf[32];
	FILE		*f;
	int		 i;

	if (top == NULL)
		top = ".";
	if (asprintf(&script, "%s/tests/fixtures/pydns.py", top) == -1 ||
	    asprintf(&zones, "%s/tests/data/dns", top) == -1 ||
	    asprintf(&pf, "%s/%s.port", tmpdir, tag) == -1)
		abort();
	snprintf(delay_s, sizeof delay_s, "%d", delay);
	if ((fx->pid = fork()) == 0) {
		char	cmd[4096];

		snprintf(cmd, sizeof cmd, "exec /usr/bin/python3 %s --port 0 "
		    "--port-file %s --delay-ms %s %s/*.zone >/dev/null",
		    script, pf, delay_s, zones);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 100; i++) {
		if ((f = fopen(pf, "r")) != NULL) {
			if (fgets(buf, sizeof buf, f) != NULL) {
				fclose(f);
				snprintf(fx->server, sizeof fx->server,
				    "127.0.0.1:%ld", strtol(buf, NULL, 10));
				break;
			}
			fclose(f);
		}
		usleep(50000);
	}
	free(script);
	free(zones);
	free(pf);
}

static void
check_probe_setup(void)
{
	if (mkdtemp(tmpdir) == NULL)
		abort();
	check_probe_fx_start(&fx_fast, 0, "fast");
	check_probe_fx_start(&fx_slow, DELAY_MS, "slow");
}

static void
check_probe_teardown(void)
{
	char	cmd[256];

	if (fx_fast.pid > 0) {
		kill(fx_fast.pid, SIGTERM);
		waitpid(fx_fast.pid, NULL, 0);
	}
	if (fx_slow.pid > 0) {
		kill(fx_slow.pid, SIGTERM);
		waitpid(fx_slow.pid, NULL, 0);
	}
	snprintf(cmd, sizeof cmd, "%s/fast.port", tmpdir);
	unlink(cmd);
	snprintf(cmd, sizeof cmd, "%s/slow.port", tmpdir);
	unlink(cmd);
	rmdir(tmpdir);
}

static struct probe_loop *
check_probe_loop(const char *server, int maxp)
{
	struct probe_opts	 o;
	struct probe_loop	*l;
	char			*cause = NULL;

	memset(&o, 0, sizeof o);
	o.dns_server = server;
	o.max_parallel = maxp;
	o.dns_timeout_ms = 3000;
	o.dns_tries = 1;
	l = probe_loop_create(&o, &cause);
	ck_assert_msg(l != NULL, "%s", cause ? cause : "?");
	return l;
}

/* Collected results. */
struct got {
	int	 n;
	int	 status[128];
	int	 timed_out[128];
	char	 text[128][512];
	long	 ms[128];
	char	 server[64];
};

static void
check_probe_collect(struct probe_loop *l, const struct probe_dns_result *r,
    void *arg)
{
	struct got	*g = arg;
	size_t		 i, o = 0;

	(void)l;
	if (g->n >= 128)
		return;
	g->status[g->n] = r->status;
	g->timed_out[g->n] = r->timed_out;
	g->ms[g->n] = r->elapsed_ms;
	g->text[g->n][0] = '\0';
	for (i = 0; i < r->nanswers; i++)
		o += (size_t)snprintf(g->text[g->n] + o,
		    o < 512 ? 512 - o : 0, "%s%s", i ? "|" : "",
		    r->answers[i]);
	snprintf(g->server, sizeof g->server, "%s", r->server);
	g->n++;
}

static const char *
check_probe_one(const char *name, int type, int *status)
{
	static struct got	 g;
	struct probe_loop	*l = check_probe_loop(fx_fast.server, 0);

	memset(&g, 0, sizeof g);
	ck_assert_int_eq(probe_dns(l, name, type, check_probe_collect, &g),
	    0);
	ck_assert_uint_eq(probe_loop_run(l, 5000), 0);
	ck_assert_int_eq(g.n, 1);
	ck_assert_str_eq(g.server, fx_fast.server);
	*status = g.status[0];
	probe_loop_free(l);
	return g.text[0];
}

START_TEST(test_records)
{
	int		 st;
	const char	*t;

	ck_assert_msg(fx_fast.server[0] != '\0', "fixture did not start");
	ck_assert_str_eq(check_probe_one("test.example", ns_t_mx, &st),
	    "10 mx.test.example|20 mx2.test.example");
	ck_assert_str_eq(check_probe_one("mx.test.example", ns_t_a, &st),
	    "192.0.2.10");
	ck_assert_str_eq(check_probe_one("mx.test.example", ns_t_aaaa, &st),
	    "2001:db8::10");
	ck_assert_str_eq(check_probe_one("10.2.0.192.in-addr.arpa",
	    ns_t_ptr, &st), "mx.test.example");
	ck_assert_str_eq(check_probe_one("multi.test.example", ns_t_txt,
	    &st), "first record|second record");
	t = check_probe_one("default._domainkey.test.example", ns_t_txt,
	    &st);
	ck_assert_int_eq(st, ARES_SUCCESS);
	ck_assert(strncmp(t, "v=DKIM1; k=rsa; p=", 18) == 0);
	ck_assert(strchr(t, '|') == NULL);	/* one record, strings joined */
	ck_assert(strlen(t) > 300);
	ck_assert_str_eq(check_probe_one("mail.test.example", ns_t_cname,
	    &st), "mx.test.example");
	t = check_probe_one("_25._tcp.mx.test.example", 52, &st);
	ck_assert(strncmp(t, "3 1 1 0000", 10) == 0);
	check_probe_one("nope.test.example", ns_t_a, &st);
	ck_assert_int_eq(st, ARES_ENOTFOUND);
	check_probe_one("mx2.test.example", ns_t_aaaa, &st);
	ck_assert_int_eq(st, ARES_ENODATA);
}
END_TEST

static void
check_probe_run_n(int maxp, int n, long *wall, struct got *g)
{
	static const char *const names[] = {
		"test.example", "mx.test.example", "_dmarc.test.example",
		"_mta-sts.test.example", "2.0.0.127.bl.test.example"
	};
	static const int types[] = {
		ns_t_mx, ns_t_a, ns_t_txt, ns_t_txt, ns_t_a
	};
	struct probe_loop	*l = check_probe_loop(fx_slow.server, maxp);
	long long		 t0;
	int			 i;

	memset(g, 0, sizeof *g);
	t0 = check_probe_now();
	for (i = 0; i < n; i++)
		probe_dns(l, names[i % 5], types[i % 5], check_probe_collect,
		    g);
	ck_assert_uint_eq(probe_loop_run(l, 20000), 0);
	*wall = (long)(check_probe_now() - t0);
	ck_assert_uint_eq(probe_loop_started(l), (size_t)n);
	probe_loop_free(l);
}

START_TEST(test_concurrent)
{
	struct got	g;
	long		wall;
	int		i;

	check_probe_run_n(0, 40, &wall, &g);
	ck_assert_int_eq(g.n, 40);
	for (i = 0; i < 40; i++)
		ck_assert_int_eq(g.status[i], ARES_SUCCESS);
	/* About one latency, not forty. */
	ck_assert_msg(wall >= DELAY_MS && wall < 3 * DELAY_MS,
	    "40 queries took %ld ms", wall);
}
END_TEST

START_TEST(test_serial)
{
	struct got	g;
	long		wall;

	check_probe_run_n(1, 5, &wall, &g);
	ck_assert_int_eq(g.n, 5);
	ck_assert_msg(wall >= 5 * DELAY_MS, "serial 5 took %ld ms", wall);
	ck_assert_msg(wall < 5 * DELAY_MS + 1000, "serial 5 took %ld ms",
	    wall);
}
END_TEST

/* A UDP socket that reads nothing: queries to it never get answers. */
static int
check_probe_blackhole(char *server, size_t sz)
{
	struct sockaddr_in	sin;
	socklen_t		sl = sizeof sin;
	int			fd;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert(bind(fd, (struct sockaddr *)&sin, sizeof sin) == 0);
	ck_assert(getsockname(fd, (struct sockaddr *)&sin, &sl) == 0);
	snprintf(server, sz, "127.0.0.1:%d", ntohs(sin.sin_port));
	return fd;
}

START_TEST(test_probe_timeout)
{
	struct probe_opts	 o;
	struct probe_loop	*l;
	struct got		 g;
	char			 srv[64], *cause = NULL;
	long long		 t0;
	long			 wall;
	int			 fd;

	fd = check_probe_blackhole(srv, sizeof srv);
	memset(&o, 0, sizeof o);
	o.dns_server = srv;
	o.dns_timeout_ms = 300;
	o.dns_tries = 1;
	l = probe_loop_create(&o, &cause);
	ck_assert(l != NULL);
	memset(&g, 0, sizeof g);
	t0 = check_probe_now();
	probe_dns(l, "test.example", ns_t_mx, check_probe_collect, &g);
	probe_dns(l, "test.example", ns_t_a, check_probe_collect, &g);
	ck_assert_uint_eq(probe_loop_run(l, 5000), 0);
	wall = (long)(check_probe_now() - t0);
	ck_assert_int_eq(g.n, 2);
	ck_assert_int_eq(g.timed_out[0], 1);
	ck_assert_int_eq(g.status[1], ARES_ETIMEOUT);
	ck_assert_msg(wall >= 250 && wall < 900, "timeout took %ld ms", wall);
	probe_loop_free(l);
	close(fd);
}
END_TEST

START_TEST(test_run_deadline)
{
	struct probe_opts	 o;
	struct probe_loop	*l;
	struct got		 g;
	char			 srv[64], *cause = NULL;
	long long		 t0;
	long			 wall;
	int			 fd, i;

	fd = check_probe_blackhole(srv, sizeof srv);
	memset(&o, 0, sizeof o);
	o.dns_server = srv;
	o.dns_timeout_ms = 5000;
	o.dns_tries = 2;
	o.max_parallel = 3;
	o.run_deadline_ms = 300;
	l = probe_loop_create(&o, &cause);
	memset(&g, 0, sizeof g);
	t0 = check_probe_now();
	for (i = 0; i < 10; i++)
		probe_dns(l, "test.example", ns_t_a, check_probe_collect, &g);
	ck_assert_uint_eq(probe_loop_run(l, -1), 0);
	wall = (long)(check_probe_now() - t0);
	ck_assert_int_eq(g.n, 10);	/* queued ones are reported too */
	for (i = 0; i < 10; i++)
		ck_assert_int_eq(g.timed_out[i], 1);
	ck_assert_msg(wall >= 280 && wall < 800, "deadline took %ld ms",
	    wall);
	/* After the deadline nothing new starts. */
	ck_assert_int_eq(probe_dns(l, "x.test.example", ns_t_a,
	    check_probe_collect, &g), -1);
	probe_loop_free(l);
	close(fd);
}
END_TEST

/* Callbacks start dependent probes: MX -> A of each exchange. */
static void
check_probe_mx_cb(struct probe_loop *l, const struct probe_dns_result *r,
    void *arg)
{
	struct got	*g = arg;
	size_t		 i;
	char		*sp;

	check_probe_collect(l, r, g);
	for (i = 0; i < r->nanswers; i++) {
		sp = strchr(r->answers[i], ' ');
		ck_assert(sp != NULL);
		ck_assert_int_eq(probe_dns(l, sp + 1, ns_t_a,
		    check_probe_collect, g), 0);
	}
}

START_TEST(test_chain)
{
	struct probe_loop	*l = check_probe_loop(fx_slow.server, 0);
	struct got		 g;
	long long		 t0;
	long			 wall;

	memset(&g, 0, sizeof g);
	t0 = check_probe_now();
	probe_dns(l, "test.example", ns_t_mx, check_probe_mx_cb, &g);
	ck_assert_uint_eq(probe_loop_run(l, 10000), 0);
	wall = (long)(check_probe_now() - t0);
	ck_assert_int_eq(g.n, 3);
	ck_assert_uint_eq(probe_loop_chain(l), 2);
	ck_assert_msg(wall >= 2 * DELAY_MS && wall < 4 * DELAY_MS,
	    "chain took %ld ms", wall);
	probe_loop_free(l);
}
END_TEST

START_TEST(test_server_syntax)
{
	static const char *const good[] = {
		"127.0.0.1", "127.0.0.1:5353", "[::1]:53", "::1"
	};
	static const char *const bad[] = {
		"127.0.0.1:0", "127.0.0.1:70000", "[::1", "host.example",
		"1.2.3.4:x", ""
	};
	struct probe_opts	 o;
	struct probe_loop	*l;
	char			*cause;
	size_t			 i;

	memset(&o, 0, sizeof o);
	for (i = 0; i < nitems(good); i++) {
		o.dns_server = good[i];
		cause = NULL;
		l = probe_loop_create(&o, &cause);
		ck_assert_msg(l != NULL, "%s: %s", good[i], cause);
		probe_loop_free(l);
	}
	o.dns_server = "[::1]:5353";
	l = probe_loop_create(&o, &cause);
	ck_assert_str_eq(probe_loop_server(l), "[::1]:5353");
	probe_loop_free(l);
	for (i = 0; i < nitems(bad); i++) {
		o.dns_server = bad[i];
		cause = NULL;
		ck_assert(probe_loop_create(&o, &cause) == NULL);
		ck_assert(cause != NULL);
		free(cause);
	}
}
END_TEST

static const char *check_probe_conf =
    "errors = ( { code = \"127.255.255.252\"; meaning = \"typo\"; },\n"
    "  { code = \"127.255.255.254\"; meaning = \"public resolver\"; } );\n"
    "zones = (\n"
    " { zone = \"bl.test.example\"; name = \"Test BL\"; kind = \"ip\";\n"
    "   ipv6 = true; listed = ( { code = \"127.0.0.2\"; meaning = "
    "\"spam\"; },\n"
    "   { code = \"127.0.0.4\"; meaning = \"exploited\"; } ); },\n"
    " { zone = \"clean.test.example\"; name = \"Clean\"; kind = \"ip\";\n"
    "   ipv6 = true; listed = ( { code = \"127.0.0.2\"; meaning = "
    "\"x\"; } ); },\n"
    " { zone = \"err254.test.example\"; name = \"E254\"; kind = \"ip\";\n"
    "   listed = ( { code = \"127.0.0.2\"; meaning = \"x\"; } ); },\n"
    " { zone = \"err252.test.example\"; name = \"E252\"; kind = \"ip\";\n"
    "   listed = ( { code = \"127.0.0.2\"; meaning = \"x\"; } ); },\n"
    " { zone = \"dbl.test.example\"; name = \"DBL\"; kind = \"domain\";\n"
    "   listed = ( { code = \"127.0.1.4\"; meaning = \"phishing\"; } );\n"
    "   errors = ( { code = \"127.0.1.255\"; meaning = \"no IPs\"; } ); }"
    "\n);\n";

START_TEST(test_decode)
{
	static const struct {
		int		 status;
		const char	*a[3];
		size_t		 n;
		int		 zone;
		enum dnsbl_verdict v;
		const char	*reason;
	} t[] = {
		{ ARES_ENOTFOUND, { NULL }, 0, 0, DNSBL_CLEAN, "NXDOMAIN" },
		{ ARES_ENODATA, { NULL }, 0, 0, DNSBL_CLEAN, "no A" },
		{ ARES_SUCCESS, { "127.0.0.2" }, 1, 0, DNSBL_LISTED, "spam" },
		{ ARES_SUCCESS, { "127.0.0.2", "127.0.0.4" }, 2, 0,
		    DNSBL_LISTED, "exploited" },
		{ ARES_SUCCESS, { "127.255.255.254" }, 1, 0, DNSBL_UNKNOWN,
		    "public resolver" },
		{ ARES_SUCCESS, { "127.0.0.2", "127.255.255.252" }, 2, 0,
		    DNSBL_UNKNOWN, "typo" },
		{ ARES_SUCCESS, { "127.255.255.255" }, 1, 0, DNSBL_UNKNOWN,
		    "error range" },
		{ ARES_SUCCESS, { "192.0.2.1" }, 1, 0, DNSBL_UNKNOWN,
		    "outside" },
		{ ARES_SUCCESS, { "127.0.0.99" }, 1, 0, DNSBL_UNKNOWN,
		    "not a code" },
		{ ARES_SUCCESS, { "garbage" }, 1, 0, DNSBL_UNKNOWN,
		    "unexpected" },
		{ ARES_SUCCESS, { "127.0.1.255" }, 1, 4, DNSBL_UNKNOWN,
		    "no IPs" },
		{ ARES_SUCCESS, { "127.0.1.4" }, 1, 4, DNSBL_LISTED,
		    "phishing" },
		{ ARES_ETIMEOUT, { NULL }, 0, 0, DNSBL_UNKNOWN, "timeout" },
		{ ARES_EREFUSED, { NULL }, 0, 0, DNSBL_UNKNOWN, "refused" },
		{ ARES_ESERVFAIL, { NULL }, 0, 0, DNSBL_UNKNOWN, "DNS error" },
	};
	struct dnsbl	 bl;
	char		*cause = NULL, *reason;
	size_t		 i;

	ck_assert_msg(dnsbl_load_string(check_probe_conf, "t", &bl,
	    &cause) == 0, "%s", cause);
	for (i = 0; i < nitems(t); i++) {
		ck_assert_msg(dnsbl_decode(&bl, &bl.v[t[i].zone], t[i].status,
		    0, (char *const *)t[i].a, t[i].n, &reason) == t[i].v,
		    "case %zu: %s", i, reason);
		ck_assert_msg(strstr(reason, t[i].reason) != NULL,
		    "case %zu: %s", i, reason);
		free(reason);
	}
	dnsbl_free(&bl);
}
END_TEST

START_TEST(test_qname)
{
	struct dnsbl	 bl;
	char		*cause = NULL, *q;

	ck_assert(dnsbl_load_string(check_probe_conf, "t", &bl, &cause) ==
	    0);
	ck_assert_int_eq(dnsbl_query_name(&bl.v[0], "192.0.2.66", &q,
	    &cause), 0);
	ck_assert_str_eq(q, "66.2.0.192.bl.test.example");
	free(q);
	ck_assert_int_eq(dnsbl_query_name(&bl.v[0], "2001:db8::66", &q,
	    &cause), 0);
	ck_assert_str_eq(q, "6.6.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0."
	    "0.8.b.d.0.1.0.0.2.bl.test.example");
	free(q);
	ck_assert_int_eq(dnsbl_query_name(&bl.v[4], "Listed.Example.", &q,
	    &cause), 0);
	ck_assert_str_eq(q, "listed.example.dbl.test.example");
	free(q);
	ck_assert_int_eq(dnsbl_query_name(&bl.v[4], "192.0.2.1", &q,
	    &cause), -1);
	free(cause);
	ck_assert_int_eq(dnsbl_query_name(&bl.v[2], "2001:db8::1", &q,
	    &cause), -1);	/* zone without ipv6 */
	free(cause);
	ck_assert_int_eq(dnsbl_query_name(&bl.v[0], "300.1.1.1", &q,
	    &cause), -1);
	free(cause);
	ck_assert_int_eq(dnsbl_query_name(&bl.v[4], "bad..name", &q,
	    &cause), -1);
	free(cause);
	dnsbl_free(&bl);
}
END_TEST

START_TEST(test_conf)
{
	struct dnsbl	 bl;
	const char	*dd = getenv("MAILHARDEN_DATADIR");
	char		*path, *cause = NULL;
	size_t		 i;
	int		 zen = 0;

	if (asprintf(&path, "%s/dnsbl.conf", dd ? dd : "data") == -1)
		abort();
	ck_assert_msg(dnsbl_load(path, &bl, &cause) == 0, "%s", cause);
	ck_assert(bl.n >= 8);
	for (i = 0; i < bl.n; i++) {
		ck_assert(strstr(bl.v[i].zone, "sorbs") == NULL);
		if (strcmp(bl.v[i].zone, "zen.spamhaus.org") == 0)
			zen = bl.v[i].ipv6;
	}
	ck_assert(zen);
	ck_assert(bl.nerrors >= 3);
	dnsbl_free(&bl);
	free(path);

	ck_assert(dnsbl_load_string("zones = ( { zone = \"a.example\";\n"
	    "name = \"A\"; kind = \"ip\";\n listed = ( { code = \"10.0.0.2\";"
	    " meaning = \"x\"; } ); } );", "f.conf", &bl, &cause) == -1);
	ck_assert_msg(strncmp(cause, "f.conf:3: ", 10) == 0, "%s", cause);
	free(cause);
	ck_assert(dnsbl_load_string("zones = (\n { zone = \"a.example\";\n"
	    " name = \"A\"; kind = \"ipx\"; listed = ( ); } );", "f.conf",
	    &bl, &cause) == -1);
	ck_assert_msg(strncmp(cause, "f.conf:2: ", 10) == 0, "%s", cause);
	free(cause);
	ck_assert(dnsbl_load_string("zones = (\n", "f.conf", &bl,
	    &cause) == -1);
	ck_assert(strncmp(cause, "f.conf:", 7) == 0);
	free(cause);
}
END_TEST

static const char *
check_probe_fact(const struct facts *fs, const char *name, int *state)
{
	const struct fact	*f = facts_get(fs, name);

	ck_assert_msg(f != NULL, "no fact %s", name);
	*state = (int)f->state;
	return f->state == FACT_KNOWN ? f->s : f->reason;
}

START_TEST(test_dnsbl_run)
{
	struct probe_loop	*l = check_probe_loop(fx_fast.server, 0);
	struct dnsbl		 bl;
	struct dnsbl_subject	 s = { "127.0.0.2", "2001:db8::66",
				    "listed.example" };
	struct facts		*fs = facts_create();
	const struct fact	*f;
	char			*cause = NULL;
	const char		*v;
	int			 st;

	ck_assert(dnsbl_load_string(check_probe_conf, "t", &bl, &cause) ==
	    0);
	ck_assert_uint_eq(dnsbl_start(l, &bl, &s, fs, 0, NULL), 7);
	ck_assert_uint_eq(probe_loop_run(l, 5000), 0);
	v = check_probe_fact(fs, "dnsbl.bl.test.example", &st);
	ck_assert_int_eq(st, FACT_KNOWN);
	ck_assert_str_eq(v, "listed");
	f = facts_get(fs, "dnsbl.bl.test.example");
	ck_assert(f->nev >= 2);
	ck_assert(strstr(f->ev[0].text, "127.0.0.2 spam") != NULL);
	ck_assert(strstr(f->ev[1].text, "TXT: Listed: test point") != NULL);
	ck_assert_str_eq(f->ev[0].source, fx_fast.server);
	ck_assert_str_eq(check_probe_fact(fs, "dnsbl6.bl.test.example", &st),
	    "listed");
	ck_assert_str_eq(check_probe_fact(fs, "dnsbl.clean.test.example",
	    &st), "clean");
	ck_assert_str_eq(check_probe_fact(fs, "dnsbl6.clean.test.example",
	    &st), "clean");
	v = check_probe_fact(fs, "dnsbl.err254.test.example", &st);
	ck_assert_int_eq(st, FACT_UNKNOWN);
	ck_assert(strstr(v, "127.255.255.254") != NULL);
	v = check_probe_fact(fs, "dnsbl.err252.test.example", &st);
	ck_assert_int_eq(st, FACT_UNKNOWN);
	ck_assert(strstr(v, "typo") != NULL);
	ck_assert_str_eq(check_probe_fact(fs, "dnsbl.dbl.test.example", &st),
	    "listed");
	ck_assert(facts_get(fs, "dnsbl6.err254.test.example") == NULL);
	probe_loop_free(l);
	facts_free(fs);

	/* A public resolver: nothing is queried, every fact UNKNOWN. */
	l = check_probe_loop(fx_fast.server, 0);
	fs = facts_create();
	dnsbl_start(l, &bl, &s, fs, 1, "8.8.8.8 is Google Public DNS");
	ck_assert_uint_eq(probe_loop_started(l), 0);
	v = check_probe_fact(fs, "dnsbl.bl.test.example", &st);
	ck_assert_int_eq(st, FACT_UNKNOWN);
	ck_assert(strstr(v, "Google") != NULL);
	probe_loop_free(l);
	facts_free(fs);
	dnsbl_free(&bl);
}
END_TEST

static void
check_probe_write(const char *root, const char *rel, const char *text)
{
	char	*p;
	FILE	*f;

	if (asprintf(&p, "%s%s", root, rel) == -1)
		abort();
	f = fopen(p, "w");
	ck_assert(f != NULL);
	fputs(text, f);
	fclose(f);
	free(p);
}

START_TEST(test_resolver)
{
	char			 root[] = "/tmp/check_resolv.XXXXXX", *p;
	struct facts		*fs;
	const struct fact	*f;
	struct probe_loop	*l;

	ck_assert(mkdtemp(root) != NULL);
	ck_assert(asprintf(&p, "%s/etc", root) != -1);
	mkdir(p, 0700);
	free(p);
	ck_assert(asprintf(&p, "%s/run", root) != -1);
	mkdir(p, 0700);
	free(p);
	ck_assert(asprintf(&p, "%s/run/systemd", root) != -1);
	mkdir(p, 0700);
	free(p);
	ck_assert(asprintf(&p, "%s/run/systemd/resolve", root) != -1);
	mkdir(p, 0700);
	free(p);

	check_probe_write(root, "/etc/resolv.conf", "# x\nsearch example\n"
	    "nameserver 192.168.1.1\nnameserver 223.5.5.5\n");
	fs = facts_create();
	resolver_detect(root, NULL, fs);
	f = facts_get(fs, "dns.resolvers");
	ck_assert(f != NULL && f->nlist == 2);
	ck_assert(fact_list_has(f, "223.5.5.5"));
	f = facts_get(fs, "dns.resolver_public");
	ck_assert(f->state == FACT_KNOWN && f->b == 1);
	ck_assert(strstr(f->ev[0].text, "AliDNS") != NULL);
	facts_free(fs);

	check_probe_write(root, "/etc/resolv.conf",
	    "nameserver 127.0.0.53\noptions edns0\n");
	check_probe_write(root, "/run/systemd/resolve/resolv.conf",
	    "nameserver 10.0.0.2\nnameserver fe80::1%eth0\n");
	fs = facts_create();
	resolver_detect(root, NULL, fs);
	f = facts_get(fs, "dns.resolvers");
	ck_assert(f->nlist == 2 && fact_list_has(f, "10.0.0.2") &&
	    fact_list_has(f, "fe80::1"));
	f = facts_get(fs, "dns.resolver_public");
	ck_assert(f->state == FACT_KNOWN && f->b == 0);
	facts_free(fs);

	fs = facts_create();
	resolver_detect(root, "[2606:4700:4700::1111]:53", fs);
	ck_assert(facts_get(fs, "dns.resolver_public")->b == 1);
	resolver_detect(root, "127.0.0.1:5353", fs);
	ck_assert(facts_get(fs, "dns.resolver_public")->b == 0);
	ck_assert(resolver_public_name("114.114.114.114") != NULL);
	ck_assert(resolver_public_name("192.0.2.1") == NULL);

	l = check_probe_loop(fx_fast.server, 0);
	resolver_check_works(l, fs, "mx.test.example");
	probe_loop_run(l, 5000);
	f = facts_get(fs, "dns.works");
	ck_assert(f != NULL && f->state == FACT_KNOWN && f->b == 1);
	ck_assert(strstr(f->ev[0].text, "192.0.2.10") != NULL);
	probe_loop_free(l);
	facts_free(fs);

	check_probe_write(root, "/etc/resolv.conf", "");
	fs = facts_create();
	resolver_detect(root, NULL, fs);
	ck_assert(facts_get(fs, "dns.resolver_public")->state ==
	    FACT_UNKNOWN);
	facts_free(fs);
	{
		char *argv[] = { (char *)"/bin/rm", (char *)"-rf", root,
		    NULL };
		pid_t pid = fork();

		if (pid == 0) {
			execv(argv[0], argv);
			_exit(127);
		}
		waitpid(pid, NULL, 0);
	}
}
END_TEST

START_TEST(test_parse_garbage)
{
	static const unsigned char loop[] = {
		0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0,
		0xc0, 12, 0, 1, 0, 1,			/* pointer to itself */
	};
	char	**v;
	size_t	  n;
	int	  ttl;

	ck_assert_int_eq(probe_parse_answer(loop, sizeof loop, ns_t_a, &v,
	    &n, &ttl), -1);
	ck_assert_int_eq(probe_parse_answer(loop, 5, ns_t_a, &v, &n, &ttl),
	    -1);
}
END_TEST

static Suite *
check_probe_suite(void)
{
	Suite	*s = suite_create("probe");
	TCase	*tc = tcase_create("engine");

	tcase_add_unchecked_fixture(tc, check_probe_setup,
	    check_probe_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_records);
	tcase_add_test(tc, test_concurrent);
	tcase_add_test(tc, test_serial);
	tcase_add_test(tc, test_probe_timeout);
	tcase_add_test(tc, test_run_deadline);
	tcase_add_test(tc, test_chain);
	tcase_add_test(tc, test_server_syntax);
	tcase_add_test(tc, test_decode);
	tcase_add_test(tc, test_qname);
	tcase_add_test(tc, test_conf);
	tcase_add_test(tc, test_dnsbl_run);
	tcase_add_test(tc, test_resolver);
	tcase_add_test(tc, test_parse_garbage);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(check_probe_suite)
