/*
 * fuzz_dnsbl.c - the DNSBL answer decoder and query-name builder, and
 * the DNS wire answer parser behind them.  Input: first byte picks the
 * c-ares status and the zone, the rest is split at newlines into A
 * answers (decoder) and also parsed as a raw DNS message.
 */
#include "mh.h"

#include <arpa/nameser.h>

#include <ares.h>
#include <stdlib.h>
#include <string.h>

#include "dnsbl.h"
#include "fuzz.h"
#include "probe.h"

const char *fuzz_corpus_name = "dnsbl";

const char	*__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:libconfig.so\n";
}

static const char *fuzz_dnsbl_conf =
    "errors = ( { code = \"127.255.255.254\"; meaning = \"public\"; } );\n"
    "zones = ( { zone = \"bl.test.example\"; name = \"T\"; kind = \"ip\";"
    " ipv6 = true; listed = ( { code = \"127.0.0.2\"; meaning = \"s\"; }"
    " ); },\n { zone = \"dbl.test.example\"; name = \"D\"; kind = "
    "\"domain\"; listed = ( { code = \"127.0.1.2\"; meaning = \"d\"; } );"
    " errors = ( { code = \"127.0.1.255\"; meaning = \"ip\"; } ); } );\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int statuses[] = {
		ARES_SUCCESS, ARES_ENOTFOUND, ARES_ENODATA, ARES_ETIMEOUT,
		ARES_EREFUSED, ARES_ESERVFAIL, ARES_EBADRESP, 12345
	};
	static const int types[] = {
		ns_t_a, ns_t_aaaa, ns_t_mx, ns_t_txt, ns_t_ptr, ns_t_cname, 52
	};
	struct dnsbl	 bl;
	char		*cause = NULL, *text, *p, *line, *reason, *q;
	char		*ans[PROBE_MAX_RECORDS], **v;
	size_t		 n = 0, nv, i;
	int		 ttl;
	enum dnsbl_verdict verdict;

	if (size == 0)
		return 0;
	if (dnsbl_load_string(fuzz_dnsbl_conf, "fuzz", &bl, &cause) == -1)
		abort();
	text = xmalloc(size);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	p = text;
	while ((line = strsep(&p, "\n")) != NULL && n < nitems(ans))
		ans[n++] = line;
	verdict = dnsbl_decode(&bl, &bl.v[data[0] & 1],
	    statuses[(data[0] >> 1) & 7], data[0] >> 7, ans, n, &reason);
	if (reason == NULL)
		abort();
	if (verdict == DNSBL_LISTED && (strncmp(ans[0], "127.255.255.", 12) ==
	    0 || (data[0] & 0x0e) != 0))
		abort();	/* error codes and failures are never listed */
	free(reason);
	for (i = 0; i < n && i < 4; i++) {
		if (dnsbl_query_name(&bl.v[i & 1], ans[i], &q, &cause) == 0) {
			if (strlen(q) > 300)
				abort();
			free(q);
		} else
			free(cause);
	}
	if (probe_parse_answer(data, size, types[data[0] % nitems(types)],
	    &v, &nv, &ttl) == 0) {
		if (nv > PROBE_MAX_RECORDS)
			abort();
		probe_answers_free(v, nv);
	}
	free(text);
	dnsbl_free(&bl);
	return 0;
}
