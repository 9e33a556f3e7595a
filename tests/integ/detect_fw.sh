#!/bin/sh
# detect_fw.sh - firewall detection against real firewalls, each inside
# its own network (and mount / PID) namespace: `mailharden detect` runs
# INSIDE the namespace and must name the frontend that filters there.
# The host's ruleset is snapshotted before and after and must not change.
. "$(dirname "$0")/../lib.sh"

FWDATA=$DATA/fw
NS_TIMEOUT=60

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
if ! missing=$(need unshare timeout nft iptables-nft iptables-legacy \
    iptables-nft-save ip6tables-nft-save); then
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
		for _d in /etc/ufw /etc/default/ufw /etc/firewalld; do
			[ -e "$_d" ] && find "$_d" -type f -exec md5sum {} + |
			    sort
		done
	} 2>&1
}
host_snap >"$T_TMP/host-before"

# ns NAME UNSHARE-FLAGS: run $T_TMP/NAME.sh (setup, then detect) in new
# namespaces; the detect output lands in $T_TMP/NAME.json.
ns() {
	_name=$1; shift
	{
		echo 'set -e'
		echo 'ip link set lo up 2>/dev/null || true'
		cat
		echo "\"$MH_BIN\" detect --json >\"$T_TMP/$_name.json\" \\"
		echo "    2>\"$T_TMP/$_name.err\" || echo \"rc=\$?\" >>\"$T_TMP/$_name.err\""
		echo "cat /proc/net/ip_tables_names >\"$T_TMP/$_name.names\""
		echo 'if [ -n "${NS_AFTER:-}" ]; then eval "$NS_AFTER"; fi'
	} >"$T_TMP/$_name.sh"
	NS_RC=0
	timeout -k 5 "$NS_TIMEOUT" unshare "$@" sh "$T_TMP/$_name.sh" \
	    >"$T_TMP/$_name.log" 2>&1 || NS_RC=$?
	if [ "$NS_RC" -ne 0 ]; then
		diag "namespace $_name: rc=$NS_RC"
		sed 's/^/#   /' "$T_TMP/$_name.log" "$T_TMP/$_name.err" \
		    2>/dev/null | head -20
	fi
}

# is NAME FACT "STATE VALUE": compare one fact of NAME.json.
is() {
	_got=$(fact "$T_TMP/$1.json" "$2" 2>&1)
	if [ "$_got" = "$3" ]; then ok "$1: $2 = $3"
	else not_ok "$1: $2 = '$_got', want '$3'"; fi
}
# has NAME FACT REGEX: the fact's "state value" (or reason) matches.
has() {
	_got=$(json_get "$T_TMP/$1.json" "[f for f in d['facts'] if \
f['name'] == '$2'][0]" 2>&1)
	if printf '%s' "$_got" | grep -Eq -- "$3"; then ok "$1: $2 ~ /$3/"
	else not_ok "$1: $2 !~ /$3/: $_got"; fi
}

lacks() {
	_got=$(json_get "$T_TMP/$1.json" "[f for f in d['facts'] if \
f['name'] == '$2'][0]" 2>&1)
	case $_got in *"'name'"*) ;; *) not_ok "$1: $2 missing: $_got"; return;;
	esac
	if printf '%s' "$_got" | grep -Eq -- "$3"; then
		not_ok "$1: $2 ~ /$3/: $_got"
	else ok "$1: $2 !~ /$3/"; fi
}

# 1. An empty namespace: nothing filters, legacy tables not created.
ns empty -n </dev/null
is empty fw.active "known none"
is empty fw.iptables_nft.rules "known 0"
is empty fw.iptables_legacy.rules "known 0"
is empty fw.nft.tables "known "
is empty fw.docker "known false"
is empty fw.conflicts "known "
check "empty: detect did not create legacy tables" \
    test ! -s "$T_TMP/empty.names"

# 2. iptables-nft with an INPUT rule.
ns iptnft -n <<'EOF'
iptables-nft -A INPUT -p tcp --dport 25 -j ACCEPT
EOF
is iptnft fw.active "known iptables-nft"
is iptnft fw.iptables_nft.rules "known 1"
is iptnft fw.iptables_legacy.rules "known 0"
is iptnft fw.nft.tables "known ip filter"
has iptnft fw.nft.tables "iptables-nft"

# 3. iptables-legacy alone: policy DROP, one rule.
ns legacy -n <<'EOF'
iptables-legacy -P INPUT DROP
iptables-legacy -A INPUT -p tcp --dport 22 -j ACCEPT
EOF
is legacy fw.active "known iptables-legacy"
is legacy fw.iptables_legacy.rules "known 1"
is legacy fw.iptables_nft.rules "known 0"
has legacy fw.iptables_legacy.rules "INPUT policy DROP"

# 4. Both backends: both traversed, a conflict.
ns both -n <<'EOF'
iptables-nft -A INPUT -p tcp --dport 25 -j ACCEPT
iptables-legacy -A INPUT -p tcp --dport 587 -j ACCEPT
EOF
is both fw.active "known iptables-nft"
has both fw.active "iptables-legacy filters inbound"
has both fw.conflicts "iptables-legacy and iptables-nft both hold rules"
has both fw.conflicts "several firewalls"

# 5. A native nftables table (not "mh": that is an nft keyword).
ns nft -n <<'EOF'
nft add table inet filterx
nft add chain inet filterx input '{ type filter hook input priority 0; policy drop; }'
nft add rule inet filterx input iifname lo accept
EOF
is nft fw.active "known nftables"
is nft fw.nft.tables "known inet filterx"
has nft fw.nft.tables "policy drop, 1 rules"
is nft fw.conflicts "known "

# 6. Docker-like chains: reported, never the active firewall.
ns docker -n <<'EOF'
iptables-nft -N DOCKER
iptables-nft -N DOCKER-USER
iptables-nft -P FORWARD DROP
iptables-nft -A FORWARD -j DOCKER-USER
iptables-nft -A FORWARD -o docker0 -j DOCKER
iptables-nft -A DOCKER-USER -j RETURN
iptables-nft -t nat -N DOCKER
iptables-nft -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
EOF
is docker fw.docker "known true"
is docker fw.active "known none"
is docker fw.iptables_nft.rules "known 0"
has docker fw.conflicts "Docker chains"

# 7. ufw enabled, with private copies of its configuration.
if missing=$(need ufw) && [ -d /etc/ufw ] && [ -f /etc/default/ufw ]; then
	mkdir -p "$T_TMP/ufw"
	cp -a /etc/ufw "$T_TMP/ufw/etc-ufw"
	cp /etc/default/ufw "$T_TMP/ufw/default-ufw"
	ns ufw -m -n --propagation private <<EOF
mount --bind "$T_TMP/ufw/etc-ufw" /etc/ufw
mount --bind "$T_TMP/ufw/default-ufw" /etc/default/ufw
mount -t tmpfs tmpfs /run
ufw --force reset >/dev/null 2>&1 || true
ufw default deny incoming >/dev/null
ufw allow 25/tcp >/dev/null
ufw --force enable >/dev/null
EOF
	is ufw fw.ufw.state "known active"
	is ufw fw.active "known ufw"
	has ufw fw.ufw.state "ENABLED=yes"
	# ufw's own iptables-nft rules are not a second firewall.
	lacks ufw fw.conflicts "several|both hold|separate|Docker"
	if [ -e /etc/systemd/system/multi-user.target.wants/firewalld.service ]
	then
		# This machine enables firewalld at boot: a real conflict.
		has ufw fw.conflicts "ufw and firewalld are both enabled"
	else
		is ufw fw.conflicts "known "
	fi
	has ufw fw.iptables_nft.rules "ufw chains"
else
	for _i in 1 2 3 4 5; do skip "ufw: ${missing:-/etc/ufw} missing"; done
fi

# 8. firewalld daemon on a private system bus, in its own PID namespace
# (dbus and firewalld die with it), plus a separate nft table.
if missing=$(need firewalld firewall-cmd dbus-daemon) &&
    [ -d /etc/firewalld ]; then
	mkdir -p "$T_TMP/fwd/log"
	cp -a /etc/firewalld "$T_TMP/fwd/etc"
	ns fwd -m -n -p -f --mount-proc --propagation private <<EOF
mount --bind "$T_TMP/fwd/etc" /etc/firewalld
mount -t tmpfs tmpfs /run
mkdir -p /run/dbus
dbus-daemon --system --fork --print-pid >"$T_TMP/fwd/dbus.pid"
firewalld --nofork --nopid --log-target=file \
    --log-file="$T_TMP/fwd/log/firewalld.log" &
i=0
until firewall-cmd --state >/dev/null 2>&1 || [ \$i -ge 100 ]; do
	sleep 0.2; i=\$((i + 1))
done
firewall-cmd --state >"$T_TMP/fwd/state" 2>&1 || true
nft add table inet filterx
nft add chain inet filterx input '{ type filter hook input priority 0; policy accept; }'
EOF
	if grep -qx running "$T_TMP/fwd/state" 2>/dev/null; then
		is fwd fw.firewalld.state "known running"
		is fwd fw.active "known firewalld"
		has fwd fw.nft.tables "inet firewalld \\(firewalld\\)"
		has fwd fw.conflicts "separate nftables table exists next to firewalld"
	else
		for _i in 1 2 3 4; do
			skip "firewalld did not start here: $(head -c 200 \
			    "$T_TMP/fwd/state" "$T_TMP/fwd/log/firewalld.log" \
			    2>/dev/null | tr '\n' ' ')"
		done
	fi
else
	for _i in 1 2 3 4; do
		skip "firewalld: ${missing:-/etc/firewalld} missing"
	done
fi

# 9. --root on a fixture tree: live facts UNKNOWN with the reason,
# installed list and file-based conflicts from the tree.
mh detect --json --root "$FWDATA/root-ufw-firewalld"
cp "$MH_OUT" "$T_TMP/root.json"
is root fw.installed "known firewalld,ufw,nftables,iptables-nft"
has root fw.ufw.state "'unknown'.*--root"
has root fw.ufw.state "ENABLED=yes"
has root fw.firewalld.state "'unknown'.*--root"
has root fw.firewalld.state "FirewallBackend=nftables"
has root fw.iptables_nft.rules "'unknown'.*--root"
has root fw.iptables_legacy.rules "'unknown'.*--root"
has root fw.nft.tables "'unknown'.*--root"
has root fw.active "'unknown'.*--root"
has root fw.conflicts "ufw and firewalld are both enabled"

# 10. Not root: live facts UNKNOWN "needs root" (in a namespace anyway).
if command -v setpriv >/dev/null 2>&1; then
	timeout -k 5 "$NS_TIMEOUT" unshare -n setpriv --reuid=65534 \
	    --regid=65534 --clear-groups "$MH_BIN" detect --json \
	    >"$T_TMP/nonroot.json" 2>"$T_TMP/nonroot.err" </dev/null || true
	has nonroot fw.iptables_nft.rules "'unknown'.*needs root"
	has nonroot fw.ufw.state "'unknown'.*needs root"
	has nonroot fw.active "'unknown'.*needs root"
else
	for _i in 1 2 3; do skip "setpriv missing"; done
fi

host_snap >"$T_TMP/host-after"
if cmp -s "$T_TMP/host-before" "$T_TMP/host-after"; then
	ok "host ruleset and firewall configuration unchanged"
else
	not_ok "host ruleset or firewall configuration CHANGED"
	diff "$T_TMP/host-before" "$T_TMP/host-after" | sed 's/^/#   /' |
	    head -30
fi
done_testing
