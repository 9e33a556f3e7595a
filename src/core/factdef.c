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
#define G_SMTP	N_("SMTP")
#define G_DNS	N_("DNS")
#define G_DNSBL	N_("Blocklists (DNSBL)")
#define G_REC	N_("DNS records")
#define G_LOGS	N_("Logs")

static const char *const factdef_group_order[] = {
	G_OS, G_CLOUD, G_NET, G_MTA, G_SSH, G_FW, G_SMTP, G_DNS, G_DNSBL, G_REC,
	G_LOGS, NULL
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

	{ "dns.resolvers",	G_DNS, N_("Resolvers in use") },
	{ "dns.resolver_public", G_DNS, N_("Public/forwarding resolver") },
	{ "dns.works",		G_DNS, N_("DNS resolution works") },
	{ "dns.mx",		G_DNS, N_("MX records") },
	{ "dns.host_a",		G_DNS, N_("Mail host A") },
	{ "dns.host_aaaa",	G_DNS, N_("Mail host AAAA") },
	{ "dns.ptr_ipv4",	G_DNS, N_("PTR of the IPv4 address") },
	{ "dns.ptr_ipv6",	G_DNS, N_("PTR of the IPv6 address") },
	{ "dns.spf",		G_DNS, N_("TXT at the domain (SPF)") },
	{ "dns.dmarc",		G_DNS, N_("TXT at _dmarc") },
	{ "dns.dkim",		G_DNS, N_("TXT at <selector>._domainkey") },
	{ "dns.mta_sts",	G_DNS, N_("TXT at _mta-sts") },
	{ "dns.tlsrpt",		G_DNS, N_("TXT at _smtp._tls") },
	{ "records.spf.record",	G_REC, N_("SPF record") },
	{ "records.spf.verdict", G_REC, N_("SPF evaluation") },
	{ "records.spf.lookups", G_REC, N_("SPF DNS lookups (max 10)") },
	{ "records.spf.voids",	G_REC, N_("SPF void lookups (max 2)") },
	{ "records.spf.ipv4",	G_REC, N_("SPF result for the IPv4 address") },
	{ "records.spf.ipv6",	G_REC, N_("SPF result for the IPv6 address") },
	{ "records.spf.helo",	G_REC, N_("SPF record of the HELO name") },
	{ "records.dmarc.record", G_REC, N_("DMARC record") },
	{ "records.dmarc.policy", G_REC, N_("DMARC policy") },
	{ "records.dmarc.alignment", G_REC, N_("DMARC alignment") },
	{ "records.dmarc.source", G_REC, N_("DMARC record found at") },
	{ "records.dmarc.report_auth", G_REC,
	    N_("External report destinations authorized") },
	{ "records.dkim.record",	G_REC, N_("DKIM key record") },
	{ "records.dkim.match",	G_REC, N_("DKIM key matches the local key") },
	{ "records.dkim.bits",	G_REC, N_("DKIM key size") },
	{ "records.fcrdns.ipv4", G_REC, N_("FCrDNS chain (IPv4)") },
	{ "records.fcrdns.ipv6", G_REC, N_("FCrDNS chain (IPv6)") },
	{ "records.mta_sts",	G_REC, N_("MTA-STS policy mode") },
	{ "records.tlsrpt",	G_REC, N_("TLS-RPT record") },
	{ "dnsbl.**",		G_DNSBL, "%s" },	/* the zone itself */
	/* TRANSLATORS: %s is a DNSBL zone; this row is for the IPv6 address */
	{ "dnsbl6.**",		G_DNSBL, N_("%s (IPv6)") },

	{ "fw.installed",	G_FW, N_("Frontends installed") },
	{ "fw.active",		G_FW, N_("Filtering now") },
	{ "fw.firewalld.state",	G_FW, N_("firewalld") },
	{ "fw.ufw.state",	G_FW, N_("ufw") },
	{ "fw.nft.tables",	G_FW, N_("nftables tables") },
	{ "fw.iptables_nft.rules", G_FW, N_("iptables-nft rules") },
	{ "fw.iptables_legacy.rules", G_FW, N_("iptables-legacy rules") },
	{ "fw.docker",		G_FW, N_("Docker chains") },
	{ "fw.conflicts",	G_FW, N_("Conflicts") },
	/* TRANSLATORS: %s is a port number */
	{ "fw.port.*.allowed",	G_FW, N_("Port %s allowed in") },
	/* TRANSLATORS: %s is a port number */
	{ "fw.port.*.allowed_v6", G_FW, N_("Port %s allowed in (IPv6)") },

	{ "logs.mail_files",	G_LOGS, N_("Mail log files") },
	{ "logs.rotate_config",	G_LOGS, N_("Mail log rotation rule") },
	{ "logs.retention_days", G_LOGS, N_("Mail log retention (days)") },
	{ "logs.journald_max_days", G_LOGS,
	    N_("journald retention limit (days)") },

	/* TRANSLATORS: %s is a port number */
	{ "smtp.*.banner",  G_SMTP, N_("Port %s banner") },
	/* TRANSLATORS: %s is a port number */
	{ "smtp.*.banner_discloses", G_SMTP,
	    N_("Port %s banner shows software") },
	/* TRANSLATORS: %s is a port number */
	{ "smtp.*.starttls", G_SMTP, N_("Port %s STARTTLS offered") },
	/* TRANSLATORS: %s is a port number */
	{ "smtp.*.tls_version", G_SMTP, N_("Port %s TLS version") },
	/* TRANSLATORS: %s is a port number */
	{ "smtp.*.tls_cipher", G_SMTP, N_("Port %s TLS cipher") },
	/* TRANSLATORS: %s is a port number */
	{ "smtp.*.cert_subject", G_SMTP, N_("Port %s certificate subject") },
	/* TRANSLATORS: %s is a port number */
	{ "smtp.*.cert_issuer", G_SMTP, N_("Port %s certificate issuer") },
	/* TRANSLATORS: %s is a port number */
	{ "smtp.*.cert_san", G_SMTP, N_("Port %s certificate names") },
	/* TRANSLATORS: %s is a port number */
	{ "smtp.*.cert_expiry", G_SMTP, N_("Port %s certificate expiry") },
	/* TRANSLATORS: %s is a port number */
	{ "smtp.*.cert_days_left", G_SMTP,
	    N_("Port %s certificate days left") },
	/* TRANSLATORS: %s is a port number */
	{ "smtp.*.cert_hostname_match", G_SMTP,
	    N_("Port %s certificate matches host") },
	/* TRANSLATORS: %s is a port number */
	{ "smtp.*.cert_trusted", G_SMTP, N_("Port %s certificate trusted") },
	/* TRANSLATORS: %s is a port number */
	{ "smtp.*.auth_before_tls", G_SMTP, N_("Port %s AUTH before TLS") },
	/* TRANSLATORS: %s is a port number */
	{ "smtp.*.auth_after_tls", G_SMTP, N_("Port %s AUTH after TLS") },
	/* TRANSLATORS: %s is a port number */
	{ "smtp.*.vrfy",  G_SMTP, N_("Port %s VRFY answers") },
	/* TRANSLATORS: %s is a port number */
	{ "smtp.*.expn",  G_SMTP, N_("Port %s EXPN answers") },
	/* TRANSLATORS: %s is a port number */
	{ "smtp.*.size",  G_SMTP, N_("Port %s size limit") },
	/* TRANSLATORS: %s is a port number */
	{ "smtp.*.pipelining", G_SMTP, N_("Port %s PIPELINING") },
	/* TRANSLATORS: %s is a port number */
	{ "smtp.*.open_relay", G_SMTP, N_("Port %s open relay") },
	/* TRANSLATORS: %s is a port number */
	{ "smtp.*.relay_test_trusted", G_SMTP,
	    N_("Port %s relay test from trusted address") },
	/* TRANSLATORS: %s is a port number */
	{ "smtps.*.banner",  G_SMTP, N_("Port %s (TLS) banner") },
	/* TRANSLATORS: %s is a port number */
	{ "smtps.*.banner_discloses", G_SMTP,
	    N_("Port %s (TLS) banner shows software") },
	/* TRANSLATORS: %s is a port number */
	{ "smtps.*.tls_version", G_SMTP, N_("Port %s (TLS) TLS version") },
	/* TRANSLATORS: %s is a port number */
	{ "smtps.*.tls_cipher", G_SMTP, N_("Port %s (TLS) TLS cipher") },
	/* TRANSLATORS: %s is a port number */
	{ "smtps.*.cert_subject", G_SMTP,
	    N_("Port %s (TLS) certificate subject") },
	/* TRANSLATORS: %s is a port number */
	{ "smtps.*.cert_issuer", G_SMTP,
	    N_("Port %s (TLS) certificate issuer") },
	/* TRANSLATORS: %s is a port number */
	{ "smtps.*.cert_san", G_SMTP, N_("Port %s (TLS) certificate names") },
	/* TRANSLATORS: %s is a port number */
	{ "smtps.*.cert_expiry", G_SMTP,
	    N_("Port %s (TLS) certificate expiry") },
	/* TRANSLATORS: %s is a port number */
	{ "smtps.*.cert_days_left", G_SMTP,
	    N_("Port %s (TLS) certificate days left") },
	/* TRANSLATORS: %s is a port number */
	{ "smtps.*.cert_hostname_match", G_SMTP,
	    N_("Port %s (TLS) certificate matches host") },
	/* TRANSLATORS: %s is a port number */
	{ "smtps.*.cert_trusted", G_SMTP,
	    N_("Port %s (TLS) certificate trusted") },
	/* TRANSLATORS: %s is a port number */
	{ "smtps.*.auth_after_tls", G_SMTP,
	    N_("Port %s (TLS) AUTH after TLS") },
	/* TRANSLATORS: %s is a port number */
	{ "smtps.*.vrfy",  G_SMTP, N_("Port %s (TLS) VRFY answers") },
	/* TRANSLATORS: %s is a port number */
	{ "smtps.*.expn",  G_SMTP, N_("Port %s (TLS) EXPN answers") },
	/* TRANSLATORS: %s is a port number */
	{ "smtps.*.size",  G_SMTP, N_("Port %s (TLS) size limit") },
	/* TRANSLATORS: %s is a port number */
	{ "smtps.*.pipelining", G_SMTP, N_("Port %s (TLS) PIPELINING") },
	/* TRANSLATORS: %s is a port number */
	{ "smtps.*.open_relay", G_SMTP, N_("Port %s (TLS) open relay") },
	/* TRANSLATORS: %s is a port number */
	{ "smtps.*.relay_test_trusted", G_SMTP,
	    N_("Port %s (TLS) relay test from trusted address") },
	/* TRANSLATORS: %s is a mail server and port */
	{ "outbound.25.ipv6",	G_SMTP, N_("Outbound port 25 over IPv6") },
	{ "outbound.25.*.ipv4",	G_SMTP, N_("Outbound 25 to %s over IPv4") },
	{ "outbound.25.*.ipv6",	G_SMTP, N_("Outbound 25 to %s over IPv6") },
	{ "outbound.25",		G_SMTP, N_("Outbound port 25") },
	{ "outbound.advice",	G_SMTP, N_("Outbound 25 advice") },
	/* TRANSLATORS: %s is a Postfix parameter name */
	{ "postfix.*",		G_SMTP, N_("Postfix %s") },
};

int
factdef_match(const char *pat, const char *name)
{
	const char	*p = pat, *n = name;

	while (*p != '\0' && *n != '\0') {
		if (p[0] == '*' && p[1] == '*')	/* the rest, one or more */
			return p[2] == '\0';
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
	len = star[1] == '*' ? strlen(seg) : strcspn(seg, ".");
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
