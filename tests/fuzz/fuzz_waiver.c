/*
 * fuzz_waiver.c - feed bytes as a waivers file and as an attestations
 * file through both loaders (each input written to one private
 * in-memory file), then rewrite the first entry with waiver_file_text /
 * attest_file_text and check that the text reads back to the same
 * entries.
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "buf.h"
#include "fuzz.h"
#include "waiver.h"

const char *fuzz_corpus_name = "waiver";

/* 2027-01-15 00:00:00 UTC: the fixed clock. */
#define FUZZ_WAIVER_NOW	((time_t)1799971200)

/* libconfig 1.5 leaks lexer buffers on some parse errors (not ours). */
const char	*__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:libconfig.so\n";
}

static char fuzz_waiver_path[64];
static int fd_waiver = -1;

/*
 * One in-memory file (no disk traffic for 20000 inputs), read by its
 * /proc/self/fd path like any other file.
 */
static void
fuzz_waiver_write(const void *data, size_t size)
{
	if (fd_waiver == -1) {
		if ((fd_waiver = memfd_create("mhfuzzwv", MFD_CLOEXEC)) == -1)
			abort();
		snprintf(fuzz_waiver_path, sizeof fuzz_waiver_path,
		    "/proc/self/fd/%d", fd_waiver);
	}
	if (ftruncate(fd_waiver, 0) == -1)
		abort();
	if (size > 0 &&
	    pwrite(fd_waiver, data, size, 0) != (ssize_t)size)
		abort();
}

static void
fuzz_waiver_error(char *cause)
{
	if (cause == NULL || strncmp(cause, fuzz_waiver_path,
	    strlen(fuzz_waiver_path)) != 0)
		abort();	/* every error names the file */
	free(cause);
}

static void
fuzz_waiver_waivers(void)
{
	struct waivers		 w, w2;
	const struct waiver	*x;
	struct buf		 b;
	char			*cause = NULL;
	size_t			 n;

	if (waivers_load(fuzz_waiver_path, 0, FUZZ_WAIVER_NOW, &w,
	    &cause) == -1) {
		fuzz_waiver_error(cause);
		return;
	}
	if (w.n == 0 || w.n > WAIVER_MAX) {
		waivers_clear(&w);
		return;
	}
	if (waivers_find(&w, w.v[0].id) != &w.v[0] ||
	    waiver_parse_date(w.v[0].expires) != w.v[0].until)
		abort();
	buf_init(&b, 0);
	if (waiver_file_text(&w, &w.v[0], FUZZ_WAIVER_NOW, &b,
	    &cause) == -1) {
		free(cause);	/* expired: refused as new, fine */
		goto out;
	}
	n = w.n;
	fuzz_waiver_write(buf_str(&b), b.len);
	if (waivers_load(fuzz_waiver_path, 0, FUZZ_WAIVER_NOW, &w2,
	    &cause) == -1)
		abort();	/* what we write must read back */
	if (w2.n != n || (x = waivers_find(&w2, w.v[0].id)) == NULL ||
	    strcmp(x->reason, w.v[0].reason) != 0 ||
	    strcmp(x->owner, w.v[0].owner) != 0 ||
	    strcmp(x->expires, w.v[0].expires) != 0)
		abort();
	waivers_clear(&w2);
out:
	buf_clear(&b);
	waivers_clear(&w);
}

static void
fuzz_waiver_attests(void)
{
	struct attests		 a, a2;
	const struct attest	*x;
	struct buf		 b;
	char			*cause = NULL;

	if (attests_load(fuzz_waiver_path, 0, &a, &cause) == -1) {
		fuzz_waiver_error(cause);
		return;
	}
	if (a.n == 0) {
		attests_clear(&a);
		return;
	}
	buf_init(&b, 0);
	if (attest_file_text(&a, &a.v[0], &b, &cause) == -1)
		abort();	/* a loaded answer is a valid one */
	fuzz_waiver_write(buf_str(&b), b.len);
	if (attests_load(fuzz_waiver_path, 0, &a2, &cause) == -1)
		abort();
	if (a2.n != a.n || (x = attests_find(&a2, a.v[0].id)) == NULL ||
	    x->yes != a.v[0].yes || strcmp(x->note, a.v[0].note) != 0 ||
	    strcmp(x->by, a.v[0].by) != 0 ||
	    strcmp(x->date, a.v[0].date) != 0)
		abort();
	attests_clear(&a2);
	buf_clear(&b);
	attests_clear(&a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_waiver_write(data, size);
	fuzz_waiver_waivers();
	fuzz_waiver_write(data, size);
	fuzz_waiver_attests();
	return 0;
}
