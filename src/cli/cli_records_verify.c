/*
 * cli_records_verify.c - `mailharden records verify`: check what is
 * published in DNS for the domain (SPF, DMARC, DKIM, FCrDNS, MTA-STS,
 * TLS-RPT) against this server, print each finding with its fix.
 * Exit 0 clean, 1 findings, 2 bad input, 3 could not run.
 *
 * It gets the whole argv of "records" (argv[0] = "records", the operand
 * "verify" somewhere among the options).
 */
#include "mh.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli/cli.h"
#include "fact.h"
#include "records_verify.h"
#include "settings.h"
#include "spf.h"

enum {
	CLI_RV_DKIM_KEY = 0x3100,
	CLI_RV_STS_CAFILE,
	CLI_RV_STS_CONNECT,
	CLI_RV_TIMEOUT,
	CLI_RV_EHLO,
	CLI_RV_CERT
};

static void
cli_records_verify_help(void)
{
	printf(_("Usage: mailharden records verify --domain D [--hostname H] "
	    "[--ipv4 A]\n"
	    "         [--ipv6 A] [--selector S] [--dkim-key FILE] "
	    "[--timeout S] [--json]\n"
	    "         [--ehlo-name N] [--cert-name N]\n"
	    "Look up the domain's published records through the resolver "
	    "(or\n--dns-server) and check them against this server:\n"
	    "  SPF      one record, syntax, all, 10 lookups / 2 void "
	    "lookups\n"
	    "           (recursive), whether --ipv4/--ipv6 are authorized\n"
	    "  DMARC    one record, tags, policy grade, alignment, "
	    "external\n"
	    "           report authorization\n"
	    "  DKIM     the key at <selector>._domainkey against the local "
	    "key\n"
	    "           (--dkim-key, default /etc/opendkim/keys/D/S.private)"
	    "\n"
	    "  PTR      PTR of each address = host name = its A/AAAA = MX\n"
	    "           (= --ehlo-name and --cert-name when given)\n"
	    "  MTA-STS  _mta-sts TXT and the HTTPS policy; TLS-RPT syntax\n"
	    "Exit status: 0 clean, 1 findings, 2 bad input, 3 could not "
	    "run.\n"));
}

static void
cli_records_verify_json(const struct facts *fs,
    const struct spf_findings *out, int rc)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, 0);
	buf_printf(&b, "{\"exit\":%d,\"findings\":[", rc);
	for (i = 0; i < out->n; i++) {
		buf_adds(&b, i > 0 ? ",{\"id\":" : "{\"id\":");
		buf_json_str(&b, out->v[i].id);
		buf_adds(&b, ",\"severity\":");
		buf_json_str(&b, spf_sev_name(out->v[i].sev));
		buf_adds(&b, ",\"text\":");
		buf_json_str(&b, out->v[i].text);
		buf_adds(&b, ",\"fix\":");
		buf_json_str(&b, out->v[i].fix);
		buf_adds(&b, "}");
	}
	buf_adds(&b, "],\"facts\":");
	facts_json(fs, &b);
	buf_adds(&b, "}\n");
	fputs(buf_str(&b), stdout);
	buf_clear(&b);
}

static void
cli_records_verify_text(const struct facts *fs,
    const struct spf_findings *out, int verbose)
{
	const struct fact	*f;
	char			*v;
	size_t			 i, j;

	printf(_("Published records:\n"));
	for (i = 0; i < fs->n; i++) {
		f = &fs->v[i];
		v = fact_value_text(f);
		printf("  %-26s %s", f->name, v);
		if (f->state != FACT_KNOWN && f->reason != NULL)
			printf(" (%s)", f->reason);
		printf("\n");
		free(v);
		for (j = 0; j < f->nev; j++) {
			if (!verbose && strncmp(f->ev[j].source, "link", 4)
			    != 0 && j > 0)
				continue;
			printf("      %s: %s\n", f->ev[j].source,
			    f->ev[j].text);
		}
	}
	printf("\n");
	if (out->n == 0) {
		printf(_("No findings.\n"));
		return;
	}
	printf(_("Findings:\n"));
	for (i = 0; i < out->n; i++) {
		printf("  [%s] %s %s\n", _(spf_sev_name(out->v[i].sev)),
		    out->v[i].id, out->v[i].text);
		if (*out->v[i].fix != '\0')
			printf(_("      fix: %s\n"), out->v[i].fix);
	}
}

int
cli_records_verify(int argc, char **argv, struct mh_opts *opts)
{
	static const struct option	 longopts[] = {
		SETTINGS_LONGOPTS_HOST,
		SETTINGS_LONGOPTS_MAIL,
		{ "dkim-key",	required_argument, NULL, CLI_RV_DKIM_KEY },
		{ "timeout",	required_argument, NULL, CLI_RV_TIMEOUT },
		{ "ehlo-name",	required_argument, NULL, CLI_RV_EHLO },
		{ "cert-name",	required_argument, NULL, CLI_RV_CERT },
		/* tests only: trust this CA / connect to a loopback port */
		{ "test-sts-cafile", required_argument, NULL,
		    CLI_RV_STS_CAFILE },
		{ "test-sts-connect", required_argument, NULL,
		    CLI_RV_STS_CONNECT },
		{ NULL, 0, NULL, 0 }
	};
	struct records_verify_opts	 o;
	struct settings_args		 args;
	struct settings			 s;
	struct spf_findings		 out;
	struct facts			*fs = NULL;
	const struct fact		*f;
	const char			*path;
	char				*cause = NULL, *end;
	long				 t;
	size_t				 i;
	int				 c, rc = MH_EXIT_USAGE;

	memset(&args, 0, sizeof args);
	memset(&o, 0, sizeof o);
	memset(&out, 0, sizeof out);
	settings_init(&s);
	while ((c = cli_getopt(argc, argv, longopts, "records verify",
	    opts)) != -1) {
		switch (c) {
		case 'h':
			cli_records_verify_help();
			settings_args_clear(&args);
			return MH_EXIT_OK;
		case CLI_RV_DKIM_KEY:
			o.dkim_key = optarg;
			break;
		case CLI_RV_EHLO:
			o.ehlo = optarg;
			break;
		case CLI_RV_CERT:
			o.cert_name = optarg;
			break;
		case CLI_RV_STS_CAFILE:
			o.sts_cafile = optarg;
			break;
		case CLI_RV_STS_CONNECT:
			o.sts_connect = optarg;
			break;
		case CLI_RV_TIMEOUT:
			t = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || t < 1 ||
			    t > 600)
				cli_usage_error("records verify", _("--timeout "
				    "takes 1 to 600 seconds"));
			o.timeout_ms = (int)t * 1000;
			break;
		default:
			settings_arg(&args, c, optarg);
			break;
		}
	}
	if (optind < argc && strcmp(argv[optind], "verify") == 0)
		optind++;
	if (optind < argc)
		cli_usage_error("records verify", _("unexpected argument "
		    "'%s'"), argv[optind]);
	path = opts->config != NULL ? opts->config : SETTINGS_DEFAULT_PATH;
	if (settings_resolve(&s, path, NULL, &args, &cause) == -1) {
		fprintf(stderr, "mailharden: records verify: %s\n", cause);
		free(cause);
		goto out;
	}
	if ((o.domain = settings_domain(&s)) == NULL) {
		fprintf(stderr, _("mailharden: records verify: no domain: "
		    "give --domain\n"));
		goto out;
	}
	o.hostname = s.v[SETTINGS_HOSTNAME];
	o.ipv4 = s.v[SETTINGS_IPV4];
	o.ipv6 = s.v[SETTINGS_IPV6];
	o.selector = s.v[SETTINGS_SELECTOR];
	o.dns_server = opts->dns_server;

	fs = facts_create();
	if (records_verify(&o, fs, &out, &cause) == -1) {
		fprintf(stderr, "mailharden: records verify: %s\n", cause);
		free(cause);
		rc = MH_EXIT_RUNTIME;
		goto out;
	}
	rc = MH_EXIT_OK;
	for (i = 0; i < out.n; i++)
		if (out.v[i].sev > SPF_SEV_INFO)
			rc = MH_EXIT_FINDINGS;
	/* The domain's own TXT look-up failed: nothing was verified. */
	f = facts_get(fs, "records.spf.verdict");
	if (f != NULL && (f->state == FACT_ERROR || (f->state ==
	    FACT_KNOWN && f->s != NULL && strcmp(f->s, "temperror") == 0 &&
	    facts_str(fs, "records.spf.record") == NULL)))
		rc = MH_EXIT_RUNTIME;
	if (opts->json)
		cli_records_verify_json(fs, &out, rc);
	else
		cli_records_verify_text(fs, &out, opts->verbose);
	if (rc == MH_EXIT_RUNTIME)
		fprintf(stderr, _("mailharden: records verify: the DNS "
		    "look-ups of %s failed\n"), o.domain);
out:
	spf_findings_free(&out);
	facts_free(fs);
	settings_clear(&s);
	settings_args_clear(&args);
	return rc;
}
