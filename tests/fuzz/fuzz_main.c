/*
 * fuzz_main.c - run a fuzz target without libFuzzer: replay every file
 * of its corpus, then a bounded, seeded series of mutations of them
 * (bit flips, truncation, splices, byte runs, repeated lines).  Prints
 * TAP.  A crash, ASan or UBSan report fails the test.
 *
 *   FUZZ_ITERATIONS=N (default 20000)   FUZZ_SEED=N (default 1)
 *
 * Built with clang -fsanitize=fuzzer, the target file links without
 * this driver and becomes a libFuzzer target (see doc/internals.md).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define FUZZ_MAX_INPUT	(64 * 1024)

struct sample {
	unsigned char	*p;
	size_t		 n;
};

static unsigned long long fuzz_state;

static unsigned
fuzz_rand(void)
{
	fuzz_state = fuzz_state * 6364136223846793005ULL +
	    1442695040888963407ULL;
	return (unsigned)(fuzz_state >> 33);
}

static size_t
load_corpus(const char *dir, struct sample **out)
{
	struct sample	*v = NULL;
	struct dirent	*de;
	DIR		*d;
	FILE		*f;
	char		 path[8192];
	size_t		 n = 0;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if ((f = fopen(path, "rb")) == NULL)
			continue;
		v = realloc(v, (n + 1) * sizeof *v);
		v[n].p = malloc(FUZZ_MAX_INPUT);
		v[n].n = fread(v[n].p, 1, FUZZ_MAX_INPUT, f);
		fclose(f);
		n++;
	}
	closedir(d);
	*out = v;
	return n;
}

static size_t
mutate(unsigned char *buf, size_t n, const struct sample *other)
{
	size_t	i, at, len;
	unsigned op = fuzz_rand() % 7, k;

	switch (op) {
	case 0:		/* flip bits */
		for (k = 0; n > 0 && k < 1 + fuzz_rand() % 8; k++)
			buf[fuzz_rand() % n] ^=
			    (unsigned char)(1u << (fuzz_rand() % 8));
		break;
	case 1:		/* truncate */
		if (n > 0)
			n = fuzz_rand() % n;
		break;
	case 2:		/* random bytes */
		for (k = 0; n > 0 && k < 1 + fuzz_rand() % 16; k++)
			buf[fuzz_rand() % n] = (unsigned char)fuzz_rand();
		break;
	case 3:		/* splice another sample in */
		at = n ? fuzz_rand() % n : 0;
		len = other->n ? fuzz_rand() % other->n : 0;
		if (at + len > FUZZ_MAX_INPUT)
			len = FUZZ_MAX_INPUT - at;
		memcpy(buf + at, other->p, len);
		if (at + len > n)
			n = at + len;
		break;
	case 4:		/* a long run of one byte */
		at = n ? fuzz_rand() % n : 0;
		len = fuzz_rand() % 8192;
		if (at + len > FUZZ_MAX_INPUT)
			len = FUZZ_MAX_INPUT - at;
		memset(buf + at, "=\"'\\\n \xff"[fuzz_rand() % 7], len);
		if (at + len > n)
			n = at + len;
		break;
	case 5:		/* duplicate the buffer */
		len = n;
		if (2 * n > FUZZ_MAX_INPUT)
			len = FUZZ_MAX_INPUT - n;
		memmove(buf + n, buf, len);
		n += len;
		break;
	default:	/* insert NULs and control bytes */
		for (i = 0; n > 0 && i < 4; i++)
			buf[fuzz_rand() % n] =
			    (unsigned char)(fuzz_rand() % 32);
	}
	return n;
}

int
main(void)
{
	struct sample	*corpus = NULL;
	unsigned char	*buf;
	const char	*top = getenv("top_srcdir"), *e;
	char		 dir[2048];
	size_t		 n, i, len;
	long		 iters = 20000, k;

	if ((e = getenv("FUZZ_ITERATIONS")) != NULL)
		iters = strtol(e, NULL, 10);
	fuzz_state = 1;
	if ((e = getenv("FUZZ_SEED")) != NULL)
		fuzz_state = strtoull(e, NULL, 10);
	snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", top ? top : ".",
	    fuzz_corpus_name);
	n = load_corpus(dir, &corpus);
	if (n == 0) {
		printf("not ok 1 - %s: empty corpus at %s\n1..1\n",
		    fuzz_corpus_name, dir);
		return 1;
	}
	for (i = 0; i < n; i++)
		LLVMFuzzerTestOneInput(corpus[i].p, corpus[i].n);
	printf("ok 1 - %s: replayed %zu corpus files\n", fuzz_corpus_name, n);
	buf = malloc(FUZZ_MAX_INPUT);
	for (k = 0; k < iters; k++) {
		const struct sample *s = &corpus[fuzz_rand() % n];

		memcpy(buf, s->p, s->n);
		len = mutate(buf, s->n, &corpus[fuzz_rand() % n]);
		if (fuzz_rand() % 2)
			len = mutate(buf, len, &corpus[fuzz_rand() % n]);
		LLVMFuzzerTestOneInput(buf, len);
	}
	printf("ok 2 - %s: %ld mutated inputs, no crash\n1..2\n",
	    fuzz_corpus_name, iters);
	for (i = 0; i < n; i++)
		free(corpus[i].p);
	free(corpus);
	free(buf);
	return 0;
}
