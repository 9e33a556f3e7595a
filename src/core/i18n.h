/* i18n.h - gettext macros for every user-facing string. */
#ifndef MH_I18N_H
#define MH_I18N_H

#include <config.h>

#if ENABLE_NLS
#include <libintl.h>
#define _(s)	gettext(s)
#else
#define _(s)	(s)
#endif
#define N_(s)	(s)

#endif
