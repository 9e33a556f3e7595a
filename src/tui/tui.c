/*
 * tui.c - TODO (being written).
 */
#include "mh.h"

#include <cdk/cdk.h>

#include "buf.h"
#include "cli/cli.h"
#include "tui/tui.h"

int
tui_main(struct mh_opts *opts)
{
	(void)opts;
	return MH_EXIT_RUNTIME;
}

void
tui_version_text(struct buf *b)
{
	buf_printf(b, "  %s\n", curses_version());
}
