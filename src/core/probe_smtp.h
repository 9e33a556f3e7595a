/*
 * probe_smtp.h - SMTP probes through libcurl: what a mail port shows
 * (banner, EHLO before and after TLS, STARTTLS, TLS and certificate,
 * AUTH, VRFY, EXPN, SIZE, PIPELINING), the open-relay test (never
 * DATA), and outbound port 25 classification.  Every probe is a curl
 * easy handle run by the engine (probe.h); the results are facts
 * smtp.<port>.*, smtps.<port>.*, outbound.25.* with the transcript as
 * evidence.
 */
#ifndef MH_PROBE_SMTP_H
#define MH_PROBE_SMTP_H

#include <stddef.h>

#include "probe.h"

struct facts;
struct probe_smtp_run;

#define PROBE_SMTP_TIMEOUT_MS	15000
#define PROBE_SMTP_EHLO		"mailharden.invalid"
#define PROBE_SMTP_RELAY_FROM	"<mailharden-relay-test@example.com>"
#define PROBE_SMTP_RELAY_TO	"<mailharden-relay-test@example.net>"

struct probe_smtp_opts {
	const char	*host;		/* connect here (name or IP) */
	unsigned int	 port;		/* connect to this port */
	unsigned int	 fact_port;	/* port in fact names; 0 = port */
	int		 implicit_tls;	/* smtps:// (465) */
	const char	*mail_host;	/* the cert must match; NULL = host */
	const char	*ehlo_name;	/* NULL = PROBE_SMTP_EHLO */
	int		 timeout_ms;	/* per probe; 0 = default */
	int		 no_relay;	/* skip the open-relay test */
};

/*
 * How a prepared easy handle is run: the engine (probe_curl) or, in
 * unit tests only, a helper that calls curl_easy_perform and then the
 * callback.
 */
typedef int	(*probe_smtp_submit_fn)(void *ctx, void *easy,
		    int timeout_ms, probe_curl_fn done, void *arg);

/*
 * Start the probes of one port.  The facts are written as the probes
 * finish (facts must outlive the run).  Dependent probes (VRFY, EXPN,
 * relay) start only once the first one saw a 220 greeting.
 */
struct probe_smtp_run *probe_smtp_start(struct probe_loop *, struct facts *,
		    const struct probe_smtp_opts *);
struct probe_smtp_run *probe_smtp_start_with(probe_smtp_submit_fn, void *,
		    struct facts *, const struct probe_smtp_opts *);

/*
 * Outbound port 25: one probe per target ("host:port", "host" = 25,
 * "[v6]:port") and family.  When the last one is in: the summaries
 * outbound.25, outbound.25.ipv6 and outbound.advice (the provider's
 * policy from the cloud.* facts, and the relay host on 587/465 way out).
 */
struct probe_smtp_run *probe_smtp_outbound(struct probe_loop *,
		    struct facts *, const char *const *targets, size_t n,
		    int timeout_ms);
struct probe_smtp_run *probe_smtp_outbound_with(probe_smtp_submit_fn,
		    void *, struct facts *, const char *const *targets,
		    size_t n, int timeout_ms);

/* Probes of this run still out. */
size_t		 probe_smtp_pending(const struct probe_smtp_run *);
void		 probe_smtp_free(struct probe_smtp_run *);

/*
 * Which families an outbound target is probed over: 1 IPv4, 2 IPv6, 3
 * both (a host name).  Facts outbound.25.<key>.ipv4 / .ipv6; a family
 * whose look-up failed while the other's worked is "no_address", both
 * failed "dns_failure".  Summaries: outbound.25 over IPv4 (open when at
 * least one target greeted over IPv4), outbound.25.ipv6 over IPv6.
 */
int		 probe_smtp_target_families(const char *);

/* The fact key for an outbound target: "127.0.0.1:2525" -> "127_0_0_1_2525". */
char		*probe_smtp_target_key(const char *);

/*
 * Read the outbound target list (libconfig: hosts = [ "mx.example", ... ];
 * entries "host" or "host:port").  Returns 0 or -1 with cause.
 */
int		 probe_smtp_outbound_load(const char *path, char ***targets,
		    size_t *n, char **cause);

/* Is addr inside the Postfix mynetworks list?  1, 0, or -1 can't tell. */
int		 probe_smtp_in_mynetworks(const char *addr, const char *list);

#endif
