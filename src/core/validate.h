/*
 * validate.h - checks of what the operator types (Domain step): domain
 * and host names (IDN to A-labels), IP addresses and whether they are
 * public, mail addresses, DKIM selectors, DMARC policies.
 *
 * Every function is pure.  On success it returns 0 and, when out is not
 * NULL, the normalized value in *out (caller frees): lower case, A-label
 * form, trailing dot gone, canonical address text.  On failure it
 * returns -1 and a one-line reason in *cause (caller frees).
 */
#ifndef MH_VALIDATE_H
#define MH_VALIDATE_H

#define VALIDATE_INPUT_CAP	1024	/* longer input is refused at once */

/* A domain name; mail: at least two labels (a mail domain). */
int	validate_domain(const char *, int mail, char **out, char **cause);
/* A host name: a fully qualified name, at least two labels. */
int	validate_hostname(const char *, char **out, char **cause);
/*
 * An address of family 4 or 6 (0: either).  Unless allow_private, only
 * a public address is accepted: private, CGNAT, loopback, link-local
 * and documentation addresses are refused with their class named.
 * Multicast, unspecified and other reserved addresses are always
 * refused.
 */
int	validate_ip(const char *, int family, int allow_private, char **out,
	    char **cause);
/* local@domain: dot-atom local part, mail domain as above. */
int	validate_mailaddr(const char *, char **out, char **cause);
/* A DMARC report address: an address, with or without "mailto:". */
int	validate_report_addr(const char *, char **out, char **cause);
/* A DKIM selector: one DNS label (letters, digits, hyphens). */
int	validate_selector(const char *, char **out, char **cause);
/* none, quarantine or reject. */
int	validate_dmarc_policy(const char *, char **out, char **cause);

#endif
