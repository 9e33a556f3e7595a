/*
 * version.c - versions of the tool and of the libraries it runs with.
 */
#include "mh.h"

#include <ares.h>
#include <curl/curl.h>
#include <libconfig.h>
#include <openssl/crypto.h>

#include "buf.h"
#include "version.h"

void
version_text(struct buf *b)
{
	buf_printf(b, "%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
	buf_printf(b, "  %s\n", curl_version());
	buf_printf(b, "  c-ares %s\n", ares_version(NULL));
	buf_printf(b, "  libconfig %d.%d.%d\n", LIBCONFIG_VER_MAJOR,
	    LIBCONFIG_VER_MINOR, LIBCONFIG_VER_REVISION);
	buf_printf(b, "  %s\n", OpenSSL_version(OPENSSL_VERSION));
}
