/*
 * buf.h - a growable byte buffer, always NUL-terminated, with an
 * optional cap.  Anything read from outside goes through one of these:
 * past the cap, bytes are dropped and 'truncated' is set.
 */
#ifndef MH_BUF_H
#define MH_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;		/* always NUL-terminated when non-NULL */
	size_t	 len;
	size_t	 size;
	size_t	 cap;		/* 0 = no cap */
	int	 truncated;	/* bytes were dropped at the cap */
};

void	 buf_init(struct buf *, size_t cap);
void	 buf_clear(struct buf *);
void	 buf_reset(struct buf *);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_adds(struct buf *, const char *);
void	 buf_addc(struct buf *, char);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
const char *buf_str(const struct buf *);	/* "" when empty */
char	*buf_steal(struct buf *);		/* caller frees */
void	 buf_json_str(struct buf *, const char *);	/* quoted, escaped */

/*
 * Display width in the current locale: a CJK character is two columns,
 * a byte that does not decode counts one.  For aligning columns of text
 * that may be translated (printf's %-*s pads by bytes, not columns).
 */
size_t	 mh_width(const char *);
/* Append s, then spaces up to width columns (nothing when s is wider). */
void	 buf_add_padded(struct buf *, const char *, size_t width);

#endif
