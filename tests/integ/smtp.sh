#!/bin/sh
# smtp.sh - the SMTP probes against real servers on 127.0.0.1: Postfix
# in a weak and a hardened profile (tests/fixtures/mkpostfix.sh), the
# hostile server modes, and outbound-25 classification (greeter 220 and
# 554, a refused port, a blackholed port inside a network namespace).
. "$top_srcdir/tests/lib.sh"
FX=$top_srcdir/tests/fixtures
PY=/usr/bin/python3

if [ "$(id -u)" != 0 ] || ! command -v postfix >/dev/null ||
    ! command -v saslpasswd2 >/dev/null || ! command -v script >/dev/null
then
	skip "smtp: needs root, postfix, saslpasswd2 and script"
	done_testing; exit 0
fi

# Free loopback ports chosen now (bind to 0 and read the port).
free_port() {
	$PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
PW=$(free_port); PH=$(free_port); PS=$(free_port)
PFD=$T_TMP/pf
mkdir -p "$PFD"; chmod 755 "$T_TMP" "$PFD"
pf_stop() {
	"$FX/mkpostfix.sh" stop "$PFD/weak"
	"$FX/mkpostfix.sh" stop "$PFD/hard"
}
at_exit pf_stop
PIDS=""
kill_pids() { for p in $PIDS; do kill "$p" 2>/dev/null || true; done; }
at_exit kill_pids

check "weak Postfix starts" "$FX/mkpostfix.sh" start weak "$PFD/weak" "$PW"
check "hardened Postfix starts" "$FX/mkpostfix.sh" start hardened \
	"$PFD/hard" "$PH" "$PS"

# expect FILE NAME "STATE VALUE" (VALUE may be a regex)
expect() {
	_got=$(fact "$1" "$2")
	if echo "$_got" | grep -Eq -- "^$3\$"; then ok "$2 = $3"
	else not_ok "$2: got '$_got', want '$3'"; fi
}

W=$T_TMP/weak.json
mh smtp-probe --json --postfix-config "$PFD/weak/etc" \
	--hostname mx.test.example "127.0.0.1:$PW"
cp "$MH_OUT" "$W"
S=smtp.$PW
expect "$W" $S.banner "known mx.test.example ESMTP Postfix 3.7.11"
expect "$W" $S.banner_discloses "known true"
expect "$W" $S.starttls "known false"
expect "$W" $S.auth_before_tls "known true"
expect "$W" $S.tls_version "unknown "
expect "$W" $S.cert_trusted "unknown "
expect "$W" $S.vrfy "known true"
expect "$W" $S.expn "known false"
expect "$W" $S.size "known 10240000"
expect "$W" $S.pipelining "known true"
expect "$W" $S.relay_test_trusted "known false"
expect "$W" $S.open_relay "known true"
expect "$W" postfix.disable_vrfy_command "known no"
expect "$W" postfix.smtpd_tls_security_level "known none"
expect "$W" postfix.mynetworks "known 192.0.2.1/32"
expect "$W" postfix.smtpd_banner 'known \$myhostname ESMTP \$mail_name \$mail_version'
expect "$W" postfix.inet_protocols "known ipv4"
out_has "evidence carries the transcript" '"> EHLO mailharden.invalid"|EHLO mailharden.invalid' "$W"

H=$T_TMP/hard.json
mh smtp-probe --json --postfix-config "$PFD/hard/etc" \
	--hostname mx.test.example "127.0.0.1:$PH"
cp "$MH_OUT" "$H"
S=smtp.$PH
expect "$H" $S.banner "known mx.test.example ESMTP"
expect "$H" $S.banner_discloses "known false"
expect "$H" $S.starttls "known true"
expect "$H" $S.tls_version "known TLSv1.3"
expect "$H" $S.tls_cipher "known TLS_.*"
expect "$H" $S.cert_subject "known CN = mx.test.example"
expect "$H" $S.cert_expiry "known .*20[0-9][0-9] GMT"
expect "$H" $S.cert_hostname_match "known true"
expect "$H" $S.cert_trusted "known false"
expect "$H" $S.auth_before_tls "known false"
expect "$H" $S.auth_after_tls "known true"
expect "$H" $S.vrfy "known false"
expect "$H" $S.expn "known false"
expect "$H" $S.relay_test_trusted "known false"
expect "$H" $S.open_relay "known false"
expect "$H" postfix.smtpd_tls_auth_only "known yes"
expect "$H" postfix.smtpd_tls_protocols "known >=TLSv1.2"
expect "$H" postfix.smtpd_client_connection_rate_limit "known 30"

# Without mynetworks known, a loopback test proves nothing.
mh smtp-probe --json "127.0.0.1:$PW"
expect "$MH_OUT" smtp.$PW.relay_test_trusted "known true"
expect "$MH_OUT" smtp.$PW.open_relay "unknown "
mh smtp-probe --json --hostname other.example --implicit-tls --as-port 465 \
	"127.0.0.1:$PS"
expect "$MH_OUT" smtps.465.tls_version "known TLSv1\\.[23]"
expect "$MH_OUT" smtps.465.cert_hostname_match "known false"
expect "$MH_OUT" smtps.465.auth_after_tls "known true"

# Hostile servers: UNKNOWN with a reason, within the deadline, bounded.
HP=$(free_port)
for mode in endless huge badcode slow busy tarpit; do
	$PY "$FX/hostile_smtp.py" "$mode" "$HP" >"$T_TMP/h.$mode" &
	hp=$!; PIDS="$PIDS $hp"
	wait_until 30 grep -q ready "$T_TMP/h.$mode" || diag "no $mode server"
	t0=$(date +%s%N)
	mh smtp-probe --json --timeout-ms 2000 "127.0.0.1:$HP"
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	expect "$MH_OUT" smtp.$HP.banner "unknown "
	expect "$MH_OUT" smtp.$HP.starttls "unknown "
	check "$mode: ended by the deadline (${ms} ms)" [ "$ms" -lt 6000 ]
	kill "$hp" 2>/dev/null; wait "$hp" 2>/dev/null || true
done

# Outbound 25: literal addresses are probed over their own family only.
G1=$(free_port); G2=$(free_port); RF=$(free_port); GD=$(free_port)
GM=$(free_port)
$PY "$FX/greeter.py" 220 "$G1" >"$T_TMP/g1" & PIDS="$PIDS $!"
$PY "$FX/greeter.py" 554 "$G2" >"$T_TMP/g2" & PIDS="$PIDS $!"
# dual stack: one greeter on 127.0.0.1 and one on ::1, same port
$PY "$FX/greeter.py" 220 "$GD" >"$T_TMP/gd4" & PIDS="$PIDS $!"
$PY "$FX/greeter.py" 220 "$GD" ::1 >"$T_TMP/gd6" & PIDS="$PIDS $!"
# IPv4 only
$PY "$FX/greeter.py" 220 "$GM" >"$T_TMP/gm" & PIDS="$PIDS $!"
for g in g1 g2 gd4 gd6 gm; do
	wait_until 30 grep -q ready "$T_TMP/$g" || diag "greeter $g not ready"
done
mh smtp-probe --json --outbound --timeout-ms 2000 "127.0.0.1:$G1" \
	"127.0.0.1:$G2" "127.0.0.1:$RF" "[::1]:$GD"
expect "$MH_OUT" "outbound.25.127_0_0_1_$G1.ipv4" "known open"
expect "$MH_OUT" "outbound.25.127_0_0_1_$G2.ipv4" "known remote_rejection"
expect "$MH_OUT" "outbound.25.127_0_0_1_$RF.ipv4" "known refused"
expect "$MH_OUT" "outbound.25.___1__$GD.ipv6" "known open"
out_lacks "an IPv4 literal is not probed over IPv6" \
	"outbound\\.25\\.127_0_0_1_$G1\\.ipv6" "$MH_OUT"
out_lacks "an IPv6 literal is not probed over IPv4" \
	"outbound\\.25\\.___1__$GD\\.ipv4" "$MH_OUT"
expect "$MH_OUT" outbound.25 "known open"
expect "$MH_OUT" outbound.25.ipv6 "known open"

# A name over both families: curl resolves "localhost" itself to
# 127.0.0.1 and ::1 (no DNS traffic).  Dual-stack greeter: both open;
# IPv4-only greeter: IPv6 refused.
mh smtp-probe --json --outbound --timeout-ms 2000 "localhost:$GD" \
	"localhost:$GM"
expect "$MH_OUT" "outbound.25.localhost_$GD.ipv4" "known open"
expect "$MH_OUT" "outbound.25.localhost_$GD.ipv6" "known open"
expect "$MH_OUT" "outbound.25.localhost_$GM.ipv4" "known open"
expect "$MH_OUT" "outbound.25.localhost_$GM.ipv6" "known refused"
expect "$MH_OUT" outbound.25 "known open"
expect "$MH_OUT" outbound.25.ipv6 "known open"
out_has "evidence names the family" '"IPv6, [0-9]+ ms' "$MH_OUT"

# No A / no AAAA record: inside a mount and network namespace (nothing
# can leave), a private /etc/hosts and nsswitch.conf (files only, so no
# DNS query is made), greeters on 127.0.0.1 and fd00:6::1 (glibc maps
# ::1 in /etc/hosts to 127.0.0.1 for IPv4 look-ups, so a v6-only name
# needs a non-loopback address, added to lo in the namespace).
if command -v unshare >/dev/null && unshare -m -n true 2>/dev/null; then
	printf '127.0.0.1 v4only.mh.test\nfd00:6::1 v6only.mh.test\n' \
		>"$T_TMP/hosts"
	printf 'hosts: files\n' >"$T_TMP/nsswitch.conf"
	printf 'nameserver 127.0.0.1\n' >"$T_TMP/resolv.conf"
	cat >"$T_TMP/ns.sh" <<EOS
set -e
ip link set lo up
ip -6 addr add fd00:6::1/128 dev lo
mount --bind '$T_TMP/hosts' /etc/hosts
mount --bind '$T_TMP/nsswitch.conf' /etc/nsswitch.conf
mount --bind '$T_TMP/resolv.conf' /etc/resolv.conf
$PY '$FX/greeter.py' 220 2525 >'$T_TMP/n4' & p4=\$!
$PY '$FX/greeter.py' 220 2525 fd00:6::1 >'$T_TMP/n6' & p6=\$!
trap 'kill \$p4 \$p6 2>/dev/null' EXIT
i=0
until grep -q ready '$T_TMP/n4' && grep -q ready '$T_TMP/n6'; do
	i=\$((i + 1)); [ \$i -lt 100 ] || exit 9; sleep 0.1
done
'$MH_BIN' smtp-probe --json --outbound --timeout-ms 2000 \
    v4only.mh.test:2525 v6only.mh.test:2525 gone.mh.test:2525
EOS
	MH_RC=0
	timeout 60 unshare -m -n sh "$T_TMP/ns.sh" >"$MH_OUT" 2>"$MH_ERR" ||
	    MH_RC=$?
	check "namespace run worked (rc=$MH_RC)" [ "$MH_RC" -eq 0 ]
	expect "$MH_OUT" "outbound.25.v4only_mh_test_2525.ipv4" "known open"
	expect "$MH_OUT" "outbound.25.v4only_mh_test_2525.ipv6" \
		"known no_address"
	expect "$MH_OUT" "outbound.25.v6only_mh_test_2525.ipv4" \
		"known no_address"
	expect "$MH_OUT" "outbound.25.v6only_mh_test_2525.ipv6" "known open"
	expect "$MH_OUT" "outbound.25.gone_mh_test_2525.ipv4" \
		"known dns_failure"
	expect "$MH_OUT" "outbound.25.gone_mh_test_2525.ipv6" \
		"known dns_failure"
	expect "$MH_OUT" outbound.25 "known open"
	expect "$MH_OUT" outbound.25.ipv6 "known open"
	out_has "no_address evidence names the missing AAAA" \
		'v4only.mh.test has no AAAA record' "$MH_OUT"
	out_has "no_address evidence names the missing A" \
		'v6only.mh.test has no A record' "$MH_OUT"
else
	skip "no A / no AAAA: needs unshare -m -n"
fi

# DNS failure without any network: a name /etc/hosts does not know,
# probed inside a network namespace with no interface up (the resolver
# fails at once; nothing can leave the machine).
if command -v unshare >/dev/null && unshare -n true 2>/dev/null; then
	t0=$(date +%s%N)
	MH_RC=0
	unshare -n "$MH_BIN" smtp-probe --json --outbound --timeout-ms 3000 \
	    mailharden-nosuch.example.com >"$MH_OUT" 2>"$MH_ERR" || MH_RC=$?
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	expect "$MH_OUT" outbound.25.mailharden-nosuch_example_com.ipv4 \
		"known dns_failure"
	expect "$MH_OUT" outbound.25.mailharden-nosuch_example_com.ipv6 \
		"known dns_failure"
	expect "$MH_OUT" outbound.25 "known dns_failure"
	expect "$MH_OUT" outbound.25.ipv6 "known dns_failure"
	check "DNS failure classified quickly (${ms} ms)" [ "$ms" -lt 5000 ]
else
	skip "DNS failure: needs unshare -n"
fi

if command -v unshare >/dev/null && command -v iptables >/dev/null; then
	t0=$(date +%s%N)
	MH_RC=0
	unshare -n sh -c "ip link set lo up && iptables -A INPUT -p tcp \
	    --dport 2525 -j DROP && '$MH_BIN' smtp-probe --json --outbound \
	    --timeout-ms 1500 127.0.0.1:2525" >"$MH_OUT" 2>"$MH_ERR" ||
	    MH_RC=$?
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	expect "$MH_OUT" outbound.25.127_0_0_1_2525.ipv4 "known filtered"
	expect "$MH_OUT" outbound.25 "known filtered"
	out_has "advice names the relay-host way out" 'relayhost' "$MH_OUT"
	check "blackhole classified within the timeout (${ms} ms)" \
		[ "$ms" -lt 4000 ]
else
	skip "blackhole: needs unshare and iptables"
fi
done_testing
