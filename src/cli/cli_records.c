/*
 * cli_records.c - "mailharden records generate": the DNS records of
 * the mail domain (SPF, DKIM when a key exists, DMARC, PTR, MX,
 * MTA-STS, TLS-RPT, TLSA) as zone-file lines, a DNS console table, a
 * plain view or JSON, printed or written to a file through the plan
 * engine.  "records verify" is dispatched to cli_records_verify.c.
 */
#include "mh.h"

#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "buf.h"
#include "cli/cli.h"
#include "clouds.h"
#include "datadir.h"
#include "detect.h"
#include "dkim.h"
#include "fact.h"
#include "plan.h"
#include "postconf.h"
#include "records.h"
#include "records_local.h"
#include "settings.h"
#include "zone.h"

enum {
	OPT_FORMAT = 0x2500,
	OPT_OUTPUT,
	OPT_FORCE,
	OPT_SPF_ALL,
	OPT_EXISTING_SPF,
	OPT_ADKIM,
	OPT_ASPF,
	OPT_PCT,
	OPT_TLSRPT_RUA,
	OPT_STS_MODE,
	OPT_STS_ID,
	OPT_CERT,
	OPT_PROVIDER,
	OPT_TTL,
	OPT_KEYDIR,
	OPT_POSTFIX
};

struct cli_records_args {
	enum zone_fmt	 fmt;
	const char	*output;
	int		 force;
	const char	*provider;
	const char	*keydir;
	const char	*postfix_dir;
};

static void
cli_records_help(void)
{
	printf(_("Usage: mailharden records generate --domain D [--hostname H] "
	    "[--ipv4 A] [--ipv6 A]\n"
	    "           [--selector S] [--format zone|table|plain|json] "
	    "[--output FILE]\n"
	    "       mailharden records verify --domain D ...\n"
	    "Generate the DNS records of the mail domain: MX, SPF, DKIM (when "
	    "the key exists),\nDMARC, MTA-STS, TLS-RPT, TLSA and the PTR "
	    "names to ask the address owner for.\nValues not given come from "
	    "the settings file (mailharden domain) and detection.\n\n"
	    "  --format F          zone (BIND zone-file lines, default), "
	    "table (for DNS web\n"
	    "                      consoles), plain (to copy: no box lines, "
	    "no wrapped values),\n"
	    "                      json\n"
	    "  --output FILE       write to FILE instead (planned and audited: "
	    "undo removes it)\n"
	    "  --force             replace FILE when it exists (kept as a "
	    "backup)\n"
	    "  --spf-all hard|soft -all (default) or ~all: softfail only marks "
	    "mail from other\n"
	    "                      servers as suspicious; use it while you "
	    "find every sender\n"
	    "  --existing-spf R    merge with the published record R instead "
	    "of replacing it\n"
	    "  --dmarc-policy P    none (default), quarantine or reject\n"
	    "  --dmarc-rua ADDR    where aggregate reports go\n"
	    "  --adkim r|s, --aspf r|s  DKIM / SPF alignment (relaxed is the "
	    "default)\n"
	    "  --dmarc-pct N       write pct=N (removed by RFC 9989; only if "
	    "you need it)\n"
	    "  --tlsrpt-rua ADDR   TLS-RPT reports (default: the DMARC "
	    "address)\n"
	    "  --mta-sts-mode M    testing (default), enforce or none\n"
	    "  --mta-sts-id ID     the policy id (default: the time, UTC)\n"
	    "  --cert FILE         PEM certificate for TLSA 3 1 1 (default: "
	    "Postfix's\n"
	    "                      smtpd_tls_cert_file when known)\n"
	    "  --provider ID       cloud provider for the PTR procedure "
	    "(default: detected)\n"
	    "  --keydir DIR        DKIM keys (default %s)\n"
	    "  --postfix-config DIR  Postfix configuration directory "
	    "(default: detected)\n"
	    "  --ttl N             TTL of every record (default %d)\n\n"
	    "Examples:\n"
	    "  mailharden records generate --domain example.com --ipv4 "
	    "203.0.113.7\n"
	    "  mailharden records generate --domain example.com --format "
	    "table\n"
	    "  mailharden records generate --domain example.com --existing-spf "
	    "\\\n      'v=spf1 include:_spf.google.com ~all' --format plain\n\n"
	    "Exit status: 0 done, 2 bad value (nothing written), 3 could not "
	    "write.\n"), DKIM_DEFAULT_KEYDIR, RECORDS_DEFAULT_TTL);
}

static int
cli_records_ask(const char *q)
{
	char	line[16];

	fprintf(stderr, "%s [y/N] ", q);
	if (fgets(line, sizeof line, stdin) == NULL)
		return 0;
	return line[0] == 'y' || line[0] == 'Y';
}

/* The provider: --provider, else detection. */
static const struct clouds_provider *
cli_records_provider(struct clouds *cl, const char *want,
    const struct facts *fs)
{
	char	*path, *cause = NULL;

	path = datadir_file("clouds.conf");
	if (clouds_load(path, cl, &cause) == -1) {
		free(cause);
		free(path);
		if (want != NULL)
			cli_usage_error("records", _("--provider: the provider "
			    "table could not be read"));
		return NULL;
	}
	free(path);
	if (want == NULL)
		want = facts_str(fs, "cloud.provider");
	if (want == NULL)
		return NULL;
	return clouds_find(cl, want);
}

static int
cli_records_write(struct mh_opts *opts, const struct cli_records_args *a,
    const char *text)
{
	struct plan	*p = NULL;
	struct audit	*au = NULL;
	struct buf	 b;
	struct stat	 st;
	char		*path = NULL, *cwd, *cause = NULL;
	const char	*log;
	int		 rc = MH_EXIT_RUNTIME;

	buf_init(&b, 0);
	if (a->output[0] == '/')
		path = xstrdup(a->output);
	else {
		if ((cwd = getcwd(NULL, 0)) == NULL) {
			fprintf(stderr, _("mailharden: records: cannot resolve "
			    "the current directory\n"));
			goto out;
		}
		xasprintf(&path, "%s/%s", cwd, a->output);
		free(cwd);
	}
	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode) || !S_ISREG(st.st_mode)) {
			fprintf(stderr, _("mailharden: records: %s is not a "
			    "regular file; nothing was written\n"), path);
			rc = MH_EXIT_USAGE;
			goto out;
		}
		if (!a->force) {
			fprintf(stderr, _("mailharden: records: %s exists: "
			    "give --force to replace it; nothing was "
			    "written\n"), path);
			rc = MH_EXIT_USAGE;
			goto out;
		}
	}
	p = plan_create("records", NULL);
	plan_add_write(p, _("write the DNS records"), path, text, 0644,
	    !a->force);
	cli_banner(opts);
	plan_preview(p, &b);
	fputs(buf_str(&b), stdout);
	if (!opts->dry_run && !opts->yes) {
		if (!isatty(STDIN_FILENO)) {
			fprintf(stderr, _("mailharden: records: no terminal to "
			    "ask on: re-run with --yes; nothing was "
			    "written\n"));
			rc = MH_EXIT_USAGE;
			goto out;
		}
		if (!cli_records_ask(_("Write this file?"))) {
			printf(_("Not written.\n"));
			rc = MH_EXIT_OK;
			goto out;
		}
	}
	log = opts->audit_log != NULL ? opts->audit_log : AUDIT_DEFAULT_PATH;
	if (audit_open(log, &au, &cause) == -1) {
		if (!opts->dry_run) {
			fprintf(stderr, _("mailharden: records: %s; nothing "
			    "was written\n"), cause);
			goto out;
		}
		free(cause);
		cause = NULL;
	}
	if ((au != NULL || !opts->dry_run) &&
	    plan_apply(p, au, opts->dry_run, NULL, NULL, &cause) == -1) {
		fprintf(stderr, "mailharden: records: %s\n", cause);
		goto out;
	}
	if (opts->dry_run)
		printf(_("\nDRY RUN: %s was not written (plan %s).\n"), path,
		    p->id);
	else
		printf(_("\nWrote %s (plan %s).  Undo it with: mailharden "
		    "undo --plan %s\n"), path, p->id, p->id);
	rc = MH_EXIT_OK;
out:
	free(cause);
	free(path);
	audit_close(au);
	plan_free(p);
	buf_clear(&b);
	return rc;
}

static int
cli_records_generate(int argc, char **argv, struct mh_opts *opts)
{
	static const struct option	 longopts[] = {
		SETTINGS_LONGOPTS_HOST,
		SETTINGS_LONGOPTS_MAIL,
		{ "format",	required_argument, NULL, OPT_FORMAT },
		{ "output",	required_argument, NULL, OPT_OUTPUT },
		{ "force",	no_argument,	   NULL, OPT_FORCE },
		{ "spf-all",	required_argument, NULL, OPT_SPF_ALL },
		{ "existing-spf", required_argument, NULL, OPT_EXISTING_SPF },
		{ "adkim",	required_argument, NULL, OPT_ADKIM },
		{ "aspf",	required_argument, NULL, OPT_ASPF },
		{ "dmarc-pct",	required_argument, NULL, OPT_PCT },
		{ "tlsrpt-rua",	required_argument, NULL, OPT_TLSRPT_RUA },
		{ "mta-sts-mode", required_argument, NULL, OPT_STS_MODE },
		{ "mta-sts-id",	required_argument, NULL, OPT_STS_ID },
		{ "cert",	required_argument, NULL, OPT_CERT },
		{ "provider",	required_argument, NULL, OPT_PROVIDER },
		{ "ttl",	required_argument, NULL, OPT_TTL },
		{ "keydir",	required_argument, NULL, OPT_KEYDIR },
		{ "postfix-config", required_argument, NULL, OPT_POSTFIX },
		{ NULL, 0, NULL, 0 }
	};
	struct settings_args	 args;
	struct settings		 s;
	struct records_opts	 ro;
	struct records		 rs;
	struct cli_records_args	 a;
	struct clouds		 cl;
	struct records_local	 rl;
	struct facts		*fs = NULL;
	struct detect_ctx	 ctx;
	struct buf		 b, notes;
	const char		*path;
	char			*cause = NULL, *end, *p;
	char			*line;
	long			 n;
	int			 c, fmt_given = 0, rc = MH_EXIT_USAGE;

	memset(&args, 0, sizeof args);
	memset(&a, 0, sizeof a);
	memset(&cl, 0, sizeof cl);
	memset(&rl, 0, sizeof rl);
	memset(&rs, 0, sizeof rs);
	settings_init(&s);
	records_opts_init(&ro);
	buf_init(&b, 0);
	buf_init(&notes, 0);
	a.fmt = ZONE_FMT_ZONE;
	a.keydir = DKIM_DEFAULT_KEYDIR;
	while ((c = cli_getopt(argc, argv, longopts, "records", opts)) != -1) {
		if (settings_arg(&args, c, optarg))
			continue;
		switch (c) {
		case 'h':
			cli_records_help();
			rc = MH_EXIT_OK;
			goto out;
		case OPT_FORMAT:
			if (zone_fmt_parse(optarg, &a.fmt) == -1)
				cli_usage_error("records", _("--format %s: "
				    "zone, table, plain or json"), optarg);
			fmt_given = 1;
			break;
		case OPT_OUTPUT:
			if (*optarg == '\0')
				cli_usage_error("records", _("--output: give "
				    "a file"));
			a.output = optarg;
			break;
		case OPT_FORCE:
			a.force = 1;
			break;
		case OPT_SPF_ALL:
			if (strcmp(optarg, "hard") == 0 ||
			    strcmp(optarg, "-all") == 0)
				ro.spf_all = RECORDS_SPF_HARD;
			else if (strcmp(optarg, "soft") == 0 ||
			    strcmp(optarg, "~all") == 0)
				ro.spf_all = RECORDS_SPF_SOFT;
			else
				cli_usage_error("records", _("--spf-all %s: "
				    "hard (-all) or soft (~all)"), optarg);
			break;
		case OPT_EXISTING_SPF:
			ro.existing_spf = optarg;
			break;
		case OPT_ADKIM:
		case OPT_ASPF:
			if (strcmp(optarg, "r") != 0 &&
			    strcmp(optarg, "s") != 0)
				cli_usage_error("records", _("--%s %s: r "
				    "(relaxed) or s (strict)"),
				    c == OPT_ADKIM ? "adkim" : "aspf", optarg);
			if (c == OPT_ADKIM)
				ro.adkim = *optarg;
			else
				ro.aspf = *optarg;
			break;
		case OPT_PCT:
			n = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || n < 0 ||
			    n > 100)
				cli_usage_error("records", _("--dmarc-pct %s: "
				    "0 to 100"), optarg);
			ro.dmarc_pct = (int)n;
			break;
		case OPT_TLSRPT_RUA:
			ro.tlsrpt_rua = optarg;
			break;
		case OPT_STS_MODE:
			ro.sts_mode = optarg;
			break;
		case OPT_STS_ID:
			ro.sts_id = optarg;
			break;
		case OPT_CERT:
			ro.cert_file = optarg;
			break;
		case OPT_PROVIDER:
			a.provider = optarg;
			break;
		case OPT_TTL:
			n = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || n < 60 ||
			    n > 604800)
				cli_usage_error("records", _("--ttl %s: 60 to "
				    "604800 seconds"), optarg);
			ro.ttl = (int)n;
			break;
		case OPT_KEYDIR:
			a.keydir = optarg;
			break;
		case OPT_POSTFIX:
			a.postfix_dir = optarg;
			break;
		}
	}
	if (opts->json && !fmt_given)
		a.fmt = ZONE_FMT_JSON;
	/* the operand is "generate", anywhere among the options */
	for (; optind < argc; optind++)
		if (strcmp(argv[optind], "generate") != 0)
			cli_usage_error("records", _("unexpected argument "
			    "'%s'"), argv[optind]);

	path = opts->config != NULL ? opts->config : SETTINGS_DEFAULT_PATH;
	fs = facts_create();
	settings_detect(opts->root, fs);
	if (settings_resolve(&s, path, fs, &args, &cause) == -1) {
		fprintf(stderr, "mailharden: records: %s\n", cause);
		goto out;
	}
	if (settings_domain(&s) == NULL)
		cli_usage_error("records", _("give the mail domain: --domain D "
		    "(or set it with 'mailharden domain set')"));
	detect_ctx_init(&ctx, opts->root);
	if (a.provider == NULL)
		detect_cloud_run(&ctx, fs);
	if (ro.cert_file == NULL) {
		detect_mta_run(&ctx, fs);
		postconf_run(&ctx, a.postfix_dir, fs);
	}

	ro.domain = settings_domain(&s);
	ro.hostname = s.v[SETTINGS_HOSTNAME];
	ro.ipv4 = s.v[SETTINGS_IPV4];
	ro.ipv6 = s.v[SETTINGS_IPV6];
	ro.allow_private = s.allow_private;
	ro.selector = s.v[SETTINGS_SELECTOR];
	ro.dmarc_policy = s.v[SETTINGS_POLICY];
	ro.dmarc_rua = s.v[SETTINGS_RUA];
	ro.provider = cli_records_provider(&cl, a.provider, fs);
	if (a.provider != NULL && ro.provider == NULL)
		cli_usage_error("records", _("--provider %s: no such provider "
		    "in clouds.conf"), a.provider);
	records_local_fill(&rl, &ro, fs, a.keydir, &notes);

	if (records_generate(&ro, &rs, &cause) == -1) {
		fprintf(stderr, _("mailharden: records: %s; nothing was "
		    "written\n"), cause);
		goto out;
	}
	for (p = notes.data; p != NULL &&
	    (line = strsep(&p, "\n")) != NULL;)
		if (*line != '\0')
			records_note(&rs, "%s", line);
	zone_write(&rs, a.fmt, 80, opts->ascii, &b);
	if (a.output != NULL)
		rc = cli_records_write(opts, &a, buf_str(&b));
	else {
		fputs(buf_str(&b), stdout);
		rc = MH_EXIT_OK;
	}
out:
	free(cause);
	records_local_clear(&rl);
	records_clear(&rs);
	clouds_free(&cl);
	facts_free(fs);
	settings_clear(&s);
	settings_args_clear(&args);
	buf_clear(&b);
	buf_clear(&notes);
	return rc;
}

int
cli_records_run(int argc, char **argv, struct mh_opts *opts)
{
	int	i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "verify") == 0)
			return cli_records_verify(argc, argv, opts);
		if (strcmp(argv[i], "generate") == 0)
			return cli_records_generate(argc, argv, opts);
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			cli_records_help();
			return MH_EXIT_OK;
		}
	}
	cli_usage_error("records", _("give an action: generate or verify"));
}
