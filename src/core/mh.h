/*
 * mh.h - what every core file includes: config, exit codes, small
 * helpers.  No curses here or in anything under src/core.
 */
#ifndef MH_H
#define MH_H

#include <config.h>

#include <stddef.h>

#include "i18n.h"
#include "xmalloc.h"

/* Exit status of every subcommand (DESIGN.md). */
#define MH_EXIT_OK	0	/* all good */
#define MH_EXIT_FINDINGS 1	/* a check failed */
#define MH_EXIT_USAGE	2	/* usage or input error */
#define MH_EXIT_RUNTIME	3	/* could not complete */

#define nitems(a)	(sizeof (a) / sizeof ((a)[0]))

/* Caps for anything read from outside. */
#define MH_FILE_CAP	(256 * 1024)	/* a config or /proc file */
#define MH_LINE_CAP	4096		/* one line of evidence */

#endif
