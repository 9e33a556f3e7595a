/*
 * factdef.h - the catalogue of fact names: group, label and meaning.
 *
 * Everything that shows facts to a person (CLI text, TUI, reports)
 * takes labels from here; the checklist linter (issue 6) uses it to
 * reject unknown fact names.  Names with a '*' segment match any one
 * segment ("port.*.listening" matches "port.25.listening"); a final
 * "**" matches the rest ("dnsbl.**" matches "dnsbl.zen.spamhaus.org").
 */
#ifndef MH_FACTDEF_H
#define MH_FACTDEF_H

#include <stddef.h>

struct factdef {
	const char	*name;
	const char	*group;		/* N_() group title */
	const char	*label;		/* N_() short label */
};

const struct factdef	*factdef_find(const char *name);
/* Does name match pattern ('*' one segment, final "**" the rest)? */
int			 factdef_match(const char *pattern, const char *name);
/* Groups in display order, NULL-terminated (N_() strings). */
const char *const	*factdef_groups(void);
/* label with the '*' segment of name put in for its %s (caller frees). */
char			*factdef_expand(const char *name, const char *label);
/* Translated label for a fact name (the name itself when unknown). */
const char		*factdef_label(const char *name);
const char		*factdef_group(const char *name);
const struct factdef	*factdef_all(size_t *n);

#endif
