/*
 * fuzz_clouds.c - feed bytes as clouds.conf text through the loader and
 * validation (clouds_load_string, the code path of clouds_load), then
 * exercise matching, text and command helpers on whatever loaded.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "clouds.h"
#include "fuzz.h"

const char *fuzz_corpus_name = "clouds";

/*
 * libconfig 1.5 leaks the lexer's string buffers when a parse fails on
 * some inputs (unterminated strings and the like): not ours to fix, so
 * LeakSanitizer is told to ignore leaks from inside libconfig only.
 * The name is fixed by LeakSanitizer (it looks this hook up).
 */
const char	*__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:libconfig.so\n";
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct clouds		 cl;
	struct clouds_dmi	 d;
	struct clouds_hit	 hit;
	char			*text, *cause = NULL, *cmd;
	size_t			 i;

	text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	if (clouds_load_string(text, "fuzz", &cl, &cause) == -1) {
		if (cause == NULL || strncmp(cause, "fuzz", 4) != 0)
			abort();	/* every error names the file */
		free(cause);
		free(text);
		return 0;
	}
	memset(&d, 0, sizeof d);
	d.v[CLOUDS_DMI_SYS_VENDOR] = (char *)"OpenStack Foundation";
	d.v[CLOUDS_DMI_PRODUCT_NAME] = (char *)"  Alibaba Cloud ECS\n";
	d.v[CLOUDS_DMI_CHASSIS_ASSET_TAG] = (char *)"HUAWEICLOUD";
	d.v[CLOUDS_DMI_BIOS_VERSION] = (char *)"4.11.amazon";
	(void)clouds_match(&cl, &d, "aws", &hit);
	(void)clouds_match(&cl, NULL, " gce\n", &hit);
	for (i = 0; i < cl.n; i++) {
		if (clouds_find(&cl, cl.v[i].id) != &cl.v[i])
			abort();	/* ids are unique */
		(void)clouds_text_get(&cl.v[i].name, 1);
		(void)clouds_text_get(&cl.v[i].ptr, 0);
		(void)clouds_outbound_name(cl.v[i].outbound);
		if ((cmd = clouds_sg_command(&cl.v[i], 65535)) != NULL) {
			if (strstr(cmd, "{port}") != NULL)
				abort();
			free(cmd);
		}
	}
	clouds_free(&cl);
	free(text);
	return 0;
}
