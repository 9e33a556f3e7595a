/*
 * fuzz_osrel.c - fuzz the os-release parser, and the OS detector that
 * reads it: every input is parsed with osrel_parse; the first inputs
 * (the corpus) and then one in FUZZ_OSREL_DETECT_EVERY are also written
 * into a private temporary root as one of the release files (chosen by
 * the input's length) and detect_os_run reads that root (the detector
 * costs about a millisecond a run under ASan).  Every fact it produces
 * must be well formed (known with a value, or a reason).
 */
#include "mh.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "detect.h"
#include "fact.h"
#include "fuzz.h"
#include "osrel.h"

#define FUZZ_OSREL_DETECT_FIRST	64
#define FUZZ_OSREL_DETECT_EVERY	10

const char *fuzz_corpus_name = "osrel";

static const char *const fuzz_osrel_files[] = {
	"/etc/os-release", "/etc/redhat-release", "/etc/lsb-release",
	"/etc/SuSE-release", "/etc/debian_version", "/etc/alpine-release"
};

static char	fuzz_osrel_root[64];

static void
fuzz_osrel_cleanup(void)
{
	char	p[256];
	size_t	i;

	for (i = 0; i < nitems(fuzz_osrel_files); i++) {
		snprintf(p, sizeof p, "%s%s", fuzz_osrel_root,
		    fuzz_osrel_files[i]);
		unlink(p);
	}
	snprintf(p, sizeof p, "%s/etc", fuzz_osrel_root);
	rmdir(p);
	rmdir(fuzz_osrel_root);
}

static void
fuzz_osrel_setup(void)
{
	char	p[256];

	if (fuzz_osrel_root[0] != '\0')
		return;
	snprintf(fuzz_osrel_root, sizeof fuzz_osrel_root,
	    "%s/mhfuzzos.XXXXXX", "/tmp");
	if (mkdtemp(fuzz_osrel_root) == NULL)
		abort();
	snprintf(p, sizeof p, "%s/etc", fuzz_osrel_root);
	if (mkdir(p, 0755) == -1)
		abort();
	atexit(fuzz_osrel_cleanup);
}

static void
fuzz_osrel_write(const char *path, const uint8_t *data, size_t size)
{
	int	fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned long	 calls;
	struct osrel		 o;
	struct detect_ctx	 ctx;
	struct facts		*fs;
	const struct fact	*f;
	char			 path[256];
	size_t			 i, which;

	osrel_parse(&o, (const char *)data, size);
	if (o.n > OSREL_MAX_KEYS)
		abort();
	for (i = 0; i < o.n; i++) {
		if (o.kv[i].key == NULL || o.kv[i].value == NULL ||
		    strlen(o.kv[i].key) > OSREL_KEY_MAX ||
		    strlen(o.kv[i].value) > MH_LINE_CAP ||
		    osrel_get(&o, o.kv[i].key) != o.kv[i].value)
			abort();
	}
	osrel_clear(&o);

	calls++;
	if (calls > FUZZ_OSREL_DETECT_FIRST &&
	    calls % FUZZ_OSREL_DETECT_EVERY != 0)
		return 0;
	fuzz_osrel_setup();
	which = size % nitems(fuzz_osrel_files);
	snprintf(path, sizeof path, "%s%s", fuzz_osrel_root,
	    fuzz_osrel_files[which]);
	fuzz_osrel_write(path, data, size);
	memset(&ctx, 0, sizeof ctx);
	ctx.root = fuzz_osrel_root;
	fs = facts_create();
	detect_os_run(&ctx, fs);
	for (i = 0; i < fs->n; i++) {
		f = &fs->v[i];
		if (f->state == FACT_KNOWN && f->type == FACT_STR &&
		    f->s == NULL)
			abort();
		if (f->state != FACT_KNOWN && f->reason == NULL)
			abort();
	}
	facts_free(fs);
	unlink(path);
	return 0;
}
