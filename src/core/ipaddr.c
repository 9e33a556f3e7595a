/*
 * ipaddr.c - TODO (being written).
 */
#include "mh.h"

#include "ipaddr.h"

int
ipaddr_family(const char *s)
{
	(void)s;
	return 0;
}

enum ipaddr_class
ipaddr_classify(const char *s)
{
	(void)s;
	return IPADDR_INVALID;
}

const char *
ipaddr_class_name(enum ipaddr_class c)
{
	(void)c;
	return "invalid";
}
