/*
 * resolver.h - which DNS resolver this machine uses, and whether it is a
 * public or shared forwarding one (DNSBLs refuse those: Spamhaus answers
 * 127.255.255.254).  Facts: dns.resolvers, dns.resolver_public,
 * dns.works.
 */
#ifndef MH_RESOLVER_H
#define MH_RESOLVER_H

struct facts;
struct probe_loop;

/* The operator of a well-known public resolver address, or NULL. */
const char	*resolver_public_name(const char *ip);

/*
 * Read /etc/resolv.conf under root (following the systemd-resolved stub
 * 127.0.0.53 to /run/systemd/resolve/resolv.conf), or take dns_server
 * when one was given (--dns-server), and set dns.resolvers and
 * dns.resolver_public.
 */
void		 resolver_detect(const char *root, const char *dns_server,
		    struct facts *);

/*
 * Start a test query for name (type A) on the loop; when it finishes,
 * dns.works is set in fs (which must outlive the loop run).
 */
int		 resolver_check_works(struct probe_loop *, struct facts *,
		    const char *name);

#endif
