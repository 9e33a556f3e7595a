/*
 * factdef.c - the table of known facts.
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "factdef.h"

#define G_OS	N_("Operating system")
#define G_CLOUD	N_("Cloud provider")
#define G_NET	N_("Host and network")
#define G_MTA	N_("Mail server")
#define G_SSH	N_("SSH")
#define G_FW	N_("Firewall")

static const char *const factdef_group_order[] = {
	G_OS, G_CLOUD, G_NET, G_MTA, G_SSH, G_FW, NULL
};

static const struct factdef factdef_table[] = {
	{ "os.name",		G_OS, N_("System") },
	{ "os.id",		G_OS, N_("Distribution id") },
	{ "os.id_like",		G_OS, N_("Related to") },
	{ "os.version_id",	G_OS, N_("Version") },
	{ "os.family",		G_OS, N_("Family") },
	{ "os.pkg_manager",	G_OS, N_("Package manager") },
	{ "os.init",		G_OS, N_("Init system") },
	{ "os.init_running",	G_OS, N_("Init is PID 1") },

	{ "cloud.provider",	G_CLOUD, N_("Provider id") },
	{ "cloud.name",		G_CLOUD, N_("Provider") },
	{ "cloud.port25",	G_CLOUD, N_("Outbound port 25") },
	{ "cloud.port25_note",	G_CLOUD, N_("Port 25 policy") },
	{ "cloud.unblock",	G_CLOUD, N_("How to unblock 25") },
	{ "cloud.relay",	G_CLOUD, N_("Instead of port 25") },
	{ "cloud.ptr",		G_CLOUD, N_("How to set PTR") },

	{ "host.hostname",	G_NET, N_("Host name") },
	{ "host.fqdn",		G_NET, N_("Fully qualified name") },
	{ "net.ipv4",		G_NET, N_("IPv4 addresses") },
	{ "net.ipv6",		G_NET, N_("IPv6 addresses") },
	{ "net.public_ipv4",	G_NET, N_("Public IPv4") },
	{ "net.public_ipv6",	G_NET, N_("Public IPv6") },
	{ "net.nat_hint",	G_NET, N_("Behind NAT (likely)") },

	{ "mta.installed",	G_MTA, N_("MTAs installed") },
	{ "mta.name",		G_MTA, N_("MTA in use") },
	{ "mta.config",		G_MTA, N_("MTA configuration") },
	/* TRANSLATORS: %s is a port number */
	{ "port.*.listening",	G_MTA, N_("Port %s listening") },
	/* TRANSLATORS: %s is a port number */
	{ "port.*.addresses",	G_MTA, N_("Port %s addresses") },

	{ "ssh.ports",		G_SSH, N_("SSH ports") },
	{ "ssh.client",		G_SSH, N_("This SSH session") },
	{ "ssh.session",	G_SSH, N_("In an SSH session") },

	{ "fw.installed",	G_FW, N_("Frontends installed") },
	{ "fw.active",		G_FW, N_("Filtering now") },
	{ "fw.firewalld.state",	G_FW, N_("firewalld") },
	{ "fw.ufw.state",	G_FW, N_("ufw") },
	{ "fw.nft.tables",	G_FW, N_("nftables tables") },
	{ "fw.iptables_nft.rules", G_FW, N_("iptables-nft rules") },
	{ "fw.iptables_legacy.rules", G_FW, N_("iptables-legacy rules") },
	{ "fw.docker",		G_FW, N_("Docker chains") },
	{ "fw.conflicts",	G_FW, N_("Conflicts") },
};

static int
factdef_match(const char *pat, const char *name)
{
	const char	*p = pat, *n = name;

	while (*p != '\0' && *n != '\0') {
		if (*p == '*') {
			p++;
			while (*n != '\0' && *n != '.')
				n++;
			continue;
		}
		if (*p++ != *n++)
			return 0;
	}
	return *p == '\0' && *n == '\0';
}

const struct factdef *
factdef_find(const char *name)
{
	size_t	i;

	for (i = 0; i < nitems(factdef_table); i++)
		if (factdef_match(factdef_table[i].name, name))
			return &factdef_table[i];
	return NULL;
}

const char *const *
factdef_groups(void)
{
	return factdef_group_order;
}

/*
 * Labels of pattern rows carry a %s for the segment the '*' matched
 * ("Port %s listening" -> "Port 25 listening").
 */
char *
factdef_expand(const char *name, const char *label)
{
	const struct factdef	*d = factdef_find(name);
	const char		*star, *seg, *pct;
	char			*out;
	size_t			 len;

	if (d == NULL || (star = strchr(d->name, '*')) == NULL ||
	    (pct = strstr(label, "%s")) == NULL)
		return xstrdup(label);
	seg = name + (star - d->name);
	len = strcspn(seg, ".");
	xasprintf(&out, "%.*s%.*s%s", (int)(pct - label), label, (int)len,
	    seg, pct + 2);
	return out;
}

/* The result lives in a small ring of buffers: valid for eight calls. */
const char *
factdef_label(const char *name)
{
	static char		 ring[8][128];
	static unsigned		 next;
	const struct factdef	*d = factdef_find(name);
	char			*s, *out;

	if (d == NULL)
		return name;
	s = factdef_expand(name, _(d->label));
	out = ring[next++ % nitems(ring)];
	snprintf(out, sizeof ring[0], "%s", s);
	free(s);
	return out;
}

const char *
factdef_group(const char *name)
{
	const struct factdef	*d = factdef_find(name);

	return d != NULL ? d->group : NULL;
}

const struct factdef *
factdef_all(size_t *n)
{
	*n = nitems(factdef_table);
	return factdef_table;
}
