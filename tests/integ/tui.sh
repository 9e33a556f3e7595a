#!/bin/sh
# tui.sh - drive the real wizard under tmux (private server, 80x24) and
# read the screen back with capture-pane.  Every check polls the pane
# with a bounded number of retries; nothing sleeps and then asserts.
. "$(dirname "$0")/../lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	skip "tmux is not installed"
	done_testing
	exit 0
fi

SOCK=$(mktemp -u "${TMPDIR:-/tmp}/mhtui.XXXXXX")
SCREEN=$T_TMP/screen
tui_cleanup() {
	tmux -S "$SOCK" kill-server >/dev/null 2>&1
	rm -f "$SOCK"
}
at_exit tui_cleanup

T() { tmux -S "$SOCK" -f /dev/null "$@"; }

# The wizard as a non-root user shows the forced DRY RUN banner.
ASUSER=""
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 &&
    setpriv --reuid=nobody --regid=nogroup --clear-groups \
    test -x "$MH_BIN" 2>/dev/null; then
	ASUSER="setpriv --reuid=nobody --regid=nogroup --clear-groups"
fi

# start ENV ARGS [WRAP]: a fresh 80x24 session running the wizard in a
# shell that prints EXIT=status afterwards and keeps the pane open.
# One server for the whole test (a placeholder session keeps it up);
# each run gets its own session, the previous one is killed.
T new-session -d -s keep -x 80 -y 24 "sleep 900"
SN=0
S=
start() {
	[ -n "$S" ] && T kill-session -t "$S" >/dev/null 2>&1
	SN=$((SN + 1))
	S=mh$SN
	T new-session -d -s "$S" -x 80 -y 24 \
	    "${3:-} env $1 MAILHARDEN_DATADIR='$MAILHARDEN_DATADIR' \
	    $MH_BIN $2; echo EXIT=\$?; sleep 30"
}
keys() { T send-keys -t "$S" "$@"; }
cap() { T capture-pane -p -t "$S" ${CAPFLAGS:-} >"$SCREEN" 2>/dev/null; }
has() { cap && grep -Eq -- "$1" "$SCREEN"; }
lacks() { cap && ! grep -Eq -- "$1" "$SCREEN"; }
dump() { sed 's/^/#   |/' "$SCREEN"; }
# see DESC REGEX / gone DESC REGEX: poll up to 10 s for the screen.
see() {
	if wait_until 100 has "$2"; then ok "$1"
	else not_ok "$1: no /$2/ on screen"; dump; fi
}
gone() {
	if wait_until 100 lacks "$2"; then ok "$1"
	else not_ok "$1: /$2/ still on screen"; dump; fi
}
# quit_ok DESC: q, y, and the shell reports EXIT=0
quit_ok() {
	keys q
	if wait_until 100 has 'Quit the wizard' && keys y &&
	    wait_until 100 has '^EXIT=0$'; then ok "$1"
	else not_ok "$1"; dump; fi
}
wizard_pid() {
	_sh=$(T display -p -t "$S" '#{pane_pid}')
	pgrep -P "$_sh" | head -1
}

# ---- first screen as a user who is not root ---------------------------
if [ -n "$ASUSER" ] || [ "$(id -u)" -ne 0 ]; then
	start "TERM=xterm-256color LANG=C.UTF-8" "" "$ASUSER"
	see "first screen: step list" '\[.\] 1 System'
	see "first screen: System view with the OS group" 'Operating system'
	see "not root: forced DRY RUN banner" 'DRY RUN \(not root\)'
else
	skip "cannot run as another user (setpriv)"
	start "TERM=xterm-256color LANG=C.UTF-8" "--dry-run"
	see "first screen: step list" '\[.\] 1 System'
	see "first screen: System view with the OS group" 'Operating system'
fi
see "first screen: key hints" 'F1 Help .*q Quit'
see "facts are listed with labels" 'Distribution id +[a-z]'

# ---- --dry-run as root shows the plain marker -------------------------
start "TERM=xterm-256color LANG=C" "--dry-run"
see "--dry-run: DRY RUN marker" 'DRY RUN: nothing will be changed'

# ---- evidence popup ---------------------------------------------------
wait_until 100 has 'Distribution id'
keys Down Down
keys Enter
see "Enter opens the evidence" 'Evidence \([0-9]+\)'
see "evidence names the fact and its source" '\(os\.id\)'
keys Escape
gone "Esc closes the evidence" 'Evidence \([0-9]+\)'
see "the System view is back" 'Operating system'

# ---- help -------------------------------------------------------------
keys F1
see "F1 opens the help" 'Without the wizard|Keys'
keys Escape
gone "Esc closes the help" 'Up/Down, PgUp/PgDn'

# ---- focus ------------------------------------------------------------
keys Tab
gone "Tab moves the focus to the step list" 'Enter Evidence'
keys Enter
see "Enter on the step opens its view" 'Enter Evidence'

# ---- re-detect --------------------------------------------------------
keys r
see "r runs detection again" '[0-9]+ known, [0-9]+ unknown'

# ---- quit: no, then yes -----------------------------------------------
keys q
see "q asks for confirmation" 'Quit the wizard\?'
keys n
gone "n closes the question" 'Quit the wizard'
if has 'Operating system' && lacks '^EXIT='; then
	ok "n keeps the wizard running"
else
	not_ok "n keeps the wizard running"; dump
fi
quit_ok "q then y exits with status 0"
gone "after quitting the frame is gone" 'Operating system'

# ---- resize -----------------------------------------------------------
start "TERM=xterm-256color LANG=C" ""
wait_until 100 has 'Operating system'
T resize-window -t "$S" -x 60 -y 20
see "60x20: terminal too small" \
    'terminal too small \(need 80x24, have 60x20\)'
T resize-window -t "$S" -x 80 -y 24
see "back to 80x24: the System view again" 'Operating system'
gone "back to 80x24: no size message" 'too small'
T resize-window -t "$S" -x 100 -y 30
see "100x30: the System view" 'Operating system'
keys F1
see "100x30: help opens" 'Keys'
T resize-window -t "$S" -x 80 -y 24
see "resize with a popup open keeps it" 'Keys'
keys Escape
quit_ok "after resizing, q then y still exits 0"

# ---- signals: the terminal is restored ---------------------------------
start "TERM=xterm-256color LANG=C" ""
wait_until 100 has 'Operating system'
pid=$(wizard_pid)
if [ -n "$pid" ] && kill -TERM "$pid"; then
	see "SIGTERM: the shell sees status 143" '^EXIT=143$'
	gone "SIGTERM: the frame is gone" 'Operating system|Steps'
	if [ "$(T display -p -t "$S" '#{alternate_on}')" = 0 ]; then
		ok "SIGTERM: the alternate screen was left"
	else
		not_ok "SIGTERM: the alternate screen was left"
	fi
else
	not_ok "SIGTERM: no wizard process found"
fi
start "TERM=xterm-256color LANG=C" "" "trap '' INT;"
wait_until 100 has 'Operating system'
keys C-c
see "Ctrl-C (SIGINT): status 130" '^EXIT=130$'
gone "Ctrl-C: the frame is gone" 'Operating system'
start "TERM=xterm-256color LANG=C" ""
wait_until 100 has 'Operating system'
pid=$(wizard_pid)
if [ -n "$pid" ]; then kill -HUP "$pid"; fi
see "SIGHUP: status 129" '^EXIT=129$'

# ---- colour -----------------------------------------------------------
CAPFLAGS=-e
start "TERM=xterm-256color LANG=C" ""
see "colour on xterm-256color" "$(printf '\033')\\[44m"
start "TERM=xterm-256color LANG=C" "--no-color"
wait_until 100 has 'Operating system'
if lacks "$(printf '\033')\\[[34][0-7]m"; then ok "--no-color: no colour codes"
else not_ok "--no-color: no colour codes"; fi
start "TERM=xterm-256color LANG=C NO_COLOR=1" ""
wait_until 100 has 'Operating system'
if lacks "$(printf '\033')\\[[34][0-7]m"; then ok "NO_COLOR: no colour codes"
else not_ok "NO_COLOR: no colour codes"; fi
CAPFLAGS=

# ---- terminals x locales x --no-color / --ascii -------------------------
for term in xterm-256color screen linux vt100; do
	for lang in C C.UTF-8; do
		for opt in --no-color --ascii; do
			d="TERM=$term LANG=$lang $opt"
			start "TERM=$term LANG=$lang LC_ALL=$lang" "$opt"
			see "$d: first screen" 'Operating system'
			if [ "$opt" = --ascii ]; then
				if has '\+-{10}' && lacks 'lqqq|qqqk|mqqq'
				then ok "$d: ASCII borders, no ACS"
				else not_ok "$d: ASCII borders, no ACS"; dump
				fi
			fi
			quit_ok "$d: q y quits with 0"
		done
	done
done

done_testing
