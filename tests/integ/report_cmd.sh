#!/bin/sh
# report_cmd.sh - "mailharden report" offline over a --root fixture:
# text / html / json to standard output and with --output into a
# temporary directory (an audited write that undo takes back); the JSON
# carries the schema id and the audit log's head hash, which equals
# "mailharden audit verify"'s; bad input exits 2 with nothing written.
# Never touches /etc.
. "$top_srcdir/tests/lib.sh"
PY=/usr/bin/python3
ROOT=$DATA/logs/debian
LOG=$T_TMP/audit.log
W=$T_TMP/waivers.conf
A=$T_TMP/attestations.conf
OUT=$T_TMP/reports
mkdir -p "$OUT"
G="--config $T_TMP/none.conf --audit-log $LOG"
OFF="--offline --root $ROOT --waivers $W --attestations $A"
echo 'attestations = ( );' >"$A"
IN30=$(date -u -d '+30 days' +%F)

# head LOG: the head hash "mailharden audit verify" prints
verify_head() {
	mh --audit-log "$LOG" audit verify
	sed -n 's/.*head \([0-9a-f]\{64\}\).*/\1/p' "$MH_OUT" | head -1
}
# json_head FILE: the audit head hash recorded in a JSON report
json_head() {
	$PY - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
def find(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k == "audit" and isinstance(v, dict) and "head" in v:
                return v["head"]
        for v in o.values():
            h = find(v)
            if h: return h
    elif isinstance(o, list):
        for v in o:
            h = find(v)
            if h: return h
    return None
print(find(d) or "none")
PY
}

# Something in the log first: a waiver (root) or a hand-written file.
if [ "$(id -u)" -eq 0 ]; then
	# shellcheck disable=SC2086
	expect_rc "waive BL-01 (a change for the report)" 0 $G checklist \
	    waive BL-01 --waivers "$W" --reason "tested elsewhere" \
	    --owner alice@example.com --expires "$IN30"
else
	printf 'waivers = ( { id = "BL-01"; reason = "r"; owner = "o"; expires = "%s"; } );\n' \
	    "$IN30" >"$W"
	skip "not root: the waiver is written by hand, the log stays empty"
fi

# --- to standard output ---
# shellcheck disable=SC2086
expect_rc "json to stdout" 0 $G report $OFF --format json
cp "$MH_OUT" "$T_TMP/r.json"
check "json: the schema" $PY -c '
import json, sys
sys.exit(json.load(open(sys.argv[1]))["schema"] != "mailharden.report/1")' \
    "$T_TMP/r.json"
H=$(verify_head)
check "json: the audit head is 'audit verify''s ($H)" \
    test "$(json_head "$T_TMP/r.json")" = "$H"
check "nothing was logged by a report to stdout" \
    test "$(verify_head)" = "$H"
# shellcheck disable=SC2086
expect_rc "text to stdout" 0 $G report $OFF
check "text fits 80 columns" sh -c \
    "[ \$(LC_ALL=C.UTF-8 wc -L < '$MH_OUT') -le 80 ]"
out_has "text: the waived item" 'BL-01'
out_has "text: the head hash" "$H"
# shellcheck disable=SC2086
expect_rc "html to stdout" 0 $G report $OFF --format html
out_has "html: a document" '<html'
out_lacks "html: no external resources" '(src|href)="?(https?:)?//'

# --- --output: audited writes ---
for f in text html json; do
	# shellcheck disable=SC2086
	expect_rc "--format $f --output" 0 $G report $OFF --format $f \
	    --output "$OUT/report.$f"
	check "$f: the file is there" test -s "$OUT/report.$f"
	out_has "$f: says where the file is" "$OUT/report\\.$f"
	out_has "$f: says where the audit log is" "$LOG"
	out_lacks "$f: nothing on stdout but the messages" '^\{|<html'
done
check "json file: the schema" $PY -c '
import json, sys
sys.exit(json.load(open(sys.argv[1]))["schema"] != "mailharden.report/1")' \
    "$OUT/report.json"
check "text file fits 80 columns" sh -c \
    "[ \$(LC_ALL=C.UTF-8 wc -L < '$OUT/report.text') -le 80 ]"
check "html file: a document" grep -q '<html' "$OUT/report.html"
if [ "$(id -u)" -eq 0 ]; then
	check "the writes are in the audit log" grep -q "$OUT/report.json" "$LOG"
	# shellcheck disable=SC2086
	expect_rc "audit verify: intact" 0 $G audit verify
	# The head in the file is the record just before its own write.
	check "json file: its head is the record before its own write" $PY - \
	    "$LOG" "$OUT/report.json" "$(json_head "$OUT/report.json")" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
path, head = sys.argv[2], sys.argv[3]
i = next(i for i, r in enumerate(recs) if r.get("path") == path)
sys.exit(not (i > 0 and recs[i - 1]["hash"] == head))
PY
	# shellcheck disable=SC2086
	expect_rc "undo --last removes the json report" 0 $G undo --last --yes
	check "... it is gone" test ! -e "$OUT/report.json"
	check "... the others stay" test -s "$OUT/report.html"
else
	skip "--output: not root, the writes were dry runs"
fi

# --- --lang ---
if locale -a 2>/dev/null | grep -qi '^zh_CN'; then
	# shellcheck disable=SC2086
	expect_rc "--lang zh_CN" 0 $G report $OFF --lang zh_CN
	check "zh_CN text: 80 display columns" $PY -c '
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
                  for c in s)
sys.exit(any(w(l.rstrip("\n")) > 80 for l in
    open(sys.argv[1], encoding="utf-8")))' "$MH_OUT"
else
	skip "--lang zh_CN: no zh_CN locale on this system"
fi

# --- bad input: exit 2, nothing written ---
LINES=$(wc -l <"$LOG" 2>/dev/null || echo 0)
bad() {
	_d=$1; shift
	# shellcheck disable=SC2086
	expect_rc "$_d" 2 $G report $OFF "$@" --output "$OUT/bad.txt"
	if [ ! -e "$OUT/bad.txt" ] &&
	    [ "$(wc -l <"$LOG" 2>/dev/null || echo 0)" -eq "$LINES" ]; then
		ok "$_d: nothing written"
	else not_ok "$_d: something was written"; fi
	rm -f "$OUT/bad.txt"	# one failure does not cascade
	LINES=$(wc -l <"$LOG" 2>/dev/null || echo 0)
}
bad "unknown --format" --format pdf
bad "unknown --lang" --lang xx_YY
bad "bad --since" --since 2026-02-30
bad "bad --session" --session 'zz;rm'
bad "unknown checklist" --checklist no-such-list
bad "missing waivers file" --waivers "$T_TMP/nope.conf"
# shellcheck disable=SC2086
expect_rc "--output in a missing directory" 2 $G report $OFF \
    --output "$T_TMP/no/such/dir/r.txt"
check "... nothing created" test ! -e "$T_TMP/no"
# shellcheck disable=SC2086
expect_rc "a stray argument" 2 $G report $OFF extra
# shellcheck disable=SC2086
expect_rc "--help" 0 report --help
out_has "--help has an example" 'mailharden report --format html --output'
done_testing
