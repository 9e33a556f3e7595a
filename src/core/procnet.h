/*
 * procnet.h - listening TCP sockets from /proc/net/tcp and tcp6, and
 * the processes that own them.
 *
 * Honours --root (a fixture tree may carry proc/net/tcp and
 * proc/<pid>/fd links).  Lines that do not parse are skipped and
 * counted.  Fuzzed by tests/fuzz.
 */
#ifndef MH_PROCNET_H
#define MH_PROCNET_H

#include <stddef.h>

#define PROCNET_FILE_CAP	(8 * 1024 * 1024) /* ~55000 sockets */
#define PROCNET_MAX_SOCKS	4096	/* listening sockets kept */

struct procnet_sock {
	int	family;		/* 4 or 6 */
	char	addr[64];	/* "0.0.0.0", "127.0.0.1", "::", "::1" */
	int	port;
	unsigned long inode;
	int	pid;		/* owner, 0 when not known */
	char	comm[32];	/* owner's command name, "" when not known */
};

struct procnet {
	struct procnet_sock	*v;
	size_t			 n;
	size_t			 bad_lines;
	int			 truncated;	/* over PROCNET_MAX_SOCKS */
	int			 have4;		/* tcp was read */
	int			 have6;		/* tcp6 was read */
	char			*note;	/* why one of them was not read */
};

/* Parse one /proc/net/tcp{,6} text, appending LISTEN sockets. */
void	procnet_parse(struct procnet *, const char *text, int family);
/*
 * Read both files under root; -1 with *cause when neither is readable
 * (pn->note then says why the other one was missing, if only one was).
 */
int	procnet_load(struct procnet *, const char *root, char **cause);
void	procnet_clear(struct procnet *);
/* Listening on port? */
int	procnet_listening(const struct procnet *, int port);
/*
 * Find the owners of the listening sockets by scanning <root>/proc/<pid>
 * /fd links (bounded).  Returns how many sockets got an owner; sockets
 * of processes we may not look into (not root) stay unowned.
 */
size_t	procnet_owners(struct procnet *, const char *root);

#endif
