/*
 * fuzz_dmarc.c - the DMARC record parser, the grader and the report URI
 * helpers.  Input: the record text; the parse either fails with a
 * reason or gives a record whose policy is one of the three values.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "dmarc.h"
#include "fuzz.h"
#include "spf.h"

const char *fuzz_corpus_name = "dmarc";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dmarc_record	 r;
	struct spf_findings	 fs;
	const char		*g;
	char			*text, *cause = NULL, *d;
	size_t			 i;

	text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&fs, 0, sizeof fs);
	if (dmarc_parse(text, &r, &cause) == -1) {
		if (cause == NULL)
			abort();
		free(cause);
	} else {
		g = dmarc_grade(&r);
		if (strcmp(g, "none") != 0 && strcmp(g, "quarantine") != 0 &&
		    strcmp(g, "reject") != 0)
			abort();
		if (r.pct > 100 || r.nrua > DMARC_MAX_URIS ||
		    (r.adkim != 'r' && r.adkim != 's'))
			abort();
		dmarc_check(&r, "fuzz.example", &fs);
		for (i = 0; i < r.nrua; i++) {
			if ((d = dmarc_uri_domain(r.rua[i])) != NULL) {
				(void)dmarc_external("fuzz.example", d);
				free(d);
			}
		}
		spf_findings_free(&fs);
		dmarc_record_clear(&r);
	}
	free(text);
	return 0;
}
