/*
 * detect_net.c - TODO (being written).
 */
#include "mh.h"

#include "detect.h"
#include "fact.h"

void
detect_net_run(const struct detect_ctx *ctx, struct facts *fs)
{
	(void)ctx;
	(void)fs;
}
