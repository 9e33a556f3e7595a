/*
 * report_sample.c - writes a sample report (tests/unit/report_fixture.h)
 * to a file, for tests/integ/report_pdf.sh: the HTML goes through
 * headless Chromium to PDF, the JSON through the JSON Schema.
 *
 *   report_sample text|html|json NITEMS OUTFILE AUDITLOG [LANG]
 *
 * LANG picks the report language through report_set_lang (the catalog
 * directory is $MAILHARDEN_LOCALEDIR when set); zh* also puts Chinese
 * text into the sample data.  Exit 0 written, 2 bad use, 3 failure.
 */
#include "mh.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "report_fixture.h"

int
main(int argc, char **argv)
{
	struct rfix		 x;
	struct buf		 out;
	enum report_format	 fmt;
	const char		*lang = argc > 5 ? argv[5] : NULL, *dir;
	char			*cause = NULL, *end;
	FILE			*f;
	long			 n;

	if (argc < 5 || report_format_parse(argv[1], &fmt) == -1) {
		fprintf(stderr, "usage: report_sample text|html|json NITEMS "
		    "OUTFILE AUDITLOG [LANG]\n");
		return 2;
	}
	n = strtol(argv[2], &end, 10);
	if (*end != '\0' || n < 1 || n > 1000) {
		fprintf(stderr, "report_sample: bad NITEMS %s\n", argv[2]);
		return 2;
	}
	setlocale(LC_ALL, "");
#if ENABLE_NLS
	dir = getenv("MAILHARDEN_LOCALEDIR");
	bindtextdomain(PACKAGE, dir != NULL && *dir != '\0' ? dir :
	    LOCALEDIR);
	textdomain(PACKAGE);
#else
	(void)dir;
#endif
	if (lang != NULL && report_set_lang(lang, &cause) == -1) {
		fprintf(stderr, "report_sample: --lang %s: %s\n", lang, cause);
		free(cause);
		return 2;
	}
	rfix_build(&x, (size_t)n, 1, lang != NULL &&
	    strncmp(lang, "zh", 2) == 0, argv[4]);
	buf_init(&out, 0);
	if (report_render(&x.r, fmt, &out, &cause) == -1) {
		fprintf(stderr, "report_sample: %s\n", cause);
		free(cause);
		return 3;
	}
	if ((f = fopen(argv[3], "w")) == NULL ||
	    fwrite(buf_str(&out), 1, out.len, f) != out.len ||
	    fclose(f) != 0) {
		perror(argv[3]);
		return 3;
	}
	buf_clear(&out);
	rfix_free(&x);
	return 0;
}
