/*
 * cli_check.c - "mailharden check": the Checklist step on the command
 * line.  Gathers every fact the checklists read (detection, the local
 * extras, and unless --offline the Connectivity probes and the DNS
 * records), evaluates the checklists with the waivers and attestations,
 * and prints a table per checklist, then the scores.  The option
 * parsing and the run are shared with "mailharden report".
 */
#include "mh.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "buf.h"
#include "check.h"
#include "checklist.h"
#include "cli/cli.h"
#include "connectivity.h"
#include "fact.h"
#include "gather.h"
#include "settings.h"
#include "waiver.h"

#define CLI_CHECK_MAX_LISTS	32
#define CLI_CHECK_ID_W		10
#define CLI_CHECK_SEV_W		10
#define CLI_CHECK_VERDICT_W	9

enum {
	CLI_CHECK_OPT_VERDICT = 0x3580
};

struct cli_check {
	const char		*lists[CLI_CHECK_MAX_LISTS];
	size_t			 nlists;
	const char		*waivers;	/* NULL: the default path */
	const char		*attests;
	int			 offline;
	struct settings_args	 sargs;
	struct conn_opts	 co;
	const char		*targets[CONN_MAX_OUTBOUND];
	const char		*dkim_key;

	struct settings		 s;
	struct facts		*fs;
	struct checklists	 cls;
	struct waivers		 w;
	struct attests		 at;
	struct check_run	 run;
	int			 have_run;
	time_t			 start;
	time_t			 end;
};

static void
cli_check_help(void)
{
	printf(_("Usage: mailharden check [--checklist NAME|FILE]... "
	    "[--waivers FILE]\n"
	    "         [--attestations FILE] [--offline] [--verdict V,...] "
	    "[--json] [-v]\n"
	    "         [target options as for 'mailharden test']\n"
	    "Gather what this server is and does (detection, Postfix "
	    "settings, log\nretention, the firewall, and unless --offline "
	    "the Connectivity probes and\nthe published DNS records), then "
	    "evaluate the checklists over it.  Each item\ngets a verdict:\n"
	    "  PASS / FAIL     the facts meet / miss the expectation\n"
	    "  WARN            an advisory item missed\n"
	    "  UNKNOWN         a fact it needs is unknown (the reason is "
	    "shown with -v)\n"
	    "  WAIVED          a waiver in force accepts the finding\n"
	    "  MANUAL          a person answers it ('checklist attest')\n"
	    "  N/A             it does not apply here\n"
	    "Then the score per checklist and per severity: passed of "
	    "counted (WAIVED,\nN/A and unanswered MANUAL items are not "
	    "counted).  Nothing is changed.\n\n"
	    "  --checklist NAME|FILE  a bundled checklist or a file "
	    "(repeatable;\n"
	    "                         default: every bundled one, see "
	    "'checklist list')\n"
	    "  --waivers FILE         waivers (default %s;\n"
	    "                         a missing default file means none)\n"
	    "  --attestations FILE    answers to manual items (default\n"
	    "                         %s)\n"
	    "  --offline              local facts only: no probes, no DNS; "
	    "items over\n"
	    "                         network facts are UNKNOWN\n"
	    "  --verdict V,...        show only these verdicts (e.g. "
	    "FAIL,UNKNOWN)\n"
	    "  --domain D, --hostname H, --ipv4 A, --ipv6 A, --selector S, "
	    "--host H,\n"
	    "  --port-map 25=2525,.., --outbound-target H[:P], --dnsbl-conf "
	    "FILE,\n"
	    "  --postfix-config DIR, --deadline S, --timeout-ms N, "
	    "--max-parallel N\n"
	    "                         the probe targets, as for 'mailharden "
	    "test'\n"
	    "  --dkim-key FILE        the local DKIM key to compare with DNS\n"
	    "  --json                 verdicts and scores as JSON\n"
	    "  -v                     why, the facts with their evidence, "
	    "and the fix\n\n"
	    "Examples:\n"
	    "  mailharden check --checklist baseline --verdict FAIL,UNKNOWN "
	    "-v\n"
	    "  mailharden check --offline --checklist cn-compliance\n\n"
	    "Exit status: 0 no FAIL, 1 a FAIL (or UNKNOWN on a critical "
	    "item), 2 bad\ninput (a checklist or waivers file that does not "
	    "load), 3 the run failed.\n"),
	    WAIVER_DEFAULT_PATH, ATTEST_DEFAULT_PATH);
}

struct cli_check *
cli_check_create(void)
{
	struct cli_check	*cc;

	cc = xcalloc(1, sizeof *cc);
	settings_init(&cc->s);
	return cc;
}

void
cli_check_free(struct cli_check *cc)
{
	if (cc == NULL)
		return;
	if (cc->have_run)
		check_run_clear(&cc->run);
	checklists_free(&cc->cls);
	waivers_clear(&cc->w);
	attests_clear(&cc->at);
	facts_free(cc->fs);
	settings_clear(&cc->s);
	settings_args_clear(&cc->sargs);
	free(cc);
}

static long
cli_check_number(const char *cmd, const char *s, long min, long max,
    const char *what)
{
	char	*end;
	long	 v;

	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < min || v > max)
		cli_usage_error(cmd, _("bad %s '%s' (%ld to %ld)"), what, s,
		    min, max);
	return v;
}

/* "host[:port]" or "[v6]:port", enough to refuse garbage. */
static void
cli_check_target(const char *cmd, const char *t)
{
	const char	*c;

	if (*t == '\0' || strlen(t) > 255 || strspn(t,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789.-:[]_") != strlen(t))
		goto bad;
	if (*t == '[') {
		if ((c = strchr(t, ']')) == NULL || (c[1] != '\0' &&
		    c[1] != ':'))
			goto bad;
		if (c[1] == ':')
			cli_check_number(cmd, c + 2, 1, 65535, _("port"));
		return;
	}
	if ((c = strchr(t, ':')) != NULL) {
		if (strchr(c + 1, ':') != NULL)
			goto bad;
		cli_check_number(cmd, c + 1, 1, 65535, _("port"));
	}
	return;
bad:
	cli_usage_error(cmd, _("bad --outbound-target '%s' (want "
	    "HOST[:PORT])"), t);
}

int
cli_check_option(struct cli_check *cc, int c, const char *arg,
    const char *cmd)
{
	char	*cause = NULL;

	switch (c) {
	case CLI_CHECK_OPT_CHECKLIST:
		if (cc->nlists >= CLI_CHECK_MAX_LISTS)
			cli_usage_error(cmd, _("at most %d --checklist"),
			    CLI_CHECK_MAX_LISTS);
		cc->lists[cc->nlists++] = arg;
		return 1;
	case CLI_CHECK_OPT_WAIVERS:
		cc->waivers = arg;
		return 1;
	case CLI_CHECK_OPT_ATTESTS:
		cc->attests = arg;
		return 1;
	case CLI_CHECK_OPT_OFFLINE:
		cc->offline = 1;
		return 1;
	case CLI_CHECK_OPT_HOST:
		if (*arg == '\0' || strlen(arg) > 253 || strspn(arg,
		    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789.-:") != strlen(arg))
			cli_usage_error(cmd, _("bad --host '%s'"), arg);
		cc->co.host = arg;
		return 1;
	case CLI_CHECK_OPT_PORTMAP:
		if (connectivity_portmap(arg, &cc->co, &cause) == -1)
			cli_usage_error(cmd, "--port-map %s", cause);
		return 1;
	case CLI_CHECK_OPT_OUTBOUND:
		if (cc->co.noutbound >= CONN_MAX_OUTBOUND)
			cli_usage_error(cmd, _("at most %d --outbound-target"),
			    CONN_MAX_OUTBOUND);
		cli_check_target(cmd, arg);
		cc->targets[cc->co.noutbound++] = arg;
		cc->co.outbound = cc->targets;
		return 1;
	case CLI_CHECK_OPT_DNSBL:
		cc->co.dnsbl_conf = arg;
		return 1;
	case CLI_CHECK_OPT_POSTFIX:
		cc->co.postfix_dir = arg;
		return 1;
	case CLI_CHECK_OPT_DEADLINE:
		cc->co.deadline_ms = 1000 * (int)cli_check_number(cmd, arg, 1,
		    3600, "--deadline");
		return 1;
	case CLI_CHECK_OPT_TIMEOUT:
		cc->co.smtp_timeout_ms = (int)cli_check_number(cmd, arg, 1,
		    600000, "--timeout-ms");
		return 1;
	case CLI_CHECK_OPT_MAXPAR:
		cc->co.max_parallel = (int)cli_check_number(cmd, arg, 0,
		    10000, "--max-parallel");
		return 1;
	case CLI_CHECK_OPT_DKIM_KEY:
		cc->dkim_key = arg;
		return 1;
	}
	return settings_arg(&cc->sargs, c, arg);
}

int
cli_check_evaluate(struct cli_check *cc, struct mh_opts *opts,
    const char *cmd)
{
	struct gather_opts	 go;
	const char		*path;
	char			*cause = NULL;
	time_t			 now;

	if (checklists_load(cc->nlists > 0 ? cc->lists : NULL, cc->nlists,
	    &cc->cls, &cause) == -1) {
		fprintf(stderr, "mailharden: %s: %s\n", cmd, cause);
		free(cause);
		return MH_EXIT_USAGE;
	}
	now = time(NULL);
	path = cc->waivers != NULL ? cc->waivers : WAIVER_DEFAULT_PATH;
	if (waivers_load(path, cc->waivers == NULL, now, &cc->w, &cause) ==
	    -1) {
		fprintf(stderr, "mailharden: %s: %s\n", cmd, cause);
		free(cause);
		return MH_EXIT_USAGE;
	}
	path = cc->attests != NULL ? cc->attests : ATTEST_DEFAULT_PATH;
	if (attests_load(path, cc->attests == NULL, &cc->at, &cause) == -1) {
		fprintf(stderr, "mailharden: %s: %s\n", cmd, cause);
		free(cause);
		return MH_EXIT_USAGE;
	}
	cc->fs = facts_create();
	settings_detect(opts->root, cc->fs);
	if (settings_resolve(&cc->s, opts->config, cc->fs, &cc->sargs,
	    &cause) == -1) {
		fprintf(stderr, "mailharden: %s: %s\n", cmd, cause);
		free(cause);
		return MH_EXIT_USAGE;
	}
	memset(&go, 0, sizeof go);
	go.root = opts->root;
	go.offline = cc->offline;
	go.postfix_dir = cc->co.postfix_dir;
	go.conn = cc->co;
	go.conn.root = opts->root;
	go.conn.domain = settings_domain(&cc->s);
	go.conn.hostname = cc->s.v[SETTINGS_HOSTNAME];
	go.conn.ipv4 = cc->s.v[SETTINGS_IPV4];
	go.conn.ipv6 = cc->s.v[SETTINGS_IPV6];
	go.conn.selector = cc->s.v[SETTINGS_SELECTOR];
	go.conn.dns_server = opts->dns_server;
	go.rv.domain = settings_domain(&cc->s);
	go.rv.hostname = cc->s.v[SETTINGS_HOSTNAME];
	go.rv.ipv4 = cc->s.v[SETTINGS_IPV4];
	go.rv.ipv6 = cc->s.v[SETTINGS_IPV6];
	go.rv.selector = cc->s.v[SETTINGS_SELECTOR];
	go.rv.dkim_key = cc->dkim_key;
	go.rv.dns_server = opts->dns_server;
	cc->start = time(NULL);
	if (gather_run(&go, cc->fs, &cause) == -1) {
		fprintf(stderr, "mailharden: %s: %s\n", cmd, cause);
		free(cause);
		return MH_EXIT_RUNTIME;
	}
	check_run(&cc->run, &cc->cls, cc->fs, &cc->w, &cc->at, now);
	cc->have_run = 1;
	cc->end = time(NULL);
	return MH_EXIT_OK;
}

const struct check_run *
cli_check_result(const struct cli_check *cc, const struct facts **fs,
    time_t *start, time_t *end)
{
	if (fs != NULL)
		*fs = cc->fs;
	if (start != NULL)
		*start = cc->start;
	if (end != NULL)
		*end = cc->end;
	return cc->have_run ? &cc->run : NULL;
}

/* "FAIL,unknown,N/A" -> a bit per verdict; exits 2 on a bad name. */
static unsigned int
cli_check_verdicts(const char *arg)
{
	char		*copy, *p, *tok;
	unsigned int	 mask = 0;
	int		 v;

	copy = p = xstrdup(arg);
	while ((tok = strsep(&p, ",")) != NULL) {
		if (*tok == '\0')
			continue;
		for (v = 0; v < CHECK_NVERDICTS; v++)
			if (strcasecmp(tok, check_verdict_name(
			    (enum check_verdict)v)) == 0)
				break;
		if (v == CHECK_NVERDICTS && strcasecmp(tok, "NA") == 0)
			v = CHECK_NA;
		if (v == CHECK_NVERDICTS)
			cli_usage_error("check", _("--verdict '%s': one of "
			    "PASS, FAIL, WARN, UNKNOWN, WAIVED, MANUAL, N/A"),
			    tok);
		mask |= 1U << v;
	}
	free(copy);
	if (mask == 0)
		cli_usage_error("check", _("--verdict: give verdicts, e.g. "
		    "FAIL,UNKNOWN"));
	return mask;
}

static void
cli_check_score_text(struct buf *b, const char *label,
    const struct check_score *sc)
{
	static const enum check_verdict	 shown[] = { CHECK_FAIL, CHECK_WARN,
	    CHECK_UNKNOWN, CHECK_WAIVED, CHECK_MANUAL, CHECK_NA };
	struct buf			 line, counts;
	size_t				 i;
	int				 pct = check_score_percent(sc);

	buf_init(&line, 0);
	buf_init(&counts, 0);
	cli_checklist_cell(&line, label, 12);
	if (pct < 0)
		buf_adds(&line, _("nothing counted"));
	else
		buf_printf(&line, _("%zu of %zu passed (%d%%)"), sc->passed,
		    sc->counted, pct);
	for (i = 0; i < nitems(shown); i++) {
		if (sc->count[shown[i]] == 0)
			continue;
		buf_printf(&counts, "%s%zu %s", counts.len > 0 ? ", " : "",
		    sc->count[shown[i]], check_verdict_name(shown[i]));
	}
	buf_adds(b, buf_str(&line));
	if (counts.len > 0) {
		/* The counts go on their own line when they do not fit. */
		if (mh_width(buf_str(&line)) + 2 + mh_width(buf_str(&counts)) >
		    79)
			buf_printf(b, "\n%14s", "");
		else
			buf_adds(b, "; ");
		buf_adds(b, buf_str(&counts));
	}
	buf_addc(b, '\n');
	buf_clear(&line);
	buf_clear(&counts);
}

static void
cli_check_fact_text(struct buf *b, const struct facts *fs, const char *name)
{
	const struct fact	*f;
	char			*v;
	size_t			 k;

	if ((f = facts_get(fs, name)) == NULL) {
		buf_printf(b, _("      %s: absent\n"), name);
		return;
	}
	v = fact_value_text(f);
	buf_printf(b, "      %s = %s", f->name, v);
	free(v);
	if (f->state != FACT_KNOWN)
		buf_printf(b, " [%s%s%s]", fact_state_name(f->state),
		    f->reason != NULL ? ": " : "",
		    f->reason != NULL ? f->reason : "");
	buf_addc(b, '\n');
	for (k = 0; k < f->nev; k++)
		buf_printf(b, "        %s: %s\n", f->ev[k].source,
		    f->ev[k].text);
}

static void
cli_check_item_text(struct buf *b, const struct check_result *r,
    const struct facts *fs, size_t idw, int verbose)
{
	const struct check_item	*it = r->item;
	size_t			 i;

	cli_checklist_cell(b, it->id, idw - 1);
	buf_addc(b, ' ');
	cli_checklist_cell(b, _(checklist_severity_name(it->severity)),
	    CLI_CHECK_SEV_W - 1);
	buf_addc(b, ' ');
	cli_checklist_cell(b, check_verdict_name(r->verdict),
	    CLI_CHECK_VERDICT_W - 1);
	buf_addc(b, ' ');
	cli_checklist_cell(b, _(it->title), 79 - idw - CLI_CHECK_SEV_W -
	    CLI_CHECK_VERDICT_W);
	while (b->len > 0 && b->data[b->len - 1] == ' ')
		b->data[--b->len] = '\0';
	buf_addc(b, '\n');
	if (r->waiver != NULL && r->waiver_expired)
		buf_printf(b, _("    waiver EXPIRED on %s (owner %s): %s\n"),
		    r->waiver->expires, r->waiver->owner, r->waiver->reason);
	if (!verbose)
		return;
	if (r->waiver != NULL && !r->waiver_expired)
		buf_printf(b, _("    waived until %s by %s: %s (the verdict "
		    "would be %s)\n"), r->waiver->expires, r->waiver->owner,
		    r->waiver->reason, check_verdict_name(r->raw));
	if (r->attest != NULL)
		buf_printf(b, _("    answered %s by %s on %s: %s\n"),
		    r->attest->yes ? _("yes") : _("no"), r->attest->by,
		    r->attest->date, r->attest->note);
	else if (it->manual)
		buf_printf(b, _("    awaiting an answer: mailharden checklist "
		    "attest %s --answer yes|no --note TEXT\n"), it->id);
	if (r->why != NULL)
		buf_printf(b, _("    why: %s\n"), r->why);
	if (r->nfacts > 0)
		buf_printf(b, _("    facts:\n"));
	for (i = 0; i < r->nfacts; i++)
		cli_check_fact_text(b, fs, r->facts[i]);
	if (r->verdict != CHECK_PASS && r->verdict != CHECK_NA) {
		buf_printf(b, _("    fix: %s\n"), _(it->fix_text));
		for (i = 0; i < CHECK_NFIX; i++)
			if (it->fix_cmd[i] != NULL)
				buf_printf(b, "      %s: %s\n",
				    checklist_fix_name((enum check_fix)i),
				    it->fix_cmd[i]);
	}
	for (i = 0; i < it->nrefs; i++)
		buf_printf(b, _("    reference: %s\n"), it->refs[i]);
}

static void
cli_check_text(const struct cli_check *cc, unsigned int mask, int verbose,
    struct buf *b)
{
	const struct check_run		*run = &cc->run;
	const struct checklist		*cl;
	const struct check_result	*r;
	size_t				 l, i, shown, idw = CLI_CHECK_ID_W;
	char				*label;

	for (i = 0; i < run->nresults; i++)	/* ids are never cut */
		if (mh_width(run->results[i].item->id) + 1 > idw)
			idw = mh_width(run->results[i].item->id) + 1;
	if (idw > 30)
		idw = 30;
	for (l = 0; l < cc->cls.n; l++) {
		cl = &cc->cls.v[l];
		buf_printf(b, "%s %s: %s\n", cl->name, cl->version,
		    _(cl->title));
		cli_checklist_cell(b, _("ID"), idw);
		cli_checklist_cell(b, _("SEVERITY"), CLI_CHECK_SEV_W);
		cli_checklist_cell(b, _("VERDICT"), CLI_CHECK_VERDICT_W);
		buf_printf(b, "%s\n", _("TITLE"));
		shown = 0;
		for (i = 0; i < run->nresults; i++) {
			r = &run->results[i];
			if (r->list != cl || (mask & (1U << r->verdict)) == 0)
				continue;
			cli_check_item_text(b, r, cc->fs, idw, verbose);
			shown++;
		}
		if (shown == 0)
			buf_printf(b, _("(no item with these verdicts)\n"));
		cli_check_score_text(b, _("Score:"), &run->per_list[l]);
		buf_addc(b, '\n');
	}
	buf_printf(b, _("Scores by severity:\n"));
	for (i = CHECK_NSEV; i-- > 0;) {
		if (run->per_sev[i].counted == 0 &&
		    run->per_sev[i].count[CHECK_WAIVED] == 0 &&
		    run->per_sev[i].count[CHECK_MANUAL] == 0 &&
		    run->per_sev[i].count[CHECK_NA] == 0)
			continue;
		xasprintf(&label, "  %s", _(checklist_severity_name(
		    (enum check_severity)i)));
		cli_check_score_text(b, label, &run->per_sev[i]);
		free(label);
	}
	cli_check_score_text(b, _("Total:"), &run->total);
	for (i = 0; i < run->nunused; i++)
		buf_printf(b, _("Note: the waiver for %s matches no item of "
		    "these checklists.\n"), run->unused_waivers[i]);
}

static void
cli_check_score_json(struct buf *b, const struct check_score *sc)
{
	int	v;

	buf_printf(b, "{\"passed\":%zu,\"counted\":%zu,\"percent\":",
	    sc->passed, sc->counted);
	if (check_score_percent(sc) < 0)
		buf_adds(b, "null");
	else
		buf_printf(b, "%d", check_score_percent(sc));
	buf_adds(b, ",\"count\":{");
	for (v = 0; v < CHECK_NVERDICTS; v++) {
		if (v > 0)
			buf_addc(b, ',');
		buf_json_str(b, check_verdict_name((enum check_verdict)v));
		buf_printf(b, ":%zu", sc->count[v]);
	}
	buf_adds(b, "}}");
}

static void
cli_check_result_json(struct buf *b, const struct check_result *r)
{
	const struct check_item	*it = r->item;
	size_t			 i;

	buf_adds(b, "{\"id\":");
	buf_json_str(b, it->id);
	buf_adds(b, ",\"checklist\":");
	buf_json_str(b, r->list->name);
	buf_adds(b, ",\"severity\":");
	buf_json_str(b, checklist_severity_name(it->severity));
	buf_adds(b, ",\"title\":");
	buf_json_str(b, _(it->title));
	buf_adds(b, ",\"verdict\":");
	buf_json_str(b, check_verdict_name(r->verdict));
	buf_adds(b, ",\"raw\":");
	buf_json_str(b, check_verdict_name(r->raw));
	buf_printf(b, ",\"manual\":%s,\"why\":", it->manual ? "true" :
	    "false");
	if (r->why != NULL)
		buf_json_str(b, r->why);
	else
		buf_adds(b, "null");
	buf_adds(b, ",\"facts\":[");
	for (i = 0; i < r->nfacts; i++) {
		if (i > 0)
			buf_addc(b, ',');
		buf_json_str(b, r->facts[i]);
	}
	buf_adds(b, "],\"waiver\":");
	if (r->waiver == NULL)
		buf_adds(b, "null");
	else {
		buf_adds(b, "{\"reason\":");
		buf_json_str(b, r->waiver->reason);
		buf_adds(b, ",\"owner\":");
		buf_json_str(b, r->waiver->owner);
		buf_adds(b, ",\"expires\":");
		buf_json_str(b, r->waiver->expires);
		buf_printf(b, ",\"expired\":%s}", r->waiver_expired ? "true" :
		    "false");
	}
	buf_adds(b, ",\"attestation\":");
	if (r->attest == NULL)
		buf_adds(b, "null");
	else {
		buf_printf(b, "{\"answer\":\"%s\",\"note\":",
		    r->attest->yes ? "yes" : "no");
		buf_json_str(b, r->attest->note);
		buf_adds(b, ",\"by\":");
		buf_json_str(b, r->attest->by);
		buf_adds(b, ",\"date\":");
		buf_json_str(b, r->attest->date);
		buf_adds(b, "}");
	}
	buf_adds(b, "}");
}

static void
cli_check_json(const struct cli_check *cc, unsigned int mask, int verbose,
    int rc, struct buf *b)
{
	const struct check_run		*run = &cc->run;
	const struct checklist		*cl;
	size_t				 i, k = 0;

	buf_printf(b, "{\"schema\":\"mailharden.check/1\",\"tool\":\"%s\","
	    "\"version\":\"%s\",\"exit\":%d,\"offline\":%s,\"now\":%lld,"
	    "\"checklists\":[", PACKAGE_NAME, PACKAGE_VERSION, rc,
	    cc->offline ? "true" : "false", (long long)run->now);
	for (i = 0; i < cc->cls.n; i++) {
		cl = &cc->cls.v[i];
		buf_adds(b, i > 0 ? ",{\"name\":" : "{\"name\":");
		buf_json_str(b, cl->name);
		buf_adds(b, ",\"title\":");
		buf_json_str(b, _(cl->title));
		buf_adds(b, ",\"version\":");
		buf_json_str(b, cl->version);
		buf_adds(b, ",\"score\":");
		cli_check_score_json(b, &run->per_list[i]);
		buf_adds(b, "}");
	}
	buf_adds(b, "],\"severity\":{");
	for (i = 0; i < CHECK_NSEV; i++) {
		if (i > 0)
			buf_addc(b, ',');
		buf_json_str(b, checklist_severity_name(
		    (enum check_severity)i));
		buf_addc(b, ':');
		cli_check_score_json(b, &run->per_sev[i]);
	}
	buf_adds(b, "},\"total\":");
	cli_check_score_json(b, &run->total);
	buf_adds(b, ",\"results\":[");
	for (i = 0; i < run->nresults; i++) {
		if ((mask & (1U << run->results[i].verdict)) == 0)
			continue;
		if (k++ > 0)
			buf_addc(b, ',');
		cli_check_result_json(b, &run->results[i]);
	}
	buf_adds(b, "],\"unused_waivers\":[");
	for (i = 0; i < run->nunused; i++) {
		if (i > 0)
			buf_addc(b, ',');
		buf_json_str(b, run->unused_waivers[i]);
	}
	buf_adds(b, "]");
	if (verbose) {
		buf_adds(b, ",\"facts\":");
		facts_json(cc->fs, b);
	}
	buf_adds(b, "}\n");
}

int
cli_check_run(int argc, char **argv, struct mh_opts *opts)
{
	static const struct option	 longopts[] = {
		SETTINGS_LONGOPTS_HOST,
		CLI_CHECK_LONGOPTS,
		{ "verdict", required_argument, NULL, CLI_CHECK_OPT_VERDICT },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_check	*cc;
	struct buf		 out;
	unsigned int		 mask = ~0U;
	int			 c, rc;

	cc = cli_check_create();
	while ((c = cli_getopt(argc, argv, longopts, "check", opts)) != -1) {
		if (c == 'h') {
			cli_check_help();
			cli_check_free(cc);
			return MH_EXIT_OK;
		}
		if (c == CLI_CHECK_OPT_VERDICT)
			mask = cli_check_verdicts(optarg);
		else
			cli_check_option(cc, c, optarg, "check");
	}
	if (optind < argc)
		cli_usage_error("check", _("unexpected argument '%s'"),
		    argv[optind]);
	if ((rc = cli_check_evaluate(cc, opts, "check")) != MH_EXIT_OK) {
		cli_check_free(cc);
		return rc;
	}
	rc = check_exit_status(&cc->run);
	buf_init(&out, 0);
	if (opts->json)
		cli_check_json(cc, mask, opts->verbose, rc, &out);
	else
		cli_check_text(cc, mask, opts->verbose, &out);
	if (fwrite(buf_str(&out), 1, out.len, stdout) != out.len ||
	    fflush(stdout) != 0) {
		perror("mailharden: check: stdout");
		rc = MH_EXIT_RUNTIME;
	}
	buf_clear(&out);
	cli_check_free(cc);
	return rc;
}
