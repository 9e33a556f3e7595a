/*
 * dnsbl.h - DNS blocklists (data/dnsbl.conf): zones, query names, the
 * answer decoder (a pure function: listed / clean / unknown with a
 * reason) and the probes that set the dnsbl.<zone> facts.
 *
 * Facts: dnsbl.<zone> for the IPv4 address (ip zones) or the mail domain
 * (domain zones), dnsbl6.<zone> for the IPv6 address.  Value "listed"
 * or "clean"; UNKNOWN with the reason for error codes (127.255.255.x),
 * timeouts, refusals and public resolvers.  Never "listed" for those.
 */
#ifndef MH_DNSBL_H
#define MH_DNSBL_H

#include <stddef.h>

struct facts;
struct probe_loop;

enum dnsbl_kind {
	DNSBL_KIND_IP,
	DNSBL_KIND_DOMAIN
};

enum dnsbl_verdict {
	DNSBL_CLEAN,
	DNSBL_LISTED,
	DNSBL_UNKNOWN
};

struct dnsbl_code {
	char	*code;		/* "127.0.0.2" */
	char	*meaning;
};

struct dnsbl_zone {
	char		*zone;
	char		*name;
	char		*info;		/* lookup / delisting page */
	enum dnsbl_kind	 kind;
	int		 ipv6;
	int		 line;
	struct dnsbl_code *codes;	/* listed */
	size_t		 ncodes;
	struct dnsbl_code *errors;	/* zone-specific errors */
	size_t		 nerrors;
};

struct dnsbl {
	struct dnsbl_zone *v;
	size_t		 n;
	struct dnsbl_code *errors;	/* for every zone */
	size_t		 nerrors;
};

#define DNSBL_MAX_ZONES	128
#define DNSBL_MAX_CODES	64

int		 dnsbl_load(const char *path, struct dnsbl *, char **cause);
int		 dnsbl_load_string(const char *text, const char *name,
		    struct dnsbl *, char **cause);
void		 dnsbl_free(struct dnsbl *);

/*
 * The query name for subject (IPv4, IPv6 or a domain) in zone z:
 * "2.0.0.127.zen...", 32 nibbles for IPv6, "example.com.dbl...".
 * Returns 0, or -1 with *cause when the subject does not fit the zone.
 */
int		 dnsbl_query_name(const struct dnsbl_zone *, const char *,
		    char **out, char **cause);

/*
 * Decode one A answer: status is the c-ares status (ARES_SUCCESS,
 * ARES_ENOTFOUND = NXDOMAIN, ...), answers the addresses.  *reason
 * (caller frees) says which code means what, or why it is unknown.
 */
enum dnsbl_verdict dnsbl_decode(const struct dnsbl *,
		    const struct dnsbl_zone *, int status, int timed_out,
		    char *const *answers, size_t nanswers, char **reason);
const char	*dnsbl_verdict_name(enum dnsbl_verdict);

struct dnsbl_subject {
	const char	*ipv4;
	const char	*ipv6;
	const char	*domain;
};

/*
 * Start every query on the loop; facts land in fs as answers arrive
 * (fs and bl must outlive the run).  When resolver_public is set, no
 * query is sent and each fact is UNKNOWN with public_why.  Returns the
 * number of facts that will be set.
 */
size_t		 dnsbl_start(struct probe_loop *, const struct dnsbl *,
		    const struct dnsbl_subject *, struct facts *,
		    int resolver_public, const char *public_why);

#endif
