/*
 * datadir.h - where the bundled data files are (clouds.conf, dnsbl.conf,
 * checklists/).  Order: the directory set with datadir_set() (the
 * --datadir option), $MAILHARDEN_DATADIR, then the installed pkgdatadir,
 * then the source tree's data/ when nothing is installed (a build tree).
 */
#ifndef MH_DATADIR_H
#define MH_DATADIR_H

void		 datadir_set(const char *);
const char	*datadir_get(void);
/* datadir + "/" + name, caller frees. */
char		*datadir_file(const char *name);

#endif
