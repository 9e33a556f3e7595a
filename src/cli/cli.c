/*
 * cli.c - global options, help, and dispatch to a subcommand or to the
 * wizard.
 *
 * Global options may stand before or after the subcommand name:
 * "mailharden --root DIR detect --json" and "mailharden detect --json
 * --root DIR" mean the same.
 */
#include "mh.h"

#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli/cli.h"
#include "confirm.h"
#include "datadir.h"
#include "firewall.h"
#include "fw.h"
#include "ipaddr.h"
#include "tui/tui.h"
#include "version.h"

enum {
	OPT_ROOT = 0x1000,
	OPT_CONFIG,
	OPT_AUDIT_LOG,
	OPT_DNS_SERVER,
	OPT_DATADIR,
	OPT_DRY_RUN,
	OPT_JSON,
	OPT_ASCII,
	OPT_NO_COLOR,
	OPT_BACKEND,
	OPT_CONFIRM_TIMEOUT,
	OPT_STATE_DIR
};

static const struct option cli_global_opts[] = {
	{ "root",	required_argument,	NULL, OPT_ROOT },
	{ "config",	required_argument,	NULL, OPT_CONFIG },
	{ "audit-log",	required_argument,	NULL, OPT_AUDIT_LOG },
	{ "dns-server",	required_argument,	NULL, OPT_DNS_SERVER },
	{ "datadir",	required_argument,	NULL, OPT_DATADIR },
	{ "dry-run",	no_argument,		NULL, OPT_DRY_RUN },
	{ "yes",	no_argument,		NULL, 'y' },
	{ "json",	no_argument,		NULL, OPT_JSON },
	{ "ascii",	no_argument,		NULL, OPT_ASCII },
	{ "no-color",	no_argument,		NULL, OPT_NO_COLOR },
	{ "backend",	required_argument,	NULL, OPT_BACKEND },
	{ "confirm-timeout", required_argument,	NULL, OPT_CONFIRM_TIMEOUT },
	{ "state-dir",	required_argument,	NULL, OPT_STATE_DIR },
	{ "verbose",	no_argument,		NULL, 'v' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
};

static const struct cli_cmd cli_cmds[] = {
	{ "detect", N_("show what this system is (the System step)"),
	    cli_detect_run },
	{ "domain", N_("the mail domain, host name and addresses (the Domain "
	    "step)"), cli_domain_run },
	{ "ports", N_("open the mail ports safely (the Firewall step)"),
	    cli_ports_run },
	{ "audit", N_("show or verify the audit log of changes"),
	    cli_audit_run },
	{ "undo", N_("take back logged changes, newest first"),
	    cli_undo_run },
	{ "smtp-probe", N_("probe mail ports and outbound 25 (provisional)"),
	    cli_smtp_run },
	{ "test", N_("run every connectivity probe (the Connectivity step)"),
	    cli_test_run },
	{ "dkim", N_("generate a DKIM key and show its DNS record"),
	    cli_dkim_run },
	{ "records", N_("generate or verify the DNS records (the DNS "
	    "records step)"), cli_records_run },
	{ "checklist", N_("list, show and lint checklists; waive an item or "
	    "answer a manual one"), cli_checklist_run },
	{ "check", N_("evaluate the checklists (the Checklist step)"),
	    cli_check_run },
	{ "report", N_("write the auditor's report (the Report step)"),
	    cli_report_run },
};

static void
cli_print_version(void)
{
	struct buf	b;

	buf_init(&b, 0);
	version_text(&b);
	tui_version_text(&b);
	fputs(buf_str(&b), stdout);
	buf_clear(&b);
}

void
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list	ap;

	fputs("mailharden: ", stderr);
	if (cmd != NULL)
		fprintf(stderr, "%s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cmd != NULL)
		fprintf(stderr, _("Try 'mailharden %s --help'.\n"), cmd);
	else
		fputs(_("Try 'mailharden --help'.\n"), stderr);
	exit(MH_EXIT_USAGE);
}

void
cli_global_help(void)
{
	size_t	i;

	printf(_("Usage: mailharden [OPTION]... [COMMAND [ARG]...]\n"
	    "Harden a Linux mail server step by step: detect the system, "
	    "open the mail\nports safely, test connectivity, publish "
	    "SPF/DKIM/DMARC/PTR, check, report.\n\n"
	    "With no COMMAND on a terminal, the wizard starts.\n\n"));
	printf(_("Commands:\n"));
	for (i = 0; i < nitems(cli_cmds); i++)
		printf("  %-10s %s\n", cli_cmds[i].name,
		    _(cli_cmds[i].summary));
	printf(_("\nGlobal options (before or after the command):\n"
	    "      --root DIR         read the system from DIR (a mounted tree "
	    "or a fixture)\n"
	    "                         instead of /; live state is then "
	    "UNKNOWN\n"
	    "      --config FILE      settings file (default %s/mailharden/"
	    "mailharden.conf)\n"
	    "      --audit-log FILE   audit log (default %s/log/mailharden/"
	    "audit.log)\n"
	    "      --dns-server IP[:PORT]\n"
	    "                         resolver for DNS checks (default: "
	    "the system's)\n"
	    "      --datadir DIR      bundled data (default %s)\n"
	    "      --dry-run          plan and log intent, change nothing\n"
	    "  -y, --yes              do not ask for confirmation\n"
	    "      --json             machine-readable output\n"
	    "      --ascii            plain ASCII line drawing in the wizard\n"
	    "      --no-color         no colour (also when NO_COLOR is set)\n"
	    "      --backend NAME     host firewall to change (default: the "
	    "active one)\n"
	    "      --confirm-timeout S  seconds to confirm a firewall change "
	    "(default %d)\n"
	    "      --state-dir DIR    rollback watcher state (default %s)\n"
	    "  -v, --verbose          show evidence and more detail\n"
	    "  -h, --help             show this help (also: COMMAND --help)\n"
	    "  -V, --version          show versions and exit\n\n"),
	    SYSCONFDIR, LOCALSTATEDIR, PKGDATADIR, CONFIRM_DEFAULT_TIMEOUT,
	    CONFIRM_STATE_DIR);
	printf(_("Exit status: 0 all good, 1 findings (a check failed), "
	    "2 usage or input error,\n3 could not complete.\n"
	    "Not running as root means a dry run: nothing is changed.\n\n"));
	printf(_("Examples:\n"
	    "  mailharden                     start the wizard\n"
	    "  mailharden detect              what this server is, as text\n"
	    "  mailharden detect --json -v    the same with evidence, as JSON\n"
	    "  mailharden detect --root /mnt/sysimage   inspect a mounted "
	    "system\n"));
}

static void
cli_check_dir(const char *opt, const char *dir)
{
	struct stat	st;

	if (stat(dir, &st) == -1)
		cli_usage_error(NULL, _("%s %s: %s"), opt, dir,
		    strerror(errno));
	if (!S_ISDIR(st.st_mode))
		cli_usage_error(NULL, _("%s %s: not a directory"), opt, dir);
}

static int
cli_parse_port(const char *s)
{
	char	*end;
	long	 v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 1 || v > 65535)
		return -1;
	return (int)v;
}

/* IP, IP:PORT, IPv6, [IPv6]:PORT. */
static int
cli_valid_dns_server(const char *s)
{
	char	 host[128];
	const char *colon, *rb;
	size_t	 n;

	if (strlen(s) >= sizeof host)
		return 0;
	if (s[0] == '[') {
		if ((rb = strchr(s, ']')) == NULL)
			return 0;
		n = (size_t)(rb - s - 1);
		memcpy(host, s + 1, n);
		host[n] = '\0';
		if (ipaddr_family(host) != 6)
			return 0;
		if (rb[1] == '\0')
			return 1;
		return rb[1] == ':' && cli_parse_port(rb + 2) != -1;
	}
	if (ipaddr_family(s) != 0)
		return 1;
	if ((colon = strrchr(s, ':')) == NULL || strchr(s, ':') != colon)
		return 0;
	n = (size_t)(colon - s);
	memcpy(host, s, n);
	host[n] = '\0';
	return ipaddr_family(host) == 4 && cli_parse_port(colon + 1) != -1;
}

static void
cli_apply_global(int c, const char *arg, struct mh_opts *opts)
{
	struct buf	 b;
	char		*end;
	long		 v;

	switch (c) {
	case OPT_ROOT:
		cli_check_dir("--root", arg);
		opts->root = arg;
		break;
	case OPT_CONFIG:
		opts->config = arg;
		break;
	case OPT_AUDIT_LOG:
		opts->audit_log = arg;
		break;
	case OPT_DNS_SERVER:
		if (!cli_valid_dns_server(arg))
			cli_usage_error(NULL, _("--dns-server '%s': expected "
			    "IP, IP:PORT or [IPv6]:PORT"), arg);
		opts->dns_server = arg;
		break;
	case OPT_DATADIR:
		cli_check_dir("--datadir", arg);
		opts->datadir = arg;
		datadir_set(arg);
		break;
	case OPT_DRY_RUN:
		opts->dry_run = 1;
		break;
	case 'y':
		opts->yes = 1;
		break;
	case OPT_JSON:
		opts->json = 1;
		break;
	case OPT_ASCII:
		opts->ascii = 1;
		break;
	case OPT_NO_COLOR:
		opts->color = 0;
		break;
	case OPT_BACKEND:
		if (fw_backend_find(arg) == NULL) {
			buf_init(&b, 0);
			firewall_backend_names(&b);
			cli_usage_error(NULL, _("unknown backend '%s' (known: "
			    "%s)"), arg, buf_str(&b));
		}
		opts->backend = arg;
		break;
	case OPT_CONFIRM_TIMEOUT:
		errno = 0;
		v = strtol(arg, &end, 10);
		if (*arg < '0' || *arg > '9' || errno != 0 || *end != '\0' ||
		    v < 1 || v > CONFIRM_MAX_TIMEOUT)
			cli_usage_error(NULL, _("--confirm-timeout '%s': "
			    "expected seconds, 1 to %d"), arg,
			    CONFIRM_MAX_TIMEOUT);
		opts->confirm_timeout = (int)v;
		break;
	case OPT_STATE_DIR:
		opts->state_dir = arg;
		break;
	case 'v':
		opts->verbose++;
		break;
	}
}

static struct option *
cli_merge_opts(const struct option *cmdopts)
{
	struct option	*all;
	size_t		 n = 0, g = nitems(cli_global_opts);

	while (cmdopts != NULL && cmdopts[n].name != NULL)
		n++;
	all = xcalloc(g + n + 1, sizeof *all);
	memcpy(all, cli_global_opts, sizeof cli_global_opts);
	if (n > 0)
		memcpy(all + g, cmdopts, n * sizeof *all);
	return all;
}

static const char *
cli_bad_option(char **argv)
{
	const char	*bad = argv[optind - 1];

	return bad != NULL ? bad : "?";
}

int
cli_getopt(int argc, char **argv, const struct option *cmdopts,
    const char *cmd, struct mh_opts *opts)
{
	static struct option	*all;
	static const struct option *all_for;
	int			 c;

	if (all == NULL || all_for != cmdopts) {
		free(all);
		all = cli_merge_opts(cmdopts);
		all_for = cmdopts;
	}
	for (;;) {
		c = getopt_long(argc, argv, cmd == NULL ? "+:hVvy" : ":hVvy",
		    all, NULL);
		switch (c) {
		case -1:
			free(all);
			all = NULL;
			return -1;
		case '?':
			if (optopt != 0)
				cli_usage_error(cmd, _("unknown option '-%c'"),
				    optopt);
			cli_usage_error(cmd, _("unknown option '%s'"),
			    cli_bad_option(argv));
			break;
		case ':':
			cli_usage_error(cmd, _("option '%s' needs a value"),
			    cli_bad_option(argv));
			break;
		case 'h':
			return 'h';
		case 'V':
			cli_print_version();
			exit(MH_EXIT_OK);
		default:
			if (c >= OPT_ROOT && c <= OPT_STATE_DIR) {
				cli_apply_global(c, optarg, opts);
				continue;
			}
			if (c == 'v' || c == 'y') {
				cli_apply_global(c, optarg, opts);
				continue;
			}
			return c;
		}
	}
}

void
cli_banner(const struct mh_opts *opts)
{
	if (opts->dry_run_forced)
		fputs(_("mailharden: not running as root: DRY RUN, nothing "
		    "will be changed; facts that need root are UNKNOWN\n"),
		    stderr);
}

static void
cli_init(void)
{
	const char	*dir;

	setlocale(LC_ALL, "");
	dir = getenv("MAILHARDEN_LOCALEDIR");
	bindtextdomain(PACKAGE, dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
	textdomain(PACKAGE);
}

int
cli_main(int argc, char **argv)
{
	struct mh_opts	 opts;
	const char	*nc;
	size_t		 i;
	int		 c;

	cli_init();
	memset(&opts, 0, sizeof opts);
	nc = getenv("NO_COLOR");
	opts.color = nc == NULL || *nc == '\0';
	opts.is_root = geteuid() == 0;
	if (!opts.is_root)
		opts.dry_run = opts.dry_run_forced = 1;

	opterr = 0;
	while ((c = cli_getopt(argc, argv, NULL, NULL, &opts)) != -1) {
		if (c == 'h') {
			cli_global_help();
			return MH_EXIT_OK;
		}
	}
	if (optind >= argc) {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
			cli_usage_error(NULL, _("no terminal for the wizard; "
			    "give a command such as 'detect'"));
		return tui_main(&opts);
	}
	for (i = 0; i < nitems(cli_cmds); i++) {
		if (strcmp(argv[optind], cli_cmds[i].name) == 0) {
			argv += optind;
			argc -= optind;
			optind = 0;	/* full getopt re-init */
			return cli_cmds[i].run(argc, argv, &opts);
		}
	}
	cli_usage_error(NULL, _("unknown command '%s'"), argv[optind]);
}
