/*
 * fuzz_dkim.c - the DKIM key record parser, the base64 decoder and the
 * comparison of a published key with a local one.  Input: the record
 * text (value or presentation form).
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "dkim.h"
#include "fuzz.h"

const char *fuzz_corpus_name = "dkim";

static struct dkim_key	fuzz_dkim_key;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dkim_record	 r;
	unsigned char		*der;
	char			*text, *cause = NULL, **v;
	size_t			 len, n, i, total;
	int			 bits, m;

	if (fuzz_dkim_key.pem == NULL && dkim_keygen(DKIM_ED25519, 0,
	    &fuzz_dkim_key, &cause) == -1)
		abort();
	text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	if (dkim_record_parse(text, &r, &cause) == 0) {
		if (r.p == NULL || r.k == NULL ||
		    (r.revoked && r.p[0] != '\0'))
			abort();
		dkim_record_clear(&r);
	} else {
		if (cause == NULL)
			abort();
		free(cause);
	}
	cause = NULL;
	m = dkim_key_matches(text, fuzz_dkim_key.pem,
	    strlen(fuzz_dkim_key.pem), &bits, &cause);
	if (m < -1 || m > 1 || (m != 1 && cause == NULL) || bits < 0)
		abort();
	free(cause);
	if (dkim_base64_decode(text, &der, &len) == 0) {
		if (len > size)
			abort();
		free(der);
	}
	n = dkim_split(text, 1 + (size % 255), &v);
	for (i = 0, total = 0; i < n; i++)
		total += strlen(v[i]);
	if (total != strlen(text))
		abort();
	dkim_strings_free(v);
	free(text);
	return 0;
}
