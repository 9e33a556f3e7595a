/*
 * rootfs.c - capped, root-relative file reading.
 */
#include "mh.h"

#include <sys/stat.h>
#include <sys/syscall.h>

#include <linux/openat2.h>

#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "rootfs.h"

int
rootfs_is_live(const char *root)
{
	return root == NULL || *root == '\0' || strcmp(root, "/") == 0;
}

char *
rootfs_path(const char *root, const char *path)
{
	char	*p;
	size_t	 n;

	if (rootfs_is_live(root))
		return xstrdup(path);
	n = strlen(root);
	while (n > 1 && root[n - 1] == '/')
		n--;
	while (*path == '/')
		path++;
	xasprintf(&p, "%.*s/%s", (int)n, root, path);
	return p;
}

/*
 * Open path as seen inside root: symlinks (absolute ones too) resolve
 * within the tree, never onto the host, through openat2's
 * RESOLVE_IN_ROOT.  Kernels without openat2 fall back to joining the
 * paths.
 */
static int
rootfs_open(const char *root, const char *path, int flags)
{
	struct open_how	 how;
	char		*full;
	int		 rootfd, fd, saved;

	if (rootfs_is_live(root))
		return open(path, flags);
	if ((rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	memset(&how, 0, sizeof how);
	how.flags = (unsigned long long)flags;
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof how);
	saved = errno;
	close(rootfd);
	if (fd == -1 && saved == ENOSYS) {
		full = rootfs_path(root, path);
		fd = open(full, flags);
		free(full);
		return fd;
	}
	errno = saved;
	return fd;
}

int
rootfs_read(const char *root, const char *path, size_t cap, char **out,
    size_t *len, char **cause)
{
	struct buf	 b;
	struct stat	 st;
	char		 chunk[8192];
	ssize_t		 n;
	int		 fd = -1, rc = -1;

	*out = NULL;
	buf_init(&b, cap);
	fd = rootfs_open(root, path, O_RDONLY | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK);
	if (fd == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		xasprintf(cause, _("%s: not a regular file"), path);
		goto out;
	}
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			xasprintf(cause, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		buf_add(&b, chunk, (size_t)n);
		if (b.truncated) {
			xasprintf(cause, _("%s: larger than %zu bytes"), path,
			    cap);
			goto out;
		}
	}
	if (memchr(buf_str(&b), '\0', b.len) != NULL) {
		xasprintf(cause, _("%s: contains NUL bytes (not a text file)"),
		    path);
		goto out;
	}
	if (len != NULL)
		*len = b.len;
	*out = buf_steal(&b);
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	buf_clear(&b);
	return rc;
}

int
rootfs_exists(const char *root, const char *path)
{
	int	fd;

	fd = rootfs_open(root, path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return 0;
	close(fd);
	return 1;
}

int
rootfs_is_exec(const char *root, const char *path)
{
	struct stat	st;
	int		fd, rc;

	if ((fd = rootfs_open(root, path, O_PATH | O_CLOEXEC)) == -1)
		return 0;
	rc = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 0111) != 0;
	close(fd);
	return rc;
}

char *
rootfs_which(const char *root, const char *name)
{
	static const char	*dirs[] = {
		"/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin",
		"/usr/local/bin"
	};
	char			*p;
	size_t			 i;

	for (i = 0; i < nitems(dirs); i++) {
		xasprintf(&p, "%s/%s", dirs[i], name);
		if (rootfs_is_exec(root, p))
			return p;
		free(p);
	}
	return NULL;
}

char *
mh_trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

char *
mh_next_line(char **p)
{
	char	*line = *p, *nl;

	if (line == NULL || *line == '\0')
		return NULL;
	if ((nl = strchr(line, '\n')) != NULL) {
		*nl = '\0';
		*p = nl + 1;
	} else
		*p = line + strlen(line);
	return line;
}

int
mh_write_all(int fd, const void *data, size_t n)
{
	const char	*p = data;
	ssize_t		 w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
mh_errat(char **cause, const char *file, int line, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (line > 0)
		xasprintf(cause, "%s:%d: %s", file, line, msg);
	else
		xasprintf(cause, "%s: %s", file, msg);
	free(msg);
	return -1;
}
