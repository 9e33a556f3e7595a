/*
 * spf.h - SPF records (RFC 7208): the parser, the local lint and the
 * recursive evaluation of the DNS-lookup and void-lookup limits through
 * include/redirect/a/mx/exists/ptr over the probe engine, with whether
 * the record authorizes this server's addresses.
 *
 * Findings (struct spf_finding) are shared with dmarc.c and
 * records_verify.c: an id ("SPF-03"), a severity, the text and the fix.
 */
#ifndef MH_SPF_H
#define MH_SPF_H

#include <stddef.h>

struct probe_loop;

enum spf_sev {
	SPF_SEV_INFO,
	SPF_SEV_LOW,
	SPF_SEV_MEDIUM,
	SPF_SEV_HIGH,
	SPF_SEV_CRITICAL
};

struct spf_finding {
	char		*id;
	enum spf_sev	 sev;
	char		*text;
	char		*fix;
};

struct spf_findings {
	struct spf_finding *v;
	size_t		    n;
};

void		 spf_findings_add(struct spf_findings *, const char *id,
		    enum spf_sev, const char *fix, const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));
int		 spf_findings_has(const struct spf_findings *, const char *);
void		 spf_findings_free(struct spf_findings *);
const char	*spf_sev_name(enum spf_sev);

enum spf_mech {
	SPF_ALL,
	SPF_INCLUDE,
	SPF_A,
	SPF_MX,
	SPF_PTR,
	SPF_IP4,
	SPF_IP6,
	SPF_EXISTS
};

struct spf_term {
	char		 qual;		/* + - ~ ? */
	enum spf_mech	 mech;
	char		*text;		/* the term as written */
	char		*domain;	/* domain-spec or NULL (current) */
	int		 macro;		/* domain-spec has a macro */
	int		 cidr4, cidr6;	/* prefix lengths */
	unsigned char	 addr[16];	/* ip4 / ip6 network */
};

#define SPF_MAX_TERMS	64
#define SPF_RECORD_CAP	4096

struct spf_record {
	struct spf_term	*terms;
	size_t		 nterms;
	char		*redirect;
	char		*exp;
	int		 redirect_macro;
	int		 nmacros;	/* macros left unexpanded */
	int		 nunknown;	/* unknown modifiers (ignored) */
	int		 all;		/* index of all, -1 when none */
	int		 after_all;	/* terms after all (ignored) */
	int		 nptr;
};

/* 1 when text starts "v=spf1" followed by a space or the end. */
int		 spf_is_spf(const char *);
/*
 * Parse one record.  -1 with a reason naming the token on a syntax
 * error (permerror).  rec is cleared first; spf_record_clear frees it.
 */
int		 spf_parse(const char *, struct spf_record *, char **cause);
void		 spf_record_clear(struct spf_record *);
/* The checks that need no DNS: all qualifier, ptr, macros, order. */
void		 spf_lint(const struct spf_record *, const char *domain,
		    struct spf_findings *);

#define SPF_MAX_LOOKUPS		10
#define SPF_MAX_VOID		2
#define SPF_MAX_MX_NAMES	10
#define SPF_MAX_DEPTH		12
#define SPF_MAX_QUERIES		256

/* Per-address outcome of the evaluation. */
enum spf_res {
	SPF_RES_NONE,
	SPF_RES_NEUTRAL,
	SPF_RES_PASS,
	SPF_RES_FAIL,
	SPF_RES_SOFTFAIL,
	SPF_RES_TEMPERROR,
	SPF_RES_PERMERROR
};
const char	*spf_res_name(enum spf_res);

struct spf_result {
	const char	*verdict;	/* valid none permerror temperror */
	char		*record;	/* the record at the domain */
	char		*server;	/* who answered the TXT query */
	int		 ttl;
	int		 nrecords;	/* v=spf1 records at the domain */
	int		 lookups;	/* DNS-querying terms counted */
	int		 voids;
	char		*over_by;	/* the term over 10 lookups */
	char		*void_by;	/* the term with the 3rd void */
	char		*why;		/* one line: why permerror */
	enum spf_res	 res4, res6;	/* for the given addresses */
	int		 has4, has6;
	struct spf_findings findings;
	char		**trace;	/* "name TYPE: answers (server, ttl)" */
	size_t		 ntrace;
};

/*
 * Evaluate the SPF record at domain through the probe loop (queries of
 * one level go out together; the loop is run here).  ipv4 / ipv6 may be
 * NULL.  The lookup count follows RFC 7208 4.6.4: each include, a, mx,
 * ptr, exists and redirect counts one, and each MX name's address
 * lookup counts one more.  Returns 0 (the verdict says how it went) or
 * -1 when the evaluation could not run at all.
 */
int		 spf_eval(struct probe_loop *, const char *domain,
		    const char *ipv4, const char *ipv6, struct spf_result *,
		    char **cause);
void		 spf_result_clear(struct spf_result *);

#endif
