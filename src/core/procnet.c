/*
 * procnet.c - read the listening TCP sockets from /proc/net/tcp and
 * /proc/net/tcp6, and find which process owns each of them.
 *
 * A line looks like
 *   0: 0100007F:0019 00000000:0000 0A 00000000:00000000 00:00000000
 *      00000000     0        0 12345 1 ...
 * The local address is the kernel's in-memory (network order) address
 * printed as 32-bit words in host byte order: one word for IPv4, four
 * for IPv6.  The port is a plain hex number, state 0A is LISTEN, the
 * tenth field is the socket inode.  The text is untrusted: every field
 * is checked and a line that does not fit is counted, not trusted.
 */
#include "mh.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <ctype.h>
#include <errno.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procnet.h"
#include "rootfs.h"

#define PROCNET_LINE_MAX	1024
#define PROCNET_FIELDS		10
#define PROCNET_MAX_PIDS	65536	/* processes looked at */
#define PROCNET_MAX_FDS		(1024 * 1024) /* fd links looked at */
#define PROCNET_STATE_LISTEN	0x0a

static int
procnet_hex(const char *s, size_t len, unsigned long *out)
{
	unsigned long	v = 0;
	size_t		i;
	int		d;

	if (len == 0 || len > 8)
		return -1;
	for (i = 0; i < len; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return -1;
		d = isdigit((unsigned char)s[i]) ? s[i] - '0' :
		    (tolower((unsigned char)s[i]) - 'a' + 10);
		v = (v << 4) | (unsigned long)d;
	}
	*out = v;
	return 0;
}

/* "0100007F:0019" -> text address and port; -1 when malformed. */
static int
procnet_parse_local(const char *s, int family, struct procnet_sock *ps)
{
	const char	*colon = strchr(s, ':');
	unsigned char	 bytes[16];
	unsigned long	 w, port;
	uint32_t	 w32;
	size_t		 nwords = family == 4 ? 1 : 4, i;

	if (colon == NULL || (size_t)(colon - s) != nwords * 8)
		return -1;
	for (i = 0; i < nwords; i++) {
		if (procnet_hex(s + i * 8, 8, &w) == -1)
			return -1;
		w32 = (uint32_t)w;
		memcpy(bytes + i * 4, &w32, 4);	/* host order as printed */
	}
	if (procnet_hex(colon + 1, strlen(colon + 1), &port) == -1 ||
	    strlen(colon + 1) != 4)
		return -1;
	if (inet_ntop(family == 4 ? AF_INET : AF_INET6, bytes, ps->addr,
	    sizeof ps->addr) == NULL)
		return -1;
	ps->family = family;
	ps->port = (int)port;
	return 0;
}

/* 1 = a LISTEN socket was filled in, 0 = another state, -1 = bad. */
static int
procnet_parse_line(char *line, int family, struct procnet_sock *ps)
{
	char		*f[PROCNET_FIELDS], *p = line, *end;
	unsigned long	 st;
	size_t		 n = 0;

	while (n < PROCNET_FIELDS) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		f[n++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		if (*p != '\0')
			*p++ = '\0';
	}
	if (n < PROCNET_FIELDS)
		return -1;
	/* "12:" slot number. */
	if (strlen(f[0]) < 2 || f[0][strlen(f[0]) - 1] != ':')
		return -1;
	if (procnet_hex(f[3], strlen(f[3]), &st) == -1 || strlen(f[3]) != 2)
		return -1;
	memset(ps, 0, sizeof *ps);
	if (procnet_parse_local(f[1], family, ps) == -1)
		return -1;
	if (f[9][0] == '\0' || strlen(f[9]) > 20 ||
	    strspn(f[9], "0123456789") != strlen(f[9]))
		return -1;
	ps->inode = strtoul(f[9], &end, 10);
	if (*end != '\0')
		return -1;
	return st == PROCNET_STATE_LISTEN ? 1 : 0;
}

void
procnet_parse(struct procnet *pn, const char *text, int family)
{
	struct procnet_sock	 ps;
	const char		*p = text, *nl;
	char			 line[PROCNET_LINE_MAX];
	size_t			 len;
	int			 r, first = 1;

	if (family != 4 && family != 6)
		return;
	while (*p != '\0') {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (len >= sizeof line) {
			pn->bad_lines++;
			goto next;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		if (first && strstr(line, "local_address") != NULL)
			goto next;	/* the header */
		if (strspn(line, " \t\r") == len)
			goto next;
		r = procnet_parse_line(line, family, &ps);
		if (r == -1)
			pn->bad_lines++;
		else if (r == 1) {
			if (pn->n >= PROCNET_MAX_SOCKS) {
				pn->truncated = 1;
				goto next;
			}
			pn->v = xreallocarray(pn->v, pn->n + 1, sizeof *pn->v);
			pn->v[pn->n++] = ps;
		}
next:
		first = 0;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

int
procnet_load(struct procnet *pn, const char *root, char **cause)
{
	char	*txt = NULL, *c4 = NULL, *c6 = NULL;

	if (rootfs_read(root, "/proc/net/tcp", PROCNET_FILE_CAP, &txt, NULL,
	    &c4) == 0) {
		procnet_parse(pn, txt, 4);
		pn->have4 = 1;
		free(txt);
	}
	if (rootfs_read(root, "/proc/net/tcp6", PROCNET_FILE_CAP, &txt, NULL,
	    &c6) == 0) {
		procnet_parse(pn, txt, 6);
		pn->have6 = 1;
		free(txt);
	}
	if (!pn->have4 && !pn->have6) {
		xasprintf(cause, _("/proc/net/tcp and tcp6 not readable (%s)"),
		    c4);
		free(c4);
		free(c6);
		return -1;
	}
	free(pn->note);
	pn->note = NULL;
	if (c4 != NULL)
		pn->note = c4;
	else if (c6 != NULL)
		pn->note = c6;
	if (pn->note == c4)
		free(c6);
	else
		free(c4);
	return 0;
}

void
procnet_clear(struct procnet *pn)
{
	free(pn->v);
	free(pn->note);
	memset(pn, 0, sizeof *pn);
}

int
procnet_listening(const struct procnet *pn, int port)
{
	size_t	i;

	for (i = 0; i < pn->n; i++)
		if (pn->v[i].port == port)
			return 1;
	return 0;
}

static void
procnet_read_comm(const char *root, const char *pid, char *comm,
    size_t size)
{
	char	*path, *txt = NULL, *cause = NULL;

	xasprintf(&path, "/proc/%s/comm", pid);
	if (rootfs_read(root, path, 256, &txt, NULL, &cause) == 0) {
		snprintf(comm, size, "%s", mh_trim(txt));
		free(txt);
	} else {
		snprintf(comm, size, "?");
		free(cause);
	}
	free(path);
}

/*
 * The target of an fd link.  A fixture tree (not the live /proc) may
 * hold a small file with the link text instead of a symlink: release
 * tarballs dereference symlinks, and "socket:[N]" points nowhere.
 */
static ssize_t
procnet_readlink(const char *root, const char *path, char *link,
    size_t size)
{
	ssize_t	 n;
	char	*txt = NULL, *cause = NULL;

	n = readlink(path, link, size - 1);
	if (n == -1 && !rootfs_is_live(root) &&
	    rootfs_read(NULL, path, size - 1, &txt, NULL, &cause) == 0) {
		n = (ssize_t)snprintf(link, size, "%s", mh_trim(txt));
		free(txt);
	}
	free(cause);
	if (n >= 0)
		link[n] = '\0';
	return n;
}

/* Look at one process's fd links; returns the links looked at. */
static size_t
procnet_owners_pid(struct procnet *pn, const char *root, const char *pid,
    size_t budget, size_t *found)
{
	struct dirent	*de;
	DIR		*d;
	char		*dir, *full, link[128], comm[32] = "";
	unsigned long	 ino;
	ssize_t		 n;
	size_t		 seen = 0, i;

	xasprintf(&dir, "/proc/%s/fd", pid);
	full = rootfs_path(root, dir);
	free(dir);
	if ((d = opendir(full)) == NULL) {
		free(full);
		return 0;
	}
	while (seen < budget && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		seen++;
		xasprintf(&dir, "%s/%s", full, de->d_name);
		n = procnet_readlink(root, dir, link, sizeof link);
		free(dir);
		if (n == -1 && errno == EACCES && rootfs_is_live(root))
			break;	/* the same for every fd of this process */
		if (n <= 0)
			continue;
		if (strncmp(link, "socket:[", 8) != 0 ||
		    link[n - 1] != ']' || !isdigit((unsigned char)link[8]))
			continue;
		ino = strtoul(link + 8, NULL, 10);
		for (i = 0; i < pn->n; i++) {
			if (pn->v[i].inode != ino || pn->v[i].pid != 0 ||
			    ino == 0)
				continue;
			if (comm[0] == '\0')
				procnet_read_comm(root, pid, comm,
				    sizeof comm);
			pn->v[i].pid = (int)strtol(pid, NULL, 10);
			snprintf(pn->v[i].comm, sizeof pn->v[i].comm, "%s",
			    comm);
			(*found)++;
		}
	}
	closedir(d);
	free(full);
	return seen;
}

size_t
procnet_owners(struct procnet *pn, const char *root)
{
	struct dirent	*de;
	DIR		*d;
	char		*proc;
	size_t		 found = 0, fds = 0, pids = 0;

	if (pn->n == 0)
		return 0;
	proc = rootfs_path(root, "/proc");
	d = opendir(proc);
	free(proc);
	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL && pids < PROCNET_MAX_PIDS &&
	    fds < PROCNET_MAX_FDS && found < pn->n) {
		if (de->d_name[0] == '\0' || strlen(de->d_name) > 10 ||
		    strspn(de->d_name, "0123456789") != strlen(de->d_name))
			continue;
		pids++;
		fds += procnet_owners_pid(pn, root, de->d_name,
		    PROCNET_MAX_FDS - fds, &found);
	}
	closedir(d);
	return found;
}
