/*
 * detect_cloud.c - TODO (being written).
 */
#include "mh.h"

#include "detect.h"
#include "fact.h"

void
detect_cloud_run(const struct detect_ctx *ctx, struct facts *fs)
{
	(void)ctx;
	(void)fs;
}
