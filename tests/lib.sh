# tests/lib.sh - TAP helpers for the shell tests (sourced).
#
#   ok DESC | not_ok DESC | skip DESC | check DESC CMD... | done_testing
#   mh ARGS...      run the built binary: sets MH_RC, MH_OUT, MH_ERR files
#   wait_until N CMD...  poll CMD every 0.1 s, at most N tenths
# Tests never talk to anything but 127.0.0.0/8 and ::1, and never
# change the host: firewall tests run inside unshare namespaces.

set -u
: "${top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_srcdir:=$top_builddir}"
MH_BIN=$top_builddir/src/mailharden
DATA=$top_srcdir/tests/data
T_N=0
T_FAIL=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/mhtest.XXXXXX")
MH_OUT=$T_TMP/out
MH_ERR=$T_TMP/err
export MAILHARDEN_DATADIR="${MAILHARDEN_DATADIR:-$top_srcdir/data}"
# Tests must not see the developer's SSH session or colours.
unset SSH_CONNECTION SSH_CLIENT NO_COLOR || true
t_cleanup_hooks=""
t_cleanup() {
	for h in $t_cleanup_hooks; do "$h" || true; done
	rm -rf "$T_TMP"
}
trap t_cleanup EXIT
trap 'exit 1' INT TERM HUP
at_exit() { t_cleanup_hooks="$1 $t_cleanup_hooks"; }

ok() { T_N=$((T_N + 1)); echo "ok $T_N - $*"; }
not_ok() {
	T_N=$((T_N + 1)); T_FAIL=$((T_FAIL + 1))
	echo "not ok $T_N - $*"
}
skip() { T_N=$((T_N + 1)); echo "ok $T_N - $* # SKIP"; }
diag() { printf '# %s\n' "$*"; }
check() {
	_d=$1; shift
	if "$@"; then ok "$_d"; else not_ok "$_d"; fi
}
done_testing() { echo "1..$T_N"; }

# mh ARGS...: run mailharden, stdout to $MH_OUT, stderr to $MH_ERR.
mh() {
	MH_RC=0
	"$MH_BIN" "$@" >"$MH_OUT" 2>"$MH_ERR" </dev/null || MH_RC=$?
	return 0
}
# expect_rc DESC RC ARGS...: run and compare the exit status.
expect_rc() {
	_d=$1; _want=$2; shift 2
	mh "$@"
	if [ "$MH_RC" -eq "$_want" ]; then ok "$_d (rc=$MH_RC)"
	else
		not_ok "$_d (rc=$MH_RC, want $_want)"
		sed 's/^/#   out: /' "$MH_OUT" | head -20
		sed 's/^/#   err: /' "$MH_ERR" | head -20
	fi
}
# out_has DESC REGEX [FILE]: grep -E in the last output.
out_has() {
	_d=$1; _re=$2; _f=${3:-$MH_OUT}
	if grep -Eq -- "$_re" "$_f"; then ok "$_d"
	else not_ok "$_d: no /$_re/ in $(basename "$_f")"
		sed 's/^/#   /' "$_f" | head -30
	fi
}
out_lacks() {
	_d=$1; _re=$2; _f=${3:-$MH_OUT}
	if grep -Eq -- "$_re" "$_f"; then
		not_ok "$_d: unexpected /$_re/"
		grep -E -- "$_re" "$_f" | sed 's/^/#   /' | head -10
	else ok "$_d"; fi
}
wait_until() {
	_n=0; _lim=$1; shift
	while [ "$_n" -lt "$_lim" ]; do
		"$@" && return 0
		sleep 0.1; _n=$((_n + 1))
	done
	return 1
}
# json_get FILE PYEXPR: evaluate a Python expression over the JSON doc 'd'.
json_get() {
	/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
# fact FILE NAME: "state value" of one fact from detect --json output.
fact() {
	/usr/bin/python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for f in d["facts"]:
    if f["name"] == sys.argv[2]:
        v = f["value"]
        if isinstance(v, list): v = ",".join(v)
        elif isinstance(v, bool): v = "true" if v else "false"
        print(f["state"], v if v is not None else "")
        break
else:
    print("absent")
PY
}
