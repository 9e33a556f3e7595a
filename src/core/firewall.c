/*
 * firewall.c - the Firewall step's logic, used by both "mailharden
 * ports" and the wizard's Firewall view: port explanations, SSH ports,
 * backend choice, plan, audited apply, confirm-or-rollback, and the
 * Windows Server and cloud texts.  It never prints.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "clouds.h"
#include "confirm.h"
#include "datadir.h"
#include "detect.h"
#include "fact.h"
#include "firewall.h"
#include "fw.h"
#include "plan.h"
#include "undo.h"

static const struct firewall_port firewall_port_table[] = {
	{ 25, "SMTP", FIREWALL_PRESELECT,
	  N_("inbound mail, MTA to MTA"),
	  N_("Port 25 is where other mail servers deliver mail for your "
	     "domain (MTA to MTA).  It must be open for a server that "
	     "receives mail.") },
	{ 465, "SMTPS", FIREWALL_PRESELECT,
	  N_("submission, implicit TLS"),
	  N_("Port 465 is mail submission over implicit TLS: your users' "
	     "mail programs connect with TLS from the first byte and "
	     "then log in (RFC 8314 prefers it).") },
	{ 587, "Submission", FIREWALL_PRESELECT,
	  N_("submission, STARTTLS + AUTH"),
	  N_("Port 587 is mail submission: your users' mail programs "
	     "send through it after STARTTLS and AUTH (a login).  Servers "
	     "never use it among themselves.") },
	{ 993, "IMAPS", FIREWALL_OPTIONAL,
	  N_("IMAP over TLS (optional)"),
	  N_("Port 993 is IMAP over TLS, for reading mail.  Open it only "
	     "if this server keeps mailboxes (Dovecot, ...).") },
	{ 995, "POP3S", FIREWALL_OPTIONAL,
	  N_("POP3 over TLS (optional)"),
	  N_("Port 995 is POP3 over TLS, for downloading mail.  Open it "
	     "only if this server keeps mailboxes and users want POP3.") },
	{ 110, "POP3", FIREWALL_DISCOURAGED,
	  N_("POP3 plaintext: avoid"),
	  N_("Port 110 is POP3 without TLS: passwords and mail can cross "
	     "the network in the clear.  Use 995 instead.") },
	{ 143, "IMAP", FIREWALL_DISCOURAGED,
	  N_("IMAP plaintext: avoid"),
	  N_("Port 143 is IMAP without TLS (STARTTLS can be skipped by "
	     "an attacker).  Use 993 instead.") }
};

const struct firewall_port *
firewall_ports(size_t *n)
{
	*n = nitems(firewall_port_table);
	return firewall_port_table;
}

const struct firewall_port *
firewall_port_find(int port)
{
	size_t	i;

	for (i = 0; i < nitems(firewall_port_table); i++)
		if (firewall_port_table[i].port == port)
			return &firewall_port_table[i];
	return NULL;
}

const char *
firewall_port_name(int port)
{
	const struct firewall_port	*p;

	if ((p = firewall_port_find(port)) == NULL)
		return "mail";
	return p->name;
}

static const char *firewall_tr(firewall_tr_fn, const char *)
    __attribute__((format_arg(2)));

static const char *
firewall_tr(firewall_tr_fn tr, const char *msgid)
{
	return tr != NULL ? tr(msgid) : _(msgid);
}

void
firewall_ssh_ports(const struct facts *fs, int *v, size_t *n)
{
	const struct fact	*f;
	char			*end;
	long			 p;
	size_t			 i;

	*n = 0;
	f = fs != NULL ? facts_get(fs, "ssh.ports") : NULL;
	if (f != NULL && f->state == FACT_KNOWN && f->type == FACT_LIST) {
		for (i = 0; i < f->nlist && *n < FW_MAX_PORTS; i++) {
			p = strtol(f->list[i], &end, 10);
			if (*end == '\0' && p >= 1 && p <= 65535)
				v[(*n)++] = (int)p;
		}
	}
	if (*n == 0)
		v[(*n)++] = 22;
}

void
firewall_init(struct firewall *fw, const char *root, int detect_fw)
{
	struct detect_ctx	dctx;

	memset(fw, 0, sizeof *fw);
	detect_ctx_init(&dctx, root);
	fw->foreign_root = dctx.root != NULL;
	fw->facts = facts_create();
	detect_ssh_run(&dctx, fw->facts);
	if (detect_fw)
		detect_fw_run(&dctx, fw->facts);
	firewall_ssh_ports(fw->facts, fw->ssh, &fw->nssh);
	fw->ctx.facts = fw->facts;
	fw->ctx.ssh_ports = fw->ssh;
	fw->ctx.nssh = fw->nssh;
	fw->ctx.timeout_ms = FIREWALL_QUERY_MS;
}

void
firewall_init_known(struct firewall *fw, const char *root,
    const struct facts *known)
{
	struct detect_ctx	dctx;

	if (known == NULL || facts_get(known, "fw.active") == NULL) {
		firewall_init(fw, root, 1);
		return;
	}
	memset(fw, 0, sizeof *fw);
	detect_ctx_init(&dctx, root);
	fw->foreign_root = dctx.root != NULL;
	fw->facts = facts_create();
	facts_merge(fw->facts, known);
	firewall_ssh_ports(fw->facts, fw->ssh, &fw->nssh);
	fw->ctx.facts = fw->facts;
	fw->ctx.ssh_ports = fw->ssh;
	fw->ctx.nssh = fw->nssh;
	fw->ctx.timeout_ms = FIREWALL_QUERY_MS;
}

void
firewall_free(struct firewall *fw)
{
	if (fw->facts != NULL)
		facts_free(fw->facts);
	memset(fw, 0, sizeof *fw);
}

void
firewall_backend_names(struct buf *b)
{
	size_t	i;

	for (i = 0; fw_backends[i] != NULL; i++)
		buf_printf(b, "%s%s", i ? ", " : "", fw_backends[i]->name);
}

int
firewall_use(struct firewall *fw, const struct fw_backend *be, char **cause)
{
	char	*why = NULL;

	if (be->probe != NULL && be->probe(&fw->ctx, &why) == -1) {
		xasprintf(cause, _("backend %s cannot be used here: %s"),
		    be->name, why);
		free(why);
		return -1;
	}
	fw->be = be;
	return 0;
}

int
firewall_choose(struct firewall *fw, const char *name, char **cause)
{
	const struct fw_backend	*be;
	struct buf		 b;

	if (name != NULL) {
		if ((be = fw_backend_find(name)) == NULL) {
			buf_init(&b, 0);
			firewall_backend_names(&b);
			xasprintf(cause, _("unknown backend '%s' (known: %s)"),
			    name, buf_str(&b));
			buf_clear(&b);
			return -1;
		}
	} else if ((be = fw_backend_active(fw->facts)) == NULL) {
		xasprintf(cause, _("no active host firewall was found; name "
		    "one with --backend"));
		return -1;
	}
	return firewall_use(fw, be, cause);
}

int
firewall_status(const struct firewall *fw, int port, int *open4,
    int *open6, char **cause)
{
	*open4 = *open6 = 0;
	if (fw->be == NULL) {
		xasprintf(cause, _("no firewall backend chosen"));
		return -1;
	}
	return fw->be->status(&fw->ctx, port, open4, open6, cause);
}

struct plan *
firewall_plan(const struct firewall *fw, const int *open, size_t nopen,
    const int *close, size_t nclose, char **cause)
{
	struct plan	*pl;
	size_t		 i, k;

	if (fw->be == NULL) {
		xasprintf(cause, _("no firewall backend chosen"));
		return NULL;
	}
	if (fw->foreign_root && fw->be != &fw_null_backend) {
		xasprintf(cause, _("--root describes another system, but "
		    "firewall changes would be made on this machine: run "
		    "without --root on the server itself"));
		return NULL;
	}
	for (i = 0; i < nopen; i++)
		for (k = 0; k < nclose; k++)
			if (open[i] == close[k]) {
				xasprintf(cause, _("port %d is both to open "
				    "and to close"), open[i]);
				return NULL;
			}
	pl = plan_create("firewall", fw->be->name);
	if ((nopen > 0 && fw->be->plan_open(&fw->ctx, open, nopen, pl,
	    cause) == -1) || (nclose > 0 && fw->be->plan_close(&fw->ctx,
	    close, nclose, pl, cause) == -1)) {
		plan_free(pl);
		return NULL;
	}
	return pl;
}

int
firewall_apply(struct plan *pl, struct audit *a, int dry_run,
    plan_progress_fn fn, void *arg, char **cause)
{
	return plan_apply(pl, a, dry_run, fn, arg, cause);
}

const char *
firewall_audit_path(const char *path)
{
	return path != NULL ? path : AUDIT_DEFAULT_PATH;
}

int
firewall_on_ssh(void)
{
	const char	*ssh = getenv("SSH_CONNECTION");

	return ssh != NULL && *ssh != '\0';
}

int
firewall_need_confirm(int timeout_given)
{
	return firewall_on_ssh() || timeout_given;
}

void
firewall_record(struct audit *a, const char *action, const char *plan,
    int status, const char *detail, char **warn)
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
		if (warn != NULL && *warn == NULL)
			*warn = cause;
		else
			free(cause);
	}
}

int
firewall_rollback_now(struct audit *a, const char *path, const char *plan,
    const char *why, struct buf *out, char **cause)
{
	struct undo_sel		 sel;
	struct undo_report	 rep;
	int			 rc;

	memset(&sel, 0, sizeof sel);
	sel.plan = plan;
	sel.action = "rollback";
	sel.reason = why;
	rc = undo_run(path, a, &sel, out, &rep, cause);
	undo_report_clear(&rep);
	return rc == 0 ? 0 : -1;
}

int
firewall_arm(struct audit *a, const char *path, const char *state_dir,
    const char *plan, int timeout_s, long *pid, struct buf *out,
    char **cause)
{
	struct confirm_req	 rq;
	char			*detail, *why = NULL;

	memset(&rq, 0, sizeof rq);
	rq.state_dir = state_dir;
	rq.audit_path = path;
	rq.plan = plan;
	rq.timeout_s = timeout_s;
	if (confirm_arm(&rq, pid, cause) == -1) {
		if (firewall_rollback_now(a, path, plan, *cause, out,
		    &why) == -1) {
			buf_printf(out, _("ROLLBACK FAILED: %s\n"), why);
			free(why);
		}
		return -1;
	}
	xasprintf(&detail, "waiting %d s for confirmation; rollback "
	    "watcher pid %ld", timeout_s, *pid);
	firewall_record(a, "confirm-wait", plan, -1, detail, NULL);
	free(detail);
	return 0;
}

int
firewall_confirm(struct audit *a, const char *state_dir, const char *plan,
    const char *how, enum confirm_state *st, char **cause)
{
	firewall_record(a, "confirm", plan, -1, how, NULL);
	if (confirm_send(state_dir, plan, FIREWALL_CONFIRM_WAIT_MS, st,
	    cause) == -1)
		return -1;
	firewall_record(a, "confirm", plan, *st == CONFIRM_CONFIRMED ? 0 : 1,
	    *st == CONFIRM_CONFIRMED ? "confirmed" :
	    "too late: the watcher had rolled back", NULL);
	return 0;
}

void
firewall_windows(const int *v, size_t n, firewall_tr_fn tr, struct buf *b)
{
	size_t	i;

	buf_adds(b, firewall_tr(tr, N_("# Windows Server: open the mail "
	    "ports in Windows Defender Firewall.\n# Run in an elevated "
	    "PowerShell.  Rules cover IPv4 and IPv6 and all profiles.\n\n")));
	for (i = 0; i < n; i++)
		buf_printf(b, "New-NetFirewallRule -Name \"mailharden-tcp-%d\" "
		    "-DisplayName \"mailharden %s %d/tcp\" -Direction Inbound "
		    "-Protocol TCP -LocalPort %d -Action Allow -Profile Any\n",
		    v[i], firewall_port_name(v[i]), v[i], v[i]);
	buf_adds(b, firewall_tr(tr, N_("\n# The same with netsh (cmd.exe "
	    "or PowerShell):\n")));
	for (i = 0; i < n; i++)
		buf_printf(b, "netsh advfirewall firewall add rule name="
		    "\"mailharden %s %d/tcp\" dir=in action=allow protocol=TCP "
		    "localport=%d\n", firewall_port_name(v[i]), v[i], v[i]);
	buf_adds(b, firewall_tr(tr, N_("\n# Check:\n")));
	buf_adds(b, "Get-NetFirewallRule -Name \"mailharden-tcp-*\" | "
	    "Get-NetFirewallPortFilter\n");
	buf_adds(b, firewall_tr(tr, N_("# From another machine: "
	    "Test-NetConnection -ComputerName SERVER -Port 25\n")));
	buf_adds(b, firewall_tr(tr, N_("\n# To remove them again "
	    "(PowerShell, or netsh):\n")));
	for (i = 0; i < n; i++)
		buf_printf(b, "Remove-NetFirewallRule -Name "
		    "\"mailharden-tcp-%d\"\n", v[i]);
	for (i = 0; i < n; i++)
		buf_printf(b, "netsh advfirewall firewall delete rule name="
		    "\"mailharden %s %d/tcp\" protocol=TCP localport=%d\n",
		    firewall_port_name(v[i]), v[i], v[i]);
	buf_adds(b, firewall_tr(tr, N_("\n# A cloud security group in front "
	    "of the server must allow the ports too:\n# see 'mailharden "
	    "ports print --target cloud'.\n")));
}

static void
firewall_port_list(struct buf *b, const int *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		buf_printf(b, "%s %d", i ? "," : "", v[i]);
}

int
firewall_cloud(const char *root, const char *id, const int *v, size_t n,
    firewall_tr_fn tr, int zh, struct buf *b, int *found, char **cause)
{
	const struct clouds_provider	*p = NULL;
	struct detect_ctx		 dctx;
	struct clouds			 cl;
	struct facts			*fs = NULL;
	struct buf			 names;
	char				*conf, *cmd;
	size_t				 i;

	*found = 0;
	memset(&cl, 0, sizeof cl);
	conf = datadir_file("clouds.conf");
	if (clouds_load(conf, &cl, cause) == -1) {
		free(conf);
		return -1;
	}
	free(conf);
	if (id != NULL && (p = clouds_find(&cl, id)) == NULL) {
		buf_init(&names, 0);
		for (i = 0; i < cl.n; i++)
			buf_printf(&names, "%s%s", i ? ", " : "", cl.v[i].id);
		xasprintf(cause, _("unknown provider '%s' (known: %s)"), id,
		    buf_str(&names));
		buf_clear(&names);
		clouds_free(&cl);
		return 1;
	}
	if (id == NULL) {
		detect_ctx_init(&dctx, root);
		fs = facts_create();
		detect_cloud_run(&dctx, fs);
		if ((id = facts_str(fs, "cloud.provider")) != NULL)
			p = clouds_find(&cl, id);
	}
	if (p == NULL) {
		buf_adds(b, firewall_tr(tr, N_("No cloud provider was detected "
		    "(or it is not in clouds.conf).\nIf this server runs in a "
		    "cloud, its security group / network firewall must\nallow "
		    "inbound TCP")));
		firewall_port_list(b, v, n);
		buf_adds(b, firewall_tr(tr, N_(" as well.  Name the provider "
		    "with --provider ID.\n")));
		goto out;
	}
	*found = 1;
	buf_printf(b, firewall_tr(tr, N_("Cloud provider: %s (%s)\n\n")),
	    clouds_text_get(&p->name, zh), p->id);
	buf_adds(b, firewall_tr(tr, N_("1. Security group: allow inbound "
	    "TCP")));
	firewall_port_list(b, v, n);
	buf_addc(b, '\n');
	if (p->sg_console.en != NULL)
		buf_printf(b, firewall_tr(tr, N_("   Console: %s\n")),
		    clouds_text_get(&p->sg_console, zh));
	else
		buf_adds(b, firewall_tr(tr, N_("   (no security-group layer "
		    "recorded for this provider)\n")));
	if (p->sg_cli != NULL) {
		buf_adds(b, firewall_tr(tr, N_("   CLI (fill in the "
		    "placeholders):\n")));
		for (i = 0; i < n; i++) {
			if ((cmd = clouds_sg_command(p, (unsigned)v[i])) ==
			    NULL)
				continue;
			buf_printf(b, "     %s\n", cmd);
			free(cmd);
		}
	}
	buf_printf(b, firewall_tr(tr, N_("\n2. Outbound port 25: %s\n")),
	    clouds_outbound_name(p->outbound));
	if (p->port25_note.en != NULL)
		buf_printf(b, "   %s\n", clouds_text_get(&p->port25_note, zh));
	if (p->unblock.en != NULL)
		buf_printf(b, firewall_tr(tr, N_("   How to unblock: %s\n")),
		    clouds_text_get(&p->unblock, zh));
	if (p->relay.en != NULL)
		buf_printf(b, firewall_tr(tr, N_("   Instead of port 25: "
		    "%s\n")), clouds_text_get(&p->relay, zh));
out:
	if (fs != NULL)
		facts_free(fs);
	clouds_free(&cl);
	return 0;
}
