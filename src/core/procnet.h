/*
 * procnet.h - listening TCP sockets from /proc/net/tcp and tcp6.
 *
 * Honours --root (a fixture tree may carry proc/net/tcp).  Lines that do
 * not parse are skipped and counted.  Fuzzed by tests/fuzz.
 */
#ifndef MH_PROCNET_H
#define MH_PROCNET_H

#include <stddef.h>

struct procnet_sock {
	int	family;		/* 4 or 6 */
	char	addr[64];	/* "0.0.0.0", "127.0.0.1", "::", "::1" */
	int	port;
	unsigned long inode;
};

struct procnet {
	struct procnet_sock	*v;
	size_t			 n;
	size_t			 bad_lines;
};

/* Parse one /proc/net/tcp{,6} text, appending LISTEN sockets. */
void	procnet_parse(struct procnet *, const char *text, int family);
/* Read both files under root; -1 with *cause when neither is readable. */
int	procnet_load(struct procnet *, const char *root, char **cause);
void	procnet_clear(struct procnet *);
/* Listening on port? Fill the addresses into a caller-given list. */
int	procnet_listening(const struct procnet *, int port);

#endif
