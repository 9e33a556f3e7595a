/*
 * fuzz_json.c - the JSON reader and the audit-log verifier over
 * arbitrary bytes (a tampered or torn audit log is untrusted input).
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "json.h"
#include "fuzz.h"

const char *fuzz_corpus_name = "json";

static char	fuzz_json_path[64];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct audit_verify	 v;
	struct json		*j;
	char			*cause = NULL;
	FILE			*f;

	j = json_parse((const char *)data, size, &cause);
	json_free(j);
	free(cause);
	cause = NULL;
	if (fuzz_json_path[0] == '\0')
		snprintf(fuzz_json_path, sizeof fuzz_json_path,
		    "/tmp/mh-fuzz-json.%ld", (long)getpid());
	if ((f = fopen(fuzz_json_path, "w")) == NULL)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	if (audit_verify(fuzz_json_path, &v, &cause) != -1)
		audit_verify_clear(&v);
	free(cause);
	unlink(fuzz_json_path);
	return 0;
}
