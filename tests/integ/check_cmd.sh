#!/bin/sh
# check_cmd.sh - "mailharden check" end to end.
#   offline over a --root fixture: items over network facts are UNKNOWN
#   and the exit status follows the verdicts (1 on a FAIL or on UNKNOWN
#   for a critical item); text fits 80 columns; --verdict filters;
#   waivers: a waived item is WAIVED, and past its expiry (faketime) the
#   item's own verdict is back with the expired waiver flagged; an
#   attested manual item carries its answer; bad input exits 2.
#   live (root, in a private network namespace so the fixture Postfix can
#   own 127.0.0.1:25): the DNS fixture and Postfix weak -> the VRFY and
#   open-relay items FAIL, hardened -> they PASS.
# Never touches /etc: --config, --audit-log, --waivers, --attestations
# all point into the test's temporary directory.
. "$top_srcdir/tests/lib.sh"
PY=/usr/bin/python3
FX=$top_srcdir/tests/fixtures
LAB=$DATA/checklists-cli/smtp-lab.conf
ROOT=$DATA/logs/debian
LOG=$T_TMP/audit.log
W=$T_TMP/waivers.conf
A=$T_TMP/attestations.conf
G="--config $T_TMP/none.conf --audit-log $LOG"
OFF="--offline --root $ROOT --waivers $W --attestations $A"
echo 'waivers = ( );' >"$W"
echo 'attestations = ( );' >"$A"

# verdict FILE ID: "VERDICT RAW EXPIRED" of one item in check --json
verdict() {
	$PY - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["results"]:
    if r["id"] == sys.argv[2]:
        w = r["waiver"]
        print(r["verdict"], r["raw"],
              "expired" if w and w["expired"] else "-")
        break
else:
    print("absent")
PY
}
want() {
	_got=$(verdict "$1" "$2")
	if echo "$_got" | grep -Eq -- "^$3"; then ok "$2: $3"
	else not_ok "$2: got '$_got', want '$3'"; fi
}

# --- offline over a fixture ---
# shellcheck disable=SC2086
mh $G check $OFF --json
J=$T_TMP/off.json
cp "$MH_OUT" "$J"
check "offline check runs (rc=$MH_RC)" test "$MH_RC" -le 1
check "JSON: schema, every bundled checklist" $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(not (d["schema"] == "mailharden.check/1" and
    len(d["checklists"]) == 5 and d["results"]))' "$J"
check "the exit status follows the verdicts" $PY -c '
import json, sys
d = json.load(open(sys.argv[1])); rc = int(sys.argv[2])
bad = any(r["verdict"] == "FAIL" or (r["verdict"] == "UNKNOWN" and
    r["severity"] == "critical") for r in d["results"])
sys.exit(not (d["exit"] == rc and rc == (1 if bad else 0)))' "$J" "$MH_RC"
check "items over network facts alone are UNKNOWN, never PASS/FAIL" $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
net = ("smtp.", "smtps.", "dns.", "dnsbl", "outbound.", "records.")
bad = [r["id"] for r in d["results"] if r["facts"] and
       all(f.startswith(net) for f in r["facts"]) and
       r["verdict"] in ("PASS", "FAIL", "WARN")]
print("#", bad); sys.exit(1 if bad else 0)' "$J"
want "$J" BL-01 'UNKNOWN|N/A'
want "$J" BL-21 MANUAL
want "$J" CN-01 'PASS|FAIL'
check "the log retention item reads logs.retention_days" $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
r = [r for r in d["results"] if r["id"] == "CN-01"][0]
sys.exit("logs.retention_days" not in r["facts"])' "$J"

# shellcheck disable=SC2086
mh $G check $OFF --checklist baseline
out_has "text: the checklist header" '^baseline [^ ]+: '
out_has "text: the column titles" '^ID +SEVERITY +VERDICT +TITLE$'
out_has "text: a row" '^BL-08 +critical +[A-Z/]+ +The server is not an open relay$'
out_has "text: the score" '^Score: +([0-9]+ of [0-9]+ passed \([0-9]+%\)|nothing counted)'
out_has "text: scores by severity" '^  (critical|high|medium|low|info) +'
out_has "text: the total" '^Total: '
check "text fits 80 columns" sh -c \
    "[ \$(LC_ALL=C.UTF-8 wc -L < '$MH_OUT') -le 80 ]"
out_lacks "text: only the chosen checklist" '^cis-mta '
# shellcheck disable=SC2086
mh $G check $OFF --checklist baseline -v
out_has "-v: the facts behind an item" '^      smtp\.25\.open_relay'
out_has "-v: why it is UNKNOWN" '^    why: '
out_has "-v: the fix" '^    fix: '
# shellcheck disable=SC2086
mh $G check $OFF --checklist cn-compliance -v
out_has "-v: the log retention FAILs on the Debian default" '^CN-01 +critical +FAIL '
out_has "-v: the evidence of a local fact" \
    '^        logrotate: /etc/logrotate\.d/rsyslog:[0-9]+: rotate 4$'

# shellcheck disable=SC2086
mh $G check $OFF --verdict unknown,n/a --json
check "--verdict: only those verdicts" $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
v = {r["verdict"] for r in d["results"]}
sys.exit(not (v and v <= {"UNKNOWN", "N/A"}))' "$MH_OUT"
# shellcheck disable=SC2086
mh $G check $OFF --checklist "$LAB" --checklist baseline --json
check "a checklist by path next to a bundled one" $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit([c["name"] for c in d["checklists"]] != ["smtp-lab", "baseline"])' \
    "$MH_OUT"

# --- waivers and attestations ---
IN30=$(date -u -d '+30 days' +%F)
AFTER=$(date -u -d '+32 days' '+%Y-%m-%d 12:00:00')
if [ "$(id -u)" -eq 0 ]; then
	# shellcheck disable=SC2086
	expect_rc "waive BL-01" 0 $G checklist waive BL-01 --waivers "$W" \
	    --reason "port 25 is tested from the monitoring host" \
	    --owner alice@example.com --expires "$IN30"
	# shellcheck disable=SC2086
	expect_rc "attest BL-21" 0 $G checklist attest BL-21 \
	    --attestations "$A" --answer yes --note "checked by hand"
else
	cat >"$W" <<EOW
waivers = ( { id = "BL-01"; reason = "port 25 is tested from the monitoring host";
  owner = "alice@example.com"; expires = "$IN30"; } );
EOW
	cat >"$A" <<EOA
attestations = ( { id = "BL-21"; answer = "yes"; note = "checked by hand";
  by = "alice"; date = "$(date -u +%F)"; } );
EOA
	skip "waive/attest through the CLI: not root (files written by hand)"
fi
# shellcheck disable=SC2086
mh $G check $OFF --checklist baseline --json
cp "$MH_OUT" "$T_TMP/w.json"
want "$T_TMP/w.json" BL-01 'WAIVED (UNKNOWN|FAIL|N/A) -'
want "$T_TMP/w.json" BL-21 'MANUAL'
check "the answer is in the result" $PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
r = [r for r in d["results"] if r["id"] == "BL-21"][0]
sys.exit(not (r["attestation"] and r["attestation"]["answer"] == "yes"))' \
    "$T_TMP/w.json"
# shellcheck disable=SC2086
mh $G check $OFF --checklist baseline
out_has "text: WAIVED" '^BL-01 +[^ ]+ +WAIVED '
if command -v faketime >/dev/null 2>&1; then
	# ASan wants to be first; libfaketime is preloaded before it.
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
	    faketime "$AFTER" "$MH_BIN" $G check $OFF --checklist baseline \
	    --json >"$T_TMP/exp.json" 2>"$MH_ERR" || true
	want "$T_TMP/exp.json" BL-01 '(UNKNOWN|FAIL|N/A) (UNKNOWN|FAIL|N/A) expired'
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
	    faketime "$AFTER" "$MH_BIN" $G check $OFF --checklist baseline \
	    >"$MH_OUT" 2>"$MH_ERR" || true
	out_has "text: the expired waiver is flagged" \
	    "^    waiver EXPIRED on $IN30 "
else
	skip "waiver expiry: faketime is not installed"
fi

# --- bad input: exit 2 ---
# shellcheck disable=SC2086
expect_rc "a given waivers file that is missing" 2 $G check $OFF \
    --waivers "$T_TMP/nope.conf"
# shellcheck disable=SC2086
expect_rc "a given answers file that is missing" 2 $G check $OFF \
    --attestations "$T_TMP/nope.conf"
printf 'waivers = ( { id = "BL-01"; \n' >"$T_TMP/broken.conf"
# shellcheck disable=SC2086
expect_rc "a broken waivers file" 2 $G check $OFF --waivers "$T_TMP/broken.conf"
out_has "... FILE:LINE" 'broken\.conf:[0-9]+' "$MH_ERR"
# shellcheck disable=SC2086
expect_rc "an unknown checklist" 2 $G check $OFF --checklist no-such-list
# shellcheck disable=SC2086
expect_rc "a broken checklist file" 2 $G check $OFF \
    --checklist "$DATA/checklists-cli/syntax.conf"
out_has "... FILE:LINE" 'syntax\.conf:[0-9]+: ' "$MH_ERR"
# shellcheck disable=SC2086
expect_rc "a bad --verdict" 2 $G check $OFF --verdict GREAT
# shellcheck disable=SC2086
expect_rc "a bad --port-map" 2 $G check $OFF --port-map 25=x
# shellcheck disable=SC2086
expect_rc "a bad --ipv4" 2 $G check $OFF --ipv4 999.1.1.1
# shellcheck disable=SC2086
expect_rc "a stray argument" 2 $G check $OFF extra
# shellcheck disable=SC2086
expect_rc "--help" 0 check --help
out_has "--help has an example" '^  mailharden check --'

# --- live: the DNS fixture and Postfix weak / hardened on port 25 ---
if [ "$(id -u)" -ne 0 ] || ! command -v postfix >/dev/null ||
    ! command -v saslpasswd2 >/dev/null || ! command -v script >/dev/null ||
    ! command -v unshare >/dev/null || ! $PY -c 'import dnslib' 2>/dev/null
then
	skip "live check: needs root, postfix, saslpasswd2, script, unshare, python3-dnslib"
	done_testing
	exit 0
fi
chmod 755 "$T_TMP"
cat >"$T_TMP/live.sh" <<'EOS'
# In a private network namespace: loopback only, port 25 is ours.
set -u
T=$1 FX=$2 ZONES=$3 MH=$4 LAB=$5 PY=$6
ip link set lo up
$PY "$FX/pydns.py" --port 0 --port-file "$T/dnsport" $ZONES \
    >"$T/dns.log" 2>&1 &
DNSPID=$!
i=0; while [ ! -s "$T/dnsport" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
DNS=127.0.0.1:$(cat "$T/dnsport")
run() {	# PROFILE
	"$FX/mkpostfix.sh" start "$1" "$T/pf-$1" 25 >"$T/pf-$1.log" 2>&1 ||
	    { echo "postfix $1 did not start" >"$T/$1.rc"; return; }
	ASAN_OPTIONS="${ASAN_OPTIONS:-}" timeout 120 "$MH" \
	    --config "$T/none.conf" --audit-log "$T/audit.log" \
	    --dns-server "$DNS" check --checklist "$LAB" \
	    --checklist baseline --waivers "$T/none-w.conf" \
	    --attestations "$T/none-a.conf" --domain test.example \
	    --hostname mx.test.example --ipv4 192.0.2.66 --allow-private \
	    --host 127.0.0.1 --postfix-config "$T/pf-$1/etc" \
	    --outbound-target 127.0.0.1:9 --deadline 40 --timeout-ms 5000 \
	    --json >"$T/$1.json" 2>"$T/$1.err"
	echo $? >"$T/$1.rc"
	"$FX/mkpostfix.sh" stop "$T/pf-$1"
}
echo 'waivers = ( );' >"$T/none-w.conf"
echo 'attestations = ( );' >"$T/none-a.conf"
run weak
run hardened
kill $DNSPID 2>/dev/null
EOS
# shellcheck disable=SC2086
timeout 400 unshare -n sh "$T_TMP/live.sh" "$T_TMP" "$FX" \
    "$(echo "$top_srcdir"/tests/data/dns/*.zone)" "$MH_BIN" "$LAB" "$PY"
check "weak: exit 1 (rc=$(cat "$T_TMP/weak.rc" 2>/dev/null))" \
    test "$(cat "$T_TMP/weak.rc" 2>/dev/null)" = 1
sed 's/^/#   weak: /' "$T_TMP/weak.err" 2>/dev/null | head -5
want "$T_TMP/weak.json" LAB-VRFY FAIL
want "$T_TMP/weak.json" LAB-RELAY FAIL
want "$T_TMP/weak.json" BL-10 FAIL
want "$T_TMP/weak.json" BL-08 FAIL
want "$T_TMP/weak.json" BL-01 FAIL
want "$T_TMP/weak.json" LAB-MANUAL MANUAL
want "$T_TMP/hardened.json" LAB-VRFY PASS
want "$T_TMP/hardened.json" LAB-RELAY PASS
want "$T_TMP/hardened.json" BL-10 PASS
want "$T_TMP/hardened.json" BL-08 PASS
want "$T_TMP/hardened.json" BL-01 PASS
check "hardened: the exit status follows the verdicts" $PY -c '
import json, sys
d = json.load(open(sys.argv[1])); rc = int(open(sys.argv[2]).read())
bad = any(r["verdict"] == "FAIL" or (r["verdict"] == "UNKNOWN" and
    r["severity"] == "critical") for r in d["results"])
sys.exit(not (d["exit"] == rc and rc == (1 if bad else 0)))' \
    "$T_TMP/hardened.json" "$T_TMP/hardened.rc"
done_testing
