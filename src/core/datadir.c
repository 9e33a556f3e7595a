/*
 * datadir.c - locate bundled data files.
 */
#include "mh.h"

#include <sys/stat.h>

#include <stdlib.h>

#include "datadir.h"

static const char	*datadir_override;

void
datadir_set(const char *dir)
{
	datadir_override = dir;
}

/*
 * Not installed yet (run from the build tree, as the README's first
 * command does): fall back to the source tree's data directory.
 */
static int
datadir_installed(void)
{
	struct stat	st;

	return stat(PKGDATADIR "/clouds.conf", &st) == 0;
}

const char *
datadir_get(void)
{
	const char	*env;

	if (datadir_override != NULL)
		return datadir_override;
	if ((env = getenv("MAILHARDEN_DATADIR")) != NULL && *env != '\0')
		return env;
	return datadir_installed() ? PKGDATADIR : SRCDATADIR;
}

char *
datadir_file(const char *name)
{
	char	*p;

	xasprintf(&p, "%s/%s", datadir_get(), name);
	return p;
}
