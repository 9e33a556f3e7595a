/*
 * fuzz_osrel.c - TODO (being written).
 */
#include "mh.h"

#include "fuzz.h"

const char *fuzz_corpus_name = "osrel";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)data;
	(void)size;
	return 0;
}
