#!/bin/sh
# fw_kill.sh - crash safety of a real firewall change, through the CLI.
# Inside `unshare -m -n` (private overlay on /etc, never the host's
# rules), a six-step plan (ports 25, 465, 587 for IPv4 and IPv6 with
# iptables-nft) is applied and the process SIGKILLs itself at each point
# of each step (MAILHARDEN_TEST_KILL: after the intent record, after the
# command ran, after the result record).  Every time: `audit verify`
# passes and `undo --last` brings back the exact ruleset from before.
# Then the confirm-or-rollback watcher: nobody confirms, the CLI is
# killed, and the ruleset is restored after the timeout by the detached
# process alone.
. "$(dirname "$0")/../lib.sh"

FWB=$DATA/fwb
if [ "$(id -u)" -ne 0 ]; then
	skip "firewall namespaces need root (uid $(id -u))"
	done_testing
	exit 0
fi
for t in unshare iptables-nft-save ip6tables-nft-save iptables-nft-restore \
    ip6tables-nft-restore; do
	if ! command -v "$t" >/dev/null 2>&1; then
		skip "$t not installed"
		done_testing
		exit 0
	fi
done

cat >"$T_TMP/inner.sh" <<'EOF2'
set -u
MH=$1 FWB=$2 W=$3 MODE=$4
res() { if [ "$1" -eq 0 ]; then echo "OK $2"; else echo "FAIL $2"; fi; }
norm() {
	{ iptables-nft-save; ip6tables-nft-save; } 2>/dev/null |
	    grep -v '^#' | sed 's/ \[[0-9]*:[0-9]*\]$//'
}
mkdir -p "$W/up" "$W/work"
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$W/up,workdir=$W/work" \
    /etc || { echo "FAIL private overlay on /etc"; exit 0; }
ip link set lo up
iptables-nft-restore <"$FWB/ipt-reject.v4" &&
    ip6tables-nft-restore <"$FWB/ipt-reject.v6" ||
    { echo "FAIL load ruleset"; exit 0; }
norm >"$W/before"
A="--audit-log $W/audit.log"
B="--backend iptables-nft"

if [ "$MODE" = kill ]; then
	for point in intent run result; do
		for k in 1 2 3 4 5 6; do
			MAILHARDEN_TEST_KILL=$point:$k "$MH" ports apply \
			    --open 25,465,587 --yes $A $B >"$W/out" 2>&1
			rc=$?
			res $([ $rc -eq 137 ]; echo $?) \
			    "$point:$k: process killed (rc=$rc)"
			"$MH" audit verify $A >"$W/out" 2>&1
			res $? "$point:$k: audit verify passes after the kill"
			"$MH" undo --last --yes $A >"$W/out" 2>&1
			urc=$?
			norm >"$W/after"
			cmp -s "$W/before" "$W/after"
			c=$?
			res $c "$point:$k: undo --last (rc=$urc) restores the ruleset"
			[ $c -eq 0 ] || diff "$W/before" "$W/after" | sed 's/^/# /'
		done
	done
	"$MH" audit verify $A >"$W/out" 2>&1
	res $? "the whole log verifies after 18 kills and undos"
	exit 0
fi

# MODE=rollback: an SSH session applies, nobody confirms, the CLI dies.
SSH_CONNECTION="203.0.113.9 50000 198.51.100.2 22" \
    "$MH" ports apply --open 25,587 --yes --confirm-timeout 2 \
    --state-dir "$W/state" $A $B >"$W/apply.out" 2>&1 &
CLI=$!
i=0
while [ $i -lt 100 ]; do
	ls "$W/state"/*.state >/dev/null 2>&1 && break
	sleep 0.1; i=$((i + 1))
done
res $([ $i -lt 100 ]; echo $?) "the watcher is armed"
norm >"$W/applied"
cmp -s "$W/before" "$W/applied"
res $([ $? -ne 0 ]; echo $?) "the rules changed while waiting"
kill -9 $CLI 2>/dev/null
wait $CLI 2>/dev/null
res $(kill -0 $CLI 2>/dev/null; [ $? -ne 0 ]; echo $?) "the CLI is gone"
i=0
while [ $i -lt 150 ]; do
	ls "$W/state"/*.done >/dev/null 2>&1 && break
	sleep 0.1; i=$((i + 1))
done
grep -q rolled "$W/state"/*.done 2>/dev/null
res $? "the detached watcher rolled back after the timeout"
norm >"$W/after"
cmp -s "$W/before" "$W/after"
res $? "the ruleset is the one from before"
"$MH" audit verify $A >"$W/out" 2>&1
res $? "audit verify passes"
"$MH" audit show $A >"$W/show" 2>&1
grep -q rollback "$W/show"
res $? "the rollback is in the audit log"
EOF2

run_inner() {	# MODE
	mkdir -p "$T_TMP/$1"
	timeout 300 unshare -m -n --propagation private sh "$T_TMP/inner.sh" \
	    "$MH_BIN" "$FWB" "$T_TMP/$1" "$1" >"$T_TMP/$1.out" 2>&1
	grep -E '^(OK|FAIL|# )' "$T_TMP/$1.out" | while read -r w rest; do
		case $w in
		OK) echo "ok - $rest" ;;
		FAIL) echo "not ok - $rest" ;;
		*) echo "$w $rest" ;;
		esac
	done >"$T_TMP/$1.tap"
	if [ ! -s "$T_TMP/$1.tap" ]; then
		not_ok "$1: the namespace run produced nothing"
		sed 's/^/#   /' "$T_TMP/$1.out" | tail -20
		return
	fi
	while read -r line; do
		case $line in
		"ok - "*) ok "${line#ok - }" ;;
		"not ok - "*) not_ok "${line#not ok - }" ;;
		*) echo "$line" ;;
		esac
	done <"$T_TMP/$1.tap"
}

snap() { { nft list ruleset; iptables-nft-save | grep -v '^#'; \
    cat /proc/net/ip_tables_names; md5sum /etc/iptables/* 2>/dev/null; } 2>&1; }
snap >"$T_TMP/host.before"
run_inner kill
run_inner rollback
snap >"$T_TMP/host.after"
check "the host's ruleset and /etc are untouched" \
    cmp -s "$T_TMP/host.before" "$T_TMP/host.after"
done_testing
