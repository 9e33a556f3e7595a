/*
 * connectivity.h - the Connectivity step: every probe started at once
 * on one probe loop (local ports, DNS and resolver, DNSBL, the look-ups
 * the records step needs, SMTP on 25/587/465 with the open-relay test,
 * outbound 25), the results as facts, and one row per probe with a
 * verdict so that the CLI and the TUI show the same thing.
 *
 * The CLI calls connectivity_step(c, -1) once; the TUI calls it with a
 * small slice between key presses and redraws the rows in between.
 */
#ifndef MH_CONNECTIVITY_H
#define MH_CONNECTIVITY_H

#include <stddef.h>

struct facts;
struct connectivity;

#define CONN_MAX_PORTMAP	8
#define CONN_MAX_OUTBOUND	16

enum conn_verdict {
	CONN_PENDING,		/* still running */
	CONN_PASS,
	CONN_WARN,
	CONN_FAIL,
	CONN_UNKNOWN
};

struct conn_portmap {
	unsigned int	 from;		/* the port the facts are named after */
	unsigned int	 to;		/* the port connected to */
};

struct conn_opts {
	const char	*root;		/* --root (detection) */
	const char	*domain;	/* main mail domain */
	const char	*hostname;	/* mail host FQDN */
	const char	*ipv4;		/* public addresses (may be NULL) */
	const char	*ipv6;
	const char	*selector;	/* DKIM selector; NULL = "mail" */
	const char	*host;		/* SMTP probes go here; NULL = hostname
					   or 127.0.0.1 */
	struct conn_portmap portmap[CONN_MAX_PORTMAP];
	size_t		 nportmap;
	const char	*const *outbound; /* "host:port"; NULL = the list in
					   outbound.conf */
	size_t		 noutbound;
	const char	*dnsbl_conf;	/* NULL = the bundled dnsbl.conf */
	const char	*postfix_dir;	/* postconf -c DIR; NULL = detected */
	const char	*dns_server;	/* --dns-server IP[:PORT] */
	int		 max_parallel;	/* 0 = unlimited */
	int		 deadline_ms;	/* whole run; 0 = default */
	int		 smtp_timeout_ms; /* per SMTP probe; 0 = default */
};

#define CONN_DEFAULT_DEADLINE_MS	30000

struct conn_row {
	char		*id;		/* "smtp.25.starttls" */
	char		*title;		/* translated */
	enum conn_verdict verdict;
	char		*summary;	/* one line, translated */
	char		*facts[4];	/* facts behind the row (evidence) */
	size_t		 nfacts;
};

/*
 * Start everything.  -1 with *cause (caller frees) when the loop or the
 * data files cannot be set up.
 */
struct connectivity *connectivity_start(const struct conn_opts *,
		    char **cause);
/* Run for at most max_ms (-1 = to the end); returns probes pending. */
size_t		 connectivity_step(struct connectivity *, int max_ms);
/* Settle the rows (pending ones become UNKNOWN); idempotent. */
void		 connectivity_finish(struct connectivity *);
void		 connectivity_free(struct connectivity *);

int		 connectivity_done(const struct connectivity *);
const struct facts *connectivity_facts(const struct connectivity *);
const struct conn_row *connectivity_rows(const struct connectivity *,
		    size_t *n);
/* The row verdicts re-derived from the facts; returns rows changed. */
size_t		 connectivity_update(struct connectivity *);
long		 connectivity_elapsed_ms(const struct connectivity *);

const char	*connectivity_verdict_name(enum conn_verdict); /* "PASS" */
/* Parse "25=2525,587=2587"; -1 with *cause on bad input. */
int		 connectivity_portmap(const char *, struct conn_opts *,
		    char **cause);

#endif
