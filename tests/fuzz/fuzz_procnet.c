/*
 * fuzz_procnet.c - fuzz the /proc/net/tcp and tcp6 parser: every input
 * is parsed as both families, and every socket it yields must be sane.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ipaddr.h"
#include "procnet.h"

const char *fuzz_corpus_name = "procnet";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct procnet	 pn;
	char		*text;
	size_t		 i;
	int		 family;

	text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	for (family = 4; family <= 6; family += 2) {
		memset(&pn, 0, sizeof pn);
		procnet_parse(&pn, text, family);
		for (i = 0; i < pn.n; i++) {
			if (pn.v[i].family != family ||
			    pn.v[i].port < 0 || pn.v[i].port > 65535 ||
			    ipaddr_family(pn.v[i].addr) != family)
				abort();
		}
		if (pn.n > PROCNET_MAX_SOCKS)
			abort();
		(void)procnet_listening(&pn, 25);
		procnet_clear(&pn);
	}
	free(text);
	return 0;
}
