/*
 * osrel.c - TODO (being written).
 */
#include "mh.h"

#include <stdlib.h>
#include <string.h>

#include "osrel.h"

void
osrel_parse(struct osrel *o, const char *text, size_t len)
{
	(void)text;
	(void)len;
	memset(o, 0, sizeof *o);
}

void
osrel_clear(struct osrel *o)
{
	size_t	i;

	for (i = 0; i < o->n; i++) {
		free(o->kv[i].key);
		free(o->kv[i].value);
	}
	free(o->kv);
	memset(o, 0, sizeof *o);
}

const char *
osrel_get(const struct osrel *o, const char *key)
{
	size_t	i;

	for (i = 0; i < o->n; i++)
		if (strcmp(o->kv[i].key, key) == 0)
			return o->kv[i].value;
	return NULL;
}
