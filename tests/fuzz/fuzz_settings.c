/*
 * fuzz_settings.c - feed bytes as a settings file through the loader
 * (settings_load_text: libconfig, then every field validated), then
 * through the writer and back: what loads must save and load again
 * to the same values.
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "settings.h"

const char *fuzz_corpus_name = "settings";

/* libconfig 1.5 leaks lexer buffers on some parse errors (not ours). */
const char	*__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:libconfig.so\n";
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct settings	 s, back;
	struct buf	 b;
	char		*cause = NULL, *v, *w;
	size_t		 f;

	settings_init(&s);
	if (settings_load_text(&s, (const char *)data, size, "fuzz",
	    &cause) == -1) {
		if (cause == NULL || strncmp(cause, "fuzz", 4) != 0 ||
		    strchr(cause, '\n') != NULL)
			abort();	/* one line, naming the file */
		free(cause);
		settings_clear(&s);
		return 0;
	}
	settings_defaults(&s);
	buf_init(&b, 0);
	settings_text(&s, &b);
	settings_init(&back);
	if (settings_load_text(&back, buf_str(&b), strlen(buf_str(&b)),
	    "again", &cause) == -1) {
		/* what we write we must read */
		fprintf(stderr, "reload: %s\n%s", cause, buf_str(&b));
		abort();
	}
	for (f = 0; f < SETTINGS_NFIELDS; f++) {
		v = settings_value(&s, f);
		w = settings_value(&back, f);
		if (strcmp(v, w) != 0)
			abort();
		free(v);
		free(w);
	}
	buf_reset(&b);
	settings_json(&s, "fuzz", &b);
	settings_show(&s, "fuzz", &b);
	buf_clear(&b);
	settings_clear(&back);
	settings_clear(&s);
	return 0;
}
