/*
 * datadir.c - locate bundled data files.
 */
#include "mh.h"

#include <stdlib.h>

#include "datadir.h"

static const char	*datadir_override;

void
datadir_set(const char *dir)
{
	datadir_override = dir;
}

const char *
datadir_get(void)
{
	const char	*env;

	if (datadir_override != NULL)
		return datadir_override;
	if ((env = getenv("MAILHARDEN_DATADIR")) != NULL && *env != '\0')
		return env;
	return PKGDATADIR;
}

char *
datadir_file(const char *name)
{
	char	*p;

	xasprintf(&p, "%s/%s", datadir_get(), name);
	return p;
}
