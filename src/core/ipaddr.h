/*
 * ipaddr.h - address syntax and classification (public, private,
 * loopback, link-local, CGNAT, documentation, ...).
 */
#ifndef MH_IPADDR_H
#define MH_IPADDR_H

enum ipaddr_class {
	IPADDR_INVALID,
	IPADDR_PUBLIC,
	IPADDR_PRIVATE,		/* RFC 1918, fc00::/7 */
	IPADDR_SHARED,		/* 100.64.0.0/10 carrier-grade NAT */
	IPADDR_LOOPBACK,
	IPADDR_LINKLOCAL,
	IPADDR_DOCUMENTATION,	/* 192.0.2/24, 198.51.100/24, 203.0.113/24,
				   2001:db8::/32, 3fff::/20 */
	IPADDR_RESERVED		/* multicast, 0/8, 240/4, unspecified, ... */
};

/* 4, 6, or 0 when the text is not an address. */
int		 ipaddr_family(const char *);
enum ipaddr_class ipaddr_classify(const char *);
/* The same over raw network-order bytes (4 or 16 of them). */
enum ipaddr_class ipaddr_classify_bytes(const unsigned char *, int family);
const char	*ipaddr_class_name(enum ipaddr_class);
/* Could others reach it (public)?  Used for the NAT hint. */
int		 ipaddr_is_public(const char *);

#endif
