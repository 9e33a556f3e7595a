/*
 * postconf.c - read the Postfix parameters the Connectivity and
 * Checklist steps look at, through `postconf -c DIR p1 p2 ...` (one
 * run, argv only, timeout and output cap from exec), into facts
 * postfix.<param> with the command and the output line as evidence.
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "fact.h"
#include "postconf.h"
#include "rootfs.h"

#define POSTCONF_MAX_ARGS	32

const char *const postconf_params[] = {
	"smtpd_tls_security_level",
	"smtpd_tls_auth_only",
	"smtpd_tls_protocols",
	"smtpd_tls_mandatory_protocols",
	"smtpd_sasl_auth_enable",
	"disable_vrfy_command",
	"smtpd_helo_required",
	"smtpd_relay_restrictions",
	"mynetworks",
	"smtpd_banner",
	"smtpd_client_connection_rate_limit",
	"smtpd_forbid_bare_newline",
	"inet_protocols",
	"smtpd_tls_cert_file",
	"inet_interfaces",
	"smtpd_client_connection_count_limit",
	"smtpd_client_message_rate_limit",
	"smtpd_client_auth_rate_limit",
	"anvil_rate_time_unit",
	"smtpd_recipient_restrictions",
	"smtp_tls_security_level",
	"smtpd_tls_loglevel",
	"smtpd_forbid_unauth_pipelining",
	"smtpd_sasl_security_options",
	"message_size_limit",
	"smtpd_tls_received_header",
	NULL
};

static int
postconf_wanted(const char *name, size_t len)
{
	size_t	i;

	for (i = 0; postconf_params[i] != NULL; i++)
		if (strlen(postconf_params[i]) == len &&
		    strncmp(postconf_params[i], name, len) == 0)
			return 1;
	return 0;
}

int
postconf_parse(const char *text, const char *source, struct facts *fs)
{
	const char	*p = text, *line, *eq;
	char		*name, *value, *fname;
	struct fact	*f;
	size_t		 len, nlen, i;
	int		 known = 0;

	while (*p != '\0') {
		line = p;
		len = strcspn(p, "\n");
		p += len;
		if (*p == '\n')
			p++;
		if (len > MH_LINE_CAP)
			continue;
		eq = memchr(line, '=', len);
		if (eq == NULL)
			continue;
		nlen = (size_t)(eq - line);
		while (nlen > 0 && line[nlen - 1] == ' ')
			nlen--;
		if (!postconf_wanted(line, nlen))
			continue;
		name = xstrndup(line, nlen);
		value = xstrndup(eq + 1, len - (size_t)(eq + 1 - line));
		xasprintf(&fname, "postfix.%s", name);
		f = facts_set_str(fs, fname, mh_trim(value));
		fact_evidence(f, source, "%.*s", (int)len, line);
		known++;
		free(fname);
		free(value);
		free(name);
	}
	for (i = 0; postconf_params[i] != NULL; i++) {
		xasprintf(&fname, "postfix.%s", postconf_params[i]);
		if (facts_get(fs, fname) == NULL)
			facts_set_unknown(fs, fname, FACT_STR,
			    _("postconf did not print it"));
		free(fname);
	}
	return known;
}

static void
postconf_all_unknown(struct facts *fs, const char *why)
{
	char	*fname;
	size_t	 i;

	for (i = 0; postconf_params[i] != NULL; i++) {
		xasprintf(&fname, "postfix.%s", postconf_params[i]);
		facts_set_unknown(fs, fname, FACT_STR, "%s", why);
		free(fname);
	}
}

void
postconf_run(const struct detect_ctx *ctx, const char *dir,
    struct facts *fs)
{
	const char		*argv[POSTCONF_MAX_ARGS], *mta, *conf;
	struct exec_result	 res;
	char			*argvtext = NULL, *reason = NULL, *cdir = NULL;
	char			*slash;
	size_t			 n = 0, i;

	mta = facts_str(fs, "mta.name");
	if (dir == NULL && (mta == NULL || strcmp(mta, "postfix") != 0))
		return;		/* not a Postfix system */
	if (dir == NULL && (conf = facts_str(fs, "mta.config")) != NULL &&
	    (slash = strrchr(conf, '/')) != NULL && slash != conf) {
		cdir = xstrndup(conf, (size_t)(slash - conf));
		dir = cdir;
	}
	argv[n++] = "postconf";
	if (dir != NULL) {
		argv[n++] = "-c";
		argv[n++] = dir;
	}
	for (i = 0; postconf_params[i] != NULL; i++)
		argv[n++] = postconf_params[i];
	argv[n] = NULL;

	exec_result_init(&res);
	if (detect_cmd(ctx, argv, &res, &argvtext, &reason) == -1) {
		postconf_all_unknown(fs, reason);
		goto out;
	}
	if (res.status != 0 || res.timed_out) {
		free(reason);
		xasprintf(&reason, _("%s failed (status %d): %s"),
		    argvtext != NULL ? argvtext : "postconf", res.status,
		    res.err.len > 0 ? buf_str(&res.err) : "");
		postconf_all_unknown(fs, reason);
		goto out;
	}
	postconf_parse(buf_str(&res.out), argvtext, fs);
out:
	exec_result_clear(&res);
	free(argvtext);
	free(reason);
	free(cdir);
}
