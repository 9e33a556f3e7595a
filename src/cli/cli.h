/*
 * cli.h - global options and subcommand dispatch.
 */
#ifndef MH_CLI_H
#define MH_CLI_H

#include <getopt.h>

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

#endif
