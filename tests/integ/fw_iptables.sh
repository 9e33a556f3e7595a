#!/bin/sh
# fw_iptables.sh - the iptables-nft and iptables-legacy backends against
# real rules, each variant in its own network + mount namespace with a
# private overlay over /etc (so persistence files are written there, not
# on the host).  Plans are applied and undone through the real plan
# engine, audit log and undo code (tests/integ/fwdrive).  Proves: TCP
# clients reach listeners on 127.0.0.1 and ::1 on every opened port and
# on SSH, other ports stay refused, undo restores the ruleset exactly,
# a second plan has no step, SSH is never closed, the host is untouched.
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
if ! missing=$(need unshare timeout ip iptables-nft iptables-legacy \
    ip6tables-nft ip6tables-legacy iptables-nft-restore \
    iptables-legacy-restore $PY); then
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
		ls -la /etc/iptables /etc/sysconfig 2>&1
	} 2>&1
}
host_snap >"$T_TMP/host.before"

# The test proper, run inside `unshare -m -n`: prints "OK desc" or
# "FAIL desc" lines that the outer shell turns into TAP.
cat >"$T_TMP/inner.sh" <<'EOF'
set -u
V=$1 FWD=$2 FWB=$3 W=$4 PY=$5
B=iptables-$V
n=0
res() { if [ "$1" -eq 0 ]; then echo "OK $V: $2"; else echo "FAIL $V: $2"; fi; }
t() { _d=$1; shift; "$@" >>"$W/log" 2>&1; res $? "$_d"; }
conn() { $PY "$FWB/conn.py" "$1" "$2"; }
norm() {
	{ iptables-$V-save; ip6tables-$V-save; } |
	    grep -v '^#' | sed 's/ \[[0-9]*:[0-9]*\]$//'
}
load() {
	iptables-$V-restore <"$FWB/$1.v4" && ip6tables-$V-restore <"$FWB/$1.v6"
}
steps() { sed -n 's/^steps=//p' "$1"; }

mkdir -p "$W/up" "$W/work" || exit 1
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$W/up,workdir=$W/work" \
    /etc || { echo "FAIL $V: private overlay on /etc"; exit 1; }
ip link set lo up
$PY "$FWB/listen.py" "$W/ready" 22 25 465 587 2526 &
LP=$!
i=0
while [ ! -e "$W/ready" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
t "listeners up" test -e "$W/ready"

# --- A: policy ACCEPT, catch-all TCP reject, persistence files present.
mkdir -p /etc/iptables
echo "# original v4" >/etc/iptables/rules.v4
echo "# original v6" >/etc/iptables/rules.v6
t "load the reject ruleset" load ipt-reject
before=$(norm)
for h in 127.0.0.1 ::1; do
	t "before: SSH 22 reachable on $h" conn $h 22
	conn $h 25; res $(( $? == 1 ? 0 : 1 )) "before: 25 refused on $h"
done
$FWD $B status 25 >"$W/st" 2>>"$W/log"
t "status says 25 closed" grep -qx 'v4=0 v6=0' "$W/st"
$FWD $B apply open 25,465,587 "$W/audit.log" 22 >"$W/apply" 2>>"$W/log"
res $? "apply open 25,465,587"
cat "$W/apply" >>"$W/log"
t "plan: 3 rules per family + 2 saves" test "$(steps "$W/apply")" = 8
t "rule inserted before the REJECT" sh -c "iptables-$V -S INPUT |
    grep -n . | grep -E '^4:.*--dport 25 .*mailharden'"
for h in 127.0.0.1 ::1; do
	for p in 22 25 465 587; do
		t "after: $p reachable on $h" conn $h $p
	done
	conn $h 2526; res $(( $? == 1 ? 0 : 1 )) "after: 2526 still refused on $h"
done
t "rules.v4 saved with the new rules" grep -q 'dport 587 .*mailharden' \
    /etc/iptables/rules.v4
t "rules.v6 saved with the new rules" grep -q 'dport 465 .*mailharden' \
    /etc/iptables/rules.v6
$FWD $B status 465 >"$W/st" 2>>"$W/log"
t "status says 465 open" grep -qx 'v4=1 v6=1' "$W/st"
$FWD $B plan open 25,465,587 22 >"$W/plan2" 2>>"$W/log"
t "idempotent: second plan has no step" test "$(steps "$W/plan2")" = 0
$FWD $B plan close 22,25 22 >"$W/close" 2>"$W/err"
res $(( $? != 0 ? 0 : 1 )) "closing the SSH port is refused"
t "the refusal says why" grep -q 'SSH port' "$W/err"
t "undo" $FWD undo "$W/audit.log"
after=$(norm)
[ "$before" = "$after" ]; res $? "undo: ruleset equals the one before"
[ "$before" != "$after" ] && { echo "$before"; echo ---; echo "$after"; } \
    >>"$W/log"
t "undo: rules.v4 restored" grep -qx '# original v4' /etc/iptables/rules.v4
conn 127.0.0.1 25; res $(( $? == 1 ? 0 : 1 )) "after undo: 25 refused again"

# close: open 25 again, then close it through plan_close.
rm -f /etc/iptables/rules.v4 /etc/iptables/rules.v6
t "open 25 again" $FWD $B apply open 25 "$W/audit2.log" 22
$FWD $B apply close 25 "$W/audit2.log" 22 >"$W/close" 2>>"$W/log"
res $? "apply close 25"
t "close: 2 delete steps" test "$(steps "$W/close")" = 2
t "close: no rules file, so a note says it will not persist" \
    grep -q 'will NOT survive a reboot' "$W/close"
[ "$before" = "$(norm)" ]; res $? "close: ruleset equals the one before"
t "open 25,465,587" $FWD $B apply open 25,465,587 "$W/audit4.log" 22
opened=$(norm)
$FWD $B apply close 587,25 "$W/audit4.log" 22 >"$W/close" 2>>"$W/log"
res $? "close 587,25 (out of rule order)"
t "close 587,25: 465 stays open" sh -c "$FWD $B status 465 | grep -qx \
    'v4=1 v6=1'"
t "undo the close" $FWD undo "$W/audit4.log"
[ "$opened" = "$(norm)" ]; res $? "undo of the close restores the order"
t "undo the open" $FWD undo "$W/audit4.log"
[ "$before" = "$(norm)" ]; res $? "and undo of the open the original"

# --- B: policy DROP, no lo / ESTABLISHED accept on IPv4.
t "load the drop ruleset" load ipt-drop
before=$(norm)
$FWD $B apply open 25,465,587 "$W/audit3.log" 22 >"$W/apply" 2>>"$W/log"
res $? "drop policy: apply open"
cat "$W/apply" >>"$W/log"
t "drop policy: loopback accept added first" grep -q \
    'IPv4: accept loopback' "$W/apply"
t "drop policy: established accept added" grep -q \
    'IPv4: accept established' "$W/apply"
t "drop policy: IPv6 already had both" sh -c "! grep -q \
    'IPv6: accept' '$W/apply'"
t "drop policy: IPv6 465/587 already open via multiport" sh -c \
    "! grep -Eq 'IPv6: open TCP port (465|587)' '$W/apply'"
t "drop policy: 3 + 2 + 1 steps" test "$(steps "$W/apply")" = 6
t "drop policy: accepts precede the DROP" sh -c "iptables-$V -S INPUT |
    grep -n . | tr '\n' ' ' | grep -Eq '3:-A INPUT -i lo -j ACCEPT 4:.*ESTABLISHED.* 5:.*dport 25 .* 8:.*dport 23 -j DROP'"
for h in 127.0.0.1 ::1; do
	t "drop policy: 25 and SSH reachable on $h" sh -c \
	    "$PY $FWB/conn.py $h 25 && $PY $FWB/conn.py $h 22"
done
$FWD $B plan open 25,465,587 22 >"$W/plan2" 2>>"$W/log"
t "drop policy: second plan has no step" test "$(steps "$W/plan2")" = 0
t "drop policy: undo" $FWD undo "$W/audit3.log"
[ "$before" = "$(norm)" ]; res $? "drop policy: undo restores the ruleset"
kill $LP 2>/dev/null
wait 2>/dev/null
exit 0
EOF

for v in nft legacy; do
	w=$T_TMP/$v
	mkdir -p "$w"
	timeout 180 unshare -m -n sh "$T_TMP/inner.sh" $v "$FWD" "$FWB" "$w" \
	    "$PY" >"$w/out" 2>>"$w/log"
	rc=$?
	while read -r word desc; do
		case $word in
		OK) ok "$desc" ;;
		FAIL) not_ok "$desc" ;;
		esac
	done <"$w/out"
	if [ $rc -ne 0 ] || ! grep -q . "$w/out"; then
		not_ok "iptables-$v namespace run finished (rc=$rc)"
	fi
	if grep -q '^FAIL' "$w/out"; then
		sed 's/^/#   /' "$w/log" | tail -60
	fi
done

host_snap >"$T_TMP/host.after"
if cmp -s "$T_TMP/host.before" "$T_TMP/host.after"; then
	ok "host ruleset and /etc/iptables unchanged"
else
	not_ok "host ruleset changed"
	diff "$T_TMP/host.before" "$T_TMP/host.after" | sed 's/^/#   /'
fi
done_testing
