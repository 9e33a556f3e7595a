/*
 * cli_domain.c - "mailharden domain show|set": the Domain step on the
 * command line.  show prints the effective settings and where each
 * value came from; set validates, shows the change and writes the
 * settings file through the plan engine (audited, undoable).
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "buf.h"
#include "cli/cli.h"
#include "fact.h"
#include "plan.h"
#include "settings.h"

static void
cli_domain_help(void)
{
	printf(_("Usage: mailharden domain show [--json] [OPTION]...\n"
	    "       mailharden domain set --domain D [--hostname H] "
	    "[--ipv4 A] [--ipv6 A]\n"
	    "             [--selector S] [--dmarc-policy P] "
	    "[--dmarc-rua ADDR] [--yes]\n"
	    "What this server is for: its mail domain(s), host name, "
	    "public addresses,\nDKIM selector and DMARC policy.  The "
	    "answers live in the settings file\n(--config FILE, default "
	    "%s) that every\nlater command reuses; the options below "
	    "override it for one command.\nWith no file, values are "
	    "filled in from detection.\n\n"
	    "  show                  the effective settings and where each "
	    "came from\n"
	    "  set                   validate, show the change, write the "
	    "file (audited;\n"
	    "                        'mailharden undo --last' takes it "
	    "back)\n"
	    "  --domain D            mail domain; repeat or use commas for "
	    "several, the\n"
	    "                        first is the main one; IDN allowed "
	    "(stored as xn--)\n"
	    "  --hostname H          the mail host's FQDN (MX target, EHLO "
	    "name, PTR)\n"
	    "  --ipv4 A, --ipv6 A    the public addresses (behind NAT: the "
	    "provider's)\n"
	    "  --allow-private       accept private/loopback addresses "
	    "(lab use only)\n"
	    "  --selector S          DKIM selector (default \"%s\")\n"
	    "  --dmarc-policy P      none, quarantine or reject (default "
	    "none)\n"
	    "  --dmarc-rua ADDR      where DMARC aggregate reports go "
	    "(default\n"
	    "                        postmaster@ the main domain)\n"
	    "  --json                show as JSON\n"
	    "  --yes                 do not ask before writing\n\n"
	    "Examples:\n"
	    "  mailharden domain show\n"
	    "  mailharden domain set --domain example.com --hostname "
	    "mail.example.com \\\n"
	    "      --ipv4 203.0.113.7 --yes\n"
	    "  mailharden domain set --domain example.com,example.org "
	    "--dmarc-policy quarantine\n"
	    "  mailharden --config ./lab.conf domain set --domain lab.test "
	    "--ipv4 10.0.0.5 \\\n"
	    "      --allow-private\n\n"
	    "Exit status: 0 done, 2 bad value or usage (nothing written), "
	    "3 could not\nwrite.  Not root: a dry run.\n"),
	    SETTINGS_DEFAULT_PATH, SETTINGS_DEFAULT_SELECTOR);
}

static int
cli_domain_ask(const char *q)
{
	char	line[16];

	fprintf(stderr, "%s [y/N] ", q);
	if (fgets(line, sizeof line, stdin) == NULL)
		return 0;
	return line[0] == 'y' || line[0] == 'Y';
}

/* "  LABEL  " padded to 18 columns by display width. */
static void
cli_domain_label(const char *label)
{
	struct buf	b;

	buf_init(&b, 0);
	buf_adds(&b, "  ");
	buf_add_padded(&b, label, 18);
	buf_adds(&b, " ");
	fputs(buf_str(&b), stdout);
	buf_clear(&b);
}

/* Old -> new for each field that changes. */
static void
cli_domain_diff(const struct settings *old, const struct settings *new)
{
	char	*a, *b;
	size_t	 f;
	int	 any = 0;

	printf(_("Changes:\n"));
	for (f = 0; f < SETTINGS_NFIELDS; f++) {
		a = settings_value(old, f);
		b = settings_value(new, f);
		if (strcmp(a, b) != 0) {
			cli_domain_label(_(settings_field_label(f)));
			printf("%s -> %s\n",
			    *a != '\0' ? a : _("(not set)"),
			    *b != '\0' ? b : _("(not set)"));
			any = 1;
		}
		free(a);
		free(b);
	}
	if (old->allow_private != new->allow_private) {
		cli_domain_label("allow_private");
		printf("%s\n",
		    new->allow_private ? "true" : "false");
		any = 1;
	}
	if (!any)
		printf(_("  (none)\n"));
	printf("\n");
}

static int
cli_domain_set(struct mh_opts *opts, const struct settings *s,
    const char *path)
{
	struct settings	 old;
	struct plan	*p = NULL;
	struct buf	 b;
	char		*cause = NULL;
	int		 rc = MH_EXIT_RUNTIME;

	settings_init(&old);
	if (settings_load(&old, path, &cause) == -1) {
		/* the file is bad: set replaces it, say so */
		fprintf(stderr, _("mailharden: domain: the current file is "
		    "not valid (%s); it will be replaced\n"), cause);
		free(cause);
		cause = NULL;
		settings_clear(&old);
	}
	if (settings_plan(s, path, &p, &cause) == -1) {
		fprintf(stderr, "mailharden: domain: %s\n", cause);
		free(cause);
		settings_clear(&old);
		return MH_EXIT_USAGE;
	}
	cli_banner(opts);
	cli_domain_diff(&old, s);
	buf_init(&b, 0);
	plan_preview(p, &b);
	fputs(buf_str(&b), stdout);
	buf_clear(&b);
	if (p->n == 0) {
		printf(_("\n%s already says this.\n"), path);
		rc = MH_EXIT_OK;
		goto out;
	}
	if (!opts->dry_run && !opts->yes) {
		if (!isatty(STDIN_FILENO))
			cli_usage_error("domain", _("no terminal to ask on: "
			    "re-run with --yes"));
		if (!cli_domain_ask(_("Write these settings?"))) {
			printf(_("Not written.\n"));
			rc = MH_EXIT_OK;
			goto out;
		}
	}
	if (settings_apply(p, opts->audit_log, opts->dry_run, &cause) == -1) {
		fprintf(stderr, "mailharden: domain: %s\n", cause);
		free(cause);
		goto out;
	}
	if (opts->dry_run)
		printf(_("\nDRY RUN: nothing was written (plan %s).\n"),
		    p->id);
	else
		printf(_("\nSaved %s (plan %s).  Undo it with: mailharden "
		    "undo --plan %s\n"), path, p->id, p->id);
	rc = MH_EXIT_OK;
out:
	plan_free(p);
	settings_clear(&old);
	return rc;
}

int
cli_domain_run(int argc, char **argv, struct mh_opts *opts)
{
	static const struct option	 longopts[] = {
		SETTINGS_LONGOPTS_HOST,
		SETTINGS_LONGOPTS_MAIL,
		{ NULL, 0, NULL, 0 }
	};
	struct settings_args	 args;
	struct settings		 s;
	struct facts		*fs = NULL;
	struct buf		 b;
	const char		*path, *action = "show";
	char			*cause = NULL;
	int			 c, rc = MH_EXIT_USAGE;

	memset(&args, 0, sizeof args);
	settings_init(&s);
	while ((c = cli_getopt(argc, argv, longopts, "domain", opts)) != -1) {
		if (c == 'h') {
			cli_domain_help();
			settings_args_clear(&args);
			return MH_EXIT_OK;
		}
		settings_arg(&args, c, optarg);
	}
	if (optind < argc)
		action = argv[optind++];
	if (optind < argc)
		cli_usage_error("domain", _("unexpected argument '%s'"),
		    argv[optind]);
	if (strcmp(action, "show") != 0 && strcmp(action, "set") != 0)
		cli_usage_error("domain", _("unknown action '%s' (show or "
		    "set)"), action);
	if (strcmp(action, "set") == 0 && !args.given)
		cli_usage_error("domain", _("set: give at least one value, "
		    "e.g. --domain example.com"));
	path = opts->config != NULL ? opts->config : SETTINGS_DEFAULT_PATH;
	fs = facts_create();
	settings_detect(opts->root, fs);
	if (settings_resolve(&s, path, fs, &args, &cause) == -1) {
		fprintf(stderr, "mailharden: domain: %s\n", cause);
		free(cause);
		goto out;
	}
	if (strcmp(action, "set") == 0) {
		rc = cli_domain_set(opts, &s, path);
		goto out;
	}
	buf_init(&b, 0);
	if (opts->json)
		settings_json(&s, path, &b);
	else
		settings_show(&s, path, &b);
	fputs(buf_str(&b), stdout);
	buf_clear(&b);
	rc = MH_EXIT_OK;
out:
	facts_free(fs);
	settings_clear(&s);
	settings_args_clear(&args);
	return rc;
}
