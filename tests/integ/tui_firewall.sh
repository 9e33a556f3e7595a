#!/bin/sh
# tui_firewall.sh - the wizard's Firewall step under tmux at 80x24 with
# the null backend (--backend null; it touches
# $MAILHARDEN_FW_NULL_STATE/tcp-N so every change can be seen): port
# list and explanations, toggling, the plan popup, a dry run that only
# logs intent, a real apply under a fake SSH session confirmed with the
# key (audit shows the confirm), a second one left to expire (the
# watcher rolls back, audit shows it), and the cloud / Windows popups
# for a --root DMI fixture where live facts are UNKNOWN.  Every check
# polls the screen; nothing sleeps and then asserts.
# TUI_SCREENS=DIR keeps the captured screens there.
. "$(dirname "$0")/../lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	skip "tmux is not installed"
	done_testing
	exit 0
fi

ST=$T_TMP/fwstate
SD=$T_TMP/run
LOG=$T_TMP/log/audit.log
mkdir -p "$ST" "$SD"
SOCK=$(mktemp -u "${TMPDIR:-/tmp}/mhtuifw.XXXXXX")
SCREEN=$T_TMP/screen
tui_cleanup() {
	tmux -S "$SOCK" kill-server >/dev/null 2>&1
	rm -f "$SOCK"
	# a watcher still waiting would roll back into a removed dir
	for f in "$SD"/*.state; do
		[ -e "$f" ] || continue
		p=$(sed -n 's/^pid=//p' "$f")
		[ -n "$p" ] && kill "$p" 2>/dev/null
	done
}
at_exit tui_cleanup

T() { tmux -S "$SOCK" -f /dev/null "$@"; }
T new-session -d -s keep -x 80 -y 24 "sleep 900"
SN=0
S=
# start ENV ARGS: a fresh 80x24 session running the wizard.
start() {
	[ -n "$S" ] && T kill-session -t "$S" >/dev/null 2>&1
	SN=$((SN + 1))
	S=fw$SN
	T new-session -d -s "$S" -x 80 -y 24 \
	    "env $1 MAILHARDEN_DATADIR='$MAILHARDEN_DATADIR' \
	    MAILHARDEN_FW_NULL_STATE='$ST' $MH_BIN $2; echo EXIT=\$?; \
	    sleep 60"
}
keys() { T send-keys -t "$S" "$@"; }
cap() { T capture-pane -p -t "$S" >"$SCREEN" 2>/dev/null; }
has() { cap && grep -Eq -- "$1" "$SCREEN"; }
lacks() { cap && ! grep -Eq -- "$1" "$SCREEN"; }
dump() { sed 's/^/#   |/' "$SCREEN"; }
keep() {
	[ -n "${TUI_SCREENS:-}" ] && mkdir -p "$TUI_SCREENS" &&
	    cp "$SCREEN" "$TUI_SCREENS/$1.txt"
	return 0
}
see() {
	if wait_until "${3:-100}" has "$2"; then ok "$1"
	else not_ok "$1: no /$2/ on screen"; dump; fi
}
gone() {
	if wait_until 100 lacks "$2"; then ok "$1"
	else not_ok "$1: /$2/ still on screen"; dump; fi
}
# to_firewall: from the first screen to the Firewall step (the step
# list may have other steps before it: go down until it opens).
to_firewall() {
	wait_until 100 has '1 System' || { dump; return; }
	_i=0
	keys Tab
	while [ $_i -lt 6 ]; do
		keys Down Enter
		wait_until 30 has 'Firewall: open the mail ports' && return
		keys Tab
		_i=$((_i + 1))
	done
}
quit_ok() {
	keys q
	if wait_until 100 has 'Quit the wizard' && keys y &&
	    wait_until 100 has '^EXIT=0$'; then ok "$1"
	else not_ok "$1"; dump; fi
}
A="--backend null --audit-log $LOG --state-dir $SD"

# ---- the port list ------------------------------------------------------
start "TERM=xterm-256color LANG=C" "--dry-run $A"
to_firewall
see "Firewall step opens" 'Firewall: open the mail ports'
see "the step list has it" '\[.\] [0-9] Firewall'
see "backend named in the title" 'Backend: null +SSH kept open: [0-9]'
see "25 preselected with its state" \
    '\[x\] 25/tcp +SMTP +closed +closed +recommended'
see "465 preselected" '\[x\] 465/tcp +SMTPS'
see "587 preselected" '\[x\] 587/tcp +Submission'
see "993 optional, not ticked" '\[ \] 993/tcp +IMAPS .*optional'
see "995 optional, not ticked" '\[ \] 995/tcp +POP3S .*optional'
see "110 discouraged" '\[ \] 110/tcp +POP3 .*discouraged'
see "143 discouraged" '\[ \] 143/tcp +IMAP .*discouraged'
see "explanation of 25" 'MTA to MTA'
see "key hints match the view" \
    'F1 Help +Space Toggle +b Backend +p Plan +a Apply +c Cloud +w Windows +q Q'
keep list
keys Down
see "587's explanation follows the cursor" 'STARTTLS \+ AUTH|implicit TLS'
keys Down Down Down Down Down
see "143: plaintext discouraged" 'IMAP without TLS'
keys Up Up Up Space
see "Space ticks 993" '\[x\] 993/tcp'
see "993's explanation" 'IMAP over TLS'
keys Space
see "Space again unticks it" '\[ \] 993/tcp'

# ---- the plan -------------------------------------------------------------
keys p
see "p opens the plan" 'Plan: the exact commands'
see "plan: the exact command" "run: +/[^ ]*/touch $ST/tcp-25"
see "plan: its inverse" "undo: +/[^ ]*rm -f $ST/tcp-25"
keep plan
keys Escape
gone "Esc closes the plan" 'Plan: the exact commands'
check "the plan changed nothing" test -z "$(ls -A "$ST")"

# ---- b: another backend ---------------------------------------------------
# Other backends are only probed and asked for their state (read-only;
# firewall-offline-cmd takes seconds); nothing is applied with them: the
# runs that apply start again with --backend null.
keys b
see "b changes the backend (or says none can)" \
    'Now using: |No other backend can be used' 600
i=0
while ! has 'Backend: null +SSH' && [ $i -lt 8 ]; do
	wait_until 600 has '^ F1 Help +Space Toggle'
	keys b; i=$((i + 1))
	wait_until 600 has 'Now using: |No other backend'
	wait_until 600 has '^ F1 Help +Space Toggle'
done
see "b cycles back to null" 'Backend: null +SSH'
see "the states are read again" '\[x\] 25/tcp +SMTP +closed' 600

# ---- dry run: intent only -------------------------------------------------
keys a
see "a asks first (dry run)" 'DRY RUN: log the 3 steps'
keys n
gone "n: not applied" 'DRY RUN: log the'
check "n: nothing logged" test ! -e "$LOG"
keys a
wait_until 100 has 'DRY RUN: log the'
keys y
see "dry run: says nothing changed" 'DRY RUN: nothing was changed'
keep dryrun
check "dry run: nothing changed" test -z "$(ls -A "$ST")"
expect_rc "dry run: audit show" 0 --audit-log "$LOG" audit show
out_has "dry run: intent records say dry-run" " dry-run "
check "dry run: three dry-run records, no result" \
    test "$(grep -c ' dry-run ' "$MH_OUT")" = 3 -a \
    "$(grep -c ' result ' "$MH_OUT")" = 0
expect_rc "dry run: audit verify" 0 --audit-log "$LOG" audit verify
quit_ok "dry run: q y quits with 0"

if [ "$(id -u)" -ne 0 ]; then
	skip "apply needs root (else a forced dry run): apply not tested"
	done_testing
	exit 0
fi
SSH="127.0.0.1 40000 127.0.0.1 22"
plan_of() { sed -n 's/^plan=//p' "$SD"/*.state 2>/dev/null | head -1; }
state_file() { ls "$SD"/*.state >/dev/null 2>&1; }

# ---- apply on SSH, confirmed with the key ---------------------------------
start "TERM=xterm-256color LANG=C SSH_CONNECTION='$SSH'" \
    "$A --confirm-timeout 40"
to_firewall
see "apply: Firewall step" '\[x\] 25/tcp'
keys a
see "apply: asks first" 'Apply the 3 steps'
keys y
see "apply: per-step progress, then the countdown" \
    '[0-9]+ s left: press y to keep the change'
see "countdown: says to check access" 'CHECK YOUR ACCESS NOW'
see "countdown: hints say y keeps the change" 'y Keep the change'
keep countdown
check "apply: the ports are open" \
    test -e "$ST/tcp-25" -a -e "$ST/tcp-465" -a -e "$ST/tcp-587"
check "apply: the watcher is armed" state_file
PLAN=$(plan_of)
WPID=$(sed -n 's/^pid=//p' "$SD"/*.state 2>/dev/null | head -1)
keys y
see "y confirms" 'Confirmed: the change stays'
see "the list shows the ports open" '\[x\] 25/tcp +SMTP +open +open'
see "the step is marked done" '\[\+\] [0-9] Firewall'
keep confirmed
check "watcher exited after the confirmation" \
    wait_until 50 sh -c "! kill -0 ${WPID:-0} 2>/dev/null"
check "the change stays" test -e "$ST/tcp-25"
expect_rc "audit show of the confirmed plan" 0 --audit-log "$LOG" \
    audit show --plan "${PLAN:-none}"
out_has "confirm-wait is logged" "confirm-wait"
out_has "the confirm is logged with status 0" " confirm +0 "
out_has "the wizard's confirmation is named" "confirms in the wizard"
out_lacks "no rollback for the confirmed plan" " rollback +[0-9-] "
expect_rc "audit verify after the confirmation" 0 --audit-log "$LOG" \
    audit verify
keys a
see "applying again: nothing to do" 'Nothing to do: the ticked ports'
quit_ok "confirmed: q y quits with 0"

# ---- apply on SSH, the countdown runs out ---------------------------------
rm -f "$ST"/tcp-*
start "TERM=xterm-256color LANG=C SSH_CONNECTION='$SSH'" \
    "$A --confirm-timeout 3"
to_firewall
see "expiry: Firewall step" '\[x\] 25/tcp +SMTP +closed'
keys a
wait_until 100 has 'Apply the 3 steps'
keys y
see "expiry: countdown shown" 's left: press y'
check "expiry: the ports were opened" test -e "$ST/tcp-587"
PLAN=$(plan_of)
see "expiry: the view says it was rolled back" \
    'NOT CONFIRMED in time: the change was rolled back' 150
keep rolledback
see "expiry: the list shows the ports closed again" \
    '\[x\] 25/tcp +SMTP +closed +closed'
see "expiry: the step is marked with errors" '\[!\] [0-9] Firewall'
see "expiry: hints are back to the list's" 'Space Toggle'
check "expiry: the change is gone" test -z "$(ls -A "$ST")"
expect_rc "expiry: audit show" 0 --audit-log "$LOG" audit show \
    --plan "${PLAN:-none}"
out_has "expiry: rollback records in the log" " rollback +0 "
out_lacks "expiry: no confirm record" " confirm +0 "
expect_rc "expiry: audit verify" 0 --audit-log "$LOG" audit verify
quit_ok "expiry: q y quits with 0"

# ---- --root fixture: live facts UNKNOWN; cloud and Windows popups --------
start "TERM=xterm-256color LANG=C" \
    "--root $DATA/dmi/aliyun --audit-log $LOG --state-dir $SD"
to_firewall
see "--root: no active firewall, says how to choose" \
    'no active host firewall was found'
see "--root: backend none" 'Backend: none'
see "--root: port states unknown" '\[x\] 25/tcp +SMTP +\? +\?'
keys p
see "--root: plan without a backend says so" 'press b to choose one'
keys c
see "c: the cloud popup" 'Cloud / provider'
see "cloud: the provider from the DMI fixture" 'Cloud provider: Alibaba'
see "cloud: security group" 'Security group: allow inbound TCP 25, 465, 587'
see "cloud: the port-25 policy" 'Outbound port 25'
keep cloud
keys Escape
gone "Esc closes the cloud popup" 'Cloud / provider'
keys w
see "w: the Windows popup" 'Windows Server: the same ports'
see "windows: PowerShell" 'New-NetFirewallRule -Name "mailharden-tcp-25"'
see "windows: netsh" 'netsh advfirewall firewall add rule'
keys NPage NPage NPage
see "windows: remove commands" 'Remove-NetFirewallRule|delete rule'
keys Escape
gone "Esc closes the Windows popup" 'Windows Server: the same'

# ---- resize ---------------------------------------------------------------
T resize-window -t "$S" -x 60 -y 20
see "60x20: terminal too small" 'terminal too small'
T resize-window -t "$S" -x 80 -y 24
see "back to 80x24: the Firewall view again" 'Firewall: open the mail ports'
see "back to 80x24: the ticks kept" '\[x\] 587/tcp'
T resize-window -t "$S" -x 100 -y 30
see "100x30: the Firewall view" 'Firewall: open the mail ports'
T resize-window -t "$S" -x 80 -y 24
quit_ok "--root: q y quits with 0"

# ---- --ascii / --no-color, another TERM ------------------------------------
for term in vt100 linux; do
	start "TERM=$term LANG=C LC_ALL=C" "--ascii --no-color --dry-run $A"
	to_firewall
	see "$term --ascii: the Firewall view" '\[x\] 25/tcp'
	if has '\+-{10}' && lacks 'lqqq|qqqk|mqqq'; then
		ok "$term --ascii: ASCII borders, no ACS"
	else
		not_ok "$term --ascii: ASCII borders, no ACS"; dump
	fi
	keep "ascii-$term"
	quit_ok "$term --ascii: q y quits with 0"
done

done_testing
