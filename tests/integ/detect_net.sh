#!/bin/sh
# detect_net.sh - host, network, mail server and SSH detection through
# `mailharden detect --json`: fixture trees under --root, SSH_CONNECTION
# from the environment, and live runs inside a private network namespace
# (unshare -n: addresses on its own lo, listeners on 127.0.0.1 and ::1,
# nothing leaves the machine).
. "$(dirname "$0")/../lib.sh"
NET=$DATA/net

# fact_is DESC FILE NAME "STATE VALUE"
fact_is() {
	_got=$(fact "$2" "$3")
	if [ "$_got" = "$4" ]; then ok "$1"
	else not_ok "$1: $3 is '$_got', want '$4'"; fi
}
# ev_has DESC FILE NAME REGEX: some evidence line (source: text) matches.
ev_has() {
	_got=$(json_get "$2" "'\\n'.join(e['source'] + ': ' + e['text'] for f in d['facts'] if f['name'] == '$3' for e in f.get('evidence', []))")
	if printf '%s\n' "$_got" | grep -Eq -- "$4"; then ok "$1"
	else not_ok "$1: no /$4/ in the evidence of $3"
		printf '%s\n' "$_got" | sed 's/^/#   /' | head -20
	fi
}
# reason_has DESC FILE NAME REGEX
reason_has() {
	_got=$(json_get "$2" "[f.get('reason') for f in d['facts'] if f['name'] == '$3']")
	if printf '%s\n' "$_got" | grep -Eq -- "$4"; then ok "$1"
	else not_ok "$1: reason of $3 is $_got"; fi
}
detect_root() {
	expect_rc "detect --root $1" 0 detect --json --root "$NET/$1"
	cp "$MH_OUT" "$T_TMP/$1.json"
}

# --- fixtures under --root
detect_root postfix
J=$T_TMP/postfix.json
fact_is "postfix: host name" "$J" host.hostname "known mail"
fact_is "postfix: FQDN from /etc/hosts" "$J" host.fqdn "known mail.example.com"
ev_has "postfix: FQDN evidence names /etc/hosts" "$J" host.fqdn "^/etc/hosts: line 2"
fact_is "postfix: installed" "$J" mta.installed "known postfix"
fact_is "postfix: in use" "$J" mta.name "known postfix"
ev_has "postfix: owner of port 25 from /proc" "$J" mta.name "pid 812 \(master\)"
fact_is "postfix: config" "$J" mta.config "known /etc/postfix/main.cf"
fact_is "postfix: 25 listening" "$J" port.25.listening "known true"
fact_is "postfix: 25 v4+v6" "$J" port.25.addresses "known 0.0.0.0,::"
fact_is "postfix: 587 v4+v6" "$J" port.587.addresses "known 0.0.0.0,::"
fact_is "postfix: 465 not listening" "$J" port.465.listening "known false"
fact_is "postfix: 995 no addresses" "$J" port.995.addresses "known "
fact_is "postfix: addresses are live state" "$J" net.ipv4 "unknown "
reason_has "postfix: reason says --root" "$J" net.public_ipv4 "live state"
fact_is "postfix: default SSH port" "$J" ssh.ports "known 22"
ev_has "postfix: 'default 22' said" "$J" ssh.ports "no Port directive: default 22"
ev_has "postfix: sshd listener owned by sshd" "$J" ssh.ports "sshd \(pid 640\)"
fact_is "postfix: no session" "$J" ssh.session "known false"

detect_root exim
J=$T_TMP/exim.json
fact_is "exim: installed" "$J" mta.installed "known exim"
fact_is "exim: in use" "$J" mta.name "known exim"
fact_is "exim: Debian config" "$J" mta.config "known /etc/exim4/update-exim4.conf.conf"
fact_is "exim: local only" "$J" port.25.addresses "known 127.0.0.1,::1"
fact_is "exim: dotted host name is the FQDN" "$J" host.fqdn "known mx1.example.org"
fact_is "exim: custom SSH port 22022" "$J" ssh.ports "known 22022"

detect_root two-mtas
J=$T_TMP/two-mtas.json
fact_is "two MTAs: both installed" "$J" mta.installed "known postfix,exim"
fact_is "two MTAs: in use unknown" "$J" mta.name "unknown "
reason_has "two MTAs: reason" "$J" mta.name "several installed"
detect_root two-mtas-owner
fact_is "two MTAs: the owner of 25 wins" "$T_TMP/two-mtas-owner.json" mta.name "known exim"

detect_root sshd-include
J=$T_TMP/sshd-include.json
fact_is "Include: ports 2222 and 22022" "$J" ssh.ports "known 2222,22022"
ev_has "Include: nested file named" "$J" ssh.ports "/etc/ssh/extra/listen.conf: line 1: ListenAddress"
ev_has "Include: sshd.d file named" "$J" ssh.ports "sshd_config.d/10-port.conf: line 2: Port 2222"
ev_has "Include: live command not run" "$J" ssh.ports "sshd -T: not run"
fact_is "Include: no MTA" "$J" mta.installed "known "

detect_root no-mta
J=$T_TMP/no-mta.json
fact_is "no MTA: sendmail wrapper is no MTA" "$J" mta.installed "known "
ev_has "no MTA: wrapper explained" "$J" mta.installed "compatibility wrapper"
fact_is "no MTA: in use unknown" "$J" mta.name "unknown "
fact_is "no MTA: FQDN unknown" "$J" host.fqdn "unknown "
reason_has "no MTA: FQDN reason" "$J" host.fqdn "no DNS query"
fact_is "no MTA: ports unknown without /proc/net" "$J" port.25.listening "unknown "

detect_root garbage
J=$T_TMP/garbage.json
fact_is "garbage: bad host name is an ERROR" "$J" host.hostname "error "
fact_is "garbage: good line of tcp kept" "$J" port.25.listening "known true"
ev_has "garbage: bad lines counted" "$J" port.25.listening "7 lines did not parse"
fact_is "garbage: Include loop bounded, good Port kept" "$J" ssh.ports "known 2200"

# --- SSH_CONNECTION
export SSH_CONNECTION='203.0.113.9 50000 198.51.100.2 2222'
expect_rc "SSH_CONNECTION set" 0 detect --json --root "$NET/exim"
cp "$MH_OUT" "$T_TMP/ssh.json"
fact_is "session port joins the config port" "$T_TMP/ssh.json" ssh.ports "known 2222,22022"
fact_is "client from SSH_CONNECTION" "$T_TMP/ssh.json" ssh.client "known 203.0.113.9:50000"
fact_is "in a session" "$T_TMP/ssh.json" ssh.session "known true"
ev_has "session evidence" "$T_TMP/ssh.json" ssh.ports "env SSH_CONNECTION: this session came in on 198.51.100.2 port 2222"
export SSH_CONNECTION='203.0.113.9 50000 ; rm -rf / 2222'
expect_rc "garbage SSH_CONNECTION: rc 0" 0 detect --json --root "$NET/exim"
cp "$MH_OUT" "$T_TMP/ssh.json"
fact_is "garbage SSH_CONNECTION: ERROR" "$T_TMP/ssh.json" ssh.session "error "
fact_is "garbage SSH_CONNECTION: client ERROR" "$T_TMP/ssh.json" ssh.client "error "
fact_is "garbage SSH_CONNECTION: config still read" "$T_TMP/ssh.json" ssh.ports "known 22022"
unset SSH_CONNECTION

# --- live, inside a private network namespace
cat >"$T_TMP/listen.py" <<'PY'
import ctypes, socket, sys, time
# listen.py NAME READYFILE FAMILY:ADDR:PORT...  (bounded life: 30 s)
ctypes.CDLL(None).prctl(15, sys.argv[1].encode(), 0, 0, 0)
socks = []
for spec in sys.argv[3:]:
    fam, rest = spec.split(":", 1)
    addr, port = rest.rsplit(":", 1)
    s = socket.socket(socket.AF_INET6 if fam == "6" else socket.AF_INET)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, int(port)))
    s.listen(1)
    socks.append(s)
open(sys.argv[2], "w").write("ready\n")
time.sleep(30)
PY
cat >"$T_TMP/live.sh" <<'SH'
# live.sh MODE OUT TMP: runs inside `unshare -n`.
set -u
mode=$1 out=$2 tmp=$3
ip link set lo up || exit 10
ip addr add 10.20.30.40/32 dev lo || exit 11
if [ "$mode" = public ]; then
	ip addr add 45.76.1.10/32 dev lo || exit 12
	ip -6 addr add 2a01:4f8:c0c:1234::25/128 dev lo nodad || exit 13
else
	ip addr add 100.64.1.1/32 dev lo || exit 12
	ip -6 addr add fd00::25/128 dev lo nodad || exit 13
fi
rm -f "$tmp/r1" "$tmp/r2"
timeout 30 /usr/bin/python3 "$tmp/listen.py" master "$tmp/r1" \
    4:127.0.0.1:25 6:::1:587 & p1=$!
timeout 30 /usr/bin/python3 "$tmp/listen.py" sshd "$tmp/r2" \
    4:127.0.0.1:2222 & p2=$!
trap 'kill $p1 $p2 2>/dev/null; wait 2>/dev/null' EXIT
n=0
while [ ! -s "$tmp/r1" ] || [ ! -s "$tmp/r2" ]; do
	n=$((n + 1)); [ $n -gt 100 ] && exit 14
	sleep 0.1
done
"$MH_BIN" detect --json >"$out" 2>"$out.err"
SH
if ! unshare -n true 2>/dev/null; then
	skip "live network namespace tests: unshare -n is not permitted here"
else
	export MH_BIN
	for mode in public private; do
		J=$T_TMP/live-$mode.json
		rc=0
		unshare -n /bin/sh "$T_TMP/live.sh" $mode "$J" "$T_TMP" || rc=$?
		if [ $rc -ne 0 ]; then
			not_ok "live $mode: namespace setup or detect failed (rc=$rc)"
			sed 's/^/#   err: /' "$J.err" 2>/dev/null | head -10
			continue
		fi
		ok "live $mode: detect ran in a private namespace"
		fact_is "live $mode: 25 listening" "$J" port.25.listening "known true"
		fact_is "live $mode: 25 on 127.0.0.1" "$J" port.25.addresses "known 127.0.0.1"
		fact_is "live $mode: 587 on ::1" "$J" port.587.addresses "known ::1"
		fact_is "live $mode: 465 not listening" "$J" port.465.listening "known false"
		fact_is "live $mode: owner of 25 named 'master' = postfix" "$J" mta.name "known postfix"
		ev_has "live $mode: sshd listener seen" "$J" ssh.ports "sshd \(pid [0-9]+\) listens on 127.0.0.1 port 2222"
		case $(fact "$J" ssh.ports) in
		known*2222*) ok "live $mode: 2222 in ssh.ports" ;;
		*) not_ok "live $mode: ssh.ports is $(fact "$J" ssh.ports)" ;;
		esac
		if [ $mode = public ]; then
			fact_is "live public: IPv4 list" "$J" net.ipv4 "known 10.20.30.40,45.76.1.10"
			fact_is "live public: public IPv4" "$J" net.public_ipv4 "known 45.76.1.10"
			fact_is "live public: public IPv6" "$J" net.public_ipv6 "known 2a01:4f8:c0c:1234::25"
			fact_is "live public: no NAT hint" "$J" net.nat_hint "known false"
		else
			fact_is "live private: IPv4 list" "$J" net.ipv4 "known 10.20.30.40,100.64.1.1"
			fact_is "live private: no public IPv4" "$J" net.public_ipv4 "unknown "
			reason_has "live private: reason lists the private ones" "$J" net.public_ipv4 "100.64.1.1 \(shared"
			fact_is "live private: ULA is no public IPv6" "$J" net.public_ipv6 "unknown "
			fact_is "live private: NAT hint" "$J" net.nat_hint "known true"
			ev_has "live private: operator must confirm" "$J" net.nat_hint "confirmed by the operator"
		fi
	done
fi

# --- sshd -T (live, root)
if [ ! -x /usr/sbin/sshd ]; then
	skip "sshd -T: openssh-server is not installed here"
elif [ "$(id -u)" -ne 0 ]; then
	skip "sshd -T: needs root"
else
	mh detect --json
	J=$T_TMP/sshd-t.json
	cp "$MH_OUT" "$J"
	if ports=$(/usr/sbin/sshd -T 2>/dev/null | awk '/^port /{print $2}') &&
	    [ -n "$ports" ]; then
		for p in $ports; do
			ev_has "sshd -T: port $p named" "$J" ssh.ports "sshd -T: port $p$"
		done
	else
		ev_has "sshd -T: failure reported, files read" "$J" ssh.ports "sshd -T: failed"
	fi
fi
done_testing
