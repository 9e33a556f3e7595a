/*
 * cli_ports.c - "mailharden ports": the Firewall step without a
 * terminal.  status, plan (preview only), apply (preview, ask, apply
 * through the audited plan engine, then confirm-or-rollback on an SSH
 * session), confirm, and print (Windows Server and cloud security-group
 * commands to run elsewhere).
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
#include "datadir.h"
#include "detect.h"
#include "fact.h"
#include "fw.h"
#include "plan.h"
#include "undo.h"

#define PORTS_DEFAULT		"25,465,587"
#define PORTS_STATUS_DEFAULT	"25,465,587,993,995,110,143"
#define PORTS_QUERY_MS		10000
#define PORTS_CONFIRM_WAIT_MS	3000

enum {
	OPT_OPEN = 0x2000,
	OPT_CLOSE,
	OPT_BACKEND,
	OPT_CONFIRM_TIMEOUT,
	OPT_STATE_DIR,
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
	int		 ssh_v[FW_MAX_PORTS];
	size_t		 nssh;
};

static const struct option ports_longopts[] = {
	{ "open",		required_argument, NULL, OPT_OPEN },
	{ "close",		required_argument, NULL, OPT_CLOSE },
	{ "backend",		required_argument, NULL, OPT_BACKEND },
	{ "confirm-timeout",	required_argument, NULL, OPT_CONFIRM_TIMEOUT },
	{ "state-dir",		required_argument, NULL, OPT_STATE_DIR },
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

static int
cli_ports_timeout(struct ports_args *pa, const char *s)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s < '0' || *s > '9' || errno != 0 || *end != '\0' || v < 1 ||
	    v > CONFIRM_MAX_TIMEOUT)
		cli_usage_error(pa->cmd, _("--confirm-timeout '%s': expected "
		    "seconds, 1 to %d"), s, CONFIRM_MAX_TIMEOUT);
	return (int)v;
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
		case OPT_BACKEND:
			pa->backend = optarg;
			break;
		case OPT_CONFIRM_TIMEOUT:
			pa->confirm_timeout = cli_ports_timeout(pa, optarg);
			break;
		case OPT_STATE_DIR:
			pa->state_dir = optarg;
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
	if (pa->backend != NULL && fw_backend_find(pa->backend) == NULL) {
		struct buf	b;

		buf_init(&b, 0);
		for (i = 0; fw_backends[i] != NULL; i++)
			buf_printf(&b, "%s%s", i ? ", " : "",
			    fw_backends[i]->name);
		cli_usage_error(pa->cmd, _("unknown backend '%s' (known: %s)"),
		    pa->backend, buf_str(&b));
	}
}

/* SSH ports in use, from detection (at least 22 when unknown). */
static void
cli_ports_ssh(struct ports_args *pa, const struct facts *fs)
{
	const struct fact	*f;
	char			*end;
	long			 v;
	size_t			 i;

	pa->nssh = 0;
	f = facts_get(fs, "ssh.ports");
	if (f != NULL && f->state == FACT_KNOWN && f->type == FACT_LIST) {
		for (i = 0; i < f->nlist && pa->nssh < FW_MAX_PORTS; i++) {
			v = strtol(f->list[i], &end, 10);
			if (*end == '\0' && v >= 1 && v <= 65535)
				pa->ssh_v[pa->nssh++] = (int)v;
		}
	}
	if (pa->nssh == 0)
		pa->ssh_v[pa->nssh++] = 22;
}

/* Detection, the backend and its context.  Exits on failure. */
static const struct fw_backend *
cli_ports_backend(struct ports_args *pa, struct mh_opts *opts,
    struct facts **fsp, struct fw_ctx *ctx)
{
	struct detect_ctx	 dctx;
	const struct fw_backend	*be;
	struct facts		*fs;
	char			*cause = NULL;

	detect_ctx_init(&dctx, opts->root);
	fs = facts_create();
	detect_ssh_run(&dctx, fs);
	if (pa->backend == NULL)
		detect_fw_run(&dctx, fs);
	cli_ports_ssh(pa, fs);
	memset(ctx, 0, sizeof *ctx);
	ctx->facts = fs;
	ctx->ssh_ports = pa->ssh_v;
	ctx->nssh = pa->nssh;
	ctx->enable = pa->enable;
	ctx->zone = pa->zone;
	ctx->timeout_ms = PORTS_QUERY_MS;
	*fsp = fs;
	if (pa->backend != NULL)
		be = fw_backend_find(pa->backend);
	else if ((be = fw_backend_active(fs)) == NULL) {
		fprintf(stderr, _("mailharden: %s: no active host firewall "
		    "was found; name one with --backend\n(see 'mailharden "
		    "detect' for what was found)\n"), pa->cmd);
		facts_free(fs);
		exit(MH_EXIT_RUNTIME);
	}
	if (be->probe != NULL && be->probe(ctx, &cause) == -1) {
		fprintf(stderr, _("mailharden: %s: backend %s cannot be used "
		    "here: %s\n"), pa->cmd, be->name, cause);
		free(cause);
		facts_free(fs);
		exit(MH_EXIT_RUNTIME);
	}
	return be;
}

static int
cli_ports_status(struct ports_args *pa, struct mh_opts *opts)
{
	const struct fw_backend	*be;
	struct fw_ctx		 ctx;
	struct facts		*fs;
	int			 v[FW_MAX_PORTS], o4, o6, rc = MH_EXIT_OK;
	size_t			 n, i;
	char			*cause = NULL, label[16];

	cli_ports_parse_list(pa, "--ports", pa->ports != NULL ? pa->ports :
	    PORTS_STATUS_DEFAULT, v, &n);
	be = cli_ports_backend(pa, opts, &fs, &ctx);
	printf(_("Firewall: %s (%s)\n"), be->name, _(be->title));
	printf(_("SSH port(s) in use:"));
	for (i = 0; i < pa->nssh; i++)
		printf(" %d", pa->ssh_v[i]);
	printf("\n\n%-10s %-8s %-8s\n", _("PORT"), _("IPv4"), _("IPv6"));
	for (i = 0; i < n; i++) {
		snprintf(label, sizeof label, "%d/tcp", v[i]);
		if (be->status(&ctx, v[i], &o4, &o6, &cause) == -1) {
			printf("%-10s %s\n", label, cause);
			free(cause);
			cause = NULL;
			rc = MH_EXIT_RUNTIME;
			continue;
		}
		printf("%-10s %-8s %-8s\n", label, o4 ? _("open") :
		    _("closed"), o6 ? _("open") : _("closed"));
	}
	facts_free(fs);
	return rc;
}

/* Build the plan for --open / --close.  Exits on failure. */
static struct plan *
cli_ports_build(struct ports_args *pa, struct mh_opts *opts,
    struct facts **fsp)
{
	const struct fw_backend	*be;
	struct fw_ctx		 ctx;
	struct plan		*pl;
	char			*cause = NULL;

	if (pa->nopen == 0 && pa->nclose == 0)
		cli_usage_error(pa->cmd, _("give --open LIST and/or --close "
		    "LIST, e.g. --open %s"), PORTS_DEFAULT);
	be = cli_ports_backend(pa, opts, fsp, &ctx);
	pl = plan_create("firewall", be->name);
	if ((pa->nopen > 0 && be->plan_open(&ctx, pa->open_v, pa->nopen, pl,
	    &cause) == -1) || (pa->nclose > 0 && be->plan_close(&ctx,
	    pa->close_v, pa->nclose, pl, &cause) == -1)) {
		fprintf(stderr, _("mailharden: %s: cannot plan the change: "
		    "%s\n"), pa->cmd, cause);
		free(cause);
		plan_free(pl);
		facts_free(*fsp);
		exit(MH_EXIT_RUNTIME);
	}
	return pl;
}

static int
cli_ports_plan(struct ports_args *pa, struct mh_opts *opts)
{
	struct facts	*fs;
	struct plan	*pl;
	struct buf	 b;

	pl = cli_ports_build(pa, opts, &fs);
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
	facts_free(fs);
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

static const char *
cli_ports_audit_path(const struct mh_opts *opts)
{
	return opts->audit_log != NULL ? opts->audit_log : AUDIT_DEFAULT_PATH;
}

static void
cli_ports_record(struct audit *a, const char *action, const char *plan,
    int status, const char *detail)
{
	struct audit_rec	 r;
	char			*cause = NULL;

	memset(&r, 0, sizeof r);
	r.step = "firewall";
	r.action = action;
	r.plan = plan;
	r.index = -1;
	r.status = status;
	r.detail = detail;
	if (audit_append(a, &r, &cause) == -1) {
		fprintf(stderr, _("mailharden: warning: %s\n"), cause);
		free(cause);
	}
}

/* Roll back now (the watcher could not start). */
static void
cli_ports_rollback_now(struct audit *a, const char *path, const char *plan,
    const char *why)
{
	struct undo_sel		 sel;
	struct undo_report	 rep;
	struct buf		 out;
	char			*cause = NULL;

	memset(&sel, 0, sizeof sel);
	sel.plan = plan;
	sel.action = "rollback";
	sel.reason = why;
	buf_init(&out, 0);
	if (undo_run(path, a, &sel, &out, &rep, &cause) != 0) {
		fprintf(stderr, _("mailharden: ROLLBACK FAILED: %s\n"), cause);
		free(cause);
	}
	fputs(buf_str(&out), stderr);
	buf_clear(&out);
	undo_report_clear(&rep);
}

/* After arming: wait for the outcome (or the operator's y). */
static int
cli_ports_wait(struct ports_args *pa, struct audit *a, const char *plan,
    int timeout)
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
			    (line[0] == 'y' || line[0] == 'Y')) {
				cli_ports_record(a, "confirm", plan, -1,
				    "operator confirms at the terminal");
				if (confirm_send(pa->state_dir, plan,
				    PORTS_CONFIRM_WAIT_MS, &st, &cause) == -1) {
					fprintf(stderr, "mailharden: %s\n",
					    cause);
					free(cause);
					cause = NULL;
				} else
					cli_ports_record(a, "confirm", plan,
					    st == CONFIRM_CONFIRMED ? 0 : 1,
					    st == CONFIRM_CONFIRMED ?
					    "confirmed" : "too late");
			}
		} else if (!tty)
			poll(NULL, 0, 200);
	}
	(void)timeout;
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
	struct confirm_req	 rq;
	struct audit		*a = NULL;
	struct facts		*fs = NULL;
	struct plan		*pl = NULL;
	struct buf		 b;
	const char		*path = cli_ports_audit_path(opts);
	const char		*ssh = getenv("SSH_CONNECTION");
	char			*cause = NULL, *detail = NULL;
	long			 wpid;
	int			 rc = MH_EXIT_RUNTIME, timeout, need_confirm;

	if (pa->nopen == 0 && pa->nclose == 0)
		cli_usage_error(pa->cmd, _("give --open LIST and/or --close "
		    "LIST, e.g. --open %s"), PORTS_DEFAULT);
	if (!opts->yes && !isatty(STDIN_FILENO))
		cli_usage_error(pa->cmd, _("no terminal to ask on: read the "
		    "plan ('mailharden ports plan ...') and re-run with "
		    "--yes"));
	if (audit_open(path, &a, &cause) == -1) {
		fprintf(stderr, _("mailharden: %s: %s; nothing was changed\n"),
		    pa->cmd, cause);
		free(cause);
		return MH_EXIT_RUNTIME;
	}
	cli_banner(opts);
	pl = cli_ports_build(pa, opts, &fs);
	buf_init(&b, 0);
	plan_preview(pl, &b);
	fputs(buf_str(&b), stdout);
	buf_clear(&b);
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
	if (plan_apply(pl, a, opts->dry_run, cli_ports_progress, NULL,
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
	need_confirm = (ssh != NULL && *ssh != '\0') ||
	    pa->confirm_timeout != -1;
	if (!need_confirm) {
		rc = MH_EXIT_OK;
		goto out;
	}
	timeout = pa->confirm_timeout != -1 ? pa->confirm_timeout :
	    CONFIRM_DEFAULT_TIMEOUT;
	memset(&rq, 0, sizeof rq);
	rq.state_dir = pa->state_dir;
	rq.audit_path = path;
	rq.plan = pl->id;
	rq.timeout_s = timeout;
	if (confirm_arm(&rq, &wpid, &cause) == -1) {
		fprintf(stderr, _("mailharden: %s: %s; rolling back now\n"),
		    pa->cmd, cause);
		cli_ports_rollback_now(a, path, pl->id, cause);
		free(cause);
		goto out;
	}
	xasprintf(&detail, "waiting %d s for confirmation; rollback "
	    "watcher pid %ld", timeout, wpid);
	cli_ports_record(a, "confirm-wait", pl->id, -1, detail);
	free(detail);
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
	rc = cli_ports_wait(pa, a, pl->id, timeout);
out:
	plan_free(pl);
	facts_free(fs);
	audit_close(a);
	return rc;
}

static int
cli_ports_confirm(struct ports_args *pa, struct mh_opts *opts)
{
	enum confirm_state	 st;
	struct audit		*a = NULL;
	char			**plans = NULL, *cause = NULL, *one[1];
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
		one[0] = xstrdup(pa->plan);
		plans = xcalloc(1, sizeof *plans);
		plans[0] = one[0];
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
	if (audit_open(cli_ports_audit_path(opts), &a, &cause) == -1) {
		fprintf(stderr, _("mailharden: %s: %s; not confirmed\n"),
		    pa->cmd, cause);
		free(cause);
		rc = MH_EXIT_RUNTIME;
		goto out;
	}
	for (i = 0; i < n; i++) {
		cli_ports_record(a, "confirm", plans[i], -1,
		    "operator confirms (mailharden ports confirm)");
		if (confirm_send(pa->state_dir, plans[i],
		    PORTS_CONFIRM_WAIT_MS, &st, &cause) == -1) {
			fprintf(stderr, "mailharden: %s: %s\n", pa->cmd, cause);
			free(cause);
			cause = NULL;
			rc = MH_EXIT_RUNTIME;
			continue;
		}
		cli_ports_record(a, "confirm", plans[i],
		    st == CONFIRM_CONFIRMED ? 0 : 1, st == CONFIRM_CONFIRMED ?
		    "confirmed" : "too late: the watcher had rolled back");
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

static const char *
cli_ports_label(int port)
{
	switch (port) {
	case 25:
		return "SMTP";
	case 465:
		return "SMTPS";
	case 587:
		return "Submission";
	case 993:
		return "IMAPS";
	case 995:
		return "POP3S";
	case 110:
		return "POP3";
	case 143:
		return "IMAP";
	}
	return "mail";
}

static void
cli_ports_windows(const int *v, size_t n)
{
	size_t	i;

	printf(_("# Windows Server: open the mail ports in Windows Defender "
	    "Firewall.\n# Run in an elevated PowerShell.  Rules cover IPv4 "
	    "and IPv6 and all profiles.\n\n"));
	for (i = 0; i < n; i++)
		printf("New-NetFirewallRule -Name \"mailharden-tcp-%d\" "
		    "-DisplayName \"mailharden %s %d/tcp\" -Direction Inbound "
		    "-Protocol TCP -LocalPort %d -Action Allow -Profile Any\n",
		    v[i], cli_ports_label(v[i]), v[i], v[i]);
	printf(_("\n# The same with netsh (cmd.exe or PowerShell):\n"));
	for (i = 0; i < n; i++)
		printf("netsh advfirewall firewall add rule name=\"mailharden "
		    "%s %d/tcp\" dir=in action=allow protocol=TCP "
		    "localport=%d\n", cli_ports_label(v[i]), v[i], v[i]);
	printf(_("\n# Check:\n"));
	printf("Get-NetFirewallRule -Name \"mailharden-tcp-*\" | "
	    "Get-NetFirewallPortFilter\n");
	printf(_("# From another machine: Test-NetConnection -ComputerName "
	    "SERVER -Port 25\n"));
	printf(_("\n# To remove them again (PowerShell, or netsh):\n"));
	for (i = 0; i < n; i++)
		printf("Remove-NetFirewallRule -Name \"mailharden-tcp-%d\"\n",
		    v[i]);
	for (i = 0; i < n; i++)
		printf("netsh advfirewall firewall delete rule name="
		    "\"mailharden %s %d/tcp\" protocol=TCP localport=%d\n",
		    cli_ports_label(v[i]), v[i], v[i]);
	printf(_("\n# A cloud security group in front of the server must "
	    "allow the ports too:\n# see 'mailharden ports print --target "
	    "cloud'.\n"));
}

static int
cli_ports_cloud(struct ports_args *pa, struct mh_opts *opts, const int *v,
    size_t n)
{
	const struct clouds_provider	*p = NULL;
	struct detect_ctx		 dctx;
	struct clouds			 cl;
	struct facts			*fs = NULL;
	const char			*id = pa->provider;
	char				*conf, *cause = NULL, *cmd;
	size_t				 i;
	int				 rc = MH_EXIT_OK;

	memset(&cl, 0, sizeof cl);
	conf = datadir_file("clouds.conf");
	if (clouds_load(conf, &cl, &cause) == -1) {
		fprintf(stderr, "mailharden: %s: %s\n", pa->cmd, cause);
		free(cause);
		free(conf);
		return MH_EXIT_RUNTIME;
	}
	free(conf);
	if (id != NULL && (p = clouds_find(&cl, id)) == NULL) {
		struct buf	b;

		buf_init(&b, 0);
		for (i = 0; i < cl.n; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", cl.v[i].id);
		fprintf(stderr, _("mailharden: %s: unknown provider '%s' "
		    "(known: %s)\n"), pa->cmd, id, buf_str(&b));
		buf_clear(&b);
		clouds_free(&cl);
		return MH_EXIT_USAGE;
	}
	if (id == NULL) {
		detect_ctx_init(&dctx, opts->root);
		fs = facts_create();
		detect_cloud_run(&dctx, fs);
		id = facts_str(fs, "cloud.provider");
		if (id != NULL)
			p = clouds_find(&cl, id);
	}
	if (p == NULL) {
		printf(_("No cloud provider was detected (or it is not in "
		    "clouds.conf).\nIf this server runs in a cloud, its "
		    "security group / network firewall must\nallow inbound "
		    "TCP"));
		for (i = 0; i < n; i++)
			printf("%s %d", i ? "," : "", v[i]);
		printf(_(" as well.  Name the provider with --provider ID.\n"));
		goto out;
	}
	printf(_("Cloud provider: %s (%s)\n\n"), clouds_tr(&p->name), p->id);
	printf(_("1. Security group: allow inbound TCP"));
	for (i = 0; i < n; i++)
		printf("%s %d", i ? "," : "", v[i]);
	printf("\n");
	if (p->sg_console.en != NULL)
		printf(_("   Console: %s\n"), clouds_tr(&p->sg_console));
	else
		printf(_("   (no security-group layer recorded for this "
		    "provider)\n"));
	if (p->sg_cli != NULL) {
		printf(_("   CLI (fill in the placeholders):\n"));
		for (i = 0; i < n; i++) {
			if ((cmd = clouds_sg_command(p, (unsigned)v[i])) ==
			    NULL)
				continue;
			printf("     %s\n", cmd);
			free(cmd);
		}
	}
	printf(_("\n2. Outbound port 25: %s\n"),
	    clouds_outbound_name(p->outbound));
	if (p->port25_note.en != NULL)
		printf("   %s\n", clouds_tr(&p->port25_note));
	if (p->unblock.en != NULL)
		printf(_("   How to unblock: %s\n"), clouds_tr(&p->unblock));
	if (p->relay.en != NULL)
		printf(_("   Instead of port 25: %s\n"), clouds_tr(&p->relay));
out:
	facts_free(fs);
	clouds_free(&cl);
	return rc;
}

static int
cli_ports_print(struct ports_args *pa, struct mh_opts *opts)
{
	int	v[FW_MAX_PORTS];
	size_t	n;

	if (pa->target == NULL)
		cli_usage_error(pa->cmd, _("give --target windows or --target "
		    "cloud"));
	if (pa->nopen > 0) {
		memcpy(v, pa->open_v, pa->nopen * sizeof *v);
		n = pa->nopen;
	} else
		cli_ports_parse_list(pa, "--open", PORTS_DEFAULT, v, &n);
	if (strcmp(pa->target, "windows") == 0) {
		cli_ports_windows(v, n);
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
