/*
 * detect_fw.c - which firewall frontends are installed, which one
 * actually filters inbound traffic, and how they conflict.
 *
 * Installed frontends come from binaries under the root.  Live state
 * (firewall-cmd --state, ufw status, nft list ruleset, iptables-*-save)
 * is read only on the live system as root; otherwise those facts are
 * UNKNOWN with the reason.  Nothing here changes a rule: only save /
 * list / status commands run, and iptables-legacy only when
 * /proc/net/ip_tables_names shows legacy tables already exist (running
 * it otherwise would create them).
 */
#include "mh.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "fact.h"
#include "fwparse.h"
#include "rootfs.h"

#define DETECT_FW_PROC_MAX	65536

enum {
	DETECT_FW_FIREWALLD,
	DETECT_FW_UFW,
	DETECT_FW_NFT,
	DETECT_FW_IPTNFT,
	DETECT_FW_LEGACY,
	DETECT_FW_N
};

static const struct {
	const char	*name;
	const char	*bins[4];
} detect_fw_frontends[DETECT_FW_N] = {
	{ "firewalld", { "firewall-cmd", "firewalld", NULL } },
	{ "ufw", { "ufw", NULL } },
	{ "nftables", { "nft", NULL } },
	{ "iptables-nft", { "iptables-nft", "xtables-nft-multi", NULL } },
	{ "iptables-legacy", { "iptables-legacy", "xtables-legacy-multi",
	    "xtables-multi", NULL } }
};

struct detect_fw {
	const struct detect_ctx	*ctx;
	struct facts		*fs;
	char			*live_reason;	/* NULL: live, as root */
	int			 installed[DETECT_FW_N];
	struct fwparse_state	 st;
	struct fwparse_ipt	 ipt[4];	/* nft v4, v6, legacy v4, v6 */
	int			 ipt_ok[4];
	int			 docker_nft;
	int			 nft_ok;
	int			 legacy4_none;	/* no v4 legacy tables */
};

static void
detect_fw_installed(struct detect_fw *d)
{
	struct fact	*f;
	char		*path;
	size_t		 i, j;

	f = facts_set_list(d->fs, "fw.installed");
	for (i = 0; i < DETECT_FW_N; i++) {
		for (j = 0; detect_fw_frontends[i].bins[j] != NULL; j++) {
			path = rootfs_which(d->ctx->root,
			    detect_fw_frontends[i].bins[j]);
			if (path == NULL)
				continue;
			d->installed[i] = 1;
			fact_list_add(f, detect_fw_frontends[i].name);
			fact_evidence(f, path, _("%s is installed"),
			    detect_fw_frontends[i].name);
			free(path);
			break;
		}
	}
	if (f->nlist == 0)
		fact_evidence(f, "/usr/sbin /usr/bin /sbin /bin",
		    _("no firewall-cmd, ufw, nft or iptables binary"));
}

/* Run a save/list/status command; output over the cap is an error. */
static int
detect_fw_cmd(struct detect_fw *d, const char *const *argv,
    struct exec_result *res, char **argvtext, char **reason)
{
	char	*first, *p, *line;

	exec_result_init(res);
	if (detect_cmd(d->ctx, argv, res, argvtext, reason) == -1)
		return -1;
	if (res->out.truncated) {
		xasprintf(reason, _("`%s` printed more than %zu bytes"),
		    argv[0], (size_t)EXEC_OUT_CAP);
		return -1;
	}
	if (res->status != 0) {
		p = first = xstrdup(buf_str(&res->err));
		line = mh_next_line(&p);
		xasprintf(reason, _("`%s` failed (exit %d): %.80s"), argv[0],
		    res->status, line != NULL ? line : "");
		free(first);
		return -1;
	}
	return 0;
}

static int
detect_fw_ipt_filters(const struct fwparse_ipt *ipt)
{
	return ipt->input_rules > 0 || (*ipt->input_policy != '\0' &&
	    strcmp(ipt->input_policy, "ACCEPT") != 0);
}

static void
detect_fw_ipt_evidence(struct fact *f, const char *src,
    const struct fwparse_ipt *ipt)
{
	fact_evidence(f, src, _("INPUT policy %s, %d rules in INPUT, %d in "
	    "INPUT/FORWARD/custom chains%s%s"),
	    *ipt->input_policy != '\0' ? ipt->input_policy : _("(no table)"),
	    ipt->input_rules, ipt->rules,
	    ipt->docker_rules > 0 ? _("; Docker rules not counted") : "",
	    ipt->ufw_chains > 0 ? _("; ufw chains") : "");
}

/*
 * One iptables backend: save the v4 and v6 tables (want4/want6 say
 * which to read) into d->ipt[base], d->ipt[base + 1].
 */
static void
detect_fw_ipt(struct detect_fw *d, const char *fname, int base,
    const char *save4, const char *save6, int want4, int want6,
    int *filters, int *rules, int *ufw, int *fwd)
{
	struct exec_result	 res;
	struct fact		*f;
	const char		*argv[2];
	char			*text[2] = { NULL, NULL };
	char			*reason = NULL, *cause = NULL;
	int			 k, total = 0, filt = 0;

	for (k = 0; k < 2; k++) {
		if (!(k == 0 ? want4 : want6))
			continue;
		argv[0] = k == 0 ? save4 : save6;
		argv[1] = NULL;
		if (detect_fw_cmd(d, argv, &res, &text[k], &reason) == -1) {
			exec_result_clear(&res);
			facts_set_error(d->fs, fname, FACT_INT, "%s", reason);
			goto out;
		}
		if (fwparse_ipt(buf_str(&res.out), &d->ipt[base + k],
		    &cause) == -1) {
			exec_result_clear(&res);
			facts_set_error(d->fs, fname, FACT_INT, "%s: %s",
			    argv[0], cause);
			goto out;
		}
		exec_result_clear(&res);
		d->ipt_ok[base + k] = 1;
		total += d->ipt[base + k].rules;
		filt |= detect_fw_ipt_filters(&d->ipt[base + k]);
		*ufw |= d->ipt[base + k].ufw_chains > 0;
		*fwd |= d->ipt[base + k].fwd_chains > 0;
	}
	f = facts_set_int(d->fs, fname, total);
	for (k = 0; k < 2; k++)
		if (d->ipt_ok[base + k])
			detect_fw_ipt_evidence(f, text[k], &d->ipt[base + k]);
	*filters = filt;
	*rules = total;
out:
	free(text[0]);
	free(text[1]);
	free(reason);
	free(cause);
}

static void
detect_fw_iptnft(struct detect_fw *d)
{
	const char	*fname = "fw.iptables_nft.rules";
	struct fact	*f;

	if (!d->installed[DETECT_FW_IPTNFT] && d->live_reason == NULL) {
		f = facts_set_int(d->fs, fname, 0);
		fact_evidence(f, "iptables-nft-save",
		    _("iptables-nft is not installed"));
		d->st.ipt_nft = d->st.ipt_nft_rules = 0;
		return;
	}
	if (d->live_reason != NULL) {
		facts_set_unknown(d->fs, fname, FACT_INT, "%s",
		    d->live_reason);
		return;
	}
	detect_fw_ipt(d, fname, 0, "iptables-nft-save", "ip6tables-nft-save",
	    1, 1, &d->st.ipt_nft, &d->st.ipt_nft_rules, &d->st.ipt_nft_ufw,
	    &d->st.ipt_nft_fwd);
}

static int
detect_fw_proc_names(const char *path, char **line)
{
	char	*txt = NULL, *cause = NULL;
	int	 n;

	*line = NULL;
	if (rootfs_read(NULL, path, MH_FILE_CAP, &txt, NULL, &cause) == -1) {
		/* No file: x_tables is not loaded, so no legacy tables. */
		free(cause);
		return 0;
	}
	n = fwparse_names(txt);
	*line = txt;
	return n;
}

static void
detect_fw_legacy(struct detect_fw *d)
{
	const char	*fname = "fw.iptables_legacy.rules";
	const char	*s4 = "iptables-legacy-save", *s6;
	struct fact	*f;
	char		*t4 = NULL, *t6 = NULL, *p;
	int		 n4, n6;

	s6 = "ip6tables-legacy-save";
	if (d->live_reason != NULL) {
		facts_set_unknown(d->fs, fname, FACT_INT, "%s",
		    d->live_reason);
		return;
	}
	n4 = detect_fw_proc_names("/proc/net/ip_tables_names", &t4);
	n6 = detect_fw_proc_names("/proc/net/ip6_tables_names", &t6);
	if (n4 == -1 || n6 == -1) {
		facts_set_error(d->fs, fname, FACT_INT,
		    _("/proc/net/ip*_tables_names holds garbage"));
		goto out;
	}
	d->legacy4_none = n4 == 0;
	if (n4 == 0 && n6 == 0) {
		f = facts_set_int(d->fs, fname, 0);
		fact_evidence(f, "/proc/net/ip_tables_names "
		    "/proc/net/ip6_tables_names", _("empty: no legacy tables "
		    "(iptables-legacy was not run: it would create them)"));
		d->st.ipt_legacy = d->st.ipt_legacy_rules = 0;
		goto out;
	}
	if ((p = rootfs_which(NULL, s4)) == NULL &&
	    (p = rootfs_which(NULL, "iptables-nft-save")) == NULL) {
		/* iptables before 1.8: plain iptables-save is legacy. */
		s4 = "iptables-save";
		s6 = "ip6tables-save";
	}
	free(p);
	detect_fw_ipt(d, fname, 2, s4, s6, n4 > 0, n6 > 0, &d->st.ipt_legacy,
	    &d->st.ipt_legacy_rules, &d->st.ipt_legacy_ufw,
	    &d->st.ipt_legacy_fwd);
	if ((f = (struct fact *)facts_get(d->fs, fname)) != NULL &&
	    f->state == FACT_KNOWN)
		fact_evidence(f, "/proc/net/ip_tables_names",
		    _("%d IPv4 and %d IPv6 legacy tables"), n4, n6);
out:
	free(t4);
	free(t6);
}

static void
detect_fw_nft(struct detect_fw *d)
{
	const char			*fname = "fw.nft.tables";
	const char			*argv[] = { "nft", "list", "ruleset",
					    NULL };
	struct fwparse_nft		 nft;
	struct fwparse_nft_table	*t;
	struct exec_result		 res;
	struct fact			*f;
	char				*text = NULL, *reason = NULL;
	char				*cause = NULL, *item;
	size_t				 i;

	memset(&nft, 0, sizeof nft);
	if (d->live_reason != NULL) {
		facts_set_unknown(d->fs, fname, FACT_LIST, "%s",
		    d->live_reason);
		return;
	}
	if (!d->installed[DETECT_FW_NFT]) {
		f = facts_set_list(d->fs, fname);
		fact_evidence(f, "nft", _("nft is not installed"));
		d->st.nft = d->st.nft_own_tables = 0;
		d->nft_ok = 1;
		return;
	}
	if (detect_fw_cmd(d, argv, &res, &text, &reason) == -1) {
		facts_set_error(d->fs, fname, FACT_LIST, "%s", reason);
		goto out;
	}
	if (fwparse_nft(buf_str(&res.out), &nft, &cause) == -1) {
		facts_set_error(d->fs, fname, FACT_LIST, "nft: %s", cause);
		goto out;
	}
	fwparse_nft_owners(&nft, d->ipt_ok[0] ? &d->ipt[0] : NULL,
	    d->ipt_ok[1] ? &d->ipt[1] : NULL);
	f = facts_set_list(d->fs, fname);
	d->st.nft = d->st.nft_own_tables = 0;
	for (i = 0; i < nft.n; i++) {
		t = &nft.t[i];
		xasprintf(&item, "%s %s", t->family, t->name);
		fact_list_add(f, item);
		fact_evidence(f, text, _("table %s (%s): %d chains, %d rules; "
		    "input hook: %s, %d rules"), item,
		    fwparse_owner_name(t->owner), t->chains, t->rules,
		    t->input_chains == 0 ? _("none") : (t->input_drop ?
		    _("policy drop") : _("policy accept")), t->input_rules);
		free(item);
		if (t->owner == FWPARSE_OWN_DOCKER)
			d->docker_nft = 1;
		if (t->owner != FWPARSE_OWN_NFT)
			continue;
		if (t->chains > 0)
			d->st.nft_own_tables++;
		if (fwparse_nft_filters(t))
			d->st.nft = 1;
	}
	if (nft.n == 0)
		fact_evidence(f, text, _("empty ruleset"));
	d->nft_ok = 1;
out:
	exec_result_clear(&res);
	fwparse_nft_free(&nft);
	free(text);
	free(reason);
	free(cause);
}

static void
detect_fw_ufw(struct detect_fw *d)
{
	const char	*fname = "fw.ufw.state";
	const char	*argv[] = { "ufw", "status", NULL };
	struct exec_result res;
	struct fact	*f;
	char		*conf = NULL, *line = NULL, *cause = NULL;
	char		*text = NULL, *reason = NULL;
	int		 chains, seen, r;

	exec_result_init(&res);
	if (!d->installed[DETECT_FW_UFW]) {
		f = facts_set_str(d->fs, fname, "not installed");
		fact_evidence(f, "ufw", _("ufw is not installed"));
		d->st.ufw = d->st.ufw_enabled = 0;
		return;
	}
	if (rootfs_read(d->ctx->root, "/etc/ufw/ufw.conf", MH_FILE_CAP,
	    &conf, NULL, &cause) == 0)
		d->st.ufw_enabled = fwparse_ufw_conf(conf, &line);
	if (d->live_reason != NULL) {
		f = facts_set_unknown(d->fs, fname, FACT_STR, "%s",
		    d->live_reason);
		goto conf_evidence;
	}
	/*
	 * `ufw status` says active exactly when the ufw-user-input chain
	 * exists; when both saves are read and neither has it, skip the
	 * slow Python call.
	 */
	seen = (d->ipt_ok[0] || !d->installed[DETECT_FW_IPTNFT]) &&
	    (d->ipt_ok[2] || d->legacy4_none);
	chains = (d->ipt_ok[0] && d->ipt[0].ufw_user_input) ||
	    (d->ipt_ok[2] && d->ipt[2].ufw_user_input);
	if (seen && !chains) {
		f = facts_set_str(d->fs, fname, "inactive");
		d->st.ufw = 0;
		fact_evidence(f, "iptables-nft-save iptables-legacy-save",
		    _("no ufw-user-input chain (what `ufw status` checks)"));
		goto conf_evidence;
	}
	if (detect_fw_cmd(d, argv, &res, &text, &reason) == -1) {
		f = facts_set_error(d->fs, fname, FACT_STR, "%s", reason);
		goto conf_evidence;
	}
	if ((r = fwparse_ufw_status(buf_str(&res.out), &cause)) == -1) {
		f = facts_set_error(d->fs, fname, FACT_STR, "%s", cause);
		goto conf_evidence;
	}
	d->st.ufw = r;
	f = facts_set_str(d->fs, fname, r ? "active" : "inactive");
	fact_evidence(f, text, r ? "Status: active" : "Status: inactive");
conf_evidence:
	if (line != NULL)
		fact_evidence(f, "/etc/ufw/ufw.conf", "%s", line);
	else if (conf == NULL)
		fact_evidence(f, "/etc/ufw/ufw.conf", "%s", cause);
	exec_result_clear(&res);
	free(conf);
	free(line);
	free(cause);
	free(text);
	free(reason);
}

/* Is a process whose comm is NAME visible in /proc? */
static int
detect_fw_proc_has(const char *name)
{
	DIR		*dir;
	struct dirent	*de;
	char		*path, *txt, *cause;
	int		 found = 0, n = 0;

	if ((dir = opendir("/proc")) == NULL)
		return -1;
	while (!found && n++ < DETECT_FW_PROC_MAX &&
	    (de = readdir(dir)) != NULL) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		xasprintf(&path, "/proc/%s/comm", de->d_name);
		cause = txt = NULL;
		if (rootfs_read(NULL, path, 256, &txt, NULL, &cause) == 0 &&
		    strcmp(mh_trim(txt), name) == 0)
			found = 1;
		free(txt);
		free(cause);
		free(path);
	}
	closedir(dir);
	return found;
}

static void
detect_fw_firewalld(struct detect_fw *d)
{
	const char	*fname = "fw.firewalld.state";
	const char	*argv[] = { "firewall-cmd", "--state", NULL };
	const char	*unit = "/etc/systemd/system/multi-user.target.wants/"
			    "firewalld.service";
	const char	*conf = "/etc/firewalld/firewalld.conf";
	struct exec_result res;
	struct fact	*f;
	char		*text = NULL, *reason = NULL, *cause = NULL;
	char		*txt = NULL, *p, *line;
	int		 r;

	exec_result_init(&res);
	d->st.firewalld_enabled = rootfs_exists(d->ctx->root, unit);
	if (!d->installed[DETECT_FW_FIREWALLD]) {
		f = facts_set_str(d->fs, fname, "not installed");
		fact_evidence(f, "firewall-cmd",
		    _("firewalld is not installed"));
		d->st.firewalld = 0;
		return;
	}
	if (!d->ctx->live) {
		xasprintf(&reason, _("live state is not read with --root"));
		f = facts_set_unknown(d->fs, fname, FACT_STR, "%s", reason);
		if (rootfs_read(d->ctx->root, conf, MH_FILE_CAP, &txt, NULL,
		    &cause) == 0) {
			p = txt;
			while ((line = mh_next_line(&p)) != NULL) {
				line = mh_trim(line);
				if (strncmp(line, "FirewallBackend=",
				    16) == 0 ||
				    strncmp(line, "DefaultZone=", 12) == 0)
					fact_evidence(f, conf, "%s", line);
			}
		}
		goto enabled;
	}
	if (!rootfs_exists(NULL, "/run/dbus/system_bus_socket")) {
		f = facts_set_str(d->fs, fname, "not running");
		d->st.firewalld = 0;
		fact_evidence(f, "/run/dbus/system_bus_socket", _("absent: no "
		    "system D-Bus, so firewalld cannot be running"));
		goto enabled;
	}
	if (detect_fw_proc_has("firewalld") == 0) {
		f = facts_set_str(d->fs, fname, "not running");
		d->st.firewalld = 0;
		fact_evidence(f, "/proc/*/comm", _("no firewalld process"));
		goto enabled;
	}
	if (detect_cmd(d->ctx, argv, &res, &text, &reason) == -1) {
		f = facts_set_error(d->fs, fname, FACT_STR, "%s", reason);
		goto enabled;
	}
	r = fwparse_fwcmd_state(res.status, buf_str(&res.out),
	    buf_str(&res.err), &cause);
	if (r == -1) {
		f = facts_set_unknown(d->fs, fname, FACT_STR, "%s", cause);
		goto enabled;
	}
	d->st.firewalld = r;
	f = facts_set_str(d->fs, fname, r ? "running" : "not running");
	fact_evidence(f, text, _("exit %d: %s"), res.status,
	    r ? "running" : "not running");
enabled:
	fact_evidence(f, unit, d->st.firewalld_enabled ?
	    _("enabled at boot") : _("absent: not enabled at boot"));
	exec_result_clear(&res);
	free(text);
	free(reason);
	free(cause);
	free(txt);
}

static void
detect_fw_docker(struct detect_fw *d)
{
	struct fact	*f;
	int		 k, any = d->nft_ok, n = 0;

	for (k = 0; k < 4; k++) {
		if (!d->ipt_ok[k])
			continue;
		any = 1;
		n += d->ipt[k].docker_chains;
	}
	if (!any) {
		facts_set_unknown(d->fs, "fw.docker", FACT_BOOL, "%s",
		    d->live_reason != NULL ? d->live_reason :
		    _("no iptables or nft output could be read"));
		return;
	}
	d->st.docker = n > 0 || d->docker_nft;
	f = facts_set_bool(d->fs, "fw.docker", d->st.docker);
	fact_evidence(f, "iptables-nft-save iptables-legacy-save nft",
	    _("%d DOCKER* chains%s"), n, d->docker_nft ?
	    _(", Docker nftables table") : "");
}

static void
detect_fw_decide(struct detect_fw *d)
{
	struct fwparse_verdict	 v;
	struct fact		*f;
	size_t			 i;

	fwparse_decide(&d->st, &v);
	if (v.active == NULL)
		f = facts_set_unknown(d->fs, "fw.active", FACT_STR,
		    _("state of %s unknown%s%s"), v.unknown,
		    d->live_reason != NULL ? ": " : "",
		    d->live_reason != NULL ? d->live_reason : "");
	else {
		f = facts_set_str(d->fs, "fw.active", v.active);
		for (i = 0; i < v.nfiltering; i++)
			fact_evidence(f, "fw", _("%s filters inbound traffic"),
			    v.filtering[i]);
		if (v.nfiltering == 0)
			fact_evidence(f, "fw", _("no frontend filters inbound "
			    "traffic"));
		if (v.unknown != NULL)
			fact_evidence(f, "fw", _("state unknown: %s"),
			    v.unknown);
	}
	if (v.nconflicts == 0 && d->live_reason != NULL)
		facts_set_unknown(d->fs, "fw.conflicts", FACT_LIST, "%s",
		    d->live_reason);
	else {
		f = facts_set_list(d->fs, "fw.conflicts");
		if (v.nconflicts == 0)
			fact_evidence(f, "fw", _("none found"));
		for (i = 0; i < v.nconflicts; i++) {
			fact_list_add(f, v.conflicts[i]);
			fact_evidence(f, "fw", "%s", v.conflicts[i]);
		}
	}
	fwparse_verdict_free(&v);
}

void
detect_fw_run(const struct detect_ctx *ctx, struct facts *fs)
{
	struct detect_fw	d;

	memset(&d, 0, sizeof d);
	d.ctx = ctx;
	d.fs = fs;
	fwparse_state_init(&d.st);
	if (!ctx->live)
		xasprintf(&d.live_reason, _("live state is not read with "
		    "--root"));
	else if (!ctx->is_root)
		xasprintf(&d.live_reason, _("needs root"));
	detect_fw_installed(&d);
	detect_fw_iptnft(&d);
	detect_fw_legacy(&d);
	detect_fw_nft(&d);
	detect_fw_ufw(&d);
	detect_fw_firewalld(&d);
	detect_fw_docker(&d);
	detect_fw_decide(&d);
	free(d.live_reason);
}
