#!/bin/sh
# probe_dns.sh - DNS and DNSBL probes end to end against the loopback
# fixture (tests/fixtures/pydns.py on a port chosen at run time), through
# the bench driver (the `mailharden test` command is wired later).
. "${top_srcdir:-.}/tests/lib.sh"
DRV=$top_builddir/tests/bench/probe_bench
if ! /usr/bin/python3 -c 'import dnslib' 2>/dev/null; then
	skip "python3-dnslib is not installed"; done_testing; exit 0
fi
/usr/bin/python3 "$top_srcdir/tests/fixtures/pydns.py" --port 0 \
    --port-file "$T_TMP/port" "$top_srcdir"/tests/data/dns/*.zone \
    >"$T_TMP/dns.log" 2>&1 &
DNSPID=$!
stop_dns() { kill $DNSPID 2>/dev/null; wait $DNSPID 2>/dev/null; }
at_exit stop_dns
check "fixture wrote its port" wait_until 100 test -s "$T_TMP/port"
PORT=$(cat "$T_TMP/port")
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
"$DRV" -s "127.0.0.1:$PORT" -c "$CONF" -4 127.0.0.2 -6 2001:db8::66 \
    -d test.example -v >"$MH_OUT" 2>"$MH_ERR"
check "driver ran" test $? -eq 0
out_has "dns.works" '^fact dns.works = yes'
out_has "MX answer" '^rec test.example 15 Successful.*\[10 mx.test.example\]'
out_has "PTR via MX chain" '^rec 10.2.0.192.in-addr.arpa 12 .*\[mx.test.example\]'
out_has "IPv6 PTR" 'ip6.arpa 12 .*\[mx.test.example\]'
out_has "DKIM TXT joined" '^rec default._domainkey.test.example 16 .*\[v=DKIM1; k=rsa; p=[^]]{300,}\]'
out_has "listed (IPv4)" '^fact dnsbl.bl.test.example = listed'
out_has "listed (IPv6)" '^fact dnsbl6.bl.test.example = listed'
out_has "clean" '^fact dnsbl.clean.test.example = clean'
out_has "127.255.255.254 is UNKNOWN" '^fact dnsbl.err254.test.example = UNKNOWN.*127.255.255.254'
out_has "127.255.255.252 is UNKNOWN" '^fact dnsbl.err252.test.example = UNKNOWN.*typo'
out_lacks "no error code reads as listed" '^fact dnsbl.err25[24].* = listed'
out_has "domain list: test.example clean" '^fact dnsbl.dbl.test.example = clean'
out_has "chain depth 3" 'chain=3'
"$DRV" -s "127.0.0.1:$PORT" -c "$CONF" -d listed.example -v >"$MH_OUT" 2>&1
out_has "domain list: listed.example listed" '^fact dnsbl.dbl.test.example = listed'
"$DRV" -s "127.0.0.1:$PORT" -c "$CONF" -4 127.0.0.2 -P -v >"$MH_OUT" 2>&1
out_has "public resolver: UNKNOWN, not queried" '^fact dnsbl.bl.test.example = UNKNOWN.*not queried'
out_has "public resolver: no probes" 'probes=0 '
"$DRV" -s "127.0.0.1:$PORT" -c "$MAILHARDEN_DATADIR/dnsbl.conf" -d test.example >"$MH_OUT" 2>&1
check "bundled dnsbl.conf loads" test $? -eq 0
done_testing
