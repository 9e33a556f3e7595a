#!/bin/sh
# tui_checklist.sh - the wizard's Checklist and Report steps under tmux
# at 80x24, over a --root fixture whose logrotate keeps the mail log 28
# days: CN-01 is FAIL with the logrotate evidence in its popup; f
# filters by verdict; w waives CN-01 (reason, owner, expiry entries) and
# it shows WAIVED, written through the plan engine into the waivers file
# next to --config; a answers the manual BL-21 into --state-dir; the
# Report step writes text, HTML and JSON, the JSON with the schema id and
# the waiver, and names the audit log with its chain check.  Nothing
# outside the test's temporary directory is written.
. "$(dirname "$0")/../lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	skip "tmux is not installed"; done_testing; exit 0
fi
ROOT=$top_srcdir/tests/data/logs/debian
D=$T_TMP/d
W=$T_TMP/w
mkdir -p "$D" "$W"
CONF=$D/mailharden.conf
cat >"$CONF" <<'EOC'
domains = [ "example.com" ];
hostname = "mail.example.com";
ipv4 = "203.0.113.7";
EOC
AUDIT=$T_TMP/audit.log
SOCK=$(mktemp -u "${TMPDIR:-/tmp}/mhtuichk.XXXXXX")
SCREEN=$T_TMP/screen
tui_cleanup() {
	tmux -S "$SOCK" kill-server >/dev/null 2>&1
	rm -f "$SOCK"
}
at_exit tui_cleanup
T() { tmux -S "$SOCK" -f /dev/null "$@"; }
keys() { T send-keys -t d "$@"; }
cap() { T capture-pane -p -t d >"$SCREEN" 2>/dev/null; }
has() { cap && grep -Eq -- "$1" "$SCREEN"; }
dump() { sed 's/^/#   |/' "$SCREEN"; }
see() {
	if wait_until "${3:-100}" has "$2"; then ok "$1"
	else not_ok "$1: no /$2/ on screen"; dump; fi
}
# go to step $1 (its number) from the step list
step() {
	keys Tab
	i=0
	while [ $i -lt 9 ]; do
		keys Down Enter
		wait_until 20 has "$2" && break
		keys Tab
		i=$((i + 1))
	done
	see "step $1 shown" "$2"
}

T new-session -d -s d -x 80 -y 24 \
    "cd '$W' && env TERM=screen $MH_BIN --config '$CONF' \
    --audit-log '$AUDIT' --state-dir '$D' --root '$ROOT'; \
    echo EXIT=\$?; sleep 60"
see "wizard starts" '1 System'
see "the step list has Checklist" '6 Checklist'
see "the step list has Report" '7 Report'
step 6 '6 Checklist: the controls'
see "checklists grouped with scores" 'baseline 1\.0: [0-9]+/[0-9]+ passed'
see "counts per verdict" '[0-9]+ FAIL +[0-9]+ WARN +[0-9]+ UNKNOWN'
see "hints of the step" 'f Filter +a Answer +w Waive'
keys f
see "filter: only FAIL" '\[only FAIL\]'
see "CN-01 FAILs on 28 days" 'CN-01 +FAIL +Mail logs are kept'
if has 'BL-01 +UNKNOWN'; then not_ok "filter hides other verdicts"; dump
else ok "filter hides other verdicts"; fi
# rows: 0 baseline, 1 bulk-sender, 2 cis-mta, 3 cn-compliance, 4 CN-01
keys Down Down Down Down Enter
see "item popup: the title" 'Checklist item'
see "item popup: the logrotate evidence" 'logrotate.d/rsyslog:[0-9]+: rotate 4'
keys NPage
see "item popup: the fix (next page)" 'Fix: In the logrotate rule'
keys Escape
keys w
see "waiver asks for the reason" 'Why is this finding accepted'
keys 'Central log server keeps a year' Enter
see "waiver asks for the owner" 'Who owns the risk'
keys C-u 'alice' Enter
see "waiver asks for the expiry" 'Until when'
keys Enter
see "waiver written" 'wrote .*waivers\.conf'
check "waivers file next to --config" grep -q 'id = "CN-01"' \
    "$D/waivers.conf"
check "waiver owner recorded" grep -q 'owner = "alice"' "$D/waivers.conf"
see "a WAIVED count" '1 WAIVED'
keys f f f
see "filter: only MANUAL" '\[only MANUAL\]'
# rows: 0 baseline, 1 BL-21
keys Up Up Up Down
keys a
see "answer asks yes or no" 'Is the control in'
keys Enter
see "answer asks for a note" 'How do you know'
keys 'Logs are 0640 root:adm' Enter
see "answer written" 'wrote .*attestations\.conf'
check "answer file in --state-dir" grep -q 'id = "BL-21"; answer = "yes"' \
    "$D/attestations.conf"
check "both writes are in the audit log" sh -c \
    "grep -q 'waivers.conf' '$AUDIT' && grep -q 'attestations.conf' '$AUDIT'"
keys Tab
step 7 '7 Report: for the auditor'
see "formats offered" '\[x\] text'
keys 3
see "JSON switched on" '\[x\] JSON'
keys d
see "directory asked" 'Write the reports into'
keys C-u "$D" Enter
see "directory taken" "Directory \\(d changes it\\): $D"
keys w
see "reports written" 'wrote mailharden-report-.*\.json'
see "audit log named" 'Audit log: '
see "chain checked" 'chain intact, records [0-9]+'
set -- "$D"/mailharden-report-*.txt
check "text report written" test -s "$1"
check "text report has the waiver" grep -q 'Central log server keeps a year' \
    "$1"
set -- "$D"/mailharden-report-*.json
check "JSON report has the schema id" grep -q '"mailharden.report/1"' "$1"
check "JSON report has WAIVED CN-01" /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
ok = False
def walk(x):
    global ok
    if isinstance(x, dict):
        if x.get("id") == "CN-01" and x.get("verdict") == "WAIVED":
            ok = True
        for v in x.values(): walk(v)
    elif isinstance(x, list):
        for v in x: walk(v)
walk(d)
sys.exit(0 if ok else 1)' "$1"
set -- "$D"/mailharden-report-*.html
check "HTML report written" grep -q '<html' "$1"
check "the report writes are in the audit log" grep -q 'mailharden-report' \
    "$AUDIT"
check "the audit chain verifies" "$MH_BIN" audit verify --audit-log "$AUDIT"
keys q
see "quit asks" 'Quit the wizard'
keys y
see "wizard exits cleanly (no sanitizer report)" 'EXIT=0'
tui_cleanup
done_testing
