/*
 * ipaddr.c - tell an IPv4 or IPv6 address's family and what kind of
 * address it is: public, private (RFC 1918, ULA), shared (CGNAT),
 * loopback, link-local, documentation or otherwise reserved.  Used to
 * pick the public address and to say when the machine is behind NAT.
 */
#include "mh.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <string.h>

#include "ipaddr.h"

#define IPADDR_TEXT_MAX	64

static int
ipaddr_parse(const char *s, unsigned char *b)
{
	if (s == NULL || strlen(s) >= IPADDR_TEXT_MAX)
		return 0;
	if (inet_pton(AF_INET, s, b) == 1)
		return 4;
	if (inet_pton(AF_INET6, s, b) == 1)
		return 6;
	return 0;
}

int
ipaddr_family(const char *s)
{
	unsigned char	b[16];

	return ipaddr_parse(s, b);
}

static enum ipaddr_class
ipaddr_classify4(const unsigned char *a)
{
	if (a[0] == 0)
		return IPADDR_RESERVED;			/* 0/8 "this" */
	if (a[0] == 10)
		return IPADDR_PRIVATE;
	if (a[0] == 100 && (a[1] & 0xc0) == 64)
		return IPADDR_SHARED;			/* 100.64/10 */
	if (a[0] == 127)
		return IPADDR_LOOPBACK;
	if (a[0] == 169 && a[1] == 254)
		return IPADDR_LINKLOCAL;
	if (a[0] == 172 && (a[1] & 0xf0) == 16)
		return IPADDR_PRIVATE;			/* 172.16/12 */
	if (a[0] == 192 && a[1] == 0 && a[2] == 0)
		return IPADDR_RESERVED;			/* IETF 192.0.0/24 */
	if (a[0] == 192 && a[1] == 0 && a[2] == 2)
		return IPADDR_DOCUMENTATION;
	if (a[0] == 192 && a[1] == 88 && a[2] == 99)
		return IPADDR_RESERVED;			/* old 6to4 relay */
	if (a[0] == 192 && a[1] == 168)
		return IPADDR_PRIVATE;
	if (a[0] == 198 && (a[1] & 0xfe) == 18)
		return IPADDR_RESERVED;			/* 198.18/15 bench */
	if (a[0] == 198 && a[1] == 51 && a[2] == 100)
		return IPADDR_DOCUMENTATION;
	if (a[0] == 203 && a[1] == 0 && a[2] == 113)
		return IPADDR_DOCUMENTATION;
	if (a[0] >= 224)
		return IPADDR_RESERVED;			/* 224/4, 240/4 */
	return IPADDR_PUBLIC;
}

static enum ipaddr_class
ipaddr_classify6(const unsigned char *a)
{
	static const unsigned char	zero[16];
	static const unsigned char	mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};

	if (memcmp(a, zero, 15) == 0 && a[15] == 1)
		return IPADDR_LOOPBACK;			/* ::1 */
	if (memcmp(a, zero, 16) == 0)
		return IPADDR_RESERVED;			/* :: */
	if (memcmp(a, mapped, 12) == 0 || memcmp(a, zero, 12) == 0)
		return IPADDR_RESERVED;		/* ::ffff:0:0/96, ::/96 */
	if (a[0] == 0xff)
		return IPADDR_RESERVED;			/* multicast */
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return IPADDR_LINKLOCAL;		/* fe80::/10 */
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0)
		return IPADDR_RESERVED;			/* old site-local */
	if ((a[0] & 0xfe) == 0xfc)
		return IPADDR_PRIVATE;			/* fc00::/7 */
	if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8)
		return IPADDR_DOCUMENTATION;		/* 2001:db8::/32 */
	if (a[0] == 0x3f && a[1] == 0xff && (a[2] & 0xf0) == 0)
		return IPADDR_DOCUMENTATION;		/* 3fff::/20 */
	if (a[0] == 0x20 && a[1] == 0x01 && (a[2] & 0xfe) == 0)
		return IPADDR_RESERVED;		/* 2001::/23 IETF, Teredo */
	if (a[0] == 0x20 && a[1] == 0x02)
		return IPADDR_RESERVED;			/* 2002::/16 6to4 */
	if ((a[0] & 0xe0) != 0x20)
		return IPADDR_RESERVED;	/* outside 2000::/3: NAT64, discard */
	return IPADDR_PUBLIC;
}

enum ipaddr_class
ipaddr_classify_bytes(const unsigned char *b, int family)
{
	if (family == 4)
		return ipaddr_classify4(b);
	if (family == 6)
		return ipaddr_classify6(b);
	return IPADDR_INVALID;
}

enum ipaddr_class
ipaddr_classify(const char *s)
{
	unsigned char	b[16];

	return ipaddr_classify_bytes(b, ipaddr_parse(s, b));
}

const char *
ipaddr_class_name(enum ipaddr_class c)
{
	switch (c) {
	case IPADDR_PUBLIC:
		return "public";
	case IPADDR_PRIVATE:
		return "private";
	case IPADDR_SHARED:
		return "shared (CGNAT)";
	case IPADDR_LOOPBACK:
		return "loopback";
	case IPADDR_LINKLOCAL:
		return "link-local";
	case IPADDR_DOCUMENTATION:
		return "documentation";
	case IPADDR_RESERVED:
		return "reserved";
	case IPADDR_INVALID:
		break;
	}
	return "invalid";
}

int
ipaddr_is_public(const char *s)
{
	return ipaddr_classify(s) == IPADDR_PUBLIC;
}
