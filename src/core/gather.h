/*
 * gather.h - collect every fact the checklists read, for "mailharden
 * check" and "mailharden report": detection (detect_all), the local
 * extras only the checklists need (log retention from logrotate, the
 * firewall's state of each mail port, Postfix settings), then unless
 * offline the Connectivity probes and the DNS records verification, all
 * on the probe engine.  A part that cannot run leaves its facts absent
 * or UNKNOWN with the reason; gather never fails because one part did.
 *
 * Facts added here (see factdef.c):
 *   logs.mail_files       list   mail log files found (/var/log/mail.log,
 *                                /var/log/maillog, ...)
 *   logs.rotate_config    string the logrotate file that rotates them
 *   logs.retention_days   int    rotate count x period (daily 1, weekly
 *                                7, monthly 31, yearly 366; maxage wins
 *                                when smaller); UNKNOWN when no rule
 *                                rotates the mail log
 *   logs.journald_max_days int   journald MaxRetentionSec, when set
 *   fw.port.*.allowed     bool   the active backend lets port N in (v4
 *                                and v6 both); UNKNOWN with no backend
 *   fw.port.*.allowed_v6  bool   the IPv6 half alone
 */
#ifndef MH_GATHER_H
#define MH_GATHER_H

#include "connectivity.h"
#include "records_verify.h"

struct facts;

struct gather_opts {
	const char		*root;		/* --root */
	int			 offline;	/* local facts only */
	struct conn_opts	 conn;		/* the Connectivity probes */
	struct records_verify_opts rv;		/* the records check; rv.domain
						   NULL = skipped */
	const char		*postfix_dir;	/* postconf -c DIR, NULL =
						   detected */
};

/* Everything into fs.  -1 with *cause only on a setup error. */
int		 gather_run(const struct gather_opts *, struct facts *fs,
		    char **cause);

/* The local parts alone (no network), for tests and --offline. */
void		 gather_logs(const char *root, struct facts *fs);
void		 gather_firewall(const char *root, struct facts *fs);

#endif
