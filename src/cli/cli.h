/*
 * cli.h - global options and subcommand dispatch.
 */
#ifndef MH_CLI_H
#define MH_CLI_H

#include <getopt.h>
#include <time.h>

struct mh_opts {
	const char	*root;		/* --root DIR */
	const char	*config;	/* --config FILE */
	const char	*audit_log;	/* --audit-log FILE */
	const char	*dns_server;	/* --dns-server IP[:PORT] */
	const char	*datadir;	/* --datadir DIR */
	const char	*backend;	/* --backend NAME (Firewall step) */
	const char	*state_dir;	/* --state-dir DIR (confirm watcher) */
	int		 confirm_timeout; /* --confirm-timeout S, or 0 */
	int		 dry_run;	/* --dry-run, or forced when not root */
	int		 dry_run_forced;
	int		 yes;
	int		 json;
	int		 ascii;
	int		 color;		/* 0 with --no-color or NO_COLOR */
	int		 verbose;
	int		 is_root;
};

/*
 * A subcommand: run() gets argv starting at the command name and the
 * global options already parsed from before it; it parses its own
 * options (and the global ones again, they may come after the command)
 * with cli_getopt.
 */
struct cli_cmd {
	const char	*name;
	const char	*summary;	/* N_() */
	int		(*run)(int, char **, struct mh_opts *);
};

/*
 * getopt_long over the global options plus a command's own.  Returns
 * the command option's val, -1 at the end, and exits 2 with a one-line
 * reason on an unknown option or a bad value.  Global options are
 * applied to opts here.
 */
int	cli_getopt(int, char **, const struct option *, const char *cmd,
	    struct mh_opts *);
void	cli_usage_error(const char *cmd, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3), noreturn));
void	cli_global_help(void);
void	cli_banner(const struct mh_opts *);

int	cli_main(int, char **);

/* cli_detect.c */
int	cli_detect_run(int, char **, struct mh_opts *);
/* cli_ports.c, cli_audit.c, cli_undo.c */
int	cli_ports_run(int, char **, struct mh_opts *);
int	cli_audit_run(int, char **, struct mh_opts *);
int	cli_undo_run(int, char **, struct mh_opts *);
/* cli_smtp.c */
int	cli_smtp_run(int, char **, struct mh_opts *);
/* cli_test.c */
int	cli_test_run(int, char **, struct mh_opts *);
/* cli_domain.c */
int	cli_domain_run(int, char **, struct mh_opts *);
/* cli_dkim.c */
int	cli_dkim_run(int, char **, struct mh_opts *);
/* cli_records.c; cli_records_verify.c gets the same argv */
int	cli_records_run(int, char **, struct mh_opts *);
int	cli_records_verify(int, char **, struct mh_opts *);

/*
 * cli_checklist.c: "checklist list|show|lint|waive|attest".
 * cli_checklist_write writes one file through the plan engine (audited,
 * undoable; creating its directory when missing), appending to au or,
 * when au is NULL, to the audit log of opts; prints where it went and
 * how to undo it.  Returns an MH_EXIT_* status.
 */
struct audit;
int	cli_checklist_run(int, char **, struct mh_opts *);
int	cli_checklist_write(struct mh_opts *, struct audit *, const char *cmd,
	    const char *step, const char *title, const char *path,
	    const char *content, int mode);
/* Append s cut to at most w display columns, padded to w (CJK-aware). */
struct buf;
void	cli_checklist_cell(struct buf *, const char *, size_t w);

/*
 * cli_check.c: "mailharden check", and the options and the run it
 * shares with "mailharden report": which checklists, waivers and
 * attestations, and the targets of the probes (as for "test").
 */
enum {
	CLI_CHECK_OPT_CHECKLIST = 0x3500,
	CLI_CHECK_OPT_WAIVERS,
	CLI_CHECK_OPT_ATTESTS,
	CLI_CHECK_OPT_OFFLINE,
	CLI_CHECK_OPT_HOST,
	CLI_CHECK_OPT_PORTMAP,
	CLI_CHECK_OPT_OUTBOUND,
	CLI_CHECK_OPT_DNSBL,
	CLI_CHECK_OPT_POSTFIX,
	CLI_CHECK_OPT_DEADLINE,
	CLI_CHECK_OPT_TIMEOUT,
	CLI_CHECK_OPT_MAXPAR,
	CLI_CHECK_OPT_DKIM_KEY
};
/* Rows for longopts[], next to SETTINGS_LONGOPTS_HOST (settings.h). */
#define CLI_CHECK_LONGOPTS						\
	{ "checklist", required_argument, NULL, CLI_CHECK_OPT_CHECKLIST }, \
	{ "waivers", required_argument, NULL, CLI_CHECK_OPT_WAIVERS },	\
	{ "attestations", required_argument, NULL, CLI_CHECK_OPT_ATTESTS }, \
	{ "offline", no_argument, NULL, CLI_CHECK_OPT_OFFLINE },	\
	{ "host", required_argument, NULL, CLI_CHECK_OPT_HOST },	\
	{ "port-map", required_argument, NULL, CLI_CHECK_OPT_PORTMAP },	\
	{ "outbound-target", required_argument, NULL,			\
	    CLI_CHECK_OPT_OUTBOUND },					\
	{ "dnsbl-conf", required_argument, NULL, CLI_CHECK_OPT_DNSBL },	\
	{ "postfix-config", required_argument, NULL,			\
	    CLI_CHECK_OPT_POSTFIX },					\
	{ "deadline", required_argument, NULL, CLI_CHECK_OPT_DEADLINE }, \
	{ "timeout-ms", required_argument, NULL, CLI_CHECK_OPT_TIMEOUT }, \
	{ "max-parallel", required_argument, NULL, CLI_CHECK_OPT_MAXPAR }, \
	{ "dkim-key", required_argument, NULL, CLI_CHECK_OPT_DKIM_KEY }, \
	{ "selector", required_argument, NULL, SETTINGS_OPT_SELECTOR }

struct cli_check;
struct check_run;
struct facts;
int	cli_check_run(int, char **, struct mh_opts *);
struct cli_check *cli_check_create(void);
void	cli_check_free(struct cli_check *);
/* 1 when c was one of the shared options (exits 2 on a bad value). */
int	cli_check_option(struct cli_check *, int c, const char *arg,
	    const char *cmd);
/*
 * Load the checklists, waivers and attestations, gather the facts and
 * evaluate.  Prints the reason and returns 2 (bad input) or 3 (could
 * not run); 0 when done.
 */
int	cli_check_evaluate(struct cli_check *, struct mh_opts *,
	    const char *cmd);
const struct check_run *cli_check_result(const struct cli_check *,
	    const struct facts **, time_t *start, time_t *end);

/* cli_report.c */
int	cli_report_run(int, char **, struct mh_opts *);

#endif
