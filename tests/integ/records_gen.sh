#!/bin/sh
# records_gen.sh - "mailharden records generate": every output format
# (zone file, DNS console table, plain view, JSON), --output through the
# plan engine with a temporary --audit-log and undo, bad input exits 2
# and writes nothing.  No network: generation needs none.
. "$(dirname "$0")/../lib.sh"

ROOT=$T_TMP/root
mkdir -p "$ROOT"
CONF=$T_TMP/none.conf
LOG=$T_TMP/audit.log
CERT=$DATA/records/cert.pem
SPKI=ac437fa39dc0641a611e7732815cf430b650522d2cc3230f4707692d98564df2
set -- --root "$ROOT" --config "$CONF" records generate \
    --domain example.com --hostname mail.example.com \
    --ipv4 203.0.113.7 --ipv6 2001:db8::10 --allow-private \
    --dmarc-rua dmarc@reports.example.net --cert "$CERT" \
    --mta-sts-id 20261123T000000 --provider aliyun --keydir "$T_TMP/keys"

# ---- zone file ----------------------------------------------------------
expect_rc "zone format" 0 "$@"
out_has "zone: origin" '^\$ORIGIN example\.com\.$'
out_has "zone: MX" '^@ +3600 IN MX +10 mail\.example\.com\.$'
out_has "zone: SPF quoted" \
    '^@ +3600 IN TXT +"v=spf1 mx ip4:203\.0\.113\.7 ip6:2001:db8::10 -all"$'
out_has "zone: DMARC quoted with its ;" \
    '^_dmarc +3600 IN TXT +"v=DMARC1; p=none; rua=mailto:dmarc@reports\.example\.net"$'
out_has "zone: MTA-STS id" '^_mta-sts +3600 IN TXT +"v=STSv1; id=20261123T000000"$'
out_has "zone: TLS-RPT" '^_smtp\._tls +3600 IN TXT +"v=TLSRPTv1; rua=mailto:dmarc@reports\.example\.net"$'
out_has "zone: TLSA from the certificate" "^_25\\._tcp\\.mail +3600 IN TLSA 3 1 1 $SPKI\$"
out_has "zone: IPv4 PTR commented out" \
    '^; 7\.113\.0\.203\.in-addr\.arpa\. 3600 IN PTR +mail\.example\.com\.$'
out_has "zone: IPv6 PTR, 32 nibbles" \
    '^; 0\.1\.0\.0\.0\.0\.0\.0\.0\.0\.0\.0\.0\.0\.0\.0\.0\.0\.0\.0\.0\.0\.0\.0\.8\.b\.d\.0\.1\.0\.0\.2\.ip6\.arpa\. '
out_has "zone: external report authorization" \
    '^; example\.com\._report\._dmarc\.reports\.example\.net\. 3600 IN TXT +"v=DMARC1"$'
out_has "zone: MTA-STS policy text" '^;   mx: mail\.example\.com$'
out_has "zone: provider PTR procedure" 'How to set PTR at Alibaba Cloud'
out_has "zone: DKIM key missing is said" 'No DKIM key at .*/keys/example\.com/mail\.private'
# every line is a comment, a directive or an RR with an even number of "
check "zone: quotes balanced on every line" awk -F'"' \
    'NF % 2 == 0 { bad = 1 } END { exit bad }' "$MH_OUT"
if [ -x /usr/bin/named-checkzone ] || [ -x /usr/sbin/named-checkzone ]; then
	NCZ=$(command -v named-checkzone || echo /usr/sbin/named-checkzone)
	cp "$MH_OUT" "$T_TMP/zone"
	printf '@ 3600 IN SOA ns.example.com. h.example.com. 1 2 3 4 5\n@ 3600 IN NS ns.example.com.\nns 3600 IN A 192.0.2.1\nmail 3600 IN A 192.0.2.2\n' >>"$T_TMP/zone"
	check "zone: named-checkzone accepts it" "$NCZ" -q example.com "$T_TMP/zone"
else
	skip "named-checkzone not installed"
fi

# ---- DNS console table --------------------------------------------------
expect_rc "table format" 0 "$@" --format table --ascii
out_has "table: header columns" '^ Host +\| Type \| Value +\| TTL$'
out_has "table: apex host is @" '^ @ +\| MX +\| 10 mail\.example\.com\. +\| 3600$'
out_has "table: host relative to the zone" '^ _dmarc +\| TXT +\| v=DMARC1; p=none;'
out_has "table: TLSA host" '^ _25\._tcp\.mail +\| TLSA \|'
out_has "table: records elsewhere" '^ Name +\| Type \| Value +\| TTL$'
check "table: fits 80 columns" awk 'length($0) > 80 && !/^[*]|: / { bad = 1 } END { exit bad }' "$MH_OUT"
mh "$@" --format table
LC_ALL=C.UTF-8 "$MH_BIN" "$@" --format table >"$T_TMP/utf8" 2>&1 || true
if grep -q "$(printf '\342\224\202')" "$T_TMP/utf8"; then
	ok "table: box lines in a UTF-8 locale"
else
	not_ok "table: box lines in a UTF-8 locale"
fi

# ---- plain view ---------------------------------------------------------
expect_rc "plain format" 0 "$@" --format plain
out_lacks "plain: no box characters" "$(printf '\342\224')|\\|"
out_has "plain: TLSA value on one line" "^Value: +3 1 1 $SPKI\$"
out_has "plain: host" '^Host: +_smtp\._tls$'
out_has "plain: PTR says where" '^Where: +at the owner of 203\.0\.113\.7'
check "plain: no CR" sh -c "! grep -q \"\$(printf '\\r')\" '$MH_OUT'"
# a 2048-bit-like long value stays one line in the plain view
LONGSPF="v=spf1 $(i=1; while [ $i -le 30 ]; do printf 'ip4:198.51.100.%d ' $i; i=$((i+1)); done)-all"
expect_rc "plain: long merged SPF" 0 "$@" --format plain --existing-spf "$LONGSPF"
check "plain: the long value is on one line" grep -Eq \
    '^Value: +v=spf1 ip4:198\.51\.100\.1 .* ip4:198\.51\.100\.30 mx ip4:203\.0\.113\.7 ip6:2001:db8::10 -all$' "$MH_OUT"
out_has "plain: the split form is shown too" '^Split: +"v=spf1 .*" "'
out_has "plain: the length note" 'keep it under about 450'
expect_rc "zone: long SPF" 0 "$@" --existing-spf "$LONGSPF"
out_has "zone: long SPF in parentheses" '^@ +3600 IN TXT +\( "v=spf1 '

# ---- JSON ---------------------------------------------------------------
expect_rc "json format" 0 "$@" --format json
check "json: SPF value" test "$(json_get "$MH_OUT" \
    '[r["value"] for r in d["records"] if r["kind"]=="spf"][0]')" = \
    "v=spf1 mx ip4:203.0.113.7 ip6:2001:db8::10 -all"
check "json: report authorization outside the zone" test "$(json_get "$MH_OUT" \
    '[r["in_zone"] for r in d["records"] if r["kind"]=="dmarc-report-auth"][0]')" = False
check "json: policy text" test "$(json_get "$MH_OUT" \
    'd["mta_sts_policy"]["text"].count("\r\n")')" = 4
check "json: two PTR records" test "$(json_get "$MH_OUT" \
    'len([r for r in d["records"] if r["kind"]=="ptr"])')" = 2

expect_rc "--json means --format json" 0 "$@" --json
check "json: parses" test "$(json_get "$MH_OUT" 'd["domain"]')" = example.com

# ---- options ------------------------------------------------------------
expect_rc "merge with a published SPF" 0 "$@" --format plain \
    --existing-spf 'v=spf1 include:_spf.google.com ~all'
out_has "merged record" \
    '^Value: +v=spf1 include:_spf\.google\.com mx ip4:203\.0\.113\.7 ip6:2001:db8::10 ~all$'
out_has "merge says what it added" 'SPF merge: added mx'
expect_rc "soft all" 0 "$@" --format plain --spf-all soft
out_has "~all" '^Value: +v=spf1 mx .* ~all$'
out_has "~all explained" 'softfail'
expect_rc "DMARC options" 0 "$@" --format plain --dmarc-policy reject \
    --adkim s --aspf s --dmarc-pct 100
out_has "DMARC value" '^Value: +v=DMARC1; p=reject; rua=mailto:dmarc@reports\.example\.net; adkim=s; aspf=s; pct=100$'
out_has "pct note" 'RFC 9989 removed pct'

# the certificate Postfix is configured with (postconf -c DIR)
if [ -x /usr/sbin/postconf ]; then
	mkdir -p "$T_TMP/pf"
	printf 'smtpd_tls_cert_file = %s\n' "$CERT" >"$T_TMP/pf/main.cf"
	: >"$T_TMP/pf/master.cf"
	expect_rc "TLSA from Postfix's certificate" 0 --config "$CONF" \
	    records generate --domain example.com --hostname mail.example.com \
	    --postfix-config "$T_TMP/pf" --keydir "$T_TMP/keys"
	out_has "TLSA value" "IN TLSA 3 1 1 $SPKI\$"
	out_has "says where it came from" 'smtpd_tls_cert_file = .*cert\.pem'
	printf 'smtpd_tls_cert_file = %s\n' "$T_TMP/nope.pem" \
	    >"$T_TMP/pf/main.cf"
	expect_rc "an unreadable MTA certificate is a note, not an error" 0 \
	    --config "$CONF" records generate --domain example.com \
	    --hostname mail.example.com --postfix-config "$T_TMP/pf" \
	    --keydir "$T_TMP/keys"
	out_has "the note" 'No TLSA: certificate .*nope\.pem'
	out_lacks "no TLSA record" 'IN TLSA'
else
	skip "postconf not installed"
fi

# a DKIM key made by "dkim keygen" is included, split into strings
expect_rc "dkim keygen into a temporary keydir" 0 --audit-log "$T_TMP/dkim.log" \
    dkim keygen --domain example.com --selector s2026 \
    --keydir "$T_TMP/keys" --yes
expect_rc "zone with the DKIM key" 0 "$@" --selector s2026
out_has "DKIM record, parenthesised strings" \
    '^s2026\._domainkey +3600 IN TXT +\( "v=DKIM1; k=rsa; p=MII'
check "DKIM strings are at most 255 bytes" awk '
    /_domainkey/ { on = 1 }
    on { n = split($0, q, "\""); for (i = 2; i <= n; i += 2)
        if (length(q[i]) > 255) bad = 1 }
    on && /\)/ { on = 0 }
    END { exit bad }' "$MH_OUT"
out_lacks "no missing-key note" 'No DKIM key at'
check "DKIM continuation string lines up under the first" awk '
    /_domainkey.*\( "/ { f = 1; c = index($0, "\""); getline
        if (index($0, "\"") != c) bad = 1 }
    END { exit (!f || bad) }' "$MH_OUT"
expect_rc "plain with the DKIM key" 0 "$@" --selector s2026 --format plain
out_has "DKIM value on one line" '^Value: +v=DKIM1; k=rsa; p=MII[A-Za-z0-9+/]{300,}=*$'

# ---- --output through the plan engine, then undo ------------------------
OUT=$T_TMP/records.zone
expect_rc "--output writes the file" 0 --audit-log "$LOG" "$@" \
    --output "$OUT" --yes
check "the file is there" test -s "$OUT"
check "it holds the zone" grep -q '^\$ORIGIN example\.com\.$' "$OUT"
out_has "says the plan" 'Wrote .*records\.zone \(plan [0-9a-f]+\)'
check "audit log has the write" grep -q 'records\.zone' "$LOG"
expect_rc "--output again without --force exits 2" 2 --audit-log "$LOG" \
    "$@" --output "$OUT" --yes
expect_rc "audit verify" 0 --audit-log "$LOG" audit verify
expect_rc "undo --last" 0 --audit-log "$LOG" undo --last --yes
check "undo removed the file" test ! -e "$OUT"

# ---- bad input: exit 2, nothing written ---------------------------------
BAD=$T_TMP/bad.zone
bad() {
	_d=$1; shift
	expect_rc "bad $_d exits 2" 2 --root "$ROOT" --config "$CONF" \
	    --audit-log "$T_TMP/bad.log" records generate --output "$BAD" \
	    --yes --allow-private "$@"
	check "bad $_d: nothing written" test ! -e "$BAD" -a ! -e "$T_TMP/bad.log"
	check "bad $_d: a reason" test -s "$MH_ERR"
}
bad "domain" --domain 'exa mple.com'
bad "hostname" --domain example.com --hostname 'mail'
bad "IPv4" --domain example.com --ipv4 203.0.113.300
bad "IPv6" --domain example.com --ipv6 2001:db8::zz
bad "selector" --domain example.com --selector 'bad_sel!'
bad "report address" --domain example.com --dmarc-rua 'not-an-address'
bad "certificate" --domain example.com --cert "$T_TMP/missing.pem"
bad "existing SPF" --domain example.com --existing-spf 'spf1 -all'
bad "format" --domain example.com --format xml
bad "provider" --domain example.com --provider nosuchcloud
expect_rc "no domain exits 2" 2 --root "$ROOT" --config "$CONF" records generate
# verify is another module (cli_records_verify.c): only the dispatch here
mh records verify --help
if [ "$MH_RC" -ne 2 ] && grep -q 'verify' "$MH_OUT" "$MH_ERR"; then
	ok "records verify is dispatched (rc=$MH_RC)"
else
	not_ok "records verify is dispatched (rc=$MH_RC)"
fi
expect_rc "no action exits 2" 2 records

done_testing
