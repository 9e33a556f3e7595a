#!/bin/sh
# tui_conn.sh - the wizard's Connectivity step under tmux at 80x24: the
# probe rows fill in live (the DNS fixture answers after 1.5 s, so rows
# are seen pending first), get PASS / FAIL / WARN / UNKNOWN, and Enter
# opens a row's evidence.  Loopback only: --dns-server is the fixture,
# the data dir holds test blocklists and loopback outbound targets, and
# the SMTP probes go to a greeter (MAILHARDEN_PROBE_HOST/PORT_MAP).
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
FX=$top_srcdir/tests/fixtures

if ! command -v tmux >/dev/null 2>&1; then
	skip "tmux is not installed"; done_testing; exit 0
fi
if ! $PY -c 'import dnslib' 2>/dev/null; then
	skip "python3-dnslib is not installed"; done_testing; exit 0
fi
free_port() {
	$PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
PIDS=""
kill_pids() { for p in $PIDS; do kill "$p" 2>/dev/null || true; done; }
at_exit kill_pids
$PY "$FX/pydns.py" --port 0 --port-file "$T_TMP/port" --delay-ms 1500 \
    "$top_srcdir"/tests/data/dns/*.zone >"$T_TMP/dns.log" 2>&1 &
PIDS="$PIDS $!"
check "DNS fixture wrote its port" wait_until 100 test -s "$T_TMP/port"
DNS=127.0.0.1:$(cat "$T_TMP/port")
G1=$(free_port); RF=$(free_port)
$PY "$FX/greeter.py" 220 "$G1" >"$T_TMP/g1" & PIDS="$PIDS $!"
check "greeter ready" wait_until 50 grep -q ready "$T_TMP/g1"

DD=$T_TMP/data
mkdir -p "$DD"
cp "$MAILHARDEN_DATADIR/clouds.conf" "$DD/"
cat >"$DD/outbound.conf" <<EOC
hosts = [ "127.0.0.1:$G1", "127.0.0.1:$RF" ];
EOC
cat >"$DD/dnsbl.conf" <<'EOC'
zones = (
 { zone = "bl.test.example"; name = "Test"; kind = "ip"; ipv6 = true;
   listed = ( { code = "127.0.0.2"; meaning = "spam"; } ); },
 { zone = "clean.test.example"; name = "Clean"; kind = "ip";
   listed = ( { code = "127.0.0.2"; meaning = "spam"; } ); } );
EOC
CONF=$T_TMP/mailharden.conf
cat >"$CONF" <<'EOC'
domains = [ "test.example" ];
hostname = "mx.test.example";
ipv4 = "192.0.2.66";
dkim_selector = "default";
allow_private = true;
EOC

SOCK=$(mktemp -u "${TMPDIR:-/tmp}/mhtuiconn.XXXXXX")
SCREEN=$T_TMP/screen
tui_cleanup() {
	tmux -S "$SOCK" kill-server >/dev/null 2>&1
	rm -f "$SOCK"
}
at_exit tui_cleanup
T() { tmux -S "$SOCK" -f /dev/null "$@"; }
T new-session -d -s d -x 80 -y 24 \
    "env MAILHARDEN_DATADIR='$DD' TERM=screen \
    MAILHARDEN_PROBE_HOST=127.0.0.1 MAILHARDEN_PORT_MAP=25=$G1,587=$RF,465=$RF \
    $MH_BIN --config '$CONF' --dns-server '$DNS' --dry-run; \
    echo EXIT=\$?; sleep 60"
keys() { T send-keys -t d "$@"; }
cap() { T capture-pane -p -t d >"$SCREEN" 2>/dev/null; }
has() { cap && grep -Eq -- "$1" "$SCREEN"; }
dump() { sed 's/^/#   |/' "$SCREEN"; }
see() {
	if wait_until "${3:-100}" has "$2"; then ok "$1"
	else not_ok "$1: no /$2/ on screen"; dump; fi
}

see "wizard starts" '1 System'
keys Tab
i=0
while [ $i -lt 8 ]; do
	keys Down Enter
	wait_until 20 has '4 Connectivity: every' && break
	keys Tab
	i=$((i + 1))
done
see "Connectivity step opens" '4 Connectivity: every probe at once'
see "title says it is running" 'probing\.\.\.|Probing' 50
keys PageDown
see "DNS rows are pending first" '\.\.\. +DNS resolution' 50
see "DNS rows fill in" 'PASS +DNS resolution'
see "run finishes" '[0-9]+ pass, [0-9]+ fail, [0-9]+ warn, [0-9]+ unknown *x?$' 100
# find_row DESC REGEX: from the top, page down until REGEX is on screen
find_row() {
	keys Home
	_i=0
	while [ $_i -lt 6 ]; do
		if wait_until 10 has "$2"; then ok "$1"; return; fi
		keys NPage
		_i=$((_i + 1))
	done
	not_ok "$1: no /$2/ in the rows"; dump
}
find_row "SMTP row" 'FAIL +Port 25 STARTTLS +no STARTTLS on 25'
find_row "DNSBL listed row" 'FAIL +DNSBL bl\.test\.example +LISTED'
find_row "DNSBL clean row" 'PASS +DNSBL clean\.test.* +not listed'
find_row "PTR row" 'FAIL +PTR of the IPv4 addr.* +no PTR'
find_row "outbound row" 'PASS +Outbound port 25'
check "no row pending at the end" sh -c "! grep -q '^x[^a-zA-Z]*x\.\.\. ' '$SCREEN'"
keys Home
keys Down Down Down Down Down
see "on the STARTTLS row" 'Port 25 STARTTLS'
keys Enter
see "evidence opens" 'Evidence'
see "evidence names the fact" 'smtp\.25\.starttls'
see "evidence shows the transcript" 'EHLO mailharden\.invalid|greeter\.test\.example'
keys Escape
see "evidence closed" '4 Connectivity: every probe at once'
keys q
see "quit asks" 'Quit'
keys y
see "exits 0" 'EXIT=0'
done_testing
