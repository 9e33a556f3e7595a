/*
 * records_local.c - the DKIM key, the MTA's certificate and the cloud
 * provider's PTR procedure for the records (see records_local.h).
 */
#include "mh.h"

#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clouds.h"
#include "datadir.h"
#include "dkim.h"
#include "fact.h"
#include "records.h"
#include "records_local.h"

/* The DKIM record of the existing key, or NULL with a note. */
static char *
records_local_dkim(const char *keydir, const char *domain, const char *sel,
    struct buf *notes)
{
	struct dkim_key	 key;
	struct stat	 st;
	char		*path, *cause = NULL, *value = NULL;
	int		 mode;

	path = dkim_key_path(keydir != NULL ? keydir : DKIM_DEFAULT_KEYDIR,
	    domain, sel, "private");
	if (lstat(path, &st) == -1) {
		buf_printf(notes, _("No DKIM key at %s yet: create it with "
		    "'mailharden dkim keygen --domain %s --selector %s'.\n"),
		    path, domain, sel);
		goto out;
	}
	if (dkim_key_load(path, &key, &mode, &cause) == -1) {
		buf_printf(notes, _("The DKIM key could not be read: %s\n"),
		    cause);
		free(cause);
		goto out;
	}
	value = dkim_record_value(&key);
	dkim_key_clear(&key);
out:
	free(path);
	return value;
}

/* The MTA's certificate: a problem is a note, not an error. */
static void
records_local_cert(struct records_opts *ro, const struct facts *fs,
    struct buf *notes)
{
	const char	*cert;
	char		*hex = NULL, *cause = NULL;

	cert = facts_str(fs, "postfix.smtpd_tls_cert_file");
	if (ro->cert_file != NULL || cert == NULL || *cert == '\0')
		return;
	if (records_tlsa_file(cert, &hex, &cause) == 0) {
		ro->cert_file = cert;
		buf_printf(notes, _("TLSA is for the certificate Postfix uses "
		    "(smtpd_tls_cert_file = %s).\n"), cert);
	} else {
		buf_printf(notes, _("No TLSA: %s\n"), cause);
		free(cause);
	}
	free(hex);
}

void
records_local_fill(struct records_local *rl, struct records_opts *ro,
    const struct facts *fs, const char *keydir, struct buf *notes)
{
	const char	*want;
	char		*path, *cause = NULL;

	memset(rl, 0, sizeof *rl);
	records_local_cert(ro, fs, notes);
	if (ro->dkim_value == NULL && ro->selector != NULL &&
	    ro->domain != NULL) {
		rl->dkim_value = records_local_dkim(keydir, ro->domain,
		    ro->selector, notes);
		ro->dkim_value = rl->dkim_value;
	}
	if (ro->provider != NULL ||
	    (want = facts_str(fs, "cloud.provider")) == NULL)
		return;
	path = datadir_file("clouds.conf");
	if (clouds_load(path, &rl->clouds, &cause) == 0) {
		rl->have_clouds = 1;
		ro->provider = clouds_find(&rl->clouds, want);
	} else
		free(cause);
	free(path);
}

void
records_local_clear(struct records_local *rl)
{
	free(rl->dkim_value);
	if (rl->have_clouds)
		clouds_free(&rl->clouds);
	memset(rl, 0, sizeof *rl);
}
