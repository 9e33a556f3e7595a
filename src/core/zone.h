/*
 * zone.h - print generated DNS records (records.h): BIND zone-file
 * lines, the "DNS console" table (host relative to the zone / type /
 * value / TTL, as typed into a registrar's or cloud DNS web form), a
 * plain view to copy from (no box characters, no value wrapped) and
 * JSON.  TXT values become quoted strings of at most 255 bytes.
 */
#ifndef MH_ZONE_H
#define MH_ZONE_H

#include <stddef.h>

struct buf;
struct record;
struct records;

#define ZONE_STRING_MAX	255	/* one TXT character-string (RFC 1035) */

enum zone_fmt {
	ZONE_FMT_ZONE,
	ZONE_FMT_TABLE,
	ZONE_FMT_PLAIN,
	ZONE_FMT_JSON
};

/* "zone", "table", "plain", "json"; -1 on anything else. */
int		 zone_fmt_parse(const char *, enum zone_fmt *);
const char	*zone_fmt_name(enum zone_fmt);

/*
 * Split s into pieces of at most max bytes that concatenate to s.
 * Returns the count (at least 1: "" gives one empty piece); *out is a
 * NULL-terminated array freed with zone_strings_free.
 */
size_t		 zone_split(const char *s, size_t max, char ***out);
void		 zone_strings_free(char **);

/*
 * The TXT rdata in zone-file syntax: each piece quoted, " and \
 * escaped with a backslash, bytes outside printable ASCII as \DDD;
 * pieces joined by sep (" " or a newline and indent).
 */
void		 zone_txt_quote(const char *value, const char *sep,
		    struct buf *);

/*
 * Write the records.  width: the table's total width (0 = 80); ascii:
 * the table uses + - | instead of box-drawing characters.
 */
void		 zone_write(const struct records *, enum zone_fmt, int width,
		    int ascii, struct buf *);

#endif
