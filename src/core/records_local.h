/*
 * records_local.h - what the DNS records need from this server itself:
 * the DKIM TXT value of the local key, the certificate the MTA uses (for
 * TLSA) and the cloud provider's PTR procedure.  One function for the
 * CLI ("records generate") and the wizard's DNS records step.
 */
#ifndef MH_RECORDS_LOCAL_H
#define MH_RECORDS_LOCAL_H

#include "clouds.h"

struct buf;
struct facts;
struct records_opts;

struct records_local {
	char		*dkim_value;	/* TXT value of the local key */
	struct clouds	 clouds;	/* holds ro->provider */
	int		 have_clouds;
};

/*
 * Fill what ro lacks: dkim_value from keydir/<domain>/<selector>.private
 * (keydir NULL = the default), cert_file from the fact
 * postfix.smtpd_tls_cert_file when it gives a usable certificate, and
 * provider from the fact cloud.provider.  Each gap or problem is a note
 * line in notes.  Free with records_local_clear (after ro is used).
 */
void	records_local_fill(struct records_local *, struct records_opts *ro,
	    const struct facts *fs, const char *keydir, struct buf *notes);
void	records_local_clear(struct records_local *);

#endif
