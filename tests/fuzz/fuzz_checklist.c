/*
 * fuzz_checklist.c - feed bytes as a checklist file through the loader
 * (checklist_load reads a path, so each input is written to one private
 * in-memory file), then lint whatever loaded and run the engine over a
 * small fixed fact set, checking the loader's and engine's promises.
 */
#include "mh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"
#include "checklist.h"
#include "fact.h"
#include "fuzz.h"

const char *fuzz_corpus_name = "checklist";

/* libconfig 1.5 leaks lexer buffers on some parse errors (not ours). */
const char	*__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:libconfig.so\n";
}

static char fuzz_checklist_path[64];
static int fd_list = -1;

/*
 * One in-memory file (no disk traffic for 20000 inputs), read by its
 * /proc/self/fd path like any other file.
 */
static const char *
fuzz_checklist_file(const uint8_t *data, size_t size)
{
	if (fd_list == -1) {
		if ((fd_list = memfd_create("mhfuzzcl", MFD_CLOEXEC)) == -1)
			abort();
		snprintf(fuzz_checklist_path, sizeof fuzz_checklist_path,
		    "/proc/self/fd/%d", fd_list);
	}
	if (ftruncate(fd_list, 0) == -1)
		abort();
	if (size > 0 &&
	    pwrite(fd_list, data, size, 0) != (ssize_t)size)
		abort();
	return fuzz_checklist_path;
}

static struct facts *
fuzz_checklist_facts(void)
{
	struct facts	*fs = facts_create();
	struct fact	*f;

	facts_set_bool(fs, "port.25.listening", 1);
	facts_set_bool(fs, "smtp.25.starttls", 1);
	facts_set_bool(fs, "smtp.25.vrfy", 0);
	facts_set_int(fs, "logs.retention_days", 28);
	facts_set_str(fs, "dnsbl.zen.spamhaus.org", "clean");
	facts_set_unknown(fs, "smtp.25.open_relay", FACT_BOOL, "trusted");
	f = facts_set_list(fs, "fw.installed");
	fact_list_add(f, "ufw");
	return fs;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct facts	*fs;
	struct checklist	 cl;
	struct checklists	 cls;
	struct check_run	 run;
	const struct check_item	*it;
	const char		*path;
	char			*cause = NULL, **msgs = NULL;
	size_t			 i, n = 0;

	if (fs == NULL)
		fs = fuzz_checklist_facts();
	path = fuzz_checklist_file(data, size);
	if (checklist_load(path, &cl, &cause) == -1) {
		/* Every error names the file. */
		if (cause == NULL || strncmp(cause, path, strlen(path)) != 0)
			abort();
		if (cl.items != NULL || cl.name != NULL)
			abort();
		free(cause);
		return 0;
	}
	if (cl.name == NULL || cl.title == NULL || cl.version == NULL ||
	    cl.nitems > CHECKLIST_MAX_ITEMS)
		abort();
	for (i = 0; i < cl.nitems; i++) {
		it = &cl.items[i];
		if (it->id == NULL || it->title == NULL ||
		    it->rationale == NULL || it->fix_text == NULL ||
		    (unsigned)it->severity >= CHECK_NSEV ||
		    it->nrefs > CHECKLIST_MAX_REFS)
			abort();
		if (it->manual ? it->expect != NULL : it->expect == NULL)
			abort();
		if ((it->when == NULL) != (it->when_text == NULL))
			abort();
	}
	(void)checklist_lint(&cl, &msgs, &n);
	for (i = 0; i < n; i++)
		if (strncmp(msgs[i], path, strlen(path)) != 0)
			abort();
	mh_strv_free(msgs, n);
	cls.v = &cl;
	cls.n = 1;
	check_run(&run, &cls, fs, NULL, NULL, 1799971200);
	if (run.nresults != cl.nitems || run.total.passed > run.total.counted)
		abort();
	for (i = 0; i < run.nresults; i++)
		if (run.results[i].verdict == CHECK_WAIVED ||
		    (unsigned)run.results[i].verdict >= CHECK_NVERDICTS)
			abort();	/* no waivers given */
	if (check_score_percent(&run.total) > 100)
		abort();
	check_run_clear(&run);
	checklist_clear(&cl);
	return 0;
}
