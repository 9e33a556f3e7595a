/*
 * probe_bench.c - drive the probe engine over a full DNS + DNSBL run
 * (the look-ups the records step relies on, and every zone of a dnsbl
 * config for IPv4, IPv6 and the domain) and print the wall time, the
 * probe count, the longest dependent chain and peak RSS.  Used by
 * tests/bench/probe-bench and tests/integ/probe_dns.sh (with -v it
 * prints every fact and record).
 *
 *   probe_bench -s 127.0.0.1:PORT -c dnsbl.conf [-p MAXPAR] [-4 IP]
 *       [-6 IP] [-d DOMAIN] [-k SELECTOR] [-S HOST:PORT]... [-P] [-v]
 * -P pretends the resolver is public (no DNSBL query is sent); -S adds
 * an SMTP probe (probe_smtp.h) of HOST:PORT, at most three.
 */
#include "mh.h"

#include <sys/resource.h>
#include <arpa/nameser.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dnsbl.h"
#include "fact.h"
#include "probe.h"
#include "probe_smtp.h"
#include "resolver.h"

static int	probe_bench_verbose;
static int	probe_bench_records;

static long long
probe_bench_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
probe_bench_print(const struct probe_dns_result *r)
{
	size_t	i;

	probe_bench_records++;
	if (!probe_bench_verbose)
		return;
	printf("rec %s %d %s", r->name, r->type, r->status_text);
	for (i = 0; i < r->nanswers; i++)
		printf(" [%s]", r->answers[i]);
	printf("\n");
}

static void
probe_bench_rec(struct probe_loop *l, const struct probe_dns_result *r,
    void *arg)
{
	(void)l;
	(void)arg;
	probe_bench_print(r);
}

/* address -> PTR (third link of MX -> A -> PTR). */
static void
probe_bench_addr(struct probe_loop *l, const struct probe_dns_result *r,
    void *arg)
{
	char	*rev = NULL, *cause = NULL;
	struct dnsbl_zone z;
	size_t	i;

	(void)arg;
	probe_bench_print(r);
	memset(&z, 0, sizeof z);
	z.zone = (char *)(r->type == ns_t_a ? "in-addr.arpa" : "ip6.arpa");
	z.kind = DNSBL_KIND_IP;
	z.ipv6 = 1;
	for (i = 0; i < r->nanswers; i++) {
		if (dnsbl_query_name(&z, r->answers[i], &rev, &cause) == 0) {
			probe_dns(l, rev, ns_t_ptr, probe_bench_rec, NULL);
			free(rev);
		} else
			free(cause);
	}
}

static void
probe_bench_mx(struct probe_loop *l, const struct probe_dns_result *r,
    void *arg)
{
	const char	*host;
	size_t		 i;

	(void)arg;
	probe_bench_print(r);
	for (i = 0; i < r->nanswers; i++) {
		if ((host = strchr(r->answers[i], ' ')) == NULL)
			continue;
		probe_dns(l, host + 1, ns_t_a, probe_bench_addr, NULL);
		probe_dns(l, host + 1, ns_t_aaaa, probe_bench_addr, NULL);
	}
}

static void
probe_bench_lookup(struct probe_loop *l, const char *prefix,
    const char *domain, int type)
{
	char	*n;

	if (prefix != NULL)
		xasprintf(&n, "%s.%s", prefix, domain);
	else
		n = xstrdup(domain);
	probe_dns(l, n, type, probe_bench_rec, NULL);
	free(n);
}

int
main(int argc, char **argv)
{
	struct probe_opts	 o;
	struct probe_loop	*l;
	struct dnsbl		 bl;
	struct dnsbl_subject	 s;
	struct facts		*fs;
	struct rusage		 ru;
	struct probe_smtp_opts	 so[3];
	struct probe_smtp_run	*sr[3] = { NULL, NULL, NULL };
	char			*colon;
	size_t			 nsmtp = 0;
	const char		*conf = NULL, *sel = "default";
	char			*cause = NULL, *v, *dkim;
	long long		 t0, t1;
	size_t			 i, nbl;
	int			 c, pub = 0;

	memset(&o, 0, sizeof o);
	memset(&s, 0, sizeof s);
	o.dns_timeout_ms = 5000;
	o.dns_tries = 1;
	o.run_deadline_ms = 120000;
	while ((c = getopt(argc, argv, "s:c:p:4:6:d:k:S:Pv")) != -1) {
		switch (c) {
		case 's':
			o.dns_server = optarg;
			break;
		case 'c':
			conf = optarg;
			break;
		case 'p':
			o.max_parallel = (int)strtol(optarg, NULL, 10);
			break;
		case '4':
			s.ipv4 = optarg;
			break;
		case '6':
			s.ipv6 = optarg;
			break;
		case 'd':
			s.domain = optarg;
			break;
		case 'k':
			sel = optarg;
			break;
		case 'P':
			pub = 1;
			break;
		case 'S':
			if (nsmtp >= 3 || (colon = strrchr(optarg, ':')) ==
			    NULL) {
				fprintf(stderr, "probe_bench: -S HOST:PORT, at "
				    "most three\n");
				return 2;
			}
			*colon = '\0';
			memset(&so[nsmtp], 0, sizeof so[nsmtp]);
			so[nsmtp].host = optarg;
			so[nsmtp].port = (unsigned int)strtoul(colon + 1, NULL,
			    10);
			so[nsmtp].fact_port = 10000 + (unsigned int)nsmtp;
			so[nsmtp].timeout_ms = 10000;
			nsmtp++;
			break;
		case 'v':
			probe_bench_verbose = 1;
			break;
		default:
			fprintf(stderr, "usage: probe_bench -s SERVER -c CONF "
			    "[-p N] [-4 IP] [-6 IP] [-d DOMAIN] [-k SEL] "
			    "[-P] [-v]\n");
			return 2;
		}
	}
	if (o.dns_server == NULL || conf == NULL) {
		fprintf(stderr, "probe_bench: -s and -c are required\n");
		return 2;
	}
	if (dnsbl_load(conf, &bl, &cause) == -1) {
		fprintf(stderr, "probe_bench: %s\n", cause);
		return 3;
	}
	if ((l = probe_loop_create(&o, &cause)) == NULL) {
		fprintf(stderr, "probe_bench: %s\n", cause);
		return 3;
	}
	fs = facts_create();
	t0 = probe_bench_now();
	for (i = 0; i < nsmtp; i++)
		sr[i] = probe_smtp_start(l, fs, &so[i]);
	if (s.domain != NULL) {
		resolver_check_works(l, fs, s.domain);
		probe_dns(l, s.domain, ns_t_mx, probe_bench_mx, NULL);
		probe_dns(l, s.domain, ns_t_a, probe_bench_addr, NULL);
		probe_dns(l, s.domain, ns_t_aaaa, probe_bench_addr, NULL);
		probe_bench_lookup(l, NULL, s.domain, ns_t_txt);
		probe_bench_lookup(l, "_dmarc", s.domain, ns_t_txt);
		xasprintf(&dkim, "%s._domainkey", sel);
		probe_bench_lookup(l, dkim, s.domain, ns_t_txt);
		free(dkim);
		probe_bench_lookup(l, "_mta-sts", s.domain, ns_t_txt);
		probe_bench_lookup(l, "_smtp._tls", s.domain, ns_t_txt);
		probe_bench_lookup(l, "_25._tcp.mx", s.domain, 52);
	}
	nbl = dnsbl_start(l, &bl, &s, fs, pub, pub ? "pretend public "
	    "resolver (-P)" : NULL);
	probe_loop_run(l, -1);
	t1 = probe_bench_now();
	getrusage(RUSAGE_SELF, &ru);
	if (probe_bench_verbose) {
		for (i = 0; i < fs->n; i++) {
			v = fact_value_text(&fs->v[i]);
			printf("fact %s = %s%s%s\n", fs->v[i].name, v,
			    fs->v[i].reason ? " : " : "",
			    fs->v[i].reason ? fs->v[i].reason : "");
			free(v);
		}
	}
	printf("maxpar=%d wall_ms=%.1f probes=%zu records=%d dnsbl_facts=%zu "
	    "chain=%zu maxrss_kb=%ld\n", o.max_parallel,
	    (double)(t1 - t0) / 1000.0, probe_loop_started(l),
	    probe_bench_records, nbl, probe_loop_chain(l), ru.ru_maxrss);
	for (i = 0; i < nsmtp; i++)
		probe_smtp_free(sr[i]);
	probe_loop_free(l);
	facts_free(fs);
	dnsbl_free(&bl);
	return 0;
}
