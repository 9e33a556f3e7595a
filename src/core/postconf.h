/*
 * postconf.h - the Postfix settings that matter for hardening, as facts
 * postfix.<param>, read with `postconf -c DIR param ...` (live only).
 */
#ifndef MH_POSTCONF_H
#define MH_POSTCONF_H

struct detect_ctx;
struct facts;

/* The parameters read, NULL-terminated. */
extern const char *const postconf_params[];

/*
 * Turn postconf output ("name = value" lines) into facts postfix.<name>
 * for the parameters in postconf_params; source names the command for
 * the evidence.  A wanted parameter missing from the output is UNKNOWN.
 * Returns the number of facts made known.
 */
int	postconf_parse(const char *text, const char *source, struct facts *);

/*
 * Run postconf when Postfix is the MTA (fact mta.name) or a config dir
 * is given; dir NULL = the directory of fact mta.config, else Postfix's
 * default.  Facts are UNKNOWN with the reason when it cannot run.
 */
void	postconf_run(const struct detect_ctx *, const char *dir,
	    struct facts *);

#endif
