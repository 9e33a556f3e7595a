/*
 * fuzz_fwparse.c - the firewall output parsers (iptables-save, nft list
 * ruleset, ufw status, ufw.conf, /proc/net/ip_tables_names) over
 * arbitrary bytes: command output is untrusted input.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "fwparse.h"

const char *fuzz_corpus_name = "fwparse";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fwparse_ipt	 ipt;
	struct fwparse_nft	 nft;
	char			*text, *cause = NULL, *line = NULL;
	size_t			 i;

	text = xstrndup((const char *)data, size);
	memset(&ipt, 0, sizeof ipt);
	if (fwparse_ipt(text, &ipt, &cause) == 0)
		fwparse_ipt_has_table(&ipt, "filter");
	free(cause);
	cause = NULL;
	memset(&nft, 0, sizeof nft);
	if (fwparse_nft(text, &nft, &cause) == 0) {
		fwparse_nft_owners(&nft, &ipt, &ipt);
		for (i = 0; i < nft.n; i++)
			fwparse_nft_filters(&nft.t[i]);
	}
	fwparse_nft_free(&nft);
	free(cause);
	cause = NULL;
	fwparse_ufw_status(text, &cause);
	free(cause);
	fwparse_ufw_conf(text, &line);
	free(line);
	fwparse_names(text);
	free(text);
	return 0;
}
