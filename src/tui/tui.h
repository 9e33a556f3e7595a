/*
 * tui.h - the wizard.  No curses types in this header: the CLI includes
 * it.
 */
#ifndef MH_TUI_H
#define MH_TUI_H

struct buf;
struct mh_opts;

int	tui_main(struct mh_opts *);
void	tui_version_text(struct buf *);

#endif
