/*
 * cli_ports.c - "mailharden ports": the Firewall step without a
 * terminal.  status, plan (preview only), apply (preview, ask, apply
 * through the audited plan engine, then confirm-or-rollback on an SSH
 * session), confirm, and print (Windows Server and cloud security-group
 * commands to run elsewhere).  A thin layer over firewall.c (shared
 * with the wizard's Firewall view): parsing, printing and asking.
 */
#include "mh.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "buf.h"
#include "cli/cli.h"
#include "clouds.h"
#include "confirm.h"
#include "firewall.h"
#include "fw.h"
#include "plan.h"

#define PORTS_DEFAULT		FIREWALL_DEFAULT_OPEN
#define PORTS_STATUS_DEFAULT	FIREWALL_STATUS_PORTS

/* --backend, --confirm-timeout and --state-dir are global (cli.c). */
enum {
	OPT_OPEN = 0x2000,
	OPT_CLOSE,
	OPT_NO_WAIT,
	OPT_TARGET,
	OPT_PROVIDER,
	OPT_PLAN,
	OPT_ENABLE,
	OPT_ZONE,
	OPT_PORTS
};

struct ports_args {
	const char	*sub;
	char		 cmd[32];
	const char	*open;
	const char	*close;
	const char	*backend;
	const char	*state_dir;
	const char	*target;
	const char	*provider;
	const char	*plan;
	const char	*zone;
	const char	*ports;
	int		 confirm_timeout;	/* -1 = not given */
	int		 no_wait;
	int		 enable;
	int		 open_v[FW_MAX_PORTS];
	size_t		 nopen;
	int		 close_v[FW_MAX_PORTS];
	size_t		 nclose;
};

static const struct option ports_longopts[] = {
	{ "open",		required_argument, NULL, OPT_OPEN },
	{ "close",		required_argument, NULL, OPT_CLOSE },
	{ "no-wait",		no_argument,	   NULL, OPT_NO_WAIT },
	{ "target",		required_argument, NULL, OPT_TARGET },
	{ "provider",		required_argument, NULL, OPT_PROVIDER },
	{ "plan",		required_argument, NULL, OPT_PLAN },
	{ "enable",		no_argument,	   NULL, OPT_ENABLE },
	{ "zone",		required_argument, NULL, OPT_ZONE },
	{ "ports",		required_argument, NULL, OPT_PORTS },
	{ NULL, 0, NULL, 0 }
};

static void
cli_ports_help(void)
{
	printf(_("Usage: mailharden ports COMMAND [OPTION]...\n"
	    "Open the mail ports in the host firewall safely: see the exact "
	    "commands first,\nevery step is logged before it runs, a failed "
	    "step rolls the others back, and\non an SSH session the change "
	    "is rolled back unless you confirm in time.\n\n"
	    "Commands:\n"
	    "  status [--ports LIST] [--backend NAME]\n"
	    "        which ports the firewall lets in now (IPv4 and IPv6)\n"
	    "  plan --open LIST [--close LIST] [--backend NAME] [--json]\n"
	    "        print the plan: numbered commands with their undo; "
	    "changes nothing\n"
	    "  apply --open LIST [--close LIST] [--backend NAME] [--yes]\n"
	    "        [--confirm-timeout S] [--no-wait] [--enable] "
	    "[--zone ZONE]\n"
	    "        print the plan, ask y/N (or --yes), apply it, then wait "
	    "for 'ports\n        confirm' when on SSH or when "
	    "--confirm-timeout is given\n"
	    "  confirm [--plan ID]\n"
	    "        keep the change: stops the rollback watcher\n"
	    "  print --target windows|cloud [--open LIST] [--provider ID]\n"
	    "        commands to run elsewhere: Windows Server PowerShell and "
	    "netsh,\n        or the cloud security group and the port-25 "
	    "unblock procedure\n\n"));
	printf(_("Options:\n"
	    "  --open LIST            ports to open: numbers or names, "
	    "e.g. 25,465,587 or\n"
	    "                         smtp,submission (1-65535, no "
	    "duplicates)\n"
	    "  --close LIST           ports to close (never the SSH port in "
	    "use)\n"
	    "  --backend NAME         firewalld, ufw, nftables, iptables-nft, "
	    "iptables-legacy\n"
	    "                         or null (changes nothing real); "
	    "default: the active one\n"
	    "  --confirm-timeout S    seconds to confirm before the rollback "
	    "(default %d on\n"
	    "                         an SSH session; giving it asks for "
	    "confirmation anyway)\n"
	    "  --no-wait              return after arming the rollback "
	    "watcher\n"
	    "  --enable               allow enabling an inactive firewall "
	    "(SSH is allowed\n"
	    "                         first)\n"
	    "  --state-dir DIR        watcher state (default %s)\n"
	    "  --dry-run              log the intent, change nothing (also "
	    "when not root)\n\n"),
	    CONFIRM_DEFAULT_TIMEOUT, CONFIRM_STATE_DIR);
	printf(_("Port choices: 25 inbound mail between servers (MTA to "
	    "MTA); 587 submission\nwith STARTTLS and AUTH for your users; "
	    "465 submission over implicit TLS;\n993/995 IMAPS/POP3S if you "
	    "serve mailboxes; 110/143 are plaintext: avoid.\n\n"
	    "Examples:\n"
	    "  mailharden ports status\n"
	    "  mailharden ports plan --open 25,465,587\n"
	    "  mailharden ports apply --open 25,587 --yes "
	    "--confirm-timeout 120\n"
	    "  mailharden ports confirm          (from a NEW SSH session)\n"
	    "  mailharden ports print --target windows --open 25,587\n"
	    "  mailharden ports print --target cloud\n\n"
	    "Exit status: 0 done (or nothing to do), 2 bad input or no "
	    "terminal to ask on\n(nothing changed), 3 could not complete "
	    "(failed steps were rolled back, or\nthe change was not "
	    "confirmed and was rolled back).\n"));
}

static void
cli_ports_parse_list(struct ports_args *pa, const char *opt,
    const char *text, int *v, size_t *n)
{
	char	*cause = NULL;

	if (fw_parse_ports(text, v, n, &cause) == -1)
		cli_usage_error(pa->cmd, _("%s %s: %s"), opt, text, cause);
}

static void
cli_ports_args(int argc, char **argv, struct mh_opts *opts,
    struct ports_args *pa)
{
	size_t	i, k;
	int	c;

	while ((c = cli_getopt(argc, argv, ports_longopts, pa->cmd,
	    opts)) != -1) {
		switch (c) {
		case 'h':
			cli_ports_help();
			exit(MH_EXIT_OK);
		case OPT_OPEN:
			pa->open = optarg;
			break;
		case OPT_CLOSE:
			pa->close = optarg;
			break;
		case OPT_NO_WAIT:
			pa->no_wait = 1;
			break;
		case OPT_TARGET:
			pa->target = optarg;
			break;
		case OPT_PROVIDER:
			pa->provider = optarg;
			break;
		case OPT_PLAN:
			pa->plan = optarg;
			break;
		case OPT_ENABLE:
			pa->enable = 1;
			break;
		case OPT_ZONE:
			pa->zone = optarg;
			break;
		case OPT_PORTS:
			pa->ports = optarg;
			break;
		}
	}
	pa->backend = opts->backend;
	pa->state_dir = opts->state_dir;
	pa->confirm_timeout = opts->confirm_timeout > 0 ?
	    opts->confirm_timeout : -1;
	if (optind < argc)
		cli_usage_error(pa->cmd, _("unexpected argument '%s'"),
		    argv[optind]);
	if (pa->open != NULL)
		cli_ports_parse_list(pa, "--open", pa->open, pa->open_v,
		    &pa->nopen);
	if (pa->close != NULL)
		cli_ports_parse_list(pa, "--close", pa->close, pa->close_v,
		    &pa->nclose);
	for (i = 0; i < pa->nopen; i++)
		for (k = 0; k < pa->nclose; k++)
			if (pa->open_v[i] == pa->close_v[k])
				cli_usage_error(pa->cmd, _("port %d is in both "
				    "--open and --close"), pa->open_v[i]);
}

/* Detection and the backend.  Exits on failure. */
static void
cli_ports_backend(struct ports_args *pa, struct mh_opts *opts,
    struct firewall *fw)
{
	char	*cause = NULL;

	firewall_init(fw, opts->root, pa->backend == NULL);
	fw->ctx.enable = pa->enable;
	fw->ctx.zone = pa->zone;
	if (firewall_choose(fw, pa->backend, &cause) == -1) {
		if (pa->backend == NULL)
			fprintf(stderr, _("mailharden: %s: no active host "
			    "firewall was found; name one with --backend\n"
			    "(see 'mailharden detect' for what was found)\n"),
			    pa->cmd);
		else
			fprintf(stderr, "mailharden: %s: %s\n", pa->cmd,
			    cause);
		free(cause);
		firewall_free(fw);
		exit(MH_EXIT_RUNTIME);
	}
}

/* One row of the status table, padded by display width. */
static void
cli_ports_status_row(const char *port, const char *v4, const char *v6)
{
	struct buf	b;

	buf_init(&b, 0);
	buf_add_padded(&b, port, 10);
	buf_adds(&b, " ");
	buf_add_padded(&b, v4, 8);
	buf_adds(&b, " ");
	buf_adds(&b, v6);
	puts(buf_str(&b));
	buf_clear(&b);
}

static int
cli_ports_status(struct ports_args *pa, struct mh_opts *opts)
{
	struct firewall	 fw;
	int		 v[FW_MAX_PORTS], o4, o6, rc = MH_EXIT_OK;
	size_t		 n, i;
	char		*cause = NULL, label[16];

	cli_ports_parse_list(pa, "--ports", pa->ports != NULL ? pa->ports :
	    PORTS_STATUS_DEFAULT, v, &n);
	cli_ports_backend(pa, opts, &fw);
	printf(_("Firewall: %s\n"), _(fw.be->title));
	printf(_("SSH port(s) in use:"));
	for (i = 0; i < fw.nssh; i++)
		printf(" %d", fw.ssh[i]);
	printf("\n\n");
	cli_ports_status_row(_("PORT"), _("IPv4"), _("IPv6"));
	for (i = 0; i < n; i++) {
		snprintf(label, sizeof label, "%d/tcp", v[i]);
		if (firewall_status(&fw, v[i], &o4, &o6, &cause) == -1) {
			printf("%-10s %s\n", label, cause);
			free(cause);
			cause = NULL;
			rc = MH_EXIT_RUNTIME;
			continue;
		}
		cli_ports_status_row(label, o4 ? _("open") : _("closed"),
		    o6 ? _("open") : _("closed"));
	}
	firewall_free(&fw);
	return rc;
}

/* Build the plan for --open / --close.  Exits on failure. */
static struct plan *
cli_ports_build(struct ports_args *pa, struct mh_opts *opts,
    struct firewall *fw)
{
	struct plan	*pl;
	char		*cause = NULL;

	if (pa->nopen == 0 && pa->nclose == 0)
		cli_usage_error(pa->cmd, _("give --open LIST and/or --close "
		    "LIST, e.g. --open %s"), PORTS_DEFAULT);
	cli_ports_backend(pa, opts, fw);
	pl = firewall_plan(fw, pa->open_v, pa->nopen, pa->close_v, pa->nclose,
	    &cause);
	if (pl == NULL) {
		fprintf(stderr, _("mailharden: %s: cannot plan the change: "
		    "%s\n"), pa->cmd, cause);
		free(cause);
		firewall_free(fw);
		exit(MH_EXIT_RUNTIME);
	}
	return pl;
}

static int
cli_ports_plan(struct ports_args *pa, struct mh_opts *opts)
{
	struct firewall	 fw;
	struct plan	*pl;
	struct buf	 b;

	pl = cli_ports_build(pa, opts, &fw);
	buf_init(&b, 0);
	if (opts->json) {
		plan_json(pl, &b);
		buf_addc(&b, '\n');
	} else {
		plan_preview(pl, &b);
		buf_printf(&b, _("\nNothing was changed.  To apply: mailharden "
		    "ports apply with the same options.\n"));
	}
	fputs(buf_str(&b), stdout);
	buf_clear(&b);
	plan_free(pl);
	firewall_free(&fw);
	return MH_EXIT_OK;
}

static void
cli_ports_progress(void *arg, const struct plan *pl, size_t i,
    enum plan_event ev, const char *msg)
{
	(void)arg;
	switch (ev) {
	case PLAN_EV_START:
		fprintf(stderr, _("[%zu/%zu] %s ...\n"), i + 1, pl->n,
		    pl->v[i].title);
		break;
	case PLAN_EV_DONE:
		fprintf(stderr, _("[%zu/%zu] done\n"), i + 1, pl->n);
		break;
	case PLAN_EV_FAILED:
		fprintf(stderr, _("[%zu/%zu] FAILED: %s\n"), i + 1, pl->n,
		    msg != NULL ? msg : "?");
		break;
	case PLAN_EV_ROLLBACK:
		fprintf(stderr, _("[%zu/%zu] rolling back\n"), i + 1, pl->n);
		break;
	}
}

/* y/N on the terminal. */
static int
cli_ports_ask(const char *question)
{
	char	line[64];

	fprintf(stderr, "%s [y/N] ", question);
	fflush(stderr);
	if (fgets(line, sizeof line, stdin) == NULL)
		return 0;
	return line[0] == 'y' || line[0] == 'Y';
}

/* After arming: wait for the outcome (or the operator's y). */
static int
cli_ports_wait(struct ports_args *pa, struct audit *a, const char *plan)
{
	enum confirm_state	 st;
	struct pollfd		 pfd;
	long long		 dl;
	char			*detail = NULL, line[64], *cause = NULL;
	int			 tty = isatty(STDIN_FILENO), last = -1, left;

	for (;;) {
		st = confirm_state(pa->state_dir, plan, &dl, &detail);
		if (st != CONFIRM_PENDING)
			break;
		left = (int)(dl - (long long)time(NULL));
		if (left < 0)
			left = 0;
		if (left != last && (left % 10 == 0 || left <= 5)) {
			fprintf(stderr, _("  %d s left to confirm%s\n"), left,
			    tty ? _(" (type y and Enter)") : "");
			last = left;
		}
		pfd.fd = STDIN_FILENO;
		pfd.events = POLLIN;
		if (tty && poll(&pfd, 1, 200) == 1) {
			if (fgets(line, sizeof line, stdin) != NULL &&
			    (line[0] == 'y' || line[0] == 'Y') &&
			    firewall_confirm(a, pa->state_dir, plan,
			    "operator confirms at the terminal", &st,
			    &cause) == -1) {
				fprintf(stderr, "mailharden: %s\n", cause);
				free(cause);
				cause = NULL;
			}
		} else if (!tty)
			poll(NULL, 0, 200);
	}
	switch (st) {
	case CONFIRM_CONFIRMED:
		printf(_("Confirmed: the change stays.\n"));
		free(detail);
		return MH_EXIT_OK;
	case CONFIRM_ROLLED_BACK:
		printf(_("NOT CONFIRMED in time: the change was rolled back.\n"
		    "%s"), detail != NULL ? detail : "");
		break;
	default:
		printf(_("The rollback watcher ended without an answer: %s\n"
		    "Check with 'mailharden audit show'.\n"),
		    detail != NULL ? detail : _("(no state)"));
		break;
	}
	free(detail);
	return MH_EXIT_RUNTIME;
}

static int
cli_ports_apply(struct ports_args *pa, struct mh_opts *opts)
{
	struct firewall	 fw;
	struct audit	*a = NULL;
	struct plan	*pl = NULL;
	struct buf	 b;
	const char	*path = firewall_audit_path(opts->audit_log);
	char		*cause = NULL;
	long		 wpid;
	int		 rc = MH_EXIT_RUNTIME, timeout;

	if (pa->nopen == 0 && pa->nclose == 0)
		cli_usage_error(pa->cmd, _("give --open LIST and/or --close "
		    "LIST, e.g. --open %s"), PORTS_DEFAULT);
	if (!opts->yes && !isatty(STDIN_FILENO))
		cli_usage_error(pa->cmd, _("no terminal to ask on: read the "
		    "plan ('mailharden ports plan ...') and re-run with "
		    "--yes"));
	if (audit_open(path, &a, &cause) == -1) {
		/* A dry run (not root) still shows the plan. */
		fprintf(stderr, _("mailharden: %s: %s; nothing was changed\n"),
		    pa->cmd, cause);
		free(cause);
		if (!opts->dry_run)
			return MH_EXIT_RUNTIME;
		cli_banner(opts);
		pl = cli_ports_build(pa, opts, &fw);
		buf_init(&b, 0);
		plan_preview(pl, &b);
		fputs(buf_str(&b), stdout);
		buf_clear(&b);
		printf(_("\nDRY RUN: this is what would run; the intent "
		    "was not logged (give a writable --audit-log to log "
		    "it).\n"));
		plan_free(pl);
		firewall_free(&fw);
		return MH_EXIT_OK;
	}
	cli_banner(opts);
	pl = cli_ports_build(pa, opts, &fw);
	buf_init(&b, 0);
	plan_preview(pl, &b);
	fputs(buf_str(&b), stdout);
	buf_reset(&b);
	fflush(stdout);
	if (pl->n == 0) {
		printf(_("\nNothing to do.\n"));
		rc = MH_EXIT_OK;
		goto out;
	}
	if (opts->dry_run)
		fprintf(stderr, _("\nDRY RUN: the intent is logged to %s, "
		    "nothing is changed.\n"), path);
	if (!opts->yes && !cli_ports_ask(_("Apply these steps?"))) {
		printf(_("Not applied.\n"));
		rc = MH_EXIT_OK;
		goto out;
	}
	if (firewall_apply(pl, a, opts->dry_run, cli_ports_progress, NULL,
	    &cause) == -1) {
		fprintf(stderr, _("mailharden: %s: %s\n"), pa->cmd, cause);
		free(cause);
		goto out;
	}
	if (opts->dry_run) {
		printf(_("DRY RUN: nothing was changed (plan %s logged as "
		    "dry-run).\n"), pl->id);
		rc = MH_EXIT_OK;
		goto out;
	}
	printf(_("Applied plan %s.  Undo it with: mailharden undo --plan "
	    "%s\n"), pl->id, pl->id);
	if (!firewall_need_confirm(pa->confirm_timeout != -1)) {
		rc = MH_EXIT_OK;
		goto out;
	}
	timeout = pa->confirm_timeout != -1 ? pa->confirm_timeout :
	    CONFIRM_DEFAULT_TIMEOUT;
	if (firewall_arm(a, path, pa->state_dir, pl->id, timeout, &wpid, &b,
	    &cause) == -1) {
		fprintf(stderr, _("mailharden: %s: %s; rolling back now\n"),
		    pa->cmd, cause);
		fputs(buf_str(&b), stderr);
		free(cause);
		goto out;
	}
	printf(_("\nCHECK YOUR ACCESS NOW: open a NEW SSH session to this "
	    "server.  If it works,\nconfirm within %d s with:\n"
	    "    mailharden ports confirm%s%s\n"
	    "Otherwise the change is rolled back automatically (watcher "
	    "pid %ld), even if\nthis session drops.\n"), timeout,
	    pa->state_dir != NULL ? " --state-dir " : "",
	    pa->state_dir != NULL ? pa->state_dir : "", wpid);
	fflush(stdout);
	if (pa->no_wait) {
		rc = MH_EXIT_OK;
		goto out;
	}
	rc = cli_ports_wait(pa, a, pl->id);
out:
	buf_clear(&b);
	plan_free(pl);
	firewall_free(&fw);
	audit_close(a);
	return rc;
}

static int
cli_ports_confirm(struct ports_args *pa, struct mh_opts *opts)
{
	enum confirm_state	 st;
	struct audit		*a = NULL;
	char			**plans = NULL, *cause = NULL;
	long long		 dl;
	size_t			 n = 0, i;
	int			 rc = MH_EXIT_OK;

	if (pa->plan != NULL) {
		if (confirm_state(pa->state_dir, pa->plan, &dl, NULL) !=
		    CONFIRM_PENDING) {
			fprintf(stderr, _("mailharden: %s: plan %s is not "
			    "waiting for confirmation (see 'mailharden audit "
			    "show')\n"), pa->cmd, pa->plan);
			return MH_EXIT_RUNTIME;
		}
		plans = xcalloc(1, sizeof *plans);
		plans[0] = xstrdup(pa->plan);
		n = 1;
	} else if (confirm_pending(pa->state_dir, &plans, &n, &cause) == -1) {
		fprintf(stderr, "mailharden: %s: %s\n", pa->cmd, cause);
		free(cause);
		return MH_EXIT_RUNTIME;
	}
	if (n == 0) {
		fprintf(stderr, _("mailharden: %s: nothing is waiting for "
		    "confirmation (a change not confirmed in time\nhas been "
		    "rolled back: see 'mailharden audit show')\n"), pa->cmd);
		free(plans);
		return MH_EXIT_RUNTIME;
	}
	if (audit_open(firewall_audit_path(opts->audit_log), &a,
	    &cause) == -1) {
		fprintf(stderr, _("mailharden: %s: %s; not confirmed\n"),
		    pa->cmd, cause);
		free(cause);
		rc = MH_EXIT_RUNTIME;
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (firewall_confirm(a, pa->state_dir, plans[i],
		    "operator confirms (mailharden ports confirm)", &st,
		    &cause) == -1) {
			fprintf(stderr, "mailharden: %s: %s\n", pa->cmd, cause);
			free(cause);
			cause = NULL;
			rc = MH_EXIT_RUNTIME;
			continue;
		}
		if (st == CONFIRM_CONFIRMED)
			printf(_("Confirmed plan %s: the change stays.\n"),
			    plans[i]);
		else {
			printf(_("Too late for plan %s: it was already rolled "
			    "back.\n"), plans[i]);
			rc = MH_EXIT_RUNTIME;
		}
	}
out:
	for (i = 0; i < n; i++)
		free(plans[i]);
	free(plans);
	audit_close(a);
	return rc;
}

static int
cli_ports_cloud(struct ports_args *pa, struct mh_opts *opts, const int *v,
    size_t n)
{
	struct buf	 b;
	char		*cause = NULL;
	int		 r, found;

	buf_init(&b, 0);
	r = firewall_cloud(opts->root, pa->provider, v, n, NULL,
	    clouds_want_zh(), &b, &found, &cause);
	fputs(buf_str(&b), stdout);
	buf_clear(&b);
	if (r != 0) {
		fprintf(stderr, "mailharden: %s: %s\n", pa->cmd, cause);
		free(cause);
		return r == 1 ? MH_EXIT_USAGE : MH_EXIT_RUNTIME;
	}
	return MH_EXIT_OK;
}

static int
cli_ports_print(struct ports_args *pa, struct mh_opts *opts)
{
	struct buf	b;
	int		v[FW_MAX_PORTS];
	size_t		n;

	if (pa->target == NULL)
		cli_usage_error(pa->cmd, _("give --target windows or --target "
		    "cloud"));
	if (pa->nopen > 0) {
		memcpy(v, pa->open_v, pa->nopen * sizeof *v);
		n = pa->nopen;
	} else
		cli_ports_parse_list(pa, "--open", PORTS_DEFAULT, v, &n);
	if (strcmp(pa->target, "windows") == 0) {
		buf_init(&b, 0);
		firewall_windows(v, n, NULL, &b);
		fputs(buf_str(&b), stdout);
		buf_clear(&b);
		return MH_EXIT_OK;
	}
	if (strcmp(pa->target, "cloud") == 0)
		return cli_ports_cloud(pa, opts, v, n);
	cli_usage_error(pa->cmd, _("--target '%s': expected windows or "
	    "cloud"), pa->target);
}

int
cli_ports_run(int argc, char **argv, struct mh_opts *opts)
{
	static const char	*subs[] = { "status", "plan", "apply",
		"confirm", "print" };
	struct ports_args	 pa;
	size_t			 i;

	memset(&pa, 0, sizeof pa);
	pa.confirm_timeout = -1;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		cli_ports_help();
		return argc < 2 ? MH_EXIT_USAGE : MH_EXIT_OK;
	}
	for (i = 0; i < nitems(subs); i++)
		if (strcmp(argv[1], subs[i]) == 0)
			break;
	if (i == nitems(subs))
		cli_usage_error("ports", _("unknown command '%s' (status, "
		    "plan, apply, confirm, print)"), argv[1]);
	pa.sub = subs[i];
	snprintf(pa.cmd, sizeof pa.cmd, "ports %s", pa.sub);
	cli_ports_args(argc - 1, argv + 1, opts, &pa);
	switch (i) {
	case 0:
		return cli_ports_status(&pa, opts);
	case 1:
		return cli_ports_plan(&pa, opts);
	case 2:
		return cli_ports_apply(&pa, opts);
	case 3:
		return cli_ports_confirm(&pa, opts);
	default:
		return cli_ports_print(&pa, opts);
	}
}
