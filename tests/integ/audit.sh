#!/bin/sh
# audit.sh - the audit log through the CLI: a change through the null
# firewall backend (which touches files in $MAILHARDEN_FW_NULL_STATE)
# is logged, `audit show` lists it, `audit verify` passes; changing,
# deleting or swapping one record makes verify exit 1 naming it; `undo
# --last` takes the change back (files removed) and is logged too.
# Everything lives under $T_TMP: never /var/log.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	skip "applying a plan needs root (not root means dry run)"
	done_testing
	exit 0
fi
ST=$T_TMP/fwstate
LOG=$T_TMP/log/audit.log
mkdir -p "$ST"
export MAILHARDEN_FW_NULL_STATE="$ST"
A="--audit-log $LOG"

expect_rc "verify on a missing log cannot complete" 3 $A audit verify

# shellcheck disable=SC2086
expect_rc "apply --open 25,587 with the null backend" 0 \
    $A ports apply --open 25,587 --backend null --yes
check "port 25 state file created" test -e "$ST/tcp-25"
check "port 587 state file created" test -e "$ST/tcp-587"
check "audit log is mode 0600" \
    test "$(stat -c %a "$LOG")" = 600

expect_rc "audit verify: intact" 0 $A audit verify
out_has "verify names the record count" "intact, 4 records, head [0-9a-f]{64}"
expect_rc "audit show" 0 $A audit show
out_has "show lists intents" " intent +- "
out_has "show lists results with status 0" " result +0 "
out_has "show names the command" "touch .*/tcp-25"
expect_rc "audit show --json" 0 $A audit show --json
check "show --json is a JSON array of 4 records" \
    test "$(json_get "$MH_OUT" 'len(d)')" = 4
check "records carry the inverse" \
    test "$(json_get "$MH_OUT" 'd[0]["inverse"][1]')" = "-f"

expect_rc "undo without a selector is a usage error" 2 $A undo
expect_rc "undo without --yes and no terminal refuses" 2 $A undo --last
check "nothing undone by the refusal" test -e "$ST/tcp-25"
expect_rc "undo --plan of an unknown plan" 2 $A undo --plan ffff --yes
expect_rc "undo --last --dry-run" 0 $A undo --last --dry-run
out_has "dry run says what would run" "would be undone"
check "dry run removed nothing" test -e "$ST/tcp-587"

expect_rc "undo --last" 0 $A undo --last --yes
out_has "undo reports the steps" "Undone: 2 step"
check "port 25 state file removed" test ! -e "$ST/tcp-25"
check "port 587 state file removed" test ! -e "$ST/tcp-587"
expect_rc "audit show after undo" 0 $A audit show
out_has "undo records are in the log" " undo +0 "
expect_rc "audit verify after undo" 0 $A audit verify
out_has "8 records after undo" "intact, 8 records"
expect_rc "undo --last again: nothing left" 0 $A undo --last --yes
check "a second undo wrote no records" \
    test "$(wc -l <"$LOG")" -eq 8

# Tampering: each variant of the log must fail verify, naming line 2.
tamper() {
	_name=$1; shift
	cp "$LOG" "$T_TMP/t.log"
	"$@" "$T_TMP/t.log"
	mh --audit-log "$T_TMP/t.log" audit verify
	if [ "$MH_RC" -eq 1 ] && grep -q "line 2 " "$MH_OUT"; then
		ok "tamper ($_name): verify exits 1 naming line 2"
	else
		not_ok "tamper ($_name): rc=$MH_RC"
		sed 's/^/#   /' "$MH_OUT" "$MH_ERR"
	fi
}
t_change() { sed -i '2s/tcp-25/tcp-26/' "$1"; }
t_delete() { sed -i '2d' "$1"; }
t_swap() {
	awk 'NR==2{h=$0; next} NR==3{print; print h; next} {print}' "$1" \
	    >"$1.new" && mv "$1.new" "$1"
}
t_byte() { sed -i '2s/"status":0/"status":1/' "$1"; }
tamper "one word changed" t_change
tamper "one byte changed" t_byte
tamper "record deleted" t_delete
tamper "two records swapped" t_swap
mh --audit-log "$T_TMP/t.log" audit verify
out_has "verify explains why" "sequence|hash|prev"

done_testing
