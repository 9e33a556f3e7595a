/*
 * tui.c - the wizard's frame: terminal set-up and restore, the step
 * table, the layout (header, step list, the current step's view, key
 * hints), resize handling and the key loop.
 *
 * Layout at 80x24 and above:
 *   row 0          tool, version, host, DRY RUN marker
 *   rows 1..L-2    step list (left, TUI_STEPS_WIDTH) | current view
 *   row L-1        key hints
 * Below 80x24 only a "terminal too small" message is shown.  CDK does
 * not re-layout on KEY_RESIZE, so every resize destroys and rebuilds
 * all widgets (tui_layout).
 */
#include "mh.h"

#include <cdk/cdk.h>

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "buf.h"
#include "cli/cli.h"
#include "fact.h"
#include "tui/tui.h"
#include "tui/tui_int.h"

enum tui_action {
	TUI_ACTION_QUIT = 1
};

/*
 * The step table: add a row (and a view_<name>.c) for each step.  Only
 * steps that exist are listed.
 */
static const struct tui_view *const tui_steps[] = {
	&view_system,
	&view_domain,
	&view_firewall,
	&view_connectivity,
	&view_records,
	&view_checklist,
	&view_report,
};
#define TUI_NSTEPS	nitems(tui_steps)

static const char *const tui_frame_hints[] = {
	N_("F1 Help"),
	N_("Tab Switch"),
	N_("q Quit"),
	NULL
};

static volatile sig_atomic_t	tui_signal;
static int			tui_curses_on;

static void
tui_fatal_hook(void)
{
	if (tui_curses_on) {
		tui_curses_on = 0;
		endwin();
	}
}

static void
tui_on_signal(int sig)
{
	tui_signal = sig;
}

static int
tui_width(const char *s, size_t *bytes)
{
	wchar_t		*w;
	size_t		 n;
	int		 width;

	*bytes = strlen(s);
	n = mbstowcs(NULL, s, 0);
	if (n == (size_t)-1)
		return -1;
	w = xcalloc(n + 1, sizeof *w);
	mbstowcs(w, s, n + 1);
	width = wcswidth(w, n);
	free(w);
	return width;
}

/*
 * Every string the TUI shows from the catalogue goes through here.
 * Debian's CDK counts bytes as columns: a translation is only used when
 * its byte length equals its display width in this locale, otherwise
 * the English msgid is shown.
 */
const char *
tui_text(const char *msgid)
{
	const char	*tr;
	size_t		 bytes;
	int		 w;

	tr = _(msgid);
	if (tr == msgid || strcmp(tr, msgid) == 0)
		return msgid;
	w = tui_width(tr, &bytes);
	if (w < 0 || (size_t)w != bytes)
		return msgid;
	return tr;
}

/*
 * Data (fact values, evidence) for a CDK widget, caller frees: bytes
 * that would break the layout become '?' (same rule as tui_text), and
 * '<' that CDK would read as markup becomes '{'.
 */
char *
tui_data(const char *s)
{
	char		*out, *p;
	size_t		 bytes;
	int		 w;

	out = xstrdup(s);
	w = tui_width(out, &bytes);
	if (w < 0 || (size_t)w != bytes) {
		for (p = out; *p != '\0'; p++)
			if ((unsigned char)*p >= 0x80)
				*p = '?';
	}
	for (p = out; *p != '\0'; p++) {
		if (*p != '<')
			continue;
		if (p[1] == '/' || p[1] == '!' || p[1] == '#' || p == out)
			*p = '{';
	}
	return out;
}

/* Append text in a style as CDK markup. */
void
tui_style(const struct tui *t, struct buf *b, enum tui_style st,
    const char *text)
{
	/* CDK colour pairs (initCDKColor): fg * 8 + bg + 1, black bg = 7 */
	static const int	 pair[] = { 0, 0, 24, 32, 16 };

	if (st == TUI_S_PLAIN) {
		buf_adds(b, text);
		return;
	}
	if (t->color && pair[st] != 0)
		buf_printf(b, "</B></%d>%s<!%d><!B>", pair[st], text,
		    pair[st]);
	else
		buf_printf(b, "</B>%s<!B>", text);
}

static const char *
tui_mark_text(enum tui_mark m)
{
	switch (m) {
	case TUI_MARK_DONE:
		return "[+]";
	case TUI_MARK_PARTIAL:
		return "[?]";
	case TUI_MARK_ERROR:
		return "[!]";
	default:
		return "[ ]";
	}
}

/* Put s at (y, x) on stdscr, cut at max columns; returns columns used. */
static int
tui_put(int y, int x, const char *s, int max, chtype attr)
{
	int	n;

	n = (int)strlen(s);
	if (n > max)
		n = max;
	if (n <= 0)
		return 0;
	wattrset(stdscr, attr);
	mvwaddnstr(stdscr, y, x, s, n);
	wattrset(stdscr, A_NORMAL);
	return n;
}

static chtype
tui_attr_pair(const struct tui *t, int pair, chtype mono)
{
	if (t->color)
		return COLOR_PAIR(pair) | (mono & A_BOLD);
	return mono;
}

static void
tui_draw_header(struct tui *t)
{
	struct buf	 b;
	const char	*dry;
	chtype		 bar, mark;
	int		 x, room;

	bar = tui_attr_pair(t, 5, A_REVERSE);	/* white on blue */
	mark = tui_attr_pair(t, 60, A_BOLD);	/* black on yellow */
	wattrset(stdscr, bar);
	wmove(stdscr, 0, 0);
	whline(stdscr, ' ', COLS);
	wattrset(stdscr, A_NORMAL);

	dry = NULL;
	if (t->opts->dry_run_forced)
		dry = tui_text(N_("DRY RUN (not root): nothing will be "
		    "changed"));
	else if (t->opts->dry_run)
		dry = tui_text(N_("DRY RUN: nothing will be changed"));
	room = COLS;
	if (dry != NULL) {
		x = COLS - (int)strlen(dry) - 2;
		if (x < 0)
			x = 0;
		tui_put(0, x, " ", 1, mark);
		tui_put(0, x + 1, dry, COLS - x - 1, mark);
		tui_put(0, x + 1 + (int)strlen(dry), " ", 1, mark);
		room = x - 1;
	}
	buf_init(&b, 0);
	buf_printf(&b, " %s %s  |  %s %s", PACKAGE_NAME, PACKAGE_VERSION,
	    tui_text(N_("host")), t->host);
	if (t->opts->root != NULL && strcmp(t->opts->root, "/") != 0)
		buf_printf(&b, "  |  %s %s", tui_text(N_("files from")),
		    t->opts->root);
	tui_put(0, 0, buf_str(&b), room, bar | A_BOLD);
	buf_clear(&b);
}

/* Hints on the bottom line: the key in reverse, then what it does. */
static int
tui_draw_hints(const struct tui *t, const char *const *hints, int x)
{
	const char	*h, *sp;
	chtype		 key;
	int		 n;

	key = tui_attr_pair(t, 5, A_REVERSE);
	for (; *hints != NULL && x < COLS - 1; hints++) {
		h = tui_text(*hints);
		sp = strchr(h, ' ');
		n = sp != NULL ? (int)(sp - h) : (int)strlen(h);
		wattrset(stdscr, key);
		mvwaddnstr(stdscr, LINES - 1, x, h, n);
		wattrset(stdscr, A_NORMAL);
		x += n;
		if (sp != NULL && x < COLS - 1)
			x += tui_put(LINES - 1, x, sp, COLS - 1 - x,
			    A_NORMAL);
		x += 2;
	}
	return x;
}

static void
tui_draw_footer(struct tui *t)
{
	const struct tui_view	*v = tui_steps[t->cur];
	static const char *const tab[] = { N_("F1 Help"), NULL };
	static const char *const quit[] = { N_("Tab Switch"), N_("q Quit"),
					    NULL };
	const char *const	*vh;
	int			 x;

	wmove(stdscr, LINES - 1, 0);
	wclrtoeol(stdscr);
	vh = v->hints_now != NULL ? v->hints_now(t->state[t->cur]) : v->hints;
	if (vh == NULL || !t->focus_view) {
		tui_draw_hints(t, tui_frame_hints, 1);
		return;
	}
	x = tui_draw_hints(t, tab, 1);
	x = tui_draw_hints(t, vh, x);
	/* a view with many keys: "Tab Switch" gives way, "q Quit" stays */
	if (x + (int)strlen(tui_text(quit[0])) + 2 +
	    (int)strlen(tui_text(quit[1])) > COLS - 1)
		tui_draw_hints(t, quit + 1, x);
	else
		tui_draw_hints(t, quit, x);
}

static void
tui_draw_legend(void)
{
	static const char *const legend[] = {
		N_("[+] done"),
		N_("[?] partly unknown"),
		N_("[!] errors"),
		N_("[ ] not started")
	};
	size_t	i;
	int	y;

	y = LINES - 2 - (int)nitems(legend);
	for (i = 0; i < nitems(legend); i++)
		tui_put(y + (int)i, 1, tui_text(legend[i]),
		    TUI_STEPS_WIDTH - 2, A_NORMAL);
}

/* Centre s on row y of stdscr (cut at the right edge). */
static void
tui_put_centred(int y, const char *s, chtype attr)
{
	int	x;

	x = (COLS - (int)strlen(s)) / 2;
	if (x < 0)
		x = 0;
	tui_put(y, x, s, COLS - x, attr);
}

static void
tui_draw_too_small(void)
{
	char	*s;

	werase(stdscr);
	xasprintf(&s, tui_text(N_("terminal too small (need %dx%d, have "
	    "%dx%d)")), TUI_MIN_COLS, TUI_MIN_LINES, COLS, LINES);
	tui_put_centred(LINES / 2 - 1, s, A_BOLD);
	free(s);
	tui_put_centred(LINES / 2, tui_text(N_("Enlarge the window, or "
	    "press q to quit.")), A_NORMAL);
	wrefresh(stdscr);
}

/* Draw everything: frame on stdscr, then the widgets over it. */
static void
tui_draw(struct tui *t)
{
	if (t->too_small) {
		tui_draw_too_small();
		return;
	}
	werase(stdscr);
	tui_draw_header(t);
	tui_draw_legend();
	tui_draw_footer(t);
	refreshCDKScreen(t->screen);
}

static void
tui_steps_items(struct tui *t)
{
	char		*items[TUI_NSTEPS];
	enum tui_mark	 m;
	size_t		 i;

	for (i = 0; i < TUI_NSTEPS; i++) {
		m = tui_steps[i]->mark != NULL ?
		    tui_steps[i]->mark(t->state[i]) : TUI_MARK_TODO;
		xasprintf(&items[i], "%s %zu %s", tui_mark_text(m), i + 1,
		    tui_text(tui_steps[i]->title));
	}
	setCDKScrollItems(t->steps, (CDK_CSTRING2)items, (int)TUI_NSTEPS,
	    FALSE);
	setCDKScrollCurrentItem(t->steps, (int)t->cur);
	for (i = 0; i < TUI_NSTEPS; i++)
		free(items[i]);
}

static void
tui_focus(struct tui *t)
{
	const struct tui_view	*v = tui_steps[t->cur];

	if (t->steps != NULL)
		setCDKScrollHighlight(t->steps, t->focus_view ?
		    A_BOLD : A_REVERSE);
	if (v->focus != NULL && !t->too_small)
		v->focus(t, t->state[t->cur], t->focus_view);
}

static void
tui_unbuild(struct tui *t)
{
	const struct tui_view	*v = tui_steps[t->cur];

	tui_widgets_unbuild(t);
	if (v->unbuild != NULL)
		v->unbuild(t, t->state[t->cur]);
	if (t->steps != NULL) {
		destroyCDKScroll(t->steps);
		t->steps = NULL;
	}
}

/* (Re)create every widget for the current terminal size and draw. */
static void
tui_layout(struct tui *t)
{
	const struct tui_view	*v = tui_steps[t->cur];
	struct tui_rect		 r;
	char			*title;
	int			 h;

	tui_unbuild(t);
	t->too_small = COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES;
	if (t->too_small) {
		tui_draw(t);
		return;
	}
	werase(stdscr);
	wnoutrefresh(stdscr);

	h = LINES - 2 - 5;	/* legend below */
	xasprintf(&title, "<C></B>%s", tui_text(N_("Steps")));
	t->steps = newCDKScroll(t->screen, 0, 1, NONE, h, TUI_STEPS_WIDTH,
	    title, NULL, 0, FALSE, A_REVERSE, TRUE, FALSE);
	free(title);
	if (t->steps != NULL)
		tui_steps_items(t);

	r.x = TUI_STEPS_WIDTH;
	r.y = 1;
	r.w = COLS - TUI_STEPS_WIDTH;
	r.h = LINES - 2;
	if (v->build != NULL)
		v->build(t, t->state[t->cur], &r);
	tui_focus(t);
	tui_widgets_build(t);
	tui_draw(t);
}

/* The current step's own keys, from its key hints ("p Plan"). */
static void
tui_help_step_keys(struct tui *t, struct buf *b)
{
	const struct tui_view	*v = tui_steps[t->cur];
	const char *const	*vh;
	size_t			 i;

	vh = v->hints_now != NULL ? v->hints_now(t->state[t->cur]) : v->hints;
	if (vh == NULL || vh[0] == NULL)
		return;
	tui_style(t, b, TUI_S_BOLD, tui_text(v->title));
	buf_adds(b, "\n");
	for (i = 0; vh[i] != NULL; i++) {
		buf_adds(b, "  ");
		buf_adds(b, tui_text(vh[i]));
		buf_adds(b, "\n");
	}
	buf_adds(b, "\n");
}

static void
tui_help(struct tui *t)
{
	struct buf	 b;
	char		*title;

	buf_init(&b, 0);
	buf_adds(&b, tui_text(N_("mailharden takes a mail server from "
	    "freshly installed to hardened, reachable and documented, one "
	    "step at a time.")));
	buf_adds(&b, "\n\n");
	buf_adds(&b, tui_text(N_("Steps are listed on the left; the "
	    "current step is shown on the right.  Only a step's own apply "
	    "or save changes the system, after showing exactly what it "
	    "will do and asking.")));
	buf_adds(&b, "\n\n");
	if (t->opts->dry_run) {
		buf_adds(&b, tui_text(N_("DRY RUN: nothing will be changed on "
		    "this machine.  Run as root (without --dry-run) to apply "
		    "changes; facts that need root are UNKNOWN now.")));
		buf_adds(&b, "\n\n");
	}
	tui_style(t, &b, TUI_S_BOLD, tui_text(N_("Keys")));
	buf_adds(&b, "\n");
	buf_adds(&b, tui_text(N_("  Up/Down, PgUp/PgDn  move in a list")));
	buf_adds(&b, "\n");
	buf_adds(&b, tui_text(N_("  Tab                 switch between the "
	    "step list and the step")));
	buf_adds(&b, "\n");
	buf_adds(&b, tui_text(N_("  Enter               open the selected "
	    "item (a fact's evidence)")));
	buf_adds(&b, "\n");
	buf_adds(&b, tui_text(N_("  r                   run detection "
	    "again")));
	buf_adds(&b, "\n");
	buf_adds(&b, tui_text(N_("  Esc                 close a window")));
	buf_adds(&b, "\n");
	buf_adds(&b, tui_text(N_("  F1 or ?             this help")));
	buf_adds(&b, "\n");
	buf_adds(&b, tui_text(N_("  Ctrl-L              redraw the "
	    "screen")));
	buf_adds(&b, "\n");
	buf_adds(&b, tui_text(N_("  q or F10            quit (asks "
	    "first)")));
	buf_adds(&b, "\n\n");
	tui_help_step_keys(t, &b);
	tui_style(t, &b, TUI_S_BOLD, tui_text(N_("Marks")));
	buf_adds(&b, "\n");
	buf_adds(&b, tui_text(N_("  [+] done   [?] some facts UNKNOWN   "
	    "[!] errors   [ ] not started")));
	buf_adds(&b, "\n");
	buf_adds(&b, tui_text(N_("  In a list, ? marks an UNKNOWN fact and "
	    "! an ERROR; Enter shows why.")));
	buf_adds(&b, "\n\n");
	tui_style(t, &b, TUI_S_BOLD, tui_text(N_("Without the wizard")));
	buf_adds(&b, "\n");
	buf_adds(&b, tui_text(N_("Every step is also a command: "
	    "'mailharden detect' (add --json) prints what this step "
	    "shows.  See 'mailharden --help' and 'man 8 mailharden'.")));
	buf_adds(&b, "\n\n");
	buf_adds(&b, tui_text(N_("Esc or Enter closes this window.")));
	xasprintf(&title, "<C></B>%s<!B>", tui_text(N_("Help")));
	tui_widgets_text(t, title, buf_str(&b));
	free(title);
	buf_clear(&b);
}

/* A key with no popup open. */
static void
tui_key(struct tui *t, int key)
{
	const struct tui_view	*v = tui_steps[t->cur];
	enum tui_result		 r;
	int			 i;

	switch (key) {
	case KEY_F(1):
	case '?':
	case 'h':
		tui_help(t);
		tui_draw(t);
		return;
	case 'q':
	case 'Q':
	case KEY_F(10):
		tui_widgets_confirm(t, tui_text(N_("Quit the wizard?")),
		    TUI_ACTION_QUIT);
		tui_draw(t);
		return;
	case '\t':
	case KEY_BTAB:
		t->focus_view = !t->focus_view;
		tui_focus(t);
		tui_draw(t);
		return;
	case 12:	/* Ctrl-L */
		clearok(curscr, TRUE);
		tui_layout(t);
		return;
	}
	if (t->focus_view) {
		r = v->key != NULL ? v->key(t, t->state[t->cur], key) :
		    TUI_IGNORED;
		if (r == TUI_REDRAW)
			tui_layout(t);
		return;
	}
	if (t->steps == NULL)
		return;
	if (tui_widgets_nav_key(key) && key != KEY_LEFT && key != KEY_RIGHT) {
		injectCDKScroll(t->steps, key);
		return;
	}
	if (key == KEY_ENTER || key == '\n' || key == '\r' ||
	    key == KEY_RIGHT) {
		i = getCDKScrollCurrentItem(t->steps);
		if (i >= 0 && (size_t)i < TUI_NSTEPS && (size_t)i != t->cur) {
			tui_unbuild(t);
			t->cur = i;
		}
		t->focus_view = 1;
		tui_layout(t);
	}
}

static void
tui_loop(struct tui *t)
{
	const struct tui_view	*v;
	enum tui_popup_result	 pr;
	int			 key, action;

	while (!t->quit && tui_signal == 0) {
		v = tui_steps[t->cur];
		if (v->work != NULL && !t->too_small &&
		    v->work(t, t->state[t->cur])) {
			tui_layout(t);
			continue;
		}
		key = wgetch(stdscr);
		if (tui_signal != 0)
			break;
		if (key == ERR)
			continue;
		if (key == KEY_RESIZE) {
			tui_layout(t);
			continue;
		}
		if (t->too_small) {
			if (key == 'q' || key == 'Q' || key == KEY_F(10))
				t->quit = 1;
			continue;
		}
		if (t->popup.kind != TUI_POPUP_NONE) {
			action = t->popup.action;
			pr = tui_widgets_key(t, key);
			if (pr == TUI_POPUP_YES && action == TUI_ACTION_QUIT)
				t->quit = 1;
			else if (pr == TUI_POPUP_YES && v->answer != NULL &&
			    v->answer(t, t->state[t->cur], action) ==
			    TUI_REDRAW)
				tui_layout(t);
			else if (pr != TUI_POPUP_OPEN)
				tui_draw(t);
			continue;
		}
		tui_key(t, key);
	}
}

static void
tui_signals(void)
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = tui_on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: wake wgetch up */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* Line drawing without the alternate character set (--ascii). */
static void
tui_ascii(void)
{
	static const char	 corners[] = "lkmjtuvwn`";
	static const char	 hlines[] = "qsorp";
	const char		*p;

	for (p = corners; *p != '\0'; p++)
		acs_map[(unsigned char)*p] = '+';
	for (p = hlines; *p != '\0'; p++)
		acs_map[(unsigned char)*p] = '-';
	acs_map['x'] = '|';
	acs_map['a'] = ':';	/* scroll bar */
	acs_map['0'] = '#';
	acs_map['~'] = 'o';
	acs_map['f'] = '\'';
	acs_map['g'] = '#';
	acs_map['+'] = '>';
	acs_map[','] = '<';
	acs_map['-'] = '^';
	acs_map['.'] = 'v';
	acs_map['h'] = '#';
	acs_map['i'] = '#';
	acs_map['y'] = '<';
	acs_map['z'] = '>';
	acs_map['{'] = '*';
	acs_map['|'] = '!';
	acs_map['}'] = 'f';
}

/*
 * Without an alternate screen (vt100, linux) the frame would stay on
 * the terminal after exit: clear it.
 */
static void
tui_clear_if_no_altscreen(void)
{
	char	*rmcup;

	rmcup = tigetstr("rmcup");
	if (rmcup != NULL && rmcup != (char *)-1 && *rmcup != '\0')
		return;
	wattrset(stdscr, A_NORMAL);
	clearok(curscr, TRUE);
	werase(stdscr);
	wrefresh(stdscr);
}

/*
 * Debian's CDK counts bytes as columns, so a catalogue whose text is
 * wider in bytes than on screen (CJK) cannot be shown: tui_text falls
 * back to English for the TUI's own strings, but reasons and values made
 * by the core would arrive translated and turn into '?'.  So when the
 * catalogue is such a one, the wizard runs with English messages
 * throughout (LC_MESSAGES=C; LC_CTYPE stays, for widths).  The CLI and
 * the reports stay fully translated.
 */
static void
tui_messages_fit(void)
{
	/* TRANSLATORS: any short phrase; used to test the catalogue */
	const char	*probe = N_("Help");
	const char	*tr = _(probe);
	size_t		 bytes;
	int		 w;

	if (tr == probe || strcmp(tr, probe) == 0)
		return;
	w = tui_width(tr, &bytes);
	if (w < 0 || (size_t)w != bytes)
		setlocale(LC_MESSAGES, "C");
}

int
tui_main(struct mh_opts *opts)
{
	struct tui	 t;
	WINDOW		*win;
	char		*host;
	size_t		 i;
	int		 sig;

	memset(&t, 0, sizeof t);
	t.opts = opts;
	tui_messages_fit();
	if (gethostname(t.host, sizeof t.host - 1) != 0)
		snprintf(t.host, sizeof t.host, "?");
	host = tui_data(t.host);
	snprintf(t.host, sizeof t.host, "%s", host);
	free(host);
	t.state = xcalloc(TUI_NSTEPS, sizeof *t.state);
	for (i = 0; i < TUI_NSTEPS; i++)
		if (tui_steps[i]->init != NULL)
			t.state[i] = tui_steps[i]->init(&t);

	/* before initscr: ncurses then leaves these signals to us */
	tui_signals();
	xmalloc_set_fatal_hook(tui_fatal_hook);
	if ((win = initscr()) == NULL) {
		fputs(_("mailharden: cannot initialise the terminal\n"),
		    stderr);
		return MH_EXIT_RUNTIME;
	}
	tui_curses_on = 1;
	set_escdelay(25);
	use_legacy_coding(2);	/* CDK is narrow: pass bytes through */
	if (opts->ascii)
		tui_ascii();
	t.screen = initCDKScreen(win);
	tui_messages_fit();	/* initCDKScreen runs setlocale(LC_ALL, "") */
	t.color = opts->color && has_colors();
	if (t.color)
		initCDKColor();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	wtimeout(stdscr, 250);
	curs_set(0);

	t.focus_view = 1;
	tui_layout(&t);
	tui_loop(&t);

	tui_unbuild(&t);
	tui_widgets_close(&t);
	tui_clear_if_no_altscreen();
	destroyCDKScreen(t.screen);
	endCDK();
	tui_curses_on = 0;
	xmalloc_set_fatal_hook(NULL);
	for (i = 0; i < TUI_NSTEPS; i++)
		if (tui_steps[i]->free != NULL)
			tui_steps[i]->free(t.state[i]);
	free(t.state);

	sig = tui_signal;
	if (sig != 0) {
		signal(sig, SIG_DFL);
		raise(sig);
		return 128 + sig;
	}
	return MH_EXIT_OK;
}

void
tui_version_text(struct buf *b)
{
	buf_printf(b, "  CDK %s\n", CDKVersion());
	buf_printf(b, "  %s\n", curses_version());
}

void
tui_facts(struct tui *t, struct facts *fs)
{
	const struct facts	*f;
	size_t			 i;

	for (i = 0; i < TUI_NSTEPS; i++) {
		if (tui_steps[i]->facts == NULL || t->state[i] == NULL)
			continue;
		if ((f = tui_steps[i]->facts(t->state[i])) != NULL)
			facts_merge(fs, f);
	}
}

void *
tui_state_of(struct tui *t, const struct tui_view *v)
{
	size_t	i;

	for (i = 0; i < TUI_NSTEPS; i++)
		if (tui_steps[i] == v)
			return t->state[i];
	return NULL;
}
