/*
 * version.h - the tool's and its libraries' versions.
 */
#ifndef MH_VERSION_H
#define MH_VERSION_H

struct buf;

/* "mailharden 0.1.0" and one line per library (libcurl, c-ares, ...). */
void	version_text(struct buf *);

#endif
