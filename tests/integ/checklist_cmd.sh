#!/bin/sh
# checklist_cmd.sh - "mailharden checklist": list and show the bundled
# checklists, lint them (clean, exit 0) and broken files (FILE:LINE,
# exit 2), then waive and attest through the plan engine into a temporary
# waivers / attestations file and audit log: the records are in the log,
# the chain verifies, "undo --last" takes each back, and every bad input
# exits 2 with nothing written.  Never touches /etc.
. "$top_srcdir/tests/lib.sh"
PY=/usr/bin/python3
BAD=$DATA/checklists-cli
LOG=$T_TMP/audit.log
W=$T_TMP/waivers.conf
A=$T_TMP/attest/attestations.conf
G="--config $T_TMP/none.conf --audit-log $LOG"

# sum FILE: its checksum, or "none"
sum() { if [ -f "$1" ]; then sha256sum <"$1"; else echo none; fi; }

# --- list, show ---
# shellcheck disable=SC2086
expect_rc "list" 0 $G checklist list
for n in baseline bulk-sender cn-compliance cis-mta nist-800-177; do
	out_has "list names $n" "^$n +[^ ]+ +[0-9]+ +[^ ]"
done
check "list fits 80 columns" sh -c "! awk 'length > 80' '$MH_OUT' | grep -q ."
# shellcheck disable=SC2086
expect_rc "list --json" 0 $G checklist list --json
check "list --json: five checklists with items" $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
names = {c["name"]: c for c in d["checklists"]}
want = {"baseline", "bulk-sender", "cn-compliance", "cis-mta", "nist-800-177"}
sys.exit(not (want <= set(names) and all(names[n]["items"] > 0 and
    names[n]["version"] for n in want)))' "$MH_OUT"
# shellcheck disable=SC2086
expect_rc "show baseline" 0 $G checklist show baseline
out_has "show: header" '^baseline [^ ]+: '
out_has "show: an item row with its severity" '^BL-08 +critical +'
out_has "show: a manual item is marked" '^BL-21 .*\[manual\]$'
# shellcheck disable=SC2086
expect_rc "show -v" 0 $G checklist show baseline -v
out_has "show -v: the expectation" 'Expect: not smtp\.25\.open_relay'
out_has "show -v: a remediation command" 'postfix: postconf -e'
# shellcheck disable=SC2086
expect_rc "show a file by path" 0 $G checklist show "$BAD/smtp-lab.conf"
out_has "show by path: the items" '^LAB-VRFY +medium +VRFY is refused$'
# shellcheck disable=SC2086
expect_rc "show an unknown checklist" 2 $G checklist show no-such-list
# shellcheck disable=SC2086
expect_rc "show without a name" 2 $G checklist show
# shellcheck disable=SC2086
expect_rc "unknown action" 2 $G checklist frobnicate
# shellcheck disable=SC2086
expect_rc "--help" 0 $G checklist --help
out_has "--help has an example" 'mailharden checklist waive BL-'

# --- lint ---
# shellcheck disable=SC2086
expect_rc "lint: every bundled checklist is clean" 0 $G checklist lint
check "lint: one clean line per bundled file" test "$(grep -c ': clean (' \
    "$MH_OUT")" -eq "$(ls "$top_srcdir"/data/checklists/*.conf | wc -l)"
# shellcheck disable=SC2086
expect_rc "lint a good file" 0 $G checklist lint "$BAD/smtp-lab.conf"
for f in syntax unknown-fact dup-id bad-cond bad-severity; do
	# shellcheck disable=SC2086
	expect_rc "lint $f.conf exits 2" 2 $G checklist lint "$BAD/$f.conf"
	out_has "lint $f.conf: FILE:LINE: reason" \
	    "^$BAD/$f\\.conf:[0-9]+: [^ ]"
done
out_lacks "lint: no clean line for a bad file" ': clean'
# shellcheck disable=SC2086
mh $G checklist lint "$BAD/syntax.conf"
out_has "syntax error on its line" "^$BAD/syntax\\.conf:(8|9): "
# shellcheck disable=SC2086
mh $G checklist lint "$BAD/unknown-fact.conf"
out_has "unknown fact named" 'no_such_fact_here'
# The engine helper's bad files, when there are any: each one fails.
for f in "$top_srcdir"/tests/data/checklists/*.conf; do
	[ -f "$f" ] || continue
	case $(basename "$f") in bad*|dup*|syntax*|unknown*) ;; *) continue ;; esac
	# shellcheck disable=SC2086
	expect_rc "lint $(basename "$f") exits 2" 2 $G checklist lint "$f"
	out_has "lint $(basename "$f"): FILE:LINE" "^$f:[0-9]+: "
done
# shellcheck disable=SC2086
expect_rc "lint: ids clash across files" 2 $G checklist lint \
    "$top_srcdir/data/checklists/baseline.conf" "$BAD/clash.conf"
out_has "lint: the clash names the id" 'BL-01'
# shellcheck disable=SC2086
expect_rc "lint: one bad among good ones" 2 $G checklist lint \
    "$BAD/smtp-lab.conf" "$BAD/syntax.conf"
out_has "lint: the good one is still clean" 'smtp-lab\.conf: clean'

# --- waive ---
IN30=$(date -u -d '+30 days' +%F)
IN60=$(date -u -d '+60 days' +%F)
FAR=$(date -u -d '+5 years' +%F)
# shellcheck disable=SC2086
expect_rc "waive BL-10" 0 $G checklist waive BL-10 --waivers "$W" \
    --reason "VRFY needed by the legacy scanner" \
    --owner alice@example.com --expires "$IN30"
out_has "waive says how to undo" 'mailharden undo --plan [0-9a-f]+'
check "the waivers file has the waiver" grep -q 'BL-10' "$W"
check "... with its expiry" grep -q "$IN30" "$W"
W1=$(sum "$W")
# shellcheck disable=SC2086
expect_rc "waive BL-10 again (replace)" 0 $G checklist waive BL-10 \
    --waivers "$W" --reason "still needed" --owner bob@example.com \
    --expires "$IN60"
check "the waiver was replaced, not doubled" test "$(grep -c 'BL-10' "$W")" -eq 1
check "... with the new owner" grep -q 'bob@example.com' "$W"
W2=$(sum "$W")
# shellcheck disable=SC2086
expect_rc "--dry-run writes nothing" 0 $G --dry-run checklist waive BL-11 \
    --waivers "$W" --reason r --owner o --expires "$IN30"
out_has "--dry-run says so" 'DRY RUN'
check "--dry-run: the file is unchanged" test "$(sum "$W")" = "$W2"

# --- attest (into a directory that does not exist yet) ---
# shellcheck disable=SC2086
expect_rc "attest BL-21 yes" 0 $G checklist attest BL-21 \
    --attestations "$A" --answer yes --note "ICP filing 2026-001"
check "the answers file has it" grep -q 'BL-21' "$A"
check "... answered yes" grep -Eq 'answer *= *"yes"' "$A"
A1=$(sum "$A")
# shellcheck disable=SC2086
expect_rc "attest BL-21 no" 0 $G checklist attest BL-21 \
    --attestations "$A" --answer no --note "filing lapsed"
check "... now answered no" grep -Eq 'answer *= *"no"' "$A"
# shellcheck disable=SC2086
expect_rc "attest a checked (not manual) item" 2 $G checklist attest \
    BL-01 --attestations "$A" --answer yes --note x

# --- the audit log ---
check "the log names the waivers file" grep -q "$W" "$LOG"
check "the log names the answers file" grep -q "$A" "$LOG"
check "the records are of step checklist" grep -q '"step":"checklist"' "$LOG"
# shellcheck disable=SC2086
expect_rc "audit verify: intact" 0 $G audit verify

# --- bad input: exit 2, nothing written ---
LINES=$(wc -l <"$LOG")
W_NOW=$(sum "$W")
A_NOW=$(sum "$A")
bad() {
	_d=$1; shift
	# shellcheck disable=SC2086
	expect_rc "$_d" 2 $G checklist "$@"
	if [ "$(sum "$W")" = "$W_NOW" ] && [ "$(sum "$A")" = "$A_NOW" ] &&
	    [ "$(wc -l <"$LOG")" -eq "$LINES" ]; then
		ok "$_d: nothing written"
	else not_ok "$_d: something was written"; fi
	if [ "$(wc -l <"$MH_ERR")" -le 2 ] && [ -s "$MH_ERR" ]; then
		ok "$_d: a short reason"
	else not_ok "$_d: reason: $(head -3 "$MH_ERR")"; fi
}
bad "unknown item id" waive XX-99 --waivers "$W" --reason r --owner o \
    --expires "$IN30"
bad "bad date" waive BL-10 --waivers "$W" --reason r --owner o \
    --expires 2026-13-45
bad "not a date" waive BL-10 --waivers "$W" --reason r --owner o \
    --expires tomorrow
bad "expiry too far" waive BL-10 --waivers "$W" --reason r --owner o \
    --expires "$FAR"
bad "expiry in the past" waive BL-10 --waivers "$W" --reason r --owner o \
    --expires 2001-01-01
bad "missing reason" waive BL-10 --waivers "$W" --owner o --expires "$IN30"
bad "missing owner" waive BL-10 --waivers "$W" --reason r --expires "$IN30"
bad "empty reason" waive BL-10 --waivers "$W" --reason "" --owner o \
    --expires "$IN30"
bad "control character in the reason" waive BL-10 --waivers "$W" \
    --reason "$(printf 'a\tb')" --owner o --expires "$IN30"
bad "unknown checklist" waive BL-10 --checklist no-such-list \
    --waivers "$W" --reason r --owner o --expires "$IN30"
bad "id not in the given checklist" waive BL-10 --checklist \
    "$BAD/smtp-lab.conf" --waivers "$W" --reason r --owner o \
    --expires "$IN30"
bad "waive without an id" waive --waivers "$W" --reason r --owner o \
    --expires "$IN30"
bad "bad answer" attest BL-21 --attestations "$A" --answer maybe --note x
bad "missing note" attest BL-21 --attestations "$A" --answer yes
bad "attest unknown id" attest XX-99 --attestations "$A" --answer yes \
    --note x
printf 'waivers = ( { id = "BL-01"; \n' >"$T_TMP/broken.conf"
B_SUM=$(sum "$T_TMP/broken.conf")
# shellcheck disable=SC2086
expect_rc "a broken waivers file is not overwritten" 2 $G checklist waive \
    BL-10 --waivers "$T_TMP/broken.conf" --reason r --owner o \
    --expires "$IN30"
check "... and stays as it was" test "$(sum "$T_TMP/broken.conf")" = "$B_SUM"
out_has "... the reason has FILE:LINE" "broken\\.conf:[0-9]+" "$MH_ERR"

# --- undo, newest first ---
if [ "$(id -u)" -ne 0 ]; then
	skip "undo: not root, every write above was a dry run"
else
	# shellcheck disable=SC2086
	expect_rc "undo --last (the 'no' answer)" 0 $G undo --last --yes
	check "the answer is 'yes' again" test "$(sum "$A")" = "$A1"
	# shellcheck disable=SC2086
	expect_rc "undo --last (the 'yes' answer)" 0 $G undo --last --yes
	check "the answers file is gone" test ! -e "$A"
	check "... and the directory it needed" test ! -e "$(dirname "$A")"
	# shellcheck disable=SC2086
	expect_rc "undo --last (the replaced waiver)" 0 $G undo --last --yes
	check "the first waiver is back" test "$(sum "$W")" = "$W1"
	# shellcheck disable=SC2086
	expect_rc "undo --last (the first waiver)" 0 $G undo --last --yes
	check "the waivers file is gone" test ! -e "$W"
	# shellcheck disable=SC2086
	expect_rc "audit verify after undo" 0 $G audit verify
fi
done_testing
