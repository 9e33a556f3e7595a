/*
 * procnet.c - TODO (being written).
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "procnet.h"

void
procnet_parse(struct procnet *pn, const char *text, int family)
{
	(void)pn;
	(void)text;
	(void)family;
}

int
procnet_load(struct procnet *pn, const char *root, char **cause)
{
	(void)pn;
	(void)root;
	xasprintf(cause, "not implemented");
	return -1;
}

void
procnet_clear(struct procnet *pn)
{
	free(pn->v);
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
