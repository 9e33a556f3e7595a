/*
 * records.h - generate the DNS records of a mail domain (the Generate
 * part of the DNS records step): SPF (new or merged with a published
 * record), DMARC and its external-report authorization, PTR for IPv4
 * and IPv6 with the cloud provider's procedure, MX, MTA-STS (TXT and
 * policy file), TLS-RPT and TLSA 3 1 1 from a certificate.  The result
 * is a list of records that zone.h prints (zone file, DNS console
 * table, plain view, JSON) and that the TUI shows.
 *
 * The Verify part is records_verify.h (another module).
 */
#ifndef MH_RECORDS_H
#define MH_RECORDS_H

#include <stddef.h>
#include <time.h>

struct clouds_provider;

#define RECORDS_DEFAULT_TTL	3600
#define RECORDS_STS_MAX_AGE	604800
#define RECORDS_SPF_WARN_LEN	450	/* RFC 7208 3.4: keep it small */
#define RECORDS_CERT_CAP	(256 * 1024)

/* What a record is for (records_kind_name gives the JSON name). */
enum records_kind {
	RECORDS_MX,
	RECORDS_SPF,
	RECORDS_DKIM,
	RECORDS_DMARC,
	RECORDS_DMARC_AUTH,	/* in the report domain's zone */
	RECORDS_MTA_STS,
	RECORDS_TLS_RPT,
	RECORDS_TLSA,
	RECORDS_PTR		/* at the IP owner, not in the zone */
};

struct record {
	enum records_kind kind;
	char		*name;		/* absolute, no trailing dot */
	char		*host;		/* relative to the zone ("@"), or
					   the absolute name when outside */
	char		*type;		/* "TXT", "MX", "PTR", "TLSA" */
	char		*value;		/* unquoted; TXT: the whole text */
	int		 ttl;
	int		 in_zone;	/* 1: belongs in the domain's zone */
	char		*where;		/* !in_zone: where to publish it */
	char		*comment;	/* one line, or NULL */
};

struct records {
	char		*domain;	/* the zone (A-labels) */
	struct record	*v;
	size_t		 n;
	char		**notes;	/* advice, one paragraph each */
	size_t		 nnotes;
	char		*sts_url;	/* MTA-STS policy URL, or NULL */
	char		*sts_policy;	/* its text (CRLF lines) */
};

enum records_spf_all {
	RECORDS_SPF_HARD,		/* -all */
	RECORDS_SPF_SOFT		/* ~all */
};

/*
 * The inputs.  Strings are as typed: records_generate validates and
 * normalizes them (IDN to A-labels); NULL means not given.
 */
struct records_opts {
	const char	*domain;	/* required */
	const char	*hostname;	/* default mail.<domain> */
	const char	*ipv4;
	const char	*ipv6;
	int		 allow_private;	/* lab addresses accepted */
	enum records_spf_all spf_all;
	const char	*existing_spf;	/* published record to merge */
	const char	*dmarc_policy;	/* default none */
	const char	*dmarc_rua;	/* address or mailto:, NULL none */
	char		 adkim;		/* 'r', 's' or 0 (not written) */
	char		 aspf;
	int		 dmarc_pct;	/* -1: not written */
	const char	*tlsrpt_rua;	/* default: dmarc_rua */
	const char	*sts_mode;	/* testing (default), enforce, none */
	time_t		 now;		/* for the MTA-STS id; 0 = time() */
	const char	*sts_id;	/* the id (1-32 alnum) or NULL */
	const char	*cert_file;	/* PEM certificate for TLSA */
	const char	*dkim_value;	/* DKIM TXT value to include, or NULL */
	const char	*selector;	/* its selector */
	const struct clouds_provider *provider; /* PTR procedure */
	int		 ttl;		/* 0 = RECORDS_DEFAULT_TTL */
};

void		 records_opts_init(struct records_opts *);
const char	*records_kind_name(enum records_kind);

/*
 * Generate every record.  -1 with the reason (naming the option) on
 * bad input: an invalid domain, host name, address, selector, mail
 * address, SPF record to merge, policy, or an unreadable certificate;
 * recs is then empty.
 */
int		 records_generate(const struct records_opts *,
		    struct records *, char **cause);
void		 records_clear(struct records *);
/* Append one record (copies the strings; comment may be NULL). */
struct record	*records_add(struct records *, enum records_kind,
		    const char *name, const char *type, const char *value,
		    int ttl, const char *comment);
void		 records_note(struct records *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/*
 * SPF: "v=spf1 mx ip4:A ip6:B -all", or existing (a published record)
 * with what is missing added: mx, ip4, ip6 not already covered (an
 * ip4/ip6 network that contains the address counts) go in before the
 * all; existing mechanisms are kept in order without duplicates; one
 * all is kept (the existing one; ours when there was neither all nor
 * redirect); redirect and other modifiers are kept.  *notes (may be
 * NULL) gets what the merge changed, one line each, "\n"-separated.
 */
int		 records_spf(const char *ipv4, const char *ipv6,
		    enum records_spf_all, const char *existing, char **out,
		    char **notes, char **cause);

/*
 * The reverse name of an address: "7.0.113.203.in-addr.arpa" or the
 * 32-nibble ip6.arpa name (caller frees), NULL when not an address.
 */
char		*records_ptr_name(const char *ip);

/* The MTA-STS id for a time: "20260801T000000" (UTC). */
void		 records_sts_id(time_t, char out[16]);

/*
 * TLSA 3 1 1: the SHA-256 of the certificate's SubjectPublicKeyInfo in
 * lower-case hex, from PEM text or a file (capped, never a symlink).
 */
int		 records_tlsa_pem(const char *pem, size_t len, char **hex,
		    char **cause);
int		 records_tlsa_file(const char *path, char **hex,
		    char **cause);

/*
 * The Verify part lives elsewhere: "records verify" dispatches to
 * cli_records_verify() (src/cli/cli_records_verify.c, declared in
 * cli.h), which drives records_verify() from records_verify.h.
 */

#endif
