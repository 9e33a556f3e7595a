/*
 * fuzz_cond.c - the checklist condition parser and evaluator.  Input: a
 * condition's text; it either fails with a reason or evaluates to one of
 * the three values over a small fixed fact set, with a reason exactly
 * when the value is UNKNOWN.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "cond.h"
#include "fact.h"
#include "fuzz.h"

const char *fuzz_corpus_name = "cond";

static struct facts *
fuzz_cond_facts(void)
{
	struct facts	*fs = facts_create();
	struct fact	*f;

	facts_set_bool(fs, "smtp.25.starttls", 1);
	facts_set_bool(fs, "smtp.25.vrfy", 0);
	facts_set_int(fs, "logs.retention_days", 28);
	facts_set_str(fs, "smtp.25.tls_version", "TLSv1.3");
	facts_set_str(fs, "dnsbl.zen.spamhaus.org", "clean");
	facts_set_unknown(fs, "smtp.25.open_relay", FACT_BOOL, "trusted");
	f = facts_set_list(fs, "fw.installed");
	fact_list_add(f, "ufw");
	return fs;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct facts	*fs;
	struct cond		*c;
	const char *const	*names;
	enum cond_value		 v;
	char			*text, *cause = NULL, *why = NULL;
	size_t			 n, i;

	if (fs == NULL)
		fs = fuzz_cond_facts();
	text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	if ((c = cond_parse(text, &cause)) == NULL) {
		if (cause == NULL)
			abort();
		free(cause);
		free(text);
		return 0;
	}
	names = cond_names(c, &n);
	if (n > COND_MAX_NAMES)
		abort();
	for (i = 0; i < n; i++)
		if (names[i] == NULL || *names[i] == '\0')
			abort();
	v = cond_eval(c, fs, &why);
	if (v != COND_TRUE && v != COND_FALSE && v != COND_UNKNOWN)
		abort();
	if ((v == COND_UNKNOWN) != (why != NULL))
		abort();
	free(why);
	cond_free(c);
	free(text);
	return 0;
}
