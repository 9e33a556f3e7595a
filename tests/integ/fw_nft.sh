#!/bin/sh
# fw_nft.sh - the nftables backend against real rulesets in a private
# network + mount namespace with an overlay over /etc (so the
# /etc/nftables.conf persistence step writes there, not on the host).
# Plans go through the real plan engine, audit log and undo code
# (tests/integ/fwdrive); the rule inverse / check are the __fw-helper
# steps.  Proves: the rule lands in the chain that filters (policy drop
# input chain), iptables-nft and non-filtering chains are left alone,
# listeners on 127.0.0.1 / ::1 are reachable on the opened ports and on
# SSH and not on others, undo restores `nft list ruleset` and the
# config file exactly, a second plan has no step, the host is untouched.
. "$(dirname "$0")/../lib.sh"

FWB=$DATA/fwb
FWD=$top_builddir/tests/integ/fwdrive
PY=/usr/bin/python3

need() {
	for _t in "$@"; do
		command -v "$_t" >/dev/null 2>&1 || { echo "$_t"; return 1; }
	done
	return 0
}

if [ "$(id -u)" -ne 0 ]; then
	skip "firewall namespaces need root (uid $(id -u))"
	done_testing
	exit 0
fi
if ! missing=$(need unshare timeout ip nft iptables-nft $PY); then
	skip "required tool missing: $missing"
	done_testing
	exit 0
fi

host_snap() {
	{
		nft list ruleset
		iptables-nft-save | grep -v '^#'
		ip6tables-nft-save | grep -v '^#'
		cat /proc/net/ip_tables_names /proc/net/ip6_tables_names
		md5sum /etc/nftables.conf /etc/sysconfig/nftables.conf
	} 2>&1
}
host_snap >"$T_TMP/host.before"

cat >"$T_TMP/inner.sh" <<'EOF'
set -u
FWD=$1 FWB=$2 W=$3 PY=$4
res() { if [ "$1" -eq 0 ]; then echo "OK $2"; else echo "FAIL $2"; fi; }
t() { _d=$1; shift; "$@" >>"$W/log" 2>&1; res $? "$_d"; }
conn() { $PY "$FWB/conn.py" "$1" "$2"; }
closed() { conn "$1" "$2"; [ $? -ne 0 ]; }
steps() { sed -n 's/^steps=//p' "$1"; }
# Counters move with the test traffic: compare without them.
norm() {
	nft list ruleset | sed -E 's/counter packets [0-9]+ bytes [0-9]+/counter/'
}
load() { nft flush ruleset && nft -f "$FWB/$1"; }

mkdir -p "$W/up" "$W/work" || exit 1
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$W/up,workdir=$W/work" \
    /etc || { echo "FAIL private overlay on /etc"; exit 1; }
[ -e /etc/nftables.conf ] || printf '#!/usr/sbin/nft -f\n' >/etc/nftables.conf
cp /etc/nftables.conf "$W/conf.orig"
ip link set lo up
$PY "$FWB/listen.py" "$W/ready" 22 25 465 587 2526 &
LP=$!
i=0
while [ ! -e "$W/ready" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
t "listeners up" test -e "$W/ready"

# --- A: inet filter input with policy drop (+ decoy, + iptables-nft).
t "load the policy-drop ruleset" load nft-drop.nft
t "an iptables-nft table is present too" iptables-nft -A INPUT -p tcp \
    --dport 9999 -j ACCEPT
before=$(norm)
for h in 127.0.0.1 ::1; do
	t "before: SSH reachable on $h" conn $h 22
	t "before: 25 dropped on $h" closed $h 25
done
$FWD nftables status 25 >"$W/st" 2>>"$W/log"
t "status says 25 closed" grep -qx 'v4=0 v6=0' "$W/st"
$FWD nftables apply open 25,465,587 "$W/a1.log" 22 >"$W/apply" 2>>"$W/log"
res $? "apply open 25,465,587"
cat "$W/apply" >>"$W/log"
t "plan: 3 rules + the save" test "$(steps "$W/apply")" = 4
t "rules went into inet filter input" sh -c "nft list chain inet filter \
    input | grep -c 'accept comment \"mailharden\"' | grep -qx 3"
t "decoy table untouched" sh -c "! nft list table inet decoy | grep -q \
    mailharden"
t "iptables-nft table untouched" sh -c "! iptables-nft-save | grep -q \
    mailharden"
t "no table was invented" sh -c "[ \$(nft list tables | wc -l) -eq 3 ]"
for h in 127.0.0.1 ::1; do
	for p in 22 25 465 587; do
		t "after: $p reachable on $h" conn $h $p
	done
	t "after: 2526 still dropped on $h" closed $h 2526
done
t "nftables.conf has the header" sh -c "head -1 /etc/nftables.conf |
    grep -qx '#!/usr/sbin/nft -f' && grep -qx 'flush ruleset' \
    /etc/nftables.conf"
t "nftables.conf has the rules" grep -q \
    'tcp dport 587 accept comment "mailharden"' /etc/nftables.conf
t "nftables.conf parses (nft -c -f)" nft -c -f /etc/nftables.conf
t "nftables.conf leaves the iptables-nft table out" sh -c "grep -q \
    'table ip filter left out' /etc/nftables.conf && ! grep -q 'dport 9999' \
    /etc/nftables.conf"
t "check helper finds the rule" $FWD __fw-helper nft-check inet filter \
    input 'tcp dport 25 accept comment "mailharden"'
$FWD __fw-helper nft-check inet filter input \
    'tcp dport 26 accept comment "mailharden"' >>"$W/log" 2>&1
res $(( $? == 1 ? 0 : 1 )) "check helper: absent rule exits 1"
$FWD nftables plan open 25,465,587 22 >"$W/plan2" 2>>"$W/log"
t "idempotent: second plan has no step" test "$(steps "$W/plan2")" = 0
$FWD nftables plan close 25,22 22 >"$W/close" 2>"$W/err"
res $(( $? != 0 ? 0 : 1 )) "closing the SSH port is refused"
t "undo" $FWD undo "$W/a1.log"
after=$(norm)
[ "$before" = "$after" ]; res $? "undo: ruleset equals the one before"
[ "$before" != "$after" ] && { echo "$before"; echo ---; echo "$after"; } \
    >>"$W/log"
t "undo: nftables.conf restored" cmp /etc/nftables.conf "$W/conf.orig"
t "after undo: 25 dropped again" closed 127.0.0.1 25

# close: open 25, close it (delete by handle; inverse re-inserts).
t "open 25 again" $FWD nftables apply open 25 "$W/a2.log" 22
$FWD nftables apply close 25 "$W/a2.log" 22 >"$W/close" 2>>"$W/log"
res $? "apply close 25"
cat "$W/close" >>"$W/log"
t "close: one delete step + the save" test "$(steps "$W/close")" = 2
[ "$before" = "$(norm)" ]; res $? "close: ruleset equals the one before"
t "close: 25 dropped" closed ::1 25

# --- B: no established accept, final "counter drop" rules, ip + ip6.
rm -f /etc/nftables.conf
t "load the final-drop ruleset" load nft-final.nft
before=$(norm)
t "before: SSH replies dropped (no established accept)" closed 127.0.0.1 22
$FWD nftables apply open 25 "$W/a3.log" 22 >"$W/apply" 2>>"$W/log"
res $? "final drop: apply open 25"
cat "$W/apply" >>"$W/log"
t "final drop: established accept added per chain" sh -c "grep -c \
    'accept established' '$W/apply' | grep -qx 2"
t "final drop: 25 inserted before the drop" sh -c "nft list chain ip f4 \
    inbound | grep -A1 'dport 25' | grep -q 'counter.*drop'"
t "final drop: no nftables.conf, so a note says it will not persist" \
    grep -q 'will NOT survive a reboot' "$W/apply"
for h in 127.0.0.1 ::1; do
	t "final drop: 25 and SSH reachable on $h" sh -c \
	    "$PY $FWB/conn.py $h 25 && $PY $FWB/conn.py $h 22"
	t "final drop: 465 still dropped on $h" closed $h 465
done
$FWD nftables plan open 25 22 >"$W/plan2" 2>>"$W/log"
t "final drop: second plan has no step" test "$(steps "$W/plan2")" = 0
t "final drop: undo" $FWD undo "$W/a3.log"
[ "$before" = "$(norm)" ]; res $? "final drop: undo restores the ruleset"

# --- C: nothing filters input: nothing to open, no table invented.
t "load the accept-all ruleset" load nft-open.nft
$FWD nftables plan open 25 22 >"$W/plan3" 2>>"$W/log"
t "accept-all: no step" test "$(steps "$W/plan3")" = 0
t "accept-all: says there is nothing to open" grep -q \
    'nothing to open' "$W/plan3"
kill $LP 2>/dev/null
wait 2>/dev/null
exit 0
EOF

w=$T_TMP/nft
mkdir -p "$w"
timeout 180 unshare -m -n sh "$T_TMP/inner.sh" "$FWD" "$FWB" "$w" "$PY" \
    >"$w/out" 2>>"$w/log"
rc=$?
while read -r word desc; do
	case $word in
	OK) ok "$desc" ;;
	FAIL) not_ok "$desc" ;;
	esac
done <"$w/out"
if [ $rc -ne 0 ] || ! grep -q . "$w/out"; then
	not_ok "nft namespace run finished (rc=$rc)"
fi
if grep -q '^FAIL' "$w/out"; then
	sed 's/^/#   /' "$w/log" | tail -80
fi

host_snap >"$T_TMP/host.after"
if cmp -s "$T_TMP/host.before" "$T_TMP/host.after"; then
	ok "host ruleset and nftables.conf unchanged"
else
	not_ok "host ruleset changed"
	diff "$T_TMP/host.before" "$T_TMP/host.after" | sed 's/^/#   /'
fi
done_testing
