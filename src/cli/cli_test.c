/*
 * cli_test.c - "mailharden test": the Connectivity step on the command
 * line.  Every probe runs at once on one loop (connectivity.c); the
 * rows come out with PASS / FAIL / WARN / UNKNOWN, -v adds the evidence
 * behind each row, --json prints the facts and the rows.
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli/cli.h"
#include "connectivity.h"
#include "detect.h"
#include "fact.h"
#include "settings.h"

#define CLI_TEST_TITLE_W	32

enum {
	CLI_TEST_HOST = 1000,
	CLI_TEST_PORTMAP,
	CLI_TEST_OUTBOUND,
	CLI_TEST_MAXPAR,
	CLI_TEST_DEADLINE,
	CLI_TEST_DNSBL,
	CLI_TEST_POSTFIX,
	CLI_TEST_TIMEOUT
};

static void
cli_test_help(void)
{
	printf(_("Usage: mailharden test [options]\n"
	    "Run every Connectivity probe at once and give each a verdict "
	    "(PASS, FAIL,\nWARN or UNKNOWN): the mail ports listening here, "
	    "SMTP on 25 and 587 (banner,\nSTARTTLS, TLS version, certificate, "
	    "AUTH before and after TLS, VRFY, EXPN,\nopen relay: MAIL FROM and "
	    "RCPT TO only, never DATA), implicit TLS on 465,\noutbound port 25 "
	    "to independent mail servers, DNS resolution and the\n"
	    "resolver, the DNS records (MX, A/AAAA, PTR, SPF, DMARC, DKIM, "
	    "MTA-STS,\nTLS-RPT) and the DNS blocklists.  Nothing is "
	    "changed.\n\n"
	    "  --domain D            the mail domain (else the settings "
	    "file)\n"
	    "  --hostname H          the mail host name (MX target, "
	    "certificate name)\n"
	    "  --ipv4 A, --ipv6 A    the public addresses (PTR and DNSBL "
	    "checks)\n"
	    "  --allow-private       accept private addresses (lab use)\n"
	    "  --host H              probe the SMTP ports on H (default: the "
	    "host name,\n"
	    "                        else 127.0.0.1)\n"
	    "  --port-map 25=2525,.. connect to 2525 for the port-25 probes "
	    "(tests, NAT)\n"
	    "  --outbound-target H[:P]  outbound-25 target (repeatable; "
	    "default: the\n"
	    "                        mail servers in outbound.conf)\n"
	    "  --dnsbl-conf FILE     blocklists to query (default: "
	    "dnsbl.conf)\n"
	    "  --postfix-config DIR  read Postfix settings from DIR\n"
	    "  --max-parallel N      probes in flight at once (1 = one by "
	    "one; 0 = all)\n"
	    "  --deadline S          stop the whole run after S seconds "
	    "(default 30)\n"
	    "  --timeout-ms N        deadline of each SMTP probe\n"
	    "  --dns-server IP[:PORT] ask this resolver (a global option)\n"
	    "  --json                the facts and rows as JSON\n"
	    "  -v                    show the evidence under each row\n\n"
	    "Exit status: 0 no FAIL, 1 at least one FAIL, 2 bad input, "
	    "3 the run failed.\n"
	    "Example: mailharden test --domain example.com "
	    "--hostname mail.example.com\n"));
}

static long
cli_test_number(const char *s, long min, long max, const char *what)
{
	char	*end;
	long	 v;

	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < min || v > max)
		cli_usage_error("test", _("bad %s '%s' (%ld to %ld)"), what, s,
		    min, max);
	return v;
}

/* Check "host[:port]" / "[v6]:port" enough to refuse garbage. */
static void
cli_test_target(const char *t)
{
	const char	*c;
	size_t		 i;

	if (*t == '\0' || strlen(t) > 255)
		goto bad;
	for (i = 0; t[i] != '\0'; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]_", t[i]) ==
		    NULL)
			goto bad;
	if (*t == '[') {
		if ((c = strchr(t, ']')) == NULL || (c[1] != '\0' &&
		    c[1] != ':'))
			goto bad;
		if (c[1] == ':')
			cli_test_number(c + 2, 1, 65535, _("port"));
		return;
	}
	c = strchr(t, ':');
	if (c != NULL) {
		if (strchr(c + 1, ':') != NULL)
			goto bad;
		cli_test_number(c + 1, 1, 65535, _("port"));
	}
	return;
bad:
	cli_usage_error("test", _("bad --outbound-target '%s' (want "
	    "HOST[:PORT])"), t);
}

/* Copy at most w bytes of s into b, not cutting a UTF-8 character. */
static void
cli_test_cut(struct buf *b, const char *s, size_t w)
{
	size_t	n = strlen(s);

	if (n > w) {
		n = w > 3 ? w - 3 : 0;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		buf_add(b, s, n);
		buf_adds(b, "...");
		return;
	}
	buf_adds(b, s);
}

static void
cli_test_text(const struct connectivity *c, const struct mh_opts *opts,
    struct buf *out)
{
	const struct conn_row	*rows;
	const struct facts	*fs = connectivity_facts(c);
	const struct fact	*f;
	size_t			 n, i, j, k, cnt[5] = { 0 };
	char			*v;

	rows = connectivity_rows(c, &n);
	for (i = 0; i < n; i++) {
		cnt[rows[i].verdict]++;
		buf_printf(out, "%-8s", connectivity_verdict_name(
		    rows[i].verdict));
		cli_test_cut(out, rows[i].title, CLI_TEST_TITLE_W - 1);
		k = strlen(rows[i].title);
		for (k = k > CLI_TEST_TITLE_W - 1 ? CLI_TEST_TITLE_W - 1 : k;
		    k < CLI_TEST_TITLE_W; k++)
			buf_addc(out, ' ');
		cli_test_cut(out, rows[i].summary, 79 - 8 - CLI_TEST_TITLE_W);
		buf_addc(out, '\n');
		if (!opts->verbose)
			continue;
		for (j = 0; j < rows[i].nfacts; j++) {
			if ((f = facts_get(fs, rows[i].facts[j])) == NULL)
				continue;
			v = fact_value_text(f);
			buf_printf(out, "        %s = %s", f->name, v);
			free(v);
			if (f->state != FACT_KNOWN && f->reason != NULL)
				buf_printf(out, " (%s)", f->reason);
			buf_addc(out, '\n');
			for (k = 0; k < f->nev; k++)
				buf_printf(out, "          %s: %s\n",
				    f->ev[k].source, f->ev[k].text);
		}
	}
	buf_printf(out, _("%zu PASS, %zu FAIL, %zu WARN, %zu UNKNOWN in %ld "
	    "ms\n"), cnt[CONN_PASS], cnt[CONN_FAIL], cnt[CONN_WARN],
	    cnt[CONN_UNKNOWN] + cnt[CONN_PENDING],
	    connectivity_elapsed_ms(c));
}

static void
cli_test_json(const struct connectivity *c, struct buf *out)
{
	const struct conn_row	*rows;
	size_t			 n, i, j;

	rows = connectivity_rows(c, &n);
	buf_printf(out, "{\"schema\":\"mailharden.test/1\",\"tool\":\"%s\","
	    "\"version\":\"%s\",\"elapsed_ms\":%ld,\"rows\":[", PACKAGE_NAME,
	    PACKAGE_VERSION, connectivity_elapsed_ms(c));
	for (i = 0; i < n; i++) {
		buf_adds(out, i > 0 ? ",{\"id\":" : "{\"id\":");
		buf_json_str(out, rows[i].id);
		buf_adds(out, ",\"title\":");
		buf_json_str(out, rows[i].title);
		buf_adds(out, ",\"verdict\":");
		buf_json_str(out, connectivity_verdict_name(rows[i].verdict));
		buf_adds(out, ",\"summary\":");
		buf_json_str(out, rows[i].summary);
		buf_adds(out, ",\"facts\":[");
		for (j = 0; j < rows[i].nfacts; j++) {
			if (j > 0)
				buf_addc(out, ',');
			buf_json_str(out, rows[i].facts[j]);
		}
		buf_adds(out, "]}");
	}
	buf_adds(out, "],\"facts\":");
	facts_json(connectivity_facts(c), out);
	buf_adds(out, "}\n");
}

int
cli_test_run(int argc, char **argv, struct mh_opts *opts)
{
	static const struct option	 longopts[] = {
		SETTINGS_LONGOPTS_HOST,
		{ "selector", required_argument, NULL, SETTINGS_OPT_SELECTOR },
		{ "host", required_argument, NULL, CLI_TEST_HOST },
		{ "port-map", required_argument, NULL, CLI_TEST_PORTMAP },
		{ "outbound-target", required_argument, NULL,
		    CLI_TEST_OUTBOUND },
		{ "max-parallel", required_argument, NULL, CLI_TEST_MAXPAR },
		{ "deadline", required_argument, NULL, CLI_TEST_DEADLINE },
		{ "dnsbl-conf", required_argument, NULL, CLI_TEST_DNSBL },
		{ "postfix-config", required_argument, NULL,
		    CLI_TEST_POSTFIX },
		{ "timeout-ms", required_argument, NULL, CLI_TEST_TIMEOUT },
		{ NULL, 0, NULL, 0 }
	};
	struct settings_args	 args;
	struct settings		 s;
	struct conn_opts	 co;
	struct connectivity	*c = NULL;
	const struct conn_row	*rows;
	const char		*targets[CONN_MAX_OUTBOUND];
	struct facts		*fs = NULL;
	struct buf		 out;
	char			*cause = NULL;
	size_t			 n, i;
	int			 ch, rc = MH_EXIT_USAGE;

	memset(&args, 0, sizeof args);
	memset(&co, 0, sizeof co);
	settings_init(&s);
	while ((ch = cli_getopt(argc, argv, longopts, "test", opts)) != -1) {
		switch (ch) {
		case 'h':
			cli_test_help();
			settings_args_clear(&args);
			return MH_EXIT_OK;
		case CLI_TEST_HOST:
			if (*optarg == '\0' || strlen(optarg) > 253 ||
			    strspn(optarg, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:") !=
			    strlen(optarg))
				cli_usage_error("test", _("bad --host '%s'"),
				    optarg);
			co.host = optarg;
			break;
		case CLI_TEST_PORTMAP:
			if (connectivity_portmap(optarg, &co, &cause) == -1)
				cli_usage_error("test", "--port-map %s",
				    cause);
			break;
		case CLI_TEST_OUTBOUND:
			if (co.noutbound >= CONN_MAX_OUTBOUND)
				cli_usage_error("test", _("at most %d "
				    "--outbound-target"), CONN_MAX_OUTBOUND);
			cli_test_target(optarg);
			targets[co.noutbound++] = optarg;
			break;
		case CLI_TEST_MAXPAR:
			co.max_parallel = (int)cli_test_number(optarg, 0,
			    10000, "--max-parallel");
			break;
		case CLI_TEST_DEADLINE:
			co.deadline_ms = 1000 * (int)cli_test_number(optarg,
			    1, 3600, "--deadline");
			break;
		case CLI_TEST_DNSBL:
			co.dnsbl_conf = optarg;
			break;
		case CLI_TEST_POSTFIX:
			co.postfix_dir = optarg;
			break;
		case CLI_TEST_TIMEOUT:
			co.smtp_timeout_ms = (int)cli_test_number(optarg, 1,
			    600000, "--timeout-ms");
			break;
		default:
			settings_arg(&args, ch, optarg);
			break;
		}
	}
	if (optind < argc)
		cli_usage_error("test", _("unexpected argument '%s'"),
		    argv[optind]);
	if (co.noutbound > 0)
		co.outbound = targets;

	fs = facts_create();
	settings_detect(opts->root, fs);
	if (settings_resolve(&s, opts->config, fs, &args, &cause) == -1) {
		fprintf(stderr, "mailharden: test: %s\n", cause);
		free(cause);
		goto out;
	}
	co.root = opts->root;
	co.domain = settings_domain(&s);
	co.hostname = s.v[SETTINGS_HOSTNAME];
	co.ipv4 = s.v[SETTINGS_IPV4];
	co.ipv6 = s.v[SETTINGS_IPV6];
	co.selector = s.v[SETTINGS_SELECTOR];
	co.dns_server = opts->dns_server;
	if ((c = connectivity_start(&co, &cause)) == NULL) {
		fprintf(stderr, "mailharden: test: %s\n", cause);
		free(cause);
		rc = MH_EXIT_RUNTIME;
		goto out;
	}
	connectivity_step(c, -1);
	connectivity_finish(c);

	buf_init(&out, 0);
	if (opts->json)
		cli_test_json(c, &out);
	else
		cli_test_text(c, opts, &out);
	rc = MH_EXIT_OK;
	rows = connectivity_rows(c, &n);
	for (i = 0; i < n; i++)
		if (rows[i].verdict == CONN_FAIL)
			rc = MH_EXIT_FINDINGS;
	if (fwrite(buf_str(&out), 1, out.len, stdout) != out.len ||
	    fflush(stdout) != 0) {
		perror("mailharden: test: stdout");
		rc = MH_EXIT_RUNTIME;
	}
	buf_clear(&out);
out:
	connectivity_free(c);
	facts_free(fs);
	settings_clear(&s);
	settings_args_clear(&args);
	return rc;
}
