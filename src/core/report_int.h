/*
 * report_int.h - what the three report writers (report_text.c,
 * report_html.c, report_json.c) share with report.c: names, labels,
 * times and the header values taken from the facts.
 */
#ifndef MH_REPORT_INT_H
#define MH_REPORT_INT_H

#include <stddef.h>
#include <time.h>

#include "check.h"
#include "report.h"

struct buf;
struct json;
struct check_score;

#define REPORT_TIME_LEN	32

/* "PASS", "N/A", ...: never translated (auditors grep them). */
const char	*report_verdict_name(enum check_verdict);
/* What a verdict means, translated (the legend). */
const char	*report_verdict_legend(enum check_verdict);
/* "high" (stable key) and its translated label. */
const char	*report_severity_key(enum check_severity);
const char	*report_severity_label(enum check_severity);
const char	*report_fix_key(enum check_fix);
/* A checklist msgid through the catalog (NULL and "" stay as they are). */
const char	*report_tr(const char *);
/* Percent rounded down, -1 when nothing was counted. */
int		 report_percent(const struct check_score *);
/* "2026-11-23 10:00:00 UTC" / "2026-11-23T10:00:00Z"; "-" for 0. */
void		 report_time(time_t, char out[REPORT_TIME_LEN]);
void		 report_time_iso(time_t, char out[REPORT_TIME_LEN]);

/* The language the report is written in, as a BCP 47 tag ("zh-CN",
 * "en"), from the catalog in force. */
void		 report_lang_tag(char *out, size_t outsz);

/* Header values from the facts ("?" / "" when not known). */
const char	*report_host(const struct report *);
char		*report_os(const struct report *);		/* frees */
char		*report_addresses(const struct report *);	/* frees */
char		*report_operator_text(const struct report *);	/* frees */
/* The checklist score of result list l (index into run->lists). */
const struct check_score *report_list_score(const struct report *,
		    size_t);

/* An audit record as one line: the command, file or detail. */
char		*report_audit_what(const struct json *);

int		 report_text_render(const struct report *, struct buf *);
int		 report_html_render(const struct report *, struct buf *);
int		 report_json_render(const struct report *, struct buf *);

#endif
