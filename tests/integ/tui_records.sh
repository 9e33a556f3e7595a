#!/bin/sh
# tui_records.sh - the wizard's DNS records step under tmux at 80x24:
# the generated records (SPF, DMARC, MX) for the configured domain, v
# cycles zone / table / plain (plain has no box lines), o writes the
# current form through the plan engine (dry run, then for real with an
# audit log), V verifies against a DNS fixture on loopback and lists
# findings with fixes; Enter opens a finding's evidence.
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
FX=$top_srcdir/tests/fixtures

if ! command -v tmux >/dev/null 2>&1; then
	skip "tmux is not installed"; done_testing; exit 0
fi
if ! $PY -c 'import dnslib' 2>/dev/null; then
	skip "python3-dnslib is not installed"; done_testing; exit 0
fi
PIDS=""
kill_pids() { for p in $PIDS; do kill "$p" 2>/dev/null || true; done; }
at_exit kill_pids
$PY "$FX/pydns.py" --port 0 --port-file "$T_TMP/port" \
    "$top_srcdir"/tests/data/records/broken.example.zone \
    >"$T_TMP/dns.log" 2>&1 &
PIDS="$PIDS $!"
check "DNS fixture wrote its port" wait_until 100 test -s "$T_TMP/port"
DNS=127.0.0.1:$(cat "$T_TMP/port")

CONF=$T_TMP/mailharden.conf
cat >"$CONF" <<'EOC'
domains = [ "broken.example" ];
hostname = "mail.broken.example";
ipv4 = "198.51.100.66";
allow_private = true;
EOC
W=$T_TMP/w
mkdir -p "$W"
AUDIT=$T_TMP/audit.log
SOCK=$(mktemp -u "${TMPDIR:-/tmp}/mhtuirec.XXXXXX")
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
# start the wizard ($1: extra options), go to step 5 and into the view
start() {
	T new-session -d -s d -x 80 -y 24 \
	    "cd '$W' && env TERM=screen $MH_BIN --config '$CONF' \
	    --dns-server '$DNS' --audit-log '$AUDIT' $1; \
	    echo EXIT=\$?; sleep 60"
	see "wizard starts $1" '1 System'
	keys Tab
	i=0
	while [ $i -lt 8 ]; do
		keys Down Enter
		wait_until 20 has 'DNS records: generate' && break
		keys Tab
		i=$((i + 1))
	done
	see "records step shown $1" 'DNS records: generate'
}

start --dry-run
see "SPF line in zone form" 'v=spf1'
see "DMARC line in zone form" '_dmarc'
see "MX line in zone form" 'IN[[:space:]]+MX'
see "no local DKIM key: the keygen hint" 'no DKIM key yet \(dkim keygen\)'
see "the PTR record of the address" 'in-addr\.arpa'

see "hints of the records mode" 'v Zone/table/plain'
keys v
see "table form" 'broken.example: table'
see "table has a TXT row" 'TXT'
see "table drawn in ASCII" 'Host +\| Type \| Value'
if has '\?\?\?'; then not_ok "table has undrawable bytes"; dump
else ok "table has no undrawable bytes"; fi
keys v
see "plain form" 'broken.example: plain'
see "plain SPF value whole on one line" \
    '^.{20}xValue: +v=spf1 mx ip4:198\.51\.100\.66 -all +a?x$'
keys o
see "write asks for the file (default filled in)" \
    'Write the records to this file'
keys Enter
see "write asks" 'Write the plain records to'
keys y
see "dry run reported" 'DRY RUN, not written: '
if [ ! -e "$W/broken.example.records.txt" ]; then ok "dry run wrote nothing"
else not_ok "dry run wrote the file"; fi
if grep -qi 'dry' "$AUDIT" 2>/dev/null; then ok "audit shows the dry run"
else not_ok "audit lacks the dry run"; cat "$AUDIT" 2>/dev/null; fi

keys V
see "verify hints" 'Enter Evidence'
see "verify findings" 'findings, [0-9]+ to fix' 200
see "a finding with its id" '\[[a-z]+\] [A-Z]+-[0-9]+'
see "a fix line" 'fix:'
keys Enter
see "evidence opens" 'What was looked up'
keys Escape
see "evidence closes" 'findings, [0-9]+ to'
keys q
see "quit asks" 'Quit the wizard'
keys y
see "wizard exits" 'EXIT=0'
tui_cleanup

start ""
see "zone form again" 'v=spf1'
keys o
see "write asks for the file" 'Write the records to this file'
keys Enter
see "write asks for real" 'Write the zone records to'
keys y
see "write reported" 'wrote .*records.txt'
if grep -q 'v=spf1' "$W/broken.example.records.txt" 2>/dev/null
then ok "file has the SPF record"
else not_ok "file lacks the SPF record"; fi
keys o
see "a second write asks for the file again" 'Write the records to this file'
keys C-u 'custom.zone' Enter
see "confirm names the chosen file" 'Write the zone records to .*custom'
keys y
see "custom file written" 'wrote .*custom\.zone'
if grep -q 'v=spf1' "$W/custom.zone" 2>/dev/null
then ok "the chosen file has the SPF record"
else not_ok "the chosen file lacks the SPF record"; fi
if grep -q 'broken.example.records.txt' "$AUDIT"
then ok "audit names the file"
else not_ok "audit lacks the file"; cat "$AUDIT"; fi
keys q
see "quit asks again" 'Quit the wizard'
keys y
see "wizard exits cleanly (no sanitizer report)" 'EXIT=0'
tui_cleanup
done_testing
