#!/bin/sh
# conn.sh - "mailharden test" end to end on loopback: the DNS fixture
# (test zones, DNSBL listed / clean / error-code answers), Postfix in the
# weak profile on "25" and the hardened one on "587" and "465" (port map),
# greeters as outbound-25 targets.  Rows and facts are asserted from the
# JSON; --max-parallel 1 must give the same facts; bad input exits 2.
. "$top_srcdir/tests/lib.sh"
FX=$top_srcdir/tests/fixtures
PY=/usr/bin/python3

if ! $PY -c 'import dnslib' 2>/dev/null; then
	skip "conn: python3-dnslib is not installed"; done_testing; exit 0
fi
HAVE_PF=1
if [ "$(id -u)" != 0 ] || ! command -v postfix >/dev/null ||
    ! command -v saslpasswd2 >/dev/null || ! command -v script >/dev/null
then
	HAVE_PF=0
fi

free_port() {
	$PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
PIDS=""
kill_pids() { for p in $PIDS; do kill "$p" 2>/dev/null || true; done; }
at_exit kill_pids

$PY "$FX/pydns.py" --port 0 --port-file "$T_TMP/port" \
    "$top_srcdir"/tests/data/dns/*.zone >"$T_TMP/dns.log" 2>&1 &
PIDS="$PIDS $!"
check "DNS fixture wrote its port" wait_until 100 test -s "$T_TMP/port"
DNS=127.0.0.1:$(cat "$T_TMP/port")

G1=$(free_port); G2=$(free_port); RF=$(free_port)
$PY "$FX/greeter.py" 220 "$G1" >"$T_TMP/g1" & PIDS="$PIDS $!"
$PY "$FX/greeter.py" 554 "$G2" >"$T_TMP/g2" & PIDS="$PIDS $!"
check "greeters ready" wait_until 50 grep -q ready "$T_TMP/g1" "$T_TMP/g2"

PW=$(free_port); PH=$(free_port); PS=$(free_port)
PFD=$T_TMP/pf
if [ $HAVE_PF = 1 ]; then
	mkdir -p "$PFD"; chmod 755 "$T_TMP" "$PFD"
	pf_stop() {
		"$FX/mkpostfix.sh" stop "$PFD/weak"
		"$FX/mkpostfix.sh" stop "$PFD/hard"
	}
	at_exit pf_stop
	check "weak Postfix starts" "$FX/mkpostfix.sh" start weak \
		"$PFD/weak" "$PW"
	check "hardened Postfix starts" "$FX/mkpostfix.sh" start hardened \
		"$PFD/hard" "$PH" "$PS"
else
	# a plain greeter stands in on 25; 587 and 465 are refused
	$PY "$FX/greeter.py" 220 "$PW" >"$T_TMP/g3" & PIDS="$PIDS $!"
	wait_until 50 grep -q ready "$T_TMP/g3"
fi

CONF=$T_TMP/dnsbl.conf
cat >"$CONF" <<'EOC'
errors = ( { code = "127.255.255.252"; meaning = "typo in the DNSBL name"; },
  { code = "127.255.255.254"; meaning = "public resolver refused"; } );
zones = (
 { zone = "bl.test.example"; name = "Test"; kind = "ip"; ipv6 = true;
   listed = ( { code = "127.0.0.2"; meaning = "spam"; } ); },
 { zone = "clean.test.example"; name = "Clean"; kind = "ip"; ipv6 = true;
   listed = ( { code = "127.0.0.2"; meaning = "spam"; } ); },
 { zone = "err254.test.example"; name = "E254"; kind = "ip";
   listed = ( { code = "127.0.0.2"; meaning = "spam"; } ); },
 { zone = "err252.test.example"; name = "E252"; kind = "ip";
   listed = ( { code = "127.0.0.2"; meaning = "spam"; } ); },
 { zone = "dbl.test.example"; name = "DBL"; kind = "domain";
   listed = ( { code = "127.0.1.4"; meaning = "phishing"; } ); } );
EOC

ARGS="--config $T_TMP/none.conf --dns-server $DNS --host 127.0.0.1
 --port-map 25=$PW,587=$PH,465=$PS --domain test.example
 --hostname mx.test.example --ipv4 192.0.2.66 --ipv6 2001:db8::66
 --allow-private --selector default --dnsbl-conf $CONF
 --outbound-target 127.0.0.1:$G1 --outbound-target 127.0.0.1:$G2
 --outbound-target 127.0.0.1:$RF --outbound-target localhost:$G1
 --timeout-ms 5000 --deadline 30"
[ $HAVE_PF = 1 ] && ARGS="$ARGS --postfix-config $PFD/weak/etc"

# row FILE ID VERDICT [SUMMARY-REGEX]
row() {
	_got=$($PY - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["rows"]:
    if r["id"] == sys.argv[2]:
        print(r["verdict"], r["summary"])
        break
else:
    print("absent")
PY
)
	if echo "$_got" | grep -Eq -- "^$3( ${4:-.*})?\$"; then
		ok "row $2: $3"
	else not_ok "row $2: got '$_got', want '$3 ${4:-}'"; fi
}
expect() {
	_got=$(fact "$1" "$2")
	if echo "$_got" | grep -Eq -- "^$3\$"; then ok "$2 = $3"
	else not_ok "$2: got '$_got', want '$3'"; fi
}

J=$T_TMP/par.json
# shellcheck disable=SC2086
mh test $ARGS --json
cp "$MH_OUT" "$J"
check "exit 1: there is a FAIL (rc=$MH_RC)" test "$MH_RC" -eq 1
check "JSON parses, has the rows" $PY -c 'import json,sys
d = json.load(open(sys.argv[1])); sys.exit(len(d["rows"]) < 40)' "$J"
row "$J" dns.works PASS
row "$J" dns.resolver_public PASS
row "$J" dns.mx PASS '10 mx.test.example'
row "$J" dns.host_a WARN '192.0.2.10, not 192.0.2.66'
row "$J" dns.host_aaaa WARN '2001:db8::10, not 2001:db8::66'
row "$J" dns.ptr_ipv4 FAIL 'no PTR for 192.0.2.66.*'
row "$J" dns.spf PASS 'v=spf1 mx .*'
row "$J" dns.dmarc PASS 'v=DMARC1; p=reject.*'
row "$J" dns.dkim PASS 'v=DKIM1; k=rsa.*'
row "$J" dns.mta_sts PASS 'v=STSv1.*'
row "$J" dns.tlsrpt PASS 'v=TLSRPTv1.*'
expect "$J" dns.mx "known 10 mx.test.example,20 mx2.test.example"
row "$J" dnsbl.bl.test.example FAIL 'LISTED: .*'
row "$J" dnsbl6.bl.test.example FAIL 'LISTED: .*'
row "$J" dnsbl.clean.test.example PASS
row "$J" dnsbl6.clean.test.example PASS
row "$J" dnsbl.err254.test.example UNKNOWN '.*127.255.255.254.*'
row "$J" dnsbl.err252.test.example UNKNOWN '.*typo.*'
row "$J" dnsbl.dbl.test.example PASS
out_lacks "no error code reads as listed" \
	'"dnsbl[6]?\.err25[24][^"]*","type":"[a-z]*","state":"known"' "$J"
row "$J" outbound.25 PASS
expect "$J" "outbound.25.127_0_0_1_$G1.ipv4" "known open"
expect "$J" "outbound.25.127_0_0_1_$G2.ipv4" "known remote_rejection"
expect "$J" "outbound.25.127_0_0_1_$RF.ipv4" "known refused"
# "localhost" (curl resolves it itself: 127.0.0.1 and ::1) over both
# families; the greeter listens on 127.0.0.1 only
expect "$J" "outbound.25.localhost_$G1.ipv4" "known open"
expect "$J" "outbound.25.localhost_$G1.ipv6" "known refused"
expect "$J" outbound.25.ipv6 "known refused"
row "$J" outbound.25.ipv6 WARN 'refused: IPv6 mail may not leave.*'
row "$J" "outbound.25.127_0_0_1_$G1" PASS 'IPv4 open'
row "$J" "outbound.25.127_0_0_1_$G2" WARN 'IPv4 remote_rejection'
row "$J" "outbound.25.127_0_0_1_$RF" WARN 'IPv4 refused'
row "$J" "outbound.25.localhost_$G1" WARN 'IPv4 open, IPv6 refused'
out_has "the advice speaks of IPv6" 'Over IPv6: refused' "$J"
row "$J" smtp.25.banner PASS
if [ $HAVE_PF = 1 ]; then
	row "$J" smtp.25.banner_discloses WARN '.*Postfix.*'
	row "$J" smtp.25.starttls FAIL 'no STARTTLS on 25.*'
	row "$J" smtp.25.tls_version UNKNOWN
	row "$J" smtp.25.auth_before_tls FAIL
	row "$J" smtp.25.vrfy WARN
	row "$J" smtp.25.open_relay FAIL 'OPEN RELAY.*'
	expect "$J" smtp.25.relay_test_trusted "known false"
	row "$J" smtp.587.banner_discloses PASS
	row "$J" smtp.587.starttls PASS
	row "$J" smtp.587.tls_version PASS 'TLSv1.3 .*'
	row "$J" smtp.587.cert_trusted WARN '.*self-signed.*'
	row "$J" smtp.587.auth_before_tls PASS
	row "$J" smtp.587.auth_after_tls PASS
	row "$J" smtp.587.vrfy PASS
	row "$J" smtp.587.open_relay PASS
	row "$J" smtps.465.banner PASS
	row "$J" smtps.465.tls_version PASS 'TLSv1.3 .*'
	expect "$J" postfix.mynetworks "known 192.0.2.1/32"
else
	skip "Postfix rows: needs root, postfix, saslpasswd2, script"
	row "$J" smtp.25.starttls FAIL 'no STARTTLS on 25.*'
	row "$J" smtp.587.starttls UNKNOWN
fi

# Serial: the same facts (name, state, value).
S=$T_TMP/ser.json
# shellcheck disable=SC2086
mh test $ARGS --json --max-parallel 1
cp "$MH_OUT" "$S"
check "serial run exits 1 too (rc=$MH_RC)" test "$MH_RC" -eq 1
cmp_facts() {
	$PY - "$1" "$2" <<'PY'
import json, sys
def load(p):
    d = json.load(open(p))
    return ({f["name"]: (f["state"], json.dumps(f.get("value")))
             for f in d["facts"]},
            [(r["id"], r["verdict"]) for r in d["rows"]])
a, b = load(sys.argv[1]), load(sys.argv[2])
bad = [k for k in set(a[0]) | set(b[0]) if a[0].get(k) != b[0].get(k)
       and not k.startswith("smtp") or (k.startswith("smtp") and
       a[0].get(k, ("",))[0] != b[0].get(k, ("",))[0])]
for k in sorted(bad):
    print("#", k, a[0].get(k), b[0].get(k))
sys.exit(1 if bad or a[1] != b[1] else 0)
PY
}
check "--max-parallel 1 gives the same facts and rows" cmp_facts "$J" "$S"

# Text: 80 columns, verdicts, -v evidence.
# shellcheck disable=SC2086
mh test $ARGS
out_has "text rows" '^FAIL +DNSBL bl.test.example '
out_has "text: one row per outbound target, both families" \
	"^WARN +Outbound 25 to localhost:$G1 +IPv4 open, IPv6 refused\$"
out_has "text summary line" '^[0-9]+ PASS, [0-9]+ FAIL, [0-9]+ WARN, [0-9]+ UNKNOWN in [0-9]+ ms$'
check "text fits 80 columns" sh -c "! awk 'length > 80' '$MH_OUT' | grep -q ."
# shellcheck disable=SC2086
mh test $ARGS -v
out_has "-v shows the SMTP transcript" 'EHLO mailharden.invalid'
out_has "-v shows which server answered" "^ +$DNS: test.example MX"

# Bad input: exit 2, one line.
expect_rc "bad --port-map" 2 test --port-map 25=x --dns-server "$DNS"
expect_rc "port-map out of range" 2 test --port-map 25=70000
expect_rc "bad --ipv4" 2 test --config "$T_TMP/none.conf" --ipv4 999.1.1.1
expect_rc "bad --max-parallel" 2 test --max-parallel -1
expect_rc "bad --deadline" 2 test --deadline 0
expect_rc "bad --outbound-target" 2 test --outbound-target 'a b'
expect_rc "bad --host" 2 test --host 'a/b'
expect_rc "stray argument" 2 test extra
expect_rc "bad --dns-server" 2 test --dns-server 1.2.3.4:x
expect_rc "missing dnsbl conf is a runtime failure" 3 test \
	--config "$T_TMP/none.conf" --dnsbl-conf "$T_TMP/nope.conf" \
	--dns-server "$DNS" --outbound-target "127.0.0.1:$RF"
expect_rc "--help" 0 test --help
out_has "--help teaches the port map" '--port-map 25=2525'
done_testing
