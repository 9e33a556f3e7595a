#!/bin/sh
# ports.sh - "mailharden ports" through the CLI with the null backend
# (it touches $MAILHARDEN_FW_NULL_STATE/tcp-N, so every change can be
# seen): bad input is refused with exit 2 and leaves no trace, the plan
# preview, the Windows/cloud printouts, and confirm-or-rollback: the
# detached watcher rolls back when the CLI is killed and nobody
# confirms, and `ports confirm` in time keeps the change.
. "$(dirname "$0")/../lib.sh"

ST=$T_TMP/fwstate
SD=$T_TMP/run
LOG=$T_TMP/log/audit.log
mkdir -p "$ST"
export MAILHARDEN_FW_NULL_STATE="$ST"

nothing_changed() {
	[ ! -e "$LOG" ] && [ -z "$(ls -A "$ST")" ]
}

# --- bad input: exit 2, one line, nothing changed, no audit records ----
for bad in "0" "65536" "25x" "25,25" "" "25,,587" "-1"; do
	mh --audit-log "$LOG" ports apply --open "$bad" --backend null --yes
	if [ "$MH_RC" -eq 2 ] && nothing_changed; then
		ok "--open '$bad' refused (rc=2), nothing changed"
	else
		not_ok "--open '$bad': rc=$MH_RC"
		sed 's/^/#   /' "$MH_ERR"
	fi
done
out_has "the reason names the bad item" "\"-1\"|-1" "$MH_ERR"
expect_rc "unknown backend" 2 --audit-log "$LOG" ports apply --open 25 \
    --backend nosuch --yes
out_has "unknown backend lists the known ones" "known: .*null" "$MH_ERR"
check "unknown backend: nothing changed" nothing_changed
expect_rc "port in --open and --close" 2 --audit-log "$LOG" ports plan \
    --open 25 --close 25 --backend null
expect_rc "bad --confirm-timeout" 2 --audit-log "$LOG" ports apply \
    --open 25 --backend null --yes --confirm-timeout 0
expect_rc "apply without --yes and no terminal" 2 --audit-log "$LOG" \
    ports apply --open 25 --backend null
check "no terminal: nothing changed" nothing_changed
expect_rc "unknown ports command" 2 ports frobnicate
expect_rc "ports --help" 0 ports --help
out_has "help shows examples" "ports apply --open"

# The audit log cannot be written: nothing is applied (exit 3).
: >"$T_TMP/afile"
expect_rc "audit log under a regular file" 3 \
    --audit-log "$T_TMP/afile/audit.log" ports apply --open 25 \
    --backend null --yes
check "unwritable log: nothing changed" nothing_changed
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null 2>&1; then
	mkdir -p "$T_TMP/ro"
	MH_RC=0
	timeout 30 unshare -m sh -c '
	    mount -t tmpfs none "$1" && mount -o remount,ro "$1" &&
	    exec "$2" --audit-log "$1/audit.log" ports apply --open 25 \
	        --backend null --yes' sh "$T_TMP/ro" "$MH_BIN" \
	    >"$MH_OUT" 2>"$MH_ERR" </dev/null || MH_RC=$?
	if [ "$MH_RC" -eq 3 ] && nothing_changed; then
		ok "audit log on a read-only filesystem: exit 3, nothing changed"
	else
		not_ok "read-only audit log: rc=$MH_RC"
		sed 's/^/#   /' "$MH_ERR"
	fi
	out_has "read-only: the reason says so" "[Rr]ead-only" "$MH_ERR"
else
	skip "read-only filesystem case needs root and unshare"
	skip "read-only filesystem reason"
fi

# --- plan preview ------------------------------------------------------
expect_rc "ports plan with the null backend" 0 --audit-log "$LOG" \
    ports plan --open 25,465,587 --backend null
out_has "numbered steps" "^ 1\\. .*25"
out_has "the exact command" "run: +/[^ ]*/touch $ST/tcp-465"
out_has "its verification" "check: +/[^ ]*test -e $ST/tcp-587"
out_has "its inverse" "undo: +/[^ ]*rm -f $ST/tcp-25"
out_has "says nothing was changed" "Nothing was changed"
check "plan changes nothing and writes no log" nothing_changed
expect_rc "ports plan --json" 0 ports plan --open smtp,submission \
    --backend null --json
check "plan --json has 2 steps" \
    test "$(json_get "$MH_OUT" 'len(d["steps"])')" = 2
touch "$ST/tcp-25"
expect_rc "plan with 25 already open" 0 ports plan --open 25,587 \
    --backend null
out_lacks "an open port yields no step" "touch $ST/tcp-25\$"
rm -f "$ST/tcp-25"
expect_rc "ports status" 0 ports status --ports 25,587 --backend null

# --- print -----------------------------------------------------------
expect_rc "print --target windows" 0 ports print --target windows \
    --open 25,587
out_has "PowerShell rule" "New-NetFirewallRule .*-LocalPort 25 "
out_has "netsh rule" "netsh advfirewall firewall add rule .*localport=587"
out_has "remove commands" "Remove-NetFirewallRule -Name \"mailharden-tcp-25\""
out_has "netsh remove" "netsh advfirewall firewall delete rule"
expect_rc "print --target cloud --provider aws" 0 ports print \
    --target cloud --provider aws
out_has "cloud: security group" "Security group"
out_has "cloud: port 25 policy" "Outbound port 25"
expect_rc "print --target cloud --provider nosuch" 2 ports print \
    --target cloud --provider nosuch
expect_rc "print --target mars" 2 ports print --target mars

# --- confirm or rollback ---------------------------------------------
if [ "$(id -u)" -ne 0 ]; then
	skip "apply needs root (else dry run): confirm/rollback not tested"
	done_testing
	exit 0
fi
SSH="127.0.0.1 40000 127.0.0.1 22"

# 1. Nobody confirms and the CLI is killed: the watcher rolls back.
SSH_CONNECTION=$SSH "$MH_BIN" --audit-log "$LOG" ports apply --open 25 \
    --backend null --yes --confirm-timeout 3 --state-dir "$SD" \
    >"$T_TMP/apply1.out" 2>&1 </dev/null &
APID=$!
state_file() { ls "$SD"/*.state >/dev/null 2>&1; }
check "watcher state file appears" wait_until 100 state_file
check "the change is applied" test -e "$ST/tcp-25"
WPID=$(sed -n 's/^pid=//p' "$SD"/*.state 2>/dev/null | head -1)
PLAN=$(sed -n 's/^plan=//p' "$SD"/*.state 2>/dev/null | head -1)
kill -9 "$APID" 2>/dev/null
wait "$APID" 2>/dev/null
kill -HUP "$WPID" 2>/dev/null
check "watcher survives the CLI being killed and SIGHUP" kill -0 "$WPID"
check "watcher is not in the CLI's session" \
    test "$(ps -o sid= -p "$WPID" | tr -d ' ')" = "$WPID" -o \
    "$(ps -o sid= -p "$WPID" | tr -d ' ')" != "$(ps -o sid= -p $$ | tr -d ' ')"
check "rolled back after the timeout" wait_until 100 test -e "$SD/$PLAN.done"
check "the change is gone" test ! -e "$ST/tcp-25"
out_has "done file says rolled back" "^rolled-back" "$SD/$PLAN.done"
expect_rc "audit show" 0 --audit-log "$LOG" audit show --plan "$PLAN"
out_has "rollback records in the log" " rollback +0 "
out_has "the wait was logged" "confirm-wait"
expect_rc "audit verify after the rollback" 0 --audit-log "$LOG" audit verify
expect_rc "confirm after the rollback: nothing waiting" 3 ports confirm \
    --state-dir "$SD" --audit-log "$LOG"
check "watcher exited" wait_until 50 sh -c "! kill -0 $WPID 2>/dev/null"

# 2. Confirmed in time: the change stays.
SSH_CONNECTION=$SSH "$MH_BIN" --audit-log "$LOG" ports apply --open 587 \
    --backend null --yes --confirm-timeout 20 --state-dir "$SD" \
    >"$T_TMP/apply2.out" 2>&1 </dev/null &
APID=$!
check "second watcher state file appears" wait_until 100 state_file
PLAN=$(sed -n 's/^plan=//p' "$SD"/*.state 2>/dev/null | head -1)
WPID=$(sed -n 's/^pid=//p' "$SD"/*.state 2>/dev/null | head -1)
expect_rc "ports confirm" 0 --audit-log "$LOG" ports confirm --state-dir "$SD"
out_has "confirm says so" "Confirmed plan $PLAN"
RC=0
wait "$APID" || RC=$?
check "the waiting apply exits 0 after the confirmation" test "$RC" -eq 0
out_has "apply saw the confirmation" "Confirmed: the change stays" \
    "$T_TMP/apply2.out"
check "watcher exited after the confirmation" \
    wait_until 50 sh -c "! kill -0 $WPID 2>/dev/null"
check "the change stays" test -e "$ST/tcp-587"
expect_rc "audit show of the confirmed plan" 0 --audit-log "$LOG" \
    audit show --plan "$PLAN"
out_has "confirm is logged" " confirm +0 "
out_lacks "no rollback for the confirmed plan" " rollback +[0-9-] "
expect_rc "audit verify at the end" 0 --audit-log "$LOG" audit verify

done_testing
