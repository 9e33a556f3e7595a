/*
 * dmarc.h - DMARC policy records (RFC 7489 and the RFC 9989 tags np,
 * psd, t): the parser, the policy and alignment grade, the report URI
 * checks and the names of the external-report authorization records.
 */
#ifndef MH_DMARC_H
#define MH_DMARC_H

#include <stddef.h>

struct spf_findings;

#define DMARC_RECORD_CAP	4096
#define DMARC_MAX_URIS		16

struct dmarc_record {
	char		*p;		/* none, quarantine, reject or NULL */
	char		*sp;
	char		*np;
	char		 adkim;		/* 'r' or 's' */
	char		 aspf;
	char		 t;		/* 'y', 'n', 0 when absent */
	char		 psd;		/* 'y', 'n', 'u', 0 when absent */
	int		 pct;		/* -1 when absent */
	char		*fo;
	char		**rua;		/* as written, trimmed */
	size_t		 nrua;
	char		**ruf;
	size_t		 nruf;
	int		 nunknown;	/* unknown tags (ignored) */
	int		 ntags;
};

/* 1 when the text starts with "v=DMARC1" (spaces allowed around =). */
int		 dmarc_is_dmarc(const char *);
/*
 * Parse one record.  -1 with the reason (naming the tag) when it is not
 * a usable record: v=DMARC1 not first, a tag without "=", a duplicate
 * tag, a bad value of p sp np adkim aspf pct t psd.
 */
int		 dmarc_parse(const char *, struct dmarc_record *,
		    char **cause);
void		 dmarc_record_clear(struct dmarc_record *);
/* "reject", "quarantine", "none" (also when p is missing). */
const char	*dmarc_grade(const struct dmarc_record *);
/*
 * The findings for a parsed record of domain: policy grade, testing,
 * pct, sp/np weaker than p, report URIs, alignment.
 */
void		 dmarc_check(const struct dmarc_record *, const char *domain,
		    struct spf_findings *);
/*
 * The domain of a "mailto:a@b!10m" URI (caller frees), NULL when the
 * URI is not a valid mailto URI.
 */
char		*dmarc_uri_domain(const char *);
/*
 * 1 when report domain rd is outside policy domain d's organization
 * (approximation without the public suffix list: neither is the other
 * or a subdomain of it, and their last two labels differ).
 */
int		 dmarc_external(const char *d, const char *rd);

#endif
