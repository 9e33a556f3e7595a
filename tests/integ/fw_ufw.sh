#!/bin/sh
# fw_ufw.sh - the ufw backend against the real ufw, inside
# `unshare -m -n` with private copies of /etc/ufw and /etc/default/ufw
# and a tmpfs /run (never the host's rules).
#
# The private before.rules / before6.rules lose their "-i lo -j ACCEPT"
# line, so that loopback connections (the only traffic tests make) pass
# through ufw's rules: a port ufw does not allow is really unreachable.
# Plans come from the ufw backend through tests/unit/check_fwmgr (apply:
# run each step's argv and verification, journal the inverses; undo: run
# them newest first).
. "${top_srcdir:-.}/tests/lib.sh"

DRV=$top_builddir/tests/unit/check_fwmgr
need=""
[ "$(id -u)" -eq 0 ] || need="root"
for t in unshare ufw iptables-save ip6tables-save ip md5sum /usr/bin/python3; do
	command -v "$t" >/dev/null 2>&1 || need="$need $t"
done
[ -x "$DRV" ] || need="$need check_fwmgr"
if [ -n "$need" ]; then
	skip "ufw namespace tests: missing $need"
	done_testing
	exit 0
fi

host_state() {
	{
		md5sum /etc/default/ufw
		find /etc/ufw -type f -exec md5sum {} + | sort
		iptables-save | grep -v '^#'
		ip6tables-save | grep -v '^#'
		nft list ruleset 2>/dev/null
	} 2>&1
}
host_state >"$T_TMP/host-before"

# Normalized effective ruleset: counters and comments dropped, jumps to
# empty user chains and ACCEPT policies left out (ufw --force disable
# leaves empty ufw-* chains and the jumps to them behind).
cat >"$T_TMP/norm.py" <<'EOF'
import sys
tables = {}
cur = None
for line in sys.stdin:
    line = line.strip()
    if not line or line.startswith('#') or line == 'COMMIT':
        continue
    if line.startswith('*'):
        cur = tables.setdefault(line[1:], {'pol': {}, 'rules': []})
    elif line.startswith(':'):
        name, pol = line[1:].split()[:2]
        cur['pol'][name] = pol
    elif line.startswith('-A '):
        cur['rules'].append(line)
for tname in sorted(tables):
    t = tables[tname]
    rules = t['rules']
    while True:
        has = {r.split()[1] for r in rules}
        keep = []
        for r in rules:
            w = r.split()
            tgt = w[w.index('-j') + 1] if '-j' in w else None
            if tgt in t['pol'] and t['pol'][tgt] == '-' and tgt not in has:
                continue
            keep.append(r)
        if keep == rules:
            break
        rules = keep
    out = ['policy %s %s' % (c, p) for c, p in sorted(t['pol'].items())
           if p not in ('-', 'ACCEPT')] + rules
    if out:
        print('*' + tname)
        print('\n'.join(out))
EOF

# The listener: accepts on the given ports on 127.0.0.1 and ::1.
cat >"$T_TMP/listen.py" <<'EOF'
import socket, sys, select, time
socks = []
for p in sys.argv[1:]:
    for fam, addr in ((socket.AF_INET, '127.0.0.1'), (socket.AF_INET6, '::1')):
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
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
# reach.py ADDR PORT: exit 0 when a TCP connection is accepted in 2 s.
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

# The part run inside the namespace: prints "PASS desc", "FAIL desc" or
# "DIAG text" lines that the outer script turns into TAP.
cat >"$T_TMP/inner.sh" <<'EOF'
#!/bin/sh
set -u
S=$1; W=$2; DRV=$3
pass() { echo "PASS $S: $*"; }
fail() { echo "FAIL $S: $*"; }
diag() { sed "s/^/DIAG /"; }
chk() { d=$1; shift; if "$@"; then pass "$d"; else fail "$d"; fi; }
mount --bind "$W/etc-ufw" /etc/ufw || exit 1
mount --bind "$W/default-ufw" /etc/default/ufw || exit 1
mount -t tmpfs tmpfs /run || exit 1
ip link set lo up
reach() { /usr/bin/python3 "$W/reach.py" "$1" "$2"; }
reach_all() {
	for p in $1; do
		reach 127.0.0.1 "$p" || return 1
		reach ::1 "$p" || return 1
	done
}
reach_none() {
	for p in $1; do
		reach 127.0.0.1 "$p" && return 1
		reach ::1 "$p" && return 1
	done
	return 0
}
state() {
	{ iptables-save; echo "--v6"; ip6tables-save; } |
	    /usr/bin/python3 "$W/norm.py"
	ufw status verbose
	"$DRV" snapshot ufw
}
/usr/bin/python3 "$W/listen.py" 25 465 587 22 2222 2525 993 &
LPID=$!
i=0
until reach 127.0.0.1 2525 || [ $i -ge 50 ]; do sleep 0.1; i=$((i+1)); done

if [ "$S" = active ]; then
	# Already active with SSH, one mail port and a deny for 993.
	ufw allow 22/tcp >/dev/null
	ufw allow 465/tcp >/dev/null
	ufw deny 993/tcp >/dev/null
	ufw --force enable >/dev/null
	chk "setup: 2525 and 993 blocked, 465 open" reach_none "2525 993"
fi
state >"$W/before"
J=$W/journal
if [ "$S" = inactive ]; then
	chk "no firewall yet: everything reachable" \
	    reach_all "25 465 587 22 2222 2525"
	"$DRV" plan ufw open 25,465,587 ssh=22,2222 >"$W/plan0"
	grep -q "^steps: 0" "$W/plan0" && grep -q "^note: ufw is inactive" \
	    "$W/plan0" && pass "inactive, no enable: no step, a note" ||
	    { fail "inactive, no enable: no step, a note"; diag <"$W/plan0"; }
	"$DRV" apply ufw open 25,465,587 enable ssh=22,2222 journal=$J \
	    >"$W/plan" 2>"$W/err" && pass "apply (enable) succeeded" ||
	    { fail "apply (enable) succeeded"; diag <"$W/err"; }
	diag <"$W/plan"
	grep '^step' "$W/plan" | sed 's/:.*//' >/dev/null
	o=$(grep '^step' "$W/plan" | sed 's/^step [0-9]*: //' |
	    sed -n 's/^\[ssh\] Allow SSH port \([0-9]*\).*/ssh\1/p;
	    s/^Allow \([0-9]*\)\/tcp.*/mail\1/p; s/^Enable ufw.*/enable/p' |
	    tr '\n' ' ')
	[ "$o" = "ssh22 ssh2222 mail25 mail465 mail587 enable " ] &&
	    pass "order: SSH 22 and 2222, then mail ports, then enable" ||
	    fail "order: SSH 22 and 2222, then mail ports, then enable ($o)"
	grep -q "run: .*/ufw --force enable" "$W/plan" &&
	    grep -q "undo: .*/ufw --force disable" "$W/plan" &&
	    pass "enable step: --force enable, undone by --force disable" ||
	    fail "enable step: --force enable, undone by --force disable"
	grep -q "^note: ufw rules persist" "$W/plan" &&
	    pass "plan says rules persist" || fail "plan says rules persist"
	chk "ufw is active" sh -c 'ufw status | grep -qx "Status: active"'
	chk "mail and SSH ports reachable (v4+v6)" \
	    reach_all "25 465 587 22 2222"
	chk "a port not opened (2525) is blocked (v4+v6)" reach_none 2525
	OPENED="25 465 587 22 2222"
else
	"$DRV" apply ufw open 25,465,587,993 ssh=22,2222 journal=$J \
	    >"$W/plan" 2>"$W/err" && pass "apply succeeded" ||
	    { fail "apply succeeded"; diag <"$W/err"; }
	diag <"$W/plan"
	n=$(grep -c '^step [0-9]*:' "$W/plan")
	[ "$n" -eq 3 ] && pass "only 25, 587, 993 get a step (3)" ||
	    fail "only 25, 587, 993 get a step ($n)"
	grep -Eq "SSH|enable" "$W/plan" && fail "no SSH or enable step" ||
	    pass "no SSH or enable step"
	grep -q "undo: .*/ufw deny 993/tcp" "$W/plan" &&
	    pass "993 deny rewritten in place, undo restores the deny" ||
	    fail "993 deny rewritten in place, undo restores the deny"
	chk "25 587 993 now reachable, 465 and 22 still" \
	    reach_all "25 587 993 465 22"
	chk "2525 still blocked" reach_none 2525
	OPENED="25 465 587 993 22"
fi
"$DRV" plan ufw open 25,465,587 ssh=22,2222 enable >"$W/plan2"
grep -q "^steps: 0" "$W/plan2" && pass "second plan is empty (idempotent)" ||
    { fail "second plan is empty (idempotent)"; diag <"$W/plan2"; }
"$DRV" undo "$J" >"$W/undo" 2>&1 && pass "undo ran" ||
    { fail "undo ran"; diag <"$W/undo"; }
state >"$W/after"
if cmp -s "$W/before" "$W/after"; then
	pass "after undo: normalized rules, ufw status, tuples as before"
else
	fail "after undo: normalized rules, ufw status, tuples as before"
	diff "$W/before" "$W/after" | diag
fi
if [ "$S" = inactive ]; then
	chk "after undo: everything reachable again" \
	    reach_all "25 465 587 22 2222 2525"
else
	chk "after undo: 25 587 993 blocked again" reach_none "25 587 993"
fi
if [ "$S" = active ]; then
	# Close a rule that was there before (465) and undo that: the rule
	# comes back (at the end of the list, so compare sorted).
	state | sort >"$W/before-close"
	"$DRV" apply ufw close 465,22 ssh=22 journal=$W/j2 >"$W/close" \
	    2>&1 || fail "close ran"
	n=$(grep -c '^step [0-9]*:' "$W/close")
	[ "$n" -eq 1 ] && grep -q "^note: Port 22/tcp is an SSH port" \
	    "$W/close" && pass "close: one step (465), SSH 22 kept" ||
	    { fail "close: one step (465), SSH 22 kept"; diag <"$W/close"; }
	chk "closed 465 is blocked" reach_none 465
	chk "22 still reachable after close" reach_all 22
	"$DRV" undo "$W/j2" >/dev/null 2>&1
	chk "undo of close: 465 reachable again" reach_all 465
	state | sort >"$W/after-close"
	if cmp -s "$W/before-close" "$W/after-close"; then
		pass "undo of close: same rules (sorted), comment kept"
	else
		fail "undo of close: same rules (sorted), comment kept"
		diff "$W/before-close" "$W/after-close" | diag
	fi
fi
kill $LPID
wait $LPID 2>/dev/null
ufw --force disable >/dev/null 2>&1
EOF

for scen in inactive active; do
	W=$T_TMP/$scen
	mkdir -p "$W"
	cp -a /etc/ufw "$W/etc-ufw"
	cp /etc/default/ufw "$W/default-ufw"
	cp "$T_TMP"/*.py "$W/"
	sed -i '/ -i lo -j ACCEPT$/d' "$W/etc-ufw/before.rules" \
	    "$W/etc-ufw/before6.rules"
	sed -i -e 's/^IPV6=.*/IPV6=yes/' \
	    -e 's/^DEFAULT_INPUT_POLICY=.*/DEFAULT_INPUT_POLICY="DROP"/' \
	    "$W/default-ufw"
	# Start from no user rules.
	for f in user.rules user6.rules; do
		sed -i '/^### tuple ###/d; /^-A ufw6\?-user-input/d' \
		    "$W/etc-ufw/$f"
	done
	timeout 300 unshare -m -n --propagation private \
	    sh "$T_TMP/inner.sh" "$scen" "$W" "$DRV" >"$W/out" 2>"$W/err"
	rc=$?
	[ "$rc" -eq 0 ] && ok "$scen: namespace run finished" ||
	    { not_ok "$scen: namespace run finished (rc=$rc)"
	      sed 's/^/#   /' "$W/err" | head -20; }
	while IFS= read -r line; do
		case $line in
		PASS\ *) ok "${line#PASS }" ;;
		FAIL\ *) not_ok "${line#FAIL }" ;;
		DIAG\ *) diag "${line#DIAG }" ;;
		esac
	done <"$W/out"
done

host_state >"$T_TMP/host-after"
if cmp -s "$T_TMP/host-before" "$T_TMP/host-after"; then
	ok "host /etc/ufw, /etc/default/ufw and rulesets untouched"
else
	not_ok "host /etc/ufw, /etc/default/ufw and rulesets untouched"
	diff "$T_TMP/host-before" "$T_TMP/host-after" | sed 's/^/#   /'
fi
done_testing
