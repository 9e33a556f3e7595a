/*
 * probe.h - one single-threaded event loop that drives a c-ares channel
 * and a libcurl multi handle together (DESIGN.md "Probes").
 *
 * Probes are started with probe_dns() / probe_curl(); each has its own
 * deadline and a completion callback, which may start further probes
 * (MX -> address -> connect -> EHLO -> STARTTLS chains run inside the
 * loop).  probe_loop_run() polls the sockets of both libraries with one
 * poll(2) and returns when nothing is pending, the run deadline passed,
 * or max_ms elapsed (the TUI calls it with a small max_ms between key
 * presses).  max_parallel limits how many probes are in flight (1 =
 * serial, for comparison); further probes wait in a queue.
 *
 * c-ares 1.18: there is no event thread; we use ares_getsock /
 * ares_timeout / ares_process_fd, and ares_set_servers_ports_csv for a
 * resolver on a non-53 port (ares_set_servers_csv drops the port).
 *
 * Everything from the network is untrusted: answers are capped, parsed
 * with ares_parse_* and sanitized before they become facts.
 */
#ifndef MH_PROBE_H
#define MH_PROBE_H

#include <stddef.h>

struct probe_loop;

struct probe_opts {
	const char	*dns_server; /* [v6]:PORT too */
	int		 max_parallel;	/* 0 = unlimited */
	int		 run_deadline_ms; /* whole run; 0 = none */
	int		 dns_timeout_ms;  /* per query try (default 3000) */
	int		 dns_tries;	  /* default 2 */
};

/* One DNS answer: every record as presentation text, capped. */
struct probe_dns_result {
	const char	*name;		/* the query name */
	int		 type;		/* ns_t_a, ns_t_mx, ... */
	int		 status;	/* ARES_SUCCESS, ARES_ENOTFOUND, ... */
	const char	*status_text;	/* ares_strerror */
	const char	*server;	/* which resolver answered (IP:port) */
	char		**answers;	/* "10 mx.example.org", "192.0.2.1" */
	size_t		 nanswers;
	int		 ttl;		/* smallest TTL, -1 when none */
	long		 elapsed_ms;
	int		 timed_out;
};

typedef void	(*probe_dns_fn)(struct probe_loop *,
		    const struct probe_dns_result *, void *arg);

/*
 * A curl probe: the caller prepares an easy handle (URL, options,
 * callbacks); the loop adds it to the multi handle, enforces timeout_ms
 * through CURLOPT_TIMEOUT_MS, and calls done with the CURLcode once it
 * finishes.  The callback owns the easy handle afterwards.
 */
typedef void	(*probe_curl_fn)(struct probe_loop *, void *easy,
		    int curlcode, long elapsed_ms, void *arg);

struct probe_loop *probe_loop_create(const struct probe_opts *,
		    char **cause);
void		 probe_loop_free(struct probe_loop *);

int		 probe_dns(struct probe_loop *, const char *name, int type,
		    probe_dns_fn, void *arg);
int		 probe_curl(struct probe_loop *, void *easy, int timeout_ms,
		    probe_curl_fn, void *arg);

/* Run for at most max_ms (-1 = until done); returns probes pending. */
size_t		 probe_loop_run(struct probe_loop *, int max_ms);
size_t		 probe_loop_pending(const struct probe_loop *);
/* Probes started and the longest dependent chain seen (for the bench). */
size_t		 probe_loop_started(const struct probe_loop *);
size_t		 probe_loop_chain(const struct probe_loop *);
/* The resolver queries go to ("127.0.0.1:5353", or the system's list). */
const char	*probe_loop_server(const struct probe_loop *);

/*
 * Decode the answer section of a DNS message (wire format) into
 * presentation text for records of the given type: at most
 * PROBE_MAX_RECORDS records, PROBE_MAX_TXT bytes per TXT record and
 * PROBE_MAX_ANSWER bytes in all.  Returns 0, or -1 on a malformed
 * message.  Exposed for the unit and fuzz tests.
 */
#define PROBE_MAX_RECORDS	64
#define PROBE_MAX_TXT		4096
#define PROBE_MAX_ANSWER	65536
int		 probe_parse_answer(const unsigned char *, size_t, int type,
		    char ***answers, size_t *nanswers, int *ttl);
void		 probe_answers_free(char **, size_t);

#endif
