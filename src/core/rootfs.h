/*
 * rootfs.h - read the system's files, under --root when one is given.
 *
 * Every path handed in is absolute as seen on the target system
 * ("/etc/os-release"); with a root of "/srv/fixture" the file read is
 * "/srv/fixture/etc/os-release".  Reads are capped; a file over the cap
 * is an error, not a silent truncation.
 */
#ifndef MH_ROOTFS_H
#define MH_ROOTFS_H

#include <stddef.h>

/* "root + path" (caller frees).  root NULL or "/" means the live system. */
char	*rootfs_path(const char *root, const char *path);
int	 rootfs_is_live(const char *root);

/*
 * Read a whole regular file into *out (NUL-terminated, caller frees),
 * at most cap bytes.  Returns 0, or -1 with *cause set ("no such file",
 * "too large", ...).  NUL bytes inside the file are an error.
 */
int	 rootfs_read(const char *root, const char *path, size_t cap,
	    char **out, size_t *len, char **cause);
int	 rootfs_exists(const char *root, const char *path);
/* Executable regular file at root+path. */
int	 rootfs_is_exec(const char *root, const char *path);
/* First of /usr/sbin, /usr/bin, /sbin, /bin holding an executable NAME
 * (target-side path, caller frees), or NULL. */
char	*rootfs_which(const char *root, const char *name);

/*
 * Trim white space: the trailing part is cut in place, and the result
 * points past the leading part (inside s: never free() the result).
 */
char	*mh_trim(char *s);
/* write(2) all of data, retrying on EINTR; -1 (errno set) on failure. */
int	 mh_write_all(int fd, const void *, size_t);
/* Next line of *p (modified in place), NULL at the end. */
char	*mh_next_line(char **p);
/*
 * *cause = "file:line: message" ("file: message" when line <= 0) for
 * loaders of data files; returns -1 so a loader can return it.
 */
int	 mh_errat(char **cause, const char *file, int line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
