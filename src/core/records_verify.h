/*
 * records_verify.h - verify what is published in DNS for a mail domain
 * against the local truth (the Verify part of the DNS records step):
 * SPF, DMARC, DKIM, the FCrDNS chain, MTA-STS and TLS-RPT, all looked up
 * live through the probe engine.  Every result is a fact with evidence
 * (the answer, the server that gave it, the TTL) and every problem a
 * finding with its fix.
 */
#ifndef MH_RECORDS_VERIFY_H
#define MH_RECORDS_VERIFY_H

#include "spf.h"

struct facts;

struct records_verify_opts {
	const char	*domain;
	const char	*hostname;	/* mail host name, may be NULL */
	const char	*ipv4;		/* may be NULL */
	const char	*ipv6;
	const char	*selector;	/* DKIM selector, may be NULL */
	const char	*dkim_key;	/* local key file, may be NULL */
	const char	*ehlo;		/* EHLO name when known */
	const char	*cert_name;	/* certificate name when known */
	const char	*dns_server;
	int		 timeout_ms;	/* whole run, 0 = default */
	/* tests only: HTTPS policy fetch */
	const char	*sts_cafile;	/* trust this CA file */
	const char	*sts_connect;	/* 127.0.0.1:PORT instead of :443 */
};

/*
 * Run every check.  Facts go to fs (group "DNS records"), findings to
 * out.  -1 with *cause only when nothing could be checked (the probe
 * loop could not start).
 */
int		 records_verify(const struct records_verify_opts *,
		    struct facts *fs, struct spf_findings *out,
		    char **cause);

#endif
