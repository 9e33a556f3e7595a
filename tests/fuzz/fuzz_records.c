/*
 * fuzz_records.c - the SPF merge of records.c (its input is a record
 * published in DNS) and the zone-file quoting of zone.c.  Input: the
 * published SPF record text.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "records.h"
#include "fuzz.h"
#include "zone.h"

const char *fuzz_corpus_name = "records";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 b;
	char		*text, *out = NULL, *notes = NULL, *cause = NULL;
	char		**v;
	size_t		 n, i, total;

	text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	if (records_spf("203.0.113.7", "2001:db8::7", RECORDS_SPF_HARD,
	    text, &out, &notes, &cause) == 0) {
		/* the result starts v=spf1 and has exactly one all or a
		 * redirect; it is never longer than input plus ours */
		if (strncmp(out, "v=spf1", 6) != 0 || notes == NULL ||
		    strlen(out) > size + 80)
			abort();
		free(out);
		free(notes);
	} else if (cause == NULL)
		abort();
	free(cause);
	/* quoting: the pieces concatenate back, each <= 255 bytes */
	n = zone_split(text, ZONE_STRING_MAX, &v);
	for (i = 0, total = 0; i < n; i++) {
		if (strlen(v[i]) > ZONE_STRING_MAX)
			abort();
		total += strlen(v[i]);
	}
	if (total != strlen(text))
		abort();
	zone_strings_free(v);
	buf_init(&b, 0);
	zone_txt_quote(text, " ", &b);
	if (b.len < 2 || b.data[0] != '"' || b.data[b.len - 1] != '"')
		abort();
	buf_clear(&b);
	free(text);
	return 0;
}
