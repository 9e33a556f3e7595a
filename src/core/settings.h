/*
 * settings.h - the operator's answers (Domain step): mail domains, mail
 * host name, public addresses, DKIM selector, DMARC policy and report
 * address.  Kept in a libconfig file (default
 * SYSCONFDIR/mailharden/mailharden.conf) that every later run reuses;
 * per-command options override it; detection fills what neither gives.
 *
 * The file:
 *   domains = [ "example.com", "example.org" ];  # first = main domain
 *   hostname = "mail.example.com";
 *   ipv4 = "203.0.113.7";  ipv6 = "2001:db8::7";
 *   dkim_selector = "mail";
 *   dmarc_policy = "none";
 *   dmarc_rua = "postmaster@example.com";
 *   allow_private = false;   # true: lab use, private addresses allowed
 */
#ifndef MH_SETTINGS_H
#define MH_SETTINGS_H

#include <stddef.h>

struct buf;
struct facts;
struct plan;

#define SETTINGS_DEFAULT_PATH	SYSCONFDIR "/mailharden/mailharden.conf"
#define SETTINGS_FILE_CAP	(64 * 1024)
#define SETTINGS_MAX_DOMAINS	32
#define SETTINGS_DEFAULT_SELECTOR "mail"
#define SETTINGS_DEFAULT_POLICY	"none"

enum settings_field {
	SETTINGS_DOMAINS,
	SETTINGS_HOSTNAME,
	SETTINGS_IPV4,
	SETTINGS_IPV6,
	SETTINGS_SELECTOR,
	SETTINGS_POLICY,
	SETTINGS_RUA,
	SETTINGS_NFIELDS
};

/* Where a value came from. */
enum settings_src {
	SETTINGS_SRC_UNSET,
	SETTINGS_SRC_DEFAULT,
	SETTINGS_SRC_DETECT,
	SETTINGS_SRC_FILE,
	SETTINGS_SRC_OPTION,
	SETTINGS_SRC_FORM	/* typed in the wizard */
};

struct settings {
	char		 **domains;	/* normalized; [0] is the main one */
	size_t		   ndomains;
	char		  *v[SETTINGS_NFIELDS];	/* scalar fields; [0] unused */
	int		   allow_private;
	enum settings_src  src[SETTINGS_NFIELDS];
	char		  *where[SETTINGS_NFIELDS];	/* "file:line", ... */
	int		   file_found;	/* the settings file existed */
};

/* Per-command options: --domain D --hostname H --ipv4 A --ipv6 A ... */
enum {
	SETTINGS_OPT_DOMAIN = 0x3000,
	SETTINGS_OPT_HOSTNAME,
	SETTINGS_OPT_IPV4,
	SETTINGS_OPT_IPV6,
	SETTINGS_OPT_SELECTOR,
	SETTINGS_OPT_POLICY,
	SETTINGS_OPT_RUA,
	SETTINGS_OPT_ALLOW_PRIVATE
};
/* struct option rows (need <getopt.h>) for a command's longopts[]. */
#define SETTINGS_LONGOPTS_HOST						\
	{ "domain",	required_argument, NULL, SETTINGS_OPT_DOMAIN },	\
	{ "hostname",	required_argument, NULL, SETTINGS_OPT_HOSTNAME }, \
	{ "ipv4",	required_argument, NULL, SETTINGS_OPT_IPV4 },	\
	{ "ipv6",	required_argument, NULL, SETTINGS_OPT_IPV6 },	\
	{ "allow-private", no_argument,	   NULL, SETTINGS_OPT_ALLOW_PRIVATE }
#define SETTINGS_LONGOPTS_MAIL						\
	{ "selector",	required_argument, NULL, SETTINGS_OPT_SELECTOR }, \
	{ "dmarc-policy", required_argument, NULL, SETTINGS_OPT_POLICY }, \
	{ "dmarc-rua",	required_argument, NULL, SETTINGS_OPT_RUA }

struct settings_args {
	const char	*v[SETTINGS_NFIELDS];	/* [DOMAINS]: last --domain */
	char		*domains;	/* every --domain, comma-joined */
	int		 allow_private;
	int		 given;		/* any of them given */
};

void		 settings_init(struct settings *);
void		 settings_clear(struct settings *);
const char	*settings_field_key(enum settings_field);	/* file key */
const char	*settings_field_label(enum settings_field);	/* N_() */
const char	*settings_field_option(enum settings_field);	/* --x */
const char	*settings_src_name(enum settings_src);		/* N_() */
/* The main domain or NULL. */
const char	*settings_domain(const struct settings *);
/* A field as one line of text ("" when unset; domains comma-joined). */
char		*settings_value(const struct settings *, enum settings_field);

/* 1 when c is one of SETTINGS_OPT_*: recorded in args. */
int		 settings_arg(struct settings_args *, int c, const char *arg);
void		 settings_args_clear(struct settings_args *);

/*
 * Validate one field's text as typed; *out (caller frees) is the
 * normalized text.  Domains: a list split at commas and spaces.
 */
int		 settings_check(enum settings_field, const char *,
		    int allow_private, char **out, char **cause);
/* Validate and set one field, recording where it came from. */
int		 settings_set(struct settings *, enum settings_field,
		    const char *, enum settings_src, const char *where,
		    char **cause);

/*
 * Read a settings file.  A missing file is not an error: 0 with
 * s->file_found 0.  Any other problem, or a bad value, is -1 with
 * "FILE:LINE: reason" in *cause.
 */
int		 settings_load(struct settings *, const char *path,
		    char **cause);
/* The same over text in memory (name is used in reasons). */
int		 settings_load_text(struct settings *, const char *text,
		    size_t len, const char *name, char **cause);
/* Fill unset fields from detection (host.fqdn, net.public_ipv4/6). */
void		 settings_prefill(struct settings *, const struct facts *);
/* Run the detection that prefill needs (hostname and addresses). */
void		 settings_detect(const char *root, struct facts *);
/* Unset selector, policy, report address get their defaults. */
void		 settings_defaults(struct settings *);
/*
 * The effective settings for a command: the file (path, NULL = the
 * default), then detection for what is unset (fs may be NULL), then the
 * options, then defaults.  -1 with *cause on a bad file or option.
 */
int		 settings_resolve(struct settings *, const char *path,
		    const struct facts *, const struct settings_args *,
		    char **cause);

/* The file text for these settings. */
void		 settings_text(const struct settings *, struct buf *);
/* Effective settings with sources, as text (80 columns) or JSON. */
void		 settings_show(const struct settings *, const char *path,
		    struct buf *);
void		 settings_json(const struct settings *, const char *path,
		    struct buf *);

/*
 * The plan that writes the file (creating its directory 0755 when
 * missing): 0 steps when the file already says this.  -1 with *cause
 * when there is no domain or the path is a symbolic link.
 */
int		 settings_plan(const struct settings *, const char *path,
		    struct plan **, char **cause);
/*
 * Apply it through the plan engine with the audit log at audit_path
 * (NULL = the default).  Dry run: when the audit log can be opened the
 * intent is logged as dry-run; nothing is written.
 */
int		 settings_apply(struct plan *, const char *audit_path,
		    int dry_run, char **cause);

#endif
