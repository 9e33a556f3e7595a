#!/bin/sh
# records_verify.sh - `mailharden records verify` end to end against the
# loopback DNS fixture (tests/fixtures/pydns.py, zones in
# tests/data/records/) and a loopback HTTPS server for the MTA-STS
# policy (python3 ssl, a self-signed certificate made here, trusted with
# the test-only --test-sts-cafile; --test-sts-connect sends
# mta-sts.<domain>:443 to it).  A correct domain gives exit 0; broken
# variants give exit 1 with the findings named; bad input gives 2; a
# resolver that does not answer gives 3.
. "${top_srcdir:-.}/tests/lib.sh"
if ! /usr/bin/python3 -c 'import dnslib' 2>/dev/null; then
	skip "python3-dnslib is not installed"; done_testing; exit 0
fi
if ! command -v openssl >/dev/null 2>&1; then
	skip "openssl is not installed"; done_testing; exit 0
fi
D=$top_srcdir/tests/data/records
CONF=$T_TMP/none.conf

# A DKIM key and its public half for the zone.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
    -out "$T_TMP/mail.private" 2>/dev/null
P=$(openssl pkey -in "$T_TMP/mail.private" -pubout -outform DER 2>/dev/null |
    base64 -w0)
check "DKIM test key made" test -n "$P"
mkdir "$T_TMP/zones"
PQ=$(printf %s "$P" | fold -w 200 | sed 's/.*/"&"/' | tr '\n' ' ')
sed "s|@DKIM_P@|$PQ|" "$D/good.example.zone.in" >"$T_TMP/zones/good.zone"
cp "$D"/*.zone "$T_TMP/zones/"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
    -out "$T_TMP/other.private" 2>/dev/null

/usr/bin/python3 "$top_srcdir/tests/fixtures/pydns.py" --port 0 \
    --port-file "$T_TMP/port" "$T_TMP"/zones/*.zone >"$T_TMP/dns.log" 2>&1 &
DNSPID=$!

# The MTA-STS policy over HTTPS on loopback.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj \
    "/CN=mta-sts.good.example" -addext \
    "subjectAltName=DNS:mta-sts.good.example,DNS:mta-sts.stsbad.example" \
    -keyout "$T_TMP/sts.key" \
    -out "$T_TMP/sts.crt" 2>/dev/null
cat >"$T_TMP/httpsd.py" <<'PY'
import http.server, os, ssl, sys, threading
policy = b"version: STSv1\r\nmode: enforce\r\nmx: mail.good.example\r\nmax_age: 604800\r\n"
bad = b"mode: strict\nversion: STSv1\nmx: *.other.example\nmax_age: 99999999\n"
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path != "/.well-known/mta-sts.txt":
            self.send_response(404); self.end_headers(); return
        body = bad if "stsbad" in self.headers.get("Host", "") else policy
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
s.socket = ctx.wrap_socket(s.socket, server_side=True)
with open(sys.argv[3] + ".tmp", "w") as f: f.write(str(s.server_address[1]))
os.rename(sys.argv[3] + ".tmp", sys.argv[3])
threading.Timer(120, s.shutdown).start()   # bounded lifetime
s.serve_forever()
PY
/usr/bin/python3 "$T_TMP/httpsd.py" "$T_TMP/sts.crt" "$T_TMP/sts.key" \
    "$T_TMP/hport" >"$T_TMP/https.log" 2>&1 &
HTTPSPID=$!
stop_servers() {
	kill $DNSPID $HTTPSPID 2>/dev/null
	wait $DNSPID $HTTPSPID 2>/dev/null
}
at_exit stop_servers
check "DNS fixture wrote its port" wait_until 100 test -s "$T_TMP/port"
check "HTTPS fixture wrote its port" wait_until 100 test -s "$T_TMP/hport"
if ! [ -s "$T_TMP/port" ]; then
	sed 's/^/#  /' "$T_TMP/dns.log"; done_testing; exit 1
fi
DNS=127.0.0.1:$(cat "$T_TMP/port")
HPORT=$(cat "$T_TMP/hport")

good() {
	mh --config "$CONF" --dns-server "$DNS" records verify \
	    --domain good.example --hostname mail.good.example \
	    --ipv4 198.51.100.25 --ipv6 2001:db8:25::25 --allow-private \
	    --selector mail --dkim-key "$T_TMP/mail.private" \
	    --test-sts-cafile "$T_TMP/sts.crt" \
	    --test-sts-connect "127.0.0.1:$HPORT" "$@"
}

# --- the correct zone --------------------------------------------------
good
if [ "$MH_RC" -eq 0 ]; then ok "correct zone: exit 0"
else not_ok "correct zone: exit $MH_RC"; sed 's/^/#  /' "$MH_OUT" "$MH_ERR"
fi
out_has "no findings" '^No findings'
out_has "SPF verdict valid" 'records\.spf\.verdict +valid'
out_has "SPF lookups counted (mx + 1 name)" 'records\.spf\.lookups +2$'
out_has "IPv4 authorized" 'records\.spf\.ipv4 +pass'
out_has "IPv6 authorized" 'records\.spf\.ipv6 +pass'
out_has "SPF evidence names the server and TTL" \
    "good\.example TXT \(ttl 300\)"
out_has "DMARC policy graded reject" 'records\.dmarc\.policy +reject'
out_has "external rua authorized" 'records\.dmarc\.report_auth +reports\.example'
out_has "DKIM key matches the local key" 'records\.dkim\.match +yes'
out_has "DKIM key size" 'records\.dkim\.bits +2048'
out_has "FCrDNS IPv4 ok" 'records\.fcrdns\.ipv4 +ok'
out_has "FCrDNS IPv6 ok" 'records\.fcrdns\.ipv6 +ok'
out_has "FCrDNS link 1 shown" 'link 1: PTR of 198\.51\.100\.25 = mail\.good\.example'
out_has "FCrDNS link 3 shown" 'link 3: A of mail\.good\.example contains 198\.51\.100\.25'
out_has "FCrDNS MX link shown" 'link 6: MX of good\.example includes mail\.good\.example'
out_has "MTA-STS policy fetched: enforce" 'records\.mta_sts +enforce'
out_has "TLS-RPT record" 'records\.tlsrpt +v=TLSRPTv1'
out_has "HELO name has its own SPF" 'records\.spf\.helo +v=spf1 a -all'

good --ehlo-name mail.good.example --cert-name mail.good.example
check "EHLO and certificate name agree: exit 0" test "$MH_RC" -eq 0
out_has "EHLO link shown" 'link 4: EHLO name mail\.good\.example = mail\.good\.example'
out_has "certificate link shown" 'link 5: certificate name mail\.good\.example = mail\.good\.example'
good --ehlo-name localhost.localdomain --cert-name other.example
check "EHLO / certificate name differ: exit 1" test "$MH_RC" -eq 1
out_has "EHLO mismatch named" 'PTR-04 .*localhost\.localdomain'
out_has "certificate mismatch named" 'PTR-05 .*other\.example'

good --json
check "correct zone: JSON parses, exit 0" test "$(json_get "$MH_OUT" \
    'd["exit"]')" = 0
check "JSON facts carry the answering server" test "$(json_get "$MH_OUT" \
    '[e["source"] for f in d["facts"] if f["name"]=="records.dmarc.record" for e in f["evidence"]][0]')" = "$DNS"

# --- broken variants ---------------------------------------------------
# The same domain with a different local DKIM key.
good --dkim-key "$T_TMP/other.private"
check "other DKIM key: exit 1" test "$MH_RC" -eq 1
out_has "DKIM mismatch named" 'DKIM-05 .*not the local key'
# Without the trusted CA the policy fetch fails.
mh --config "$CONF" --dns-server "$DNS" records verify \
    --domain good.example --selector mail \
    --dkim-key "$T_TMP/mail.private" --test-sts-connect "127.0.0.1:$HPORT"
check "untrusted MTA-STS certificate: exit 1" test "$MH_RC" -eq 1
out_has "policy fetch failure named" 'STS-02 .*could not be fetched'
# An address the record does not cover.
good --ipv4 198.51.100.99
check "uncovered address: exit 1" test "$MH_RC" -eq 1
out_has "SPF-10 names the address" 'SPF-10 .*198\.51\.100\.99'

mh --config "$CONF" --dns-server "$DNS" records verify \
    --domain broken.example --hostname mail.broken.example \
    --ipv4 198.51.100.66 --allow-private --selector mail \
    --test-sts-connect 127.0.0.1:9
check "broken zone: exit 1" test "$MH_RC" -eq 1
out_has "SPF include loop named" 'SPF-16 .*spf1\.broken\.example -> spf2\.broken\.example -> spf1\.broken\.example'
out_has "SPF ?all" 'SPF-04'
out_has "SPF verdict permerror" 'records\.spf\.verdict +permerror'
out_has "DMARC monitoring only" 'DM-04 .*monitoring only'
out_has "DMARC pct named" 'DM-06 .*pct=50'
out_has "third-party rua without authorization" \
    'DM-05 .*broken\.example\._report\._dmarc\.thirdparty\.example'
out_has "no DKIM record" 'DKIM-01 .*mail\._domainkey\.broken\.example'
out_has "generic PTR" 'PTR-02 .*host-198-51-100-66\.provider\.example'
out_has "PTR not forward-confirmed" 'PTR-03'
out_has "HELO name without SPF" 'SPF-13 .*mail\.broken\.example'
out_has "FCrDNS broken" 'records\.fcrdns\.ipv4 +broken'
out_has "MTA-STS id missing" 'STS-01'
out_has "MTA-STS policy not fetched" 'STS-02'
out_has "no TLS-RPT" 'TLSRPT-01'
out_has "every finding has its fix" '^      fix: '

mh --config "$CONF" --dns-server "$DNS" records verify \
    --domain stsbad.example --selector mail \
    --test-sts-cafile "$T_TMP/sts.crt" --test-sts-connect "127.0.0.1:$HPORT"
check "bad MTA-STS policy: exit 1" test "$MH_RC" -eq 1
out_has "policy version not first" 'STS-02 .*version is not STSv1'
out_has "policy mode invalid" 'STS-02 .*mode missing or not'
out_has "MX not matched by the policy" 'STS-03 .*mx1\.stsbad\.example matches no'

out_has "max_age over the limit" 'STS-05 .*max_age'
out_has "TLS-RPT rua not mailto/https" 'TLSRPT-02 .*neither mailto'
out_lacks "a valid id is not flagged" 'STS-01'

# A subdomain without its own record: the RFC 9989 tree walk finds the
# parent's (p=reject applies, there is no sp=).
mh --config "$CONF" --dns-server "$DNS" records verify \
    --domain sub.stsbad.example --selector mail \
    --test-sts-connect 127.0.0.1:9
out_has "DMARC found up the tree" 'DM-14 .*_dmarc\.stsbad\.example'
out_has "where the record was found" \
    'records\.dmarc\.source +_dmarc\.stsbad\.example'
out_has "the parent's policy applies" 'records\.dmarc\.policy +reject'
out_lacks "no DM-01 when a parent has a record" 'DM-01 '
# The domain's own record is named as the source.
mh --config "$CONF" --dns-server "$DNS" records verify \
    --domain stsbad.example --selector mail --test-sts-connect 127.0.0.1:9
out_has "own record is the source" \
    'records\.dmarc\.source +_dmarc\.stsbad\.example'
out_lacks "no tree walk for a domain with a record" 'DM-14 '

mh --config "$CONF" --dns-server "$DNS" records verify \
    --domain twospf.broken.example
check "two SPF records: exit 1" test "$MH_RC" -eq 1
out_has "two SPF records named" 'SPF-02 .*2 v=spf1 records'
mh --config "$CONF" --dns-server "$DNS" records verify \
    --domain nothing.good.example
check "no records at all: exit 1" test "$MH_RC" -eq 1
out_has "no SPF named" 'SPF-01'
out_has "no DMARC of its own: the parent's applies (tree walk)" \
    'DM-14 .*nothing\.good\.example.*_dmarc\.good\.example'

# --- bad input and runtime failure -------------------------------------
expect_rc "invalid domain: exit 2" 2 --config "$CONF" --dns-server "$DNS" \
    records verify --domain 'bad..example'
expect_rc "invalid IPv4: exit 2" 2 --config "$CONF" --dns-server "$DNS" \
    records verify --domain good.example --ipv4 999.1.1.1
expect_rc "invalid selector: exit 2" 2 --config "$CONF" \
    --dns-server "$DNS" records verify --domain good.example \
    --selector 'a b'
expect_rc "no domain: exit 2" 2 --config "$CONF" --dns-server "$DNS" \
    records verify
expect_rc "resolver not answering: exit 3" 3 --config "$CONF" \
    --dns-server 127.0.0.1:9 records verify --domain good.example \
    --timeout 3
out_has "runtime failure reason" 'look-ups of good\.example failed' \
    "$MH_ERR"
done_testing
