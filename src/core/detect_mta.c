/*
 * detect_mta.c - which mail servers are installed, which one is in use,
 * its configuration file, and which mail ports are listening.
 *
 * Installed means the MTA's own binary is there: /usr/sbin/sendmail
 * alone proves nothing, every MTA installs that compatibility wrapper.
 * The one in use is the owner of the port-25 listener when /proc shows
 * it, else the only one installed.
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "detect.h"
#include "fact.h"
#include "procnet.h"
#include "rootfs.h"

struct detect_mta {
	const char	*name;
	const char	*bins[5];	/* any one of them: installed */
	const char	*comms[3];	/* process names of its daemon */
	const char	*configs[6];	/* in order of preference */
};

static const struct detect_mta detect_mta_table[] = {
	{ "postfix",
	  { "/usr/sbin/postfix", "/usr/lib/postfix/sbin/master",
	    "/usr/libexec/postfix/master", NULL },
	  { "master", NULL },
	  { "/etc/postfix/main.cf", NULL } },
	{ "exim",
	  { "/usr/sbin/exim4", "/usr/sbin/exim", "/usr/bin/exim", NULL },
	  { "exim4", "exim", NULL },
	  { "/etc/exim4/update-exim4.conf.conf",
	    "/etc/exim4/exim4.conf.template", "/etc/exim4/exim4.conf",
	    "/etc/exim/exim.conf", "/etc/exim.conf", NULL } },
	{ "sendmail",
	  { "/usr/sbin/sendmail.sendmail", "/usr/lib/sm.bin/sendmail",
	    "/usr/libexec/sendmail/sendmail", NULL },
	  { "sendmail", NULL },
	  { "/etc/mail/sendmail.mc", "/etc/mail/sendmail.cf", NULL } },
	{ "opensmtpd",
	  { "/usr/sbin/smtpd", "/usr/sbin/opensmtpd", NULL },
	  { "smtpd", NULL },
	  { "/etc/smtpd.conf", "/etc/opensmtpd/smtpd.conf",
	    "/etc/smtpd/smtpd.conf", NULL } },
};

static const int detect_mta_ports[] = { 25, 465, 587, 110, 143, 993, 995 };

static const char *
detect_mta_bin(const struct detect_ctx *ctx, const struct detect_mta *m)
{
	size_t	i;

	for (i = 0; m->bins[i] != NULL; i++)
		if (rootfs_is_exec(ctx->root, m->bins[i]))
			return m->bins[i];
	return NULL;
}

static const char *
detect_mta_config(const struct detect_ctx *ctx, const struct detect_mta *m)
{
	size_t	i;

	for (i = 0; m->configs[i] != NULL; i++)
		if (rootfs_exists(ctx->root, m->configs[i]))
			return m->configs[i];
	return NULL;
}

static const struct detect_mta *
detect_mta_by_comm(const char *comm)
{
	size_t	i, j;

	for (i = 0; i < nitems(detect_mta_table); i++)
		for (j = 0; detect_mta_table[i].comms[j] != NULL; j++)
			if (strcmp(comm, detect_mta_table[i].comms[j]) == 0)
				return &detect_mta_table[i];
	return NULL;
}

static void
detect_mta_installed(const struct detect_ctx *ctx, struct facts *fs,
    const struct detect_mta **inst, size_t *ninst)
{
	struct fact	*f;
	const char	*bin, *conf;
	size_t		 i;

	*ninst = 0;
	f = facts_set_list(fs, "mta.installed");
	for (i = 0; i < nitems(detect_mta_table); i++) {
		bin = detect_mta_bin(ctx, &detect_mta_table[i]);
		conf = detect_mta_config(ctx, &detect_mta_table[i]);
		if (bin != NULL) {
			fact_list_add(f, detect_mta_table[i].name);
			fact_evidence(f, bin, _("%s binary present"),
			    detect_mta_table[i].name);
			inst[(*ninst)++] = &detect_mta_table[i];
		} else if (conf != NULL)
			fact_evidence(f, conf, _("%s configuration present "
			    "but no %s binary: not counted (removed?)"),
			    detect_mta_table[i].name,
			    detect_mta_table[i].bins[0]);
	}
	if (*ninst == 0)
		fact_evidence(f, "/usr/sbin, /usr/lib, /usr/libexec",
		    _("no postfix, exim, sendmail or opensmtpd binary"));
	if (*ninst == 0 && rootfs_exists(ctx->root, "/usr/sbin/sendmail"))
		fact_evidence(f, "/usr/sbin/sendmail", _("present, but that "
		    "is only the compatibility wrapper every MTA installs"));
}

static void
detect_mta_ports_facts(struct facts *fs, const struct procnet *pn,
    const char *reason)
{
	struct fact	*f;
	char		 name[64], owner[64];
	const char	*src;
	size_t		 i, k, hits;
	int		 port;

	for (k = 0; k < nitems(detect_mta_ports); k++) {
		port = detect_mta_ports[k];
		snprintf(name, sizeof name, "port.%d.listening", port);
		if (reason != NULL) {
			facts_set_unknown(fs, name, FACT_BOOL, "%s", reason);
			snprintf(name, sizeof name, "port.%d.addresses", port);
			facts_set_unknown(fs, name, FACT_LIST, "%s", reason);
			continue;
		}
		f = facts_set_bool(fs, name, procnet_listening(pn, port));
		for (i = 0, hits = 0; i < pn->n; i++) {
			if (pn->v[i].port != port)
				continue;
			hits++;
			fact_evidence(f, pn->v[i].family == 4 ?
			    "/proc/net/tcp" : "/proc/net/tcp6",
			    _("LISTEN %s port %d inode %lu"), pn->v[i].addr,
			    port, pn->v[i].inode);
		}
		if (hits == 0)
			fact_evidence(f, "/proc/net/tcp, /proc/net/tcp6",
			    _("no LISTEN socket on port %d"), port);
		if (pn->bad_lines > 0)
			fact_evidence(f, "/proc/net/tcp, /proc/net/tcp6",
			    _("%zu lines did not parse and were skipped"),
			    pn->bad_lines);
		if (pn->note != NULL)
			fact_evidence(f, "/proc/net", _("not read: %s"),
			    pn->note);
		snprintf(name, sizeof name, "port.%d.addresses", port);
		f = facts_set_list(fs, name);
		for (i = 0; i < pn->n; i++) {
			if (pn->v[i].port != port)
				continue;
			fact_list_add(f, pn->v[i].addr);
			src = pn->v[i].family == 4 ? "/proc/net/tcp" :
			    "/proc/net/tcp6";
			if (pn->v[i].pid != 0)
				snprintf(owner, sizeof owner, " (pid %d %s)",
				    pn->v[i].pid, pn->v[i].comm);
			else
				owner[0] = '\0';
			fact_evidence(f, src, "%s port %d inode %lu%s",
			    pn->v[i].addr, port, pn->v[i].inode, owner);
		}
		if (hits == 0)
			fact_evidence(f, "/proc/net/tcp, /proc/net/tcp6",
			    _("no LISTEN socket on port %d"), port);
	}
}

static void
detect_mta_name(const struct detect_ctx *ctx, struct facts *fs,
    const struct procnet *pn, int have_pn,
    const struct detect_mta **inst, size_t ninst)
{
	const struct detect_mta	*use = NULL, *m;
	const struct procnet_sock *owner = NULL;
	struct fact		*f;
	struct buf		 names;
	const char		*conf;
	char			*src;
	size_t			 i;

	for (i = 0; have_pn && i < pn->n && use == NULL; i++) {
		if (pn->v[i].port != 25 || pn->v[i].pid == 0)
			continue;
		if ((m = detect_mta_by_comm(pn->v[i].comm)) != NULL) {
			use = m;
			owner = &pn->v[i];
		}
	}
	if (use == NULL && ninst == 1)
		use = inst[0];
	if (use == NULL) {
		buf_init(&names, 256);
		for (i = 0; i < ninst; i++)
			buf_printf(&names, "%s%s", i ? ", " : "",
			    inst[i]->name);
		if (ninst == 0) {
			facts_set_unknown(fs, "mta.name", FACT_STR,
			    _("no MTA installed"));
			facts_set_unknown(fs, "mta.config", FACT_STR,
			    _("no MTA installed"));
		} else {
			facts_set_unknown(fs, "mta.name", FACT_STR,
			    _("several installed (%s) and no owner of a port "
			    "25 listener seen"), buf_str(&names));
			facts_set_unknown(fs, "mta.config", FACT_STR,
			    _("several MTAs installed (%s)"), buf_str(&names));
		}
		buf_clear(&names);
		return;
	}
	f = facts_set_str(fs, "mta.name", use->name);
	if (owner != NULL) {
		xasprintf(&src, "/proc/%d/fd", owner->pid);
		fact_evidence(f, src, _("pid %d (%s) owns the socket "
		    "%s port 25 (inode %lu)"), owner->pid, owner->comm,
		    owner->addr, owner->inode);
		free(src);
	} else
		fact_evidence(f, detect_mta_bin(ctx, use),
		    _("the only MTA installed"));
	for (i = 0; i < ninst; i++)
		if (inst[i] != use)
			fact_evidence(f, detect_mta_bin(ctx, inst[i]),
			    _("%s is installed too"), inst[i]->name);

	if ((conf = detect_mta_config(ctx, use)) == NULL) {
		facts_set_unknown(fs, "mta.config", FACT_STR,
		    _("no %s configuration file found (looked for %s)"),
		    use->name, use->configs[0]);
		return;
	}
	f = facts_set_str(fs, "mta.config", conf);
	fact_evidence(f, conf, _("exists (%s configuration)"), use->name);
}

void
detect_mta_run(const struct detect_ctx *ctx, struct facts *fs)
{
	const struct detect_mta	*inst[nitems(detect_mta_table)];
	struct procnet		 pn;
	const struct procnet	*sock;
	char			*cause = NULL;
	size_t			 ninst = 0;
	int			 have_pn;

	detect_mta_installed(ctx, fs, inst, &ninst);
	sock = detect_sockets(ctx, &pn, &cause);
	have_pn = sock != NULL;
	detect_mta_name(ctx, fs, sock, have_pn, inst, ninst);
	detect_mta_ports_facts(fs, sock, have_pn ? NULL : cause);
	free(cause);
	procnet_clear(&pn);
}
