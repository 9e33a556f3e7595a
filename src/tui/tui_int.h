/*
 * tui_int.h - what the TUI files share: the wizard state, the step
 * table entry a view provides, and the popup widgets.  Only src/tui
 * includes this (it brings CDK and curses).
 */
#ifndef MH_TUI_INT_H
#define MH_TUI_INT_H

#include <cdk/cdk.h>
#include <time.h>

struct facts;

struct buf;
struct mh_opts;
struct tui;

#define TUI_MIN_COLS	80
#define TUI_MIN_LINES	24
#define TUI_STEPS_WIDTH	20	/* the step list on the left */

/* The mark in front of a step in the step list. */
enum tui_mark {
	TUI_MARK_TODO,		/* "[ ]" not looked at yet */
	TUI_MARK_DONE,		/* "[+]" done, nothing missing */
	TUI_MARK_PARTIAL,	/* "[?]" done, some facts UNKNOWN */
	TUI_MARK_ERROR		/* "[!]" something failed */
};

/* What a view's key handler did with a key. */
enum tui_result {
	TUI_IGNORED,		/* not a key of the view: the frame decides */
	TUI_HANDLED,		/* the view took it and redrew itself */
	TUI_REDRAW		/* the frame must rebuild the layout */
};

struct tui_rect {
	int	x;
	int	y;
	int	w;
	int	h;
};

/*
 * One row of the step table (tui.c).  A view lives in view_<name>.c and
 * fills this; views never call each other, the frame drives them.
 * State is the view's own, allocated by init and freed by free.  build
 * creates the view's CDK widgets inside rect on t->screen (again after
 * every resize), unbuild destroys them.  focus tells it whether it
 * has the keyboard.  key gets the keys the frame does not use itself
 * while the view has the focus.  work runs between key presses (with
 * the screen drawn) for pending work such as detection; it returns 1
 * when the frame must rebuild the layout (and call it again at once).
 * mark gives the state shown in the step list.
 */
struct tui_view {
	const char	*name;		/* stable id: "system" */
	const char	*title;		/* N_() shown in the step list */
	const char *const *hints;	/* N_() "KEY What" hints, NULL-ended */
	void		*(*init)(struct tui *);
	void		 (*build)(struct tui *, void *,
			    const struct tui_rect *);
	void		 (*unbuild)(struct tui *, void *);
	void		 (*focus)(struct tui *, void *, int);
	enum tui_result	 (*key)(struct tui *, void *, int);
	int		 (*work)(struct tui *, void *);
	enum tui_mark	 (*mark)(void *);
	void		 (*free)(void *);
	/* Optional: the hints for the view's current mode (else hints). */
	const char *const *(*hints_now)(void *);
	/* Optional: a question the view asked with tui_widgets_confirm
	 * and its own action id (not TUI_ACTION_QUIT) was answered yes. */
	enum tui_result	 (*answer)(struct tui *, void *, int action);
	/* Optional: the facts the step found out (NULL when none yet). */
	const struct facts *(*facts)(void *);
};

/* Popups: one at a time, on top of everything, rebuilt on resize. */
enum tui_popup_kind {
	TUI_POPUP_NONE,
	TUI_POPUP_TEXT,		/* scrolling text: help, evidence */
	TUI_POPUP_CONFIRM	/* a yes/no question */
};

enum tui_popup_result {
	TUI_POPUP_OPEN,		/* still open */
	TUI_POPUP_CLOSED,	/* closed (Esc, Enter on text, "No") */
	TUI_POPUP_YES		/* confirmed */
};

struct tui_popup {
	enum tui_popup_kind	 kind;
	char			*title;
	char			**lines;	/* escaped for CDK */
	int			 nlines;
	int			 action;	/* caller's id for a confirm */
	CDKSWINDOW		*sw;
	CDKDIALOG		*dlg;
};

struct tui {
	struct mh_opts		*opts;
	CDKSCREEN		*screen;
	int			 color;		/* colour is on */
	int			 too_small;
	int			 focus_view;	/* 0 step list, 1 view */
	size_t			 cur;		/* current step */
	void			**state;	/* per step, from init */
	CDKSCROLL		*steps;
	struct tui_popup	 popup;
	char			 host[256];
	int			 quit;
};

/* Styles for tui_style(): colour when on, bold (or nothing) when off. */
enum tui_style {
	TUI_S_PLAIN,
	TUI_S_BOLD,
	TUI_S_OK,
	TUI_S_UNKNOWN,
	TUI_S_ERROR
};

/* tui.c */
const char	*tui_text(const char *) __attribute__((format_arg(1)));
char		*tui_data(const char *);
void		 tui_style(const struct tui *, struct buf *, enum tui_style,
		    const char *);

/* Every step's facts merged into fs (for the Checklist step). */
void		 tui_facts(struct tui *, struct facts *fs);
/* The state of a step by its view, NULL when it is not in the table. */
void		*tui_state_of(struct tui *, const struct tui_view *);

/* tui_widgets.c */
void	tui_widgets_text(struct tui *, const char *, const char *);
void	tui_widgets_confirm(struct tui *, const char *, int);
void	tui_widgets_build(struct tui *);
void	tui_widgets_unbuild(struct tui *);
void	tui_widgets_close(struct tui *);
enum tui_popup_result tui_widgets_key(struct tui *, int);
int	tui_widgets_nav_key(int);
char	*tui_widgets_ask(struct tui *, const struct tui_rect *,
	    const char *, const char *);
int	tui_widgets_write(struct tui *, const char *, const char *,
	    const char *, const char *, char **);

/* view_system.c */
extern const struct tui_view view_system;
/* view_domain.c */
extern const struct tui_view view_domain;
/* view_firewall.c */
extern const struct tui_view view_firewall;
/* view_connectivity.c */
extern const struct tui_view view_connectivity;
/* view_records.c */
extern const struct tui_view view_records;
/* view_checklist.c */
extern const struct tui_view view_checklist;
struct check_run;
const struct check_run *view_checklist_run(struct tui *,
		    const struct facts **, time_t *);
void		 view_checklist_paths(struct tui *, char **, char **);
/* view_report.c */
extern const struct tui_view view_report;

#endif
