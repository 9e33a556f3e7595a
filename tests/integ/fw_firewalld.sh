#!/bin/sh
# fw_firewalld.sh - the firewalld backend against the real firewalld,
# never the host's: firewall-offline-cmd in `unshare -m` with a private
# copy of /etc/firewalld; the daemon in `unshare -m -n -p -f` with a
# private system D-Bus.  firewalld accepts everything arriving on lo, so
# the daemon test reaches its ports from a second, private network
# namespace over a veth pair (documentation addresses 192.0.2.0/24 and
# 2001:db8::/64, which exist only between the two namespaces).
. "${top_srcdir:-.}/tests/lib.sh"

DRV=$top_builddir/tests/unit/check_fwmgr
need=""
[ "$(id -u)" -eq 0 ] || need="root"
for t in unshare nsenter firewall-offline-cmd firewall-cmd firewalld \
    dbus-daemon ip md5sum /usr/bin/python3; do
	command -v "$t" >/dev/null 2>&1 || need="$need $t"
done
[ -x "$DRV" ] || need="$need check_fwmgr"
if [ -n "$need" ]; then
	skip "firewalld namespace tests: missing $need"
	done_testing
	exit 0
fi

host_state() {
	{
		find /etc/firewalld -type f -exec md5sum {} + | sort
		find /etc/firewalld | sort
		iptables-save 2>/dev/null | grep -v '^#'
		ip6tables-save 2>/dev/null | grep -v '^#'
		nft list ruleset 2>/dev/null
	} 2>&1
}
host_state >"$T_TMP/host-before"

cat >"$T_TMP/listen.py" <<'EOF'
import socket, sys, select, time
socks = []
for p in sys.argv[1:]:
    for fam, addr in ((socket.AF_INET, '0.0.0.0'), (socket.AF_INET6, '::')):
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if fam == socket.AF_INET6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        s.bind((addr, int(p)))
        s.listen(16)
        socks.append(s)
end = time.time() + 300
while time.time() < end:
    r, _, _ = select.select(socks, [], [], 1)
    for s in r:
        c, _ = s.accept()
        c.close()
EOF
cat >"$T_TMP/reach.py" <<'EOF'
import socket, sys
fam = socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET
s = socket.socket(fam, socket.SOCK_STREAM)
s.settimeout(2)
try:
    s.connect((sys.argv[1], int(sys.argv[2])))
except OSError:
    sys.exit(1)
sys.exit(0)
EOF

cat >"$T_TMP/common.sh" <<'EOF'
set -u
pass() { echo "PASS $S: $*"; }
fail() { echo "FAIL $S: $*"; }
diag() { sed "s/^/DIAG /"; }
chk() { d=$1; shift; if "$@"; then pass "$d"; else fail "$d"; fi; }
nsteps() { grep -c '^step [0-9]*:' "$1"; }
EOF

cat >"$T_TMP/offline.sh" <<'EOF'
S=offline; W=$1; DRV=$2
. "$W/common.sh"
mount --bind "$W/etc" /etc/firewalld || exit 1
mount -t tmpfs tmpfs /run || exit 1
"$DRV" probe firewalld | diag
Z=/etc/firewalld/zones/public.xml
firewall-offline-cmd --zone=public --list-all >"$W/before"
firewall-offline-cmd --zone=public --add-service=smtp >/dev/null
cp "$Z" "$W/before.xml"
firewall-offline-cmd --zone=public --list-all >"$W/before"
"$DRV" apply firewalld open 25,465,587 ssh=22,2222 journal=$W/j \
    >"$W/plan" 2>"$W/err" && pass "apply succeeded" ||
    { fail "apply succeeded"; diag <"$W/err"; }
diag <"$W/plan"
o=$(sed -n 's/^step [0-9]*: \(\[ssh\] \)\{0,1\}Allow \([0-9]*\)\/tcp.*/\1\2/p' \
    "$W/plan" | tr -d '[]' | tr '\n' ' ')
[ "$o" = "ssh 2222 465 587 " ] &&
    pass "steps: SSH 2222 first, then 465 587 (22 and smtp there)" ||
    fail "steps: SSH 2222 first, then 465 587 (22 and smtp there) ($o)"
grep -q "run: .*firewall-offline-cmd --zone=public --add-port=465/tcp" \
    "$W/plan" && grep -q "undo: .*--zone=public --remove-port=465/tcp" \
    "$W/plan" && pass "offline add-port, inverse remove-port" ||
    fail "offline add-port, inverse remove-port"
grep -q "^note: firewalld is not running" "$W/plan" &&
    grep -q "^note: firewalld zones cover IPv4 and IPv6" "$W/plan" &&
    pass "notes: takes effect when firewalld starts; IPv4 and IPv6" ||
    fail "notes: takes effect when firewalld starts; IPv4 and IPv6"
chk "zone XML has 465 and 587" sh -c "grep -q 'port=\"465\"' $Z &&
    grep -q 'port=\"587\"' $Z"
"$DRV" status firewalld 587 | grep -q "587 ipv4=open ipv6=open" &&
    pass "status: 587 open" || fail "status: 587 open"
"$DRV" plan firewalld open 25,465,587 ssh=22,2222 >"$W/plan2"
[ "$(nsteps "$W/plan2")" -eq 0 ] && pass "second plan empty" ||
    fail "second plan empty"
"$DRV" undo "$W/j" >/dev/null 2>&1 && pass "undo ran" || fail "undo ran"
firewall-offline-cmd --zone=public --list-all >"$W/after"
cmp -s "$W/before" "$W/after" && cmp -s "$W/before.xml" "$Z" &&
    pass "after undo: zone XML and --list-all as before" ||
    { fail "after undo: zone XML and --list-all as before"
      diff "$W/before.xml" "$Z" | diag; }
EOF

cat >"$T_TMP/daemon.sh" <<'EOF'
S=daemon; W=$1; DRV=$2
. "$W/common.sh"
mount --bind "$W/etc" /etc/firewalld || exit 1
mount -t tmpfs tmpfs /run || exit 1
mkdir -p /run/dbus "$W/log"
ip link set lo up
dbus-daemon --system --fork --print-pid >"$W/dbus.pid" || exit 1
firewalld --nofork --nopid --log-target=file \
    --log-file="$W/log/firewalld.log" &
FWPID=$!
i=0
until firewall-cmd --state >/dev/null 2>&1 || [ $i -ge 150 ]; do
	sleep 0.2; i=$((i+1))
done
chk "firewalld running (bounded wait)" firewall-cmd --state
# A client namespace joined by a veth pair.
unshare -n sleep 300 &
CPID=$!
sleep 0.2
ip link add mhv0 type veth peer name mhv1
ip link set mhv1 netns $CPID
ip addr add 192.0.2.1/24 dev mhv0
ip addr add 2001:db8::1/64 dev mhv0 nodad
ip link set mhv0 up
nsenter -t $CPID -n sh -c 'ip link set lo up;
    ip addr add 192.0.2.2/24 dev mhv1;
    ip addr add 2001:db8::2/64 dev mhv1 nodad; ip link set mhv1 up'
/usr/bin/python3 "$W/listen.py" 25 465 587 2525 &
LPID=$!
reach() { nsenter -t $CPID -n /usr/bin/python3 "$W/reach.py" "$1" "$2"; }
reach_all() {
	for p in $1; do
		reach 192.0.2.1 "$p" || return 1
		reach 2001:db8::1 "$p" || return 1
	done
}
reach_none() {
	for p in $1; do
		reach 192.0.2.1 "$p" && return 1
		reach 2001:db8::1 "$p" && return 1
	done
	return 0
}
sleep 0.5
chk "before: 25 465 587 blocked by the zone" reach_none "25 465 587"
{ firewall-cmd --list-all; firewall-cmd --permanent --list-all; } \
    >"$W/before"
"$DRV" apply firewalld open 25,465,587 ssh=22 journal=$W/j \
    >"$W/plan" 2>"$W/err" && pass "apply succeeded" ||
    { fail "apply succeeded"; diag <"$W/err"; }
diag <"$W/plan"
[ "$(nsteps "$W/plan")" -eq 6 ] &&
    pass "6 steps: runtime and permanent for each port" ||
    fail "6 steps: runtime and permanent for each port"
grep -q "run: .*firewall-cmd --zone=public --add-port=25/tcp" "$W/plan" &&
    grep -q "run: .*firewall-cmd --permanent --zone=public --add-port=25/tcp" \
    "$W/plan" &&
    grep -q "verify: .*--permanent --zone=public --query-port=25/tcp" \
    "$W/plan" && pass "runtime and permanent add-port, query verify" ||
    fail "runtime and permanent add-port, query verify"
chk "after: 25 465 587 reachable over v4 and v6" reach_all "25 465 587"
chk "after: 2525 still blocked" reach_none 2525
"$DRV" plan firewalld open 25,465,587 ssh=22 >"$W/plan2"
[ "$(nsteps "$W/plan2")" -eq 0 ] && pass "second plan empty" ||
    fail "second plan empty"
"$DRV" undo "$W/j" >/dev/null 2>&1 && pass "undo ran" || fail "undo ran"
{ firewall-cmd --list-all; firewall-cmd --permanent --list-all; } \
    >"$W/after"
cmp -s "$W/before" "$W/after" &&
    pass "after undo: --list-all (runtime, permanent) as before" ||
    { fail "after undo: --list-all as before"
      diff "$W/before" "$W/after" | diag; }
chk "after undo: 25 465 587 blocked again" reach_none "25 465 587"
kill $LPID $CPID $FWPID
wait $FWPID 2>/dev/null
kill "$(cat "$W/dbus.pid")"
EOF

run_ns() {
	scen=$1; shift
	W=$T_TMP/$scen
	mkdir -p "$W"
	cp -a /etc/firewalld "$W/etc"
	cp "$T_TMP"/*.py "$T_TMP/common.sh" "$W/"
	timeout 300 "$@" sh "$T_TMP/$scen.sh" "$W" "$DRV" >"$W/out" 2>"$W/err"
	rc=$?
	[ "$rc" -eq 0 ] && ok "$scen: namespace run finished" ||
	    { not_ok "$scen: namespace run finished (rc=$rc)"
	      sed 's/^/#   /' "$W/err" | tail -20; }
	while IFS= read -r line; do
		case $line in
		PASS\ *) ok "${line#PASS }" ;;
		FAIL\ *) not_ok "${line#FAIL }" ;;
		DIAG\ *) diag "${line#DIAG }" ;;
		esac
	done <"$W/out"
}
run_ns offline unshare -m --propagation private
run_ns daemon unshare -m -n -p -f --mount-proc --propagation private

host_state >"$T_TMP/host-after"
if cmp -s "$T_TMP/host-before" "$T_TMP/host-after"; then
	ok "host /etc/firewalld and rulesets untouched"
else
	not_ok "host /etc/firewalld and rulesets untouched"
	diff "$T_TMP/host-before" "$T_TMP/host-after" | sed 's/^/#   /'
fi
done_testing
