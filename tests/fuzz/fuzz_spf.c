/*
 * fuzz_spf.c - the SPF record parser and lint.  Input: the record text
 * (a "v=spf1 " prefix is added when the input lacks one, so the term
 * parser is reached); the parse must either fail with a reason or give
 * terms that all have their text.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "spf.h"

const char *fuzz_corpus_name = "spf";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spf_record	 rec;
	struct spf_findings	 fs;
	char			*text, *cause = NULL;
	size_t			 i, off = 0;

	text = xmalloc(size + 8);
	if (size < 6 || strncmp((const char *)data, "v=spf1", 6) != 0) {
		memcpy(text, "v=spf1 ", 7);
		off = 7;
	}
	memcpy(text + off, data, size);
	text[off + size] = '\0';
	memset(&fs, 0, sizeof fs);
	if (spf_parse(text, &rec, &cause) == -1) {
		if (cause == NULL || rec.nterms != 0)
			abort();
		free(cause);
	} else {
		if (cause != NULL || rec.nterms > SPF_MAX_TERMS)
			abort();
		for (i = 0; i < rec.nterms; i++)
			if (rec.terms[i].text == NULL ||
			    rec.terms[i].cidr4 > 32 ||
			    rec.terms[i].cidr6 > 128)
				abort();
		if (rec.all >= (int)rec.nterms)
			abort();
		spf_lint(&rec, "fuzz.example", &fs);
		for (i = 0; i < fs.n; i++)
			if (fs.v[i].text == NULL || fs.v[i].fix == NULL)
				abort();
		spf_findings_free(&fs);
		spf_record_clear(&rec);
	}
	free(text);
	return 0;
}
