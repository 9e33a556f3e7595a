/*
 * xmalloc.h - allocation that never returns NULL.
 *
 * On failure the registered fatal hook runs (the TUI restores the
 * terminal there), a one-line message goes to stderr and the process
 * exits with status 3.
 */
#ifndef MH_XMALLOC_H
#define MH_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void	 xmalloc_set_fatal_hook(void (*)(void));
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 xvasprintf(char **, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
/* Free n strings and the array (NULL-safe). */
void	 mh_strv_free(char **, size_t);
void	 fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
