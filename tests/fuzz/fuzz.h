/*
 * fuzz.h - a fuzz target is one function; fuzz_main.c drives it.
 */
#ifndef MH_FUZZ_H
#define MH_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
/* Corpus subdirectory of tests/fuzz/corpus for this target. */
extern const char *fuzz_corpus_name;

#endif
