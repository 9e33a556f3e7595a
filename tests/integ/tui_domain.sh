#!/bin/sh
# tui_domain.sh - the wizard's Domain step under tmux at 80x24: the
# form is pre-filled from a --root fixture, a bad domain typed in the
# edit box shows its reason as it is typed and next to the field, a
# fixed one clears it, and Save in DRY RUN logs the intent and writes
# nothing.  Every check polls the screen.
. "$(dirname "$0")/../lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	skip "tmux is not installed"
	done_testing
	exit 0
fi

CONF=$T_TMP/mailharden.conf
LOG=$T_TMP/audit.log
SOCK=$(mktemp -u "${TMPDIR:-/tmp}/mhtuidom.XXXXXX")
SCREEN=$T_TMP/screen
tui_cleanup() {
	tmux -S "$SOCK" kill-server >/dev/null 2>&1
	rm -f "$SOCK"
}
at_exit tui_cleanup

T() { tmux -S "$SOCK" -f /dev/null "$@"; }
T new-session -d -s d -x 80 -y 24 \
    "env MAILHARDEN_DATADIR='$MAILHARDEN_DATADIR' TERM=screen \
    $MH_BIN --root '$DATA/net/postfix' --config '$CONF' \
    --audit-log '$LOG' --dry-run; echo EXIT=\$?; sleep 60"
keys() { T send-keys -t d "$@"; }
cap() { T capture-pane -p -t d >"$SCREEN" 2>/dev/null; }
has() { cap && grep -Eq -- "$1" "$SCREEN"; }
dump() { sed 's/^/#   |/' "$SCREEN"; }
see() {
	if wait_until "${3:-100}" has "$2"; then ok "$1"
	else not_ok "$1: no /$2/ on screen"; dump; fi
}

see "wizard starts" '1 System'
# to the Domain step: step list, down until it opens
keys Tab
i=0
while [ $i -lt 6 ]; do
	keys Down Enter
	wait_until 30 has '2 Domain: what this server is for' && break
	keys Tab
	i=$((i + 1))
done
see "Domain step opens" '2 Domain: what this server is for'
see "domain pre-filled from detection" 'Mail domain\(s\) +example\.com'
see "source shown" 'detected: host\.fqdn'
see "DRY RUN said on the Save line" 'Save \].*DRY RUN'

keys Enter
see "edit box opens" 'Enter keeps, Esc cancels'
keys C-u
keys -l 'bad_domain.com'
see "reason shown as typed" "label 'bad_domain' has '_'"
keys Enter
see "reason next to the field" "! Mail domain\(s\) +bad_domain\.com"
see "status says not valid" 'Not valid yet'
keys s
see "save refused while invalid" 'Fix the fields marked'

keys Enter
see "edit box opens again" 'Enter keeps, Esc cancels'
keys C-u
keys -l 'example.org'
see "OK as typed" 'OK'
keys Enter
see "fixed value shown" 'Mail domain\(s\) +example\.org'
see "typed-in source" '\(typed in\)'
keys s
see "dry-run confirmation" 'DRY RUN: show the plan, write nothing'
keys y
see "dry run done" 'DRY RUN: nothing written \(plan [0-9a-f]+\)'
check "no settings file written" test ! -e "$CONF"
check "intent logged as dry-run" grep -q '"action":"dry-run"' "$LOG"

keys q
see "quit asks" 'Quit the wizard'
keys y
see "exits 0" 'EXIT=0'
done_testing
