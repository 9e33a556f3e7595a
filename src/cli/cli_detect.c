/*
 * cli_detect.c - "mailharden detect": the System step without a
 * terminal.  Text (grouped, 80 columns) or JSON; -v adds evidence.
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "buf.h"
#include "cli/cli.h"
#include "detect.h"
#include "fact.h"
#include "factdef.h"

#define DETECT_LABEL_W	24
#define DETECT_LINE_W	80

static void
cli_detect_help(void)
{
	printf(_("Usage: mailharden detect [--json] [-v] [--root DIR]\n"
	    "Show what this system is: OS and family, package manager, init, "
	    "cloud provider\nand its port-25 policy, host name, addresses "
	    "(public or private, NAT hint),\nmail server and listening mail "
	    "ports, SSH ports, firewalls and which one\nactually filters.\n\n"
	    "Every value is a fact: known, UNKNOWN or ERROR, with the evidence "
	    "that\nproduced it (-v shows it).  Nothing is changed.\n\n"
	    "  --json         one JSON document (schema mailharden.detect/1)\n"
	    "  -v, --verbose  show evidence under each fact\n"
	    "  --root DIR     read files from DIR; live state (firewall "
	    "rules, sshd -T)\n"
	    "                 is then UNKNOWN\n"));
}

/* Display width of the next character at p (0 at the end), and its length. */
static int
cli_detect_char(const char *p, size_t *len)
{
	mbstate_t	st;
	wchar_t		wc;
	size_t		n;
	int		w;

	memset(&st, 0, sizeof st);
	n = mbrtowc(&wc, p, MB_CUR_MAX, &st);
	if (n == 0 || n == (size_t)-1 || n == (size_t)-2) {
		*len = 1;
		return 1;
	}
	*len = n;
	w = wcwidth(wc);
	return w < 0 ? 1 : w;
}

/*
 * Print text wrapped at the line width, continuation lines indented.
 * Breaks at spaces, or between characters (never inside one) when a
 * word is longer than a line, as CJK text always is.
 */
static void
cli_detect_wrapped(struct buf *out, const char *text, size_t indent)
{
	const char	*p = text, *sp, *q;
	size_t		 col, len, avail = DETECT_LINE_W - indent;
	int		 w;

	while (*p != '\0') {
		col = 0;
		sp = NULL;
		q = p;
		while (*q != '\0') {
			w = cli_detect_char(q, &len);
			if (col + (size_t)w > avail)
				break;
			if (*q == ' ')
				sp = q;
			col += (size_t)w;
			q += len;
			if (w == 2)	/* CJK: a line may break after any */
				sp = q;
		}
		if (*q == '\0') {
			buf_adds(out, p);
			break;
		}
		if (sp != NULL && sp > p && *q != ' ')
			q = sp;
		if (q == p) {	/* one character wider than the line */
			cli_detect_char(q, &len);
			q += len;
		}
		buf_add(out, p, (size_t)(q - p));
		buf_printf(out, "\n%*s", (int)indent, "");
		p = *q == ' ' ? q + 1 : q;
	}
	buf_addc(out, '\n');
}

static void
cli_detect_fact(struct buf *out, const struct fact *f, int verbose)
{
	char	*value, *line;
	size_t	 i;

	value = fact_value_text(f);
	if (f->state != FACT_KNOWN && f->reason != NULL) {
		xasprintf(&line, "%s (%s)", value, f->reason);
		free(value);
		value = line;
	}
	buf_adds(out, "  ");
	buf_add_padded(out, factdef_label(f->name), DETECT_LABEL_W - 2);
	buf_addc(out, ' ');
	if (mh_width(factdef_label(f->name)) > DETECT_LABEL_W - 2)
		buf_printf(out, "\n%*s", DETECT_LABEL_W + 1, "");
	cli_detect_wrapped(out, value, DETECT_LABEL_W + 1);
	free(value);
	if (!verbose)
		return;
	buf_printf(out, "%*s[%s]\n", DETECT_LABEL_W + 1, "", f->name);
	for (i = 0; i < f->nev; i++) {
		xasprintf(&line, "<- %s: %s", f->ev[i].source, f->ev[i].text);
		buf_printf(out, "%*s", DETECT_LABEL_W + 1, "");
		cli_detect_wrapped(out, line, DETECT_LABEL_W + 4);
		free(line);
	}
}

static void
cli_detect_text(const struct facts *fs, const struct mh_opts *opts,
    struct buf *out)
{
	const char *const	*groups = factdef_groups();
	const char		*g;
	size_t			 gi, i, shown;

	for (gi = 0; groups[gi] != NULL; gi++) {
		shown = 0;
		for (i = 0; i < fs->n; i++) {
			g = factdef_group(fs->v[i].name);
			if (g == NULL || strcmp(g, groups[gi]) != 0)
				continue;
			if (shown++ == 0)
				buf_printf(out, "%s%s\n", gi ? "\n" : "",
				    _(groups[gi]));
			cli_detect_fact(out, &fs->v[i], opts->verbose);
		}
	}
	shown = 0;
	for (i = 0; i < fs->n; i++) {
		if (factdef_group(fs->v[i].name) != NULL)
			continue;
		if (shown++ == 0)
			buf_printf(out, "\n%s\n", _("Other"));
		cli_detect_fact(out, &fs->v[i], opts->verbose);
	}
}

static void
cli_detect_json(const struct facts *fs, const struct mh_opts *opts,
    struct buf *out)
{
	char		 when[32];
	time_t		 now = time(NULL);
	struct tm	 tm;

	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_printf(out, "{\"schema\":\"mailharden.detect/1\",\"tool\":\"%s\","
	    "\"version\":\"%s\",\"time\":\"%s\",\"root\":", PACKAGE_NAME,
	    PACKAGE_VERSION, when);
	if (opts->root != NULL)
		buf_json_str(out, opts->root);
	else
		buf_adds(out, "null");
	buf_printf(out, ",\"euid_root\":%s,\"facts\":",
	    opts->is_root ? "true" : "false");
	facts_json(fs, out);
	buf_adds(out, "}\n");
}

int
cli_detect_run(int argc, char **argv, struct mh_opts *opts)
{
	static const struct option	 longopts[] = {
		{ NULL, 0, NULL, 0 }
	};
	struct detect_ctx		 ctx;
	struct facts			*fs;
	struct buf			 out;
	int				 c, rc = MH_EXIT_OK;

	while ((c = cli_getopt(argc, argv, longopts, "detect", opts)) != -1) {
		if (c == 'h') {
			cli_detect_help();
			return MH_EXIT_OK;
		}
	}
	if (optind < argc)
		cli_usage_error("detect", _("unexpected argument '%s'"),
		    argv[optind]);
	cli_banner(opts);

	detect_ctx_init(&ctx, opts->root);
	fs = facts_create();
	detect_all(&ctx, fs);
	buf_init(&out, 0);
	if (opts->json)
		cli_detect_json(fs, opts, &out);
	else
		cli_detect_text(fs, opts, &out);
	if (fwrite(buf_str(&out), 1, out.len, stdout) != out.len ||
	    fflush(stdout) != 0) {
		perror("mailharden: detect: stdout");
		rc = MH_EXIT_RUNTIME;
	}
	buf_clear(&out);
	facts_free(fs);
	return rc;
}
